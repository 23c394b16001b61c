"""The ``--sim`` shell's simulator in a child process (``zscli.sim.child``): it serves on the socket the shell
bound, knows the session the shell stored, and ends with the shell, even when the shell is killed."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from zscli.schema import selected_path
from zscli.sim.child import spawn

pytestmark = pytest.mark.skipif(os.name != "posix", reason="posix_spawn and socket inheritance")


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_child_serves_with_the_given_session_and_stops():
    child = spawn(schema_path=selected_path(), job_delay=0.0)
    try:
        reply = requests.get(f"{child.url}/zstack/v1/ai/models", params={"limit": "1"},
                             headers={"Authorization": f"OAuth {child.session}"}, timeout=30)
        assert reply.status_code == 200 and len(reply.json()["inventories"]) == 1
        wrong = requests.get(f"{child.url}/zstack/v1/ai/models", headers={"Authorization": "OAuth nope"}, timeout=30)
        assert wrong.status_code != 200
    finally:
        child.stop()
    assert child.returncode == 0 and _refused(child.port)
    child.stop()  # a second stop is harmless


def test_child_ends_when_its_shell_is_killed(tmp_path):
    code = ("import json, sys; from zscli.sim.child import spawn; from zscli.schema import selected_path; "
            "c = spawn(schema_path=selected_path(), job_delay=0.0); "
            "print(json.dumps([c.pid, c.port]), flush=True); sys.stdin.read()")
    parent = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        pid, port = json.loads(parent.stdout.readline())  # type: ignore[union-attr]
        socket.create_connection(("127.0.0.1", port), timeout=10).close()
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not _refused(port):
            time.sleep(0.05)
        assert _refused(port)  # its stdin pipe ended: it stopped serving (and exited)
    finally:
        parent.kill()
        parent.wait()


def test_child_says_one_line_when_it_cannot_start(tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not a catalogue\n", encoding="utf-8")
    child = spawn(schema_path=str(broken), job_delay=0.0)
    deadline = time.monotonic() + 20
    while child._reap(os.WNOHANG) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.returncode == 1 and _refused(child.port)
    child.stop()
