"""Secrets and the files that could leak them (issue 8 item 3): history and session files readable by their owner
only, misspelt secret keys scrubbed and refused before a password is asked, only the session that failed is
forgotten (never a valid one, never a newer one another zscli saved meanwhile)."""
from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from collections.abc import Iterator

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from zscli.record import replace
from zscli.runner import Runner
from zscli.settings import Settings
from zscli.shell.repl import Shell
from zscli.transport.session import SessionStore, StoredSession

ROOT = Path(__file__).resolve().parent.parent


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def umask_022() -> Iterator[None]:
    """The usual umask, under which files are created 0644 and directories 0755 unless asked otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _runner(sim, state: Path, **extra) -> Runner:  # type: ignore[no-untyped-def]
    settings = replace(Settings(), host="127.0.0.1", port=sim.port, state_dir=str(state), pager="", color=False)
    return Runner(settings, out=io.StringIO(), err=io.StringIO(), **extra)


def _shell_lines(runner: Runner, *lines: str, asked: list[str] | None = None) -> Shell:
    with create_pipe_input() as pipe:
        shell = Shell(runner, input=pipe, output=DummyOutput(), out=runner.out, err=runner.err)
        if asked is not None:  # record instead of the shell's own hidden prompt
            runner.prompt_password = lambda message: asked.append(message) or "password"  # type: ignore[func-returns-value]
        pipe.send_text("".join(line + "\r" for line in lines) + "exit\r")
        assert shell.run() == 0
    return shell


# -- files: 0600 in 0700 directories ---------------------------------------------------------------------------

def test_history_and_sessions_are_0600_in_0700_directories(fresh_sim, tmp_path, umask_022):
    state = tmp_path / "state" / "zscli"  # neither exists yet
    runner = _runner(fresh_sim, state)
    try:
        _shell_lines(runner, "LogInByAccount accountName=admin password=password", "QueryModelCenter")
    finally:
        runner.close()
    assert _mode(state) == 0o700 and _mode(state / "sessions") == 0o700
    assert _mode(state / "history") == 0o600
    assert [_mode(p) for p in (state / "sessions").iterdir()] == [0o600]


def test_wider_modes_left_by_an_older_zscli_are_narrowed(fresh_sim, tmp_path, umask_022):
    state = tmp_path / "zscli"
    (state / "sessions").mkdir(parents=True, mode=0o755)
    state.chmod(0o755)
    (state / "history").write_text("")
    (state / "history").chmod(0o644)
    runner = _runner(fresh_sim, state)
    try:
        _shell_lines(runner, "LogInByAccount accountName=admin password=password")
    finally:
        runner.close()
    assert (_mode(state), _mode(state / "sessions"), _mode(state / "history")) == (0o700, 0o700, 0o600)


# -- misspelt secret keys ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["pasword=hunter2", "passwd=hunter2", "PASSWORD=hunter2", "password!=hunter2"])
def test_a_misspelt_password_is_refused_before_the_prompt_and_scrubbed_from_history(fresh_sim, tmp_path, word):
    asked: list[str] = []
    runner = _runner(fresh_sim, tmp_path / "st")
    try:
        shell = _shell_lines(runner, f"LogInByAccount accountName=admin {word}", asked=asked)
    finally:
        runner.close()
    assert asked == []  # nobody was asked to type a password for a command that cannot run
    err = runner.err.getvalue()  # type: ignore[attr-defined]
    assert err.startswith("error: ") and len(err.splitlines()) == 1 and "hunter2" not in err
    assert "hunter2" not in (tmp_path / "st" / "history").read_text()
    assert "hunter2" not in " ".join(shell.history.get_strings())
    assert runner.identity() == "-"


def test_a_misspelt_key_is_refused_before_the_one_shot_prompt(fresh_sim, tmp_path):
    asked: list[str] = []
    runner = _runner(fresh_sim, tmp_path / "st", prompt_password=lambda m: asked.append(m) or "password")
    try:
        assert runner.run_line("LogInByAccount accountName=admin pasword=hunter2") == 2
    finally:
        runner.close()
    assert asked == [] and "unknown parameter 'pasword'" in runner.err.getvalue()  # type: ignore[attr-defined]


# -- only the session that failed is forgotten -----------------------------------------------------------------

def test_renewing_another_session_keeps_the_valid_stored_one(fresh_sim, tmp_path):
    runner = _runner(fresh_sim, tmp_path / "st")
    try:
        assert runner.login(fresh_sim.admin_account, fresh_sim.admin_password) == 0
        stored = runner.session()
        assert stored is not None
        code = runner.run_line("RenewSession sessionUuid=0123456789abcdef0123456789abcdef")
        assert code == 4  # the server says that session is expired or invalid
        assert runner.session() == stored  # ours was not the one that failed
        assert runner.run_line("QueryModelCenter") == 0
    finally:
        runner.close()


def test_a_failing_command_keeps_a_newer_session_saved_meanwhile_by_another_zscli(tmp_path):
    """A command sent with session S1 fails with 'session expired' while another zscli process logs in and saves
    S2: only S1 may be forgotten, so S2 stays."""
    state = tmp_path / "st"
    other_login = (
        "import sys; from pathlib import Path; from zscli.transport.session import SessionStore, StoredSession; "
        "SessionStore(Path(sys.argv[1])).save(StoredSession('s2' * 16, 'admin', '127.0.0.1', int(sys.argv[2])))"
    )

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            # another process saves a newer session while this request is in flight, then S1 is refused
            port = self.server.server_address[1]  # type: ignore[index]  # an AF_INET (host, port) pair
            subprocess.run([sys.executable, "-c", other_login, str(state), str(port)],
                           check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
            body = json.dumps({"error": {"code": "ID.1001", "description": "Session expired or invalid",
                                         "details": "session expired"}}).encode()
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        store = SessionStore(state)
        store.save(StoredSession("s1" * 16, "admin", "127.0.0.1", port))
        runner = _runner(type("Sim", (), {"port": port})(), state)
        try:
            assert runner.run_line("QueryModelCenter") == 4
        finally:
            runner.close()
        kept = store.load("127.0.0.1", port)
        assert kept is not None and kept.uuid == "s2" * 16
    finally:
        server.shutdown()
        server.server_close()


def test_an_expired_session_that_is_still_the_stored_one_is_forgotten(fresh_sim, tmp_path):
    runner = _runner(fresh_sim, tmp_path / "st")
    try:
        assert runner.login(fresh_sim.admin_account, fresh_sim.admin_password) == 0
        fresh_sim.expire_sessions()
        assert runner.run_line("QueryModelCenter") == 4
        assert runner.session() is None
    finally:
        runner.close()


def test_delete_with_a_uuid_removes_only_that_session(tmp_path):
    store = SessionStore(tmp_path)
    store.save(StoredSession("new", "admin", "h", 1))
    store.delete("h", 1, uuid="old")
    assert store.load("h", 1) is not None
    store.delete("h", 1, uuid="new")
    assert store.load("h", 1) is None
    store.delete("h", 1, uuid="new")  # nothing there: no error
