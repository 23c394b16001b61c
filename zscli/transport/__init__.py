"""Call -> Reply over HTTP: the client (keep-alive, auth headers, async job polling, error mapping,
``--debug``/``--curl`` output) and the session files.

Importing this package is cheap: ``requests`` is imported on the first request.
"""
from __future__ import annotations

from .client import Client
from .errors import JobInterrupted, SessionExpired
from .session import SessionStore, StoredSession

__all__ = ["Client", "JobInterrupted", "SessionExpired", "SessionStore", "StoredSession"]
