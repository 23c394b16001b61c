"""Batch mode: stdin lines run in order over one connection; the first failure stops unless --keep-going."""
from __future__ import annotations

from clihelp import login, subprocess_zscli, zscli

BATCH = """\
# list two models, then a bad line, then one more query
QueryModel limit=2

QueryModel limit=1 sortBy=name
QueryModel nmae=x
QueryModelCenter limit=1
"""


def _queries(sim):
    return [r for r in sim.requests if r.method == "GET"]


def test_batch_runs_in_order_and_stops_at_first_failure(sim, state_dir):
    login(sim)
    sim.clear_requests()
    run = zscli(sim, input=BATCH)
    assert run.code == 2
    assert "line 5" in run.err
    got = _queries(sim)
    assert [r.query for r in got] == [(("limit", "2"),), (("limit", "1"), ("sort", "+name"))]
    assert len({r.connection for r in got}) == 1, "one kept-alive connection for the batch"


def test_keep_going_runs_every_line_and_reports_the_first_failure(sim, state_dir):
    login(sim)
    sim.clear_requests()
    run = zscli(sim, "--keep-going", input=BATCH)
    assert run.code == 2
    paths = [r.path for r in _queries(sim)]
    assert paths == ["/zstack/v1/ai/models", "/zstack/v1/ai/models", "/zstack/v1/ai/model-centers"]
    assert len({r.connection for r in _queries(sim)}) == 1


def test_batch_success_exit_0_as_a_real_process(sim, state_dir):
    env = {"XDG_STATE_HOME": str(state_dir / "state")}
    script = "LogInByAccount accountName=admin password=password\nQueryModel limit=3\nLogOut\n"
    run = subprocess_zscli("-H", "127.0.0.1", "-p", str(sim.port), "-o", "json", input=script, env=env)
    assert run.code == 0, run.err
    assert "password" not in run.err
