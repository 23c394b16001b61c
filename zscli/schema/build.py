"""Compile the YAML specs in ``specs/`` into the committed ``schema.json``.

Usage: ``python -m zscli.schema.build`` writes the file; ``--check`` exits 1 when the
committed file differs from a fresh build (and writes nothing).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from .types import Action, Family, Location, Reply, Type

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
OUTPUT = HERE / "schema.json"
FORMAT_VERSION = 1

_PARAM_KEYS = {"name", "type", "in", "required", "since", "description", "choices", "min", "max",
               "max_length", "default", "secret", "hash", "refers_to"}
_API_KEYS = {"method", "path", "get_path", "wrapper", "action", "reply", "inventory", "async", "tags",
             "needs_session", "since", "source", "description", "params", "error"}
_TAG_PARAMS = (
    {"name": "systemTags", "type": "List", "location": "top", "description": "System tags"},
    {"name": "userTags", "type": "List", "location": "top", "description": "User tags"},
)


class SpecError(ValueError):
    """A spec file is inconsistent."""


def _path_params(path: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", path)


def _field(raw: dict[str, Any], where: str) -> dict[str, Any]:
    Type(raw["type"])  # validates
    out = {"name": raw["name"], "type": raw["type"], "primitive": Type(raw["type"]).primitive,
           "since": str(raw.get("since", "")),
           "description": raw.get("description", ""), "refers_to": raw.get("refers_to", ""),
           "unit": raw.get("unit", ""),
           "children": [_field(c, f"{where}.{raw['name']}") for c in raw.get("children", ())]}
    if out["children"] and raw["type"] != "Object":
        raise SpecError(f"{where}.{raw['name']}: only Object fields have children")
    return out


def _param(raw: dict[str, Any], path: str, api_since: str, where: str) -> dict[str, Any]:
    unknown = set(raw) - _PARAM_KEYS
    if unknown:
        raise SpecError(f"{where}: unknown keys {sorted(unknown)}")
    Type(raw["type"])
    location = raw.get("in") or ("path" if raw["name"] in _path_params(path) else "body")
    Location(location)
    return {
        "name": raw["name"], "type": raw["type"], "location": location,
        "required": bool(raw.get("required", location == "path" and raw.get("default") is None)),
        "since": str(raw.get("since", api_since)), "description": raw.get("description", ""),
        "choices": [str(c) for c in raw.get("choices", ())], "min": raw.get("min"), "max": raw.get("max"),
        "max_length": raw.get("max_length"), "default": raw.get("default"),
        "secret": bool(raw.get("secret", False)), "hash": raw.get("hash", ""),
        "refers_to": raw.get("refers_to", ""),
    }


def _api(name: str, raw: dict[str, Any], family: str, family_since: str, family_error: str) -> dict[str, Any]:
    unknown = set(raw) - _API_KEYS
    if unknown:
        raise SpecError(f"{name}: unknown keys {sorted(unknown)}")
    since = str(raw.get("since", family_since))
    params = [_param(p, raw["path"], since, f"{name}.{p.get('name')}") for p in raw.get("params", ())]
    if raw.get("tags"):
        params += [dict(t, required=False, since=since, choices=[], min=None, max=None, max_length=None,
                        default=None, secret=False, hash="", refers_to="") for t in _TAG_PARAMS]
    names = [p["name"] for p in params]
    if len(names) != len(set(names)):
        raise SpecError(f"{name}: duplicate parameter names")
    for pp in _path_params(raw["path"]):
        if pp not in names:
            raise SpecError(f"{name}: path parameter {{{pp}}} is not declared")
    api = {
        "name": name, "family": family, "method": raw["method"].upper(), "path": raw["path"],
        "get_path": raw.get("get_path", ""), "wrapper": raw.get("wrapper", ""),
        "action": Action(raw["action"]).value, "reply": Reply(raw["reply"]).value,
        "inventory": raw.get("inventory", ""), "is_async": bool(raw.get("async", False)),
        "needs_session": bool(raw.get("needs_session", family == "zstack")),
        "since": since, "source": raw.get("source", ""), "description": raw.get("description", ""),
        "error": raw.get("error", family_error), "params": params,
    }
    return api


def compile_specs(spec_dir: Path = SPECS) -> dict[str, Any]:
    """Read every ``*.yaml`` spec and return the schema as plain, ordered data."""
    apis: list[dict[str, Any]] = []
    inventories: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for spec_file in sorted(spec_dir.glob("*.yaml")):
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        family = Family(spec["family"]).value
        family_since = str(spec.get("since", ""))
        for err_name, err in (spec.get("errors") or {}).items():
            errors.append({"name": err_name, "description": err.get("description", ""), "key": err.get("key", ""),
                           "statuses": [int(s) for s in err.get("statuses", ())],
                           "fields": [_field(f, err_name) for f in err["fields"]]})
        for inv_name, inv in (spec.get("inventories") or {}).items():
            fields = [_field(f, inv_name) for f in inv["fields"]]
            inventories.append({
                "name": inv_name, "description": inv.get("description", ""), "key": inv.get("key", "uuid"),
                "columns": list(inv.get("columns", ())), "fields": fields,
                "relations": [{"name": r["name"], "target": r["target"], "local_key": r["local_key"],
                               "remote_key": r["remote_key"], "many": bool(r.get("many", False)),
                               "description": r.get("description", "")} for r in inv.get("relations", ())],
            })
        for api_name, raw in (spec.get("apis") or {}).items():
            apis.append(_api(api_name, raw, family, family_since, str(spec.get("error", ""))))
    _validate(apis, inventories, errors)
    apis.sort(key=lambda a: a["name"])
    inventories.sort(key=lambda i: i["name"])
    errors.sort(key=lambda e: e["name"])
    return {"format": FORMAT_VERSION, "apis": apis, "inventories": inventories, "errors": errors}


def _validate(apis: list[dict[str, Any]], inventories: list[dict[str, Any]],
              errors: list[dict[str, Any]]) -> None:
    inv_by_name = {i["name"]: i for i in inventories}
    error_names = {e["name"] for e in errors}
    if len(error_names) != len(errors):
        raise SpecError("duplicate error shape names")
    if len(inv_by_name) != len(inventories):
        raise SpecError("duplicate inventory names")
    if len({a["name"] for a in apis}) != len(apis):
        raise SpecError("duplicate API names")
    for inv in inventories:
        field_names = {f["name"] for f in inv["fields"]}
        for rel in inv["relations"]:
            target = inv_by_name.get(rel["target"])
            if target is None:
                raise SpecError(f"{inv['name']}.{rel['name']}: unknown target {rel['target']}")
            if rel["local_key"] not in field_names:
                raise SpecError(f"{inv['name']}.{rel['name']}: no field {rel['local_key']}")
            if rel["remote_key"] not in {f["name"] for f in target["fields"]}:
                raise SpecError(f"{inv['name']}.{rel['name']}: {rel['target']} has no {rel['remote_key']}")
        for col in inv["columns"]:
            head = col.split(".")[0]
            if head not in field_names:
                raise SpecError(f"{inv['name']}: column {col} is not a field")
        for f in inv["fields"]:
            if f["refers_to"] and f["refers_to"] not in inv_by_name:
                raise SpecError(f"{inv['name']}.{f['name']}: refers to unknown {f['refers_to']}")
    for api in apis:
        if api["inventory"] and api["inventory"] not in inv_by_name:
            raise SpecError(f"{api['name']}: unknown inventory {api['inventory']}")
        if not api["error"] or api["error"] not in error_names:
            raise SpecError(f"{api['name']}: unknown error shape {api['error']!r}")
        if api["action"] == "query" and not api["inventory"]:
            raise SpecError(f"{api['name']}: a query API needs an inventory")
        for p in api["params"]:
            if p["refers_to"] and p["refers_to"] not in inv_by_name:
                raise SpecError(f"{api['name']}.{p['name']}: refers to unknown {p['refers_to']}")


def render(data: dict[str, Any]) -> str:
    """Deterministic JSON text for the schema."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m zscli.schema.build``."""
    parser = argparse.ArgumentParser(prog="python -m zscli.schema.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if schema.json is stale")
    args = parser.parse_args(argv)
    try:
        text = render(compile_specs(SPECS))
    except (SpecError, KeyError, ValueError, yaml.YAMLError) as exc:
        print(f"schema build failed: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is stale: run python -m zscli.schema.build", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date")
        return 0
    tmp = OUTPUT.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(OUTPUT)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
