"""Batch: ``zscli < N lines of 'QueryModel limit=1'`` against one ``requests.Session`` loop doing the same
GETs (same URL, query and auth header), against N curl processes, and the batch's peak memory at N and 4N."""
from __future__ import annotations

import os
import sys
import tempfile

from harness import PYTHON, Row, Sample, Server, Zscli, alternate, fmt_time, has_curl, med_rss, med_seconds, run

LOOP = """\
import sys, requests
url, session, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
http = requests.Session()
headers = {"Authorization": "OAuth " + session, "Content-Type": "application/json;charset=UTF-8"}
for _ in range(n):
    http.get(url, params=[("limit", "1")], headers=headers).content
"""


def _batch_file(directory: str, n: int) -> str:
    path = os.path.join(directory, f"batch-{n}.txt")
    with open(path, "w") as f:
        f.write("QueryModel limit=1\n" * n)
    return path


def measure(quick: bool) -> list[Row]:
    """Rows: batch time vs the requests loop, curl processes vs the batch, batch memory at N and 4N."""
    n = 300 if quick else 1000
    runs = 3 if quick else 5
    rows: list[Row] = []
    with Server() as server, tempfile.TemporaryDirectory() as tmp:
        zscli = Zscli(server)
        try:
            url = f"{server.url}/zstack/v1/ai/models"
            small, large = _batch_file(tmp, n), _batch_file(tmp, 4 * n)

            def ours(path: str = small) -> Sample:
                with open(path, "rb") as f:
                    return run(zscli.argv, zscli.env, stdin=f)

            def base() -> Sample:
                return run([PYTHON, "-c", LOOP, url, server.session, str(n)], zscli.env)

            found = alternate({"ours": ours, "base": base}, runs)
            t_ours, t_base = med_seconds(found["ours"]), med_seconds(found["base"])
            ratio = t_ours / t_base
            rows.append(Row(f"batch of {n} QueryModel limit=1 vs requests.Session loop",
                            f"{fmt_time(t_ours)} ({t_ours / n * 1000:.2f} ms/cmd)",
                            f"{fmt_time(t_base)} ({t_base / n * 1000:.2f} ms/cmd)", ratio, "<= 1.1x", ratio <= 1.1))
            if has_curl():
                loop = (f'for i in $(seq {n}); do curl -s -o /dev/null -H "Authorization: OAuth {server.session}" '
                        f'"{url}?limit=1"; done')
                curl = med_seconds([run(["bash", "-c", loop])])
                speedup = curl / t_ours
                rows.append(Row(f"{n} curl processes vs the batch (how many times faster the batch is)",
                                f"{speedup:.1f}x faster", fmt_time(curl), speedup, ">= 5x faster", speedup >= 5))
            big = [ours(large) for _ in range(max(1, runs // 2))]
            m_small, m_large, m_base = med_rss(found["ours"]), med_rss(big), med_rss(found["base"])
            print(f"  batch peak memory {m_small:.1f} MiB at {n}, {m_large:.1f} MiB at {4 * n}; "
                  f"requests loop {m_base:.1f} MiB", file=sys.stderr)
            rows.append(Row(f"batch peak memory at {n} / {4 * n} commands (vs requests loop)",
                            f"{m_small:.0f} / {m_large:.0f} MiB", f"{m_base:.0f} MiB", m_large / m_base,
                            "< 40 MiB, flat", m_large < 40 and m_large - m_small < 2))
        finally:
            zscli.close()
    return rows
