"""The command-line front door: global options, then one-shot, stdin batch, or the interactive shell.

Thin by design: options become Settings (zscli.config), and lines go to zscli.runner.Runner.
"""
from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from zscli import __version__
from zscli.errors import ExitCode, ZscliError

if TYPE_CHECKING:
    from zscli.runner import Runner

EPILOG = """\b
Syntax:
  zscli [OPTIONS] API key=value ...      one command, e.g.
  zscli QueryModel 'name~=%qwen%' 'vendor!=Alibaba' limit=5 sortBy=createDate sortDirection=desc
  zscli < commands.txt                    one command per line (# comments and blank lines
                                          skipped; stops at the first failure unless --keep-going)
  zscli                                   the interactive shell (on a terminal)
  zscli --sim                             the shell on a built-in simulator with demo data
  zscli help [API] | config show | completion bash|zsh|fish
\b
Query operators: = != > < >= <= ?= (in list) !?= (not in) ~= (like) !~= (not like) =null !=null
Query options: fields= limit= start= count= replyWithCount= sortBy= sortDirection= groupBy=
Values: Integer/Long numbers, Boolean true/false, List a,b,c or JSON array, Map JSON object,
  @file reads a file, @- reads stdin, @@x is the literal @x.
  Quote words holding > < ? ! for your shell.
\b
Environment: ZSCLI_HOST ZSCLI_PORT ZSCLI_HTTPS ZSCLI_INSECURE ZSCLI_VERIFY ZSCLI_CA_BUNDLE
  ZSCLI_TIMEOUT ZSCLI_OUTPUT ZSCLI_PAGER ZSCLI_VI_MODE ZSCLI_PROFILE ZSCLI_DEBUG ZSCLI_CURL
  ZSCLI_KEEP_GOING ZSCLI_MODELARTS_ENDPOINT ZSCLI_MODELARTS_TOKEN ZSCLI_MODELARTS_TOKEN_FILE
  ZSCLI_STRICT_VERSION NO_COLOR
Config: $XDG_CONFIG_HOME/zscli/config.toml ([profile.NAME] sections; see `zscli config show`).
\b
Exit codes: 0 ok; 1 the server answered with an error; 2 usage or validation error (nothing sent);
  3 cannot reach the server, timeout or unparsable reply; 4 not logged in or session expired;
  130 interrupted; 141 stdout closed by its reader (| head).
"""


@dataclass(frozen=True)
class GlobalOption:
    """One global option: its parameter name, spellings, value kind and help (the click command is built from these)."""

    dest: str
    spellings: tuple[str, ...]
    kind: str  # "flag", "str", "int", "float" or "choice"
    help: str
    choices: tuple[str, ...] = ()


OUTPUT_CHOICES = ("table", "wide", "json", "yaml", "csv", "tsv")
OPTIONS: tuple[GlobalOption, ...] = (
    GlobalOption("host", ("-H", "--host"), "str", "Server host (default localhost)."),
    GlobalOption("port", ("-p", "--port"), "int", "Server port (default 8080)."),
    GlobalOption("https", ("--https",), "flag", "Use HTTPS."),
    GlobalOption("insecure", ("--insecure",), "flag", "Do not verify TLS certificates."),
    GlobalOption("ca_bundle", ("--ca-bundle",), "str", "CA bundle file for TLS verification."),
    GlobalOption("output", ("-o", "--output"), "choice", "Output format (default: table on a terminal, json otherwise).",
                 OUTPUT_CHOICES),
    GlobalOption("timeout", ("--timeout",), "float", "Seconds to wait for each HTTP request."),
    GlobalOption("profile", ("--profile",), "str", "Config-file profile to use ([profile.NAME])."),
    GlobalOption("modelarts_endpoint", ("--modelarts-endpoint",), "str",
                 "Base URL of the ModelArts-style API (default: same as ZStack)."),
    GlobalOption("debug", ("--debug",), "flag", "Trace requests and replies on stderr (secrets redacted)."),
    GlobalOption("curl", ("--curl",), "flag", "Print an equivalent curl command for each request."),
    GlobalOption("no_color", ("--no-color",), "flag", "Never use colour."),
    GlobalOption("keep_going", ("--keep-going",), "flag", "In batch mode, go on after a failed command."),
    GlobalOption("strict_version", ("--strict-version",), "flag",
                 "Refuse parameters newer than the server's version instead of warning."),
    GlobalOption("sim", ("--sim",), "flag", "Start the built-in simulator and log in to it."),
)
_BY_SPELLING = {spelling: opt for opt in OPTIONS for spelling in opt.spellings}
_CLICK_ONLY = frozenset({"-h", "--help", "--version", "--"})  # answered by click (help, version, its errors)
_SUBCOMMANDS = ("config", "completion", "help", "schema")


def _flags(**given: Any) -> dict[str, Any]:
    """Only the options the user actually gave (click passes None/False for the rest)."""
    return {k: v for k, v in given.items() if v is not None}


def _convert(opt: GlobalOption, text: str) -> Any:
    """The typed value of ``opt``; ValueError when click would reject it (click then says why)."""
    if opt.kind == "int":
        return int(text.strip())
    if opt.kind == "float":
        return float(text)
    if opt.kind == "choice" and text not in opt.choices:
        raise ValueError(text)
    return text


def fast_parse(argv: list[str]) -> Optional[dict[str, Any]]:
    """Parse a plain command line without click (it costs ~12 ms of start-up): the keyword arguments of
    :func:`run_command`, or None when click must handle the line (help, --version, a subcommand, an
    unknown option, a bad or missing option value), so click's messages and exit codes stay the only ones.
    """
    if any(word in _CLICK_ONLY for word in argv):
        return None
    args = hoist_options(argv)
    given: dict[str, Any] = {opt.dest: (False if opt.kind == "flag" else None) for opt in OPTIONS}
    given["https"] = None
    i = 0
    while i < len(args) and args[i].startswith("-"):
        word = args[i]
        name, eq, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        opt = _BY_SPELLING.get(name)
        if opt is None:
            return None
        if opt.kind == "flag":
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
        try:
            given[opt.dest] = _convert(opt, text)
        except ValueError:
            return None
    words = args[i:]
    if words and words[0] in _SUBCOMMANDS:
        return None
    given["words"] = tuple(words)
    return given


def run_command(words: tuple[str, ...], host: Optional[str], port: Optional[int], https: Optional[bool],
                insecure: bool, ca_bundle: Optional[str], output: Optional[str], timeout: Optional[float],
                profile: Optional[str], modelarts_endpoint: Optional[str], debug: bool, curl: bool, no_color: bool,
                keep_going: bool, sim: bool, strict_version: bool = False) -> None:
    """The command line after option parsing (by click or :func:`fast_parse`): resolve settings, run, exit."""
    from zscli import config

    flags = _flags(host=host, port=port, https=https, ca_bundle=ca_bundle, output=output, timeout=timeout,
                   modelarts_endpoint=modelarts_endpoint, profile=profile)
    if insecure:
        flags["verify"] = False
    for name, on in (("debug", debug), ("curl", curl), ("keep_going", keep_going),
                     ("strict_version", strict_version)):
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
        _help_command([words_list[0]], resolved.settings)  # zscli UpdateModel --help: that API's help
    if words_list and words_list[0] == "config":
        _config_command(words_list[1:], resolved)
    if words_list and words_list[0] == "completion":
        _completion_command(words_list[1:])
    if words_list and words_list[0] == "help":
        _help_command(words_list[1:], resolved.settings)
    if words_list and words_list[0] == "schema":
        _schema_command(words_list[1:], resolved.settings)
    sys.exit(_run(resolved.settings, words_list, sim))


@functools.lru_cache(maxsize=None)
def _click_command() -> Any:
    """The click command (built on first use: a plain one-shot run never imports click)."""
    import click

    class _Command(click.Command):
        """Accepts global options after the API words too (see :func:`hoist_options`)."""

        def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
            return super().parse_args(ctx, hoist_options(args))

    params: list[click.Parameter] = []
    for opt in OPTIONS:
        if opt.kind == "flag":
            extra: dict[str, Any] = ({"flag_value": True, "default": None} if opt.dest == "https"
                                     else {"is_flag": True, "default": False})
        else:
            types = {"str": None, "int": int, "float": float, "choice": click.Choice(list(opt.choices))}
            extra = {"type": types[opt.kind]}
        params.append(click.Option([*opt.spellings, opt.dest], help=opt.help, **extra))
    params.append(click.Argument(["words"], nargs=-1, type=click.UNPROCESSED))
    cmd = _Command("zscli", callback=run_command, params=params, epilog=EPILOG,
                   help="zscli: a command-line shell for the ZStack AI model-center API.",
                   context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False,
                                     "help_option_names": ["-h", "--help"], "max_content_width": 100})
    click.version_option(__version__, "--version", prog_name="zscli", message="%(prog)s %(version)s")(cmd)
    return cmd


def __getattr__(name: str) -> Any:
    """``zscli.cli.command``: the click command, built on first access."""
    if name == "command":
        return _click_command()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _run(settings: Any, words: list[str], sim: bool) -> int:
    from zscli.runner import Runner

    simulator = None
    if sim:
        settings, simulator = _start_sim(settings)
    interactive = not words and sys.stdin.isatty() and sys.stdout.isatty()
    batch = not words and not interactive
    runner = Runner(settings, interactive=interactive, stdin=_BatchStdin() if batch else None)
    try:
        if simulator is not None:
            code = runner.login(simulator.admin_account, simulator.admin_password)
            if code:
                return int(code)
        if words:
            return int(runner.run_tokens(words))
        if interactive:
            from zscli.shell import run_shell

            if simulator is not None:
                sys.stderr.write(f"zscli {__version__} on the built-in simulator at {simulator.url} (demo data; "
                                 "password 'password'). Tab completes, `help` lists APIs, Ctrl-D leaves.\n")
            return int(run_shell(runner))
        return _run_batch(runner, sys.stdin)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    finally:
        if simulator is not None:
            runner.store.delete(settings.host, settings.port)
        runner.close()
        if simulator is not None:
            simulator.stop()


def _run_batch(runner: "Runner", stream: Any) -> int:
    """One command per line, in order, over one connection; stop at the first failure unless --keep-going."""
    first_failure = 0
    for number, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        code = int(runner.run_line(line))
        if code:
            if code in (ExitCode.INTERRUPTED, ExitCode.OUTPUT_CLOSED):  # end the batch, even with --keep-going
                return code
            if not runner.settings.keep_going:
                runner.err.write(f"batch stopped at line {number} (use --keep-going to continue past failures)\n")
                return code
            first_failure = first_failure or code
    return first_failure


class _BatchStdin:
    """Standard input as seen by the commands of a batch: it holds the commands, so ``@-`` cannot read it."""

    def read(self, *_: Any) -> str:
        from zscli.errors import UsageError

        raise UsageError("@- cannot be used in batch mode: standard input holds the commands",
                         hint="put the value in a file and write @path")

    def isatty(self) -> bool:
        return False


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

    sys.stderr.write(format_error(exc) + "\n")
    sys.exit(int(exc.exit_code))


def _config_command(args: list[str], resolved: Any) -> None:
    import click

    from zscli import config
    from zscli.errors import UsageError

    if args != ["show"]:
        _die(UsageError("usage: zscli config show", hint="prints the effective settings and their sources"))
    click.echo(config.describe(resolved))
    sys.exit(0)


def _completion_command(args: list[str]) -> None:
    import click

    from zscli import shellcomp
    from zscli.errors import UsageError

    if len(args) != 1 or args[0] not in shellcomp.SHELLS:
        _die(UsageError("usage: zscli completion bash|zsh|fish", hint="see README: Shell completion"))
    click.echo(shellcomp.script(args[0]), nl=False)
    sys.exit(0)


def _help_command(args: list[str], settings: Any = None) -> None:
    import click

    from zscli.output import help_text
    from zscli.schema import load

    try:
        click.echo(help_text(load(), args[0] if args else None, server_version=_remembered_version(settings)))
    except ZscliError as exc:
        _die(exc)
    sys.exit(0)


def _schema_command(args: list[str], settings: Any) -> None:
    """``zscli schema info``: the schema in use and the server's version (remembered with the session)."""
    import click

    from zscli.errors import UsageError
    from zscli.schema import SCHEMA_FILE, load

    if args != ["info"]:
        _die(UsageError("usage: zscli schema info", hint="shows the API schema in use and the server's version"))
    schema = load()
    version = _remembered_version(settings)
    server = f"ZStack {version}" if version else "version unknown (LogInByAccount learns it)"
    click.echo(f"schema:  {SCHEMA_FILE}\n"
               f"         format {schema.version or '?'}, {len(schema.api_names)} APIs\n"
               f"server:  {settings.host}:{settings.port}  {server}")
    sys.exit(0)


def _remembered_version(settings: Any) -> str:
    """The server version stored with the session for the configured server ("" when unknown); no request."""
    if settings is None:
        return ""
    from zscli import paths
    from zscli.transport import SessionStore

    try:
        stored = SessionStore(paths.state_dir(settings.state_dir)).load(settings.host, settings.port)
    except (OSError, ZscliError):
        return ""
    return stored.server_version if stored is not None else ""


def _option_arity() -> dict[str, int]:
    """Every global option spelling and how many values it takes."""
    return {spelling: 0 if opt.kind == "flag" else 1 for opt in OPTIONS for spelling in opt.spellings}


def hoist_options(argv: list[str], cmd: Any = None) -> list[str]:
    """Move global options typed after the command (``zscli QueryModel limit=5 -o json``) before it.

    API arguments are always ``key=value`` words, so a word that is exactly a known option (or
    ``--option=value``) cannot be one; everything else keeps its order. ``cmd`` is ignored (kept for callers).
    """
    arity = _option_arity()
    arity["--version"] = 0
    head: list[str] = []
    i = 0
    while i < len(argv) and argv[i].startswith("-"):  # options already in front
        take = arity.get(argv[i], 0)
        head += argv[i:i + 1 + take]
        i += 1 + take
    rest = argv[i:]
    if not rest or rest[0] in _SUBCOMMANDS:
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
    """The command line: a plain one-shot, batch or shell run is parsed without click; the rest goes to click."""
    try:
        parsed = fast_parse(list(sys.argv[1:] if argv is None else argv))
        if parsed is not None:
            run_command(**parsed)
        _click_command().main(args=argv, prog_name="zscli", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.INTERRUPTED))
