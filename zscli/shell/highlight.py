"""Syntax highlighting of the line being typed: API name, keys, operators and values."""
from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer

from zscli.completion.index import index_for
from zscli.language.keyop import key_op
from zscli.language.lexer import scan
from zscli.surface import BUILTIN_NAMES
from zscli.schema.types import Schema


def highlight(line: str, schema: Schema) -> StyleAndTextTuples:
    """``line`` split into styled fragments (spaces unstyled); unknown first words are marked."""
    scanned = scan(line)
    words = scanned.all_words
    out: StyleAndTextTuples = []
    pos = 0
    for i, w in enumerate(words):
        if w.start > pos:
            out.append(("", line[pos:w.start]))
        raw = line[w.start:w.end]
        if i == 0:
            known = index_for(schema).api(w.text) is not None
            style = "class:api" if known else "class:builtin" if w.text in BUILTIN_NAMES else "class:unknown"
            out.append((style, raw))
        else:
            kv = key_op(raw)
            if kv is None:
                out.append(("class:key" if raw[:1].isalpha() or raw[:1] == "_" else "class:value", raw))
            else:
                out += [("class:key", kv.key), ("class:operator", kv.ops)]
                if kv.value:
                    out.append(("class:value", kv.value))
        pos = w.end
    if scanned.in_comment:
        if scanned.comment > pos:
            out.append(("", line[pos:scanned.comment]))
        out.append(("class:comment", line[scanned.comment:]))
    elif pos < len(line):
        out.append(("", line[pos:]))
    return out


class LineLexer(Lexer):
    """prompt_toolkit lexer over :func:`highlight` (the shell's lines are single lines)."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        lines = document.lines

        def get_line(lineno: int) -> StyleAndTextTuples:
            try:
                return highlight(lines[lineno], self.schema)
            except Exception:  # noqa: BLE001 - never break the prompt over colours; --debug shows why
                from zscli import diagnostics

                diagnostics.swallowed("highlighting the line")
                return [("", lines[lineno])] if lineno < len(lines) else []

        return get_line
