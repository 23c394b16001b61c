"""Errors as values with an exit code; only the front doors (cli, shell) print them."""
from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zscli.faults import Fault


class ExitCode(IntEnum):
    """Process exit codes (documented in the README and ``--help``: :data:`EXIT_MEANINGS`)."""

    OK = 0
    SERVER_ERROR = 1  # the server answered with an error
    USAGE = 2  # usage or validation error: nothing was sent
    UNREACHABLE = 3  # cannot reach the server, timeout, or unparsable reply
    AUTH = 4  # not logged in, or the session expired
    INTERNAL = 70  # a bug in zscli (sysexits.h EX_SOFTWARE)
    OUTPUT_FAILED = 74  # stdout could not be written: a full disk, a closed descriptor (sysexits.h EX_IOERR)
    INTERRUPTED = 130
    OUTPUT_CLOSED = 141  # stdout was closed by its reader (``| head``): 128 + SIGPIPE, as other tools exit


EXIT_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.SERVER_ERROR: "the server answered with an error",
    ExitCode.USAGE: "usage or validation error (nothing sent)",
    ExitCode.UNREACHABLE: "cannot reach the server, timeout or unparsable reply",
    ExitCode.AUTH: "not logged in or session expired",
    ExitCode.INTERNAL: "a bug in zscli (please report it)",
    ExitCode.OUTPUT_FAILED: "stdout cannot be written (full disk, closed)",
    ExitCode.INTERRUPTED: "interrupted",
    ExitCode.OUTPUT_CLOSED: "stdout closed by its reader (| head)",
}


class ZscliError(Exception):
    """Base class: a one-line message, an optional hint saying what to do, and an exit code."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message and hint as a single line."""
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(ZscliError):
    """Bad input: unknown API/parameter/field, wrong type, missing value, unreadable @file..."""

    exit_code = ExitCode.USAGE


class ConfigError(UsageError):
    """A bad config file or setting."""


class TransportError(ZscliError):
    """Cannot reach the server, timed out, or the reply could not be parsed."""

    exit_code = ExitCode.UNREACHABLE


class InternalError(ZscliError):
    """A bug in zscli, not anything the user or the server did (exit 70, never "the server said no")."""

    exit_code = ExitCode.INTERNAL

    @classmethod
    def from_exception(cls, exc: BaseException) -> InternalError:
        """The one-line report of an unexpected exception."""
        return cls(f"internal error: {type(exc).__name__}: {exc}",
                   hint="run with --debug for the traceback, and please report it")


class OutputError(ZscliError):
    """Standard output cannot be written (a full disk, a closed descriptor); not a closed reader (141)."""

    exit_code = ExitCode.OUTPUT_FAILED


class AuthError(ZscliError):
    """Not logged in, or the session expired."""

    exit_code = ExitCode.AUTH


class NotLoggedIn(AuthError):
    """No stored session for the server a ZStack API would go to (exit code 4, nothing sent)."""


class SessionNotKept(AuthError):
    """A login the server accepted whose session could not be saved: the next command is not logged in
    (exit code 4, not 2: the login request was sent)."""


def not_logged_in(where: str = "", *, shell: bool = False) -> NotLoggedIn:
    """The error for a ZStack API called without a stored session (exit code 4, nothing sent).

    ``where`` is the ``host:port`` that has no session (sessions are kept per server, so naming it tells a
    user who logged in elsewhere what is missing); ``shell`` words the hint for the shell, where commands are
    typed without the ``zscli`` prefix and ``login`` asks for the password."""
    message = f"no session for {where}: run LogInByAccount" if where else "not logged in: run LogInByAccount"
    hint = ("e.g. login, or LogInByAccount accountName=admin" if shell
            else "e.g. zscli LogInByAccount accountName=admin")
    return NotLoggedIn(message, hint=hint)


class ServerError(ZscliError):
    """The server answered with an error.

    ``status`` is the HTTP status; ``body`` the parsed error object, or None for a plain-text rejection in
    ``message``; ``fault`` that object read through the schema's error shapes (:mod:`zscli.faults`: code,
    description, details, solution, causes), None when the body holds no known error object.
    """

    exit_code = ExitCode.SERVER_ERROR

    def __init__(self, message: str, status: int = 0, body: dict[str, Any] | None = None,
                 hint: str = "", fault: Fault | None = None) -> None:
        super().__init__(message, hint)
        self.status = status
        self.body = body
        self._fault = fault

    @property
    def fault(self) -> Fault | None:
        """The error object as the schema's error shapes read it (read on first use when only ``body`` was given)."""
        if self._fault is None and self.body is not None:
            from zscli.faults import known_shapes, read

            self._fault = read(self.body, known_shapes())
        return self._fault
