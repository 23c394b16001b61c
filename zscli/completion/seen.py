"""Values seen in this shell's replies (uuids and names), remembered for value completion.

The Runner feeds every reply in with :meth:`SeenValues.observe`; the completer reads them back without any
network request. Thread-safe: completion runs in a background thread.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any
from collections.abc import Iterable

from zscli.schema.types import Schema, Type

from .kinds import CandidateKind
from .matching import Entry


class SeenValues:
    """Remembers, per inventory, ``key value -> name`` (most recent last internally; newest first out).

    ``schema`` (default: the packaged one) tells each inventory's key field and which fields refer to others.
    """

    def __init__(self, schema: Schema | None = None, limit: int = 500) -> None:
        self._schema = schema
        self._limit = limit
        self._lock = threading.Lock()
        self._values: dict[str, OrderedDict[str, str]] = {}
        # Completion entries per (inventory, "uuids"|"names"), built once per change of that inventory's
        # values: rebuilding 500 of them on every keystroke cost several milliseconds.
        self._entries: dict[tuple[str, str], list[Entry]] = {}

    def observe(self, inventory: str, records: Iterable[dict]) -> None:
        """Remember the keys (usually ``uuid``) and names of ``records`` of ``inventory``, plus every value
        of a field that refers to another inventory, and nested records of known relations.

        Within one reply the first record counts as the most recent (it is offered first)."""
        if not inventory or records is None:
            return
        try:
            with self._lock:
                for rec in reversed(list(records)):
                    if isinstance(rec, dict):
                        self._observe_one(inventory, rec, depth=0)
        except TypeError:  # records was not iterable: nothing to remember
            return

    def _observe_one(self, inventory: str, rec: dict[str, Any], depth: int) -> None:
        if self._schema is None:  # default to the packaged schema (loaded once per process)
            from zscli.schema import load

            self._schema = load()
        inv = self._schema.inventory(inventory)
        key = inv.key if inv is not None else "uuid"
        value = rec.get(key)
        if isinstance(value, str) and value:
            name = rec.get("name")
            self._remember(inventory, value, name if isinstance(name, str) else "")
        if inv is None or depth > 2:
            return
        for f in inv.fields:
            if not f.refers_to:
                continue
            v = rec.get(f.name)
            items = v if f.type is Type.LIST and isinstance(v, list) else [v]
            for item in items:
                if isinstance(item, str) and item:
                    self._remember(f.refers_to, item, "")
        for r in inv.relations:
            nested = rec.get(r.name)
            if isinstance(nested, dict):
                nested = [nested]
            if isinstance(nested, list):
                for item in nested:
                    if isinstance(item, dict):
                        self._observe_one(r.target, item, depth + 1)

    def _remember(self, inventory: str, value: str, label: str) -> None:
        self._entries.pop((inventory, "uuids"), None)
        self._entries.pop((inventory, "names"), None)
        table = self._values.setdefault(inventory, OrderedDict())
        old = table.pop(value, "")
        table[value] = label or old
        while len(table) > self._limit:
            table.popitem(last=False)

    def values(self, inventory: str) -> list[tuple[str, str]]:
        """``(value, label)`` pairs seen for ``inventory``, most recent first."""
        with self._lock:
            table = self._values.get(inventory)
            return list(reversed(table.items())) if table else []

    def names(self, inventory: str) -> list[str]:
        """Distinct non-empty names seen for ``inventory``, most recent first."""
        out: list[str] = []
        got: set[str] = set()
        for _, label in self.values(inventory):
            if label and label not in got:
                got.add(label)
                out.append(label)
        return out

    def value_entries(self, inventory: str) -> list[Entry]:
        """Completion entries of the keys seen for ``inventory`` (meta: the name, or the inventory), most recent
        first; cached until a reply changes them. Callers must not modify the list."""
        with self._lock:
            found = self._entries.get((inventory, "uuids"))
            if found is None:
                table: OrderedDict[str, str] = self._values.get(inventory) or OrderedDict()
                found = [Entry(v, v, v, label or inventory, CandidateKind.VALUE)
                         for v, label in reversed(table.items())]
                self._entries[(inventory, "uuids")] = found
            return found

    def name_entries(self, inventory: str) -> list[Entry]:
        """Completion entries of the names seen for ``inventory``, most recent first; cached like
        :meth:`value_entries`."""
        with self._lock:
            found = self._entries.get((inventory, "names"))
            if found is None:
                table: OrderedDict[str, str] = self._values.get(inventory) or OrderedDict()
                names = dict.fromkeys(label for label in reversed(table.values()) if label)
                found = [Entry(n, n, n, inventory, CandidateKind.VALUE) for n in names]
                self._entries[(inventory, "names")] = found
            return found

    def clear(self) -> None:
        """Forget everything (after logging in elsewhere)."""
        with self._lock:
            self._values.clear()
            self._entries.clear()
