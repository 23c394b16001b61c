"""Dates typed as tables show them (issue 8 item 13) and messages that say what happened (item 14)."""
from __future__ import annotations

import pytest

from .helpers.cli import last, login, zscli
from .helpers.faultserver import FaultServer


@pytest.fixture()
def logged_in(sim, state_dir):
    login(sim)
    sim.clear_requests()
    return sim


@pytest.mark.parametrize("typed", ["2025-10-21", "2025-10-21 00:00:00", "2025-10-21T00:00:00", "2025-10-21T00:00",
                                   "Oct 21, 2025 12:00:00 AM"])
def test_iso_dates_in_timestamp_conditions_are_sent_as_the_server_parses_them(logged_in, typed):
    run = zscli(logged_in, "QueryModel", f"createDate>{typed}")
    assert run.code == 0, run.err
    assert ("q", "createDate>Oct 21, 2025 12:00:00 AM") in last(logged_in, "GET").query


@pytest.mark.parametrize("typed", ["yesterday", "2025-02-30", "2025-10-21 25:00"])
def test_a_date_that_is_not_one_is_exit_2_with_the_forms(logged_in, typed):
    run = zscli(logged_in, "QueryModel", f"createDate>{typed}")
    assert run.code == 2 and "2025-10-21" in run.err and logged_in.requests == []


@pytest.mark.parametrize("word, hint", [("name=!=x", "did you mean name!=x?"), ("name=a>=b", "'>='")])
def test_a_condition_the_server_would_split_elsewhere_is_refused(logged_in, word, hint):
    run = zscli(logged_in, "QueryModel", word)
    assert run.code == 2 and hint in run.err and logged_in.requests == []


def test_a_value_the_server_splits_where_we_do_is_sent(logged_in):
    assert zscli(logged_in, "QueryModel", "name=a>b").code == 0


def test_an_unquoted_redirect_leaves_a_bare_field_and_says_to_quote(logged_in):
    run = zscli(logged_in, "QueryModel", "size")
    assert run.code == 2 and "quote" in run.err and "redirection" in run.err


def test_https_against_a_plain_http_port_says_it_does_not_speak_tls(sim, state_dir):
    run = zscli(sim, "--https", "LogInByAccount", "accountName=admin", "password=p")
    assert run.code == 3 and "does not speak TLS" in run.err and "--insecure" not in run.err


def test_a_cut_off_reply_is_described_not_named_by_class(state_dir):
    def cut(conn):
        conn.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")

    with FaultServer(cut) as server:
        run = zscli(None, "-H", "127.0.0.1", "-p", str(server.port), "LogInByAccount", "accountName=a", "password=p")
    assert run.code == 3 and "Error" not in run.err.split("(")[0], run.err


def test_a_400_kb_server_error_is_clipped(state_dir):
    def big(conn):
        conn.json(503, {"error": {"code": "SYS.1000", "description": "d" * 400_000, "details": "x" * 400_000}})

    with FaultServer(big) as server:
        run = zscli(None, "-H", "127.0.0.1", "-p", str(server.port), "LogInByAccount", "accountName=a", "password=p")
    assert run.code == 1 and len(run.err) < 10_000 and "more characters" in run.err
