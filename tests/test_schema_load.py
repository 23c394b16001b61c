"""``zscli.schema.load()`` is lazy, cached and frozen; the build is deterministic and rejects bad specs."""
from __future__ import annotations

import subprocess
import sys

import pytest

from zscli.record import FrozenError
from zscli.schema import build, from_data, load


def test_import_reads_nothing_and_load_is_cached():
    code = ("import sys, zscli.schema as s\n"
            "print('yaml' in sys.modules, len(s._loaded))\n"
            "a = s.load(); b = s.load()\n"
            "print(a is b, len(s._loaded), len(a.source._api_cache))\n"
            "a.api('QueryModel'); a.api('QueryModel')\n"
            "print(len(a.source._api_cache), len(a.source._inv_cache))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    # Nothing is read at import; one load per process; one record read per API asked for, once.
    assert out == ["False", "0", "True", "1", "0", "1", "0"]


def test_schema_objects_are_frozen():
    schema = load()
    with pytest.raises(FrozenError):
        schema.api("QueryModel").path = "/x"  # type: ignore[misc]
    with pytest.raises(FrozenError):
        schema.inventory("Model").fields[0].name = "x"  # type: ignore[misc]


def test_build_is_deterministic_and_matches_the_committed_file():
    data = build.compile_specs()
    first, second = build.render(data), build.render(build.compile_specs())
    assert first == second == build.OUTPUT.read_text(encoding="utf-8")
    in_memory, on_disk = from_data(data), load()
    assert in_memory.api_names == on_disk.api_names and in_memory.inventory_names == on_disk.inventory_names
    for name in on_disk.api_names:
        assert in_memory.api(name) == on_disk.api(name)
        assert in_memory.entry(name) == on_disk.entry(name)
    for name in on_disk.inventory_names:
        assert in_memory.inventory(name) == on_disk.inventory(name)
    assert in_memory.errors == on_disk.errors and in_memory.secret_names == on_disk.secret_names
    # Primitive flags are written out for readers of the catalogue and agree with the types.
    for inv in data["inventories"]:
        for field in inv["fields"]:
            assert field["primitive"] == (field["type"] not in ("List", "Map", "Object", "Any"))


def _spec(tmp_path, text):
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    return tmp_path


BASE = """
family: zstack
error: ErrorCode
errors:
  ErrorCode: {fields: [{name: code, type: String}]}
inventories:
  Thing: {fields: [{name: uuid, type: String}], relations: [%s]}
apis:
  QueryThing: {method: GET, path: /things, action: query, reply: inventories, inventory: %s, source: manual}
"""


@pytest.mark.parametrize("text, message", [
    (BASE % ("", "Nothing"), "unknown inventory"),
    (BASE % ("{name: r, target: Thing, local_key: uuid, remote_key: nope}", "Thing"), "Thing has no nope"),
    (BASE % ("", "Thing") + "  Bad: {method: GET, path: '/b/{id}', action: delete, reply: none}\n",
     "path parameter {id} is not declared"),
    ((BASE % ("", "Thing")).replace("error: ErrorCode", "error: Nope"), "unknown error shape"),
])
def test_inconsistent_specs_are_rejected(tmp_path, text, message):
    with pytest.raises(build.SpecError, match=message):
        build.compile_specs(_spec(tmp_path, text))


def test_build_reports_a_bad_spec_without_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build, "SPECS", _spec(tmp_path, BASE % ("", "Nothing")))
    assert build.main(["--check", "--output", str(tmp_path / "schema.jsonl")]) == 2
    assert "unknown inventory" in capsys.readouterr().err
    assert not (tmp_path / "schema.jsonl").exists()
