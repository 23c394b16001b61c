"""Stage one of completion, pinned on its own (as pgcli pins ``suggest_type``): the text before the cursor ->
the set of typed suggestions :func:`zscli.completion.context.analyze` returns, with no candidate list involved.

Each row is (text, whether the shell's built-ins count, expected suggestions). Suggestions are written short:
``api(needle)``, ``literal(needle, *words)``, ``keys(needle, api, inventory)``, ``ops(key, needle)`` and
``value(keyop, needle, ...)``; an empty set means "nothing fits here".
"""
from __future__ import annotations

import pytest

from zscli.completion.context import ApiNames, Keys, Literals, Operators, Suggestion, Values, analyze
from zscli.completion.index import index_for
from zscli.language.lexer import scan
from zscli.schema import load

SCHEMA = load()
FORMATS = ("table", "wide", "json", "yaml", "csv", "tsv")
BOOLEANS = ("true", "false")


def api(needle: str, builtins: bool = False) -> tuple:
    return ("api", needle, builtins)


def literal(needle: str, *words: str) -> tuple:
    return ("literal", needle, words)


def keys(needle: str, api_name: str, inventory: str | None = None, prefix: str = "", top: bool = True,
         given: tuple[str, ...] = ()) -> tuple:
    return ("keys", needle, prefix, api_name, inventory, top, tuple(sorted(given)))


def ops(key: str, needle: str = "") -> tuple:
    return ("ops", key, needle)


def value(keyop: str, needle: str = "", *, head: str = "", words: tuple[str, ...] = (), uuids: str = "",
          names: str = "", fields: str | None = None, exclude: tuple[str, ...] = ()) -> tuple:
    return ("value", keyop, head, needle, words, uuids, names, fields, tuple(sorted(exclude)))


def short(s: Suggestion) -> tuple:
    """One suggestion in the row notation above."""
    if isinstance(s, ApiNames):
        return api(s.needle, s.builtins)
    if isinstance(s, Literals):
        return literal(s.needle, *(w for w, _ in s.words))
    if isinstance(s, Keys):
        return keys(s.needle, s.api.name, s.inventory.name if s.inventory else None, s.prefix, s.top,
                    tuple(s.given))
    if isinstance(s, Operators):
        return ops(s.key, s.needle)
    assert isinstance(s, Values)
    return value(s.keyop, s.needle, head=s.head, words=tuple(w for w, _ in s.words), uuids=s.uuids_of,
                 names=s.names_of, fields=s.fields_of.name if s.fields_of else None, exclude=tuple(s.exclude))


ROWS = [
    # API names (and the shell's built-ins when they count)
    ("", True, {api("", True)}),
    ("", False, {api("")}),
    ("Que", False, {api("Que")}),
    ("  \tQue", False, {api("Que")}),
    ("NoSuchApi ", False, set()),
    # query keys: fields, relations at depth, given keys
    ("QueryModel ", False, {keys("", "QueryModel", "Model")}),
    ("QueryModel na", False, {keys("na", "QueryModel", "Model")}),
    ("querymodel na", False, {keys("na", "QueryModel", "Model")}),
    ("QueryModel name", False, {ops("name"), keys("name", "QueryModel", "Model")}),
    ("QueryModel name=x ", False, {keys("", "QueryModel", "Model", given=("name",))}),
    ('QueryModel name="a b" ', False, {keys("", "QueryModel", "Model", given=("name",))}),
    ("QueryModel modelCenter.", False, {keys("", "QueryModel", "ModelCenter", "modelCenter.", top=False)}),
    ("QueryModel modelCenter.na", False, {keys("na", "QueryModel", "ModelCenter", "modelCenter.", top=False)}),
    ("QueryModel modelServiceRefs.modelService.", False,
     {keys("", "QueryModel", "ModelService", "modelServiceRefs.modelService.", top=False)}),
    ("QueryModel nosuch.na", False, set()),
    # operators after a field, finished or not
    ("QueryModel name!", False, {ops("name", "!")}),
    ("QueryModel name!?", False, {ops("name", "!?")}),
    ("QueryModel name?", False, {ops("name", "?")}),
    ("QueryModel modelCenter.name~", False, {ops("modelCenter.name", "~")}),
    # values after the operator: seen uuids and names, booleans, null, lists
    ("QueryModel name=", False, {value("name=", names="Model"), ops("name")}),
    ("QueryModel name=n", False, {value("name=", "n", names="Model"), value("name=", "n", words=("null",))}),
    ("QueryModel name!=nu", False, {value("name!=", "nu", names="Model"), value("name!=", "nu", words=("null",))}),
    ("QueryModel name==", False, {value("name=", "=", names="Model")}),
    ("QueryModel name=a=b", False, {value("name=", "a=b", names="Model")}),
    ("QueryModel uuid=", False, {value("uuid=", uuids="Model"), ops("uuid")}),
    ("QueryModel modelCenterUuid=", False, {value("modelCenterUuid=", uuids="ModelCenter"), ops("modelCenterUuid")}),
    ("QueryModel isLatestVersion=t", False, {value("isLatestVersion=", "t", words=BOOLEANS)}),
    ("QueryModel modelCenter.name~=x", False, {value("modelCenter.name~=", "x", names="ModelCenter")}),
    ("QueryModel uuid?=a,b,", False, {value("uuid?=", head="a,b,", uuids="Model", exclude=("a", "b"))}),
    ("QueryModel size>", False, {value("size>"), ops("size")}),
    ("QueryModel name='a b", False, {value("name=", "a b", names="Model")}),  # inside an open quote
    # query options: fields=/sortBy= lists of fields, fixed words, free numbers
    ("QueryModel fields=", False, {value("fields=", fields="Model")}),
    ("QueryModel fields=name,", False, {value("fields=", head="name,", fields="Model", exclude=("name",))}),
    ("QueryModel sortBy=cr", False, {value("sortBy=", "cr", fields="Model")}),
    ("QueryModel sortDirection=", False, {value("sortDirection=", words=("asc", "desc"))}),
    ("QueryModel count=", False, {value("count=", words=BOOLEANS)}),
    ("QueryModel limit=", False, set()),
    ("QueryModel limit>", False, set()),
    # parameters of other APIs: names, given ones, values by type, choices, references, lists
    ("UpdateModel ", False, {keys("", "UpdateModel")}),
    ("UpdateModel uuid=x na", False, {keys("na", "UpdateModel", given=("uuid",))}),
    ("UpdateModel uuid=", False, {value("uuid=", uuids="Model")}),
    ("UpdateModel modelCenterUuid=", False, {value("modelCenterUuid=", uuids="ModelCenter")}),
    ("UpdateModel clearDefaultModelService=", False, {value("clearDefaultModelService=", words=BOOLEANS)}),
    ("UpdateModel description=", False, {value("description=")}),
    ("AddModelService type=F", False, {value("type=", "F", words=("Endpoint", "FineTune", "ModelEval", "App"))}),
    ("AddModelService modelUuids=a,", False, {value("modelUuids=", head="a,", uuids="Model", exclude=("a",))}),
    ("UpdateModel name!", False, set()),  # operators belong to queries
    ("UpdateModel name!=", False, set()),
    ("UpdateModel nosuch=", False, set()),
    # comments: nothing to complete
    ("QueryModel # name=", False, set()),
    ("QueryModel name=x # n", False, set()),
    ("# Que", True, set()),
    # built-ins' arguments
    ("help ", True, {api("")}),
    ("help Que", True, {api("Que")}),
    ("help QueryModel ", True, set()),
    ("set ", True, {literal("", "output", "dry-run")}),
    ("set dry-run ", True, {literal("", "on", "off")}),
    ("set output ", True, {literal("", *FORMATS)}),
    ("\tset\toutput j", True, {literal("j", *FORMATS)}),
    ("set output json ", True, set()),
    ("history ", True, set()),
    ("help ", False, set()),  # outside the shell, help is no API
]


@pytest.mark.parametrize("text, builtins, expected", ROWS)
def test_analyze_says_what_kind_of_thing_is_being_typed(text, builtins, expected):
    got = analyze(scan(text), index_for(SCHEMA), builtins)
    assert {short(s) for s in got} == expected
    assert len(got) == len(expected)  # no suggestion twice
