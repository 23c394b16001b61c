"""Turning failed exchanges into ZscliError values: unreachable servers, error replies, interrupted jobs.

Nothing here imports ``requests`` at module level; the exception classes are looked up when an error
is being translated.
"""
from __future__ import annotations

import json
import re
from typing import Any

from zscli.errors import AuthError, ExitCode, ServerError, TransportError, ZscliError
from zscli.faults import Fault, known_shapes, read
from zscli.schema.types import Api, Family
from zscli.text import clip

SESSION_EXPIRED_CODE = "ID.1001"
TOKEN_HINT = "set ZSCLI_MODELARTS_TOKEN, or modelarts_token_file in the config file"
ACCESS_KEY_HINT = "check the key id and its secret: ZSCLI_ACCESS_KEY_ID/SECRET or the profile's access_key_*"
SKEW_HINT = "this machine's clock and the server's differ by more than 15 minutes (or its time zone: " \
            "see docs/access-keys.md)"


class JobInterrupted(ZscliError):
    """The user pressed Ctrl-C while an asynchronous job was being polled; the job may still run."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, location: str) -> None:
        super().__init__(f"stopped waiting; the job may still be running: check it with GET {location}")
        self.location = location


class SessionExpired(AuthError):
    """The server rejected the session (ZStack error ``ID.1001``): the stored session should be dropped
    (callers recognise it by type)."""

    def __init__(self, body: dict[str, Any] | None = None) -> None:
        super().__init__("session expired or invalid", hint="run LogInByAccount")
        self.body = body


def parse_json(raw: bytes | str) -> Any:
    """Decode a JSON reply (bytes, or text already decoded from UTF-8); ``{}`` for an empty body. Raises
    ValueError when it is not JSON (or is nested deeper than the parser can follow)."""
    text = raw if isinstance(raw, str) else raw.decode("utf-8")
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def check_session_reply(body: Any, status: int) -> None:
    """A login or renew reply must be ``{"inventory": {"uuid": "<session uuid>", ...}}``: anything else
    (``null``, ``[1]``, ``{"inventory": "x"}``) is an unparsable reply, never an empty stored session."""
    inventory = body.get("inventory") if isinstance(body, dict) else None
    uuid = inventory.get("uuid") if isinstance(inventory, dict) else None
    if not isinstance(uuid, str) or not uuid.strip():
        raise TransportError(f"the server's session reply holds no session uuid (HTTP {status})",
                             hint="is --host/--port pointing at a ZStack API server? --debug shows the reply")


# -- error replies ---------------------------------------------------------------------------------------

def fault_error(status: int, fault: Fault, body: dict[str, Any], api: Api | None = None) -> ZscliError:
    """The error for a reply holding the error object ``fault``: an expired session (by its code), a rejected
    ModelArts token (401), or the server saying no."""
    if fault.code == SESSION_EXPIRED_CODE:
        return SessionExpired(fault.raw)
    description = fault.description or next(iter(fault.detail_texts), "")
    message = f"{fault.code}: {description}" if fault.code and description else (fault.code or description)
    message = clip(message, 1000) or f"HTTP {status}"
    details = next((d for d in fault.detail_texts if d != description), "")
    token_family = api.family is Family.MODELARTS if api is not None else not fault.wrapped
    if status == 401 and token_family:
        solved = f"{fault.solution.rstrip('.')}; " if fault.solution else ""
        return AuthError(message if fault.headline else "the ModelArts token was rejected",
                         hint=f"{solved}{TOKEN_HINT}")
    hint = clip(details, 300) if details else fault.solution
    return ServerError(message, status, body=fault.raw, hint=hint, fault=fault)


def reply_error(status: int, reason: str, raw: bytes, api: Api | None = None, where: str = "") -> ZscliError:
    """The error for a non-2xx reply with body ``raw``: an error object of one of the schema's error shapes
    (``api``'s own first), or a plain-text rejection. A reply with neither (empty, an HTML page, JSON of another
    shape) names the request, ``where`` (``PUT http://host:port/zstack/v1/...``, credentials already masked),
    and asks whether the server is a ZStack management node at all."""
    try:
        body = parse_json(raw)
    except ValueError:
        body = None
    if isinstance(body, dict):
        fault = read(body, known_shapes(api.error if api is not None else ""))
        if fault is not None:
            return fault_error(status, fault, body, api)
        return _bodiless(status, reason, api, where, body)
    text = raw.decode("utf-8", errors="replace").strip()
    if not text or text.startswith("<") or body is not None:
        # an HTML error page (a proxy, a web server in front) or a bare JSON value: only the status to say
        return _bodiless(status, reason, api, where)
    return ServerError(clip(text, 500), status)


_BODILESS_HINTS = {
    413: "the request is too large for the server: send less",
    414: "the URL is too long for the server: shorten the query",
    502: "a proxy in front of it answered: is the management node up? check --host/--port",
    503: "a proxy in front of it answered: is the management node up? check --host/--port",
    504: "a proxy in front of it answered: is the management node up? check --host/--port",
}


def _bodiless(status: int, reason: str, api: Api | None, where: str,
              body: dict[str, Any] | None = None) -> ServerError:
    """An error reply without an error object of any known shape (``body``: the JSON object it held, if any)."""
    modelarts = api is not None and api.family is Family.MODELARTS
    answer = f"HTTP {status} {reason}".strip()
    if not where:
        return ServerError(answer, status, body=body)
    family = "ModelArts" if modelarts else "ZStack"
    hint = _BODILESS_HINTS.get(status) or (
        "is this a ModelArts-style API server? check --modelarts-endpoint" if modelarts
        else "is this a ZStack management node? check --host/--port")
    return ServerError(f"{clip(where, 300)} answered {answer} with no {family} error body", status, body=body,
                       hint=hint)


def access_key_error(status: int, error: ZscliError) -> ZscliError:
    """``error`` for a request signed with an access key: the server's plain-text rejections of the signature
    or its Date (400/401/403) become an AuthError (exit 4) saying what to check."""
    if not isinstance(error, ServerError) or error.body is not None or status not in (400, 401, 403):
        return error
    message = error.message
    if "skewed" in message.lower():
        return AuthError(f"access key request rejected: {message}", hint=SKEW_HINT)
    if status in (401, 403) or "accesskey" in message.lower() or "'date'" in message.lower():
        return AuthError(f"access key rejected: {message}", hint=ACCESS_KEY_HINT)
    return error


def unparsable(status: int) -> TransportError:
    """A reply that should be JSON and is not."""
    return TransportError(f"unparsable reply from server (HTTP {status})",
                          hint="is --host/--port pointing at a ZStack API server? --debug shows the reply")


# -- failures below HTTP -----------------------------------------------------------------------------------

_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _short_reason(exc: BaseException) -> str:
    """A few words out of requests' long nested messages: 'connection refused', 'name or service not known'."""
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, OSError) and item.strerror:
            return item.strerror.lower()
        todo.extend(item.args)
        todo.extend((getattr(item, "reason", None), item.__cause__, item.__context__))
    text = str(exc)
    match = _ERRNO.search(text)
    if match:
        return match.group(1).strip().lower()
    if "Failed to resolve" in text or "NameResolution" in text:
        return "host name not found"
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "connection closed by the server"
    return _PLAIN_REASONS.get(type(exc).__name__, "the exchange failed")


#: What a requests exception means, in words (never its class name).
_PLAIN_REASONS = {
    "ChunkedEncodingError": "the reply was cut off while it was being read",
    "ContentDecodingError": "the reply's compression is broken",
    "TooManyRedirects": "the server redirected the request too many times",
    "InvalidHeader": "a request header holds characters that cannot be sent (check tokens and keys)",
    "InvalidURL": "the server address is not a valid URL",
    "InvalidSchema": "the server address has no http:// or https://",
    "MissingSchema": "the server address has no http:// or https://",
    "StreamConsumedError": "the reply was already read",
    "ProxyError": "the proxy refused or failed the connection",
}
_NOT_TLS = ("wrong version number", "record layer failure", "unknown protocol", "http request",
            "packet length too long")


def request_error(exc: Exception, base_url: str) -> ZscliError:
    """Translate any exception raised by ``requests`` while sending into a TransportError."""
    from .lazy import import_requests

    requests = import_requests()

    if isinstance(exc, requests.exceptions.SSLError) and any(s in str(exc).lower() for s in _NOT_TLS):
        return TransportError(f"{base_url} does not speak TLS (it answered in plain text)",
                              hint="is it a plain-HTTP port? leave out --https, or give the HTTPS port")
    if isinstance(exc, requests.exceptions.SSLError):
        return TransportError(f"TLS handshake with {base_url} failed: {_short_reason(exc)}",
                              hint="pass --ca-bundle FILE for a private CA, or --insecure to skip verification")
    if isinstance(exc, requests.exceptions.Timeout):
        return TransportError(f"no reply from {base_url} in time",
                              hint="the server may be busy; raise --timeout (seconds)")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return TransportError(f"cannot reach {base_url}: {_short_reason(exc)}",
                              hint="is the server running? check --host/--port")
    return TransportError(f"cannot send the request to {base_url}: {_short_reason(exc)}",
                          hint="check --host/--port and the proxy settings")
