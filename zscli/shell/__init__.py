"""The interactive shell (prompt_toolkit REPL). Only ``zscli.cli`` imports this package."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zscli.app import App


def run_shell(app: "App") -> int:
    """Run the REPL on ``app`` until ``exit``, ``quit`` or Ctrl-D; return the exit code (0)."""
    from .repl import Shell

    return Shell(app).run()


__all__ = ["run_shell"]
