"""``zscli.schema.load()`` is lazy, cached and frozen; the build is deterministic and rejects bad specs."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from zscli.schema import build, from_data, load


def test_import_reads_nothing_and_load_is_cached():
    code = ("import sys, zscli.schema as s\n"
            "print('yaml' in sys.modules, s.load.cache_info().currsize)\n"
            "a = s.load(); b = s.load()\n"
            "print(a is b, s.load.cache_info().hits)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "0", "True", "1"]


def test_schema_objects_are_frozen():
    schema = load()
    with pytest.raises(dataclasses.FrozenInstanceError):
        schema.api("QueryModel").path = "/x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        schema.inventory("Model").fields[0].name = "x"  # type: ignore[misc]


def test_build_is_deterministic_and_matches_the_committed_file():
    first, second = build.render(build.compile_specs()), build.render(build.compile_specs())
    assert first == second == build.OUTPUT.read_text(encoding="utf-8")
    data = json.loads(first)
    assert from_data(data) == load()
    # Primitive flags are written out for readers of schema.json and agree with the types.
    for inv in data["inventories"]:
        for field in inv["fields"]:
            assert field["primitive"] == (field["type"] not in ("List", "Map", "Object"))


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
    (BASE % ("{name: r, target: Other, local_key: uuid, remote_key: uuid}", "Thing"), "unknown target"),
    (BASE % ("", "Thing") + "  Bad: {method: GET, path: '/b/{id}', action: delete, reply: none}\n",
     "path parameter {id} is not declared"),
    ((BASE % ("", "Thing")).replace("error: ErrorCode", "error: Nope"), "unknown error shape"),
])
def test_inconsistent_specs_are_rejected(tmp_path, text, message):
    with pytest.raises(build.SpecError, match=message):
        build.compile_specs(_spec(tmp_path, text))


def test_build_reports_a_bad_spec_without_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build, "SPECS", _spec(tmp_path, BASE % ("", "Nothing")))
    monkeypatch.setattr(build, "OUTPUT", tmp_path / "schema.json")
    assert build.main(["--check"]) == 2
    assert "unknown inventory" in capsys.readouterr().err
    assert not (tmp_path / "schema.json").exists()
