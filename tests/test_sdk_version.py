"""Server-version awareness: GetVersion on login and on first use of a stored session (at most once a day),
warnings and --strict-version for parameters newer than the server, marks in help, completion and the toolbar.
The simulator says 5.3.20, older than UpdateModel's 5.5.22 parameters."""
from __future__ import annotations

import json
import time

import pytest

from .helpers.cli import login, zscli
from zscli import server_version as sv
from zscli.completion.engine import complete
from zscli.schema import load
from zscli.shell.toolbar import toolbar_fragments
from zscli.sim import IDS, Simulator
from zscli.transport import SessionStore

VERSION_PATH = "/zstack/v1/management-nodes/actions"


@pytest.fixture()
def old_sim():
    with Simulator(job_delay=0.0, version="5.3.20") as server:
        yield server


def _asks(sim) -> int:
    return sum(1 for r in sim.requests if r.path == VERSION_PATH)


def _stored(sim, state_dir):
    return SessionStore(state_dir / "state" / "zscli").load("127.0.0.1", sim.port)


def test_version_keys_compare_numerically():
    assert sv.version_key("5.5.22") == (5, 5, 22) and sv.version_key("5.3.20-rc1 build 7") == (5, 3, 20)
    assert sv.version_key("5.3") == sv.version_key("5.3.0") and sv.version_key("") is None
    assert sv.is_newer("5.5.22", "5.3.20") and sv.is_newer("5.5.22", "5.5.6") and not sv.is_newer("5.5.6", "5.5.22")
    assert not sv.is_newer("5.5.22", "") and not sv.is_newer("", "5.3.20") and not sv.is_newer("x", "5.3.20")
    assert sv.needs_check(0) and not sv.needs_check(time.time()) and sv.needs_check(time.time() - 86400)


def test_login_learns_the_version_without_a_session(old_sim, state_dir):
    old_sim.clear_requests()
    login(old_sim)
    [ask] = [r for r in old_sim.requests if r.path == VERSION_PATH]
    assert ask.method == "PUT" and ask.body == {"getVersion": {}} and "authorization" not in ask.headers
    stored = _stored(old_sim, state_dir)
    assert stored.server_version == "5.3.20" and stored.version_checked > 0
    raw = json.loads(SessionStore(state_dir / "state" / "zscli").path("127.0.0.1", old_sim.port).read_text())
    assert raw["server_version"] == "5.3.20" and "password" not in json.dumps(raw)


def test_newer_parameters_warn_and_strict_refuses(old_sim, state_dir):
    login(old_sim)
    run = zscli(old_sim, "UpdateModel", f"uuid={IDS.model_llama}", "name=n", "modelId=m",
                "clearDefaultModelService=true")
    assert run.code == 0, run.err
    assert "warning: UpdateModel: parameters modelId (since 5.5.22), clearDefaultModelService (since 5.5.22)" \
        in run.err and "ZStack 5.3.20" in run.err and run.err.count("\n") == 1
    assert run.json()["inventory"]["modelId"] == "m"
    quiet = zscli(old_sim, "UpdateModel", f"uuid={IDS.model_llama}", "name=only-old-parameters")
    assert quiet.code == 0 and quiet.err == ""
    for extra, env in ((["--strict-version"], None), ([], {"ZSCLI_STRICT_VERSION": "1"})):
        old_sim.clear_requests()
        refused = zscli(old_sim, *extra, "UpdateModel", f"uuid={IDS.model_llama}", "modelId=m", env=env)
        assert refused.code == 2 and "modelId (since 5.5.22)" in refused.err and "--strict-version" in refused.err
        assert not [r for r in old_sim.requests if r.path.startswith("/zstack/v1/ai/models")]
    assert zscli(old_sim, "--strict-version", "UpdateModel", f"uuid={IDS.model_llama}", "name=ok").code == 0


def test_a_stored_session_asks_once_a_day_and_only_when_it_matters(old_sim, state_dir):
    store = SessionStore(state_dir / "state" / "zscli")
    login(old_sim)
    stored = _stored(old_sim, state_dir)
    from zscli.record import replace

    store.save(replace(stored, server_version="", version_checked=0.0))  # a session stored by an older zscli
    old_sim.clear_requests()
    assert zscli(old_sim, "QueryModel", "limit=1").code == 0
    assert _asks(old_sim) == 0  # nothing sent could be too new: no question
    run = zscli(old_sim, "UpdateModel", f"uuid={IDS.model_llama}", "modelId=m")
    assert run.code == 0 and "since 5.5.22" in run.err and _asks(old_sim) == 1
    assert _stored(old_sim, state_dir).server_version == "5.3.20"
    zscli(old_sim, "UpdateModel", f"uuid={IDS.model_llama}", "modelId=m2")
    assert _asks(old_sim) == 1  # remembered
    store.save(replace(_stored(old_sim, state_dir), version_checked=time.time() - 2 * 86400))
    old_sim.version = "5.5.22"  # upgraded meanwhile
    run = zscli(old_sim, "UpdateModel", f"uuid={IDS.model_llama}", "modelId=m3")
    assert run.code == 0 and run.err == "" and _asks(old_sim) == 2
    assert _stored(old_sim, state_dir).server_version == "5.5.22"


def test_dry_run_never_asks(old_sim, state_dir):
    old_sim.clear_requests()
    run = zscli(old_sim, "UpdateModel", f"uuid={IDS.model_llama}", "modelId=m", env={"ZSCLI_DRY_RUN": "1"})
    assert run.code == 0 and _asks(old_sim) == 0 and not old_sim.requests


def test_help_marks_parameters_newer_than_the_server(old_sim, state_dir):
    before = zscli(old_sim, "help", "UpdateModel")
    assert before.code == 0 and " *" not in before.out and "server: ZStack" not in before.out
    login(old_sim)
    old_sim.clear_requests()
    run = zscli(old_sim, "help", "UpdateModel")
    assert run.code == 0 and not old_sim.requests  # help sends nothing
    lines = run.out.splitlines()
    assert "server: ZStack 5.3.20" in run.out
    assert any(line.split()[:1] == ["modelId"] and "5.5.22 *" in line for line in lines)
    assert any(line.split()[:1] == ["name"] and "5.1.8" in line and "*" not in line for line in lines)
    assert any("newer than the server (ZStack 5.3.20)" in line for line in lines)


def test_completion_and_toolbar_show_the_server_version():
    schema = load()
    marked = {c.display.rstrip("="): c.meta for c in complete("UpdateModel uuid=x ", schema, server_version="5.3.20")}
    assert marked["modelId"].startswith("[since 5.5.22 > server 5.3.20]")
    assert marked["vendor"].startswith("[since 5.5.6 > server 5.3.20]")
    assert not marked["name"].startswith("[since")
    plain = {c.display.rstrip("="): c.meta for c in complete("UpdateModel uuid=x ", schema)}
    assert not plain["modelId"].startswith("[since")
    text = "".join(t for _, t in toolbar_fragments("", schema, 200, server_version="5.3.20"))
    assert "server: ZStack 5.3.20" in text
    assert "server" not in "".join(t for _, t in toolbar_fragments("", schema, 200))


def test_schema_info_names_the_server_version(old_sim, state_dir):
    before = zscli(old_sim, "schema", "info")
    assert before.code == 0 and "version unknown" in before.out and "APIs" in before.out
    login(old_sim)
    run = zscli(old_sim, "schema", "info")
    assert run.code == 0 and f"127.0.0.1:{old_sim.port}  ZStack 5.3.20" in run.out
    bad = zscli(old_sim, "schema", "nonsense")
    assert bad.code == 2 and "usage: zscli schema info" in bad.err


def test_shell_toolbar_completion_and_help_use_the_learned_version(old_sim, state_dir):
    import io
    from zscli.record import replace

    from prompt_toolkit.document import Document
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from zscli.runner import Runner
    from zscli.settings import Settings
    from zscli.shell.builtins import Io, run_builtin
    from zscli.shell.repl import Shell

    settings = replace(Settings(), host=old_sim.host, port=old_sim.port, state_dir=str(state_dir / "st"), pager="",
                       color=False)
    out, err = io.StringIO(), io.StringIO()
    runner = Runner(settings, out=out, err=err)
    assert runner.login(old_sim.admin_account, old_sim.admin_password) == 0
    old_sim.clear_requests()
    with create_pipe_input() as pipe:
        shell = Shell(runner, input=pipe, output=DummyOutput(), out=out, err=err)
        assert "server: ZStack 5.3.20" in "".join(t for _, t in shell._toolbar())
        inner = shell.session.completer.completer
        metas = {c.text: c.display_meta_text for c in inner.get_completions(
            Document(f"UpdateModel uuid={IDS.model_llama} mod"), None)}
        assert metas["modelId="].startswith("[since 5.5.22 > server 5.3.20]")
    shown: list[str] = []
    io_ = Io(out=out, err=err, show=lambda text, _force: shown.append(text), ask=lambda *_: "", history=list)
    assert run_builtin(runner, "help UpdateModel", io_) == 0
    assert "server: ZStack 5.3.20" in shown[0] and "5.5.22 *" in shown[0]
    assert not old_sim.requests  # the toolbar, completion and help send nothing
    runner.close()


def test_a_shell_on_a_stored_session_learns_the_version_once(old_sim, state_dir):
    import io
    from zscli.record import replace

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from zscli.runner import Runner
    from zscli.settings import Settings
    from zscli.shell.repl import Shell

    settings = replace(Settings(), host=old_sim.host, port=old_sim.port, state_dir=str(state_dir / "st"), pager="",
                       color=False)
    runner = Runner(settings, out=io.StringIO(), err=io.StringIO())
    assert runner.login(old_sim.admin_account, old_sim.admin_password) == 0
    runner.store.save(replace(runner.session(), server_version="", version_checked=0.0))  # an older zscli's file
    runner.close()
    for expected_asks in (1, 0):  # the second shell finds it remembered
        runner = Runner(settings, out=io.StringIO(), err=io.StringIO())
        old_sim.clear_requests()
        with create_pipe_input() as pipe:
            shell = Shell(runner, input=pipe, output=DummyOutput(), out=io.StringIO(), err=io.StringIO())
            pipe.send_text("exit\r")
            assert shell.run() == 0
            assert "server: ZStack 5.3.20" in "".join(t for _, t in shell._toolbar())
        assert _asks(old_sim) == expected_asks
        runner.close()
