"""Settings precedence (defaults < config < profile < env < flags), `config show`, and bad config files."""
from __future__ import annotations

import pytest

from .helpers.cli import zscli

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
    from .helpers.cli import login

    login(sim)
    run = zscli(sim, "QueryModelCenter")
    assert run.code == 0
    assert run.out.splitlines()[0].startswith("uuid,")


BAD_FILES = [
    ('host = 5\n', "host"), ('host = ""\n', "host"), ('port = "80"\n', "port"), ("port = true\n", "port"),
    ("port = 3.5\n", "port"), ("port = 70000\n", "port"), ("https = 1\n", "https"), ('verify = "no"\n', "verify"),
    ("ca_bundle = 3\n", "ca_bundle"), ('ca_bundle = "/no/such/ca.pem"\n', "ca_bundle"),
    ('timeout = "5"\n', "timeout"), ("timeout = 0\n", "timeout"), ("timeout = true\n", "timeout"),
    ("output = 3\n", "output"), ('output = "xml"\n', "output"), ("pager = false\n", "pager"),
    ("vi_mode = 2\n", "vi_mode"), ("modelarts_endpoint = 1\n", "modelarts_endpoint"),
    ('modelarts_endpoint = "ftp://x"\n', "modelarts_endpoint"), ("modelarts_token_file = 5\n", "modelarts_token_file"),
    ('modelarts_token = "secret-in-file"\n', "modelarts_token"), ("bogus = 1\n", "bogus"),
    ("profile = 3\n", "profile"), ("[profile]\nprod = 3\n", "profile.prod"),
    ('[profile.prod]\nport = "x"\n', "profile.prod.port"), ("[profile.prod]\nbogus = 1\n", "profile.prod.bogus"),
    ("[server]\nhost = 'x'\n", "server"),
]


def test_every_bad_value_is_one_line_naming_the_file_and_the_key(state_dir):
    for text, key in BAD_FILES:
        path = _write_config(state_dir, text)
        run = zscli(None, "config", "show")
        assert run.code == 2, text
        assert run.err.count("\n") == 1 and str(path) in run.err and f"'{key}'" in run.err, (text, run.err)
        assert "Traceback" not in run.err and "secret-in-file" not in run.err


def test_unreadable_or_broken_files(state_dir):
    path = state_dir / "config" / "zscli" / "config.toml"
    path.mkdir(parents=True)  # a directory where the file should be
    run = zscli(None, "config", "show")
    assert run.code == 2 and str(path) in run.err and run.err.count("\n") == 1
    path.rmdir()
    _write_config(state_dir, 'host = "a"\nport == 1\n')
    run = zscli(None, "config", "show")
    assert run.code == 2 and str(path) in run.err and "line" in run.err and run.err.count("\n") == 1
    path.write_bytes(b'host = "\xff"\n')
    run = zscli(None, "config", "show")
    assert run.code == 2 and str(path) in run.err


def test_bad_environment_values_and_flags_are_one_line_errors(state_dir, monkeypatch):
    for name, value in (("ZSCLI_PORT", "0"), ("ZSCLI_HTTPS", "maybe"), ("ZSCLI_INSECURE", "maybe"),
                        ("ZSCLI_TIMEOUT", "-1"), ("ZSCLI_OUTPUT", "xml"), ("ZSCLI_CA_BUNDLE", "/no/such")):
        monkeypatch.setenv(name, value)
        run = zscli(None, "config", "show")
        assert run.code == 2 and name in run.err and run.err.count("\n") == 1, run.err
        monkeypatch.delenv(name)
    run = zscli(None, "-p", "0", "config", "show")
    assert run.code == 2 and "--port" in run.err
    run = zscli(None, "--modelarts-endpoint", "example.com", "config", "show")
    assert run.code == 2 and "--modelarts-endpoint" in run.err


def test_every_file_key_is_read_and_shown_with_its_source(state_dir, monkeypatch):
    ca = state_dir / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    token = state_dir / "ma.token"
    token.write_text("tok-from-file\n")
    token.chmod(0o600)
    _write_config(state_dir, f'host = "h"\nport = 1\nhttps = true\nverify = false\nca_bundle = "{ca}"\n'
                  f'timeout = 2.5\noutput = "YAML"\npager = ""\nvi_mode = true\n'
                  f'modelarts_endpoint = "https://ma.example.com"\nmodelarts_token_file = "{token}"\n')
    run = zscli(None, "config", "show")
    rows = _show(run)
    expected = {"host": "h", "port": "1", "https": "True", "verify": "False", "ca_bundle": str(ca),
                "timeout": "2.5", "output": "yaml", "pager": "''", "vi_mode": "True",
                "modelarts_endpoint": "https://ma.example.com"}
    for key, value in expected.items():
        assert rows[key] == (value, "config"), key
    assert rows["modelarts_token"] == ("***", f"file {token}") and "tok-from-file" not in run.out
    monkeypatch.setenv("ZSCLI_MODELARTS_TOKEN", "tok-from-env")
    run = zscli(None, "config", "show")
    assert _show(run)["modelarts_token"] == ("***", "env ZSCLI_MODELARTS_TOKEN") and "tok-from-env" not in run.out


def test_empty_token_file_and_token_file_from_the_environment(state_dir, monkeypatch):
    token = state_dir / "ma.token"
    token.write_text("\n")
    token.chmod(0o600)
    monkeypatch.setenv("ZSCLI_MODELARTS_TOKEN_FILE", str(token))
    run = zscli(None, "config", "show")
    assert run.code == 2 and "empty" in run.err
    token.write_text("t0k\n")
    assert _show(zscli(None, "config", "show"))["modelarts_token"][0] == "***"


def test_the_selected_profile_wins_over_the_file_and_loses_to_env_and_flags(state_dir, monkeypatch):
    _write_config(state_dir, 'output = "csv"\n[profile.a]\noutput = "yaml"\n[profile.b]\noutput = "tsv"\n')
    monkeypatch.setenv("ZSCLI_PROFILE", "b")
    assert _show(zscli(None, "config", "show"))["output"] == ("tsv", "profile b")
    rows = _show(zscli(None, "--profile", "a", "config", "show"))  # the flag beats ZSCLI_PROFILE
    assert rows["output"] == ("yaml", "profile a") and rows["profile"] == ("a", "flag")
    monkeypatch.setenv("ZSCLI_OUTPUT", "json")
    assert _show(zscli(None, "--profile", "a", "config", "show"))["output"] == ("json", "env ZSCLI_OUTPUT")
    assert _show(zscli(None, "--profile", "a", "-o", "wide", "config", "show"))["output"] == ("wide", "flag")


def test_debug_and_curl_from_env_and_config(sim, state_dir, monkeypatch):
    from .helpers.cli import login

    login(sim)
    monkeypatch.setenv("ZSCLI_DEBUG", "true")
    run = zscli(sim, "QueryModelCenter", "limit=1")
    assert run.code == 0 and "> GET " in run.err and "OAuth ***" in run.err
    monkeypatch.delenv("ZSCLI_DEBUG")
    _write_config(state_dir, "curl = true\n")
    run = zscli(sim, "QueryModelCenter", "limit=1")
    assert run.code == 0 and "curl " in run.err
    assert _show(zscli(None, "config", "show"))["curl"] == ("True", "config")


def test_an_empty_environment_value_means_what_an_empty_config_value_means(tmp_path):
    """`ZSCLI_PAGER=` turns the pager off as `pager = ""` does; every setting follows the same rule."""
    from zscli import config

    cfg = tmp_path / "config.toml"
    cfg.write_text('pager = "more"\nca_bundle = ""\noutput = "yaml"\nmodelarts_endpoint = "http://m:1"\n')
    env = {"ZSCLI_PAGER": "", "ZSCLI_OUTPUT": "", "ZSCLI_MODELARTS_ENDPOINT": "", "ZSCLI_CA_BUNDLE": ""}
    settings = config.resolve({}, env=env, config_path=cfg).settings
    assert (settings.pager, settings.output, settings.modelarts_endpoint, settings.ca_bundle) == ("", "", "", "")
    empty = tmp_path / "empty.toml"
    for key, env_name in (("host", "ZSCLI_HOST"), ("port", "ZSCLI_PORT"), ("https", "ZSCLI_HTTPS"),
                          ("timeout", "ZSCLI_TIMEOUT")):
        empty.write_text(f'{key} = ""\n')
        with pytest.raises(config.ConfigError):
            config.resolve({}, env={}, config_path=empty)  # an empty value is an error in the file...
        with pytest.raises(config.ConfigError, match=env_name):
            config.resolve({}, env={env_name: ""}, config_path=cfg)  # ...and in the environment


@pytest.mark.parametrize("key", ["colour", "color", "no_color"])
def test_a_colour_key_in_the_config_file_points_at_no_color_not_a_look_alike_key(state_dir, key):
    _write_config(state_dir, f"{key} = true\n")
    run = zscli(None, "QueryZone")
    assert run.code == 2 and f"unknown key '{key}'" in run.err
    assert "NO_COLOR=1" in run.err and "--no-color" in run.err and "curl" not in run.err


def test_a_profile_without_a_config_file_says_the_file_does_not_exist_and_how_to_make_one(state_dir):
    run = zscli(None, "--profile", "nope", "QueryZone")
    assert run.code == 2
    path = state_dir / "config" / "zscli" / "config.toml"
    assert run.err.startswith(f"error: unknown profile 'nope': the config file {path} does not exist (create it")
    assert "[profile.nope]" in run.err and "none defined" not in run.err and len(run.err.splitlines()) == 1
