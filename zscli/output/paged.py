"""Output of ``--all``: the rows of every page written as each page arrives, in constant memory.

The text is what one reply holding every row would give (``{"inventories": [...]}`` for JSON), except that
table widths and CSV/TSV headers come from the first page. YAML is written once every page has arrived.
"""
from __future__ import annotations

import itertools
import json
from typing import Any, TextIO
from collections.abc import Iterable, Iterator, Sequence

from zscli.schema.types import Api, Schema

from .formats import Format
from .shape import View, ViewKind, table_columns


def _rows(pages: Iterable[list[Any]]) -> Iterator[dict]:
    for page in pages:
        for row in page:
            if isinstance(row, dict):
                yield row


def write_pages(api: Api, pages: Iterable[list[Any]], fmt: Format, *, out: TextIO, schema: Schema,
                fields: Sequence[str] = (), color: bool = False, width: int = 80, terminal: bool = False) -> int:
    """Write every row of ``pages`` (lists of inventories) as ``fmt``; the number of rows written. On a
    ``terminal`` the machine formats write control characters inert, as :func:`~zscli.output.render.render`."""
    inventory = schema.inventory(api.inventory) if api.inventory else None
    rows = _rows(pages)
    count = 0

    def counted(source: Iterable[dict]) -> Iterator[dict]:
        nonlocal count
        for row in source:
            count += 1
            yield row

    if fmt is Format.JSON:
        from .safe import inert_json

        out.write('{\n  "inventories": [')
        first = True
        for row in counted(rows):
            text = json.dumps(row, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            text = inert_json(text) if terminal else text
            out.write(("\n    " if first else ",\n    ") + text)
            first = False
        out.write("]\n}\n" if first else "\n  ]\n}\n")
        return count
    if fmt is Format.YAML:
        from .machine import write_yaml

        everything = list(counted(rows))
        write_yaml({"inventories": everything}, out, terminal=terminal)
        return count
    head = list(itertools.islice(rows, 1000))  # the first rows decide columns and widths
    if fmt in (Format.CSV, Format.TSV):
        from .machine import write_delimited

        if not head:
            return 0
        view = View(ViewKind.ROWS, rows=tuple(head), inventory=inventory)
        from .shape import machine_columns

        header = machine_columns(view, fields)
        stream = View(ViewKind.ROWS, rows=counted(itertools.chain(head, rows)), inventory=inventory)  # type: ignore[arg-type]
        write_delimited(stream, header, out, tsv=fmt is Format.TSV, terminal=terminal)
        return count
    from .table import _Printer, _rows_out, footer

    printer = _Printer(out, color, width)
    sample = View(ViewKind.ROWS, rows=tuple(head), inventory=inventory)
    columns = table_columns(sample, fields, fmt is Format.WIDE)
    if head:
        stream = View(ViewKind.ROWS, rows=counted(itertools.chain(head, rows)), inventory=inventory)  # type: ignore[arg-type]
        _rows_out(printer, stream, columns, width, may_drop=not fields and fmt is not Format.WIDE)
    printer.dim(footer(View(ViewKind.ROWS, inventory=inventory), count, None))
    return count


def progress_line(label: str, rows: int, stream: TextIO | None) -> None:
    """``label: N rows`` over itself on a terminal's stderr (nothing when ``stream`` is None)."""
    if stream is not None:
        stream.write(f"\r{label}: {rows} rows")
        stream.flush()
