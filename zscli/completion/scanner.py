"""A tolerant shell-style scanner for completion and highlighting (no prompt_toolkit here).

Quoting follows the shell rules the line parser uses: whitespace separates words; ``'...'`` is literal;
``"..."`` allows ``\\"`` and ``\\\\``; outside quotes a backslash escapes whitespace, a quote, ``#`` or a
backslash (and is kept before anything else), as :mod:`zscli.language.lexer` does; ``#`` at the
start of a word begins a comment. Unlike a parser, it never fails: an unclosed quote simply runs to the end.
"""
from __future__ import annotations

from dataclasses import dataclass

_SAFE_EXTRA = set("=!?~<>.,-_:/@%+*[]{}")
_ESCAPABLE = frozenset(" \t\r\n'\"\\#")


@dataclass(frozen=True)
class Word:
    """One word: ``start``/``end`` index the raw text; ``text`` is the word with quotes removed."""

    start: int
    end: int
    text: str
    quoted: bool = False  # an unclosed quote runs to the end of the word


@dataclass(frozen=True)
class Scan:
    """The scanned line: complete words and the word under the cursor (``partial``, maybe empty)."""

    words: tuple[Word, ...]
    partial: Word
    comment: bool = False  # the cursor is inside a comment: nothing to complete
    comment_start: int = -1


def scan(text: str) -> Scan:
    """Split ``text`` (the line up to the cursor) into finished words and the partial last word."""
    words: list[Word] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "#":
            return Scan(tuple(words), Word(n, n, ""), comment=True, comment_start=i)
        start, buf, open_quote = i, [], False
        while i < n and not text[i].isspace():
            ch = text[i]
            if ch == "\\":
                if i + 1 < n and text[i + 1] in _ESCAPABLE:
                    buf.append(text[i + 1])
                    i += 2
                else:  # kept as typed, like the line parser (``a\\,b`` is an escaped comma)
                    buf.append(ch)
                    i += 1
            elif ch in "'\"":
                close = _closing(text, i)
                if close < 0:
                    buf.append(_unquote(text[i + 1:], ch))
                    i, open_quote = n, True
                else:
                    buf.append(_unquote(text[i + 1:close], ch))
                    i = close + 1
            else:
                buf.append(ch)
                i += 1
        words.append(Word(start, min(i, n), "".join(buf), open_quote))
    if words and (words[-1].quoted or words[-1].end == n):
        return Scan(tuple(words[:-1]), words[-1])
    return Scan(tuple(words), Word(n, n, ""))


def _closing(text: str, i: int) -> int:
    """Index of the quote closing the one at ``i``, or -1."""
    quote, j = text[i], i + 1
    while j < len(text):
        if quote == '"' and text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            return j
        j += 1
    return -1


def _unquote(body: str, quote: str) -> str:
    if quote == "'":
        return body
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] in '"\\':
            out.append(body[i + 1])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def quote(value: str) -> str:
    """``value`` as one shell word piece: unchanged when safe, else double-quoted."""
    if value and all(c.isalnum() or c in _SAFE_EXTRA for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
