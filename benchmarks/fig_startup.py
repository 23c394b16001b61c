"""Start-up of the two commands issue 9 times on the whole catalogue: ``zscli help QueryVmInstance`` and one
bash completion request (``zscli QueryVmInstance ho<Tab>``), each under 60 ms on this machine. Both are shown
against ``python -c pass`` measured in the same alternating loop: the ratio says what zscli adds to an empty
interpreter, the goal is the issue's absolute figure."""
from __future__ import annotations

from harness import PYTHON, Row, Server, Zscli, alternate, fmt_time, med_seconds, run

GOAL_SECONDS = 0.060


def measure(quick: bool, installed: bool = False) -> list[Row]:
    """Two rows: help and a completion request, each against an empty interpreter."""
    runs = 9 if quick else 31
    with Server() as server:  # a state directory and environment like the other figures' (no request is sent)
        zscli = Zscli(server, installed=installed)
        try:
            complete = dict(zscli.env, _ZSCLI_COMPLETE="bash", ZSCLI_COMP_LINE="zscli QueryVmInstance ho",
                            ZSCLI_COMP_WORD="ho")
            found = alternate({"help": lambda: run(zscli.base + ["help", "QueryVmInstance"], zscli.env),
                               "complete": lambda: run(zscli.base, complete),
                               "bare": lambda: run([PYTHON, "-c", "pass"], zscli.env)}, runs, warm=2)
        finally:
            zscli.close()
    bare = med_seconds(found["bare"])
    rows = []
    for key, figure in (("help", "zscli help QueryVmInstance vs python -c pass"),
                        ("complete", "one bash completion request (QueryVmInstance ho) vs python -c pass")):
        ours = med_seconds(found[key])
        rows.append(Row(figure, fmt_time(ours), fmt_time(bare), ours / bare, "< 60 ms", ours < GOAL_SECONDS))
    return rows
