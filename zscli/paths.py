"""Where zscli keeps its files (XDG via platformdirs): config, state (sessions, history), data (a user schema),
cache."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def _xdg(variable: str, default: str) -> Path:
    """``$variable/zscli`` (or ``default/zscli`` when unset or blank), as platformdirs decides it on Linux:
    computed here so that a one-shot command does not import platformdirs (about 3 ms)."""
    base = os.environ.get(variable, "")
    return Path(base if base.strip() else os.path.expanduser(default)) / "zscli"


def config_dir() -> Path:
    """The directory holding ``config.toml`` (``$XDG_CONFIG_HOME/zscli``)."""
    if sys.platform.startswith("linux"):
        return _xdg("XDG_CONFIG_HOME", "~/.config")
    import platformdirs

    return Path(platformdirs.user_config_dir("zscli", appauthor=False))


def state_dir(override: str = "") -> Path:
    """The directory for sessions and shell history (``$XDG_STATE_HOME/zscli``), or ``override``."""
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):
        return _xdg("XDG_STATE_HOME", "~/.local/state")
    import platformdirs

    return Path(platformdirs.user_state_dir("zscli", appauthor=False))


def data_dir() -> Path:
    """The directory for a user schema made by ``zscli schema import`` (``$XDG_DATA_HOME/zscli``)."""
    if sys.platform.startswith("linux"):
        return _xdg("XDG_DATA_HOME", "~/.local/share")
    import platformdirs

    return Path(platformdirs.user_data_dir("zscli", appauthor=False))


def config_file() -> Path:
    """The config file path."""
    return config_dir() / "config.toml"
