"""Rendering what ``--query`` left of a reply: any JSON value, not necessarily the API's reply shape."""
from __future__ import annotations

import json
from typing import Any, TextIO
from collections.abc import Sequence

from zscli.schema.types import Api, Schema

from .formats import Format
from .machine import write_json, write_yaml
from .render import render


def render_filtered(api: Api, value: Any, fmt: Format, *, out: TextIO, schema: Schema, fields: Sequence[str] = (),
                    start: int | None = None, limit: int | None = None, color: bool = False,
                    terminal: bool = False) -> None:
    """Write ``value`` (a reply filtered by ``--query``) as ``fmt``.

    JSON and YAML write the value as it is. For the other formats a list of objects is shown as rows of the
    API's inventory (a table, or CSV/TSV), an object as the reply it still resembles, and anything else as
    plain lines: one per list item, strings without quotes (as ``jq -r`` would), other values as JSON.
    On a ``terminal`` every format writes the server's control characters inert (a bare string through
    :func:`~zscli.output.safe.visible`); into a pipe or a file the text is exact.
    """
    if fmt is Format.JSON:
        write_json(value, out, terminal=terminal)
        return
    if fmt is Format.YAML:
        write_yaml(value, out, terminal=terminal)
        return
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        render(api, {"inventories": value}, fmt, out=out, schema=schema, fields=fields, color=color,
               terminal=terminal)
        return
    if isinstance(value, dict):
        render(api, value, fmt, out=out, schema=schema, fields=fields, start=start, limit=limit, color=color,
               terminal=terminal)
        return
    from .safe import inert_json, visible

    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            out.write((visible(item, newlines=True) if terminal else item) + "\n")
        else:
            text = json.dumps(item, ensure_ascii=False)
            out.write((inert_json(text) if terminal else text) + "\n")


__all__ = ["render_filtered"]
