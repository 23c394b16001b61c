"""Simulator sessions over real HTTP: login with SHA-512, ID.1001 on bad sessions, expiry, logout, renew."""
from __future__ import annotations

import hashlib
import time

import pytest
import requests

from zscli.sim import IDS, Simulator, gson



LOGIN = "/zstack/v1/accounts/login"
MODELS = "/zstack/v1/ai/models"


def sha512(text: str) -> str:
    return hashlib.sha512(text.encode()).hexdigest()


def login(sim, name="admin", password="password"):
    return requests.put(sim.url + LOGIN, json={"logInByAccount": {"accountName": name, "password": sha512(password)}})


def assert_invalid_session(reply):
    assert reply.status_code == 503
    error = reply.json()["error"]
    assert error["code"] == "ID.1001" and error["details"]
    assert set(error) == {"code", "description", "details", "elaboration", "opaque", "cause"}
    assert error["elaboration"] is None and error["opaque"] is None and error["cause"] is None


def test_login_returns_a_session_inventory(sim):
    reply = login(sim)
    assert reply.status_code == 200
    inv = reply.json()["inventory"]
    assert set(inv) == {"uuid", "accountUuid", "userUuid", "expiredDate", "createDate"}
    assert len(inv["uuid"]) == 32
    assert gson.parse(inv["expiredDate"]) > gson.parse(inv["createDate"])
    assert sim.admin_account == "admin" and sim.admin_password == "password"
    models = requests.get(sim.url + MODELS, headers={"Authorization": f"OAuth {inv['uuid']}"})
    assert models.status_code == 200


@pytest.mark.parametrize("name, password", [("admin", "wrong"), ("nobody", "password")])
def test_wrong_credentials(sim, name, password):
    reply = login(sim, name, password)
    assert reply.status_code == 503 and reply.json()["error"]["code"] == "ID.1000"


def test_plain_text_password_is_rejected(sim):
    reply = requests.put(sim.url + LOGIN, json={"logInByAccount": {"accountName": "admin", "password": "password"}})
    assert reply.status_code == 503 and reply.json()["error"]["code"] == "ID.1000"


def test_missing_login_parameter(sim):
    reply = requests.put(sim.url + LOGIN, json={"logInByAccount": {"accountName": "admin"}})
    assert reply.status_code == 503
    assert reply.json()["error"]["code"] == "SYS.1007" and "password" in reply.json()["error"]["details"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "OAuth " + "0" * 32}, {"Authorization": "Bearer x"},
                                     {"Authorization": "OAuth"}])
def test_queries_and_writes_need_a_valid_session(sim, headers):
    assert_invalid_session(requests.get(sim.url + MODELS, headers=headers))
    assert_invalid_session(requests.put(f"{sim.url}{MODELS}/{IDS.model}", headers=headers,
                                        json={"updateModel": {"name": "x"}}))


def test_expired_sessions(fresh_sim):
    uuid = fresh_sim.login()
    headers = {"Authorization": f"OAuth {uuid}"}
    assert requests.get(fresh_sim.url + MODELS, headers=headers).status_code == 200
    fresh_sim.expire_sessions()
    assert_invalid_session(requests.get(fresh_sim.url + MODELS, headers=headers))
    valid = requests.get(f"{fresh_sim.url}/zstack/v1/accounts/sessions/{uuid}/valid")
    assert valid.json() == {"valid": False}


def test_session_ttl_is_configurable():
    with Simulator(session_ttl=0.1, seed_data=False) as sim:
        uuid = login(sim).json()["inventory"]["uuid"]
        time.sleep(0.2)
        assert_invalid_session(requests.get(sim.url + MODELS, headers={"Authorization": f"OAuth {uuid}"}))


def test_logout_deletes_the_session(fresh_sim):
    uuid = login(fresh_sim).json()["inventory"]["uuid"]
    reply = requests.delete(f"{fresh_sim.url}/zstack/v1/accounts/sessions/{uuid}")
    assert reply.status_code == 200 and reply.json() == {}
    assert_invalid_session(requests.get(fresh_sim.url + MODELS, headers={"Authorization": f"OAuth {uuid}"}))
    again = requests.delete(f"{fresh_sim.url}/zstack/v1/accounts/sessions/{uuid}")
    assert again.status_code == 200


def test_validate_session(sim):
    uuid = sim.login()
    assert requests.get(f"{sim.url}/zstack/v1/accounts/sessions/{uuid}/valid").json() == {"valid": True}
    assert requests.get(f"{sim.url}/zstack/v1/accounts/sessions/{'1' * 32}/valid").json() == {"valid": False}


def test_renew_session(fresh_sim):
    uuid = fresh_sim.login()
    url = f"{fresh_sim.url}/zstack/v1/accounts/sessions/{uuid}/renew"
    headers = {"Authorization": f"OAuth {uuid}"}
    # RenewSession is asynchronous (the SDK's needPoll): 202, then the job's result
    reply = requests.put(url, headers=headers, json={"renewSession": {"duration": 100000}})
    assert reply.status_code == 202
    reply = requests.get(reply.json()["location"])
    assert reply.status_code == 200
    inv = reply.json()["inventory"]
    assert inv["uuid"] == uuid
    assert gson.parse(inv["expiredDate"]) - gson.parse(inv["createDate"]) >= 99_000_000
    bad = requests.put(url, headers=headers, json={"renewSession": {"duration": 0}})
    if bad.status_code == 202:
        bad = requests.get(bad.json()["location"])
    assert bad.status_code == 503 and bad.json()["error"]["code"] == "SYS.1007"
    assert_invalid_session(requests.put(url, json={"renewSession": {}}))
