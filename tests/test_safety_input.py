"""Input that must give exit 2 and one line, never an internal error (issue 8 item 8): huge numbers, deep
JSON, NUL in paths, bytes that are not UTF-8, a broken IPv6 host, a deeply nested config file, Ctrl-D at the
hidden password prompt."""
from __future__ import annotations

import os
import sys

import pytest

from .helpers.cli import login, subprocess_zscli, zscli


def _one_line(run, code: int = 2) -> str:
    assert run.code == code, (run.code, run.err)
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), run.err
    assert "internal error" not in run.err and "Traceback" not in run.err
    return lines[0]


@pytest.fixture()
def logged_in(sim, state_dir):
    login(sim)
    sim.clear_requests()
    return sim


DEEP_LIST = "[" * 5000 + "]" * 5000
DEEP_MAP = '{"a":' * 5000 + "1" + "}" * 5000
SERVICE = ["AddModelService", "name=x", "yaml=y", "requestCpu=1", "requestMemory=1", "modelCenterUuid=c",
           "installPath=/p", "startCommand=s"]


@pytest.mark.parametrize("args, needle", [
    (["QueryModel", "limit=" + "9" * 5000], "limit takes a number"),
    (["QueryModel", "start=" + "1" * 5000], "start"),
    (["QueryModel", "size>" + "1" * 5000], "size"),
    (["QueryModel", "size?=1," + "2" * 5000], "size"),
    (["UpdateModel", "uuid=x", "recommendedGpuNum=" + "7" * 5000], "recommendedGpuNum"),
    (SERVICE[:3] + ["requestCpu=" + "1" * 5000] + SERVICE[4:], "requestCpu"),
    (SERVICE + ["tagUuids=" + DEEP_LIST], "nested"),
    (SERVICE + ["vendorToSpecUuidsMap=" + DEEP_MAP], "nested"),
    (["UpdateModel", "uuid=x", "description=@/tmp/a\x00b"], "NUL"),
    (["UpdateModel", "uuid=x", "description=\udcff"], "not UTF-8"),
    (["QueryModel", "name=\udcff"], "not UTF-8"),
    (["QueryModel", "na\udcffme=x"], "not UTF-8"),
])
def test_hostile_values_exit_2_with_one_line_and_send_nothing(logged_in, args, needle):
    run = zscli(logged_in, *args)
    assert needle in _one_line(run)
    assert logged_in.requests == []


def test_a_non_utf8_byte_in_a_real_argv_is_exit_2_not_unreachable(sim, state_dir):
    login(sim)
    run = subprocess_zscli("-H", "127.0.0.1", "-p", str(sim.port), "QueryModel", os.fsdecode(b"name=\xff"))
    assert "not UTF-8" in _one_line(run)
    run = subprocess_zscli("-H", "127.0.0.1", "-p", str(sim.port), "UpdateModel", "uuid=x",
                           os.fsdecode(b"description=\xff"))
    assert "not UTF-8" in _one_line(run)


@pytest.mark.parametrize("host", ["[::1", "[x]", "a@b", "::1]", "[::1]:80"])
def test_a_broken_host_is_a_usage_error(state_dir, host):
    assert "host" in _one_line(zscli(None, "-H", host, "QueryModel"))
    assert "ZSCLI_HOST" in _one_line(zscli(None, "QueryModel", env={"ZSCLI_HOST": host}))


def test_ipv6_hosts_reach_the_server_bare_or_bracketed(state_dir):
    from zscli.sim import Simulator

    try:
        sim = Simulator(host="::1", port=0, job_delay=0.0)
        sim.start()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        for host in ("::1", "[::1]"):
            run = zscli(None, "-H", host, "-p", str(sim.port), "LogInByAccount", "accountName=admin",
                        "password=password")
            assert run.code == 0, run.err
    finally:
        sim.stop()


def test_a_modelarts_endpoint_with_a_broken_ipv6_host_is_a_usage_error(state_dir):
    run = zscli(None, "--modelarts-endpoint", "http://[::1:80", "ListModelVersions", "workspace_id=w", "model_id=m")
    assert "modelarts-endpoint" in _one_line(run)


def test_a_config_file_nested_500_deep_is_a_config_error(state_dir):
    config = state_dir / "config" / "zscli"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("host = " + "[" * 500 + "]" * 500 + "\n")
    assert "config file" in _one_line(zscli(None, "QueryModel"))
    (config / "config.toml").write_text("pager = " + "[" * 100 + "]" * 100 + "\n")
    assert "pager" in _one_line(zscli(None, "QueryModel"))


def test_a_nul_in_a_token_file_path_is_a_config_error(state_dir):
    config = state_dir / "config" / "zscli"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('modelarts_token_file = "/tmp/a\\u0000b"\n')
    run = zscli(None, "ListModelVersions", "workspace_id=w", "model_id=m")
    assert "modelarts_token_file" in _one_line(run)


def _spawn(args, state_dir):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"), XDG_CONFIG_HOME=str(state_dir / "config"),
               NO_COLOR="1", TERM="xterm")
    return pexpect, pexpect.spawn(sys.executable, ["-m", "zscli", *args], env=env, encoding="utf-8", timeout=30,
                                  dimensions=(40, 120))


def test_ctrl_d_at_the_hidden_password_prompt_one_shot(sim, state_dir):
    pexpect, child = _spawn(["-H", "127.0.0.1", "-p", str(sim.port), "LogInByAccount", "accountName=admin"],
                            state_dir)
    try:
        child.expect("password: ")
        child.sendeof()
        child.expect(pexpect.EOF)
        shown = child.before
    finally:
        child.close(force=True)
    assert child.exitstatus == 2, shown
    assert "no password given" in shown and "internal error" not in shown and "Traceback" not in shown


def test_ctrl_d_at_the_hidden_password_prompt_in_the_shell(sim, state_dir):
    pexpect, child = _spawn(["-H", "127.0.0.1", "-p", str(sim.port)], state_dir)
    try:
        child.expect(">>> ")
        child.send("LogInByAccount accountName=admin\r")
        child.expect("password:")  # the shell's own hidden prompt (it reads keys typed ahead of it)
        child.sendeof()
        child.expect("no password given")
        child.expect(">>> ")  # the shell goes on
        child.send("exit\r")
        child.expect(pexpect.EOF)
        shown = child.before
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert "internal error" not in shown and "Traceback" not in shown


def test_shell_save_to_a_name_with_a_nul_is_one_line(tmp_path):
    import io

    from zscli.runner import Result, Runner
    from zscli.settings import Settings
    from zscli.shell.builtins import Io, run_builtin

    err = io.StringIO()
    runner = Runner(Settings(state_dir=str(tmp_path)), out=io.StringIO(), err=err)
    runner.results.append(Result(index=1, line="QueryModel", api="QueryModel", body={"inventories": []}))
    shell_io = Io(out=io.StringIO(), err=err, show=lambda text, force: None, ask=lambda m, h: "", history=list)
    assert run_builtin(runner, "save 1 '/tmp/a\x00b'", shell_io) == 2
    assert err.getvalue().startswith("error: cannot write") and len(err.getvalue().splitlines()) == 1
    assert run_builtin(runner, "history " + "9" * 5000, shell_io) == 2
