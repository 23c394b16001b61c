"""The client-side vocabulary between language, transport and output.

text line --(language.parse)--> Call --(language.wire.build)--> WireRequest
WireRequest --(transport)--> Response --(output)--> text
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Optional

from zscli.schema.types import Api


class Op(str, Enum):
    """Query condition operators, as typed by the user (value = the typed spelling)."""

    EQ = "="
    NE = "!="
    GT = ">"
    LT = "<"
    GE = ">="
    LE = "<="
    IN = "?="
    NOT_IN = "!?="
    LIKE = "~="
    NOT_LIKE = "!~="
    IS_NULL = "=null"
    NOT_NULL = "!=null"


@dataclass(frozen=True)
class Condition:
    """One query condition: ``field`` may be a dotted relation path (``modelServiceRefs.modelServiceUuid``)."""

    field: str
    op: Op
    value: str = ""

    def to_q(self) -> str:
        """The wire form of this condition (one ``q=`` value)."""
        if self.op is Op.IS_NULL:
            return f"{self.field} is null"
        if self.op is Op.NOT_NULL:
            return f"{self.field} not null"
        return f"{self.field}{self.op.value}{self.value}"


class SortDirection(str, Enum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True)
class QueryOptions:
    """Query options of a query API (``fields=``, ``limit=``...)."""

    fields: tuple[str, ...] = ()
    limit: Optional[int] = None
    start: Optional[int] = None
    count: bool = False
    reply_with_count: bool = False
    sort_by: str = ""
    sort_direction: SortDirection = SortDirection.ASC
    group_by: str = ""


@dataclass(frozen=True)
class Call:
    """A validated API call: the API, typed argument values, and for queries the conditions and options.

    ``args`` holds only parameters the user gave (plus schema defaults that must be sent, such as path
    parameters defaulting to ``$session``), already coerced to their schema types.
    ``by_uuid`` is set when a query is ``QueryX uuid=...`` alone and may use GET by uuid.
    """

    api: Api
    args: Mapping[str, Any] = field(default_factory=dict)
    conditions: tuple[Condition, ...] = ()
    options: QueryOptions = QueryOptions()
    by_uuid: str = ""


@dataclass(frozen=True)
class WireRequest:
    """One HTTP request, relative to the family's base URL (no host, no auth header yet)."""

    method: str
    path: str  # already with path parameters substituted and URL-quoted
    query: tuple[tuple[str, str], ...] = ()
    body: Optional[dict[str, Any]] = None
    is_async: bool = False


@dataclass(frozen=True)
class Response:
    """A final (non-202) reply: HTTP status and parsed JSON body (``{}`` for an empty body)."""

    status: int
    body: Any
    job_location: str = ""  # set when the reply came from polling an async job
