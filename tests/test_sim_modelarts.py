"""The simulator's ModelArts family over real HTTP: token, paging validation, filters, error bodies."""
from __future__ import annotations

import pytest
import requests

from zscli.sim import IDS



ERROR_KEYS = {"error_code", "error_msg", "solution_msg"}


def versions_url(sim, workspace=IDS.workspace, model=IDS.ma_model):
    return f"{sim.modelarts_endpoint}/v1/workspaces/{workspace}/models/{model}/versions"


def call(sim, params=None, token=True, **where):
    headers = {"X-Auth-Token": sim.modelarts_token} if token is True else ({"X-Auth-Token": token} if token else {})
    return requests.get(versions_url(sim, **where), params=params or {}, headers=headers)


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_token_is_required(sim, token):
    reply = call(sim, token=token)
    assert reply.status_code == 401 and set(reply.json()) == ERROR_KEYS


def test_defaults_and_shape(sim):
    body = call(sim).json()
    assert body["total"] == 25 and len(body["versions"]) == 10
    version = body["versions"][0]
    assert set(version) == {"id", "name", "cap_white_list", "description", "config", "create_time", "create_user"}
    assert set(version["config"]["llm_model_config"]) == {"base_model_type", "model_path"}
    assert set(version["create_user"]) == {"domain_name", "domain_id", "user_name", "user_id"}
    assert isinstance(version["cap_white_list"], list)
    assert 32 <= len(version["id"]) <= 36


def test_paging(sim):
    everything = call(sim, {"limit": 100}).json()["versions"]
    assert len(everything) == 25 and len({v["id"] for v in everything}) == 25
    page = call(sim, {"offset": 20, "limit": 10}).json()
    assert page["total"] == 25 and [v["id"] for v in page["versions"]] == [v["id"] for v in everything[20:]]
    assert call(sim, {"offset": 30}).json() == {"total": 25, "versions": []}
    assert call(sim, {"limit": 1}).json()["versions"] == everything[:1]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"limit": -1}, {"limit": "ten"},
                                    {"offset": -1}, {"offset": "1.5"}])
def test_bad_paging_is_400(sim, params):
    reply = call(sim, params)
    assert reply.status_code == 400 and set(reply.json()) == ERROR_KEYS
    assert next(iter(params)) in reply.json()["error_msg"]


def test_unknown_workspace_or_model_is_404(sim):
    ws = call(sim, workspace="no-such-workspace")
    model = call(sim, model="no-such-model")
    assert ws.status_code == model.status_code == 404
    assert set(ws.json()) == set(model.json()) == ERROR_KEYS
    assert ws.json()["error_code"] != model.json()["error_code"]
    other_ws = call(sim, workspace=IDS.workspace2, model=IDS.ma_model)  # the model lives in workspace 1
    assert other_ws.status_code == 404


def test_filters(sim):
    everything = call(sim, {"limit": 100}).json()["versions"]
    target = everything[7]
    exact = call(sim, {"version_id": target["id"]}).json()
    assert exact == {"total": 1, "versions": [target]}
    assert call(sim, {"version_id": target["id"][:-1]}).json()["total"] == 0
    fuzzy = call(sim, {"name": "V1.1", "limit": 100}).json()
    assert {v["id"] for v in fuzzy["versions"]} == {v["id"] for v in everything if "v1.1" in v["name"].lower()}
    assert fuzzy["total"] == len(fuzzy["versions"]) > 1
    chinese = call(sim, {"name": "发布"}).json()
    assert chinese["total"] == 1 and "发布" in chinese["versions"][0]["name"]


def test_second_workspace(sim):
    body = call(sim, workspace=IDS.workspace2, model=IDS.ma_model_ws2).json()
    assert body["total"] == 4
    assert call(sim, model=IDS.ma_model_small).json()["total"] == 3


def test_unknown_modelarts_path_is_404_with_a_modelarts_body(sim):
    reply = requests.get(f"{sim.modelarts_endpoint}/v1/workspaces/{IDS.workspace}/models",
                         headers={"X-Auth-Token": sim.modelarts_token})
    assert reply.status_code == 404 and set(reply.json()) == ERROR_KEYS
