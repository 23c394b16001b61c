"""Query options (``fields=``, ``limit=``, ``sortBy=``...): their vocabulary and validation."""
from __future__ import annotations

from typing import Any

from zscli.call import QUERY_OPTIONS, QueryOption, QueryOptions, SortDirection
from zscli.errors import UsageError
from zscli.schema.types import Inventory, Type

from .suggest import did_you_mean
from .values import coerce, split_list


_BY_NAME = {o.name: o for o in QUERY_OPTIONS}
_INT_MAX = 2 ** 31 - 1


def query_option(name: str) -> QueryOption | None:
    """The query option called ``name`` (exact spelling), or None."""
    return _BY_NAME.get(name)


def _field_name(value: str, option: str, inventory: Inventory | None, api_name: str) -> str:
    if inventory is None:  # a query the schema cannot map to an inventory: sent as typed
        if not value.strip():
            raise UsageError(f"{option} needs a field name", hint=f"write {option}=name")
        return value.strip()
    fld = inventory.field(value)
    if fld is None or not fld.primitive:
        names = [f.name for f in inventory.primitive_fields]
        what = "unknown field" if fld is None else f"{fld.type.value} field"
        raise UsageError(f"{option}: {what} '{value}' for {api_name}",
                         hint=did_you_mean(value, names) or f"{option} takes a field of {inventory.name}, "
                         "e.g. " + ", ".join(names[:3]))
    return fld.name


def build_options(given: dict[str, str], inventory: Inventory | None, *, api_name: str) -> QueryOptions:
    """Validate typed option values (option name -> raw text) into :class:`QueryOptions`."""
    kw: dict[str, Any] = {}
    for name, raw in given.items():
        if name in ("limit", "start"):
            kw[name] = coerce(Type.INTEGER, raw, name=name, min=0, max=_INT_MAX, at_file=False)
        elif name == "count":
            kw["count"] = coerce(Type.BOOLEAN, raw, name=name, at_file=False)
        elif name == "replyWithCount":
            kw["reply_with_count"] = coerce(Type.BOOLEAN, raw, name=name, at_file=False)
        elif name == "sortBy":
            kw["sort_by"] = _field_name(raw, name, inventory, api_name)
        elif name == "groupBy":
            kw["group_by"] = _field_name(raw, name, inventory, api_name)
        elif name == "sortDirection":
            low = raw.strip().lower()
            if low not in ("asc", "desc"):
                raise UsageError(f"sortDirection must be asc or desc, not '{raw}'", hint="write sortDirection=desc")
            kw["sort_direction"] = SortDirection(low)
        elif name == "fields":
            items = split_list(raw) if raw.strip() else []
            if not items or any(not i for i in items):
                raise UsageError("fields needs a list of field names", hint="write e.g. fields=uuid,name")
            names = [_field_name(i, name, inventory, api_name) for i in items]
            kw["fields"] = tuple(dict.fromkeys(names))
    if "sortDirection" in given and "sortBy" not in given:
        raise UsageError("sortDirection needs sortBy", hint="add sortBy=<field>, e.g. sortBy=createDate")
    return QueryOptions(**kw)


def option_query(options: QueryOptions) -> list[tuple[str, str]]:
    """The URL query pairs of ``options``, as ZStack's SDK (``ZSClient``) writes them: limit, start, count,
    groupBy, replyWithCount, sort, fields, in that order; a flag given as false is sent as false; ``sort`` is
    the bare field when no sortDirection was given (the server reads it as ascending), ``+field`` / ``-field``
    when one was."""
    pairs: list[tuple[str, str]] = []
    if options.limit is not None:
        pairs.append(("limit", str(options.limit)))
    if options.start is not None:
        pairs.append(("start", str(options.start)))
    if options.count is not None:
        pairs.append(("count", "true" if options.count else "false"))
    if options.group_by:
        pairs.append(("groupBy", options.group_by))
    if options.reply_with_count is not None:
        pairs.append(("replyWithCount", "true" if options.reply_with_count else "false"))
    if options.sort_by:
        sign = {None: "", SortDirection.ASC: "+", SortDirection.DESC: "-"}[options.sort_direction]
        pairs.append(("sort", f"{sign}{options.sort_by}"))
    if options.fields:
        pairs.append(("fields", ",".join(options.fields)))
    return pairs


__all__ = ["QUERY_OPTIONS", "QueryOption", "build_options", "option_query", "query_option"]
