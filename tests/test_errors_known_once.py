"""Server errors are read once, through the schema's error shapes; a bug in zscli is exit 70, not 1; what
completion, highlighting and the toolbar survive goes to the --debug trace (issue 10 item 4)."""
from __future__ import annotations

import io

import pytest

from zscli import diagnostics, faults
from zscli.errors import ExitCode, InternalError, ServerError
from zscli.output import format_error
from zscli.schema import load
from zscli.transport.errors import SessionExpired, reply_error

from .helpers.cli import zscli

SCHEMA = load()
ZSTACK = {"error": {"code": "SYS.1006", "description": "An operation failed", "details": "disk full",
                    "cause": {"code": "HOST.1001", "description": "host down", "details": "ping failed"}}}
MODELARTS = {"error_code": "ModelArts.4104", "error_msg": "The model does not exist.",
             "solution_msg": "Check the model id."}


def test_the_schema_declares_a_shape_for_every_role_the_reader_knows():
    names = {f.name for shape in SCHEMA.errors for f in shape.fields}
    assert {faults.ROLES[n] for n in names if n in faults.ROLES} == set(faults.Role)


def test_a_zstack_error_is_read_with_its_cause_chain():
    fault = faults.read(ZSTACK, faults.known_shapes())
    assert fault is not None and fault.wrapped
    assert (fault.code, fault.description, fault.detail_texts) == ("SYS.1006", "An operation failed", ("disk full",))
    assert [c.headline for c in fault.causes] == ["HOST.1001: host down"]
    assert fault.codes() == ("SYS.1006", "HOST.1001")


def test_a_modelarts_error_is_read_with_its_solution():
    fault = faults.read(MODELARTS, faults.known_shapes())
    assert fault is not None and not fault.wrapped
    assert (fault.headline, fault.solution) == ("ModelArts.4104: The model does not exist.", "Check the model id.")


def test_a_hostile_cause_chain_is_bounded_and_a_stranger_body_is_no_fault():
    body: dict = {"code": "X.0", "description": "end"}
    for i in range(500):
        body = {"code": f"X.{i + 1}", "description": "level", "cause": body}
    fault = faults.read({"error": body}, faults.known_shapes())
    assert fault is not None and len(fault.causes) == faults.MAX_CAUSES
    assert faults.read({"hello": "world"}, faults.known_shapes()) is None
    assert faults.read([1, 2], faults.known_shapes()) is None


def test_the_transport_error_and_its_rendering_come_from_the_same_fault():
    import json

    err = reply_error(503, "Service Unavailable", json.dumps(ZSTACK).encode(), SCHEMA.api("QueryModel"))
    assert isinstance(err, ServerError) and err.fault is not None and err.fault.code == "SYS.1006"
    text = format_error(err)
    assert text.splitlines()[0].startswith("error: SYS.1006: An operation failed")
    assert "caused by HOST.1001: host down — ping failed" in text


def test_an_expired_session_is_recognised_by_its_type():
    import json

    err = reply_error(503, "", json.dumps({"error": {"code": "ID.1001", "description": "x"}}).encode())
    assert isinstance(err, SessionExpired) and not hasattr(err, "expired")


def test_a_bug_in_zscli_is_one_line_and_exit_70(sim, state_dir, monkeypatch):
    from zscli.language import parser

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(parser, "parse", broken)
    run = zscli(sim, "QueryModel")
    assert run.code == ExitCode.INTERNAL == 70
    assert run.err.splitlines() == ["error: internal error: RuntimeError: boom (run with --debug for the "
                                    "traceback, and please report it)"]
    debug = zscli(sim, "--debug", "QueryModel")
    assert debug.code == 70 and "Traceback" in debug.err and "RuntimeError: boom" in debug.err
    diagnostics.enable(None)


def test_internal_error_is_not_the_server_saying_no():
    assert InternalError.exit_code != ServerError.exit_code


@pytest.fixture()
def trace():
    buf = io.StringIO()
    diagnostics.enable(buf)
    yield buf
    diagnostics.enable(None)


def test_a_completion_bug_goes_to_the_debug_trace(trace, monkeypatch):
    from zscli.completion import engine

    def broken(*args, **kwargs):
        raise ValueError("completion bug")

    monkeypatch.setattr(engine, "analyze", broken)
    assert engine.complete("QueryModel na", SCHEMA) == []
    assert "completing 'QueryModel na'" in trace.getvalue() and "ValueError: completion bug" in trace.getvalue()


def test_highlighting_and_toolbar_bugs_go_to_the_debug_trace(trace, monkeypatch):
    from prompt_toolkit.document import Document

    from zscli.shell import highlight, toolbar

    def broken(*args, **kwargs):
        raise KeyError("shell bug")

    monkeypatch.setattr(highlight, "highlight", broken)
    monkeypatch.setattr(toolbar, "describe", broken)
    assert highlight.LineLexer(SCHEMA).lex_document(Document("QueryModel"))(0) == [("", "QueryModel")]
    assert toolbar.toolbar_fragments("QueryModel ", SCHEMA, 80)
    text = trace.getvalue()
    assert "highlighting the line failed" in text and "describing the line in the toolbar failed" in text
    assert text.count("KeyError: 'shell bug'") == 2


def test_without_debug_a_survived_bug_shows_nothing(monkeypatch, capsys):
    from zscli.completion import engine

    diagnostics.enable(None)
    monkeypatch.setattr(engine, "analyze", lambda *a, **k: 1 / 0)
    assert engine.complete("QueryModel ", SCHEMA) == []
    assert capsys.readouterr() == ("", "")


def test_a_bug_in_a_shell_builtin_is_one_line_and_the_shell_goes_on(monkeypatch, tmp_path):
    from zscli.runner import Runner
    from zscli.settings import Settings
    from zscli.shell import builtins

    def broken(runner, args, io_):
        raise RuntimeError("builtin bug")

    monkeypatch.setitem(builtins.HANDLERS, "history", broken)
    err = io.StringIO()
    runner = Runner(Settings(state_dir=str(tmp_path)), out=io.StringIO(), err=err)
    shell_io = builtins.Io(out=io.StringIO(), err=err, show=lambda t, f: None, ask=lambda m, h: "", history=list)
    assert builtins.run_builtin(runner, "history", shell_io) == ExitCode.INTERNAL
    assert err.getvalue() == ("error: internal error: RuntimeError: builtin bug (run with --debug for the traceback, "
                              "and please report it)\n")
