"""Access-key signing: the client's signature checked against one computed here from the documented
string-to-sign, the simulator's verification over real HTTP (skew, wrong signature, missing Date), and the
secret kept out of every output."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from email.utils import formatdate

import pytest
import requests

from .helpers.cli import last, zscli
from zscli.sim import IDS, Simulator
from zscli.transport import signing

MODELS = "/zstack/v1/ai/models"
DATE_RE = (r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
           r"\d\d:\d\d:\d\d GMT")


def expected_signature(secret: str, method: str, date: str, path_below_zstack_v1: str) -> str:
    """Independent of zscli: base64(HMAC-SHA1(secret, "METHOD\\nDate\\n/v1<path>"))."""
    text = f"{method}\n{date}\n/v1{path_below_zstack_v1}"
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha1).digest()).decode()


def signed(sim: Simulator, method: str, path: str, date: str, secret: str = "") -> dict[str, str]:
    sig = expected_signature(secret or sim.access_key_secret, method, date, path)
    return {"Date": date, "Authorization": f"ZStack {sim.access_key_id}:{sig}"}


# -- the signing function --------------------------------------------------------------------------------------

def test_string_to_sign_and_signature_match_the_documented_recipe():
    date = "Mon, 30 Nov 2026 16:55:55 GMT"
    assert signing.string_to_sign("put", date, "/ai/models/abc?x=1") == f"PUT\n{date}\n/v1/ai/models/abc"
    assert signing.string_to_sign("GET", date, "/ai/models/a%20b") == f"GET\n{date}\n/v1/ai/models/a b"
    assert signing.signature("s3cret", "GET", date, "/ai/models") == expected_signature("s3cret", "GET", date,
                                                                                         "/ai/models")


def test_sign_headers_date_is_rfc_1123_gmt():
    headers = signing.sign_headers("KEY", "s3cret", "DELETE", "/ai/models/u1", now=0)
    assert headers["Date"] == "Thu, 01 Jan 1970 00:00:00 GMT" == formatdate(0, usegmt=True)
    assert headers["Authorization"] == "ZStack KEY:" + expected_signature("s3cret", "DELETE", headers["Date"],
                                                                         "/ai/models/u1")
    now = time.time()
    assert signing.http_date(now) == formatdate(now, usegmt=True)


# -- the simulator checks signatures as the server does ----------------------------------------------------------

def test_sim_accepts_a_correct_signature(sim):
    date = formatdate(usegmt=True)
    reply = requests.get(sim.url + MODELS, params={"limit": "1"}, headers=signed(sim, "GET", "/ai/models", date))
    assert reply.status_code == 200 and reply.json()["inventories"]


def test_sim_signature_covers_the_decoded_filled_path(sim):
    date = formatdate(usegmt=True)
    path = f"/ai/models/{IDS.model}"
    assert requests.get(sim.url + "/zstack/v1" + path, headers=signed(sim, "GET", path, date)).status_code == 200
    wrong = requests.get(sim.url + "/zstack/v1" + path, headers=signed(sim, "GET", "/ai/models/{uuid}", date))
    assert (wrong.status_code, wrong.text) == (401, "wrong accessKey signature")


@pytest.mark.parametrize("skew, status", [(14 * 60, 200), (-14 * 60, 200), (16 * 60, 403), (-16 * 60, 403)])
def test_sim_tolerates_fifteen_minutes_of_clock_skew(sim, skew, status):
    date = formatdate(time.time() + skew, usegmt=True)
    reply = requests.get(sim.url + MODELS, headers=signed(sim, "GET", "/ai/models", date))
    assert reply.status_code == status
    if status == 403:
        assert reply.text == "requestTimeTooSkewed"


def test_sim_rejects_wrong_secret_missing_date_bad_date_and_bad_format(sim):
    date = formatdate(usegmt=True)
    wrong = requests.get(sim.url + MODELS, headers=signed(sim, "GET", "/ai/models", date, secret="not-it"))
    assert (wrong.status_code, wrong.text) == (401, "wrong accessKey signature")
    headers = signed(sim, "GET", "/ai/models", date)
    no_date = requests.get(sim.url + MODELS, headers={"Authorization": headers["Authorization"]})
    assert no_date.status_code == 400 and "'Date'" in no_date.text
    bad_date = requests.get(sim.url + MODELS, headers={**headers, "Date": "yesterday"})
    assert bad_date.status_code == 400 and "format" in bad_date.text
    bad = requests.get(sim.url + MODELS, headers={"Date": date, "Authorization": "ZStack only-an-id"})
    assert bad.status_code == 400 and "AccessKeyId:Signature" in bad.text


# -- the CLI signs every request with a configured key, and never shows the secret --------------------------------

@pytest.fixture()
def keyed(sim, state_dir, monkeypatch):
    monkeypatch.setenv("ZSCLI_ACCESS_KEY_ID", sim.access_key_id)
    monkeypatch.setenv("ZSCLI_ACCESS_KEY_SECRET", sim.access_key_secret)
    sim.clear_requests()
    return sim


def assert_signed(sim, req):
    date = req.headers["date"]
    assert re.fullmatch(DATE_RE, date)
    below = req.path[len("/zstack/v1"):]
    assert req.headers["authorization"] == f"ZStack {sim.access_key_id}:" + expected_signature(
        sim.access_key_secret, req.method, date, below)


def test_one_shot_query_is_signed_without_login(keyed):
    run = zscli(keyed, "QueryModel", "vendor=Alibaba", "limit=2")
    assert run.code == 0, run.err
    req = last(keyed, "GET", MODELS)
    assert req.query  # the query string is sent but not signed
    assert_signed(keyed, req)
    assert keyed.access_key_secret not in run.out + run.err


def test_async_write_and_its_polls_are_signed(fresh_sim, state_dir, monkeypatch):
    sim = fresh_sim
    monkeypatch.setenv("ZSCLI_ACCESS_KEY_ID", sim.access_key_id)
    monkeypatch.setenv("ZSCLI_ACCESS_KEY_SECRET", sim.access_key_secret)
    run = zscli(sim, "UpdateModel", f"uuid={IDS.model_llama}", "vendor=Meta-AI")
    assert run.code == 0, run.err
    assert run.json()["inventory"]["vendor"] == "Meta-AI"
    put = last(sim, "PUT", MODELS)
    assert_signed(sim, put)
    poll = last(sim, "GET", "/zstack/v1/api-jobs/")
    assert_signed(sim, poll)


def test_batch_signs_each_line(keyed):
    run = zscli(keyed, input="QueryModel limit=1\nQueryModelCenter\n")
    assert run.code == 0, run.err
    for req in keyed.requests:
        assert_signed(keyed, req)
    assert len(keyed.requests) == 2


def test_wrong_secret_is_an_auth_error_without_the_secret(keyed, monkeypatch):
    monkeypatch.setenv("ZSCLI_ACCESS_KEY_SECRET", "definitely-wrong-secret")
    run = zscli(keyed, "QueryModel", "limit=1")
    assert run.code == 4
    assert "wrong accessKey signature" in run.err and len(run.err.strip().splitlines()) == 1
    assert "definitely-wrong-secret" not in run.out + run.err


def test_debug_and_curl_mask_the_secret_and_signature(keyed):
    run = zscli(keyed, "--debug", "--curl", "QueryModel", "limit=1")
    assert run.code == 0, run.err
    req = last(keyed, "GET", MODELS)
    signature = req.headers["authorization"].split(":", 1)[1]
    assert keyed.access_key_secret not in run.err + run.out
    assert signature not in run.err + run.out
    assert "ZStack ***" in run.err  # --debug keeps the scheme only
    assert f"ZStack {keyed.access_key_id}:***" in run.err  # --curl names the key, not its signature


def test_profile_with_a_private_key_file(sim, state_dir):
    secret_file = state_dir / "ak.secret"
    secret_file.write_text(sim.access_key_secret + "\n")
    os.chmod(secret_file, 0o600)
    config = state_dir / "config" / "zscli" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[profile.ci]\naccess_key_id = "{sim.access_key_id}"\naccess_key_file = "{secret_file}"\n')
    sim.clear_requests()
    run = zscli(sim, "--profile", "ci", "QueryModel", "limit=1")
    assert run.code == 0, run.err
    assert_signed(sim, last(sim, "GET", MODELS))
    shown = zscli(sim, "--profile", "ci", "config", "show")
    assert shown.code == 0 and sim.access_key_secret not in shown.out
    assert re.search(r"access_key_secret\s+\*\*\*\s+file ", shown.out)
    os.chmod(secret_file, 0o644)
    loose = zscli(sim, "--profile", "ci", "QueryModel", "limit=1")
    assert loose.code == 2 and "readable by others" in loose.err


def test_secret_in_the_config_file_needs_a_private_file(sim, state_dir):
    config = state_dir / "config" / "zscli" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'access_key_id = "{sim.access_key_id}"\naccess_key_secret = "{sim.access_key_secret}"\n')
    os.chmod(config, 0o644)
    run = zscli(sim, "QueryModel", "limit=1")
    assert run.code == 2 and "readable by others" in run.err and sim.access_key_secret not in run.err
    os.chmod(config, 0o600)
    sim.clear_requests()
    run = zscli(sim, "QueryModel", "limit=1")
    assert run.code == 0, run.err
    assert_signed(sim, last(sim, "GET", MODELS))
