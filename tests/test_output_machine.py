"""Machine formats (json, yaml, csv, tsv): exact data, parsed back and compared with the reply."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import yaml

from .helpers.bodies import CLONE_REPLY, VERSIONS_REPLY, fresh, models_reply
from zscli.errors import UsageError
from zscli.output import Format, flatten
from zscli.output.render import render
from zscli.schema import load
from zscli.schema.types import Api

SCHEMA = load()


def _api(name: str) -> Api:
    api = SCHEMA.api(name)
    assert api is not None, name
    return api


def run(api: str, body, fmt: Format, **kw) -> str:
    out = io.StringIO()
    render(_api(api), body, fmt, out=out, schema=SCHEMA, **kw)
    return out.getvalue()


def test_format_parse_accepts_every_choice_any_case():
    for fmt in Format:
        assert Format.parse(fmt.value.upper()) is fmt
    with pytest.raises(UsageError) as info:
        Format.parse("xml")
    assert "table, wide, json, yaml, csv, tsv" in info.value.hint


@pytest.mark.parametrize("api,body", [("QueryModel", models_reply(3, total=9)),
                                      ("CloneModelService", CLONE_REPLY),
                                      ("ListModelVersions", VERSIONS_REPLY)])
def test_json_is_the_reply_as_sent(api, body):
    text = run(api, fresh(body), Format.JSON)
    assert json.loads(text) == body
    assert list(json.loads(text)) == list(body)  # key order kept
    assert text.startswith("{\n  \"")  # indent 2


def test_json_keeps_non_ascii_and_raw_values():
    text = run("ListModelVersions", fresh(VERSIONS_REPLY), Format.JSON)
    assert "版本说明 1" in text and "\\u" not in text
    text = run("QueryModel", models_reply(1), Format.JSON)
    assert '"size": 2147483648' in text and '"createDate": "Nov 25, 2025 11:51:50 AM"' in text


@pytest.mark.parametrize("api,body", [("QueryModel", models_reply(2, total=5)),
                                      ("CloneModelService", CLONE_REPLY),
                                      ("ListModelVersions", VERSIONS_REPLY)])
def test_yaml_round_trips_in_reply_order(api, body):
    text = run(api, fresh(body), Format.YAML)
    assert yaml.safe_load(text) == body
    assert "版本" in text or api != "ListModelVersions"
    first = body.get("inventory") or (body.get("inventories") or body.get("versions"))[0]
    loaded = yaml.safe_load(text)
    loaded_first = loaded.get("inventory") or (loaded.get("inventories") or loaded.get("versions"))[0]
    assert list(loaded_first) == list(first)


def test_yaml_writes_multiline_text_as_a_block():
    text = run("CloneModelService", fresh(CLONE_REPLY), Format.YAML)
    assert "yaml: |" in text


def _parse_cell(text: str, original):
    """The CSV text of a cell back to a value of the original's kind."""
    if original is None:
        assert text == ""
        return None
    if isinstance(original, bool):
        return {"true": True, "false": False}[text]
    if isinstance(original, (list, dict)):
        return json.loads(text)
    return type(original)(text)


def test_csv_round_trips_every_field_of_every_row():
    body = models_reply(3, total=3)
    body["inventories"][1]["description"] = 'multi\nline, "quoted" 中文'
    text = run("QueryModel", fresh(body), Format.CSV)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    for row, original in zip(rows, body["inventories"], strict=False):
        assert set(row) == set(original)
        assert {k: _parse_cell(row[k], v) for k, v in original.items()} == original


def test_csv_header_follows_the_schema_not_the_first_row():
    body = models_reply(2)
    del body["inventories"][0]["description"]  # the first row lacks a field a later row has
    body["inventories"][1]["futureField"] = "x"  # a field the schema does not know goes last
    header = run("QueryModel", fresh(body), Format.CSV).splitlines()[0].split(",")
    model_fields = [f.name for f in SCHEMA.inventory("Model").fields]
    known = [h for h in header if h in model_fields]
    assert known == sorted(known, key=model_fields.index)
    assert header[:3] == ["uuid", "name", "description"] and header[-1] == "futureField"


def test_csv_of_one_inventory_is_one_row():
    rows = list(csv.DictReader(io.StringIO(run("CloneModelService", fresh(CLONE_REPLY), Format.CSV))))
    assert len(rows) == 1
    inv = CLONE_REPLY["inventory"]
    assert {k: _parse_cell(rows[0][k], v) for k, v in inv.items()} == inv
    assert json.loads(rows[0]["modelServiceImages"])[1]["cpuArchitecture"] == "aarch64"


def test_csv_flattens_modelarts_objects_to_dotted_columns():
    text = run("ListModelVersions", fresh(VERSIONS_REPLY), Format.CSV)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["id", "name", "cap_white_list", "description",
                             "config.llm_model_config.base_model_type", "config.llm_model_config.model_path",
                             "create_time", "create_user.domain_name", "create_user.domain_id",
                             "create_user.user_name", "create_user.user_id"]
    for row, original in zip(rows, VERSIONS_REPLY["versions"], strict=False):
        flat = flatten(original)
        assert {k: _parse_cell(row[k], v) for k, v in flat.items()} == flat
    assert rows[0]["cap_white_list"] == '["chat","embed"]'


def test_csv_follows_fields_option():
    text = run("QueryModel", models_reply(2), Format.CSV, fields=("uuid", "name"))
    assert text.splitlines()[0] == "uuid,name"
    assert text.splitlines()[1] == f"{1:032x},qwen 1.5 1B"


def test_tsv_keeps_one_line_per_row_and_escapes_text():
    text = run("CloneModelService", fresh(CLONE_REPLY), Format.TSV)
    lines = text.splitlines()
    assert len(lines) == 2
    header, row = lines[0].split("\t"), lines[1].split("\t")
    assert len(header) == len(row) == len(CLONE_REPLY["inventory"])
    cell = row[header.index("yaml")]
    assert "\\n" in cell and cell.replace("\\n", "\n") == CLONE_REPLY["inventory"]["yaml"]


def test_count_valid_and_empty_replies():
    assert run("QueryModel", {"total": 57}, Format.CSV) == "total\n57\n"
    assert json.loads(run("QueryModel", {"total": 57}, Format.JSON)) == {"total": 57}
    assert run("DeleteModel", {}, Format.JSON) == "{}\n"
    assert run("DeleteModel", None, Format.JSON) == "{}\n"
    assert run("DeleteModel", {}, Format.CSV) == ""
    assert run("ValidateSession", {"validSession": True}, Format.CSV) == "valid\ntrue\n"
    assert yaml.safe_load(run("ValidateSession", {"valid": False}, Format.YAML)) == {"valid": False}


def test_flatten_makes_dotted_keys():
    assert flatten({"a": {"b": {"c": 1}, "d": [1]}, "e": {}}) == {"a.b.c": 1, "a.d": [1], "e": {}}


def test_machine_formats_do_not_import_rich():
    code = (
        "import io, sys\n"
        "import zscli.output as o\n"
        "assert 'rich' not in sys.modules and 'yaml' not in sys.modules, 'import is not lazy'\n"
        "from zscli.schema import load\n"
        "s = load()\n"
        "body = {'inventories': [{'uuid': 'a', 'name': 'n', 'size': 1}], 'total': 1}\n"
        "for f in (o.Format.JSON, o.Format.YAML, o.Format.CSV, o.Format.TSV):\n"
        "    o.render(s.api('QueryModel'), body, f, out=io.StringIO(), schema=s)\n"
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))\n"
        "o.render(s.api('QueryModel'), body, o.Format.TABLE, out=io.StringIO(), schema=s, width=100)\n"
        "print('rich' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "False"]  # a table without colour is plain text: no rich either
