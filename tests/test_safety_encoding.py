"""Encodings (issue 8 item 10): a UTF-8 byte-order mark is dropped wherever input is read (batch file, @file
values, the config file, token files), and a stdout that cannot encode every character (a GBK or ASCII
locale) escapes what it cannot hold instead of crashing half-way."""
from __future__ import annotations

import csv
import io
import json

import pytest

from .helpers.cli import last, login, zscli

BOM = "\ufeff"


@pytest.fixture()
def logged_in(fresh_sim, state_dir):
    login(fresh_sim)
    fresh_sim.clear_requests()
    return fresh_sim


def test_a_bom_at_the_start_of_a_batch_file_is_not_part_of_line_1(logged_in):
    run = zscli(logged_in, input=BOM + "QueryModel limit=1 fields=name\nQueryModel limit=1\n")
    assert run.code == 0, run.err
    assert "unknown API" not in run.err


def test_a_bom_at_the_start_of_an_at_file_is_not_sent(logged_in, tmp_path):
    uuid = zscli(logged_in, "QueryModel", "limit=1").json()["inventories"][0]["uuid"]
    path = tmp_path / "d.txt"
    path.write_bytes(BOM.encode() + "描述 text".encode())
    assert zscli(logged_in, "UpdateModel", f"uuid={uuid}", f"description=@{path}").code == 0
    assert last(logged_in, "PUT").body["updateModel"]["description"] == "描述 text"
    run = zscli(logged_in, "UpdateModel", f"uuid={uuid}", "description=@-", input=BOM + "from stdin\n")
    assert run.code == 0 and last(logged_in, "PUT").body["updateModel"]["description"] == "from stdin"


def test_a_config_file_starting_with_a_bom_parses(state_dir):
    config = state_dir / "config" / "zscli"
    config.mkdir(parents=True)
    (config / "config.toml").write_bytes(BOM.encode() + b'host = "10.1.2.3"\n')
    run = zscli(None, "config", "show")
    assert run.code == 0, run.err
    assert "10.1.2.3" in run.out


def _run(args: list[str], env: dict, encoding: str) -> tuple[int, str, str]:
    import os
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "zscli", *args], capture_output=True, timeout=60,
                          env=dict(os.environ, **env))
    return proc.returncode, proc.stdout.decode(encoding), proc.stderr.decode(encoding)


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_an_emoji_under_a_non_utf8_stdout_never_crashes(logged_in, state_dir, encoding):
    uuids = [m["uuid"] for m in zscli(logged_in, "QueryModel", "limit=3").json()["inventories"]]
    assert zscli(logged_in, "UpdateModel", f"uuid={uuids[0]}", "name=smile 🙂 名字").code == 0
    env = {"PYTHONIOENCODING": encoding, "XDG_STATE_HOME": str(state_dir / "state"),
           "XDG_CONFIG_HOME": str(state_dir / "config")}
    base = ["-H", "127.0.0.1", "-p", str(logged_in.port)]
    for fmt in ("table", "wide", "csv", "tsv", "json", "yaml"):
        code, out, err = _run([*base, "-o", fmt, "QueryModel", "limit=3", "name~=smile"], env, encoding)
        assert code == 0 and "Traceback" not in err and "internal error" not in err, (fmt, err)
        assert "smile" in out, (fmt, out)
    code, out, err = _run([*base, "-o", "csv", "QueryModel", "limit=3"], env, encoding)
    assert code == 0 and len(list(csv.reader(io.StringIO(out)))) == 4  # CSV does not stop half-way
    code, out, err = _run([*base, "-o", "json", "QueryModel", f"uuid={uuids[0]}"], env, encoding)
    assert json.loads(out)["inventories"][0]["name"] == "smile 🙂 名字"  # JSON stays exact (escaped, valid)
    code, out, err = _run([*base, "QueryModel", "name🙂=x"], env, encoding)
    assert code == 2 and "Traceback" not in err
