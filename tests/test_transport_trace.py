"""``--debug`` traces and ``--curl`` commands against the live simulator: what they show, what they hide."""
from __future__ import annotations

import io
import json
import shlex
import shutil
import subprocess

import pytest

from zscli.call import WireRequest
from zscli.errors import ServerError, ZscliError
from zscli.schema import load
from zscli.settings import Settings
from zscli.sim.auth import sha512
from zscli.transport import Client

API = load().api
PASSWORD = "password"  # the simulator's admin password


def _settings(sim, **kw) -> Settings:
    return Settings(host="127.0.0.1", port=sim.port, **kw)


def _login_request(password: str = PASSWORD) -> WireRequest:
    return WireRequest("PUT", "/accounts/login",
                       body={"logInByAccount": {"accountName": "admin", "password": sha512(password)}})


def test_debug_trace_shows_the_exchange_and_hides_every_secret(sim):
    trace = io.StringIO()
    with Client(_settings(sim), trace=trace) as client:
        session = client.execute(API("LogInByAccount"), _login_request()).body["inventory"]["uuid"]
        client.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("limit", "1"),)), session_uuid=session)
        client.execute(API("ValidateSession"), WireRequest("GET", f"/accounts/sessions/{session}/valid"))
        client.execute(API("LogOut"), WireRequest("DELETE", f"/accounts/sessions/{session}"))
    text = trace.getvalue()
    for secret in (sha512(PASSWORD), session, f':"{PASSWORD}"'):
        assert secret not in text
    assert f"> PUT http://127.0.0.1:{sim.port}/zstack/v1/accounts/login" in text
    assert f"> GET http://127.0.0.1:{sim.port}/zstack/v1/ai/models?limit=1" in text
    assert f"> DELETE http://127.0.0.1:{sim.port}/zstack/v1/accounts/sessions/***" in text
    assert "> Authorization: OAuth ***" in text
    assert "> Content-Type: application/json;charset=UTF-8" in text
    assert '"password":"***"' in text and '"accountName":"admin"' in text
    assert text.count("< HTTP 200") == 4
    assert '"inventories":' in text  # reply bodies are shown


def test_debug_trace_of_a_failed_login_hides_the_password_and_its_hash(sim):
    typed = "Tr0ub4dor&3-not-the-password"
    trace = io.StringIO()
    with Client(_settings(sim), trace=trace) as client, pytest.raises(ServerError, match="ID.1000"):
        client.execute(API("LogInByAccount"), _login_request(typed))
    text = trace.getvalue()
    assert typed not in text and sha512(typed) not in text
    assert '"password":"***"' in text and "< HTTP 503" in text


def test_debug_trace_hides_the_modelarts_token_and_secret_params(sim):
    from zscli.sim import demo

    trace = io.StringIO()
    path = f"/v1/workspaces/{demo.IDS.workspace}/models/{demo.IDS.ma_model}/versions"
    with Client(_settings(sim, modelarts_token=sim.modelarts_token), trace=trace) as client:
        client.execute(API("ListModelVersions"), WireRequest("GET", path))
    assert sim.modelarts_token not in trace.getvalue()
    assert "> X-Auth-Token: ***" in trace.getvalue()


def test_debug_trace_of_a_failed_async_call_masks_the_token_param(fresh_sim):
    session = fresh_sim.login()
    token = "hf_verysecretdownloadtoken123"
    trace = io.StringIO()
    with Client(_settings(fresh_sim), trace=trace) as client:
        request = WireRequest("POST", "/ai/models", is_async=True, body={"param": {
            "name": "m", "installPath": "/m", "modelCenterUuid": "0" * 32, "token": token}})
        with pytest.raises(ZscliError):
            client.execute(API("AddModel"), request, session_uuid=session)
    text = trace.getvalue()
    assert token not in text and session not in text
    assert '"token":"***"' in text
    assert "> X-Job-UUID: " in text


def test_curl_prints_one_replayable_command_per_request(sim):
    session = sim.login()
    out = io.StringIO()
    with Client(_settings(sim), curl=out) as client:
        client.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("q", "name~=%"), ("limit", "1"))),
                       session_uuid=session)
    [line] = out.getvalue().splitlines()
    words = shlex.split(line)
    assert words[:3] == ["curl", "-X", "GET"]
    assert f"Authorization: OAuth {session}" in words  # needed to replay: printed as it is
    assert "Content-Type: application/json;charset=UTF-8" in words
    assert words[-1] == f"http://127.0.0.1:{sim.port}/zstack/v1/ai/models?q=name~%3D%25&limit=1"


def test_curl_masks_the_password_and_the_modelarts_token(sim):
    from zscli.sim import demo

    out = io.StringIO()
    path = f"/v1/workspaces/{demo.IDS.workspace}/models/{demo.IDS.ma_model}/versions"
    with Client(_settings(sim, modelarts_token=sim.modelarts_token), curl=out) as client:
        client.execute(API("LogInByAccount"), _login_request())
        client.execute(API("ListModelVersions"), WireRequest("GET", path))
    text = out.getvalue()
    assert sha512(PASSWORD) not in text and sim.modelarts_token not in text
    login, versions = text.splitlines()
    body = json.loads(shlex.split(login)[shlex.split(login).index("-d") + 1])
    assert body == {"logInByAccount": {"accountName": "admin", "password": "***"}}
    assert '"X-Auth-Token: $ZSCLI_MODELARTS_TOKEN"' in versions


def test_curl_for_an_async_call_shows_submit_and_one_poll_without_job_uuid(fresh_sim):
    session = fresh_sim.login()
    out = io.StringIO()
    with Client(_settings(fresh_sim), curl=out) as client:
        uuid = client.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("limit", "1"),)),
                              session_uuid=session).body["inventories"][0]["uuid"]
        out.truncate(0), out.seek(0)
        client.execute(API("UpdateModel"), WireRequest("PUT", f"/ai/models/{uuid}", is_async=True,
                                                       body={"updateModel": {"description": "é"}}),
                       session_uuid=session)
    submit, poll = out.getvalue().splitlines()
    assert shlex.split(submit)[:3] == ["curl", "-X", "PUT"]
    assert '{"updateModel":{"description":"é"}}' in shlex.split(submit)
    assert "/api-jobs/" in poll and "X-Job-UUID" not in out.getvalue()


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl program")
def test_printed_curl_command_really_replays(sim):
    session = sim.login()
    out = io.StringIO()
    with Client(_settings(sim), curl=out) as client:
        reply = client.execute(API("QueryModel"), WireRequest("GET", "/ai/models", (("q", "name~=%"),)),
                               session_uuid=session)
    run = subprocess.run(out.getvalue().strip() + " --silent", shell=True, capture_output=True, text=True,
                         timeout=30)
    assert run.returncode == 0
    assert [m["uuid"] for m in json.loads(run.stdout)["inventories"]] == \
           [m["uuid"] for m in reply.body["inventories"]]
