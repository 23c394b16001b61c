"""Machine-readable output: JSON and YAML (the reply as sent), CSV and TSV (one row per inventory).

Nothing here imports rich; PyYAML is imported only when YAML is written.
"""
from __future__ import annotations

import csv
import json
from typing import Any, Sequence, TextIO

from .shape import ViewKind, View, machine_columns
from .values import compact_json, flatten_objects, scalar_text


def write_json(body: Any, out: TextIO) -> None:
    """The reply as sent: indent 2, non-ASCII unescaped; ``{}`` for an empty reply."""
    if body is None or body == "":
        body = {}
    out.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")


def write_yaml(body: Any, out: TextIO) -> None:
    """The reply as YAML (safe types only, keys in reply order, multi-line text as ``|`` blocks)."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, data: str) -> Any:
        style = "|" if "\n" in data and data == data.rstrip(" ") and "\t" not in data else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    _Dumper.add_representer(str, _str)
    if body is None or body == "":
        body = {}
    out.write(yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                        default_flow_style=False))


def cell(value: Any) -> str:
    """One CSV/TSV cell: scalars as text (booleans ``true``/``false``, null empty), nested values as JSON."""
    if isinstance(value, (list, dict)):
        return compact_json(value)
    return scalar_text(value)


def table_data(view: View, fields: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV/TSV rendering of ``view``."""
    if view.kind is ViewKind.TOTAL:
        return ["total"], [[cell(view.value)]]
    if view.kind is ViewKind.VALID:
        return ["valid"], [[cell(view.value)]]
    if view.kind is ViewKind.RAW:
        if isinstance(view.value, dict):
            return list(view.value), [[cell(v) for v in view.value.values()]]
        return ["value"], [[cell(view.value)]]
    if view.kind is ViewKind.NONE:
        return [], []
    header = machine_columns(view, fields)
    flat = [flatten_objects(r, view.inventory) for r in view.rows]
    return header, [[cell(r.get(c)) for c in header] for r in flat]


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def write_delimited(view: View, fields: Sequence[str], out: TextIO, tsv: bool) -> None:
    """CSV (RFC 4180 quoting) or TSV (one line per row: backslash, tab, CR and LF escaped as
    ``\\\\``, ``\\t``, ``\\r``, ``\\n``). Writes nothing for an empty reply."""
    header, rows = table_data(view, fields)
    if not header:
        return
    if tsv:
        for row in [header, *rows]:
            out.write("\t".join(v.translate(_TSV_ESCAPES) for v in row) + "\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
