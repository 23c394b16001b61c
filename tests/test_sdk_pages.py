"""The reference pages' "Python SDK" examples, written as the pages write them (in Python syntax), run as scripts
against the simulator over loopback HTTP: one per seed API and one for an API the pages do not show."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zscli.schema import load
from zscli.sim import IDS, MODELARTS_TOKEN

ROOT = Path(__file__).resolve().parent.parent

SCRIPTS = {
    # seed 000, as the page writes it: a bare uuid as the only condition
    "QueryModel": f'''
        from zscli.sdk import QueryModelAction
        action = QueryModelAction()
        action.conditions = ["{IDS.model_llama}"]
        action.sessionId = "SESSION"
        res = action.call()
        show(res)
    ''',
    # seed 001, line by line
    "UpdateModel": f'''
        from zscli.sdk import UpdateModelAction
        action = UpdateModelAction()
        action.uuid = "{IDS.model_llama}"
        action.name = "example"
        action.vendor = "Alibaba"
        action.sessionId = "SESSION"
        res = action.call()
        show(res)
    ''',
    # seed 002 (no Python example on the page: its parameters in the same style)
    "AddModelService": f'''
        from zscli.sdk import AddModelServiceAction
        action = AddModelServiceAction()
        action.name = "text to text model service"
        action.description = "This is text to text model service you can chose model"
        action.yaml = "model service parameters"
        action.requestCpu = 4
        action.requestMemory = 1024
        action.modelCenterUuid = "{IDS.model_center}"
        action.installPath = "/example/install/path"
        action.startCommand = "python3 app.py"
        action.tagUuids = ["t1", "t2"]
        action.vendorToSpecUuidsMap = {{"NVIDIA": ["spec1"]}}
        action.sessionId = "SESSION"
        res = action.call()
        show(res)
    ''',
    # seed 003
    "CloneModelService": f'''
        from zscli.sdk import CloneModelServiceAction
        action = CloneModelServiceAction()
        action.uuid = "{IDS.model_service}"
        action.name = "example"
        action.description = "Example description for modelService"
        action.sessionId = "SESSION"
        res = action.call()
        show(res)
    ''',
    # seed 004 (ModelArts family: the token comes from ZSCLI_MODELARTS_TOKEN)
    "ListModelVersions": f'''
        from zscli.sdk import ListModelVersionsAction
        action = ListModelVersionsAction()
        action.workspace_id = "{IDS.workspace}"
        action.model_id = "{IDS.ma_model}"
        action.limit = 2
        res = action.call()
        show(res)
    ''',
    # an API no page shows
    "GetVersion": '''
        from zscli.sdk import GetVersionAction
        action = GetVersionAction()
        res = action.call()
        show(res)
    ''',
}

# once the whole-API schema is in, an API generated from ZStack's SDK that no page shows
if load().api("QueryVmInstance") is not None:
    SCRIPTS["QueryVmInstance"] = '''
        from zscli.sdk import QueryVmInstanceAction
        action = QueryVmInstanceAction()
        action.conditions = []
        action.limit = 5
        action.sessionId = "SESSION"
        res = action.call()
        show(res)
    '''

PRELUDE = '''
import json
def show(res):
    res.throwExceptionIfError()
    print(json.dumps({"error": None if res.error is None else res.error.code, "value": res.value}))
'''


def run_script(source: str, sim, state_dir: Path, session: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZSCLI_")}
    env.update(PYTHONPATH=str(ROOT), ZSCLI_HOST="127.0.0.1", ZSCLI_PORT=str(sim.port),
               ZSCLI_MODELARTS_TOKEN=MODELARTS_TOKEN, XDG_STATE_HOME=str(state_dir / "state"),
               XDG_CONFIG_HOME=str(state_dir / "config"))
    script = PRELUDE + textwrap.dedent(source).replace("SESSION", session)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("api", sorted(SCRIPTS))
def test_page_example_runs(api, fresh_sim, tmp_path):
    session = fresh_sim.login()
    fresh_sim.clear_requests()
    reply = run_script(SCRIPTS[api], fresh_sim, tmp_path, session)
    assert reply["error"] is None
    value = reply["value"]
    sent = [r for r in fresh_sim.requests if "/api-jobs/" not in r.path]
    if api == "QueryModel":
        assert [r["uuid"] for r in value["inventories"]] == [IDS.model_llama]
        assert sent[-1].method == "GET" and sent[-1].path.endswith(f"/ai/models/{IDS.model_llama}")
        assert sent[-1].headers["authorization"] == f"OAuth {session}"
    elif api == "UpdateModel":
        assert (value["inventory"]["name"], value["inventory"]["vendor"]) == ("example", "Alibaba")
        update = next(r for r in sent if r.method == "PUT" and "/ai/models/" in r.path)
        assert update.body == {"updateModel": {"name": "example", "vendor": "Alibaba"}}
        assert len(update.headers["x-job-uuid"]) == 32  # asynchronous: polled as the CLI polls
    elif api == "AddModelService":
        assert value["inventory"]["requestMemory"] == 1024
        add = next(r for r in sent if r.method == "POST")
        assert add.body["param"]["requestCpu"] == 4
        assert add.body["param"]["vendorToSpecUuidsMap"] == {"NVIDIA": ["spec1"]}
        assert add.body["param"]["tagUuids"] == ["t1", "t2"]
    elif api == "CloneModelService":
        assert value["inventory"]["name"] == "example"
        clone = next(r for r in sent if r.method == "POST")
        assert clone.body["params"]["name"] == "example"
    elif api == "ListModelVersions":
        assert len(value["versions"]) <= 2 and "total" in value
        assert sent[-1].headers["x-auth-token"] == MODELARTS_TOKEN
    elif api == "QueryVmInstance":
        assert isinstance(value["inventories"], list)
        assert sent[-1].method == "GET" and sent[-1].path == "/zstack/v1/vm-instances"
    else:
        assert value == {"version": fresh_sim.version}
        assert "authorization" not in sent[-1].headers
