"""Human output: rich tables, vertical records, and the footer under query tables.

rich is imported only inside these functions, so ``import zscli.output`` stays cheap.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, TextIO
from collections.abc import Iterable, Iterator, Sequence

from zscli.record import record
from zscli.schema.types import Field, Inventory, Schema, Type

from . import plain
from .safe import visible
from .shape import ViewKind, View, table_columns
from .values import display, field_at, flatten_objects, is_empty, plural_noun, scalar_text, summary

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

KEY_STYLE = "bold cyan"
HEADER_STYLE = "bold"
FOOTER_STYLE = "dim"
COLUMN_GAP = 2  # spaces between table columns
DROP_ADVICE = " (widen the terminal or use fields=)"


@record
class Line:
    """One line of a record: a prefix (indent or ``- `` bullet), a padded key, and the value text."""

    prefix: str
    key: str
    value: str = ""


def make_console(out: TextIO, color: bool, width: int) -> Console:
    """A rich Console writing to ``out``; with ``color`` False it never emits an escape sequence.

    A closed reader of ``out`` raises BrokenPipeError to the caller (rich's own handler would exit with 1,
    not the documented 141)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _Console(file=out, width=width, force_terminal=color, color_system="auto" if color else None,
                   no_color=not color, highlight=False, emoji=False, markup=False, legacy_windows=False,
                   force_jupyter=False, force_interactive=False, soft_wrap=False)


class _Printer:
    """Where human output goes: plain writes when there is no colour (rich is then never imported), a rich
    Console (created on first use) for styled text otherwise."""

    def __init__(self, out: TextIO, color: bool, width: int) -> None:
        self.out = out
        self.color = color
        self.width = width
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = make_console(self.out, self.color, self.width)
        return self._console

    def lines(self, lines: Iterable[Line]) -> None:
        """Record lines: ``prefix key value``, the key styled in colour, trailing spaces trimmed."""
        if not self.color:
            plain.write_lines(self.out, ((ln.prefix + ln.key + ln.value).rstrip() for ln in lines))
            return
        _print_lines(self.console, list(lines), True)

    def dim(self, text: str) -> None:
        """One line of secondary text (footer, notes): dim in colour."""
        if not self.color:
            self.out.write(text + "\n")
            return
        from rich.text import Text

        self.console.print(Text(text, style=FOOTER_STYLE), soft_wrap=True)

    def text(self, text: str) -> None:
        """Plain text as is (multi-line allowed)."""
        if not self.color and "\t" not in text:  # rich would expand tabs: leave those to it
            self.out.write(text + "\n")
            return
        from rich.text import Text

        self.console.print(Text(text), soft_wrap=True)


def write_human(view: View, schema: Schema, out: TextIO, *, fields: Sequence[str], wide: bool,
                start: int | None, color: bool, width: int, limit: int | None = None) -> None:
    """Write ``view`` as a table (query replies), a record (one inventory) or a short line.

    Default columns that do not fit ``width`` are left out (the first two always stay) and named under the
    table; columns the user chose (``fields=``, ``-o wide``) are never dropped: when they do not fit, each
    row becomes a vertical record. Rows are written as they are formatted (see :mod:`.plain`)."""
    printer = _Printer(out, color, width)
    if view.kind is ViewKind.NONE:
        return
    if view.kind in (ViewKind.TOTAL, ViewKind.VALID):
        name = "total" if view.kind is ViewKind.TOTAL else "valid"
        printer.lines([Line("", name + ":", " " + scalar_text(view.value))])
        return
    if view.kind is ViewKind.RAW:
        if isinstance(view.value, dict):
            printer.lines(record_lines(view.value, None, schema))
        else:
            printer.text(visible(scalar_text(view.value), newlines=True))
        return
    if view.kind is ViewKind.RECORD:
        row = view.rows[0]
        if fields:
            flat = flatten_objects(row, view.inventory)
            row = {f: flat.get(f) for f in fields}
        printer.lines(record_lines(row, view.inventory, schema))
        return
    columns = table_columns(view, fields, wide)
    if view.rows:
        _rows_out(printer, view, columns, width, may_drop=not fields and not wide)
    printer.dim(footer(view, len(view.rows), start, limit))


SAMPLE_ROWS = 1000  # column widths are decided from the first rows (as pgcli and column(1) do)


def _cells(view: View, columns: Sequence[str], raws: Iterable[dict]) -> Iterator[list[str]]:
    """Each row's cell texts, produced as they are needed."""
    specs = [field_at(view.inventory, c) for c in columns]
    inventory = view.inventory
    for raw in raws:
        flat = flatten_objects(raw, inventory)
        yield [summary(display(flat.get(c), s)) for c, s in zip(columns, specs, strict=False)]


MIN_CELL = 16  # a long text cell is cut with "…" down to this width (or its header's) before a column is dropped


@record
class Plan:
    """How a table fits a width: the columns kept (indices, in order) and the width each may take."""

    keep: tuple[int, ...]
    caps: tuple[int, ...]


def _used(sizes: Sequence[int]) -> int:
    return sum(sizes) + COLUMN_GAP * max(0, len(sizes) - 1)


def plan_columns(widths: Sequence[int], mins: Sequence[int], width: int, *, may_drop: bool,
                 keep_first: int = 2) -> Plan | None:
    """Fit columns of natural ``widths`` into ``width``: long cells are cut (widest first, never below
    ``mins``) before any column is dropped; then, when ``may_drop``, columns are dropped from the end (the
    first ``keep_first`` always stay). None when even that does not fit (the caller shows records)."""
    keep = list(range(len(widths)))
    while _used([mins[i] for i in keep]) > width:
        if not may_drop or len(keep) <= keep_first:
            return None
        keep.pop()
    natural = [widths[i] for i in keep]
    floor = [min(mins[i], widths[i]) for i in keep]
    if _used(natural) <= width:
        return Plan(tuple(keep), tuple(natural))
    low, high = 0, max(natural)
    while low < high:  # the largest cap C with sum(min(natural, max(floor, C))) fitting
        mid = (low + high + 1) // 2
        if _used([min(n, max(f, mid)) for n, f in zip(natural, floor, strict=False)]) <= width:
            low = mid
        else:
            high = mid - 1
    caps = [min(n, max(f, low)) for n, f in zip(natural, floor, strict=False)]
    spare = width - _used(caps)
    for i, (cap, n) in enumerate(zip(caps, natural, strict=False)):  # leftover columns go to the first cut cells
        if spare <= 0:
            break
        if cap < n:
            caps[i] += 1
            spare -= 1
    return Plan(tuple(keep), tuple(caps))


def _min_width(name: str, cells: Sequence[str], whole: bool) -> int:
    """The narrowest a column may be cut to: text columns to MIN_CELL (or their header); ``whole`` columns (the
    key, dates, sizes, numbers) are never cut."""
    cell_len = plain.cell_len
    natural = max([cell_len(name)] + [cell_len(c) for c in cells])
    return natural if whole else min(natural, max(cell_len(name), MIN_CELL))


def _whole(view: View, column: str) -> bool:
    """True for columns whose values are useless when cut: the inventory's key and every non-text field."""
    if view.inventory is not None and column == view.inventory.key:
        return True
    spec = field_at(view.inventory, column)
    return spec is not None and spec.type is not Type.STRING


def _rows_out(printer: _Printer, view: View, columns: list[str], width: int, may_drop: bool = False) -> None:
    """A table when it fits in ``width``: long cells are cut with "…" first, then (when ``may_drop``) default
    columns are left out from the end and named under the table; otherwise one vertical record per row
    (as pgcli does), which shows every value in full.

    Widths are those of the first :data:`SAMPLE_ROWS` rows; a later, longer cell is cut with "…" (or, for a
    key, date, size or number, written whole)."""
    raws = iter(view.rows)  # may be a one-pass stream (--all): read once
    head = list(itertools.islice(raws, SAMPLE_ROWS))
    sample = list(_cells(view, columns, head))
    cells = _cells(view, columns, raws)
    names = [visible(c) for c in columns]
    widths = [max([plain.cell_len(n)] + [plain.cell_len(r[i]) for r in sample]) for i, n in enumerate(names)]
    if _used(widths) <= width:
        plan: Plan | None = Plan(tuple(range(len(columns))), tuple(widths))
    else:
        mins = [_min_width(c, [r[i] for r in sample], _whole(view, c)) for i, c in enumerate(columns)]
        plan = plan_columns(widths, mins, width, may_drop=may_drop and len(columns) > 2)
    if plan is None:
        _records_out(printer, view, columns, width, itertools.chain(head, raws))
        return
    keep = plan.keep
    whole = [_whole(view, columns[i]) for i in keep]
    rows = ([row[i] for i in keep] for row in itertools.chain(sample, cells))
    plain.write_table(printer.out, [names[i] for i in keep], plan.caps, rows, printer.color, whole)
    dropped = [c for i, c in enumerate(columns) if i not in keep]
    if dropped:
        note = f"hidden to fit {width} columns: {', '.join(dropped)}"
        if len(note) + len(DROP_ADVICE) <= width:
            note += DROP_ADVICE
        printer.dim(note)


def _records_out(printer: _Printer, view: View, columns: list[str], width: int, raws: Iterable[dict]) -> None:
    """One vertical record per row, each under a ``-[ RECORD n ]----`` title."""
    for number, raw in enumerate(raws, start=1):
        flat = flatten_objects(raw, view.inventory)
        record = {c: flat.get(c) for c in columns}
        title = f"-[ RECORD {number} ]"
        printer.dim(title + "-" * max(0, min(width, 40) - len(title)))
        printer.lines(record_lines(record, view.inventory, None, keep_empty=True))


def footer(view: View, shown: int, start: int | None, limit: int | None = None) -> str:
    """``20 of 57 models — next page: start=20``; ``20 models`` when the total is unknown, with the next
    page too when a full page of ``limit`` rows came back (more may follow)."""
    inv_name = view.inventory.name if view.inventory else "Row"
    total = view.total
    first = start or 0
    nxt = first + shown
    if total is None:
        text = f"{shown} {plural_noun(inv_name, shown)}"
        if limit and shown and shown >= limit:
            text += f" — next page: {view.paging}={nxt}"
        return text
    if first == 0 and shown == total:
        return f"{shown} {plural_noun(inv_name, shown)}"
    text = f"{shown} of {total} {plural_noun(inv_name, total)}"
    if shown and nxt < total:
        text += f" — next page: {view.paging}={nxt}"
    return text


def _sub_fields(spec: Field | None, inventory: Inventory | None, key: str,
                schema: Schema | None) -> Inventory | None:
    """The schema of a nested value: an Object field's children, or the target of a same-named relation."""
    if spec is not None and spec.type is Type.OBJECT:
        return Inventory(name=spec.name, description="", fields=spec.children)
    if inventory is not None and schema is not None:
        rel = inventory.relation(key)
        if rel is not None:
            return schema.inventory(rel.target)
    return None


def record_lines(obj: dict, inventory: Inventory | None, schema: Schema | None, indent: str = "",
                 keep_empty: bool = False) -> list[Line]:
    """A dict as aligned ``key: value`` lines; nested dicts and lists of dicts indented beneath their key.
    Empty values are left out unless ``keep_empty``; sizes and dates are shown human-readable."""
    items = [(visible(str(k)), v) for k, v in obj.items() if keep_empty or not is_empty(v)]
    if not items:
        return []
    pad = max(len(k) for k, _ in items) + 2
    lines: list[Line] = []
    for key, value in items:
        spec = field_at(inventory, key)
        label = (key + ":").ljust(pad)
        if isinstance(value, dict) and value:
            lines.append(Line(indent, key + ":"))
            sub = _sub_fields(spec, inventory, key, schema)
            lines.extend(record_lines(value, sub, schema, indent + "  "))
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            lines.append(Line(indent, key + ":"))
            sub = _sub_fields(spec, inventory, key, schema)
            for item in value:
                if isinstance(item, dict):
                    nested = record_lines(item, sub, schema, indent + "    ") or [Line(indent + "    ", "{}")]
                    first = nested[0]
                    nested[0] = Line(indent + "  - " + first.prefix[len(indent) + 4:], first.key, first.value)
                    lines.extend(nested)
                else:
                    lines.append(Line(indent + "  - ", "", visible(scalar_text(item))))
        else:
            lines.extend(_value_lines(indent, label, display(value, spec)))
    return lines


def _value_lines(indent: str, label: str, value: Any) -> list[Line]:
    if isinstance(value, list):
        text = ", ".join(scalar_text(v) for v in value)
    elif isinstance(value, dict):
        text = "{}"
    else:
        text = scalar_text(value)
    parts = visible(text, newlines=True).rstrip("\n").split("\n")
    out = [Line(indent, label, parts[0])]
    blank = " " * len(label)
    out.extend(Line(indent, blank, part) for part in parts[1:])
    return out


def _print_lines(console: Console, lines: Sequence[Line], color: bool) -> None:
    from rich.text import Text

    for line in lines:
        text = Text(line.prefix)
        text.append(line.key, style=KEY_STYLE if color and line.key.strip() else "")
        text.append(line.value)
        text.rstrip()
        console.print(text, soft_wrap=True)
