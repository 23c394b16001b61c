"""zscli's own XDG directories are where platformdirs puts them (computed without importing it on Linux)."""
from __future__ import annotations

import sys

import pytest

from zscli import paths


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fast path is Linux's")
@pytest.mark.parametrize("value", [None, "", "   ", "/x/y"])
def test_config_and_state_dirs_match_platformdirs(monkeypatch, value):
    import platformdirs

    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert str(paths.config_dir()) == platformdirs.user_config_dir("zscli", appauthor=False)
    assert str(paths.state_dir()) == platformdirs.user_state_dir("zscli", appauthor=False)
