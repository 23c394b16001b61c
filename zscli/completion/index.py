"""Per-schema candidate lists, built lazily on first use and cached (the completion path does no I/O)."""
from __future__ import annotations

import threading
from collections.abc import Sequence

from zscli.call import OPERATORS as _OPERATORS, QUERY_OPTIONS as _QUERY_OPTIONS, TAG_FIELDS as _TAG_FIELDS
from zscli.language.apis import lookup_api
from zscli.schema.types import Api, Inventory, Param, Schema
from zscli.surface import BUILTINS as _BUILTINS

from .kinds import CandidateKind
from .matching import Entry
from .names import NameTable

# Menu entries derived from the shared vocabulary in zscli.call.
QUERY_OPTIONS: tuple[tuple[str, str], ...] = tuple((o.name, o.description) for o in _QUERY_OPTIONS)
TAG_FIELDS: tuple[tuple[str, str], ...] = tuple((f.name, f.description) for f in _TAG_FIELDS)
OPERATORS: tuple[tuple[str, str], ...] = tuple((op.value, meaning) for op, meaning in _OPERATORS)
OPERATOR_SPELLINGS = frozenset(op for op, _ in OPERATORS)
BUILTINS: tuple[tuple[str, str], ...] = tuple((name, c.summary) for c in _BUILTINS for name in c.names)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def param_meta(p: Param) -> str:
    """``[Type] description`` (with ``required`` and allowed values when they apply)."""
    tags = p.type.value + (", required" if p.required else "")
    extra = f" ({'|'.join(p.choices)})" if p.choices else ""
    return f"[{tags}] {_first_line(p.description)}{extra}".rstrip()


def api_summaries(schema: Schema) -> tuple[Sequence[str], Sequence[str]]:
    """``(names, summaries)``: every API name, sorted, and the first line of its description, aligned.

    A catalogue file gives both from its index (``api_summaries()`` of its source); another source makes
    each API's :class:`~zscli.schema.types.ApiEntry`."""
    quick = getattr(schema.source, "api_summaries", None)
    if callable(quick):
        return schema.api_names, quick()
    entries = schema.entries
    return [e.name for e in entries], [e.summary for e in entries]


class SchemaIndex:
    """Lazily built, cached entry lists for one schema; safe to share between threads."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._lock = threading.Lock()
        self._names: NameTable | None = None
        self._builtins = [Entry(n, n, n, d, CandidateKind.BUILTIN) for n, d in BUILTINS]
        self._params: dict[str, list[Entry]] = {}
        self._keys: dict[tuple[str, bool], list[Entry]] = {}
        self._field_names: dict[str, list[Entry]] = {}
        self.operators = [Entry(op, op, op, d, CandidateKind.OPERATOR, i) for i, (op, d) in enumerate(OPERATORS)]
        self.options = {name: Entry(name, name + "=", name + "=", d, CandidateKind.OPTION, 2)
                        for name, d in QUERY_OPTIONS}

    def names(self) -> NameTable:
        """The first word's candidates: every API name (sorted, with its one-line description), then the
        built-ins; built on first use from the catalogue's index alone (no API record is read)."""
        if self._names is None:
            with self._lock:
                if self._names is None:
                    names, summaries = api_summaries(self.schema)
                    apis = len(names)
                    self._names = NameTable([*names, *(n for n, _ in BUILTINS)],
                                            [*summaries, *(d for _, d in BUILTINS)],
                                            [CandidateKind.API] * apis + [CandidateKind.BUILTIN] * len(BUILTINS),
                                            apis)
        return self._names

    def apis(self) -> list[Entry]:
        """Every API name, sorted, with its one-line description, as entries (made on first use)."""
        table = self.names()
        return table.entries()[:table.apis]

    def builtins(self) -> list[Entry]:
        """The shell's built-in commands."""
        return self._builtins

    def params(self, api: Api) -> list[Entry]:
        """``name=`` entries for a non-query API; required ones rank first."""
        got = self._params.get(api.name)
        if got is None:
            got = [Entry(p.name, p.name + "=", p.name + "=", param_meta(p), CandidateKind.PARAM, 0 if p.required else 1)
                   for p in api.params]
            self._params[api.name] = got
        return got

    def keys(self, inv: Inventory, top: bool) -> list[Entry]:
        """Query keys of ``inv``: fields as ``f=``, relations as ``r.``; at the top also tags (options apart)."""
        cache_key = (inv.name, top)
        got = self._keys.get(cache_key)
        if got is None:
            got = [Entry(f.name, f.name + "=", f.name + "=", f"[{f.type.value}] {_first_line(f.description)}".rstrip(),
                         CandidateKind.FIELD, 0) for f in inv.primitive_fields]
            for r in inv.relations:
                many = ", many" if r.many else ""
                got.append(Entry(r.name, r.name + ".", r.name + ".", f"[-> {r.target}{many}] "
                                 f"{_first_line(r.description)}".rstrip(), CandidateKind.RELATION, 1))
            if top:
                got += [Entry(n, n + "=", n + "=", f"[String] {d}", CandidateKind.TAG, 3) for n, d in TAG_FIELDS]
            self._keys[cache_key] = got
        return got

    def field_names(self, inv: Inventory) -> list[Entry]:
        """Bare primitive field names of ``inv`` (for ``fields=``, ``sortBy=``, ``groupBy=``)."""
        got = self._field_names.get(inv.name)
        if got is None:
            got = [Entry(f.name, f.name, f.name, f"[{f.type.value}]", CandidateKind.FIELD)
                   for f in inv.primitive_fields]
            self._field_names[inv.name] = got
        return got

    def api(self, name: str) -> Api | None:
        """The API called ``name`` (see :func:`zscli.language.apis.lookup_api`)."""
        return lookup_api(name, self.schema)


_INDEXES: dict[int, SchemaIndex] = {}
_INDEX_LOCK = threading.Lock()


def index_for(schema: Schema) -> SchemaIndex:
    """The cached :class:`SchemaIndex` of ``schema`` (keyed by identity; a few schemas are kept)."""
    idx = _INDEXES.get(id(schema))
    if idx is not None and idx.schema is schema:
        return idx
    with _INDEX_LOCK:
        idx = _INDEXES.get(id(schema))
        if idx is None or idx.schema is not schema:
            if len(_INDEXES) >= 8:
                _INDEXES.pop(next(iter(_INDEXES)))
            idx = SchemaIndex(schema)
            _INDEXES[id(schema)] = idx
    return idx
