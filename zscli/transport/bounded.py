"""One HTTP exchange bounded in time and size: ``--timeout`` covers the WHOLE request (connect, headers and
every byte of the body), and no more than ``--max-reply-mb`` of reply is ever read.

``requests`` applies its timeout to each socket operation, so a server sending one byte a second never trips
it. Here the exchange runs in a worker thread that the caller waits for at most ``timeout`` seconds; on expiry
the caller drops the connection (closing the session) and reports the timeout, and the worker, whose socket is
gone, ends by itself. The body is read in chunks and abandoned as soon as it passes the size cap.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Optional

CHUNK = 64 * 1024


class ReplyTooLarge(Exception):
    """The reply passed the size cap (``limit`` bytes) before it ended."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class Deadline(Exception):
    """The whole exchange did not finish in time."""


class _Worker(threading.Thread):
    def __init__(self, http: Any, prepared: Any, options: dict[str, Any], timeout: float, limit: int) -> None:
        super().__init__(name="zscli-http", daemon=True)
        self.http, self.prepared, self.options = http, prepared, options
        self.timeout, self.limit = timeout, limit
        self.reply: Any = None
        self.raw = b""
        self.error: Optional[BaseException] = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            deadline = time.monotonic() + self.timeout
            options = dict(self.options, stream=True, timeout=self.timeout)
            reply = self.http.send(self.prepared, **options)
            try:
                parts: list[bytes] = []
                size = 0
                for chunk in reply.iter_content(CHUNK):
                    size += len(chunk)
                    if size > self.limit:
                        raise ReplyTooLarge(self.limit)
                    if time.monotonic() > deadline:
                        raise Deadline()
                    parts.append(chunk)
                self.raw = b"".join(parts)
            finally:
                reply.close()
            self.reply = reply
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread as is
            self.error = exc
        finally:
            self.done.set()


def exchange(http: Any, prepared: Any, options: dict[str, Any], *, timeout: float, limit: int) -> tuple[Any, bytes]:
    """Send ``prepared`` on the ``requests`` session ``http`` and read the whole reply: ``(response, body)``.

    Raises :class:`Deadline` when it takes longer than ``timeout`` seconds in all (the caller must then
    close ``http``), :class:`ReplyTooLarge` past ``limit`` bytes, or what ``requests`` raised.
    """
    timeout = min(timeout, threading.TIMEOUT_MAX, 1e7)
    worker = _Worker(http, prepared, options, timeout, limit)
    worker.start()
    if not worker.done.wait(timeout):
        raise Deadline()
    if worker.error is not None:
        raise worker.error
    return worker.reply, worker.raw


__all__ = ["Deadline", "ReplyTooLarge", "exchange"]
