"""Where zscli keeps its files (XDG via platformdirs): config, state (sessions, history), cache."""
from __future__ import annotations

from pathlib import Path


def config_dir() -> Path:
    """The directory holding ``config.toml`` (``$XDG_CONFIG_HOME/zscli``)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("zscli", appauthor=False))


def state_dir(override: str = "") -> Path:
    """The directory for sessions and shell history (``$XDG_STATE_HOME/zscli``), or ``override``."""
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_state_dir("zscli", appauthor=False))


def config_file() -> Path:
    """The config file path."""
    return config_dir() / "config.toml"
