"""The simulator process: CPU used while idle, and resident memory kept per served request."""
from __future__ import annotations

import os
import time

from harness import Row, Server


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (from /proc)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(quick: bool) -> list[Row]:
    """Rows: idle CPU in percent of a core; bytes kept per request after a warm-up."""
    import requests

    idle, n = (3.0, 2000) if quick else (6.0, 6000)
    with Server() as server:
        http = requests.Session()
        url = f"{server.url}/zstack/v1/ai/models"

        def hit(count: int) -> None:
            for _ in range(count):
                _ = http.get(url, params=[("limit", "1")], headers=server.auth).content

        hit(1500)  # past the request log's bound (the newest 1,000 are kept)
        time.sleep(0.5)
        before = _cpu_seconds(server.pid)
        time.sleep(idle)
        cpu = (_cpu_seconds(server.pid) - before) / idle * 100
        rss0 = _rss_kib(server.pid)
        hit(n)
        per_request = (_rss_kib(server.pid) - rss0) * 1024 / n
        http.close()
    return [Row(f"simulator idle CPU ({idle:.0f} s)", f"{cpu:.2f}% of a core", "", None, "0%", cpu < 0.05),
            Row(f"simulator memory kept per request ({n} requests)", f"{per_request:.0f} B/request", "", None,
                "bounded (~0)", per_request < 50)]
