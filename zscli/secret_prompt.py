"""Asking a person, hidden, for a secret a command needs but was not given (``LogInByAccount accountName=admin``)."""
from __future__ import annotations

from typing import TYPE_CHECKING
from collections.abc import Callable

from zscli.errors import UsageError

if TYPE_CHECKING:
    from zscli.environment import Environment
    from zscli.schema.types import Schema


def with_prompted_secrets(words: list[str], schema: Schema, env: Environment,
                          ask: Callable[[str], str] | None = None) -> list[str]:
    """``words`` plus each missing required secret parameter of their API, asked for (hidden) with ``ask`` or,
    when a person is at a terminal, on it; otherwise left missing (the parser then says so). Ctrl-D at the
    prompt is a UsageError."""
    api = schema.api(words[0]) if words else None
    if api is None:
        return words
    if any(p.secret and p.required for p in api.params):
        from zscli.language.parser import check_arguments

        check_arguments(words, schema)  # a misspelt key (pasword=) is refused before a password is typed
    given = {w.split("=", 1)[0] for w in words[1:] if "=" in w}
    for param in api.params:
        if not (param.secret and param.required and param.name not in given):
            continue
        try:
            if ask is not None:
                value = ask(f"{param.name}: ")
            elif env.stdin_isatty and env.stderr_isatty:
                from zscli.terminal import read_hidden

                value = read_hidden(f"{param.name}: ", stream=env.stderr)
            else:
                continue  # the parser reports it as missing
        except EOFError:  # Ctrl-D at the hidden prompt (which has ended its line)
            raise UsageError(f"no {param.name} given (the prompt was closed)",
                             hint=f"type the {param.name} at the prompt, or give {param.name}=@FILE") from None
        words = words + [f"{param.name}={value}"]
    return words
