"""Show text directly, or through the configured pager (``less -SRXF``) when it does not fit the screen."""
from __future__ import annotations

import shlex
import shutil
import subprocess
from typing import TextIO


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def fits(text: str, rows: int | None = None) -> bool:
    """True when ``text`` fits on the screen (leaving a line for the prompt)."""
    rows = rows or shutil.get_terminal_size((80, 24)).lines
    return text.count("\n") < max(rows - 1, 1)


def page(text: str, pager: str, out: TextIO, force: bool = False) -> None:
    """Write ``text`` to ``out``; through ``pager`` when ``out`` is a terminal, a pager is configured
    (``''`` disables it) and the text is longer than the screen (or ``force``)."""
    if not text:
        return
    if pager.strip() and _isatty(out) and (force or not fits(text)):
        try:
            out.flush()
            subprocess.run(shlex.split(pager), input=text, text=True, check=False)
            return
        except (OSError, ValueError):
            pass  # no such pager: print directly
    out.write(text)
    out.flush()
