"""A login's session uuid (a bearer token) is never shown on a terminal: the table/wide formats mask it as
``--debug`` does (``***``), a ``--query`` on it too; JSON into a pipe keeps it (a script asked for it).

The CLI runs against the simulator over loopback, its stdout a real pty (see tests/test_output_tty.py).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from .helpers.cli import zscli
from .test_output_tty import in_pty

pexpect = pytest.importorskip("pexpect")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")


def _stored_uuid(state_dir: Path) -> str:
    (path,) = (state_dir / "state").rglob("sessions/*.json")
    return str(json.loads(path.read_text())["uuid"])


def _args(sim: Any, *words: str) -> list[str]:
    return ["-H", "127.0.0.1", "-p", str(sim.port), *words]


@linux_only
def test_login_and_renew_mask_the_session_on_a_terminal(sim: Any, state_dir: Path) -> None:
    env = dict(os.environ, NO_COLOR="1")
    for fmt in ("table", "wide"):
        text = in_pty(_args(sim, "-o", fmt, "LogInByAccount", "accountName=admin", "password=password"), env)
        uuid = _stored_uuid(state_dir)
        assert uuid not in text and "***" in text and "accountUuid" in text, text
    text = in_pty(_args(sim, "LogInByAccount", "accountName=admin", "password=password", "--query",
                        "inventory.uuid"), env)
    uuid = _stored_uuid(state_dir)
    assert uuid not in text and "***" in text, text
    renewed = in_pty(_args(sim, "RenewSession", f"sessionUuid={uuid}", "duration=600"), env)
    assert uuid not in renewed and "***" in renewed, renewed
    other = in_pty(_args(sim, "QueryVmInstance", "limit=1", "fields=uuid"), env)  # other uuids are shown
    assert "***" not in other


def test_a_pipe_gets_the_session_whole(sim: Any, state_dir: Path) -> None:
    run = zscli(sim, "LogInByAccount", "accountName=admin", "password=password")
    assert run.code == 0 and run.json()["inventory"]["uuid"] == _stored_uuid(state_dir)
    run = zscli(sim, "-o", "table", "LogInByAccount", "accountName=admin", "password=password",
                "--query", "inventory.uuid")
    assert run.out == _stored_uuid(state_dir) + "\n"


@linux_only
def test_the_shell_masks_a_typed_login(sim: Any, state_dir: Path) -> None:
    exe = shutil.which("zscli")
    argv = [exe] if exe else [sys.executable, "-m", "zscli"]
    env = dict(os.environ, NO_COLOR="1", TERM="xterm", COLUMNS="120")
    child = pexpect.spawn(argv[0], [*argv[1:], *_args(sim)], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120))
    try:
        child.expect(">>> ")
        shown = ""
        for line in ("LogInByAccount accountName=admin password=password", "more"):
            child.send(line + "\r")
            child.expect("accountUuid")
            shown += child.before
            child.expect(">>> ")
            shown += child.before
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert _stored_uuid(state_dir) not in shown and len(re.findall(r"uuid: +\*\*\*", shown)) == 2, repr(shown)
