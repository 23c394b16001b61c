"""Text -> :class:`~zscli.call.Call` -> :class:`~zscli.call.WireRequest`: pure functions, no I/O but @files.

Modules: ``lexer`` (shell-like words), ``conditions`` (query operators and fields), ``options`` (query
options), ``values`` (typed values, @files), ``parser`` (words -> Call), ``wire`` (Call -> request),
``suggest`` ("did you mean"), ``secrets`` (masking passwords in history).
"""
from __future__ import annotations

from .options import QUERY_OPTIONS, QueryOption

__all__ = ["QUERY_OPTIONS", "QueryOption"]
