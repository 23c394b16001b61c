"""Console-script entry: answers shell completion requests before importing anything heavy."""
from __future__ import annotations

import os
import sys


def main() -> None:
    """``zscli``: shell completion fast path, else the command line (Ctrl-C at any point exits 130)."""
    try:
        if os.environ.get("_ZSCLI_COMPLETE"):
            from zscli import shellcomp

            sys.exit(shellcomp.run_from_env(os.environ))
        from zscli.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        sys.exit(130)
