"""SeenValues: what the shell remembers from replies for value completion."""
from __future__ import annotations

import threading

from zscli.completion.engine import complete
from zscli.completion.seen import SeenValues
from zscli.schema import load

SCHEMA = load()


def test_most_recent_first_and_names_kept():
    seen = SeenValues(SCHEMA)
    seen.observe("Model", [{"uuid": "a", "name": "first"}, {"uuid": "b", "name": "second"}])
    seen.observe("Model", [{"uuid": "a"}])  # seen again, without a name: the name is kept
    assert seen.values("Model") == [("a", "first"), ("b", "second")]
    assert seen.names("Model") == ["first", "second"]
    assert seen.values("ModelCenter") == []


def test_refers_to_fields_and_nested_relations_are_remembered():
    seen = SeenValues(SCHEMA)
    seen.observe("Model", [{"uuid": "m", "name": "x", "modelCenterUuid": "mc",
                            "modelServiceRefs": [{"uuid": "ref", "modelUuid": "m", "modelServiceUuid": "svc"}]}])
    assert ("mc", "") in seen.values("ModelCenter")
    assert [v for v, _ in seen.values("ModelServiceRef")] == ["ref"]
    assert [v for v, _ in seen.values("ModelService")] == ["svc"]


def test_inventory_key_other_than_uuid():
    seen = SeenValues(SCHEMA)
    seen.observe("ModelVersion", [{"id": "v1", "name": "first"}, {"uuid": "ignored"}])
    assert seen.values("ModelVersion") == [("v1", "first")]


def test_bad_input_is_ignored():
    seen = SeenValues(SCHEMA)
    seen.observe("Model", [None, "text", {"uuid": 5}, {"uuid": ""}])  # type: ignore[list-item]
    seen.observe("", [{"uuid": "x"}])
    seen.observe("Model", None)  # type: ignore[arg-type]
    assert seen.values("Model") == [] and seen.values("") == []


def test_bounded_memory():
    seen = SeenValues(SCHEMA, limit=3)
    seen.observe("Model", [{"uuid": str(i)} for i in range(10)])
    assert [v for v, _ in seen.values("Model")] == ["0", "1", "2"]  # the reply's first records are newest


def test_concurrent_observe_and_complete():
    seen = SeenValues(SCHEMA)
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        for i in range(200):
            seen.observe("Model", [{"uuid": f"u{k}-{i}", "name": f"n{k}-{i}"}])

    def reader() -> None:
        try:
            for _ in range(200):
                complete("QueryModel uuid=u", SCHEMA, seen)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(3)] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(seen.values("Model")) == 500  # the default bound


def test_engine_has_no_prompt_toolkit_or_rich_dependency():
    import subprocess
    import sys

    code = ("import sys; from zscli.completion.engine import complete; from zscli.schema import load; "
            "complete('QueryModel na', load()); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('prompt_toolkit', 'rich')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_completion_entries_of_seen_values_are_cached_until_a_reply_changes_them():
    seen = SeenValues()
    seen.observe("Model", [{"uuid": "a" * 32, "name": "first"}])
    entries = seen.value_entries("Model")
    assert [e.match for e in entries] == ["a" * 32] and seen.value_entries("Model") is entries
    assert [e.match for e in seen.name_entries("Model")] == ["first"]
    seen.observe("Model", [{"uuid": "b" * 32, "name": "second"}])
    assert [e.match for e in seen.value_entries("Model")] == ["b" * 32, "a" * 32]
    assert [e.match for e in seen.name_entries("Model")] == ["second", "first"]
    seen.clear()
    assert seen.value_entries("Model") == [] and seen.name_entries("Model") == []


def test_zstack_uuid_parameters_complete_from_the_resources_seen():
    # the SDK names no references: the catalogue infers them from ZStack's names (hostUuid -> Host...)
    seen = SeenValues(SCHEMA)
    seen.observe("Host", [{"uuid": "c3d2host", "name": "host-1"}])
    seen.observe("L3Network", [{"uuid": "f6a5l3", "name": "public-net"}])
    seen.observe("VmInstance", [{"uuid": "e1f0vm", "name": "web-1", "hostUuid": "c3d2host"}])
    def texts(line: str) -> list[str]:
        return [c.text.rpartition("=")[2] for c in complete(line, SCHEMA, seen)]

    assert texts("StartVmInstance uuid=e1f0vm hostUuid=") == ["c3d2host"]
    assert texts("CreateVmInstance defaultL3NetworkUuid=f") == ["f6a5l3"]
    assert texts("CreateVmInstance l3NetworkUuids=") == ["f6a5l3"]
    assert "c3d2host" in texts("QueryVmInstance lastHostUuid=")
    assert texts("StopVmInstance uuid=") == ["e1f0vm"]


def test_references_are_inferred_from_zstack_names_only_where_an_inventory_fits():
    from zscli.schema.build import referred_inventory

    known = {"Host", "L3Network", "VmInstance", "Volume", "Resource"}
    assert [referred_inventory(n, known) for n in ("hostUuid", "l3NetworkUuids", "defaultL3NetworkUuid",
                                                   "lastHostUuid", "vmUuid", "rootVolumeUuid")] == [
        "Host", "L3Network", "L3Network", "Host", "VmInstance", "Volume"]
    assert [referred_inventory(n, known) for n in ("resourceUuid", "uuid", "fooUuid", "hostname")] == [""] * 4
