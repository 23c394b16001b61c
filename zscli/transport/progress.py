"""Task progress of a running job: reading ``GetTaskProgress`` replies and fetching them beside the job's polls.

``GET /zstack/v1/task-progresses/{apiId}`` (apiId = the job uuid zscli sent as ``X-Job-UUID``) answers the chain of
progress records from the job's top task to its newest sub-task. A record of ``type`` ``Task`` names a step in
``content``; one of type ``Progress`` holds a percentage in ``content``; the documented ``currentStep`` /
``totalSteps`` give the step count when the server fills them. :func:`parse` turns that into one
:class:`Progress`, or None when there is nothing worth showing (then the caller keeps its spinner).

:class:`Watcher` fetches in a background thread over its own connection, at most once per poll of the job (a
kick while a fetch is running is dropped), so the job's own polling is never delayed by it.
"""
from __future__ import annotations

import threading
from typing import Any
from collections.abc import Callable

from zscli.record import record

PATH = "/task-progresses/{apiId}"


@record
class Progress:
    """What a job reports: the current step's words, its number out of a total, a percentage (0..100)."""

    text: str = ""
    step: int | None = None
    total: int | None = None
    percent: float | None = None

    @property
    def fraction(self) -> float | None:
        """How far along the job is (0..1): the percentage if reported, else the step out of the total."""
        if self.percent is not None:
            return min(max(self.percent / 100.0, 0.0), 1.0)
        if self.step is not None and self.total:
            return min(max(self.step / self.total, 0.0), 1.0)
        return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return None
    return int(value)


def _percent(text: Any) -> float | None:
    try:
        value = float(str(text).strip().rstrip("%"))
    except ValueError:
        return None
    return value if 0.0 <= value <= 100.0 else None


def parse(body: Any) -> Progress | None:
    """The progress in a GetTaskProgress reply body, or None when it says nothing useful."""
    records = body.get("inventories") if isinstance(body, dict) else None
    if not isinstance(records, list):
        return None
    text, step, total, percent = "", None, None, None
    for entry in records:  # the top task first, the newest sub-task last: later records win
        if not isinstance(entry, dict):
            continue
        content = entry.get("content")
        if str(entry.get("type") or "").lower() == "progress":
            percent = _percent(content) if _percent(content) is not None else percent
        elif isinstance(content, str) and content.strip():
            text = " ".join(content.split())
        current, of = _count(entry.get("currentStep")), _count(entry.get("totalSteps"))
        if current is not None and of:
            step, total = min(current, of), of
    if not text and percent is None and step is None:
        return None
    return Progress(text=text, step=step, total=total, percent=percent)


class Watcher:
    """Calls ``fetch()`` (one GetTaskProgress request: the reply body, or None) in a daemon thread whenever
    :meth:`kick` is called and no fetch is running, and hands ``parse(body)`` to ``report``. Every failure is
    reported as None: progress is a nicety and must never break or slow the job."""

    def __init__(self, fetch: Callable[[], Any], report: Callable[[Progress | None], None]) -> None:
        self._fetch = fetch
        self._report = report
        self._wake = threading.Event()
        self._idle = True
        self._stopped = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def kick(self) -> None:
        """Ask for one fetch now, unless one is already running."""
        with self._lock:
            if self._stopped or not self._idle:
                return
            self._idle = False
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="zscli-progress", daemon=True)
                self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        """No more fetches; a running one finishes in the background and is not reported."""
        with self._lock:
            self._stopped = True
        self._wake.set()

    def _loop(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                if self._stopped:
                    return
            try:
                found = parse(self._fetch())
            except Exception:  # noqa: BLE001 - any failure means "nothing to show"
                found = None
            with self._lock:
                stopped = self._stopped
                self._idle = True
            if stopped:
                return
            try:
                self._report(found)
            except Exception:  # noqa: BLE001
                pass


__all__ = ["PATH", "Progress", "Watcher", "parse"]
