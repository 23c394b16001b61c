"""Run in a child process by ``fig_repl.py``: drive the shell in-process (prompt_toolkit on a pipe input)
against the simulator at ``URL`` and print, as JSON, the traced Python memory (bytes) after each of the
checkpoints given: ``python _repl_probe.py URL CHECKPOINT...`` (numbers of ``QueryModel`` commands run)."""
from __future__ import annotations

import gc
import io
import json
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class _Sink(io.StringIO):
    """Output that keeps nothing (so the measured growth is the shell's own)."""

    def write(self, text: str) -> int:
        return len(text)


def main() -> int:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from zscli import config
    from zscli.runner import Runner
    from zscli.shell.repl import Shell

    url, checkpoints = sys.argv[1], [int(a) for a in sys.argv[2:]]
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    settings = config.resolve({"host": host, "port": int(port), "output": "json"}).settings
    tracemalloc.start()
    out: dict[int, int] = {}
    with create_pipe_input() as pipe:
        app = Runner(settings, out=_Sink(), err=_Sink(), interactive=True)
        shell = Shell(app, input=pipe, output=DummyOutput(), out=_Sink(), err=_Sink())
        done = 0
        for point in checkpoints:
            while done < point:
                shell.execute("QueryModel")
                done += 1
            gc.collect()
            out[point] = tracemalloc.get_traced_memory()[0]
        app.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
