"""Every figure of issues 9 and 11 as a ratio against a baseline measured in the same run, printed as one table.

    python benchmarks/run.py [--quick] [--only NAME ...] [--markdown FILE] [--installed]

Each figure lives in its own module (``fig_*.py``); figures that need a server start the simulator in
its own process (``_server.py``). ``--quick`` runs fewer repetitions (a couple of minutes in all);
``--installed`` runs the ``zscli`` command on PATH for the one-shot and start-up figures instead of this checkout.
Progress goes to stderr, the table to stdout (``--markdown FILE`` also writes it as a Markdown table).
"""
from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from harness import Row  # noqa: E402

FIGURES = ("output", "batch", "repl", "completion", "oneshot", "startup", "prompt", "sim")


def _ratio(row: Row) -> str:
    return "" if row.ratio is None else f"{row.ratio:.2f}x"


def _verdict(row: Row) -> str:
    return {True: "ok", False: "OVER", None: ""}[row.ok]


def table(rows: list[Row]) -> str:
    """The rows as a plain-text table."""
    head = ("figure", "ours", "baseline", "ratio", "goal", "")
    cells = [head] + [(r.figure, r.ours, r.baseline, _ratio(r), r.goal, _verdict(r)) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=False)).rstrip() for cell in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    out = ["| figure | ours | baseline | ratio | goal | |", "|---|---|---|---|---|---|"]
    out += [f"| {r.figure} | {r.ours} | {r.baseline} | {_ratio(r)} | {r.goal} | {_verdict(r)} |" for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a couple of minutes)")
    parser.add_argument("--only", nargs="+", choices=FIGURES, help="run only these figures")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown to FILE")
    parser.add_argument("--installed", action="store_true",
                        help="time the installed zscli command (one-shot, start-up)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    started = time.perf_counter()
    for name in args.only or FIGURES:
        print(f"[{name}] ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        module = importlib.import_module(f"fig_{name}")
        kwargs = {"installed": True} if name in ("oneshot", "startup") and args.installed else {}
        rows += module.measure(args.quick, **kwargs)
        print(f"[{name}] {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    mode = "quick" if args.quick else "full"
    print(f"\n{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, {mode} run, "
          f"{time.perf_counter() - started:.0f} s; medians of alternating runs")
    print(table(rows))
    if args.markdown:
        Path(args.markdown).write_text(markdown(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
