"""Control characters from a server or a file never reach the terminal live (issue 8 item 5).

Tables, records, errors, help, history, the toolbar and completion menus show them escaped (``\\x1b``);
JSON, YAML and CSV carry the data unchanged.
"""
from __future__ import annotations

import json

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from .helpers.cli import login, zscli
from .helpers.faultserver import FaultServer
from zscli.completion.seen import SeenValues
from zscli.output.safe import visible
from zscli.schema import load

# starts with a letter: a String parameter is trimmed (Java String.trim(), as ZStack's SDK and server do), which
# would take a leading control character away before it reaches the server
HOSTILE = "A\x1b]0;PWNED\x07\x1b[31mRED\x1b[0m\x1b[2J\x9b31m\u202eevil\rover\bX"
ESCAPED = "A\\x1b]0;PWNED\\x07\\x1b[31mRED\\x1b[0m\\x1b[2J\\x9b31m\\u202eevil\\x0dover\\x08X"
LIVE = ("\x1b", "\x07", "\x9b", "\u202e", "\r", "\b")


def _clean(text: str) -> None:
    for char in LIVE:
        assert char not in text, repr(text)


@pytest.fixture()
def hostile_model(fresh_sim, state_dir):
    login(fresh_sim)
    uuid = zscli(fresh_sim, "QueryModel", "limit=1").json()["inventories"][0]["uuid"]
    run = zscli(fresh_sim, "UpdateModel", f"uuid={uuid}", f"description={HOSTILE}")
    assert run.code == 0, run.err
    return fresh_sim, uuid


def test_table_and_record_show_a_hostile_description_escaped(hostile_model):
    sim, uuid = hostile_model
    table = zscli(sim, "-o", "wide", "QueryModel", f"uuid={uuid}", "fields=uuid,name,description")
    assert table.code == 0, table.err
    _clean(table.out)
    assert "\\x1b]0;PWNED\\x07" in table.out
    record = zscli(sim, "-o", "table", "QueryModel", f"uuid={uuid}")
    _clean(record.out)
    assert ESCAPED in record.out
    wide = zscli(sim, "-o", "wide", "QueryModel", "limit=50")
    _clean(wide.out)


def test_machine_formats_keep_the_data_unchanged(hostile_model):
    sim, uuid = hostile_model
    body = zscli(sim, "-o", "json", "QueryModel", f"uuid={uuid}").json()
    assert body["inventories"][0]["description"] == HOSTILE
    csv = zscli(sim, "-o", "csv", "QueryModel", f"uuid={uuid}", "fields=uuid,description")
    assert "\x1b]0;PWNED\x07" in csv.out


def test_a_server_error_body_is_escaped_on_stderr(state_dir):
    def answer(conn):
        conn.json(503, {"error": {"code": "SYS.1000", "description": "bad \x1b[2J" + HOSTILE,
                                  "details": "\x1b]0;T\x07", "cause": {"code": "X", "description": "\x9b1m"}}})

    with FaultServer(answer) as server:
        run = zscli(None, "-H", "127.0.0.1", "-p", str(server.port), "ValidateSession", "sessionUuid=x")
    assert run.code == 1, run.err
    _clean(run.err)
    assert "\\x1b[2J" in run.err and "\\x9b1m" in run.err


def test_a_plain_text_error_is_escaped(state_dir):
    def answer(conn):
        conn.reply(400, b"\x1b]0;PWNED\x07 rejected", content_type="text/plain")

    with FaultServer(answer) as server:
        run = zscli(None, "-H", "127.0.0.1", "-p", str(server.port), "ValidateSession", "sessionUuid=x")
    assert run.code == 1
    _clean(run.err)
    assert "\\x1b]0;PWNED\\x07 rejected" in run.err


def test_typed_text_echoed_in_an_error_is_escaped(sim, state_dir):
    run = zscli(sim, "Query\x1b[2JModel")
    assert run.code == 2
    _clean(run.err)


def test_completion_menu_and_meta_show_seen_names_escaped():
    from zscli.shell.completer import ZscliCompleter

    seen = SeenValues(load())
    seen.observe("Model", [{"uuid": "a" * 32, "name": "x\x1b]0;PWNED\x07"}])
    completer = ZscliCompleter(load(), lambda: seen)
    shown = []
    for line in ("UpdateModel uuid=a", "QueryModel name=x"):
        found = completer.get_completions(Document(line), CompleteEvent(completion_requested=True))
        shown += [c.display_text + c.display_meta_text for c in found]
    assert len(shown) >= 2 and all("\x1b" not in text and "\x07" not in text for text in shown)
    assert any("\\x1b]0;PWNED\\x07" in text for text in shown)


def test_help_escapes_descriptions_from_the_schema():
    from zscli.record import replace

    from zscli.output import help_text
    from zscli.schema.types import Schema

    schema = load()
    api = replace(schema.api("QueryModelCenter"), description="centres \x1b[2J\x1b]0;T\x07")
    text = help_text(Schema(apis=(api,), inventories=tuple(i for i in [schema.inventory(api.inventory)] if i)),
                     "QueryModelCenter", width=100)
    _clean(text)
    assert "\\x1b[2J" in text


def test_toolbar_escapes_the_description():
    from zscli.record import replace

    from zscli.schema.types import Schema
    from zscli.shell.toolbar import toolbar_fragments

    schema = load()
    api = replace(schema.api("QueryModelCenter"), description="\x1b]0;T\x07 centres")
    fragments = toolbar_fragments("QueryModelCenter ", Schema(apis=(api,), inventories=()), 100)
    text = "".join(part[1] for part in fragments)
    _clean(text)


def test_history_builtin_escapes_pasted_control_characters():
    from zscli.shell.builtins import run_builtin, Io
    import io

    out = io.StringIO()
    shown: list[str] = []
    io_ = Io(out=out, err=out, show=lambda text, force: shown.append(text), ask=lambda m, h: "",
             history=lambda: ["QueryModel name=\x1b[2J"])
    run_builtin(None, "history", io_)  # type: ignore[arg-type]
    _clean(shown[0])
    assert "\\x1b[2J" in shown[0]


def test_visible_keeps_ordinary_text_and_newlines_when_asked():
    assert visible("名字 émoji 🙂 tab\there") == "名字 émoji 🙂 tab\\x09here"
    assert visible("a\r\nb\tc", newlines=True) == "a\nb\tc"
    assert visible("\u2028\u0085\x7f") == "\\u2028\\x85\\x7f"
    assert json.loads(json.dumps(visible(HOSTILE))) == ESCAPED
