"""Read-only mode: which APIs may run when a profile (or ``--read-only`` / ``ZSCLI_READ_ONLY``) forbids changes.

The decision is made by :func:`can_change` alone, from the schema: ``Api.read_only`` marks queries and
side-effect-free reads. Until every schema carries that flag, the API's action stands in for it (queries,
listings and session validation read; everything else may write). Logging in and out only manage this
client's own session, so they stay allowed: a read-only profile must still be able to authenticate.
"""
from __future__ import annotations

from zscli.errors import UsageError
from zscli.schema.types import Action, Api
from zscli.settings import Settings

_READS = frozenset({Action.QUERY, Action.LIST, Action.VALIDATE_SESSION})
_SESSION = frozenset({Action.LOGIN, Action.LOGOUT, Action.RENEW_SESSION, Action.VALIDATE_SESSION})


def can_change(api: Api) -> bool:
    """True when calling ``api`` may change something on the server (other than this client's session)."""
    if api.action in _SESSION:
        return False
    marked = getattr(api, "read_only", None)
    if isinstance(marked, bool):
        return not marked
    return api.action not in _READS


def check(api: Api, settings: Settings) -> None:
    """Raise a UsageError (exit 2, nothing sent) when read-only mode is on and ``api`` can change something."""
    if not settings.read_only or not can_change(api):
        return
    who = f"profile '{settings.profile}' is read-only" if settings.profile else "read-only mode is on"
    raise UsageError(f"{api.name} refused: {who} and {api.name} can change things; nothing was sent",
                     hint="use a profile without read_only = true" if settings.profile
                     else "drop --read-only / ZSCLI_READ_ONLY")


__all__ = ["can_change", "check"]
