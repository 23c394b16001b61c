"""``help_text``: plain-text help built from the schema (an overview, or one API in detail)."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from zscli.call import OPERATORS, QUERY_OPTIONS, SESSION_DEFAULT, TAG_FIELDS
from zscli.environment import terminal_width
from zscli.errors import UsageError
from zscli.schema.types import Api, ApiEntry, Family, Inventory, Location, Param, Schema, Type

FAMILY_TITLES = {
    Family.ZSTACK: "ZStack APIs (/zstack/v1, session login)",
    Family.MODELARTS: "ModelArts APIs ({endpoint}/v1, X-Auth-Token)",
}
FAMILY_BASES = {Family.ZSTACK: "/zstack/v1", Family.MODELARTS: "{endpoint}"}
MIN_LAST = 24  # the narrowest a wrapped description column gets
ALLOWED_CAP = 24  # the widest the ALLOWED column of a parameter table gets before it wraps



def _option_rows() -> list[tuple[str, str]]:
    """Query options and tag pseudo-fields as ``name=PLACEHOLDER`` / meaning rows."""
    rows = []
    for option in QUERY_OPTIONS:
        shown = "|".join(option.choices) if option.type is not Type.BOOLEAN and option.choices else (
            "true" if option.type is Type.BOOLEAN else option.placeholder)
        rows.append((f"{option.name}={shown}", option.description))
    rows += [(f"{tag.name}=TAG", tag.description) for tag in TAG_FIELDS]
    return rows


def _wrap(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` characters, breaking after spaces, ``|`` and ``,``."""
    pieces = re.findall(r"[^\s|,]*[|,]?\s*", text)
    lines, current = [], ""
    for piece in pieces:
        if current and len((current + piece).rstrip()) > width:
            lines.append(current.rstrip())
            current = ""
        current += piece
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _columns(rows: Sequence[Sequence[str]], indent: str = "  ", width: int | None = None,
             caps: Mapping[int, int] | None = None) -> list[str]:
    """Rows of cells as left-aligned columns. With ``width``, columns listed in ``caps`` wrap at their cap
    and the last column wraps to the room left (at least :data:`MIN_LAST` characters), continuation lines
    staying under their column."""
    if not rows:
        return []
    ncols = len(rows[0])
    natural = len(indent) + sum(max(len(r[i]) for r in rows) + 2 for i in range(ncols))
    caps = dict(caps or {}) if width and natural - 2 > width else {}
    widths = [min(max(len(r[i]) for r in rows), caps.get(i, 10 ** 6)) for i in range(ncols - 1)]
    start = len(indent) + sum(w + 2 for w in widths)
    stacked = width is not None and start + MIN_LAST > width  # too narrow: the last column goes under each row
    last = (width - len(indent) - 4 if stacked else width - start) if width else 10 ** 6
    out: list[str] = []
    for row in rows:
        cells = [_wrap(c, caps[i]) if i in caps and len(c) > caps[i] else [c] for i, c in enumerate(row[:-1])]
        tail = _wrap(row[-1], last) if len(row[-1]) > last else [row[-1]]
        if not stacked:
            cells.append(tail)
        for n in range(max(len(c) for c in cells)):
            parts = [(c[n] if n < len(c) else "") for c in cells] + ([""] if stacked else [])
            joined = "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=False))
            out.append((indent + joined + "  " + parts[-1]).rstrip())
        if stacked:
            out.extend((indent + "    " + line).rstrip() for line in tail if line)
    return out


HELP_USAGE = "help [API | GROUP | -k WORD]"
KEYWORD_FLAGS = ("-k", "--keyword")


def help_text(schema: Schema, topic: str | Sequence[str] | None = None,
              builtins: Sequence[tuple[str, str]] = (), width: int | None = None, server_version: str = "") -> str:
    """Help for the words after ``help`` (``topic``; a single string is one word):

    - none: the API groups of each family with a few names each, then the shell's ``builtins``
      (``(usage, description)`` pairs);
    - an API name (any case): that API in detail, parameters newer than ``server_version`` (the management
      node's, when known) marked;
    - a group name (``vm-instances``, ``ai``): the group's APIs with a line each;
    - ``-k WORD``: the APIs whose name, group, description, parameter names or descriptions contain WORD.

    Plain text whose tables wrap to ``width`` (default: the terminal's width); text from the schema is shown
    with control characters escaped. Raises :class:`~zscli.errors.UsageError` for more words than that, or an
    unknown name (with a "did you mean")."""
    from .safe import visible

    words = [topic] if isinstance(topic, str) else list(topic or ())
    words = [w.strip() for w in words if w.strip()]
    width = terminal_width(width)
    if not words:
        return visible(_overview(schema, builtins, width), newlines=True)
    if words[0] in KEYWORD_FLAGS:
        if len(words) != 2:
            raise UsageError(f"usage: {HELP_USAGE}", hint="help -k WORD searches API names, parameters and "
                             "descriptions")
        return visible(_search(schema, words[1], width), newlines=True)
    if len(words) > 1:
        raise UsageError(f"usage: {HELP_USAGE}", hint="quote a word that holds spaces")
    from zscli.language.apis import lookup_api

    api = lookup_api(words[0], schema)
    if api is not None:
        return visible(api_help(schema, api, width, server_version), newlines=True)
    groups = _groups(schema)
    group = groups.get(words[0].lower())
    if group is not None:
        word = words[0].lower()
        related = [f"{g} ({len(es)})" for key, (g, es) in groups.items()
                   if key != word and (key.startswith(word) or word in key.split("-"))]
        text = _group_help(schema, group, width)
        if related:
            text += "".join(line + "\n" for line in _wrap("See also: " + ", ".join(related), (width or 120) - 1))
        return visible(text, newlines=True)
    from zscli.language.parser import unknown_api

    raise unknown_api(words[0], schema)


def _groups(schema: Schema) -> dict[str, tuple[str, tuple[ApiEntry, ...]]]:
    """``lower-case group -> (group, its entries)`` (from the catalogue's index: no record is read)."""
    found: dict[str, list[ApiEntry]] = {}
    for entry in schema.entries:
        found.setdefault((entry.group or "other").lower(), []).append(entry)
    out = {}
    for key in sorted(found):
        spellings = [e.group or "other" for e in found[key]]
        out[key] = (max(sorted(set(spellings)), key=spellings.count), tuple(found[key]))  # the usual spelling
    return out


def _names_that_fit(names: Sequence[str], room: int) -> str:
    """As many of ``names`` as fit ``room`` characters, comma-separated, then ``(+N more)``."""
    shown: list[str] = []
    used = 0
    for i, name in enumerate(names):
        rest = len(names) - i - 1
        tail = len(f", (+{rest} more)") if rest else 0
        if shown and used + 2 + len(name) + tail > room:
            return ", ".join(shown) + f" (+{len(names) - len(shown)} more)"
        used += len(name) + (2 if shown else 0)
        shown.append(name)
    return ", ".join(shown)


def _overview(schema: Schema, builtins: Sequence[tuple[str, str]], width: int | None = None) -> str:
    lines: list[str] = []
    groups = _groups(schema).values()
    for family in Family:
        picked = [(group, [e for e in entries if e.family is family]) for group, entries in groups]
        picked = [(group, mine) for group, mine in picked if mine]
        if not picked:
            continue
        count = sum(len(mine) for _, mine in picked)
        if lines:
            lines.append("")
        lines.append(f"{FAMILY_TITLES.get(family, family.value)}: {count:,} API{'s' if count != 1 else ''} in "
                     f"{len(picked)} group{'s' if len(picked) != 1 else ''}")
        heads = [f"{group} ({len(mine)})" for group, mine in picked]
        column = min(max(len(h) for h in heads), 32)
        total = width or 120
        for head, (_, mine) in zip(heads, picked, strict=False):
            names = _display_order(mine)
            room = total - 2 - column - 2
            more = len(f" (+{len(names) - 1} more)") if len(names) > 1 else 0
            if len(head) > column or len(names[0]) + more > room:  # no room beside the group: names go under it
                lines.append("  " + head)
                lines.append("      " + _names_that_fit(names, max(total - 6, 20)))
            else:
                lines.append(f"  {head.ljust(column)}  {_names_that_fit(names, room)}")
    if builtins:
        lines += ["", "Shell commands:"]
        lines.extend(_columns([(usage, text) for usage, text in builtins], width=width))
    lines += [""] + _wrap("`help GROUP` lists a group's APIs, `help API` describes one (parameters and an "
                          "example), `help -k WORD` searches API names, parameters and descriptions; Tab completes.",
                          (width or 120) - 1)
    return "\n".join(lines) + "\n"


def _display_order(entries: Sequence[ApiEntry]) -> list[str]:
    """Names with queries first (what an operator reaches for), then the rest, each alphabetical."""
    return [e.name for e in sorted(entries, key=lambda e: (not e.is_query, e.name))]


def _entry_rows(entries: Sequence[ApiEntry]) -> list[tuple[str, str]]:
    rows = []
    for e in entries:
        traits = ", ".join(t for t, on in (("query", e.is_query), ("async", e.is_async), ("read-only", e.read_only
                                                                                          and not e.is_query)) if on)
        rows.append((e.name, f"[{traits}] {e.summary}".strip() if traits else e.summary))
    return rows


def _group_help(schema: Schema, group: tuple[str, tuple[ApiEntry, ...]], width: int | None) -> str:
    name, entries = group
    ordered = sorted(entries, key=lambda e: (not e.is_query, e.name))
    lines = [f"{name}: {len(entries)} API{'s' if len(entries) != 1 else ''}", ""]
    lines.extend(_columns(_entry_rows(ordered), width=width))
    lines += ["", "`help API` describes one API."]
    return "\n".join(lines) + "\n"


def _search(schema: Schema, word: str, width: int | None) -> str:
    names = schema.search(word)
    if not names:
        return f"no API mentions '{word}': try a shorter word, or `help` for the groups\n"
    entries = [e for e in (schema.entry(n) for n in names) if e is not None]
    lines = [f"{len(entries)} API{'s' if len(entries) != 1 else ''} mention '{word}' (name, parameters or "
             "description):", ""]
    rows = [(e.name, e.group, s) for e, (_, s) in zip(entries, _entry_rows(entries), strict=False)]
    lines.extend(_columns(rows, width=width))
    return "\n".join(lines) + "\n"


def _constraint(p: Param) -> str:
    parts: list[str] = []
    if p.choices:
        parts.append("|".join(p.choices))
    if p.min is not None and p.max is not None:
        parts.append(f"{p.min}..{p.max}")
    elif p.min is not None:
        parts.append(f">= {p.min}")
    elif p.max is not None:
        parts.append(f"<= {p.max}")
    if p.max_length is not None:
        parts.append(f"max {p.max_length} chars")
    if p.default is not None and p.default != "" and (not p.required or p.default == SESSION_DEFAULT):
        parts.append("default: current session" if p.default == SESSION_DEFAULT else f"default {p.default}")
        if p.always_sent:
            parts.append("always sent, as ZStack's SDK does")
    if p.secret:
        parts.append("secret")
    return ", ".join(parts)


def placeholder(name: str, type_: Type, choices: Sequence[str] = (), refers_to: str = "") -> str:
    """An example value: ``<uuid>`` for uuids, ``<A|B>`` for choices, ``<Type>`` otherwise."""
    if name == "uuid" or name.endswith("Uuid") or refers_to:
        return "<uuid>"
    if choices:
        return "<" + "|".join(choices) + ">"
    return f"<{type_.value}>"


def example(schema: Schema, api: Api) -> str:
    """An example command line built from the schema."""
    if api.is_query:
        inv = schema.inventory(api.inventory)
        words = [api.name]
        if inv is not None:
            names = {f.name: f for f in inv.primitive_fields}
            text_field = "name" if "name" in names else next(
                (f.name for f in inv.primitive_fields if f.type is Type.STRING and f.name != inv.key), "")
            if text_field:
                words.append(f"{text_field}~=%qwen%")
            sort = next((f.name for f in inv.primitive_fields if f.type is Type.TIMESTAMP), "") \
                or next(iter(names), "")
            words.append("limit=10")
            if sort:
                words += [f"sortBy={sort}", "sortDirection=desc"]
        return " ".join(words)
    usable = [p for p in api.params if not p.secret and p.location is not Location.TOP]
    words = [api.name] + [f"{p.name}={placeholder(p.name, p.type, p.choices, p.refers_to)}"
                          for p in usable if p.required]
    optional = next((p for p in usable if not p.required and p.name == "name"), None) or next(
        (p for p in usable if not p.required and p.default is None), None)
    if optional is not None:
        value = placeholder(optional.name, optional.type, optional.choices, optional.refers_to)
        words.append(f"{optional.name}={value}")
    return " ".join(words)


def api_help(schema: Schema, api: Api, width: int | None = None, server_version: str = "") -> str:
    """One API in detail: method and path, since, sync/async, parameters (``*`` after a since-version newer than
    ``server_version``), query help, example."""
    from zscli.server_version import is_newer

    base = FAMILY_BASES.get(api.family, "")
    title = f"{api.name} — {api.description}" if api.description else api.name
    lines = (_wrap(title, width) if width else [title]) + [""]
    wrapper = f"   (body wrapper: {api.wrapper!r})" if api.wrapper is not None else ""
    lines.append(f"  {api.method} {base}{api.path}{wrapper}")
    if api.get_path:
        lines.append(f"  GET {base}{api.get_path}   (one resource by uuid)")
    facts = [f"since {api.since}" if api.since else "",
             "asynchronous (the server runs a job; zscli waits for its result)" if api.is_async
             else "synchronous",
             "authenticated by an X-Auth-Token" if api.family is Family.MODELARTS
             else "" if api.needs_session else "no login needed"]
    if server_version:
        facts.append(f"server: ZStack {server_version}")
    lines.append("  " + ", ".join(f for f in facts if f))
    inv = schema.inventory(api.inventory) if api.inventory else None
    if inv is not None:
        about = f" ({inv.description.rstrip('.')})" if inv.description else ""
        lines.append(f"  returns: {inv.name}{about}")
    elif api.is_query:
        lines += ["", "Query fields: unknown (ZStack's SDK has no inventory class for this query); conditions",
                  "and options are sent as typed, without checks or completion."]
    if api.params:
        params = sorted(api.params, key=lambda p: not p.required)
        lines += ["", "Parameters (required first):"]
        rows = [("NAME", "TYPE", "REQUIRED", "SINCE", "ALLOWED", "DESCRIPTION")]
        newer = {p.name for p in params if is_newer(p.since, server_version)}
        rows += [(p.name, p.type.value, "yes" if p.required else "no",
                  (p.since or "-") + (" *" if p.name in newer else ""), _constraint(p) or "-", p.description)
                 for p in params]
        lines.extend(_columns(rows, width=width, caps={4: ALLOWED_CAP}))
        if newer:
            lines.append(f"  * newer than the server (ZStack {server_version}): it may ignore or refuse them;"
                         " zscli warns when you send one (--strict-version refuses)")
    if api.is_query and inv is not None:
        lines.extend(_query_help(schema, inv, width))
    lines += ["", "Example:"] + _command_lines(example(schema, api), width)
    if api.is_query and api.get_path:
        lines.append(f"  {api.name} uuid=<uuid>")
    return "\n".join(lines) + "\n"


def _command_lines(command: str, width: int | None) -> list[str]:
    """A command line indented by two, continued with `` \\`` over several lines when wider than ``width``."""
    if not width or len(command) + 2 <= width:
        return ["  " + command]
    lines, current = [], "  "
    for word in command.split(" "):
        if current.strip() and len(current) + 1 + len(word) + 2 > width:
            lines.append(current + " \\")
            current = "      "
        current += ("" if not current.strip() else " ") + word
    return lines + [current]


def _query_help(schema: Schema, inv: Inventory, width: int | None = None) -> list[str]:
    lines = ["", "Query fields (field<op>value; several conditions are ANDed):"]
    lines.extend(_columns([(f.name, f.type.value, f.description) for f in inv.primitive_fields], width=width))
    if inv.relations:
        lines += ["", "Relations (relation.field<op>value queries the related resource):"]
        rows = []
        for rel in inv.relations:
            target = schema.inventory(rel.target)
            count = f"{len(target.primitive_fields)} fields" if target is not None else "fields"
            rows.append((f"{rel.name}.", f"→ {rel.target}", f"({count}{', many' if rel.many else ''})"))
        lines.extend(_columns(rows))
    lines += ["", "Query options:"]
    lines.extend(_columns(_option_rows(), width=width))
    lines += ["", "Operators:"]
    lines.extend(_columns([(op.value, meaning) for op, meaning in OPERATORS], width=width))
    return lines
