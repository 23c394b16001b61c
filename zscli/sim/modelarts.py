"""The ModelArts family: ``X-Auth-Token`` auth, checked paging parameters, ModelArts error bodies.

A ``list`` API filters its inventory by the hidden columns named after its path parameters
(``_workspace_id``, ``_model_id``), pages with ``offset``/``limit`` and filters with the other query
parameters: exact for ``version_id`` (the ``id`` field), case-insensitive substring for other fields.
"""
from __future__ import annotations

import re
from typing import Any
from collections.abc import Mapping, Sequence

from zscli.schema import Api, Location, Type

from . import codes
from .facts import MODELARTS_TOKEN
from .store import Store, q

PATH_PREFIX = "/v1/"  # every ModelArts path; unknown ones answer a ModelArts 404 body
ALIASES = {"version_id": "id"}  # query parameter -> field, matched exactly
_PATH_VAR = re.compile(r"{(\w+)}")
Result = tuple[int, Any]


def _bad(msg: str) -> Result:
    return 400, codes.modelarts_error(codes.MA_BAD_REQUEST, msg, "Correct the request parameters and try again.")


def list_items(store: Store, api: Api, path_vars: Mapping[str, str], query: Sequence[tuple[str, str]],
               headers: Mapping[str, str]) -> Result:
    """Answer a ModelArts ``list`` API call."""
    token = headers.get("x-auth-token")
    if token != MODELARTS_TOKEN:
        what = "missing" if not token else "invalid or expired"
        return 401, codes.modelarts_error(codes.MA_UNAUTHORIZED, f"The X-Auth-Token header is {what}.",
                                          "Obtain a valid token and send it in the X-Auth-Token header.")
    given = dict(query)
    paging: dict[str, int] = {}
    for param in api.params:
        if param.location is not Location.QUERY or param.type not in (Type.INTEGER, Type.LONG):
            continue
        text = given.get(param.name)
        if text is None:
            paging[param.name] = int(param.default or 0)
            continue
        try:
            value = int(text)
        except ValueError:
            return _bad(f"Parameter {param.name} must be an integer, got '{text}'.")
        if (param.min is not None and value < param.min) or (param.max is not None and value > param.max):
            bounds = f"between {param.min} and {param.max}" if param.max is not None else f">= {param.min}"
            return _bad(f"Parameter {param.name} must be {bounds}, got {value}.")
        paging[param.name] = value

    inv = store.inventory(api.inventory)
    where: list[str] = []
    args: list[Any] = []
    for var in _PATH_VAR.findall(api.path):
        where.append(f"{q('_' + var)} = ?")
        args.append(path_vars[var])
        if not store.scalar(f"SELECT 1 FROM {q(inv.name)} WHERE {' AND '.join(where)} LIMIT 1", args):
            code = codes.MA_WORKSPACE_NOT_FOUND if "workspace" in var else codes.MA_MODEL_NOT_FOUND
            return 404, codes.modelarts_error(code, f"{var} '{path_vars[var]}' does not exist.",
                                              f"Check the {var} and try again.")
    for name, text_value in query:
        if name in ALIASES:
            where.append(f"{q(ALIASES[name])} = ?")
            args.append(text_value)
        elif name not in paging and (found := inv.field(name)) is not None and found.primitive:
            where.append(f"instr(lower({q(name)}), lower(?)) > 0")
            args.append(text_value)
    clause = " AND ".join(where)
    total = store.scalar(f"SELECT COUNT(*) FROM {q(inv.name)} WHERE {clause}", args)
    rows = store.rows(inv.name, clause, [*args, paging.get("limit", 10), paging.get("offset", 0)],
                      f" ORDER BY {q('create_time')} DESC, rowid DESC LIMIT ? OFFSET ?"
                      if inv.field("create_time") else " ORDER BY rowid LIMIT ? OFFSET ?")
    items = [{f.name: row.get(f.name) for f in inv.fields} for row in rows]
    return 200, {"total": total, api.reply.value: items}
