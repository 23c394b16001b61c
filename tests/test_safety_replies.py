"""Replies that are not what they should be (issue 8 item 9): odd login shapes, JSON nested 100,000 deep,
replies that never end or come a byte at a time, huge replies and file values. Real loopback fault servers."""
from __future__ import annotations

import json
import time

import pytest

from .helpers.cli import subprocess_zscli, zscli
from .helpers.faultserver import FaultServer

LOGIN = ["LogInByAccount", "accountName=admin", "password=password"]


def _one_line(run, code: int) -> str:
    assert run.code == code, (run.code, run.out, run.err)
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), run.err
    assert "internal error" not in run.err and "Traceback" not in run.err
    return lines[0]


def _at(server: FaultServer, *args: str, **kw):
    return zscli(None, "-H", "127.0.0.1", "-p", str(server.port), *args, **kw)


@pytest.mark.parametrize("body", [b'{"inventory":"x"}', b"[1]", b"null", b'{"inventory":{"uuid":""}}',
                                  b'{"inventory":{"uuid":7}}', b'"x"'])
def test_a_login_reply_without_a_session_is_exit_3_and_stores_nothing(state_dir, body):
    with FaultServer(lambda conn: conn.reply(200, body)) as server:
        line = _one_line(_at(server, *LOGIN), 3)
    assert "session" in line
    assert not list((state_dir / "state").rglob("*.json"))


def test_a_reply_nested_100000_deep_is_unparsable_not_a_crash(state_dir):
    deep = b'{"inventory":{"uuid":"u","x":' + b"[" * 100000 + b"]" * 100000 + b"}}"
    with FaultServer(lambda conn: conn.reply(200, deep)) as server:
        assert "unparsable" in _one_line(_at(server, *LOGIN), 3)


@pytest.mark.parametrize("fmt", ["table", "json", "yaml", "csv"])
def test_a_reply_nested_900_deep_is_shown_or_refused_in_one_line(state_dir, fmt):
    deep = {"inventories": [{"uuid": "a" * 32, "name": "n", "parameters": json.loads("[" * 900 + "]" * 900)}]}
    with FaultServer(lambda conn: conn.json(200, deep)) as server:
        run = _at(server, "-o", fmt, "ListModelVersions", "workspace_id=w", "model_id=m",
                  env={"ZSCLI_MODELARTS_TOKEN": "t"})
    assert "internal error" not in run.err and "Traceback" not in run.err
    assert run.code in (0, 3), run.err


def _chunked_forever(conn) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    piece = b"x" * 65536
    conn.drip(b"%x\r\n%s\r\n" % (len(piece), piece), 0, limit=100000)


def test_a_reply_that_never_ends_stops_at_the_size_cap(state_dir):
    with FaultServer(_chunked_forever) as server:
        line = _one_line(_at(server, "--max-reply-mb", "1", *LOGIN), 3)
        assert "larger than 1 MB" in line and "--max-reply-mb" in line
        line = _one_line(_at(server, *LOGIN, env={"ZSCLI_MAX_REPLY_MB": "2"}), 3)
        assert "larger than 2 MB" in line


def test_max_reply_mb_is_checked_like_every_setting(state_dir):
    assert "max-reply-mb" in _one_line(zscli(None, "--max-reply-mb", "0", "QueryModel"), 2)
    assert "ZSCLI_MAX_REPLY_MB" in _one_line(zscli(None, "QueryModel", env={"ZSCLI_MAX_REPLY_MB": "x"}), 2)


def _drip_body(conn) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n")
    conn.drip(b" ", 0.5, limit=40)


def _drip_head(conn) -> None:
    conn.drip(b"H", 0.5, limit=60)


@pytest.mark.parametrize("behaviour", [_drip_body, _drip_head], ids=["body", "headers"])
def test_timeout_bounds_the_whole_request_even_a_byte_at_a_time(state_dir, behaviour):
    with FaultServer(behaviour) as server:
        began = time.monotonic()
        run = subprocess_zscli("-H", "127.0.0.1", "-p", str(server.port), "--timeout", "2", *LOGIN,
                               env={"XDG_STATE_HOME": str(state_dir / "state")}, timeout=60)
        ended = time.monotonic() - began
    assert "within 2s" in _one_line(run, 3) and "--timeout" in run.err
    assert ended < 15  # a guard against hanging (the drip alone lasts 20-30 s), not a speed claim


def test_a_file_value_is_capped(sim, state_dir):
    from .helpers.cli import login

    login(sim)
    sim.clear_requests()
    line = _one_line(zscli(sim, "UpdateModel", "uuid=x", "description=@/dev/zero"), 2)
    assert "more than 16 MB" in line and sim.requests == []
