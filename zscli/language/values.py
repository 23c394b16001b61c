"""Typed values: turn the text typed after ``key=`` into what the schema says the API wants.

* Integer / Long: a JSON number, checked against the 32-/64-bit range and the parameter's min/max;
* Boolean: ``true`` / ``false`` in any case;
* List: ``a,b,c`` (``\\,`` is a literal comma) or a JSON array;
* Map: a JSON object (parsed with :mod:`json`, never evaluated);
* String: checked against max_length; choices are matched case-insensitively and sent canonically; for ZStack
  APIs trimmed first (Java ``String.trim()``) unless the parameter is ``no_trim``, as the SDK and the server do;
* ``@path`` is replaced by the file's text, ``@-`` by standard input, ``@@...`` by a literal ``@...``
  (a file's text is taken as read, then trimmed as above; one trailing newline of stdin is dropped, so
  ``echo secret | ... password=@-`` works).
"""
from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, TextIO

from zscli.errors import UsageError
from zscli.schema.types import Param, Type
from zscli.text import clip

from .guard import BOM, MAX_VALUE_MB, check_digits, check_path, load_json

INT_RANGES: dict[Type, tuple[int, int]] = {
    Type.INTEGER: (-(2 ** 31), 2 ** 31 - 1),
    Type.LONG: (-(2 ** 63), 2 ** 63 - 1),
}
_INT_RE = re.compile(r"[+-]?[0-9]+")
JAVA_BLANKS = "".join(map(chr, range(33)))  # what Java's String.trim() removes: U+0000..U+0020


_NUMBER_RE = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")


def _show(raw: str, secret: bool) -> str:
    """How a bad value is quoted in a message (never the text of a secret)."""
    return "the value" if secret else f"'{clip(raw)}'"


def read_at_file(raw: str, stdin: TextIO | None = None, *, name: str = "") -> str:
    """Resolve ``@path`` (a file's text), ``@-`` (standard input) and ``@@x`` (a literal ``@x``); one final
    newline of a file or of standard input is not part of the value (``echo``, editors and here-strings add it).

    Any other text is returned unchanged. ``stdin`` defaults to :data:`sys.stdin`.
    Raises :class:`UsageError` when the file cannot be read.
    """
    if not raw.startswith("@"):
        return raw
    if raw.startswith("@@"):
        return raw[1:]
    where = f" for {name}" if name else ""
    if raw == "@-":
        stream = stdin if stdin is not None else sys.stdin
        try:
            text = stream.read(_VALUE_CHARS + 1)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read standard input{where}: {exc}",
                             hint="pipe the value in, or give it directly") from None
        _check_size(text, f"standard input{where}")
        return _drop_newline(text[1:] if text.startswith(BOM) else text)
    path = raw[1:]
    if not path:
        raise UsageError(f"missing file name after '@'{where}",
                         hint="write @path to send a file, @- for stdin, or @@ for a literal @")
    check_path(path, f"@{clip(path)}{where}")
    holds = getattr(stdin, "holds", None)  # batch mode: the batch's own input is off limits, by any name
    if callable(holds) and holds(path):
        raise UsageError(f"@{clip(path)}{where} is standard input, which holds the batch's commands",
                         hint="put the value in a file and write @path")
    try:
        with open(os.path.expanduser(path), encoding="utf-8-sig") as fh:  # -sig: a leading BOM is dropped
            text = fh.read(_VALUE_CHARS + 1)
    except UnicodeDecodeError:
        raise UsageError(f"cannot read file '{path}'{where}: not UTF-8 text",
                         hint="only text files can be sent") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(f"cannot read file '{path}'{where}: {reason}",
                         hint="check the path, or write @@ to send a value starting with @") from None
    _check_size(text, f"file '{clip(path)}'{where}")
    return _drop_newline(text)  # as for @-: `echo secret > pw` then password=@pw sends "secret"


_VALUE_CHARS = MAX_VALUE_MB * 1024 * 1024


def _check_size(text: str, what: str) -> None:
    if len(text) > _VALUE_CHARS:
        raise UsageError(f"{what} holds more than {MAX_VALUE_MB} MB of text",
                         hint="a value that large cannot be sent; check the path")


def _drop_newline(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith("\n"):
        return text[:-1]
    return text


def coerce(type_: Type, raw: str, *, name: str, choices: tuple[str, ...] = (), min: int | None = None,
           max: int | None = None, max_length: int | None = None, stdin: TextIO | None = None,
           at_file: bool = True, secret: bool = False, trim: bool = False) -> Any:
    """Convert typed text to the value sent for a parameter or field of ``type_``.

    ``name`` names the value in error messages; ``at_file`` enables ``@path``/``@-``/``@@``;
    ``secret`` keeps the text out of error messages; ``trim`` strips a String as Java's ``String.trim()``
    does (ZStack's SDK trims String parameters before checking and sending them). Raises :class:`UsageError`
    on a bad value.
    """
    text = read_at_file(raw, stdin, name=name) if at_file else raw
    if trim and type_ is Type.STRING:
        text = text.strip(JAVA_BLANKS)
    if type_ in INT_RANGES:
        value = _integer(type_, text, name, min, max, secret)
        if choices and str(value) not in choices:  # validValues on a number (ipVersion 4|6)
            raise UsageError(f"{name} must be one of {', '.join(choices)}, not {_show(text, secret)}",
                             hint=f"write e.g. {name}={choices[0]}")
        return value
    if type_ is Type.DOUBLE:
        return _double(text, name, min, max, secret)
    if type_ is Type.BOOLEAN:
        return parse_bool(text, name=name, secret=secret)
    if type_ is Type.LIST:
        return _list(text, name)
    if type_ is Type.MAP:
        return _map(text, name)
    if type_ is Type.ANY:
        return _any(text, name)
    if type_ is Type.STRING:
        return _string(text, name, choices, max_length, secret)
    return text  # Timestamp / Object: sent as typed


def coerce_param(param: Param, raw: str, *, stdin: TextIO | None = None, trim: bool = False) -> Any:
    """:func:`coerce` with the type and limits of a schema parameter, then its length, pattern and emptiness
    rules (``min_length``, ``regex``, ``nonempty``, as the SDK's ``@Param`` states them).

    ``trim`` (ZStack APIs): a String is trimmed first, unless the parameter is ``no_trim`` or hashed, as the
    SDK's ``AbstractAction.checkParameters`` trims it before its checks and before sending (the server trims
    it as well)."""
    value = coerce(param.type, raw, name=param.name, choices=param.choices, min=param.min, max=param.max,
                   max_length=param.max_length, stdin=stdin, secret=param.secret,
                   trim=trim and not param.no_trim and not param.hash)
    if param.nonempty and isinstance(value, (str, list, dict)) and not value:
        raise UsageError(f"{param.name} must not be empty", hint=f"give {param.name} a value, or leave it out")
    if isinstance(value, str):
        if param.min_length is not None and len(value) < param.min_length:
            raise UsageError(f"{param.name} is too short ({len(value)} characters, at least {param.min_length})",
                             hint="lengthen the value")
        if param.regex and not param.choices and not _matches(param.regex, value):
            raise UsageError(f"{param.name} does not have the form the server accepts, "
                             f"not {_show(value, param.secret)}",
                             hint=f"it must match {param.regex}")
    return value


def _matches(pattern: str, value: str) -> bool:
    """``value`` matches ``pattern`` whole; a pattern Python cannot compile checks nothing (the server will)."""
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return True


def _double(text: str, name: str, lo: int | None, hi: int | None, secret: bool) -> float:
    stripped = text.strip()
    check_digits(stripped, name)
    try:
        value = float(stripped)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise UsageError(f"{name} takes a number, not {_show(text, secret)}", hint=f"write e.g. {name}=1.5")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise UsageError(f"{name} must be from {lo} to {hi}, got {value if not secret else 'another number'}",
                         hint=f"give a number from {lo} to {hi}")
    return value


def _any(text: str, name: str) -> Any:
    """A value of any JSON type: JSON when the text is JSON (``{..}``, ``[..]``, a number, true/false/null,
    a quoted string), else the text itself."""
    stripped = text.strip()
    if stripped[:1] in ('{', '[', '"') or stripped in ("true", "false", "null") or _NUMBER_RE.fullmatch(stripped):
        try:
            return load_json(stripped, name, '{"key": "value"}')
        except ValueError:
            return text
    return text


def parse_bool(text: str, *, name: str, secret: bool = False) -> bool:
    """``true``/``false`` in any case; anything else is a :class:`UsageError`."""
    low = text.strip().lower()
    if low == "true":
        return True
    if low == "false":
        return False
    raise UsageError(f"{name} takes true or false, not {_show(text, secret)}",
                     hint=f"write {name}=true or {name}=false")


def _integer(type_: Type, text: str, name: str, lo: int | None, hi: int | None, secret: bool) -> int:
    stripped = text.strip()
    check_digits(stripped, name)
    if not _INT_RE.fullmatch(stripped):
        kind = "a 32-bit integer" if type_ is Type.INTEGER else "a 64-bit integer"
        raise UsageError(f"{name} takes {kind}, not {_show(text, secret)}", hint=f"write digits, e.g. {name}=1")
    value = int(stripped)
    type_lo, type_hi = INT_RANGES[type_]
    low = type_lo if lo is None else max(lo, type_lo)
    high = type_hi if hi is None else min(hi, type_hi)
    if not low <= value <= high:
        if value < low and (lo is not None and lo == low):
            problem = f"must be at least {low}"
        elif value > high and (hi is not None and hi == high):
            problem = f"must be at most {high}"
        else:
            problem = f"is out of range for {type_.value}"
        raise UsageError(f"{name} {problem}, got {value if not secret else 'another number'}",
                         hint=f"give a number from {low} to {high}")
    return value


def split_list(text: str) -> list[str]:
    """Split ``a,b,c`` on commas not preceded by a backslash; ``\\,`` becomes ``,``; items are stripped."""
    items: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] == ",":
            buf.append(",")
            i += 2
            continue
        if c == ",":
            items.append("".join(buf).strip())
            buf = []
        else:
            buf.append(c)
        i += 1
    items.append("".join(buf).strip())
    return items


def _list(text: str, name: str) -> list[Any]:
    if text.lstrip().startswith("["):
        try:
            value = load_json(text, name, '["a","b"]')
        except ValueError as exc:
            raise UsageError(f"{name}: bad JSON array ({exc})",
                             hint='write a,b,c or a JSON array like ["a","b"]') from None
        if not isinstance(value, list):
            raise UsageError(f"{name} takes a list", hint='write a,b,c or a JSON array like ["a","b"]')
        return value
    if not text.strip():
        return []
    items = split_list(text)
    if any(not item for item in items):
        raise UsageError(f"{name}: empty item in list", hint="remove the extra comma (write \\, for a literal comma)")
    return items


def _map(text: str, name: str) -> dict[str, Any]:
    example = f"{name}='{{\"key\": \"value\"}}'"
    try:
        value = load_json(text, name, example)
    except ValueError as exc:
        raise UsageError(f"{name} takes a JSON object: {exc}", hint=f"write e.g. {example}") from None
    if not isinstance(value, dict):
        raise UsageError(f"{name} takes a JSON object, not a {type(value).__name__}", hint=f"write e.g. {example}")
    return value


def _string(text: str, name: str, choices: tuple[str, ...], max_length: int | None, secret: bool) -> str:
    if choices:
        for choice in choices:
            if choice.lower() == text.lower():
                return choice
        raise UsageError(f"{name} must be one of {', '.join(choices)}, not {_show(text, secret)}",
                         hint=f"write e.g. {name}={choices[0]}")
    if max_length is not None and len(text) > max_length:
        raise UsageError(f"{name} is too long ({len(text)} characters, at most {max_length})",
                         hint="shorten the value")
    return text


def to_text(value: Any) -> str:
    """How a coerced value is written in a URL query (``true``, ``5``, ``a,b``, JSON for maps)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(to_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


__all__ = ["INT_RANGES", "coerce", "coerce_param", "parse_bool", "read_at_file", "split_list", "to_text"]
