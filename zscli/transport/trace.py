"""``--debug`` traces and ``--curl`` commands, with secrets masked.

What is masked, and where:

* ``--debug`` (:meth:`Tracer.request` / :meth:`Tracer.response`): the ``Authorization`` credentials (shown as
  ``OAuth ***``), the ``X-Auth-Token``, ``Cookie`` and ``Set-Cookie`` header values; the value of every JSON
  key named like a secret parameter of the API (``password``, ``token``...), in request and reply bodies; and
  every known secret string wherever it appears (URL, bodies): the session uuid (also when it sits in a path such as
  ``/accounts/sessions/{sessionUuid}``, or comes back from a login), the ModelArts token, and the secret
  values sent. A trace can be pasted into a bug report.
* ``--curl`` (:func:`curl_command`): secret body values are ``***`` (a login command is therefore not
  replayable as printed). The ``Authorization: OAuth <session uuid>`` header is printed as it is, because a
  replay needs it (as zstack-cli's ``-c`` did); the ModelArts token is printed as ``$ZSCLI_MODELARTS_TOKEN`` so
  the shell fills it in; an access-key ``Authorization: ZStack <id>:<signature>`` keeps only the key id (a
  signature is a credential for 15 minutes). ``X-Job-UUID`` is left out so that a replay submits a new job
  instead of being rejected as a duplicate.
* ``--dry-run`` (:func:`request_text`): like ``--debug`` for the session and tokens, like ``--curl`` for access
  keys; secret body values are ``***``.
"""
from __future__ import annotations

import json
import shlex
from typing import Any, TextIO
from collections.abc import Iterable, Mapping

from zscli.text import MASK

SECRET_HEADERS = frozenset({"authorization", "x-auth-token", "cookie", "set-cookie", "proxy-authorization"})
ALWAYS_SECRET_KEYS = frozenset({"password", "token"})
MIN_SECRET_LEN = 6  # shorter strings are masked by key only, so that masking cannot garble a whole trace


def mask_json(value: Any, keys: frozenset[str]) -> Any:
    """A copy of ``value`` with the values of keys in ``keys`` (compared lower-case) replaced by ``***``."""
    if isinstance(value, dict):
        return {k: (MASK if isinstance(k, str) and k.lower() in keys and v not in (None, "") else mask_json(v, keys))
                for k, v in value.items()}
    if isinstance(value, list):
        return [mask_json(v, keys) for v in value]
    return value


def secret_values(value: Any, keys: frozenset[str]) -> list[str]:
    """The string values of keys in ``keys`` found anywhere in ``value``."""
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str) and k.lower() in keys and isinstance(v, str) and v:
                found.append(v)
            else:
                found.extend(secret_values(v, keys))
    elif isinstance(value, list):
        for v in value:
            found.extend(secret_values(v, keys))
    return found


def dump_json(value: Any) -> str:
    """Compact JSON as sent on the wire (UTF-8, non-ASCII unescaped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Redactor:
    """Masks the secrets of one exchange: secret JSON keys plus a growing set of secret strings."""

    def __init__(self, keys: Iterable[str] = (), strings: Iterable[str | None] = ()) -> None:
        self.keys = frozenset(k.lower() for k in keys) | ALWAYS_SECRET_KEYS
        self.strings: set[str] = set()
        self.add(*strings)

    def add(self, *strings: str | None) -> None:
        """Mask these strings wherever they appear from now on."""
        for s in strings:
            if s and len(s) >= MIN_SECRET_LEN:
                self.strings.add(s)

    def text(self, text: str) -> str:
        """``text`` with every known secret string replaced (longest first)."""
        for s in sorted(self.strings, key=len, reverse=True):
            text = text.replace(s, MASK)
        return text

    def body(self, raw: bytes) -> str:
        """A body for display: JSON with secret keys masked, else the text; then secret strings masked."""
        if not raw:
            return ""
        text = raw.decode("utf-8", errors="replace")
        try:
            text = dump_json(mask_json(json.loads(text), self.keys))
        except ValueError:
            pass
        return self.text(text)

    def headers(self, headers: Mapping[str, str]) -> list[str]:
        """``Name: value`` lines with secret header values masked (``Authorization`` keeps its scheme word)."""
        return [f"{k}: {self._header(k, str(v))}" for k, v in headers.items()]

    def _header(self, name: str, value: str) -> str:
        low = name.lower()
        if low not in SECRET_HEADERS:
            return self.text(value)
        scheme, _, credentials = value.partition(" ")
        if low.endswith("authorization") and credentials and scheme.isalpha():
            return f"{scheme} {MASK}"  # "OAuth ***" / "ZStack ***": which scheme was used matters when debugging
        return MASK


class Tracer:
    """Writes a request/response trace to a text stream (``--debug``)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def request(self, redactor: Redactor, method: str, url: str, headers: Mapping[str, str],
                body: bytes | None) -> None:
        """Trace an outgoing request."""
        lines = [f"> {method} {redactor.text(url)}"]
        lines += [f"> {h}" for h in redactor.headers(headers)]
        if body:
            lines += [">", f"> {redactor.body(body)}"]
        self._write(lines)

    def response(self, redactor: Redactor, status: int, reason: str, headers: Mapping[str, str],
                 body: bytes, elapsed_ms: float) -> None:
        """Trace a reply."""
        lines = [f"< HTTP {status} {reason} ({elapsed_ms:.0f} ms)"]
        lines += [f"< {h}" for h in redactor.headers(headers)]
        if body:
            lines += ["<", f"< {redactor.body(body)}"]
        self._write(lines)

    def _write(self, lines: list[str]) -> None:
        from zscli.output.safe import visible

        try:
            self.stream.write("\n".join(visible(line) for line in lines) + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stream must not break the call
            pass


def curl_command(method: str, url: str, headers: Mapping[str, str], body: Any | None,
                 keys: frozenset[str], verify: Any = True) -> str:
    """An equivalent curl command line (see the module docstring for what is masked)."""
    parts = ["curl", "-X", method]
    if verify is False:
        parts.append("--insecure")
    elif isinstance(verify, str):
        parts += ["--cacert", shlex.quote(verify)]
    for name, value in headers.items():
        low = name.lower()
        if low == "x-job-uuid":
            continue
        if low == "x-auth-token":
            parts += ["-H", f'"{name}: $ZSCLI_MODELARTS_TOKEN"']
        elif low == "authorization" and value.startswith("ZStack "):
            parts += ["-H", shlex.quote(f"{name}: {key_id_only(value)}")]
        else:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body is not None:
        parts += ["-d", shlex.quote(dump_json(mask_json(body, keys | ALWAYS_SECRET_KEYS)))]
    parts.append(shlex.quote(url))
    return " ".join(parts)


def key_id_only(authorization: str) -> str:
    """``ZStack <id>:<signature>`` with the signature masked: ``ZStack <id>:***``."""
    scheme, _, credentials = authorization.partition(" ")
    key_id = credentials.split(":", 1)[0]
    return f"{scheme} {key_id}:{MASK}"


def request_text(redactor: Redactor, method: str, url: str, headers: Mapping[str, str], body: Any | None,
                 placeholder: str = "") -> str:
    """A request as ``--dry-run`` prints it: ``METHOD URL``, one ``Name: value`` line per header, a blank line
    and the body as pretty JSON. Credentials are masked (an access-key header keeps its key id; a
    ``placeholder`` session is shown as it is); secret body values are ``***``."""
    lines = [f"{method} {redactor.text(url)}"]
    for name, value in headers.items():
        value = str(value)
        low = name.lower()
        if low == "authorization" and value.startswith("ZStack "):
            shown = key_id_only(value)
        elif low == "authorization" and placeholder and value.endswith(placeholder):
            shown = value
        elif low in SECRET_HEADERS and value in ("<token>",):
            shown = value
        else:
            shown = redactor.headers({name: value})[0].split(": ", 1)[1]
        lines.append(f"{name}: {shown}")
    if body is not None:
        lines += ["", redactor.text(json.dumps(mask_json(body, redactor.keys), indent=2, ensure_ascii=False))]
    return "\n".join(lines)
