"""Guards for text a user types or a file holds, applied wherever such text is parsed.

Each turns input that would crash a parser deep inside (a 5,000-digit number, JSON nested 5,000 deep, a NUL in
a path, bytes that are not UTF-8) into a one-line :class:`UsageError` (exit 2) before the parser sees it.
"""
from __future__ import annotations

import json
from typing import Any

from zscli.errors import UsageError

MAX_DIGITS = 40  # far beyond any 64-bit number; int() refuses more than 4,300 digits with a ValueError
MAX_DEPTH = 64  # JSON nesting accepted in a List/Map value (the parser recurses once per level)
BOM = "\ufeff"  # a UTF-8 byte-order mark some editors put first: never part of a command, value or setting
MAX_VALUE_MB = 16  # the largest @file / @- value read (``@/dev/zero`` would otherwise fill the memory)


def check_utf8(word: str, what: str = "the command line") -> None:
    """Reject text holding bytes that were not UTF-8 (Python keeps them as lone surrogates ``\\udcXX``)."""
    for i, char in enumerate(word):
        if "\ud800" <= char <= "\udfff":
            byte = f"0x{ord(char) - 0xDC00:02x}" if "\udc80" <= char <= "\udcff" else repr(char)
            raise UsageError(f"{what} holds a byte that is not UTF-8 text ({byte} at character {i + 1})",
                             hint="write the value as UTF-8; check the encoding of the terminal or file")


def check_digits(text: str, name: str) -> None:
    """Reject a number too long to be one (before ``int()`` is asked to read it)."""
    digits = text.strip().lstrip("+-")
    if len(digits) > MAX_DIGITS:
        raise UsageError(f"{name} takes a number, not {len(digits)} digits", hint=f"write e.g. {name}=1")


def json_depth(text: str) -> int:
    """The deepest ``[``/``{`` nesting in ``text`` (brackets inside JSON strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def load_json(text: str, name: str, example: str) -> Any:
    """``json.loads`` for a user's value, refusing nesting deeper than :data:`MAX_DEPTH` and numbers JSON
    cannot carry (``NaN``, ``Infinity``, ``1e400``: Python would accept them and send invalid JSON) with a
    UsageError; a syntax error is the ValueError of :func:`json.loads`, for the caller to word."""
    if json_depth(text) > MAX_DEPTH:
        raise UsageError(f"{name}: JSON nested deeper than {MAX_DEPTH} levels", hint=f"write e.g. {example}")

    def not_a_number(word: str) -> Any:
        raise UsageError(f"{name}: {word} is not a JSON number", hint="write a finite number, e.g. 1.5")

    def finite(word: str) -> float:
        value = float(word)
        if value in (float("inf"), float("-inf")):
            raise UsageError(f"{name}: {word[:40]} is too large for a JSON number", hint="write a smaller number")
        return value

    try:
        return json.loads(text, parse_constant=not_a_number, parse_float=finite)
    except RecursionError:
        raise UsageError(f"{name}: JSON nested too deeply", hint=f"write e.g. {example}") from None


def check_path(path: str, what: str) -> None:
    """Reject a file name no system call accepts (a NUL byte), naming ``what`` it was for."""
    if "\x00" in path:
        raise UsageError(f"{what}: a file name cannot contain a NUL byte", hint="check the path")


__all__ = ["BOM", "MAX_DEPTH", "MAX_DIGITS", "check_digits", "check_path", "check_utf8", "json_depth", "load_json"]
