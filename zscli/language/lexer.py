"""Shell-like words for command lines: the one scanner every reader of a line uses.

Rules (close to a POSIX shell, without expansions):

* whitespace separates words; ``''`` and ``""`` make an empty word;
* single quotes keep everything literally up to the closing quote;
* double quotes keep everything literally except ``\\"`` and ``\\\\``;
* outside quotes a backslash escapes whitespace, a quote, ``#`` or another backslash, and a
  backslash-newline is a line continuation; before any other character the backslash is kept, so
  ``tags=a\\,b`` reaches the list parser as ``a\\,b`` (an escaped comma) and Windows paths survive;
* a ``#`` that starts a word outside quotes begins a comment running to the end of the line.

Readers: the parser and the shell's built-ins (:func:`split`, strict), completion, the toolbar, highlighting and
secret scrubbing (:func:`scan`, tolerant: words with their spans, the partial word at the end, the open quote,
the comment), bash/zsh/fish completion (:func:`split_partial`), and completion's inserts (:func:`quote`).
"""
from __future__ import annotations


from zscli.errors import UsageError
from zscli.record import record
from zscli.text import clip

_ESCAPABLE = frozenset(" \t\r\n'\"\\#")
_SAFE = frozenset("=!?~<>.,-_:/@%+*[]{}")  # besides letters and digits: never needs quoting in a word


@record
class Word:
    """One word: its decoded ``text`` (quotes and escapes removed) and its span ``[start, end)`` in the line."""

    text: str
    start: int
    end: int


@record
class Scan:
    """A line read tolerantly.

    ``words`` are the words ended by whitespace. ``partial`` is the word the line ends in (the word under
    the cursor when the line is the text before it); after whitespace, or in a comment, it is the empty
    word at ``len(line)``. ``open_quote`` is the quote character left open ('' if none; the open quote runs
    to the end, inside ``partial``) and ``comment`` the offset of a comment's ``#`` (-1 if none).
    """

    words: tuple[Word, ...]
    partial: Word
    open_quote: str
    comment: int

    @property
    def all_words(self) -> tuple[Word, ...]:
        """Every word of the line: ``words`` plus ``partial`` when it has been started (even as ``''``)."""
        if self.partial.end > self.partial.start:
            return self.words + (self.partial,)
        return self.words

    @property
    def in_comment(self) -> bool:
        """True when the line ends inside a comment."""
        return self.comment >= 0


def scan(line: str) -> Scan:
    """Read ``line`` into words without ever raising (an open quote runs to the end of the line)."""
    words: list[Word] = []
    buf: list[str] = []
    in_word = False
    start = 0
    quote_char = ""
    comment = -1
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quote_char == "'":
            if c == "'":
                quote_char = ""
            else:
                buf.append(c)
        elif quote_char == '"':
            if c == '"':
                quote_char = ""
            elif c == "\\" and i + 1 < n and line[i + 1] in '"\\':
                buf.append(line[i + 1])
                i += 1
            else:
                buf.append(c)
        elif c.isspace():
            if in_word:
                words.append(Word("".join(buf), start, i))
                buf, in_word = [], False
        elif c == "#" and not in_word:
            comment = i
            break
        else:
            if not in_word:
                in_word, start = True, i
            if c in "'\"":
                quote_char = c
            elif c == "\\" and i + 1 < n and line[i + 1] in _ESCAPABLE:
                if line[i + 1] != "\n":  # backslash-newline: a line continuation, dropped
                    buf.append(line[i + 1])
                i += 1
            else:
                buf.append(c)
        i += 1
    partial = Word("".join(buf), start, n) if in_word else Word("", n, n)
    return Scan(tuple(words), partial, quote_char, comment)


def split(line: str) -> list[str]:
    """Split a command line into words; raise :class:`UsageError` on an unbalanced quote."""
    result = scan(line)
    if result.open_quote:
        shown = clip(line[result.partial.start:].strip())
        raise UsageError(f"unbalanced quote in: {_masked(shown)}", hint="close the quote or escape it with \\")
    return [w.text for w in result.all_words]


def _masked(text: str) -> str:
    """``text`` with secret values (passwords, tokens of the packaged schema) masked."""
    from zscli.schema import load

    from .secrets import scrub

    return scrub(text, load())


def split_partial(text: str) -> tuple[list[str], str]:
    """Split text before the cursor for completion: (finished words, partial last word).

    The partial word is '' when ``text`` ends with whitespace (or in a comment). Never raises.
    """
    result = scan(text)
    return [w.text for w in result.words], result.partial.text


def quote(value: str) -> str:
    """``value`` as one word that :func:`scan` reads back unchanged: as is when safe, else double-quoted."""
    if value and all(c.isalnum() or c in _SAFE for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


__all__ = ["Scan", "Word", "quote", "scan", "split", "split_partial"]
