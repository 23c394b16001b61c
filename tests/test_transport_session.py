"""The session store: real files in a temp dir (atomic writes, 0600/0700 modes, corrupt files)."""
from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from zscli.errors import ConfigError
from zscli.transport import SessionStore, StoredSession

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_save_then_load_round_trip(tmp_path):
    store = SessionStore(tmp_path)
    session = StoredSession(uuid="a" * 32, account="admin", host="127.0.0.1", port=8080)
    store.save(session)
    assert store.load("127.0.0.1", 8080) == session
    assert (tmp_path / "sessions" / "127.0.0.1_8080.json").is_file()


def test_sessions_are_kept_per_host_and_port(tmp_path):
    store = SessionStore(tmp_path)
    store.save(StoredSession("u1", "admin", "zs1", 8080))
    store.save(StoredSession("u2", "ops", "zs1", 9090))
    assert store.load("zs1", 8080).uuid == "u1"
    assert store.load("zs1", 9090).uuid == "u2"
    assert store.load("zs2", 8080) is None


def test_save_replaces_the_previous_session(tmp_path):
    store = SessionStore(tmp_path)
    store.save(StoredSession("old", "admin", "h", 1))
    store.save(StoredSession("new", "admin", "h", 1))
    assert store.load("h", 1).uuid == "new"


@posix_only
def test_file_is_0600_and_directory_0700(tmp_path):
    os.umask(0o022)
    store = SessionStore(tmp_path / "state")
    store.save(StoredSession("u", "admin", "h", 8080))
    assert _mode(store.path("h", 8080)) == 0o600
    assert _mode(tmp_path / "state" / "sessions") == 0o700


@posix_only
def test_existing_open_directory_is_tightened(tmp_path):
    (tmp_path / "sessions").mkdir(mode=0o755)
    os.chmod(tmp_path / "sessions", 0o755)
    SessionStore(tmp_path).save(StoredSession("u", "admin", "h", 8080))
    assert _mode(tmp_path / "sessions") == 0o700


def test_save_leaves_no_temp_files(tmp_path):
    store = SessionStore(tmp_path)
    for i in range(3):
        store.save(StoredSession(f"u{i}", "admin", "h", 8080))
    assert sorted(p.name for p in (tmp_path / "sessions").iterdir()) == ["h_8080.json"]


def test_file_holds_only_the_session_fields(tmp_path):
    store = SessionStore(tmp_path)
    store.save(StoredSession("u", "admin", "h", 8080))
    data = json.loads(store.path("h", 8080).read_text())
    assert data == {"uuid": "u", "account": "admin", "host": "h", "port": 8080, "server_version": "",
                    "version_checked": 0.0}


@pytest.mark.parametrize("content", [
    "", "{not json", "[]", '"text"', '{"account": "admin"}', '{"uuid": 5}', '{"uuid": "u", "port": "80"}',
    b"\xff\xfe\x00garbage",
])
def test_corrupt_file_loads_as_none(tmp_path, content):
    store = SessionStore(tmp_path)
    store.path("h", 8080).parent.mkdir(parents=True)
    target = store.path("h", 8080)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content)
    assert store.load("h", 8080) is None


def test_unreadable_entry_loads_as_none(tmp_path):
    store = SessionStore(tmp_path)
    store.path("h", 8080).mkdir(parents=True)  # a directory where the file should be
    assert store.load("h", 8080) is None


def test_delete_forgets_and_is_idempotent(tmp_path):
    store = SessionStore(tmp_path)
    store.save(StoredSession("u", "admin", "h", 8080))
    store.delete("h", 8080)
    assert store.load("h", 8080) is None
    store.delete("h", 8080)  # nothing left: no error
    store.delete("never", 1)


def test_unsafe_host_characters_stay_inside_the_directory(tmp_path):
    store = SessionStore(tmp_path)
    store.save(StoredSession("u", "admin", "../../evil/host", 1))
    assert store.path("../../evil/host", 1).parent == tmp_path / "sessions"
    assert store.load("../../evil/host", 1).uuid == "u"
    ipv6 = StoredSession("v6", "admin", "::1", 8080)
    store.save(ipv6)
    assert store.load("::1", 8080) == ipv6


@posix_only
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_unwritable_directory_raises_config_error(tmp_path):
    (tmp_path / "sessions").mkdir()
    os.chmod(tmp_path / "sessions", 0o500)
    try:
        with pytest.raises(ConfigError, match="cannot save the session"):
            SessionStore(tmp_path).save(StoredSession("u", "admin", "h", 1))
    finally:
        os.chmod(tmp_path / "sessions", 0o700)


def test_stored_session_is_frozen_and_has_no_password():
    session = StoredSession("u", "admin", "h", 1)
    with pytest.raises(AttributeError):
        session.uuid = "x"  # type: ignore[misc]
    assert "password" not in StoredSession.__record_fields__


def test_unusable_directory_raises_config_error_even_as_root(tmp_path):
    (tmp_path / "sessions").write_text("a file where the directory should be")
    with pytest.raises(ConfigError, match="cannot save the session"):
        SessionStore(tmp_path).save(StoredSession("u", "admin", "h", 1))


def test_save_replaces_the_file_instead_of_rewriting_it(tmp_path):
    """A reader that opened the old file keeps reading the complete old content."""
    store = SessionStore(tmp_path)
    store.save(StoredSession("old-session", "admin", "h", 1))
    with open(store.path("h", 1), encoding="utf-8") as reader:
        store.save(StoredSession("new-session", "admin", "h", 1))
        assert json.load(reader)["uuid"] == "old-session"
    assert store.load("h", 1).uuid == "new-session"


def test_concurrent_readers_never_see_a_partial_file(tmp_path):
    import threading

    store = SessionStore(tmp_path)
    store.save(StoredSession("u0", "admin" * 200, "h", 1))
    seen: list = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(store.load("h", 1))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(200):
            store.save(StoredSession(f"u{i}", "admin" * 200, "h", 1))
    finally:
        stop.set()
        reader.join()
    assert seen and all(s is not None for s in seen)


def test_a_stored_session_is_read_again_only_when_its_file_changed(tmp_path):
    from zscli.transport.session import SessionStore, StoredSession

    store = SessionStore(tmp_path)
    store.save(StoredSession(uuid="a" * 32, account="admin", host="h", port=1))
    first = store.load("h", 1)
    assert first is not None and store.load("h", 1) is first  # unchanged file: not parsed again
    other = SessionStore(tmp_path)  # another process logs in again
    other.save(StoredSession(uuid="b" * 32, account="admin", host="h", port=1))
    assert store.load("h", 1).uuid == "b" * 32
    other.delete("h", 1)
    assert store.load("h", 1) is None


def test_a_login_whose_session_cannot_be_saved_says_so_and_exits_4_not_2(sim, state_dir):
    """The server accepted the login (so not 2, "nothing was sent"), but the next command is not logged in."""
    from .helpers.cli import zscli

    run = zscli(sim, "LogInByAccount", "accountName=admin", "password=password",
                env={"XDG_STATE_HOME": "/proc/nope"})
    assert run.code == 4, run.err
    assert run.err.startswith("error: logged in, but the session cannot be kept: cannot save the session to "
                              "/proc/nope/"), run.err
    assert "then log in again" in run.err and len(run.err.splitlines()) == 1


def test_sim_with_an_unwritable_state_dir_says_the_session_cannot_be_kept_and_exits_4_not_70(state_dir):
    from .helpers.cli import subprocess_zscli

    run = subprocess_zscli("--sim", "QueryZone", env={"XDG_STATE_HOME": "/proc/nope"})
    assert run.code == 4, run.err
    assert run.err.startswith("error: the simulator's session cannot be kept: cannot save the session to /proc/nope/")
    assert "internal error" not in run.err and len(run.err.splitlines()) == 1
