"""The simulator's HTTP layer: routing from the schema, recording, keep-alive, errors, persistence, CLI."""
from __future__ import annotations

import signal
import subprocess
import sys

import pytest
import requests

from zscli.record import FrozenError
from zscli.schema import Action, Api, Family, Location, Param, Reply, Schema, load
from zscli.sim import IDS, Simulator



MODELS = "/zstack/v1/ai/models"


def auth(sim):
    return {"Authorization": f"OAuth {sim.login()}"}


def test_unknown_path_and_wrong_method(sim):
    missing = requests.get(sim.url + "/zstack/v1/ai/nothing", headers=auth(sim))
    assert missing.status_code == 404 and missing.headers["Content-Type"].startswith("text/plain")
    wrong = requests.patch(sim.url + MODELS, headers=auth(sim), json={})
    assert wrong.status_code == 405 and "GET" in wrong.headers["Allow"]
    assert requests.get(sim.url + "/").status_code == 404


def test_invalid_json_body_is_400(sim):
    reply = requests.put(f"{sim.url}{MODELS}/{IDS.model}", data=b"{not json", headers=auth(sim))
    assert reply.status_code == 400 and reply.headers["Content-Type"].startswith("text/plain")


def test_requests_are_recorded(sim):
    sim.clear_requests()
    headers = {**auth(sim), "X-Custom": "yes"}
    requests.get(sim.url + MODELS, params=[("q", "name~=%a b%"), ("q", "vendor=Meta"), ("limit", "2")],
                 headers=headers)
    requests.put(f"{sim.url}/zstack/v1/accounts/login", json={"logInByAccount": {"accountName": "x", "password": "y"}})
    first, second = sim.requests[-2:]
    assert first.method == "GET" and first.path == MODELS
    assert first.query == (("q", "name~=%a b%"), ("q", "vendor=Meta"), ("limit", "2"))
    assert first.headers["x-custom"] == "yes" and first.body is None and first.raw_body == b""
    assert second.body == {"logInByAccount": {"accountName": "x", "password": "y"}}
    assert second.raw_body and second.connection[0] == "127.0.0.1"
    with pytest.raises(FrozenError):
        first.method = "PUT"
    sim.clear_requests()
    assert sim.requests == []


def test_keep_alive_reuses_one_connection(sim):
    sim.clear_requests()
    with requests.Session() as session:
        session.headers.update(auth(sim))
        for _ in range(3):
            reply = session.get(sim.url + MODELS, params={"limit": 1})
            assert reply.status_code == 200 and reply.headers["Content-Length"]
        session.get(sim.url + "/nowhere")
        session.get(sim.url + MODELS, params={"q": "bad"})
        session.get(sim.url + MODELS)
    conns = {r.connection for r in sim.requests}
    assert len(sim.requests) == 6 and len(conns) == 1


def test_json_is_utf8_without_escapes(sim):
    reply = requests.get(sim.url + MODELS, params={"q": "vendor=Alibaba"}, headers=auth(sim))
    assert reply.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert "通义千问".encode() in reply.content and b"\\u" not in reply.content


def test_unexpected_errors_answer_500_with_an_error_code(fresh_sim, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(fresh_sim._backend.store, "render", boom)  # a fault HTTP cannot produce
    reply = requests.get(fresh_sim.url + MODELS, headers=auth(fresh_sim))
    assert reply.status_code == 500 and reply.json()["error"]["code"] == "SYS.1000"
    assert requests.get(fresh_sim.url + "/zstack/v1/accounts/sessions/x/valid").status_code == 200


def test_unexpected_modelarts_errors_answer_500_with_a_modelarts_body(fresh_sim, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(fresh_sim._backend.store, "scalar", boom)  # a fault HTTP cannot produce
    reply = requests.get(f"{fresh_sim.url}/v1/workspaces/{IDS.workspace}/models/{IDS.ma_model}/versions",
                         headers={"X-Auth-Token": fresh_sim.modelarts_token})
    assert reply.status_code == 500 and set(reply.json()) == {"error_code", "error_msg", "solution_msg"}


def _schema_with_deploy():
    """The packaged schema plus an API sharing UpdateModelService's method and path."""
    schema = load()
    update = schema.api("UpdateModelService")
    deploy = Api(name="DeployModelService", family=Family.ZSTACK, method="PUT", path=update.path,
                 action=Action.UPDATE, reply=Reply.INVENTORY, wrapper="deployModelService", inventory="ModelService",
                 is_async=True, params=(Param("uuid", update.param("uuid").type, Location.PATH, required=True),
                                        Param("zoneUuid", update.param("name").type, Location.BODY, required=True)))
    return Schema(apis=schema.apis + (deploy,), inventories=schema.inventories, errors=schema.errors)


def test_shared_method_and_path_pick_the_api_by_wrapper_key():
    with Simulator(schema=_schema_with_deploy()) as sim, requests.Session() as http:
        http.headers.update(auth(sim))
        url = f"{sim.url}/zstack/v1/ai/model-services/{IDS.model_service}"
        update = http.put(url, json={"updateModelService": {"name": "renamed"}})
        assert http.get(update.json()["location"]).json()["inventory"]["name"] == "renamed"
        deploy = http.put(url, json={"deployModelService": {}})
        failed = http.get(deploy.json()["location"])
        assert failed.status_code == 503 and "zoneUuid" in failed.json()["error"]["details"]
        neither = http.put(url, json={"other": {}})
        assert neither.status_code == 400 and "deployModelService" in neither.text


def test_db_file_keeps_data_and_seeds_once(tmp_path):
    db = str(tmp_path / "sim.db")
    with Simulator(db_path=db) as sim:
        http = requests.Session()
        http.headers.update(auth(sim))
        job = http.post(sim.url + MODELS, json={"param": {"name": "kept", "installPath": "p",
                                                          "modelCenterUuid": IDS.model_center}}).json()
        assert http.get(job["location"]).status_code == 200
    with Simulator(db_path=db) as sim:
        reply = requests.get(sim.url + MODELS, params={"count": "true"}, headers=auth(sim)).json()
        assert reply == {"total": 21}


def test_no_demo_data_when_asked():
    with Simulator(seed_data=False) as sim:
        assert requests.get(sim.url + MODELS, headers=auth(sim)).json() == {"inventories": []}


def test_standalone_runs_and_stops_cleanly():
    proc = subprocess.Popen([sys.executable, "-m", "zscli.sim", "--port", "0", "--job-delay", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = [proc.stdout.readline() for _ in range(3)]
        url = banner[0].split()[-1]
        assert url.startswith("http://127.0.0.1:")
        assert "admin" in banner[1] and "password" in banner[1] and Simulator.modelarts_token in banner[2]
        login = requests.put(url + "/zstack/v1/accounts/login", json={"logInByAccount": {
            "accountName": "admin", "password": __import__("hashlib").sha512(b"password").hexdigest()}})
        assert login.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and "Traceback" not in err


def test_standalone_reports_a_busy_port(sim):
    proc = subprocess.run([sys.executable, "-m", "zscli.sim", "--port", str(sim.port)],
                          capture_output=True, text=True, timeout=20)
    assert proc.returncode == 1 and "--port" in proc.stderr and "Traceback" not in proc.stderr


def test_request_log_keeps_only_the_newest_records():
    with Simulator(record_limit=3) as sim:
        for n in range(5):
            requests.get(f"{sim.url}/zstack/v1/ai/models", params={"limit": str(n)})
        assert [dict(r.query)["limit"] for r in sim.requests] == ["2", "3", "4"]


def test_stop_ends_the_serving_thread_and_frees_the_port():
    sim = Simulator()
    sim.start()
    thread = sim._thread
    assert requests.get(sim.url + "/zstack/v1/ai/models").status_code == 503  # answered: no session
    sim.stop()
    assert thread is not None and not thread.is_alive()
    with pytest.raises(requests.ConnectionError):
        requests.get(sim.url + "/zstack/v1/ai/models", timeout=2)
