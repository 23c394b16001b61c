"""The shell's built-in commands: help, history, more, save, set, login, logout, clear, exit, quit.

Built-in names are lower-case words and API names are CamelCase, so they never clash.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from collections.abc import Callable

from zscli.errors import ExitCode, InternalError, UsageError, ZscliError
from zscli.record import record
from zscli.surface import BUILTINS, BUILTIN_BY_NAME, FORMATS

if TYPE_CHECKING:
    from zscli.runner import Result, Runner

USAGE: tuple[tuple[str, str], ...] = tuple((c.usage(), c.summary) for c in BUILTINS)


def _usage(name: str, hint: str = "") -> UsageError:
    """The usage error of built-in ``name``, its usage line taken from its declaration."""
    return UsageError(f"usage: {BUILTIN_BY_NAME[name].usage()}", hint=hint)


class Stop(Exception):
    """Raised by ``exit``/``quit`` to leave the shell."""


@record(frozen=False)
class Io:
    """What built-ins need from the shell: where to write, how to page, ask, and read history."""

    out: TextIO
    err: TextIO
    show: Callable[[str, bool], None]  # (text, force pager)
    ask: Callable[[str, bool], str]  # (prompt, hidden) -> answer
    history: Callable[[], list[str]]  # oldest first


def run_builtin(runner: Runner, line: str, io: Io) -> ExitCode:
    """Run the built-in command ``line`` (split as commands are); usage errors become one line on ``io.err``."""
    from zscli.language.lexer import split

    try:
        try:
            name, *args = split(line)
            handler = HANDLERS[name]
            return handler(runner, args, io)
        except (ZscliError, Stop, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug in a built-in: one line and exit 70, the shell goes on
            from zscli import diagnostics

            diagnostics.swallowed(f"the built-in {line.split()[0] if line.split() else line!r}")
            raise InternalError.from_exception(exc) from None
    except ZscliError as exc:
        from zscli.output import format_error

        io.err.write(format_error(exc) + "\n")
        io.err.flush()
        return exc.exit_code


def _help(runner: Runner, args: list[str], io: Io) -> ExitCode:
    from zscli.output import help_text

    io.show(help_text(runner.schema, args, builtins=USAGE,
                      server_version=getattr(runner, "known_server_version", str)()), False)
    return ExitCode.OK


def _history(runner: Runner, args: list[str], io: Io) -> ExitCode:
    count = _number(args[0], "history [N]") if args else 20
    if len(args) > 1:
        raise _usage("history")
    lines = io.history()
    first = max(len(lines) - count, 0)
    from zscli.output.safe import visible

    io.show("".join(f"{i + 1:5}  {visible(line)}\n" for i, line in enumerate(lines[first:], start=first)), False)
    return ExitCode.OK


def _result(runner: Runner, arg: str | None, usage: str) -> Result:
    if not runner.results:
        raise UsageError("no results yet", hint="run a command first")
    if arg is None:
        return runner.results[-1]
    n = _number(arg, usage)
    found = [r for r in runner.results if r.index == n]
    if not found:
        first, last = runner.results[0].index, runner.results[-1].index
        raise UsageError(f"no result {n}", hint=f"results kept are numbered {first} to {last}")
    return found[0]


def _more(runner: Runner, args: list[str], io: Io) -> ExitCode:
    import io as _io

    from zscli.output import Format
    from zscli.output.render import render

    if len(args) > 1:
        raise _usage("more")
    result = _result(runner, args[0] if args else None, "more [N]")
    api = runner.schema.api(result.api)
    buf = _io.StringIO()
    fmt = Format.parse(runner.output_format()) if hasattr(runner, "output_format") else Format.JSON
    if api is None:
        json.dump(result.body, buf, indent=2, ensure_ascii=False)
        buf.write("\n")
    else:
        from zscli.environment import isatty

        render(api, result.body, fmt, out=buf, schema=runner.schema, terminal=isatty(io.out))
    io.show(f"[{result.index}] {result.line}\n" + buf.getvalue(), True)
    return ExitCode.OK


def _save(runner: Runner, args: list[str], io: Io) -> ExitCode:
    if len(args) != 2:
        raise _usage("save", hint="N is a result number (`more` shows the last result and its number), FILE a path")
    result = _result(runner, args[0], "save N FILE")
    path = Path(args[1]).expanduser()
    try:
        path.write_text(json.dumps(result.body, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the file name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a valid file name"
        raise UsageError(f"cannot write {path}: {reason}") from None
    io.out.write(f"saved result {result.index} ({result.api}) to {path}\n")
    return ExitCode.OK


def _set(runner: Runner, args: list[str], io: Io) -> ExitCode:
    usage = "usage: set output FORMAT | set dry-run on|off"
    if len(args) == 2 and args[0] == "dry-run":
        if args[1].lower() not in ("on", "off"):
            raise UsageError(usage, hint="dry-run takes on or off")
        runner.set_dry_run(args[1].lower() == "on")
        io.out.write("dry-run: on (requests are printed, not sent)\n" if runner.settings.dry_run
                     else "dry-run: off\n")
        return ExitCode.OK
    if len(args) != 2 or args[0] != "output":
        raise UsageError(usage, hint="FORMAT is " + ", ".join(FORMATS))
    runner.set_output(args[1])
    io.out.write(f"output: {args[1].lower()}\n")
    return ExitCode.OK


def _login(runner: Runner, args: list[str], io: Io) -> ExitCode:
    if len(args) > 1:
        raise _usage("login", hint="the password is asked for, never typed on the line")
    account = args[0] if args else (io.ask("account [admin]: ", False).strip() or "admin")
    password = io.ask("password: ", True)
    return runner.login(account, password)


def _logout(runner: Runner, args: list[str], io: Io) -> ExitCode:
    if args:
        raise _usage("logout")
    return runner.logout()


CLEAR_SCREEN = "\x1b[H\x1b[2J"  # cursor home, erase the screen (what Ctrl-L does; the scrollback stays)


def _clear(runner: Runner, args: list[str], io: Io) -> ExitCode:
    """Clear the terminal as Ctrl-L does; on anything but a terminal there is nothing to clear."""
    if args:
        raise _usage("clear")
    from zscli.environment import isatty

    if isatty(io.out):
        io.out.write(CLEAR_SCREEN)
        io.out.flush()
    return ExitCode.OK


def _exit(runner: Runner, args: list[str], io: Io) -> ExitCode:
    raise Stop()


def _number(text: str, usage: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"not a number: {text!r}", hint=f"usage: {usage}") from None
    if value < 0:
        raise UsageError(f"not a positive number: {text}", hint=f"usage: {usage}")
    return value


HANDLERS: dict[str, Callable[[Runner, list[str], Io], ExitCode]] = {
    "help": _help, "history": _history, "more": _more, "save": _save, "set": _set,
    "login": _login, "logout": _logout, "clear": _clear, "exit": _exit, "quit": _exit,
}
