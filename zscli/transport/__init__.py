"""Call -> Reply over HTTP: the client (keep-alive, auth headers, async job polling, error mapping,
``--debug``/``--curl`` output) and the session files.

Importing this package is cheap: its modules load on first use of a name (``from zscli.transport import Client``),
and ``requests`` on the first request, so ``zscli.transport.session`` alone does not pull in the HTTP client.
"""
from __future__ import annotations

import importlib
from typing import Any

_HOMES = {"Client": ".client", "JobInterrupted": ".errors", "SessionExpired": ".errors",
          "SessionStore": ".session", "StoredSession": ".session"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)


__all__ = ["Client", "JobInterrupted", "SessionExpired", "SessionStore", "StoredSession"]
