"""Write the generated spec as diff-friendly JSON.

Layout: one JSON object with sorted keys; inside ``apis`` and ``inventories`` one record per line
(compact, sorted keys), so a new SDK version shows up as a line-per-API diff. Keys whose value is
the default (false, empty) are already omitted by :mod:`.spec`; this module only lays out text.
"""
from __future__ import annotations

import json
from typing import Any

FAMILY = "zstack"
TOOL = "zscli.schema.sdk_import"


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _table(records: dict[str, dict[str, Any]]) -> str:
    if not records:
        return "{}"
    lines = [f"{_compact(name)}:{_compact(records[name])}" for name in sorted(records)]
    return "{\n" + ",\n".join(lines) + "\n}"


def render(apis: dict[str, dict[str, Any]], inventories: dict[str, dict[str, Any]],
           generated: dict[str, str]) -> str:
    """The spec text: ``{"apis": {...}, "family": "zstack", "generated": {...}, "inventories": {...}}``."""
    parts = [
        f'"apis":{_table(apis)}',
        f'"family":{_compact(FAMILY)}',
        f'"generated":{_compact(generated)}',
        f'"inventories":{_table(inventories)}',
    ]
    return "{" + ",\n".join(parts) + "}\n"
