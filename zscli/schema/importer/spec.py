"""Turn SDK and server facts into the generated ``zstack`` spec (plain dicts, see :mod:`.writer`).

The rules, each in one place:

API record (``apis[Name]``)
  ``method``, ``path``, ``async`` (= ``needPoll``), ``needs_session`` (= ``needSession``) from
  ``getRestInfo()``. ``wrapper`` is present for every POST/PUT API and holds ``parameterName``
  exactly: ``ZSClient`` always sends ``{parameterName: {params...}}`` for a method other than GET
  and DELETE, so ``""`` means the body ``{"": {...}}`` (three APIs) and the string ``"null"`` means
  ``{"null": {...}}`` (three APIs) -- neither is a flat body. GET and DELETE send every parameter in
  the query string and have no wrapper key.
  ``tags: true`` when the action declares ``systemTags``/``userTags`` (the SDK sends them inside
  the wrapper with the other parameters; the build decides where zscli puts them).
  ``reply``: from the ``XxxResult`` class: an ``inventories`` field -> ``inventories``; an
  ``inventory`` field -> ``inventory`` (with ``inventory`` = that field's SDK inventory); no field
  -> ``none``; anything else -> ``result`` with ``result_fields`` in declaration order.
  ``action``: ``query`` for ``QueryAction`` subclasses; else ``delete`` for DELETE, ``create`` for
  POST with an inventory reply, ``update`` for PUT on a path with ``{uuid}`` and an inventory
  reply, otherwise ``call``.
  ``read_only`` (conservative): queries; synchronous APIs whose name starts with a read verb
  (:data:`READ_VERBS`: GetVersion is a PUT, CheckKVMHostConfigFile a POST); synchronous GETs with
  ``Query``/``Get`` further in the name (ZQLQuery). Anything asynchronous or DELETE, and a GET such
  as UnlockIdentity or RefreshSearchIndexes, is not read-only.
  ``group``: the first segment of the path (``/vm-instances/{uuid}/actions`` -> ``vm-instances``).
  Queries: ``inventory`` from the server's ``@AutoQuery``, else the name (``QueryXxx`` ->
  ``XxxInventory``, also without ``FromLocal``) when that SDK inventory exists, else none;
  ``get_path`` only from the server's ``@RestRequest(optionalPaths)`` ending in ``/{uuid}``.

Parameter record (``params``)
  Every ``@Param`` field except the non-API ones (:data:`NON_API`) and the tags; ``required``
  (the annotation's default is true), ``choices`` (``validValues``, or an SDK enum's constants),
  ``regex`` (``validRegexValues`` as the server compiles it, matched against the whole value; the
  SDK source double-escapes ``\\uXXXX`` in a few: those are undone), ``max_length``,
  ``min_length``, ``min``/``max`` (``numberRange``; a Short gets -32768..32767 unless the range says
  more), ``nonempty`` (also for a String with ``emptyString = false``), ``no_trim`` (``noTrim = true``:
  ``AbstractAction.checkParameters`` trims every other String before sending it). A Java primitive
  (``int``, ``long``, ``boolean``...) or a field with an initializer always has a value and ``ZSClient``
  sends every non-null parameter: such a parameter
  gets ``always_sent: true`` and ``default`` (the initializer, else 0 / false). It is not ``required``
  when its default passes its own checks (the SDK's required check is "not null", which it never fails),
  and stays required when the default fails them (``port = 0`` with ``numberRange`` 1..65535: the SDK
  itself refuses to send that).
  Path placeholders that no field declares become required String parameters; a declared path
  parameter is marked required (``ZSClient`` refuses a null path value). ``secret`` by name
  (:func:`is_secret`).

Inventory record (``inventories[Name]``)
  Fields of the ``XxxInventory`` class with its ``extends`` chain (inherited first); ``columns``
  per :func:`columns`; ``relations`` from the server's ``@ExpandedQuery`` (``many`` unless the
  remote key is ``uuid``; ``hidden`` as declared; a ``target=`` entry belongs to that other
  inventory; a target without an SDK class is kept) and ``@ExpandedQueryAlias`` (``alias_of`` = the
  dotted path, ``target`` = where the path ends, walked through server-only ref inventories too),
  all inherited through ``extends`` like fields.
"""
from __future__ import annotations

import re
from typing import Any

from zscli.record import field, record
from .javasrc import NO_INIT, JavaClass, JavaField, Name
from .sdk import ACTION_BASE, QUERY_BASE, SdkIndex
from .server import ServerFacts

NON_API = frozenset({"sessionId", "accessKeyId", "accessKeySecret", "requestIp", "timeout", "pollingInterval"})
TAGS = ("systemTags", "userTags")
READ_VERBS = ("Get", "List", "Check", "Validate", "Describe", "Calculate", "Preview", "Query", "Show",
              "Search", "Count", "Is")
INT_MIN = -2147483648
MAX_COLUMNS = 7

_JAVA_PRIMITIVE_DEFAULTS: dict[str, Any] = {
    "int": 0, "long": 0, "short": 0, "byte": 0, "double": 0.0, "float": 0.0, "boolean": False,
}
_SIMPLE_TYPES: dict[str, str] = {}
for _names, _type in (
    (("String", "char", "Character", "CharSequence", "UUID"), "String"),
    (("int", "Integer", "short", "Short", "byte", "Byte"), "Integer"),
    (("long", "Long", "BigInteger"), "Long"),
    (("double", "Double", "float", "Float", "BigDecimal"), "Double"),
    (("boolean", "Boolean"), "Boolean"),
    (("List", "Set", "Collection", "ArrayList", "LinkedList", "HashSet", "LinkedHashSet", "TreeSet",
      "Iterable", "SortedSet", "Queue", "Deque"), "List"),
    (("Map", "HashMap", "LinkedHashMap", "TreeMap", "SortedMap", "ConcurrentHashMap", "Properties"), "Map"),
    (("Timestamp", "Date"), "Timestamp"),
    (("Object",), "Any"),
):
    for _n in _names:
        _SIMPLE_TYPES[_n] = _type
_JAVA_PACKAGES = ("java.lang.", "java.util.concurrent.", "java.util.", "java.sql.", "java.math.")
_SHORT = frozenset({"short", "Short", "byte", "Byte"})
_SHORT_RANGE = {"short": (-32768, 32767), "Short": (-32768, 32767), "byte": (-128, 127), "Byte": (-128, 127)}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_DOUBLE_ESCAPED_U = re.compile(r"\\\\(u[0-9a-fA-F]{4})")
_STATE_LIKE = re.compile(r"(state|status|type)$", re.IGNORECASE)
_COLUMN_TYPES = frozenset({"String", "Integer", "Long", "Double", "Boolean", "Timestamp"})


@record(frozen=False)
class Report:
    """Counts and oddities met while building, for the census and the notes."""

    oddities: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def note(self, kind: str, item: str) -> None:
        """Record ``item`` under the oddity ``kind``."""
        self.oddities.setdefault(kind, []).append(item)


@record(frozen=False)
class JavaType:
    """A field's type as zscli sees it, plus what the Java type itself implies."""

    type: str
    choices: tuple[str, ...] = ()
    short_range: tuple[int, int] | None = None
    sdk_class: str = ""  # qualified SDK class for struct/inventory types
    primitive: bool = False


def java_type(index: SdkIndex, type_text: str, context: JavaClass, *, in_inventory: bool = False) -> JavaType:
    """Map a Java type as written to a zscli type.

    String; Integer (int, Integer, Short/byte with their range); Long; Double (double, float);
    Boolean; List (any collection or array); Map; Timestamp; Any (java.lang.Object); an SDK enum ->
    String with its constants; any other SDK class -> Map for a parameter (a JSON object), Object for
    an inventory field; anything unknown -> Any.
    """
    base = type_text.split("<", 1)[0].strip()
    if base.endswith("[]"):
        return JavaType("List")
    simple = base
    for prefix in _JAVA_PACKAGES:
        if simple.startswith(prefix) and "." not in simple[len(prefix):]:
            simple = simple[len(prefix):]
            break
    if "." not in simple and simple in _SIMPLE_TYPES:
        qualified = index.resolve(simple, context) if simple[0].isupper() else simple
        if qualified == simple or not qualified.startswith("org."):  # not shadowed by an SDK class
            return JavaType(_SIMPLE_TYPES[simple], short_range=_SHORT_RANGE.get(simple),
                            primitive=simple in _JAVA_PRIMITIVE_DEFAULTS)
    qualified = index.resolve(base, context)
    cls = index.classes.get(qualified)
    if cls is not None:
        if cls.kind == "enum":
            return JavaType("String", choices=tuple(cls.enum_constants), sdk_class=qualified)
        return JavaType("Object" if in_inventory else "Map", sdk_class=qualified)
    return JavaType("Any")


def is_secret(name: str) -> bool:
    """Passwords, secrets, tokens, private and pre-shared keys, by parameter name (``psk`` of an IKE config,
    ``appKey`` of a crypto service's application)."""
    low = name.lower()
    if low.endswith(("uuid", "uuids")):
        return False
    if "password" in low or "passwd" in low or "secret" in low:
        return True
    if low.endswith("token") or low == "tokens":
        return True
    if low in ("psk", "appkey") or low.endswith("presharedkey"):
        return True
    return low.endswith(("privkey", "privatekey", "authkey", "sm3key", "sm4key", "osskey", "secretkey"))


def server_regex(java_value: str) -> str:
    """``validRegexValues`` as the server compiles it (trimmed; ``\\\\uXXXX`` double escapes undone)."""
    return _DOUBLE_ESCAPED_U.sub(r"\\\1", java_value.strip())


def _literal_default(jf: JavaField, jt: JavaType) -> tuple[bool, Any]:
    """(always_sent, default) for a field: primitives and initialized fields always have a value."""
    init = jf.init
    if init is NO_INIT:
        if jt.primitive:
            return True, _JAVA_PRIMITIVE_DEFAULTS[jf.type]
        return False, None
    if init is None:
        return False, None
    if isinstance(init, (bool, int, float, str)):
        if isinstance(init, float) and jt.type in ("Integer", "Long") and init.is_integer():
            init = int(init)
        return True, init
    if isinstance(init, list):
        return True, init
    if isinstance(init, Name):
        text = init.text.replace(" ", "")
        if text.startswith("new") and jt.type == "List":
            return True, []
        if text.startswith("new") and jt.type == "Map":
            return True, {}
    return True, None


def _passes_own_checks(rec: dict[str, Any], value: Any) -> bool:
    """True when ``value`` passes the checks ``rec`` declares (choices, number range, length, pattern), as
    AbstractAction.checkParameters applies them to a field's value."""
    if isinstance(value, bool):
        return not rec.get("choices") or str(value).lower() in rec["choices"]
    if isinstance(value, (int, float)):
        return rec.get("min", value) <= value <= rec.get("max", value)
    if isinstance(value, str):
        if rec.get("choices") and value not in rec["choices"]:
            return False
        if rec.get("nonempty") and not value.strip():
            return False
        if len(value) < rec.get("min_length", 0) or len(value) > rec.get("max_length", len(value)):
            return False
        return not rec.get("regex") or re.fullmatch(rec["regex"], value) is not None
    return True


def param_record(index: SdkIndex, owner: JavaClass, jf: JavaField, report: Report, api: str) -> dict[str, Any]:
    """One parameter from an ``@Param`` field."""
    ann = jf.annotation("Param")
    args = ann.args if ann is not None else {}
    jt = java_type(index, jf.type, owner)
    rec: dict[str, Any] = {"name": jf.name, "type": jt.type}
    if args.get("required", True) is True:
        rec["required"] = True
    valid = args.get("validValues")
    if isinstance(valid, list) and valid:
        rec["choices"] = [str(v) for v in valid]
        if jt.choices and set(jt.choices) != set(rec["choices"]):
            report.note("enum parameters whose validValues differ from the enum (validValues kept)",
                        f"{api}.{jf.name}: {rec['choices']} vs {list(jt.choices)}")
    elif jt.choices:
        rec["choices"] = list(jt.choices)
        report.note("enum-typed parameters (String with the enum's constants)", f"{api}.{jf.name}: {jt.sdk_class}")
    if jt.type == "Map" and jt.sdk_class:
        report.note("struct-typed parameters (sent as a JSON object)", f"{api}.{jf.name}: {jt.sdk_class}")
    if jt.type == "Any":
        report.note("parameters of type java.lang.Object or unknown (type Any)", f"{api}.{jf.name}: {jf.type}")
    regex = args.get("validRegexValues")
    if isinstance(regex, str) and regex.strip():
        fixed = server_regex(regex)
        if fixed != regex.strip():
            report.note("double-escaped \\uXXXX in validRegexValues (undone)", f"{api}.{jf.name}")
        rec["regex"] = fixed
    max_length = args.get("maxLength")
    if isinstance(max_length, int) and max_length != INT_MIN:
        rec["max_length"] = max_length
    min_length = args.get("minLength")
    if isinstance(min_length, int) and min_length > 0:
        rec["min_length"] = min_length
    rng = args.get("numberRange")
    if isinstance(rng, list) and len(rng) == 2 and all(isinstance(v, int) for v in rng):
        rec["min"], rec["max"] = rng[0], rng[1]
    elif jt.short_range is not None:
        rec["min"], rec["max"] = jt.short_range
    if args.get("nonempty") is True or (args.get("emptyString") is False and jt.type == "String"):
        rec["nonempty"] = True  # emptyString = false: the SDK refuses "" (after trimming) before sending
    if args.get("noTrim") is True:
        rec["no_trim"] = True  # the SDK sends it untrimmed (every other String is trimmed before sending)
    always, default = _literal_default(jf, jt)
    if always:
        rec["always_sent"] = True
        if default is not None:
            rec["default"] = default
        else:
            report.note("initializers that are not literals", f"{api}.{jf.name} = {jf.init}")
        if rec.get("required") and default is not None and _passes_own_checks(rec, default):
            # AbstractAction's required check is "not null": a field that always has a value never fails it,
            # and the SDK sends the value. One whose value fails its own range/choices stays required (the SDK
            # itself would refuse to send it: port = 0 with numberRange 1..65535).
            del rec["required"]
            report.note("required fields the SDK always fills (optional; their default is sent)",
                        f"{api}.{jf.name} = {default!r}")
    if is_secret(jf.name):
        rec["secret"] = True
    return rec


def reply_shape(index: SdkIndex, action: JavaClass, report: Report, api: str) -> dict[str, Any]:
    """``reply`` (and ``inventory`` / ``result_fields``) from the action's result class."""
    result = index.result_class(action)
    if result is None:
        report.note("actions without a readable result class (reply none)", api)
        return {"reply": "none"}
    fields = [(o, f) for o, f in index.all_fields(result)]
    names = [f.name for _, f in fields]
    if not names:
        return {"reply": "none"}
    if "inventories" in names:
        return {"reply": "inventories"}
    if "inventory" in names:
        owner, inv_field = next((o, f) for o, f in fields if f.name == "inventory")
        qualified = index.resolve(inv_field.type, owner)
        cls = index.classes.get(qualified)
        out: dict[str, Any] = {"reply": "inventory"}
        if cls is not None and cls.name.endswith("Inventory") and cls.kind == "class":
            out["inventory"] = cls.name[: -len("Inventory")]
        else:
            report.note("inventory replies whose type is not an SDK inventory", f"{api}: {inv_field.type}")
        return out
    return {"reply": "result", "result_fields": names}


def _read_only(api: str, method: str, is_query: bool, is_async: bool) -> bool:
    if is_query:
        return True
    if is_async or method == "DELETE":
        return False
    if _starts_with_word(api, READ_VERBS):
        return True
    # a synchronous GET named like a read further in (BatchQuery, ZQLQuery, LocalStorageGetVolume...);
    # other synchronous GETs (RefreshCaptcha, RefreshSearchIndexes, UnlockIdentity) change state
    return method == "GET" and re.search(r"(Query|Get)(?=[A-Z]|$)", api) is not None


def _starts_with_word(name: str, words: tuple[str, ...]) -> bool:
    return any(name.startswith(w) and name[len(w):len(w) + 1].isupper() for w in words)


def _group(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    return segments[0] if segments else ""


@record(frozen=False)
class Catalogue:
    """The generated spec's two tables and the build report."""

    apis: dict[str, dict[str, Any]]
    inventories: dict[str, dict[str, Any]]
    report: Report


def build(index: SdkIndex, server: ServerFacts) -> Catalogue:
    """Every API and inventory of the SDK, with the server's relations and query mappings."""
    report = Report()
    for item in index.unreadable:
        report.note("SDK files the scanner could not read (skipped)", item)
    for item in index.duplicates:
        report.note("SDK classes defined twice (first kept)", item)
    for item in server.unreadable:
        report.note("server files the scanner could not read (skipped)", item)
    for item in server.ignored:
        report.note("server annotations not imported", item)
    inventories = _inventories(index, server, report)
    apis: dict[str, dict[str, Any]] = {}
    for action in index.actions():
        name = action.name[: -len("Action")]
        if name in apis:
            report.note("API names defined in two packages (first kept)", f"{name}: {action.qualified}")
            continue
        rec = _api(index, server, action, name, inventories, report)
        if rec is not None:
            apis[name] = rec
    return Catalogue(apis=apis, inventories=inventories, report=report)


def _api(index: SdkIndex, server: ServerFacts, action: JavaClass, name: str,
         inventories: dict[str, dict[str, Any]], report: Report) -> dict[str, Any] | None:
    info = action.rest_info
    method, path = info.get("httpMethod"), info.get("path")
    if not isinstance(method, str) or not isinstance(path, str):
        report.note("actions without a literal httpMethod/path (skipped)", action.qualified)
        return None
    method = method.upper()
    is_query = index.is_query(action)
    is_async = info.get("needPoll") is True
    rec: dict[str, Any] = {"method": method, "path": path, "source": "sdk", "java": action.qualified,
                           "group": _group(path), "async": is_async,
                           "needs_session": info.get("needSession") is not False}
    wrapper = info.get("parameterName")
    if method in ("GET", "DELETE"):
        if isinstance(wrapper, str) and wrapper:
            report.note("GET/DELETE APIs with a parameterName (not used on the wire)", f"{name}: {wrapper!r}")
    elif isinstance(wrapper, str):
        rec["wrapper"] = wrapper
        if wrapper in ("", "null"):
            report.note(f"body wrapper {wrapper!r} (body {{{wrapper!r}: {{...}}}})", name)
    else:
        report.note("POST/PUT APIs without a literal parameterName", name)
    placeholders = _PLACEHOLDER.findall(path)
    params: list[dict[str, Any]] = []
    declared: set[str] = set()
    if is_query:
        # the query options (conditions, limit, sortBy...) are QueryAction's own fields: generic, not
        # listed; a field a query class adds below QueryAction is a parameter like any other
        for owner, jf in index.all_fields(action):
            if owner.qualified in (QUERY_BASE, ACTION_BASE) or jf.annotation("Param") is None:
                continue
            if jf.name in NON_API or jf.name in TAGS or jf.name in declared:
                continue
            declared.add(jf.name)
            params.append(param_record(index, owner, jf, report, name))
            report.note("query APIs with parameters of their own", f"{name}.{jf.name}")
        rec.update(action="query", reply="inventories")
        inv = _query_inventory(name, server, inventories, report)
        if inv:
            rec["inventory"] = inv
        get_path = _get_path(name, path, server, report)
        if get_path:
            rec["get_path"] = get_path
    else:
        tags = False
        for owner, jf in index.all_fields(action):
            if jf.annotation("Param") is None or jf.name in NON_API:
                continue
            if jf.name in TAGS:
                tags = True
                continue
            if jf.name in declared:
                continue
            declared.add(jf.name)
            p = param_record(index, owner, jf, report, name)
            if jf.name in placeholders and not p.get("required"):
                report.note("optional parameters that fill a path placeholder (made required)", f"{name}.{jf.name}")
                p["required"] = True
            params.append(p)
        if tags:
            rec["tags"] = True
        rec.update(reply_shape(index, action, report, name))
        if rec.get("inventory") and rec["inventory"] not in inventories:
            report.note("replies naming an inventory without fields", f"{name}: {rec['inventory']}")
        rec["action"] = _action(method, path, rec["reply"])
    for ph in placeholders:
        if ph not in declared:
            params.append({"name": ph, "type": "String", "required": True})
            declared.add(ph)
            report.note("path placeholders no field declares (added as required String)", f"{name}: {{{ph}}}")
    if params:
        rec["params"] = params
    rec["read_only"] = _read_only(name, method, is_query, is_async)
    return rec


def _action(method: str, path: str, reply: str) -> str:
    if method == "DELETE":
        return "delete"
    if method == "POST" and reply == "inventory":
        return "create"
    if method == "PUT" and "{uuid}" in path and reply == "inventory":
        return "update"
    return "call"


def _query_inventory(api: str, server: ServerFacts, inventories: dict[str, dict[str, Any]], report: Report) -> str:
    auto = server.auto_query.get(api)
    if auto:
        name = auto.removesuffix("Inventory")
        if name in inventories:
            return name
        report.note("@AutoQuery inventories without an SDK class", f"{api}: {auto}")
    stem = api.removeprefix("Query")
    for candidate in (stem, stem.replace("FromLocal", "")):
        if candidate in inventories:
            if auto:
                report.note("queries mapped by name after @AutoQuery failed", f"{api}: {candidate}")
            return candidate
    report.note("queries with no known inventory", api)
    return ""


def _get_path(api: str, path: str, server: ServerFacts, report: Report) -> str:
    options = server.optional_paths.get(api, [])
    uuid_paths = [p for p in options if p.endswith("/{uuid}") and _PLACEHOLDER.findall(p) == ["uuid"]]
    if path + "/{uuid}" in uuid_paths:
        return path + "/{uuid}"
    if uuid_paths:
        report.note("GET-by-uuid paths that are not the query path + /{uuid}", f"{api}: {uuid_paths[0]}")
        return uuid_paths[0]
    others = [p for p in options if _PLACEHOLDER.search(p)]
    if others:
        report.note("optionalPaths not ending in /{uuid} (not used as get_path)", f"{api}: {others[0]}")
    return ""


def _inventories(index: SdkIndex, server: ServerFacts, report: Report) -> dict[str, dict[str, Any]]:
    classes: dict[str, JavaClass] = {}
    for qualified in sorted(index.classes, key=lambda q: (q.count("."), q)):
        cls = index.classes[qualified]
        if cls.kind != "class" or not cls.name.endswith("Inventory") or "." in cls.name or cls.name == "Inventory":
            continue
        name = cls.name[: -len("Inventory")]
        if name in classes:
            report.note("inventory names defined in two packages (shallowest kept)",
                        f"{name}: {classes[name].qualified} and {qualified}")
            continue
        classes[name] = cls
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(classes):
        cls = classes[name]
        fields: list[dict[str, Any]] = []
        seen: set[str] = set()
        for owner, jf in index.all_fields(cls):
            if jf.name in seen:
                continue
            seen.add(jf.name)
            jt = java_type(index, jf.type, owner, in_inventory=True)
            fields.append({"name": jf.name, "type": jt.type})
        out[name] = {"fields": fields, "java": cls.qualified, "columns": columns(fields)}
    for name, rels in _direct_relations(server, out, report).items():
        out[name]["relations"] = rels
    _resolve_aliases(server, out, report)
    declared = {name: list(inv.get("relations", ())) for name, inv in out.items()}
    report.counts["declared relations"] = sum(1 for rels in declared.values() for r in rels if "alias_of" not in r)
    report.counts["declared aliases"] = sum(1 for rels in declared.values() for r in rels if "alias_of" in r)
    report.counts["declared hidden relations"] = sum(1 for rels in declared.values() for r in rels if r.get("hidden"))
    for name in sorted(out):  # inheritance: the ancestors' relations first, a redeclared name wins
        merged: dict[str, dict[str, Any]] = {}
        for owner in reversed(index.chain(classes[name])):
            owner_name = owner.name.removesuffix("Inventory")
            if classes.get(owner_name) is owner:
                merged.update((r["name"], r) for r in declared.get(owner_name, ()))
        if merged:
            out[name]["relations"] = list(merged.values())
    return out


def columns(fields: list[dict[str, Any]]) -> list[str]:
    """Default table columns, at most :data:`MAX_COLUMNS`, from primitive fields in declaration order:
    ``uuid``, ``name``; then ``state``/``status``/``type``; then other ``...State``/``...Status``/
    ``...Type`` fields while fewer than 5 columns are chosen; then the other fields (not
    ``description``, ``createDate``, ``lastOpDate``), those ending in ``Uuid`` last."""
    primitive = [f["name"] for f in fields if f["type"] in _COLUMN_TYPES]
    out: list[str] = [n for n in ("uuid", "name") if n in primitive]
    out += [n for n in primitive if n in ("state", "status", "type") and n not in out]
    for n in primitive:
        if len(out) >= 5:
            break
        if n not in out and _STATE_LIKE.search(n):
            out.append(n)
    rest = [n for n in primitive if n not in out and n not in ("description", "createDate", "lastOpDate")]
    out += [n for n in rest if not n.endswith("Uuid")] + [n for n in rest if n.endswith("Uuid")]
    return out[:MAX_COLUMNS]


def _inv_name(server_class: str) -> str:
    return server_class.removesuffix("Inventory")


def _direct_relations(server: ServerFacts, inventories: dict[str, dict[str, Any]],
                      report: Report) -> dict[str, list[dict[str, Any]]]:
    """Relations declared for each inventory (by name), before inheritance and aliases."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for q in sorted(server.relations, key=lambda r: (r.owner, r.name, r.path)):
        owner = _inv_name(q.owner)
        target = _inv_name(q.target)
        if owner not in inventories:
            report.note("relations of inventories without an SDK class (dropped)", f"{owner}.{q.name} -> {target}")
            continue
        if target not in inventories:
            report.note("relations to inventories without an SDK class (kept: name only)",
                        f"{owner}.{q.name} -> {target}")
        rel: dict[str, Any] = {"name": q.name, "target": target, "local_key": q.local_key, "remote_key": q.remote_key}
        if q.hidden:
            rel["hidden"] = True
        if q.remote_key != "uuid":
            rel["many"] = True
        if q.declared_in != q.owner:
            report.note("relations added to another inventory by target=",
                        f"{owner}.{q.name} (declared on {q.declared_in})")
        fields = {f["name"] for f in inventories[owner]["fields"]}
        if q.local_key not in fields:
            report.note("relations whose local key is not an SDK field", f"{owner}.{q.name}: {q.local_key}")
        if target in inventories and q.remote_key not in {f["name"] for f in inventories[target]["fields"]}:
            report.note("relations whose remote key is not a field of the target",
                        f"{owner}.{q.name}: {target}.{q.remote_key}")
        mine = out.setdefault(owner, {})
        if q.name in mine:
            report.note("relations declared twice (first kept)", f"{owner}.{q.name}")
            continue
        mine[q.name] = rel
    return {k: list(v.values()) for k, v in out.items()}


def _resolve_aliases(server: ServerFacts, inventories: dict[str, dict[str, Any]], report: Report) -> None:
    """Add each ``@ExpandedQueryAlias`` as a relation with ``alias_of`` and the final hop's target."""
    loose: dict[str, dict[str, dict[str, Any]]] = {}  # relations of server-only inventories, for the walk
    for q in server.relations:
        owner = _inv_name(q.owner)
        if owner not in inventories:
            loose.setdefault(owner, {}).setdefault(q.name, {"target": _inv_name(q.target),
                                                           "many": q.remote_key != "uuid"})
    by_owner: dict[str, list[Any]] = {}
    for a in sorted(server.aliases, key=lambda a: (a.owner, a.name, a.path)):
        by_owner.setdefault(_inv_name(a.owner), []).append(a)
    for owner in sorted(by_owner):
        if owner not in inventories:
            for a in by_owner[owner]:
                report.note("aliases of inventories without an SDK class (dropped)", f"{owner}.{a.name}")
            continue
        rels = inventories[owner].setdefault("relations", [])
        names = {r["name"] for r in rels}
        for a in by_owner[owner]:
            if a.name in names:
                report.note("aliases named like an existing relation (relation kept)", f"{owner}.{a.name}")
                continue
            target, many = _walk(owner, a.expanded_field, inventories, loose)
            rel: dict[str, Any] = {"name": a.name, "alias_of": a.expanded_field}
            if target:
                rel["target"] = target
            else:
                report.note("aliases whose path does not resolve (kept without target)",
                            f"{owner}.{a.name} = {a.expanded_field}")
            if many:
                rel["many"] = True
            if a.declared_in != a.owner:
                report.note("aliases added to another inventory by target=",
                            f"{owner}.{a.name} (declared on {a.declared_in})")
            rels.append(rel)
            names.add(a.name)
    for inv in inventories.values():
        if "relations" in inv and not inv["relations"]:
            del inv["relations"]


def _walk(owner: str, dotted: str, inventories: dict[str, dict[str, Any]],
          loose: dict[str, dict[str, dict[str, Any]]]) -> tuple[str, bool]:
    """Follow ``a.b.c`` over declared relations from ``owner`` (through inventories without an SDK
    class too): the final target and whether any hop is many."""
    current, many = owner, False
    for hop in dotted.split("."):
        if current in inventories:
            rels = inventories[current].get("relations", ())
            rel = next((r for r in rels if r["name"] == hop and "alias_of" not in r), None)
        else:
            rel = loose.get(current, {}).get(hop)
        if rel is None:
            return "", False
        many = many or bool(rel.get("many"))
        current = rel["target"]
    return current, many
