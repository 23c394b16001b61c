"""Stage two of completion: rank precomputed entries against what the user typed.

A match is case-insensitive and falls in one of five tiers, best first: prefix, word start (a camelCase,
``_``, ``.`` or ``-`` boundary), initials (``qvi`` for QueryVmInstance: the needle runs through the words'
first letters in order), substring (all of zstack-cli's matches), subsequence (fuzzy, as pgcli). The fuzzy
tier is offered only when no better tier matched, so that among 2,000 API names a typed word is not buried
under names that merely contain its letters. Within a tier: the entry's own rank (required parameters
first), then earlier and tighter matches, then shorter names, then schema order.

Only *names* (APIs, parameters, fields, relations) are matched fuzzily. A value (a uuid, a name, a choice, a
boolean) or an operator is offered only when it starts with what was typed (:func:`rank_prefixed`): Tab must
never turn ``uuid=48029b10`` into another resource's uuid that merely contains those characters.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .kinds import CandidateKind


def word_starts(name: str) -> tuple[int, ...]:
    """Indexes where a word starts inside ``name`` (after the first character)."""
    starts = []
    for i in range(1, len(name)):
        prev, ch = name[i - 1], name[i]
        if prev in "_.-" and ch not in "_.-":
            starts.append(i)
        elif ch.isupper() and (prev.islower() or prev.isdigit()):
            starts.append(i)
        elif ch.isupper() and i + 1 < len(name) and name[i + 1].islower() and prev.isupper():
            starts.append(i)
    return tuple(starts)


class Entry:
    """A precomputed candidate: ``match`` is what the needle is matched against."""

    __slots__ = ("match", "lower", "_starts", "_initials", "text", "display", "meta", "kind", "rank")

    def __init__(self, match: str, text: str, display: str, meta: str, kind: CandidateKind, rank: int = 0) -> None:
        self.match = match
        self.lower = match.lower()
        self._starts: tuple[int, ...] | None = None  # word starts, found on first need (most entries never)
        self._initials: str | None = None
        self.text = text
        self.display = display
        self.meta = meta
        self.kind = kind
        self.rank = rank

    @property
    def starts(self) -> tuple[int, ...]:
        """Indexes where a word starts inside ``match`` (see :func:`word_starts`)."""
        if self._starts is None:
            self._starts = word_starts(self.match)
        return self._starts

    @property
    def initials(self) -> str:
        """The first letter of each word, lower-cased (``qvi`` for QueryVmInstance)."""
        if self._initials is None:
            self._initials = self.lower[:1] + "".join(self.lower[s] for s in self.starts)
        return self._initials


def subsequence_pattern(needle: str) -> re.Pattern[str]:
    """A regex finding ``needle``'s characters in order, each at its first occurrence after the previous one
    (the same spans as ``a.*?b.*?c``). Possessive ``[^b]*+b`` steps never backtrack, so a long needle
    against a long value costs linear time per start instead of exponential time (a typed uuid of many
    zeros froze completion)."""
    parts = [re.escape(needle[0])]
    for ch in needle[1:]:
        parts.append(f"[^{re.escape(ch)}]*+{re.escape(ch)}")
    return re.compile("".join(parts))


def _subsequence(needle: str, text: str) -> bool:
    it = iter(text)
    return all(ch in it for ch in needle)


def rank_prefixed(needle: str, entries: Iterable[Entry]) -> list[Entry]:
    """The entries that start with ``needle`` (case-insensitively), ranked as :func:`rank` does."""
    n = needle.lower()
    return rank(needle, [e for e in entries if e.lower.startswith(n)])


def rank(needle: str, entries: Iterable[Entry]) -> list[Entry]:
    """The entries matching ``needle``, best first (all of them, in order, for an empty needle)."""
    if not needle:
        return sorted(entries, key=lambda e: e.rank)
    n = needle.lower()
    first = n[0]
    fuzzy: re.Pattern[str] | None = None
    scored: list[tuple[tuple[int, int, int, int, int, int], Entry]] = []
    fuzzy_scored: list[tuple[tuple[int, int, int, int, int, int], Entry]] = []
    for idx, e in enumerate(entries):
        low = e.lower
        if first not in low:
            continue
        pos = low.find(n)  # a prefix or word-start match is a substring match too: test that first
        if pos == 0:
            key = (0, e.rank, 0 if e.match.startswith(needle) else 1, 0, len(low), idx)
        elif pos > 0:
            ws = -1
            for s in e.starts:
                if s >= pos and low.startswith(n, s):
                    ws = s
                    break
            key = (1, e.rank, ws, 0, len(low), idx) if ws >= 0 else (3, e.rank, pos, 0, len(low), idx)
        elif len(n) > 1 and low[0] == first and _subsequence(n, e.initials):
            key = (2, e.rank, len(e.initials), 0, len(low), idx)
        else:
            if scored:
                continue  # subsequences are offered only when nothing matched better
            if fuzzy is None:
                fuzzy = subsequence_pattern(n)
            m = fuzzy.search(low)
            if m is not None:
                fuzzy_scored.append(((4, e.rank, m.end() - m.start(), m.start(), len(low), idx), e))
            continue
        scored.append((key, e))
    if not scored:
        scored = fuzzy_scored
    scored.sort(key=lambda pair: pair[0])
    return [e for _, e in scored]
