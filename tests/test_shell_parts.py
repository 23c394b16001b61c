"""Shell pieces on their own: highlighting, the toolbar's signature line, the pager, history scrubbing."""
from __future__ import annotations

import io
import sys

import pytest

from zscli.completion.signature import api_signature, describe
from zscli.schema import load
from zscli.shell.highlight import highlight
from zscli.shell.history import ScrubbedFileHistory
from zscli.shell.pager import fits, page

SCHEMA = load()


def styles(line: str) -> list[tuple[str, str]]:
    return [(fragment[0], fragment[1]) for fragment in highlight(line, SCHEMA) if fragment[1].strip()]


def test_highlight_api_keys_operators_values_and_comments():
    line = 'QueryModel name~="qwen 1" size>=5 # note'
    got = styles(line)
    assert got == [("class:api", "QueryModel"), ("class:key", "name"), ("class:operator", "~="),
                   ("class:value", '"qwen 1"'), ("class:key", "size"), ("class:operator", ">="),
                   ("class:value", "5"), ("class:comment", "# note")]
    assert "".join(text for _, text in highlight(line, SCHEMA)) == line  # nothing lost, nothing added


def test_highlight_marks_builtins_and_unknown_first_words():
    assert styles("help QueryModel")[0] == ("class:builtin", "help")
    assert styles("Nope x=1")[0] == ("class:unknown", "Nope")
    assert highlight("", SCHEMA) == []


def test_toolbar_signature_required_first_with_types():
    sig = api_signature(SCHEMA.api("AddModel"))
    assert sig.startswith("AddModel name:String installPath:String modelCenterUuid:String [")
    signature, description = describe("AddModel name=x ", SCHEMA)
    assert signature == sig and description == SCHEMA.api("AddModel").description
    assert describe("AddModel size=", SCHEMA)[1].startswith("size: [Long]")
    assert describe("QueryModel vendor", SCHEMA)[1].startswith("vendor: [String]")
    assert "fields=" in describe("QueryModel ", SCHEMA)[0]
    assert describe("nothing here", SCHEMA) is None and describe("", SCHEMA) is None


class FakeTty(io.StringIO):
    """A terminal stand-in for the pager decision (the pager itself is a real process)."""

    def isatty(self) -> bool:
        return True


def test_pager_only_for_long_output_on_a_terminal(tmp_path):
    target = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c \"import sys; open({str(target)!r}, 'w').write(sys.stdin.read())\""
    long_text = "".join(f"line {i}\n" for i in range(500))
    out = FakeTty()
    page("short\n", pager, out)
    assert out.getvalue() == "short\n" and not target.exists()
    page(long_text, pager, out)
    assert target.read_text() == long_text and out.getvalue() == "short\n"
    plain = io.StringIO()  # not a terminal: never paged
    page(long_text, pager, plain)
    assert plain.getvalue() == long_text
    disabled = FakeTty()
    page(long_text, "", disabled)
    assert disabled.getvalue() == long_text
    missing = FakeTty()
    page(long_text, "no-such-pager-zscli", missing)
    assert missing.getvalue() == long_text
    assert fits("a\nb\n", rows=24) and not fits(long_text, rows=24)


def test_history_scrubs_before_memory_and_disk(tmp_path):
    hist = ScrubbedFileHistory(tmp_path / "history", SCHEMA)
    hist.append_string("LogInByAccount accountName=admin password='s3cr3t pw'")
    assert "s3cr3t" not in (tmp_path / "history").read_text()
    assert all("s3cr3t" not in s for s in hist.get_strings())
    again = ScrubbedFileHistory(tmp_path / "history", SCHEMA)
    assert [s for s in again.load_history_strings()][0].startswith("LogInByAccount accountName=admin password=")


# -- the bottom toolbar as drawn ----------------------------------------------------------------------------
def _rows(text: str, width: int) -> list[str]:
    from zscli.shell.toolbar import toolbar_fragments

    return "".join(fragment[1] for fragment in toolbar_fragments(text, SCHEMA, width)).split("\n")


@pytest.mark.parametrize("width", [120, 80, 40])
def test_toolbar_shows_every_required_parameter_at_any_width(width):
    api = SCHEMA.api("AddModelService")
    rows = _rows("AddModelService name=x ", width)
    assert all(len(row) <= width for row in rows)
    shown = " ".join(rows[:-1])
    for p in api.params:
        if p.required:
            assert f"{p.name}:{p.type.value}" in shown, (width, p.name)
    assert rows[-1].strip() == api.description.strip()  # the one-line description, on its own row
    optional = shown.find("[")
    assert optional == -1 or shown.index("startCommand:String") < optional  # required first


def test_toolbar_hints_when_no_api_is_typed():
    from zscli.shell.toolbar import HINT

    assert _rows("", 120) == [" " + HINT]
    assert _rows("Nope ", 120) == [" " + HINT]
    assert _rows("help ", 40)[0].endswith("…") and len(_rows("help ", 40)[0]) <= 40


def test_builtin_names_never_clash_with_api_names():
    from zscli.surface import BUILTIN_NAMES

    assert BUILTIN_NAMES == {"help", "history", "more", "save", "set", "login", "logout", "clear", "exit",
                             "quit"}
    # built-ins are lower-case words, API names CamelCase: an exact name never means both
    assert not BUILTIN_NAMES & set(SCHEMA.api_names)
    assert all(name[0].isupper() for name in SCHEMA.api_names)


@pytest.mark.parametrize("line", [
    "LogInByAccount accountName=admin password=s3cr3t",
    'LogInByAccount accountName=admin password="s3cr3t pw"',
    "LogInByAccount accountName=admin 'password=s3cr3t pw'",
    'LogInByAccount accountName=admin "password=s3cr3t"',
    "LogInByAccount accountName=admin password=s3cr3t\\ pw",
    "loginbyaccount password=s3cr3t accountName=admin",
])
def test_history_scrubs_every_spelling_of_a_password(tmp_path, line):
    hist = ScrubbedFileHistory(tmp_path / "history", SCHEMA)
    hist.append_string(line)
    assert "s3cr3t" not in (tmp_path / "history").read_text()
    assert "password=***" in hist.get_strings()[0]


def test_ctrl_c_inside_the_pager_belongs_to_the_pager(tmp_path):
    """The pager is sent SIGINT with the shell (one process group); the shell must not die of it."""
    target = tmp_path / "paged.txt"
    script = ("import os, signal, sys; os.kill(os.getppid(), signal.SIGINT); "
              f"open({str(target)!r}, 'w').write(sys.stdin.read())")
    page("".join(f"line {i}\n" for i in range(100)), f"{sys.executable} -c \"{script}\"", FakeTty())
    assert target.read_text().startswith("line 0\n")  # no KeyboardInterrupt reached the shell
