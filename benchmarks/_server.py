"""A simulator in its own process for the benchmarks: ``python benchmarks/_server.py --models N``.

It clones the demo models until the Model table holds ``N`` rows (for the 10,000-row figures), prints
one line ``URL SESSION_UUID`` on stdout, and serves until its standard input is closed (the parent
ends it by closing the pipe). Running it apart keeps its CPU and memory out of the measured processes.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zscli.sim import Simulator  # noqa: E402


def grow_models(sim: Simulator, total: int) -> None:
    """Insert clones of the demo models (new uuid and name) until there are ``total`` of them."""
    store = sim._store  # the benchmark may reach in: it only adds rows
    demo = store.rows("Model")
    if not demo or total <= len(demo):
        return
    clones = []
    for i in range(total - len(demo)):
        record = dict(demo[i % len(demo)])
        record["uuid"] = f"{i:08x}" + "b" * 24
        record["name"] = f"{record['name']}-{i}"
        record["modelServiceRefs"] = []
        clones.append(record)
    store.insert_many("Model", clones)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=0, help="rows in the Model table (default: the demo's)")
    args = parser.parse_args()
    sim = Simulator(host="127.0.0.1", port=0)
    grow_models(sim, args.models)
    sim.start()
    print(sim.url, sim.login(), flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
