"""The SDK importer (``python -m zscli.schema.sdk_import``) on small Java fixtures in the SDK's
generated form (tests/fixtures/sdk: an SDK tree and a server tree), on a git copy of them, on bad
SOURCEs, and the committed zstack-sdk.json against ZStack's real source when its mirror is here."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from zscli.schema import sdk_import
from zscli.schema.importer import javasrc

from .helpers.sdk_fixtures import sdk_fixture_tree

FIXTURES = sdk_fixture_tree()
MIRROR = Path("/work/.mirror/MatheMatrix+zstack/repo")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The fixtures imported once, as parsed JSON."""
    return json.loads(sdk_import.import_source(str(FIXTURES)).text)


def _param(spec: dict[str, Any], api: str, name: str) -> dict[str, Any]:
    return next(p for p in spec["apis"][api].get("params", ()) if p["name"] == name)


def _rel(spec: dict[str, Any], inv: str, name: str) -> dict[str, Any]:
    return next(r for r in spec["inventories"][inv].get("relations", ()) if r["name"] == name)


# --- wire facts of the actions -------------------------------------------------------------------

def test_shared_put_path_is_told_apart_by_wrapper(spec):
    start, stop = spec["apis"]["StartWidget"], spec["apis"]["StopWidget"]
    assert (start["method"], start["path"]) == (stop["method"], stop["path"]) == ("PUT", "/widgets/{uuid}/actions")
    assert (start["wrapper"], stop["wrapper"]) == ("startWidget", "stopWidget")
    assert start["async"] is True and start["needs_session"] is True
    assert start["action"] == "update" and start["reply"] == "inventory" and start["inventory"] == "Widget"
    assert start["group"] == "widgets" and start["read_only"] is False
    assert start["java"] == "org.zstack.sdk.StartWidgetAction" and start["source"] == "sdk"


def test_empty_and_null_wrappers_are_recorded_exactly(spec):
    # ZSClient sends {parameterName: {...}} for every POST/PUT, so "" and "null" are wrapper keys.
    assert spec["apis"]["SyncGadgets"]["wrapper"] == ""
    assert spec["apis"]["AttachGadgetToWidget"]["wrapper"] == "null"
    assert spec["apis"]["CreateWidget"]["wrapper"] == "params"
    for name in ("QueryWidget", "DeleteWidget", "GetWidgetProgress"):  # GET/DELETE: no body, no wrapper key
        assert "wrapper" not in spec["apis"][name]


def test_non_api_fields_are_skipped_and_tags_become_a_flag(spec):
    create = spec["apis"]["CreateWidget"]
    names = [p["name"] for p in create["params"]]
    assert not {"sessionId", "accessKeyId", "accessKeySecret", "requestIp", "timeout", "pollingInterval",
                "systemTags", "userTags", "apiId"} & set(names)
    assert "retired" not in names and "alsoRetired" not in names  # commented out in the source
    assert create["tags"] is True
    assert "tags" not in spec["apis"]["GetWidgetCapacity"]


def test_primitives_and_initialized_fields_are_always_sent_with_their_default(spec):
    assert _param(spec, "StopWidget", "force") == {"name": "force", "type": "Boolean", "always_sent": True,
                                                   "default": False}
    assert _param(spec, "StopWidget", "graceSeconds")["default"] == 30
    assert _param(spec, "StopWidget", "budget") == {"name": "budget", "type": "Long", "always_sent": True, "default": 0}
    assert _param(spec, "DeleteWidget", "deleteMode") == {"name": "deleteMode", "type": "String", "always_sent": True,
                                                          "default": "Permissive"}
    assert _param(spec, "CreateWidget", "enabled")["default"] is False
    assert "always_sent" not in _param(spec, "StartWidget", "hostUuid")


def test_a_required_field_the_sdk_always_fills_is_optional_unless_its_default_fails_its_checks(spec):
    # AbstractAction's required check is "not null": a primitive or initialized field passes it and is sent
    assert _param(spec, "StopWidget", "drain") == {"name": "drain", "type": "Boolean", "always_sent": True,
                                                   "default": False}
    style = _param(spec, "StopWidget", "style")
    assert "required" not in style and style["default"] == "soft"
    # ...but 0 is outside 1..65535, so the SDK would refuse to send it: the user must give a port
    assert _param(spec, "StopWidget", "port") == {"name": "port", "type": "Integer", "required": True, "min": 1,
                                                  "max": 65535, "always_sent": True, "default": 0}


def test_undeclared_and_optional_path_placeholders_become_required_params(spec):
    assert _param(spec, "GetWidgetProgress", "apiId") == {"name": "apiId", "type": "String", "required": True}
    assert _param(spec, "GetWidgetCapacity", "uuid")["required"] is True  # declared optional, the SDK needs it
    ref = spec["apis"]["QueryWidgetGadgetRef"]
    assert ref["action"] == "query" and ref["params"] == [{"name": "widgetUuid", "type": "String", "required": True}]


def test_param_constraints(spec):
    assert _param(spec, "CreateWidget", "name") == {"name": "name", "type": "String", "required": True,
                                                    "max_length": 128, "min_length": 2}
    assert _param(spec, "CreateWidget", "kind")["choices"] == ["Small", "Large"]
    assert (_param(spec, "CreateWidget", "slots")["min"], _param(spec, "CreateWidget", "slots")["max"]) == (1, 64)
    assert _param(spec, "CreateWidget", "memorySize")["max"] == 9223372036854775807
    assert _param(spec, "CreateWidget", "gadgetUuids") == {"name": "gadgetUuids", "type": "List", "nonempty": True}
    assert _param(spec, "StopWidget", "ipVersion") == {"name": "ipVersion", "type": "Integer", "choices": ["4", "6"]}


def test_regexes_are_stored_as_the_server_compiles_them(spec):
    label = _param(spec, "CreateWidget", "label")["regex"]  # double-escaped \\\\u4e00 in the SDK source
    assert label == "^[\\u4e00-\\u9fa5a-z]+$"
    assert re.fullmatch(label, "\u4e2d\u6587abc") and not re.fullmatch(label, "ABC")
    code = _param(spec, "CreateWidget", "code")["regex"]  # ordinary escaping: decoded once
    assert code == "(\\d{4})-[A-Z]{2}" and re.fullmatch(code, "2024-AB")


def test_short_and_enum_and_other_types(spec):
    assert _param(spec, "StopWidget", "priority") == {"name": "priority", "type": "Integer", "min": -32768,
                                                      "max": 32767}
    assert _param(spec, "StopWidget", "weight") == {"name": "weight", "type": "Integer", "min": 0, "max": 100000}
    assert _param(spec, "StopWidget", "mode") == {"name": "mode", "type": "String", "choices": ["grace", "cold"]}
    types = {p["name"]: p["type"] for p in spec["apis"]["CreateWidget"]["params"]}
    assert types["labels"] == "Map" and types["spec"] == "Map"  # a Map and an SDK struct: JSON objects
    assert types["ratio"] == types["share"] == "Double" and types["context"] == "Any"
    assert types["expireDate"] == "Timestamp" and types["zones"] == "List"


def test_secret_params_by_name(spec):
    assert _param(spec, "CreateWidget", "adminPassword")["secret"] is True
    assert _param(spec, "CreateWidget", "accessToken")["secret"] is True
    assert "secret" not in _param(spec, "CreateWidget", "secretPoolUuid")
    from zscli.schema.importer.spec import is_secret

    assert is_secret("psk") and is_secret("appKey") and is_secret("ikePreSharedKey")  # an IKE pre-shared key...
    assert not is_secret("publicKey") and not is_secret("keyId") and not is_secret("pin")  # ...not a CPU pin


def test_result_shapes_and_actions(spec):
    apis = spec["apis"]
    assert (apis["SyncGadgets"]["reply"], apis["SyncGadgets"]["result_fields"]) == ("result",
                                                                                     ["syncedCount", "failures"])
    assert apis["DeleteWidget"]["reply"] == "none" and apis["DeleteWidget"]["action"] == "delete"
    assert apis["GetWidgetProgress"]["reply"] == "inventories"
    assert apis["AttachGadgetToWidget"]["action"] == "create" and apis["AttachGadgetToWidget"]["inventory"] == "Gadget"
    assert apis["RenameWidget"]["reply"] == "inventory" and "inventory" not in apis["RenameWidget"]  # a Map field
    assert apis["RenameWidget"]["action"] == "call" and apis["SyncGadgets"]["action"] == "call"
    assert apis["CreateGizmo"]["inventory"] == "Gizmo"  # result and inventory in sub-packages
    assert apis["CreateGizmo"]["java"] == "org.zstack.sdk.gizmo.api.CreateGizmoAction"


def test_read_only_rule(spec):
    ro = {name: a["read_only"] for name, a in spec["apis"].items()}
    assert ro["QueryWidget"] and ro["GetWidgetCapacity"] and ro["CheckWidgetName"]
    assert not ro["RenameWidget"] and not ro["SyncGadgets"] and not ro["DeleteWidget"] and not ro["StartWidget"]
    assert ro["BatchWidgetQuery"] and not ro["UnlockWidget"]  # two synchronous GETs: a read and a change
    assert spec["apis"]["CheckWidgetName"]["needs_session"] is False


# --- queries -------------------------------------------------------------------------------------

def test_query_inventory_from_autoquery_then_name_then_unmapped(spec):
    apis = spec["apis"]
    assert apis["QueryWidget"]["inventory"] == "Widget"
    assert apis["QueryOldWidget"]["inventory"] == "Widget"  # @AutoQuery wins over the OldWidget name
    assert apis["QueryGadget"]["inventory"] == "Gadget"  # by name
    assert apis["QueryGadgetFromLocal"]["inventory"] == "Gadget"  # by name without FromLocal
    assert apis["QuerySpecialWidget"]["inventory"] == "SpecialWidget"
    flavour = {"name": "flavour", "type": "String", "choices": ["plain", "fancy"]}
    assert apis["QuerySpecialWidget"]["params"] == [flavour]  # a field the query class adds
    assert "inventory" not in apis["QueryMystery"] and apis["QueryMystery"]["action"] == "query"
    for name in ("QueryWidget", "QueryMystery"):
        assert apis[name]["reply"] == "inventories" and apis[name]["read_only"] is True
        assert "params" not in apis[name]  # conditions, limit... are the generic query options


def test_get_path_only_from_the_servers_optional_paths(spec):
    assert spec["apis"]["QueryWidget"]["get_path"] == "/widgets/{uuid}"
    assert "get_path" not in spec["apis"]["QueryOldWidget"]  # {id}, not {uuid}
    assert "get_path" not in spec["apis"]["QueryGadget"]  # no server message to verify it


# --- inventories and relations -------------------------------------------------------------------

def test_inventory_fields_types_and_inheritance(spec):
    widget = spec["inventories"]["Widget"]
    types = {f["name"]: f["type"] for f in widget["fields"]}
    assert types["status"] == "String" and types["memorySize"] == "Long" and types["cpuLoad"] == "Double"
    assert types["slot"] == "Integer" and types["createDate"] == "Timestamp" and types["gadgets"] == "List"
    assert types["spec"] == types["favourite"] == "Object" and types["labels"] == "Map"
    assert types["extra"] == "Any" and types["blob"] == "List"
    special = spec["inventories"]["SpecialWidget"]
    assert [f["name"] for f in special["fields"]] == [f["name"] for f in widget["fields"]] + ["specialty"]
    assert special["relations"] == widget["relations"]  # relations and aliases are inherited too
    assert special["java"] == "org.zstack.sdk.SpecialWidgetInventory"
    assert spec["inventories"]["Gizmo"]["java"] == "org.zstack.sdk.gizmo.entity.GizmoInventory"


def test_columns_rule(spec):
    assert spec["inventories"]["Widget"]["columns"] == ["uuid", "name", "state", "status", "memorySize", "cpuLoad",
                                                        "slot"]
    assert spec["inventories"]["Gadget"]["columns"] == ["uuid", "name", "type", "widgetUuid"]
    assert spec["inventories"]["WidgetGadgetRef"]["columns"] == ["id", "widgetUuid", "gadgetUuid"]


def test_relations_hidden_many_and_targets_without_sdk_class(spec):
    assert _rel(spec, "Widget", "gadgets") == {"name": "gadgets", "target": "Gadget", "local_key": "uuid",
                                               "remote_key": "widgetUuid", "many": True}
    assert _rel(spec, "WidgetGadgetRef", "widget") == {"name": "widget", "target": "Widget", "local_key": "widgetUuid",
                                                       "remote_key": "uuid"}
    assert _rel(spec, "Widget", "gadgetRef")["hidden"] is True
    assert _rel(spec, "Widget", "labelRef")["target"] == "WidgetLabelRef"  # no SDK class: kept, name only
    assert "WidgetLabelRef" not in spec["inventories"]
    names = {r["name"] for r in spec["inventories"]["Widget"]["relations"]}
    assert not {"retired", "inDocComment", "notARelation"} & names  # comments and VO annotations are not facts


def test_target_relations_and_aliases(spec):
    # target = GadgetInventory.class on the ref inventory adds the relation to Gadget
    assert _rel(spec, "Gadget", "widgetRef") == {"name": "widgetRef", "target": "WidgetGadgetRef", "local_key": "uuid",
                                                 "remote_key": "gadgetUuid", "hidden": True, "many": True}
    assert _rel(spec, "Gadget", "widget") == {"name": "widget", "alias_of": "widgetRef.widget", "target": "Widget",
                                              "many": True}
    assert _rel(spec, "Widget", "gadget") == {"name": "gadget", "alias_of": "gadgetRef.gadget", "target": "Gadget",
                                              "many": True}
    # an alias through a server-only ref inventory still finds its target
    assert _rel(spec, "Widget", "label")["target"] == "Label"


# --- the command, sources and output -------------------------------------------------------------

def test_output_is_sorted_one_record_per_line_and_deterministic(tmp_path):
    out1, out2 = tmp_path / "a.json", tmp_path / "b.json"
    assert sdk_import.main([str(FIXTURES), "--output", str(out1)]) == 0
    assert sdk_import.main([str(FIXTURES), "--output", str(out2)]) == 0
    text = out1.read_bytes()
    assert text == out2.read_bytes()
    data = json.loads(text)
    assert list(data) == ["apis", "family", "generated", "inventories"] and data["family"] == "zstack"
    assert data["generated"] == {"tool": "zscli.schema.sdk_import", "source": "sdk", "ref": "", "commit": ""}
    lines = text.decode().splitlines()
    api_lines = [line for line in lines if line.startswith('"') and line.split('"')[1] in data["apis"]]
    assert [line.split('"')[1] for line in api_lines] == sorted(data["apis"])
    for line in api_lines:
        record = json.loads(line[line.index(":") + 1:].rstrip(","))
        assert list(record) == sorted(record)
        assert all(v not in (False, "", [], None) or k in ("wrapper", "async", "needs_session", "read_only")
                   for k, v in record.items())


def test_check_reports_stale_and_fresh_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "spec.json"
    assert sdk_import.main([str(FIXTURES), "--output", str(out), "--check"]) == 1
    assert not out.exists()
    assert sdk_import.main([str(FIXTURES), "--output", str(out)]) == 0
    assert sdk_import.main([str(FIXTURES), "--output", str(out), "--check"]) == 0
    out.write_text(out.read_text().replace('"stopWidget"', '"stop"'))
    before = out.read_text()
    assert sdk_import.main([str(FIXTURES), "--output", str(out), "--check"]) == 1
    assert out.read_text() == before
    assert "is stale" in capsys.readouterr().err


def _git(cwd: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "HOME": str(cwd), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def git_copy(tmp_path_factory) -> tuple[Path, Path, str]:
    """A checkout holding the fixtures (a first commit without the server tree), and its bare clone."""
    root = tmp_path_factory.mktemp("git")
    work = root / "zstack"
    shutil.copytree(FIXTURES / "sdk", work / "sdk")
    _git(root, "init", "-q", "-b", "main", str(work))
    _git(work, "add", ".")
    _git(work, "commit", "-q", "-m", "sdk only")
    _git(work, "tag", "sdk-only")
    shutil.copytree(FIXTURES / "server", work / "server")
    _git(work, "add", ".")
    _git(work, "commit", "-q", "-m", "server")
    commit = _git(work, "rev-parse", "HEAD")
    _git(root, "clone", "-q", "--bare", str(work), str(root / "zstack.git"))
    return work, root / "zstack.git", commit


def test_bare_git_source_reads_objects_and_records_ref_and_commit(git_copy, tmp_path, spec):
    _, bare, commit = git_copy
    out = tmp_path / "spec.json"
    assert sdk_import.main([str(bare), "--output", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["generated"] == {"tool": "zscli.schema.sdk_import", "source": "zstack", "ref": "main", "commit": commit}
    assert data["apis"] == spec["apis"] and data["inventories"] == spec["inventories"]
    assert sdk_import.main([str(bare), "--ref", "sdk-only", "--output", str(out), "--check"]) == 1
    older = json.loads(sdk_import.import_source(str(bare), "sdk-only").text)
    assert older["generated"]["ref"] == "sdk-only"
    assert older["apis"]["QueryOldWidget"]["inventory"] == "OldWidget"  # no server tree there: by name
    assert "relations" not in older["inventories"]["Widget"]


def test_checkout_and_worktree_sources_are_read_at_their_commit(git_copy, spec, tmp_path):
    work, _, commit = git_copy
    (work / "sdk" / "src" / "main" / "java" / "org" / "zstack" / "sdk" / "Uncommitted.java").write_text("not java")
    data = json.loads(sdk_import.import_source(str(work)).text)
    assert data["generated"]["commit"] == commit and data["apis"] == spec["apis"]
    _git(work, "worktree", "add", "-q", "--detach", str(tmp_path / "wt"), "sdk-only")  # .git is a file there
    older = json.loads(sdk_import.import_source(str(tmp_path / "wt")).text)
    assert older["generated"]["commit"] == _git(work, "rev-parse", "sdk-only^{commit}")
    assert older["apis"]["QueryOldWidget"]["inventory"] == "OldWidget"


def test_an_unreadable_sdk_file_is_reported_and_skipped(tmp_path):
    sdk_dir = FIXTURES / "sdk" / "src" / "main" / "java" / "org" / "zstack" / "sdk"
    for name in ("AbstractAction", "StartWidgetAction", "StartWidgetResult", "WidgetInventory", "WidgetStatus"):
        shutil.copy(sdk_dir / f"{name}.java", tmp_path)
    (tmp_path / "BrokenAction.java").write_text("package org.zstack.sdk;\npublic class BrokenAction {\n")
    result = sdk_import.import_source(str(tmp_path))
    assert list(json.loads(result.text)["apis"]) == ["StartWidget"]
    assert [k for k in result.catalogue.report.oddities if "could not read" in k]


@pytest.mark.parametrize("args, message", [
    (["{tmp}/missing"], "no such directory"),
    (["{tmp}/file.txt"], "not a directory"),
    (["{tmp}/empty"], "no ZStack SDK found"),
    (["{fixtures}", "--ref", "main"], "--ref needs a git SOURCE"),
    (["{bare}", "--ref", "no-such-branch"], "no commit called 'no-such-branch'"),
    (["{bare}", "--ref", "sdk-only^{{tree}}"], "no commit"),
])
def test_bad_sources_give_one_line_and_exit_2(args, message, tmp_path, git_copy, capsys):
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "Foo.java").write_text("package org.example;\npublic class Foo {}\n")
    argv = [a.format(tmp=tmp_path, fixtures=FIXTURES, bare=git_copy[1]) for a in args]
    assert sdk_import.main(argv + ["--output", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out.json").exists()


def test_module_entry_point_exits_2_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "zscli.schema.sdk_import", str(tmp_path / "nope")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("sdk_import: ") and "Traceback" not in proc.stderr


def test_scanner_decodes_java_literals_once():
    assert javasrc.unescape(r'"a\\u4e00b"') == "a\\u4e00b"  # an escaped backslash: no Unicode escape
    assert javasrc.unescape(r'"\uFF08\t\"q\""') == "\uff08\t\"q\""
    cls = javasrc.parse('package p; @A(x = "a" + "b", n = -1L, c = Foo.class, v = {1, 2}) class K { int f = 3; }')
    ann = cls.annotation("A")
    assert ann is not None and ann.args["x"] == "ab" and ann.args["n"] == -1 and ann.args["v"] == [1, 2]
    assert ann.args["c"] == javasrc.ClassRef("Foo", "Foo") and cls.fields[0].init == 3


# --- the committed file --------------------------------------------------------------------------

def test_committed_spec_is_fresh_against_the_zstack_mirror():
    committed = json.loads(sdk_import.OUTPUT.read_text(encoding="utf-8"))
    if not MIRROR.is_dir():
        pytest.skip(f"ZStack's source is not on this machine ({MIRROR}); the freshness check needs it")
    assert committed["generated"]["ref"] == "5.3.20"
    assert sdk_import.main([str(MIRROR), "--check"]) == 0  # --check reads the ref the file records


def test_committed_spec_census():
    data = json.loads(sdk_import.OUTPUT.read_text(encoding="utf-8"))
    apis = data["apis"]
    assert len(apis) > 1900 and len(data["inventories"]) > 500
    assert sum(1 for a in apis.values() if a["action"] == "query") > 300
    wrappers = [a["wrapper"] for a in apis.values() if "wrapper" in a]
    assert wrappers.count("") == 3 and wrappers.count("null") == 3
    assert apis["StartVmInstance"]["wrapper"] == "startVmInstance"
    assert apis["QueryVmInstance"]["get_path"] == "/vm-instances/{uuid}"
    assert any(r["name"] == "vmNics" for r in data["inventories"]["VmInstance"]["relations"])
    for api in apis.values():
        for p in api.get("params", ()):
            if "regex" in p:
                re.compile(p["regex"])
