"""Start-up weight, the schema build check, help, version, and the generated completion scripts."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers.cli import subprocess_zscli, zscli

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


@pytest.fixture(scope="module")
def shim_path(tmp_path_factory) -> str:
    """A PATH whose ``zscli`` runs this checkout with this interpreter (not whatever zscli is installed)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    shim = bin_dir / "zscli"
    shim.write_text(f"#!/bin/sh\nexec {_sh(sys.executable)} -m zscli \"$@\"\n")
    shim.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"


def _completion_env(shim_path: str, tmp: Path) -> dict:
    return dict(os.environ, PATH=shim_path, XDG_CONFIG_HOME=str(tmp / "cfg"), XDG_STATE_HOME=str(tmp / "state"),
                PYTHONPATH=str(ROOT))


def _bash_words(line: str) -> list[str]:
    """COMP_WORDS as bash builds them: split at blanks, with '=' and ':' (COMP_WORDBREAKS) as words of their own."""
    words = re.findall(r"[=:]+|[^\s=:]+", line)
    return words + [""] if line.endswith(" ") else words


def _bash_complete(line: str, env: dict) -> list[str]:
    script = ROOT / "completions" / "zscli.bash"
    words = _bash_words(line)
    program = (
        f"source {_sh(str(script))}\n"
        f"COMP_LINE={_sh(line)}; COMP_POINT=${{#COMP_LINE}}\n"
        f"COMP_WORDS=({' '.join(_sh(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        "_zscli_complete\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True,
                          timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    return [w for w in proc.stdout.splitlines() if w]


def _sh(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_in_a_real_bash(shim_path, tmp_path):
    env = _completion_env(shim_path, tmp_path)
    got = _bash_complete("zscli QueryMo", env)
    assert {"QueryModel", "QueryModelCenter", "QueryModelService", "QueryMonitorGroup"} <= set(got)
    assert all(w.startswith("QueryMo") for w in got)
    assert _bash_complete("zscli UpdateModel vend", env) == ["vendor="]
    assert _bash_complete("zscli QueryModel modelServiceRefs.modelServiceU", env) == [
        "modelServiceRefs.modelServiceUuid="]
    assert "modelCenter.name=" in _bash_complete("zscli QueryModel modelCenter.", env)
    # a fuzzy-only match would make bash erase the typed text: only replies that extend it come back
    assert _bash_complete("zscli QueryModel modelCenter.na", env) == ["modelCenter.name="]
    # bash splits words at '=': the reply replaces just the text after it (readline completes the empty text
    # after a word made of word-break characters, so a reply '=createDate' would give 'sortBy==createDate')
    assert "createDate" in _bash_complete("zscli QueryModel sortBy=", env)  # the word under the cursor is '='

    assert _bash_complete("zscli QueryModel sortBy=createD", env) == ["createDate"]
    assert _bash_complete("zscli QueryModel limit=5 -o ya", env) == ["yaml"]
    assert _bash_complete("zscli help UpdateModelServiceI", env) == ["UpdateModelServiceInstanceGroup"]
    assert _bash_complete("zscli completion z", env) == ["zsh"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_zsh_script_offers_the_same_replies(shim_path, tmp_path):
    script = ROOT / "completions" / "zscli.zsh"
    program = (
        "compdef() { :; }\n"  # not running under compinit: the script's own registration is a no-op
        "compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -l -- \"$@\"; }\n"
        f"source {_sh(str(script))}\n"
        "words=(zscli UpdateModel vend); LBUFFER='zscli UpdateModel vend'; PREFIX=vend\n_zscli\n"
        "words=(zscli QueryModel limit=5 -o ya); LBUFFER='zscli QueryModel limit=5 -o ya'; PREFIX=ya\n_zscli\n"
    )
    proc = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True, timeout=60,
                          env=_completion_env(shim_path, tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["vendor=", "yaml"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish")
def test_fish_script_offers_replies_with_descriptions(shim_path, tmp_path):
    script = ROOT / "completions" / "zscli.fish"
    program = f"source {_sh(str(script))}; complete -C 'zscli UpdateModel vend'; complete -C 'zscli QueryMo'"
    proc = subprocess.run(["fish", "--no-config", "-c", program], capture_output=True, text=True, timeout=60,
                          env=_completion_env(shim_path, tmp_path))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split("\t")[0] == "vendor=" and "String" in lines[0]
    names = [ln.split("\t")[0] for ln in lines[1:]]
    assert {"QueryModel", "QueryModelCenter", "QueryModelService"} <= set(names)
    assert all(n.startswith("QueryMo") for n in names)


def test_completion_path_imports_neither_prompt_toolkit_rich_nor_click(tmp_path):
    code = (
        "import atexit, os, sys\n"
        "atexit.register(lambda: sys.stderr.write('MODULES:' + ','.join(sorted({m.split('.')[0] for m in sys.modules"
        " if m.split('.')[0] in ('prompt_toolkit', 'rich', 'click', 'requests', 'yaml')})) + '\\n'))\n"
        "from zscli.entry import main\nmain()\n"
    )
    (tmp_path / "zscli").mkdir()
    (tmp_path / "zscli" / "config.toml").write_text("[profile.prod]\nport = 1\n")
    for line in ("zscli QueryModel modelServiceRefs.modelServ", "zscli QueryMo", "zscli -o j", "zscli --profile "):
        env = dict(os.environ, _ZSCLI_COMPLETE="bash", ZSCLI_COMP_LINE=line, ZSCLI_COMP_WORD=line.split(" ")[-1],
                   XDG_CONFIG_HOME=str(tmp_path))
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert proc.returncode == 0 and proc.stdout.strip(), (line, proc.stderr)
        assert "MODULES:\n" in proc.stderr, (line, proc.stderr)


def test_completion_of_options_after_the_command_and_profiles(tmp_path, monkeypatch):
    from zscli import shellcomp

    (tmp_path / "zscli").mkdir()
    (tmp_path / "zscli" / "config.toml").write_text("[profile.prod]\nport = 1\n[profile.qa]\nport = 2\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert [r for r, _ in shellcomp.replies("zscli --profile ", "")] == ["prod", "qa"]
    assert [r for r, _ in shellcomp.replies("zscli QueryModel --profile q", "q")] == ["qa"]
    assert [r for r, _ in shellcomp.replies("zscli QueryModel limit=1 --no-c", "--no-c")] == ["--no-color"]
    assert "vendor=" in [r for r, _ in shellcomp.replies("zscli QueryModel -o json --debug vend", "vend")]
    (tmp_path / "zscli" / "config.toml").write_text("profile = [\n")  # broken: no profiles, no error
    assert shellcomp.replies("zscli --profile ", "") == []


def test_a_closed_pipe_during_completion_is_quiet():
    env = dict(os.environ, _ZSCLI_COMPLETE="bash", ZSCLI_COMP_LINE="zscli QueryModel ", ZSCLI_COMP_WORD="")
    proc = subprocess.Popen([sys.executable, "-m", "zscli"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader goes away before zscli writes
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and "Traceback" not in err


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
    from .helpers.cli import login

    login(sim)
    run = zscli(None, "-H", "127.0.0.1", "QueryModelCenter", "-p", str(sim.port), "-o", "csv")
    assert run.code == 0, run.err
    assert run.out.startswith("uuid,")


def test_help_flag_after_an_api_shows_its_help():
    run = zscli(None, "UpdateModel", "--help")
    assert run.code == 0 and "updateModel" in run.out and "clearDefaultModelService" in run.out


def test_top_level_help_fits_one_screen():
    text = subprocess_zscli("--help", env={"COLUMNS": "100"}).out
    lines = text.splitlines()
    assert len(lines) <= 60, len(lines)
    assert max(len(line) for line in lines) <= 100, [line for line in lines if len(line) > 100]
    for var in ("ZSCLI_DEBUG", "ZSCLI_CURL", "ZSCLI_KEEP_GOING", "ZSCLI_MODELARTS_TOKEN_FILE", "NO_COLOR"):
        assert var in text
