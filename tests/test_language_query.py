"""Query APIs: every operator, typed condition values, relations, tags, options and GET by uuid."""
from __future__ import annotations

import pytest

from zscli.call import Condition, Op, QueryOptions, SortDirection
from zscli.errors import UsageError
from zscli.language import QUERY_OPTIONS
from zscli.language.conditions import OPERATORS, like_pattern, parse_condition
from zscli.language.lexer import split
from zscli.language.parser import parse
from zscli.language.wire import build
from zscli.schema import load

SCHEMA = load()


def parse_line(line: str, schema, **kw):
    """A command line as the front doors read it: split into words, then parsed."""
    return parse(split(line), schema, **kw)


def wire(line: str):
    return build(parse_line(line, SCHEMA))


def q(line: str) -> tuple[tuple[str, str], ...]:
    req = wire(line)
    assert (req.method, req.body, req.is_async) == ("GET", None, False)
    return req.query


def usage(line: str) -> UsageError:
    with pytest.raises(UsageError) as err:
        parse_line(line, SCHEMA)
    return err.value


# --- parse_condition -------------------------------------------------------------------------------

@pytest.mark.parametrize("word, expected", [
    ("name=qwen", ("name", Op.EQ, "qwen")),
    ("name!=qwen", ("name", Op.NE, "qwen")),
    ("size>10", ("size", Op.GT, "10")),
    ("size<10", ("size", Op.LT, "10")),
    ("size>=10", ("size", Op.GE, "10")),
    ("size<=10", ("size", Op.LE, "10")),
    ("type?=a,b", ("type", Op.IN, "a,b")),
    ("type!?=a,b", ("type", Op.NOT_IN, "a,b")),
    ("name~=%q%", ("name", Op.LIKE, "%q%")),
    ("name!~=q", ("name", Op.NOT_LIKE, "q")),
    ("version=null", ("version", Op.IS_NULL, "")),
    ("version!=null", ("version", Op.NOT_NULL, "")),
    ("version=nullable", ("version", Op.EQ, "nullable")),
    ("version!=nulls", ("version", Op.NE, "nulls")),
    ("name=", ("name", Op.EQ, "")),
    ("name=a=b>c", ("name", Op.EQ, "a=b>c")),
    ("name==x", ("name", Op.EQ, "=x")),
    ("a.b_c.d=1", ("a.b_c.d", Op.EQ, "1")),
    ("__systemTag__~=gpu", ("__systemTag__", Op.LIKE, "gpu")),
    ("cmd=python -m x>=1", ("cmd", Op.EQ, "python -m x>=1")),
])
def test_parse_condition(word, expected):
    assert parse_condition(word) == expected


@pytest.mark.parametrize("word, spaced, expected", [
    ("name!~=qw", False, ("name", "!~=", "qw", Op.NOT_LIKE, "qw")),
    ("name==x", False, ("name", "==", "x", Op.EQ, "=x")),
    ("name!", False, ("name", "!", "", None, "")),  # unfinished while typing: completion offers operators
    ("name!?", False, ("name", "!?", "", None, "")),
    ("size<>=1", False, ("size", "<>=", "1", Op.LT, ">=1")),
    ("a.b=", False, ("a.b", "=", "", Op.EQ, "")),
    ("name", False, None),
    ("=x", False, None),
    ("9a=x", False, None),
    (" password =x", False, None),
    (" password =x", True, ("password", "=", "x", Op.EQ, "x")),
])
def test_key_op_reads_key_operator_characters_and_value_for_every_reader(word, spaced, expected):
    from zscli.language.keyop import key_op

    kv = key_op(word, spaced=spaced)
    assert (kv if kv is None else (kv.key, kv.ops, kv.value, kv.op, kv.rest)) == expected


@pytest.mark.parametrize("word", ["name", "=x", "1name=x", "name:x", "", "na me=x", "-x=1"])
def test_parse_condition_rejects(word):
    assert parse_condition(word) is None


def test_operator_table_is_complete_and_described():
    assert {op for op, _ in OPERATORS} == set(Op)
    assert len(OPERATORS) == 12 and all(desc for _, desc in OPERATORS)
    assert OPERATORS[0][0] is Op.EQ


def test_like_pattern():
    assert like_pattern("qwen") == "%qwen%"
    assert like_pattern("qw%") == "qw%"
    assert like_pattern("q_en") == "q_en"
    assert like_pattern("") == "%%"


# --- conditions on the wire --------------------------------------------------------------------------

def test_the_issue_example():
    req = wire("QueryModel name~=%qwen% vendor!=Alibaba limit=5 sortBy=createDate sortDirection=desc")
    assert req.path == "/ai/models"
    assert req.query == (("q", "name~=%qwen%"), ("q", "vendor!=Alibaba"), ("limit", "5"), ("sort", "-createDate"))


@pytest.mark.parametrize("line, expected", [
    ("QueryModel name=qwen", "name=qwen"),
    ("QueryModel name!=qwen", "name!=qwen"),
    ("QueryModel size>1024", "size>1024"),
    ("QueryModel size<1024", "size<1024"),
    ("QueryModel size>=1024", "size>=1024"),
    ("QueryModel size<=-1", "size<=-1"),
    ("QueryModel type?=System,Custom", "type?=System,Custom"),
    ("QueryModel type!?=System,Custom", "type!?=System,Custom"),
    ("QueryModel name~=qwen", "name~=%qwen%"),
    ("QueryModel name~=qwen%", "name~=qwen%"),
    ("QueryModel name~=q_en", "name~=q_en"),
    ("QueryModel name!~=qwen", "name!~=%qwen%"),
    ("QueryModel version=null", "version is null"),
    ("QueryModel version!=null", "version not null"),
    ("QueryModel isLatestVersion=TRUE", "isLatestVersion=true"),
    ("QueryModel SAMPLE_SIZE=+7", "SAMPLE_SIZE=7"),
    ("QueryModel 'name=a b'", "name=a b"),
    ("QueryModel createDate>=2025-01-01", "createDate>=Jan 1, 2025 12:00:00 AM"),  # ISO typed, Gson sent
    ("QueryModel modelServiceRefs.modelServiceUuid=abc", "modelServiceRefs.modelServiceUuid=abc"),
    ("QueryModel modelServiceRefs.modelService.name=svc", "modelServiceRefs.modelService.name=svc"),
    ("QueryModel modelCenter.status=Connected", "modelCenter.status=Connected"),
    ("QueryModelService modelServiceImages.cpuArchitecture=x86_64", "modelServiceImages.cpuArchitecture=x86_64"),
    ("QueryModelCenter models.size>0", "models.size>0"),
    ("QueryModel __systemTag__=gpu::a100", "__systemTag__=gpu::a100"),
    ("QueryModel __userTag__~=prod", "__userTag__~=%prod%"),
    ("QueryModel version!=null", "version not null"),
    ("QueryModelService system=false", "system=false"),
    ("QueryModelService requestCpu?=1,2,+4", "requestCpu?=1,2,4"),
    ("QueryModelService system?=TRUE,false", "system?=true,false"),
])
def test_condition_wire(line, expected):
    assert q(line) == (("q", expected),)


def test_conditions_keep_typed_order_and_repeat():
    assert q("QueryModel size<10 name=a size>1") == (("q", "size<10"), ("q", "name=a"), ("q", "size>1"))


def test_call_holds_conditions_and_no_args():
    call = parse(["QueryModel", "name~=qwen", "version=null"], SCHEMA)
    assert call.conditions == (Condition("name", Op.LIKE, "%qwen%"), Condition("version", Op.IS_NULL))
    assert call.args == {} and call.by_uuid == "" and call.options == QueryOptions()


def test_no_conditions_is_a_plain_listing():
    req = wire("QueryModel")
    assert (req.method, req.path, req.query) == ("GET", "/ai/models", ())


@pytest.mark.parametrize("line, start", [
    ("QueryModel size>abc", "size takes a 64-bit integer"),
    ("QueryModel SAMPLE_SIZE=1.5", "SAMPLE_SIZE takes a 32-bit integer"),
    ("QueryModel SAMPLE_SIZE=3000000000", "SAMPLE_SIZE is out of range"),
    ("QueryModel isLatestVersion=yes", "isLatestVersion takes true or false"),
    ("QueryModelService requestCpu?=1,x", "requestCpu takes a 32-bit integer"),
    ("QueryModel type?=", "type?= needs a list of values"),
    ("QueryModel type!?=a,,b", "type!?= needs a list of values"),
    ("QueryModel modelServiceRefs.isDefault=maybe", "modelServiceRefs.isDefault takes true or false"),
])
def test_condition_values_are_typed(line, start):
    assert usage(line).message.startswith(start)


def test_unknown_field_did_you_mean():
    err = usage("QueryModel vender=x")
    assert err.message == "unknown field 'vender' for QueryModel"
    assert err.hint == "did you mean 'vendor'?"
    err = usage("QueryModel zzz=1")
    assert err.hint.startswith("fields of Model: uuid, name")


def test_unknown_field_after_relation():
    err = usage("QueryModel modelServiceRefs.modelUid=1")
    assert err.message == "unknown field 'modelServiceRefs.modelUid' for QueryModel"
    assert err.hint.startswith("did you mean 'modelServiceRefs.modelUuid'")
    assert usage("QueryModel modelCenter.=1").message.startswith("missing field name after 'modelCenter.'")


def test_unknown_relation():
    err = usage("QueryModel modelServiceRef.uuid=1")
    assert err.message == "unknown relation 'modelServiceRef' in field 'modelServiceRef.uuid' for QueryModel"
    assert "'modelServiceRefs'" in err.hint
    assert "relation" in usage("QueryModel name.x=1").message


def test_tag_fields_only_at_top_level():
    assert usage("QueryModel modelCenter.__systemTag__=x").message.startswith("unknown field")


@pytest.mark.parametrize("line, hint_part", [
    ("QueryModel modelServiceRefs=x", "'modelServiceRefs."),
    ("QueryModel recommendedGpuNum=1", "only String, number, Boolean and Timestamp"),
    ("QueryModelCenter capacity!=null", "only String"),
])
def test_non_primitive_fields_rejected(line, hint_part):
    err = usage(line)
    assert "cannot be used in a condition" in err.message
    assert hint_part in err.hint


@pytest.mark.parametrize("word", ["name", "size:3", "=x"])
def test_words_that_are_not_conditions(word):
    err = usage(f"QueryModel {word}")
    assert err.message == f"cannot read '{word}' as a condition for QueryModel"


# --- options ------------------------------------------------------------------------------------------

def test_query_options_vocabulary():
    names = [o.name for o in QUERY_OPTIONS]
    assert names == ["limit", "start", "count", "replyWithCount", "sortBy", "sortDirection", "fields", "groupBy"]
    assert all(o.description for o in QUERY_OPTIONS)
    assert dict((o.name, o.choices) for o in QUERY_OPTIONS)["sortDirection"] == ("asc", "desc")


def test_all_options_in_wire_order():
    line = ("QueryModel groupBy=vendor fields=uuid,name,uuid sortDirection=ASC sortBy=name replyWithCount=True "
            "count=true start=10 limit=0 name=x")
    # ZSClient's order: limit, start, count, groupBy, replyWithCount, sort, fields
    assert q(line) == (("q", "name=x"), ("limit", "0"), ("start", "10"), ("count", "true"), ("groupBy", "vendor"),
                       ("replyWithCount", "true"), ("sort", "+name"), ("fields", "uuid,name"))


def test_options_in_call():
    call = parse_line("QueryModel sortBy=size sortDirection=desc limit=3 count=false", SCHEMA)
    assert call.options == QueryOptions(limit=3, count=False, sort_by="size", sort_direction=SortDirection.DESC)


def test_sort_without_direction_is_the_bare_field_and_false_flags_are_sent_as_the_sdk_sends_them():
    # ZSClient: sort=<field> without sortDirection (the server reads it as ascending), a Boolean set to false
    # is written as false
    assert q("QueryModel sortBy=createDate count=false replyWithCount=false") == (
        ("count", "false"), ("replyWithCount", "false"), ("sort", "createDate"))
    assert q("QueryModel sortBy=createDate sortDirection=desc") == (("sort", "-createDate"),)


@pytest.mark.parametrize("line, message", [
    ("QueryModel limit=-1", "limit must be at least 0, got -1"),
    ("QueryModel start=x", "start takes a 32-bit integer, not 'x'"),
    ("QueryModel count=1", "count takes true or false, not '1'"),
    ("QueryModel replyWithCount=no", "replyWithCount takes true or false, not 'no'"),
    ("QueryModel sortBy=nmae", "sortBy: unknown field 'nmae' for QueryModel"),
    ("QueryModel sortBy=recommendedGpuNum", "sortBy: List field 'recommendedGpuNum' for QueryModel"),
    ("QueryModel sortBy=modelCenter.name", "sortBy: unknown field 'modelCenter.name' for QueryModel"),
    ("QueryModel sortBy=name sortDirection=down", "sortDirection must be asc or desc, not 'down'"),
    ("QueryModel sortDirection=desc", "sortDirection needs sortBy"),
    ("QueryModel fields=uuid,nme", "fields: unknown field 'nme' for QueryModel"),
    ("QueryModel fields=", "fields needs a list of field names"),
    ("QueryModel fields=uuid,,name", "fields needs a list of field names"),
    ("QueryModel groupBy=modelServiceRefs", "groupBy: List field 'modelServiceRefs' for QueryModel"),
    ("QueryModel limit=1 limit=2", "query option 'limit' given twice"),
    ("QueryModel limit=null", "limit takes a 32-bit integer, not 'null'"),
])
def test_option_errors(line, message):
    assert usage(line).message == message


def test_option_did_you_mean():
    assert usage("QueryModel fields=uuid,nme").hint == "did you mean 'name'?"
    assert usage("QueryModel sortBy=createdate").hint == "did you mean 'createDate'?"


def test_option_names_with_other_operators():
    err = usage("QueryModel limit>5")
    assert (err.message, err.hint) == ("query option 'limit' takes '=', not '>'", "write limit=value")


def test_option_names_in_the_wrong_case():
    err = usage("QueryModel sortby=name")
    assert (err.message, err.hint) == ("unknown field 'sortby' for QueryModel", "did you mean 'sortBy'?")


# --- GET by uuid --------------------------------------------------------------------------------------

def test_uuid_alone_uses_get_by_uuid():
    call = parse_line("QueryModel uuid=059d19eb310f36d4a7f43f51eaab87b8", SCHEMA)
    assert call.by_uuid == "059d19eb310f36d4a7f43f51eaab87b8"
    req = build(call)
    assert (req.method, req.path, req.query, req.body) == ("GET", "/ai/models/059d19eb310f36d4a7f43f51eaab87b8", (),
                                                           None)
    assert build(parse_line("QueryModelService uuid=a/b", SCHEMA)).path == "/ai/model-services/a%2Fb"


@pytest.mark.parametrize("extra, query", [
    ("name=x", (("q", "uuid=X"), ("q", "name=x"))),
    ("limit=1", (("q", "uuid=X"), ("limit", "1"))),
    ("count=false", (("q", "uuid=X"), ("count", "false"))),
    ("fields=uuid", (("q", "uuid=X"), ("fields", "uuid"))),
])
def test_uuid_with_anything_else_is_a_normal_query(extra, query):
    call = parse_line(f"QueryModel uuid=X {extra}", SCHEMA)
    assert call.by_uuid == ""
    req = build(call)
    assert (req.path, req.query) == ("/ai/models", query)


@pytest.mark.parametrize("line", ["QueryModel uuid!=X", "QueryModel uuid~=X", "QueryModel uuid=",
                                  "QueryModel uuid=null"])
def test_other_uuid_conditions_are_not_by_uuid(line):
    assert parse_line(line, SCHEMA).by_uuid == ""
    assert wire(line).path == "/ai/models"
