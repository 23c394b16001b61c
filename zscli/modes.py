"""The three ways zscli runs after the options are read: one command, a batch from stdin, or the shell;
each on the configured server or on a built-in simulator (``--sim``)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zscli import __version__
from zscli.environment import Environment
from zscli.errors import ExitCode
from zscli.record import replace
from zscli.settings import Settings

if TYPE_CHECKING:
    from zscli.sim import Simulator


def _start_sim(settings: Settings) -> tuple[Settings, Simulator]:
    """A simulator on an ephemeral loopback port, and the settings that point at it."""
    from zscli.sim import Simulator

    simulator = Simulator(host="127.0.0.1", port=0, job_delay=0.3)
    simulator.start()
    settings = replace(settings, host=simulator.host, port=simulator.port, https=False,
                       modelarts_endpoint="", modelarts_token=simulator.modelarts_token)
    return settings, simulator


def _sim_login(runner: Any, simulator: Any) -> None:
    """Log in to the built-in simulator directly (a session it issues, stored as a login would store it): no
    HTTP request and no ``requests`` import stand between ``zscli --sim`` and its first prompt."""
    import time

    from zscli.transport import StoredSession

    runner.store.save(StoredSession(uuid=simulator.login(), account=simulator.admin_account,
                                    host=runner.settings.host, port=runner.settings.port,
                                    server_version=simulator.version, version_checked=time.time()))
    runner.err.write(f"logged in as {runner.identity()}\n")


def run(settings: Settings, words: list[str], sim: bool = False, env: Any = None) -> int:
    """Run ``words`` as one command, or (with none) the shell on a terminal, else a batch from stdin."""
    from zscli.batch import BatchStdin, run_batch
    from zscli.runner import Runner

    env = env or Environment.from_process(settings.color)
    simulator = None
    if sim:
        settings, simulator = _start_sim(settings)
    interactive = not words and env.interactive
    batch = not words and not interactive
    runner = Runner(settings, env=env, interactive=interactive, stdin=BatchStdin() if batch else None)
    try:
        if simulator is not None:
            _sim_login(runner, simulator)
        if words:
            return int(runner.run_tokens(words))
        if interactive:
            from zscli.shell import run_shell

            if simulator is not None:
                env.stderr.write(f"zscli {__version__} on the built-in simulator at {simulator.url} (demo data; "
                                 f"password '{simulator.admin_password}'; access key {simulator.access_key_id}, "
                                 f"secret {simulator.access_key_secret}). Tab completes, `help` lists APIs, "
                                 "Ctrl-D leaves.\n")
            return int(run_shell(runner))
        return run_batch(runner, env.stdin)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    finally:
        if simulator is not None:
            runner.store.delete(settings.host, settings.port)
        runner.close()
        if simulator is not None:
            simulator.stop()
