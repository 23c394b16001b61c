"""The engine both front doors drive: a line in, a request out, a rendered reply back.

INTERFACE (implemented by the lead; the shell codes against it):
- ``App(settings, out=None, err=None, interactive=False)``
- ``app.run_line(line) -> ExitCode``: tokenize, parse, validate, send, render. Prints errors as one line on
  ``err`` and returns their exit code; never raises (KeyboardInterrupt becomes ExitCode.INTERRUPTED after
  printing a job location, if any).
- ``app.run_tokens(tokens) -> ExitCode``: the same for already-split words (one-shot argv).
- ``app.results``: list of :class:`Result` (every successful reply, numbered from 1) for ``more``/``save``.
- ``app.seen``: :class:`zscli.completion.seen.SeenValues` fed from every reply (uuids/names for completion).
- ``app.identity() -> str``: ``"admin@127.0.0.1:8080"`` when logged in, ``"-"`` otherwise.
- ``app.set_output(name)``: change the output format for later commands (UsageError if unknown).
- ``app.schema``: the loaded schema. ``app.settings``: current settings.
- ``app.close()``: release the HTTP connection.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    """One successful command kept for ``more N`` / ``save N FILE``."""

    index: int
    line: str  # the command line with secrets scrubbed
    api: str
    body: Any
