"""Compile the specs in ``specs/`` into the committed catalogue ``schema.jsonl``.

Two kinds of spec: hand-written YAML (``zstack.yaml`` from the reference pages, ``modelarts.yaml``) and the
generated JSON spec that :mod:`zscli.schema.sdk_import` writes from ZStack's SDK (``zstack-sdk.json``). For a
family that has both, the generated spec is the base and the hand-written one wins wherever it says something:
per API key, per parameter (SDK-only parameters of a hand-written API are kept), per inventory field and relation.

Usage: ``python -m zscli.schema.build`` writes the file; ``--check`` exits 1 when the committed file differs from
a fresh build (and writes nothing); ``--output FILE`` and ``--generated SPEC`` build a user schema instead.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from .types import Action, Family, Location, Reply, Type

from . import catalogue

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
OUTPUT = HERE / "schema.jsonl"
GENERATED_SUFFIX = ".json"  # generated specs are JSON; hand-written ones are YAML

_PARAM_KEYS = {"name", "type", "in", "required", "since", "description", "choices", "min", "max",
               "max_length", "default", "secret", "hash", "refers_to", "min_length", "regex", "nonempty",
               "always_sent", "no_trim"}
_API_KEYS = {"method", "path", "get_path", "wrapper", "action", "reply", "inventory", "async", "tags",
             "needs_session", "since", "source", "description", "params", "error", "group", "read_only",
             "result_fields", "java"}
_INVENTORY_KEYS = {"description", "key", "columns", "fields", "relations", "java"}
_NO_BODY = ("GET", "DELETE")  # their parameters travel in the query string (the SDK's ZSClient)
_READ_ONLY_ACTIONS = {"query", "list", "validate_session", "login", "logout", "renew_session"}
_TAGS = (("systemTags", "System tags"), ("userTags", "User tags"))


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


def _param(raw: dict[str, Any], path: str, method: str, api_since: str, where: str) -> dict[str, Any]:
    unknown = set(raw) - _PARAM_KEYS
    if unknown:
        raise SpecError(f"{where}: unknown keys {sorted(unknown)}")
    Type(raw["type"])
    location = raw.get("in") or ("path" if raw["name"] in _path_params(path)
                                 else "query" if method.upper() in _NO_BODY else "body")
    Location(location)
    for key in ("min", "max", "max_length", "min_length"):
        if raw.get(key) is not None and not isinstance(raw[key], int):
            raise SpecError(f"{where}: {key} must be a whole number")
    return {
        "name": raw["name"], "type": raw["type"], "location": location,
        "required": bool(raw.get("required", location == "path" and raw.get("default") is None)),
        "since": str(raw.get("since", api_since)), "description": raw.get("description", ""),
        "choices": [str(c) for c in raw.get("choices", ())], "min": raw.get("min"), "max": raw.get("max"),
        "max_length": raw.get("max_length"), "default": raw.get("default"),
        "secret": bool(raw.get("secret", False)), "hash": raw.get("hash", ""),
        "refers_to": raw.get("refers_to", ""), "min_length": raw.get("min_length"),
        "regex": raw.get("regex", ""), "nonempty": bool(raw.get("nonempty", False)),
        "always_sent": bool(raw.get("always_sent", False)), "no_trim": bool(raw.get("no_trim", False)),
    }


def _relation(raw: dict[str, Any], inv_name: str) -> dict[str, Any]:
    alias = str(raw.get("alias_of", ""))
    if not alias and not (raw.get("local_key") and raw.get("remote_key")):
        raise SpecError(f"{inv_name}.{raw.get('name')}: a relation needs local_key and remote_key (or alias_of)")
    return {"name": raw["name"], "target": raw["target"], "local_key": raw.get("local_key", ""),
            "remote_key": raw.get("remote_key", ""), "many": bool(raw.get("many", False)),
            "description": raw.get("description", ""), "hidden": bool(raw.get("hidden", False)), "alias_of": alias}


def _group(path: str) -> str:
    """The resource group of an API path: its first segment (``/vm-instances/{uuid}`` -> ``vm-instances``)."""
    head = path.strip("/").split("/")[0]
    return "" if head.startswith("{") else head


def _api(name: str, raw: dict[str, Any], family: str, family_since: str, family_error: str) -> dict[str, Any]:
    unknown = set(raw) - _API_KEYS
    if unknown:
        raise SpecError(f"{name}: unknown keys {sorted(unknown)}")
    since = str(raw.get("since", family_since))
    method = raw["method"].upper()
    params = [_param(p, raw["path"], method, since, f"{name}.{p.get('name')}") for p in raw.get("params", ())]
    if raw.get("tags"):
        where = "query" if method in _NO_BODY else "top"
        params += [_param({"name": n, "type": "List", "in": where, "description": d}, raw["path"], method, since,
                          f"{name}.{n}") for n, d in _TAGS]
    names = [p["name"] for p in params]
    if len(names) != len(set(names)):
        raise SpecError(f"{name}: duplicate parameter names")
    for pp in _path_params(raw["path"]):
        if pp not in names:
            raise SpecError(f"{name}: path parameter {{{pp}}} is not declared")
    action = Action(raw["action"]).value
    wrapper = raw.get("wrapper")
    if wrapper is not None and not isinstance(wrapper, str):
        raise SpecError(f"{name}: wrapper must be a string")
    api = {
        "name": name, "family": family, "method": method, "path": raw["path"],
        "get_path": raw.get("get_path", ""), "wrapper": wrapper,
        "action": action, "reply": Reply(raw["reply"]).value,
        "inventory": raw.get("inventory", ""), "is_async": bool(raw.get("async", False)),
        "needs_session": bool(raw.get("needs_session", family == "zstack")),
        "since": since, "source": raw.get("source", ""), "description": raw.get("description", ""),
        "error": raw.get("error", family_error), "params": params,
        "group": raw.get("group") or _group(raw["path"]),
        "read_only": bool(raw.get("read_only", action in _READ_ONLY_ACTIONS)),
        "result_fields": [str(f) for f in raw.get("result_fields", ())],
    }
    return api


def _read_spec(spec_file: Path) -> dict[str, Any]:
    text = spec_file.read_text(encoding="utf-8-sig")
    spec = json.loads(text) if spec_file.suffix == GENERATED_SUFFIX else yaml.safe_load(text)
    if not isinstance(spec, dict) or "family" not in spec:
        raise SpecError(f"{spec_file.name}: not a spec (no family)")
    Family(spec["family"])
    return spec


def _merge_params(base: list[dict[str, Any]], over: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hand-written parameters (in their order, each laid over the generated one of the same name), then the
    parameters only the generated spec has, with an unknown since-version."""
    by_name = {p["name"]: p for p in base}
    merged = [{**by_name.get(p["name"], {}), **p} for p in over]
    seen = {p["name"] for p in over}
    merged += [{**p, "since": p.get("since", "")} for p in base if p["name"] not in seen]
    return merged


def _merge_named(base: list[dict[str, Any]], over: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_name = {x["name"]: x for x in base}
    seen = {x["name"] for x in over}
    return [{**by_name.get(x["name"], {}), **x} for x in over] + [x for x in base if x["name"] not in seen]


def merge_specs(generated: dict[str, Any], written: dict[str, Any]) -> dict[str, Any]:
    """One spec of a family: ``generated`` (from the SDK) with ``written`` (by hand) laid over it."""
    out = {k: v for k, v in generated.items() if k not in ("apis", "inventories")}
    out.update({k: v for k, v in written.items() if k not in ("apis", "inventories")})
    # The hand-written family's since-version is not the generated APIs': theirs is unknown.
    apis = {name: {"since": "", **raw} for name, raw in (generated.get("apis") or {}).items()}
    for name, raw in (written.get("apis") or {}).items():
        base = apis.get(name)
        if base is None:
            apis[name] = raw
            continue
        merged = {**base, **raw}
        merged["params"] = _merge_params(list(base.get("params", ())), list(raw.get("params", ())))
        merged["tags"] = bool(base.get("tags") or raw.get("tags"))
        apis[name] = merged
    inventories = dict(generated.get("inventories") or {})
    for name, raw in (written.get("inventories") or {}).items():
        base = inventories.get(name)
        if base is None:
            inventories[name] = raw
            continue
        merged = {**base, **raw}
        merged["fields"] = _merge_named(list(base.get("fields", ())), list(raw.get("fields", ())))
        merged["relations"] = _merge_named(list(base.get("relations", ())), list(raw.get("relations", ())))
        inventories[name] = merged
    out["apis"], out["inventories"] = apis, inventories
    return out


def _written_specs(spec_dir: Path) -> list[dict[str, Any]]:
    return [_read_spec(f) for f in sorted(spec_dir.glob("*.yaml"))]


def _family_specs(spec_dir: Path, generated: Path | None = None) -> list[tuple[dict[str, Any], list[str]]]:
    """Each family's merged spec with the names of the files it came from."""
    written: dict[str, tuple[dict[str, Any], str]] = {}
    made: dict[str, tuple[dict[str, Any], str]] = {}
    files = sorted(spec_dir.glob("*.yaml")) + sorted(spec_dir.glob("*" + GENERATED_SUFFIX))
    if generated is not None:
        files = [f for f in files if f.suffix != GENERATED_SUFFIX] + [generated]
    for spec_file in files:
        spec = _read_spec(spec_file)
        target = made if spec_file.suffix == GENERATED_SUFFIX else written
        if spec["family"] in target:
            raise SpecError(f"two specs for family {spec['family']}: {target[spec['family']][1]}, {spec_file.name}")
        target[spec["family"]] = (spec, spec_file.name)
    out = []
    for family in sorted(set(written) | set(made)):
        if family in written and family in made:
            out.append((merge_specs(made[family][0], written[family][0]), [made[family][1], written[family][1]]))
        else:
            spec, file_name = written.get(family) or made[family]
            out.append((spec, [file_name]))
    return out


def compile_specs(spec_dir: Path = SPECS, generated: Path | None = None) -> dict[str, Any]:
    """Read every spec (``generated`` replaces the generated spec of ``spec_dir``) and return the schema as plain,
    ordered data: ``{"apis", "inventories", "errors", "meta"}``."""
    apis: list[dict[str, Any]] = []
    inventories: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    written_relations = {(inv_name, r["name"]) for spec in _written_specs(spec_dir)
                         for inv_name, inv in (spec.get("inventories") or {}).items()
                         for r in inv.get("relations", ())}
    for spec, file_names in _family_specs(spec_dir, generated):
        family = Family(spec["family"]).value
        family_since = str(spec.get("since", ""))
        byte_fields = frozenset(spec.get("byte_fields", ()))
        source = {"family": family, "specs": file_names}
        if isinstance(spec.get("generated"), dict):
            source.update({k: str(v) for k, v in sorted(spec["generated"].items())})
        sources.append(source)
        for err_name, err in (spec.get("errors") or {}).items():
            errors.append({"name": err_name, "description": err.get("description", ""), "key": err.get("key", ""),
                           "statuses": [int(s) for s in err.get("statuses", ())],
                           "fields": [_field(f, err_name) for f in err["fields"]]})
        for inv_name, inv in (spec.get("inventories") or {}).items():
            unknown = set(inv) - _INVENTORY_KEYS
            if unknown:
                raise SpecError(f"{inv_name}: unknown keys {sorted(unknown)}")
            fields = [_field(f, inv_name) for f in inv["fields"]]
            for fld in fields:  # the SDK marks no units: the family spec names its byte-valued Long fields
                if not fld["unit"] and fld["type"] == Type.LONG.value and fld["name"] in byte_fields:
                    fld["unit"] = "bytes"
            inventories.append({
                "name": inv_name, "description": inv.get("description", ""), "key": inv.get("key", "uuid"),
                "columns": list(inv.get("columns", ())), "fields": fields,
                "relations": [_relation(r, inv_name) for r in inv.get("relations", ())],
            })
        for api_name, raw in (spec.get("apis") or {}).items():
            apis.append(_api(api_name, raw, family, family_since, str(spec.get("error", ""))))
    _infer_references(apis, inventories)
    _validate(apis, inventories, errors, written_relations)
    apis.sort(key=lambda a: a["name"])
    inventories.sort(key=lambda i: i["name"])
    errors.sort(key=lambda e: e["name"])
    meta = {"sources": sources, "counts": {
        "apis": len(apis), "queries": sum(a["action"] == "query" for a in apis),
        "inventories": len(inventories), "relations": sum(len(i["relations"]) for i in inventories),
        "unmapped_queries": sum(a["action"] == "query" and not a["inventory"] for a in apis)}}
    return {"format": catalogue.FORMAT, "apis": apis, "inventories": inventories, "errors": errors, "meta": meta}


_UUID_SUFFIXES = ("Uuids", "Uuid")
_REFERENCE_ALIASES = {"Vm": "VmInstance"}  # vmUuid, srcVmUuid: ZStack's short name of its VM inventory
_NOT_REFERENCES = frozenset({"resourceUuid"})  # the uuid to give a new resource: no existing one fits


def referred_inventory(name: str, known: set[str] | frozenset[str]) -> str:
    """The inventory whose uuids a parameter or field named ``name`` holds, by ZStack's naming
    (``hostUuid`` -> Host, ``l3NetworkUuids`` -> L3Network, ``defaultL3NetworkUuid`` -> L3Network,
    ``lastHostUuid`` -> Host): the longest tail of the name, cut at a capital letter, that names an inventory
    in ``known``; "" when there is none."""
    if name in _NOT_REFERENCES:
        return ""
    for suffix in _UUID_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[:-len(suffix)]
            break
    else:
        return ""
    stem = stem[0].upper() + stem[1:]
    for i, ch in enumerate(stem):
        tail = _REFERENCE_ALIASES.get(stem[i:], stem[i:]) if ch.isupper() else ""
        if tail in known:
            return tail
    return ""


def _infer_references(apis: list[dict[str, Any]], inventories: list[dict[str, Any]]) -> None:
    """Give String/List parameters and inventory fields named ``<resource>Uuid(s)`` the inventory they refer to,
    when no spec says (the SDK does not): their values then complete from the uuids the shell has seen."""
    known = frozenset(inv["name"] for inv in inventories)
    typed = (Type.STRING.value, Type.LIST.value)
    for inv in inventories:
        for fld in inv["fields"]:
            if not fld["refers_to"] and fld["type"] in typed and fld["name"] != inv["key"]:
                fld["refers_to"] = referred_inventory(fld["name"], known)
    for api in apis:
        for param in api["params"]:
            if not param["refers_to"] and param["type"] in typed:
                param["refers_to"] = referred_inventory(param["name"], known)
                param["refers_inferred"] = bool(param["refers_to"])


def _validate(apis: list[dict[str, Any]], inventories: list[dict[str, Any]],
              errors: list[dict[str, Any]], written_relations: set[tuple[str, str]]) -> None:
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
            # A relation to an inventory the SDK has no class for is kept: its name completes, its fields cannot.
            # Generated relations are facts of the server, kept even where their keys are fields the SDK's
            # inventory class lacks (ApplianceVm.virtualRouterOffering -> instanceOfferingUuid): only hand-written
            # relations are checked.
            target = inv_by_name.get(rel["target"])
            if rel["alias_of"] or (inv["name"], rel["name"]) not in written_relations:
                continue
            if rel["local_key"] not in field_names:
                raise SpecError(f"{inv['name']}.{rel['name']}: no field {rel['local_key']}")
            if target is not None and rel["remote_key"] not in {f["name"] for f in target["fields"]}:
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
        for p in api["params"]:
            if p["refers_to"] and p["refers_to"] not in inv_by_name:
                raise SpecError(f"{api['name']}.{p['name']}: refers to unknown {p['refers_to']}")


def render(data: dict[str, Any]) -> str:
    """Deterministic catalogue text for the schema (see :mod:`zscli.schema.catalogue`)."""
    return catalogue.render(data)


def write(text: str, path: Path, private: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (a temp file renamed over it); ``private``: mode 0600."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m zscli.schema.build``."""
    parser = argparse.ArgumentParser(prog="python -m zscli.schema.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if the catalogue file is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the catalogue file to write or check")
    parser.add_argument("--generated", type=Path, help="a generated spec to use instead of specs/*.json")
    args = parser.parse_args(argv)
    try:
        text = render(compile_specs(SPECS, args.generated))
    except (SpecError, KeyError, ValueError, TypeError, OSError, yaml.YAMLError) as exc:
        print(f"schema build failed: {exc}", file=sys.stderr)
        return 2
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"{output} is stale: run python -m zscli.schema.build", file=sys.stderr)
            return 1
        print(f"{output.name} is up to date")
        return 0
    write(text, output)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
