"""'Did you mean' suggestions for misspelt API, parameter and field names."""
from __future__ import annotations

from collections.abc import Iterable


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates resembling ``word``, best first, compared case-insensitively.

    Ranking: a case-insensitive exact match, then candidates starting with ``word``, then difflib's close
    matches, then candidates containing ``word``.
    """
    if not word or n <= 0:
        return []
    by_lower: dict[str, str] = {}
    for cand in candidates:
        by_lower.setdefault(cand.lower(), cand)
    low = word.lower()
    ranked: list[str] = []
    if low in by_lower:
        ranked.append(low)
    ranked += sorted((c for c in by_lower if c.startswith(low)), key=lambda c: (len(c), c))
    import difflib  # only when a word is wrong: not on every start-up

    ranked += difflib.get_close_matches(low, list(by_lower), n=n, cutoff=0.6)
    ranked += sorted((c for c in by_lower if low in c), key=lambda c: (len(c), c))
    seen: list[str] = []
    for cand in ranked:
        if cand not in seen:
            seen.append(cand)
    return [by_lower[c] for c in seen[:n]]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint such as ``did you mean 'vendor'?``, or '' when nothing is close.

    A candidate equal to ``word`` but for case is the only one suggested.
    """
    matches = close_matches(word, candidates)
    if not matches:
        return ""
    if matches[0].lower() == word.lower():
        matches = matches[:1]
    quoted = [f"'{m}'" for m in matches]
    if len(quoted) == 1:
        return f"did you mean {quoted[0]}?"
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"


__all__ = ["close_matches", "did_you_mean"]
