"""The command-line surface, declared once: global options, subcommands and the shell's built-ins.

Everything that shows or parses this surface is built from these tables: the click command and the
click-free fast argv path (``zscli.cli``), the bash/zsh/fish completion back end (``zscli.shellcomp``),
``--help``'s epilog (:func:`zscli.helptext.epilog`), the shell's ``help`` and its completion. The output
formats live in :class:`zscli.output.formats.Format` and the settings with their environment variables in
``zscli.config.KEYS``; both are read from here, never repeated.

Adding a global option: one :class:`GlobalOption` row here; when it sets a value that the config file or
the environment may also set, a ``Key`` row in ``zscli.config.KEYS`` and a field in ``zscli.settings.Settings``
(``setting`` names it); a README row (a test checks the README's option and environment tables).

Importing this module is cheap (the standard library and the output formats): the completion path and the
one-shot path read it.
"""
from __future__ import annotations

from enum import Enum
from typing import Any

from zscli.output.formats import Format
from zscli.record import record

FORMATS: tuple[str, ...] = tuple(f.value for f in Format)


class ValueKind(str, Enum):
    """What a global option takes after it."""

    FLAG = "flag"  # nothing: the option alone sets ``GlobalOption.value``
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    CHOICE = "choice"  # one of ``GlobalOption.choices``


@record
class GlobalOption:
    """One global option.

    ``dest`` is its parameter name; ``setting`` the :class:`zscli.settings.Settings` field it sets ("" when it
    sets none, like ``--sim``); a flag sets ``value`` there (``--insecure`` sets ``verify`` to False).
    ``eager`` options (``--help``, ``--version``) are answered by click before anything runs; ``per_command``
    ones may also be typed with one shell or batch line, and then apply to that command alone.
    """

    dest: str
    spellings: tuple[str, ...]
    kind: ValueKind
    help: str
    setting: str = ""
    value: Any = True
    choices: tuple[str, ...] = ()
    metavar: str = ""
    eager: bool = False
    per_command: bool = False

    @property
    def takes_value(self) -> bool:
        """True when the option is followed by a value (``-o json``, ``--port=8080``)."""
        return self.kind is not ValueKind.FLAG


OPTIONS: tuple[GlobalOption, ...] = (
    GlobalOption("host", ("-H", "--host"), ValueKind.TEXT, "Server host (default localhost).", "host",
                 metavar="HOST"),
    GlobalOption("port", ("-p", "--port"), ValueKind.INT, "Server port (default 8080).", "port", metavar="PORT"),
    GlobalOption("https", ("--https",), ValueKind.FLAG, "Use HTTPS.", "https"),
    GlobalOption("insecure", ("--insecure",), ValueKind.FLAG, "Do not verify TLS certificates.", "verify",
                 value=False),
    GlobalOption("ca_bundle", ("--ca-bundle",), ValueKind.TEXT, "CA bundle file for TLS verification.",
                 "ca_bundle", metavar="FILE"),
    GlobalOption("output", ("-o", "--output"), ValueKind.CHOICE,
                 "Output format: table|wide|json|yaml|csv|tsv.", "output", choices=FORMATS,
                 metavar="FORMAT"),
    GlobalOption("timeout", ("--timeout",), ValueKind.FLOAT, "Seconds to wait for each HTTP request, all of it.",
                 "timeout", metavar="SECONDS"),
    GlobalOption("max_reply_mb", ("--max-reply-mb",), ValueKind.FLOAT, "Largest reply to read, in MB (default 64).",
                 "max_reply_mb", metavar="MB"),
    GlobalOption("profile", ("--profile",), ValueKind.TEXT, "Config-file profile to use ([profile.NAME]).",
                 "profile", metavar="NAME"),
    GlobalOption("modelarts_endpoint", ("--modelarts-endpoint",), ValueKind.TEXT,
                 "ModelArts-style API base URL (default: as ZStack).", "modelarts_endpoint",
                 metavar="URL"),
    GlobalOption("debug", ("--debug",), ValueKind.FLAG, "Trace requests and replies on stderr, redacted.",
                 "debug"),
    GlobalOption("curl", ("--curl",), ValueKind.FLAG, "Print an equivalent curl command for each request.", "curl"),
    GlobalOption("no_color", ("--no-color",), ValueKind.FLAG, "Never use colour.", "color", value=False),
    GlobalOption("keep_going", ("--keep-going",), ValueKind.FLAG, "In batch mode, go on after a failed command.",
                 "keep_going"),
    GlobalOption("read_only", ("--read-only",), ValueKind.FLAG,
                 "Refuse every API that can change something.", "read_only"),
    GlobalOption("all_pages", ("--all",), ValueKind.FLAG,
                 "Fetch every page of a query (see ZSCLI_PAGE_SIZE).", "all_pages",
                 per_command=True),
    GlobalOption("dry_run", ("--dry-run",), ValueKind.FLAG, "Print each request instead of sending it.", "dry_run",
                 per_command=True),
    GlobalOption("query", ("--query",), ValueKind.TEXT, "Filter each reply with a JMESPath expression.",
                 "query", metavar="EXPR", per_command=True),
    GlobalOption("strict_version", ("--strict-version",), ValueKind.FLAG,
                 "Refuse (not warn of) parameters the server lacks.", "strict_version"),
    GlobalOption("schema", ("--schema",), ValueKind.TEXT,
                 "API schema file to use (see schema info).",
                 "schema", metavar="FILE"),
    GlobalOption("sim", ("--sim",), ValueKind.FLAG, "Start the built-in simulator and log in to it."),
    GlobalOption("version", ("--version",), ValueKind.FLAG, "Show the version and exit.", eager=True),
    GlobalOption("help", ("-h", "--help"), ValueKind.FLAG, "Show this message and exit.", eager=True),
)
BY_SPELLING: dict[str, GlobalOption] = {s: opt for opt in OPTIONS for s in opt.spellings}
VALUE_SPELLINGS: frozenset[str] = frozenset(s for opt in OPTIONS if opt.takes_value for s in opt.spellings)
OPTION_SPELLINGS: tuple[str, ...] = tuple(sorted(BY_SPELLING))


def command_options(words: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Split the per-command options (``--dry-run``, ``--query EXPR``, ``--query=EXPR``) off a command's words
    (never its first): the words left, and the settings those options set for this command alone."""
    kept: list[str] = [*words[:1]]
    given: dict[str, Any] = {}
    i = 1
    while i < len(words):
        word = words[i]
        opt = option(word) if word.startswith("--") else None
        if opt is None or not opt.per_command:
            kept.append(word)
        elif not opt.takes_value:
            given[opt.setting] = opt.value
        elif "=" in word:
            given[opt.setting] = word.split("=", 1)[1]
        elif i + 1 < len(words):
            given[opt.setting] = words[i + 1]
            i += 1
        else:
            kept.append(word)
        i += 1
    return kept, given


def option(spelling: str) -> GlobalOption | None:
    """The option spelled ``spelling`` (``-o``, ``--output``, or ``--output=json``), or None."""
    name = spelling.split("=", 1)[0] if spelling.startswith("--") else spelling
    return BY_SPELLING.get(name)


class ArgKind(str, Enum):
    """What a subcommand's or built-in's argument is, which decides what completes there."""

    API = "API"  # an API name
    FORMAT = "FORMAT"  # an output format
    CHOICE = "CHOICE"  # one of ``Arg.choices``
    SETTING_VALUE = "VALUE"  # a value of the shell setting named by the previous argument (see SETTINGS)
    TEXT = "TEXT"  # free text (a number, a file, an account): nothing to complete


@record
class Arg:
    """One positional argument of a subcommand or built-in, as its usage shows it."""

    name: str
    kind: ArgKind = ArgKind.TEXT
    choices: tuple[tuple[str, str], ...] = ()  # (word, meaning) when kind is CHOICE
    optional: bool = False

    def shown(self) -> str:
        """``API``, ``[N]``, ``show`` or ``bash|zsh|fish``, as written in a usage line."""
        text = "|".join(w for w, _ in self.choices) if self.kind is ArgKind.CHOICE else self.name
        return f"[{text}]" if self.optional else text


@record
class Command:
    """A subcommand (``zscli config show``) or a shell built-in (``history 5``): its name, arguments, summary.

    ``aliases`` are other names for it (``quit`` for ``exit``).
    """

    name: str
    args: tuple[Arg, ...]
    summary: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def usage(self) -> str:
        """``history [N]``; with aliases ``exit, quit``."""
        return " ".join([", ".join(self.names), *(a.shown() for a in self.args)])

    def arg(self, position: int) -> Arg | None:
        """The argument at ``position`` (0 is the first after the name), or None past the last."""
        return self.args[position] if position < len(self.args) else None


#: What the shell's ``set`` changes: setting -> (meaning, its values with their meanings).
SETTINGS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "output": ("output format for this session", tuple((f, "output format") for f in FORMATS)),
    "dry-run": ("print requests instead of sending them", (("on", "print requests, send nothing"),
                                                           ("off", "send requests again"))),
}

SHELLS: tuple[tuple[str, str], ...] = (("bash", "bash script"), ("zsh", "zsh script"), ("fish", "fish script"))

SUBCOMMANDS: tuple[Command, ...] = (
    Command("help", (Arg("API", ArgKind.API, optional=True),),
            "the API groups; or a GROUP's APIs, one API, or -k WORD to search"),
    Command("config", (Arg("show", ArgKind.CHOICE, (("show", "the effective settings and their sources"),)),),
            "show effective settings"),
    Command("completion", (Arg("SHELL", ArgKind.CHOICE, SHELLS),), "print a shell completion script"),
    Command("schema", (Arg("info", ArgKind.CHOICE, (("info", "the API schema in use and the server's version"),
                                                    ("import", "make a user schema from a ZStack source"))),
                       Arg("SOURCE", optional=True)),
            "show the API schema in use, or import one: schema import SOURCE [--ref REF]"),
)

BUILTINS: tuple[Command, ...] = (
    Command("help", (Arg("API", ArgKind.API, optional=True),),
            "the API groups; or a GROUP's APIs, one API's parameters, or -k WORD to search"),
    Command("history", (Arg("N", optional=True),), "show the last N commands (default 20)"),
    Command("more", (Arg("N", optional=True),), "show result N again (default: the last), in the pager"),
    Command("save", (Arg("N"), Arg("FILE")), "write result N as JSON to FILE"),
    Command("set", (Arg("SETTING", ArgKind.CHOICE, tuple((name, about) for name, (about, _) in SETTINGS.items())),
                    Arg("VALUE", ArgKind.SETTING_VALUE)), "set output FORMAT or dry-run on|off for this session"),
    Command("login", (Arg("ACCOUNT", optional=True),), "log in (default account admin; asks for the password)"),
    Command("logout", (), "end the session"),
    Command("clear", (), "clear the screen (or Ctrl-L)"),
    Command("exit", (), "leave the shell (or Ctrl-D)", aliases=("quit",)),
)


def _by_name(commands: tuple[Command, ...]) -> dict[str, Command]:
    return {name: c for c in commands for name in c.names}


SUBCOMMAND_BY_NAME: dict[str, Command] = _by_name(SUBCOMMANDS)
BUILTIN_BY_NAME: dict[str, Command] = _by_name(BUILTINS)
BUILTIN_NAMES: frozenset[str] = frozenset(BUILTIN_BY_NAME)


HELP_WIDTH = 78  # the epilog's lines: click indents them by two, and ``zscli --help`` fits 80 columns


def _wrapped(head: str, items: list[str], width: int = HELP_WIDTH, sep: str = " ",
             indent: str = "  ") -> list[str]:
    """``head`` then ``items`` separated by ``sep``, wrapped at ``width``; a continuation line starts with
    ``indent``."""
    lines, current = [], head
    for i, item in enumerate(items):
        joiner = " " if i == 0 else sep
        if len(current) + len(joiner) + len(item) > width:
            lines.append(current + joiner.rstrip())
            current = indent + item
        else:
            current += joiner + item
    return lines + [current]


def epilog() -> str:
    """``zscli --help``'s text after the options: syntax, subcommands, query vocabulary, environment variables
    and exit codes, each built from its one home."""
    from zscli.call import OPERATORS, QUERY_OPTIONS, Op
    from zscli.config import ENV_NAMES
    from zscli.errors import EXIT_MEANINGS

    short = {Op.IN: "(in list)", Op.NOT_IN: "(not in)", Op.LIKE: "(like)", Op.NOT_LIKE: "(not like)"}
    operators = [op.value + (" " + short[op] if op in short else "") for op, _ in OPERATORS]
    subcommands = [" ".join([c.name, *(a.shown() for a in c.args)]) for c in SUBCOMMANDS]
    lines = [
        "\b",
        "Syntax:",
        "  zscli [OPTIONS] API key=value ...  one command, e.g.",
        "    zscli QueryVmInstance host.name=host-1 state=Running fields=uuid,name",
        "    zscli QueryModel 'name~=%qwen%' 'vendor!=Alibaba' limit=5 sortBy=name",
        "  zscli < commands.txt     a batch: one command per line (see --keep-going)",
        "  zscli [--sim]            the interactive shell (--sim: on a demo simulator)",
        *_wrapped("  zscli", subcommands, sep=" | ", indent="    "),
        "\b",
        *_wrapped("Query operators:", operators),
        *_wrapped("Query options:", [o.name + "=" for o in QUERY_OPTIONS]),
        "Values: numbers, true/false, a,b,c or a JSON array, a JSON object, @file,",
        "  @- (stdin), @@x (a literal @x). Quote words holding > < ? ! for your shell.",
        "\b",
        *_wrapped("Environment:", list(ENV_NAMES)),
        "Config: $XDG_CONFIG_HOME/zscli/config.toml; see `zscli config show`.",
        "\b",
        *_wrapped("Exit codes:", [f"{int(code)} {meaning};" for code, meaning in EXIT_MEANINGS.items()]),
    ]
    lines[-1] = lines[-1].rstrip(";")
    return "\n".join(lines) + "\n"
