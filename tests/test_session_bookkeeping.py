"""Login and logout bookkeeping lives with the session store and is found through the schema's actions
(Action.LOGIN / Action.LOGOUT), never through API names written in code (issue 10 item 3)."""
from __future__ import annotations

import io

import pytest

from zscli.errors import TransportError
from zscli.record import replace
from zscli.runner import Runner
from zscli.schema import Action, load
from zscli.schema.types import Schema
from zscli.settings import Settings
from zscli.transport.session import SessionStore, action_api, issued_uuid

SCHEMA = load()


def _renamed() -> Schema:
    """The real schema's APIs with the login and logout APIs under other names."""
    names = {"LogInByAccount": "SignInWithAccount", "LogOut": "SignOff"}
    apis = tuple(replace(a, name=names.get(a.name, a.name)) for a in SCHEMA.apis)
    return Schema(apis=apis, inventories=tuple(SCHEMA.inventories), errors=tuple(SCHEMA.errors))


def test_login_and_logout_apis_are_found_by_their_action():
    assert action_api(SCHEMA, Action.LOGIN).name == "LogInByAccount"
    assert action_api(SCHEMA, Action.LOGOUT).name == "LogOut"
    renamed = _renamed()
    assert action_api(renamed, Action.LOGIN).name == "SignInWithAccount"
    assert action_api(renamed, Action.LOGOUT).name == "SignOff"


def test_the_shell_login_and_logout_use_whatever_the_schema_calls_them(fresh_sim, tmp_path):
    renamed = _renamed()
    err = io.StringIO()
    settings = Settings(host="127.0.0.1", port=fresh_sim.port, state_dir=str(tmp_path))
    runner = Runner(settings, out=io.StringIO(), err=err, schema=renamed)
    assert runner.login("admin", "password") == 0, err.getvalue()
    assert runner.identity() == f"admin@127.0.0.1:{fresh_sim.port}"
    assert [r.method for r in fresh_sim.requests if r.path.endswith("/accounts/login")] == ["PUT"]
    assert runner.logout() == 0, err.getvalue()
    assert runner.identity() == "-"


def test_a_login_reply_without_a_session_stores_nothing(tmp_path):
    store = SessionStore(tmp_path)
    api = SCHEMA.api("LogInByAccount")
    for body in (None, {}, {"inventory": "x"}, [1], {"inventory": {"uuid": 5}}):
        with pytest.raises(TransportError):
            store.record(api, {"accountName": "admin"}, body, "h", 1)
        assert store.load("h", 1) is None
    session = store.record(api, {"accountName": "admin"}, {"inventory": {"uuid": "abc"}}, "h", 1)
    assert session is not None and (session.uuid, session.account) == ("abc", "admin")
    assert store.load("h", 1) == session


def test_a_logout_of_another_session_keeps_the_stored_one(tmp_path):
    store = SessionStore(tmp_path)
    store.record(SCHEMA.api("LogInByAccount"), {"accountName": "admin"}, {"inventory": {"uuid": "mine"}}, "h", 1)
    logout = SCHEMA.api("LogOut")
    session_param = next(p.name for p in logout.params if p.default == "$session")
    store.record(logout, {session_param: "someone-else"}, {}, "h", 1)
    assert store.load("h", 1) is not None
    store.record(logout, {session_param: "mine"}, {}, "h", 1)
    assert store.load("h", 1) is None


def test_issued_uuid_reads_only_a_real_session():
    assert issued_uuid({"inventory": {"uuid": "u"}}) == "u"
    assert issued_uuid({"inventory": {"uuid": None}}) == issued_uuid("x") == ""


def test_reply_records_and_pages_are_read_by_output_shape():
    from zscli.call import Call, QueryOptions
    from zscli.output.shape import page_window, records

    query = SCHEMA.api("QueryModel")
    assert records(query, {"inventories": [{"uuid": "a"}, {"uuid": "b"}, 3]}, SCHEMA) == ({"uuid": "a"},
                                                                                         {"uuid": "b"})
    assert records(query, {"inventory": {"uuid": "a"}}, SCHEMA) == ({"uuid": "a"},)
    assert records(query, {"total": 3}, SCHEMA) == ()
    versions = SCHEMA.api("ListModelVersions")
    assert records(versions, {"versions": [{"id": "v1"}, {"id": "v2"}], "total": 2}, SCHEMA) == (
        {"id": "v1"}, {"id": "v2"})
    assert page_window(Call(api=versions, args={"offset": 20, "limit": 10})) == (20, 10)
    assert page_window(Call(api=query, options=QueryOptions(start=5, limit=2))) == (5, 2)
