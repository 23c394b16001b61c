"""ZStack query strings (``q=``, ``limit``, ``sort``...) compiled to parameterised SQL.

The operator of a condition is found as the server does: test containment in a fixed order and split once
on the first operator found, so ``name=a<b`` compares ``name`` with ``a<b``. Values are never pasted into SQL.
"""
from __future__ import annotations

from typing import Any
from collections.abc import Sequence

from zscli.record import field, record
from zscli.schema import Field, Inventory, Type

from . import gson
from .codes import BadRequest
from .store import Store, q

# The server's order of containment tests.
OPERATORS = ("!=", ">=", "<=", "!?=", "!~=", "~=", "?=", "=", ">", "<", "is null", "not null")
NULL_OPERATORS = ("is null", "not null")
_SQL = {"!=": "!=", ">=": ">=", "<=": "<=", "=": "=", ">": ">", "<": "<", "~=": "LIKE", "!~=": "NOT LIKE",
        "?=": "IN", "!?=": "NOT IN", "is null": "IS NULL", "not null": "IS NOT NULL"}
TAG_FIELDS = {"__systemTag__": "system", "__userTag__": "user"}
DEFAULT_LIMIT = 1000


@record
class Condition:
    """One parsed ``q=`` condition: a dotted field path, an operator and the raw value.

    Not :class:`zscli.call.Condition`: the simulator reads the wire on its own (it imports only the schema),
    so that it checks what the client sends instead of sharing the client's idea of it.
    """

    path: tuple[str, ...]
    op: str
    value: str = ""


@record(frozen=False)
class QuerySpec:
    """Every query option of one request."""

    conditions: list[Condition] = field(default_factory=list)
    limit: int = DEFAULT_LIMIT
    start: int = 0
    count: bool = False
    reply_with_count: bool = False
    sort: tuple[str, bool] | None = None  # (field, descending)
    fields: tuple[str, ...] = ()
    group_by: str | None = None


def parse_condition(text: str) -> Condition:
    """Split one ``q=`` value on its operator (the server's order rule).

    As on the server, the field name is trimmed but the value is not; a null test has no value.
    """
    for op in OPERATORS:
        if op in text:
            name, value = text.split(op, 1)
            name = name.strip()
            if op in NULL_OPERATORS:
                value = ""
            if not name:
                raise BadRequest(f"invalid query condition [{text}]: missing field name before '{op.strip()}'")
            return Condition(tuple(name.split(".")), op, value)
    raise BadRequest(f"invalid query condition [{text}]: no operator found; use field=value, field!=value, "
                     f"field>value, field~=pattern, field?=a,b, 'field is null' ...")


def _int(name: str, text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise BadRequest(f"invalid value [{text}] of query parameter [{name}]: not an integer") from None
    if number < 0:
        raise BadRequest(f"invalid value [{text}] of query parameter [{name}]: must not be negative")
    return number


def _bool(name: str, text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise BadRequest(f"invalid value [{text}] of query parameter [{name}]: use true or false")
    return text.lower() == "true"


def _primitive(inv: Inventory, name: str, what: str) -> Field:
    fld = inv.field(name)
    if fld is None:
        raise BadRequest(f"{what} [{name}] is not a field of {inv.name}")
    if not fld.primitive:
        raise BadRequest(f"{what} [{name}] of {inv.name} is a {fld.type.value}; only primitive fields can be used")
    return fld


def parse_spec(inv: Inventory, params: Sequence[tuple[str, str]]) -> QuerySpec:
    """Parse the query-string pairs of a query request (unknown keys are ignored)."""
    spec = QuerySpec()
    for key, value in params:
        if key == "q":
            spec.conditions.append(parse_condition(value))
        elif key == "limit":
            spec.limit = _int(key, value)
        elif key == "start":
            spec.start = _int(key, value)
        elif key == "count":
            spec.count = _bool(key, value)
        elif key == "replyWithCount":
            spec.reply_with_count = _bool(key, value)
        elif key == "sort":
            text = value.strip() if value.startswith(" ") else value  # an unencoded '+' arrives as a space
            desc = text.startswith("-")
            name = text[1:] if text[:1] in "+-" and text else text
            spec.sort = (_primitive(inv, name, "sort field").name, desc)
        elif key == "fields":
            names = [n.strip() for n in value.split(",") if n.strip()]
            spec.fields = tuple(_primitive(inv, n, "field").name for n in names)
        elif key == "groupBy":
            spec.group_by = _primitive(inv, value, "groupBy field").name
    return spec


def _convert(fld: Field, text: str) -> Any:
    """A condition value as the column's type."""
    try:
        if fld.type in (Type.INTEGER, Type.LONG):
            return int(text)
        if fld.type is Type.TIMESTAMP:
            return gson.parse(text)
    except ValueError:
        raise BadRequest(f"invalid value [{text}] for {fld.type.value} field [{fld.name}]") from None
    if fld.type is Type.BOOLEAN:
        if text.lower() not in ("true", "false"):
            raise BadRequest(f"invalid value [{text}] for Boolean field [{fld.name}]: use true or false")
        return 1 if text.lower() == "true" else 0
    return text


class _Compiler:
    """Builds WHERE clauses, giving every sub-query its own alias."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.aliases = 0

    def condition(self, inv: Inventory, alias: str, cond: Condition, depth: int = 0) -> tuple[str, list[Any]]:
        head, rest = cond.path[depth], cond.path[depth + 1:]
        if rest:
            rel = inv.relation(head)
            if rel is None:
                raise BadRequest(f"[{'.'.join(cond.path)}]: {inv.name} has no relation [{head}]")
            if rel.alias_of:  # an alias stands for a path of relations: query along that path
                path = cond.path[:depth] + tuple(rel.alias_of.split(".")) + rest
                return self.condition(inv, alias, Condition(path, cond.op, cond.value), depth)
            target_inv = self.store.schema.inventory(rel.target)
            if target_inv is None or not inv.field(rel.local_key) or not target_inv.field(rel.remote_key):
                return "0", []  # a relation whose table or keys the SDK's classes lack matches nothing here
            target = self.store.inventory(rel.target)
            self.aliases += 1
            sub = f"s{self.aliases}"
            inner, args = self.condition(target, sub, cond, depth + 1)
            return (f"{alias}.{q(rel.local_key)} IN (SELECT {sub}.{q(rel.remote_key)} FROM {q(rel.target)} AS {sub} "
                    f"WHERE {inner})", args)
        if head in TAG_FIELDS and depth == 0:
            leaf, args = self._leaf(Field(head, Type.STRING), "tag", cond)
            return (f"{alias}.{q(inv.key)} IN (SELECT resource_uuid FROM _tags WHERE kind = ? AND {leaf})",
                    [TAG_FIELDS[head], *args])
        fld = _primitive(inv, head, "condition field")
        return self._leaf(fld, f"{alias}.{q(fld.name)}", cond)

    @staticmethod
    def _leaf(fld: Field, column: str, cond: Condition) -> tuple[str, list[Any]]:
        sql_op = _SQL[cond.op]
        if cond.op in NULL_OPERATORS:
            return f"{column} {sql_op}", []
        if cond.op in ("~=", "!~="):
            return f"{column} {sql_op} ?", [cond.value]
        if cond.op in ("?=", "!?="):
            values = [_convert(fld, v) for v in cond.value.split(",")]
            return f"{column} {sql_op} ({', '.join('?' * len(values))})", values
        return f"{column} {sql_op} ?", [_convert(fld, cond.value)]


def where_clause(store: Store, inv: Inventory, conditions: Sequence[Condition]) -> tuple[str, list[Any]]:
    """The AND of ``conditions`` over table ``inv`` (qualified by its own name) and its arguments."""
    compiler = _Compiler(store)
    parts, args = [], []
    for cond in conditions:
        sql, cond_args = compiler.condition(inv, q(inv.name), cond)
        parts.append(sql)
        args.extend(cond_args)
    return " AND ".join(parts), args


def run(store: Store, inv: Inventory, params: Sequence[tuple[str, str]],
        extra: Sequence[Condition] = ()) -> dict[str, Any]:
    """Answer a query request: ``{"inventories": [...]}``, with ``total`` when asked."""
    spec = parse_spec(inv, params)
    where, args = where_clause(store, inv, [*extra, *spec.conditions])
    where_sql = f" WHERE {where}" if where else ""
    group = f" GROUP BY {q(inv.name)}.{q(spec.group_by)}" if spec.group_by else ""
    total = None
    if spec.count or spec.reply_with_count:
        total = store.scalar(f"SELECT COUNT(*) FROM (SELECT 1 FROM {q(inv.name)}{where_sql}{group})", args)
    if spec.count:
        return {"total": total}
    order = ""
    if spec.sort:
        order = f"{q(inv.name)}.{q(spec.sort[0])} {'DESC' if spec.sort[1] else 'ASC'}, "
    tail = f"{group} ORDER BY {order}{q(inv.name)}.rowid LIMIT ? OFFSET ?"
    records = store.rows(inv.name, where, [*args, spec.limit, spec.start], tail)
    reply: dict[str, Any] = {"inventories": store.render(inv.name, records, only=spec.fields)}
    if total is not None:
        reply["total"] = total
    return reply
