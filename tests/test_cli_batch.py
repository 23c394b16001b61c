"""Batch mode: stdin lines run in order over one connection; the first failure stops unless --keep-going."""
from __future__ import annotations

import os
import re

import pytest

from .helpers.cli import login, subprocess_zscli, zscli

BATCH = """\
# list two models, then a bad line, then one more query
QueryModel limit=2

QueryModel limit=1 sortBy=name
QueryModel nmae=x
QueryModelCenter limit=1
"""


def _queries(sim):
    return [r for r in sim.requests if r.method == "GET"]


def test_batch_runs_in_order_and_stops_at_first_failure(sim, state_dir):
    login(sim)
    sim.clear_requests()
    run = zscli(sim, input=BATCH)
    assert run.code == 2
    assert "line 5" in run.err
    got = _queries(sim)
    assert [r.query for r in got] == [(("limit", "2"),), (("limit", "1"), ("sort", "name"))]
    assert len({r.connection for r in got}) == 1, "one kept-alive connection for the batch"


def test_keep_going_runs_every_line_and_reports_the_first_failure(sim, state_dir):
    login(sim)
    sim.clear_requests()
    run = zscli(sim, "--keep-going", input=BATCH)
    assert run.code == 2
    paths = [r.path for r in _queries(sim)]
    assert paths == ["/zstack/v1/ai/models", "/zstack/v1/ai/models", "/zstack/v1/ai/model-centers"]
    assert len({r.connection for r in _queries(sim)}) == 1


def test_keep_going_errors_carry_their_line_numbers(sim, state_dir):
    """Every error of a batch that goes on past failures names its line, as a real process sees it."""
    env = {"XDG_STATE_HOME": str(state_dir / "state")}
    script = ("LogInByAccount accountName=admin password=password\n# a comment\nQueryModel vendr=x\n\n"
              "UpdateModel uuid=x description=\"batch edit\nQueryModel limit=1\nNoSuchApi\nLogOut\n")
    run = subprocess_zscli("-H", "127.0.0.1", "-p", str(sim.port), "--keep-going", input=script, env=env)
    assert run.code == 2
    errors = [line for line in run.err.splitlines() if "error:" in line]
    assert [e.split(": error: ")[0] for e in errors] == ["line 3", "line 5", "line 7"], run.err
    assert "unknown field 'vendr'" in errors[0] and "quote" in errors[1] and "NoSuchApi" in errors[2]


def test_batch_success_exit_0_as_a_real_process(sim, state_dir):
    env = {"XDG_STATE_HOME": str(state_dir / "state")}
    script = "LogInByAccount accountName=admin password=password\nQueryModel limit=3\nLogOut\n"
    run = subprocess_zscli("-H", "127.0.0.1", "-p", str(sim.port), "-o", "json", input=script, env=env)
    assert run.code == 0, run.err
    assert "password" not in run.err


def _wait_for(predicate, what: str, limit: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def _interrupt_while_polling(argv: list[str], state_dir, input: str | None = None):
    """Run zscli as a real process against a simulator whose jobs take a minute; send SIGINT once it polls."""
    import os
    import signal
    import subprocess
    import sys

    from zscli.sim import Simulator

    sim = Simulator(job_delay=60.0)
    sim.start()
    try:
        env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"), XDG_CONFIG_HOME=str(state_dir / "config"))
        target = ["-H", "127.0.0.1", "-p", str(sim.port)]
        subprocess.run([sys.executable, "-m", "zscli", *target, "LogInByAccount", "accountName=admin",
                        "password=password"], env=env, check=True, capture_output=True)
        sim.clear_requests()
        script = state_dir / "commands.txt"
        script.write_text(input or "", encoding="utf-8")
        with open(script, encoding="utf-8") as stdin:
            proc = subprocess.Popen([sys.executable, "-m", "zscli", *target, *argv], env=env, text=True,
                                    stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _wait_for(lambda: any(r.path.startswith("/zstack/v1/api-jobs/") for r in sim.requests), "the first poll")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
        return proc.returncode, out, err, sim.requests
    finally:
        sim.stop()


def test_ctrl_c_while_a_job_runs_prints_its_location_and_exits_130(state_dir):
    from zscli.sim import demo

    code, out, err, requests = _interrupt_while_polling(["UpdateModel", f"uuid={demo.IDS.model}", "name=x"], state_dir)
    assert code == 130, err
    poll = next(r for r in requests if r.path.startswith("/zstack/v1/api-jobs/"))
    assert f"/zstack/v1/api-jobs/{poll.path.rsplit('/', 1)[1]}" in err
    assert "Traceback" not in err and out == ""


def test_ctrl_c_ends_a_batch_even_with_keep_going(state_dir):
    from zscli.sim import demo

    script = f"UpdateModel uuid={demo.IDS.model} name=x\nQueryModelCenter limit=1\n"
    code, out, err, requests = _interrupt_while_polling(["--keep-going"], state_dir, input=script)
    assert code == 130, err
    assert "api-jobs/" in err and "Traceback" not in err
    assert not any(r.path == "/zstack/v1/ai/model-centers" for r in requests), "the batch went on after Ctrl-C"


HOSTILE = """\

=
=x
QueryModel =
QueryModel a==b
QueryModel limit=99999999999999999999999
QueryModel 'name=unbalanced
UpdateModel uuid=x name=@
QueryModel name~=模型 limit=1
""" + "QueryModel name=" + "x" * 100_000 + "\n"


def test_hostile_lines_in_a_batch_are_one_line_errors_never_tracebacks(sim, state_dir):
    login(sim)
    sim.clear_requests()
    run = zscli(sim, "--keep-going", input=HOSTILE)
    assert run.code == 2 and "Traceback" not in run.err
    errors = [line for line in run.err.splitlines() if re.match(r"line \d+: error:", line)]
    assert len(errors) == 8, run.err  # the seven invalid lines, then the server's refusal of the 100 kB URL
    assert errors[-1] == (f"line 10: error: GET http://127.0.0.1:{sim.port}/zstack/v1/ai/models answered HTTP 414 "
                          "Request-URI Too Long with no ZStack error body (the URL is too long for the server: "
                          "shorten the query)")
    sent = [r for r in sim.requests if r.method == "GET"]
    assert [r.query for r in sent] == [(("q", "name~=%模型%"), ("limit", "1"))]  # only the valid lines are sent


def test_at_stdin_in_a_batch_is_refused_and_does_not_swallow_the_next_lines(sim, state_dir):
    login(sim)
    sim.clear_requests()
    run = zscli(sim, "--keep-going", input="UpdateModel uuid=x description=@-\nQueryModelCenter limit=1\n")
    assert run.code == 2
    assert run.err.startswith("line 1: error: @- cannot be used in batch mode")
    assert [r.path for r in sim.requests] == ["/zstack/v1/ai/model-centers"]


def test_a_closed_stdout_ends_the_batch_quietly_with_141(sim, state_dir):
    """`zscli < cmds | head -1`: once the reader is gone, stop without an 'internal error' or a traceback."""
    import os
    import subprocess
    import sys

    login(sim)
    env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"))
    proc = subprocess.Popen([sys.executable, "-m", "zscli", "-H", "127.0.0.1", "-p", str(sim.port), "-o", "json",
                             "--keep-going"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    proc.stdin.write(b"QueryModel\n" * 200)  # far more output than a pipe buffer holds
    proc.stdin.close()
    assert proc.stdout.readline().strip() == b"{"
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "error" not in err and "Traceback" not in err, err


@pytest.mark.parametrize("path", ["/dev/stdin", "/proc/self/fd/0", "/dev/fd/0", "/dev/../dev/stdin"])
def test_a_path_naming_the_batchs_own_input_is_refused_like_at_stdin(sim, state_dir, path):
    """`description=@/dev/stdin` read the rest of the command file as a value and the batch went on."""
    import subprocess
    import sys

    login(sim)
    sim.clear_requests()
    env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"))
    proc = subprocess.run([sys.executable, "-m", "zscli", "-H", "127.0.0.1", "-p", str(sim.port), "--keep-going"],
                          input=f"UpdateModel uuid=x description=@{path}\nQueryModelCenter limit=1\n",
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"line 1: error: @{path} for description is standard input"), proc.stderr
    assert [r.path for r in sim.requests] == ["/zstack/v1/ai/model-centers"]  # the next line still ran


def test_the_command_file_itself_is_the_batchs_input_too(sim, state_dir, tmp_path):
    import subprocess
    import sys

    login(sim)
    sim.clear_requests()
    commands = tmp_path / "commands.txt"
    link = tmp_path / "link.txt"
    commands.write_text(f"UpdateModel uuid=x description=@{link}\nQueryModelCenter limit=1\n")
    link.symlink_to(commands)
    env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"))
    with open(commands) as stdin:
        proc = subprocess.run([sys.executable, "-m", "zscli", "-H", "127.0.0.1", "-p", str(sim.port),
                               "--keep-going"], stdin=stdin, capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2 and "is standard input" in proc.stderr, proc.stderr
    assert [r.path for r in sim.requests] == ["/zstack/v1/ai/model-centers"]


def test_shell_built_ins_in_a_batch_say_so_and_what_to_do_instead(sim, state_dir):
    """``help``, ``set``, ``history``, ``exit`` are the interactive shell's, not APIs: a batch says so (no
    did-you-mean of look-alike APIs such as SetVmQga) and sends nothing for them."""
    login(sim)
    sim.clear_requests()
    run = zscli(sim, "--keep-going", input="help QueryZone\nset output json\nhistory\nexit\nQueryZone limit=1\n")
    assert run.code == 2
    errors = run.err.splitlines()
    assert errors[0] == ("line 1: error: 'help' is a shell built-in, not an API "
                         "(run zscli help QueryZone from the command line)")
    assert errors[1].startswith("line 2: error: 'set' is a shell built-in, not an API (give zscli an option")
    assert errors[2].startswith("line 3: error: 'history' is a shell built-in, not an API")
    assert errors[3] == "line 4: error: 'exit' is a shell built-in, not an API (a batch ends at the end of its input)"
    assert len(errors) == 4 and "SetVmQga" not in run.err and "did you mean" not in run.err
    assert [r.path for r in sim.requests] == ["/zstack/v1/zones"]
