"""Human output: tables at 80 and 200 columns, vertical records, single-inventory records, footers, colour."""
from __future__ import annotations

import io
import re

import pytest

from .helpers.bodies import CLONE_REPLY, VERSIONS_REPLY, fresh, models_reply
from zscli.output import Format
from zscli.output.render import render
from zscli.output.values import human_bytes, iso_date, plural_noun
from zscli.schema import load
from zscli.schema.types import Api

SCHEMA = load()


def _api(name: str) -> Api:
    api = SCHEMA.api(name)
    assert api is not None, name
    return api
ANSI = re.compile(r"\x1b\[")


def run(api: str, body, fmt: Format = Format.TABLE, *, width: int = 200, **kw) -> str:
    out = io.StringIO()
    render(_api(api), body, fmt, out=out, schema=SCHEMA, width=width, **kw)
    return out.getvalue()


def test_table_at_200_columns_shows_default_columns_with_gib_and_iso_dates():
    text = run("QueryModel", models_reply(3, total=3))
    lines = text.splitlines()
    assert lines[0].split() == list(SCHEMA.inventory("Model").columns)
    assert "installPath" not in text and "RECORD" not in text
    rows = [ln for ln in lines if ln.startswith("0000")]
    assert len(rows) == 3
    assert "2.0 GiB" in rows[0] and "2025-11-25 11:51:50" in rows[0]
    assert "2147483648" not in text and "Nov 25, 2025" not in text
    assert all(len(line) <= 200 for line in lines)
    assert lines[-1] == "3 models"


def test_default_columns_fit_80_by_leaving_out_the_last_ones():
    text = run("QueryModel", models_reply(3, total=10), width=80)
    lines = text.splitlines()
    assert "RECORD" not in text and all(len(line) <= 80 for line in lines)
    columns = list(SCHEMA.inventory("Model").columns)
    shown = lines[0].split()
    assert shown[:2] == columns[:2] and shown == [c for c in columns if c in shown] and len(shown) < len(columns)
    assert lines[-2].startswith("hidden to fit 80 columns: ")
    assert lines[-2].split(": ", 1)[1].split(" (")[0].split(", ") == [c for c in columns if c not in shown]
    assert lines[-1] == "3 of 10 models — next page: start=3"


def test_chosen_columns_too_wide_for_80_switch_to_vertical_records():
    fields = ("uuid", "name", "installPath", "size", "createDate")
    text = run("QueryModel", models_reply(3, total=10), width=80, fields=fields)
    assert text.count("-[ RECORD ") == 3 and "hidden" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    first = text.split("-[ RECORD 2 ]")[0]
    assert re.search(r"^size:\s+2\.0 GiB$", first, re.M)
    assert re.search(r"^createDate:\s+2025-11-25 11:51:50$", first, re.M)
    assert text.splitlines()[-1] == "3 of 10 models — next page: start=3"
    wide = run("QueryModel", models_reply(2, total=2), Format.WIDE, width=120)
    assert wide.count("-[ RECORD ") == 2 and re.search(r"^installPath:", wide, re.M)


def test_narrow_columns_still_fit_80_as_a_table():
    text = run("QueryModel", models_reply(2), width=80, fields=("uuid", "name", "size"))
    lines = text.splitlines()
    assert lines[0].split() == ["uuid", "name", "size"] and "RECORD" not in text
    assert all(len(line) <= 80 for line in lines)


def test_wide_shows_every_primitive_field_and_no_lists():
    text = run("QueryModel", models_reply(1, total=1), Format.WIDE, width=400)
    header = text.splitlines()[0].split()
    for name in ("installPath", "SAMPLE_SIZE", "extraGpuMemRequest", "isLatestVersion", "lastOpDate"):
        assert name in header
    assert "modelServiceRefs" not in header and "recommendedGpuNum" not in header
    assert text.count("2.0 GiB") == 2  # size and extraGpuMemRequest
    assert "2025-12-01 13:02:03" in text


def test_nested_values_are_summarised_on_one_line():
    body = models_reply(2)
    body["inventories"][1]["recommendedGpuNum"] = list(range(40))
    text = run("QueryModel", body, fields=("name", "recommendedGpuNum", "modelServiceRefs"))
    lines = text.splitlines()
    assert len(lines) == 5  # header, rule, two rows, footer
    assert "1, 2" in lines[2] and "[1 item]" in lines[2]
    assert "[40 items]" in lines[3]
    services = {"inventories": [{"uuid": "s" * 32, "name": "svc", "vendorToSpecUuidsMap": {"nvidia": ["a"], "amd": []}},
                                {"uuid": "t" * 32, "name": "svc2"}]}
    text = run("QueryModelService", services, fields=("name", "vendorToSpecUuidsMap"))
    assert "{2 keys}" in text and text.splitlines()[-1] == "2 model services"


def test_long_and_multiline_text_does_not_break_rows():
    body = models_reply(2)
    body["inventories"][0]["description"] = "x" * 300
    body["inventories"][1]["description"] = "first line\nsecond line"
    text = run("QueryModel", body, fields=("name", "description"))
    lines = text.splitlines()
    assert len(lines) == 5 and "…" in lines[2] and "second line" not in text
    assert "first line …" in lines[3]


def test_one_inventory_is_a_record_with_nested_images_indented():
    text = run("CloneModelService", fresh(CLONE_REPLY), width=80)
    assert re.search(r"^uuid:\s+90d425a802ff44eeb530f21587633700$", text, re.M)
    assert "modelServiceImages:\n  - uuid:" in text
    assert re.search(r"^    cpuArchitecture:\s+aarch64$", text, re.M)
    assert re.search(r"^    createDate:\s+2025-11-25 11:51:50$", text, re.M)
    assert re.search(r"^system:\s+true$", text, re.M)
    for empty in ("readme", "vendorToSpecUuidsMap", "cpuArchitectures"):
        assert f"{empty}:" not in text
    assert "Nov 25" not in text
    # multi-line text continues under its value column
    assert re.search(r"^yaml:\s+services:\n\s+- ports:", text, re.M)


def test_get_by_uuid_with_one_inventory_is_a_record():
    text = run("QueryModel", models_reply(1))
    assert re.search(r"^installPath:\s+192\.168\.10\.10:/ai/model_center/qwen_1$", text, re.M)
    assert "modelServiceRefs:\n  - uuid:" in text
    assert "models" not in text.splitlines()[-1]


def test_modelarts_versions_table_has_dotted_columns_and_offset_footer():
    text = run("ListModelVersions", fresh(VERSIONS_REPLY), width=200)
    header = text.splitlines()[0].split()
    assert header == ["id", "name", "description", "config.llm_model_config.base_model_type", "create_time",
                      "create_user.user_name"]
    assert "qwen2-7b" in text and "alice" in text and "版本说明 2" in text
    assert text.splitlines()[-1] == "3 of 12 model versions — next page: offset=3"
    assert run("ListModelVersions", fresh(VERSIONS_REPLY), start=3).splitlines()[-1] == \
        "3 of 12 model versions — next page: offset=6"
    narrow = run("ListModelVersions", fresh(VERSIONS_REPLY), width=80)
    assert narrow.splitlines()[0].split()[:2] == ["id", "name"] and "hidden to fit 80 columns" in narrow
    vertical = run("ListModelVersions", fresh(VERSIONS_REPLY), width=80,
                   fields=("id", "name", "create_time", "create_user.user_name", "config.llm_model_config.model_path"))
    assert re.search(r"^create_user\.user_name:\s+alice$", vertical, re.M)


@pytest.mark.parametrize("count,total,start,expected", [
    (20, 57, None, "20 of 57 models — next page: start=20"),
    (20, None, None, "20 models"),
    (17, 57, 40, "17 of 57 models"),
    (20, 57, 20, "20 of 57 models — next page: start=40"),
    (0, 0, None, "0 models"),
    (2, 2, None, "2 models"),
])
def test_footer_texts(count, total, start, expected):
    body = models_reply(count, total=total)
    text = run("QueryModel", body, fields=("uuid", "name") if count != 1 else (), start=start)
    assert text.splitlines()[-1] == expected


def test_plural_nouns_from_inventory_names():
    assert plural_noun("Model", 2) == "models"
    assert plural_noun("ModelService", 2) == "model services"
    assert plural_noun("ModelVersion", 5) == "model versions"
    assert plural_noun("ModelVersion", 1) == "model version"
    assert plural_noun("ModelServiceRef", 0) == "model service refs"


def test_count_valid_and_none_in_table_mode():
    assert run("QueryModel", {"total": 57}) == "total: 57\n"
    assert run("ValidateSession", {"validSession": True}) == "valid: true\n"
    assert run("ValidateSession", {"valid": False}) == "valid: false\n"
    assert run("DeleteModel", {}) == ""
    assert run("LogOut", None) == ""


def test_no_ansi_without_color_and_ansi_with_it():
    bodies = [("QueryModel", models_reply(3, total=9), 200), ("QueryModel", models_reply(3, total=9), 80),
              ("CloneModelService", CLONE_REPLY, 100), ("ListModelVersions", VERSIONS_REPLY, 200)]
    for api, body, width in bodies:
        assert not ANSI.search(run(api, fresh(body), width=width, color=False))
        assert ANSI.search(run(api, fresh(body), width=width, color=True))


def test_value_helpers():
    assert human_bytes(2147483648) == "2.0 GiB"
    assert human_bytes(512) == "512 B"
    assert human_bytes(1536) == "1.5 KiB"
    assert human_bytes("n/a") is None
    assert iso_date("Nov 25, 2025 11:51:50 AM") == "2025-11-25 11:51:50"
    assert iso_date("Jan 2, 2025 12:05:09 AM") == "2025-01-02 00:05:09"
    assert iso_date("Jan 2, 2025 12:05:09 PM") == "2025-01-02 12:05:09"
    assert iso_date("not a date") is None


def test_width_defaults_to_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    render(SCHEMA.api("QueryModel"), models_reply(2, total=2), Format.TABLE, out=out, schema=SCHEMA)
    assert "hidden to fit 80 columns" in out.getvalue()
    monkeypatch.setenv("COLUMNS", "200")
    out = io.StringIO()
    render(SCHEMA.api("QueryModel"), models_reply(2, total=2), Format.TABLE, out=out, schema=SCHEMA)
    assert "RECORD" not in out.getvalue() and "hidden" not in out.getvalue()


def test_columns_are_dropped_and_records_used_exactly_when_the_table_would_not_fit():
    body = models_reply(3, total=3)
    natural = max(len(line) for line in run("QueryModel", body, width=300).splitlines()[:-1])
    assert "hidden" not in run("QueryModel", body, width=natural)
    assert "hidden to fit" in run("QueryModel", body, width=natural - 1)
    fields = tuple(SCHEMA.inventory("Model").columns)
    assert "RECORD" not in run("QueryModel", body, width=natural, fields=fields)
    assert "RECORD" in run("QueryModel", body, width=natural - 1, fields=fields)
    two = max(len(line) for line in run("QueryModel", body, width=300, fields=fields[:2]).splitlines()[:-1])
    assert "RECORD" in run("QueryModel", body, width=two - 1)  # not even the first two columns fit


def test_plan_columns_cuts_long_cells_before_dropping_columns():
    from zscli.output.table import plan_columns

    assert plan_columns([10, 10, 10], [10, 10, 10], 34, may_drop=True).keep == (0, 1, 2)
    cut = plan_columns([32, 100, 7, 19], [32, 20, 7, 19], 80, may_drop=True)
    assert cut.keep == (0, 1, 2) and cut.caps == (32, 37, 7)  # the long cell is cut; the date dropped last
    fits_all = plan_columns([32, 100, 7, 19], [32, 20, 7, 19], 90, may_drop=True)
    assert fits_all.keep == (0, 1, 2, 3) and fits_all.caps == (32, 26, 7, 19)
    assert plan_columns([32, 100, 7], [32, 20, 7], 60, may_drop=True).caps == (32, 26)
    assert plan_columns([50, 50, 1], [50, 50, 1], 20, may_drop=True) is None
    assert plan_columns([10, 40], [10, 20], 30, may_drop=False) is None
    assert plan_columns([10, 40], [10, 20], 34, may_drop=False).caps == (10, 22)


def test_footer_offers_the_next_page_when_a_full_page_came_without_a_total():
    assert run("QueryModel", models_reply(5), fields=("uuid", "name"), limit=5).splitlines()[-1] == \
        "5 models — next page: start=5"
    assert run("QueryModel", models_reply(5), fields=("uuid", "name"), limit=5, start=10).splitlines()[-1] == \
        "5 models — next page: start=15"
    assert run("QueryModel", models_reply(4), fields=("uuid", "name"), limit=5).splitlines()[-1] == "4 models"


def test_rfc3339_times_show_as_local_time_in_tables_only():
    from datetime import datetime, timezone

    body = fresh(VERSIONS_REPLY)
    raw = body["versions"][0]["create_time"]
    assert raw.endswith("Z")
    local = datetime.fromisoformat(raw[:-1] + "+00:00").astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert local in run("ListModelVersions", body) and raw not in run("ListModelVersions", body)
    assert raw in run("ListModelVersions", fresh(VERSIONS_REPLY), Format.CSV)
    assert iso_date("2025-01-26T08:25:00+08:00") == datetime(
        2025, 1, 26, 0, 25, tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert iso_date("2025-01-26T08:25:00") is None  # no zone: not known to be a time


def test_one_model_version_is_a_record_with_nested_config_indented():
    body = fresh(VERSIONS_REPLY)
    body["versions"], body["total"] = body["versions"][:1], 1
    text = run("ListModelVersions", body, width=80)
    assert "config:\n  llm_model_config:\n    base_model_type:" in text
    assert re.search(r"^create_user:\n  \S+:", text, re.M) and "model version" not in text
    rows = run("ListModelVersions", body, Format.CSV).splitlines()
    assert len(rows) == 2 and "config.llm_model_config.base_model_type" in rows[0]
