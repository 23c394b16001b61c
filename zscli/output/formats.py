"""The output formats a user can pick with ``-o``."""
from __future__ import annotations

from enum import Enum

from zscli.errors import UsageError


class Format(str, Enum):
    """How a reply is written: human tables/records, or machine-readable text."""

    TABLE = "table"  # default columns, vertical records when too wide
    WIDE = "wide"  # a table with every primitive field
    JSON = "json"  # the reply as sent, pretty-printed
    YAML = "yaml"
    CSV = "csv"
    TSV = "tsv"

    @classmethod
    def parse(cls, name: str) -> Format:
        """The format called ``name`` (case-insensitive); UsageError listing the choices otherwise."""
        text = (name or "").strip().lower()
        for fmt in cls:
            if fmt.value == text:
                return fmt
        choices = ", ".join(f.value for f in cls)
        raise UsageError(f"unknown output format {name!r}", f"choose one of: {choices}")
