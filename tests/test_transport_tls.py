"""--https, --ca-bundle and --insecure (and their environment variables and config-file keys) against a simulator
served over real TLS with a throw-away self-signed certificate."""
from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest

from .helpers.cli import last, zscli
from zscli.sim import Simulator

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="module")
def tls_sim(certificate):
    """The simulator with its listening socket wrapped in TLS (its requests are recorded as usual)."""
    cert, key = certificate
    sim = Simulator(job_delay=0.0)
    sim.start()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = sim._httpd  # the test wraps the real server socket: there is no public TLS switch in the simulator
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    yield sim
    sim.stop()


LOGIN = ("LogInByAccount", "accountName=admin", "password=password")


def test_https_with_the_ca_bundle_verifies_the_server(tls_sim, certificate, state_dir):
    tls_sim.clear_requests()
    run = zscli(tls_sim, "--https", "--ca-bundle", str(certificate[0]), *LOGIN)
    assert run.code == 0, run.err
    assert last(tls_sim, "PUT", "/zstack/v1/accounts/login").headers["host"]  # the login went over TLS
    assert last(tls_sim, "PUT").path == "/zstack/v1/management-nodes/actions"  # then GetVersion


def test_https_without_the_ca_is_refused_before_anything_is_sent(tls_sim, state_dir):
    tls_sim.clear_requests()
    run = zscli(tls_sim, "--https", *LOGIN)
    assert run.code == 3
    assert "TLS" in run.err and "--ca-bundle" in run.err and "Traceback" not in run.err
    assert tls_sim.requests == []


def test_insecure_skips_verification(tls_sim, state_dir):
    run = zscli(tls_sim, "--https", "--insecure", *LOGIN)
    assert run.code == 0, run.err
    assert "Warning" not in run.err  # urllib3's InsecureRequestWarning is silenced: the user asked for it


def test_https_settings_from_the_environment(tls_sim, certificate, state_dir):
    run = zscli(tls_sim, *LOGIN, env={"ZSCLI_HTTPS": "true", "ZSCLI_CA_BUNDLE": str(certificate[0])})
    assert run.code == 0, run.err
    assert zscli(tls_sim, *LOGIN, env={"ZSCLI_HTTPS": "1", "ZSCLI_INSECURE": "1"}).code == 0
    assert zscli(tls_sim, *LOGIN, env={"ZSCLI_HTTPS": "1"}).code == 3


def test_https_settings_from_the_config_file(tls_sim, certificate, state_dir):
    config = state_dir / "config" / "zscli"
    config.mkdir()
    (config / "config.toml").write_text(f'https = true\nca_bundle = "{certificate[0]}"\n')
    tls_sim.clear_requests()
    run = zscli(tls_sim, *LOGIN)
    assert run.code == 0, run.err
    (config / "config.toml").write_text("https = true\nverify = false\n")
    assert zscli(tls_sim, *LOGIN).code == 0
    (config / "config.toml").write_text("https = true\n")
    assert zscli(tls_sim, *LOGIN).code == 3


def test_plain_http_to_the_tls_server_is_an_unparsable_or_refused_reply(tls_sim, state_dir):
    run = zscli(tls_sim, *LOGIN)
    assert run.code == 3 and "Traceback" not in run.err
