"""Parameter checks from the schema: required, JSON types, choices, lengths and number ranges.

A violation raises ApiFailure SYS.1007 whose details name the parameter, as a real server's job would fail.
"""
from __future__ import annotations

from typing import Any
from collections.abc import Mapping, Sequence

from zscli.schema import Api, Location, Param, Type

from .codes import INVALID_ARGUMENT, ApiFailure

_JSON_TYPES: dict[Type, tuple[type, ...]] = {
    Type.STRING: (str,), Type.INTEGER: (int,), Type.LONG: (int,), Type.BOOLEAN: (bool,), Type.LIST: (list,),
    Type.MAP: (dict,), Type.OBJECT: (dict,), Type.TIMESTAMP: (str, int), Type.DOUBLE: (int, float),
}


def _fail(param: Param, value: Any, why: str) -> ApiFailure:
    shown = "******" if param.secret else repr(value)
    return ApiFailure(INVALID_ARGUMENT, f"invalid value {shown} of parameter [{param.name}]: {why}")


def _from_text(param: Param, text: str) -> Any:
    """A path or query value (always text on the wire) as the parameter's type."""
    if param.type is Type.DOUBLE:
        try:
            return float(text)
        except ValueError:
            raise _fail(param, text, "expected a number") from None
    if param.type in (Type.INTEGER, Type.LONG):
        try:
            return int(text)
        except ValueError:
            raise _fail(param, text, f"expected an {param.type.value}") from None
    if param.type is Type.BOOLEAN:
        if text.lower() not in ("true", "false"):
            raise _fail(param, text, "expected true or false")
        return text.lower() == "true"
    return text


def check(param: Param, value: Any) -> Any:
    """``value`` if it suits ``param``; ApiFailure otherwise."""
    expected = _JSON_TYPES.get(param.type, (object,))
    if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
        raise _fail(param, value, f"expected a JSON value of type {param.type.value}")
    if param.choices and value not in param.choices:
        raise _fail(param, value, f"must be one of {', '.join(param.choices)}")
    if param.max_length is not None and isinstance(value, str) and len(value) > param.max_length:
        raise _fail(param, value, f"longer than {param.max_length} characters")
    if isinstance(value, int) and not isinstance(value, bool):
        if param.min is not None and value < param.min:
            raise _fail(param, value, f"must be at least {param.min}")
        if param.max is not None and value > param.max:
            raise _fail(param, value, f"must be at most {param.max}")
    return value


def collect(api: Api, path_vars: Mapping[str, str], query: Sequence[tuple[str, str]],
            body_params: Mapping[str, Any], fill_defaults: bool) -> dict[str, Any]:
    """The checked parameters of one call, gathered from path, query string and the body wrapper.

    Keys the schema does not know are ignored, as a real server ignores unknown JSON fields.
    """
    result: dict[str, Any] = {}
    for param in api.params:
        if param.location is Location.PATH:
            value = _from_text(param, path_vars[param.name]) if param.name in path_vars else None
        elif param.location is Location.QUERY:
            value = from_query(param, query)
        elif param.location is Location.BODY:
            value = body_params.get(param.name)
        else:
            continue
        if value is None:
            if param.required:
                raise ApiFailure(INVALID_ARGUMENT, f"missing mandatory parameter [{param.name}]")
            if fill_defaults and param.default is not None and not str(param.default).startswith("$"):
                result[param.name] = param.default
            continue
        result[param.name] = check(param, value)
    return result


def from_query(param: Param, query: Sequence[tuple[str, str]]) -> Any:
    """The value of ``param`` in a query string, as the SDK's ZSClient puts it there: a List as repeated keys, a
    Map as ``name.key=value`` pairs, anything else once; None when absent."""
    if param.type is Type.LIST:
        values = [v for k, v in query if k == param.name]
        return values or None
    if param.type in (Type.MAP, Type.OBJECT):
        prefix = param.name + "."
        pairs = {k[len(prefix):]: v for k, v in query if k.startswith(prefix)}
        return pairs or None
    for k, v in query:
        if k == param.name:
            return _from_text(param, v)
    return None


def tags(body: Any, query: Sequence[tuple[str, str]] = ()) -> tuple[list[str], list[str]]:
    """The systemTags and userTags of a request: top-level body keys, or repeated query keys (GET, DELETE)."""
    found = []
    for key in ("systemTags", "userTags"):
        value = body.get(key) if isinstance(body, dict) else None
        if value is None:
            value = [v for k, v in query if k == key] or None
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise ApiFailure(INVALID_ARGUMENT, f"invalid value of parameter [{key}]: expected a list of strings")
        found.append(value)
    return found[0], found[1]
