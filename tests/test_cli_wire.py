"""Every seed page's example request, typed on the command line, arrives at the server exactly as documented."""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys

import pytest

from .helpers.cli import last, login, subprocess_zscli, zscli

MODEL_SERVICE_UUID = "90d425a802ff44eeb530f21587633700"  # seed 003's example model service (in the demo data)


@pytest.fixture()
def logged_in(sim, state_dir):
    login(sim)
    sim.clear_requests()
    return sim


@pytest.fixture()
def writable(fresh_sim, state_dir):
    """A private simulator for tests that change data, logged in."""
    login(fresh_sim)
    fresh_sim.clear_requests()
    return fresh_sim


def test_query_model_example_from_the_product_card(logged_in):
    sim = logged_in
    run = zscli(sim, "QueryModel", "name~=%qwen%", "vendor!=Alibaba", "limit=5", "sortBy=createDate",
                "sortDirection=desc")
    assert run.code == 0, run.err
    req = last(sim, "GET", "/zstack/v1/ai/models")
    assert req.path == "/zstack/v1/ai/models"
    assert req.query == (("q", "name~=%qwen%"), ("q", "vendor!=Alibaba"), ("limit", "5"), ("sort", "-createDate"))
    assert re.fullmatch(r"OAuth [0-9a-f]{32}", req.headers["authorization"])
    assert req.headers["content-type"].startswith("application/json")
    body = run.json()
    assert body["inventories"], "the demo data has qwen models from other vendors"
    assert len(body["inventories"]) <= 5
    for inv in body["inventories"]:
        assert "qwen" in inv["name"].lower() and inv["vendor"] != "Alibaba"


def test_query_model_like_without_wildcards_is_wrapped(logged_in):
    run = zscli(logged_in, "QueryModel", "name~=qwen", "version=null", "type?=System,Custom")
    assert run.code == 0, run.err
    req = last(logged_in, "GET", "/zstack/v1/ai/models")
    assert req.query == (("q", "name~=%qwen%"), ("q", "version is null"), ("q", "type?=System,Custom"))


def test_query_model_by_uuid_uses_get_by_uuid(logged_in):
    sim = logged_in
    first = zscli(sim, "QueryModel", "limit=1").json()["inventories"][0]
    sim.clear_requests()
    run = zscli(sim, "QueryModel", f"uuid={first['uuid']}")
    assert run.code == 0, run.err
    req = last(sim, "GET", "/zstack/v1/ai/models")
    assert req.path == f"/zstack/v1/ai/models/{first['uuid']}" and req.query == ()
    assert run.json()["inventories"][0]["uuid"] == first["uuid"]


def test_query_cross_table_condition(logged_in):
    run = zscli(logged_in, "QueryModel", f"modelServiceRefs.modelServiceUuid={MODEL_SERVICE_UUID}",
                "replyWithCount=true", "fields=uuid,name")
    assert run.code == 0, run.err
    req = last(logged_in, "GET", "/zstack/v1/ai/models")
    assert ("q", f"modelServiceRefs.modelServiceUuid={MODEL_SERVICE_UUID}") in req.query
    assert ("replyWithCount", "true") in req.query and ("fields", "uuid,name") in req.query
    body = run.json()
    assert body["total"] == len(body["inventories"])
    assert all(set(inv) <= {"uuid", "name"} for inv in body["inventories"])


def test_update_model_sends_the_seed_body_and_waits_for_the_job(writable):
    sim = writable
    uuid = zscli(sim, "QueryModel", "limit=1").json()["inventories"][0]["uuid"]
    sim.clear_requests()
    run = zscli(sim, "UpdateModel", f"uuid={uuid}", "name=example", "vendor=Alibaba")
    assert run.code == 0, run.err
    req = last(sim, "PUT")
    assert req.path == f"/zstack/v1/ai/models/{uuid}"
    assert req.body == {"updateModel": {"name": "example", "vendor": "Alibaba"}}
    assert re.fullmatch(r"[0-9a-f]{32}", req.headers["x-job-uuid"])
    assert any(r.method == "GET" and r.path.startswith("/zstack/v1/api-jobs/") for r in sim.requests)
    inventory = run.json()["inventory"]
    assert inventory["uuid"] == uuid and inventory["vendor"] == "Alibaba" and inventory["name"] == "example"
    from zscli import __version__

    assert {r.headers.get("user-agent") for r in sim.requests} == {f"zscli/{__version__}"}  # the polls too


def test_add_model_service_with_yaml_file_and_typed_values(writable, tmp_path):
    sim = writable
    center = zscli(sim, "QueryModelCenter", "limit=1").json()["inventories"][0]["uuid"]
    yaml_file = tmp_path / "service.yaml"
    yaml_file.write_text("services:\n  - name: chat\n    ports: [3000]\n", encoding="utf-8")
    sim.clear_requests()
    run = zscli(sim, "AddModelService", "name=text to text", "description=chat service", f"yaml=@{yaml_file}",
                "requestCpu=4", "requestMemory=1024", f"modelCenterUuid={center}", "installPath=/srv/chat",
                "startCommand=python3 app.py", "system=false", "type=Endpoint", "source=HuggingFace",
                "tagUuids=a,b", "supportDistributed=TRUE", 'vendorToSpecUuidsMap={"NVIDIA": ["s1"]}',
                "systemTags=k::v", "userTags=mine")
    assert run.code == 0, run.err
    req = last(sim, "POST", "/zstack/v1/ai/model-services")
    assert req.body == {
        "param": {
            "name": "text to text", "description": "chat service",
            # the file's text, trimmed as ZStack's SDK (and server) trim a String: the last newline goes
            "yaml": "services:\n  - name: chat\n    ports: [3000]", "requestCpu": 4, "requestMemory": 1024,
            "modelCenterUuid": center, "installPath": "/srv/chat", "startCommand": "python3 app.py",
            "system": False, "type": "Endpoint", "source": "HuggingFace", "tagUuids": ["a", "b"],
            "supportDistributed": True, "vendorToSpecUuidsMap": {"NVIDIA": ["s1"]},
        },
        "systemTags": ["k::v"],
        "userTags": ["mine"],
    }
    inventory = run.json()["inventory"]
    assert inventory["name"] == "text to text" and inventory["requestCpu"] == 4


def test_clone_model_service_wraps_every_parameter_in_params(writable):
    sim = writable
    run = zscli(sim, "CloneModelService", f"uuid={MODEL_SERVICE_UUID}", "name=copy", "containerCommand=run",
                "requestCpu=2", "cpuArchitectures=x86_64,aarch64")
    assert run.code == 0, run.err
    req = last(sim, "POST", "/zstack/v1/ai/model-services/")
    assert req.path == f"/zstack/v1/ai/model-services/{MODEL_SERVICE_UUID}"
    assert req.body == {"params": {"name": "copy", "containerCommand": "run", "requestCpu": 2,
                                   "cpuArchitectures": ["x86_64", "aarch64"]}}
    inventory = run.json()["inventory"]
    assert inventory["name"] == "copy" and inventory["uuid"] != MODEL_SERVICE_UUID
    assert {img["cpuArchitecture"] for img in inventory["modelServiceImages"]} == {"x86_64", "aarch64"}


def test_list_model_versions_uses_the_modelarts_family(sim, state_dir):
    from zscli.sim import demo

    ws, model = demo.IDS.workspace, demo.IDS.ma_model
    sim.clear_requests()
    run = zscli(sim, "ListModelVersions", f"workspace_id={ws}", f"model_id={model}", "limit=20",
                env={"ZSCLI_MODELARTS_TOKEN": sim.modelarts_token})
    assert run.code == 0, run.err
    req = last(sim, "GET", "/v1/workspaces/")
    assert req.path == f"/v1/workspaces/{ws}/models/{model}/versions"
    assert req.query == (("limit", "20"),)
    assert req.headers["x-auth-token"] == sim.modelarts_token
    assert "authorization" not in req.headers
    body = run.json()
    assert body["total"] >= len(body["versions"]) and 0 < len(body["versions"]) <= 20
    assert set(body["versions"][0]) >= {"id", "name", "config", "create_time", "create_user"}


def test_login_sends_sha512_and_keeps_a_private_session_file(sim, state_dir):
    sim.clear_requests()
    run = zscli(sim, "LogInByAccount", "accountName=admin", "password=password")
    assert run.code == 0, run.err
    req = last(sim, "PUT", "/zstack/v1/accounts/login")
    assert req.body == {"logInByAccount": {"accountName": "admin",
                                            "password": hashlib.sha512(b"password").hexdigest()}}
    assert hashlib.sha512(b"password").hexdigest() not in run.out + run.err
    files = list((state_dir / "state").rglob("*.json"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    stored = json.loads(files[0].read_text())
    assert stored["uuid"] == run.json()["inventory"]["uuid"]
    assert hashlib.sha512(b"password").hexdigest() not in files[0].read_text()
    # a later invocation reuses the session
    sim.clear_requests()
    assert zscli(sim, "QueryModel", "limit=1").code == 0
    assert last(sim, "GET").headers["authorization"] == f"OAuth {stored['uuid']}"


def test_logout_ends_the_session_on_the_server_and_locally(sim, state_dir):
    uuid = login(sim).json()["inventory"]["uuid"]
    sim.clear_requests()
    run = zscli(sim, "LogOut")
    assert run.code == 0, run.err
    assert last(sim, "DELETE").path == f"/zstack/v1/accounts/sessions/{uuid}"
    assert not list((state_dir / "state").rglob("*.json"))
    assert run.json() == {}  # in a pipe the reply is written as for any API
    again = zscli(sim, "QueryModel")
    assert again.code == 4 and f"no session for 127.0.0.1:{sim.port}" in again.err


def test_logout_on_a_terminal_says_whose_session_ended(sim, state_dir):
    """A person sees `logged out of admin@host:port`, not the empty reply; ``-o json`` keeps the reply."""
    pexpect = pytest.importorskip("pexpect")
    where = f"127.0.0.1:{sim.port}"
    for output, expected in (([], f"logged out of admin@{where}"), (["-o", "json"], "{}")):
        login(sim)
        child = pexpect.spawn(sys.executable, ["-m", "zscli", "-H", "127.0.0.1", "-p", str(sim.port), *output,
                                               "LogOut"], env=dict(os.environ, NO_COLOR="1"), encoding="utf-8",
                              timeout=30, dimensions=(24, 80))
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0 and child.before.strip() == expected, child.before


def test_curl_prints_a_replayable_command(logged_in):
    run = zscli(logged_in, "--curl", "QueryModel", "name~=qwen", "limit=2")
    assert run.code == 0, run.err
    assert "curl" in run.err and "/zstack/v1/ai/models" in run.err and "limit=2" in run.err


# -- every example request of the seed pages, typed in full ----------------------------------------------------

def test_add_model_service_every_parameter_of_seed_002(writable):
    from zscli.sim import demo

    sim = writable
    run = zscli(sim, "AddModelService", "name=n", "description=d", "yaml=y", "requestCpu=1", "requestMemory=1",
                "zoneUuid=z", f"modelCenterUuid={demo.IDS.model_center}", "gpuComputeCapability=3.7",
                "installPath=/p", "system=true", "startCommand=s", "pythonVersion=3.8.10", "condaVersion=23.7.4",
                "type=endpoint", "framework=vllm", "resourceUuid=r", "tagUuids=t", "source=other",
                f"modelUuids={demo.IDS.model}", "architectureImages=img", "supportDistributed=TRUE",
                "containerCommand=cc", "containerArgs=ca", "vendorToSpecUuidsMap={}", "systemTags=st", "userTags=ut")
    assert run.code == 0, run.err
    req = last(sim, "POST", "/zstack/v1/ai/model-services")
    assert req.path == "/zstack/v1/ai/model-services" and req.query == ()
    assert req.headers["content-type"] == "application/json;charset=UTF-8"
    assert re.fullmatch(r"[0-9a-f]{32}", req.headers["x-job-uuid"])
    assert req.body == {
        "param": {
            "name": "n", "description": "d", "yaml": "y", "requestCpu": 1, "requestMemory": 1, "zoneUuid": "z",
            "modelCenterUuid": demo.IDS.model_center, "gpuComputeCapability": "3.7", "installPath": "/p",
            "system": True, "startCommand": "s", "pythonVersion": "3.8.10", "condaVersion": "23.7.4",
            "type": "Endpoint", "framework": "vLLM", "resourceUuid": "r", "tagUuids": ["t"], "source": "Other",
            "modelUuids": [demo.IDS.model], "architectureImages": ["img"], "supportDistributed": True,
            "containerCommand": "cc", "containerArgs": "ca", "vendorToSpecUuidsMap": {},
        },
        "systemTags": ["st"],
        "userTags": ["ut"],
    }
    inventory = run.json()["inventory"]
    assert (inventory["name"], inventory["requestCpu"], inventory["type"]) == ("n", 1, "Endpoint")


def test_clone_model_service_every_parameter_of_seed_003_goes_in_params(writable):
    sim = writable
    run = zscli(sim, "CloneModelService", f"uuid={MODEL_SERVICE_UUID}", "name=n", "description=d", "readme=r",
                "size=1", "gpuComputeCapability=3.7", "installPath=/p", "startCommand=s", "pythonVersion=3.8",
                "condaVersion=23", "system=true", "type=FineTune", "yaml=y", "source=HuggingFace", "framework=f",
                "requestCpu=1", "requestMemory=1", "resourceUuid=0123456789abcdef0123456789abcdef", "tagUuids=t",
                "systemTags=st", "userTags=ut", "cpuArchitectures=x86_64", "architectureImages=img",
                "supportDistributed=true", "containerCommand=cc", "containerArgs=ca", "vendorToSpecUuidsMap={}")
    assert run.code == 0, run.err
    req = last(sim, "POST", "/zstack/v1/ai/model-services/")
    assert req.path == f"/zstack/v1/ai/model-services/{MODEL_SERVICE_UUID}"
    assert req.body == {
        "params": {
            "name": "n", "description": "d", "readme": "r", "size": 1, "gpuComputeCapability": "3.7",
            "installPath": "/p", "startCommand": "s", "pythonVersion": "3.8", "condaVersion": "23", "system": True,
            "type": "FineTune", "yaml": "y", "source": "HuggingFace", "framework": "f", "requestCpu": 1,
            "requestMemory": 1, "resourceUuid": "0123456789abcdef0123456789abcdef", "tagUuids": ["t"],
            "cpuArchitectures": ["x86_64"], "architectureImages": ["img"], "supportDistributed": True,
            "containerCommand": "cc", "containerArgs": "ca", "vendorToSpecUuidsMap": {},
        },
        "systemTags": ["st"],
        "userTags": ["ut"],
    }
    inventory = run.json()["inventory"]
    assert inventory["uuid"] == "0123456789abcdef0123456789abcdef" and inventory["type"] == "FineTune"


def test_list_model_versions_every_query_parameter_of_seed_004(sim, state_dir):
    from zscli.sim import demo

    ws, model = demo.IDS.workspace, demo.IDS.ma_model
    env = {"ZSCLI_MODELARTS_TOKEN": sim.modelarts_token}
    versions = zscli(sim, "ListModelVersions", f"workspace_id={ws}", f"model_id={model}", env=env).json()["versions"]
    wanted = versions[0]
    sim.clear_requests()
    run = zscli(sim, "ListModelVersions", f"name={wanted['name']}", f"version_id={wanted['id']}", "offset=0",
                "limit=100", f"workspace_id={ws}", f"model_id={model}", env=env)
    assert run.code == 0, run.err
    req = last(sim, "GET", "/v1/workspaces/")
    assert (req.method, req.path) == ("GET", f"/v1/workspaces/{ws}/models/{model}/versions")
    assert req.query == (("offset", "0"), ("limit", "100"), ("version_id", wanted["id"]), ("name", wanted["name"]))
    assert req.headers["x-auth-token"] == sim.modelarts_token and req.body is None
    body = run.json()
    assert [v["id"] for v in body["versions"]] == [wanted["id"]]
    assert body["versions"][0]["config"]["llm_model_config"] == wanted["config"]["llm_model_config"]


def test_query_model_reply_rendered_as_a_table_yaml_and_csv(logged_in):
    uuid = zscli(logged_in, "QueryModel", "limit=1").json()["inventories"][0]["uuid"]
    table = zscli(logged_in, "-o", "table", "QueryModel", "fields=uuid,name,vendor", "limit=2")
    assert table.code == 0, table.err
    lines = table.out.splitlines()
    assert lines[0].split() == ["uuid", "name", "vendor"] and "2 models" in lines[-1]
    record = zscli(logged_in, "-o", "table", "QueryModel", f"uuid={uuid}")  # one inventory: a vertical record
    assert record.code == 0 and any(line.split(":", 1)[0].strip() == "uuid" and uuid in line
                                    for line in record.out.splitlines())
    assert zscli(logged_in, "-o", "yaml", "QueryModel", f"uuid={uuid}").out.startswith("inventories:\n- uuid: ")
    assert zscli(logged_in, "QueryModel", "fields=uuid,name", "-o", "csv", f"uuid={uuid}").out.startswith("uuid,name\n")


def test_json_output_is_the_reply_pretty_and_utf8_unescaped(writable):
    sim = writable
    uuid = zscli(sim, "QueryModel", "limit=1").json()["inventories"][0]["uuid"]
    run = zscli(sim, "UpdateModel", f"uuid={uuid}", "description=模型 ✓")
    assert run.code == 0, run.err
    assert last(sim, "PUT").body == {"updateModel": {"description": "模型 ✓"}}
    assert '"description": "模型 ✓"' in run.out and "\\u" not in run.out
    assert run.out.startswith("{\n  \"inventory\": {\n")


# -- settings from the environment and the config file reach the wire --------------------------------------------

def test_host_port_and_output_from_the_environment(sim, state_dir):
    login(sim)
    sim.clear_requests()
    run = zscli(None, "QueryModel", "limit=1", "fields=uuid",
                env={"ZSCLI_HOST": "127.0.0.1", "ZSCLI_PORT": str(sim.port), "ZSCLI_OUTPUT": "csv"})
    assert run.code == 0, run.err
    assert run.out.startswith("uuid\n") and last(sim, "GET").query == (("limit", "1"), ("fields", "uuid"))
    flag_wins = zscli(None, "-o", "json", "QueryModel", "limit=1",
                      env={"ZSCLI_HOST": "127.0.0.1", "ZSCLI_PORT": str(sim.port), "ZSCLI_OUTPUT": "csv"})
    assert flag_wins.json()["inventories"]


def test_host_port_from_the_config_file(sim, state_dir):
    login(sim)
    (state_dir / "config" / "zscli").mkdir()
    (state_dir / "config" / "zscli" / "config.toml").write_text(f'host = "127.0.0.1"\nport = {sim.port}\n')
    sim.clear_requests()
    run = zscli(None, "QueryModelCenter", "limit=1")
    assert run.code == 0, run.err
    assert last(sim, "GET").path == "/zstack/v1/ai/model-centers"


def test_modelarts_endpoint_from_flag_and_environment(sim, state_dir):
    """The ModelArts family goes to its own endpoint, even when the ZStack host is elsewhere."""
    from zscli.sim import demo

    args = ("-H", "127.0.0.1", "-p", "9", "ListModelVersions", f"workspace_id={demo.IDS.workspace}",
            f"model_id={demo.IDS.ma_model}", "limit=1")
    for extra, env in (((f"--modelarts-endpoint={sim.url}",), {}), ((), {"ZSCLI_MODELARTS_ENDPOINT": sim.url})):
        sim.clear_requests()
        run = zscli(None, *extra, *args, env={"ZSCLI_MODELARTS_TOKEN": sim.modelarts_token, **env})
        assert run.code == 0, run.err
        assert last(sim, "GET").query == (("limit", "1"),)


# -- the command line parser: the click-free fast path agrees with click -----------------------------------------

@pytest.mark.parametrize("argv", [
    ["QueryModel"],
    ["-o", "json", "QueryModel", "limit=5"],
    ["QueryModel", "limit=5", "-o", "json", "--debug"],
    ["-H", "h", "--port=8081", "--https", "--insecure", "--ca-bundle", "/c.pem", "--timeout", "2.5", "--curl",
     "--profile", "p", "--modelarts-endpoint", "http://m", "--no-color", "--keep-going", "UpdateModel", "uuid=x"],
    ["--output=yaml", "QueryModel", "name=-o"],
    ["-p", "8080", "-p", "9090"],
    [],
    ["config", "show"], ["help", "QueryModel"], ["-o", "json", "completion", "bash"], ["help", "-k", "gpu"],
    ["-p", "abc"], ["-o", "xml", "QueryModel"], ["--timeout=", "QueryModel"],  # values are checked later, as typed
])
def test_fast_parse_agrees_with_click(argv):
    """(Subcommand lines too: run_command dispatches them, whichever parser read the options.)"""
    from zscli.cli import command, fast_parse

    ctx = command.make_context("zscli", list(argv))
    assert fast_parse(list(argv)) == ctx.params


@pytest.mark.parametrize("argv", [
    ["--help"], ["UpdateModel", "--help"], ["-h"], ["--version"], ["--bogus", "QueryModel"], ["-H"],
    ["--debug=1", "QueryModel"], ["-Hlocalhost", "QueryModel"], ["--", "QueryModel"],
])
def test_fast_parse_leaves_everything_else_to_click(argv):
    from zscli.cli import fast_parse

    assert fast_parse(argv) is None


@pytest.mark.parametrize("args, expected", [
    (["--timeout", "abc"], "bad option --timeout: must be a positive number of seconds, got abc"),
    (["--timeout", "0"], "bad option --timeout: must be a positive number of seconds, got 0"),
    (["-o", "xml"], "bad option --output: must be one of table, wide, json, yaml, csv, tsv, got xml"),
    (["-p", "99999"], "bad option --port: must be an integer 1..65535, got 99999"),
    (["-p", "abc"], "bad option --port: must be an integer 1..65535, got abc"),
    (["--max-reply-mb=x"], "bad option --max-reply-mb: must be a positive number of megabytes, got x"),
    (["--timeout="], "bad option --timeout: must be a positive number of seconds, got ''"),
    (["--sim=1"], "option --sim does not take a value"),
    (["--timeout"], "option --timeout requires an argument"),
])
def test_every_option_error_is_one_line_echoing_what_was_typed(args, expected, state_dir):
    """Both parsers (the click-free fast path and click) give zscli's one-line error and exit 2."""
    run = subprocess_zscli(*args, *(["QueryModel"] if len(args) > 1 or "=" in args[0] else []))
    assert run.code == 2
    assert run.err == f"error: {expected} (see zscli --help)\n"
    assert run.out == ""


def test_a_one_shot_run_imports_neither_click_nor_prompt_toolkit_nor_rich_nor_help(sim, state_dir):
    env = {"XDG_STATE_HOME": str(state_dir / "state")}
    assert subprocess_zscli("-H", "127.0.0.1", "-p", str(sim.port), "LogInByAccount", "accountName=admin",
                            "password=password", env=env).code == 0
    probe = ("import sys\n"
             f"sys.argv = ['zscli', '-H', '127.0.0.1', '-p', '{sim.port}', '-o', 'json', 'QueryModel', 'limit=1']\n"
             "try:\n    from zscli.entry import main; main()\n"
             "finally:\n    heavy = ('click', 'prompt_toolkit', 'rich', 'charset_normalizer', 'chardet',"
             " 'platformdirs', 'difflib')\n"
             "    unused = {'zscli.output.help', 'zscli.output.table', 'zscli.output.error_text'} & set(sys.modules)\n"
             "    sys.stderr.write('LOADED:' + ','.join(sorted(({m.split('.')[0] for m in sys.modules} & set(heavy))"
             " | unused)))\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, **env})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["inventories"]
    assert proc.stderr.endswith("LOADED:"), proc.stderr


# -- real processes: what a user's shell runs -------------------------------------------------------------------

def test_update_model_seed_001_as_a_real_process(fresh_sim, state_dir):
    sim = fresh_sim
    env = {"XDG_STATE_HOME": str(state_dir / "state")}
    target = ("-H", "127.0.0.1", "-p", str(sim.port))
    assert subprocess_zscli(*target, "LogInByAccount", "accountName=admin", "password=password", env=env).code == 0
    from zscli.sim import demo

    sim.clear_requests()
    run = subprocess_zscli(*target, "UpdateModel", f"uuid={demo.IDS.model_seed001}", "name=example",
                           "vendor=Alibaba", env=env)
    assert run.code == 0, run.err
    req = last(sim, "PUT")
    assert req.path == f"/zstack/v1/ai/models/{demo.IDS.model_seed001}"
    assert req.body == {"updateModel": {"name": "example", "vendor": "Alibaba"}}
    assert json.loads(run.out)["inventory"]["name"] == "example" and run.err == ""


# -- a person at a terminal ---------------------------------------------------------------------------------------

def _spawn(args: list[str], state_dir):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"), XDG_CONFIG_HOME=str(state_dir / "config"),
               NO_COLOR="1", TERM="xterm")
    return pexpect, pexpect.spawn(sys.executable, ["-m", "zscli", *args], env=env, encoding="utf-8", timeout=30,
                                  dimensions=(40, 120))


def test_login_prompts_for_the_password_without_echo_in_a_terminal(sim, state_dir):
    pexpect, child = _spawn(["-H", "127.0.0.1", "-p", str(sim.port), "LogInByAccount", "accountName=admin"],
                            state_dir)
    sim.clear_requests()
    try:
        child.expect("password: ")
        child.sendline("password")
        child.expect(pexpect.EOF)
        shown = child.before
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, shown
    assert "password" not in shown.replace("password: ", "")  # typed text is not echoed back
    sent = last(sim, "PUT", "/zstack/v1/accounts/login").body["logInByAccount"]["password"]
    assert sent == hashlib.sha512(b"password").hexdigest()
    session = json.loads(next((state_dir / "state").rglob("*.json")).read_text())
    assert session["uuid"] not in shown  # the reply, as a vertical record, the session (a token) masked
    assert re.search(r"^uuid:\s+\*\*\*\s*$", shown, re.M) and "accountUuid" in shown


def test_async_job_shows_a_spinner_with_the_elapsed_time_in_a_terminal(state_dir):
    from zscli.sim import Simulator, demo

    with Simulator(job_delay=1.0) as sim:
        token = sim.login()
        (state_dir / "state" / "zscli" / "sessions").mkdir(parents=True)
        (state_dir / "state" / "zscli" / "sessions" / f"127.0.0.1_{sim.port}.json").write_text(
            json.dumps({"uuid": token, "account": "admin", "host": "127.0.0.1", "port": sim.port}))
        pexpect, child = _spawn(["-H", "127.0.0.1", "-p", str(sim.port), "UpdateModel",
                                 f"uuid={demo.IDS.model}", "description=spun"], state_dir)
        try:
            child.expect(r"UpdateModel: waiting for the job \(\d+\.\ds")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
    assert child.exitstatus == 0
    assert "description:" in child.before and "spun" in child.before
