"""Generate the ``zstack`` spec from ZStack's own sources.

Usage::

    python -m zscli.schema.sdk_import SOURCE [--ref REF] [--output FILE] [--check] [--census]

SOURCE is a ZStack checkout, a bare git directory (read at REF, default HEAD, from git objects)
or a plain folder of SDK ``.java`` files (server files in the folder are read too). The result
(default ``zscli/schema/specs/zstack-sdk.json``) lists every API of the SDK and every SDK inventory,
with relations and query mappings from the server sources when present; it records the source
name, ref and commit. ``--check`` writes nothing and exits 1 when FILE differs from a fresh import.
Exit 2, with one line on stderr, when SOURCE cannot be read or holds no SDK.

The pieces: :mod:`.importer.source` (reading files), :mod:`.importer.javasrc` (scanning Java),
:mod:`.importer.sdk` (the SDK's facts), :mod:`.importer.server` (relations, @AutoQuery),
:mod:`.importer.spec` (the rules that make records) and :mod:`.importer.writer` (the text).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zscli.record import record
from .importer import sdk as sdk_reader
from .importer import server as server_reader
from .importer import spec as spec_rules
from .importer import writer
from .importer.source import Source, SourceError, is_git_source, open_source

OUTPUT = Path(__file__).resolve().parent / "specs" / "zstack-sdk.json"


@record(frozen=False)
class Imported:
    """One import: the spec text, the records it holds and the source it came from."""

    text: str
    catalogue: spec_rules.Catalogue
    source: Source


def import_source(source: str, ref: str | None = None) -> Imported:
    """Read ``source`` and build the spec; raises :class:`SourceError` on a bad SOURCE."""
    src = open_source(source, ref)
    index = sdk_reader.read_sdk(src)
    if not any(True for _ in index.actions()):
        where = f"{source} at {src.ref}" if src.ref else source
        raise SourceError(f"{where}: no ZStack SDK found (no *Action.java of package org.zstack.sdk)")
    facts = server_reader.read_server(src, sdk_reader.SDK_PACKAGE)
    catalogue = spec_rules.build(index, facts)
    for path in src.missing:
        catalogue.report.note("git objects missing from the source (not read)", path)
    generated = {"tool": writer.TOOL, "source": src.name, "ref": src.ref, "commit": src.commit}
    text = writer.render(catalogue.apis, catalogue.inventories, generated)
    return Imported(text=text, catalogue=catalogue, source=src)


def census(cat: spec_rules.Catalogue) -> dict[str, object]:
    """Counts for the notes: APIs, queries, async, wrappers by kind, inventories, relations..."""
    apis = cat.apis.values()
    wrappers: dict[str, int] = {}
    for a in apis:
        if "wrapper" in a:
            w = a["wrapper"]
            kind = {"params": "params", "param": "param", "": '""', "null": '"null"'}.get(w, "lowerCamel API name"
                                                                                        if w else w)
            wrappers[kind] = wrappers.get(kind, 0) + 1
    rels = [r for inv in cat.inventories.values() for r in inv.get("relations", ())]
    unmapped = sorted(n for n, a in cat.apis.items() if a["action"] == "query" and "inventory" not in a)
    shared: dict[tuple[str, str], int] = {}
    for a in apis:
        if a["method"] == "PUT":
            shared[(a["method"], a["path"])] = shared.get((a["method"], a["path"]), 0) + 1
    return {
        "apis": len(cat.apis),
        "queries": sum(1 for a in apis if a["action"] == "query"),
        "async": sum(1 for a in apis if a["async"]),
        "no_session": sum(1 for a in apis if not a["needs_session"]),
        "read_only": sum(1 for a in apis if a["read_only"]),
        "methods": {m: sum(1 for a in apis if a["method"] == m) for m in ("GET", "POST", "PUT", "DELETE")},
        "actions": {k: sum(1 for a in apis if a["action"] == k)
                    for k in ("query", "create", "update", "delete", "call")},
        "replies": {k: sum(1 for a in apis if a["reply"] == k) for k in ("inventories", "inventory", "result", "none")},
        "wrappers": dict(sorted(wrappers.items())),
        "shared_put_paths": sum(1 for n in shared.values() if n > 1),
        "with_tags": sum(1 for a in apis if a.get("tags")),
        "inventories": len(cat.inventories),
        "relations": cat.report.counts.get("declared relations", 0),
        "hidden": cat.report.counts.get("declared hidden relations", 0),
        "aliases": cat.report.counts.get("declared aliases", 0),
        "relation_records_with_inherited": sum(1 for r in rels if "alias_of" not in r),
        "alias_records_with_inherited": sum(1 for r in rels if "alias_of" in r),
        "target_added": len(cat.report.oddities.get("relations added to another inventory by target=", ())),
        "unmapped_queries": unmapped,
    }


def _print_census(cat: spec_rules.Catalogue) -> None:
    counts = census(cat)
    for key, value in counts.items():
        if key == "unmapped_queries":
            assert isinstance(value, list)
            print(f"unmapped_queries ({len(value)}): {', '.join(value)}")
        else:
            print(f"{key}: {value}")
    for kind in sorted(cat.report.oddities):
        items = cat.report.oddities[kind]
        print(f"\n## {kind} ({len(items)})")
        for item in items:
            print(f"- {item}")


def _recorded_ref(output: Path) -> str | None:
    """The git ref a previous import recorded in ``output`` (None when absent or unreadable)."""
    try:
        ref = json.loads(output.read_text(encoding="utf-8"))["generated"]["ref"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return ref if isinstance(ref, str) and ref else None


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m zscli.schema.sdk_import``."""
    parser = argparse.ArgumentParser(prog="python -m zscli.schema.sdk_import",
                                     description="Generate the zstack spec from ZStack's Java SDK and server sources.")
    parser.add_argument("source", metavar="SOURCE",
                        help="a ZStack checkout, a bare git directory, or a folder of SDK .java files")
    parser.add_argument("--ref", help="git ref to read (default HEAD; with --check, the ref FILE records); "
                                      "only for a git SOURCE")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"file to write (default {OUTPUT.name} in specs/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if FILE differs from a fresh import")
    parser.add_argument("--census", action="store_true", help="print the counts and every oddity met")
    args = parser.parse_args(argv)
    if args.check and args.ref is None and is_git_source(args.source):
        args.ref = _recorded_ref(args.output)
    try:
        result = import_source(args.source, args.ref)
    except SourceError as exc:
        print(f"sdk_import: {exc}", file=sys.stderr)
        return 2
    if args.census:
        _print_census(result.catalogue)
    counts = census(result.catalogue)
    summary = (f"{counts['apis']} APIs ({counts['queries']} queries), {counts['inventories']} inventories, "
               f"{counts['relations']} relations from {result.source.name} {result.source.ref} "
               f"{result.source.commit[:12]}").rstrip()
    if args.check:
        try:
            current = args.output.read_text(encoding="utf-8")
        except OSError:
            current = ""
        if current != result.text:
            print(f"{args.output} is stale: run python -m zscli.schema.sdk_import {args.source}"
                  + (f" --ref {args.ref}" if args.ref else ""), file=sys.stderr)
            return 1
        print(f"{args.output.name} is up to date ({summary})")
        return 0
    try:
        tmp = args.output.with_name(args.output.name + ".tmp")
        tmp.write_text(result.text, encoding="utf-8")
        tmp.replace(args.output)
    except OSError as exc:
        print(f"sdk_import: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
