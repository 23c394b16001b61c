"""The API catalogue: ``load()`` returns the compiled schema as frozen dataclasses.

Loading is lazy and cached: the JSON file is read on the first call only.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from .types import Action, Api, ErrorShape, Family, Field, Inventory, Location, Param, Relation, Reply, Schema, Type

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.json"


def _field(d: dict[str, Any]) -> Field:
    return Field(name=d["name"], type=Type(d["type"]), since=d["since"], description=d["description"],
                 children=tuple(_field(c) for c in d["children"]), refers_to=d["refers_to"],
                 unit=d["unit"])


def _param(d: dict[str, Any]) -> Param:
    return Param(name=d["name"], type=Type(d["type"]), location=Location(d["location"]),
                 required=d["required"], since=d["since"], description=d["description"],
                 choices=tuple(d["choices"]), min=d["min"], max=d["max"], max_length=d["max_length"],
                 default=d["default"], secret=d["secret"], hash=d["hash"], refers_to=d["refers_to"])


def from_data(data: dict[str, Any]) -> Schema:
    """Build a :class:`Schema` from the plain data of ``schema.json``."""
    inventories = tuple(
        Inventory(name=i["name"], description=i["description"], key=i["key"], columns=tuple(i["columns"]),
                  fields=tuple(_field(f) for f in i["fields"]),
                  relations=tuple(Relation(**r) for r in i["relations"]))
        for i in data["inventories"])
    apis = tuple(
        Api(name=a["name"], family=Family(a["family"]), method=a["method"], path=a["path"],
            action=Action(a["action"]), reply=Reply(a["reply"]), params=tuple(_param(p) for p in a["params"]),
            wrapper=a["wrapper"], inventory=a["inventory"], get_path=a["get_path"], is_async=a["is_async"],
            needs_session=a["needs_session"], since=a["since"], description=a["description"], source=a["source"],
            error=a.get("error", ""))
        for a in data["apis"])
    errors = tuple(
        ErrorShape(name=e["name"], description=e["description"], fields=tuple(_field(f) for f in e["fields"]),
                   statuses=tuple(e["statuses"]), key=e["key"])
        for e in data.get("errors", ()))
    return Schema(apis=apis, inventories=inventories, version=str(data.get("format", "")), errors=errors)


@functools.lru_cache(maxsize=None)
def load() -> Schema:
    """The packaged schema (read once per process)."""
    with open(SCHEMA_FILE, encoding="utf-8") as fh:
        return from_data(json.load(fh))


__all__ = ["Action", "Api", "ErrorShape", "Family", "Field", "Inventory", "Location", "Param", "Relation", "Reply",
           "Schema", "Type", "from_data", "load"]
