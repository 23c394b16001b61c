"""The subcommands (``zscli help [API]``, ``zscli config show``, ``zscli completion SHELL``), run from a table.

Their names, arguments and summaries are declared in :data:`zscli.surface.SUBCOMMANDS`; :data:`HANDLERS` maps
each name to the function that runs it (a test checks the two agree). Each handler writes to stdout and
returns an exit code; errors are one line on stderr.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING
from collections.abc import Callable

from zscli.errors import ExitCode, UsageError, ZscliError
from zscli.surface import SUBCOMMAND_BY_NAME

if TYPE_CHECKING:
    from zscli.config import Resolved


def fail(exc: ZscliError) -> int:
    """Print ``exc`` as the front door does (one line on stderr); its exit code."""
    from zscli.output import format_error

    sys.stderr.write(format_error(exc) + "\n")
    sys.stderr.flush()
    return int(exc.exit_code)


def _usage(name: str) -> UsageError:
    command = SUBCOMMAND_BY_NAME[name]
    return UsageError(f"usage: zscli {command.usage()}", hint=command.summary)


def _help(args: list[str], resolved: Resolved) -> int:
    from zscli.output import help_text
    from zscli.schema import load

    version = _remembered_version(resolved)
    sys.stdout.write(help_text(load(), args, server_version=version))
    return int(ExitCode.OK)


def _remembered_version(resolved: Resolved) -> str:
    """The server version stored with the session for the configured server ("" when unknown); no request."""
    from zscli import paths
    from zscli.transport.session import SessionStore  # not the package: help needs no HTTP client

    settings = resolved.settings
    try:
        stored = SessionStore(paths.state_dir(settings.state_dir)).load(settings.host, settings.port)
    except (OSError, ZscliError):
        return ""
    return stored.server_version if stored is not None else ""


def _config(args: list[str], resolved: Resolved) -> int:
    from zscli import config

    if args != ["show"]:
        raise _usage("config")
    sys.stdout.write(config.describe(resolved) + "\n")
    return int(ExitCode.OK)


def _completion(args: list[str], resolved: Resolved) -> int:
    from zscli import shellcomp

    if len(args) != 1 or args[0] not in shellcomp.SHELLS:
        raise _usage("completion")
    sys.stdout.write(shellcomp.script(args[0]))
    return int(ExitCode.OK)


def _schema(args: list[str], resolved: Resolved) -> int:
    """``zscli schema info``: the schema in use, why, its sources and counts, and the server's version
    (remembered with the session); ``zscli schema import SOURCE [--ref REF]``: make the user schema."""
    if args[:1] == ["import"]:
        return _schema_import(args[1:])
    if args != ["info"]:
        raise _usage("schema")
    from zscli.schema import CatalogueError, load
    from zscli.schema.user import chosen, counts_line, source_lines

    choice = chosen()
    try:
        schema = load()
        meta = schema.meta
    except CatalogueError as exc:
        raise UsageError(str(exc)) from None
    settings = resolved.settings
    version = _remembered_version(resolved)
    server = f"ZStack {version}" if version else "version unknown (LogInByAccount learns it)"
    sources = "".join(f"         {line}\n" for line in source_lines(meta))
    sys.stdout.write(f"schema:  {choice.file}\n"
                     f"         {choice.reason()}\n"
                     f"         format {schema.version or '?'}, {counts_line(meta)}\n"
                     f"sources:\n{sources}"
                     f"server:  {settings.host}:{settings.port}  {server}\n")
    return int(ExitCode.OK)


def _schema_import(args: list[str]) -> int:
    """``zscli schema import SOURCE [--ref REF]``: import SOURCE into the user schema; say what was written."""
    from zscli.schema.user import SchemaImportError, counts_line, import_schema, source_lines

    source, ref, rest = "", None, list(args)
    while rest:
        word = rest.pop(0)
        if word == "--ref" and rest:
            ref = rest.pop(0)
        elif word.startswith("--ref="):
            ref = word.split("=", 1)[1]
        elif not source and not word.startswith("-"):
            source = word
        else:
            raise UsageError(f"usage: zscli schema import SOURCE [--ref REF] (unexpected {word!r})",
                             hint="SOURCE: a ZStack checkout, a bare git directory or a folder of SDK .java files")
    if not source:
        raise UsageError("usage: zscli schema import SOURCE [--ref REF]",
                         hint="SOURCE: a ZStack checkout, a bare git directory or a folder of SDK .java files")
    try:
        done = import_schema(source, ref)
    except SchemaImportError as exc:
        raise UsageError(f"schema import: {exc}") from None
    lines = [f"wrote {done.path}: {counts_line(done.meta)}", *("  " + line for line in source_lines(done.meta)),
             "zscli uses it from now on (unless --schema, ZSCLI_SCHEMA or the config's schema = choose another)"]
    sys.stdout.write("\n".join(lines) + "\n")
    return int(ExitCode.OK)


HANDLERS: dict[str, Callable[[list[str], Resolved], int]] = {
    "help": _help,
    "config": _config,
    "completion": _completion,
    "schema": _schema,
}


def run(name: str, args: list[str], resolved: Resolved) -> int:
    """Run subcommand ``name`` with ``args``; its exit code (a usage error is one line and 2)."""
    try:
        return HANDLERS[name](args, resolved)
    except ZscliError as exc:
        return fail(exc)
