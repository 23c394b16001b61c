"""The one rule for cutting text short (error messages, the toolbar, server error bodies)."""
from __future__ import annotations

import pytest

from zscli.text import QUOTED, clip


@pytest.mark.parametrize("text, limit, mark, expected", [
    ("abcdefgh", 6, "...", "abc..."),
    ("abcdefgh", 6, "…", "abcde…"),
    ("abcdef", 6, "...", "abcdef"),
    ("", 0, "...", ""),
    ("abcdef", 2, "...", ".."),
    ("abcdef", 0, "…", ""),
])
def test_clip_keeps_the_start_and_marks_the_cut_within_the_limit(text, limit, mark, expected):
    assert clip(text, limit, mark=mark) == expected
    assert len(clip(text, limit, mark=mark)) <= max(limit, 0)


def test_a_long_word_in_an_error_message_is_cut_the_same_everywhere():
    from zscli.errors import UsageError
    from zscli.language.lexer import split
    from zscli.language.parser import parse
    from zscli.language.values import coerce
    from zscli.schema import Type, load

    word = "x" * 100
    for attempt, shown in ((lambda: parse(["UpdateModel", word], load()), word),
                           (lambda: split("UpdateModel '" + word), "'" + word),
                           (lambda: coerce(Type.BOOLEAN, word, name="system"), word)):
        with pytest.raises(UsageError) as err:
            attempt()
        assert clip(shown) in err.value.message and word not in err.value.message
    assert len(clip(word)) == QUOTED
