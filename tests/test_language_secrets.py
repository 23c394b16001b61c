"""Masking secret parameter values before a line is stored in history or shown in an error."""
from __future__ import annotations

import pytest

from zscli.language.secrets import MASK, scrub, secret_names
from zscli.schema import load

SCHEMA = load()


def test_secret_names_come_from_the_schema():
    assert {"password", "token"} <= secret_names(SCHEMA)
    assert "name" not in secret_names(SCHEMA)


@pytest.mark.parametrize("line, expected", [
    ("LogInByAccount accountName=admin password=secret", "LogInByAccount accountName=admin password=***"),
    ("LogInByAccount password='my secret' accountName=admin", "LogInByAccount password=*** accountName=admin"),
    ('LogInByAccount "password=my secret"', "LogInByAccount password=***"),
    ("LogInByAccount password=my\\ secret", "LogInByAccount password=***"),
    ("LogInByAccount pass'word=x'y", "LogInByAccount password=***"),
    ("AddModel name=x token=abc installPath=p", "AddModel name=x token=*** installPath=p"),
    ("AddModel TOKEN=abc", "AddModel TOKEN=***"),
    ("LogInByAccount password=", "LogInByAccount password=***"),
    ("LogInByAccount password='unclosed secret", "LogInByAccount password=***"),
    ("LogInByAccount password=@@literal", "LogInByAccount password=***"),
    ("x password!=y", "x password!=***"),
    ("LogInByAccount accountName=a # password=old", "LogInByAccount accountName=a # password=***"),
    ("a password=1 b token=2 c", "a password=*** b token=*** c"),
    # keys close to a secret parameter (typos the parser rejects, but the line still reaches history)
    ("LogInByAccount accountName=admin pasword=hunter2", "LogInByAccount accountName=admin pasword=***"),
    ("LogInByAccount accountName=admin passwd=hunter2", "LogInByAccount accountName=admin passwd=***"),
    ("LogInByAccount accountName=admin PASSWORD=hunter2", "LogInByAccount accountName=admin PASSWORD=***"),
    ("LogInByAccount accountName=admin password!=hunter2", "LogInByAccount accountName=admin password!=***"),
    ("LogInByAccount accountName=admin passwrod=hunter2", "LogInByAccount accountName=admin passwrod=***"),
    ("LogInByAccount accountName=admin pwd=hunter2", "LogInByAccount accountName=admin pwd=***"),
    ("loginbyaccount accountName=admin Pasword=hunter2", "loginbyaccount accountName=admin Pasword=***"),
    ("AddModel name=x toekn=abc", "AddModel name=x toekn=***"),
    ("passwords=ok mypassword=ok", "passwords=*** mypassword=***"),
    ("LogInByAccount accountName=a # pasword=old", "LogInByAccount accountName=a # pasword=***"),
])
def test_scrub(line, expected):
    assert scrub(line, SCHEMA) == expected


@pytest.mark.parametrize("line", [
    "QueryModel name=password",
    "LogInByAccount accountName=admin password=@-",
    "LogInByAccount accountName=admin password=@/run/secret.txt",
    "UpdateModel uuid=x  description='keeps  spacing'",
    "",
    "LogInByAccount accountName=admin",  # a real parameter keeps its own flag
    "QueryModel type=passwd",  # a field of the query
])
def test_scrub_leaves_other_text_alone(line):
    assert scrub(line, SCHEMA) == line


def test_close_matches_are_judged_against_the_schemas_secret_names_not_a_list():
    from zscli.language.secrets import close_to_secret

    assert close_to_secret("pasword", frozenset({"password"}))
    assert not close_to_secret("pasword", frozenset({"token"}))  # only names the schema marks secret count
    assert close_to_secret("toekn", secret_names(SCHEMA)) and not close_to_secret("name", secret_names(SCHEMA))


def test_scrub_never_raises():
    for line in ["'", '"', "\\", "password='", 'password="\\', "\x00password=\x00", "#password=x"]:
        out = scrub(line, SCHEMA)
        assert isinstance(out, str)
    assert MASK in scrub("#password=x", SCHEMA)
