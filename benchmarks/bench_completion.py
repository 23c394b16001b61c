"""Per-keystroke completion time as the shell pays it: the shell's prompt_toolkit completer (``ZscliCompleter``,
producing ``Completion`` objects) on the real schema and on a synthetic one of 2,000 APIs / 500 inventories
(the size of the whole ZStack API), with 500 remembered uuids.

Run: ``python benchmarks/bench_completion.py [--repeat N] [--cold]``. For each typical line, every prefix of it is
completed (one completion per keystroke, as the shell does with complete-while-typing) N times; p50 and
p99 of those per-keystroke times (milliseconds of CPU time of the completing thread, so that other
processes on a shared machine do not decide the p99) are printed. The baseline, measured in the same run over
the same candidates, is zstack-cli's way: plain case-insensitive substring filtering with no ranking,
also producing ``Completion`` objects. The first completion after start-up (building the cached candidate
lists) is reported apart as "cold". ``run.py`` uses :func:`measure_schema` for its table.

The cold first Tab (``--cold``, and :func:`cold_first_tab`) is measured in fresh processes, as a user meets it
when the shell's warm-up thread has not run: each child imports the shell's completer, loads the schema, builds
the completer as the shell does, then times its very first completion (an empty line, or one letter). Its
baseline, in children alternating with ours, is a plain case-insensitive substring filter over the same names
making ``Completion`` objects, also as the first thing the process does after loading the schema.
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from collections.abc import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from prompt_toolkit.completion import CompleteEvent, Completion  # noqa: E402
from prompt_toolkit.document import Document  # noqa: E402

from zscli.completion.context import ApiNames, Keys, Literals, Operators, analyze  # noqa: E402
from zscli.completion.index import index_for  # noqa: E402
from zscli.language.lexer import scan  # noqa: E402
from zscli.completion.seen import SeenValues  # noqa: E402
from zscli.shell.completer import ZscliCompleter  # noqa: E402
from zscli.schema import load  # noqa: E402
from zscli.schema.types import (Action, Api, Family, Field, Inventory, Location, Param, Relation,  # noqa: E402
                                Reply, Schema, Type)

WORDS_A = ["Vm", "Host", "Cluster", "Zone", "Volume", "Image", "Network", "Security", "Load", "Backup", "Primary",
           "Model", "Gpu", "Account", "User", "Policy", "Scheduler", "Vip", "Eip", "Port"]
WORDS_B = ["Instance", "Group", "Offering", "Storage", "Snapshot", "Balancer", "Rule", "Service", "Center",
           "Template", "Forwarding", "Tag", "Job", "Ref"]
WORDS_C = ["Policy", "Attachment", "Metric", "Event"]  # a third word once the two-word names run out
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
    two = [a + b for a in WORDS_A for b in WORDS_B]
    names = (two + [n + c for c in WORDS_C for n in two])[:n_inventories]
    inventories = []
    for name in names:
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
    assert vm is not None
    first = vm.relations[0]
    target = schema.inventory(first.target)
    assert target is not None
    second = target.relations[0]
    return [
        "QueryVmInstance name~=web state=Running limit=10",
        f"QueryVmInstance {first.name}.{second.name}.name=c1",
        "QueryVolumeSnapshot fields=uuid,name,size,status sortBy=createDate",
        "UpdateVmInstance uuid= state=Enabled description=x",
        "acinst",
    ]


def baseline(text: str, schema: Schema, seen: SeenValues | None = None) -> list[Completion]:
    """zstack-cli's way over the same candidate lists: case-insensitive substring filter, no ranking, as
    prompt_toolkit ``Completion`` objects (remembered values included)."""
    index = index_for(schema)
    scanned = scan(text)
    start = scanned.partial.start - len(text)
    texts: list[str] = []
    for s in analyze(scanned, index, False):
        n = s.needle.lower()
        if isinstance(s, ApiNames):
            entries = index.apis()
        elif isinstance(s, Keys):
            entries = index.params(s.api) if s.inventory is None else index.keys(s.inventory, s.top)
        elif isinstance(s, Operators):
            entries = index.operators
        elif isinstance(s, Literals):
            texts += [w for w, _ in s.words if n in w.lower()]
            continue
        else:
            entries = index.field_names(s.fields_of) if s.fields_of is not None else []
            if seen is not None and s.uuids_of:
                texts += [v for v, _ in seen.values(s.uuids_of) if n in v.lower()]
        texts += [e.text for e in entries if n in e.lower]
    return [Completion(t, start) for t in texts]


def shell_completions(completer: ZscliCompleter, text: str) -> list[Completion]:
    """What the shell's menu gets for ``text`` typed (complete-while-typing), as a list."""
    return list(completer.get_completions(Document(text), CompleteEvent(text_inserted=True)))


CLOCK = time.thread_time  # CPU time of this thread: on a shared machine, wall-time p99 measures the scheduler


def keystroke_times(fn: Callable[[str], object], line: str, repeat: int, first: int = 1) -> list[float]:
    """Milliseconds (CPU time of this thread) of ``fn(prefix)`` for every prefix of ``line`` from length ``first``,
    ``repeat`` times."""
    times = []
    for _ in range(repeat):
        for cut in range(first, len(line) + 1):
            prefix = line[:cut]
            t0 = CLOCK()
            fn(prefix)
            times.append((CLOCK() - t0) * 1000)
    return times


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def fake_uuids(n: int = 500, seed: int = 11) -> list[str]:
    """``n`` deterministic random 32-hex-digit uuids, as ZStack makes them."""
    rng = random.Random(seed)
    return [f"{rng.getrandbits(128):032x}" for _ in range(n)]


def remembered(schema: Schema, inventory: str, n: int = 500) -> SeenValues:
    """``n`` uuids (with names) of ``inventory`` remembered, as after a few queries in the shell."""
    seen = SeenValues(schema)
    seen.observe(inventory, [{"uuid": u, "name": f"{inventory.lower()}-{i}"} for i, u in enumerate(fake_uuids(n))])
    return seen


def uuid_lines(schema: Schema) -> list[tuple[str, int]]:
    """Lines that type a value after ``uuid=`` (with where the value starts): a remembered uuid, typed in full."""
    one = fake_uuids()[123]
    return [(f"UpdateVmInstance uuid={one}", len("UpdateVmInstance uuid=")),
            (f"QueryVmInstance uuid={one[:12]}", len("QueryVmInstance uuid="))]


def measure_schema(schema: Schema, lines: list[str], repeat: int, seen: SeenValues | None,
                   label: str = "", verbose: bool = True) -> dict[str, float]:
    """Per-keystroke times (ms) of the shell's completer and of the baseline on ``lines`` (every prefix) and
    on the ``uuid=`` value lines; returns p50/p99 of each, and the cold first completion."""
    completer = ZscliCompleter(schema, lambda: seen, builtins=True)
    t0 = CLOCK()
    shell_completions(completer, "")  # cold: builds the API list, as the first Tab on an empty line
    cold = (CLOCK() - t0) * 1000
    if verbose:
        print(f"\n== {label}: {len(schema.api_names)} APIs (first completion in this process {cold:.2f} ms)")
        print(f"{'line':<60} {'p50':>7} {'p99':>7} {'base p50':>9} {'base p99':>9} {'ratio p99':>9}")
    every: list[float] = []
    every_base: list[float] = []
    values: list[float] = []
    values_base: list[float] = []
    todo = [(line, 1, False) for line in lines] + [(line, first, True) for line, first in uuid_lines(schema)]
    for line, first, is_value in todo:
        shell_completions(completer, line)  # warm this line's lists, as the first keystrokes would
        ours = keystroke_times(lambda t: shell_completions(completer, t), line, repeat, first)
        base = keystroke_times(lambda t: baseline(t, schema, seen), line, repeat, first)
        every += ours
        every_base += base
        if is_value:
            values += ours
            values_base += base
        if verbose:
            shown = line if len(line) <= 58 else line[:55] + "..."
            print(f"{shown:<60} {pct(ours, 50):7.3f} {pct(ours, 99):7.3f} {pct(base, 50):9.3f} "
                  f"{pct(base, 99):9.3f} {pct(ours, 99) / max(pct(base, 99), 1e-9):9.1f}x")
    found = {"cold": cold, "p50": pct(every, 50), "p99": pct(every, 99), "base_p50": pct(every_base, 50),
             "base_p99": pct(every_base, 99), "value_p99": pct(values, 99), "value_base_p99": pct(values_base, 99),
             "samples": len(every)}
    if verbose:
        print(f"{'all keystrokes':<60} {found['p50']:7.3f} {found['p99']:7.3f} {found['base_p50']:9.3f} "
              f"{found['base_p99']:9.3f} {found['p99'] / max(found['base_p99'], 1e-9):9.1f}x")
        print(f"(ms; {len(every)} samples; mean {statistics.fmean(every):.3f} ms; after uuid= p99 "
              f"{found['value_p99']:.3f} ms, baseline {found['value_base_p99']:.3f} ms)")
    return found


COLD_TEXTS = ("", "a")  # the first Tab on an empty line; the first letter typed (the commonest letter of API names)


def cold_probe(which: str, text: str) -> float:
    """In this (fresh) process: milliseconds of CPU time of the very first completion of ``text`` over the
    full-size schema, by the shell's completer (``which == "ours"``) or by the plain-filter baseline. Both start
    from a collected heap, so that a garbage collection owed by the start-up does not land in one of them."""
    import gc

    from zscli.completion.index import BUILTINS

    schema = full_size_schema()
    document, event = Document(text), CompleteEvent(completion_requested=True)
    completer = ZscliCompleter(schema, lambda: None, builtins=True)
    gc.collect()
    if which == "ours":
        t0 = CLOCK()
        found = list(completer.get_completions(document, event))
    else:
        t0 = CLOCK()
        needle, start = text.lower(), -len(text)
        names = [*schema.api_names, *(name for name, _ in BUILTINS)]
        found = [Completion(name, start) for name in names if needle in name.lower()]
    elapsed = (CLOCK() - t0) * 1000
    assert found, text
    return elapsed


def cold_first_tab(text: str, runs: int = 7) -> tuple[float, float]:
    """Medians (ms CPU) of the first completion of ``text`` in ``runs`` fresh processes each: ours and the
    plain-filter baseline, run in turn."""
    ours: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        for which, into in (("ours", ours), ("base", base)):
            out = subprocess.run([sys.executable, __file__, "--cold-probe", which, text], check=True,
                                 capture_output=True, text=True).stdout
            into.append(float(out.split()[-1]))
    return statistics.median(ours), statistics.median(base)


def full_size_schema() -> Schema:
    """The packaged schema when it is the whole ZStack API (has QueryVmInstance), else the synthetic one of the
    same size (2,000 APIs, 500 inventories)."""
    real = load()
    if real.api("QueryVmInstance") is not None and real.inventory("VmInstance") is not None:
        return real
    return synthetic_schema(n_inventories=500)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="times each line is typed (default 20)")
    parser.add_argument("--cold", action="store_true", help="only the cold first Tab, in fresh processes")
    parser.add_argument("--cold-probe", nargs=2, metavar=("ours|base", "TEXT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_probe:
        print(f"{cold_probe(*args.cold_probe):.4f}")
        return 0
    if args.cold:
        _print_cold()
        return 0
    real = load()
    seen = remembered(real, "ModelCenter", 50)
    measure_schema(real, real_lines(), args.repeat, None if real.api("UpdateVmInstance") is None else seen,
                   "packaged schema")
    big = full_size_schema()
    found = measure_schema(big, synthetic_lines(big), args.repeat, remembered(big, "VmInstance"),
                           "full-size schema, 500 remembered VmInstance uuids")
    print(f"\np99 {found['p99']:.3f} ms per keystroke, after uuid= {found['value_p99']:.3f} ms (target < 2 ms): "
          f"{'OK' if max(found['p99'], found['value_p99']) < 2 else 'OVER'}")
    _print_cold()
    return 0


def _print_cold() -> None:
    for text in COLD_TEXTS:
        ours, base = cold_first_tab(text)
        print(f"cold first completion of {text!r} (fresh processes): {ours:.2f} ms, plain filter {base:.2f} ms, "
              f"{ours / base:.1f}x (target < 5 ms: {'OK' if ours < 5 else 'OVER'})")


if __name__ == "__main__":
    sys.exit(main())
