"""A real loopback TCP server that answers HTTP with scripted faults the simulator never produces:
replies of any shape, error bodies of any size, replies that never end, a byte at a time, plain HTTP where TLS
was expected. Each connection runs in a daemon thread; every loop is bounded (by a count and by ``stop()``).
"""
from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any
from collections.abc import Callable

Behaviour = Callable[["Conn"], None]


class Conn:
    """One accepted connection: the request head already read, helpers to answer."""

    def __init__(self, sock: socket.socket, head: bytes, stopped: threading.Event) -> None:
        self.sock = sock
        self.head = head
        self.stopped = stopped

    @property
    def request_line(self) -> str:
        return self.head.split(b"\r\n", 1)[0].decode("latin-1")

    def send(self, data: bytes) -> bool:
        """Send ``data``; False when the client has gone."""
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def reply(self, status: int, body: bytes, content_type: str = "application/json",
              reason: str = "X") -> None:
        self.send(f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
                  f"Content-Length: {len(body)}\r\n\r\n".encode() + body)

    def json(self, status: int, value: Any) -> None:
        self.reply(status, json.dumps(value).encode())

    def drip(self, data: bytes, gap: float, limit: int = 600) -> None:
        """Send ``data`` repeatedly, one piece every ``gap`` seconds, at most ``limit`` times."""
        for _ in range(limit):
            if self.stopped.is_set() or not self.send(data):
                return
            time.sleep(gap)


class FaultServer:
    """``FaultServer(behaviour)`` listens on 127.0.0.1 and calls ``behaviour(conn)`` for each request."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.stopped = threading.Event()
        self.requests: list[str] = []
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                sock, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(10)
        try:
            head = self._read_head(sock)
            if head is None:
                return
            conn = Conn(sock, head, self.stopped)
            self.requests.append(conn.request_line)
            self.behaviour(conn)
        except OSError:
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass

    @staticmethod
    def _read_head(sock: socket.socket) -> bytes | None:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 1 << 20:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip() or 0)
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        return head

    def stop(self) -> None:
        self.stopped.set()
        self.listener.close()
        self.thread.join(5)

    def __enter__(self) -> FaultServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
