"""Human output: rich tables, vertical records, and the footer under query tables.

rich is imported only inside these functions, so ``import zscli.output`` stays cheap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Sequence, TextIO

from zscli.schema.types import Field, Inventory, Schema, Type

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


@dataclass(frozen=True)
class Line:
    """One line of a record: a prefix (indent or ``- `` bullet), a padded key, and the value text."""

    prefix: str
    key: str
    value: str = ""


def make_console(out: TextIO, color: bool, width: int) -> "Console":
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


def write_human(view: View, schema: Schema, out: TextIO, *, fields: Sequence[str], wide: bool,
                start: Optional[int], color: bool, width: int, limit: Optional[int] = None) -> None:
    """Write ``view`` as a table (query replies), a record (one inventory) or a short line.

    Default columns that do not fit ``width`` are left out (the first two always stay) and named under the
    table; columns the user chose (``fields=``, ``-o wide``) are never dropped: when they do not fit, each
    row becomes a vertical record."""
    from rich.text import Text

    console = make_console(out, color, width)
    if view.kind is ViewKind.NONE:
        return
    if view.kind in (ViewKind.TOTAL, ViewKind.VALID):
        name = "total" if view.kind is ViewKind.TOTAL else "valid"
        _print_lines(console, [Line("", name + ":", " " + scalar_text(view.value))], color)
        return
    if view.kind is ViewKind.RAW:
        if isinstance(view.value, dict):
            _print_lines(console, record_lines(view.value, None, schema), color)
        else:
            console.print(Text(visible(scalar_text(view.value), newlines=True)), soft_wrap=True)
        return
    if view.kind is ViewKind.RECORD:
        row = view.rows[0]
        if fields:
            flat = flatten_objects(row, view.inventory)
            row = {f: flat.get(f) for f in fields}
        _print_lines(console, record_lines(row, view.inventory, schema), color)
        return
    columns = table_columns(view, fields, wide)
    if view.rows:
        _rows_out(console, view, columns, width, color, may_drop=not fields and not wide)
    foot = footer(view, len(view.rows), start, limit)
    console.print(Text(foot, style=FOOTER_STYLE if color else ""), soft_wrap=True)


def _cells(view: View, columns: Sequence[str]) -> list[list[str]]:
    specs = [field_at(view.inventory, c) for c in columns]
    rows = []
    for raw in view.rows:
        flat = flatten_objects(raw, view.inventory)
        rows.append([summary(display(flat.get(c), s)) for c, s in zip(columns, specs)])
    return rows


MIN_CELL = 16  # a long text cell is cut with "…" down to this width (or its header's) before a column is dropped


@dataclass(frozen=True)
class Plan:
    """How a table fits a width: the columns kept (indices, in order) and the width each may take."""

    keep: tuple[int, ...]
    caps: tuple[int, ...]


def _used(sizes: Sequence[int]) -> int:
    return sum(sizes) + COLUMN_GAP * max(0, len(sizes) - 1)


def plan_columns(widths: Sequence[int], mins: Sequence[int], width: int, *, may_drop: bool,
                 keep_first: int = 2) -> Optional[Plan]:
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
        if _used([min(n, max(f, mid)) for n, f in zip(natural, floor)]) <= width:
            low = mid
        else:
            high = mid - 1
    caps = [min(n, max(f, low)) for n, f in zip(natural, floor)]
    spare = width - _used(caps)
    for i, (cap, n) in enumerate(zip(caps, natural)):  # leftover columns go to the first cut cells
        if spare <= 0:
            break
        if cap < n:
            caps[i] += 1
            spare -= 1
    return Plan(tuple(keep), tuple(caps))


def _min_width(name: str, cells: Sequence[str], whole: bool) -> int:
    """The narrowest a column may be cut to: text columns to MIN_CELL (or their header); ``whole`` columns (the
    key, dates, sizes, numbers) are never cut."""
    from rich.cells import cell_len

    natural = max([cell_len(name)] + [cell_len(c) for c in cells])
    return natural if whole else min(natural, max(cell_len(name), MIN_CELL))


def _whole(view: View, column: str) -> bool:
    """True for columns whose values are useless when cut: the inventory's key and every non-text field."""
    if view.inventory is not None and column == view.inventory.key:
        return True
    spec = field_at(view.inventory, column)
    return spec is not None and spec.type is not Type.STRING


def _table(columns: Sequence[str], cells: Sequence[Sequence[str]], color: bool,
           caps: Optional[Sequence[int]] = None) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
                  header_style=HEADER_STYLE if color else "", expand=False)
    for i, name in enumerate(columns):
        table.add_column(visible(name), no_wrap=True, overflow="ellipsis",
                         max_width=caps[i] if caps is not None else None)
    for row in cells:
        table.add_row(*(Text(v, overflow="ellipsis", no_wrap=True) for v in row))
    return table


def _fits(console: "Console", table: Any, width: int) -> bool:
    return console.measure(table, options=console.options.update_width(10 ** 6)).maximum <= width


def _rows_out(console: "Console", view: View, columns: list[str], width: int, color: bool,
              may_drop: bool = False) -> None:
    """A table when it fits in ``width``: long cells are cut with "…" first, then (when ``may_drop``) default
    columns are left out from the end and named under the table; otherwise one vertical record per row
    (as pgcli does), which shows every value in full."""
    from rich.cells import cell_len
    from rich.text import Text

    cells = _cells(view, columns)
    table = _table(columns, cells, color)
    if _fits(console, table, width):
        _print_table(console, table)
        return
    widths = [max([cell_len(c)] + [cell_len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    mins = [_min_width(c, [r[i] for r in cells], _whole(view, c)) for i, c in enumerate(columns)]
    plan = plan_columns(widths, mins, width, may_drop=may_drop and len(columns) > 2)
    if plan is not None:
        dropped = [c for i, c in enumerate(columns) if i not in plan.keep]
        table = _table([columns[i] for i in plan.keep], [[row[i] for i in plan.keep] for row in cells], color,
                       plan.caps)
        if _fits(console, table, width):
            _print_table(console, table)
            if dropped:
                note = f"hidden to fit {width} columns: {', '.join(dropped)}"
                if len(note) + len(DROP_ADVICE) <= width:
                    note += DROP_ADVICE
                console.print(Text(note, style=FOOTER_STYLE if color else ""), soft_wrap=True)
            return
    for number, raw in enumerate(view.rows, start=1):
        flat = flatten_objects(raw, view.inventory)
        record = {c: flat.get(c) for c in columns}
        title = f"-[ RECORD {number} ]"
        console.print(Text(title + "-" * max(0, min(width, 40) - len(title)),
                           style=FOOTER_STYLE if color else ""), soft_wrap=True)
        _print_lines(console, record_lines(record, view.inventory, None, keep_empty=True), color)


def _print_table(console: "Console", table: Any) -> None:
    with console.capture() as capture:
        console.print(table)
    console.file.write("".join(line.rstrip(" ") + "\n" for line in capture.get().splitlines()))


def footer(view: View, shown: int, start: Optional[int], limit: Optional[int] = None) -> str:
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


def _sub_fields(spec: Optional[Field], inventory: Optional[Inventory], key: str,
                schema: Optional[Schema]) -> Optional[Inventory]:
    """The schema of a nested value: an Object field's children, or the target of a same-named relation."""
    if spec is not None and spec.type is Type.OBJECT:
        return Inventory(name=spec.name, description="", fields=spec.children)
    if inventory is not None and schema is not None:
        rel = inventory.relation(key)
        if rel is not None:
            return schema.inventory(rel.target)
    return None


def record_lines(obj: dict, inventory: Optional[Inventory], schema: Optional[Schema], indent: str = "",
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


def _print_lines(console: "Console", lines: Sequence[Line], color: bool) -> None:
    from rich.text import Text

    for line in lines:
        text = Text(line.prefix)
        text.append(line.key, style=KEY_STYLE if color and line.key.strip() else "")
        text.append(line.value)
        text.rstrip()
        console.print(text, soft_wrap=True)
