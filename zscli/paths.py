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


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path, owned: Path | None = None) -> Path:
    """Create ``path`` (and missing parents) readable by its owner only, and return it.

    Missing directories are made with mode 0700, as the XDG spec asks; ``path`` and every directory between
    ``owned`` (default: ``path``) and it are zscli's own, so an existing one that is wider (0755 from an older
    zscli or a umask) is narrowed to 0700. Directories above ``owned`` (``~/.local/state``) are never changed.
    Raises OSError when that is impossible.
    """
    path = Path(path)
    owned = Path(owned) if owned is not None else path
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # made meanwhile by another zscli
            pass
    ours = [path, *[p for p in path.parents if p == owned or owned in p.parents]]
    for directory in ours:
        _narrow(directory, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists with mode 0600 (created empty when missing, narrowed when wider)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    try:
        if hasattr(os, "fchmod") and os.fstat(fd).st_mode & 0o777 != PRIVATE_FILE:
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return path


def _narrow(directory: Path, mode: int) -> None:
    """chmod ``directory`` to ``mode`` when it is ours and its mode differs (best effort on other systems)."""
    st = directory.stat()
    if st.st_mode & 0o777 != mode and (not hasattr(os, "getuid") or st.st_uid == os.getuid()):
        os.chmod(directory, mode)
