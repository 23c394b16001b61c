"""Settings precedence (defaults < config < profile < env < flags), `config show`, and bad config files."""
from __future__ import annotations

from clihelp import zscli

CONFIG = """\
host = "file-host"
port = 1111
output = "yaml"

[profile.prod]
port = 2222
https = true
"""


def _write_config(state_dir, text: str):
    path = state_dir / "config" / "zscli" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _show(run) -> dict:
    assert run.code == 0, run.err
    rows = {}
    for line in run.out.splitlines()[1:]:
        parts = line.split()
        rows[parts[0]] = (parts[1], " ".join(parts[2:]))
    return rows


def test_defaults(state_dir):
    rows = _show(zscli(None, "config", "show"))
    assert rows["host"] == ("localhost", "default") and rows["port"] == ("8080", "default")


def test_precedence_file_profile_env_flag(state_dir, monkeypatch):
    _write_config(state_dir, CONFIG)
    rows = _show(zscli(None, "config", "show"))
    assert rows["host"] == ("file-host", "config") and rows["port"] == ("1111", "config")
    rows = _show(zscli(None, "--profile", "prod", "config", "show"))
    assert rows["port"] == ("2222", "profile prod") and rows["https"] == ("True", "profile prod")
    assert rows["host"] == ("file-host", "config")
    monkeypatch.setenv("ZSCLI_PORT", "3333")
    rows = _show(zscli(None, "--profile", "prod", "config", "show"))
    assert rows["port"] == ("3333", "env ZSCLI_PORT")
    rows = _show(zscli(None, "--profile", "prod", "-p", "4444", "config", "show"))
    assert rows["port"] == ("4444", "flag")
    monkeypatch.setenv("ZSCLI_PROFILE", "prod")
    monkeypatch.delenv("ZSCLI_PORT")
    rows = _show(zscli(None, "config", "show"))
    assert rows["port"] == ("2222", "profile prod")


def test_secrets_are_masked(state_dir, monkeypatch):
    monkeypatch.setenv("ZSCLI_MODELARTS_TOKEN", "very-secret-token")
    run = zscli(None, "config", "show")
    assert "very-secret-token" not in run.out
    assert _show(run)["modelarts_token"][0] == "***"


def test_token_file_must_be_private(state_dir):
    token = state_dir / "token"
    token.write_text("tok\n")
    token.chmod(0o644)
    _write_config(state_dir, f'modelarts_token_file = "{token}"\n')
    run = zscli(None, "config", "show")
    assert run.code == 2 and "chmod 600" in run.err
    token.chmod(0o600)
    assert _show(zscli(None, "config", "show"))["modelarts_token"][0] == "***"


def test_bad_config_file_names_file_and_key(state_dir):
    path = _write_config(state_dir, 'port = "many"\n')
    run = zscli(None, "config", "show")
    assert run.code == 2
    assert str(path) in run.err and "port" in run.err and "Traceback" not in run.err
    _write_config(state_dir, 'hots = "x"\n')
    run = zscli(None, "config", "show")
    assert run.code == 2 and "hots" in run.err and "did you mean 'host'" in run.err
    _write_config(state_dir, 'host = \n')
    run = zscli(None, "config", "show")
    assert run.code == 2 and "TOML" in run.err


def test_unknown_profile(state_dir):
    _write_config(state_dir, CONFIG)
    run = zscli(None, "--profile", "qa", "config", "show")
    assert run.code == 2 and "prod" in run.err


def test_config_output_is_used(sim, state_dir):
    _write_config(state_dir, 'output = "csv"\n')
    from clihelp import login

    login(sim)
    run = zscli(sim, "QueryModelCenter")
    assert run.code == 0
    assert run.out.splitlines()[0].startswith("uuid,")
