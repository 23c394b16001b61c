"""The interactive shell (prompt_toolkit REPL). Only ``zscli.cli`` imports this package."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zscli.runner import Runner


def run_shell(runner: Runner) -> int:
    """Run the REPL on ``runner`` until ``exit``, ``quit`` or Ctrl-D; return the exit code (0)."""
    from .repl import Shell

    return Shell(runner).run()


__all__ = ["run_shell"]
