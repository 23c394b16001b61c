"""Read the open-source server side of ZStack for what the SDK does not carry.

Facts and where they come from (every ``*.java`` file outside the SDK package):

- relations: ``@ExpandedQueries({@ExpandedQuery(...)})`` / ``@ExpandedQuery(...)`` on a class named
  ``XxxInventory`` (``expandedField``, ``inventoryClass``, ``foreignKey``, ``expandedInventoryKey``,
  ``hidden``; with ``target = Other.class`` the relation belongs to ``Other`` instead), and
  ``@ExpandedQueryAliases``/``@ExpandedQueryAlias`` (``alias``, ``expandedField`` = a dotted path,
  optional ``target``). Annotations on classes that are not inventories (a ``...VO``) are not
  used by the server's query engine and are reported, not imported;
- query API -> inventory: ``@AutoQuery(inventoryClass = XxxInventory.class)`` on ``APIQueryXxxMsg``;
- GET-by-uuid path: ``@RestRequest(optionalPaths = {...})`` on the same message.

Only class-level annotations are read (:func:`javasrc.parse` with ``header_only``).
"""
from __future__ import annotations

from typing import Any

from zscli.record import field, record
from . import javasrc
from .javasrc import Annotation, ClassRef
from .source import Source

_MARKERS = ("@ExpandedQuer", "@AutoQuery")


@record
class ExpandedQuery:
    """One relation as the server declares it; names are simple class names."""

    owner: str  # the inventory class carrying the relation (``target`` if given, else the annotated class)
    name: str  # expandedField
    target: str  # inventoryClass
    local_key: str  # foreignKey (a field of owner)
    remote_key: str  # expandedInventoryKey (a field of target)
    hidden: bool
    declared_in: str  # the annotated class
    path: str  # source file


@record
class QueryAlias:
    """``alias`` stands for the dotted relation path ``expanded_field`` of ``owner``."""

    owner: str
    name: str
    expanded_field: str
    declared_in: str
    path: str


@record(frozen=False)
class ServerFacts:
    """Everything read from the server sources."""

    relations: list[ExpandedQuery] = field(default_factory=list)
    aliases: list[QueryAlias] = field(default_factory=list)
    auto_query: dict[str, str] = field(default_factory=dict)  # API name -> inventory class (simple)
    optional_paths: dict[str, list[str]] = field(default_factory=dict)  # API name -> optionalPaths
    ignored: list[str] = field(default_factory=list)  # annotations the server does not use, with why
    unreadable: list[str] = field(default_factory=list)


def _class_name(value: Any) -> str:
    return value.name if isinstance(value, ClassRef) else ""


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def read_server(source: Source, skip_package: str) -> ServerFacts:
    """Scan the files of ``source`` outside ``skip_package`` that carry one of the annotations."""
    facts = ServerFacts()
    for path in sorted(source.files):
        text = source.files[path]
        if not any(m in text for m in _MARKERS):
            continue
        package = javasrc.package_of(text)
        if package == skip_package or package.startswith(skip_package + "."):
            continue
        try:
            cls = javasrc.parse(text, header_only=True)
        except javasrc.JavaSyntaxError as exc:
            facts.unreadable.append(f"{path}: {exc}")
            continue
        _read_class(cls, path, facts)
    return facts


def _read_class(cls: javasrc.JavaClass, path: str, facts: ServerFacts) -> None:
    queries: list[Annotation] = []
    aliases: list[Annotation] = []
    for ann in cls.annotations:
        queries.extend(javasrc.iter_annotations(ann, "ExpandedQuery"))
        aliases.extend(javasrc.iter_annotations(ann, "ExpandedQueryAlias"))
    if (queries or aliases) and not cls.name.endswith("Inventory"):
        facts.ignored.append(f"{cls.name} ({path}): relations on a class that is not an inventory")
    elif queries or aliases:
        for q in queries:
            owner = _class_name(q.get("target")) or cls.name
            target = _class_name(q.get("inventoryClass"))
            name, local, remote = q.get("expandedField"), q.get("foreignKey"), q.get("expandedInventoryKey")
            if not (target and isinstance(name, str) and isinstance(local, str) and isinstance(remote, str)):
                facts.ignored.append(f"{cls.name}: an @ExpandedQuery without literal field/class/keys")
                continue
            facts.relations.append(ExpandedQuery(owner=owner, name=name, target=target, local_key=local,
                                                 remote_key=remote, hidden=q.get("hidden") is True,
                                                 declared_in=cls.name, path=path))
        for a in aliases:
            owner = _class_name(a.get("target")) or cls.name
            name, expanded = a.get("alias"), a.get("expandedField")
            if not (isinstance(name, str) and isinstance(expanded, str)):
                facts.ignored.append(f"{cls.name}: an @ExpandedQueryAlias without literal alias/field")
                continue
            facts.aliases.append(QueryAlias(owner=owner, name=name, expanded_field=expanded,
                                            declared_in=cls.name, path=path))
    auto = cls.annotation("AutoQuery")
    api = _api_name(cls.name)
    if auto is not None and api:
        inventory = _class_name(auto.get("inventoryClass"))
        if inventory:
            facts.auto_query[api] = inventory
        rest: Annotation | None = cls.annotation("RestRequest")
        if rest is not None:
            facts.optional_paths[api] = _strings(rest.get("optionalPaths"))


def _api_name(msg_class: str) -> str:
    """``APIQueryVmInstanceMsg`` -> ``QueryVmInstance`` ("" for other names)."""
    if msg_class.startswith("API") and msg_class.endswith("Msg"):
        return msg_class[3:-3]
    return ""
