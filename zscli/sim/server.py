"""The HTTP layer: a ThreadingHTTPServer on loopback, request recording, and the :class:`Simulator` facade."""
from __future__ import annotations

import json
import selectors
import socket
import sys
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from zscli.record import record
from zscli.schema import Schema

from . import auth, demo, facts
from .dispatch import Answer, Backend, Incoming
from .facts import DEFAULT_VERSION
from .jobs import Jobs
from .store import Store

JSON_TYPE = "application/json;charset=UTF-8"
TEXT_TYPE = "text/plain;charset=UTF-8"


@record
class RecordedRequest:
    """One HTTP request the simulator received."""

    method: str
    path: str  # URL path, unquoted
    query: tuple[tuple[str, str], ...]  # decoded pairs in order, repeated keys kept
    headers: dict[str, str]  # keys lower-cased
    body: Any  # parsed JSON, or None
    raw_body: bytes
    connection: tuple[str, int]  # client address of the TCP connection


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    sim: Simulator

    def serve_until(self, wake: socket.socket) -> None:
        """Accept connections until ``wake`` becomes readable. Unlike ``serve_forever`` this never wakes up
        on a timer, so an idle simulator uses no CPU, and it still stops at once when asked."""
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while True:
                ready = selector.select()
                if any(key.fileobj is wake for key, _ in ready):
                    return
                self._handle_request_noblock()  # type: ignore[attr-defined]  # socketserver's own step

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (or a stop() closing their socket) are normal; report anything else."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Small replies must not wait for delayed ACKs (Nagle): send at once.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.sim._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.sim._track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Stay quiet: the request log is :attr:`Simulator.requests`."""

    def _serve(self) -> None:
        sim = self.server.sim
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            self._send(Answer(400, "invalid Content-Length header"))
            return
        raw = self.rfile.read(length) if length > 0 else b""
        split = urlsplit(self.path)
        body: Any = None
        if raw.strip():
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        record = RecordedRequest(self.command, unquote(split.path),
                                 tuple(parse_qsl(split.query, keep_blank_values=True)), headers, body, raw,
                                 (str(self.client_address[0]), int(self.client_address[1])))
        sim._record(record)
        answer = sim._backend.handle(Incoming(record.method, record.path, record.query, headers, body, raw,
                                             f"{sim.host}:{sim.port}"))
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        if isinstance(answer.body, str):
            data, ctype = answer.body.encode("utf-8"), TEXT_TYPE
        else:
            data, ctype = json.dumps(answer.body, ensure_ascii=False).encode("utf-8"), JSON_TYPE
        self.send_response(answer.status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve


class Simulator:
    """A loopback ZStack + ModelArts server driven by the schema.

    ``job_delay`` seconds until an async job finishes, ``job_ttl`` seconds its result is kept,
    ``session_ttl`` seconds a login lasts. ``db_path`` keeps data in a SQLite file (demo data is added only
    when that database is empty). ``record_limit`` requests are kept in :attr:`requests` (the newest), so
    a long-running simulator's memory stays bounded. ``listening`` is a socket already bound and listening (the
    ``--sim`` shell hands one to a simulator in a child process); ``host`` and ``port`` then come from it.
    """

    admin_account = facts.ADMIN_ACCOUNT
    admin_password = facts.ADMIN_PASSWORD
    access_key_id = facts.ACCESS_KEY_ID
    access_key_secret = facts.ACCESS_KEY_SECRET
    modelarts_token = facts.MODELARTS_TOKEN

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, db_path: str | None = None,
                 job_delay: float = 0.0, job_ttl: float = 300.0, session_ttl: float = 7200.0,
                 seed_data: bool = True, schema: Schema | None = None, version: str = DEFAULT_VERSION,
                 record_limit: int = 1000, listening: socket.socket | None = None,
                 job_host: str = "") -> None:
        if schema is None:
            from zscli.schema import load
            schema = load()
        self.schema = schema
        self.host = host
        self.port = port
        self._listening = listening
        if listening is not None:
            self.host, self.port = listening.getsockname()[:2]
        self._store = Store(schema, db_path)
        if seed_data and self._store.is_empty():
            demo.seed(self._store)
        self._sessions = auth.Sessions(self._store, session_ttl)
        self._jobs = Jobs(job_delay, job_ttl)
        self._backend = Backend(schema, self._store, self._sessions, self._jobs, version)
        # host[:port] named in job locations instead of the request's Host (a real management node names its own
        # address, which a client behind NAT or a tunnel may not reach)
        self._backend.job_host = job_host
        self._requests: deque[RecordedRequest] = deque(maxlen=record_limit)
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None

    # -- life cycle ----------------------------------------------------------------------------------------------
    def start(self) -> str:
        """Start serving in a daemon thread; the base URL."""
        if self._httpd is None:
            if self._listening is None:
                self._httpd = _Server((self.host, self.port), _Handler)
            else:  # serve on the socket we were given (already bound and listening)
                self._httpd = _Server((self.host, self.port), _Handler, bind_and_activate=False)
                self._httpd.socket.close()
                self._httpd.socket = self._listening
            self._httpd.sim = self
            self.port = self._httpd.server_address[1]
            self._wake = socket.socketpair()
            self._thread = threading.Thread(target=self._httpd.serve_until, args=(self._wake[0],),
                                            name=f"zscli-sim-{self.port}", daemon=True)
            self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving, close open connections and the database."""
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            assert self._wake is not None and self._thread is not None
            self._wake[1].send(b"x")
            self._thread.join()
            httpd.server_close()
            for end in self._wake:
                end.close()
            self._wake = None
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._jobs.stop()
        self._store.close()

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:<port>``."""
        return f"http://{self.host}:{self.port}"

    @property
    def version(self) -> str:
        """The management-node version GetVersion answers (``--version``)."""
        return self._backend.version

    @version.setter
    def version(self, value: str) -> None:
        self._backend.version = value

    @property
    def modelarts_endpoint(self) -> str:
        """The ModelArts endpoint: the same server (paths ``/v1/workspaces/...``)."""
        return self.url

    # -- request log ---------------------------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in arrival order (a copy)."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._lock:
            self._requests.clear()

    def _record(self, record: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(record)

    def _track(self, conn: socket.socket, alive: bool) -> None:
        with self._lock:
            (self._conns.add if alive else self._conns.discard)(conn)

    # -- test helpers --------------------------------------------------------------------------------------------
    def login(self, uuid: str = "") -> str:
        """Create an admin session directly (named ``uuid``, default a new one); its uuid."""
        return self._sessions.create(uuid=uuid)["uuid"]

    def expire_sessions(self) -> None:
        """Make every current session expired."""
        self._sessions.expire_all()
