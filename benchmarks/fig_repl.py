"""REPL memory: the Python memory the shell keeps per ``QueryModel`` (20 models) once it has run many."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from harness import PYTHON, Row, Server, Zscli


def measure(quick: bool) -> list[Row]:
    """One row: KiB kept per query between the 150th and the last query (0 when results are bounded)."""
    first, last = 150, (400 if quick else 650)
    with Server() as server:
        zscli = Zscli(server)
        try:
            probe = Path(__file__).with_name("_repl_probe.py")
            proc = subprocess.run([PYTHON, str(probe), server.url, str(first), str(last)], env=zscli.env,
                                  capture_output=True, text=True, check=True)
            found = {int(k): v for k, v in json.loads(proc.stdout).items()}
        finally:
            zscli.close()
    per_query = (found[last] - found[first]) / (last - first) / 1024
    return [Row(f"REPL memory kept per query (queries {first}..{last})", f"{per_query:+.1f} KiB/query", "", None,
                "bounded (~0)", per_query < 1.0)]
