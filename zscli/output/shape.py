"""Reading a reply body: what kind of result it is, its rows, and which columns to show."""
from __future__ import annotations

from enum import Enum
from typing import Any
from collections.abc import Iterable, Sequence

from zscli.call import Call
from zscli.record import record
from zscli.schema.types import Api, Family, Field, Inventory, Reply, Schema, Type

from .values import flatten_objects, leaf_fields


class ViewKind(str, Enum):
    """What a reply holds, as far as rendering is concerned."""

    ROWS = "rows"  # a list of inventories (query, ListModelVersions)
    RECORD = "record"  # one inventory
    TOTAL = "total"  # a count-only query: {"total": N}
    VALID = "valid"  # {"valid": bool} / {"validSession": bool}
    NONE = "none"  # nothing to show (delete, logout)
    RAW = "raw"  # an unexpected shape: shown as a plain record or text


@record
class View:
    """A reply made ready for rendering."""

    kind: ViewKind
    rows: tuple[dict, ...] = ()
    inventory: Inventory | None = None
    total: int | None = None
    paging: str = "start"  # the option that asks for the next page: start= (ZStack) or offset= (ModelArts)
    value: Any = None  # TOTAL: the count; VALID: the flag; RAW: the body


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def view_of(api: Api, body: Any, schema: Schema) -> View:
    """Classify ``body`` (the parsed reply of ``api``). A list reply holding exactly one inventory and no
    total (a GET by uuid, or a query that matched one row) becomes a record; so does a versions reply
    whose total is 1 (``ListModelVersions version_id=...``)."""
    inventory = schema.inventory(api.inventory) if api.inventory else None
    if api.reply is Reply.NONE and not body:
        return View(ViewKind.NONE, inventory=inventory)
    if not isinstance(body, dict):
        return View(ViewKind.NONE if body in (None, "") else ViewKind.RAW, value=body, inventory=inventory)
    if api.reply is Reply.VALID or (set(body) & {"valid", "validSession"} and len(body) == 1):
        flag = body.get("valid", body.get("validSession"))
        return View(ViewKind.VALID, value=flag, inventory=inventory)
    total = _int(body.get("total"))
    for key, paging in (("inventories", "start"), ("versions", "offset")):
        rows = body.get(key)
        if isinstance(rows, list):
            dict_rows = tuple(r for r in rows if isinstance(r, dict))
            single = "total" not in body if api.reply is not Reply.VERSIONS else total == 1
            if len(dict_rows) == 1 and single:
                return View(ViewKind.RECORD, rows=dict_rows, inventory=inventory)
            return View(ViewKind.ROWS, rows=dict_rows, inventory=inventory, total=total, paging=paging)
    if isinstance(body.get("inventory"), dict):
        return View(ViewKind.RECORD, rows=(body["inventory"],), inventory=inventory)
    if set(body) == {"total"}:
        return View(ViewKind.TOTAL, value=body["total"], inventory=inventory)
    if not body:
        return View(ViewKind.NONE, inventory=inventory)
    return View(ViewKind.RAW, value=body, inventory=inventory)


def records(api: Api, body: Any, schema: Schema) -> tuple[dict, ...]:
    """The inventories a reply carries (its rows, or its one record); empty for any other reply."""
    view = view_of(api, body, schema)
    return view.rows if view.kind in (ViewKind.ROWS, ViewKind.RECORD) else ()


def page_window(call: Call) -> tuple[int | None, int | None]:
    """``(start, limit)`` of the page ``call`` asked for: the query options, or a ModelArts list's own
    ``offset``/``limit`` arguments (the option :attr:`View.paging` names for the next page)."""
    start, limit = call.options.start, call.options.limit
    if call.api.family is Family.MODELARTS:
        start, limit = call.args.get("offset", start), call.args.get("limit", limit)
    return start, limit


def _union_keys(rows: Iterable[dict]) -> list[str]:
    keys: dict[str, None] = {}
    for row in rows:
        for key in row:
            keys.setdefault(key, None)
    return list(keys)


def _key_facts(view: View) -> tuple[list[str], set[str]]:
    """Every key of the flattened rows (in first-seen order) and the keys holding a list or dict in some row,
    in one pass that keeps no flattened copy of the rows."""
    keys: dict[str, None] = {}
    nested: set[str] = set()
    for row in view.rows:
        for key, value in flatten_objects(row, view.inventory).items():
            keys.setdefault(key, None)
            if isinstance(value, (list, dict)):
                nested.add(key)
    return list(keys), nested


def table_columns(view: View, fields: Sequence[str], wide: bool) -> list[str]:
    """Columns of a human table: ``fields=`` if given; every primitive field for ``-o wide``;
    otherwise the inventory's default columns that appear in the reply."""
    if fields:
        return list(fields)
    keys, nested = _key_facts(view)
    present = set(keys)
    inv = view.inventory
    if wide and inv is not None:
        known = [name for name, _ in leaf_fields(inv) if name in present]
        extra = [k for k in keys if inv.field(k.split(".")[0]) is None and k not in nested]
        return known + extra
    if inv is not None and inv.columns:
        cols = [c for c in inv.columns if c in present]
        if cols:
            return cols
    scalar = [k for k in keys if k not in nested]
    return scalar if wide else scalar[:8]


def machine_columns(view: View, fields: Sequence[str]) -> list[str]:
    """Columns of CSV/TSV: ``fields=`` if given, otherwise every key present in the reply, in schema order
    (so the header does not depend on which row came first), then keys the schema does not know, in reply
    order (Object fields flattened to dotted names)."""
    if fields:
        return list(fields)
    keys = _union_keys(flatten_objects(r, view.inventory) for r in view.rows)
    if view.inventory is None:
        return keys
    order = {name: i for i, name in enumerate(_schema_order(view.inventory.fields, ""))}
    known = sorted((k for k in keys if k in order), key=order.__getitem__)
    return known + [k for k in keys if k not in order]


def _schema_order(fields: Sequence[Field], prefix: str) -> list[str]:
    """Every column name an inventory can produce, in schema order (Object fields as dotted leaves)."""
    names: list[str] = []
    for f in fields:
        if f.type is Type.OBJECT and f.children:
            names.append(f"{prefix}{f.name}")  # an empty object stays one column
            names += _schema_order(f.children, f"{prefix}{f.name}.")
        else:
            names.append(f"{prefix}{f.name}")
    return names
