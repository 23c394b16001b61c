"""Validation of non-query calls: every error is a UsageError (or AuthError) and nothing is built."""
from __future__ import annotations

import pytest

from zscli.errors import AuthError, ExitCode, UsageError
from zscli.language.lexer import split
from zscli.language.parser import find_api, parse
from zscli.schema import Schema, load

SCHEMA = load()


def parse_line(line: str, schema, **kw):
    """A command line as the front doors read it: split into words, then parsed."""
    return parse(split(line), schema, **kw)
ADD_SERVICE = ("AddModelService name=n yaml=y requestCpu=1 requestMemory=2 modelCenterUuid=c installPath=p "
               "startCommand=s")


def usage(line: str, **kw) -> UsageError:
    with pytest.raises(UsageError) as err:
        parse_line(line, SCHEMA, **kw)
    assert err.value.exit_code is ExitCode.USAGE
    return err.value


def test_unknown_api():
    err = usage("UpdateModle uuid=x")
    assert err.message == "unknown API 'UpdateModle'"
    assert err.hint.startswith("did you mean 'UpdateModel'")
    assert usage("Frobnicate").hint == "type help to list the APIs"


def test_no_api():
    assert usage("").message == "no API name given"
    assert usage("   # just a comment").message == "no API name given"
    with pytest.raises(UsageError):
        parse([], SCHEMA)


def test_find_api_exact_then_case_insensitive():
    assert find_api("QueryModel", SCHEMA).name == "QueryModel"
    assert find_api("LOGINBYACCOUNT", SCHEMA).name == "LogInByAccount"


def test_one_api_lookup_serves_the_parser_and_completion_and_refuses_an_ambiguous_case():
    from zscli.record import replace

    from zscli.completion.index import SchemaIndex
    from zscli.language.apis import lookup_api

    assert lookup_api("querymodel", SCHEMA).name == "QueryModel"
    assert lookup_api("NoSuchApi", SCHEMA) is None
    twin = replace(SCHEMA.api("QueryModel"), name="QUERYMODEL")
    model = SCHEMA.api("QueryModel")
    schema = Schema(apis=(model, twin), inventories=(SCHEMA.inventory("Model"),), errors=SCHEMA.errors)
    assert lookup_api("QUERYMODEL", schema) is twin and lookup_api("QueryModel", schema).name == "QueryModel"
    for reader in (lambda n: lookup_api(n, schema), SchemaIndex(schema).api):
        assert reader("querymodel") is None  # two APIs differ only by case: neither is guessed
    with pytest.raises(UsageError):
        find_api("querymodel", schema)


def test_unknown_parameter_did_you_mean():
    err = usage("UpdateModel uuid=x vender=Alibaba")
    assert err.message == "unknown parameter 'vender' for UpdateModel"
    assert err.hint == "did you mean 'vendor'?"
    err = usage("UpdateModel uuid=x Name=y")
    assert err.hint == "did you mean 'name'?"
    err = usage("LogOut sessionUuid=s zzz=1")
    assert err.hint == "LogOut takes: sessionUuid, clientInfo, systemTags, userTags"


def test_missing_required_lists_all():
    err = usage("AddModelService name=x")
    assert err.message == ("missing required parameters for AddModelService: yaml, requestCpu, requestMemory, "
                           "modelCenterUuid, installPath, startCommand")
    assert err.hint.startswith("add yaml=... requestCpu=...")
    assert usage("UpdateModel name=x").message == "missing required parameter for UpdateModel: uuid"
    assert usage("ListModelVersions model_id=M").message == \
        "missing required parameter for ListModelVersions: workspace_id"


def test_operators_only_in_queries():
    err = usage("UpdateModel uuid=x name~=abc")
    assert err.message == "operator '~=' after 'name' works only in Query APIs"
    assert err.hint == "write name=value"
    for op in ("!=", ">", "<", ">=", "<=", "?=", "!?=", "!~="):
        assert "works only in Query APIs" in usage(f"UpdateModel uuid=x name{op}abc").message
    assert "works only in Query APIs" in usage("UpdateModel uuid=x name!=null").message


def test_parameter_given_twice():
    err = usage("UpdateModel uuid=x name=a name=b")
    assert err.message == "parameter 'name' given twice"


@pytest.mark.parametrize("word", ["name", "=x", "9=1"])
def test_not_key_value(word):
    assert usage(f"UpdateModel uuid=x {word}").message == f"cannot read '{word}' as key=value for UpdateModel"


def test_long_bad_words_are_shortened():
    err = usage("UpdateModel " + "x" * 100)
    assert len(err.message) < 100 and "..." in err.message


@pytest.mark.parametrize("line, message", [
    ("ListModelVersions workspace_id=W model_id=M limit=0", "limit must be at least 1, got 0"),
    ("ListModelVersions workspace_id=W model_id=M limit=101", "limit must be at most 100, got 101"),
    ("ListModelVersions workspace_id=W model_id=M offset=-1", "offset must be at least 0, got -1"),
    ("ListModelVersions workspace_id=W model_id=M offset=x", "offset takes a 32-bit integer, not 'x'"),
    (ADD_SERVICE.replace("requestCpu=1", "requestCpu=0"), "requestCpu must be at least 1, got 0"),
    (ADD_SERVICE.replace("requestCpu=1", "requestCpu=2147483648"),
     "requestCpu is out of range for Integer, got 2147483648"),
    (ADD_SERVICE.replace("requestMemory=2", "requestMemory=lots"), "requestMemory takes a 64-bit integer, not 'lots'"),
    (ADD_SERVICE + " system=yes", "system takes true or false, not 'yes'"),
    (ADD_SERVICE + " type=Batch", "type must be one of Endpoint, FineTune, ModelEval, App, not 'Batch'"),
    (ADD_SERVICE + " vendorToSpecUuidsMap=a:b",
     "vendorToSpecUuidsMap takes a JSON object: Expecting value: line 1 column 1 (char 0)"),
    (ADD_SERVICE + " tagUuids=a,,b", "tagUuids: empty item in list"),
    ("UpdateModel uuid=x name=" + "n" * 256, "name is too long (256 characters, at most 255)"),
    ("UpdateModel uuid=x gpuConstraintDescription=" + "n" * 513,
     "gpuConstraintDescription is too long (513 characters, at most 512)"),
    ("RenewSession sessionUuid=s duration=0", "duration must be at least 60, got 0"),  # the SDK's numberRange
])
def test_bad_values(line, message):
    assert usage(line).message == message


def test_unreadable_at_file(tmp_path):
    err = usage(f"{ADD_SERVICE.replace('yaml=y', f'yaml=@{tmp_path}/nope.yaml')}")
    assert err.message == f"cannot read file '{tmp_path}/nope.yaml' for yaml: No such file or directory"


def test_files_are_not_read_when_other_validation_fails(tmp_path):
    class Exploding:
        def read(self) -> str:
            raise AssertionError("stdin must not be read")

    usage("LogInByAccount password=@-", stdin=Exploding())  # accountName missing: stdin untouched
    usage("LogInByAccount accountName=a password=@- bogus=1", stdin=Exploding())


def test_not_logged_in():
    for line in ("LogOut", "ValidateSession", "RenewSession duration=5"):
        with pytest.raises(AuthError) as err:
            parse_line(line, SCHEMA)
        assert err.value.message == "not logged in: run LogInByAccount"
        assert err.value.exit_code is ExitCode.AUTH
    with pytest.raises(AuthError):
        parse_line("LogOut", SCHEMA, session_uuid="")


def test_unbalanced_quote_via_parse_line():
    err = usage("UpdateModel uuid=x name='abc")
    assert err.message == "unbalanced quote in: name='abc"


def test_unbalanced_quote_message_hides_secrets():
    err = usage("LogInByAccount accountName=a password='hunter2")
    assert "hunter2" not in err.one_line()


def test_secret_value_never_in_errors():
    err = usage("LogInByAccount accountName=a password=" + "p" * 10 + " password=hunter2")
    assert "hunter2" not in err.one_line()


def test_stdin_is_read_after_other_values_are_checked():
    class Exploding:
        def read(self) -> str:
            raise AssertionError("stdin must not be read")

    err = usage(f"{ADD_SERVICE.replace('yaml=y', 'yaml=@-')} requestCpu=0".replace("requestCpu=1 ", ""),
                stdin=Exploding())
    assert err.message == "requestCpu must be at least 1, got 0"
