"""format_error: one-line errors, ZStack ErrorCode cause chains, ModelArts error bodies."""
from __future__ import annotations

import re

from .helpers.bodies import MODELARTS_ERROR, ZSTACK_ERROR, fresh
from zscli.errors import AuthError, ServerError, TransportError, UsageError
from zscli.output import format_error

ANSI = re.compile(r"\x1b\[")


def test_plain_errors_with_and_without_hint():
    assert format_error(UsageError("unknown parameter 'nmae'", "did you mean name?")) == \
        "error: unknown parameter 'nmae' (did you mean name?)"
    assert format_error(TransportError("cannot reach 127.0.0.1:9")) == "error: cannot reach 127.0.0.1:9"
    assert format_error(AuthError("not logged in", "run LogInByAccount")) == \
        "error: not logged in (run LogInByAccount)"


def test_zstack_error_with_two_level_cause_chain():
    err = ServerError("the server failed the call", status=503, body=fresh(ZSTACK_ERROR))
    assert format_error(err).splitlines() == [
        "error: SYS.1006: An operation failed",
        "  details: cannot update model",
        "  caused by AI.1002: Model center unreachable — timeout after 30s",
        "  caused by HOST.1001: Host is disconnected — host 10.0.0.5",
    ]


def test_zstack_error_wrapped_in_error_key_and_without_details():
    body = {"error": {"code": "ID.1001", "description": "Session expired", "details": None, "cause": None}}
    err = ServerError("session expired", status=503, body=body, hint="log in again")
    assert format_error(err) == "error: ID.1001: Session expired (log in again)"


def test_modelarts_error_body():
    err = ServerError("HTTP 404", status=404, body=dict(MODELARTS_ERROR))
    assert format_error(err).splitlines() == [
        "error: ModelArts.4104: The model does not exist.",
        "  solution: Check the model ID and try again.",
    ]


def test_plain_text_rejection_keeps_the_message():
    err = ServerError("HTTP 400: bad query condition 'name'", status=400, body=None)
    assert format_error(err) == "error: HTTP 400: bad query condition 'name'"


def test_color_only_when_asked():
    err = ServerError("x", status=503, body=fresh(ZSTACK_ERROR))
    assert not ANSI.search(format_error(err))
    colored = format_error(err, color=True)
    assert ANSI.search(colored)
    assert ANSI.sub("", re.sub(r"\x1b\[[0-9;]*m", "", colored)) == format_error(err)


def test_hint_repeating_details_or_solution_is_not_printed_twice():
    """The transport puts the details (or the ModelArts solution) in the hint; say it once."""
    err = ServerError("SYS.1006: An operation failed", status=503, body=fresh(ZSTACK_ERROR),
                      hint="cannot update model")
    assert format_error(err).splitlines()[0] == "error: SYS.1006: An operation failed"
    assert format_error(err).count("cannot update model") == 1
    err = ServerError("ModelArts.4104: The model does not exist.", status=404, body=dict(MODELARTS_ERROR),
                      hint=MODELARTS_ERROR["solution_msg"])
    assert format_error(err).count("Check the model ID") == 1
