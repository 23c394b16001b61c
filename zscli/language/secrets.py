"""Hide secret parameter values (passwords, tokens) in a command line before it is stored or shown."""
from __future__ import annotations

import re

from zscli.schema.types import Schema

from .keyop import key_op
from .lexer import scan

MASK = "***"


def secret_names(schema: Schema) -> frozenset[str]:
    """Lower-cased names of every parameter marked secret in ``schema``."""
    return schema.secret_names


def _mask_prefix(word: str, names: frozenset[str]) -> str:
    """``key=`` (or ``key!=``...) if ``word`` gives a value to a secret key, else ''."""
    kv = key_op(word, spaced=True)
    if kv is not None and "=" in kv.ops and kv.key.lower() in names:
        return kv.key + kv.ops[:kv.ops.index("=") + 1]
    return ""


def scrub(line: str, schema: Schema) -> str:
    """``line`` with the value of every secret parameter (in any quoting) replaced by ``***``.

    ``@file`` and ``@-`` values are kept (they name where the secret is, not the secret). Never raises.
    """
    try:
        names = secret_names(schema)
        if not names:
            return line
        result = scan(line)
        tokens = result.all_words
        out: list[str] = []
        pos = 0
        for tok in tokens:
            prefix = _mask_prefix(tok.text, names)
            value = tok.text.split("=", 1)[1] if prefix else ""
            if not prefix or (value.startswith("@") and not value.startswith("@@")):
                continue
            out.append(line[pos:tok.start])
            out.append(f"{prefix}{MASK}")
            pos = tok.end
        out.append(line[pos:])
        text = "".join(out)
        if result.comment >= 0:  # a comment may hold anything: mask key=value pairs there too
            cut = len(text) - (len(line) - result.comment)
            text = text[:cut] + _regex_scrub(text[cut:], names)
        return text
    except Exception:  # noqa: BLE001 - scrubbing must never fail; fall back to a blunt mask
        try:
            return _regex_scrub(line, secret_names(schema))
        except Exception:  # noqa: BLE001
            return MASK


def _regex_scrub(text: str, names: frozenset[str]) -> str:
    if not names:
        return text
    pattern = re.compile(r"(?i)\b(" + "|".join(map(re.escape, sorted(names))) + r")(\s*[!?~<>]*=)\S*")
    return pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)


__all__ = ["MASK", "scrub", "secret_names"]
