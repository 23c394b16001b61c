"""One HTTP exchange bounded in time and size: ``--timeout`` covers the WHOLE request (connect, headers and
every byte of the body), and no more than ``--max-reply-mb`` of reply is ever read.

``requests`` applies its timeout to each socket operation, so a server sending one byte a second never trips
it. Here the exchange runs in a worker thread that the caller waits for at most ``timeout`` seconds; on expiry
the caller drops the connection (closing the session) and reports the timeout, and the worker, whose socket is
gone, ends by itself. The body is read in chunks and abandoned as soon as it passes the size cap.
"""
from __future__ import annotations

import queue
import threading
import time
from typing import Any

CHUNK = 64 * 1024


class ReplyTooLarge(Exception):
    """The reply passed the size cap (``limit`` bytes) before it ended."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class Deadline(Exception):
    """The whole exchange did not finish in time."""


class _Job:
    """One exchange handed to a worker, and what came of it."""

    def __init__(self, http: Any, prepared: Any, options: dict[str, Any], timeout: float, limit: int) -> None:
        self.http, self.prepared, self.options = http, prepared, options
        self.timeout, self.limit = timeout, limit
        self.reply: Any = None
        self.raw = b""
        self.error: BaseException | None = None
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


def _serve(jobs: queue.SimpleQueue[_Job | None]) -> None:
    """A worker's loop: run jobs until a None says stop."""
    while True:
        job = jobs.get()
        if job is None:
            return
        job.run()
        del job


class Exchanger:
    """Runs exchanges on one long-lived worker thread (starting a thread for every request cost a batch
    about 0.2 ms per command). A worker that overran its deadline is left to end by itself (its connection
    is closed by the caller) and the next exchange starts a fresh one."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] | None = None

    def exchange(self, http: Any, prepared: Any, options: dict[str, Any], *, timeout: float,
                 limit: int) -> tuple[Any, bytes]:
        """See :func:`exchange`."""
        timeout = min(timeout, threading.TIMEOUT_MAX, 1e7)
        job = _Job(http, prepared, options, timeout, limit)
        if self._jobs is None:
            self._jobs = queue.SimpleQueue()
            threading.Thread(target=_serve, args=(self._jobs,), name="zscli-http", daemon=True).start()
        self._jobs.put(job)
        if not job.done.wait(timeout):
            self.stop()  # the worker ends once its (closed) connection fails
            raise Deadline()
        if job.error is not None:
            raise job.error
        return job.reply, job.raw

    def stop(self) -> None:
        """Let the worker end after its current job."""
        if self._jobs is not None:
            self._jobs.put(None)
            self._jobs = None


def exchange(http: Any, prepared: Any, options: dict[str, Any], *, timeout: float, limit: int) -> tuple[Any, bytes]:
    """Send ``prepared`` on the ``requests`` session ``http`` and read the whole reply: ``(response, body)``.

    Raises :class:`Deadline` when it takes longer than ``timeout`` seconds in all (the caller must then
    close ``http``), :class:`ReplyTooLarge` past ``limit`` bytes, or what ``requests`` raised. A client
    sending many requests keeps an :class:`Exchanger` instead (one worker thread for all of them).
    """
    exchanger = Exchanger()
    try:
        return exchanger.exchange(http, prepared, options, timeout=timeout, limit=limit)
    finally:
        exchanger.stop()


__all__ = ["Deadline", "Exchanger", "ReplyTooLarge", "exchange"]
