"""The plain-text table writer draws exactly what rich draws for the same table (with and without colour),
and large tables take their column widths from the first rows."""
from __future__ import annotations

import io
import random

from rich import box
from rich.table import Table
from rich.text import Text

from zscli.output import plain
from zscli.output.table import make_console


def _rich(columns: list[str], rows: list[list[str]], color: bool, caps: list[int]) -> str:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
                  header_style="bold" if color else "", expand=False)
    for name, cap in zip(columns, caps, strict=False):
        table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=cap)
    for row in rows:
        table.add_row(*(Text(v, overflow="ellipsis", no_wrap=True) for v in row))
    console = make_console(io.StringIO(), color, 300)
    with console.capture() as capture:
        console.print(table)
    return "".join(line.rstrip(" ") + "\n" for line in capture.get().splitlines())


def test_plain_tables_match_rich_cell_for_cell_with_wide_characters_cuts_and_colour():
    rng = random.Random(3)
    alphabet = ["a", "b", "漢", "é", " ", "x", "字", "-"]
    for _ in range(120):
        n = rng.randint(1, 4)
        columns = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(n)]
        rows = [["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(n)]
                for _ in range(rng.randint(1, 4))]
        natural = [max([plain.cell_len(c)] + [plain.cell_len(r[i]) for r in rows]) for i, c in enumerate(columns)]
        caps = [max(1, min(w, rng.randint(1, 14))) for w in natural]
        for color in (False, True):
            out = io.StringIO()
            plain.write_table(out, columns, caps, rows, color)
            assert out.getvalue() == _rich(columns, rows, color, caps), (columns, rows, caps, color)


def test_widths_come_from_the_first_rows_later_long_text_is_cut_and_keys_stay_whole(monkeypatch):
    from zscli.output import table as table_mod
    from zscli.output.shape import View, ViewKind
    from zscli.schema import load

    monkeypatch.setattr(table_mod, "SAMPLE_ROWS", 2)
    inventory = load().inventory("Model")
    rows = ({"uuid": "u1", "name": "short"}, {"uuid": "u2", "name": "tiny"},
            {"uuid": "u3-longer-key", "name": "a much longer name"})
    out = io.StringIO()
    table_mod.write_human(View(ViewKind.ROWS, rows=rows, inventory=inventory, total=3), load(), out, fields=(),
                          wide=False, start=None, color=False, width=100)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["uuid", "name"]
    assert lines[2:4] == ["u1    short", "u2    tiny"]
    assert lines[4] == "u3-longer-key  a mu…"  # the key whole; the name cut to the sampled width


def test_streamed_json_is_the_text_json_dumps_writes():
    import json

    from zscli.output.machine import write_json

    body = {"inventories": [{"uuid": f"{i:032x}", "name": f"名前-{i}", "size": i, "tags": ["a", {"b": None}]}
                            for i in range(3000)], "total": 3000}
    out = io.StringIO()
    write_json(body, out)
    assert out.getvalue() == json.dumps(body, indent=2, ensure_ascii=False) + "\n"
