"""Reading secrets from a person at a terminal without showing them and without losing what was typed ahead.

``getpass`` flushes pending input when it turns echo off, so a password pasted together with the command (or
typed by a fast typist before the prompt appeared) was thrown away or, in the shell, ran as the next command.
Here echo goes off without a flush: whatever arrives before the prompt is ready is the prompt's answer.
No prompt_toolkit here: the one-shot path uses :func:`read_hidden`; the shell keeps echo off between its
prompts with :func:`echo_off` (prompt_toolkit reads keys itself and restores the mode it found).
"""
from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import Any, TextIO
from collections.abc import Iterator


def _fileno(stream: Any) -> int | None:
    """The descriptor of ``stream`` when it is a terminal, else None."""
    try:
        fd = stream.fileno()
        return fd if os.isatty(fd) else None
    except (AttributeError, OSError, ValueError):
        return None


@contextlib.contextmanager
def echo_off(stream: Any) -> Iterator[None]:
    """Turn the terminal's echo off while the block runs (keys typed meanwhile stay queued, unshown).

    Does nothing when ``stream`` is not a terminal or has no termios (Windows)."""
    fd = _fileno(stream)
    try:
        import termios
    except ImportError:  # pragma: no cover - not a POSIX system
        fd = None
    if fd is None:
        yield
        return
    try:
        saved = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSANOW, quiet)  # TCSANOW, not TCSAFLUSH: keep what was typed ahead
    except termios.error:
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, saved)


def read_hidden(prompt: str, stream: TextIO | None = None) -> str:
    """Ask for a secret on the controlling terminal with echo off, keeping keys typed before the prompt.

    The prompt is written to ``stream`` (default: the terminal). Raises EOFError on Ctrl-D (an empty read)
    and lets KeyboardInterrupt through; the terminal's mode is restored either way. Falls back to
    :func:`getpass.getpass` when there is no terminal to open.
    """
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        import getpass

        try:
            return getpass.getpass(prompt, stream=stream)
        except EOFError:
            (stream or sys.stderr).write("\n")  # getpass leaves the cursor after its prompt
            raise
    with io.TextIOWrapper(io.FileIO(fd, "r+"), encoding="utf-8", errors="replace") as tty:
        out = stream or tty
        with echo_off(tty):
            out.write(prompt)
            out.flush()
            try:
                line = tty.readline()
            finally:
                out.write("\n")
                out.flush()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")
