"""Sessions: the files that keep them (one small JSON file per server, readable by its owner only) and the
bookkeeping of the calls that open and end them.

``<directory>/sessions/<host>_<port>.json`` holds ``{"uuid", "account", "host", "port", "server_version",
"version_checked"}``. Never a password.

Which calls log in and out is the schema's to say (``Action.LOGIN`` / ``Action.LOGOUT``); no API name is
written here: :func:`action_api` finds them, :meth:`SessionStore.record` keeps what they did.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any
from collections.abc import Iterator, Mapping

from zscli import paths
from zscli.call import SESSION_DEFAULT
from zscli.errors import ConfigError, SessionNotKept, TransportError
from zscli.record import asdict, record
from zscli.schema.types import Action, Api, Schema

FILE_MODE = 0o600
DIR_MODE = 0o700
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@record
class StoredSession:
    """A logged-in session for one server."""

    uuid: str
    account: str
    host: str
    port: int
    server_version: str = ""  # the management node's version (GetVersion), "" while unknown
    version_checked: float = 0.0  # when server_version was learned (seconds since the epoch; 0 = never)


class SessionStore:
    """Loads, saves (atomically, mode 0600) and deletes session files under ``directory/sessions``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory) / "sessions"
        # what each file held when last read, by its (inode, size, mtime): a batch asks for the session before
        # every command, and a stat costs far less than reading and parsing the file again
        self._read: dict[Path, tuple[tuple[int, int, int], StoredSession | None]] = {}

    def path(self, host: str, port: int) -> Path:
        """The file that holds the session for ``host:port``."""
        return self.directory / f"{_UNSAFE.sub('_', host) or '_'}_{int(port)}.json"

    def load(self, host: str, port: int) -> StoredSession | None:
        """The stored session for ``host:port``; None when there is none or the file is unreadable/corrupt.
        The file is read again only when it changed (another process may log in or out meanwhile)."""
        target = self.path(host, port)
        try:
            st = os.stat(target)
        except OSError:
            self._read.pop(target, None)
            return None
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        known = self._read.get(target)
        if known is not None and known[0] == stamp:
            return known[1]
        found = self._parse(target, host, port)
        self._read[target] = (stamp, found)
        return found

    @staticmethod
    def _parse(target: Path, host: str, port: int) -> StoredSession | None:
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        uuid, account, port_value = data.get("uuid"), data.get("account", ""), data.get("port", port)
        if not isinstance(uuid, str) or not uuid or not isinstance(account, str):
            return None
        if isinstance(port_value, bool) or not isinstance(port_value, int):
            return None
        stored_host = data.get("host", host)
        version, checked = data.get("server_version", ""), data.get("version_checked", 0.0)
        return StoredSession(uuid=uuid, account=account, host=stored_host if isinstance(stored_host, str) else host,
                             port=port_value, server_version=version if isinstance(version, str) else "",
                             version_checked=float(checked) if isinstance(checked, (int, float))
                             and not isinstance(checked, bool) else 0.0)

    def save(self, session: StoredSession, durable: bool = True) -> None:
        """Write the session atomically: a new 0600 file in the same directory (created exclusively, as
        ``tempfile.mkstemp`` does, without importing it: ~6 ms of ``zscli --sim``'s first prompt), fsync, rename.
        ``durable=False`` skips the two fsyncs (~12 ms) for a session that dies with the process anyway (the
        ``--sim`` simulator's); the rename still makes the write atomic."""
        target = self.path(session.host, session.port)
        tmp_name = ""
        try:
            paths.private_dir(self.directory, owned=self.directory.parent)  # sessions/ and zscli/: 0700
            name = str(self.directory / f".session-{os.getpid()}-{os.urandom(6).hex()}.tmp")
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
            tmp_name = name  # ours now: removed below if anything fails
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                if hasattr(os, "fchmod"):  # the umask may have narrowed it further; make it exactly 0600
                    os.fchmod(fh.fileno(), FILE_MODE)
                json.dump(asdict(session), fh)
                fh.flush()
                if durable:
                    os.fsync(fh.fileno())
            with self._locked():
                os.replace(tmp_name, target)
            tmp_name = ""
            if durable:
                _fsync_dir(self.directory)
        except OSError as exc:
            raise ConfigError(f"cannot save the session to {target}: {exc.strerror or exc}",
                              hint=f"check the permissions of {self.directory}") from None
        finally:
            if tmp_name:
                try:
                    os.unlink(tmp_name)
                except OSError:
                    pass

    def record(self, api: Api, args: Mapping[str, Any], body: Any, host: str, port: int) -> StoredSession | None:
        """Keep what a successful call of ``api`` with ``args`` did to the session of ``host:port``: a login
        stores the session its reply issued (and returns it); a logout forgets the stored session when it is
        the one that ended. TransportError when a login reply issues no session (nothing is stored)."""
        if api.action is Action.LOGIN:
            uuid = issued_uuid(body)
            if not uuid:
                raise TransportError("the login reply holds no session", hint="--debug shows the reply")
            session = StoredSession(uuid=uuid, account=login_account(api, args), host=host, port=port)
            try:
                self.save(session)
            except ConfigError as exc:  # the server logged us in: not "nothing was sent" (2), but not kept (4)
                raise SessionNotKept(f"logged in, but the session cannot be kept: {exc.message}",
                                     hint=f"make {self.directory} writable (or set XDG_STATE_HOME), then log "
                                          "in again") from None
            return session
        if api.action is Action.LOGOUT:
            stored = self.load(host, port)
            if stored is not None and args.get(_session_param(api), stored.uuid) == stored.uuid:
                self.delete(host, port, uuid=stored.uuid)  # not a newer one another zscli saved meanwhile
        return None

    def forget_failed(self, api: Api, args: Mapping[str, Any], sent: StoredSession) -> None:
        """The server rejected the session ``sent`` with a call of ``api``: forget it, unless the call named
        another session (``RenewSession sessionUuid=X``: the rejection may be about X, so the stored session is
        kept) or the store holds a newer session by now (another zscli logged in meanwhile)."""
        named = [args.get(p.name) for p in api.params if p.default == SESSION_DEFAULT]
        if all(value in (None, "", sent.uuid) for value in named):
            self.delete(sent.host, sent.port, uuid=sent.uuid)

    def delete(self, host: str, port: int, uuid: str | None = None) -> None:
        """Forget the session for ``host:port`` (no error when there is none). With ``uuid``, only when the
        stored session is still that one: the check and the removal happen under the store's lock, which
        :meth:`save` takes too, so a session saved meanwhile by another process is never removed."""
        target = self.path(host, port)
        try:
            with self._locked():
                if uuid is not None:
                    current = self.load(host, port)
                    if current is None or current.uuid != uuid:
                        return
                target.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise ConfigError(f"cannot delete the session file {target}: {exc.strerror or exc}",
                              hint=f"remove it by hand or check the permissions of {self.directory}") from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock on the sessions directory itself while the block runs (no lock file to leave
        behind); none where there is no flock, and none when the directory does not exist (then there is
        nothing to protect)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not a POSIX system
            yield
            return
        try:
            fd = os.open(self.directory, os.O_RDONLY)
        except FileNotFoundError:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def issued_uuid(body: Any) -> str:
    """The session uuid a login or renew reply issues (``{"inventory": {"uuid": ...}}``); "" when none."""
    inventory = body.get("inventory") if isinstance(body, dict) else None
    value = inventory.get("uuid") if isinstance(inventory, dict) else None
    return value if isinstance(value, str) else ""


def login_account(api: Api, args: Mapping[str, Any]) -> str:
    """The account a login call names: the value of its first required parameter that is not secret."""
    name = next((p.name for p in api.params if p.required and not p.secret), "")
    return str(args.get(name, "")) if name else ""


def _session_param(api: Api) -> str:
    """The parameter of a logout API that names the session it ends (the one defaulting to the session)."""
    return next((p.name for p in api.params if p.default == SESSION_DEFAULT), "")


_FOUND: dict[tuple[int, Action], str | None] = {}


def action_api(schema: Schema, action: Action) -> Api | None:
    """The API whose action is ``action`` (for LOGIN: the one taking an account and a secret). Only names that
    speak of logging in or out are read first, so the whole catalogue is read only if none of them fits."""
    key = (id(schema), action)
    if key not in _FOUND:
        names = schema.api_names
        likely = [n for n in names if "log" in n.lower()]
        _FOUND[key] = next((n for n in (*likely, *names) if _fits(schema.api(n), action)), None)
    name = _FOUND[key]
    return schema.api(name) if name else None


def _fits(api: Api | None, action: Action) -> bool:
    if api is None or api.action is not action:
        return False
    if action is Action.LOGIN:
        return sum(p.secret for p in api.params) == 1 and any(p.required and not p.secret for p in api.params)
    return True


def login_words(api: Api, account: str, password: str) -> list[str]:
    """The words of a call of login ``api`` with ``account`` and ``password`` (never typed on a line)."""
    name = next(p.name for p in api.params if p.required and not p.secret)
    secret = next(p.name for p in api.params if p.secret)
    return [api.name, f"{name}={account}", f"{secret}={password}"]
