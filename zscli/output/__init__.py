"""Reply -> text: tables and records for people, JSON/YAML/CSV/TSV for programs; errors; help.

Importing this package is cheap: its names are imported on first use (a JSON one-shot never loads help or
the table code), rich only when a table is drawn in colour, PyYAML only when YAML is written.
"""
from __future__ import annotations

import importlib
from typing import Any

_WHERE = {"Format": ".formats", "flatten": ".values", "format_error": ".error_text", "help_text": ".help",
          "render": ".render"}

__all__ = ["Format", "flatten", "format_error", "help_text", "render"]


def __getattr__(name: str) -> Any:
    """``zscli.output.render`` and the others, imported when first asked for."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value
