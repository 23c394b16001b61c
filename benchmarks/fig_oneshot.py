"""One-shot start-up: ``zscli -o json QueryModel`` against ``python -c "import requests; requests.get(URL,
headers=AUTH)"`` (the same URL, the same auth header, so both receive the same full reply)."""
from __future__ import annotations

import sys

from harness import PYTHON, Row, Server, Zscli, alternate, fmt_time, med_seconds, run


def importtime(argv: list[str], env: dict[str, str], top: int = 10) -> list[tuple[int, str]]:
    """The ``top`` heaviest imports (cumulative microseconds) of one run of ``argv`` (a ``python ...`` argv)."""
    import subprocess

    proc = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    found = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:
            _, cumulative, name = line[len("import time:"):].split("|", 2)
            found.append((int(cumulative), name.rstrip()))
    return sorted(found, reverse=True)[:top]


def measure(quick: bool, installed: bool = False) -> list[Row]:
    """One row: the start-up ratio."""
    runs = 7 if quick else 21
    with Server() as server:
        zscli = Zscli(server, installed=installed)
        try:
            ours = zscli.cmd("-o", "json", "QueryModel")
            url = f"{server.url}/zstack/v1/ai/models"
            code = f"import requests; requests.get({url!r}, headers={{'Authorization': 'OAuth {server.session}'}})"
            base = [PYTHON, "-c", code]
            bare = [PYTHON, "-c", "pass"]
            found = alternate({"ours": lambda: run(ours, zscli.env), "base": lambda: run(base, zscli.env),
                               "bare": lambda: run(bare, zscli.env)}, runs, warm=2)
            t_ours, t_base, t_bare = (med_seconds(found[k]) for k in ("ours", "base", "bare"))
            print(f"  python -c pass {fmt_time(t_bare)}; requests.get {fmt_time(t_base)}; zscli {fmt_time(t_ours)}",
                  file=sys.stderr)
            if not installed:
                for cumulative, name in importtime(ours, zscli.env, 8):
                    print(f"    import {cumulative / 1000:7.1f} ms  {name}", file=sys.stderr)
        finally:
            zscli.close()
    ratio = t_ours / t_base
    return [Row("one-shot -o json QueryModel vs python -c requests.get (same auth)", fmt_time(t_ours),
                fmt_time(t_base), ratio, "<= 1.10x", ratio <= 1.10)]
