"""The client-side vocabulary between language, transport and output.

text line --(language.parse)--> Call --(language.wire.build)--> WireRequest
WireRequest --(transport)--> Response --(output)--> text
"""
from __future__ import annotations

from enum import Enum
from typing import Any
from collections.abc import Mapping

from zscli.record import field, record
from zscli.schema.types import Api, Field, Type


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


#: Every operator with a short meaning, in the order menus and help list them.
OPERATORS: tuple[tuple[Op, str], ...] = (
    (Op.EQ, "equals"),
    (Op.NE, "does not equal"),
    (Op.GT, "greater than"),
    (Op.GE, "greater than or equal to"),
    (Op.LT, "less than"),
    (Op.LE, "less than or equal to"),
    (Op.LIKE, "matches a LIKE pattern (% any text, _ one character; %...% added if neither is given)"),
    (Op.NOT_LIKE, "does not match a LIKE pattern"),
    (Op.IN, "is one of a,b,c"),
    (Op.NOT_IN, "is none of a,b,c"),
    (Op.IS_NULL, "has no value"),
    (Op.NOT_NULL, "has a value"),
)

#: A parameter's default meaning "the current session's uuid" (the schema's spelling of it).
SESSION_DEFAULT = "$session"

#: Pseudo-fields that query tags, valid on every queried inventory.
TAG_FIELDS: tuple[Field, ...] = (
    Field("__systemTag__", Type.STRING, description="Has a system tag (use ~= to match part of it)"),
    Field("__userTag__", Type.STRING, description="Has a user tag (use ~= to match part of it)"),
)


@record
class QueryOption:
    """One query option as typed by the user (``name=value``), for parsing, completion and help."""

    name: str
    type: Type
    description: str
    choices: tuple[str, ...] = ()
    placeholder: str = ""  # how help shows its value (``N``, ``FIELD``...)


#: The query options, in the order menus and help list them (the wire order is options.option_query's).
QUERY_OPTIONS: tuple[QueryOption, ...] = (
    QueryOption("limit", Type.INTEGER, "Most rows to return (the server's default is 1000)", placeholder="N"),
    QueryOption("start", Type.INTEGER, "Number of rows to skip before the first returned", placeholder="N"),
    QueryOption("count", Type.BOOLEAN, "true: return only the number of matching rows", ("true", "false")),
    QueryOption("replyWithCount", Type.BOOLEAN, "true: return the rows and their total count", ("true", "false")),
    QueryOption("sortBy", Type.STRING, "Primitive field to sort by", placeholder="FIELD"),
    QueryOption("sortDirection", Type.STRING, "asc (default) or desc; needs sortBy", ("asc", "desc")),
    QueryOption("fields", Type.LIST, "Comma-separated primitive fields to return", placeholder="a,b"),
    QueryOption("groupBy", Type.STRING, "Primitive field to group rows by", placeholder="FIELD"),
)


#: The server's rule for finding a condition's operator: the first of these its text contains (protocol.md).
SERVER_ORDER = ("!=", ">=", "<=", "!?=", "!~=", "~=", "?=", "=", ">", "<", "is null", "not null")


@record
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


@record
class QueryOptions:
    """Query options of a query API (``fields=``, ``limit=``...)."""

    fields: tuple[str, ...] = ()
    limit: int | None = None
    start: int | None = None
    count: bool | None = None  # None: not given (not sent); False is sent, as the SDK sends it
    reply_with_count: bool | None = None
    sort_by: str = ""
    sort_direction: SortDirection | None = None  # None: sort=field, which the server reads as ascending
    group_by: str = ""


@record
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


@record
class WireRequest:
    """One HTTP request, relative to the family's base URL (no host, no auth header yet)."""

    method: str
    path: str  # already with path parameters substituted and URL-quoted
    query: tuple[tuple[str, str], ...] = ()
    body: dict[str, Any] | None = None
    is_async: bool = False


@record
class Response:
    """A final (non-202) reply: HTTP status and parsed JSON body (``{}`` for an empty body)."""

    status: int
    body: Any
    job_location: str = ""  # set when the reply came from polling an async job
