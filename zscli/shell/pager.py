"""Show text directly, or through the configured pager (``less -SRXF``) when it does not fit the screen."""
from __future__ import annotations

import shlex
import signal
import subprocess
import threading
from contextlib import contextmanager
from typing import TextIO
from collections.abc import Iterator

from zscli.environment import isatty, terminal_height


def fits(text: str, rows: int | None = None) -> bool:
    """True when ``text`` fits on the screen (leaving a line for the prompt)."""
    rows = rows or terminal_height()
    return text.count("\n") < max(rows - 1, 1)


@contextmanager
def _pager_owns_ctrl_c() -> Iterator[None]:
    """While the pager runs, Ctrl-C is the pager's (as git does): the shell swallows its copy of SIGINT.

    A Python handler (not ``SIG_IGN``) is used so the pager itself starts with the default disposition."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def page(text: str, pager: str, out: TextIO, force: bool = False) -> None:
    """Write ``text`` to ``out``; through ``pager`` when ``out`` is a terminal, a pager is configured
    (``''`` disables it) and the text is longer than the screen (or ``force``)."""
    if not text:
        return
    if pager.strip() and isatty(out) and (force or not fits(text)):
        try:
            out.flush()
            with _pager_owns_ctrl_c():
                subprocess.run(shlex.split(pager), input=text, text=True, check=False)
            return
        except (OSError, ValueError):
            pass  # no such pager: print directly
    out.write(text)
    out.flush()
