"""Tab completion for one-shot use in bash, zsh and fish, from the same engine as the interactive shell.

The scripts call ``zscli`` with ``_ZSCLI_COMPLETE=<shell>``, ``ZSCLI_COMP_LINE`` (the line up to the cursor) and
``ZSCLI_COMP_WORD`` (the shell's current word up to the cursor); zscli prints one replacement for that word per
line. This path imports neither click, prompt_toolkit nor rich.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from zscli import surface

SHELLS: tuple[str, ...] = tuple(name for name, _ in surface.SHELLS)
VALUE_OPTIONS: frozenset[str] = surface.VALUE_SPELLINGS
OPTION_NAMES: tuple[str, ...] = surface.OPTION_SPELLINGS


def _strip_globals(words: list[str]) -> tuple[list[str], list[str]]:
    """Split the words after the program name into (global options, command words)."""
    i = 0
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in VALUE_OPTIONS else 1
    return words[:i], words[i:]


def candidates(line: str) -> list[tuple[str, str]]:
    """(replacement for the partial last word, description) pairs for a command line up to the cursor."""
    from zscli.completion.engine import complete
    from zscli.language.lexer import split_partial
    from zscli.schema import load

    words, partial = split_partial(line)
    words = words[1:]  # the program name
    options, rest = _strip_globals(words)
    if not rest and _awaiting_value(options):
        return _option_value(options[-1], partial)
    if not rest:
        if partial.startswith("-"):
            return _option_names(partial)
        found = _api_names(partial)
        found += [(c.name, c.summary) for c in surface.SUBCOMMANDS if c.name.startswith(partial)]
        return found
    command = surface.SUBCOMMAND_BY_NAME.get(rest[0])
    if command is not None:
        return _argument(command.arg(len(rest) - 1), partial)
    after = _option_after_command(rest, partial)
    if after is not None:
        return after
    text = " ".join(_without_options(rest)) + " " + partial
    out = []
    for cand in complete(text, load()):
        keep = len(partial) + cand.start
        if keep < 0:
            continue
        out.append((partial[:keep] + cand.text, cand.meta))
    return out


def _api_names(partial: str) -> list[tuple[str, str]]:
    """API names for the word ``partial``, itself first when it is already a whole API name: the engine leaves
    the word as typed out, but a shell needs it among the replies (bash then lists it, and adds the space once
    it is the only one)."""
    from zscli.completion.engine import complete
    from zscli.schema import load

    schema = load()
    found = [(c.text, c.meta) for c in complete(partial, schema)]
    api = schema.api(partial) if partial else None
    if api is not None:
        from zscli.schema.types import first_line

        found.insert(0, (api.name, first_line(api.description)))
    return found


def _option_after_command(rest: list[str], partial: str) -> list[tuple[str, str]] | None:
    """Global options typed after the API words (``zscli QueryModel limit=5 -o j``), which zscli accepts
    there too: option names for ``-...``, output formats after ``-o``; None when not completing an option."""
    if rest[-1] in VALUE_OPTIONS and len(rest) > 1:
        return _option_value(rest[-1], partial)
    if partial.startswith("-"):
        return _option_names(partial)
    return None


def _option_names(partial: str) -> list[tuple[str, str]]:
    """Every global option spelling starting with ``partial``."""
    return [(n, "option") for n in OPTION_NAMES if n.startswith(partial)]


def _option_value(spelling: str, partial: str) -> list[tuple[str, str]]:
    """Values for the option ``spelling`` awaits: its choices, or profile names after ``--profile``."""
    opt = surface.BY_SPELLING[spelling]
    if opt.choices:
        meaning = opt.help.split(" (")[0].split(":")[0].rstrip(".").lower()
        return [(c, meaning) for c in opt.choices if c.startswith(partial)]
    if opt.setting == "profile":
        return [(n, "profile") for n in profile_names() if n.startswith(partial)]
    return []


def _argument(arg: surface.Arg | None, partial: str) -> list[tuple[str, str]]:
    """Candidates for a subcommand's argument, from its declaration."""

    if arg is None:
        return []
    if arg.kind is surface.ArgKind.API:
        return _api_names(partial)
    if arg.kind is surface.ArgKind.FORMAT:
        return [(f, "output format") for f in surface.FORMATS if f.startswith(partial)]
    if arg.kind is surface.ArgKind.CHOICE:
        return [(w, meaning) for w, meaning in arg.choices if w.startswith(partial)]
    return []


def _without_options(words: list[str]) -> list[str]:
    """The API words with global options (and the values of those that take one) left out."""
    kept, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in VALUE_OPTIONS:
            skip = True
        elif surface.option(word) is None:
            kept.append(word)
    return kept


def profile_names() -> list[str]:
    """The ``[profile.NAME]`` sections of the config file; empty when it is missing or broken."""
    try:
        from zscli import paths
        from zscli.config import read_toml

        profiles = read_toml(paths.config_file()).get("profile", {})
        return sorted(profiles) if isinstance(profiles, dict) else []
    except Exception:  # completion never fails because of a bad config file
        return []


def _awaiting_value(options: list[str]) -> bool:
    """True when the last global option still waits for its value."""
    i = 0
    while i < len(options):
        if options[i] in VALUE_OPTIONS:
            if i + 1 >= len(options):
                return True
            i += 2
        else:
            i += 1
    return False


def replies(line: str, word: str) -> list[tuple[str, str]]:
    """Replacements for the shell's current ``word`` (a suffix of the partial word: bash splits at ``=``)."""
    from zscli.language.lexer import split_partial

    _, partial = split_partial(line)
    if not partial.endswith(word):
        word = partial
    prefix = partial[: len(partial) - len(word)]
    seen: set[str] = set()
    out = []
    for full, meta in candidates(line):
        if full.startswith(prefix):
            reply = full[len(prefix):]
            if reply not in seen:
                seen.add(reply)
                out.append((reply, meta))
    return out


def for_bash(found: list[tuple[str, str]], word: str) -> list[tuple[str, str]]:
    """The replies bash can use. bash replaces the word with the replies' common prefix, so fuzzy matches
    (``na`` -> ``managementIp=``) would erase typed text: keep the replies that start with the word (any
    case), or a single fuzzy reply (a correction); otherwise none."""
    if not found or not word:
        return found
    common = os.path.commonprefix([r.lower() for r, _ in found])
    if common.startswith(word.lower()):
        return found
    prefixed = [(r, m) for r, m in found if r.lower().startswith(word.lower())]
    return prefixed or (found if len(found) == 1 else [])


def _line_settings(line: str) -> dict[str, str]:
    """The settings that decide the schema (``--schema FILE``, ``--profile NAME``) as typed on the line, before
    or after the command words."""
    from zscli.language.lexer import split_partial

    words, _ = split_partial(line)
    given: dict[str, str] = {}
    for i, word in enumerate(words[1:], 1):
        opt = surface.option(word)
        if opt is None or opt.setting not in ("schema", "profile"):
            continue
        if word.startswith("--") and "=" in word:
            given[opt.setting] = word.split("=", 1)[1]
        elif i + 1 < len(words):
            given[opt.setting] = words[i + 1]
    return given


def use_schema(line: str, env: Mapping[str, str]) -> None:
    """Point the process at the schema the command being typed would use (flag, environment, config, user
    schema, packaged: :mod:`zscli.schema.user`) and open it. Raises :class:`zscli.schema.CatalogueError` when it
    is missing or broken, and :class:`zscli.errors.ZscliError` when the settings are (the command would fail
    the same way)."""
    from zscli import paths
    from zscli.schema.user import check, choose, use, use_resolved

    given = _line_settings(line)
    by_env = env.get("ZSCLI_SCHEMA", "")
    if given.get("schema") or by_env.strip() or not paths.config_file().exists():
        # what config.resolve would choose, without importing it (a few ms of every Tab): the flag, else the
        # variable, else (no config file) the user schema or the packaged one
        flag = given.get("schema", "")
        value, source = (flag, "flag") if flag else (by_env.strip(), "env ZSCLI_SCHEMA")
        use(choose(os.path.expanduser(value) if value else "", source))
    else:
        from zscli import config

        use_resolved(config.resolve({"schema": given.get("schema")}, env=env, profile=given.get("profile", "")))
    check()


def run_from_env(env: Mapping[str, str]) -> int:
    """Answer one completion request described by environment variables; never raises. A schema that is
    missing or broken offers nothing: one line on stderr (which the scripts hide) and exit 2."""
    from zscli.schema import CatalogueError

    shell = env.get("_ZSCLI_COMPLETE", "")
    try:
        use_schema(env.get("ZSCLI_COMP_LINE", ""), env)
    except CatalogueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    except Exception:  # a bad config file: the command would say why; completion offers nothing
        return 0
    try:
        found = replies(env.get("ZSCLI_COMP_LINE", ""), env.get("ZSCLI_COMP_WORD", ""))
        if shell == "bash":
            found = for_bash(found, env.get("ZSCLI_COMP_WORD", ""))
    except Exception:  # completion must never print a traceback into the user's prompt
        return 0
    text = "".join(f"{reply}\t{' '.join(meta.split())}\n" if shell == "fish" and meta.strip() else f"{reply}\n"
                   for reply, meta in found)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError:  # the shell stopped reading (a closed pipe): nothing more to say
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
    return 0


_BASH = r'''# bash completion for zscli (generated by `zscli completion bash`; do not edit)
_zscli_complete() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local line="${COMP_LINE:0:COMP_POINT}"
    # readline replaces only the text after the last word-break character (= > < : ...): when the word
    # under the cursor is made of them (`vendor=` gives `=`), the text being completed is empty
    [[ -n "$cur" && -z "${cur//["$COMP_WORDBREAKS"]/}" ]] && cur=""
    local IFS=$'\n'
    COMPREPLY=($(_ZSCLI_COMPLETE=bash ZSCLI_COMP_LINE="$line" ZSCLI_COMP_WORD="$cur" "${COMP_WORDS[0]}" 2>/dev/null))
    # no reply for a value (`name=`): no file names either (`-o default` stays for words that are not values)
    local token="${line##*[[:space:]]}"
    [[ ${#COMPREPLY[@]} -eq 0 && "$token" == *=* && "${token#*=}" != *@* ]] && compopt +o default 2>/dev/null
    local reply
    for reply in "${COMPREPLY[@]}"; do
        case "$reply" in
            *=|*.|*,) compopt -o nospace 2>/dev/null; break ;;
        esac
    done
    return 0
}
complete -o default -F _zscli_complete zscli
'''

_ZSH = r'''#compdef zscli
# zsh completion for zscli (generated by `zscli completion zsh`; do not edit)
_zscli() {
    local -a replies open closed
    local reply
    replies=("${(@f)$(_ZSCLI_COMPLETE=zsh ZSCLI_COMP_LINE="$LBUFFER" ZSCLI_COMP_WORD="$PREFIX" "${words[1]}" 2>/dev/null)}")
    for reply in "${replies[@]}"; do
        [[ -z "$reply" ]] && continue
        if [[ "$reply" == *[=.,] ]]; then open+=("$reply"); else closed+=("$reply"); fi
    done
    (( ${#open} )) && compadd -Q -S '' -- "${open[@]}"
    (( ${#closed} )) && compadd -Q -- "${closed[@]}"
    return 0
}
if [[ "$funcstack[1]" == "_zscli" ]]; then _zscli "$@"; else compdef _zscli zscli; fi
'''

_FISH = r'''# fish completion for zscli (generated by `zscli completion fish`; do not edit)
function __zscli_complete
    set -l line (commandline -cp)
    set -l word (commandline -ct)
    _ZSCLI_COMPLETE=fish ZSCLI_COMP_LINE="$line" ZSCLI_COMP_WORD="$word" zscli 2>/dev/null
end
complete -c zscli -f -a '(__zscli_complete)'
'''


def script(shell: str) -> str:
    """The completion script for ``shell``."""
    return {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}[shell]
