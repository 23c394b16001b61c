"""``render``: one reply body to text in the chosen format."""
from __future__ import annotations

from typing import Any, TextIO
from collections.abc import Sequence

from zscli.environment import terminal_width
from zscli.schema.types import Api, Schema
from zscli.text import MASK

from .formats import Format



def render(api: Api, body: Any, fmt: Format, *, out: TextIO, schema: Schema, fields: Sequence[str] = (),
           start: int | None = None, limit: int | None = None, color: bool = False,
           width: int | None = None, terminal: bool = False) -> None:
    """Write the reply ``body`` of ``api`` to ``out`` as ``fmt``.

    ``fields``/``start``/``limit`` are the user's query options (for ListModelVersions pass its
    ``offset`` as ``start``): they pick table columns and word the footer. JSON and YAML write the reply
    exactly as sent; CSV/TSV one row per inventory; table/wide a table or record for people.
    ``color`` False guarantees plain text; ``width`` None means the terminal's width (fallback 80).
    ``terminal`` True (``out`` is a terminal) makes the machine formats write control characters inert too
    (tables and records always do), and the human formats mask the session a login issues
    (:func:`session_masked`).
    """
    fmt = fmt if isinstance(fmt, Format) else Format.parse(str(fmt))
    if terminal and fmt in (Format.TABLE, Format.WIDE):
        body = session_masked(api, body)
    try:
        _render(api, body, fmt, out, schema, fields, start, limit, color, width, terminal)
    except RecursionError:
        from zscli.errors import TransportError

        raise TransportError(f"the reply is nested too deeply to show as {fmt.value}",
                             hint="--debug shows the reply as it came") from None


def session_masked(api: Api, body: Any) -> Any:
    """``body`` with the session uuid a login or renewal issues (``inventory.uuid`` of an ``Action.LOGIN`` or
    ``Action.RENEW_SESSION`` reply) shown as ``***``, as ``--debug`` masks it: a session uuid is a bearer
    token, and a table on a terminal is for a person (a script asks for JSON and gets it whole). Other
    replies are returned as they are."""
    from zscli.schema import Action

    if api.action not in (Action.LOGIN, Action.RENEW_SESSION) or not isinstance(body, dict):
        return body
    inventory = body.get("inventory")
    if not isinstance(inventory, dict) or not inventory.get("uuid"):
        return body
    return {**body, "inventory": {**inventory, "uuid": MASK}}


def _render(api: Api, body: Any, fmt: Format, out: TextIO, schema: Schema, fields: Sequence[str],
            start: int | None, limit: int | None, color: bool, width: int | None, terminal: bool) -> None:
    # each format imports only what it needs: a JSON one-shot loads neither shapes nor tables
    if fmt is Format.JSON:
        from .machine import write_json

        write_json(body, out, terminal=terminal)
        return
    if fmt is Format.YAML:
        from .machine import write_yaml

        write_yaml(body, out, terminal=terminal)
        return
    from .shape import view_of

    view = view_of(api, body, schema)
    if fmt in (Format.CSV, Format.TSV):
        from .machine import write_delimited

        write_delimited(view, fields, out, tsv=fmt is Format.TSV, terminal=terminal)
        return
    from .table import write_human

    write_human(view, schema, out, fields=fields, wide=fmt is Format.WIDE, start=start, color=color,
                width=terminal_width(width), limit=limit)
