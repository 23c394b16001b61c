"""Accounts and sessions: LogInByAccount compares SHA-512 hashes; sessions live in the Session table."""
from __future__ import annotations

import hashlib
import uuid as uuidlib
from typing import Any, Optional

from . import codes, gson
from .store import Store, q

ADMIN_ACCOUNT = "admin"
ADMIN_PASSWORD = "password"
ADMIN_ACCOUNT_UUID = "36c27e8ff05c4780bf6d2fa65700f22e"


def sha512(text: str) -> str:
    """The SHA-512 hex digest of ``text`` (what clients send as the password)."""
    return hashlib.sha512(text.encode("utf-8")).hexdigest()


class Sessions:
    """Session bookkeeping over the store's Session table."""

    def __init__(self, store: Store, ttl: float) -> None:
        self.store = store
        self.ttl_ms = int(ttl * 1000)
        self.accounts = {ADMIN_ACCOUNT: (ADMIN_ACCOUNT_UUID, sha512(ADMIN_PASSWORD))}

    def create(self, account: str = ADMIN_ACCOUNT, ttl_ms: Optional[int] = None) -> dict[str, Any]:
        """A new session for ``account`` (no password check)."""
        account_uuid = self.accounts[account][0]
        now = gson.now_ms()
        record = {"uuid": uuidlib.uuid4().hex, "accountUuid": account_uuid, "userUuid": account_uuid,
                  "expiredDate": now + (self.ttl_ms if ttl_ms is None else ttl_ms), "createDate": now}
        self.store.insert("Session", record)
        return record

    def login(self, account: Any, password_hash: Any) -> dict[str, Any]:
        """Log in by account name and SHA-512 password hash; ApiFailure ID.1000 when wrong."""
        known = self.accounts.get(account) if isinstance(account, str) else None
        if known is None or not isinstance(password_hash, str) or password_hash.lower() != known[1]:
            raise codes.ApiFailure(codes.AUTH_FAILED, "wrong account name or password")
        return self.create(account)

    def valid(self, session_uuid: Optional[str]) -> bool:
        """True when the session exists and has not expired."""
        if not session_uuid:
            return False
        row = self.store.get("Session", session_uuid)
        return bool(row) and row["expiredDate"] > gson.now_ms()

    def require(self, authorization: Optional[str]) -> str:
        """The session uuid of an ``Authorization: OAuth <uuid>`` header; ApiFailure ID.1001 if not valid."""
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

    def renew(self, session_uuid: str, duration: Optional[int]) -> dict[str, Any]:
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
