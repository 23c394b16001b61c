"""Reply -> text: tables and records for people, JSON/YAML/CSV/TSV for programs; errors; help.

Importing this package is cheap: rich is imported only when a table or record is drawn, PyYAML only
when YAML is written.
"""
from __future__ import annotations

from .error_text import format_error
from .formats import Format
from .help import help_text
from .render import render
from .values import flatten

__all__ = ["Format", "flatten", "format_error", "help_text", "render"]
