"""The ``--debug`` trace of failures zscli survives on purpose.

Completion, highlighting and the toolbar must never break the prompt, so they catch every exception; a
command's unexpected exception becomes one ``internal error`` line. Each such place calls :func:`swallowed`
in its ``except`` block: with ``--debug`` (``ZSCLI_DEBUG``) the traceback goes to the debug stream (stderr),
otherwise nothing is shown, so a bug there can be seen without ever breaking what the user is doing.
"""
from __future__ import annotations

import sys
import threading
from typing import TextIO

_lock = threading.Lock()
_stream: TextIO | None = None


def enable(stream: TextIO | None) -> None:
    """Send swallowed exceptions to ``stream`` (None turns the trace off)."""
    global _stream
    _stream = stream


def enabled() -> bool:
    """True when swallowed exceptions are traced."""
    return _stream is not None


def swallowed(where: str) -> None:
    """Record the exception being handled (call it from an ``except`` block) as failed ``where``."""
    stream = _stream
    if stream is None:
        return
    import traceback

    with _lock:
        try:
            stream.write(f"[debug] {where} failed (zscli went on):\n")
            traceback.print_exception(*sys.exc_info(), file=stream)
            stream.flush()
        except (OSError, ValueError):
            pass
