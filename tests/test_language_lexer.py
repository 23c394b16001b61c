"""Shell-like word splitting, the tolerant split used by completion, and did-you-mean suggestions."""
from __future__ import annotations

import pytest

from zscli.errors import UsageError
from zscli.language.lexer import Word, quote, scan, split, split_partial
from zscli.language.suggest import close_matches, did_you_mean


@pytest.mark.parametrize("line, words", [
    ("QueryModel name=qwen limit=5", ["QueryModel", "name=qwen", "limit=5"]),
    ("  spaced\t\tout  ", ["spaced", "out"]),
    ("a 'b c' d", ["a", "b c", "d"]),
    ("name='it''s'", ["name=its"]),
    ("name=\"say \\\"hi\\\"\"", ['name=say "hi"']),
    ("x=\"back\\\\slash\"", ["x=back\\slash"]),
    ("x='no \\escape'", ["x=no \\escape"]),
    ("x=\"keeps \\n\"", ["x=keeps \\n"]),
    ("f\\ g", ["f g"]),
    ("a\\'b", ["a'b"]),
    ("tags=a\\,b", ["tags=a\\,b"]),  # kept for the list parser
    ("path=@C:\\dir\\file", ["path=@C:\\dir\\file"]),
    ("x='' y=\"\"", ["x=", "y="]),
    ("'' next", ["", "next"]),
    ("a # a comment 'with quote", ["a"]),
    ("# only a comment", []),
    ("name=a#b", ["name=a#b"]),
    ("name='#x' \\#y", ["name=#x", "#y"]),
    ("one \\\ntwo", ["one", "two"]),
    ("", []),
    ("trailing\\", ["trailing\\"]),
    ("containerCommand='python -m x>=1'", ["containerCommand=python -m x>=1"]),
])
def test_split(line, words):
    assert split(line) == words


@pytest.mark.parametrize("line", ["QueryModel name='qwen", 'x "open', "a 'b' 'c"])
def test_unbalanced_quote(line):
    with pytest.raises(UsageError) as err:
        split(line)
    assert err.value.message.startswith("unbalanced quote in: ")
    assert err.value.hint == "close the quote or escape it with \\"


def test_unbalanced_quote_shows_the_open_word():
    with pytest.raises(UsageError) as err:
        split("QueryModel limit=1 name='qwen")
    assert err.value.message == "unbalanced quote in: name='qwen"


@pytest.mark.parametrize("text, expected", [
    ("", ([], "")),
    ("Que", ([], "Que")),
    ("QueryModel ", (["QueryModel"], "")),
    ("QueryModel na", (["QueryModel"], "na")),
    ("QueryModel name='a b", (["QueryModel"], "name=a b")),
    ('QueryModel "x', (["QueryModel"], "x")),
    ("QueryModel name=x # note", (["QueryModel", "name=x"], "")),
    ("a\\ b c\\", (["a b"], "c\\")),
    ("x 'y' ", (["x", "y"], "")),
])
def test_split_partial(text, expected):
    assert split_partial(text) == expected


def test_split_partial_never_raises_on_odd_input():
    for text in ["'", '"', "\\", "'\"", "a 'b \\", "#", "\x00 '"]:
        words, last = split_partial(text)
        assert isinstance(words, list) and isinstance(last, str)


def test_close_matches_ranks_exact_prefix_fuzzy_substring():
    cands = ["vendor", "version", "name", "modelCenterUuid", "uuid"]
    assert close_matches("vender", cands) == ["vendor"]
    assert close_matches("VENDOR", cands)[0] == "vendor"
    assert close_matches("ver", cands)[0] == "version"
    assert "modelCenterUuid" in close_matches("Center", cands)
    assert close_matches("zzzz", cands) == []
    assert close_matches("", cands) == []
    assert len(close_matches("u", ["ua", "ub", "uc", "ud"], n=2)) == 2


def test_did_you_mean_text():
    assert did_you_mean("vender", ["vendor", "name"]) == "did you mean 'vendor'?"
    assert did_you_mean("nam", ["name", "names"]) == "did you mean 'name' or 'names'?"
    assert did_you_mean("q", ["qa", "qb", "qc", "qd"]) == "did you mean 'qa', 'qb' or 'qc'?"
    assert did_you_mean("xyz", ["name"]) == ""


def test_did_you_mean_prefers_a_case_only_difference():
    assert did_you_mean("createdate", ["createDate", "lastOpDate"]) == "did you mean 'createDate'?"


def test_unbalanced_quote_message_masks_secrets():
    with pytest.raises(UsageError) as err:
        split("LogInByAccount accountName=admin password='hunter2")
    assert "hunter2" not in err.value.one_line()
    assert err.value.message == "unbalanced quote in: password=***"


# --- scan: the one tolerant reading every reader of a line shares ---------------------------------------------
@pytest.mark.parametrize("line, words, partial, open_quote, comment", [
    ("", [], ("", 0, 0), "", -1),
    ("Que", [], ("Que", 0, 3), "", -1),
    ("history ", [("history", 0, 7)], ("", 8, 8), "", -1),
    ("\thelp\tQueryModel\t", [("help", 1, 5), ("QueryModel", 6, 16)], ("", 17, 17), "", -1),
    ("  set output json", [("set", 2, 5), ("output", 6, 12)], ("json", 13, 17), "", -1),
    ("QueryModel name='a b", [("QueryModel", 0, 10)], ("name=a b", 11, 20), "'", -1),
    ('x "say \\"hi', [("x", 0, 1)], ('say "hi', 2, 11), '"', -1),
    ("a 'b c'd ", [("a", 0, 1), ("b cd", 2, 8)], ("", 9, 9), "", -1),
    ("QueryModel name=x # note 'open", [("QueryModel", 0, 10), ("name=x", 11, 17)], ("", 30, 30), "", 18),
    ("x ''", [("x", 0, 1)], ("", 2, 4), "", -1),
    ("one \\\ntwo", [("one", 0, 3)], ("two", 4, 9), "", -1),
    ("a\\ b c\\", [("a b", 0, 4)], ("c\\", 5, 7), "", -1),
])
def test_scan_gives_words_with_spans_the_partial_word_the_open_quote_and_the_comment(line, words, partial,
                                                                                     open_quote, comment):
    got = scan(line)
    assert got.words == tuple(Word(*w) for w in words)
    assert got.partial == Word(*partial)
    assert (got.open_quote, got.comment, got.in_comment) == (open_quote, comment, comment >= 0)
    started = partial[2] > partial[1]
    assert got.all_words == got.words + ((got.partial,) if started else ())
    if not open_quote:
        assert split(line) == [w.text for w in got.all_words]  # the strict split reads the same words


@pytest.mark.parametrize("value", ["plain", "", "a b", 'say "hi"', "back\\slash", "#x", "it's", "tab\there",
                                   "name=a,b", "50%", "x\\"])
def test_quote_gives_one_word_that_scans_back_to_the_value(value):
    assert split(quote(value)) == [value]
    assert scan("k=" + quote(value)).partial.text == "k=" + value


def test_quote_keeps_safe_values_as_typed():
    assert quote("model-center-1.json") == "model-center-1.json"
    assert quote("a b") == '"a b"'
