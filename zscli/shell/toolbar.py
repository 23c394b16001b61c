"""The bottom toolbar: the signature of the API being typed (wrapped to the screen) and a one-line description."""
from __future__ import annotations

from prompt_toolkit.formatted_text import StyleAndTextTuples

from zscli.completion.signature import describe
from zscli.output.safe import visible
from zscli.schema.types import Schema
from zscli.text import clip

HINT = "Tab: complete   help: list APIs   Ctrl-R: search history   Ctrl-D: exit"
SIGNATURE_LINES = 2  # the signature may take this many rows; the description always gets its own


def _wrap(text: str, width: int, rows: int) -> list[str]:
    """``text`` split at spaces into at most ``rows`` lines of ``width``; an overflow ends in `` …``."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
    lines.append(current)
    if len(lines) > rows:
        lines = lines[:rows]
        last = lines[-1]
        while last and len(last) + 2 > width and " " in last:
            last = last.rsplit(" ", 1)[0]
        lines[-1] = last + " …"
    return [line[:width] for line in lines]


def toolbar_fragments(text: str, schema: Schema, width: int = 80, server_version: str = "") -> StyleAndTextTuples:
    """The toolbar for the line ``text`` (up to the cursor) on a screen ``width`` columns wide.

    An API line shows its signature (required parameters first, with types; wrapped so none is cut off)
    and its description; any other line shows the key hints and, when known, the server's version."""
    inner = max(width - 2, 10)
    try:
        found = describe(text, schema)
    except Exception:  # noqa: BLE001 - the toolbar must never break the prompt; --debug shows why
        from zscli import diagnostics

        diagnostics.swallowed("describing the line in the toolbar")
        found = None
    if found is None:
        hint = f"server: ZStack {visible(server_version)}   {HINT}" if server_version else HINT
        return [("", " " + clip(hint, inner, mark="…"))]
    signature, description = visible(found[0]), visible(" ".join(found[1].split()))
    required = signature.split(" [", 1)[0]  # the name and the required parameters: never cut off
    rows = _wrap(signature, inner, max(SIGNATURE_LINES, len(_wrap(required + " …", inner, 99))))
    out: StyleAndTextTuples = []
    for i, row in enumerate(rows):
        out.append(("class:bottom-toolbar.signature", ("\n " if i else " ") + row))
    out.append(("", "\n " + clip(description, inner, mark="…")))
    return out
