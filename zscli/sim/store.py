"""SQLite storage with one table per inventory of the schema.

Primitive fields are typed columns (Booleans as 0/1, Timestamps as epoch milliseconds so they sort);
List, Map and Object fields are JSON text. APIs of action ``list`` add hidden ``_<path param>`` columns
(a ModelArts version belongs to a workspace and a model). Tags live in the ``_tags`` table.
"""
from __future__ import annotations

import json
import re
import sqlite3
import threading
from typing import Any
from collections.abc import Iterable, Sequence

from zscli.schema import Action, Field, Inventory, Schema, Type

from . import gson

_SQL_TYPES = {Type.STRING: "TEXT", Type.INTEGER: "INTEGER", Type.LONG: "INTEGER", Type.BOOLEAN: "INTEGER",
              Type.TIMESTAMP: "INTEGER"}
_PATH_VAR = re.compile(r"{(\w+)}")
MAX_EMBED_DEPTH = 3


def q(name: str) -> str:
    """Quote an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def to_db(field: Field, value: Any) -> Any:
    """Convert a Python value of ``field`` to its column value."""
    if value is None:
        return None
    if field.type is Type.BOOLEAN:
        return 1 if value else 0
    if field.type is Type.TIMESTAMP:
        return value if isinstance(value, int) else gson.parse(str(value))
    if not field.type.primitive:
        return json.dumps(value, ensure_ascii=False)
    return value


def from_db(field: Field, value: Any) -> Any:
    """Convert a column value back to Python (Timestamps stay epoch milliseconds)."""
    if value is None:
        return None
    if field.type is Type.BOOLEAN:
        return bool(value)
    if not field.type.primitive:
        return json.loads(value)
    return value


class Store:
    """Thread-safe SQLite storage of every inventory in ``schema``."""

    def __init__(self, schema: Schema, db_path: str | None = None) -> None:
        self.schema = schema
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(db_path or ":memory:", check_same_thread=False, isolation_level=None)
        self.hidden: dict[str, tuple[str, ...]] = {}
        for entry in schema.entries:
            if entry.family.value != "zstack":  # only paged listings (ModelArts) keep their path values
                api = schema.api(entry.name)
                if api is not None and api.action is Action.LIST and api.inventory:
                    extra = tuple("_" + v for v in _PATH_VAR.findall(api.path))
                    self.hidden[api.inventory] = tuple(dict.fromkeys(self.hidden.get(api.inventory, ()) + extra))
        self._tables: set[str] = set()
        with self.lock:
            self._tables.update(r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))
            self.conn.execute("CREATE TABLE IF NOT EXISTS _tags (resource_uuid TEXT, kind TEXT, tag TEXT)")

    def _ensure_table(self, inv: Inventory) -> None:
        """Create the table of ``inv`` on first use (about 500 inventories: most are never touched)."""
        if inv.name in self._tables:
            return
        with self.lock:
            if inv.name in self._tables:
                return
            cols = [f"{q(f.name)} {_SQL_TYPES.get(f.type, 'TEXT')}" for f in inv.fields]
            cols += [f"{q(h)} TEXT" for h in self.hidden.get(inv.name, ())]
            self.conn.execute(f"CREATE TABLE IF NOT EXISTS {q(inv.name)} ({', '.join(cols)})")
            if inv.field(inv.key):
                self.conn.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {q('ix_' + inv.name)} "
                                  f"ON {q(inv.name)} ({q(inv.key)})")
            self._tables.add(inv.name)

    def close(self) -> None:
        """Close the database."""
        with self.lock:
            self.conn.close()

    def inventory(self, name: str) -> Inventory:
        """The inventory called ``name``, its table created if need be (KeyError if unknown)."""
        inv = self.schema.inventory(name)
        if inv is None:
            raise KeyError(name)
        self._ensure_table(inv)
        return inv

    def has(self, name: str) -> bool:
        """True when the schema knows the inventory ``name``."""
        return self.schema.inventory(name) is not None

    def is_empty(self) -> bool:
        """True when no inventory table holds a row (a fresh database)."""
        with self.lock:
            for name in sorted(self._tables - {"_tags", "Session"}):
                if self.conn.execute(f"SELECT 1 FROM {q(name)} LIMIT 1").fetchone():
                    return False
        return True

    # -- writing -------------------------------------------------------------------------------------------------
    def _columns(self, inv: Inventory) -> list[str]:
        return [f.name for f in inv.fields] + list(self.hidden.get(inv.name, ()))

    def _values(self, inv: Inventory, record: dict[str, Any]) -> list[Any]:
        values = [to_db(f, record.get(f.name)) for f in inv.fields]
        return values + [record.get(h) for h in self.hidden.get(inv.name, ())]

    def insert_many(self, name: str, records: Iterable[dict[str, Any]]) -> None:
        """Insert records (dicts of Python values keyed by field name)."""
        inv = self.inventory(name)
        cols = self._columns(inv)
        sql = (f"INSERT INTO {q(name)} ({', '.join(q(c) for c in cols)}) "
               f"VALUES ({', '.join('?' * len(cols))})")
        with self.lock:
            self.conn.executemany(sql, [self._values(inv, r) for r in records])

    def insert(self, name: str, record: dict[str, Any]) -> None:
        """Insert one record."""
        self.insert_many(name, [record])

    def update(self, name: str, key: str, changes: dict[str, Any]) -> None:
        """Change the given fields of the row whose key is ``key``."""
        inv = self.inventory(name)
        fields = [f for f in (inv.field(n) for n in changes) if f is not None]
        if not fields:
            return
        sets = ", ".join(f"{q(f.name)} = ?" for f in fields)
        with self.lock:
            self.conn.execute(f"UPDATE {q(name)} SET {sets} WHERE {q(inv.key)} = ?",
                              [to_db(f, changes[f.name]) for f in fields] + [key])

    def delete(self, name: str, column: str, value: Any) -> int:
        """Delete the rows whose ``column`` equals ``value``; the number deleted."""
        with self.lock:
            return self.conn.execute(f"DELETE FROM {q(name)} WHERE {q(column)} = ?", [value]).rowcount

    def add_tags(self, uuid: str, system_tags: Sequence[str], user_tags: Sequence[str]) -> None:
        """Attach system and user tags to a resource."""
        rows = [(uuid, "system", t) for t in system_tags] + [(uuid, "user", t) for t in user_tags]
        with self.lock:
            self.conn.executemany("INSERT INTO _tags VALUES (?, ?, ?)", rows)

    # -- reading -------------------------------------------------------------------------------------------------
    def rows(self, name: str, where: str = "", args: Sequence[Any] = (), tail: str = "") -> list[dict[str, Any]]:
        """Rows of ``name`` as dicts of Python values (hidden columns included)."""
        inv = self.inventory(name)
        cols = self._columns(inv)
        sql = f"SELECT {', '.join(q(c) for c in cols)} FROM {q(name)}"
        if where:
            sql += f" WHERE {where}"
        with self.lock:
            found = self.conn.execute(sql + tail, list(args)).fetchall()
        result = []
        for row in found:
            rec = {f.name: from_db(f, v) for f, v in zip(inv.fields, row, strict=False)}
            rec.update(zip(cols[len(inv.fields):], row[len(inv.fields):], strict=False))
            result.append(rec)
        return result

    def get(self, name: str, key: Any) -> dict[str, Any] | None:
        """The row whose key is ``key``, or None."""
        inv = self.inventory(name)
        found = self.rows(name, f"{q(inv.key)} = ?", [key])
        return found[0] if found else None

    def scalar(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """The first column of the first row of ``sql``."""
        with self.lock:
            row = self.conn.execute(sql, list(args)).fetchone()
        return row[0] if row else None

    def render(self, name: str, records: list[dict[str, Any]], only: Sequence[str] = (),
               depth: int = 0) -> list[dict[str, Any]]:
        """Records as reply inventories: Gson dates, nulls left out, related lists embedded.

        A many-relation whose name is also a List field (a Model's ``modelServiceRefs``) is filled from its
        target table. ``only`` keeps just those keys (``fields=``), without embedding.
        """
        inv = self.inventory(name)
        embedded: dict[str, dict[Any, list[dict[str, Any]]]] = {}
        if not only and depth < MAX_EMBED_DEPTH and records:
            for rel in inv.relations:
                fld = inv.field(rel.name)
                if not rel.many or fld is None or fld.type is not Type.LIST:
                    continue
                keys = list({r.get(rel.local_key) for r in records} - {None})
                groups: dict[Any, list[dict[str, Any]]] = {}
                if keys:
                    target = self.rows(rel.target, f"{q(rel.remote_key)} IN ({', '.join('?' * len(keys))})",
                                       keys, " ORDER BY rowid")
                    for rec, rendered in zip(target, self.render(rel.target, target, depth=depth + 1), strict=False):
                        groups.setdefault(rec.get(rel.remote_key), []).append(rendered)
                embedded[rel.name] = groups
        result = []
        for rec in records:
            out: dict[str, Any] = {}
            for f in inv.fields:
                if only and f.name not in only:
                    continue
                if f.name in embedded:
                    relation = inv.relation(f.name)
                    local = relation.local_key if relation is not None else f.name
                    out[f.name] = embedded[f.name].get(rec.get(local), [])
                    continue
                value = rec.get(f.name)
                if value is None:
                    continue
                out[f.name] = gson.format_ms(value) if f.type is Type.TIMESTAMP else value
            result.append(out)
        return result
