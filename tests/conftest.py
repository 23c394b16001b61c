"""Shared fixtures: a live simulator on 127.0.0.1 with an ephemeral port."""
from __future__ import annotations

import pytest

from zscli.sim import Simulator


@pytest.fixture(scope="module")
def sim():
    """A simulator per test module (instant jobs; start and stop cost ~15 ms), so every module sees the
    seeded demo data. Call ``sim.clear_requests()`` before asserting on the request log."""
    server = Simulator(job_delay=0.0)
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def fresh_sim():
    """A private simulator with fresh demo data, for tests that write or need special timing."""
    server = Simulator(job_delay=0.0)
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def state_dir(tmp_path, monkeypatch):
    """Isolate the XDG dirs (session files, history, config) in a temp dir."""
    for var, sub in (("XDG_STATE_HOME", "state"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        path = tmp_path / sub
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    for var in ("ZSCLI_HOST", "ZSCLI_PORT", "ZSCLI_OUTPUT", "ZSCLI_PROFILE", "ZSCLI_MODELARTS_ENDPOINT",
                "ZSCLI_MODELARTS_TOKEN", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path
