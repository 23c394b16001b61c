"""On a terminal every output format writes a server's control characters inert; into a pipe the machine
formats stay byte-exact.

A VM named ``evil ESC]0;pwned BEL ESC[2J`` retitled and cleared the terminal with ``-o csv``/``-o tsv``, and with
a ``--query`` whose result is one text value; JSON and YAML wrote C1 and bidi controls raw. The CLI runs against
the simulator over loopback, its stdout a real pty (see tests/test_output_tty.py).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any

import pytest
import yaml

from .helpers.cli import login, zscli
from .test_output_tty import in_pty

pexpect = pytest.importorskip("pexpect")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")

EVIL = "evil\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eX\u2066"
LIVE = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


def _no_live(text: str) -> None:
    for char in LIVE:
        assert char not in text, repr(text)


@pytest.fixture()
def evil_vm(fresh_sim: Any, state_dir: Any) -> tuple[Any, dict[str, str]]:
    login(fresh_sim)
    uuid = zscli(fresh_sim, "QueryVmInstance", "limit=1").json()["inventories"][0]["uuid"]
    run = zscli(fresh_sim, "UpdateVmInstance", f"uuid={uuid}", f"name={EVIL}")
    assert run.code == 0, run.err
    env = dict(os.environ, NO_COLOR="1")
    return fresh_sim, env


def _args(sim: Any, *words: str) -> list[str]:
    return ["-H", "127.0.0.1", "-p", str(sim.port), *words]


@linux_only
def test_csv_tsv_and_a_bare_query_string_are_escaped_on_a_terminal(evil_vm):
    sim, env = evil_vm
    for fmt in ("csv", "tsv"):
        text = in_pty(_args(sim, "-o", fmt, "QueryVmInstance", "name~=evil", "fields=name"), env)
        _no_live(text)
        assert "evil\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202eX\\u2066" in text, text
    text = in_pty(_args(sim, "-o", "table", "QueryVmInstance", "name~=evil", "--query", "inventories[0].name"), env)
    _no_live(text)
    assert "evil\\x1b]0;pwned\\x07" in text
    text = in_pty(_args(sim, "QueryVmInstance", "name~=evil", "--query", "inventories[].[name]", "-o", "csv"),
                  env)  # a list of lists: one JSON line per item
    _no_live(text)


@linux_only
def test_json_and_yaml_on_a_terminal_spell_controls_in_their_own_escapes(evil_vm):
    sim, env = evil_vm
    text = in_pty(_args(sim, "-o", "json", "QueryVmInstance", "name~=evil", "fields=name"), env)
    _no_live(text)
    assert json.loads(text)["inventories"][0]["name"] == EVIL  # the same data
    text = in_pty(_args(sim, "-o", "yaml", "QueryVmInstance", "name~=evil", "fields=name"), env)
    _no_live(text)
    assert yaml.safe_load(text)["inventories"][0]["name"] == EVIL
    text = in_pty(_args(sim, "-o", "json", "--all", "QueryVmInstance", "name~=evil", "fields=name"), env)
    _no_live(text.replace("\r\x1b[2K", ""))  # zscli's own erasing of its progress line on stderr (the same pty)
    assert '"evil\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202eX\\u2066"' in text


def test_pipes_stay_byte_exact(evil_vm):
    sim, env = evil_vm
    for fmt in ("csv", "tsv"):
        run = subprocess.run([sys.executable, "-m", "zscli", *_args(sim, "-o", fmt, "QueryVmInstance",
                                                                  "name~=evil", "fields=name")],
                             capture_output=True, text=True, env=env)
        assert run.returncode == 0 and run.stdout.splitlines()[1] == EVIL, repr(run.stdout)
    run = subprocess.run([sys.executable, "-m", "zscli", *_args(sim, "-o", "table", "QueryVmInstance", "name~=evil",
                                                              "--query", "inventories[0].name")],
                         capture_output=True, text=True, env=env)
    assert run.stdout == EVIL + "\n"
    run = subprocess.run([sys.executable, "-m", "zscli", *_args(sim, "-o", "json", "QueryVmInstance",
                                                              "name~=evil", "fields=name")],
                         capture_output=True, text=True, env=env)
    assert "\u202e" in run.stdout and json.loads(run.stdout)["inventories"][0]["name"] == EVIL


@linux_only
def test_set_output_csv_in_the_shell_is_escaped(evil_vm):
    sim, env = evil_vm
    exe = shutil.which("zscli")
    argv = [exe] if exe else [sys.executable, "-m", "zscli"]
    child = pexpect.spawn(argv[0], [*argv[1:], *_args(sim)], env=dict(env, TERM="xterm", COLUMNS="120"),
                          encoding="utf-8", timeout=30, dimensions=(40, 120))
    try:
        child.expect(">>> ")
        child.send("set output csv\r")
        child.expect(">>> ")
        child.send("QueryVmInstance name~=evil fields=name\r")
        child.expect("u2066")
        child.expect(">>> ")
        shown = child.before
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert "]0;pwned\x07" not in shown and "\x9b" not in shown and "\u202e" not in shown
