"""Shared fixtures: a live simulator on 127.0.0.1 with an ephemeral port."""
from __future__ import annotations

import os
import signal
import tempfile

import pytest

from zscli.config import ENV_NAMES
from zscli.sim import Simulator


def pytest_configure(config):
    """Ctrl-C as a terminal delivers it, whatever the suite was started from: a run in the background (``cmd &``,
    nohup, some CI runners) inherits SIGINT ignored, and so would every zscli process the tests start, so the
    tests of Ctrl-C during a job or a batch would wait forever. Children inherit the handler set here."""
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """Every test starts without any variable the config knows (a developer of zscli may well have
    ZSCLI_DEBUG or ZSCLI_KEEP_GOING exported); tests that need one set it themselves."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    # nor a user schema of their own (`zscli schema import` writes it into the data dir): point at none
    monkeypatch.setenv("XDG_DATA_HOME", os.path.join(tempfile.gettempdir(), "zscli-tests-no-data-home"))
    yield
    from zscli import diagnostics

    diagnostics.enable(None)  # a --debug run in one test must not trace into the next


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
    for var, sub in (("XDG_STATE_HOME", "state"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_DATA_HOME", "data")):
        path = tmp_path / sub
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    return tmp_path
