"""The vocabulary of completion: what kind of thing a candidate is, and the candidate itself."""
from __future__ import annotations

from enum import Enum

from zscli.record import record


class CandidateKind(str, Enum):
    """What a completion candidate stands for (drives ranking, colours and the meta column)."""

    API = "api"
    BUILTIN = "builtin"
    PARAM = "param"
    FIELD = "field"
    RELATION = "relation"
    TAG = "tag"  # __systemTag__ / __userTag__ pseudo-fields
    OPTION = "option"  # query options: fields=, limit=, sortBy=...
    OPERATOR = "operator"
    VALUE = "value"


@record
class Candidate:
    """One completion.

    ``text`` replaces the characters from ``start`` (a negative or zero offset from the cursor, like
    prompt_toolkit's ``start_position``) up to the cursor. The engine always replaces the whole word being
    typed, so ``start == -len(raw word)``; ``display`` is the short form shown in a menu.
    """

    text: str
    start: int
    display: str
    meta: str
    kind: CandidateKind
