"""Closed pipes, full disks and missing standard streams, with real processes (issue 8 item 6).

A reader that closed stdout (``| head``) ends any run with 141 and says nothing; a stdout that cannot be
written (``>/dev/full``, ``>&-``) gives one line on stderr and 74; a closed stdin or stderr is no crash.
Every format and every subcommand, never a traceback.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zscli.errors import ExitCode
from zscli.surface import FORMATS, SUBCOMMANDS

ROOT = Path(__file__).resolve().parent.parent
FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")

#: Each subcommand with arguments that make it print something.
SUBCOMMAND_LINES = {"help": ["help", "QueryModel"], "config": ["config", "show"],
                    "completion": ["completion", "zsh"], "schema": ["schema", "info"]}


def test_every_subcommand_is_covered_here():
    assert set(SUBCOMMAND_LINES) == {c.name for c in SUBCOMMANDS}


@pytest.fixture(scope="module")
def logged_in(sim, tmp_path_factory):
    """Environment of a user logged in to the module's simulator, and the target options."""
    home = tmp_path_factory.mktemp("streams")
    env = {**os.environ, "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
           "PYTHONPATH": str(ROOT)}
    target = ["-H", "127.0.0.1", "-p", str(sim.port)]
    proc = subprocess.run([sys.executable, "-m", "zscli", *target, "LogInByAccount", "accountName=admin",
                           "password=password"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return env, target


def _closed_reader(args: list[str], env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    """Run zscli with stdout a pipe whose only reader is already gone: its first write fails with EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "zscli", *args], stdout=write_end, stderr=subprocess.PIPE,
                              input=stdin.encode(), env=env, timeout=60)
    finally:
        os.close(write_end)


def _to_dev_full(args: list[str], env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    with open(FULL, "w") as full:
        return subprocess.run([sys.executable, "-m", "zscli", *args], stdout=full, stderr=subprocess.PIPE,
                              input=stdin.encode(), env=env, timeout=60)


def _one_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_closed_reader_ends_every_format_quietly_with_141(logged_in, fmt):
    env, target = logged_in
    proc = _closed_reader([*target, "-o", fmt, "QueryModel"], env)
    assert proc.returncode == ExitCode.OUTPUT_CLOSED, proc.stderr
    assert proc.stderr == b""


@pytest.mark.parametrize("name", sorted(SUBCOMMAND_LINES))
def test_a_closed_reader_ends_every_subcommand_quietly_with_141(logged_in, name):
    env, target = logged_in
    proc = _closed_reader([*target, *SUBCOMMAND_LINES[name]], env)
    assert proc.returncode == ExitCode.OUTPUT_CLOSED, proc.stderr
    assert proc.stderr == b""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["help"], ["UpdateModel", "--help"]])
def test_a_closed_reader_ends_help_and_version_quietly_with_141(args):
    proc = _closed_reader(args, {**os.environ, "PYTHONPATH": str(ROOT)})
    assert (proc.returncode, proc.stderr) == (ExitCode.OUTPUT_CLOSED, b"")


def test_a_closed_reader_ends_a_keep_going_batch_at_once(logged_in):
    env, target = logged_in
    proc = _closed_reader([*target, "--keep-going"], env, stdin="QueryModel\nQueryModel\nQueryModelCenter\n")
    assert (proc.returncode, proc.stderr) == (ExitCode.OUTPUT_CLOSED, b"")


@needs_dev_full
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_full_disk_is_one_line_and_74_for_every_format(logged_in, fmt):
    env, target = logged_in
    proc = _to_dev_full([*target, "-o", fmt, "QueryModel"], env)
    assert proc.returncode == ExitCode.OUTPUT_FAILED
    assert _one_line(proc.stderr) == "error: cannot write the output: No space left on device"


@needs_dev_full
@pytest.mark.parametrize("name", sorted(SUBCOMMAND_LINES))
def test_a_full_disk_is_one_line_and_74_for_every_subcommand(logged_in, name):
    env, target = logged_in
    proc = _to_dev_full([*target, *SUBCOMMAND_LINES[name]], env)
    assert proc.returncode == ExitCode.OUTPUT_FAILED
    assert _one_line(proc.stderr) == "error: cannot write the output: No space left on device"


@needs_dev_full
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["help"]])
def test_a_full_disk_is_one_line_and_74_for_help_and_version(args):
    proc = _to_dev_full(args, {**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == ExitCode.OUTPUT_FAILED
    assert "No space left on device" in _one_line(proc.stderr)


@needs_dev_full
def test_a_full_disk_stops_a_keep_going_batch(logged_in):
    env, target = logged_in
    proc = _to_dev_full([*target, "--keep-going"], env, stdin="QueryModel\nQueryModelCenter\n")
    assert proc.returncode == ExitCode.OUTPUT_FAILED
    assert "No space left on device" in _one_line(proc.stderr)


def _bash(command: str, env: dict) -> subprocess.CompletedProcess:
    """``command`` run by a real bash, with ``zscli`` meaning this checkout."""
    zscli = f"{sys.executable} -m zscli"
    return subprocess.run(["bash", "-c", command.replace("zscli", zscli)], env=env, capture_output=True,
                          timeout=60)


def test_a_closed_stdout_is_one_line_and_74(logged_in):
    env, target = logged_in
    proc = _bash(f"zscli {' '.join(target)} QueryModel >&-", env)
    assert proc.returncode == ExitCode.OUTPUT_FAILED
    assert _one_line(proc.stderr).startswith("error: cannot write the output:")


@pytest.mark.parametrize("args", ["--help", "--version", "help", "config show"])
def test_a_closed_stdout_is_no_traceback_for_help_and_subcommands(args):
    proc = _bash(f"zscli {args} >&-", {**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == ExitCode.OUTPUT_FAILED
    assert _one_line(proc.stderr).startswith("error: cannot write the output:")


def test_a_closed_stdin_is_an_empty_batch(logged_in):
    env, target = logged_in
    proc = _bash(f"zscli {' '.join(target)} <&-", env)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


def test_a_command_runs_with_stdin_closed(logged_in):
    env, target = logged_in
    proc = _bash(f"zscli {' '.join(target)} -o json QueryModel limit=1 <&-", env)
    assert proc.returncode == 0 and b'"inventories"' in proc.stdout, proc.stderr


def test_a_closed_stderr_is_no_crash(logged_in):
    env, target = logged_in
    proc = _bash(f"zscli {' '.join(target)} NoSuchApi 2>&-", env)
    assert proc.returncode == ExitCode.USAGE and proc.stdout == b""
    proc = _bash(f"zscli {' '.join(target)} -o json QueryModel limit=1 2>&-", env)
    assert proc.returncode == 0 and b'"inventories"' in proc.stdout
