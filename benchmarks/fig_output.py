"""10,000-row output: ``zscli -o table|wide|json|csv QueryModel limit=10000`` against
``curl URL | python -m json.tool`` (same URL, same auth header), time and peak memory."""
from __future__ import annotations

import sys

from harness import PYTHON, Row, Sample, Server, Zscli, alternate, fmt_time, has_curl, med_rss, med_seconds, run, \
    run_pipe

ROWS = 10_000
GOALS = {"table": 2.0, "wide": 3.0, "json": 1.2, "csv": 1.2}
MEMORY_GOAL = 1.5


def fetch_argv(server: Server, rows: int) -> list[str]:
    """The baseline's fetch: curl, or (without curl) a tiny requests script writing the raw body."""
    url = f"{server.url}/zstack/v1/ai/models?limit={rows}"
    header = f"Authorization: OAuth {server.session}"
    if has_curl():
        return ["curl", "-s", "-f", "-H", header, url]
    code = (f"import sys, requests; sys.stdout.buffer.write(requests.get({url!r}, "
            f"headers={{'Authorization': 'OAuth {server.session}'}}).content)")
    return [PYTHON, "-c", code]


def measure(quick: bool, formats: tuple[str, ...] = ("table", "wide", "json", "csv")) -> list[Row]:
    """One row per format (time ratio) and one for the worst peak-memory ratio."""
    runs, warm = (2, 0) if quick else (5, 1)
    rows: list[Row] = []
    memory: list[tuple[str, float, float]] = []
    with Server(models=ROWS) as server:
        zscli = Zscli(server)
        try:
            fetch = fetch_argv(server, ROWS)
            tool = [PYTHON, "-m", "json.tool"]

            def baseline() -> Sample:
                return run_pipe(fetch, tool, zscli.env)

            for fmt in formats:
                argv = zscli.cmd("-o", fmt, "QueryModel", f"limit={ROWS}")

                def run_ours(argv: list[str] = argv) -> Sample:
                    return run(argv, zscli.env)

                found = alternate({"ours": run_ours, "base": baseline}, runs, warm)
                ours, base = med_seconds(found["ours"]), med_seconds(found["base"])
                ratio = ours / base
                rows.append(Row(f"-o {fmt} QueryModel limit={ROWS} vs curl | json.tool", fmt_time(ours),
                                fmt_time(base), ratio, f"<= {GOALS[fmt]}x", ratio <= GOALS[fmt]))
                memory.append((fmt, med_rss(found["ours"]), med_rss(found["base"])))
                print(f"  {fmt}: {fmt_time(ours)} vs {fmt_time(base)}; peak {memory[-1][1]:.0f} MiB vs "
                      f"{memory[-1][2]:.0f} MiB", file=sys.stderr)
        finally:
            zscli.close()
    worst = max(memory, key=lambda m: m[1] / m[2])
    spread = ", ".join(f"{f} {o:.0f}" for f, o, _ in memory)
    ratio = worst[1] / worst[2]
    rows.append(Row(f"peak memory, {ROWS} rows ({spread} MiB)", f"{worst[1]:.0f} MiB ({worst[0]})",
                    f"{worst[2]:.0f} MiB", ratio, f"<= {MEMORY_GOAL}x", ratio <= MEMORY_GOAL))
    return rows
