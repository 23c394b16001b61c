"""A login redirected to another server must not carry the password hash (the working credential) there."""
from __future__ import annotations

import hashlib
import http.server
import threading

from .helpers.cli import zscli


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str, bytes]] = []
    location = ""

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append((self.command, self.path, body))
        if type(self).location:
            self.send_response(307)
            self.send_header("Location", type(self).location + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = b'{"inventory": {"uuid": "0123456789abcdef0123456789abcdef"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_PUT = do_GET = _handle

    def log_message(self, *args: object) -> None:
        pass


def _server(location: str) -> tuple[http.server.ThreadingHTTPServer, type[_Recorder]]:
    handler = type("Handler", (_Recorder,), {"seen": [], "location": location})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler


def test_a_login_redirected_to_another_origin_is_not_followed(state_dir):
    other, other_seen = _server("")
    redirector, _ = _server(f"http://127.0.0.1:{other.server_port}")
    try:
        run = zscli(None, "-H", "127.0.0.1", "-p", str(redirector.server_port), "LogInByAccount",
                    "accountName=admin", "password=secret")
        assert run.code == 3, run.err
        assert "redirected the request to another server" in run.err and "Traceback" not in run.err
        digest = hashlib.sha512(b"secret").hexdigest().encode()
        assert not any(digest in body for _, _, body in other_seen.seen)  # the hash never reached it
        assert other_seen.seen == []
    finally:
        other.shutdown()
        redirector.shutdown()
