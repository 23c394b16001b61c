"""A :class:`~zscli.call.Call` -> the HTTP request the API expects (:class:`~zscli.call.WireRequest`)."""
from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

from zscli.call import Call, WireRequest
from zscli.schema.types import Api, Location

from .options import option_query
from .values import to_text

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_HASHES = {"sha512": hashlib.sha512}


def fill_path(template: str, values: dict[str, Any]) -> str:
    """Substitute ``{name}`` placeholders with URL-quoted values (a missing value stays as the placeholder)."""
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        return quote(to_text(values[name]), safe="") if name in values else m.group(0)
    return _PLACEHOLDER.sub(repl, template)


def _wire_value(api: Api, name: str, value: Any) -> Any:
    """The value as sent: hashed when the parameter says so (the Call keeps the text)."""
    param = api.param(name)
    if param is not None and param.hash and isinstance(value, str):
        return _HASHES[param.hash](value.encode("utf-8")).hexdigest()
    return value


def query_pairs(name: str, value: Any) -> list[tuple[str, str]]:
    """``name=value`` as the SDK's ZSClient writes it in a query string: a list as repeated keys, a map as
    ``name.key=value`` (a list inside the map as repeated ``name.key``), anything else once."""
    if isinstance(value, (list, tuple)):
        return [(name, to_text(v)) for v in value]
    if isinstance(value, dict):
        pairs: list[tuple[str, str]] = []
        for key, item in value.items():
            pairs.extend(query_pairs(f"{name}.{key}", item) if isinstance(item, (list, tuple))
                         else [(f"{name}.{key}", to_text(item))])
        return pairs
    return [(name, to_text(value))]


def build(call: Call) -> WireRequest:
    """The request for ``call``: method, path (relative to the family's base), query pairs and JSON body."""
    api = call.api
    if api.is_query:
        return _query(call)
    path_values: dict[str, Any] = {}
    query: list[tuple[str, str]] = []
    body_params: dict[str, Any] = {}
    top: dict[str, Any] = {}
    for param in api.params:  # schema order, so the request does not depend on typing order
        if param.name in call.args:
            value = _wire_value(api, param.name, call.args[param.name])
        elif param.always_sent and param.default is not None:
            value = param.default  # a Java primitive (or initialised field): the SDK always sends it
        else:
            continue
        if param.location is Location.PATH:
            path_values[param.name] = value
        elif param.location is Location.QUERY:
            query.extend(query_pairs(param.name, value))
        elif param.location is Location.TOP:
            top[param.name] = value
        else:
            body_params[param.name] = value
    body: dict[str, Any] | None
    if api.wrapper is not None:  # sent exactly as the SDK does, even "" or "null"
        wrapped = bool(body_params) or bool(top) or api.method.upper() in ("POST", "PUT")
        body = {api.wrapper: body_params, **top} if wrapped else None
    else:
        body = {**body_params, **top} or None
    return WireRequest(method=api.method.upper(), path=fill_path(api.path, path_values), query=tuple(query),
                       body=body, is_async=api.is_async)


def _query(call: Call) -> WireRequest:
    api = call.api
    if call.by_uuid and api.get_path:
        return WireRequest(method="GET", path=fill_path(api.get_path, {"uuid": call.by_uuid}),
                           is_async=api.is_async)
    pairs = [("q", c.to_q()) for c in call.conditions] + option_query(call.options)
    return WireRequest(method=api.method.upper(), path=fill_path(api.path, dict(call.args)), query=tuple(pairs),
                       is_async=api.is_async)


__all__ = ["build", "fill_path", "query_pairs"]
