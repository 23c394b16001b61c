"""The process's surroundings, decided once: its streams, which of them are terminals, colour and width.

In the spirit of httpie's ``context.Environment``: the front doors build one :class:`Environment` from the
process (:meth:`Environment.from_process`) and every part that writes asks it, never ``sys.stdout`` or
``os.environ`` directly; tests build their own with in-memory streams.

It also owns what can go wrong with the streams (:func:`guarded`): a reader that closed stdout (``| head``)
ends the run quietly with 141, a stdout that cannot be written (a full disk, ``>&-``) with one line and 74;
a closed stdin reads as empty and a closed stderr discards what is written to it.
"""
from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any, TextIO
from collections.abc import Callable

from zscli.errors import ExitCode, OutputError
from zscli.record import record

DEFAULT_WIDTH = 80  # columns when the output is not a terminal and COLUMNS is not set
DEFAULT_HEIGHT = 24


def isatty(stream: Any) -> bool:
    """True when ``stream`` is a terminal (False for anything without a working ``isatty``)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def terminal_width(width: int | None = None) -> int:
    """``width`` if given, else the terminal's width (``COLUMNS`` honoured), :data:`DEFAULT_WIDTH` otherwise."""
    if width and width > 0:
        return width
    import shutil

    return shutil.get_terminal_size((DEFAULT_WIDTH, DEFAULT_HEIGHT)).columns or DEFAULT_WIDTH


def terminal_height() -> int:
    """The terminal's height in lines (``LINES`` honoured), :data:`DEFAULT_HEIGHT` otherwise."""
    import shutil

    return shutil.get_terminal_size((DEFAULT_WIDTH, DEFAULT_HEIGHT)).lines or DEFAULT_HEIGHT


class _Discard(io.StringIO):
    """Stands in for a stream the process was started without (``2>&-``): writes vanish."""

    def write(self, text: str) -> int:
        return len(text)


class _Closed(io.StringIO):
    """Stands in for a stdout the process was started without (``>&-``): writing to it is an error."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


@record(frozen=False)
class Environment:
    """The streams a run reads and writes, and the colour choice (``Settings.color``: the flag, the config
    and ``NO_COLOR`` already folded in; None means "on a terminal")."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    color_setting: bool | None = None

    @classmethod
    def from_process(cls, color: bool | None = None) -> Environment:
        """The process's own streams; closed ones are replaced (stdin: empty, stdout: an error on write,
        stderr: discarded)."""
        return cls(stdin=sys.stdin if sys.stdin is not None else io.StringIO(""),
                   stdout=sys.stdout if sys.stdout is not None else _Closed(),
                   stderr=sys.stderr if sys.stderr is not None else _Discard(), color_setting=color)

    @property
    def stdin_isatty(self) -> bool:
        return isatty(self.stdin)

    @property
    def stdout_isatty(self) -> bool:
        return isatty(self.stdout)

    @property
    def stderr_isatty(self) -> bool:
        return isatty(self.stderr)

    @property
    def interactive(self) -> bool:
        """True when a person is at a terminal on both ends (the shell opens)."""
        return self.stdin_isatty and self.stdout_isatty

    def color(self, stream: Any) -> bool:
        """Whether to colour what goes to ``stream``: the setting when given, else only on a terminal."""
        return self.color_setting if self.color_setting is not None else isatty(stream)


def silence(stream: Any) -> None:
    """Point a failed stdout at /dev/null so that no later flush (not even at exit) reports the error again."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests, the shell's capture buffer)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass


def output_error(exc: OSError) -> OutputError:
    """The one-line error for a stdout that cannot be written."""
    reason = exc.strerror or str(exc)
    return OutputError(f"cannot write the output: {reason}")


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    sys.stderr.write(f"{exc.code}\n")
    return 1


def adopt_missing_streams() -> None:
    """Give the process stand-ins for the standard streams it was started without (``<&-``, ``>&-``,
    ``2>&-``; Python then sets them to None), so that every writer sees a stream: see :class:`Environment`."""
    stand_in = Environment.from_process()
    sys.stdin, sys.stdout, sys.stderr = stand_in.stdin, stand_in.stdout, stand_in.stderr


def _report(error: Any) -> None:
    """One error line on stderr (which may itself be gone)."""
    from zscli.output import format_error

    try:
        sys.stderr.write(format_error(error) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def guarded(run: Callable[[], int]) -> int:
    """Run a front door and flush stdout; a closed reader of stdout gives 141 (quietly), any other failure to
    write it one line on stderr and :attr:`ExitCode.OUTPUT_FAILED`, Ctrl-C 130, a bug in zscli one line and
    :attr:`ExitCode.INTERNAL` (the traceback with ``--debug``). Never raises."""
    adopt_missing_streams()
    from zscli.output.safe import tolerant

    tolerant(sys.stdout)  # a non-UTF-8 locale: unencodable characters are escaped, never a crash half-way
    tolerant(sys.stderr)
    tolerant(sys.stdin, "surrogateescape")  # bytes that do not decode reach the parser, which names them
    try:
        try:
            code = run()
        except SystemExit as exc:
            code = _exit_code(exc)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        silence(sys.stdout)
        return int(ExitCode.OUTPUT_CLOSED)
    except OSError as exc:
        silence(sys.stdout)
        _report(output_error(exc))
        return int(ExitCode.OUTPUT_FAILED)
    except Exception as exc:  # a bug in zscli: one line, exit 70
        from zscli import diagnostics
        from zscli.errors import InternalError

        diagnostics.swallowed("zscli")
        _report(InternalError.from_exception(exc))
        return int(ExitCode.INTERNAL)
