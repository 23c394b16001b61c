"""Simulator queries over real HTTP: operators, nulls, LIKE, IN, the operator-order rule, cross-table
conditions, paging, sorting, count, fields and groupBy."""
from __future__ import annotations

import pytest
import requests

from zscli.sim import IDS, gson



MODELS = "/zstack/v1/ai/models"
SERVICES = "/zstack/v1/ai/model-services"


@pytest.fixture()
def http(sim):
    session = requests.Session()
    session.headers["Authorization"] = f"OAuth {sim.login()}"
    yield session
    session.close()


def get(sim, http, path, *conds, **opts):
    params = [("q", c) for c in conds] + list(opts.items())
    return http.get(sim.url + path, params=params)


def names(sim, http, *conds, path=MODELS, **opts):
    reply = get(sim, http, path, *conds, **opts)
    assert reply.status_code == 200, reply.text
    return {inv["name"] for inv in reply.json()["inventories"]}


@pytest.fixture()
def all_models(sim, http):
    return get(sim, http, MODELS).json()["inventories"]


GiB = 1024 ** 3


@pytest.mark.parametrize("cond, keep", [
    ("vendor=Meta", lambda m: m["vendor"] == "Meta"),
    ("vendor!=Meta", lambda m: m["vendor"] != "Meta"),
    (f"size>{100 * GiB}", lambda m: m["size"] > 100 * GiB),
    (f"size<{15 * GiB}", lambda m: m["size"] < 15 * GiB),
    (f"size>={15 * GiB}", lambda m: m["size"] >= 15 * GiB),
    (f"size<={15 * GiB}", lambda m: m["size"] <= 15 * GiB),
    ("name~=%Chat", lambda m: m["name"].lower().endswith("chat")),
    ("name!~=%Chat", lambda m: not m["name"].lower().endswith("chat")),
    ("vendor?=Meta,Mistral", lambda m: m["vendor"] in ("Meta", "Mistral")),
    ("vendor!?=Meta,Mistral,Alibaba", lambda m: m["vendor"] not in ("Meta", "Mistral", "Alibaba")),
    ("isLatestVersion=true", lambda m: m["isLatestVersion"] is True),
    ("isLatestVersion=false", lambda m: m["isLatestVersion"] is False),
])
def test_every_operator_matches_python(sim, http, all_models, cond, keep):
    expected = {m["name"] for m in all_models if keep(m)}
    assert expected and expected != {m["name"] for m in all_models}
    assert names(sim, http, cond) == expected


def test_both_null_spellings(sim, http, all_models):
    unversioned = {m["name"] for m in all_models if "version" not in m}
    assert len(unversioned) == 5
    assert names(sim, http, "version is null") == unversioned
    assert names(sim, http, "version not null") == {m["name"] for m in all_models} - unversioned
    # Null fields are left out of the inventory, as Gson does.
    reply = get(sim, http, MODELS, "version is null").json()["inventories"]
    assert all("version" not in inv for inv in reply)


def test_like_wildcards_are_not_added_by_the_server(sim, http):
    assert names(sim, http, "name~=Llama-3._-8B%") == {"Llama-3.1-8B-Instruct"}
    assert names(sim, http, "name~=Llama") == set()  # no implicit %...%
    assert names(sim, http, "name~=%Llama%") == {"Llama-3.1-8B-Instruct", "Llama-3.1-70B-Instruct",
                                                 "Llama-3.2-11B-Vision"}
    assert names(sim, http, "name~=_wen2.5-7B-Instruct") == {"Qwen2.5-7B-Instruct"}


def test_in_list_with_one_value_and_with_numbers(sim, http, all_models):
    assert names(sim, http, "vendor?=Zhipu") == {"GLM-4-9B-Chat", "ChatGLM3-6B"}
    sizes = f"{15 * GiB},{14 * GiB}"
    assert names(sim, http, f"size?={sizes}") == {m["name"] for m in all_models if m["size"] in (15 * GiB, 14 * GiB)}


def test_several_conditions_are_anded(sim, http):
    assert names(sim, http, "vendor=Alibaba", "name~=%72B%") == {"Qwen2.5-72B-Instruct"}


def test_timestamps_compare_with_gson_text_or_epoch_millis(sim, http, all_models):
    cut = gson.parse(all_models[10]["createDate"])
    later = {m["name"] for m in all_models if gson.parse(m["createDate"]) > cut}
    assert later and len(later) < len(all_models)
    assert names(sim, http, f"createDate>{all_models[10]['createDate']}") == later
    assert names(sim, http, f"createDate>{cut}") == later


def test_operator_order_rule(sim, http):
    # '<=' is tested before '=': the field becomes "name=x" -> unknown field.
    reply = get(sim, http, MODELS, "name=x<=y")
    assert reply.status_code == 400 and "name=x" in reply.text
    assert reply.headers["Content-Type"].startswith("text/plain")
    # '~=' is tested before '=': the value keeps its '='.
    assert names(sim, http, "name~=%=%") == set()
    # ' is null' is tested after '=': "name=this is null" compares name with the text "this is null".
    assert names(sim, http, "name=this is null") == set()
    assert names(sim, http, "name=qwen 1.5 32B") == {"qwen 1.5 32B"}


def test_operator_order_rule_with_values_holding_operators(fresh_sim):
    session = requests.Session()
    session.headers["Authorization"] = f"OAuth {fresh_sim.login()}"
    body = {"updateModel": {"name": "a=b<c"}}
    job = session.put(f"{fresh_sim.url}{MODELS}/{IDS.model}", json=body).json()
    assert session.get(job["location"]).status_code == 200
    assert names(fresh_sim, session, "name=a=b<c") == {"a=b<c"}
    assert names(fresh_sim, session, "name~=a=b%") == {"a=b<c"}
    # '=' is tested before '>': "name>a=b" has the field "name>a", which does not exist.
    assert get(fresh_sim, session, MODELS, "name>a=b").status_code == 400
    assert "a=b<c" not in names(fresh_sim, session, "name!=a=b<c")


def test_field_names_are_trimmed_like_the_server(sim, http, all_models):
    # The server trims the field name (never the value), also around null tests and in fields=.
    assert names(sim, http, " name =qwen 1.5 32B") == {"qwen 1.5 32B"}
    unversioned = {m["name"] for m in all_models if "version" not in m}
    assert names(sim, http, "versionis null") == unversioned
    assert names(sim, http, "version  not null") == {m["name"] for m in all_models} - unversioned
    reply = get(sim, http, MODELS, "vendor=Meta", fields="uuid, name").json()["inventories"]
    assert reply and all(set(inv) == {"uuid", "name"} for inv in reply)


def test_value_is_not_trimmed(sim, http):
    assert names(sim, http, "name= qwen 1.5 32B") == set()
    assert names(sim, http, "name=qwen 1.5 32B") == {"qwen 1.5 32B"}


def test_cross_table_conditions(sim, http):
    service = get(sim, http, f"{SERVICES}/{IDS.model_service}").json()["inventories"][0]
    linked = {ref["modelUuid"] for ref in service["modelServiceRefs"]}
    reply = get(sim, http, MODELS, f"modelServiceRefs.modelServiceUuid={IDS.model_service}").json()
    assert {m["uuid"] for m in reply["inventories"]} == linked and linked

    chat = get(sim, http, f"{SERVICES}/{IDS.model_service_chat}").json()["inventories"][0]
    chat_models = {ref["modelUuid"] for ref in chat["modelServiceRefs"]}
    reply = get(sim, http, MODELS, "modelServiceRefs.modelService.name~=%chat%").json()
    assert {m["uuid"] for m in reply["inventories"]} == chat_models and chat_models

    assert names(sim, http, "modelServiceImages.cpuArchitecture=aarch64", path=SERVICES) == {
        "example", "vllm-openai-endpoint", "open-webui-chat"}
    shanghai = names(sim, http, "modelCenter.name=model-center-shanghai")
    assert shanghai == names(sim, http, f"modelCenterUuid={IDS.model_center2}") and shanghai


def test_cross_table_errors(sim, http):
    assert get(sim, http, MODELS, "nothing.name=x").status_code == 400
    assert get(sim, http, MODELS, "modelServiceRefs.nope=x").status_code == 400


@pytest.mark.parametrize("sort, key, reverse", [("-size", "size", True), ("+name", "name", False),
                                                ("name", "name", False), ("-createDate", "createDate", True)])
def test_sorting(sim, http, sort, key, reverse):
    reply = get(sim, http, MODELS, sort=sort).json()["inventories"]
    values = [gson.parse(m[key]) if key == "createDate" else m[key] for m in reply]
    assert values == sorted(values, reverse=reverse)


def test_sort_plus_sign_sent_unencoded(sim, http):
    reply = http.get(f"{sim.url}{MODELS}?sort=+size&limit=3")  # '+' arrives as a space
    sizes = [m["size"] for m in reply.json()["inventories"]]
    assert sizes == sorted(sizes) and len(sizes) == 3


def test_paging(sim, http, all_models):
    full = get(sim, http, MODELS, sort="+name").json()["inventories"]
    assert len(full) == len(all_models) == 20
    page = get(sim, http, MODELS, sort="+name", limit=5, start=5).json()["inventories"]
    assert [m["uuid"] for m in page] == [m["uuid"] for m in full[5:10]]
    assert get(sim, http, MODELS, limit=0).json()["inventories"] == []
    assert get(sim, http, MODELS, start=19).json()["inventories"] == all_models[19:]


def test_count_and_reply_with_count(sim, http):
    assert get(sim, http, MODELS, count="true").json() == {"total": 20}
    assert get(sim, http, MODELS, "vendor=Meta", count="true").json() == {"total": 3}
    reply = get(sim, http, MODELS, "vendor!=Meta", replyWithCount="true", limit=2).json()
    assert reply["total"] == 17 and len(reply["inventories"]) == 2
    assert "total" not in get(sim, http, MODELS, limit=1).json()


def test_fields_keep_only_those_keys(sim, http):
    reply = get(sim, http, MODELS, "vendor=Meta", fields="uuid,name").json()["inventories"]
    assert reply and all(set(inv) == {"uuid", "name"} for inv in reply)


def test_group_by(sim, http, all_models):
    vendors = {m["vendor"] for m in all_models}
    reply = get(sim, http, MODELS, groupBy="vendor", replyWithCount="true").json()
    assert reply["total"] == len(vendors) == len(reply["inventories"])
    assert {inv["vendor"] for inv in reply["inventories"]} == vendors


@pytest.mark.parametrize("params", [
    [("q", "size>abc")], [("q", "isLatestVersion=yes")], [("q", "nope=1")], [("q", IDS.model)],
    [("q", "modelServiceRefs=x")], [("limit", "-1")], [("limit", "ten")], [("start", "x")], [("count", "maybe")],
    [("sort", "recommendedGpuNum")], [("sort", "nope")], [("fields", "uuid,modelServiceRefs")],
    [("fields", "nope")], [("groupBy", "nope")], [("q", "createDate>yesterday")], [("q", "=x")],
])
def test_bad_query_syntax_is_400_plain_text(sim, http, params):
    reply = http.get(sim.url + MODELS, params=params)
    assert reply.status_code == 400
    assert reply.headers["Content-Type"].startswith("text/plain") and reply.text


def test_get_by_uuid(sim, http):
    reply = get(sim, http, f"{MODELS}/{IDS.model}").json()
    assert [inv["uuid"] for inv in reply["inventories"]] == [IDS.model]
    assert get(sim, http, f"{MODELS}/0123456789abcdef0123456789abcdef").json() == {"inventories": []}
    center = get(sim, http, f"/zstack/v1/ai/model-centers/{IDS.model_center}").json()["inventories"][0]
    assert center["name"] == "model-center-beijing" and isinstance(center["capacity"], dict)


def test_embedded_relations(sim, http):
    model = get(sim, http, f"{MODELS}/{IDS.model}").json()["inventories"][0]
    assert model["modelServiceRefs"] and all(r["modelUuid"] == IDS.model for r in model["modelServiceRefs"])
    assert sum(r["isDefault"] for r in model["modelServiceRefs"]) == 1
    service = get(sim, http, f"{SERVICES}/{IDS.model_service}").json()["inventories"][0]
    assert {i["uuid"]: i["cpuArchitecture"] for i in service["modelServiceImages"]} == {
        IDS.image_x86: "x86_64", IDS.image_arm: "aarch64"}


def test_demo_data_covers_vendors_centers_and_services(sim, http, all_models):
    vendors = {m["vendor"] for m in all_models}
    assert {"Alibaba", "DeepSeek", "Meta", "Mistral", "Zhipu", "ZStack", "Baichuan"} <= vendors
    assert any("modelCenterUuid" not in m for m in all_models)
    centers = get(sim, http, "/zstack/v1/ai/model-centers", replyWithCount="true").json()
    assert centers["total"] == 2
    services = get(sim, http, SERVICES).json()["inventories"]
    assert len(services) >= 5 and {s["type"] for s in services} >= {"Endpoint", "FineTune", "ModelEval", "App"}
