"""Query conditions: the operator table, ``key<op>value`` splitting, and field/value validation."""
from __future__ import annotations


from zscli.call import OPERATORS, SERVER_ORDER, TAG_FIELDS, Condition, Op
from zscli.errors import UsageError
from zscli.text import clip
from zscli.schema.types import Field, Inventory, Schema, Type

from .keyop import key_op
from .dates import timestamp_value
from .suggest import close_matches, did_you_mean
from .values import coerce

_LIKE_OPS = (Op.LIKE, Op.NOT_LIKE)
_LIST_OPS = (Op.IN, Op.NOT_IN)


def parse_condition(word: str) -> tuple[str, Op, str] | None:
    """Split ``key<op>value`` into (key, Op, value); None if ``word`` is not of that form.

    The operator is the longest one starting right after the key; ``k=null`` / ``k!=null`` (exactly)
    give :attr:`Op.IS_NULL` / :attr:`Op.NOT_NULL` with an empty value.
    """
    kv = key_op(word)
    op = kv.op if kv is not None else None
    if kv is None or op is None:
        return None
    if kv.rest == "null" and op in (Op.EQ, Op.NE):
        return kv.key, Op.IS_NULL if op is Op.EQ else Op.NOT_NULL, ""
    return kv.key, op, kv.rest


def like_pattern(value: str) -> str:
    """Wrap a LIKE value in ``%...%`` unless it already holds a wildcard (``%`` or ``_``)."""
    if "%" in value or "_" in value:
        return value
    return f"%{value}%"


def queryable_names(inventory: Inventory, schema: Schema) -> list[str]:
    """Names that may start a condition: primitive fields, tag pseudo-fields, and ``relation.`` prefixes."""
    names = [f.name for f in inventory.primitive_fields] + [f.name for f in TAG_FIELDS]
    names += [f"{r.name}." for r in inventory.relations if schema.inventory(r.target)]
    return names


def _field_list(inventory: Inventory, limit: int = 8) -> str:
    names = [f.name for f in inventory.primitive_fields]
    more = ", ..." if len(names) > limit else ""
    return f"fields of {inventory.name}: {', '.join(names[:limit])}{more}"


def resolve_field(path: str, inventory: Inventory, schema: Schema, *, api_name: str) -> Field:
    """The primitive field named by ``path`` (``name``, ``modelServiceRefs.modelServiceUuid``...).

    Dotted paths follow the inventory's relations. Raises :class:`UsageError` with a suggestion
    for unknown or non-primitive fields.
    """
    parts = path.split(".")
    current = inventory
    walked: list[str] = []
    for rel_name in parts[:-1]:
        rel = current.relation(rel_name)
        target = schema.inventory(rel.target) if rel else None
        if target is None:
            prefix = ".".join(walked + [rel_name])
            options = [".".join(walked + [r.name]) for r in current.relations if schema.inventory(r.target)]
            hint = did_you_mean(prefix, options) or (
                f"{current.name} has no relations" if not options else f"relations: {', '.join(options)}")
            raise UsageError(f"unknown relation '{prefix}' in field '{path}' for {api_name}", hint=hint)
        walked.append(rel_name)
        current = target
    name = parts[-1]
    prefix = "".join(f"{p}." for p in walked)
    fld = current.field(name) or next((t for t in TAG_FIELDS if t.name == name and not walked), None)
    if fld is None:
        if not name:
            raise UsageError(f"missing field name after '{path}' for {api_name}", hint=_field_list(current))
        names = queryable_names(current, schema) if not walked else [f.name for f in current.primitive_fields]
        close = close_matches(name, names)
        hint = did_you_mean(path, [prefix + c for c in close]) if close else _field_list(current)
        raise UsageError(f"unknown field '{path}' for {api_name}", hint=hint)
    if not fld.primitive:
        rel = current.relation(name)
        target = schema.inventory(rel.target) if rel else None
        if target is not None:
            options = [f"{prefix}{name}.{f.name}" for f in target.primitive_fields]
            hint = did_you_mean(f"{prefix}{name}.", options)
        else:
            hint = "only String, number, Boolean and Timestamp fields can be queried"
        raise UsageError(f"field '{path}' is a {fld.type.value} and cannot be used in a condition", hint=hint)
    return fld


def _typed(fld: Field, path: str, raw: str) -> str:
    """The canonical wire text of one condition value for ``fld`` (raises on a bad value)."""
    if fld.type is Type.TIMESTAMP:
        return timestamp_value(raw, path)
    value = coerce(fld.type, raw, name=path, at_file=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def unchecked_condition(path: str, op: Op, raw: str) -> Condition:
    """A condition on a query whose inventory is unknown: sent as typed (LIKE values still get ``%...%``)."""
    if op in (Op.IS_NULL, Op.NOT_NULL):
        return Condition(path, op)
    if op in _LIKE_OPS:
        _check_pattern(path, op, raw)
    return Condition(path, op, like_pattern(raw) if op in _LIKE_OPS else raw)


def _check_pattern(path: str, op: Op, raw: str) -> None:
    """UsageError for an empty LIKE pattern: ``name~=`` would be sent as ``%%`` and match every row."""
    if not raw:
        raise UsageError(f"{path}{op.value} needs a pattern: an empty LIKE pattern matches every row",
                         hint=f"write e.g. {path}{op.value}qwen, or {path}=null for a missing value")


def make_condition(path: str, op: Op, raw: str, inventory: Inventory, schema: Schema, *,
                   api_name: str) -> Condition:
    """A validated :class:`Condition`; the value is typed by the field and LIKE values get ``%...%``."""
    fld = resolve_field(path, inventory, schema, api_name=api_name)
    if op in (Op.IS_NULL, Op.NOT_NULL):
        return Condition(path, op)
    if op in _LIKE_OPS:
        _check_pattern(path, op, raw)
        return Condition(path, op, like_pattern(raw))
    if op in _LIST_OPS:
        items = [item.strip() for item in raw.split(",")] if raw.strip() else []
        if not items or any(not item for item in items):
            raise UsageError(f"{path}{op.value} needs a list of values like a,b,c",
                             hint=f"write e.g. {path}{op.value}x,y")
        return _as_server_reads(Condition(path, op, ",".join(_typed(fld, path, item) for item in items)))
    return _as_server_reads(Condition(path, op, _typed(fld, path, raw)))


def _as_server_reads(cond: Condition) -> Condition:
    """``cond`` when the server will split its ``q=`` text where we did; UsageError otherwise.

    The server takes as the operator the first of :data:`SERVER_ORDER` that the text *contains*, so a value
    holding an operator that comes earlier in that order (``name=!=x``, ``name=a>=b``) would be read as a
    different field and operator: refuse it before sending."""
    text = cond.to_q()
    for spelling in SERVER_ORDER:
        at = text.find(spelling)
        if at >= 0:
            break
    if at == len(cond.field) and spelling == cond.op.value:
        return cond
    field, value = cond.field, cond.value
    hint = f"the server reads the first '{spelling}' as the operator, so this value cannot hold '{spelling}'"
    for op in SERVER_ORDER:
        if value.startswith(op):
            hint = f"did you mean {field}{op}{value[len(op):]}?"
            break
    raise UsageError(f"the server would misread '{clip(text)}' (it splits at '{spelling}')", hint=hint)


__all__ = ["OPERATORS", "TAG_FIELDS", "like_pattern", "make_condition", "parse_condition", "unchecked_condition",
           "queryable_names", "resolve_field"]
