"""The API catalogue: ``load()`` returns the schema in use, as frozen dataclasses read on demand.

The packaged catalogue is ``schema.jsonl`` (compiled by :mod:`zscli.schema.build` from ``specs/``). A front door
may point the process at another one (a user schema made by ``zscli schema import``) with :func:`select` before
the first :func:`load`. Records are read lazily: asking for one API reads one line of the file.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from .catalogue import CatalogueError, FileSource, api_from_record, error_from_record, inventory_from_record
from .types import (Action, Api, ApiEntry, ErrorShape, Family, Field, Inventory, Location, MemorySource, Param,
                    Relation, Reply, Schema, Type)

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.jsonl"

_lock = threading.Lock()
_selected: str | None = None
_loaded: dict[str, Schema] = {}


def from_data(data: dict[str, Any]) -> Schema:
    """A :class:`Schema` held in memory, from build data (``{"apis": [...], "inventories": [...], ...}``)."""
    source = MemorySource(apis=(api_from_record(a) for a in data["apis"]),
                          inventories=(inventory_from_record(i) for i in data["inventories"]),
                          errors=(error_from_record(e) for e in data.get("errors", ())),
                          meta=data.get("meta", {}))
    return Schema(source=source, version=str(data.get("format", "")))


def select(path: str | None) -> None:
    """Use the catalogue file at ``path`` (None: the packaged one) for every later :func:`load` in this process."""
    global _selected
    _selected = os.fspath(path) if path else None


def selected_path() -> str:
    """The path of the catalogue :func:`load` reads."""
    return _selected or str(SCHEMA_FILE)


def load(path: str | None = None) -> Schema:
    """The catalogue at ``path`` (default: the selected one, else the packaged one), opened once per process.

    Raises :class:`CatalogueError` with a one-line message when the file is missing or not a catalogue.
    """
    key = os.fspath(path) if path else selected_path()
    schema = _loaded.get(key)
    if schema is None:
        with _lock:
            schema = _loaded.get(key)
            if schema is None:
                source = FileSource(key)
                schema = Schema(source=source, version=str(source.meta.get("format", 2)))
                _loaded[key] = schema
    return schema


__all__ = ["Action", "Api", "ApiEntry", "CatalogueError", "ErrorShape", "Family", "Field", "Inventory", "Location",
           "Param", "Relation", "Reply", "SCHEMA_FILE", "Schema", "Type", "from_data", "load", "select",
           "selected_path"]
