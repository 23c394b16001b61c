"""Cutting text short: the one rule for quoting user text in a message and fitting text on a screen line.

Shapes: ``clip("abcdefgh", 6) == "abc..."``; ``clip("abcdefgh", 6, mark="…") == "abcde…"``; text that fits is
returned unchanged. ``limit`` counts characters of the result, the mark included.
"""
from __future__ import annotations

QUOTED = 43  # a word the user typed, quoted in an error message: at most 40 of its characters and "..."
MASK = "***"  # what stands for a secret (password, token, session, signature) wherever zscli shows or keeps text


def clip(text: str, limit: int = QUOTED, mark: str = "...") -> str:
    """``text`` when it has at most ``limit`` characters, else its start followed by ``mark`` (``limit`` in all).

    A ``limit`` shorter than ``mark`` yields the start of ``mark``.
    """
    if len(text) <= limit:
        return text
    keep = max(limit - len(mark), 0)
    return (text[:keep] + mark)[:max(limit, 0)]


__all__ = ["QUOTED", "clip"]
