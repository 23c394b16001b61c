"""Completion never replaces a typed value with something else: values (seen uuids and names, choices, booleans,
sort directions, output formats, ``null``) and operators are offered only when they start with what was typed
(any case); names of APIs, parameters and fields stay fuzzy."""
from __future__ import annotations

import io

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from zscli.record import replace
from zscli.runner import Runner
from zscli.completion.engine import complete
from zscli.completion.kinds import CandidateKind
from zscli.completion.seen import SeenValues
from zscli.schema import load
from zscli.settings import Settings
from zscli.shell.repl import Shell

SCHEMA = load()


def _values(line: str, seen: SeenValues | None = None) -> list[str]:
    """The value part (after the operator) of every VALUE candidate for ``line``."""
    typed_word = line.rsplit(" ", 1)[-1]
    out = []
    for cand in complete(line, SCHEMA, seen, builtins=True):
        if cand.kind is CandidateKind.VALUE:
            word = typed_word[:len(typed_word) + cand.start] + cand.text
            out.append(word.split("=", 1)[-1] if "=" in word else word)
    return out


def _seen() -> SeenValues:
    seen = SeenValues(SCHEMA)
    seen.observe("Model", [{"uuid": "06f46d85732b0a2e4581c9a263fb1002", "name": "Qwen2-VL-7B-Instruct"},
                           {"uuid": "48aa0000000000000000000000000001", "name": "my-qwen"}])
    return seen


def test_a_uuid_is_offered_only_when_it_starts_with_the_typed_text():
    seen = _seen()
    # '48029b10' is scattered through 06f46d85732b0a2e4581c9a263fb1002, but neither uuid starts with it
    assert _values("DeleteModel uuid=48029b10", seen) == []
    assert _values("DeleteModel uuid=06F4", seen) == ["06f46d85732b0a2e4581c9a263fb1002"]  # any case
    assert _values("QueryModel uuid=48", seen) == ["48aa0000000000000000000000000001"]
    assert _values("QueryModel uuid?=48aa0000000000000000000000000001,0f", seen) == []


@pytest.mark.parametrize("line, typed", [
    ("QueryModel name=qwen", "qwen"),  # 'my-qwen' contains it but does not start with it
    ("AddModelService type=ne", "ne"),  # FineTune contains 'ne'
    ("DeleteModel deleteMode=ive", "ive"),  # Permissive
    ("QueryModel count=ue", "ue"),  # true
    ("QueryModel isLatestVersion=ls", "ls"),  # false
    ("QueryModel sortDirection=sc", "sc"),  # asc, desc
    ("QueryModel vendor=ul", "ul"),  # null
    ("set output son", "son"),  # json
])
def test_every_value_kind_is_prefix_only(line, typed):
    values = _values(line, _seen())
    assert all(v.strip('"').lower().startswith(typed) for v in values), values


def test_prefix_matches_of_values_are_still_offered():
    seen = _seen()
    assert _values("QueryModel name=QW", seen) == ["Qwen2-VL-7B-Instruct"]
    assert _values("AddModelService type=fi") == ["FineTune"]
    assert _values("QueryModel sortDirection=D") == ["desc"]
    assert _values("set output js") == ["json"]


def test_operators_are_prefix_only_and_names_stay_fuzzy():
    texts = [c.text for c in complete("QueryModel name~", SCHEMA)]
    assert texts == ["name~="]  # not name!~= (which would turn LIKE into NOT LIKE)
    assert "fields=uuid,vendor" in [c.text for c in complete("QueryModel fields=uuid,vndr", SCHEMA)]
    assert "QueryModel" in [c.text for c in complete("qmodel", SCHEMA)]
    assert "vendor=" in [c.text for c in complete("UpdateModel vndr", SCHEMA)]


@pytest.fixture()
def app(fresh_sim, state_dir):
    settings = replace(Settings(), host=fresh_sim.host, port=fresh_sim.port, state_dir=str(state_dir / "st"),
                       pager="", output="table", color=False)
    application = Runner(settings, out=io.StringIO(), err=io.StringIO())
    assert application.login(fresh_sim.admin_account, fresh_sim.admin_password) == 0
    yield application
    application.close()


def test_tab_does_not_turn_a_typed_uuid_into_another_models_uuid(app, fresh_sim):
    """The exact case: after a query listed the models, `DeleteModel uuid=48029b10` + Tab + Enter must send
    48029b10 (unknown: an error), never delete the model whose uuid merely contains those characters."""
    out, err = io.StringIO(), io.StringIO()
    app.out, app.err = out, err
    with create_pipe_input() as pipe:
        shell = Shell(app, input=pipe, output=DummyOutput(), out=out, err=err)
        for chunk in ("QueryModel limit=20 fields=uuid,name\r", "DeleteModel uuid=48029b10", "\t", "\r", "exit\r"):
            pipe.send_text(chunk)
        assert shell.run() == 0
    assert "06f46d85732b0a2e4581c9a263fb1002" in out.getvalue()  # the query listed the model
    deletes = [r.path for r in fresh_sim.requests if r.method == "DELETE"]
    assert len(deletes) == 1 and "/48029b10" in deletes[0], deletes
    app.out = io.StringIO()
    assert app.run_line("QueryModel uuid=06f46d85732b0a2e4581c9a263fb1002") == 0  # still there
