"""Machine-readable output: JSON and YAML (the reply as sent), CSV and TSV (one row per inventory).

Into a pipe or a file they are byte-exact. With ``terminal`` True (stdout is a terminal) the server's
control characters are written inert (see :mod:`zscli.output.safe`): JSON and YAML spell them in their own
escapes (the same data), CSV/TSV cells pass through :func:`~zscli.output.safe.visible`.

Nothing here imports rich; PyYAML is imported only when YAML is written.
"""
from __future__ import annotations

import csv
import itertools
import json
from typing import TYPE_CHECKING, Any, TextIO
from collections.abc import Iterator, Sequence

from .values import compact_json, flatten_objects, scalar_text

if TYPE_CHECKING:
    from .shape import View


FLUSH_CHARS = 1 << 16  # characters gathered before each write to the stream


def write_json(body: Any, out: TextIO, *, terminal: bool = False) -> None:
    """The reply as sent: indent 2, non-ASCII unescaped (``\\uXXXX`` escapes where ``out``'s encoding cannot
    hold every character, and for control characters on a ``terminal``); ``{}`` for an empty reply.

    Written in 64 KiB pieces as it is encoded (the same text as ``json.dumps``), never as one string:
    for 10,000 rows the whole text and its million fragments doubled the memory."""
    from .safe import inert_json, unicode_ok

    if body is None or body == "":
        body = {}
    ascii_only = not unicode_ok(out)
    shown = inert_json if terminal and not ascii_only else _same
    if not _many_rows(body):  # a small reply: one string is quicker (about 0.05 ms a command in a batch)
        out.write(shown(json.dumps(body, indent=2, ensure_ascii=ascii_only)) + "\n")
        return
    buf: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=ascii_only).iterencode(body):
        buf.append(chunk)
        size += len(chunk)
        if size >= FLUSH_CHARS:
            out.write(shown("".join(buf)))
            buf, size = [], 0
    buf.append("\n")
    out.write(shown("".join(buf)))


def _same(text: str) -> str:
    return text


def _many_rows(body: Any) -> bool:
    """True when ``body`` holds a list of more than 200 items at its top (worth streaming)."""
    if isinstance(body, dict):
        return any(isinstance(v, list) and len(v) > 200 for v in body.values())
    return isinstance(body, list) and len(body) > 200


def write_yaml(body: Any, out: TextIO, *, terminal: bool = False) -> None:
    """The reply as YAML (safe types only, keys in reply order, multi-line text as ``|`` blocks).

    PyYAML escapes C0, DEL and C1 controls itself but writes bidi controls raw; on a ``terminal`` a string
    holding one is double-quoted and the character spelled ``\\uXXXX`` (the same data)."""
    import yaml

    from .safe import BIDI, inert_json, unicode_ok

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, data: str) -> Any:
        if terminal and not BIDI.isdisjoint(data):
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        style = "|" if "\n" in data and data == data.rstrip(" ") and "\t" not in data else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    _Dumper.add_representer(str, _str)
    if body is None or body == "":
        body = {}
    text = yaml.dump(body, Dumper=_Dumper, allow_unicode=unicode_ok(out), sort_keys=False,
                     default_flow_style=False)
    out.write(inert_json(text) if terminal else text)


def cell(value: Any) -> str:
    """One CSV/TSV cell: scalars as text (booleans ``true``/``false``, null empty), nested values as JSON."""
    if isinstance(value, (list, dict)):
        return compact_json(value)
    return scalar_text(value)


def table_data(view: View, fields: Sequence[str]) -> tuple[list[str], Iterator[list[str]]]:
    """Header and rows of a CSV/TSV rendering of ``view``; the rows are produced one at a time."""
    from .shape import ViewKind, machine_columns

    if view.kind is ViewKind.TOTAL:
        return ["total"], iter([[cell(view.value)]])
    if view.kind is ViewKind.VALID:
        return ["valid"], iter([[cell(view.value)]])
    if view.kind is ViewKind.RAW:
        if isinstance(view.value, dict):
            return list(view.value), iter([[cell(v) for v in view.value.values()]])
        return ["value"], iter([[cell(view.value)]])
    if view.kind is ViewKind.NONE:
        return [], iter([])
    header = machine_columns(view, fields)
    inventory = view.inventory
    return header, ([cell(flat.get(c)) for c in header]
                    for flat in (flatten_objects(r, inventory) for r in view.rows))


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def write_delimited(view: View, fields: Sequence[str], out: TextIO, tsv: bool, *, terminal: bool = False) -> None:
    """CSV (RFC 4180 quoting) or TSV (one line per row: backslash, tab, CR and LF escaped as
    ``\\\\``, ``\\t``, ``\\r``, ``\\n``), written as each row is formatted. Writes nothing for an empty reply.

    On a ``terminal`` every cell (the header too: a raw reply's keys come from the server) passes through
    :func:`~zscli.output.safe.visible`; CSV cells keep their line feeds and tabs (quoted as usual)."""
    header, rows = table_data(view, fields)
    if not header:
        return
    lines: Iterator[list[str]] = itertools.chain([header], rows)
    if tsv:
        from .plain import write_lines

        cells: Iterator[list[str]] = ([v.translate(_TSV_ESCAPES) for v in row] for row in lines)
        if terminal:
            from .safe import visible

            cells = ([visible(v) for v in row] for row in cells)
        write_lines(out, ("\t".join(row) for row in cells))
        return
    if terminal:
        from .safe import visible

        lines = ([visible(v, newlines=True) for v in row] for row in lines)
    csv.writer(out, lineterminator="\n").writerows(lines)
