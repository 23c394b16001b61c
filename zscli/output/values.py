"""Value helpers shared by every output format: flattening, sizes, dates, short summaries, nouns."""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from zscli.schema.types import Field, Inventory, Type
from zscli.text import clip

from .safe import visible

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# Gson's default US date text: "Nov 25, 2025 11:51:50 AM" (some JDKs put a narrow no-break space before AM).
_GSON_DATE = re.compile(
    r"^\s*([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),\s*(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])\s*$")
# RFC 3339 with an explicit zone (ModelArts ``create_time``): "2025-01-26T08:25:00Z", "...+08:00".
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:?\d\d)$")
CELL_MAX = 80  # longest text kept in one table cell; records show values in full


def flatten(record: dict, prefix: str = "") -> dict:
    """Nested dicts become dotted keys: ``{"a": {"b": 1}}`` -> ``{"a.b": 1}``. Lists stay as they are;
    an empty dict stays as one key with ``{}``."""
    flat: dict = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def flatten_objects(record: dict, inventory: Inventory | None) -> dict:
    """Like :func:`flatten`, but only for fields the schema types as Object (ModelArts ``config``,
    ``create_user``); Map and List values (``vendorToSpecUuidsMap``) stay whole."""
    if inventory is None:
        return dict(record)
    return _flatten_fields(record, {f.name: f for f in inventory.fields}, "")


def _flatten_fields(record: dict, fields: dict[str, Field], prefix: str) -> dict:
    flat: dict = {}
    for key, value in record.items():
        spec = fields.get(key)
        if spec is not None and spec.type is Type.OBJECT and isinstance(value, dict) and value:
            children = {c.name: c for c in spec.children}
            flat.update(_flatten_fields(value, children, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def field_at(inventory: Inventory | None, dotted: str) -> Field | None:
    """The schema field at a dotted path (``config.llm_model_config.model_path``), or None."""
    if inventory is None:
        return None
    parts = dotted.split(".")
    spec = inventory.field(parts[0])
    for part in parts[1:]:
        if spec is None:
            return None
        spec = next((c for c in spec.children if c.name == part), None)
    return spec


def leaf_fields(inventory: Inventory) -> list[tuple[str, Field]]:
    """Every primitive field with its dotted name; Object fields contribute their primitive leaves."""
    out: list[tuple[str, Field]] = []

    def walk(fields: tuple[Field, ...], prefix: str) -> None:
        for f in fields:
            if f.type is Type.OBJECT:
                walk(f.children, f"{prefix}{f.name}.")
            elif f.primitive:
                out.append((f"{prefix}{f.name}", f))

    walk(inventory.fields, "")
    return out


def human_bytes(value: Any) -> str | None:
    """``2147483648`` -> ``"2.0 GiB"``; None when ``value`` is not a number."""
    if isinstance(value, bool):
        return None
    try:
        size = float(value)
    except (TypeError, ValueError):
        return None
    if abs(size) < 1024:
        return f"{int(size)} B"
    unit = 0
    while abs(size) >= 1024 and unit < len(_UNITS) - 1:
        size /= 1024
        unit += 1
    return f"{size:.1f} {_UNITS[unit]}"


def iso_date(value: Any) -> str | None:
    """A server date as ISO local time ``2025-11-25 11:51:50``; None when it is not a recognised date.

    Accepts Gson text (``Nov 25, 2025 11:51:50 AM``, already local to the server) and epoch milliseconds.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(value / 1000).strftime("%Y-%m-%d %H:%M:%S")
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    if _RFC3339.match(value.strip()):
        return _local_rfc3339(value.strip())
    m = _GSON_DATE.match(value.replace("\u202f", " "))
    if not m:
        return None
    mon, day, year, hour, minute, sec, ampm = m.groups()
    month = _MONTHS.get(mon.lower())
    hour_i = int(hour) % 12 + (12 if ampm.lower() == "pm" else 0)
    try:
        return datetime(int(year), month or 0, int(day), hour_i, int(minute), int(sec)).strftime(
            "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _local_rfc3339(text: str) -> str | None:
    """An RFC 3339 time with a zone converted to this machine's local time."""
    text = text[:-1] + "+00:00" if text[-1] in "Zz" else text
    if text[-5] in "+-" and ":" not in text[-5:]:  # +0800 -> +08:00 (Python 3.10's fromisoformat needs it)
        text = text[:-2] + ":" + text[-2:]
    text = re.sub(r"(\.\d{1,6})\d*", r"\1", text)
    frac = re.search(r"\.(\d+)", text)
    if frac and len(frac.group(1)) not in (3, 6):  # 3.10 accepts only 3 or 6 fraction digits
        text = text.replace("." + frac.group(1), "." + frac.group(1).ljust(6, "0"))
    try:
        return datetime.fromisoformat(text.replace("t", "T")).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except (ValueError, OverflowError, OSError):
        return None


def scalar_text(value: Any) -> str:
    """A scalar as text: JSON spelling for booleans and null-as-empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def compact_json(value: Any) -> str:
    """Nested values for CSV/TSV cells: compact JSON, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def display(value: Any, spec: Field | None) -> Any:
    """A value as people read it: sizes human-readable, dates ISO; other values unchanged."""
    if spec is not None:
        if spec.unit == "bytes":
            text = human_bytes(value)
            if text is not None:
                return text
        if spec.type is Type.TIMESTAMP or (spec.type is Type.STRING and isinstance(value, str)
                                           and _RFC3339.match(value.strip())):
            text = iso_date(value)
            if text is not None:
                return text
    return value


def summary(value: Any, limit: int = 40) -> str:
    """A one-line table cell: lists show a short join or their length, dicts their key count,
    multi-line text its first line, long text is cut at :data:`CELL_MAX` characters."""
    if isinstance(value, list):
        if not value:
            return ""
        if all(not isinstance(v, (list, dict)) for v in value):
            joined = ", ".join(scalar_text(v) for v in value)
            if len(joined) <= limit and "\n" not in joined:
                return visible(joined)
        return f"[{len(value)} item{'s' if len(value) != 1 else ''}]"
    if isinstance(value, dict):
        return f"{{{len(value)} key{'s' if len(value) != 1 else ''}}}" if value else ""
    text = scalar_text(value).replace("\r\n", "\n")
    if "\n" in text:
        text = text.strip().split("\n", 1)[0] + " …"
    text = visible(text)
    return clip(text, CELL_MAX, mark="…")


def is_empty(value: Any) -> bool:
    """None, empty text, empty list or dict: left out of records."""
    return value is None or value == "" or value == [] or value == {}


def plural_noun(inventory_name: str, count: int) -> str:
    """``ModelService`` -> ``model service`` / ``model services`` depending on ``count``."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]?[a-z0-9]+|[A-Z]+", inventory_name) or ["item"]
    words = [w.lower() for w in words]
    if count != 1:
        last = words[-1]
        if re.search(r"(s|x|z|sh|ch)$", last):
            last += "es"
        elif re.search(r"[^aeiou]y$", last):
            last = last[:-1] + "ies"
        else:
            last += "s"
        words[-1] = last
    return " ".join(words)
