"""Time to the first prompt of ``zscli --sim`` in a pseudo-terminal against a bare prompt_toolkit prompt."""
from __future__ import annotations

import time

from harness import PYTHON, Row, Sample, Server, Zscli, alternate, fmt_time, med_seconds

BARE = "from prompt_toolkit import PromptSession; PromptSession().prompt('>>> ')"


def _to_prompt(argv: list[str], env: dict[str, str]) -> Sample:
    import pexpect

    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, dimensions=(40, 160), timeout=30)
    try:
        child.expect(">>>")
        elapsed = time.perf_counter() - start
    finally:
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        child.close()
    return Sample(elapsed, 0.0)


def measure(quick: bool) -> list[Row]:
    """One row: the ratio of the medians."""
    runs = 5 if quick else 15
    with Server() as server:  # only for a state directory and environment like the other figures
        zscli = Zscli(server)
        try:
            env = dict(zscli.env, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1")
            env.pop("COLUMNS")
            found = alternate({"ours": lambda: _to_prompt(zscli.base + ["--sim"], env),
                               "base": lambda: _to_prompt([PYTHON, "-c", BARE], env)}, runs)
        finally:
            zscli.close()
    ours, base = med_seconds(found["ours"]), med_seconds(found["base"])
    ratio = ours / base
    return [Row("time to first prompt: zscli --sim vs bare prompt_toolkit prompt", fmt_time(ours), fmt_time(base),
                ratio, "<= 1.3x", ratio <= 1.3)]
