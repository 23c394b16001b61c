"""Per-keystroke completion time, on the real schema and on a synthetic one of 2,000 APIs / 250 inventories.

Run: ``python benchmarks/bench_completion.py [--repeat N]``. For each typical line, every prefix of it is
completed (one completion per keystroke, as the shell does with complete-while-typing) N times; p50 and
p99 of those per-keystroke times are printed. The baseline, measured in the same run over the same
candidates, is zstack-cli's way: plain case-insensitive substring filtering with no ranking.
The first completion after start-up (building the cached candidate lists) is reported apart as "cold".
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zscli.completion.context import ApiNames, Keys, Literals, Operators, analyze  # noqa: E402
from zscli.completion.engine import complete  # noqa: E402
from zscli.completion.index import index_for  # noqa: E402
from zscli.language.lexer import scan  # noqa: E402
from zscli.completion.seen import SeenValues  # noqa: E402
from zscli.schema import load  # noqa: E402
from zscli.schema.types import (Action, Api, Family, Field, Inventory, Location, Param, Relation,  # noqa: E402
                                Reply, Schema, Type)

WORDS_A = ["Vm", "Host", "Cluster", "Zone", "Volume", "Image", "Network", "Security", "Load", "Backup", "Primary",
           "Model", "Gpu", "Account", "User", "Policy", "Scheduler", "Vip", "Eip", "Port"]
WORDS_B = ["Instance", "Group", "Offering", "Storage", "Snapshot", "Balancer", "Rule", "Service", "Center",
           "Template", "Forwarding", "Tag", "Job", "Ref"]
FIELD_WORDS = ["name", "description", "state", "status", "type", "size", "hypervisorType", "managementIp",
               "architecture", "platform", "guestOsType", "cpuNum", "memorySize", "allocatorStrategy", "format",
               "url", "mediaType", "installPath", "actualSize", "capacity", "vendor", "version", "createDate",
               "lastOpDate", "isDefault", "system", "priority", "ownerName", "region", "checksum"]
TYPES = [Type.STRING, Type.STRING, Type.STRING, Type.LONG, Type.INTEGER, Type.BOOLEAN, Type.TIMESTAMP]
VERBS = ["Query", "Create", "Update", "Delete", "Attach", "Detach", "Change", "Recover"]


def synthetic_schema(n_inventories: int = 250, n_apis: int = 2000, seed: int = 7) -> Schema:
    """A deterministic schema with ``n_inventories`` inventories (40 fields, 2-5 relations each) and
    ``n_apis`` APIs (one Query per inventory, the rest with 8-40 parameters)."""
    rng = random.Random(seed)
    names = [a + b for a in WORDS_A for b in WORDS_B][:n_inventories]
    inventories = []
    for i, name in enumerate(names):
        fields = [Field("uuid", Type.STRING, description="resource uuid")]
        for j in range(39):
            base = FIELD_WORDS[j % len(FIELD_WORDS)]
            fname = base if j < len(FIELD_WORDS) else f"{base}{j}"
            refers = ""
            if j % 13 == 5:
                refers = names[rng.randrange(len(names))]
                fname = refers[0].lower() + refers[1:] + "Uuid"
            fields.append(Field(fname, TYPES[j % len(TYPES)], description=f"the {fname} of a {name}",
                                refers_to=refers))
        fields.append(Field("tags", Type.LIST))
        relations = []
        for k in range(rng.randint(2, 5)):
            target = names[rng.randrange(len(names))]
            relations.append(Relation(f"{target[0].lower()}{target[1:]}{'s' if k % 2 else ''}", target,
                                      "uuid", f"{name[0].lower()}{name[1:]}Uuid", many=bool(k % 2)))
        inventories.append(Inventory(name, f"a {name}", tuple(fields), tuple({r.name: r for r in relations}.values())))
    apis = []
    for i in range(n_apis):
        inv = names[i % len(names)]
        verb = VERBS[(i // len(names)) % len(VERBS)]
        if verb == "Query":
            apis.append(Api(f"Query{inv}", Family.ZSTACK, "GET", f"/{inv.lower()}", Action.QUERY, Reply.INVENTORIES,
                            inventory=inv, description=f"Query {inv} resources"))
            continue
        params = [Param("uuid", Type.STRING, Location.PATH, required=verb != "Create", refers_to=inv)]
        for j in range(rng.randint(8, 40)):
            base = FIELD_WORDS[(j * 7 + i) % len(FIELD_WORDS)]
            params.append(Param(f"{base}{j}" if j >= 20 else base, TYPES[j % len(TYPES)], Location.BODY,
                                required=j < 3, description=f"{base} of the {inv}",
                                choices=("Enabled", "Disabled") if j % 11 == 4 else ()))
        uniq = tuple({p.name: p for p in params}.values())
        apis.append(Api(f"{verb}{inv}", Family.ZSTACK, "PUT", f"/{inv.lower()}/{{uuid}}", Action.UPDATE,
                        Reply.INVENTORY, params=uniq, inventory=inv, description=f"{verb} a {inv}"))
    return Schema(apis=tuple(apis), inventories=tuple(inventories))


def real_lines() -> list[str]:
    return [
        "QueryModel name~=qwen limit=5",
        "QueryModel modelCenter.modelServices.modelServiceImages.dockerImage=x",
        "QueryModel fields=uuid,name,vendor,size sortBy=createDate sortDirection=desc",
        "AddModelService name=svc type=FineTune system=true modelCenterUuid=",
        "UpdateModel uuid=m1 gpuConstraintDescription=x",
    ]


def synthetic_lines(schema: Schema) -> list[str]:
    vm = schema.inventory("VmInstance")
    first = vm.relations[0]
    second = schema.inventory(first.target).relations[0]
    return [
        "QueryVmInstance name~=web state=Running limit=10",
        f"QueryVmInstance {first.name}.{second.name}.name=c1",
        "QueryVolumeSnapshot fields=uuid,name,size,status sortBy=createDate",
        "UpdateVmInstance uuid= state=Enabled description=x",
        "acinst",
    ]


def baseline(text: str, schema: Schema) -> list[str]:
    """zstack-cli's way over the same candidate lists: case-insensitive substring filter, no ranking."""
    index = index_for(schema)
    out: list[str] = []
    for s in analyze(scan(text), index, False):
        if isinstance(s, ApiNames):
            entries = index.apis()
        elif isinstance(s, Keys):
            entries = index.params(s.api) if s.inventory is None else index.keys(s.inventory, s.top)
        elif isinstance(s, Operators):
            entries = index.operators
        elif isinstance(s, Literals):
            out += [w for w, _ in s.words if s.needle.lower() in w.lower()]
            continue
        else:
            entries = index.field_names(s.fields_of) if s.fields_of is not None else []
        n = s.needle.lower()
        out += [e.text for e in entries if n in e.lower]
    return out


def keystroke_times(fn: Callable[[str], object], line: str, repeat: int) -> list[float]:
    """Milliseconds of ``fn(prefix)`` for every prefix of ``line``, ``repeat`` times."""
    times = []
    for _ in range(repeat):
        for cut in range(1, len(line) + 1):
            prefix = line[:cut]
            t0 = time.perf_counter()
            fn(prefix)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(label: str, schema: Schema, lines: list[str], repeat: int, seen: Optional[SeenValues]) -> list[float]:
    t0 = time.perf_counter()
    complete("", schema, seen)  # cold: builds the API list
    cold = (time.perf_counter() - t0) * 1000
    print(f"\n== {label}: {len(schema.apis)} APIs, {len(schema.inventories)} inventories "
          f"(cold first completion {cold:.2f} ms)")
    print(f"{'line':<72} {'p50':>7} {'p99':>7} {'base p50':>9} {'base p99':>9} {'ratio p99':>9}")
    every: list[float] = []
    every_base: list[float] = []
    for line in lines:
        complete(line, schema, seen)  # warm this line's lists, as the first keystrokes would
        ours = keystroke_times(lambda t: complete(t, schema, seen), line, repeat)
        base = keystroke_times(lambda t: baseline(t, schema), line, repeat)
        every += ours
        every_base += base
        shown = line if len(line) <= 70 else line[:67] + "..."
        print(f"{shown:<72} {pct(ours, 50):7.3f} {pct(ours, 99):7.3f} {pct(base, 50):9.3f} {pct(base, 99):9.3f} "
              f"{pct(ours, 99) / max(pct(base, 99), 1e-9):9.1f}x")
    print(f"{'all keystrokes':<72} {pct(every, 50):7.3f} {pct(every, 99):7.3f} {pct(every_base, 50):9.3f} "
          f"{pct(every_base, 99):9.3f} {pct(every, 99) / max(pct(every_base, 99), 1e-9):9.1f}x")
    print(f"(ms; {len(every)} samples; mean {statistics.fmean(every):.3f} ms, baseline mean "
          f"{statistics.fmean(every_base):.3f} ms)")
    return every


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="times each line is typed (default 20)")
    args = parser.parse_args()
    real = load()
    seen = SeenValues(real)
    seen.observe("ModelCenter", [{"uuid": f"{i:032x}", "name": f"center-{i}"} for i in range(50)])
    run("real schema", real, real_lines(), args.repeat, seen)
    synth = synthetic_schema()
    seen2 = SeenValues(synth)
    seen2.observe("VmInstance", [{"uuid": f"{i:032x}", "name": f"vm-{i}"} for i in range(500)])
    every = run("synthetic schema", synth, synthetic_lines(synth), args.repeat, seen2)
    worst = pct(every, 99)
    print(f"\nsynthetic p99 {worst:.3f} ms per keystroke (target < 5 ms): {'OK' if worst < 5 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
