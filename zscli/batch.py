"""Batch mode: one command per line of a stream, in order, over one connection (``zscli < commands.txt``)."""
from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Any
from collections.abc import Collection, Iterable

from zscli.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from zscli.runner import Runner

#: Codes that end a batch even with --keep-going: the user or the reader of stdout asked to stop, or stdout
#: cannot be written, so later output could not be seen anyway.
STOPPERS = frozenset({ExitCode.INTERRUPTED, ExitCode.OUTPUT_CLOSED, ExitCode.OUTPUT_FAILED})


def run_batch(runner: Runner, lines: Iterable[str]) -> int:
    """Run each line (blank lines and ``#`` comments skipped); stop at the first failure unless the settings
    say keep going (then each error line starts with its line number, ``line 3: error: ...``). The exit code is
    the first failure's (0 when every line succeeded)."""
    first_failure = 0
    from zscli.language.guard import BOM

    for number, raw in enumerate(lines, start=1):
        line = (raw[1:] if number == 1 and raw.startswith(BOM) else raw).strip()
        if not line or line.startswith("#"):
            continue
        if runner.settings.keep_going:  # errors of later lines follow: each says which line it belongs to
            runner.error_prefix = f"line {number}: "
        builtin = shell_builtin_error(line, runner.schema.api_names)
        code = int(runner.report(builtin) if builtin is not None else runner.run_line(line))
        if code:
            if code in STOPPERS:
                return code
            if not runner.settings.keep_going:
                runner.err.write(f"batch stopped at line {number} (use --keep-going to continue past failures)\n")
                return code
            first_failure = first_failure or code
    return first_failure


#: What to do instead of each shell built-in typed as a batch line (the batch runs API commands only).
_INSTEAD: dict[str, str] = {
    "help": "run zscli help{args} from the command line",
    "set": "give zscli an option instead, e.g. zscli -o json --dry-run < FILE",
    "login": "write LogInByAccount accountName=NAME password=@FILE",
    "logout": "write LogOut",
    "history": "a batch runs API commands only",
    "more": "a batch runs API commands only; add --query EXPR to a command to pick from its reply",
    "save": "a batch runs API commands only; redirect zscli's output to a file",
    "clear": "a batch runs API commands only",
    "exit": "a batch ends at the end of its input",
    "quit": "a batch ends at the end of its input",
}


def shell_builtin_error(line: str, api_names: Collection[str]) -> UsageError | None:
    """The error for a batch line that starts with a shell built-in (``help``, ``set``, ``history``, ``exit``...)
    rather than an API, saying what to do instead; None for any other line (an API name always wins)."""
    from zscli.surface import BUILTIN_NAMES

    name, *rest = line.split(None, 1)
    if name not in BUILTIN_NAMES or name in api_names:
        return None
    args = " " + (rest[0].strip() if rest else "API")
    return UsageError(f"'{name}' is a shell built-in, not an API",
                      hint=_INSTEAD.get(name, "a batch runs API commands only").format(args=args))


_STDIN_NAMES = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")


class BatchStdin(io.StringIO):
    """Standard input as the commands of a batch see it: it holds the commands, so ``@-`` cannot read it,
    and neither can ``@path`` for a path that is that same input (``@/dev/stdin``, ``@/proc/self/fd/0``, a
    link to it, or the very file redirected in)."""

    def __init__(self, fd: int = 0) -> None:
        super().__init__()
        try:
            st = os.fstat(fd)
            self._identity: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except OSError:
            self._identity = None

    def read(self, *_: Any) -> str:
        raise UsageError("@- cannot be used in batch mode: standard input holds the commands",
                         hint="put the value in a file and write @path")

    def holds(self, path: str) -> bool:
        """True when ``path`` names the batch's own input (then reading it would eat the later commands)."""
        if os.path.normpath(path) in _STDIN_NAMES:
            return True
        try:
            st = os.stat(os.path.expanduser(path))
        except (OSError, ValueError):
            return False
        return self._identity is not None and (st.st_dev, st.st_ino) == self._identity

    def isatty(self) -> bool:
        return False
