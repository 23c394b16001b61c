"""Accounts, sessions and access keys: LogInByAccount compares SHA-512 hashes; sessions live in the Session
table; a request signed with an access key (``Authorization: ZStack <id>:<signature>`` plus ``Date``) is checked
as the server checks it (see docs/access-keys.md)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid as uuidlib
from typing import Any

from . import codes, gson
from .codes import BadRequest
from .facts import ACCESS_KEY_ID, ACCESS_KEY_SECRET, ADMIN_ACCOUNT, ADMIN_ACCOUNT_UUID, ADMIN_PASSWORD
from .store import Store, q
MISSING_DATE = "'Date' must be incuded in request header"  # sic: the server's own words
BAD_DATE = "'Date' format error, correct format is 'EEE, dd MMM yyyy HH:mm:ss z'"
BAD_FORMAT = "accessKey format is 'ZStack AccessKeyId:Signature'"
SKEWED = "requestTimeTooSkewed"
WRONG_SIGNATURE = "wrong accessKey signature"
SCHEME = "ZStack"
SKEW_SECONDS = 15 * 60  # the server's REQUEST_DURATION_MINUTES


def sha512(text: str) -> str:
    """The SHA-512 hex digest of ``text`` (what clients send as the password)."""
    return hashlib.sha512(text.encode("utf-8")).hexdigest()


class Sessions:
    """Session bookkeeping over the store's Session table."""

    def __init__(self, store: Store, ttl: float) -> None:
        self.store = store
        self.ttl_ms = int(ttl * 1000)
        self.accounts = {ADMIN_ACCOUNT: (ADMIN_ACCOUNT_UUID, sha512(ADMIN_PASSWORD))}
        self.access_keys = {ACCESS_KEY_ID: (ADMIN_ACCOUNT_UUID, ACCESS_KEY_SECRET)}

    def create(self, account: str = ADMIN_ACCOUNT, ttl_ms: int | None = None, uuid: str = "") -> dict[str, Any]:
        """A new session for ``account`` (no password check); ``uuid`` names it (default: a new one)."""
        account_uuid = self.accounts[account][0]
        now = gson.now_ms()
        record = {"uuid": uuid or uuidlib.uuid4().hex, "accountUuid": account_uuid, "userUuid": account_uuid,
                  "expiredDate": now + (self.ttl_ms if ttl_ms is None else ttl_ms), "createDate": now}
        self.store.insert("Session", record)
        return record

    def login(self, account: Any, password_hash: Any) -> dict[str, Any]:
        """Log in by account name and SHA-512 password hash; ApiFailure ID.1000 when wrong."""
        known = self.accounts.get(account) if isinstance(account, str) else None
        if known is None or not isinstance(password_hash, str) or password_hash.lower() != known[1]:
            raise codes.ApiFailure(codes.AUTH_FAILED, "wrong account name or password")
        return self.create(account)

    def valid(self, session_uuid: str | None) -> bool:
        """True when the session exists and has not expired."""
        if not session_uuid:
            return False
        row = self.store.get("Session", session_uuid)
        return row is not None and row["expiredDate"] > gson.now_ms()

    def require(self, authorization: str | None, method: str = "", path: str = "",
                date: str | None = None) -> str:
        """Who sent the request: the session uuid of ``Authorization: OAuth <uuid>`` (ApiFailure ID.1001 if not
        valid), or the account uuid of a request signed with an access key (``method``, the decoded URL
        ``path`` and the ``Date`` header are what was signed; BadRequest when the signature does not hold)."""
        if (authorization or "").strip().startswith(SCHEME):
            return self.check_signature(authorization or "", method, path, date)
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme != "OAuth" or not token.strip():
            raise codes.ApiFailure(codes.INVALID_SESSION, "the request has no 'Authorization: OAuth <session uuid>' "
                                   "header; log in first")
        token = token.strip()
        if not self.valid(token):
            raise codes.ApiFailure(codes.INVALID_SESSION, f"session[uuid:{token}] is expired or does not exist; "
                                   "log in again")
        return token

    def logout(self, session_uuid: str) -> None:
        """Delete a session (unknown sessions are ignored)."""
        self.store.delete("Session", "uuid", session_uuid)

    def renew(self, session_uuid: str, duration: int | None) -> dict[str, Any]:
        """Extend a valid session to now + ``duration`` seconds (default: the configured TTL)."""
        if not self.valid(session_uuid):
            raise codes.ApiFailure(codes.INVALID_SESSION, f"session[uuid:{session_uuid}] is expired or does not exist")
        expires = gson.now_ms() + (int(duration) * 1000 if duration else self.ttl_ms)
        self.store.update("Session", session_uuid, {"expiredDate": expires})
        return self.store.get("Session", session_uuid) or {}

    def expire_all(self) -> None:
        """Make every current session expired."""
        with self.store.lock:
            self.store.conn.execute(f"UPDATE {q('Session')} SET {q('expiredDate')} = ?", [gson.now_ms() - 1])

    def check_signature(self, authorization: str, method: str, path: str, date: str | None,
                        now: float | None = None) -> str:
        """The account uuid of a correctly signed request; otherwise BadRequest with the server's status and
        words: 400 without or with an unreadable Date or a malformed header, 403 when the Date is more than 15
        minutes away from this clock, 401 for an unknown key or a wrong signature."""
        if not date:
            raise BadRequest(MISSING_DATE, 400)
        sent = parse_date(date)
        if sent is None:
            raise BadRequest(BAD_DATE, 400)
        if abs((time.time() if now is None else now) - sent) > SKEW_SECONDS:
            raise BadRequest(SKEWED, 403)
        parts = authorization.strip()[len(SCHEME):].strip().split(":")
        if len(parts) != 2:
            raise BadRequest(BAD_FORMAT, 400)
        key_id, given = parts
        known = self.access_keys.get(key_id)
        # the server signs what it sees: the decoded request path without its context path (/zstack)
        uri = path[len("/zstack"):] if path.startswith("/zstack/") else path
        text = f"{method}\n{date}\n{uri}".encode()
        expected = base64.b64encode(hmac.new(known[1].encode("utf-8"), text, hashlib.sha1).digest()).decode() \
            if known else ""
        if known is None or not hmac.compare_digest(given.encode(), expected.encode()):
            raise BadRequest(WRONG_SIGNATURE, 401)
        return known[0]


def parse_date(text: str) -> float | None:
    """Seconds since the epoch of an RFC 1123 ``Date`` (``Mon, 30 Nov 2026 16:55:55 GMT``; a numeric offset
    also works; a zone name other than GMT/UTC is read as this machine's local time, as the server does by
    default). None when it is not such a date."""
    from email.utils import mktime_tz, parsedate_tz

    text = text.strip()
    fields = parsedate_tz(text)
    if fields is None or not text[:3].isalpha() or "," not in text:
        return None
    zone = text.rsplit(" ", 1)[-1].upper()
    if zone in ("GMT", "UTC", "UT", "Z") or (zone[:1] in "+-" and zone[1:].isdigit()):
        return float(mktime_tz(fields))
    return time.mktime(fields[:8] + (-1,))  # a zone name: local time, as the server's default checkTimeZone=false
