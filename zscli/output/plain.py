"""Tables and record lines written as plain text, row by row, without building a rich renderable.

rich measured a table twice and rendered it once more (about 1 ms per row); for large results that was
most of the run. This module writes the same characters rich would (box SIMPLE_HEAD, no edge, two spaces
between columns, long cells cut with "…", trailing spaces trimmed, the header bold when in colour) as each
row is produced, so memory does not grow with the number of rows. Column widths are decided by the caller
(from a sample of rows, see :data:`zscli.output.table.SAMPLE_ROWS`).
"""
from __future__ import annotations

from typing import TextIO
from collections.abc import Iterable, Sequence

ELLIPSIS = "…"
RULE = "─"
GAP = "  "
BOLD, RESET = "\x1b[1m", "\x1b[0m"
FLUSH_CHARS = 1 << 16  # characters buffered before a write to the stream


def cell_len(text: str) -> int:
    """Terminal columns ``text`` takes (ASCII fast path; East Asian wide characters count 2)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns with "…" when longer (as rich's ellipsis overflow), then padded."""
    size = cell_len(text)
    if size > width:
        if text.isascii():
            return text[:max(width - 1, 0)] + ELLIPSIS if width > 0 else ""
        from rich.cells import set_cell_size

        text = set_cell_size(text, max(width - 1, 0)) + ELLIPSIS if width > 0 else ""
        size = cell_len(text)
    return text + " " * (width - size)


def row_line(cells: Sequence[str], widths: Sequence[int], whole: Sequence[bool] = ()) -> str:
    """One table line: every cell fitted to its column, two spaces apart, trailing spaces trimmed. A cell of
    a ``whole`` column (key, date, size, number) longer than its column is written whole, never cut."""
    if whole:
        return GAP.join(c if keep and cell_len(c) > w else fit(c, w)
                        for c, w, keep in zip(cells, widths, whole, strict=False)).rstrip(" ")
    return GAP.join(fit(c, w) for c, w in zip(cells, widths, strict=False)).rstrip(" ")


def header_lines(names: Sequence[str], widths: Sequence[int], color: bool) -> list[str]:
    """The header line (bold cells in colour, exactly as rich styles a SIMPLE_HEAD header) and the rule."""
    if color:
        parts = []
        for i, (name, w) in enumerate(zip(names, widths, strict=False)):
            last = i == len(names) - 1
            parts.append(f"{BOLD}{fit(name, w)}{RESET}" + ("" if last else f"{BOLD} {RESET} "))
        head = "".join(parts)
    else:
        head = row_line(names, widths)
    return [head, RULE * (sum(widths) + len(GAP) * max(0, len(widths) - 1))]


def write_table(out: TextIO, names: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence[str]],
                color: bool, whole: Sequence[bool] = ()) -> None:
    """Write a table with the given column ``widths``, one row at a time (buffered in 64 KiB writes); cells of
    ``whole`` columns are never cut (see :func:`row_line`)."""
    buf = [line + "\n" for line in header_lines(names, widths, color)]
    size = 0
    for cells in rows:
        line = row_line(cells, widths, whole) + "\n"
        buf.append(line)
        size += len(line)
        if size >= FLUSH_CHARS:
            out.write("".join(buf))
            buf, size = [], 0
    if buf:
        out.write("".join(buf))


def write_lines(out: TextIO, lines: Iterable[str]) -> None:
    """Write text lines (each without its newline), buffered in 64 KiB writes."""
    buf: list[str] = []
    size = 0
    for line in lines:
        buf.append(line + "\n")
        size += len(line) + 1
        if size >= FLUSH_CHARS:
            out.write("".join(buf))
            buf, size = [], 0
    if buf:
        out.write("".join(buf))
