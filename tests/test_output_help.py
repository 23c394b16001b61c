"""help_text: the overview and per-API help built from the schema."""
from __future__ import annotations

import re

import pytest

from zscli.errors import UsageError
from zscli.output import help_text
from zscli.schema import load

SCHEMA = load()
BUILTINS = (("help [API]", "show help"), ("more N", "page an earlier result"), ("exit", "leave the shell"))


def param_line(text: str, name: str) -> str:
    return next(ln for ln in text.splitlines() if ln.split() and ln.split()[0] == name)


def test_overview_lists_groups_per_family_with_builtins():
    text = help_text(SCHEMA, builtins=BUILTINS, width=200)
    zstack, modelarts = text.index("ZStack APIs"), text.index("ModelArts APIs")
    assert zstack < text.index("  ai (") < text.index("  vm-instances (") < modelarts < text.index("ListModelVersions")
    assert re.search(r"^ZStack APIs .*: 1,9\d\d APIs in \d+ groups$", text, re.M)
    vm = next(line for line in text.splitlines() if line.startswith("  vm-instances ("))
    assert "QueryVmInstance" in vm and re.search(r"\(\+\d+ more\)$", vm)  # a few names, then how many more
    assert "Shell commands:" in text and re.search(r"^  more N\s+page an earlier result$", text, re.M)
    assert "Shell commands" not in help_text(SCHEMA)
    assert len(text.splitlines()) < 220  # groups, not 1,957 lines
    assert "\x1b" not in text


def test_group_help_lists_its_apis_and_search_finds_parameters_and_descriptions():
    group = help_text(SCHEMA, ["vm-instances"], width=200)
    assert group.startswith("vm-instances: ") and re.search(r"^  StartVmInstance\s+\[async\]", group, re.M)
    assert help_text(SCHEMA, "VM-Instances", width=200) == group  # any case
    found = help_text(SCHEMA, ["-k", "gpuConstraint"], width=200)  # a parameter name of the seed APIs
    assert re.search(r"^  UpdateModel\s+ai\s+\[async\] Change", found, re.M)
    assert "AddModel " in found and "QueryVmInstance" not in found
    assert "no API mentions" in help_text(SCHEMA, ["-k", "zzzqqq"])
    for bad in (["-k"], ["-k", "a", "b"], ["QueryModel", "extra"]):
        with pytest.raises(UsageError, match="usage: help"):
            help_text(SCHEMA, bad)


def test_query_model_help():
    text = help_text(SCHEMA, "QueryModel", width=200)
    assert "GET /zstack/v1/ai/models\n" in text and "GET /zstack/v1/ai/models/{uuid}" in text
    assert "since 5.1.8" in text and "synchronous" in text
    assert re.search(r"^  SAMPLE_SIZE\s+Integer\s", text, re.M)
    assert re.search(r"^  createDate\s+Timestamp\s", text, re.M)
    assert re.search(r"^  modelServiceRefs\.\s+→ ModelServiceRef", text, re.M)
    assert re.search(r"^  modelCenter\.\s+→ ModelCenter", text, re.M)
    for option in ("fields=", "limit=", "start=", "count=", "replyWithCount=", "sortBy=", "sortDirection=",
                   "groupBy=", "__systemTag__", "__userTag__"):
        assert f"  {option}" in text
    for op in ("!=", ">=", "?=", "!?=", "~=", "!~=", "=null", "!=null"):
        assert re.search(rf"^  {re.escape(op)}\s+\w", text, re.M)
    assert "  QueryModel name~=%qwen% limit=10 sortBy=createDate sortDirection=desc" in text
    assert "recommendedGpuNum" not in text.split("Relations")[0]  # a List is not a query field


def test_update_model_help():
    text = help_text(SCHEMA, "UpdateModel", width=200)
    assert "PUT /zstack/v1/ai/models/{uuid}" in text and "asynchronous" in text
    assert param_line(text, "uuid").split()[:4] == ["uuid", "String", "yes", "5.1.8"]
    assert param_line(text, "vendor").split()[:4] == ["vendor", "String", "no", "5.5.6"]
    assert "max 512 chars" in param_line(text, "gpuConstraintDescription")
    assert param_line(text, "clearDefaultModelService").split()[:4] == [
        "clearDefaultModelService", "Boolean", "no", "5.5.22"]
    names = [ln.split()[0] for ln in text.split("Parameters")[1].split("Example")[0].splitlines()[2:] if ln.strip()]
    assert names[0] == "uuid" and "systemTags" in names
    assert "  UpdateModel uuid=<uuid> name=<String>" in text
    assert "Query options" not in text


def test_clone_model_service_help():
    text = help_text(SCHEMA, "CloneModelService", width=200)
    assert "POST /zstack/v1/ai/model-services/{uuid}" in text and "since 5.3.20" in text
    assert "Endpoint|FineTune|App|ModelEval" in param_line(text, "type")
    assert "Other|Bentoml|HuggingFace" in param_line(text, "source")
    assert ">= 1" in param_line(text, "requestCpu")
    assert "  CloneModelService uuid=<uuid> name=<String>" in text


@pytest.mark.parametrize("width", [80, 100, 120])
def test_help_fits_the_terminal_width(width):
    for name in (None, "AddModelService", "CloneModelService", "QueryModel", "ListModelVersions"):
        text = help_text(SCHEMA, name, builtins=BUILTINS, width=width)
        assert all(len(line) <= width for line in text.splitlines()), name
    narrow = help_text(SCHEMA, "CloneModelService", width=80)
    assert "\n      Service type\n" in narrow  # too narrow: the description goes under its row
    assert "Endpoint|FineTune|App|" in param_line(narrow, "type")
    example = narrow.split("Example:\n")[1]
    assert example.startswith("  CloneModelService uuid=<uuid>")
    long_example = help_text(SCHEMA, "AddModelService", width=80).split("Example:\n")[1].splitlines()
    assert len(long_example) > 1 and all(line.endswith(" \\") for line in long_example[:-1])
    assert " ".join(ln.rstrip(" \\").strip() for ln in long_example).startswith(
        "AddModelService name=<String> yaml=<String>")


def test_list_model_versions_help():
    text = help_text(SCHEMA, "ListModelVersions", width=200)
    assert "GET {endpoint}/v1/workspaces/{workspace_id}/models/{model_id}/versions" in text
    assert "X-Auth-Token" in text
    assert "1..100, default 10" in param_line(text, "limit")
    assert ">= 0, default 0" in param_line(text, "offset")
    names = [ln.split()[0] for ln in text.split("Parameters")[1].split("Example")[0].splitlines()[2:] if ln.strip()]
    assert names[:2] == ["workspace_id", "model_id"]
    assert "  ListModelVersions workspace_id=<String> model_id=<String> name=<String>" in text


def test_secret_params_stay_out_of_examples():
    text = help_text(SCHEMA, "LogInByAccount", width=200)
    assert "secret" in param_line(text, "password")
    example = text.split("Example:")[1]
    assert "  LogInByAccount accountName=<String>" in example and "password" not in example


def test_lookup_is_case_insensitive_and_unknown_names_suggest():
    assert help_text(SCHEMA, "querymodel") == help_text(SCHEMA, "QueryModel")
    with pytest.raises(UsageError) as info:
        help_text(SCHEMA, "QueryModle")
    assert "did you mean 'QueryModel'" in info.value.hint
    with pytest.raises(UsageError) as info:
        help_text(SCHEMA, "zzzz")
    assert "help" in info.value.hint


def test_wrapped_columns_keep_every_word_on_the_continuation_lines():
    from zscli.output.help import _columns

    text = "one two three four five six seven eight nine ten eleven twelve thirteen"
    lines = _columns([("NAME", "DESC"), ("alpha", text)], width=40)
    assert " ".join(" ".join(line.split()) for line in lines[1:]).replace("alpha ", "") == text
