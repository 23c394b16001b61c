"""The simulator answers GetVersion (no session needed) with its configurable management-node version."""
from __future__ import annotations

import subprocess
import sys

import requests

from zscli.sim import Simulator
from zscli.sim.dispatch import DEFAULT_VERSION

GET_VERSION = "/zstack/v1/management-nodes/actions"


def test_get_version_default_and_configured():
    with Simulator() as default, Simulator(version="5.3.20") as old:
        for server, expected in ((default, DEFAULT_VERSION), (old, "5.3.20")):
            reply = requests.put(server.url + GET_VERSION, json={"getVersion": {}}, timeout=10)
            assert reply.status_code == 200 and reply.json() == {"version": expected}
        assert DEFAULT_VERSION.startswith("5.5.")
        old.version = "4.8.0"
        assert requests.put(old.url + GET_VERSION, json={"getVersion": {}}, timeout=10).json() == {"version": "4.8.0"}


def test_standalone_simulator_takes_version_option():
    out = subprocess.run([sys.executable, "-m", "zscli.sim", "--help"], capture_output=True, text=True, timeout=30)
    assert "--version VERSION" in out.stdout and DEFAULT_VERSION in out.stdout
