"""A password typed ahead of its hidden prompt (pasted with the command, or typed by a fast typist) goes to the
prompt: it is never run as a command, never shown, never written to history. In-process (prompt_toolkit on a
pipe) and in a real pseudo-terminal, for the shell and for a one-shot login."""
from __future__ import annotations

import hashlib
import io
import os
import sys

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from zscli.record import replace
from .helpers.cli import last
from zscli.runner import Runner
from zscli.settings import Settings
from zscli.shell.repl import Shell

PASSWORD_HASH = hashlib.sha512(b"password").hexdigest()  # the simulator's admin password


def test_a_password_pasted_with_the_login_goes_to_the_hidden_prompt(fresh_sim, state_dir):
    settings = replace(Settings(), host=fresh_sim.host, port=fresh_sim.port, state_dir=str(state_dir / "st"),
                       pager="", output="table", color=False)
    out, err = io.StringIO(), io.StringIO()
    runner = Runner(settings, out=out, err=err)
    try:
        with create_pipe_input() as pipe:
            shell = Shell(runner, input=pipe, output=DummyOutput(), out=out, err=err)
            # one write, as a paste arrives: the command, Enter, the password, Enter
            pipe.send_text(f"LogInByAccount accountName=admin\r{fresh_sim.admin_password}\rexit\r")
            assert shell.run() == 0
        assert err.getvalue() == ""  # no 'unknown API password'
        assert runner.identity().startswith("admin@")
        assert last(fresh_sim, "PUT", "/zstack/v1/accounts/login").body["logInByAccount"]["password"] == PASSWORD_HASH
        lines = shell.history.get_strings()
        assert lines == ["LogInByAccount accountName=admin", "exit"]
        assert fresh_sim.admin_password not in (state_dir / "st" / "history").read_text()
    finally:
        runner.close()


def test_ctrl_d_at_the_shells_hidden_prompt_cancels_only_the_command(fresh_sim, state_dir):
    settings = replace(Settings(), host=fresh_sim.host, port=fresh_sim.port, state_dir=str(state_dir / "st"),
                       pager="", color=False)
    out, err = io.StringIO(), io.StringIO()
    runner = Runner(settings, out=out, err=err)
    with create_pipe_input() as pipe:
        shell = Shell(runner, input=pipe, output=DummyOutput(), out=out, err=err)
        pipe.send_text("LogInByAccount accountName=admin\r\x04exit\r")
        assert shell.run() == 0
    runner.close()
    assert err.getvalue().startswith("error: no password given") and len(err.getvalue().splitlines()) == 1
    assert runner.identity() == "-"


def _spawn(args: list[str], state_dir):  # type: ignore[no-untyped-def]
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"), XDG_CONFIG_HOME=str(state_dir / "config"),
               NO_COLOR="1", TERM="xterm")
    child = pexpect.spawn(sys.executable, ["-m", "zscli", *args], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120))
    child.logfile_read = io.StringIO()
    return pexpect, child


def _shown(child) -> str:  # type: ignore[no-untyped-def]
    """Everything the terminal showed, without the prompt labels that contain the word."""
    return child.logfile_read.getvalue().replace("password: ", "")


@pytest.mark.parametrize("together", [True, False], ids=["pasted", "typed-ahead"])
def test_shell_in_a_pty_keeps_a_typed_ahead_password_hidden_and_out_of_history(fresh_sim, state_dir, together):
    pexpect, child = _spawn(["-H", "127.0.0.1", "-p", str(fresh_sim.port)], state_dir)
    try:
        child.expect(">>> ")
        if together:
            child.send("LogInByAccount accountName=admin\rpassword\r")
        else:  # two writes, without waiting for the password prompt
            child.send("LogInByAccount accountName=admin\r")
            child.send("password\r")
        child.expect(r"admin@127\.0\.0\.1:\d+.* >>> ")
        child.send("history\r")
        child.expect(r"1\s+LogInByAccount accountName=admin\s+2\s+history")  # nothing in between
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert "unknown API" not in _shown(child)
    assert "password" not in _shown(child)  # neither echoed by the terminal nor drawn by a prompt
    assert "password" not in (state_dir / "state" / "zscli" / "history").read_text()
    assert last(fresh_sim, "PUT", "/zstack/v1/accounts/login").body["logInByAccount"]["password"] == PASSWORD_HASH


def test_one_shot_login_reads_a_password_typed_before_its_prompt(fresh_sim, state_dir):
    """getpass flushed what was typed before it turned echo off; the typed-ahead password is the answer."""
    pexpect, child = _spawn(["-H", "127.0.0.1", "-p", str(fresh_sim.port), "LogInByAccount", "accountName=admin"],
                            state_dir)
    try:
        child.send("password\r")  # before zscli has even started
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, _shown(child)
    assert last(fresh_sim, "PUT", "/zstack/v1/accounts/login").body["logInByAccount"]["password"] == PASSWORD_HASH
