"""The compiled catalogue file: one JSON record per line, read on demand.

Layout (``schema.jsonl``, written by :mod:`zscli.schema.build`, deterministic):

- line 1, the header: ``{"format": 2, "meta": {...}, "errors": [...], "groups": [...], "secret": [...],
  "routes": [offset, length], "apis": {name: [offset, length, group index, flags, summary?]},
  "inventories": {name: [offset, length]}}``; offsets and lengths are in bytes, counted from the first byte
  after the header line; flags: 1 query, 2 asynchronous, 4 read-only, 8 ModelArts family;
- line 2, the routes (for the simulator): ``{name: [method, path, get_path]}``;
- then one compact JSON object per API, then one per inventory; keys whose value is the default are left out.

Reading the header costs about a millisecond whatever the size of the catalogue; each record is read with one
``pread`` and turned into a frozen dataclass the first time it is asked for.
"""
from __future__ import annotations

import json
import os
import threading
from typing import Any

from zscli.errors import UsageError

from .types import (Action, Api, ApiEntry, ErrorShape, Family, Field, Inventory, Location, Param, Relation, Reply,
                    Type, first_line, search_text)

FORMAT = 2
QUERY, ASYNC, READ_ONLY, MODELARTS = 1, 2, 4, 8

# Defaults left out of a compiled record (and filled back in when it is read).
PARAM_DEFAULTS: dict[str, Any] = {
    "location": "body", "required": False, "since": "", "description": "", "choices": [], "min": None,
    "max": None, "max_length": None, "min_length": None, "default": None, "secret": False, "hash": "",
    "refers_to": "", "regex": "", "nonempty": False, "always_sent": False, "no_trim": False,
    "refers_inferred": False,
}
FIELD_DEFAULTS: dict[str, Any] = {"since": "", "description": "", "refers_to": "", "unit": "", "children": [],
                                  "primitive": None}
RELATION_DEFAULTS: dict[str, Any] = {"many": False, "description": "", "hidden": False, "alias_of": "",
                                     "local_key": "", "remote_key": ""}
API_DEFAULTS: dict[str, Any] = {
    "family": "zstack", "get_path": "", "wrapper": None, "inventory": "", "is_async": False, "needs_session": True,
    "since": "", "description": "", "source": "", "error": "ErrorCode", "group": "", "read_only": False,
    "result_fields": [], "params": [],
}
INVENTORY_DEFAULTS: dict[str, Any] = {"description": "", "key": "uuid", "columns": [], "relations": []}


class CatalogueError(UsageError, ValueError):
    """The catalogue file is missing, unreadable or not a catalogue (the message says which and what to do).

    A :class:`zscli.errors.UsageError` (one line, exit 2) wherever it surfaces, even from a record found damaged
    in the middle of a command."""


def _compact(record: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in defaults or defaults[k] != v}


def compact_api(api: dict[str, Any]) -> dict[str, Any]:
    """A build-time API record without its default values."""
    out = _compact(api, API_DEFAULTS)
    if api.get("params"):
        out["params"] = [_compact(p, PARAM_DEFAULTS) for p in api["params"]]
    return out


def _compact_field(f: dict[str, Any]) -> dict[str, Any]:
    out = _compact(f, FIELD_DEFAULTS)
    if f.get("children"):
        out["children"] = [_compact_field(c) for c in f["children"]]
    return out


def compact_inventory(inv: dict[str, Any]) -> dict[str, Any]:
    """A build-time inventory record without its default values."""
    out = _compact(inv, INVENTORY_DEFAULTS)
    out["fields"] = [_compact_field(f) for f in inv["fields"]]
    if inv.get("relations"):
        out["relations"] = [_compact(r, RELATION_DEFAULTS) for r in inv["relations"]]
    return out


def _flags(api: dict[str, Any]) -> int:
    return ((QUERY if api["action"] == Action.QUERY.value else 0) | (ASYNC if api.get("is_async") else 0)
            | (READ_ONLY if api.get("read_only") else 0)
            | (MODELARTS if api.get("family") == Family.MODELARTS.value else 0))


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def render(data: dict[str, Any]) -> str:
    """The catalogue text for build data ``{"apis", "inventories", "errors", "meta"}`` (deterministic)."""
    apis = sorted(data["apis"], key=lambda a: a["name"])
    inventories = sorted(data["inventories"], key=lambda i: i["name"])
    groups = sorted({a.get("group", "") for a in apis})
    group_index = {g: i for i, g in enumerate(groups)}
    routes_line = (_dumps({a["name"]: [a["method"], a["path"], a.get("get_path", "")] for a in apis}) + "\n").encode()
    lines: list[bytes] = [routes_line]
    api_index: dict[str, list[Any]] = {}
    inv_index: dict[str, list[int]] = {}
    offset = len(routes_line)
    for api in apis:
        line = (_dumps(compact_api(api)) + "\n").encode("utf-8")
        entry: list[Any] = [offset, len(line) - 1, group_index[api.get("group", "")], _flags(api)]
        summary = first_line(api.get("description", ""))
        if summary:
            entry.append(summary)
        api_index[api["name"]] = entry
        lines.append(line)
        offset += len(line)
    for inv in inventories:
        line = (_dumps(compact_inventory(inv)) + "\n").encode("utf-8")
        inv_index[inv["name"]] = [offset, len(line) - 1]
        lines.append(line)
        offset += len(line)
    secret = sorted({p["name"].lower() for a in apis for p in a["params"] if p.get("secret")})
    header = {"format": FORMAT, "meta": data.get("meta", {}), "errors": data.get("errors", []), "groups": groups,
              "secret": secret, "routes": [0, len(routes_line) - 1], "apis": api_index, "inventories": inv_index}
    return _dumps(header) + "\n" + b"".join(lines).decode("utf-8")


# -- reading -----------------------------------------------------------------------------------------------------

def _field(d: dict[str, Any]) -> Field:
    return Field(name=d["name"], type=Type(d["type"]), since=d.get("since", ""), description=d.get("description", ""),
                 children=tuple(_field(c) for c in d.get("children", ())), refers_to=d.get("refers_to", ""),
                 unit=d.get("unit", ""))


def _param(d: dict[str, Any]) -> Param:
    g = d.get
    return Param(name=d["name"], type=Type(d["type"]), location=Location(g("location", "body")),
                 required=g("required", False), since=g("since", ""), description=g("description", ""),
                 choices=tuple(g("choices", ())), min=g("min"), max=g("max"), max_length=g("max_length"),
                 default=g("default"), secret=g("secret", False), hash=g("hash", ""), refers_to=g("refers_to", ""),
                 min_length=g("min_length"), regex=g("regex", ""), nonempty=g("nonempty", False),
                 always_sent=g("always_sent", False), no_trim=g("no_trim", False),
                 refers_inferred=g("refers_inferred", False))


def api_from_record(d: dict[str, Any]) -> Api:
    """An :class:`Api` from a (compact or full) API record."""
    g = d.get
    return Api(name=d["name"], family=Family(g("family", "zstack")), method=d["method"], path=d["path"],
               action=Action(d["action"]), reply=Reply(d["reply"]), params=tuple(_param(p) for p in g("params", ())),
               wrapper=g("wrapper"), inventory=g("inventory", ""), get_path=g("get_path", ""),
               is_async=g("is_async", False), needs_session=g("needs_session", True), since=g("since", ""),
               description=g("description", ""), source=g("source", ""), error=g("error", "ErrorCode"),
               group=g("group", ""), read_only=g("read_only", False), result_fields=tuple(g("result_fields", ())))


def inventory_from_record(d: dict[str, Any]) -> Inventory:
    """An :class:`Inventory` from a (compact or full) inventory record."""
    return Inventory(name=d["name"], description=d.get("description", ""), key=d.get("key", "uuid"),
                     columns=tuple(d.get("columns", ())), fields=tuple(_field(f) for f in d["fields"]),
                     relations=tuple(Relation(name=r["name"], target=r["target"], local_key=r.get("local_key", ""),
                                              remote_key=r.get("remote_key", ""), many=r.get("many", False),
                                              description=r.get("description", ""), hidden=r.get("hidden", False),
                                              alias_of=r.get("alias_of", ""))
                                     for r in d.get("relations", ())))


def error_from_record(e: dict[str, Any]) -> ErrorShape:
    """An :class:`ErrorShape` from its record."""
    return ErrorShape(name=e["name"], description=e.get("description", ""),
                      fields=tuple(_field(f) for f in e["fields"]), statuses=tuple(e.get("statuses", ())),
                      key=e.get("key", ""))


class FileSource:
    """A :class:`~zscli.schema.types.Source` over a catalogue file; thread-safe; records cached once read.

    Raises :class:`CatalogueError` (from the constructor) when the file is missing, unreadable or malformed.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            with open(path, "rb") as fh:
                header_line = fh.readline()
                self._base = fh.tell()
            header = json.loads(header_line)
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise CatalogueError(f"{path}: not a zscli schema of format {FORMAT}: "
                                     "rebuild it with `zscli schema import SOURCE`")
            self._apis: dict[str, list[int]] = header["apis"]
            self._inventories: dict[str, list[int]] = header["inventories"]
            self._groups: list[str] = header["groups"]
            self._routes_at: list[int] = header["routes"]
            self._secret = frozenset(header.get("secret", ()))
            self.meta: dict[str, Any] = header.get("meta", {})
            self.errors = tuple(error_from_record(e) for e in header.get("errors", ()))
            self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except CatalogueError:
            raise
        except OSError as exc:
            raise CatalogueError(f"cannot read the schema {path}: {exc.strerror or exc}") from None
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise CatalogueError(f"{path} is not a valid zscli schema ({type(exc).__name__}): "
                                 "rebuild it with `zscli schema import SOURCE`") from None
        self._lock = threading.Lock()
        self._api_cache: dict[str, Api] = {}
        self._inv_cache: dict[str, Inventory] = {}
        self._names: tuple[str, ...] | None = None
        self._inv_names: tuple[str, ...] | None = None

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    def _record(self, where: list[int]) -> dict[str, Any]:
        offset, length = where[0], where[1]
        try:
            raw = os.pread(self._fd, length, self._base + offset)
            record = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise CatalogueError(f"{self.path} is damaged ({exc}): rebuild it with `zscli schema import SOURCE`") \
                from None
        if not isinstance(record, dict):
            raise CatalogueError(f"{self.path} is damaged: rebuild it with `zscli schema import SOURCE`")
        return record

    def api_names(self) -> tuple[str, ...]:
        if self._names is None:
            self._names = tuple(sorted(self._apis))
        return self._names

    def inventory_names(self) -> tuple[str, ...]:
        if self._inv_names is None:
            self._inv_names = tuple(sorted(self._inventories))
        return self._inv_names

    def entry(self, name: str) -> ApiEntry | None:
        where = self._apis.get(name)
        if where is None:
            return None
        flags = where[3]
        return ApiEntry(name, Family.MODELARTS if flags & MODELARTS else Family.ZSTACK, self._groups[where[2]],
                        bool(flags & QUERY), bool(flags & ASYNC), bool(flags & READ_ONLY),
                        str(where[4]) if len(where) > 4 else "")

    def api_summaries(self) -> list[str]:
        """The first line of every API's description, in :meth:`api_names` order, from the index alone."""
        apis = self._apis
        return [str(w[4]) if len(w) > 4 else "" for w in map(apis.__getitem__, self.api_names())]

    def api(self, name: str) -> Api | None:
        return self._cached(name, self._apis, self._api_cache, api_from_record)

    def inventory(self, name: str) -> Inventory | None:
        return self._cached(name, self._inventories, self._inv_cache, inventory_from_record)

    def _cached(self, name: str, index: dict[str, list[Any]], cache: dict[str, Any], make: Any) -> Any:
        """The record ``name`` of ``index`` made into its dataclass by ``make``, read once and kept in ``cache``."""
        got = cache.get(name)
        if got is not None:
            return got
        where = index.get(name)
        if where is None:
            return None
        with self._lock:
            got = cache.get(name)
            if got is None:
                got = cache[name] = self._convert(make, self._record(where))
        return got

    def _convert(self, make: Any, record: dict[str, Any]) -> Any:
        try:
            return make(record)
        except (KeyError, ValueError, TypeError) as exc:
            raise CatalogueError(f"{self.path} is damaged ({type(exc).__name__}: {exc}): "
                                 "rebuild it with `zscli schema import SOURCE`") from None

    def secret_names(self) -> frozenset[str]:
        return self._secret

    def routes(self) -> dict[str, tuple[str, str, str]]:
        return {name: (r[0], r[1], r[2]) for name, r in self._record(self._routes_at).items()}

    def search(self, word: str) -> tuple[str, ...]:
        w = word.lower()
        if not w:
            return ()
        found = []
        for name, where in self._apis.items():
            raw = os.pread(self._fd, where[1], self._base + where[0]).decode("utf-8", "replace").lower()
            if w in raw:  # a cheap first pass on the raw text, then the real test on the record
                api = self.api(name)
                if api is not None and w in search_text(api):
                    found.append(name)
        return tuple(sorted(found))


__all__ = ["CatalogueError", "FileSource", "FORMAT", "api_from_record", "compact_api", "compact_inventory",
           "error_from_record", "inventory_from_record", "render"]
