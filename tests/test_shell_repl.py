"""The shell driven in-process: prompt_toolkit on a pipe input and a DummyOutput, against a live simulator."""
from __future__ import annotations

import io
import json
import threading
import time

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from zscli.record import replace
from zscli.runner import Runner
from zscli.settings import Settings
from zscli.shell.history import ScrubbedFileHistory
from zscli.shell.repl import Shell


@pytest.fixture()
def runner(fresh_sim, state_dir):
    settings = replace(Settings(), host=fresh_sim.host, port=fresh_sim.port, state_dir=str(state_dir / "st"),
                       pager="", output="table", color=False)
    out, err = io.StringIO(), io.StringIO()
    runner = Runner(settings, out=out, err=err)
    assert runner.login(fresh_sim.admin_account, fresh_sim.admin_password) == 0
    out.seek(0)
    out.truncate()
    yield runner
    runner.close()


def drive(runner: Runner, *chunks: str, wait_for=None) -> tuple[int, str, str, Shell]:
    """Run a shell on ``runner`` fed ``chunks``; ``wait_for`` maps a chunk index to a predicate on the input
    buffer that must hold before that chunk is sent (completion runs in a thread, as a person's Tab comes
    after the menu has appeared)."""
    out, err = io.StringIO(), io.StringIO()
    runner.out, runner.err = out, err
    with create_pipe_input() as pipe:
        shell = Shell(runner, input=pipe, output=DummyOutput(), out=out, err=err)
        wait_for = wait_for or {}

        def feed() -> None:
            for i, chunk in enumerate(chunks):
                if i in wait_for:
                    deadline = time.monotonic() + 20
                    while time.monotonic() < deadline:
                        try:
                            if wait_for[i](shell.session.default_buffer):
                                break
                        except Exception:  # noqa: BLE001 - the buffer may be mid-update
                            pass
                        time.sleep(0.02)
                pipe.send_text(chunk)

        if wait_for:
            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
        else:
            feed()
        code = shell.run()
    return code, out.getvalue(), err.getvalue(), shell


def test_query_runs_and_renders_a_table(runner):
    code, out, err, _ = drive(runner, "QueryModel fields=uuid,name limit=2\r", "exit\r")
    assert code == 0 and err == ""
    assert "uuid" in out and "qwen 1.5 32B" in out and "2 models" in out


def test_an_error_is_one_line_and_the_shell_goes_on(runner):
    code, out, err, _ = drive(runner, "QueryModel nosuchfield=1\r", "QueryModelCenter fields=name\r", "quit\r")
    assert code == 0
    assert len(err.strip().splitlines()) == 1 and err.startswith("error:")
    assert "model center" in out


def test_a_server_error_with_a_cause_chain_is_one_line_too(runner):
    code, out, err, _ = drive(runner, "UpdateModel uuid=00000000000000000000000000000000 name=x\r", "quit\r")
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: SYS.") and "caused by" in lines[0], err


def test_ctrl_c_clears_the_line_and_ctrl_d_leaves(runner):
    code, out, err, shell = drive(runner, "QueryModelCenter\x03", "\x04")
    assert code == 0 and out == "" and err == ""
    assert "QueryModelCenter" not in shell.history.get_strings()


def test_builtins_help_history_more_save_set(runner, tmp_path):
    target = tmp_path / "r.json"
    code, out, err, _ = drive(
        runner, "help\r", "help UpdateModel\r", "QueryModelCenter fields=uuid,name\r", "history 2\r",
        "set output json\r", "more\r", f"save 2 {target}\r", "set output nope\r", "more 99\r", "exit\r")
    assert code == 0
    assert "QueryModel" in out and "Shell commands:" in out and "history [N]" in out  # help
    assert "gpuConstraintDescription" in out  # help UpdateModel
    assert "QueryModelCenter fields=uuid,name" in out and "history 2" in out  # history
    assert '"inventories": [' in out  # more, now in JSON
    saved = json.loads(target.read_text())
    assert [c["name"] for c in saved["inventories"]]
    errors = err.strip().splitlines()
    assert len(errors) == 2 and "unknown output format" in errors[0] and "no result 99" in errors[1]


def test_logout_and_login_without_the_password_reaching_history(runner, fresh_sim, state_dir):
    code, out, err, shell = drive(runner, "logout\r", "login\r", "\r", f"{fresh_sim.admin_password}\r", "exit\r")
    assert code == 0, err
    assert runner.identity().startswith("admin@")
    lines = shell.history.get_strings()
    assert "login" in lines and "logout" in lines
    assert not any(fresh_sim.admin_password in line for line in lines)
    assert fresh_sim.admin_password not in (state_dir / "st" / "history").read_text()


def test_history_file_is_scrubbed(runner, fresh_sim, state_dir):
    code, out, err, shell = drive(
        runner, f"LogInByAccount accountName=admin password={fresh_sim.admin_password}\r", "exit\r")
    assert code == 0, err
    assert isinstance(shell.history, ScrubbedFileHistory)
    text = (state_dir / "st" / "history").read_text()
    secret = f"password={fresh_sim.admin_password}"
    assert "LogInByAccount accountName=admin password=***" in text and secret not in text
    assert not any(secret in s for s in shell.history.get_strings())


def test_prompt_shows_who_and_where(runner):
    with create_pipe_input() as pipe:
        shell = Shell(runner, input=pipe, output=DummyOutput(), out=io.StringIO(), err=io.StringIO())
        assert "".join(t for _, t in shell._message()) == f"admin@{runner.settings.host}:{runner.settings.port} >>> "
        runner.run_line("LogOut")
        assert "".join(t for _, t in shell._message()) == "- >>> "


def test_tab_completes_a_field_then_the_query_runs(runner):
    code, out, err, _ = drive(
        runner, "QueryModel pipelineT", "\t", "text-generation fields=name,pipelineTag limit=1\r", "exit\r",
        wait_for={1: lambda buf: buf.complete_state is not None and buf.complete_state.completions,
                  2: lambda buf: buf.text.endswith("pipelineTag=")})
    assert code == 0, err
    assert "pipelineTag: text-generation" in out


def test_tab_typed_immediately_after_a_letter_still_completes(runner):
    """Keys arrive together (a fast typist, a paste): Tab must not wait for the typing-triggered completion."""
    code, out, err, _ = drive(runner, "QueryModel pipelineT\ttext-generation fields=name,pipelineTag limit=1\r",
                              "exit\r")
    assert code == 0, err
    assert "pipelineTag: text-generation" in out


def test_seen_values_complete_after_a_query(runner):
    code, out, err, _ = drive(runner, "QueryModelCenter\r", "exit\r")
    assert code == 0, err
    from zscli.completion.engine import complete

    got = complete("QueryModel modelCenterUuid=", runner.schema, runner.seen)
    assert got and all(c.meta for c in got)


def test_session_setup_emacs_default_vi_by_config(runner, state_dir):
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.completion import ThreadedCompleter
    from prompt_toolkit.enums import EditingMode

    with create_pipe_input() as pipe:
        shell = Shell(runner, input=pipe, output=DummyOutput())
        assert shell.session.editing_mode is EditingMode.EMACS
        assert isinstance(shell.session.auto_suggest, AutoSuggestFromHistory)
        assert isinstance(shell.session.completer, ThreadedCompleter)
        assert shell.history.filename == str(state_dir / "st" / "history")
        runner.settings = replace(runner.settings, vi_mode=True)
        assert Shell(runner, input=pipe, output=DummyOutput()).session.editing_mode is EditingMode.VI


def test_ctrl_r_finds_an_earlier_command(runner):
    before = len(runner.results)
    # the prompt loads history in the background: search once it is there, as a person would
    code, out, err, shell = drive(runner, "QueryModelCenter fields=name\r", "\x12Center", "\r", "\r", "exit\r",
                                  wait_for={1: lambda buf: len(buf._working_lines) > 1})
    assert code == 0, err
    assert [r.line for r in runner.results[before:]] == ["QueryModelCenter fields=name"] * 2


def test_ctrl_c_cancels_a_job_poll_and_the_shell_goes_on(state_dir):
    import signal

    from zscli.sim import Simulator

    slow = Simulator(job_delay=60.0)
    slow.start()
    try:
        settings = replace(Settings(), host=slow.host, port=slow.port, state_dir=str(state_dir / "st"), pager="",
                           output="table", color=False)
        runner = Runner(settings, out=io.StringIO(), err=io.StringIO())
        assert runner.login(slow.admin_account, slow.admin_password) == 0
        main = threading.main_thread().ident

        def polling(_buf) -> bool:  # the job is being polled: press Ctrl-C (SIGINT, as a terminal sends it)
            if any("/api-jobs/" in r.path for r in slow.requests):
                signal.pthread_kill(main, signal.SIGINT)
                return True
            return False

        code, out, err, _ = drive(runner, "UpdateModel uuid=1bb3ef7d600d4d30b21b8ffd299c37b5 name=x\r",
                                  "QueryModelCenter fields=name\r", "exit\r", wait_for={1: polling})
        runner.close()
    finally:
        slow.stop()
    assert code == 0
    assert "api-jobs/" in err and len(err.strip().splitlines()) == 1  # one line naming the job
    assert "model center" in out  # the next command ran


def test_ctrl_d_or_ctrl_c_at_the_login_question_cancels_only_the_login(runner):
    code, out, err, _ = drive(runner, "login\r", "\x04", "login\r", "\r", "\x03", "QueryModelCenter fields=name\r",
                              "exit\r")
    assert code == 0
    assert err.splitlines() == ["error: cancelled", "error: cancelled"]
    assert "model center" in out  # still logged in, still running commands


def test_help_api_shows_type_required_since_allowed_values_description_and_example(runner):
    code, out, err, _ = drive(runner, "help UpdateModel\r", "help AddModelService\r", "help NoSuchApi\r", "exit\r")
    assert code == 0 and len(err.strip().splitlines()) == 1 and "NoSuchApi" in err
    assert "5.5.22" in out and "5.1.8" in out  # since-versions
    assert "Boolean" in out and "String" in out and "yes" in out  # types, required
    assert "Endpoint" in out and "FineTune" in out  # allowed values of AddModelService type=
    assert "UpdateModel uuid=" in out  # the example line
    assert "Add a model service." in out


def test_history_n_shows_exactly_the_last_n_lines(runner):
    import re

    code, out, err, _ = drive(runner, "help\r", "QueryModelCenter fields=name\r", "history 2\r", "exit\r")
    assert code == 0, err
    listed = [m.group(1) for m in (re.match(r"^\s*\d+  (\S.*)$", line) for line in out.splitlines()) if m]
    assert listed == ["QueryModelCenter fields=name", "history 2"]


@pytest.mark.parametrize("fmt, expected", [("yaml", "- name: model-center-"), ("csv", "name\nmodel-center-"),
                                           ("tsv", "name\nmodel-center-"), ("wide", "model centers")])
def test_set_output_changes_the_session_format(runner, fmt, expected):
    code, out, err, _ = drive(runner, f"set output {fmt}\r", "QueryModelCenter fields=name\r", "exit\r")
    assert code == 0, err
    assert expected in out


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_more_shows_an_earlier_result_in_the_pager_short_output_goes_straight(runner, tmp_path):
    import sys

    paged = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c \"import sys; open({str(paged)!r}, 'a').write(sys.stdin.read())\""
    runner.settings = replace(runner.settings, pager=pager)
    out = _Tty()
    runner.out = runner.err = out
    with create_pipe_input() as pipe:
        shell = Shell(runner, input=pipe, output=DummyOutput(), out=out, err=io.StringIO())
        pipe.send_text("QueryModelCenter fields=name\r")
        pipe.send_text("more 2\r")
        pipe.send_text("exit\r")
        assert shell.run() == 0
    assert "model-center-beijing" in out.getvalue() and not out.getvalue().startswith("[1]")  # fits: no pager
    text = paged.read_text()
    assert text.startswith("[2] QueryModelCenter fields=name\n") and "model-center-beijing" in text


def test_no_request_is_sent_while_typing_and_completing(runner, fresh_sim):
    drive(runner, "QueryModelCenter\r", "exit\r")  # something seen, so value completion has candidates
    before = len(fresh_sim.requests)
    code, out, err, shell = drive(
        runner, "QueryModel modelCenterUuid=", "\t", "\x03", "UpdateModel uuid=", "\t", "\x03", "exit\r",
        wait_for={1: lambda buf: buf.complete_state is not None and buf.complete_state.completions,
                  4: lambda buf: buf.complete_state is not None and buf.complete_state.completions})
    assert code == 0 and err == ""
    assert len(fresh_sim.requests) == before


def test_auto_suggest_from_history_completes_the_whole_line(runner):
    before = len(runner.results)
    code, out, err, _ = drive(runner, "QueryModelCenter fields=uuid,name\r", "QueryModelC", "\x05", "\r", "exit\r",
                              wait_for={2: lambda buf: buf.suggestion is not None
                                        and buf.suggestion.text == "enter fields=uuid,name"})
    assert code == 0, err
    assert [r.line for r in runner.results[before:]] == ["QueryModelCenter fields=uuid,name"] * 2


def test_seen_values_are_kept_on_a_new_login_as_the_same_account_and_forgotten_for_another(runner, fresh_sim):
    from zscli.transport import StoredSession

    drive(runner, "QueryModelCenter\r", "exit\r")
    assert runner.seen.values("ModelCenter")
    assert runner.login(fresh_sim.admin_account, fresh_sim.admin_password) == 0
    assert runner.seen.values("ModelCenter")  # the same account: its resources are still there
    old = runner.session()
    runner.store.save(StoredSession(uuid=old.uuid, account="alice", host=old.host, port=old.port))
    assert runner.login(fresh_sim.admin_account, fresh_sim.admin_password) == 0  # admin after alice
    assert runner.seen.values("ModelCenter") == []


def _pasted(text: str) -> str:
    """``text`` as a terminal delivers a paste (bracketed), so a tab arrives as a tab, not as a Tab key."""
    return f"\x1b[200~{text}\x1b[201~"


@pytest.mark.parametrize("lead, trail", [("", " "), ("   ", ""), ("\t", "\t"), (" \t ", "\t  ")])
def test_builtins_are_split_like_commands_whatever_the_spaces_and_tabs_around(runner, lead, trail):
    lines = ["QueryModelCenter fields=name", "help QueryModel", "history 2", "set output json", "more 2",
             "set  output\tyaml", "more", "logout", "exit"]
    code, out, err, shell = drive(runner, *(_pasted(f"{lead}{line}{trail}") + "\r" for line in lines),
                                  "QueryModelCenter\r")  # never run: exit left the shell
    assert code == 0
    assert err == ""  # before: "not a number: ''", "usage: help [API]", "usage: set output FORMAT"
    assert "sortDirection" in out  # help QueryModel
    assert "output: json" in out and '"inventories": [' in out  # set output json, more 2
    assert "output: yaml" in out and "- name: model-center-" in out  # set output yaml, more
    assert runner.identity() == "-"  # logout
    # the login before the shell started is result 1, not kept: only the shell keeps results
    assert [(r.index, r.api) for r in runner.results] == [(2, "QueryModelCenter"), (3, "LogOut")]


def test_a_builtin_with_an_unbalanced_quote_is_one_line_and_the_shell_goes_on(runner):
    code, out, err, _ = drive(runner, "help 'QueryModel\r", "history 1\r", "exit\r")
    assert code == 0
    assert err.splitlines() == ["error: unbalanced quote in: 'QueryModel (close the quote or escape it with \\)"]
    assert "history 1" in out


def test_the_shell_keeps_only_the_newest_results(runner):
    from zscli.record import replace

    runner.settings = replace(runner.settings, keep_results=3)
    code, out, err, _ = drive(runner, *["QueryModelCenter fields=name\r"] * 5, "more 3\r", "more 6\r", "exit\r")
    assert code == 0
    assert [r.index for r in runner.results] == [4, 5, 6]  # result 1 was the login before the shell
    assert "no result 3" in err and "numbered 4 to 6" in err
