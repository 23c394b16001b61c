"""Every seed page's example request, typed on the command line, arrives at the server exactly as documented."""
from __future__ import annotations

import hashlib
import json
import re
import stat

import pytest

from clihelp import last, login, zscli

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
            "yaml": "services:\n  - name: chat\n    ports: [3000]\n", "requestCpu": 4, "requestMemory": 1024,
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
    again = zscli(sim, "QueryModel")
    assert again.code == 4 and "not logged in" in again.err


def test_curl_prints_a_replayable_command(logged_in):
    run = zscli(logged_in, "--curl", "QueryModel", "name~=qwen", "limit=2")
    assert run.code == 0, run.err
    assert "curl" in run.err and "/zstack/v1/ai/models" in run.err and "limit=2" in run.err
