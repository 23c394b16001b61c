"""The vocabulary of the API catalogue: frozen dataclasses and enums.

Everything the client and the simulator know about an API comes from these objects,
built from ``schema.json`` by :func:`zscli.schema.load`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional


class Family(str, Enum):
    """An API family: where it lives and how it authenticates."""

    ZSTACK = "zstack"  # /zstack/v1, Authorization: OAuth <session>
    MODELARTS = "modelarts"  # {endpoint}/v1/..., X-Auth-Token: <token>


class Type(str, Enum):
    """A parameter or field type, as the reference pages name it."""

    STRING = "String"
    INTEGER = "Integer"
    LONG = "Long"
    BOOLEAN = "Boolean"
    LIST = "List"
    MAP = "Map"
    TIMESTAMP = "Timestamp"
    OBJECT = "Object"  # a nested record with its own fields (ModelArts config, create_user)

    @property
    def primitive(self) -> bool:
        """True for scalar types usable in query conditions, ``fields=`` and ``sortBy=``."""
        return self not in (Type.LIST, Type.MAP, Type.OBJECT)


class Location(str, Enum):
    """Where a parameter travels in the HTTP request."""

    PATH = "path"  # substituted into the path template
    QUERY = "query"  # a URL query parameter
    BODY = "body"  # inside the API's body wrapper key (or the flat body when the API has none)
    TOP = "top"  # a top-level body key beside the wrapper: systemTags, userTags


class Reply(str, Enum):
    """The shape of a successful reply."""

    INVENTORIES = "inventories"  # {"inventories": [...], "total": N?}
    INVENTORY = "inventory"  # {"inventory": {...}}
    VERSIONS = "versions"  # {"total": N, "versions": [...]}  (ModelArts)
    NONE = "none"  # {} or an empty body (delete, logout)
    VALID = "valid"  # {"valid": bool} / {"validSession": bool}
    RESULT = "result"  # a flat object of named result fields ({"version": "..."}), rendered as a record


class Action(str, Enum):
    """What an API does, so a generic simulator can serve it from the schema alone."""

    QUERY = "query"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    CLONE = "clone"
    LIST = "list"  # a paged listing with its own parameters (ModelArts)
    LOGIN = "login"
    LOGOUT = "logout"
    VALIDATE_SESSION = "validate_session"
    RENEW_SESSION = "renew_session"
    CALL = "call"  # any other action (GetVersion...)


@dataclass(frozen=True)
class Param:
    """One API parameter."""

    name: str
    type: Type
    location: Location
    required: bool = False
    since: str = ""
    description: str = ""
    choices: tuple[str, ...] = ()
    min: Optional[int] = None
    max: Optional[int] = None
    max_length: Optional[int] = None
    default: Any = None
    secret: bool = False  # never echoed, logged or stored (passwords)
    hash: str = ""  # "sha512": the client sends the hex digest instead of the text
    refers_to: str = ""  # inventory whose uuids this parameter holds (for value completion)


@dataclass(frozen=True)
class Field:
    """One field of an inventory."""

    name: str
    type: Type
    since: str = ""
    description: str = ""
    children: tuple["Field", ...] = ()  # sub-fields of an Object field
    refers_to: str = ""  # inventory whose uuids this field holds
    unit: str = ""  # "bytes": shown human-readable (GiB) in tables

    @property
    def primitive(self) -> bool:
        """Usable in query conditions, ``fields=`` and ``sortBy=``."""
        return self.type.primitive


@dataclass(frozen=True)
class Relation:
    """A cross-table link: ``<name>.<field of target>`` in a query condition.

    ``local_key`` of this inventory equals ``remote_key`` of ``target``;
    ``many`` says whether several target rows may match one row.
    """

    name: str
    target: str
    local_key: str
    remote_key: str
    many: bool = False
    description: str = ""


@dataclass(frozen=True)
class Inventory:
    """A resource type: its fields, relations and default table columns."""

    name: str
    description: str
    fields: tuple[Field, ...]
    relations: tuple[Relation, ...] = ()
    columns: tuple[str, ...] = ()  # default table columns
    key: str = "uuid"
    _fields: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _relations: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_fields", {f.name: f for f in self.fields})
        object.__setattr__(self, "_relations", {r.name: r for r in self.relations})

    def field(self, name: str) -> Optional[Field]:
        """The field called ``name``, or None."""
        return self._fields.get(name)

    def relation(self, name: str) -> Optional[Relation]:
        """The relation called ``name``, or None."""
        return self._relations.get(name)

    @property
    def primitive_fields(self) -> tuple[Field, ...]:
        """Fields usable in conditions, ``fields=`` and ``sortBy=``."""
        return tuple(f for f in self.fields if f.primitive)


@dataclass(frozen=True)
class ErrorShape:
    """How an API family reports a failure: the HTTP statuses and the fields of the error object.

    ``key`` is the top-level body key holding the object (``error`` for ZStack); ``""`` means the
    body itself is the error object (ModelArts).
    """

    name: str
    description: str
    fields: tuple[Field, ...]
    statuses: tuple[int, ...] = ()
    key: str = ""

    def field(self, name: str) -> Optional[Field]:
        """The field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Api:
    """One API: how a call is put on the wire and what comes back."""

    name: str
    family: Family
    method: str
    path: str  # relative to the family's base (/zstack/v1 or the ModelArts endpoint)
    action: Action
    reply: Reply
    params: tuple[Param, ...] = ()
    wrapper: str = ""  # body wrapper key; "" = parameters sit flat in the body (if any)
    inventory: str = ""  # the inventory queried or returned
    get_path: str = ""  # query APIs: GET-by-uuid path template
    is_async: bool = False  # answers 202 + job location
    needs_session: bool = True
    since: str = ""
    description: str = ""
    source: str = ""  # "seed 000", "sdk", "manual"
    error: str = ""  # name of the ErrorShape of a failed call ("ErrorCode", "ModelArtsError")
    _params: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_params", {p.name: p for p in self.params})

    def param(self, name: str) -> Optional[Param]:
        """The parameter called ``name``, or None."""
        return self._params.get(name)

    def wire_location(self, param: Param) -> str:
        """Where ``param`` travels, in words: ``path``, ``query``, ``body.<wrapper>``, ``body`` (flat) or
        ``body (top level)`` for systemTags/userTags."""
        if param.location is Location.BODY:
            return f"body.{self.wrapper}" if self.wrapper else "body"
        if param.location is Location.TOP:
            return "body (top level)"
        return param.location.value

    @property
    def is_query(self) -> bool:
        """True for condition-based query APIs (QueryModel...)."""
        return self.action is Action.QUERY


@dataclass(frozen=True)
class Schema:
    """The whole catalogue."""

    apis: tuple[Api, ...]
    inventories: tuple[Inventory, ...]
    version: str = ""
    errors: tuple[ErrorShape, ...] = ()
    _apis: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _inventories: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_apis", {a.name: a for a in self.apis})
        object.__setattr__(self, "_inventories", {i.name: i for i in self.inventories})

    def api(self, name: str) -> Optional[Api]:
        """The API called ``name`` (exact case), or None."""
        return self._apis.get(name)

    def inventory(self, name: str) -> Optional[Inventory]:
        """The inventory called ``name``, or None."""
        return self._inventories.get(name)

    def error(self, name: str) -> Optional[ErrorShape]:
        """The error shape called ``name`` (see :attr:`Api.error`), or None."""
        return next((e for e in self.errors if e.name == name), None)

    @property
    def api_names(self) -> tuple[str, ...]:
        """All API names, sorted."""
        return tuple(sorted(a.name for a in self.apis))


__all__ = [
    "Action", "Api", "ErrorShape", "Family", "Field", "Inventory", "Location", "Param", "Relation",
    "Reply", "Schema", "Type",
]
