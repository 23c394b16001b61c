"""Shell history in the XDG state dir, with secret values scrubbed before they are kept or written."""
from __future__ import annotations

from pathlib import Path

from prompt_toolkit.history import FileHistory

from zscli.language.secrets import scrub
from zscli.schema.types import Schema


class ScrubbedFileHistory(FileHistory):
    """A FileHistory that never keeps a secret, neither on disk nor in memory (up-arrow, Ctrl-R)."""

    def __init__(self, filename: str | Path, schema: Schema) -> None:
        super().__init__(str(filename))
        self.schema = schema

    def append_string(self, string: str) -> None:
        super().append_string(scrub(string, self.schema))

    def store_string(self, string: str) -> None:
        try:
            super().store_string(scrub(string, self.schema))
        except OSError:  # the state dir went away or is read-only: keep the line in memory only
            pass


def history_file(state_dir: str = "") -> Path:
    """``<state dir>/history``, creating the directory (mode 0700) when missing."""
    from zscli import paths

    directory = paths.state_dir(state_dir)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory / "history"
