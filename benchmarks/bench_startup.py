"""Start-up cost of a one-shot command, as a ratio against a bare ``requests.get`` measured in the same run.

    python benchmarks/bench_startup.py [--runs 15]

Starts the simulator, logs in (session in a temp state dir), compiles byte-code into a temp cache, then times, alternating, N runs of
``zscli -o json QueryModel`` and of ``python -c "import requests; requests.get(URL)"`` against the same server,
and prints medians, the ratio, and the heaviest imports of the zscli run (``python -X importtime``).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from zscli.sim import Simulator


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed: {proc.stderr}")
    return elapsed


def _importtime(cmd: list[str], env: dict[str, str], top: int) -> list[tuple[int, str]]:
    proc = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package"
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:"):].split("|", 2)
        rows.append((int(cumulative), name.rstrip()))
    rows.sort(reverse=True)
    return rows[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    with Simulator() as sim, tempfile.TemporaryDirectory() as state, tempfile.TemporaryDirectory() as pyc:
        # Byte-code cached as after `pip install` (which compiles every module), but outside the source tree:
        # with PYTHONDONTWRITEBYTECODE set, every run would recompile zscli's modules (~25 ms) and measure that.
        env = dict(os.environ, XDG_STATE_HOME=state, PYTHONPYCACHEPREFIX=pyc)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        zscli = [sys.executable, "-m", "zscli", "-H", "127.0.0.1", "-p", str(sim.port)]
        subprocess.run(zscli + ["LogInByAccount", "accountName=admin", "password=password"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        ours = zscli + ["-o", "json", "QueryModel"]
        url = f"{sim.url}/zstack/v1/ai/models"
        baseline = [sys.executable, "-c", f"import requests; requests.get({url!r})"]
        bare = [sys.executable, "-c", "pass"]
        _time(ours, env), _time(baseline, env)  # warm the file cache
        t_ours, t_base, t_bare = [], [], []
        for _ in range(args.runs):
            t_ours.append(_time(ours, env))
            t_base.append(_time(baseline, env))
            t_bare.append(_time(bare, env))
        m_ours, m_base, m_bare = (statistics.median(t) for t in (t_ours, t_base, t_bare))
        print(f"runs: {args.runs} each, medians")
        print(f"  python -c pass                      {m_bare * 1000:7.1f} ms")
        print(f"  python -c 'requests.get(URL)'       {m_base * 1000:7.1f} ms  (baseline)")
        print(f"  zscli -o json QueryModel            {m_ours * 1000:7.1f} ms  ratio {m_ours / m_base:.2f}x baseline")
        print(f"top {args.top} imports of the zscli run (cumulative µs):")
        for cumulative, name in _importtime(ours, env, args.top):
            print(f"  {cumulative:8d}  {name}")


if __name__ == "__main__":
    main()
