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
    """``<state dir>/history``, readable by its owner only: the file 0600 in a 0700 directory (an existing
    wider file or directory is narrowed). OSError when that is impossible."""
    from zscli import paths

    directory = paths.private_dir(paths.state_dir(state_dir))
    return paths.private_file(directory / "history")
