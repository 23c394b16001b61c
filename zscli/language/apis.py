"""Finding an API by the name the user typed: the exact spelling first, then the unique case-insensitive match.

Shapes: ``lookup_api("querymodel", schema).name == "QueryModel"``; a name that matches no API, or (ignoring
case) more than one, gives None. Only names are read (``schema.api_names``) until the match is known, so a
lazily loaded schema reads one API record.
"""
from __future__ import annotations

import threading

from zscli.schema.types import Api, Schema

_FOLDED: dict[int, tuple[Schema, dict[str, str | None]]] = {}  # id(schema) -> (schema, lower name -> name)
_LOCK = threading.Lock()


def _folded(schema: Schema) -> dict[str, str | None]:
    """``lower-case name -> name`` for ``schema`` (None where two names differ only by case); cached."""
    got = _FOLDED.get(id(schema))
    if got is not None and got[0] is schema:
        return got[1]
    folded: dict[str, str | None] = {}
    for name in schema.api_names:
        key = name.lower()
        folded[key] = None if key in folded else name
    with _LOCK:
        if len(_FOLDED) >= 8:
            _FOLDED.pop(next(iter(_FOLDED)))
        _FOLDED[id(schema)] = (schema, folded)
    return folded


def lookup_api(name: str, schema: Schema) -> Api | None:
    """The API called ``name``: the exact spelling, else the unique case-insensitive match, else None."""
    api = schema.api(name)
    if api is not None:
        return api
    canonical = _folded(schema).get(name.lower())
    return schema.api(canonical) if canonical else None


__all__ = ["lookup_api"]
