"""Where SDK calls go: a :class:`Client` holds the settings (host, port, TLS...), the credentials and one
kept-alive HTTP connection (zscli's own transport), and the server version it learned.

Settings resolve as the CLI's do (defaults < config file < profile < ``ZSCLI_*`` environment < arguments), so
``Client()`` with no argument talks to the server ``zscli`` talks to, with the session ``zscli LogInByAccount``
stored. Actions without an explicit client use :func:`default_client` (set it with :func:`configure`).
"""
from __future__ import annotations

import threading
import warnings
from typing import TYPE_CHECKING, Any

from zscli.errors import AuthError, UsageError
from zscli.record import replace

if TYPE_CHECKING:
    from zscli.call import Response, WireRequest
    from zscli.schema.types import Api, Schema
    from zscli.settings import Settings
    from zscli.transport import Client as Transport, StoredSession


class ServerVersionWarning(UserWarning):
    """A call sets parameters newer than the server's version (see ``Client(strict_version=True)``)."""


class Client:
    """A connection to one management node (see the module docstring).

    ``account``/``password``: log in on the first call that needs a session (and again if it expires);
    ``session_id``: use this session; ``access_key_id``/``access_key_secret``: sign every request instead (also
    read from the profile or ``ZSCLI_ACCESS_KEY_ID``/``ZSCLI_ACCESS_KEY_SECRET``); none of them: the session
    ``zscli LogInByAccount`` stored for host:port.
    ``timeout``: seconds per HTTP request. ``strict_version``: refuse (UsageError) instead of warning when a call
    sets parameters newer than the server. Raises ConfigError for a bad config file, profile or value.
    """

    def __init__(self, host: str | None = None, port: int | None = None, account: str | None = None,
                 password: str | None = None, *, session_id: str | None = None, profile: str | None = None,
                 https: bool | None = None, verify: bool | None = None, ca_bundle: str | None = None,
                 timeout: float | None = None, modelarts_endpoint: str | None = None,
                 modelarts_token: str | None = None, access_key_id: str | None = None,
                 access_key_secret: str | None = None, strict_version: bool = False,
                 debug: bool = False) -> None:
        from zscli import config

        flags = {"host": host, "port": port, "https": https, "ca_bundle": ca_bundle, "timeout": timeout,
                 "modelarts_endpoint": modelarts_endpoint}
        if verify is not None:
            flags["verify"] = verify
        resolved = config.resolve(flags, profile=profile or "")
        from zscli.schema.user import use_resolved

        use_resolved(resolved)  # the schema zscli would use with these settings (ZSCLI_SCHEMA, config, user schema)
        settings = resolved.settings
        if modelarts_token is not None:
            settings = replace(settings, modelarts_token=modelarts_token)
        if access_key_id is not None or access_key_secret is not None:
            settings = replace(settings, access_key_id=access_key_id or "", access_key_secret=access_key_secret or "")
        self.settings: Settings = settings
        self.account = account
        self._password = password
        self._session_id = session_id
        self.strict_version = strict_version
        self._debug = debug
        self._transport: Transport | None = None
        self._signers: dict[tuple[str, str], Transport] = {}  # transports for other access keys (or none)
        self._server_version: str | None = None
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Client(host={self.settings.host!r}, port={self.settings.port}, account={self.account!r})"

    # -- the HTTP side -------------------------------------------------------------------------------------------
    @property
    def transport(self) -> Transport:
        """zscli's HTTP client (created on first use)."""
        if self._transport is None:
            import sys

            from zscli.transport import Client as Transport

            self._transport = Transport(self.settings, trace=sys.stderr if self._debug else None)
        return self._transport

    def _transport_for(self, access_key: tuple[str, str] | None) -> Transport:
        """The transport signing with ``access_key`` (``("", "")``: with none); the client's own for None."""
        if access_key is None or access_key == (self.settings.access_key_id, self.settings.access_key_secret):
            return self.transport
        with self._lock:
            if access_key not in self._signers:
                from zscli.transport import Client as Transport

                settings = replace(self.settings, access_key_id=access_key[0], access_key_secret=access_key[1])
                self._signers[access_key] = Transport(settings)
            return self._signers[access_key]

    @property
    def uses_access_key(self) -> bool:
        """True when this client signs requests with an access key instead of a session."""
        return self.settings.uses_access_key

    def close(self) -> None:
        """Release the kept-alive connections."""
        for transport in [self._transport, *self._signers.values()]:
            if transport is not None:
                transport.close()
        self._transport = None
        self._signers.clear()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def execute(self, api: Api, request: WireRequest, session_uuid: str | None, *,
                wait_timeout: float | None = None, poll_interval: float | None = None,
                access_key: tuple[str, str] | None = None) -> Response:
        """Send one request through the transport (async jobs polled as the CLI polls them), signed with
        ``access_key`` (id, secret) when given, with no access key for ``("", "")``."""
        return self._transport_for(access_key).execute(api, request, session_uuid=session_uuid,
                                                       wait_timeout=wait_timeout, poll_interval=poll_interval)

    # -- credentials ---------------------------------------------------------------------------------------------
    def _stored(self) -> StoredSession | None:
        from zscli import paths
        from zscli.transport import SessionStore

        return SessionStore(paths.state_dir(self.settings.state_dir)).load(self.settings.host, self.settings.port)

    @property
    def can_login(self) -> bool:
        """True when this client holds an account and password (it logs in by itself)."""
        return bool(self.account) and self._password is not None

    def session_id(self, schema: Schema) -> str | None:
        """The session for calls without ``sessionId``: given, logged in by this client, or stored by zscli."""
        with self._lock:
            if self._session_id:
                return self._session_id
            if self.can_login:
                self._session_id = self.login(schema)
                return self._session_id
            stored = self._stored()
            if stored is not None and self._server_version is None and stored.server_version:
                self._server_version = stored.server_version
            return stored.uuid if stored is not None else None

    def login(self, schema: Schema) -> str:
        """Log in with the client's account and password (``LogInByAccount``); the new session uuid."""
        from zscli.call import Call
        from zscli.language import wire

        if not self.can_login:
            raise AuthError("this client has no account and password", hint="Client(account=..., password=...)")
        api = schema.api("LogInByAccount")
        if api is None:
            raise UsageError("the schema has no LogInByAccount API", hint="rebuild the schema")
        call = Call(api=api, args={"accountName": self.account, "password": self._password})
        body = self.execute(api, wire.build(call), None).body
        inventory = body.get("inventory") if isinstance(body, dict) else None
        uuid = inventory.get("uuid") if isinstance(inventory, dict) else None
        if not isinstance(uuid, str) or not uuid:
            raise AuthError("the login reply holds no session", hint="check the account, or the server")
        self._server_version = None  # learn it again for this login
        return uuid

    def relogin(self, schema: Schema) -> str | None:
        """After a session expired: a new session when this client can log in, else None."""
        with self._lock:
            if not self.can_login:
                return None
            self._session_id = self.login(schema)
            return self._session_id

    # -- the server version --------------------------------------------------------------------------------------
    def server_version(self, schema: Schema) -> str:
        """The management node's version (``GetVersion``, asked once per client); ``""`` when unknown."""
        with self._lock:
            if self._server_version is None:
                from zscli import server_version

                self._server_version = server_version.fetch(self.transport, schema)
            return self._server_version

    def check_version(self, api: Api, names: list[str], schema: Schema) -> None:
        """Warn (:class:`ServerVersionWarning`), or refuse when ``strict_version``, about parameters among
        ``names`` newer than the server."""
        from zscli import server_version

        later = server_version.added_later(api, names)
        if not later:
            return
        version = self.server_version(schema)
        params = server_version.too_new(api, later, version)
        if not params:
            return
        if self.strict_version:
            raise server_version.refusal(api, params, version)
        warnings.warn(server_version.describe(api, params, version), ServerVersionWarning, stacklevel=3)


_default: Client | None = None
_default_lock = threading.Lock()


def configure(client: Client | None = None, **settings: Any) -> Client:
    """Set the client actions use when none is given: ``client``, or ``Client(**settings)``; returns it."""
    global _default
    new = client if client is not None else Client(**settings)
    with _default_lock:
        old, _default = _default, new
    if old is not None and old is not new:
        old.close()
    return new


def default_client() -> Client:
    """The client set by :func:`configure`, else one built from the config file, profile and environment."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Client()
        return _default


__all__ = ["Client", "ServerVersionWarning", "configure", "default_client"]
