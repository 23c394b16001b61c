"""``--all`` pages through a whole query result with limit/start and writes what one big reply would give."""
from __future__ import annotations

import io

import pytest

from zscli.record import replace
from zscli.runner import Runner
from zscli.settings import Settings


def _run(sim, state_dir, line: str, **settings) -> tuple[str, str]:
    base = replace(Settings(), host=sim.host, port=sim.port, state_dir=str(state_dir / "st"), pager="", color=False)
    out, err = io.StringIO(), io.StringIO()
    runner = Runner(replace(base, **settings), out=out, err=err)
    assert runner.login(sim.admin_account, sim.admin_password) == 0
    out.seek(0)
    out.truncate()
    code = runner.run_line(line)
    runner.close()
    assert code == 0, err.getvalue()
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table", "wide", "yaml"])
def test_all_pages_write_every_row_in_order_as_one_reply_would(fresh_sim, state_dir, fmt):
    whole, _ = _run(fresh_sim, state_dir, "QueryModel sortBy=name", output=fmt)
    fresh_sim.clear_requests()
    paged, _ = _run(fresh_sim, state_dir, "QueryModel sortBy=name --all", output=fmt, page_size=7)
    assert paged == whole
    pages = [dict(r.query) for r in fresh_sim.requests if r.path == "/zstack/v1/ai/models"]
    assert [(p["limit"], p["start"]) for p in pages] == [("7", "0"), ("7", "7"), ("7", "14")]  # 20 rows


def test_all_honours_start_and_limit_as_the_window(fresh_sim, state_dir):
    import json

    whole, _ = _run(fresh_sim, state_dir, "QueryModel sortBy=name", output="json")
    paged, _ = _run(fresh_sim, state_dir, "QueryModel sortBy=name start=3 limit=9 --all", output="json",
                    page_size=4)
    assert json.loads(paged)["inventories"] == json.loads(whole)["inventories"][3:12]
