"""REPL completion per keystroke (CPU time) with 500 remembered uuids, through the shell's prompt_toolkit completer,
on a schema the size of the whole ZStack API (see ``bench_completion.py``)."""
from __future__ import annotations

import sys

from harness import Row

GOAL_MS = 2.0


def measure(quick: bool) -> list[Row]:
    """Rows: p99 over every keystroke of typical lines, and p99 while typing a value after ``uuid=``."""
    import bench_completion as bench

    schema = bench.full_size_schema()
    seen = bench.remembered(schema, "VmInstance", 500)
    found = bench.measure_schema(schema, bench.synthetic_lines(schema), 5 if quick else 20, seen, verbose=False)
    print(f"  completion: cold first Tab {found['cold']:.1f} ms; p50 {found['p50']:.3f} ms; "
          f"{found['samples']} keystrokes", file=sys.stderr)
    size = f"{len(schema.api_names)} APIs"
    return [
        Row(f"completion p99 CPU per keystroke ({size}, 500 uuids) vs substring filter", f"{found['p99']:.2f} ms",
            f"{found['base_p99']:.2f} ms", found["p99"] / found["base_p99"], f"< {GOAL_MS} ms", found["p99"] < GOAL_MS),
        Row("completion p99 CPU after uuid= (500 uuids) vs substring filter", f"{found['value_p99']:.2f} ms",
            f"{found['value_base_p99']:.2f} ms", found["value_p99"] / found["value_base_p99"], f"< {GOAL_MS} ms",
            found["value_p99"] < GOAL_MS),
    ]
