"""The command-line front door: global options, then one-shot, stdin batch, or the interactive shell.

Thin by design: options become Settings (zscli.config), and lines go to zscli.app.App.
"""
from __future__ import annotations

import sys
from typing import Any, Optional

import click

from zscli import __version__
from zscli.errors import ExitCode, ZscliError

EPILOG = """\b
Syntax:
  zscli [OPTIONS] API key=value ...      one command, e.g.
  zscli QueryModel 'name~=%qwen%' 'vendor!=Alibaba' limit=5 sortBy=createDate sortDirection=desc
  zscli < commands.txt                    one command per line (# comments, blank lines skipped)
  zscli                                   the interactive shell (on a terminal)
  zscli --sim                             the shell on a built-in simulator with demo data
  zscli help [API] | config show | completion bash|zsh|fish
\b
Query operators: = != > < >= <= ?= (in list) !?= (not in) ~= (like) !~= (not like)
  =null !=null; options fields= limit= start= count= replyWithCount= sortBy= sortDirection= groupBy=
Values: Integer/Long numbers, Boolean true/false, List a,b,c or JSON array, Map JSON object,
  @file reads a file, @- reads stdin, @@x is the literal @x. Quote words with > < ? ! for your shell.
\b
Environment: ZSCLI_HOST ZSCLI_PORT ZSCLI_HTTPS ZSCLI_INSECURE ZSCLI_CA_BUNDLE ZSCLI_TIMEOUT
  ZSCLI_OUTPUT ZSCLI_PAGER ZSCLI_PROFILE ZSCLI_MODELARTS_ENDPOINT ZSCLI_MODELARTS_TOKEN NO_COLOR
Config: $XDG_CONFIG_HOME/zscli/config.toml ([profile.NAME] sections; see `zscli config show`).
\b
Exit codes: 0 ok; 1 the server answered with an error; 2 usage or validation error (nothing sent);
  3 cannot reach the server, timeout or unparsable reply; 4 not logged in or session expired;
  130 interrupted.
"""


def _flags(**given: Any) -> dict[str, Any]:
    """Only the options the user actually gave (click passes None/False for the rest)."""
    return {k: v for k, v in given.items() if v is not None}


class _Command(click.Command):
    """A click command that accepts global options after the API words too (see :func:`hoist_options`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_options(args, self))


@click.command(cls=_Command, context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False,
                                 "help_option_names": ["-h", "--help"], "max_content_width": 100},
               epilog=EPILOG)
@click.option("-H", "--host", help="Server host (default localhost).")
@click.option("-p", "--port", type=int, help="Server port (default 8080).")
@click.option("--https", "https", flag_value=True, default=None, help="Use HTTPS.")
@click.option("--insecure", is_flag=True, default=False, help="Do not verify TLS certificates.")
@click.option("--ca-bundle", help="CA bundle file for TLS verification.")
@click.option("-o", "--output", type=click.Choice(["table", "wide", "json", "yaml", "csv", "tsv"]),
              help="Output format (default: table on a terminal, json otherwise).")
@click.option("--timeout", type=float, help="Seconds to wait for each HTTP request.")
@click.option("--profile", help="Config-file profile to use ([profile.NAME]).")
@click.option("--modelarts-endpoint", help="Base URL of the ModelArts-style API (default: same as ZStack).")
@click.option("--debug", is_flag=True, default=False, help="Trace requests and replies on stderr (secrets redacted).")
@click.option("--curl", is_flag=True, default=False, help="Print an equivalent curl command for each request.")
@click.option("--no-color", is_flag=True, default=False, help="Never use colour.")
@click.option("--keep-going", is_flag=True, default=False, help="In batch mode, go on after a failed command.")
@click.option("--sim", is_flag=True, default=False, help="Start the built-in simulator and log in to it.")
@click.version_option(__version__, "--version", prog_name="zscli", message="%(prog)s %(version)s")
@click.argument("words", nargs=-1, type=click.UNPROCESSED)
def command(words: tuple[str, ...], host: Optional[str], port: Optional[int], https: Optional[bool], insecure: bool,
            ca_bundle: Optional[str], output: Optional[str], timeout: Optional[float], profile: Optional[str],
            modelarts_endpoint: Optional[str], debug: bool, curl: bool, no_color: bool, keep_going: bool,
            sim: bool) -> None:
    """zscli: a command-line shell for the ZStack AI model-center API."""
    from zscli import config

    flags = _flags(host=host, port=port, https=https, ca_bundle=ca_bundle, output=output, timeout=timeout,
                   modelarts_endpoint=modelarts_endpoint, profile=profile)
    if insecure:
        flags["verify"] = False
    for name, on in (("debug", debug), ("curl", curl), ("keep_going", keep_going)):
        if on:
            flags[name] = True
    if no_color:
        flags["color"] = False
    try:
        resolved = config.resolve(flags, profile=profile or "")
    except ZscliError as exc:
        _die(exc)
    words_list = list(words)
    if words_list and words_list[0].startswith("-"):
        from zscli.errors import UsageError

        _die(UsageError(f"unknown option {words_list[0]}", hint="see zscli --help"))
    if len(words_list) > 1 and any(w in ("-h", "--help") for w in words_list[1:]):
        _help_command([words_list[0]])  # zscli UpdateModel --help: that API's help
    if words_list and words_list[0] == "config":
        _config_command(words_list[1:], resolved)
    if words_list and words_list[0] == "completion":
        _completion_command(words_list[1:])
    if words_list and words_list[0] == "help":
        _help_command(words_list[1:])
    sys.exit(_run(resolved.settings, words_list, sim))


def _run(settings: Any, words: list[str], sim: bool) -> int:
    from zscli.app import App

    simulator = None
    if sim:
        settings, simulator = _start_sim(settings)
    interactive = not words and sys.stdin.isatty() and sys.stdout.isatty()
    app = App(settings, interactive=interactive)
    try:
        if simulator is not None:
            code = app.login(simulator.admin_account, simulator.admin_password)
            if code:
                return int(code)
        if words:
            return int(app.run_tokens(words))
        if interactive:
            from zscli.shell import run_shell

            if simulator is not None:
                sys.stderr.write(f"zscli {__version__} on the built-in simulator at {simulator.url} (demo data; "
                                 "password 'password'). Tab completes, `help` lists APIs, Ctrl-D leaves.\n")
            return int(run_shell(app))
        return _run_batch(app, sys.stdin)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    finally:
        if simulator is not None:
            app.store.delete(settings.host, settings.port)
        app.close()
        if simulator is not None:
            simulator.stop()


def _run_batch(app: Any, stream: Any) -> int:
    """One command per line, in order, over one connection; stop at the first failure unless --keep-going."""
    first_failure = 0
    for number, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        code = int(app.run_line(line))
        if code:
            if not app.settings.keep_going:
                app.err.write(f"batch stopped at line {number} (use --keep-going to continue past failures)\n")
                return code
            first_failure = first_failure or code
    return first_failure


def _start_sim(settings: Any) -> tuple[Any, Any]:
    from dataclasses import replace

    from zscli.sim import Simulator

    simulator = Simulator(host="127.0.0.1", port=0, job_delay=0.3)
    simulator.start()
    settings = replace(settings, host=simulator.host, port=simulator.port, https=False,
                       modelarts_endpoint="", modelarts_token=simulator.modelarts_token)
    return settings, simulator


def _die(exc: ZscliError) -> None:
    from zscli.output import format_error

    click.echo(format_error(exc), err=True)
    sys.exit(int(exc.exit_code))


def _config_command(args: list[str], resolved: Any) -> None:
    from zscli import config
    from zscli.errors import UsageError

    if args != ["show"]:
        _die(UsageError("usage: zscli config show", hint="prints the effective settings and their sources"))
    click.echo(config.describe(resolved))
    sys.exit(0)


def _completion_command(args: list[str]) -> None:
    from zscli import shellcomp
    from zscli.errors import UsageError

    if len(args) != 1 or args[0] not in shellcomp.SHELLS:
        _die(UsageError("usage: zscli completion bash|zsh|fish", hint="see README: Shell completion"))
    click.echo(shellcomp.script(args[0]), nl=False)
    sys.exit(0)


def _help_command(args: list[str]) -> None:
    from zscli.output import help_text
    from zscli.schema import load

    try:
        click.echo(help_text(load(), args[0] if args else None))
    except ZscliError as exc:
        _die(exc)
    sys.exit(0)


def _option_arity(cmd: click.Command) -> dict[str, int]:
    """Every option spelling of ``cmd`` and how many values it takes."""
    arity = {}
    for param in cmd.params:
        if isinstance(param, click.Option):
            for name in param.opts + param.secondary_opts:
                arity[name] = 0 if param.is_flag or param.count else param.nargs
    return arity


def hoist_options(argv: list[str], cmd: Optional[click.Command] = None) -> list[str]:
    """Move global options typed after the command (``zscli QueryModel limit=5 -o json``) before it.

    API arguments are always ``key=value`` words, so a word that is exactly a known option (or
    ``--option=value``) cannot be one; everything else keeps its order.
    """
    arity = _option_arity(cmd or command)
    head: list[str] = []
    i = 0
    while i < len(argv) and argv[i].startswith("-"):  # options already in front
        take = arity.get(argv[i], 0)
        head += argv[i:i + 1 + take]
        i += 1 + take
    rest = argv[i:]
    if not rest or rest[0] in ("config", "completion", "help"):
        return argv
    moved: list[str] = []
    kept: list[str] = []
    j = 0
    while j < len(rest):
        word = rest[j]
        name = word.split("=", 1)[0] if word.startswith("--") else word
        if j > 0 and name in arity:
            take = 0 if "=" in word and word.startswith("--") else arity[name]
            moved += rest[j:j + 1 + take]
            j += 1 + take
        else:
            kept.append(word)
            j += 1
    return head + moved + kept


def main(argv: Optional[list[str]] = None) -> None:
    """The click command line (zscli.entry answers shell completion before this is imported)."""
    try:
        command.main(args=argv, prog_name="zscli", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.INTERRUPTED))
