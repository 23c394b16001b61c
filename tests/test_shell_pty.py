"""Smoke test in a real pseudo-terminal: `zscli --sim`, Tab-complete a field, run a query, see the table,
log out and in again (the password typed hidden), exit."""
from __future__ import annotations

import os
import shutil
import sys

import pytest

pexpect = pytest.importorskip("pexpect")


def test_sim_shell_in_a_pty(state_dir):
    exe = shutil.which("zscli")
    argv = [exe, "--sim"] if exe else [sys.executable, "-m", "zscli", "--sim"]
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", COLUMNS="120", LINES="40")
    child = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=30, dimensions=(40, 120))
    try:
        child.expect(">>> ")
        assert "admin@127.0.0.1:" in child.before  # the prompt says who and where
        child.send("QueryModel pipelineT")
        child.expect("Pipeline tag")  # the completion menu is up (meta of pipelineTag=)
        child.send("\t")
        child.expect("=")
        child.send("text-generation fields=name,pipelineTag limit=2\r")
        child.expect(r"2 models")  # the table's footer
        shown = child.before
        assert "name" in shown and "text-generation" in shown and "error" not in shown
        child.send("logout\r")
        child.expect(r"-(?:\x1b\[[0-9;]*m)* >>> ")  # logged out (colour codes may sit in between)
        child.send("login admin\r")
        child.expect("password:")
        child.send("password")  # the simulator's admin password
        child.expect(r"\*{8}")  # shown as stars, never echoed
        child.send("\r")
        child.expect("admin@127.0.0.1:")
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
