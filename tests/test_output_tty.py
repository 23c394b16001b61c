"""One-shot output on a real terminal (a pty): colour only on a tty, never with NO_COLOR or --no-color,
and the table fits the terminal's width."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios

import pytest

from .helpers.cli import login

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def in_pty(args: list[str], env: dict, columns: int = 80) -> str:
    """Run ``python -m zscli ARGS`` with stdout and stderr on a pty ``columns`` wide; everything it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "zscli", *args], stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=slave, env=env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the pty
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.fixture
def tty_env(sim, state_dir):
    login(sim)
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")
def test_colour_only_on_a_tty_and_never_with_no_color(sim, tty_env):
    args = ["-H", "127.0.0.1", "-p", str(sim.port), "QueryModel", "limit=3", "replyWithCount=true"]
    coloured = in_pty(args, tty_env)
    assert ANSI.search(coloured) and "uuid" in coloured
    plain = ANSI.sub("", coloured).splitlines()
    assert plain[0].split()[:2] == ["uuid", "name"] and all(len(line) <= 80 for line in plain)
    assert re.match(r"3 of \d+ models — next page: start=3$", plain[-1])
    assert not ANSI.search(in_pty(args, dict(tty_env, NO_COLOR="1")))
    assert not ANSI.search(in_pty(["--no-color", *args], tty_env))
    error = in_pty(["-H", "127.0.0.1", "-p", str(sim.port), "QueryModel", "bogus=1"], tty_env)
    assert "\x1b[" in error and "unknown field" in error
    assert "\x1b[" not in in_pty(["-H", "127.0.0.1", "-p", str(sim.port), "QueryModel", "bogus=1"],
                                 dict(tty_env, NO_COLOR="1"))
    piped = subprocess.run([sys.executable, "-m", "zscli", *args, "-o", "table"], capture_output=True, text=True,
                           env=dict(tty_env, COLUMNS="200"))
    assert piped.returncode == 0 and not ANSI.search(piped.stdout + piped.stderr)
    assert piped.stdout.splitlines()[0].split() == ["uuid", "name", "vendor", "type", "version", "size",
                                                    "createDate"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")
def test_a_wide_terminal_shows_every_default_column(sim, tty_env):
    args = ["--no-color", "-H", "127.0.0.1", "-p", str(sim.port), "QueryModel", "limit=3"]
    text = in_pty(args, tty_env, columns=200).splitlines()
    assert text[0].split() == ["uuid", "name", "vendor", "type", "version", "size", "createDate"]
    assert "GiB" in "\n".join(text) and re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text[2])
    assert text[-1] == "3 models — next page: start=3"
