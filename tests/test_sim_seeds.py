"""One test per seed page: send the documented request (with protocol.md's corrections) to the simulator and
check the reply's shape against the page."""
from __future__ import annotations

import re
import time

import requests

from zscli.sim import IDS



# Inventory fields as the pages' tables list them.
MODEL_FIELDS = {
    "uuid", "name", "description", "installPath", "parameters", "modelCenterUuid", "logo", "vendor", "modelId",
    "introduction", "size", "version", "type", "minGpuMemory", "recommendedGpuMemory", "recommendedGpuNum",
    "gpuConstraintDescription", "versionSemver", "isLatestVersion", "artifactChecksum", "artifactSizeBytes",
    "architectureType", "frameworkVersion", "requiredAccelerator", "pipelineTag", "modelServiceRefs",
    "extraGpuMemRequest", "SAMPLE_SIZE", "createDate", "lastOpDate"}
SERVICE_FIELDS = {
    "uuid", "name", "description", "readme", "yaml", "requestCpu", "requestMemory", "modelCenterUuid", "type",
    "framework", "source", "size", "system", "hasNewVersion", "gpuComputeCapability", "installPath", "pythonVersion",
    "condaVersion", "version", "startCommand", "containerCommand", "containerArgs", "supportDistributed",
    "cpuArchitectures", "vendorToSpecUuidsMap", "modelServiceRefs", "modelServiceImages", "createDate", "lastOpDate"}
IMAGE_FIELDS = {"uuid", "modelServiceUuid", "cpuArchitecture", "vmImageUuid", "dockerImage", "createDate", "lastOpDate"}
GSON_DATE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$")
JSON_TYPE = "application/json;charset=UTF-8"


def headers(sim):
    return {"Content-Type": JSON_TYPE, "Authorization": f"OAuth {sim.login()}"}


def finish(sim, reply):
    assert reply.status_code == 202, reply.text
    location = reply.json()["location"]
    for _ in range(500):
        result = requests.get(location)
        if result.status_code != 202:
            return result
        time.sleep(0.02)
    raise AssertionError("job never finished")


def test_seed_000_query_model(sim):
    reply = requests.get(f"{sim.url}/zstack/v1/ai/models/{IDS.model}", headers=headers(sim))
    assert reply.status_code == 200 and reply.headers["Content-Type"] == JSON_TYPE
    [inv] = reply.json()["inventories"]
    assert set(inv) <= MODEL_FIELDS
    assert inv["name"] == "qwen 1.5 32B" and inv["description"] == "This is an example ai model"
    assert inv["installPath"] == "192.168.10.10:/ai/model_center/qwen_1.5_32B"
    assert inv["extraGpuMemRequest"] == 2147483648 and inv["SAMPLE_SIZE"] == 1000
    assert GSON_DATE.match(inv["createDate"])
    # The page's bare "q=<uuid>" is not a condition; the working form names the field.
    assert requests.get(f"{sim.url}/zstack/v1/ai/models", params={"q": IDS.model},
                        headers=headers(sim)).status_code == 400
    listed = requests.get(f"{sim.url}/zstack/v1/ai/models", params={"q": f"uuid={IDS.model}"}, headers=headers(sim))
    assert listed.json()["inventories"] == [inv]


def test_seed_001_update_model(fresh_sim):
    body = {"updateModel": {"name": "example", "vendor": "Alibaba"}, "systemTags": [], "userTags": []}
    reply = requests.put(f"{fresh_sim.url}/zstack/v1/ai/models/{IDS.model_seed001}", json=body,
                         headers=headers(fresh_sim))
    result = finish(fresh_sim, reply)
    assert result.status_code == 200
    inv = result.json()["inventory"]
    assert set(inv) <= MODEL_FIELDS
    assert inv["uuid"] == IDS.model_seed001 and inv["name"] == "example" and inv["vendor"] == "Alibaba"
    assert inv["architectureType"] == "Qwen3MoeForCausalLM" and inv["frameworkVersion"] == "PyTorch 2.0.1+cu118"
    assert inv["requiredAccelerator"] == "cuda:12.1" and inv["isLatestVersion"] is True
    assert inv["minGpuMemory"] == 4295991296 and inv["extraGpuMemRequest"] == 4294967296


def test_seed_002_add_model_service(fresh_sim):
    param = {"name": "text to text model service",
             "description": "This is text to text model service you can chose model",
             "yaml": "model service parameters",
             "requestCpu": 4, "requestMemory": 1024, "modelCenterUuid": IDS.model_center, "installPath": "/opt/t2t",
             "system": True, "startCommand": "python3 app.py", "type": "Endpoint", "source": "Other",
             "modelUuids": [IDS.model], "supportDistributed": True, "vendorToSpecUuidsMap": {}}
    reply = requests.post(f"{fresh_sim.url}/zstack/v1/ai/model-services", headers=headers(fresh_sim),
                          json={"param": param, "systemTags": ["a::b"], "userTags": ["demo"]})
    inv = finish(fresh_sim, reply).json()["inventory"]
    assert set(inv) <= SERVICE_FIELDS
    assert {k: inv[k] for k in ("name", "description", "yaml", "requestCpu", "requestMemory")} == {
        k: param[k] for k in ("name", "description", "yaml", "requestCpu", "requestMemory")}
    assert [r["modelUuid"] for r in inv["modelServiceRefs"]] == [IDS.model]
    assert GSON_DATE.match(inv["createDate"]) and GSON_DATE.match(inv["lastOpDate"])


def test_seed_003_clone_model_service(fresh_sim):
    # Corrected per protocol.md: every parameter inside "params".
    params = {"name": "example", "description": "Example description for modelService", "requestCpu": 1,
              "requestMemory": 1024, "type": "Endpoint", "system": True, "supportDistributed": True,
              "containerCommand": "/bin/sh", "containerArgs": "-c run", "vendorToSpecUuidsMap": {}}
    reply = requests.post(f"{fresh_sim.url}/zstack/v1/ai/model-services/{IDS.model_service}",
                          headers=headers(fresh_sim), json={"params": params, "systemTags": [], "userTags": []})
    inv = finish(fresh_sim, reply).json()["inventory"]
    assert set(inv) <= SERVICE_FIELDS and inv["uuid"] != IDS.model_service
    assert inv["gpuComputeCapability"] == "3.7" and inv["pythonVersion"] == "3.8.10"
    assert inv["containerCommand"] == "/bin/sh" and inv["startCommand"] == "python3 app.py"
    images = inv["modelServiceImages"]
    assert sorted(i["cpuArchitecture"] for i in images) == ["aarch64", "x86_64"]
    for image in images:
        assert set(image) == IMAGE_FIELDS and image["modelServiceUuid"] == inv["uuid"]
        assert GSON_DATE.match(image["createDate"])
    original = requests.get(f"{fresh_sim.url}/zstack/v1/ai/model-services/{IDS.model_service}",
                            headers=headers(fresh_sim)).json()["inventories"][0]
    assert original["createDate"] == "Nov 25, 2025 11:51:50 AM"
    assert {i["uuid"] for i in original["modelServiceImages"]} == {IDS.image_x86, IDS.image_arm}


def test_seed_004_list_model_versions(sim):
    url = f"{sim.modelarts_endpoint}/v1/workspaces/{IDS.workspace}/models/{IDS.ma_model}/versions"
    reply = requests.get(url, params={"offset": 0, "limit": 10}, headers={"X-Auth-Token": sim.modelarts_token})
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"total", "versions"} and isinstance(body["total"], int)
    for version in body["versions"]:
        assert set(version) == {"id", "name", "cap_white_list", "description", "config", "create_time", "create_user"}
        assert re.fullmatch(r"[0-9A-Za-z-]{32,36}", version["id"])
        assert re.fullmatch(r"[\w\-. \u4e00-\u9fff]+", version["name"])
        assert all(isinstance(c, str) for c in version["cap_white_list"])
        assert isinstance(version["config"]["llm_model_config"]["model_path"], str)
