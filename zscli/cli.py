"""The command-line front door: argv -> settings and words -> a subcommand, one command, a batch or the shell.

Thin by design. The options, subcommands and their help are declared in :mod:`zscli.surface`; settings are
resolved by :mod:`zscli.config`; subcommands run from :mod:`zscli.subcommands`; the modes (one-shot, batch,
shell, each optionally on the simulator) from :mod:`zscli.modes`; the streams and what can go wrong with them
(a closed reader, a full disk) belong to :mod:`zscli.environment`.
"""
from __future__ import annotations

import functools
import sys
from typing import Any, NoReturn

from zscli import __version__, surface
from zscli.errors import ZscliError

_CLICK_ONLY = frozenset({s for opt in surface.OPTIONS if opt.eager for s in opt.spellings} | {"--"})


def _unset(opt: surface.GlobalOption) -> Any:
    """What click passes for an option that was not given: False for a flag, None for the rest."""
    return None if opt.takes_value else False


def fast_parse(argv: list[str]) -> dict[str, Any] | None:
    """Parse a plain command line without click (importing it costs ~12 ms of start-up): the keyword
    arguments of :func:`run_command`, exactly as click would pass them, or None when click must handle the
    line (--help, --version, an unknown option, a missing option value). Option values stay the text typed
    (both parsers): :func:`zscli.config.resolve` checks them, so every bad value is one line, echoed as typed.
    """
    if any(word in _CLICK_ONLY for word in argv):
        return None
    args = hoist_options(argv)
    given: dict[str, Any] = {opt.dest: _unset(opt) for opt in surface.OPTIONS if not opt.eager}
    i = 0
    while i < len(args) and args[i].startswith("-"):
        word = args[i]
        name, eq, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        opt = surface.BY_SPELLING.get(name)
        if opt is None:
            return None
        if not opt.takes_value:
            if eq:
                return None
            given[opt.dest] = True
            i += 1
            continue
        if eq:
            text, i = inline, i + 1
        elif i + 1 < len(args) and not args[i + 1].startswith("-"):
            text, i = args[i + 1], i + 2
        else:
            return None
        given[opt.dest] = text
    words = args[i:]  # a subcommand line too: run_command dispatches it exactly as click's callback would
    given["words"] = tuple(words)
    return given


def hoist_options(argv: list[str]) -> list[str]:
    """Move global options typed after the command (``zscli QueryModel limit=5 -o json``) before it.

    API arguments are always ``key=value`` words, so a word that is exactly a known option (or
    ``--option=value``) cannot be one; everything else keeps its order. Subcommand lines are left alone.
    """
    head: list[str] = []
    i = 0
    while i < len(argv) and argv[i].startswith("-"):  # options already in front
        opt = surface.BY_SPELLING.get(argv[i])
        take = 1 if opt is not None and opt.takes_value else 0
        head += argv[i:i + 1 + take]
        i += 1 + take
    rest = argv[i:]
    if not rest or rest[0] in surface.SUBCOMMAND_BY_NAME:
        return argv
    moved: list[str] = []
    kept: list[str] = []
    j = 0
    while j < len(rest):
        word = rest[j]
        opt = surface.option(word) if word.startswith("-") else None
        if j > 0 and opt is not None and not (opt.eager and opt.dest == "help"):
            take = 1 if opt.takes_value and not (word.startswith("--") and "=" in word) else 0
            moved += rest[j:j + 1 + take]
            j += 1 + take
        else:
            kept.append(word)
            j += 1
    return head + moved + kept


def settings_flags(given: dict[str, Any]) -> dict[str, Any]:
    """The settings the given options set (``--insecure`` -> ``verify=False``); options not given set none."""
    flags: dict[str, Any] = {}
    for opt in surface.OPTIONS:
        value = given.get(opt.dest)
        if not opt.setting or value is None or value is False:
            continue
        flags[opt.setting] = opt.value if not opt.takes_value else value
    return flags


def run_command(words: tuple[str, ...] = (), **given: Any) -> NoReturn:
    """The command line after option parsing (by click or :func:`fast_parse`): resolve settings, run, exit."""
    from zscli import config, modes, subcommands
    from zscli.errors import UsageError

    flags = settings_flags(given)
    try:
        resolved = config.resolve(flags, profile=flags.get("profile", ""))
        if resolved.settings.debug:
            from zscli import diagnostics

            diagnostics.enable(sys.stderr)
        if words and words[0].startswith("-"):
            raise UsageError(f"unknown option {words[0]}", hint="see zscli --help")
        _use_schema(resolved, words)
    except ZscliError as exc:
        sys.exit(subcommands.fail(exc))
    if len(words) > 1 and any(w in ("-h", "--help") for w in words[1:]):
        sys.exit(subcommands.run("help", [words[0]], resolved))  # zscli UpdateModel --help: that API's help
    if words and words[0] in surface.SUBCOMMAND_BY_NAME:
        sys.exit(subcommands.run(words[0], list(words[1:]), resolved))
    sys.exit(modes.run(resolved.settings, list(words), sim=bool(given.get("sim"))))


_NO_SCHEMA_NEEDED = frozenset({"config", "completion", "schema"})  # these work (or say why) with a broken schema


def _use_schema(resolved: Any, words: tuple[str, ...]) -> None:
    """Point the process at the schema the settings choose (--schema, ZSCLI_SCHEMA, config, the user schema,
    the packaged one) and, unless the subcommand does without it, open it: a missing or broken file is one line
    (a :class:`zscli.errors.UsageError`, exit 2) here rather than a traceback later."""
    from zscli.errors import UsageError
    from zscli.schema import CatalogueError
    from zscli.schema.user import check, use_resolved

    use_resolved(resolved)
    if words and words[0] in _NO_SCHEMA_NEEDED:
        return
    try:
        check()
    except CatalogueError as exc:
        raise UsageError(str(exc)) from None


@functools.cache
def _click_command() -> Any:
    """The click command, built from :data:`zscli.surface.OPTIONS` on first use (a plain one-shot run never
    imports click)."""
    import click

    from zscli.surface import epilog

    class _Command(click.Command):
        """Accepts global options after the API words too (see :func:`hoist_options`)."""

        def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
            return super().parse_args(ctx, hoist_options(args))

    params: list[click.Parameter] = []
    for opt in surface.OPTIONS:
        if opt.eager:
            continue
        if not opt.takes_value:
            extra: dict[str, Any] = {"is_flag": True, "default": False}
        else:  # the text as typed: config.resolve checks it (one line, the value echoed as typed)
            choices = "[" + "|".join(opt.choices) + "]" if opt.choices else None
            extra = {"metavar": opt.metavar or choices}
        params.append(click.Option([*opt.spellings, opt.dest], help=opt.help, **extra))
    params.append(click.Argument(["words"], nargs=-1, type=click.UNPROCESSED))
    help_opt = surface.BY_SPELLING["--help"]
    version_opt = surface.BY_SPELLING["--version"]
    cmd = _Command("zscli", callback=run_command, params=params, epilog=epilog(),
                   help="zscli: a command-line shell for the whole ZStack REST API.",
                   context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False,
                                     "help_option_names": list(help_opt.spellings), "max_content_width": 80})
    click.version_option(__version__, *version_opt.spellings, prog_name="zscli", message="%(prog)s %(version)s",
                         help=version_opt.help)(cmd)
    return cmd


def __getattr__(name: str) -> Any:
    """``zscli.cli.command``: the click command, built on first access."""
    if name == "command":
        return _click_command()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _click_main(argv: list[str] | None) -> int:
    """Let click parse the line (and answer --help, --version and its own errors); its exit code.

    The command is driven here rather than by ``Command.main``, which turns a closed stdout into exit 1:
    an OSError writing the help reaches :func:`zscli.environment.guarded` like any other write."""
    import click

    cmd = _click_command()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with cmd.make_context("zscli", args) as ctx:
            cmd.invoke(ctx)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:  # a missing option value, a value given to a flag: zscli's one-line style
        from zscli.errors import UsageError
        from zscli.subcommands import fail

        return fail(UsageError(_click_message(exc), hint="see zscli --help"))
    except click.ClickException as exc:
        exc.show()
        return int(exc.exit_code)
    except click.Abort:
        sys.stderr.write("Aborted!\n")
        return 1
    return 0


def _click_message(exc: Any) -> str:
    """click's usage message in zscli's words: ``option --timeout requires an argument`` (no capital, quotes
    or full stop)."""
    import re

    text = re.sub(r"'(-[^']*)'", r"\1", exc.format_message().strip()).rstrip(".")
    return text[:1].lower() + text[1:]


def main(argv: list[str] | None = None) -> NoReturn:
    """The command line: a plain one-shot, batch or shell run is parsed without click; the rest goes to click.

    Whatever runs, a closed reader of stdout ends it with 141 and a full disk with one line and 74
    (:func:`zscli.environment.guarded`).
    """
    from zscli.environment import guarded

    def run() -> int:
        parsed = fast_parse(list(sys.argv[1:] if argv is None else argv))
        if parsed is not None:
            run_command(**parsed)
        return _click_main(argv)

    sys.exit(guarded(run))
