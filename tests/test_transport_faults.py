"""Faults the simulator does not produce, answered by a tiny real HTTP server (stdlib http.server on
loopback) that replies with scripted bytes: garbage, expired jobs, jobs that never end, HTML error pages.
Also: a closed port, and an unresolvable host name."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from zscli.call import WireRequest
from zscli.errors import ServerError, TransportError
from zscli.schema import load
from zscli.settings import Settings
from zscli.transport import Client, JobInterrupted
from zscli.errors import ExitCode

QUERY = load().api("QueryModel")
UPDATE = load().api("UpdateModel")


class Scripted:
    """A loopback HTTP server answering ``routes[(method, path)] = (status, content_type, body bytes)``."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], tuple[int, str, bytes]] = {}
        self.hits: list[tuple[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path.split("?", 1)[0]
                outer.hits.append((self.command, path))
                status, ctype, body = outer.routes.get((self.command, path), (404, "text/plain", b"no route"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_POST = do_DELETE = _answer

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def json(self, method: str, path: str, status: int, body) -> None:
        self.routes[(method, path)] = (status, "application/json", json.dumps(body).encode())

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def scripted():
    server = Scripted()
    yield server
    server.stop()


def _client(port: int, **kw) -> Client:
    return Client(Settings(host="127.0.0.1", port=port, **kw))


def _update() -> WireRequest:
    return WireRequest("PUT", "/ai/models/abc", body={"updateModel": {"name": "x"}}, is_async=True)


def test_garbage_reply_is_an_unparsable_transport_error(scripted):
    scripted.routes[("GET", "/zstack/v1/ai/models")] = (200, "application/json", b"\x00<<not json>>")
    with _client(scripted.port) as client, pytest.raises(TransportError) as info:
        client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)
    assert info.value.message == "unparsable reply from server (HTTP 200)"
    assert info.value.exit_code is ExitCode.UNREACHABLE


def test_empty_success_body_is_an_empty_dict(scripted):
    scripted.routes[("GET", "/zstack/v1/ai/models")] = (200, "application/json", b"")
    with _client(scripted.port) as client:
        response = client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)
    assert (response.status, response.body, response.job_location) == (200, {}, "")


def test_202_without_location_is_unparsable(scripted):
    scripted.json("PUT", "/zstack/v1/ai/models/abc", 202, {"apiTimeout": 1000})
    with _client(scripted.port) as client, pytest.raises(TransportError, match=r"unparsable reply .*HTTP 202"):
        client.execute(UPDATE, _update(), session_uuid="s" * 32)


def test_forgotten_job_is_the_job_has_expired(scripted):
    location = f"{scripted.url}/zstack/v1/api-jobs/{'a' * 32}"
    scripted.json("PUT", "/zstack/v1/ai/models/abc", 202, {"location": location, "apiTimeout": 5000})
    scripted.routes[("GET", f"/zstack/v1/api-jobs/{'a' * 32}")] = (404, "text/plain", b"the job has been expired")
    with _client(scripted.port) as client, pytest.raises(ServerError) as info:
        client.execute(UPDATE, _update(), session_uuid="s" * 32)
    assert info.value.message == "the job has expired"
    assert info.value.status == 404


def test_job_that_never_ends_times_out_with_where_to_look(scripted):
    location = f"{scripted.url}/zstack/v1/api-jobs/{'b' * 32}"
    scripted.json("PUT", "/zstack/v1/ai/models/abc", 202, {"location": location, "apiTimeout": 300})
    scripted.json("GET", f"/zstack/v1/api-jobs/{'b' * 32}", 202, {})
    waits: list[float] = []
    with _client(scripted.port) as client, pytest.raises(TransportError) as info:
        client.execute(UPDATE, _update(), session_uuid="s" * 32, on_wait=waits.append)
    assert info.value.message == "job did not finish within 0.3s"
    assert info.value.hint == f"check it later: GET {location}"
    assert waits and waits == sorted(waits)
    assert scripted.hits.count(("GET", f"/zstack/v1/api-jobs/{'b' * 32}")) == len(waits) >= 2


def test_job_without_api_timeout_uses_the_settings_timeout(scripted):
    location = f"{scripted.url}/zstack/v1/api-jobs/{'c' * 32}"
    scripted.json("PUT", "/zstack/v1/ai/models/abc", 202, {"location": location})
    scripted.json("GET", f"/zstack/v1/api-jobs/{'c' * 32}", 202, {})
    with _client(scripted.port, timeout=0.2) as client, pytest.raises(TransportError, match=r"within 0\.2s"):
        client.execute(UPDATE, _update(), session_uuid="s" * 32)


def test_relative_job_location_is_resolved_against_the_server(scripted):
    scripted.json("PUT", "/zstack/v1/ai/models/abc", 202, {"location": "/zstack/v1/api-jobs/" + "d" * 32})
    scripted.json("GET", "/zstack/v1/api-jobs/" + "d" * 32, 200, {"inventory": {"uuid": "abc"}})
    with _client(scripted.port) as client:
        response = client.execute(UPDATE, _update(), session_uuid="s" * 32)
    assert response.body == {"inventory": {"uuid": "abc"}}
    assert response.job_location == f"{scripted.url}/zstack/v1/api-jobs/{'d' * 32}"


def test_ctrl_c_while_polling_raises_job_interrupted(scripted):
    location = f"{scripted.url}/zstack/v1/api-jobs/{'e' * 32}"
    scripted.json("PUT", "/zstack/v1/ai/models/abc", 202, {"location": location, "apiTimeout": 60000})
    scripted.json("GET", f"/zstack/v1/api-jobs/{'e' * 32}", 202, {})

    def interrupt(elapsed: float) -> None:
        if elapsed > 0.1:
            raise KeyboardInterrupt

    with _client(scripted.port) as client, pytest.raises(JobInterrupted) as info:
        client.execute(UPDATE, _update(), session_uuid="s" * 32, on_wait=interrupt)
    assert info.value.location == location
    assert location in info.value.message
    assert info.value.exit_code is ExitCode.INTERRUPTED


def test_html_error_page_names_the_request_and_the_status(scripted):
    scripted.routes[("GET", "/zstack/v1/ai/models")] = (502, "text/html", b"<html><body>Bad Gateway</body></html>")
    with _client(scripted.port) as client, pytest.raises(ServerError) as info:
        client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)
    assert info.value.message == (f"GET {scripted.url}/zstack/v1/ai/models answered HTTP 502 Bad Gateway "
                                  "with no ZStack error body")
    assert info.value.hint == "a proxy in front of it answered: is the management node up? check --host/--port"
    assert info.value.status == 502


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_server_down_is_a_transport_error_naming_the_url():
    port = _closed_port()
    with _client(port) as client, pytest.raises(TransportError) as info:
        client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)
    assert info.value.message == f"cannot reach http://127.0.0.1:{port}: connection refused"
    assert info.value.hint == "is the server running? check --host/--port"


def test_unknown_host_is_a_transport_error():
    client = Client(Settings(host="no-such-host.invalid", port=8080))
    with pytest.raises(TransportError, match=r"^cannot reach http://no-such-host\.invalid:8080: ") as info:
        client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)
    assert "check --host/--port" in info.value.hint
    assert "Traceback" not in info.value.message and "object at 0x" not in info.value.message


def test_malformed_host_is_a_transport_error():
    client = Client(Settings(host="bad host", port=8080))
    with pytest.raises(TransportError):
        client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)


def test_silent_server_times_out_with_a_timeout_hint():
    with socket.socket() as listener:  # accepts the connection (backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        with _client(port, timeout=0.2) as client, pytest.raises(TransportError) as info:
            client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)
    assert "--timeout" in info.value.hint


def test_https_to_a_plain_http_server_is_a_tls_error(scripted):
    with _client(scripted.port, https=True) as client, pytest.raises(TransportError) as info:
        client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)
    assert "does not speak TLS" in info.value.message  # --insecure cannot help here (issue 8 item 14)
    assert "--https" in info.value.hint and "--insecure" not in info.value.hint


def test_missing_ca_bundle_file_is_a_transport_error(scripted, tmp_path):
    settings = dict(https=True, ca_bundle=str(tmp_path / "missing.pem"))
    with _client(scripted.port, **settings) as client, pytest.raises(TransportError, match="--ca-bundle|TLS"):
        client.execute(QUERY, WireRequest("GET", "/ai/models"), session_uuid="s" * 32)


def test_backoff_starts_at_50ms_grows_by_half_and_caps_at_one_second():
    from itertools import islice

    from zscli.transport.jobs import pauses

    values = list(islice(pauses(), 12))
    assert values[:3] == pytest.approx([0.05, 0.075, 0.1125])
    assert all(b >= a for a, b in zip(values, values[1:], strict=False))
    assert values[-1] == 1.0 and max(values) == 1.0


def test_importing_the_transport_does_not_import_requests():
    import subprocess
    import sys

    code = "import sys, zscli.transport; print(sorted(m for m in ('requests', 'urllib3') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "[]"
