"""The HTTP client against the live simulator: headers and auth per family, keep-alive, async jobs, errors."""
from __future__ import annotations

import json
import re

import pytest

from zscli.call import WireRequest
from zscli.errors import AuthError, ExitCode, ServerError
from zscli.schema import load
from zscli.schema.types import Api
from zscli.settings import Settings
from zscli.sim import Simulator
from zscli.transport import Client, JobInterrupted, SessionExpired

SCHEMA = load()


def API(name: str) -> Api:
    """The schema's API called ``name`` (it must exist)."""
    api = SCHEMA.api(name)
    assert api is not None, name
    return api
CONTENT_TYPE = "application/json;charset=UTF-8"


def settings_for(server, **kw) -> Settings:
    return Settings(host="127.0.0.1", port=server.port, **kw)


@pytest.fixture()
def client(sim):
    sim.clear_requests()
    c = Client(settings_for(sim))
    yield c
    c.close()


def first_model_uuid(client: Client, session: str) -> str:
    reply = client.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("limit", "1"),)),
                           session_uuid=session)
    return reply.body["inventories"][0]["uuid"]


def add_model_request(client: Client, session: str, name: str) -> WireRequest:
    center = client.execute(API("QueryModelCenter"), WireRequest("GET", "/ai/model-centers", (("limit", "1"),)),
                            session_uuid=session).body["inventories"][0]["uuid"]
    return WireRequest("POST", "/ai/models", is_async=True, body={
        "param": {"name": name, "installPath": "/models/" + name, "modelCenterUuid": center}})


# -- ZStack family -----------------------------------------------------------------------------------------

def test_query_sends_oauth_session_and_json_content_type(sim, client):
    session = sim.login()
    sim.clear_requests()
    reply = client.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("q", "name~=%"), ("limit", "2"))),
                           session_uuid=session)
    assert reply.status == 200 and isinstance(reply.body["inventories"], list)
    assert reply.job_location == ""
    [recorded] = sim.requests
    assert recorded.method == "GET" and recorded.path == "/zstack/v1/ai/models"
    assert recorded.headers["authorization"] == f"OAuth {session}"
    assert recorded.headers["content-type"] == CONTENT_TYPE
    assert "x-job-uuid" not in recorded.headers and "x-auth-token" not in recorded.headers


def test_a_netrc_entry_for_the_server_never_replaces_the_session_header(sim, tmp_path, monkeypatch):
    # requests adds ~/.netrc credentials as Basic auth unless the request has its own auth: zscli's headers are it
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine {sim.host} login someone password hunter2\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    session = sim.login()
    with Client(settings_for(sim)) as c:
        sim.clear_requests()
        c.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("limit", "1"),)), session_uuid=session)
        assert sim.requests[-1].headers["authorization"] == f"OAuth {session}"
        shown = c.describe(API("QueryModel"), WireRequest("GET", "/ai/models", (("limit", "1"),)),
                          session_uuid=session)
    assert "Basic" not in shown and "hunter2" not in shown


def test_login_needs_no_session_and_returns_one(sim, client):
    from zscli.sim.auth import sha512

    body = {"logInByAccount": {"accountName": "admin", "password": sha512("password")}}
    reply = client.execute(API("LogInByAccount"), WireRequest("PUT", "/accounts/login", body=body))
    assert re.fullmatch(r"[0-9a-f]{32}", reply.body["inventory"]["uuid"])
    assert "authorization" not in sim.requests[-1].headers


def test_batch_of_commands_reuses_one_connection(sim, client):
    session = sim.login()
    sim.clear_requests()
    for _ in range(3):
        client.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("limit", "1"),)), session_uuid=session)
    connections = {r.connection for r in sim.requests}
    assert len(sim.requests) == 3 and len(connections) == 1


def test_not_logged_in_fails_before_sending(sim, client):
    with pytest.raises(AuthError, match=f"no session for 127.0.0.1:{sim.port}"):
        client.execute(API("QueryModel"), WireRequest("GET", "/ai/models"))
    assert sim.requests == []


def test_expired_session_is_an_auth_error_of_its_own_type(fresh_sim):
    session = fresh_sim.login()
    fresh_sim.expire_sessions()
    with Client(settings_for(fresh_sim)) as client, pytest.raises(AuthError) as info:
        client.execute(API("QueryModel"), WireRequest("GET", "/ai/models"), session_uuid=session)
    assert isinstance(info.value, SessionExpired) and info.value.exit_code == 4
    assert info.value.message == "session expired or invalid" and info.value.hint == "run LogInByAccount"
    assert info.value.exit_code is ExitCode.AUTH


def test_unknown_session_is_auth_error(sim, client):
    with pytest.raises(AuthError) as info:
        client.execute(API("QueryModel"), WireRequest("GET", "/ai/models"), session_uuid="0" * 32)
    assert isinstance(info.value, SessionExpired)


def test_plain_text_rejection_is_server_error_with_the_text(sim, client):
    session = sim.login()
    with pytest.raises(ServerError) as info:
        client.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("q", "no operator here"),)),
                       session_uuid=session)
    assert info.value.status == 400 and info.value.body is None
    assert info.value.message and info.value.message == info.value.message.strip()
    assert not info.value.message.startswith("{")


# -- asynchronous jobs -------------------------------------------------------------------------------------

def test_async_update_polls_to_the_final_inventory(sim, client):
    session = sim.login()
    uuid = first_model_uuid(client, session)
    sim.clear_requests()
    waits: list[float] = []
    reply = client.execute(API("UpdateModel"), WireRequest("PUT", f"/ai/models/{uuid}", is_async=True,
                                                           body={"updateModel": {"description": "polled"}}),
                           session_uuid=session, on_wait=waits.append)
    assert reply.status == 200
    assert reply.body["inventory"]["uuid"] == uuid and reply.body["inventory"]["description"] == "polled"
    assert "/api-jobs/" in reply.job_location
    submit, *polls = sim.requests
    assert re.fullmatch(r"[0-9a-f]{32}", submit.headers["x-job-uuid"])
    assert polls and all(p.method == "GET" and p.path in reply.job_location for p in polls)
    assert len(waits) == len(polls)


def test_every_command_gets_a_fresh_job_uuid(sim, client):
    session = sim.login()
    uuid = first_model_uuid(client, session)
    sim.clear_requests()
    for text in ("one", "two"):
        client.execute(API("UpdateModel"), WireRequest("PUT", f"/ai/models/{uuid}", is_async=True,
                                                       body={"updateModel": {"description": text}}),
                       session_uuid=session)
    job_uuids = [r.headers["x-job-uuid"] for r in sim.requests if "x-job-uuid" in r.headers]
    assert len(job_uuids) == 2 and job_uuids[0] != job_uuids[1]


def test_body_is_utf8_json_with_non_ascii_unescaped(fresh_sim):
    session = fresh_sim.login()
    name = "通义千问-Modèle"
    with Client(settings_for(fresh_sim)) as client:
        request = add_model_request(client, session, name)
        fresh_sim.clear_requests()
        reply = client.execute(API("AddModel"), request, session_uuid=session)
    assert reply.body["inventory"]["name"] == name
    raw = fresh_sim.requests[0].raw_body
    assert name.encode("utf-8") in raw and b"\\u" not in raw
    assert json.loads(raw.decode("utf-8")) == request.body


def test_failed_job_is_server_error_with_the_cause_chain(sim, client):
    session = sim.login()
    with pytest.raises(ServerError) as info:
        client.execute(API("DeleteModel"), WireRequest("DELETE", "/ai/models/" + "f" * 32, is_async=True),
                       session_uuid=session)
    error = info.value
    assert error.status == 503
    assert error.message == f"{error.body['code']}: {error.body['description']}"
    assert isinstance(error.body["cause"], dict) and error.body["cause"]["code"]
    assert error.exit_code is ExitCode.SERVER_ERROR


def test_ctrl_c_while_polling_a_running_job_raises_job_interrupted():
    slow = Simulator(job_delay=30.0)
    slow.start()
    try:
        session = slow.login()
        with Client(settings_for(slow)) as client:
            uuid = first_model_uuid(client, session)
            waits: list[float] = []

            def ctrl_c_on_fourth_wait(elapsed: float) -> None:
                waits.append(elapsed)
                if len(waits) > 3:
                    raise KeyboardInterrupt

            with pytest.raises(JobInterrupted) as info:
                client.execute(API("UpdateModel"), WireRequest("PUT", f"/ai/models/{uuid}", is_async=True,
                                                               body={"updateModel": {"description": "x"}}),
                               session_uuid=session, on_wait=ctrl_c_on_fourth_wait)
        location = info.value.location
        assert "/api-jobs/" in location and location in info.value.message
        assert info.value.exit_code is ExitCode.INTERRUPTED
        polls = [r for r in slow.requests if r.method == "GET" and "/api-jobs/" in r.path]
        assert len(polls) == 3 and location.endswith(polls[0].path)
    finally:
        slow.stop()


def test_job_forgotten_by_the_server_is_the_job_has_expired():
    forgetful = Simulator(job_delay=0.0, job_ttl=0.0)
    forgetful.start()
    try:
        session = forgetful.login()
        with Client(settings_for(forgetful)) as client:
            uuid = first_model_uuid(client, session)
            with pytest.raises(ServerError) as info:
                client.execute(API("UpdateModel"), WireRequest("PUT", f"/ai/models/{uuid}", is_async=True,
                                                               body={"updateModel": {"description": "x"}}),
                               session_uuid=session)
        assert info.value.message == "the job has expired" and info.value.status == 404
    finally:
        forgetful.stop()


# -- ModelArts family --------------------------------------------------------------------------------------

def _versions_path() -> str:
    from zscli.sim import demo

    return f"/v1/workspaces/{demo.IDS.workspace}/models/{demo.IDS.ma_model}/versions"


def test_modelarts_sends_the_token_and_no_session(sim):
    sim.clear_requests()
    with Client(settings_for(sim, modelarts_token=sim.modelarts_token)) as client:
        reply = client.execute(API("ListModelVersions"), WireRequest("GET", _versions_path(), (("limit", "2"),)),
                               session_uuid="a" * 32)
    assert reply.status == 200 and "versions" in reply.body and "total" in reply.body
    [recorded] = sim.requests
    assert recorded.headers["x-auth-token"] == sim.modelarts_token
    assert "authorization" not in recorded.headers and "x-job-uuid" not in recorded.headers
    assert recorded.headers["content-type"] == CONTENT_TYPE


def test_modelarts_without_token_fails_before_sending(sim):
    sim.clear_requests()
    with Client(settings_for(sim)) as client, pytest.raises(AuthError) as info:
        client.execute(API("ListModelVersions"), WireRequest("GET", _versions_path()))
    assert info.value.message == "no ModelArts token"
    assert info.value.hint == "set ZSCLI_MODELARTS_TOKEN, or modelarts_token_file in the config file"
    assert sim.requests == []


def test_modelarts_rejected_token_is_auth_error_with_the_server_message(sim):
    with Client(settings_for(sim, modelarts_token="wrong-token")) as client, pytest.raises(AuthError) as info:
        client.execute(API("ListModelVersions"), WireRequest("GET", _versions_path()))
    # the ModelArts error_code, error_msg and solution_msg all reach the user, then where the token comes from
    assert info.value.message == "ModelArts.4010: The X-Auth-Token header is invalid or expired."
    assert info.value.hint.startswith("Obtain a valid token") and "ZSCLI_MODELARTS_TOKEN" in info.value.hint


def test_modelarts_bad_parameter_is_server_error_with_the_error_body(sim):
    with Client(settings_for(sim, modelarts_token=sim.modelarts_token)) as client, \
            pytest.raises(ServerError) as info:
        client.execute(API("ListModelVersions"), WireRequest("GET", _versions_path(), (("limit", "1000"),)))
    error = info.value
    assert error.status == 400
    assert set(error.body) == {"error_code", "error_msg", "solution_msg"}
    assert error.body["error_code"] in error.message and error.body["error_msg"] in error.message
    assert error.hint == error.body["solution_msg"]


def test_modelarts_unknown_model_is_server_error_404(sim):
    path = _versions_path().replace("/models/", "/models/no-such-model-").rsplit("/versions", 1)[0] + "/versions"
    with Client(settings_for(sim, modelarts_token=sim.modelarts_token)) as client, \
            pytest.raises(ServerError) as info:
        client.execute(API("ListModelVersions"), WireRequest("GET", path))
    assert info.value.status == 404 and info.value.body["error_code"]


def test_one_worker_thread_serves_every_exchange_of_a_client(sim):
    import threading
    from zscli.record import replace as _replace

    from zscli.call import WireRequest
    from zscli.schema import load
    from zscli.settings import Settings
    from zscli.transport import Client

    session = sim.login()
    api = load().api("QueryModel")
    before = {t for t in threading.enumerate() if t.name == "zscli-http"}
    with Client(_replace(Settings(), host=sim.host, port=sim.port)) as client:
        for _ in range(5):
            client.execute(api, WireRequest("GET", "/ai/models", (("limit", "1"),)), session_uuid=session)
        workers = {t for t in threading.enumerate() if t.name == "zscli-http"} - before
        assert len(workers) == 1
