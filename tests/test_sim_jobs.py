"""Simulator writes over real HTTP: the async job lifecycle, parameter validation and write semantics."""
from __future__ import annotations

import time

import pytest
import requests

from zscli.sim import IDS, Simulator

MODELS = "/zstack/v1/ai/models"
SERVICES = "/zstack/v1/ai/model-services"


def client(sim: Simulator) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"OAuth {sim.login()}"
    return session


@pytest.fixture()
def http(fresh_sim):
    with client(fresh_sim) as session:
        yield session


def finish(http, reply, deadline: float = 10.0):
    """Poll a 202 reply's job location until it is no longer 202."""
    assert reply.status_code == 202, reply.text
    location = reply.json()["location"]
    end = time.monotonic() + deadline
    while True:
        result = http.get(location)
        if result.status_code != 202 or time.monotonic() > end:
            return result
        time.sleep(0.02)


def add_model(sim, http, **extra):
    params = {"name": "my-model", "installPath": "/mnt/models/my", "modelCenterUuid": IDS.model_center, **extra}
    return http.post(sim.url + MODELS, json={"param": params})


def query(sim, http, path, *conds):
    return http.get(sim.url + path, params=[("q", c) for c in conds]).json()["inventories"]


def test_create_lifecycle(fresh_sim, http):
    reply = add_model(fresh_sim, http, vendor="Acme", size=123)
    assert reply.status_code == 202
    body = reply.json()
    assert set(body) == {"location", "apiTimeout"} and isinstance(body["apiTimeout"], int)
    assert body["location"].startswith(f"{fresh_sim.url}/zstack/v1/api-jobs/")
    result = finish(http, reply)
    assert result.status_code == 200
    inv = result.json()["inventory"]
    assert len(inv["uuid"]) == 32 and inv["vendor"] == "Acme" and inv["size"] == 123
    assert inv["createDate"] and inv["lastOpDate"]
    assert [m["uuid"] for m in query(fresh_sim, http, MODELS, "name=my-model")] == [inv["uuid"]]


def test_location_uses_the_host_header(fresh_sim, http):
    http.headers["Host"] = "zstack.example.com:8080"
    reply = http.post(fresh_sim.url + MODELS, json={"param": {"name": "n", "installPath": "p",
                                                              "modelCenterUuid": IDS.model_center}})
    assert reply.json()["location"].startswith("http://zstack.example.com:8080/zstack/v1/api-jobs/")


def test_job_runs_for_the_configured_delay():
    with Simulator(job_delay=0.3) as sim, client(sim) as http:
        reply = add_model(sim, http)
        first = http.get(reply.json()["location"])
        assert first.status_code == 202 and first.json() == {}
        assert query(sim, http, MODELS, "name=my-model") == []  # not written yet
        assert finish(http, reply).status_code == 200
        assert len(query(sim, http, MODELS, "name=my-model")) == 1


def test_job_expires():
    with Simulator(job_ttl=0.05) as sim, client(sim) as http:
        reply = add_model(sim, http)
        time.sleep(0.15)
        gone = http.get(reply.json()["location"])
        assert gone.status_code == 404 and gone.text == "the job has been expired"


def test_job_uuid_header_and_duplicates(fresh_sim, http):
    job = "0123456789abcdef0123456789abcdef"
    reply = http.post(fresh_sim.url + MODELS, headers={"X-Job-UUID": job},
                      json={"param": {"name": "a", "installPath": "p", "modelCenterUuid": IDS.model_center}})
    assert reply.json()["location"].endswith("/api-jobs/" + job)
    assert finish(http, reply).status_code == 200
    again = http.post(fresh_sim.url + MODELS, headers={"X-Job-UUID": job},
                      json={"param": {"name": "b", "installPath": "p", "modelCenterUuid": IDS.model_center}})
    assert again.status_code == 400 and again.headers["Content-Type"].startswith("text/plain")
    assert query(fresh_sim, http, MODELS, "name=b") == []


def test_api_jobs_only_allow_get_and_unknown_jobs_are_expired(fresh_sim, http):
    location = add_model(fresh_sim, http).json()["location"]
    assert http.delete(location).status_code == 405
    assert http.put(location, json={}).status_code == 405
    unknown = http.get(f"{fresh_sim.url}/zstack/v1/api-jobs/{'f' * 32}")
    assert unknown.status_code == 404 and unknown.text == "the job has been expired"


@pytest.mark.parametrize("path, method, body, param", [
    (MODELS, "post", {"param": {"name": "x", "modelCenterUuid": IDS.model_center}}, "installPath"),
    (MODELS, "post", {"param": {"name": "x", "installPath": "p", "modelCenterUuid": IDS.model_center,
                                "gpuConstraintDescription": "x" * 513}}, "gpuConstraintDescription"),
    (f"{MODELS}/{IDS.model}", "put", {"updateModel": {"parameters": "p" * 256}}, "parameters"),
    (MODELS, "post", {"param": {"name": "x", "installPath": "p", "modelCenterUuid": IDS.model_center, "size": "1"}},
     "size"),
    (MODELS, "post", {"param": {"name": "x", "installPath": "p", "modelCenterUuid": "f" * 32}}, "modelCenterUuid"),
    (MODELS, "post", {"param": {"name": 5, "installPath": "p", "modelCenterUuid": IDS.model_center}}, "name"),
    (SERVICES, "post", {"param": {"name": "s", "yaml": "y", "requestCpu": "4", "requestMemory": 1,
                                  "modelCenterUuid": IDS.model_center, "installPath": "p", "startCommand": "c"}},
     "requestCpu"),
    (SERVICES, "post", {"param": {"name": "s", "yaml": "y", "requestCpu": 0, "requestMemory": 1,
                                  "modelCenterUuid": IDS.model_center, "installPath": "p", "startCommand": "c"}},
     "requestCpu"),
    (SERVICES, "post", {"param": {"name": "s", "yaml": "y", "requestCpu": 1, "requestMemory": 1, "type": "Bogus",
                                  "modelCenterUuid": IDS.model_center, "installPath": "p", "startCommand": "c"}},
     "type"),
    (f"{SERVICES}/{IDS.model_service}", "put", {"updateModelService": {"system": True, "framework": "Bentoml"}},
     "framework"),
    (f"{MODELS}/{IDS.model}", "put", {"updateModel": {"clearDefaultModelService": "yes"}},
     "clearDefaultModelService"),
    (f"{MODELS}/{IDS.model}", "put", {"updateModel": "name"}, "updateModel"),
    (f"{MODELS}/{IDS.model}", "put", {"updateModel": {}, "systemTags": "x"}, "systemTags"),
])
def test_invalid_parameters_fail_the_job_with_sys_1007(fresh_sim, http, path, method, body, param):
    result = finish(http, getattr(http, method)(fresh_sim.url + path, json=body))
    assert result.status_code == 503
    error = result.json()["error"]
    assert error["code"] == "SYS.1007" and param in error["details"]
    assert set(error) == {"code", "description", "details", "elaboration", "opaque", "cause"}


def test_flat_fields_outside_the_wrapper_are_ignored(fresh_sim, http):
    result = finish(http, http.put(f"{fresh_sim.url}{MODELS}/{IDS.model}", json={"name": "flat"}))
    assert result.status_code == 200 and result.json()["inventory"]["name"] == "qwen 1.5 32B"


@pytest.mark.parametrize("method, path, body", [
    ("put", MODELS, {"updateModel": {"name": "x"}}),
    ("delete", MODELS, None),
    ("post", SERVICES, {"params": {"name": "x"}}),
    ("delete", SERVICES, None),
])
def test_unknown_uuid_fails_with_a_cause_chain(fresh_sim, http, method, path, body):
    missing = "0" * 32
    result = finish(http, getattr(http, method)(f"{fresh_sim.url}{path}/{missing}", json=body))
    assert result.status_code == 503
    error = result.json()["error"]
    assert error["code"] == "SYS.1006" and missing in error["details"]
    assert error["cause"]["code"] == "SYS.1007" and error["cause"]["cause"] is None


def test_update_changes_given_fields_and_last_op_date(fresh_sim, http):
    before = query(fresh_sim, http, f"{MODELS}/{IDS.model_seed001}")[0]
    result = finish(http, http.put(f"{fresh_sim.url}{MODELS}/{IDS.model_seed001}",
                                   json={"updateModel": {"description": "new", "recommendedGpuNum": "2,4"}}))
    after = result.json()["inventory"]
    assert after["description"] == "new" and after["recommendedGpuNum"] == [2, 4]
    assert after["lastOpDate"] != before["lastOpDate"] and after["createDate"] == before["createDate"]
    assert {k: v for k, v in after.items() if k not in ("description", "recommendedGpuNum", "lastOpDate")} == {
        k: v for k, v in before.items() if k not in ("description", "recommendedGpuNum", "lastOpDate")}


def test_update_default_model_service(fresh_sim, http):
    url = f"{fresh_sim.url}{MODELS}/{IDS.model}"
    inv = finish(http, http.put(url, json={"updateModel": {"defaultModelServiceUuid": IDS.model_service_vllm}})).json()
    defaults = [r["modelServiceUuid"] for r in inv["inventory"]["modelServiceRefs"] if r["isDefault"]]
    assert defaults == [IDS.model_service_vllm]
    inv = finish(http, http.put(url, json={"updateModel": {"clearDefaultModelService": True}})).json()
    assert not any(r["isDefault"] for r in inv["inventory"]["modelServiceRefs"])


def test_delete_model_removes_it_and_its_refs(fresh_sim, http):
    result = finish(http, http.delete(f"{fresh_sim.url}{MODELS}/{IDS.model}"))
    assert result.status_code == 200 and result.json() == {}
    assert query(fresh_sim, http, f"{MODELS}/{IDS.model}") == []
    service = query(fresh_sim, http, f"{SERVICES}/{IDS.model_service}")[0]
    assert IDS.model not in {r["modelUuid"] for r in service["modelServiceRefs"]}


def test_delete_mode_for_a_default_model_service(fresh_sim, http):
    url = f"{fresh_sim.url}{SERVICES}/{IDS.model_service}"
    refused = finish(http, http.delete(url))
    assert refused.status_code == 503 and "Enforcing" in refused.json()["error"]["details"]
    assert finish(http, http.delete(url, params={"deleteMode": "Enforcing"})).status_code == 200
    assert query(fresh_sim, http, f"{SERVICES}/{IDS.model_service}") == []
    assert query(fresh_sim, http, MODELS, f"modelServiceRefs.modelServiceUuid={IDS.model_service}") == []
    bad = finish(http, http.delete(f"{fresh_sim.url}{SERVICES}/{IDS.model_service_chat}",
                                   params={"deleteMode": "Sometimes"}))
    assert bad.status_code == 503 and "deleteMode" in bad.json()["error"]["details"]


def test_add_model_service_links_models_and_images(fresh_sim, http):
    params = {"name": "svc", "yaml": "services: []", "requestCpu": 2, "requestMemory": 4096,
              "modelCenterUuid": IDS.model_center, "installPath": "/opt/svc", "startCommand": "run",
              "modelUuids": [IDS.model, IDS.model_llama], "vendorToSpecUuidsMap": {"NVIDIA": ["a" * 32]},
              "architectureImages": [{"cpuArchitecture": "x86_64", "dockerImage": "reg/svc:1"}]}
    inv = finish(http, http.post(fresh_sim.url + SERVICES, json={"param": params})).json()["inventory"]
    assert inv["type"] == "Endpoint" and inv["source"] == "Other"  # defaults from the schema
    assert inv["vendorToSpecUuidsMap"] == {"NVIDIA": ["a" * 32]} and inv["cpuArchitectures"] == ["x86_64"]
    assert {r["modelUuid"] for r in inv["modelServiceRefs"]} == {IDS.model, IDS.model_llama}
    assert [i["dockerImage"] for i in inv["modelServiceImages"]] == ["reg/svc:1"]
    linked = query(fresh_sim, http, MODELS, f"modelServiceRefs.modelServiceUuid={inv['uuid']}")
    assert {m["uuid"] for m in linked} == {IDS.model, IDS.model_llama}


def test_clone_copies_service_images_and_applies_overrides(fresh_sim, http):
    result = finish(http, http.post(f"{fresh_sim.url}{SERVICES}/{IDS.model_service}",
                                    json={"params": {"name": "copy", "requestCpu": 8, "resourceUuid": "c" * 32}}))
    inv = result.json()["inventory"]
    assert inv["uuid"] == "c" * 32 and inv["name"] == "copy" and inv["requestCpu"] == 8
    assert inv["yaml"].startswith("services:") and inv["gpuComputeCapability"] == "3.7"
    images = inv["modelServiceImages"]
    assert sorted(i["cpuArchitecture"] for i in images) == ["aarch64", "x86_64"]
    assert not {i["uuid"] for i in images} & {IDS.image_x86, IDS.image_arm}
    original = query(fresh_sim, http, f"{SERVICES}/{IDS.model_service}")[0]
    assert original["name"] == "example" and len(original["modelServiceImages"]) == 2
    dup = finish(http, http.post(f"{fresh_sim.url}{SERVICES}/{IDS.model_service}",
                                 json={"params": {"resourceUuid": "c" * 32}}))
    assert dup.status_code == 503 and "resourceUuid" in dup.json()["error"]["details"]


def test_tags_are_stored_and_queryable(fresh_sim, http):
    reply = http.post(fresh_sim.url + MODELS, json={
        "param": {"name": "tagged", "installPath": "p", "modelCenterUuid": IDS.model_center},
        "systemTags": ["priority::high"], "userTags": ["team-a"]})
    uuid = finish(http, reply).json()["inventory"]["uuid"]
    assert [m["uuid"] for m in query(fresh_sim, http, MODELS, "__systemTag__=priority::high")] == [uuid]
    assert [m["uuid"] for m in query(fresh_sim, http, MODELS, "__userTag__~=team%")] == [uuid]
    assert query(fresh_sim, http, MODELS, "__userTag__=priority::high") == []


def test_finished_jobs_past_their_ttl_are_dropped_without_being_polled():
    from zscli.sim.jobs import Jobs

    jobs = Jobs(delay=0, ttl=0)
    for _ in range(1000):
        jobs.submit(None, lambda: (200, {}))
    assert len(jobs._jobs) < 100  # a long-running simulator does not keep every job forever
