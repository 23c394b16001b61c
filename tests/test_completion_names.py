"""The first word's candidates (API names and built-ins) come out of :class:`NameTable` in exactly the order, with
exactly the texts and descriptions, that ranking one :class:`Entry` per name with :func:`rank` gives (what the
completer did before the table made the cold first Tab cheap); through the engine, through the shell's
completer, and in a real pseudo-terminal."""
from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent, Completion
from prompt_toolkit.document import Document

from zscli.completion.engine import complete
from zscli.completion.index import BUILTINS, api_summaries
from zscli.completion.kinds import Candidate, CandidateKind
from zscli.completion.matching import Entry, rank, word_starts
from zscli.completion.names import FILL, NameTable, word_start_masks
from zscli.schema import load
from zscli.schema.types import Schema
from zscli.shell.completer import KIND_STYLES, ZscliCompleter, _MenuItem

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_completion import synthetic_schema  # noqa: E402

SCHEMA = load()
SYNTHETIC = synthetic_schema(n_inventories=120, n_apis=600)
EVENT = CompleteEvent(completion_requested=True)
ODD_NAMES = ["a_b", "A__B", "ABCDef", "x1Y", "-a", "a-", "..a", "A.B", "IPv4Address", "get3DModel", "a", "AB", "Ab",
             "aB", "_x", "x_", "A-b-C", "URLs", "HTTPServer", "a.b.c", "Q9z", "m_Vz", "L3Network", "ZStack", "x--Y"]


def old_entries(schema: Schema) -> list[Entry]:
    """The entries the completer ranked before NameTable: one per API from the schema's index entries, then the
    built-ins."""
    return ([Entry(e.name, e.name, e.name, e.summary, CandidateKind.API) for e in schema.entries]
            + [Entry(n, n, n, d, CandidateKind.BUILTIN) for n, d in BUILTINS])


def old_complete(text: str, schema: Schema, builtins: bool) -> list[Candidate]:
    """``complete(text)`` for a first word, the way the engine made it before: rank entries, drop the word as typed."""
    apis = [e for e in old_entries(schema) if e.kind is CandidateKind.API]
    entries = apis + ([e for e in old_entries(schema) if e.kind is CandidateKind.BUILTIN] if builtins else [])
    return [Candidate(e.text, -len(text), e.display, e.meta, e.kind) for e in rank(text, entries) if e.text != text]


def needles(names: list[str], seed: int = 5, n: int = 150) -> list[str]:
    """Every one-character needle, and pieces of names, initials and made-up words (fuzzy-only ones too)."""
    rng = random.Random(seed)
    found = ["", *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-?*'", "qvi", "qms", "hlp",
             "xyzq", "qmodel", "QueryMod", "acinst", "é", "İ", "ß", FILL, "a" + FILL, "vm3", "l3", "L3n", "getv"]
    for _ in range(n):
        name = rng.choice(names)
        i = rng.randrange(len(name))
        found.append(name[i:i + rng.randint(1, 6)])
        found.append("".join(rng.choice("aeioqvmsxzn") for _ in range(rng.randint(2, 4))))
        found.append(name[i:i + rng.randint(1, 4)].swapcase())
    return found


# -- word starts ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("names", [list(SCHEMA.api_names), list(SYNTHETIC.api_names), ODD_NAMES,
                                   [n for n, _ in BUILTINS]])
def test_masks_mark_exactly_the_word_starts(names):
    masks = word_start_masks(names)
    assert masks is not None and len(masks) == len(names)
    for name, mask in zip(names, masks, strict=True):
        assert len(mask) == len(name)
        starts = word_starts(name)
        assert tuple(i for i, ch in enumerate(mask) if ch != FILL) == starts, name
        assert all(mask[i] == name[i].lower() for i in starts)


def test_masks_refuse_what_they_cannot_hold():
    assert word_start_masks(["Straße"]) is None  # not ASCII: lower-casing may change a length
    assert word_start_masks(["a\nb"]) is None and word_start_masks(["a" + FILL]) is None
    assert word_start_masks([]) == [""]  # no names: one empty line, harmless


# -- ranking ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("schema", [SCHEMA, SYNTHETIC], ids=["packaged", "synthetic"])
def test_the_table_ranks_as_rank_does(schema):
    entries = old_entries(schema)
    apis = sum(e.kind is CandidateKind.API for e in entries)
    table = NameTable([e.match for e in entries], [e.meta for e in entries], [e.kind for e in entries], apis)
    for needle in needles([e.match for e in entries]):
        for count in (apis, len(entries)):
            expected = [e.match for e in rank(needle, entries[:count])]
            assert [table.names[i] for i in table.rank(needle, count)] == expected, (needle, count)


def test_the_table_remembers_a_bounded_number_of_lists():
    from zscli.completion.names import MADE_KEPT, RANKS_KEPT

    names = list(SCHEMA.api_names)
    table = NameTable(names, [""] * len(names), [CandidateKind.API] * len(names), len(names))
    first = table.candidates("a", False, -1, Candidate)
    assert table.candidates("a", False, -1, Candidate) is first  # the same first letter again: remembered
    for needle in needles(names, n=200):
        table.candidates(needle, False, -len(needle), Candidate)
    assert len(table._made) <= MADE_KEPT and len(table._ranks) <= RANKS_KEPT
    assert table.candidates("a", False, -1, Candidate) == first  # forgotten, made again alike


def test_non_ascii_names_fall_back_to_rank():
    names = ["QueryVm", "QuéryHost", "Stràße", "ListÉtat"]
    entries = [Entry(n, n, n, "", CandidateKind.API) for n in names]
    table = NameTable(names, [""] * 4, [CandidateKind.API] * 4, 4)
    for needle in ("q", "é", "ste", "ss", "É", "lé"):
        assert [names[i] for i in table.rank(needle, 4)] == [e.match for e in rank(needle, entries)]


def test_summaries_from_the_catalogue_index_match_the_api_entries():
    names, summaries = api_summaries(SCHEMA)
    assert list(names) == [e.name for e in SCHEMA.entries]
    assert list(summaries) == [e.summary for e in SCHEMA.entries]
    assert any(summaries) and "Add a model to a model center." in summaries


# -- the engine and the shell -----------------------------------------------------------------------------------
@pytest.mark.parametrize("schema", [SCHEMA, SYNTHETIC], ids=["packaged", "synthetic"])
def test_first_word_candidates_are_unchanged(schema):
    for text in needles(list(schema.api_names), seed=9, n=40):
        if FILL in text or "'" in text:
            continue  # a quote starts a quoted word: not a bare needle
        for builtins in (False, True):
            assert complete(text, schema, builtins=builtins) == old_complete(text, schema, builtins), (text, builtins)


@pytest.mark.parametrize("text", ["", "a", "A", "q", "s", "z", "qvi", "Querymodel", "hel", "x"])
def test_shell_menu_items_are_what_they_were(text):
    """Text, replaced span, display, meta and style of every menu item, in order, as Completion objects made
    from the old candidates (what the completer yielded before)."""
    completer = ZscliCompleter(SCHEMA, lambda: None, builtins=True)
    got = list(completer.get_completions(Document(text), EVENT))
    want = [Completion(c.text, c.start, c.display, c.meta, KIND_STYLES[c.kind])
            for c in old_complete(text, SCHEMA, builtins=True)]
    assert len(got) == len(want) > 0
    for g, w in zip(got, want, strict=True):
        assert (g.text, g.start_position, g.display, g.display_text, g.display_meta, g.display_meta_text, g.style,
                g.selected_style) == (w.text, w.start_position, w.display, w.display_text, w.display_meta,
                                      w.display_meta_text, w.style, w.selected_style)
        assert g == w


def test_the_first_tab_on_an_empty_line_lists_every_api_then_the_builtins():
    got = list(ZscliCompleter(SCHEMA, lambda: None, builtins=True).get_completions(Document(""), EVENT))
    assert [c.text for c in got] == [*SCHEMA.api_names, *(n for n, _ in BUILTINS)]
    assert got[0].display_meta_text == (SCHEMA.entries[0].summary)


def test_menu_items_act_as_completions_in_prompt_toolkit():
    item = _MenuItem("QueryModel", -3, "QueryModel", "Query models", CandidateKind.API)
    plain = Completion("QueryModel", -3, "QueryModel", "Query models", "class:completion.api")
    assert item == plain and item.style == plain.style
    moved = item.new_completion_from_position(2)  # what prompt_toolkit does after inserting a common part
    assert moved == plain.new_completion_from_position(2)
    assert (moved.text, moved.display_text, moved.display_meta_text) == ("Model", "QueryModel", "Query models")


def test_control_characters_in_a_summary_are_shown_escaped():
    from zscli.schema import from_data

    data = {"apis": [{"name": n, "method": "GET", "path": "/x", "action": "query", "reply": "inventories",
                      "description": d} for n, d in (("QueryA", "ok"), ("QueryB", "bad \x1b]0;title\x07 text"))],
            "inventories": []}
    completer = ZscliCompleter(from_data(data), lambda: None, builtins=False)
    metas = {c.text: c.display_meta_text for c in completer.get_completions(Document("Q"), EVENT)}
    assert metas == {"QueryA": "ok", "QueryB": "bad \\x1b]0;title\\x07 text"}


# -- in a real terminal -----------------------------------------------------------------------------------------
def test_first_tab_in_a_pty_shows_the_names_in_order(state_dir):
    pexpect = pytest.importorskip("pexpect")
    exe = shutil.which("zscli")
    argv = [exe, "--sim"] if exe else [sys.executable, "-m", "zscli", "--sim"]
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", COLUMNS="120", LINES="40")
    child = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=30, dimensions=(40, 120))
    first = [c.text for c in complete("", SCHEMA, builtins=True)[:3]]
    after_q = [c.text for c in complete("q", SCHEMA, builtins=True)[:3]]
    try:
        child.expect(">>> ")
        child.send("\t")  # the very first Tab, on an empty line
        for name in first:
            child.expect(name)
        child.send("q")
        for name in after_q:  # quit (a built-in, the typed case first), then QueryEip, QueryTag...
            child.expect(name)
        child.send("\x03")  # Ctrl-C: drop the line
        child.expect(">>> ")
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
