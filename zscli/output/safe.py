"""``visible``: the one function that makes untrusted text safe to show on a terminal.

Text that came from a server or a file (a model's description, an error body, a name in a completion menu)
may hold terminal control sequences: ``ESC ] 0 ; title BEL`` retitles the window, ``ESC [ 2 J`` clears it,
``ESC [ 31 m`` colours what follows, a lone CR or backspace overwrites what was printed, and bidi overrides
reorder it. Every place that shows such text to a person passes it through :func:`visible`, which spells
those characters as escapes (``\\x1b``, ``\\u202e``). Machine formats (JSON, YAML, CSV, TSV) are written
byte-exact into pipes and files; on a terminal they too pass their text through here (:func:`visible` for
CSV/TSV cells and bare ``--query`` strings, :func:`inert_json` for JSON and YAML, which spells the same
characters in the format's own escapes so the data is unchanged).
"""
from __future__ import annotations

# C0 and DEL and C1 controls; bidi embeddings/overrides/isolates and marks; line/paragraph separators.
_CONTROL = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_UNICODE = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]


def _spelling(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_ONE_LINE = {code: _spelling(code) for code in _CONTROL + _UNICODE}
_MULTI_LINE = {code: text for code, text in _ONE_LINE.items() if code not in (0x09, 0x0A)}
# what json.dumps(ensure_ascii=False) and PyYAML leave raw (they escape C0 themselves), spelled \\uXXXX
_JSON_RAW = {code: f"\\u{code:04x}" for code in [0x7F, *range(0x80, 0xA0), *_UNICODE]}
BIDI = frozenset(chr(code) for code in _UNICODE if code not in (0x2028, 0x2029))  # printable to PyYAML


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character spelled as an escape, so it cannot act on the terminal.

    With ``newlines`` True, line feeds and tabs are kept (a CR LF pair counts as a line feed); otherwise
    they are escaped too, so the result is one line.
    """
    if newlines:
        return text.replace("\r\n", "\n").translate(_MULTI_LINE)
    return text.translate(_ONE_LINE)


def inert_json(text: str) -> str:
    """JSON text (or YAML whose strings holding such characters are double-quoted) with the control characters
    ``json.dumps`` leaves raw (DEL, C1, bidi controls, line separators) spelled ``\\uXXXX``: the same data,
    inert on a terminal. They can only occur inside strings, where ``\\uXXXX`` means the same character."""
    return text.translate(_JSON_RAW)


def unicode_ok(stream: object) -> bool:
    """True when ``stream`` can write every character (a UTF encoding, or no declared encoding: a test buffer)."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True
    import codecs

    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def tolerant(stream: object, errors: str = "backslashreplace") -> None:
    """Make a text stream that cannot encode every character escape the ones it cannot (``\\U0001f642``)
    instead of raising half-way through (``LC_ALL=zh_CN.GBK``, ``LANG=C`` with an ASCII stdout)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None or unicode_ok(stream) or getattr(stream, "errors", "") == errors:
        return
    try:
        reconfigure(errors=errors)
    except (ValueError, OSError):  # a closed or detached stream: nothing to write to anyway
        pass


def has_controls(text: str) -> bool:
    """True when :func:`visible` would change ``text`` (one line)."""
    return text.translate(_ONE_LINE) != text


__all__ = ["BIDI", "has_controls", "inert_json", "tolerant", "unicode_ok", "visible"]
