"""ZStack access-key request signing (see docs/access-keys.md for the protocol facts).

A request signed with an access key carries two headers instead of a session::

    Date: Mon, 30 Nov 2026 16:55:55 GMT
    Authorization: ZStack <accessKeyId>:<signature>

where ``signature = base64(HMAC-SHA1(secret, "<METHOD>\\n<Date>\\n/v1<path>"))`` and ``<path>`` is the API's
path below ``/zstack/v1`` with its placeholders filled in, percent-decoded, without the query string.

:func:`sign_headers` is the one function every caller (the client, the simulator's checks, ``zscli.sdk``) uses;
the modules it needs (hmac, hashlib, base64) are imported on the first signature, not at start-up.
"""
from __future__ import annotations

import time

SCHEME = "ZStack"
SKEW_SECONDS = 15 * 60  # the server accepts a Date up to 15 minutes before or after its own clock
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(now: float | None = None) -> str:
    """``now`` (seconds since the epoch; default: the current time) as an RFC 1123 date in GMT."""
    t = time.gmtime(time.time() if now is None else now)
    return (f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d} "
            f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT")


def string_to_sign(method: str, date: str, path: str) -> str:
    """The text that is signed: ``METHOD\\nDate\\n/v1<path>``.

    ``path`` is relative to ``/zstack/v1`` (``/ai/models/abc``); a query string is dropped, percent escapes are
    decoded (the server compares against the decoded request path).
    """
    from urllib.parse import unquote

    bare = path.split("?", 1)[0]
    if not bare.startswith("/"):
        bare = "/" + bare
    return f"{method.upper()}\n{date}\n/v1{unquote(bare)}"


def signature(secret: str, method: str, date: str, path: str) -> str:
    """base64(HMAC-SHA1(secret, string_to_sign(method, date, path)))."""
    import base64
    import hashlib
    import hmac

    digest = hmac.new(secret.encode("utf-8"), string_to_sign(method, date, path).encode("utf-8"),
                      hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def sign_headers(key_id: str, secret: str, method: str, path: str, now: float | None = None) -> dict[str, str]:
    """The ``Date`` and ``Authorization`` headers that sign ``method`` on ``path`` (relative to /zstack/v1)."""
    date = http_date(now)
    return {"Date": date, "Authorization": f"{SCHEME} {key_id}:{signature(secret, method, date, path)}"}


def parse_authorization(value: str) -> tuple[str, str] | None:
    """``(key_id, signature)`` of an ``Authorization: ZStack <id>:<signature>`` value, or None."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme != SCHEME:
        return None
    parts = rest.strip().split(":")
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]


__all__ = ["SCHEME", "SKEW_SECONDS", "http_date", "parse_authorization", "sign_headers", "signature",
           "string_to_sign"]
