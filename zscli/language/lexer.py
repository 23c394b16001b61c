"""Shell-like word splitting for command lines.

Rules (close to a POSIX shell, without expansions):

* whitespace separates words; ``''`` and ``""`` make an empty word;
* single quotes keep everything literally up to the closing quote;
* double quotes keep everything literally except ``\\"`` and ``\\\\``;
* outside quotes a backslash escapes whitespace, a quote, ``#`` or another backslash, and a
  backslash-newline is a line continuation; before any other character the backslash is kept, so
  ``tags=a\\,b`` reaches the list parser as ``a\\,b`` (an escaped comma) and Windows paths survive;
* a ``#`` that starts a word outside quotes begins a comment running to the end of the line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from zscli.errors import UsageError

_ESCAPABLE = frozenset(" \t\r\n'\"\\#")
_SHOW = 60  # at most this many characters of the offending text in an error message


@dataclass(frozen=True)
class Token:
    """One word: its decoded text and its span ``[start, end)`` in the line."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Scan:
    """The result of a tolerant scan.

    ``words`` are the words ended by whitespace (or the end of the line), ``last`` is the word still being
    typed when the line does not end with whitespace (None otherwise), ``open_quote`` the quote character
    left open ('' if none) and ``comment`` the offset of a comment's ``#`` (-1 if none).
    """

    words: tuple[Token, ...]
    last: Optional[Token]
    open_quote: str
    comment: int


def scan(line: str) -> Scan:
    """Tokenize ``line`` without ever raising (an open quote is treated as closed at the end)."""
    words: list[Token] = []
    buf: list[str] = []
    in_word = False
    start = 0
    quote = ""
    comment = -1
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quote == "'":
            if c == "'":
                quote = ""
            else:
                buf.append(c)
        elif quote == '"':
            if c == '"':
                quote = ""
            elif c == "\\" and i + 1 < n and line[i + 1] in '"\\':
                buf.append(line[i + 1])
                i += 1
            else:
                buf.append(c)
        elif c.isspace():
            if in_word:
                words.append(Token("".join(buf), start, i))
                buf, in_word = [], False
        elif c == "#" and not in_word:
            comment = i
            break
        else:
            if not in_word:
                in_word, start = True, i
            if c in "'\"":
                quote = c
            elif c == "\\" and i + 1 < n and line[i + 1] in _ESCAPABLE:
                if line[i + 1] != "\n":  # backslash-newline: a line continuation, dropped
                    buf.append(line[i + 1])
                i += 1
            else:
                buf.append(c)
        i += 1
    end = comment if comment >= 0 else n
    last = Token("".join(buf), start, end) if in_word else None
    return Scan(tuple(words), last, quote, comment)


def split(line: str) -> list[str]:
    """Split a command line into words; raise :class:`UsageError` on an unbalanced quote."""
    result = scan(line)
    if result.open_quote:
        start = result.last.start if result.last else 0
        shown = line[start:].strip()
        if len(shown) > _SHOW:
            shown = shown[:_SHOW] + "..."
        raise UsageError(f"unbalanced quote in: {_masked(shown)}", hint="close the quote or escape it with \\")
    words = [t.text for t in result.words]
    if result.last is not None:
        words.append(result.last.text)
    return words


def _masked(text: str) -> str:
    """``text`` with secret values (passwords, tokens of the packaged schema) masked."""
    from zscli.schema import load

    from .secrets import scrub

    return scrub(text, load())


def split_partial(text: str) -> tuple[list[str], str]:
    """Split text before the cursor for completion: (complete words, partial last word).

    The partial word is '' when ``text`` ends with whitespace (or in a comment). Never raises.
    """
    result = scan(text)
    words = [t.text for t in result.words]
    if result.last is None or result.comment >= 0:
        if result.last is not None:
            words.append(result.last.text)
        return words, ""
    return words, result.last.text


__all__ = ["Scan", "Token", "scan", "split", "split_partial"]
