"""Waiting for an asynchronous ZStack job: poll its location with GET and a growing pause."""
from __future__ import annotations

import time
from typing import Any, Protocol
from collections.abc import Callable

from zscli.call import Response
from zscli.errors import ServerError, TransportError
from zscli.record import record

from .errors import JobInterrupted, unparsable

FIRST_PAUSE = 0.05  # seconds
GROWTH = 1.5
MAX_PAUSE = 1.0


@record
class Accepted:
    """What a 202 reply says: where the job lives and how long the server gives it."""

    location: str
    timeout: float  # seconds


class Poller(Protocol):
    """One GET on the job location: ``(status, reason, raw body)``; raises ZscliError on transport failure."""

    def __call__(self, url: str, first: bool) -> tuple[int, str, bytes]: ...


def accepted(body: Any, status: int, fallback_timeout: float) -> Accepted:
    """Read ``location`` and ``apiTimeout`` (ms) from a 202 body."""
    location = body.get("location") if isinstance(body, dict) else None
    if not isinstance(location, str) or not location:
        raise unparsable(status)
    api_timeout = body.get("apiTimeout")
    timeout = fallback_timeout
    if isinstance(api_timeout, (int, float)) and not isinstance(api_timeout, bool) and api_timeout > 0:
        timeout = api_timeout / 1000.0
    return Accepted(location, timeout)


def pauses(first: float = FIRST_PAUSE, growth: float = GROWTH, cap: float = MAX_PAUSE):
    """The pause before each poll: first, first*growth, ... capped at ``cap``."""
    pause = first
    while True:
        yield pause
        pause = min(pause * growth, cap)


def wait(job: Accepted, poll: Poller, on_final: Callable[[int, str, bytes], Response],
         on_wait: Callable[[float], None] | None = None,
         clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
         interval: float | None = None) -> Response:
    """Poll ``job.location`` until a final reply (handed to ``on_final``), the job's timeout, or Ctrl-C.

    The pause before each poll grows (:func:`pauses`) unless ``interval`` (seconds) fixes it.

    202 means still running; 404 means the server forgot the job. ``on_wait(elapsed_seconds)`` is
    called before every poll (the front door draws a spinner with it).
    """
    start = clock()
    deadline = start + job.timeout
    first = True
    try:
        for pause in (pauses() if interval is None else pauses(interval, 1.0, interval)):
            remaining = deadline - clock()
            if remaining <= 0:
                break
            sleep(min(pause, remaining))
            if on_wait is not None:
                on_wait(clock() - start)
            status, reason, raw = poll(job.location, first)
            first = False
            if status == 202:
                continue
            if status == 404:
                raise ServerError("the job has expired", 404, hint=f"the server forgot {job.location}")
            return on_final(status, reason, raw)
    except KeyboardInterrupt:
        raise JobInterrupted(job.location) from None
    raise TransportError(f"job did not finish within {job.timeout:g}s", hint=f"check it later: GET {job.location}")


__all__ = ["Accepted", "accepted", "pauses", "wait", "FIRST_PAUSE", "GROWTH", "MAX_PAUSE"]
