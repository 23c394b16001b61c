"""zscli.sdk in-process against the simulator: lazy classes, the CLI's validation and errors, results, clients,
async polling options, server-version warnings, help text, examples and the generated stub."""
from __future__ import annotations

import ast
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import zscli.sdk as sdk
from zscli.errors import AuthError, ExitCode, TransportError, UsageError
from zscli.language import parser
from zscli.schema import load
from zscli.sdk import Client, GetVersionAction, QueryModelAction, UpdateModelAction
from zscli.sdk.result import ApiError
from zscli.sim import IDS, Simulator

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def client(fresh_sim, state_dir):
    with Client(host="127.0.0.1", port=fresh_sim.port, account="admin", password="password") as c:
        yield c


def test_import_is_cheap_and_lazy():
    code = ("import sys, zscli.sdk; "
            "print(len([m for m in sys.modules if m.startswith('zscli.') and m != 'zscli.sdk']), "
            "'requests' in sys.modules, 'json' in sys.modules, "
            "len([n for n in vars(zscli.sdk) if n.endswith('Action') and n != 'UnknownAction']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.stdout.split() == ["0", "False", "False", "0"], out.stderr


def test_every_api_has_an_action_class_and_unknown_names_suggest():
    schema = load()
    for name in schema.api_names:
        cls = getattr(sdk, name + "Action")
        assert cls.API == name and cls.__name__ == name + "Action"
    with pytest.raises(AttributeError, match="did you mean 'UpdateModelAction'"):
        sdk.UpdateModelActoin  # noqa: B018
    with pytest.raises(ImportError, match="did you mean 'QueryModelAction'"):
        from zscli.sdk import QueryModelActon  # noqa: F401
    assert not hasattr(sdk, "NoSuchAction") and "UpdateModelAction" in dir(sdk)


def test_attributes_are_checked_and_aliases_work():
    action = UpdateModelAction(uuid="u", name="n")
    assert (action.uuid, action.name, action.vendor) == ("u", "n", None)
    with pytest.raises(AttributeError, match="did you mean 'vendor'"):
        action.vendr = "x"
    action.polling_interval = 0.5
    assert action.pollingInterval == 0.5 and action.polling_interval == 0.5
    query = QueryModelAction(conditions=["name=qwen"], limit=5)
    assert query.sortBy is None and query.limit == 5


def _cli_error(words):
    with pytest.raises(UsageError) as info:
        parser.parse(words, load(), session_uuid="s")
    return info.value


@pytest.mark.parametrize("values, words", [
    ({"name": "x" * 300}, ["name=" + "x" * 300]),
    ({"clearDefaultModelService": "yes"}, None),
])
def test_validation_errors_are_the_clis_and_nothing_is_sent(client, fresh_sim, values, words):
    fresh_sim.clear_requests()
    action = UpdateModelAction(uuid=IDS.model_llama, **values)
    with pytest.raises(UsageError) as info:
        action.call(client)
    assert info.value.exit_code == ExitCode.USAGE and info.value.hint
    if words is not None:
        expected = _cli_error(["UpdateModel", f"uuid={IDS.model_llama}", *words])
        assert (info.value.message, info.value.hint) == (expected.message, expected.hint)
    assert not [r for r in fresh_sim.requests if "/ai/models" in r.path]


def test_missing_required_and_bad_query_option_read_as_the_cli(client):
    with pytest.raises(UsageError, match="missing required parameter for UpdateModel: uuid") as info:
        UpdateModelAction(name="x").call(client)
    assert info.value.hint == "add uuid=..."
    with pytest.raises(UsageError, match="sortDirection must be asc or desc"):
        QueryModelAction(sortBy="name", sortDirection="up").call(client)
    with pytest.raises(UsageError, match="unknown field 'nmae'"):
        QueryModelAction(conditions=["nmae=qwen"]).call(client)


def test_query_options_reach_the_wire(client, fresh_sim):
    fresh_sim.clear_requests()
    res = QueryModelAction(conditions=["name~=qwen", "vendor!=Alibaba"], limit=1, start=0, replyWithCount=True,
                           sortBy="createDate", sortDirection="desc", fields=["uuid", "name"]).call(client)
    assert res.ok and len(res.value.inventories) == 1 and isinstance(res.value.total, int)
    assert set(res.value.inventories[0]) == {"uuid", "name"}
    query = [r for r in fresh_sim.requests if r.path.endswith("/ai/models")][-1].query
    assert query == (("q", "name~=%qwen%"), ("q", "vendor!=Alibaba"), ("limit", "1"), ("start", "0"),
                     ("replyWithCount", "true"), ("sort", "-createDate"), ("fields", "uuid,name"))


def test_server_error_is_a_result_with_its_cause_chain(client):
    res = UpdateModelAction(uuid="0" * 32, name="x").call(client)
    assert res.value is None and res.error.code == "SYS.1006" and res.error.status == 503
    assert [e.code for e in res.error.chain] == ["SYS.1006", "SYS.1007"]
    with pytest.raises(ApiError) as info:
        res.throw_exception_if_error()
    assert info.value.code == "SYS.1006" and info.value.error is res.error and info.value.hint
    assert info.value.exit_code == ExitCode.SERVER_ERROR
    assert GetVersionAction().call(client).throwExceptionIfError().value.version


def test_modelarts_error_maps_onto_an_error_code(fresh_sim, state_dir):
    from zscli.sdk import ListModelVersionsAction
    from zscli.sim import MODELARTS_TOKEN

    client = Client(host="127.0.0.1", port=fresh_sim.port, modelarts_token=MODELARTS_TOKEN)
    res = ListModelVersionsAction(workspace_id=IDS.workspace, model_id="no-such-model").call(client)
    assert res.value is None and res.error.status == 404 and res.error.code and res.error.description
    assert res.error.raw["error_code"] == res.error.code
    ok = ListModelVersionsAction(workspace_id=IDS.workspace, model_id=IDS.ma_model, limit=1).call(client)
    assert ok.ok and len(ok.value.versions) == 1


def test_string_values_are_literal_never_files(client, fresh_sim):
    res = UpdateModelAction(uuid=IDS.model_llama, description="@/etc/passwd").call(client)
    assert res.value.inventory.description == "@/etc/passwd"


def test_python_types_are_checked(client):
    with pytest.raises(UsageError, match="clearDefaultModelService takes a Boolean"):
        UpdateModelAction(uuid=IDS.model_llama, clearDefaultModelService=1).call(client)
    with pytest.raises(UsageError, match="name takes a String"):
        UpdateModelAction(uuid=IDS.model_llama, name=5).call(client)
    with pytest.raises(UsageError, match="conditions takes a list"):
        QueryModelAction(conditions=[1]).call(client)


def test_session_sources(fresh_sim, state_dir):
    plain = Client(host="127.0.0.1", port=fresh_sim.port)
    with pytest.raises(AuthError, match="not logged in") as info:
        QueryModelAction().call(plain)
    assert "sessionId" in info.value.hint
    assert QueryModelAction(sessionId=fresh_sim.login()).call(plain).ok
    fresh_sim.clear_requests()
    signed = QueryModelAction(accessKeyId=fresh_sim.access_key_id, accessKeySecret=fresh_sim.access_key_secret)
    assert signed.call(plain).ok
    header = fresh_sim.requests[-1].headers["authorization"]
    assert header.startswith(f"ZStack {fresh_sim.access_key_id}:") and "date" in fresh_sim.requests[-1].headers
    with pytest.raises(AuthError, match="access key rejected"):
        QueryModelAction(accessKeyId=fresh_sim.access_key_id, accessKeySecret="wrong").call(plain)
    with pytest.raises(UsageError, match="accessKeyId and accessKeySecret go together"):
        QueryModelAction(accessKeyId="id").call(plain)
    keyed = Client(host="127.0.0.1", port=fresh_sim.port, access_key_id=fresh_sim.access_key_id,
                   access_key_secret=fresh_sim.access_key_secret)
    assert UpdateModelAction(uuid=IDS.model_llama, name="signed").call(keyed).value.inventory.name == "signed"
    fresh_sim.clear_requests()
    assert QueryModelAction(sessionId=fresh_sim.login()).call(keyed).ok  # a sessionId wins over the client's key
    assert fresh_sim.requests[-1].headers["authorization"].startswith("OAuth ")
    assert QueryModelAction().call(Client(host="127.0.0.1", port=fresh_sim.port, session_id=fresh_sim.login())).ok


def test_client_logs_in_again_after_expiry(client, fresh_sim):
    assert QueryModelAction().call(client).ok
    fresh_sim.expire_sessions()
    assert QueryModelAction().call(client).ok
    expired = QueryModelAction(sessionId=client.session_id(load()))
    fresh_sim.expire_sessions()
    assert expired.call(client).error.code == "ID.1001"


def test_default_client_from_configure_and_environment(fresh_sim, state_dir, monkeypatch):
    monkeypatch.setenv("ZSCLI_HOST", "127.0.0.1")
    monkeypatch.setenv("ZSCLI_PORT", str(fresh_sim.port))
    from zscli.sdk import client as client_module

    monkeypatch.setattr(client_module, "_default", None)
    default = sdk.default_client()
    assert (default.settings.host, default.settings.port) == ("127.0.0.1", fresh_sim.port)
    sdk.configure(account="admin", password="password")
    assert UpdateModelAction(uuid=IDS.model_llama, name="via-default").call().value.inventory.name == "via-default"
    sdk.configure(Client(host="127.0.0.1", port=1))
    with pytest.raises(TransportError):
        QueryModelAction(sessionId="x").call()
    monkeypatch.setattr(client_module, "_default", None)


def test_job_wait_options(state_dir):
    with Simulator(job_delay=30.0) as slow:
        client = Client(host="127.0.0.1", port=slow.port, account="admin", password="password")
        action = UpdateModelAction(uuid=IDS.model_llama, name="slow", timeout=0.2, polling_interval=0.05)
        with pytest.raises(TransportError, match="job did not finish within 0.2s"):
            action.call(client)
        with pytest.raises(UsageError, match="timeout takes a positive number"):
            UpdateModelAction(uuid=IDS.model_llama, timeout=-1).call(client)
        client.close()


def test_version_warning_and_strict_refusal(state_dir):
    with Simulator(version="5.3.20") as old:
        client = Client(host="127.0.0.1", port=old.port, account="admin", password="password")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = UpdateModelAction(uuid=IDS.model_llama, name="n", modelId="m").call(client)
        assert res.ok
        [warning] = [w for w in caught if issubclass(w.category, sdk.ServerVersionWarning)]
        assert "modelId (since 5.5.22)" in str(warning.message) and "5.3.20" in str(warning.message)
        assert "name" not in str(warning.message).split("parameter")[1].split("newer")[0].replace("modelId", "")
        strict = Client(host="127.0.0.1", port=old.port, account="admin", password="password", strict_version=True)
        old.clear_requests()
        with pytest.raises(UsageError, match="modelId") as info:
            UpdateModelAction(uuid=IDS.model_llama, modelId="m").call(strict)
        assert info.value.exit_code == ExitCode.USAGE
        assert not [r for r in old.requests if "/ai/models" in r.path]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert UpdateModelAction(uuid=IDS.model_llama, name="old-enough").call(strict).ok


def test_help_shows_types_required_since_and_descriptions():
    import pydoc

    text = pydoc.render_doc(UpdateModelAction, renderer=pydoc.plaintext)
    assert "uuid: String, required, since 5.1.8, in path" in text
    assert "modelId: String, optional, since 5.5.22, in body.updateModel" in text
    assert "clearDefaultModelService" in text and "Boolean, optional, since 5.5.22" in text
    assert "conditions" in pydoc.render_doc(QueryModelAction, renderer=pydoc.plaintext)


def test_stub_is_fresh_and_types_every_update_model_parameter():
    from zscli.sdk.stubgen import main as stubgen

    assert stubgen(["--check"]) == 0, "the stub is stale: run python -m zscli.sdk.stubgen"
    text = (ROOT / "zscli" / "sdk" / "__init__.pyi").read_text(encoding="utf-8")
    start = text.index("\nclass UpdateModelAction(")
    chunk = text[start:text.index("\nclass ", start + 1)]  # parsing the whole ~2 MB stub takes seconds
    cls = next(n for n in ast.parse(chunk).body if isinstance(n, ast.ClassDef) and n.name == "UpdateModelAction")
    typed = {n.target.id: ast.unparse(n.annotation) for n in cls.body if isinstance(n, ast.AnnAssign)}
    expected = {"String": "Optional[str]", "Boolean": "Optional[bool]", "List": "Optional[list[Any] | str]"}
    for param in load().api("UpdateModel").params:
        assert typed[param.name] == expected[param.type.value], param.name


def test_example_for_every_api_compiles():
    from zscli.sdk.docs import example

    schema = load()
    for name in schema.api_names:  # in-process: the whole API has about 2,000
        text = example(schema.api(name))
        assert f"from zscli.sdk import {name}Action" in text
        compile(text, name, "exec")
    out = subprocess.run([sys.executable, "-m", "zscli.sdk", "--example", "UpdateModel"], capture_output=True,
                         text=True, timeout=30, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0
    assert 'action.uuid = "059d19eb310f36d4a7f43f51eaab87b8"  # String, since 5.1.8, required' in out.stdout
    assert '# action.modelId = "example"  # String, since 5.5.22' in out.stdout
    assert out.stdout.rstrip().endswith("print(res.value.inventory)")


def test_example_errors_are_one_line(capsys):
    from zscli.sdk.__main__ import main

    assert main(["--example", "UpdateMdl"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'UpdateModel'" in err and "Traceback" not in err


def test_type_checker_reads_the_stub(tmp_path):
    """mypy (as an editor's checker would) knows every action's attributes and their types from the stub."""
    script = tmp_path / "use_sdk.py"
    script.write_text(
        "from zscli.sdk import UpdateModelAction, QueryModelAction\n"
        "a = UpdateModelAction(uuid='u', name='n')\n"
        "a.clearDefaultModelService = True\n"
        "a.sessionId = 's'\n"
        "reveal_type(a.modelId)\n"
        "a.requestCpu = 4\n"
        "a.name = 5\n"
        "q = QueryModelAction(conditions=['name=x'], limit=5)\n"
        "reveal_type(q.call().value)\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"),
                          "--follow-imports=silent", str(script)], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    lines = [line.split(": ", 1)[1] for line in out.stdout.splitlines() if line.startswith(script.name)]
    assert lines == ['note: Revealed type is "str | None"',
                     'error: "UpdateModelAction" has no attribute "requestCpu"  [attr-defined]',
                     'error: Incompatible types in assignment (expression has type "int", variable has type '
                     '"str | None")  [assignment]',
                     'note: Revealed type is "zscli.sdk.result.Record | None"'], out.stdout + out.stderr
