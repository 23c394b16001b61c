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
from typing import TYPE_CHECKING
from collections.abc import Iterable

from zscli.errors import UsageError, ZscliError

if TYPE_CHECKING:
    from zscli.call import Call
    from zscli.runner import Runner
    from zscli.schema.types import Api, Param, Schema
    from zscli.transport import Client, StoredSession

VERSION_API = "GetVersion"
RECHECK_SECONDS = 24 * 3600  # a stored session's version is asked again at most once a day
_NUMBERS = re.compile(r"\s*(\d+(?:\.\d+)*)")


def version_key(text: str) -> tuple[int, ...] | None:
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


def too_new(api: Api, names: Iterable[str], server: str) -> list[Param]:
    """The parameters of ``api`` among ``names`` (in schema order) that ``server`` predates."""
    wanted = set(names)
    return [p for p in api.params if p.name in wanted and is_newer(p.since, server)]


def added_later(api: Api, names: Iterable[str]) -> list[str]:
    """The names among ``names`` of parameters introduced after ``api`` itself (only these can be too new for a
    server that has the API; with no API since-version, every parameter that has one)."""
    wanted = set(names)
    return [p.name for p in api.params if p.name in wanted and p.since
            and (not api.since or is_newer(p.since, api.since))]


def describe(api: Api, params: list[Param], server: str) -> str:
    """One line naming the parameters too new for ``server``, e.g. for a warning on stderr."""
    parts = ", ".join(f"{p.name} (since {p.since})" for p in params)
    noun = "parameter" if len(params) == 1 else "parameters"
    return f"{api.name}: {noun} {parts} newer than the server's ZStack {server}; it may ignore or refuse them"


def refusal(api: Api, params: list[Param], server: str) -> UsageError:
    """The error ``--strict-version`` raises instead of sending (exit code 2)."""
    return UsageError(describe(api, params, server).replace("; it may ignore or refuse them", ""),
                      hint="leave them out, or drop --strict-version to send them anyway")


def needs_check(checked: float, now: float | None = None) -> bool:
    """True when a version learned at ``checked`` (epoch seconds; 0 = never) should be asked again."""
    now = time.time() if now is None else now
    return not checked or now - checked >= RECHECK_SECONDS or now < checked


def fetch(client: Client, schema: Schema) -> str:
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


class VersionMemory:
    """What one runner knows of the management node's version: remembered with the stored session (or, when
    requests are signed with an access key, by the runner), learned with GetVersion when needed, and used to
    warn about (or refuse) parameters newer than the server."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self._version: str | None = None  # once known
        self._asked = False  # GetVersion is asked at most once per runner (and once after each login)

    def current(self, *, ask: bool = False) -> str:
        """The version ("" when unknown). ``ask`` learns it with GetVersion first when it was never learned or was
        learned a day ago or more; without ``ask`` nothing is sent."""
        runner = self.runner
        stored = runner.session()
        if stored is None:
            if ask and self._version is None and runner.settings.uses_access_key:
                self._version = fetch(runner.client, runner.schema)
            return self._version or ""
        if ask and not self._asked and needs_check(stored.version_checked):
            stored = self.learn(stored)
        self._version = stored.server_version
        return stored.server_version

    def known(self) -> str:
        """The version without any I/O after the first call (for completion, on every keystroke)."""
        if self._version is None:
            try:
                self.current()
            except ZscliError:
                self._version = ""
        return self._version or ""

    def learn(self, stored: StoredSession) -> StoredSession:
        """Ask GetVersion and remember the answer (and when) with ``stored`` (a new login does, whatever was asked
        before); a failed save is not an error."""
        from zscli.record import replace

        self._asked = True
        version = fetch(self.runner.client, self.runner.schema)
        updated = replace(stored, server_version=version or stored.server_version, version_checked=time.time())
        try:
            self.runner.store.save(updated)
        except ZscliError:
            pass
        self._version = updated.server_version
        return updated

    def check(self, call: Call, ask: bool) -> None:
        """Warn on stderr (refuse with ``--strict-version``: UsageError, exit 2) when ``call`` sends parameters
        newer than the server. The version is asked only for parameters added after their API itself."""
        later = added_later(call.api, call.args)
        if not later:
            return
        version = self.current(ask=ask)
        params = too_new(call.api, later, version)
        if not params:
            return
        if self.runner.settings.strict_version:
            raise refusal(call.api, params, version)
        from zscli.output.safe import visible

        self.runner.err.write(f"warning: {visible(describe(call.api, params, version))}\n")  # the server's words
        self.runner.err.flush()
