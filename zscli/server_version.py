"""The management node's version: asking for it (``GetVersion``) and naming parameters newer than it.

Every parameter carries the ZStack version that introduced it (``Param.since``, e.g. ``"5.5.22"``). A server older
than that may ignore or refuse the parameter, so the front doors warn (or refuse, with ``--strict-version``)
before sending one. Versions compare by their leading dotted numbers: ``5.3.20`` < ``5.5.6`` < ``5.5.22``;
anything after the numbers (``5.3.20-rc1``, ``5.3.20.1234 build``) is ignored, and an empty or unreadable
version is never "newer" (no warning rather than a wrong one).
"""
from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Iterable, Optional

from zscli.errors import UsageError, ZscliError

if TYPE_CHECKING:
    from zscli.schema.types import Api, Param, Schema
    from zscli.transport import Client

VERSION_API = "GetVersion"
RECHECK_SECONDS = 24 * 3600  # a stored session's version is asked again at most once a day
_NUMBERS = re.compile(r"\s*(\d+(?:\.\d+)*)")


def version_key(text: str) -> Optional[tuple[int, ...]]:
    """``"5.5.22"`` -> ``(5, 5, 22)``; trailing zeros dropped (``5.3`` == ``5.3.0``); None when unreadable."""
    m = _NUMBERS.match(text or "")
    if m is None:
        return None
    parts = [int(p) for p in m.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def is_newer(since: str, server: str) -> bool:
    """True when ``since`` names a later version than ``server`` (False if either is empty or unreadable)."""
    a, b = version_key(since), version_key(server)
    return a is not None and b is not None and a > b


def too_new(api: "Api", names: Iterable[str], server: str) -> list["Param"]:
    """The parameters of ``api`` among ``names`` (in schema order) that ``server`` predates."""
    wanted = set(names)
    return [p for p in api.params if p.name in wanted and is_newer(p.since, server)]


def added_later(api: "Api", names: Iterable[str]) -> list[str]:
    """The names among ``names`` of parameters introduced after ``api`` itself (only these can be too new for a
    server that has the API; with no API since-version, every parameter that has one)."""
    wanted = set(names)
    return [p.name for p in api.params if p.name in wanted and p.since
            and (not api.since or is_newer(p.since, api.since))]


def describe(api: "Api", params: list["Param"], server: str) -> str:
    """One line naming the parameters too new for ``server``, e.g. for a warning on stderr."""
    parts = ", ".join(f"{p.name} (since {p.since})" for p in params)
    noun = "parameter" if len(params) == 1 else "parameters"
    return f"{api.name}: {noun} {parts} newer than the server's ZStack {server}; it may ignore or refuse them"


def refusal(api: "Api", params: list["Param"], server: str) -> UsageError:
    """The error ``--strict-version`` raises instead of sending (exit code 2)."""
    return UsageError(describe(api, params, server).replace("; it may ignore or refuse them", ""),
                      hint="leave them out, or drop --strict-version to send them anyway")


def needs_check(checked: float, now: Optional[float] = None) -> bool:
    """True when a version learned at ``checked`` (epoch seconds; 0 = never) should be asked again."""
    now = time.time() if now is None else now
    return not checked or now - checked >= RECHECK_SECONDS or now < checked


def fetch(client: "Client", schema: "Schema") -> str:
    """Ask the server with ``GetVersion`` (no session needed); ``""`` when the schema lacks the API or the
    server cannot say (an old server, a network error: version awareness never breaks a command)."""
    from zscli.language import parser, wire

    if schema.api(VERSION_API) is None:
        return ""
    try:
        call = parser.parse([VERSION_API], schema)
        body = client.execute(call.api, wire.build(call)).body
    except ZscliError:
        return ""
    version = body.get("version") if isinstance(body, dict) else None
    return version.strip() if isinstance(version, str) else ""


__all__ = ["RECHECK_SECONDS", "VERSION_API", "added_later", "describe", "fetch", "is_newer", "needs_check", "refusal",
           "too_new", "version_key"]
