"""``format_error``: a ZscliError as the text a front door prints on stderr."""
from __future__ import annotations

from typing import Any

from zscli.errors import ServerError, ZscliError

from .safe import visible

_RED = "\x1b[1;31m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"
MAX_FIELD = 1000  # characters of one error field shown (a server may send a 400 KB description)


def clip(text: str, limit: int = MAX_FIELD) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters; --debug shows all)"


def _text(value: Any) -> str:
    return "" if value is None else clip(str(value).strip())


def _repeats(hint: str, lines: list[str]) -> bool:
    """True when ``hint`` (possibly clipped with "...") only repeats a details/solution line shown below."""
    core = hint[:-3] if hint.endswith("...") else hint
    return any(core.strip() and core.strip() in line for line in lines)


def format_error(err: ZscliError, *, color: bool = False, compact: bool = False) -> str:
    """``error: <message> (<hint>)``; for a ZStack ErrorCode ``error: <code>: <description>`` with indented
    details and every ``caused by`` level; for a ModelArts error ``error: <error_code>: <error_msg>`` and
    its ``solution``. ``compact`` folds those lines onto the first with ``; `` (the shell's one-line errors).
    No trailing newline; ANSI colour only when ``color``."""
    first = err.message
    rest: list[str] = []
    fault = err.fault if isinstance(err, ServerError) else None
    if fault is not None:
        first = _text(fault.headline) or err.message
        rest += [f"  {name}: {_text(text)}" for name, text in fault.details]
        for cause in fault.causes:
            line = "  caused by " + (_text(cause.headline) or "(no description)")
            if cause.detail_texts:
                line += f" — {_text(cause.detail_texts[0])}"
            rest.append(line)
        if fault.solution:
            rest.append(f"  solution: {_text(fault.solution)}")
    if err.hint and not _repeats(err.hint, rest):
        first += f" ({err.hint})"
    label = f"{_RED}error:{_RESET}" if color else "error:"
    if compact and rest:
        first = "; ".join([first] + [line.strip() for line in rest])
        rest = []
    first = visible(clip(first, 4 * MAX_FIELD))
    rest = [visible(line) for line in rest]
    lines = [f"{label} {first}"]
    lines.extend(f"{_DIM}{line}{_RESET}" if color else line for line in rest)
    return "\n".join(lines)
