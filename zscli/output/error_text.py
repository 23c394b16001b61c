"""``format_error``: a ZscliError as the text a front door prints on stderr."""
from __future__ import annotations

from typing import Any, Optional

from zscli.errors import ServerError, ZscliError

from .safe import visible

_RED = "\x1b[1;31m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"
MAX_CAUSE_DEPTH = 20  # a guard against a (malformed) cyclic cause chain
MAX_FIELD = 1000  # characters of one error field shown (a server may send a 400 KB description)


def clip(text: str, limit: int = MAX_FIELD) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters; --debug shows all)"


def _text(value: Any) -> str:
    return "" if value is None else clip(str(value).strip())


def _zstack_error(body: Optional[dict]) -> Optional[dict]:
    """The ErrorCode dict in ``body`` (bare, or wrapped as ``{"error": {...}}``), or None."""
    if not isinstance(body, dict):
        return None
    if isinstance(body.get("error"), dict):
        body = body["error"]
    return body if "code" in body else None


def _modelarts_error(body: Optional[dict]) -> Optional[dict]:
    if isinstance(body, dict) and ("error_code" in body or "error_msg" in body):
        return body
    return None


def _head(code: str, description: str) -> str:
    return f"{code}: {description}" if code and description else code or description


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
    if isinstance(err, ServerError):
        zs = _zstack_error(err.body)
        ma = _modelarts_error(err.body) if zs is None else None
        if zs is not None:
            first = _head(_text(zs.get("code")), _text(zs.get("description"))) or err.message
            for label in ("details", "elaboration"):
                if _text(zs.get(label)):
                    rest.append(f"  {label}: {_text(zs.get(label))}")
            cause, depth = zs.get("cause"), 0
            while isinstance(cause, dict) and depth < MAX_CAUSE_DEPTH:
                line = "  caused by " + (_head(_text(cause.get("code")), _text(cause.get("description")))
                                          or "(no description)")
                if _text(cause.get("details")):
                    line += f" — {_text(cause.get('details'))}"
                rest.append(line)
                cause, depth = cause.get("cause"), depth + 1
        elif ma is not None:
            first = _head(_text(ma.get("error_code")), _text(ma.get("error_msg"))) or err.message
            if _text(ma.get("solution_msg")):
                rest.append(f"  solution: {_text(ma.get('solution_msg'))}")
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
