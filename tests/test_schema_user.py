"""Your own version of ZStack (issue 9 deliverable 6): ``zscli schema import SOURCE`` writes a user schema into
the XDG data dir, and every front door (one-shot, batch, the shell, the completion back end) then uses it;
``--schema`` > ``ZSCLI_SCHEMA`` > config ``schema =`` > the user schema > the packaged one; a missing or broken
chosen schema is one line and exit 2. Real processes, real files in temp dirs; the SDK fixtures the importer's
tests use (tests/fixtures/sdk: a small, made-up API with ``QueryWidget``, which the packaged schema lacks)."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers.cli import Run, subprocess_zscli
from .helpers.sdk_fixtures import sdk_fixture_tree
from zscli import paths
from zscli.schema import SCHEMA_FILE

FIXTURES = sdk_fixture_tree()
FIXTURE_ONLY_API = "QueryWidget"  # in the fixtures' API, not in the packaged one


@pytest.fixture()
def homes(tmp_path) -> dict[str, str]:
    """XDG dirs of a user of their own (config, state, data), as environment variables for a run."""
    env = {}
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CACHE_HOME", "cache")):
        (tmp_path / sub).mkdir()
        env[var] = str(tmp_path / sub)
    return env


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A user schema imported once from the fixtures by ``zscli schema import`` (a copy is used per test)."""
    data = tmp_path_factory.mktemp("imported") / "data"
    run = subprocess_zscli("schema", "import", str(FIXTURES), env={"XDG_DATA_HOME": str(data)})
    assert run.code == 0, run.err
    return data / "zscli" / "schema.jsonl"


def _user_schema(homes: dict[str, str], imported: Path) -> Path:
    target = Path(homes["XDG_DATA_HOME"]) / "zscli" / "schema.jsonl"
    target.parent.mkdir(mode=0o700)
    shutil.copyfile(imported, target)
    return target


def _complete(line: str, env: dict[str, str]) -> Run:
    """One bash completion request to the real back end (``python -m zscli`` with ``_ZSCLI_COMPLETE``)."""
    full = {**os.environ, **env, "_ZSCLI_COMPLETE": "bash", "ZSCLI_COMP_LINE": line,
            "ZSCLI_COMP_WORD": line.rsplit(" ", 1)[-1]}
    proc = subprocess.run([sys.executable, "-m", "zscli"], env=full, capture_output=True, text=True, timeout=60)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _one_line_error(run: Run, *words: str) -> None:
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    for word in words:
        assert word in lines[0], lines[0]


# -- import ------------------------------------------------------------------------------------------------------

def test_import_writes_a_private_user_schema_atomically_and_says_what(homes):
    run = subprocess_zscli("schema", "import", str(FIXTURES), env=homes)
    assert run.code == 0, run.err
    target = Path(homes["XDG_DATA_HOME"]) / "zscli" / "schema.jsonl"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in target.parent.iterdir()) == ["schema.jsonl"]  # no temp file or work dir left
    first = run.out.splitlines()[0]
    assert first.startswith(f"wrote {target}: ")
    from zscli.schema import load

    counts = load(str(target)).meta["counts"]
    assert f"{counts['apis']} APIs ({counts['queries']} queries), {counts['inventories']} inventories, " \
           f"{counts['relations']} relations, {counts['unmapped_queries']} unmapped queries" in first
    assert 0 < counts["apis"] < 100  # the fixtures' small API, not the packaged one


def test_import_again_replaces_the_file_and_tightens_a_loose_directory(homes, imported):
    target = _user_schema(homes, imported)
    os.chmod(target.parent, 0o755)
    os.chmod(target, 0o644)
    run = subprocess_zscli("schema", "import", str(FIXTURES), env=homes)
    assert run.code == 0, run.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_import_from_git_records_ref_and_commit_and_schema_info_shows_them(homes, tmp_path):
    work = tmp_path / "zstack"
    shutil.copytree(FIXTURES, work)
    git_env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "fixtures"], ["tag", "v1"]):
        subprocess.run(["git", *args], cwd=work, env=git_env, check=True, capture_output=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, capture_output=True, text=True,
                            check=True).stdout.strip()
    run = subprocess_zscli("schema", "import", str(work), "--ref", "v1", env=homes)
    assert run.code == 0, run.err
    assert f"ref v1 commit {commit[:12]}" in run.out
    info = subprocess_zscli("schema", "info", env=homes)
    assert info.code == 0, info.err
    assert f"ref v1 commit {commit[:12]}" in info.out


@pytest.mark.parametrize("args, words", [
    (["{missing}"], ["schema import", "{missing}"]),
    (["{empty}"], ["schema import", "no ZStack SDK found"]),
    (["{fixtures}", "--ref", "main"], ["schema import", "--ref"]),
    ([], ["usage: zscli schema import SOURCE"]),
    (["{fixtures}", "extra"], ["usage: zscli schema import SOURCE", "extra"]),
])
def test_import_mistakes_are_one_line_and_exit_2(args, words, homes, tmp_path):
    names = {"missing": str(tmp_path / "nowhere"), "empty": str(tmp_path), "fixtures": str(FIXTURES)}
    run = subprocess_zscli("schema", "import", *(a.format(**names) for a in args), env=homes)
    _one_line_error(run, *(w.format(**names) for w in words))
    assert not (Path(homes["XDG_DATA_HOME"]) / "zscli" / "schema.jsonl").exists()


def test_import_into_an_unwritable_data_dir_is_one_line_and_exit_2(homes, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    run = subprocess_zscli("schema", "import", str(FIXTURES), env={**homes, "XDG_DATA_HOME": str(blocker)})
    _one_line_error(run, "schema import: cannot write", str(blocker))


# -- the user schema in every front door -------------------------------------------------------------------------

def test_without_a_user_schema_the_packaged_one_is_used(homes):
    info = subprocess_zscli("schema", "info", env=homes)
    assert info.code == 0, info.err
    assert info.out.splitlines()[0] == f"schema:  {SCHEMA_FILE}"
    assert "packaged with zscli" in info.out
    assert FIXTURE_ONLY_API not in _complete("zscli QueryWidg", homes).out.split()


def test_one_shot_batch_and_completion_use_the_imported_schema(homes):
    assert subprocess_zscli("schema", "import", str(FIXTURES), env=homes).code == 0
    one_shot = subprocess_zscli("--dry-run", FIXTURE_ONLY_API, "name=x", env=homes)
    assert one_shot.code == 0, one_shot.err
    assert one_shot.out.startswith("GET http://localhost:8080/zstack/v1/widgets?q=name%3Dx")
    batch = subprocess_zscli("--dry-run", input=f"{FIXTURE_ONLY_API} name=y\n", env=homes)
    assert batch.code == 0, batch.err
    assert "widgets?q=name%3Dy" in batch.out
    assert FIXTURE_ONLY_API in _complete("zscli QueryWidg", homes).out.split()
    assert "QueryVmInstance" not in _complete("zscli QueryVm", homes).out.split()  # the packaged API is gone
    unknown = subprocess_zscli("--dry-run", "QueryVmInstance", env=homes)
    assert unknown.code == 2 and "unknown API 'QueryVmInstance'" in unknown.err


def test_schema_info_shows_the_file_why_sources_and_counts(homes, imported):
    target = _user_schema(homes, imported)
    info = subprocess_zscli("schema", "info", env=homes)
    assert info.code == 0, info.err
    from zscli.schema import load

    counts = load(str(target)).meta["counts"]
    lines = info.out.splitlines()
    assert lines[0] == f"schema:  {target}"
    assert "the user schema `zscli schema import` wrote" in lines[1]
    assert (f"{counts['apis']} APIs ({counts['queries']} queries), {counts['inventories']} inventories, "
            f"{counts['relations']} relations, {counts['unmapped_queries']} unmapped queries") in lines[2]
    assert any(line.strip().startswith("zstack: zstack-sdk.json, zstack.yaml  from ") for line in lines)
    assert any(line.strip().startswith("modelarts: modelarts.yaml") for line in lines)
    assert lines[-1].startswith("server:  localhost:8080")


# -- which schema ----------------------------------------------------------------------------------------------

def test_precedence_flag_then_env_then_config_then_user_then_packaged(homes, imported, tmp_path):
    user = _user_schema(homes, imported)
    by_env, by_config, by_flag = (tmp_path / f"{n}.jsonl" for n in ("env", "config", "flag"))
    for copy in (by_env, by_config, by_flag):
        shutil.copyfile(imported, copy)
    config = Path(homes["XDG_CONFIG_HOME"]) / "zscli" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'schema = "{by_config}"\n')
    env = {**homes, "ZSCLI_SCHEMA": str(by_env)}

    def first_two(*args: str, env: dict[str, str]) -> list[str]:
        run = subprocess_zscli(*args, "schema", "info", env=env)
        assert run.code == 0, run.err
        return run.out.splitlines()[:2]

    assert first_two("--schema", str(by_flag), env=env) == [f"schema:  {by_flag}", "         from --schema"]
    assert first_two(env=env) == [f"schema:  {by_env}", "         from ZSCLI_SCHEMA"]
    assert first_two(env=homes) == [f"schema:  {by_config}", "         from the config file"]
    config.write_text("")
    assert first_two(env=homes)[0] == f"schema:  {user}"
    user.unlink()
    assert first_two(env=homes) == [f"schema:  {SCHEMA_FILE}", "         packaged with zscli"]
    config.write_text(f'[profile.mine]\nschema = "{by_config}"\n')
    assert first_two("--profile", "mine", env=homes) == [f"schema:  {by_config}", "         from config [profile.mine]"]
    # completion follows the same choice: the flag on the line being completed, the environment, the config
    assert FIXTURE_ONLY_API in _complete(f"zscli --schema {by_flag} QueryWidg", homes).out.split()
    assert FIXTURE_ONLY_API in _complete(f"zscli --schema={by_flag} QueryWidg", homes).out.split()
    assert FIXTURE_ONLY_API in _complete("zscli QueryWidg", {**homes, "ZSCLI_SCHEMA": str(by_env)}).out.split()
    assert FIXTURE_ONLY_API in _complete("zscli --profile mine QueryWidg", homes).out.split()
    assert FIXTURE_ONLY_API not in _complete("zscli QueryWidg", homes).out.split()


def test_config_show_lists_the_schema_setting_and_its_source(homes, tmp_path):
    run = subprocess_zscli("config", "show", env={**homes, "ZSCLI_SCHEMA": str(tmp_path / "x.jsonl")})
    assert run.code == 0, run.err
    line = next(line for line in run.out.splitlines() if line.startswith("schema "))
    assert str(tmp_path / "x.jsonl") in line and "env ZSCLI_SCHEMA" in line


def test_a_schema_of_the_wrong_type_in_the_config_file_is_one_line(homes):
    config = Path(homes["XDG_CONFIG_HOME"]) / "zscli" / "config.toml"
    config.parent.mkdir()
    config.write_text("schema = 5\n")
    _one_line_error(subprocess_zscli("--dry-run", "QueryZone", env=homes), "key 'schema'")


# -- a missing or broken schema --------------------------------------------------------------------------------

def _broken(kind: str, tmp_path: Path, imported: Path) -> Path:
    path = tmp_path / f"{kind}.jsonl"
    if kind == "garbage":
        path.write_text("this is not a schema\n")
    elif kind == "empty":
        path.write_text("")
    elif kind == "truncated":
        path.write_bytes(imported.read_bytes()[:200])
    return path  # "missing": never written


@pytest.mark.parametrize("kind", ["missing", "garbage", "empty", "truncated"])
def test_a_missing_or_broken_schema_is_one_line_and_exit_2_everywhere(kind, homes, imported, tmp_path):
    bad = _broken(kind, tmp_path, imported)
    for env in ({**homes, "ZSCLI_SCHEMA": str(bad)},):
        _one_line_error(subprocess_zscli("--dry-run", "QueryZone", env=env), str(bad))  # one-shot
        _one_line_error(subprocess_zscli("--dry-run", input="QueryZone\n", env=env), str(bad))  # batch
        _one_line_error(subprocess_zscli("help", "QueryZone", env=env), str(bad))
        _one_line_error(subprocess_zscli("schema", "info", env=env), str(bad))
        comp = _complete("zscli Query", env)  # completion: nothing offered; the line goes to the hidden stderr
        assert comp.out == ""
        _one_line_error(comp, str(bad))
    _one_line_error(subprocess_zscli("--schema", str(bad), "--dry-run", "QueryZone", env=homes), str(bad))
    # what still works: config show, and importing a good schema over it
    assert subprocess_zscli("config", "show", env={**homes, "ZSCLI_SCHEMA": str(bad)}).code == 0


def test_a_broken_user_schema_is_one_line_and_import_repairs_it(homes, imported):
    target = _user_schema(homes, imported)
    target.write_text("{not json\n")
    _one_line_error(subprocess_zscli("--dry-run", "QueryWidget", env=homes), str(target), "zscli schema import")
    assert subprocess_zscli("schema", "import", str(FIXTURES), env=homes).code == 0
    assert subprocess_zscli("--dry-run", "QueryWidget", env=homes).code == 0


def test_the_shell_does_not_start_on_a_broken_schema(homes, tmp_path):
    pexpect = pytest.importorskip("pexpect")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n")
    child = pexpect.spawn(sys.executable, ["-m", "zscli", "--schema", str(bad)], env={**os.environ, **homes},
                          encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    out = child.before.replace("\r\n", "\n").strip()
    assert "Traceback" not in out and len(out.splitlines()) == 1 and str(bad) in out


def test_the_shell_starts_on_the_user_schema(homes, imported):
    pexpect = pytest.importorskip("pexpect")
    _user_schema(homes, imported)
    child = pexpect.spawn(sys.executable, ["-m", "zscli", "--dry-run"], env={**os.environ, **homes, "TERM": "dumb"},
                          encoding="utf-8", timeout=30)
    child.expect(">>> ")
    child.sendline("QueryWidget name=z")
    child.expect("widgets\\?q=name%3Dz")
    child.expect(">>> ")
    child.sendline("exit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_data_dir_follows_xdg_data_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert paths.data_dir() == tmp_path / "zscli"
    monkeypatch.setenv("XDG_DATA_HOME", " ")
    assert paths.data_dir() == Path(os.path.expanduser("~/.local/share")) / "zscli"


def test_a_schema_damaged_past_its_header_is_one_error_line_and_exit_2(homes, imported, tmp_path):
    """The header reads fine, the records do not: the damage shows when a command reads its API's record."""
    data = imported.read_bytes()
    records = data.index(b"\n", data.index(b"\n") + 1) + 1  # past the header and the routes line
    bad = tmp_path / "damaged.jsonl"
    bad.write_bytes(data[:records] + bytes(b if b == 0x0A else 0x78 for b in data[records:]))
    env = {**homes, "ZSCLI_SCHEMA": str(bad)}
    _one_line_error(subprocess_zscli("--dry-run", FIXTURE_ONLY_API, env=env), str(bad), "damaged")
    _one_line_error(subprocess_zscli("help", FIXTURE_ONLY_API, env=env), str(bad), "damaged")
    batch = subprocess_zscli("--dry-run", input=f"{FIXTURE_ONLY_API}\n", env=env)
    assert batch.code == 2 and "Traceback" not in batch.err
    assert batch.err.splitlines()[0].startswith(f"error: {bad} is damaged")
    comp = _complete(f"zscli {FIXTURE_ONLY_API} na", env)
    assert comp.code == 0 and comp.out == "" and comp.err == ""


def test_the_sdk_client_uses_the_schema_zscli_would(homes, imported, monkeypatch):
    import zscli.schema
    from zscli.schema.user import chosen
    from zscli.sdk import Client

    target = _user_schema(homes, imported)
    for var, value in homes.items():
        monkeypatch.setenv(var, value)
    try:
        Client()
        assert zscli.schema.selected_path() == str(target) and chosen().why == "user"
        assert zscli.schema.load().api(FIXTURE_ONLY_API) is not None
        monkeypatch.setenv("ZSCLI_SCHEMA", str(SCHEMA_FILE))
        Client()
        assert zscli.schema.selected_path() == str(SCHEMA_FILE) and chosen().why == "env"
    finally:
        from zscli.schema.user import Choice, use

        use(Choice(None, "packaged"))  # the rest of the test session reads the packaged schema
