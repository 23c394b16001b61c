"""Completion engine: the line up to the cursor in, ranked candidates out.

Two stages, as pgcli does: :func:`zscli.completion.context.analyze` decides what kind of thing is being
typed; this module gathers the candidates of that kind and ranks them (:mod:`.matching`). Pure Python on
cached per-schema lists: no I/O, no prompt_toolkit, no rich, so shell-completion scripts can use it too.
"""
from __future__ import annotations

import functools
from typing import Protocol, TypeVar

from zscli.language.lexer import quote, scan
from zscli.schema.types import Api, Schema

from .context import ApiNames, Keys, Literals, Operators, Suggestion, Values, analyze
from .index import SchemaIndex, index_for
from .kinds import Candidate, CandidateKind
from .matching import Entry, rank, rank_prefixed
from .seen import SeenValues

__all__ = ["Candidate", "CandidateKind", "Make", "complete", "complete_as"]


class _Completion(Protocol):
    """Anything with the ``text`` a completion inserts (duplicates are dropped by it)."""

    @property
    def text(self) -> str: ...


C = TypeVar("C", bound=_Completion)
C_co = TypeVar("C_co", bound=_Completion, covariant=True)


class Make(Protocol[C_co]):
    """What turns a candidate's parts into the caller's object: ``make(text, start, display, meta, kind)``
    (:class:`Candidate` itself; the shell makes its menu items directly)."""

    def __call__(self, text: str, start: int, display: str, meta: str, kind: CandidateKind, /) -> C_co: ...


def complete(text: str, schema: Schema, seen: SeenValues | None = None, builtins: bool = False,
             server_version: str = "") -> list[Candidate]:
    """Candidates for the word ending at the end of ``text`` (the line up to the cursor), best first.

    Parameters newer than ``server_version`` (the management node's, when known) say so in their meta.

    Never raises: a failure inside completion yields no candidates rather than breaking the prompt.
    """
    return complete_as(Candidate, text, schema, seen, builtins, server_version)


def complete_as(make: Make[C], text: str, schema: Schema, seen: SeenValues | None = None, builtins: bool = False,
                server_version: str = "") -> list[C]:
    """:func:`complete`, each candidate made by ``make`` instead of as a :class:`Candidate` (same texts, same
    order). The API names' lists are remembered by ``make``: the objects it makes must be immutable."""
    try:
        scanned = scan(text)
        index = index_for(schema)
        start = scanned.partial.start - len(text)
        out: list[C] = []
        got: set[str] = {text[scanned.partial.start:]}  # re-offering the word as typed helps nobody
        for suggestion in analyze(scanned, index, builtins):
            for cand in _candidates(make, suggestion, index, seen, start, server_version):
                if cand.text not in got:
                    got.add(cand.text)
                    out.append(cand)
        return out
    except Exception:  # noqa: BLE001 - completion must never break typing; --debug shows why
        from zscli import diagnostics

        diagnostics.swallowed(f"completing {text[-40:]!r}")
        return []


def _candidates(make: Make[C], s: Suggestion, index: SchemaIndex, seen: SeenValues | None, start: int,
                server_version: str = "") -> list[C]:
    if isinstance(s, ApiNames):
        return index.names().candidates(s.needle, s.builtins, start, make)
    if isinstance(s, Literals):
        entries = [Entry(w, w, w, meta, CandidateKind.VALUE) for w, meta in s.words]
        return [make(e.text, start, e.display, e.meta, e.kind) for e in rank_prefixed(s.needle, entries)]
    if isinstance(s, Keys):
        return _keys(make, s, index, start, server_version)
    if isinstance(s, Operators):
        return [make(s.key + e.text, start, e.display, e.meta, CandidateKind.OPERATOR)
                for e in rank_prefixed(s.needle, index.operators) if e.text not in s.hidden]
    return _values(make, s, index, seen, start)


def _keys(make: Make[C], s: Keys, index: SchemaIndex, start: int, server_version: str = "") -> list[C]:
    if s.inventory is None:
        entries = [e for e in index.params(s.api) if e.match not in s.given]
        if server_version:
            entries = [_version_marked(e, s.api, server_version) for e in entries]
    else:
        entries = list(index.keys(s.inventory, s.top))
        if s.top:
            entries += [e for name, e in index.options.items() if name not in s.given]
    prefix = s.prefix
    return [make(prefix + e.text, start, e.display, e.meta, e.kind) for e in rank(s.needle, entries)]


def _values(make: Make[C], s: Values, index: SchemaIndex, seen: SeenValues | None, start: int) -> list[C]:
    entries: list[Entry] = [Entry(w, w, w, meta, CandidateKind.VALUE) for w, meta in s.words]
    if s.fields_of is not None:
        entries += [e for e in index.field_names(s.fields_of) if e.match not in s.exclude]
    if seen is not None and s.uuids_of:
        entries += seen.value_entries(s.uuids_of)
    if seen is not None and s.names_of:
        entries += seen.name_entries(s.names_of)
    needle = s.needle.lower()  # field names match fuzzily; values only when they start with the typed text
    entries = [e for e in entries if e.kind is not CandidateKind.VALUE or e.lower.startswith(needle)]
    out = []
    for e in rank(s.needle, entries):
        if e.match in s.exclude:
            continue
        out.append(make(s.keyop + _quote(s.head + e.text), start, e.display, e.meta, e.kind))
    return out


#: :func:`quote`, remembered: the same remembered values are quoted again on every keystroke.
_quote = functools.lru_cache(maxsize=4096)(quote)


def _version_marked(entry: Entry, api: Api, server_version: str) -> Entry:
    """``entry`` (a parameter), its meta saying so when the parameter is newer than the server."""
    from zscli.server_version import is_newer

    param = api.param(entry.match)
    if param is None or not is_newer(param.since, server_version):
        return entry
    meta = f"[since {param.since} > server {server_version}] {entry.meta}"
    return Entry(entry.match, entry.text, entry.display, meta, entry.kind, entry.rank)
