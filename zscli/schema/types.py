"""The vocabulary of the API catalogue: frozen dataclasses and enums.

Everything the client and the simulator know about an API comes from these objects,
built from the compiled catalogue by :func:`zscli.schema.load`.
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Protocol
from collections.abc import Iterable

from zscli.record import field, record


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
    DOUBLE = "Double"  # Java Double/Float
    TIMESTAMP = "Timestamp"
    OBJECT = "Object"  # a nested record with its own fields (ModelArts config, create_user)
    ANY = "Any"  # java.lang.Object: any JSON value

    @property
    def primitive(self) -> bool:
        """True for scalar types usable in query conditions, ``fields=`` and ``sortBy=``."""
        return self not in (Type.LIST, Type.MAP, Type.OBJECT, Type.ANY)


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
    RESULT = "result"  # a flat object of named result fields (Api.result_fields), shown as a record


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
    CALL = "call"  # any other action (StartVmInstance, GetVersion...): served generically by the simulator


@record
class Param:
    """One API parameter."""

    name: str
    type: Type
    location: Location
    required: bool = False
    since: str = ""
    description: str = ""
    choices: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    default: Any = None
    secret: bool = False  # never echoed, logged or stored (passwords)
    hash: str = ""  # "sha512": the client sends the hex digest instead of the text
    refers_to: str = ""  # inventory whose uuids this parameter holds (for value completion)
    min_length: int | None = None
    regex: str = ""  # the value must match this (Python ``re.fullmatch``), as the server's validRegexValues
    nonempty: bool = False  # a List/Map/String that must not be empty when given
    always_sent: bool = False  # a Java primitive the SDK always sends: ``default`` goes on the wire when omitted
    no_trim: bool = False  # a String sent as typed (the SDK trims every other String, as the server does)
    refers_inferred: bool = False  # refers_to guessed from the name (hostUuid -> Host), for completion only


@record
class Field:
    """One field of an inventory."""

    name: str
    type: Type
    since: str = ""
    description: str = ""
    children: tuple[Field, ...] = ()  # sub-fields of an Object field
    refers_to: str = ""  # inventory whose uuids this field holds
    unit: str = ""  # "bytes": shown human-readable (GiB) in tables

    @property
    def primitive(self) -> bool:
        """Usable in query conditions, ``fields=`` and ``sortBy=``."""
        return self.type.primitive


@record
class Relation:
    """A cross-table link: ``<name>.<field of target>`` in a query condition.

    ``local_key`` of this inventory equals ``remote_key`` of ``target``;
    ``many`` says whether several target rows may match one row. An alias (``alias_of``, from ZStack's
    ``@ExpandedQueryAliases``) stands for a path of other relations and has no keys of its own.
    """

    name: str
    target: str
    local_key: str
    remote_key: str
    many: bool = False
    description: str = ""
    hidden: bool = False  # the server hides it from listings; it still works in conditions
    alias_of: str = ""  # an alias for a dotted relation path (``vmNics.l3Network``); the keys are then empty


@record
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

    def field(self, name: str) -> Field | None:
        """The field called ``name``, or None."""
        return self._fields.get(name)

    def relation(self, name: str) -> Relation | None:
        """The relation called ``name``, or None."""
        return self._relations.get(name)

    @property
    def primitive_fields(self) -> tuple[Field, ...]:
        """Fields usable in conditions, ``fields=`` and ``sortBy=``."""
        return tuple(f for f in self.fields if f.primitive)


@record
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

    def field(self, name: str) -> Field | None:
        """The field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)


@record
class Api:
    """One API: how a call is put on the wire and what comes back."""

    name: str
    family: Family
    method: str
    path: str  # relative to the family's base (/zstack/v1 or the ModelArts endpoint)
    action: Action
    reply: Reply
    params: tuple[Param, ...] = ()
    wrapper: str | None = None  # body wrapper key, sent exactly (even "" or "null"); None = a flat body
    inventory: str = ""  # the inventory queried or returned
    get_path: str = ""  # query APIs: GET-by-uuid path template
    is_async: bool = False  # answers 202 + job location
    needs_session: bool = True
    since: str = ""
    description: str = ""
    source: str = ""  # "seed 000", "sdk", "manual"
    error: str = ""  # name of the ErrorShape of a failed call ("ErrorCode", "ModelArtsError")
    group: str = ""  # the resource group that help lists it under ("ai", "vm-instances"...)
    read_only: bool = False  # changes nothing on the server (queries, side-effect-free reads)
    result_fields: tuple[str, ...] = ()  # Reply.RESULT: the names of the reply's fields
    _params: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_params", {p.name: p for p in self.params})

    def param(self, name: str) -> Param | None:
        """The parameter called ``name``, or None."""
        return self._params.get(name)

    def wire_location(self, param: Param) -> str:
        """Where ``param`` travels, in words: ``path``, ``query``, ``body.<wrapper>``, ``body`` (flat) or
        ``body (top level)`` for systemTags/userTags."""
        if param.location is Location.BODY:
            return "body" if self.wrapper is None else f"body.{self.wrapper}"
        if param.location is Location.TOP:
            return "body (top level)"
        return param.location.value

    @property
    def is_query(self) -> bool:
        """True for condition-based query APIs (QueryModel...)."""
        return self.action is Action.QUERY


@record
class ApiEntry:
    """What the catalogue's index knows about an API without reading its whole record."""

    name: str
    family: Family
    group: str = ""
    is_query: bool = False
    is_async: bool = False
    read_only: bool = False
    summary: str = ""  # the first line of the API's description


def first_line(text: str) -> str:
    """The first non-blank line of ``text``, stripped ('' for blank text)."""
    for line in text.strip().splitlines():
        return line.strip()
    return ""


class Source(Protocol):
    """Where a :class:`Schema` gets its records: memory, or a compiled catalogue file read on demand."""

    meta: dict[str, Any]
    errors: tuple[ErrorShape, ...]

    def api_names(self) -> tuple[str, ...]: ...
    def inventory_names(self) -> tuple[str, ...]: ...
    def entry(self, name: str) -> ApiEntry | None: ...
    def api(self, name: str) -> Api | None: ...
    def inventory(self, name: str) -> Inventory | None: ...
    def secret_names(self) -> frozenset[str]: ...
    def search(self, word: str) -> tuple[str, ...]: ...
    def routes(self) -> dict[str, tuple[str, str, str]]: ...


def entry_of(api: Api) -> ApiEntry:
    """The index entry of a whole :class:`Api`."""
    return ApiEntry(api.name, api.family, api.group, api.is_query, api.is_async, api.read_only,
                    first_line(api.description))


class MemorySource:
    """A :class:`Source` over records already in memory (tests, synthetic benchmarks)."""

    def __init__(self, apis: Iterable[Api], inventories: Iterable[Inventory], errors: Iterable[ErrorShape] = (),
                 meta: dict[str, Any] | None = None) -> None:
        self._apis = {a.name: a for a in apis}
        self._inventories = {i.name: i for i in inventories}
        self.errors = tuple(errors)
        self.meta = dict(meta or {})

    def api_names(self) -> tuple[str, ...]:
        return tuple(sorted(self._apis))

    def inventory_names(self) -> tuple[str, ...]:
        return tuple(sorted(self._inventories))

    def entry(self, name: str) -> ApiEntry | None:
        api = self._apis.get(name)
        return entry_of(api) if api is not None else None

    def api(self, name: str) -> Api | None:
        return self._apis.get(name)

    def inventory(self, name: str) -> Inventory | None:
        return self._inventories.get(name)

    def secret_names(self) -> frozenset[str]:
        return frozenset(p.name.lower() for a in self._apis.values() for p in a.params if p.secret)

    def search(self, word: str) -> tuple[str, ...]:
        w = word.lower()
        return tuple(sorted(a.name for a in self._apis.values() if w in search_text(a)))

    def routes(self) -> dict[str, tuple[str, str, str]]:
        return {a.name: (a.method, a.path, a.get_path) for a in self._apis.values()}


def search_text(api: Api) -> str:
    """The text ``help -k`` searches: the API's name, group, description and parameter names and descriptions."""
    parts = [api.name, api.group, api.description]
    for p in api.params:
        parts += [p.name, p.description]
    return " ".join(parts).lower()


class Schema:
    """The whole catalogue: APIs, inventories and error shapes.

    ``Schema(apis=..., inventories=...)`` holds records already in memory; :func:`zscli.schema.load` returns one
    over the compiled catalogue file, whose records are read (and turned into dataclasses) one at a time, on
    first use. Ask for one API or inventory by name; :attr:`apis` and :attr:`inventories` read every record
    (about 2,000 APIs), so keep them off start-up and keystroke paths.
    """

    def __init__(self, apis: Iterable[Api] = (), inventories: Iterable[Inventory] = (), version: str = "",
                 errors: Iterable[ErrorShape] = (), *, source: Source | None = None) -> None:
        self.source: Source = source if source is not None else MemorySource(apis, inventories, errors)
        self.version = version

    @property
    def meta(self) -> dict[str, Any]:
        """Where the catalogue came from (sources, refs, commits) and its counts."""
        return self.source.meta

    @property
    def errors(self) -> tuple[ErrorShape, ...]:
        """Every error shape."""
        return self.source.errors

    def api(self, name: str) -> Api | None:
        """The API called ``name`` (exact case), or None."""
        return self.source.api(name)

    def entry(self, name: str) -> ApiEntry | None:
        """The index entry of the API called ``name`` (cheap: no record is read), or None."""
        return self.source.entry(name)

    def inventory(self, name: str) -> Inventory | None:
        """The inventory called ``name``, or None."""
        return self.source.inventory(name)

    def error(self, name: str) -> ErrorShape | None:
        """The error shape called ``name`` (see :attr:`Api.error`), or None."""
        return next((e for e in self.source.errors if e.name == name), None)

    @property
    def api_names(self) -> tuple[str, ...]:
        """All API names, sorted (cheap)."""
        return self.source.api_names()

    @property
    def inventory_names(self) -> tuple[str, ...]:
        """All inventory names, sorted (cheap)."""
        return self.source.inventory_names()

    @property
    def entries(self) -> tuple[ApiEntry, ...]:
        """The index entry of every API, sorted by name (cheap)."""
        return tuple(e for e in (self.source.entry(n) for n in self.api_names) if e is not None)

    @property
    def secret_names(self) -> frozenset[str]:
        """Lower-cased names of every parameter marked secret (cheap)."""
        return self.source.secret_names()

    def search(self, word: str) -> tuple[str, ...]:
        """Names of the APIs whose name, group, description, parameter names or descriptions contain ``word``
        (case-insensitive), sorted."""
        return self.source.search(word)

    def routes(self) -> dict[str, tuple[str, str, str]]:
        """``{api name: (method, path template, GET-by-uuid path template)}`` for every API (one read)."""
        return self.source.routes()

    @property
    def apis(self) -> tuple[Api, ...]:
        """Every API (reads every record: not for start-up or keystroke paths)."""
        return tuple(a for a in (self.source.api(n) for n in self.api_names) if a is not None)

    @property
    def inventories(self) -> tuple[Inventory, ...]:
        """Every inventory (reads every record)."""
        return tuple(i for i in (self.source.inventory(n) for n in self.inventory_names) if i is not None)


__all__ = [
    "Action", "Api", "ApiEntry", "ErrorShape", "Family", "Field", "Inventory", "Location", "MemorySource", "Param",
    "Relation", "Reply", "Schema", "Source", "Type", "entry_of", "first_line",
]
