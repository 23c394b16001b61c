"""Shared benchmark plumbing: a simulator process, a logged-in zscli environment, timed child processes
(wall time in seconds, peak memory in MiB), alternating runs, and the result rows ``run.py`` prints.

Every figure is a ratio against a baseline measured in the same run: the two commands are run in turn
(ours, baseline, ours, baseline, ...) and the medians compared, so a busy machine slows both alike.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from collections.abc import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@dataclass(frozen=True)
class Row:
    """One line of the result table. ``ratio`` is ours / baseline (None for an absolute figure)."""

    figure: str
    ours: str  # what we measured, with its unit
    baseline: str  # the baseline's measurement, with its unit ("" for an absolute figure)
    ratio: float | None
    goal: str
    ok: bool | None  # None when the goal is not a pass/fail number


@dataclass(frozen=True)
class Sample:
    """One finished child process: wall-clock seconds and peak resident memory in MiB."""

    seconds: float
    rss_mib: float


def median(values: Sequence[float]) -> float:
    """The median of ``values`` (0.0 for none)."""
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


class Server:
    """The simulator (``benchmarks/_server.py``) in its own process; ``url`` and an admin ``session``."""

    def __init__(self, models: int = 0) -> None:
        self.models = models
        self.url = ""
        self.session = ""
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> Server:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen([PYTHON, str(ROOT / "benchmarks" / "_server.py"), "--models", str(self.models)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if len(line) != 2:
            raise SystemExit("the benchmark simulator did not start")
        self.url, self.session = line
        return self

    @property
    def port(self) -> int:
        """The port it serves on."""
        return int(self.url.rsplit(":", 1)[1])

    @property
    def pid(self) -> int:
        """Its process id."""
        assert self.proc is not None
        return self.proc.pid

    @property
    def auth(self) -> dict[str, str]:
        """The header a logged-in client sends."""
        return {"Authorization": f"OAuth {self.session}"}

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Zscli:
    """A logged-in zscli for ``server``: its own state directory, byte-code cached as after an install.

    ``installed`` runs the ``zscli`` command on PATH instead of ``python -m zscli`` from this checkout.
    """

    def __init__(self, server: Server, installed: bool = False) -> None:
        self.server = server
        self._tmp = tempfile.TemporaryDirectory(prefix="zscli-bench-")
        state = Path(self._tmp.name) / "state"
        pyc = Path(self._tmp.name) / "pyc"
        # Byte-code cached (as `pip install` leaves it) but outside the source tree; with
        # PYTHONDONTWRITEBYTECODE set every run would recompile zscli (~25 ms) and measure that.
        self.env = dict(os.environ, XDG_STATE_HOME=str(state), XDG_CONFIG_HOME=str(Path(self._tmp.name) / "cfg"),
                        PYTHONPYCACHEPREFIX=str(pyc), PYTHONPATH=str(ROOT), COLUMNS="160", NO_COLOR="1")
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        for name in [k for k in self.env if k.startswith("ZSCLI_")]:
            self.env.pop(name)
        if installed:
            exe = shutil.which("zscli")
            if exe is None:
                raise SystemExit("--installed: no zscli command on PATH")
            self.env.pop("PYTHONPATH")
            self.base = [exe]
        else:
            self.base = [PYTHON, "-m", "zscli"]
        self.argv = self.base + ["-H", "127.0.0.1", "-p", str(server.port)]
        login = run(self.argv + ["LogInByAccount", "accountName=admin", "password=password"], self.env)
        if login.seconds < 0:
            raise SystemExit("zscli could not log in to the benchmark simulator")

    def cmd(self, *words: str) -> list[str]:
        """The argv of ``zscli -H ... -p ... WORDS``."""
        return self.argv + list(words)

    def close(self) -> None:
        """Remove the temporary directories."""
        self._tmp.cleanup()


def run(argv: Sequence[str], env: dict[str, str] | None = None, stdin: IO[bytes] | None = None) -> Sample:
    """Run ``argv`` to its end with stdout discarded; its wall time and peak memory. Fails loudly on an error."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), env=env, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err[-500:]}")
    return Sample(elapsed, usage.ru_maxrss / 1024)


def run_pipe(first: Sequence[str], second: Sequence[str], env: dict[str, str] | None = None) -> Sample:
    """``first | second`` with the output discarded: wall time of both, peak memory of ``second``."""
    start = time.perf_counter()
    head = subprocess.Popen(list(first), env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    tail = subprocess.Popen(list(second), env=env, stdin=head.stdout, stdout=subprocess.DEVNULL)
    assert head.stdout is not None
    head.stdout.close()
    _, _, usage = os.wait4(tail.pid, 0)
    tail.returncode = 0
    head.wait()
    return Sample(time.perf_counter() - start, usage.ru_maxrss / 1024)


def alternate(contenders: dict[str, Callable[[], Sample]], runs: int, warm: int = 1) -> dict[str, list[Sample]]:
    """Run each contender in turn ``runs`` times (after ``warm`` unrecorded rounds); the samples by name."""
    for _ in range(warm):
        for fn in contenders.values():
            fn()
    found: dict[str, list[Sample]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, fn in contenders.items():
            found[name].append(fn())
    return found


def med_seconds(samples: Sequence[Sample]) -> float:
    """Median wall time in seconds."""
    return median([s.seconds for s in samples])


def med_rss(samples: Sequence[Sample]) -> float:
    """Median peak memory in MiB."""
    return median([s.rss_mib for s in samples])


def fmt_time(seconds: float) -> str:
    """``12.3 ms`` or ``1.23 s``."""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def has_curl() -> bool:
    """True when a ``curl`` command is on PATH."""
    return shutil.which("curl") is not None
