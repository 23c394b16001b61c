"""Smoke test in a real pseudo-terminal: `zscli --sim`, Tab-complete a field, run a query, see the table,
log out and in again (the password typed hidden), exit."""
from __future__ import annotations

import os
import re
import shutil
import sys
from typing import Any

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


PROMPT_LOGGED_OUT = r"-(?:\x1b\[[0-9;]*m)* >>> "  # the prompt after logout (colour codes may sit in between)


def _spawn_sim_shell(columns: int = 120) -> Any:
    """``zscli --sim`` in a pty ``columns`` wide, waiting at its first prompt."""
    exe = shutil.which("zscli")
    argv = [exe, "--sim"] if exe else [sys.executable, "-m", "zscli", "--sim"]
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", COLUMNS=str(columns), LINES="40")
    child = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=30, dimensions=(40, columns))
    child.expect(">>> ")
    return child


def _leave(child: Any) -> None:
    child.send("exit\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_shell_logout_confirms_and_the_not_logged_in_hint_names_shell_commands(state_dir):
    """`logout` says whose session ended; then the not-logged-in hint is `login` or an API line, never the
    one-shot `zscli LogInByAccount`."""
    child = _spawn_sim_shell()
    try:
        child.send("logout\r")
        child.expect(r"logged out of admin@127\.0\.0\.1:\d+\r\n")  # a confirmation, not the empty reply
        child.expect(PROMPT_LOGGED_OUT)
        child.send("QueryModel\r")
        child.expect(r"error: [^\r\n]*")
        line = child.after
        assert line.startswith("error: no session for 127.0.0.1:") and ": run LogInByAccount" in line
        assert "(e.g. login, or LogInByAccount accountName=admin)" in line and "zscli" not in line
        child.expect(PROMPT_LOGGED_OUT)
        _leave(child)
    finally:
        child.close(force=True)


def test_sim_banner_fits_an_80_column_terminal(state_dir):
    """The banner is short lines, none wider than 80 columns (an 80-column terminal wrapped one long line
    mid-word), and still says where the simulator is and how to log in."""
    child = _spawn_sim_shell(columns=80)
    try:
        shown = child.before.replace("\r\n", "\n")
        start = shown.index("zscli ")
        banner = shown[start:shown.index("Ctrl-D leaves.", start) + len("Ctrl-D leaves.")].split("\n")
        assert len(banner) == 4 and all(len(line) <= 80 for line in banner), banner
        assert re.match(r"zscli \S+ on the built-in simulator at http://127\.0\.0\.1:\d+ \(demo data\)$", banner[0])
        assert banner[1] == "  account admin, password password"
        assert banner[2].startswith("  access key ") and ", secret " in banner[2]
        assert banner[3] == "Tab completes, `help` lists APIs, Ctrl-D leaves."
        _leave(child)
    finally:
        child.close(force=True)


def test_clear_clears_the_screen_like_ctrl_l(state_dir):
    """`clear` is a built-in (it was 'unknown API'): the screen is erased and the prompt comes back."""
    child = _spawn_sim_shell()
    try:
        child.send("clear\r")
        child.expect_exact("\x1b[H\x1b[2J")
        child.expect(r"admin@127\.0\.0\.1:\d+(?:\x1b\[[0-9;]*m)* >>> ")
        assert "error" not in child.before
        _leave(child)
    finally:
        child.close(force=True)


@pytest.mark.parametrize("rows", [20, 12, 6])
def test_shrinking_the_terminal_at_the_prompt_keeps_it_drawn(state_dir, rows):
    """The space kept for the completion menu was the terminal's height less 4, computed once per prompt: shrunk
    at the prompt, the layout no longer fit and prompt_toolkit showed only "Window too small..." until Enter."""
    child = _spawn_sim_shell(columns=80)
    try:
        child.setwinsize(24, 80)
        child.send("Query")
        child.expect("QueryModel")  # the completion menu is up
        child.setwinsize(rows, 80)  # SIGWINCH: prompt_toolkit redraws at the new size
        child.expect(">>> ")
        child.expect(pexpect.TIMEOUT, timeout=1)  # let the redraw finish
        assert "too small" not in child.before
        child.send("\x15")  # Ctrl-U: clear the line
        child.setwinsize(rows + 1, 80)
        child.expect(">>> ")
        child.expect(pexpect.TIMEOUT, timeout=1)
        assert "too small" not in child.before
    finally:
        child.close(force=True)


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_end_the_sim_shell_like_ctrl_d(state_dir, signame):
    """Killed by SIGTERM or SIGHUP (the terminal closing), `zscli --sim` died on the spot: the simulator's session
    file stayed in the state dir and the toolbar stayed drawn. The shell now ends as on Ctrl-D and cleans up."""
    import signal

    sessions = state_dir / "state" / "zscli" / "sessions"
    child = _spawn_sim_shell(columns=80)
    try:
        child.send("Query")
        child.expect("QueryModel")  # at the prompt, the completion menu up
        assert list(sessions.glob("127.0.0.1_*.json"))
        child.kill(getattr(signal, signame))
        child.expect(pexpect.EOF)
        child.close()
    finally:
        child.close(force=True)
    assert child.exitstatus == 128 + getattr(signal, signame)
    assert not list(sessions.glob("*.json"))


def test_ctrl_z_suspends_the_shell_and_fg_resumes_it(state_dir, tmp_path):
    """Ctrl-Z inserted a literal \\x1a into the line (then "unknown API '\\x1afg'"); it now stops the shell as in
    bash, and `fg` brings it back with the line as it was. Run under a job-control bash, as a user would."""
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", PS1="BASH$ ", INPUTRC=os.devnull)
    child = pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120), cwd=str(tmp_path))
    try:
        child.expect_exact("BASH$ ")
        child.sendline(f"'{sys.executable}' -m zscli --sim")
        child.expect(">>> ")
        child.send("Query")
        child.send("\x1a")
        child.expect(r"Stopped")
        child.expect_exact("BASH$ ")
        child.sendline("fg")
        child.send("Model limit=1 fields=name\r")
        child.expect(r"name: \w")  # one record, shown as key: value
        assert "\x1a" not in child.before and "unknown API" not in child.before
        child.send("exit\r")
        child.expect_exact("BASH$ ")
        child.sendline("echo status=$?")
        child.expect(r"status=0")
    finally:
        child.close(force=True)
