"""The compiled schema against the seed pages, field by field, plus protocol.md's wire corrections and limits.

The expected tables below are transcribed from the seed pages (names, types, since-versions, required flags).
"""
from __future__ import annotations

import pytest

from zscli.schema import Action, Family, Location, Reply, Type, load

S = load()

# Seed 000/001: the Model inventory table (every row is since 5.1.8), in page order.
MODEL_FIELDS = [
    ("uuid", "String"), ("name", "String"), ("description", "String"), ("installPath", "String"),
    ("parameters", "String"), ("modelCenterUuid", "String"), ("logo", "String"), ("vendor", "String"),
    ("modelId", "String"), ("introduction", "String"), ("size", "Long"), ("version", "String"), ("type", "String"),
    ("minGpuMemory", "Long"), ("recommendedGpuMemory", "Long"), ("recommendedGpuNum", "List"),
    ("gpuConstraintDescription", "String"), ("versionSemver", "String"), ("isLatestVersion", "Boolean"),
    ("artifactChecksum", "String"), ("artifactSizeBytes", "Long"), ("architectureType", "String"),
    ("frameworkVersion", "String"), ("requiredAccelerator", "String"), ("pipelineTag", "String"),
    ("modelServiceRefs", "List"), ("extraGpuMemRequest", "Long"), ("SAMPLE_SIZE", "Integer"),
    ("createDate", "Timestamp"), ("lastOpDate", "Timestamp"),
]

# Seed 001: name, type, where, since (the page shifts some since-versions into the description column).
UPDATE_MODEL = [
    ("uuid", "String", "path", "5.1.8"), ("name", "String", "body.updateModel", "5.1.8"),
    ("installPath", "String", "body.updateModel", "5.1.8"), ("description", "String", "body.updateModel", "5.1.8"),
    ("vendor", "String", "body.updateModel", "5.5.6"), ("parameters", "String", "body.updateModel", "5.1.8"),
    ("modelCenterUuid", "String", "body.updateModel", "5.1.8"),
    ("systemTags", "List", "body (top level)", "5.1.8"), ("userTags", "List", "body (top level)", "5.1.8"),
    ("modelClassifications", "List", "body.updateModel", "5.4.6"),
    ("recommendedGpuNum", "String", "body.updateModel", "5.4.6"),
    ("gpuConstraintDescription", "String", "body.updateModel", "5.4.6"),
    ("modelId", "String", "body.updateModel", "5.5.22"),
    ("defaultModelServiceUuid", "String", "body.updateModel", "5.5.22"),
    ("clearDefaultModelService", "Boolean", "body.updateModel", "5.5.22"),
]

# Seed 002: request parameters in page order, (name, type, required).
ADD_MODEL_SERVICE = [
    ("name", "String", True), ("description", "String", False), ("yaml", "String", True),
    ("requestCpu", "Integer", True), ("requestMemory", "Long", True), ("zoneUuid", "String", False),
    ("modelCenterUuid", "String", True), ("gpuComputeCapability", "String", False), ("installPath", "String", True),
    ("system", "Boolean", False), ("startCommand", "String", True), ("pythonVersion", "String", False),
    ("condaVersion", "String", False), ("type", "String", False), ("framework", "String", False),
    ("resourceUuid", "String", False), ("tagUuids", "List", False), ("source", "String", False),
    ("modelUuids", "List", False), ("architectureImages", "List", False), ("supportDistributed", "Boolean", False),
    ("containerCommand", "String", False), ("containerArgs", "String", False), ("vendorToSpecUuidsMap", "Map", False),
    # ZStack's SDK (5.3.20) has two more, kept after the page's own
    ("dockerImage", "String", False), ("vmImageUuid", "String", False),
    ("systemTags", "List", False), ("userTags", "List", False),
]

# Seed 002: ModelServiceInventory in page order.
SERVICE_FIELDS = [
    ("uuid", "String"), ("name", "String"), ("description", "String"), ("readme", "String"), ("yaml", "String"),
    ("requestCpu", "Integer"), ("requestMemory", "Long"), ("modelCenterUuid", "String"), ("type", "String"),
    ("framework", "String"), ("source", "String"), ("size", "Long"), ("system", "Boolean"),
    ("hasNewVersion", "Boolean"), ("gpuComputeCapability", "String"), ("installPath", "String"),
    ("pythonVersion", "String"), ("condaVersion", "String"), ("version", "String"), ("startCommand", "String"),
    ("containerCommand", "String"), ("containerArgs", "String"), ("supportDistributed", "Boolean"),
    ("cpuArchitectures", "List"), ("vendorToSpecUuidsMap", "Map"), ("modelServiceRefs", "List"),
    ("modelServiceImages", "List"), ("createDate", "Timestamp"), ("lastOpDate", "Timestamp"),
]

# Seed 003: the body fields of the parameter list, then those only its curl example shows (with JSON types).
CLONE_LISTED = [("name", "String"), ("description", "String"), ("readme", "String"), ("size", "Long"),
                ("gpuComputeCapability", "String")]
CLONE_CURL = {"installPath": "String", "startCommand": "String", "pythonVersion": "String", "condaVersion": "String",
              "system": "Boolean", "type": "String", "yaml": "String", "source": "String", "framework": "String",
              "requestCpu": "Integer", "requestMemory": "Long", "resourceUuid": "String", "tagUuids": "List",
              "cpuArchitectures": "List", "architectureImages": "List", "supportDistributed": "Boolean",
              "containerCommand": "String", "containerArgs": "String", "vendorToSpecUuidsMap": "Map"}


def test_model_inventory_matches_seed_000():
    inv = S.inventory("Model")
    assert [(f.name, f.type.value) for f in inv.fields] == MODEL_FIELDS
    assert {f.since for f in inv.fields} == {"5.1.8"} and all(f.description for f in inv.fields)
    assert inv.field("SAMPLE_SIZE") is not None and inv.field("sample_size") is None  # upper-case kept
    assert not inv.field("recommendedGpuNum").primitive and not inv.field("modelServiceRefs").primitive
    assert inv.field("createDate").primitive and inv.field("isLatestVersion").primitive


def test_query_model_matches_seed_000():
    api = S.api("QueryModel")
    assert (api.family, api.method, api.path, api.get_path) == (Family.ZSTACK, "GET", "/ai/models", "/ai/models/{uuid}")
    assert api.action is Action.QUERY and api.reply is Reply.INVENTORIES and api.inventory == "Model"
    assert api.needs_session and not api.is_async and api.source == "seed 000"


def test_update_model_matches_seed_001():
    api = S.api("UpdateModel")
    assert (api.method, api.path, api.wrapper, api.reply, api.inventory) == (
        "PUT", "/ai/models/{uuid}", "updateModel", Reply.INVENTORY, "Model")
    got = [(p.name, p.type.value, api.wire_location(p), p.since) for p in api.params]
    assert sorted(got) == sorted(UPDATE_MODEL)
    assert [p.name for p in api.params if p.required] == ["uuid"]
    assert api.is_async and api.source == "seed 001"
    # The quirk: a String here, a List in the inventory.
    assert api.param("recommendedGpuNum").type is Type.STRING
    assert S.inventory("Model").field("recommendedGpuNum").type is Type.LIST


def test_update_model_length_limits_from_protocol():
    api = S.api("UpdateModel")
    limits = {p.name: p.max_length for p in api.params if p.type is Type.STRING and p.location is Location.BODY}
    assert limits.pop("gpuConstraintDescription") == 512
    assert limits.pop("defaultModelServiceUuid") is None  # the SDK sets no limit on it
    assert set(limits.values()) == {255}


def test_add_model_service_matches_seed_002():
    api = S.api("AddModelService")
    assert (api.method, api.path, api.wrapper, api.inventory, api.source) == (
        "POST", "/ai/model-services", "param", "ModelService", "seed 002")
    assert [(p.name, p.type.value, p.required) for p in api.params] == ADD_MODEL_SERVICE
    assert {p.location for p in api.params} == {Location.BODY, Location.TOP}
    assert api.param("type").choices == ("Endpoint", "FineTune", "ModelEval", "App")
    assert api.param("type").default == "Endpoint"
    assert api.param("source").choices == ("Other", "Bentoml", "HuggingFace") and api.param("source").default == "Other"
    # the page's fields in its order, then the two the SDK's ModelServiceInventory adds
    assert [(f.name, f.type.value) for f in S.inventory("ModelService").fields] == SERVICE_FIELDS + [
        ("dockerImage", "String"), ("vmImageUuid", "String")]


def test_clone_model_service_matches_seed_003_with_the_sdk_wrapper():
    api = S.api("CloneModelService")
    assert (api.method, api.path, api.since) == ("POST", "/ai/model-services/{uuid}", "5.3.20")
    assert api.wrapper == "params"  # every parameter, not the page's three (protocol.md)
    assert api.param("uuid").location is Location.PATH and api.param("uuid").required
    for name, type_ in CLONE_LISTED + list(CLONE_CURL.items()):
        param = api.param(name)
        assert param is not None and param.type.value == type_ and not param.required, name
        assert api.wire_location(param) == "body.params"
    assert api.param("type").choices == ("Endpoint", "FineTune", "App", "ModelEval")
    assert api.param("source").choices == ("Other", "Bentoml", "HuggingFace")
    assert {f.name for f in S.inventory("ModelServiceImage").fields} == {
        "uuid", "modelServiceUuid", "cpuArchitecture", "vmImageUuid", "dockerImage", "createDate", "lastOpDate"}


def test_list_model_versions_matches_seed_004():
    api = S.api("ListModelVersions")
    assert api.family is Family.MODELARTS and api.needs_session is False
    assert (api.method, api.path, api.reply) == (
        "GET", "/v1/workspaces/{workspace_id}/models/{model_id}/versions", Reply.VERSIONS)
    got = {p.name: (p.type.value, p.location.value, p.required, p.min, p.max, p.default) for p in api.params}
    assert got == {"workspace_id": ("String", "path", True, None, None, None),
                   "model_id": ("String", "path", True, None, None, None),
                   "offset": ("Integer", "query", False, 0, None, 0),
                   "limit": ("Integer", "query", False, 1, 100, 10),
                   "version_id": ("String", "query", False, None, None, None),
                   "name": ("String", "query", False, None, None, None)}
    inv = S.inventory(api.inventory)
    assert [f.name for f in inv.fields] == ["id", "name", "cap_white_list", "description", "config", "create_time",
                                            "create_user"]
    llm = inv.field("config").children[0]
    assert llm.name == "llm_model_config" and [c.name for c in llm.children] == ["base_model_type", "model_path"]
    assert [c.name for c in inv.field("create_user").children] == ["domain_name", "domain_id", "user_name", "user_id"]


def test_error_shapes_per_family():
    for api in S.apis:
        shape = S.error(api.error)
        assert shape is not None, api.name
        expected = "ModelArtsError" if api.family is Family.MODELARTS else "ErrorCode"
        assert shape.name == expected, api.name
    zstack = S.error("ErrorCode")
    assert zstack.key == "error" and zstack.statuses == (503,)
    assert [f.name for f in zstack.fields] == ["code", "description", "details", "elaboration", "opaque", "cause"]
    assert zstack.field("opaque").type is Type.MAP
    modelarts = S.error("ModelArtsError")
    assert modelarts.key == "" and modelarts.statuses == (400, 401, 403, 404, 408, 500)
    assert [f.name for f in modelarts.fields] == ["error_code", "error_msg", "solution_msg"]


@pytest.mark.parametrize("inventory, relation, target, local, remote", [
    ("Model", "modelServiceRefs", "ModelServiceRef", "uuid", "modelUuid"),
    ("Model", "modelCenter", "ModelCenter", "modelCenterUuid", "uuid"),
    ("ModelService", "modelServiceImages", "ModelServiceImage", "uuid", "modelServiceUuid"),
    ("ModelService", "modelServiceRefs", "ModelServiceRef", "uuid", "modelServiceUuid"),
    ("ModelServiceRef", "modelService", "ModelService", "modelServiceUuid", "uuid"),
])
def test_relations(inventory, relation, target, local, remote):
    rel = S.inventory(inventory).relation(relation)
    assert (rel.target, rel.local_key, rel.remote_key) == (target, local, remote)
    assert S.inventory(target).field(remote) is not None


SEED_APIS = {"QueryModel", "UpdateModel", "AddModelService", "CloneModelService", "ListModelVersions",
             "LogInByAccount", "LogOut", "ValidateSession", "RenewSession", "AddModel", "DeleteModel",
             "QueryModelService", "UpdateModelService", "DeleteModelService", "QueryModelCenter", "GetVersion"}


def test_every_api_is_complete():
    assert SEED_APIS <= set(S.api_names) and len(S.api_names) > 1900
    for api in (S.api(n) for n in SEED_APIS):
        assert api.source.split()[0] in ("seed", "sdk", "manual"), api.name
        assert api.description and all(p.description for p in api.params if p.since), api.name
        if api.is_query:
            assert S.inventory(api.inventory).columns
    wrappers = {n: S.api(n).wrapper for n in SEED_APIS if S.api(n).wrapper is not None}
    assert wrappers == {"UpdateModel": "updateModel", "AddModel": "param", "AddModelService": "param",
                        "CloneModelService": "params", "UpdateModelService": "updateModelService",
                        "LogInByAccount": "logInByAccount", "RenewSession": "renewSession", "GetVersion": "getVersion"}
    assert S.api("DeleteModel").param("deleteMode").location is Location.QUERY
    assert S.api("DeleteModel").param("deleteMode").choices == ("Permissive", "Enforcing")
    password = S.api("LogInByAccount").param("password")
    assert password.secret and password.hash == "sha512"
