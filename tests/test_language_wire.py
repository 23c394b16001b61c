"""Non-query APIs: the exact WireRequests of the seed pages, bodies, paths, query params and hashing."""
from __future__ import annotations

import hashlib
import io

import pytest

from zscli.call import WireRequest
from zscli.language.lexer import split
from zscli.language.parser import parse
from zscli.language.wire import build, fill_path
from zscli.schema import load

SCHEMA = load()


def parse_line(line: str, schema, **kw):
    """A command line as the front doors read it: split into words, then parsed."""
    return parse(split(line), schema, **kw)


def wire(line: str, **kw) -> WireRequest:
    return build(parse_line(line, SCHEMA, **kw))


def test_update_model_seed_001():
    req = wire("UpdateModel uuid=059d19eb310f36d4a7f43f51eaab87b8 name=example vendor=Alibaba")
    assert req == WireRequest(method="PUT", path="/ai/models/059d19eb310f36d4a7f43f51eaab87b8", query=(),
                              body={"updateModel": {"name": "example", "vendor": "Alibaba"}}, is_async=True)


def test_add_model_service_seed_002_all_parameters():
    words = ["AddModelService", "name=<name>", "description=<description>", "yaml=<yaml>", "requestCpu=1",
             "requestMemory=1", "zoneUuid=<zoneUuid>", "modelCenterUuid=<modelCenterUuid>",
             "gpuComputeCapability=<gpuComputeCapability>", "installPath=<installPath>", "system=true",
             "startCommand=<startCommand>", "pythonVersion=<pythonVersion>", "condaVersion=<condaVersion>",
             "type=endpoint", "framework=vLLM", "resourceUuid=<resourceUuid>", "tagUuids=<tagUuids>",
             "source=other", "modelUuids=<modelUuids>", "architectureImages=<architectureImages>",
             "supportDistributed=TRUE", "containerCommand=<containerCommand>", "containerArgs=<containerArgs>",
             "vendorToSpecUuidsMap={}", "systemTags=<systemTags>", "userTags=<userTags>"]
    req = build(parse(words, SCHEMA))
    assert (req.method, req.path, req.query, req.is_async) == ("POST", "/ai/model-services", (), True)
    assert req.body == {
        "param": {
            "name": "<name>", "description": "<description>", "yaml": "<yaml>", "requestCpu": 1,
            "requestMemory": 1, "zoneUuid": "<zoneUuid>", "modelCenterUuid": "<modelCenterUuid>",
            "gpuComputeCapability": "<gpuComputeCapability>", "installPath": "<installPath>", "system": True,
            "startCommand": "<startCommand>", "pythonVersion": "<pythonVersion>", "condaVersion": "<condaVersion>",
            "type": "Endpoint", "framework": "vLLM", "resourceUuid": "<resourceUuid>",
            "tagUuids": ["<tagUuids>"], "source": "Other", "modelUuids": ["<modelUuids>"],
            "architectureImages": ["<architectureImages>"], "supportDistributed": True,
            "containerCommand": "<containerCommand>", "containerArgs": "<containerArgs>", "vendorToSpecUuidsMap": {},
        },
        "systemTags": ["<systemTags>"],
        "userTags": ["<userTags>"],
    }
    assert type(req.body["param"]["requestCpu"]) is int and type(req.body["param"]["system"]) is bool


def test_clone_model_service_wraps_every_parameter_in_params():
    req = wire("CloneModelService uuid=X name=copy 'containerCommand=python -m serve' requestCpu=2 "
               "cpuArchitectures=x86_64,aarch64 system=false")
    assert (req.method, req.path, req.is_async) == ("POST", "/ai/model-services/X", True)
    assert req.body == {"params": {"name": "copy", "containerCommand": "python -m serve", "system": False,
                                   "requestCpu": 2, "cpuArchitectures": ["x86_64", "aarch64"]}}


def test_list_model_versions_seed_004():
    req = wire("ListModelVersions workspace_id=W model_id=M limit=20")
    assert req == WireRequest(method="GET", path="/v1/workspaces/W/models/M/versions", query=(("limit", "20"),),
                              body=None, is_async=False)


def test_list_model_versions_query_in_schema_order():
    req = wire("ListModelVersions name=v1 limit=100 model_id=M offset=0 version_id=abc workspace_id=W")
    assert req.query == (("offset", "0"), ("limit", "100"), ("version_id", "abc"), ("name", "v1"))


def test_login_hashes_the_password_on_the_wire_only():
    call = parse_line("LogInByAccount accountName=admin password=password", SCHEMA)
    assert call.args["password"] == "password"
    req = build(call)
    digest = hashlib.sha512(b"password").hexdigest()
    assert req == WireRequest(method="PUT", path="/accounts/login", query=(),
                              body={"logInByAccount": {"accountName": "admin", "password": digest}}, is_async=False)


def test_login_password_from_stdin_is_hashed_as_utf8():
    req = wire("LogInByAccount accountName=admin password=@-", stdin=io.StringIO("pässword\n"))
    assert req.body["logInByAccount"]["password"] == hashlib.sha512("pässword".encode()).hexdigest()


@pytest.mark.parametrize("line, method, path, body, is_async", [
    ("LogOut", "DELETE", "/accounts/sessions/S1", None, False),
    ("ValidateSession", "GET", "/accounts/sessions/S1/valid", None, False),
    # The SDK's RenewSessionAction has needPoll = true: an asynchronous job
    ("RenewSession", "PUT", "/accounts/sessions/S1/renew", {"renewSession": {}}, True),
    ("RenewSession duration=3600", "PUT", "/accounts/sessions/S1/renew", {"renewSession": {"duration": 3600}}, True),
    ("LogOut sessionUuid=OTHER", "DELETE", "/accounts/sessions/OTHER", None, False),
])
def test_session_paths_default_to_the_current_session(line, method, path, body, is_async):
    req = wire(line, session_uuid="S1")
    assert (req.method, req.path, req.query, req.body, req.is_async) == (method, path, (), body, is_async)


def test_explicit_session_needs_no_login():
    assert wire("ValidateSession sessionUuid=abc").path == "/accounts/sessions/abc/valid"


def test_delete_with_query_parameter_and_no_body():
    req = wire("DeleteModel uuid=U deleteMode=enforcing")
    assert req == WireRequest(method="DELETE", path="/ai/models/U", query=(("deleteMode", "Enforcing"),),
                              body=None, is_async=True)


def test_fields_the_sdk_always_sends_are_sent_with_their_default():
    # ZStack's SDK sends every non-null field: Java primitives and initialised fields (deleteMode =
    # "Permissive", type = "Endpoint") go on the wire even when not set, so zscli sends them too.
    req = wire("DeleteModelService uuid=U")
    assert (req.query, req.body) == ((("deleteMode", "Permissive"),), None)
    body = wire("AddModelService name=n yaml=y requestCpu=1 requestMemory=2 modelCenterUuid=c installPath=p "
                "startCommand=s").body
    assert (body["param"]["type"], body["param"]["source"]) == ("Endpoint", "Other")
    assert "systemTags" not in body and "userTags" not in body and "framework" not in body["param"]


def test_query_string_lists_repeat_and_maps_use_dotted_keys():
    from zscli.language.wire import query_pairs

    assert query_pairs("systemTags", ["a", "b"]) == [("systemTags", "a"), ("systemTags", "b")]
    assert query_pairs("m", {"k": "v", "n": 1, "l": ["x", "y"]}) == [("m.k", "v"), ("m.n", "1"), ("m.l", "x"),
                                                                    ("m.l", "y")]
    req = wire("DeleteModel uuid=U systemTags=a,b")
    assert req.query == (("deleteMode", "Permissive"), ("systemTags", "a"), ("systemTags", "b"))


def test_wrapper_present_even_when_empty():
    req = wire("UpdateModel uuid=U")
    assert req.body == {"updateModel": {}}


def test_tags_only_beside_the_wrapper():
    req = wire("UpdateModel uuid=U systemTags=a::b,c userTags='[\"x\", \"y\"]'")
    assert req.body == {"updateModel": {}, "systemTags": ["a::b", "c"], "userTags": ["x", "y"]}


def test_path_parameters_are_url_quoted():
    req = wire("UpdateModel 'uuid=a b/c?d%' name=x")
    assert req.path == "/ai/models/a%20b%2Fc%3Fd%25"
    assert fill_path("/x/{a}/{b}", {"a": "1"}) == "/x/1/{b}"


def test_at_file_body_value(tmp_path):
    f = tmp_path / "service.yaml"
    f.write_text("name: svc\nreplicas: 1\n", encoding="utf-8")
    req = wire(f"CloneModelService uuid=X yaml=@{f} name=@@home")
    # trimmed as ZStack's SDK trims a String before sending it (the server trims it too)
    assert req.body == {"params": {"name": "@home", "yaml": "name: svc\nreplicas: 1"}}


def test_map_and_list_json_values():
    req = wire("""CloneModelService uuid=X 'vendorToSpecUuidsMap={"NVIDIA": ["s1"]}' """
               """'architectureImages=[{"cpuArchitecture": "x86_64", "dockerImage": "img"}]'""")
    assert req.body == {"params": {"architectureImages": [{"cpuArchitecture": "x86_64", "dockerImage": "img"}],
                                   "vendorToSpecUuidsMap": {"NVIDIA": ["s1"]}}}


def test_value_null_outside_queries_is_the_text():
    assert wire("UpdateModel uuid=U description=null").body == {"updateModel": {"description": "null"}}


def test_values_may_contain_operators_and_equals():
    req = wire("UpdateModel uuid=U 'parameters=a=1,b>=2' name=x!=y")
    assert req.body == {"updateModel": {"name": "x!=y", "parameters": "a=1,b>=2"}}


def test_case_insensitive_api_name():
    assert parse_line("updatemodel uuid=U", SCHEMA).api.name == "UpdateModel"
    assert parse_line("querymodelservice", SCHEMA).api.name == "QueryModelService"


def test_call_args_are_coerced_and_in_schema_order():
    call = parse_line("AddModelService startCommand=s installPath=p modelCenterUuid=c requestMemory=2 "
                      "requestCpu=1 yaml=y name=n", SCHEMA)
    assert list(call.args) == ["name", "yaml", "requestCpu", "requestMemory", "modelCenterUuid", "installPath",
                               "startCommand"]
    assert call.args["requestMemory"] == 2
