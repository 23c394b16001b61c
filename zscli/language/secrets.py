"""Hide secret parameter values (passwords, tokens) in a command line before it is stored or shown.

Which parameters are secret is the schema's to say (``Param.secret``). A key the API does not have but that is
close to a secret name is masked too: ``pasword=``, ``passwd=``, ``PASSWORD=``, ``password!=``, ``toekn=`` are
typos of a secret, and the line they are on is kept in history although the parser rejects it. A parameter the
API really has keeps its own flag (so ``accountName=`` is never masked).
"""
from __future__ import annotations

import re

from zscli.schema.types import Api, Schema
from zscli.text import MASK

from .keyop import key_op
from .lexer import scan

_ANY_KEY = re.compile(r"([A-Za-z_][\w.]*)(\s*[!?~<>]*=)\S*")


def secret_names(schema: Schema) -> frozenset[str]:
    """Lower-cased names of every parameter marked secret in ``schema`` (kept in its header: cheap)."""
    return schema.secret_names


def close_to_secret(key: str, names: frozenset[str]) -> bool:
    """True when ``key`` is a secret name or a likely misspelling of one (any case).

    Close means: the same name ignoring case; one containing the other (``newPassword``); an abbreviation
    starting with the same letter (``passwd``, ``pwd``); or at most one edit away (two for names longer than
    five letters), a swap of neighbours counting as one edit (``pasword``, ``passwrod``, ``toekn``).
    """
    k = key.lower()
    if k in names:
        return True
    for name in names:
        if len(k) >= 3 and (name in k or (k[0] == name[0] and _subsequence(k, name))):
            return True
        if _edits(k, name, 1 if len(name) <= 5 else 2) is not None:
            return True
    return False


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


def _edits(a: str, b: str, limit: int) -> int | None:
    """The edit distance of ``a`` and ``b`` (insert, delete, replace, swap neighbours) if at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return None
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1] if prev[-1] <= limit else None


def _known(key: str, api: Api | None, schema: Schema) -> bool | None:
    """Whether ``key`` names a secret parameter of ``api``; False for a field its query can filter on;
    None when the API has no such parameter or field."""
    if api is None:
        return None
    param = api.param(key)
    if param is not None:
        return bool(param.secret)
    inventory = schema.inventory(api.inventory) if api.is_query and api.inventory else None
    if inventory is not None and inventory.field(key) is not None:
        return False
    return None


def _mask_prefix(word: str, api: Api | None, schema: Schema, names: frozenset[str]) -> str:
    """``key=`` (or ``key!=``...) if ``word`` gives a value to a secret key, else ''."""
    kv = key_op(word, spaced=True)
    if kv is None or "=" not in kv.ops:
        return ""
    known = None if kv.key.lower() in names else _known(kv.key, api, schema)
    if known is True or (known is None and close_to_secret(kv.key, names)):
        return kv.key + kv.ops[:kv.ops.index("=") + 1]
    return ""


def scrub(line: str, schema: Schema) -> str:
    """``line`` with the value of every secret parameter, or of a key close to one (in any quoting),
    replaced by ``***``.

    ``@file`` and ``@-`` values are kept (they name where the secret is, not the secret). Never raises.
    """
    try:
        names = secret_names(schema)
        if not names:
            return line
        result = scan(line)
        tokens = result.all_words
        api = _api(tokens[0].text, schema) if tokens else None
        out: list[str] = []
        pos = 0
        for tok in tokens:
            prefix = _mask_prefix(tok.text, api, schema, names)
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


def _api(name: str, schema: Schema) -> Api | None:
    from .apis import lookup_api

    return lookup_api(name, schema)


def _regex_scrub(text: str, names: frozenset[str]) -> str:
    if not names:
        return text
    return _ANY_KEY.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}" if close_to_secret(m.group(1), names)
                        else m.group(0), text)


__all__ = ["MASK", "close_to_secret", "scrub", "secret_names"]
