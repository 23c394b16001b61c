"""Issue 12 over loopback HTTP: read-only profiles, dry runs, --query and job progress, one-shot, in batch
and in the shell."""
from __future__ import annotations

import io
import json
import os
import re
import sys
import threading

import pytest

from zscli import __version__
from zscli.record import replace
from .helpers.cli import last, login, zscli
from zscli.runner import Runner
from zscli.settings import Settings
from zscli.sim import IDS, Simulator

MODELS = "/zstack/v1/ai/models"
DRY = {"ZSCLI_DRY_RUN": "1"}
CODES = r"(?:\x1b\[[0-9;]*m)*"  # colour/reset codes prompt_toolkit may put between prompt parts


def write_config(state_dir, text: str) -> None:
    path = state_dir / "config" / "zscli" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture()
def logged_in(sim, state_dir):
    login(sim)
    sim.clear_requests()
    return sim


# -- read-only profiles ---------------------------------------------------------------------------------------

def test_read_only_profile_refuses_a_write_before_sending(logged_in, state_dir):
    write_config(state_dir, "[profile.prod]\nread_only = true\n")
    run = zscli(logged_in, "--profile", "prod", "UpdateModel", f"uuid={IDS.model}", "vendor=X")
    assert run.code == 2
    assert run.err.count("\n") == 1 and "profile 'prod'" in run.err and "UpdateModel" in run.err
    assert logged_in.requests == []


def test_read_only_profile_still_queries(logged_in, state_dir):
    write_config(state_dir, "[profile.prod]\nread_only = true\n")
    run = zscli(logged_in, "--profile", "prod", "QueryModel", "limit=1")
    assert run.code == 0, run.err
    assert last(logged_in, "GET", MODELS)


def test_read_only_from_the_environment_in_batch(logged_in, monkeypatch):
    monkeypatch.setenv("ZSCLI_READ_ONLY", "1")
    run = zscli(logged_in, input=f"QueryModelCenter\nDeleteModel uuid={IDS.model}\nQueryModel limit=1\n")
    assert run.code == 2 and "DeleteModel refused: read-only mode is on" in run.err
    assert [r.method for r in logged_in.requests] == ["GET"]  # the first line ran; the batch stopped at the second


def test_read_only_comes_from_the_schema_helper():
    from zscli import readonly
    from zscli.schema import load

    schema = load()
    assert not readonly.can_change(schema.api("QueryModel"))
    assert not readonly.can_change(schema.api("LogInByAccount"))  # a read-only profile must be able to log in
    assert readonly.can_change(schema.api("UpdateModel")) and readonly.can_change(schema.api("DeleteModel"))
    # the schema's own flag wins over the action once an API carries it (Api.read_only)
    from types import SimpleNamespace

    from zscli.schema.types import Action

    assert not readonly.can_change(SimpleNamespace(action=Action.CALL, read_only=True))
    assert readonly.can_change(SimpleNamespace(action=Action.QUERY, read_only=False))


# -- dry runs ---------------------------------------------------------------------------------------------------

def test_dry_run_prints_the_exact_request_and_sends_nothing(logged_in):
    run = zscli(logged_in, "--dry-run", "UpdateModel", f"uuid={IDS.model}", "vendor=Alibaba")
    assert run.code == 0, run.err
    assert logged_in.requests == []
    lines = run.out.splitlines()
    assert lines[0] == f"PUT http://127.0.0.1:{logged_in.port}/zstack/v1/ai/models/{IDS.model}"
    headers = dict(line.split(": ", 1) for line in lines[1:lines.index("")])
    assert headers["Authorization"] == "OAuth ***"  # the stored session is a secret
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Job-UUID"])
    assert headers["Content-Type"] == "application/json;charset=UTF-8"
    assert headers["User-Agent"] == f"zscli/{__version__}"
    assert not {"Accept", "Accept-Encoding", "Connection"} & set(headers)  # requests' own, not zscli's
    body = "\n".join(lines[lines.index("") + 1:])
    assert json.loads(body) == {"updateModel": {"vendor": "Alibaba"}} and "\n  " in body  # pretty


def test_dry_run_without_a_server_or_login(state_dir):
    run = zscli(None, "-H", "127.0.0.1", "-p", "9", "QueryModel", "name~=qwen", "limit=2", "sortBy=name", "--dry-run")
    assert run.code == 0, run.err
    first, *rest = run.out.splitlines()
    assert first == "GET http://127.0.0.1:9/zstack/v1/ai/models?q=name~%3D%25qwen%25&limit=2&sort=name"
    assert "Authorization: OAuth <session uuid>" in rest


def test_dry_run_masks_passwords_and_access_keys(state_dir, monkeypatch):
    run = zscli(None, "LogInByAccount", "accountName=admin", "password=hunter22", env=DRY)
    assert run.code == 0 and "hunter22" not in run.out and '"password": "***"' in run.out
    monkeypatch.setenv("ZSCLI_ACCESS_KEY_ID", "KEY1")
    monkeypatch.setenv("ZSCLI_ACCESS_KEY_SECRET", "sekret-value")
    run = zscli(None, "DeleteModel", f"uuid={IDS.model}", env=DRY)
    assert run.code == 0, run.err
    assert "Authorization: ZStack KEY1:***" in run.out and re.search(r"^Date: .* GMT$", run.out, re.M)
    assert "sekret-value" not in run.out + run.err


def test_dry_run_in_batch_from_the_environment(logged_in, monkeypatch):
    monkeypatch.setenv("ZSCLI_DRY_RUN", "true")
    run = zscli(logged_in, input=f"QueryModelCenter\nDeleteModel uuid={IDS.model}\n")
    assert run.code == 0, run.err
    assert logged_in.requests == []
    assert "GET http" in run.out and f"DELETE http://127.0.0.1:{logged_in.port}/zstack/v1/ai/models/{IDS.model}" \
        in run.out


# -- --query ------------------------------------------------------------------------------------------------------

def test_query_filters_the_reply_before_json(logged_in):
    run = zscli(logged_in, "QueryModel", "--query", "inventories[?vendor==`Alibaba`].name", "-o", "json")
    assert run.code == 0, run.err
    names = run.json()
    everything = zscli(logged_in, "QueryModel", "-o", "json").json()["inventories"]
    assert names == [m["name"] for m in everything if m["vendor"] == "Alibaba"] and names


def test_query_with_table_and_csv(logged_in):
    run = zscli(logged_in, "QueryModel", "--query", "inventories[?vendor==`Alibaba`]", "-o", "csv")
    assert run.code == 0, run.err
    header, *rows = run.out.splitlines()
    assert "name" in header.split(",") and rows
    names = zscli(logged_in, "QueryModel", "limit=3", "--query", "inventories[].name", "-o", "table")
    assert names.code == 0 and len(names.out.splitlines()) == 3 and '"' not in names.out


@pytest.mark.parametrize("expression, column", [("inventories[?", 14), ("inventories[?a==1]].b", 17)])
def test_bad_query_is_a_one_line_usage_error_naming_the_position(logged_in, expression, column):
    run = zscli(logged_in, "QueryModel", "--query", expression)
    assert run.code == 2
    assert run.err.count("\n") == 1 and f"at column {column}" in run.err
    assert logged_in.requests == []  # checked before anything is sent


def test_query_per_command_in_batch(logged_in):
    run = zscli(logged_in, input="QueryModel limit=2 --query inventories[0].uuid\nQueryModelCenter\n")
    assert run.code == 0, run.err
    first = run.out.split("\n", 1)[0]
    assert re.fullmatch(r'"[0-9a-f]{32}"', first)


def test_jmespath_is_imported_only_for_query(logged_in):
    code = ("import sys; from zscli.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('JMES', 'jmespath' in sys.modules, file=sys.stderr)")
    import subprocess

    env = dict(os.environ)
    base = [sys.executable, "-c", code, "-H", "127.0.0.1", "-p", str(logged_in.port)]
    plain = subprocess.run(base + ["QueryModel", "limit=1"], capture_output=True, text=True, env=env)
    assert "JMES False" in plain.stderr, plain.stderr
    queried = subprocess.run(base + ["QueryModel", "limit=1", "--query", "inventories[0].name"],
                             capture_output=True, text=True, env=env)
    assert "JMES True" in queried.stderr, queried.stderr


# -- the shell -----------------------------------------------------------------------------------------------------

@pytest.fixture()
def runner(fresh_sim, state_dir):
    settings = replace(Settings(), host=fresh_sim.host, port=fresh_sim.port, state_dir=str(state_dir / "st"),
                       pager="", output="json", color=False)
    out, err = io.StringIO(), io.StringIO()
    runner = Runner(settings, out=out, err=err)
    assert runner.login(fresh_sim.admin_account, fresh_sim.admin_password) == 0
    fresh_sim.clear_requests()
    yield runner
    runner.close()


def drive(runner: Runner, *lines: str):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from zscli.shell.repl import Shell

    out, err = io.StringIO(), io.StringIO()
    runner.out, runner.err = out, err
    with create_pipe_input() as pipe:
        shell = Shell(runner, input=pipe, output=DummyOutput(), out=out, err=err)
        for line in lines:
            pipe.send_text(line + "\r")
        code = shell.run()
    return code, out.getvalue(), err.getvalue(), shell


def test_shell_prompt_marks_read_only_and_refuses_writes(runner, fresh_sim):
    runner.settings = replace(runner.settings, read_only=True, profile="prod")
    code, out, err, shell = drive(runner, f"DeleteModel uuid={IDS.model_llama}", "QueryModelCenter --query "
                                  "'length(inventories)'", "exit")
    prompt = "".join(text for _, text in shell._message())
    assert "[ro]" in prompt
    assert "profile 'prod' is read-only" in err
    assert [r.method for r in fresh_sim.requests] == ["GET"]
    assert out.strip().splitlines()[-1].isdigit()


# -- job progress -----------------------------------------------------------------------------------------------------

def test_progress_reply_parsing():
    from zscli.transport.progress import parse

    assert parse({"inventories": []}) is None and parse({}) is None and parse("x") is None
    got = parse({"inventories": [
        {"type": "Task", "content": "Downloading the image", "currentStep": 3, "totalSteps": 7},
        {"type": "Progress", "content": "42"}]})
    assert (got.text, got.step, got.total, got.percent) == ("Downloading the image", 3, 7, 42.0)
    only_text = parse({"inventories": [{"type": "Task", "content": "Choose backup storage"}]})
    assert only_text.text == "Choose backup storage" and only_text.fraction is None


def test_progress_line_text():
    from zscli.output.progress import JobStatus
    from zscli.transport.progress import Progress

    status = JobStatus(io.StringIO(), "AddModel", width=120)
    assert "waiting for the job" in status.text(0.5)
    status.set_progress(Progress("Downloading the image", 3, 7, 42.0))
    status.set_progress(None)  # a useless answer keeps the last useful one
    assert re.search(r"AddModel 3/7 Downloading the image \[#{8}\.{12}\] 42% 1\.2s", status.text(1.2))


def test_client_polls_progress_no_more_often_than_the_job(state_dir):
    from zscli.language import parser, wire
    from zscli.schema import load
    from zscli.transport import Client

    seen = []
    with Simulator(job_delay=0.6) as sim:
        token = sim.login()
        schema = load()
        call = parser.parse(["UpdateModel", f"uuid={IDS.model}", "description=p"], schema, session_uuid=token)
        settings = replace(Settings(), host=sim.host, port=sim.port)
        with Client(settings) as client:
            reply = client.execute(call.api, wire.build(call), session_uuid=token, on_progress=seen.append)
        assert reply.body["inventory"]["description"] == "p"
        polls = [r for r in sim.requests if r.path.startswith("/zstack/v1/api-jobs/")]
        progress = [r for r in sim.requests if r.path.startswith("/zstack/v1/task-progresses/")]
        put = next(r for r in sim.requests if r.method == "PUT")
    assert progress and len(progress) <= len(polls)
    assert {r.path.rsplit("/", 1)[1] for r in progress} == {put.headers["x-job-uuid"]}
    assert all(r.headers["authorization"] == f"OAuth {token}" for r in progress)
    assert any(p is not None and p.total == 3 and p.text for p in seen)


def test_a_hanging_progress_endpoint_never_holds_up_the_job(state_dir):
    from zscli.language import parser, wire
    from zscli.schema import load
    from zscli.transport import Client

    release = threading.Event()
    with Simulator(job_delay=0.3) as sim:
        original = sim._backend.jobs.progress

        def stuck(api_id):
            release.wait(30)
            return original(api_id)

        sim._backend.jobs.progress = stuck
        token = sim.login()
        call = parser.parse(["UpdateModel", f"uuid={IDS.model}", "description=q"], load(), session_uuid=token)
        try:
            with Client(replace(Settings(), host=sim.host, port=sim.port)) as client:
                reply = client.execute(call.api, wire.build(call), session_uuid=token, on_progress=lambda p: None)
        finally:
            release.set()
        polls = [r for r in sim.requests if r.path.startswith("/zstack/v1/api-jobs/")]
        progress = [r for r in sim.requests if r.path.startswith("/zstack/v1/task-progresses/")]
    assert reply.body["inventory"]["description"] == "q"
    assert len(progress) == 1 and len(polls) > 1  # one fetch in flight; later kicks were dropped, polls went on


def test_progress_line_in_a_real_terminal(state_dir):
    pexpect = pytest.importorskip("pexpect")
    with Simulator(job_delay=3.0) as sim:
        token = sim.login()
        sessions = state_dir / "state" / "zscli" / "sessions"
        sessions.mkdir(parents=True)
        (sessions / f"127.0.0.1_{sim.port}.json").write_text(
            json.dumps({"uuid": token, "account": "admin", "host": "127.0.0.1", "port": sim.port}))
        env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"), XDG_CONFIG_HOME=str(state_dir / "config"),
                   NO_COLOR="1", TERM="xterm")
        child = pexpect.spawn(sys.executable, ["-m", "zscli", "-H", "127.0.0.1", "-p", str(sim.port), "AddModel",
                                               "name=progress-demo", "installPath=/mnt/p",
                                               f"modelCenterUuid={IDS.model_center}"],
                              env=env, encoding="utf-8", timeout=30, dimensions=(40, 150))
        try:
            child.expect(r"AddModel [1-7]/7 [A-Z][a-z ]+ \[[#.]{20}\] \d+% \d+\.\ds")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
    assert child.exitstatus == 0
    assert "progress-demo" in child.before
def test_read_only_flag(logged_in):
    run = zscli(logged_in, "--read-only", "AddModel", "name=x", "installPath=/x", f"modelCenterUuid={IDS.model_center}")
    assert run.code == 2 and "AddModel refused: read-only mode is on" in run.err and logged_in.requests == []


def test_shell_set_dry_run_on_and_off(runner, fresh_sim):
    code, out, err, shell = drive(runner, "set dry-run on", f"DeleteModel uuid={IDS.model_llama}",
                                  "set dry-run off", "QueryModelCenter", "exit")
    assert code == 0, err
    assert f"DELETE http://127.0.0.1:{fresh_sim.port}/zstack/v1/ai/models/{IDS.model_llama}" in out
    assert [r.method for r in fresh_sim.requests] == ["GET"]  # only the query after 'set dry-run off'


def test_sim_shell_banner_key_and_read_only_prompt_in_a_pty(state_dir):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", XDG_STATE_HOME=str(state_dir / "state"),
               XDG_CONFIG_HOME=str(state_dir / "config"))
    child = pexpect.spawn(sys.executable, ["-m", "zscli", "--sim", "--read-only"], env=env, encoding="utf-8",
                          timeout=30, dimensions=(40, 160))
    try:
        child.expect(f"access key {Simulator.access_key_id}, secret {Simulator.access_key_secret}")
        child.expect(r"\[ro\]" + CODES + " >>> ")
        child.send(f"DeleteModel uuid={IDS.model}\r")
        child.expect("DeleteModel refused: read-only mode is on")
        child.expect(r"\[ro\]" + CODES + " >>> ")
        child.send("set dry-run on\r")
        child.expect(r"\[ro\] \[dry-run\]" + CODES + " >>> ")
        child.send("QueryModelCenter\r")
        child.expect(r"GET http://127\.0\.0\.1:\d+/zstack/v1/ai/model-centers")
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
