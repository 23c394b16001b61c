"""The completer, driven as prompt_toolkit drives it: get_completions(Document(text, cursor), event)."""
from __future__ import annotations

import pytest
from prompt_toolkit.completion import CompleteEvent, ThreadedCompleter
from prompt_toolkit.document import Document

from zscli.completion.seen import SeenValues
from zscli.schema import load
from zscli.shell.completer import ZscliCompleter, make_completer

SCHEMA = load()
EVENT = CompleteEvent(completion_requested=True)


def _seen() -> SeenValues:
    seen = SeenValues(SCHEMA)
    seen.observe("ModelCenter", [{"uuid": "mc0000000000000000000000000000aa", "name": "center one"}])
    seen.observe("Model", [
        {"uuid": "m1111111111111111111111111111111", "name": "qwen 1.5 32B",
         "modelCenterUuid": "mc0000000000000000000000000000aa"},
        {"uuid": "m2222222222222222222222222222222", "name": "llama3-8b"},
    ])
    seen.observe("ModelService", [{"uuid": "s3333333333333333333333333333333", "name": "vllm"}])
    return seen


def comps(text: str, cursor: int | None = None, seen: SeenValues | None = None, builtins: bool = True):
    completer = ZscliCompleter(SCHEMA, lambda: seen, builtins=builtins)
    doc = Document(text, len(text) if cursor is None else cursor)
    return list(completer.get_completions(doc, EVENT))


def texts(text: str, **kw) -> list[str]:
    return [c.text for c in comps(text, **kw)]


def displays(text: str, **kw) -> list[str]:
    return [c.display_text for c in comps(text, **kw)]


def apply(text: str, completion) -> str:
    """The line after accepting ``completion`` with the cursor at the end."""
    return text[:len(text) + completion.start_position] + completion.text


# -- API names and built-ins ------------------------------------------------------------------------------
def test_api_names_prefix_first_then_fuzzy():
    got = texts("QueryMod")
    assert got[:2] == ["QueryModel", "QueryModelCenter"] and "QueryModelService" in got
    assert all(t.startswith("QueryMod") for t in got)  # prefix matches only: nothing fuzzier is mixed in
    assert "QueryModel" in texts("qmodel")  # case-insensitive subsequence
    assert "QueryModelService" in texts("qms")[:3]  # the initials of Query Model Service


def test_every_substring_match_of_zstack_cli_is_found():
    for api in SCHEMA.api_names:
        for i in range(len(api) - 2):
            needle = api[i:i + 3].lower()
            assert api in texts(needle, builtins=False), (needle, api)


def test_word_start_ranks_before_plain_substring():
    got = texts("Service")
    # ...Service at a word start: every *Service* API; none is offered before those
    assert all("service" in t.lower() for t in got)
    assert "AddModelService" in got
    first_plain = next((i for i, t in enumerate(got) if "Service" not in t), len(got))
    assert all("Service" not in t for t in got[first_plain:])


def test_builtins_only_when_asked_and_only_first_word():
    assert "history" in texts("hi")
    assert "history" not in texts("hi", builtins=False)
    assert texts("QueryModel hi") == [t for t in texts("QueryModel hi") if t != "history"]
    c = next(c for c in comps("he") if c.text == "help")
    assert c.display_meta_text


def test_help_takes_api_names_and_set_output_takes_formats():
    assert "QueryModelCenter" in texts("help QueryModelC")
    assert texts("set ") == ["output", "dry-run"]
    assert texts("set dry-run ") == ["on", "off"]
    assert {"table", "json", "yaml", "csv"} <= set(texts("set output "))


def test_cursor_in_the_middle_completes_the_text_before_it():
    line = "QueryMo limit=5"
    got = comps(line, cursor=7)
    assert got[0].text == "QueryModel" and got[0].start_position == -7


# -- parameters ----------------------------------------------------------------------------------------------
def test_params_required_first_with_type_meta():
    got = comps("AddModelService ")
    required = [p.name for p in SCHEMA.api("AddModelService").params if p.required]
    assert [c.text[:-1] for c in got[:len(required)]] == required
    first = got[0]
    assert first.text == "name=" and first.display_meta_text.startswith("[String, required]")
    optional = next(c for c in got if c.text == "requestCpu=")
    assert optional.display_meta_text.startswith("[Integer, required]")
    assert next(c for c in got if c.text == "system=").display_meta_text.startswith("[Boolean]")


def test_params_already_given_are_left_out():
    got = texts("AddModel name=x installPath=/p ")
    assert "name=" not in got and "installPath=" not in got and "modelCenterUuid=" in got


def test_param_fuzzy_and_substring():
    assert texts("UpdateModel gpucon")[0] == "gpuConstraintDescription="
    assert "defaultModelServiceUuid=" in texts("UpdateModel dmsu")


def test_allowed_values_and_booleans():
    assert texts("AddModelService type=") == ["type=Endpoint", "type=FineTune", "type=ModelEval", "type=App"]
    assert texts("AddModelService type=fine") == ["type=FineTune"]
    assert texts("DeleteModel deleteMode=") == ["deleteMode=Permissive", "deleteMode=Enforcing"]
    assert texts("AddModelService system=") == ["system=true", "system=false"]
    assert texts("AddModelService system=f") == ["system=false"]


def test_seen_uuids_for_uuid_and_refers_to_params():
    seen = _seen()
    got = comps("UpdateModel uuid=", seen=seen)
    assert [c.text for c in got] == ["uuid=m1111111111111111111111111111111", "uuid=m2222222222222222222222222222222"]
    assert got[0].display_meta_text == "qwen 1.5 32B"
    assert texts("AddModel modelCenterUuid=", seen=seen) == ["modelCenterUuid=mc0000000000000000000000000000aa"]
    assert texts("AddModel modelServiceUuids=x,", seen=seen) == ["modelServiceUuids=x,s3333333333333333333333333333333"]
    assert texts("UpdateModel uuid=", seen=None) == []


# -- query APIs -------------------------------------------------------------------------------------------
def test_query_model_tab_shows_all_fields_and_cross_table_names():
    got = texts("QueryModel ")
    inv = SCHEMA.inventory("Model")
    for f in inv.primitive_fields:
        assert f"{f.name}=" in got
    for r in inv.relations:
        assert f"{r.name}." in got
    assert "__systemTag__=" in got and "__userTag__=" in got
    for option in ("fields=", "limit=", "start=", "count=", "replyWithCount=", "sortBy=", "sortDirection=", "groupBy="):
        assert option in got
    assert "recommendedGpuNum=" not in got  # a List is not queryable


def test_query_options_given_are_left_out_but_fields_repeat():
    got = texts("QueryModel limit=5 size>1 ")
    assert "limit=" not in got and "size=" in got


def test_relation_fields_at_any_depth():
    got = comps("QueryModel modelCenter.")
    assert "modelCenter.name=" in [c.text for c in got]
    assert "modelCenter.models." in [c.text for c in got]
    assert next(c for c in got if c.text == "modelCenter.name=").display_text == "name="
    deep = texts("QueryModel modelCenter.modelServices.modelServiceImages.dock")
    assert deep == ["modelCenter.modelServices.modelServiceImages.dockerImage="]
    assert texts("QueryModel nosuch.") == []
    assert "__systemTag__=" not in texts("QueryModel modelCenter.")


def test_operators_after_a_field_name():
    got = comps("QueryModel size")
    ops = [c.display_text for c in got if c.text.startswith("size") and c.display_text != "size="]
    from zscli.call import OPERATORS

    assert ops[:12] == [op.value for op, _ in OPERATORS]  # all twelve, in the shared vocabulary's order
    assert all(c.display_meta_text for c in got[:12])
    assert texts("QueryModel name!~") == ["name!~="]
    assert sorted(texts("QueryModel name!")) == sorted(["name!=", "name!?=", "name!~=", "name!=null"])
    assert "modelCenter.name~=" in texts("QueryModel modelCenter.name")


def test_fields_option_lists_primitive_fields_not_yet_listed():
    got = texts("QueryModel fields=uuid,name,")
    assert "fields=uuid,name,vendor" in got
    assert not any(t.endswith(",uuid") or t.endswith(",name") for t in got)
    assert "fields=uuid,name,recommendedGpuNum" not in got
    assert texts("QueryModel fields=uuid,ven")[0] == "fields=uuid,vendor"


def test_sort_options_and_count():
    assert "sortBy=createDate" in texts("QueryModel sortBy=")
    assert texts("QueryModel sortBy=lastop") == ["sortBy=lastOpDate"]
    assert texts("QueryModel sortDirection=") == ["sortDirection=asc", "sortDirection=desc"]
    assert texts("QueryModel replyWithCount=t") == ["replyWithCount=true"]
    assert "groupBy=vendor" in texts("QueryModel groupBy=v")


def test_query_values_booleans_uuids_names_and_null():
    seen = _seen()
    assert texts("QueryModel isLatestVersion=")[:2] == ["isLatestVersion=true", "isLatestVersion=false"]
    assert texts("QueryModel uuid=m1", seen=seen) == ["uuid=m1111111111111111111111111111111"]
    assert texts("QueryModel modelCenterUuid=", seen=seen)[0] == "modelCenterUuid=mc0000000000000000000000000000aa"
    assert texts("QueryModel modelCenter.uuid=", seen=seen)[0] == "modelCenter.uuid=mc0000000000000000000000000000aa"
    assert texts("QueryModel uuid?=m1111111111111111111111111111111,", seen=seen) == [
        "uuid?=m1111111111111111111111111111111,m2222222222222222222222222222222"]
    assert texts("QueryModel name=qw", seen=seen) == ['name="qwen 1.5 32B"']  # quoted: it has spaces
    assert texts("QueryModel name=nu") == ["name=null"]


def test_quoted_partial_word_is_replaced_whole():
    seen = _seen()
    line = 'QueryModel name="qw'
    got = comps(line, seen=seen)
    assert apply(line, got[0]) == 'QueryModel name="qwen 1.5 32B"'


def test_nothing_in_comments_unknown_apis_or_free_values():
    assert texts("QueryModel # na") == []
    assert texts("NoSuchApi na") == []
    assert texts("AddModel description=") == []
    assert texts("QueryModel limit=") == []


def test_completer_swallows_internal_errors():
    class Broken:
        def api(self, name):
            raise RuntimeError("boom")

    completer = ZscliCompleter(Broken(), lambda: None)  # type: ignore[arg-type]
    assert list(completer.get_completions(Document("QueryModel na"), EVENT)) == []


def test_shell_completer_is_threaded():
    completer = make_completer(SCHEMA, lambda: None)
    assert isinstance(completer, ThreadedCompleter)
    assert [c.text for c in completer.get_completions(Document("QueryModelCe"), EVENT)][0] == "QueryModelCenter"


@pytest.mark.parametrize("line", ["", "Q", "QueryModel ", "QueryModel name=", "AddModel ", "help ", "set output "])
def test_every_completion_replaces_the_word_being_typed(line):
    for c in comps(line, seen=_seen()):
        assert -len(line) <= c.start_position <= 0
        assert apply(line, c).startswith(line[:len(line) + c.start_position])


def test_seen_uuids_through_a_relation_path():
    seen = SeenValues(SCHEMA)
    seen.observe("ModelService", [{"uuid": "s3333333333333333333333333333333", "name": "vllm"}])
    got = comps("QueryModel modelServiceRefs.modelServiceUuid=", seen=seen)
    assert got[0].text == "modelServiceRefs.modelServiceUuid=s3333333333333333333333333333333"
    assert got[0].display_meta_text == "vllm"
    assert texts("QueryModel modelServiceRefs.modelServiceUuid=s3", seen=seen) == [
        "modelServiceRefs.modelServiceUuid=s3333333333333333333333333333333"]


# -- fuzzy matching keeps every zstack-cli (substring) match ----------------------------------------------------
def _fragments(names: list[str]) -> set[str]:
    """Every 2- and 4-character piece of every name, in the case a person might type it."""
    out: set[str] = set()
    for name in names:
        for size in (2, 4):
            for i in range(0, max(len(name) - size + 1, 0)):
                piece = name[i:i + size]
                out.update({piece, piece.lower()})
    return out


def _check_substring_superset(schema, line: str, names: list[str], shown) -> int:
    """For each fragment, every name containing it (case-insensitively) is among the candidates."""
    completer = ZscliCompleter(schema, lambda: None, builtins=False)
    checked = 0
    for frag in sorted(_fragments(names)):
        got = {shown(c) for c in completer.get_completions(Document(line + frag), EVENT)}
        expected = {n for n in names if frag.lower() in n.lower() and n != frag}  # a word typed whole is done
        assert expected <= got, (line, frag, sorted(expected - got))
        checked += 1
    return checked


SAMPLED_APIS = [n for n in SCHEMA.api_names if "Model" in n or n in (
    "QueryVmInstance", "QueryHost", "QueryL3Network", "CreateVmInstance", "StartVmInstance", "QueryZone",
    "QueryVolume", "AttachL3NetworkToVm", "QueryImage", "QueryVmInstanceMdevDeviceSpecRef")]


def test_substring_matches_all_found_for_params_fields_and_relations():
    checked = 0
    for api in (SCHEMA.api(n) for n in SAMPLED_APIS):
        if api.is_query and api.inventory:
            inv = SCHEMA.inventory(api.inventory)
            names = [f.name for f in inv.primitive_fields] + [r.name for r in inv.relations]
            checked += _check_substring_superset(SCHEMA, api.name + " ", names, lambda c: c.text.rstrip("=."))
        elif api.params:
            names = [p.name for p in api.params]
            checked += _check_substring_superset(SCHEMA, api.name + " ", names, lambda c: c.text.rstrip("="))
    inv = SCHEMA.inventory("ModelCenter")
    checked += _check_substring_superset(SCHEMA, "QueryModel modelCenter.", [f.name for f in inv.primitive_fields],
                                         lambda c: c.text.rstrip("=.").rsplit(".", 1)[-1])
    checked += _check_substring_superset(SCHEMA, "QueryModel fields=uuid,", [f.name for f in SCHEMA.inventory(
        "Model").primitive_fields if f.name != "uuid"], lambda c: c.text.rsplit(",", 1)[1])
    assert checked > 1000


def test_substring_matches_all_found_on_the_synthetic_2000_api_schema():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_completion.py"
    spec = importlib.util.spec_from_file_location("bench_completion", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    synth = bench.synthetic_schema()
    assert len(synth.apis) == 2000 and len(synth.inventories) == 250
    completer = ZscliCompleter(synth, lambda: None, builtins=False)
    names = list(synth.api_names)
    for frag in ("vm", "Inst", "snap", "ERVI", "ncer", "tachV", "ule", "pg"):
        got = {c.text for c in completer.get_completions(Document(frag), EVENT)}
        assert {n for n in names if frag.lower() in n.lower()} <= got, frag


def test_ranking_prefix_then_word_start_then_initials_then_substring_then_subsequence():
    from zscli.completion.kinds import CandidateKind
    from zscli.completion.matching import Entry, rank

    def order(needle: str, names: list[str]) -> list[str]:
        return [e.match for e in rank(needle, [Entry(n, n, n, "", CandidateKind.FIELD) for n in names])]

    names = ["xModelServiceRef", "serviceName", "modelServiceUuid", "observer", "sAbEcR", "sXeXXr"]
    # prefix; word starts (the earlier start first); initials (s-E-R); plain substring; the subsequence-only
    # sXeXXr is left out because better matches exist
    assert order("ser", names) == ["serviceName", "modelServiceUuid", "xModelServiceRef", "sAbEcR", "observer"]
    assert order("SER", names) == order("ser", names)  # any case
    # when nothing matches better, subsequences are offered, tightest first
    assert order("ser", ["sXeXXr", "sXXXeXXXXr"]) == ["sXeXXr", "sXXXeXXXXr"]
    assert order("zz", names) == []


def test_initials_find_an_api_among_two_thousand():
    assert texts("qvi")[0] == "QueryVmInstance"
    assert "QueryModelService" in texts("qms")[:3]


def test_fuzzy_tier_finds_the_same_spans_as_a_lazy_regex_without_backtracking():
    import random
    import re

    from zscli.completion.matching import subsequence_pattern

    rng = random.Random(5)
    for _ in range(3000):
        needle = "".join(rng.choice("ab0.-") for _ in range(rng.randint(1, 5)))
        value = "".join(rng.choice("ab0.-c") for _ in range(rng.randint(0, 12)))
        lazy = re.compile(".*?".join(map(re.escape, needle))).search(value)
        ours = subsequence_pattern(needle).search(value)
        assert (lazy and lazy.span()) == (ours and ours.span()), (needle, value)
    # a long needle of repeated characters that almost matches: the lazy regex never returned from this
    assert subsequence_pattern("0" * 29 + "1f").search("0" * 32) is None
