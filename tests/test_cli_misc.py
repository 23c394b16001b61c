"""Start-up weight, the schema build check, help, version, and the generated completion scripts."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clihelp import subprocess_zscli, zscli

ROOT = Path(__file__).resolve().parent.parent


def test_schema_json_is_fresh():
    proc = subprocess.run([sys.executable, "-m", "zscli.schema.build", "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_schema_check_detects_a_stale_file(tmp_path, monkeypatch):
    from zscli.schema import build

    stale = tmp_path / "schema.json"
    stale.write_text("{}\n")
    monkeypatch.setattr(build, "OUTPUT", stale)
    assert build.main(["--check"]) == 1
    assert build.main([]) == 0
    assert build.main(["--check"]) == 0


def test_one_shot_json_imports_neither_prompt_toolkit_nor_rich(sim, state_dir):
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('MODULES:' + ','.join(sorted({m.split('.')[0] for m in sys.modules"
        " if m.split('.')[0] in ('prompt_toolkit', 'rich')})) + '\\n'))\n"
        f"sys.argv = ['zscli', '-H', '127.0.0.1', '-p', '{sim.port}', '-o', 'json', 'QueryModel', 'limit=1']\n"
        "from zscli.entry import main\nmain()\n"
    )
    env = dict(os.environ, XDG_STATE_HOME=str(state_dir / "state"))
    login = subprocess_zscli("-H", "127.0.0.1", "-p", str(sim.port), "LogInByAccount", "accountName=admin",
                             "password=password", env={"XDG_STATE_HOME": str(state_dir / "state")})
    assert login.code == 0, login.err
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "MODULES:\n" in proc.stderr, proc.stderr


def test_version_and_help():
    assert zscli(None, "--version").out.strip().startswith("zscli ")
    text = zscli(None, "--help").out
    for needle in ("--host", "--output", "ZSCLI_HOST", "Exit codes", "~=", "--sim"):
        assert needle in text


def test_help_lists_apis_and_describes_one():
    listing = zscli(None, "help")
    assert listing.code == 0 and "QueryModel" in listing.out and "ListModelVersions" in listing.out
    one = zscli(None, "help", "UpdateModel")
    assert one.code == 0 and "vendor" in one.out and "5.5.6" in one.out
    bad = zscli(None, "help", "UpdateModle")
    assert bad.code == 2 and "UpdateModel" in bad.err


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_match_a_fresh_generation(shell):
    run = zscli(None, "completion", shell)
    assert run.code == 0
    assert (ROOT / "completions" / f"zscli.{shell}").read_text() == run.out


def _bash_complete(line: str, words: list[str] | None = None) -> list[str]:
    script = ROOT / "completions" / "zscli.bash"
    words = words or line.split(" ")
    program = (
        f"source {script}\n"
        f"COMP_LINE={_sh(line)}; COMP_POINT=${{#COMP_LINE}}\n"
        f"COMP_WORDS=({' '.join(_sh(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        "_zscli_complete\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 0, proc.stderr
    return [w for w in proc.stdout.splitlines() if w]


def _sh(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("zscli") is None, reason="needs bash and zscli")
def test_bash_completion_in_a_real_bash():
    assert "QueryModel" in _bash_complete("zscli QueryMo")
    assert "vendor=" in _bash_complete("zscli UpdateModel vend")
    assert "modelServiceRefs.modelServiceUuid=" in _bash_complete("zscli QueryModel modelServiceRefs.modelServ")
    # bash splits words at '=': the reply replaces just the '=' word
    replies = _bash_complete("zscli QueryModel sortBy=", ["zscli", "QueryModel", "sortBy", "="])
    assert "=createDate" in replies


@pytest.mark.parametrize("argv, expected", [
    (["QueryModel", "limit=5", "-o", "json"], ["-o", "json", "QueryModel", "limit=5"]),
    (["-H", "h", "QueryModel", "--debug", "name=x"], ["-H", "h", "--debug", "QueryModel", "name=x"]),
    (["QueryModel", "--output=yaml"], ["--output=yaml", "QueryModel"]),
    (["UpdateModel", "uuid=x", "description=-o"], ["UpdateModel", "uuid=x", "description=-o"]),
    (["help", "-o"], ["help", "-o"]),
])
def test_global_options_after_the_command_are_hoisted(argv, expected):
    from zscli.cli import hoist_options

    assert hoist_options(argv) == expected


def test_option_after_the_command_takes_effect(sim, state_dir):
    from clihelp import login

    login(sim)
    run = zscli(None, "-H", "127.0.0.1", "QueryModelCenter", "-p", str(sim.port), "-o", "csv")
    assert run.code == 0, run.err
    assert run.out.startswith("uuid,")


def test_help_flag_after_an_api_shows_its_help():
    run = zscli(None, "UpdateModel", "--help")
    assert run.code == 0 and "updateModel" in run.out and "clearDefaultModelService" in run.out
