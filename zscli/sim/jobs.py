"""Asynchronous API jobs: submit answers 202 at once; the work finishes after a delay; results expire."""
from __future__ import annotations

import re
import threading
import time
import uuid as uuidlib
from typing import Any
from collections.abc import Callable

from zscli.record import record
from . import progress
from .codes import BadRequest

Work = Callable[[], tuple[int, Any]]  # returns (HTTP status, JSON body) of the finished job
_JOB_UUID = re.compile(r"^[0-9a-fA-F]{32}$")
EXPIRED = "the job has been expired"


@record(frozen=False)
class Job:
    """One submitted job."""

    uuid: str
    status: int | None = None  # None while running
    body: Any = None
    done_at: float = 0.0
    task_name: str = ""  # the API message class, as the server's progress records name it
    steps: tuple[str, ...] = ()  # what the job reports through GetTaskProgress
    started: float = 0.0
    started_ms: int = 0


SEEN_LIMIT = 100_000  # job uuids remembered for the duplicate X-Job-UUID check (the oldest are forgotten)


class Jobs:
    """The job table. ``delay`` seconds until a job finishes; results kept ``ttl`` seconds after that.

    Memory stays bounded: expired results are dropped as new jobs come in (not only when polled), and at most
    :data:`SEEN_LIMIT` used job uuids are remembered."""

    def __init__(self, delay: float, ttl: float) -> None:
        self.delay = delay
        self.ttl = ttl
        self._jobs: dict[str, Job] = {}
        self._seen: dict[str, None] = {}  # insertion-ordered, so the oldest can be forgotten
        self._purge_at = 64  # purge expired jobs when the table reaches this size
        self._timers: list[threading.Timer] = []
        self._lock = threading.Lock()

    def submit(self, job_uuid: str | None, work: Work, task_name: str = "", steps: tuple[str, ...] = ()) -> str:
        """Register a job (``job_uuid`` from X-Job-UUID, or a new one) and start its work; its uuid.
        ``steps`` are reported through :meth:`progress` while it runs.

        A malformed or already used X-Job-UUID raises BadRequest (400).
        """
        if job_uuid is not None:
            if not _JOB_UUID.match(job_uuid):
                raise BadRequest(f"invalid X-Job-UUID [{job_uuid}]: use 32 hex characters")
            job_uuid = job_uuid.lower()
        with self._lock:
            if job_uuid in self._seen:
                raise BadRequest(f"duplicate X-Job-UUID [{job_uuid}]: a job with this uuid was already submitted")
            job = Job(job_uuid or uuidlib.uuid4().hex, task_name=task_name, steps=steps, started=time.monotonic(),
                      started_ms=int(time.time() * 1000))
            self._seen[job.uuid] = None
            if len(self._seen) > SEEN_LIMIT:
                del self._seen[next(iter(self._seen))]
            self._jobs[job.uuid] = job
            if len(self._jobs) >= self._purge_at:
                self._purge()
        if self.delay <= 0:
            self._run(job, work)
        else:
            timer = threading.Timer(self.delay, self._run, (job, work))
            timer.daemon = True
            with self._lock:
                self._timers = [t for t in self._timers if t.is_alive()] + [timer]
            timer.start()
        return job.uuid

    def _purge(self) -> None:
        """Drop finished jobs older than ``ttl`` (the lock is held); purge again when the table doubles."""
        now = time.monotonic()
        for uuid in [u for u, j in self._jobs.items() if j.status is not None and now - j.done_at > self.ttl]:
            del self._jobs[uuid]
        self._purge_at = max(64, 2 * len(self._jobs))

    def _run(self, job: Job, work: Work) -> None:
        status, body = work()
        with self._lock:
            job.status, job.body, job.done_at = status, body, time.monotonic()

    def poll(self, job_uuid: str) -> tuple[int, Any]:
        """(202, {}) while running, the result once done; BadRequest 404 when unknown or expired."""
        with self._lock:
            job = self._jobs.get(job_uuid)
            if job is not None and job.status is not None and time.monotonic() - job.done_at > self.ttl:
                del self._jobs[job_uuid]
                job = None
            if job is None:
                raise BadRequest(EXPIRED, 404)
            if job.status is None:
                return 202, {}
            return job.status, job.body

    def progress(self, api_id: str) -> dict[str, Any]:
        """The GetTaskProgress reply for job ``api_id``: its current step and percentage (the last step at 100%
        once done); ``{"inventories": []}`` for an unknown job or one without steps."""
        with self._lock:
            job = self._jobs.get(api_id.lower())
            if job is None or not job.steps:
                return {"inventories": []}
            done = job.status is not None
            elapsed = time.monotonic() - job.started
        fraction = 1.0 if done or self.delay <= 0 else min(elapsed / self.delay, 0.99)
        return {"inventories": progress.records(job.uuid, job.task_name, job.steps, fraction, job.started_ms,
                                                int(time.time() * 1000))}

    def stop(self) -> None:
        """Cancel jobs still waiting for their delay."""
        with self._lock:
            timers, self._timers = self._timers, []
        for timer in timers:
            timer.cancel()
