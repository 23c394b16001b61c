"""One-shot start-up alone: ``python benchmarks/bench_startup.py [--quick] [--installed]``.

The same figure as ``run.py --only oneshot`` (see ``fig_oneshot.py``): ``zscli -o json QueryModel`` against
``python -c "import requests; requests.get(URL, headers=AUTH)"`` with the same session header, so both
receive the same full reply; prints the medians, the ratio and zscli's heaviest imports.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

if __name__ == "__main__":
    import run

    sys.exit(run.main(["--only", "oneshot", *sys.argv[1:]]))
