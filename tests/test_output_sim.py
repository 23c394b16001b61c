"""Rendering real replies fetched from the live simulator."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
import requests

from zscli.errors import ServerError
from zscli.output import Format, flatten, format_error
from zscli.output.render import render
from zscli.schema import load
from zscli.schema.types import Api
from zscli.sim.demo import IDS, MA_MODEL_VERSIONS

SCHEMA = load()


def _api(name: str) -> Api:
    api = SCHEMA.api(name)
    assert api is not None, name
    return api


@pytest.fixture(scope="module")
def zget(sim):
    headers = {"Authorization": f"OAuth {sim.login()}"}

    def get(path: str, **params) -> dict:
        reply = requests.get(sim.url + "/zstack/v1" + path, params=params, headers=headers, timeout=10)
        assert reply.status_code == 200, reply.text
        return reply.json()

    return get


def run(api: str, body, fmt: Format = Format.TABLE, *, width: int = 200, **kw) -> str:
    out = io.StringIO()
    render(_api(api), body, fmt, out=out, schema=SCHEMA, width=width, **kw)
    return out.getvalue()


def test_query_page_table_footer_and_machine_formats(zget):
    body = zget("/ai/models", limit=5, replyWithCount="true")
    total = body["total"]
    assert total > 5
    text = run("QueryModel", body, width=250, limit=5)
    assert text.splitlines()[0].split() == list(SCHEMA.inventory("Model").columns)
    assert text.splitlines()[-1] == f"5 of {total} models — next page: start=5"
    assert "GiB" in text and re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text)
    assert json.loads(run("QueryModel", body, Format.JSON)) == body
    rows = list(csv.DictReader(io.StringIO(run("QueryModel", body, Format.CSV))))
    assert [r["uuid"] for r in rows] == [m["uuid"] for m in body["inventories"]]
    assert [int(r["size"]) for r in rows if r["size"]] == [m["size"] for m in body["inventories"] if "size" in m
                                                          and m["size"] is not None]
    narrow = run("QueryModel", body, width=80, limit=5).splitlines()
    assert "RECORD" not in "\n".join(narrow) and all(len(ln) <= 80 for ln in narrow)
    assert narrow[0].split()[:2] == ["uuid", "name"] and narrow[1].startswith("─")
    assert [ln.split()[0] for ln in narrow[2:7]] == [m["uuid"] for m in body["inventories"]]
    assert narrow[-2].startswith("hidden to fit 80 columns")
    assert narrow[-1] == f"5 of {total} models — next page: start=5"
    unknown = run("QueryModel", {"inventories": body["inventories"]}, width=80, limit=5)
    assert unknown.splitlines()[-1] == "5 models — next page: start=5"


def test_get_by_uuid_renders_a_record_with_images(zget):
    body = zget(f"/ai/model-services/{IDS.model_service}")
    assert len(body["inventories"]) == 1
    text = run("QueryModelService", body, width=100)
    assert re.search(rf"^uuid:\s+{IDS.model_service}$", text, re.M)
    assert "modelServiceImages:\n  - " in text
    assert re.search(r"^    cpuArchitecture:\s+aarch64$", text, re.M)
    assert "Nov 25, 2025" not in text and "2025-11-25 11:51:50" in text


def test_count_only_query(zget):
    body = zget("/ai/models", count="true")
    assert run("QueryModel", body) == f"total: {body['total']}\n"


def test_model_versions_page(sim):
    url = f"{sim.url}/v1/workspaces/{IDS.workspace}/models/{IDS.ma_model}/versions"
    reply = requests.get(url, params={"limit": 10}, headers={"X-Auth-Token": sim.modelarts_token}, timeout=10)
    body = reply.json()
    assert reply.status_code == 200 and body["total"] == MA_MODEL_VERSIONS
    text = run("ListModelVersions", body, width=250)
    assert "config.llm_model_config.base_model_type" in text.splitlines()[0]
    assert text.splitlines()[-1] == f"10 of {MA_MODEL_VERSIONS} model versions — next page: offset=10"
    rows = list(csv.DictReader(io.StringIO(run("ListModelVersions", body, Format.CSV))))
    for row, version in zip(rows, body["versions"], strict=False):
        for key, value in flatten(version).items():
            assert row[key] == (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
                                if isinstance(value, (list, dict)) else ("" if value is None else str(value)))


def test_real_error_bodies(sim):
    reply = requests.get(sim.url + "/zstack/v1/ai/models", headers={"Authorization": "OAuth " + "0" * 32},
                         timeout=10)
    error = reply.json()["error"]
    text = format_error(ServerError("rejected", status=reply.status_code, body=error))
    assert text.splitlines()[0] == f"error: {error['code']}: {error['description']}"
    url = f"{sim.url}/v1/workspaces/{IDS.workspace}/models/no-such-model/versions"
    reply = requests.get(url, headers={"X-Auth-Token": sim.modelarts_token}, timeout=10)
    body = reply.json()
    text = format_error(ServerError("rejected", status=reply.status_code, body=body))
    assert text.splitlines()[0] == f"error: {body['error_code']}: {body['error_msg']}"
    assert text.splitlines()[1] == f"  solution: {body['solution_msg']}"


def test_sizes_are_humanised_at_every_depth_of_a_vertical_record(sim, state_dir):
    """A VM record (the real CLI against the simulator, a human format): its own memorySize and the sizes of
    the volumes nested under it read as GiB, as a model's size does; JSON keeps the bytes."""
    from .helpers.cli import login, zscli

    login(sim)
    run = zscli(sim, "-o", "table", "QueryVmInstance", "name=batch-1")
    assert run.code == 0, run.err
    assert re.search(r"^memorySize:\s+8\.0 GiB$", run.out, re.M)
    assert re.search(r"^allVolumes:\n  - uuid:", run.out, re.M)
    assert re.search(r"^    size:\s+40\.0 GiB$", run.out, re.M)
    assert re.search(r"^    actualSize:\s+6\.0 GiB$", run.out, re.M)
    assert "42949672960" not in run.out
    table = zscli(sim, "-o", "table", "QueryVolume", "fields=name,size", "limit=2")
    assert re.search(r"^ROOT-for-\S+\s+40\.0 GiB$", table.out, re.M), table.out
    raw = zscli(sim, "-o", "json", "QueryVmInstance", "name=batch-1").json()
    assert raw["inventories"][0]["allVolumes"][0]["size"] == 42949672960
