"""zscli.sdk: ZStack's Python SDK shape on zscli's schema, validation and transport.

    from zscli.sdk import UpdateModelAction

    action = UpdateModelAction()
    action.uuid = "059d19eb310f36d4a7f43f51eaab87b8"
    action.name = "example"
    action.vendor = "Alibaba"
    action.sessionId = "b86c9016b4f24953a9edefb53ca0678c"
    res = action.call()
    res.throw_exception_if_error()
    print(res.value.inventory.name)

Every API of the schema is an ``<Api>Action`` class, built on first import of that name (importing this package
reads no schema). ``Client`` / ``configure`` choose the server and credentials (default: zscli's config, profile,
environment and stored session); ``Result`` holds ``value`` or ``error``. See ``python -m zscli.sdk --help``.
"""
from __future__ import annotations

import sys

_LAZY = {
    "Client": "client", "configure": "client", "default_client": "client", "ServerVersionWarning": "client",
    "Result": "result", "ErrorCode": "result", "ApiError": "result", "Record": "result",
    "AbstractAction": "actions", "QueryAction": "actions",
}
_ERRORS = ("ZscliError", "UsageError", "AuthError", "TransportError", "ServerError")

__all__ = sorted([*_LAZY, *_ERRORS])


class UnknownAction(AttributeError):
    """``zscli.sdk.<Name>`` names no action (the message says which ones are close)."""


def __getattr__(name: str) -> object:
    """``UpdateModelAction`` and the other public names, resolved on first access and then cached."""
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    elif name in _ERRORS:
        from zscli import errors

        value = getattr(errors, name)
    elif name.startswith("_") or not name[:1].isupper():
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    else:
        from .actions import action_class

        value = action_class(name)
        if value is None:
            raise _unknown(name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names and every action (this reads the list of API names, not the APIs)."""
    from zscli.schema import load

    return sorted({*globals(), *__all__, *(n + "Action" for n in load().api_names)})


def _unknown(name: str) -> Exception:
    """An AttributeError naming close actions; an ImportError (with the same words) when the failed lookup comes
    from ``from zscli.sdk import ...`` (whose own message would drop the suggestion)."""
    from zscli.language.suggest import did_you_mean
    from zscli.schema import load

    names = [n + "Action" for n in load().api_names]
    hint = did_you_mean(name, names) or f"{len(names)} actions exist, e.g. {', '.join(names[:3])}"
    message = f"zscli.sdk has no action {name!r} ({hint})"
    if _from_import():
        return ImportError(message, name=__name__)
    return UnknownAction(message)


def _from_import() -> bool:
    """True when the caller's current instruction is ``IMPORT_FROM`` (CPython; False when unsure)."""
    try:
        import dis

        frame = sys._getframe(3)
        return frame.f_code.co_code[frame.f_lasti] == dis.opmap["IMPORT_FROM"]
    except Exception:  # noqa: BLE001 - another interpreter: keep the AttributeError
        return False
