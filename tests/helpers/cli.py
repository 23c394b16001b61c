"""Helpers for driving the real CLI (in-process through click's CliRunner, or as a subprocess)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from click.testing import CliRunner

from zscli.cli import main as cli_main


class _Entry:
    """What a user's ``zscli`` runs (:func:`zscli.cli.main`: the click-free fast path, else click), in the shape
    CliRunner drives."""

    name = "zscli"

    def main(self, args: Any = (), prog_name: str = "zscli", **_: Any) -> None:
        cli_main(list(args))


ENTRY = _Entry()


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def zscli(sim: Any, *args: str, input: str | None = None, env: dict | None = None) -> Run:
    """Run ``zscli -H 127.0.0.1 -p <sim port> ARGS`` in-process, through the same entry as the installed command;
    stdout is not a tty, so output is JSON."""
    runner = CliRunner()
    argv = (["-H", "127.0.0.1", "-p", str(sim.port)] if sim is not None else []) + list(args)
    entry: Any = ENTRY  # CliRunner drives anything with a click-like .main
    result = runner.invoke(entry, argv, input=input, env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def login(sim: Any) -> Run:
    run = zscli(sim, "LogInByAccount", "accountName=admin", "password=password")
    assert run.code == 0, run.err
    return run


def subprocess_zscli(*args: str, input: str | None = None, env: dict | None = None,
                     timeout: float = 60) -> Run:
    """Run the installed entry point as a real process (``python -m zscli``)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "zscli", *args], input=input, capture_output=True, text=True,
                          env=full_env, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def last(sim: Any, method: str, path_prefix: str = "") -> Any:
    """The last recorded request with ``method`` whose path starts with ``path_prefix``."""
    for req in reversed(sim.requests):
        if req.method == method and req.path.startswith(path_prefix):
            return req
    raise AssertionError(f"no {method} {path_prefix} request recorded: {[(r.method, r.path) for r in sim.requests]}")
