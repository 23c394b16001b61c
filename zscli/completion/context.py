"""Stage one of completion: from the text before the cursor, decide *what kind* of thing is being typed.

:func:`analyze` returns a list of suggestions (what to offer, in order); the engine turns each into ranked
candidates. Nothing here looks at candidate lists, so each rule stays small and testable.
"""
from __future__ import annotations


from zscli.language.keyop import key_op
from zscli.language.lexer import Scan
from zscli.record import record, replace
from zscli.schema.types import Api, Field, Inventory, Param, Type
from zscli.surface import BUILTIN_BY_NAME, BUILTIN_NAMES, FORMATS, SETTINGS, ArgKind

from .index import OPERATOR_SPELLINGS, SchemaIndex

LIST_OPS = frozenset({"?=", "!?="})
BOOLEAN_VALUES: tuple[tuple[str, str], ...] = (("true", "yes"), ("false", "no"))
SORT_DIRECTIONS: tuple[tuple[str, str], ...] = (("asc", "ascending"), ("desc", "descending"))


@record
class ApiNames:
    """The first word: API names (and the shell's built-ins when asked)."""

    needle: str
    builtins: bool = False


@record
class Literals:
    """A fixed list of words (``set output <format>``)."""

    needle: str
    words: tuple[tuple[str, str], ...]


@record
class Keys:
    """Parameter names, or query fields/relations/options under the relation path ``prefix``."""

    needle: str
    prefix: str
    api: Api
    inventory: Inventory | None = None  # set for query APIs: the inventory at this relation depth
    top: bool = True  # at the query's top level (offer options and tag pseudo-fields)
    given: frozenset[str] = frozenset()


@record
class Operators:
    """Operators after a field name: the candidate is ``key + operator``, except the operators in ``hidden``."""

    key: str
    needle: str
    hidden: frozenset[str] = frozenset()


@record
class Values:
    """A value: the candidate text is ``keyop + quote(head + value)``."""

    keyop: str
    head: str  # earlier items of a comma-separated list
    needle: str
    words: tuple[tuple[str, str], ...] = ()  # fixed values with meta (booleans, choices, asc/desc)
    uuids_of: str = ""  # inventory whose seen keys fit here
    names_of: str = ""  # inventory whose seen names fit here
    fields_of: Inventory | None = None  # primitive field names of this inventory fit here
    exclude: frozenset[str] = frozenset()


Suggestion = ApiNames | Literals | Keys | Operators | Values


def analyze(scan: Scan, index: SchemaIndex, builtins: bool = False) -> list[Suggestion]:
    """What may be typed at the end of ``scan`` (empty when nothing fits, e.g. inside a comment)."""
    if scan.in_comment:
        return []
    words, word = scan.words, scan.partial.text
    if not words:
        return [ApiNames(word, builtins)]
    first = words[0].text
    if builtins and first in BUILTIN_NAMES:
        return _builtin_args(first, [w.text for w in words[1:]], word)
    api = index.api(first)
    if api is None:
        return []
    inv = index.schema.inventory(api.inventory) if api.is_query else None
    given = frozenset(kv.key for kv in (key_op(w.text) for w in words[1:]) if kv)
    kv = key_op(word)
    if kv is None:
        if api.is_query and inv is not None:
            return _query_keys(word, api, inv, index, given)
        return [Keys(word, "", api, None, True, given)]
    key, ops = kv.key, kv.ops
    op = kv.op.value if kv.op is not None else None
    value = kv.rest
    if op is None:
        if not value and any(o.startswith(ops) for o in OPERATOR_SPELLINGS):
            return [Operators(key, ops)] if api.is_query else []
        return []
    if api.is_query and inv is not None:
        return _query_value(key, op, value, inv, index)
    param = api.param(key)
    if param is None or op != "=":
        return []
    return [_listed(_param_value(key + op, value, param, api))]


def _builtin_args(name: str, args: list[str], word: str) -> list[Suggestion]:
    """What completes as argument ``len(args)`` of built-in ``name`` (declared in zscli.surface.BUILTINS)."""
    arg = BUILTIN_BY_NAME[name].arg(len(args))
    if arg is None:
        return []
    if arg.kind is ArgKind.API:
        return [ApiNames(word, False)]
    if arg.kind is ArgKind.FORMAT:
        return [Literals(word, tuple((f, "output format") for f in FORMATS))]
    if arg.kind is ArgKind.CHOICE:
        return [Literals(word, arg.choices)]
    if arg.kind is ArgKind.SETTING_VALUE and args and args[-1] in SETTINGS:
        return [Literals(word, SETTINGS[args[-1]][1])]
    return []


def _resolve(path: list[str], inv: Inventory, index: SchemaIndex) -> Inventory | None:
    """Follow relation names from ``inv``; None when a step is unknown."""
    for step in path:
        rel = inv.relation(step)
        target = index.schema.inventory(rel.target) if rel is not None else None
        if target is None:
            return None
        inv = target
    return inv


def _query_keys(word: str, api: Api, inv: Inventory, index: SchemaIndex, given: frozenset[str]) -> list[Suggestion]:
    *path, needle = word.split(".")
    target = _resolve(path, inv, index)
    if target is None:
        return []
    prefix = "".join(step + "." for step in path)
    out: list[Suggestion] = []
    field = target.field(needle)
    if field is not None and field.primitive:
        out.append(Operators(word, ""))
    out.append(Keys(needle, prefix, api, target, not path, given))
    return out


def _query_value(key: str, op: str, value: str, inv: Inventory, index: SchemaIndex) -> list[Suggestion]:
    keyop = key + op
    if "." not in key and key in index.options:
        if op != "=":
            return []
        return _option_value(key, keyop, value, inv)
    *path, name = key.split(".")
    target = _resolve(path, inv, index)
    field = target.field(name) if target is not None else None
    if target is None or field is None or not field.primitive:
        return []
    head, needle = _list_split(value) if op in LIST_OPS else ("", value)
    out: list[Suggestion] = [_listed(_field_value(keyop, head, needle, field, target))]
    if not value:
        # not `=null` after `key=` (nor `!=null` after `key!=`): that would be the only candidate extending
        # the typed text, so a shell's Tab would insert it unasked and the query would turn into "is null";
        # `null` is offered once a letter of it is typed
        out.append(Operators(key, "", frozenset({op + "null"})))
    elif op in ("=", "!=") and "null".startswith(value.lower()):
        out.append(Values(keyop, "", value, (("null", "is null" if op == "=" else "is not null"),)))
    return out


def _option_value(key: str, keyop: str, value: str, inv: Inventory) -> list[Suggestion]:
    if key == "fields":
        head, needle = _list_split(value)
        return [_listed(Values(keyop, head, needle, fields_of=inv))]
    if key in ("sortBy", "groupBy"):
        return [Values(keyop, "", value, fields_of=inv)]
    if key == "sortDirection":
        return [Values(keyop, "", value, SORT_DIRECTIONS)]
    if key in ("count", "replyWithCount"):
        return [Values(keyop, "", value, BOOLEAN_VALUES)]
    return []


def _field_value(keyop: str, head: str, needle: str, field: Field, inv: Inventory) -> Values:
    if field.type is Type.BOOLEAN:
        return Values(keyop, head, needle, BOOLEAN_VALUES)
    if field.type is Type.TIMESTAMP:  # the ISO forms zscli converts to what the server parses
        import datetime

        today = datetime.date.today().isoformat()
        return Values(keyop, head, needle, ((today, "[Timestamp] YYYY-MM-DD, 'YYYY-MM-DD HH:MM:SS' or with T/Z/offset"),
                                            (f"{today}T00:00:00", "[Timestamp] date and time")))
    if field.name == inv.key:
        return Values(keyop, head, needle, uuids_of=inv.name)
    if field.refers_to:
        return Values(keyop, head, needle, uuids_of=field.refers_to)
    if field.name == "name":
        return Values(keyop, head, needle, names_of=inv.name)
    return Values(keyop, head, needle)


def _param_value(keyop: str, value: str, param: Param, api: Api) -> Values:
    head, needle = _list_split(value) if param.type is Type.LIST else ("", value)
    if param.choices:
        return Values(keyop, head, needle, tuple((c, "allowed value") for c in param.choices))
    if param.type is Type.BOOLEAN:
        return Values(keyop, head, needle, BOOLEAN_VALUES)
    if param.refers_to:
        return Values(keyop, head, needle, uuids_of=param.refers_to)
    if param.name == "uuid" and api.inventory:
        return Values(keyop, head, needle, uuids_of=api.inventory)
    return Values(keyop, head, needle)


def _listed(values: Values) -> Values:
    """``values`` leaving out the items already listed before the one being typed."""
    if not values.head:
        return values
    items = frozenset(v.strip() for v in values.head.split(",") if v.strip())
    return replace(values, exclude=values.exclude | items)


def _list_split(value: str) -> tuple[str, str]:
    """``"a,b,c"`` -> ``("a,b,", "c")``: the finished items and the one being typed."""
    cut = value.rfind(",") + 1
    return value[:cut], value[cut:]
