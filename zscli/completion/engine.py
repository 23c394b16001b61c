"""Completion engine: the line up to the cursor in, ranked candidates out.

Two stages, as pgcli does: :func:`zscli.completion.context.analyze` decides what kind of thing is being
typed; this module gathers the candidates of that kind and ranks them (:mod:`.matching`). Pure Python on
cached per-schema lists: no I/O, no prompt_toolkit, no rich, so shell-completion scripts can use it too.
"""
from __future__ import annotations

import functools

from zscli.language.lexer import quote, scan
from zscli.schema.types import Api, Schema

from .context import ApiNames, Keys, Literals, Operators, Suggestion, Values, analyze
from .index import SchemaIndex, index_for
from .kinds import Candidate, CandidateKind
from .matching import Entry, rank, rank_prefixed
from .seen import SeenValues

__all__ = ["Candidate", "CandidateKind", "complete"]


def complete(text: str, schema: Schema, seen: SeenValues | None = None, builtins: bool = False,
             server_version: str = "") -> list[Candidate]:
    """Candidates for the word ending at the end of ``text`` (the line up to the cursor), best first.

    Parameters newer than ``server_version`` (the management node's, when known) say so in their meta.

    Never raises: a failure inside completion yields no candidates rather than breaking the prompt.
    """
    try:
        scanned = scan(text)
        index = index_for(schema)
        start = scanned.partial.start - len(text)
        out: list[Candidate] = []
        got: set[str] = {text[scanned.partial.start:]}  # re-offering the word as typed helps nobody
        for suggestion in analyze(scanned, index, builtins):
            for cand in _candidates(suggestion, index, seen, start, server_version):
                if cand.text not in got:
                    got.add(cand.text)
                    out.append(cand)
        return out
    except Exception:  # noqa: BLE001 - completion must never break typing; --debug shows why
        from zscli import diagnostics

        diagnostics.swallowed(f"completing {text[-40:]!r}")
        return []


def _candidates(s: Suggestion, index: SchemaIndex, seen: SeenValues | None, start: int,
                server_version: str = "") -> list[Candidate]:
    if isinstance(s, ApiNames):
        return [e.candidate("", start) for e in _ranked_apis(index, s.needle, s.builtins)]
    if isinstance(s, Literals):
        entries = [Entry(w, w, w, meta, CandidateKind.VALUE) for w, meta in s.words]
        return [e.candidate("", start) for e in rank_prefixed(s.needle, entries)]
    if isinstance(s, Keys):
        return _keys(s, index, start, server_version)
    if isinstance(s, Operators):
        return [Candidate(s.key + e.text, start, e.display, e.meta, CandidateKind.OPERATOR)
                for e in rank_prefixed(s.needle, index.operators)]
    return _values(s, index, seen, start)


_API_RANKS: dict[tuple[str, bool], tuple[SchemaIndex, list[Entry]]] = {}
API_RANKS_KEPT = 256  # ranked API lists remembered by what was typed


def _ranked_apis(index: SchemaIndex, needle: str, builtins: bool) -> list[Entry]:
    """API names (and built-ins) ranked for ``needle``, remembered: ranking ~2,000 names for a short needle
    costs milliseconds, and the same first letters are typed again and again. Thread-safe enough: a race
    only ranks twice."""
    key = (needle, builtins)
    known = _API_RANKS.get(key)
    if known is not None and known[0] is index:
        return known[1]
    ranked = rank(needle, index.apis() + (index.builtins() if builtins else []))
    if len(_API_RANKS) >= API_RANKS_KEPT:
        _API_RANKS.clear()
    _API_RANKS[key] = (index, ranked)
    return ranked


def _keys(s: Keys, index: SchemaIndex, start: int, server_version: str = "") -> list[Candidate]:
    if s.inventory is None:
        entries = [e for e in index.params(s.api) if e.match not in s.given]
        if server_version:
            entries = [_version_marked(e, s.api, server_version) for e in entries]
    else:
        entries = list(index.keys(s.inventory, s.top))
        if s.top:
            entries += [e for name, e in index.options.items() if name not in s.given]
    return [e.candidate(s.prefix, start) for e in rank(s.needle, entries)]


def _values(s: Values, index: SchemaIndex, seen: SeenValues | None, start: int) -> list[Candidate]:
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
        out.append(Candidate(s.keyop + _quote(s.head + e.text), start, e.display, e.meta, e.kind))
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
