"""The first word's candidates, every API name and the shell's built-ins, ranked without an object per name.

:func:`zscli.completion.matching.rank` works on :class:`~.matching.Entry` objects, each finding its word starts
in Python and getting a tuple sort key. On 2,000 API names the first Tab on an empty line or after one letter
paid 10-14 ms CPU for that (objects, word starts, keys, candidates, menu items) when nothing was cached yet.
:class:`NameTable` keeps the names in flat lists instead and ranks them in exactly :func:`rank`'s order:

- the word starts of every name are found at once, with a few big-integer operations over all the names'
  bytes (:func:`word_start_masks`, about half a millisecond for 2,000 names), as one *mask* per name: the lower-cased
  letter where a word starts, :data:`FILL` elsewhere, so ``mask.find(letter)`` finds a word start and
  ``mask.replace(FILL, "")`` gives the initials;
- names are visited shortest first (ties in catalogue order), and dropped into one list per tier and tier
  position; concatenating the lists in order is the sort :func:`rank` does, with no key tuples.

Names that are not ASCII (whose lower-casing can change their length) fall back to :func:`rank` itself.
"""
from __future__ import annotations

import functools
import threading
from collections import defaultdict
from typing import Any, TypeVar
from collections.abc import Callable, Sequence

from .kinds import CandidateKind
from .matching import Entry, _subsequence, rank, subsequence_pattern

T = TypeVar("T")
FILL = "\0"  # a mask's character where no word starts


# Character classes, one bit each in a byte per character (see word_start_masks).
_UPPER, _LOWER, _DIGIT, _SEP, _OTHER, _FEED = 1, 2, 4, 8, 16, 32


@functools.cache
def _class_table() -> bytes:
    """A ``bytes.translate`` table from an ASCII character to its class bits (anything but a separator or a
    line feed is also :data:`_OTHER`)."""
    table = bytearray([_OTHER] * 256)
    for lo, hi, bit in ((65, 90, _UPPER), (97, 122, _LOWER), (48, 57, _DIGIT)):
        for c in range(lo, hi + 1):
            table[c] |= bit
    for c in b"_.-":
        table[c] = _SEP
    table[10] = _FEED
    return bytes(table)


def word_start_masks(names: Sequence[str]) -> list[str] | None:
    """For each name, a string as long as it: the lower-cased character at every index that
    :func:`~.matching.word_starts` returns, :data:`FILL` elsewhere. None when a name is not ASCII or holds a
    line feed or :data:`FILL` (the caller then ranks :class:`~.matching.Entry` objects instead).

    The names are joined by line feeds and read as one big integer with a byte of class bits per character;
    each rule of :func:`~.matching.word_starts` is then a few shifts and ands over all the names at once
    (shifting by 8 bits looks at the character before or after; bit 0 of each byte holds the answer). A line
    feed belongs to no class the rules test, so no rule reaches across two names.
    """
    joined = "\n".join(names)
    if not joined.isascii() or joined.count("\n") != max(len(names) - 1, 0) or FILL in joined:
        return None
    raw = joined.encode("ascii")
    size = len(raw)
    ones = int.from_bytes(b"\1" * size, "big")  # bit 0 of every byte
    cls = int.from_bytes(raw.translate(_class_table()), "big")
    before, after = cls >> 8, cls << 8  # the previous / next character's class, in this character's byte
    after_separator = (before >> 3) & (cls >> 4)  # _SEP then _OTHER
    camel = cls & ((before >> 1) | (before >> 2))  # _UPPER after _LOWER or _DIGIT
    run_end = cls & before & (after >> 1)  # _UPPER after _UPPER and before _LOWER
    starts = (after_separator | camel | run_end) & ones
    feed = (cls >> 5) & ones
    lower = int.from_bytes(raw.lower(), "big")
    mask = (starts * 0xFF) & lower | feed * 0x0A  # each byte: the lower-cased letter at a start, a feed, or 0
    return mask.to_bytes(size, "big").decode("ascii").split("\n")


def _drain(buckets: dict[int, list[int]], out: list[int]) -> None:
    for key in sorted(buckets):
        out += buckets[key]


class _Prepared:
    """The lower-cased names, their word-start masks, and the visiting order (shortest first, ties in
    catalogue order) of a :class:`NameTable`; ``masks`` is None when the names are not ASCII."""

    def __init__(self, names: Sequence[str]) -> None:
        self.masks = word_start_masks(names)
        self.lows = "\n".join(names).lower().split("\n") if self.masks is not None else []
        lengths = [len(n) for n in names]
        self.order = sorted(range(len(names)), key=lengths.__getitem__)  # a stable sort: ties keep their order
        self._firsts: dict[int, list[int]] = {}

    def first(self, count: int) -> list[int]:
        """:attr:`order` restricted to the first ``count`` names (remembered)."""
        found = self._firsts.get(count)
        if found is None:
            found = self._firsts[count] = [i for i in self.order if i < count]
        return found


RANKS_KEPT = 256  # ranked index lists remembered, by what was typed and how many names (a few KiB each)
MADE_KEPT = 16  # lists of made candidates remembered, the most recent ones (up to ~2,000 objects each)


class NameTable:
    """Names with their meta and kind, ranked as :func:`~.matching.rank` ranks entries of rank 0.

    ``names[:apis]`` are the API names (sorted), the rest the built-ins; :meth:`candidates` ranks the first
    ``apis`` names, or all of them with ``builtins``. Thread-safe: a race only ranks twice.
    """

    def __init__(self, names: Sequence[str], metas: Sequence[str], kinds: Sequence[CandidateKind], apis: int) -> None:
        self.names = names
        self.metas = metas
        self.kinds = kinds
        self.apis = apis
        self._lock = threading.Lock()
        self._prepared: _Prepared | None = None
        self._entries: list[Entry] | None = None
        self._ranks: dict[tuple[str, int], list[int]] = {}
        self._made: dict[tuple[str, int, int, object], list[Any]] = {}

    def candidates(self, needle: str, builtins: bool, start: int,
                   make: Callable[[str, int, str, str, CandidateKind], T]) -> list[T]:
        """The names matching ``needle``, best first, as ``make(text, start, display, meta, kind)`` objects
        (such as :class:`~.kinds.Candidate`) replacing from ``start``; remembered, for the same first letters come
        back again and again. Callers must not modify the list, nor the objects."""
        count = len(self.names) if builtins else self.apis
        key = (needle, count, start, make)
        found = self._made.get(key)
        if found is None:
            ranked = self._ranks.get((needle, count))
            if ranked is None:
                ranked = self.rank(needle, count)
                self._keep(self._ranks, (needle, count), ranked, RANKS_KEPT)
            names, metas, kinds = self.names, self.metas, self.kinds
            found = [make(names[i], start, names[i], metas[i], kinds[i]) for i in ranked]
            self._keep(self._made, key, found, MADE_KEPT)
        return found

    def _keep(self, cache: dict[Any, Any], key: object, value: object, most: int) -> None:
        """Remember ``value`` in ``cache``, forgetting the oldest entry beyond ``most``."""
        with self._lock:
            cache[key] = value
            if len(cache) > most:
                del cache[next(iter(cache))]

    def rank(self, needle: str, count: int) -> list[int]:
        """Indexes of the first ``count`` names that match ``needle``, in :func:`~.matching.rank`'s order."""
        if not needle:
            return list(range(count))
        n = needle.lower()
        prepared = self._prepare()
        if prepared is None or FILL in n:
            entries = self.entries()[:count]
            where = {id(e): i for i, e in enumerate(entries)}
            return [where[id(e)] for e in rank(needle, entries)]
        order = prepared.order if count == len(self.names) else prepared.first(count)
        return self._tiers(needle, n, prepared, order) or self._fuzzy(n, prepared.lows, order)

    def _prepare(self) -> _Prepared | None:
        """What ranking a needle needs, made on the first needle (an empty line needs none of it); None when
        the names are not ASCII."""
        if self._prepared is None:
            with self._lock:
                if self._prepared is None:
                    self._prepared = _Prepared(self.names)
        return self._prepared if self._prepared.masks is not None else None

    def _tiers(self, needle: str, n: str, prepared: _Prepared, order: list[int]) -> list[int]:
        """The prefix, word-start, initials and substring tiers (see :mod:`.matching`) over ``order``."""
        names, lows, masks = self.names, prepared.lows, prepared.masks or []
        first, several = n[0], len(n) > 1
        exact: list[int] = []  # prefix, with the needle's own case
        other: list[int] = []  # prefix, another case
        by_start: defaultdict[int, list[int]] = defaultdict(list)  # word start: by where it starts
        by_initials: defaultdict[int, list[int]] = defaultdict(list)  # initials: by how many words
        by_pos: defaultdict[int, list[int]] = defaultdict(list)  # substring: by where it is found
        for i in order:
            low = lows[i]
            pos = low.find(n)
            if pos == 0:
                (exact if names[i].startswith(needle) else other).append(i)
            elif pos > 0:
                mask = masks[i]
                ws = mask.find(first, pos)
                while ws >= 0 and not low.startswith(n, ws):
                    ws = mask.find(first, ws + 1)
                if ws >= 0:
                    by_start[ws].append(i)
                else:
                    by_pos[pos].append(i)
            elif several and low[0] == first:
                initials = first + masks[i].replace(FILL, "")  # word starts are never at 0
                if _subsequence(n, initials):
                    by_initials[len(initials)].append(i)
        out = exact + other
        _drain(by_start, out)
        _drain(by_initials, out)
        _drain(by_pos, out)
        return out

    def _fuzzy(self, n: str, lows: list[str], order: list[int]) -> list[int]:
        """The subsequence tier: by span, then by where the span starts."""
        pattern = subsequence_pattern(n)
        buckets: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
        for i in order:
            m = pattern.search(lows[i])
            if m is not None:
                buckets[m.end() - m.start(), m.start()].append(i)
        return [i for key in sorted(buckets) for i in buckets[key]]

    def entries(self) -> list[Entry]:
        """The names as :class:`~.matching.Entry` objects (rank 0), made on first need."""
        if self._entries is None:
            with self._lock:
                if self._entries is None:
                    self._entries = [Entry(n, n, n, m, k) for n, m, k in zip(self.names, self.metas, self.kinds,
                                                                            strict=True)]
        return self._entries
