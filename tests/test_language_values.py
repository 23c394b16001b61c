"""Typed values: numbers with ranges, booleans, lists, maps, strings with choices and lengths, @files."""
from __future__ import annotations

import io

import pytest

from zscli.errors import UsageError
from zscli.language.values import coerce, coerce_param, read_at_file, split_list, to_text
from zscli.schema.types import Location, Param, Type


def bad(*args, **kw) -> UsageError:
    with pytest.raises(UsageError) as err:
        coerce(*args, **kw)
    return err.value


@pytest.mark.parametrize("raw, value", [("0", 0), ("42", 42), ("-7", -7), ("+3", 3), (" 5 ", 5),
                                        ("2147483647", 2 ** 31 - 1), ("-2147483648", -(2 ** 31))])
def test_integer(raw, value):
    result = coerce(Type.INTEGER, raw, name="n")
    assert result == value and type(result) is int


@pytest.mark.parametrize("raw", ["abc", "1.5", "1e3", "", "0x10", "١٢"])
def test_integer_rejects_non_integers(raw):
    err = bad(Type.INTEGER, raw, name="requestCpu")
    assert err.message.startswith("requestCpu takes a 32-bit integer")


def test_integer_32_bit_range():
    err = bad(Type.INTEGER, str(2 ** 31), name="n")
    assert "out of range for Integer" in err.message
    assert bad(Type.INTEGER, str(-(2 ** 31) - 1), name="n").hint == "give a number from -2147483648 to 2147483647"


def test_long_64_bit_range():
    assert coerce(Type.LONG, str(2 ** 63 - 1), name="n") == 2 ** 63 - 1
    assert coerce(Type.LONG, str(-(2 ** 63)), name="n") == -(2 ** 63)
    assert "out of range for Long" in bad(Type.LONG, str(2 ** 63), name="n").message
    assert "64-bit" in bad(Type.LONG, "x", name="n").message


def test_min_and_max():
    assert coerce(Type.INTEGER, "1", name="limit", min=1, max=100) == 1
    assert coerce(Type.INTEGER, "100", name="limit", min=1, max=100) == 100
    err = bad(Type.INTEGER, "0", name="limit", min=1, max=100)
    assert err.message == "limit must be at least 1, got 0"
    assert err.hint == "give a number from 1 to 100"
    assert bad(Type.INTEGER, "101", name="limit", min=1, max=100).message == "limit must be at most 100, got 101"


@pytest.mark.parametrize("raw, value", [("true", True), ("TRUE", True), ("True", True),
                                        ("false", False), ("FaLsE", False)])
def test_boolean(raw, value):
    assert coerce(Type.BOOLEAN, raw, name="system") is value


@pytest.mark.parametrize("raw", ["yes", "1", "", "t"])
def test_boolean_rejects_other_words(raw):
    err = bad(Type.BOOLEAN, raw, name="system")
    assert err.message.startswith("system takes true or false")
    assert err.hint == "write system=true or system=false"


@pytest.mark.parametrize("raw, value", [
    ("a,b,c", ["a", "b", "c"]),
    ("one", ["one"]),
    ("a\\,b,c", ["a,b", "c"]),
    (" a , b ", ["a", "b"]),
    ("", []),
    ('["x", "y"]', ["x", "y"]),
    ('[{"cpuArchitecture": "x86_64"}]', [{"cpuArchitecture": "x86_64"}]),
    ("[]", []),
])
def test_list(raw, value):
    assert coerce(Type.LIST, raw, name="tagUuids") == value


@pytest.mark.parametrize("raw", ["[1,", '["a"] x', "a,,b", "a,"])
def test_list_errors(raw):
    assert bad(Type.LIST, raw, name="tagUuids").message.startswith("tagUuids")


def test_list_json_that_is_not_an_array():
    # starts with '[' but parses to something else is impossible; a JSON object is read as one item
    assert coerce(Type.LIST, '{"a":1}', name="l") == ['{"a":1}']


def test_split_list_escapes():
    assert split_list("a\\,b\\,c") == ["a,b,c"]
    assert split_list("x\\y,z") == ["x\\y", "z"]


def test_map():
    assert coerce(Type.MAP, "{}", name="m") == {}
    assert coerce(Type.MAP, '{"NVIDIA": ["s1", "s2"]}', name="m") == {"NVIDIA": ["s1", "s2"]}


@pytest.mark.parametrize("raw", ["[1]", "nope", "{'a': 1}", "__import__('os')", "1"])
def test_map_is_json_only(raw):
    err = bad(Type.MAP, raw, name="vendorToSpecUuidsMap")
    assert err.message.startswith("vendorToSpecUuidsMap takes a JSON object")
    assert "vendorToSpecUuidsMap=" in err.hint


def test_string_max_length():
    assert coerce(Type.STRING, "x" * 255, name="name", max_length=255) == "x" * 255
    err = bad(Type.STRING, "x" * 256, name="name", max_length=255)
    assert err.message == "name is too long (256 characters, at most 255)"


def test_string_choices_case_insensitive_canonical():
    choices = ("Endpoint", "FineTune", "ModelEval", "App")
    assert coerce(Type.STRING, "finetune", name="type", choices=choices) == "FineTune"
    assert coerce(Type.STRING, "APP", name="type", choices=choices) == "App"
    err = bad(Type.STRING, "Other", name="type", choices=choices)
    assert err.message == "type must be one of Endpoint, FineTune, ModelEval, App, not 'Other'"
    assert err.hint == "write e.g. type=Endpoint"


def test_timestamp_and_object_pass_through():
    assert coerce(Type.TIMESTAMP, "2025-01-01 00:00:00", name="createDate") == "2025-01-01 00:00:00"
    assert coerce(Type.OBJECT, "x", name="o") == "x"


def test_at_file_reads_text(tmp_path):
    f = tmp_path / "svc.yaml"
    f.write_text("kind: Service\nname: x\n", encoding="utf-8")
    assert coerce(Type.STRING, f"@{f}", name="yaml") == "kind: Service\nname: x"  # all but the final newline
    j = tmp_path / "map.json"
    j.write_text('{"NVIDIA": []}', encoding="utf-8")
    assert coerce(Type.MAP, f"@{j}", name="m") == {"NVIDIA": []}


def test_at_file_expands_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "v.txt").write_text("hello\r\n", encoding="utf-8")
    assert read_at_file("@~/v.txt") == "hello"


def test_at_stdin_and_literal_at():
    assert read_at_file("@-", io.StringIO("s3cret\n")) == "s3cret"
    assert read_at_file("@@home") == "@home"
    assert read_at_file("@@") == "@"
    assert read_at_file("plain") == "plain"
    assert coerce(Type.STRING, "@-", name="password", stdin=io.StringIO("pw")) == "pw"


def test_at_file_errors(tmp_path):
    with pytest.raises(UsageError) as err:
        read_at_file(f"@{tmp_path}/missing.yaml", name="yaml")
    assert err.value.message.startswith(f"cannot read file '{tmp_path}/missing.yaml' for yaml")
    assert "@@" in err.value.hint
    with pytest.raises(UsageError, match="missing file name"):
        read_at_file("@")
    with pytest.raises(UsageError, match="cannot read file"):
        read_at_file(f"@{tmp_path}")  # a directory
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(UsageError, match="not UTF-8"):
        read_at_file(f"@{binary}")


def test_at_file_can_be_disabled():
    assert coerce(Type.STRING, "@nowhere", name="name", at_file=False) == "@nowhere"


def test_secret_values_never_appear_in_errors():
    param = Param("password", Type.STRING, Location.BODY, secret=True, choices=("A",))
    with pytest.raises(UsageError) as err:
        coerce_param(param, "hunter2")
    assert "hunter2" not in err.value.one_line()
    with pytest.raises(UsageError) as err:
        coerce(Type.BOOLEAN, "hunter2", name="p", secret=True)
    assert "hunter2" not in err.value.one_line()


def test_coerce_param_uses_schema_limits():
    param = Param("limit", Type.INTEGER, Location.QUERY, min=1, max=100)
    assert coerce_param(param, "20") == 20
    with pytest.raises(UsageError):
        coerce_param(param, "0")


def test_to_text():
    assert to_text(True) == "true" and to_text(False) == "false"
    assert to_text(5) == "5"
    assert to_text(["a", "b"]) == "a,b"
    assert to_text({"a": 1}) == '{"a":1}'


@pytest.mark.parametrize("raw", ["[1e400]", "[NaN]", "[-Infinity]", '{"a": Infinity}'])
def test_json_values_refuse_numbers_json_cannot_carry(raw):
    param = Param("sizes", Type.LIST if raw.startswith("[") else Type.MAP, Location.BODY)
    with pytest.raises(UsageError, match="JSON number"):
        coerce_param(param, raw)


def test_a_files_final_newline_is_not_part_of_the_value(tmp_path):
    one, two, crlf = tmp_path / "one", tmp_path / "two", tmp_path / "crlf"
    one.write_text("password\n", encoding="utf-8")
    two.write_text("a\n\n", encoding="utf-8")
    crlf.write_bytes(b"b\r\n")
    assert read_at_file(f"@{one}") == "password"  # echo password > file; password=@file
    assert read_at_file(f"@{two}") == "a\n"  # only the last newline goes
    assert read_at_file(f"@{crlf}") == "b"
    assert read_at_file("@-", io.StringIO("c\n")) == "c"
