"""Importing ``requests`` on first use, without the part of it zscli never uses.

``requests`` imports a character-detection library (``charset_normalizer`` or ``chardet``) at import time, only to
guess the encoding of replies that declare none (``Response.text`` / ``apparent_encoding``). zscli reads reply
bytes and decodes them as JSON itself, so that import (~13 ms, about a tenth of a one-shot run) is skipped:
requests supports running without either library and then assumes UTF-8.
"""
from __future__ import annotations

import sys
import warnings
from types import ModuleType

_DETECTORS = ("charset_normalizer", "chardet")


def import_requests() -> ModuleType:
    """The ``requests`` module; the first import skips its optional character-detection dependency.

    The skip lasts only while requests itself is imported: anything importing ``charset_normalizer`` later in
    the process gets the real module. A requests version that cannot start without it is imported normally.
    """
    loaded = sys.modules.get("requests")
    if loaded is not None:
        return loaded
    blocked = [name for name in _DETECTORS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Unable to find acceptable character detection")
            import requests
    except ImportError:  # an older requests that insists on a detector: forget the half import, do it normally
        for name in [m for m in sys.modules if m == "requests" or m.startswith("requests.")]:
            del sys.modules[name]
        _unblock(blocked)
        import requests
    finally:
        _unblock(blocked)
    return requests


def _unblock(names: list[str]) -> None:
    for name in names:
        if name in sys.modules and sys.modules[name] is None:
            del sys.modules[name]


__all__ = ["import_requests"]
