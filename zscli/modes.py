"""The three ways zscli runs after the options are read: one command, a batch from stdin, or the shell;
each on the configured server or on a built-in simulator (``--sim``)."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from zscli import __version__
from zscli.environment import Environment
from zscli.errors import ExitCode
from zscli.record import replace
from zscli.settings import Settings
from zscli.sim import facts

#: Seconds an asynchronous job takes on the ``--sim`` simulator (long enough to see the job being waited for).
SIM_JOB_DELAY = 0.3

if TYPE_CHECKING:
    from zscli.sim import Simulator
    from zscli.sim.child import SimulatorProcess


def _start_sim(settings: Settings, *, child: bool) -> tuple[Settings, Simulator | SimulatorProcess, str]:
    """A simulator on an ephemeral loopback port, the settings that point at it, and an admin session uuid it
    knows. ``child``: in a child process (the shell's first prompt does not wait for the simulator's start-up;
    see :mod:`zscli.sim.child`), else in a thread of this process (one command, a batch)."""
    from zscli.schema import selected_path

    simulator: Simulator | SimulatorProcess | None = None
    session = ""
    if child and os.name == "posix":
        from zscli.sim.child import spawn

        try:
            simulator = spawn(schema_path=selected_path(), job_delay=SIM_JOB_DELAY)
            session = simulator.session
        except OSError:
            simulator = None  # no process to be had: serve from this one
    if simulator is None:
        from zscli.sim import Simulator

        simulator = Simulator(host="127.0.0.1", port=0, job_delay=SIM_JOB_DELAY)
        simulator.start()
        session = simulator.login()
    settings = replace(settings, host=simulator.host, port=simulator.port, https=False,
                       modelarts_endpoint="", modelarts_token=facts.MODELARTS_TOKEN)
    return settings, simulator, session


def _sim_login(runner: Any, session: str) -> int:
    """Store the simulator's admin ``session`` as a login would (no HTTP request and no ``requests`` import stand
    between ``zscli --sim`` and its first prompt). The exit code: 0, or 4 (printed) when it cannot be stored."""
    import time

    from zscli.errors import ConfigError, SessionNotKept
    from zscli.transport import StoredSession

    try:
        runner.store.save(StoredSession(uuid=session, account=facts.ADMIN_ACCOUNT, host=runner.settings.host,
                                        port=runner.settings.port, server_version=facts.DEFAULT_VERSION,
                                        version_checked=time.time()), durable=False)  # gone with the simulator
    except ConfigError as exc:  # an unwritable state directory: say so (exit 4), not "internal error" (70)
        return int(runner.report(SessionNotKept(
            f"the simulator's session cannot be kept: {exc.message}",
            hint="make the state directory writable, or set XDG_STATE_HOME to one that is")))
    runner.err.write(f"logged in as {runner.identity()}\n")
    return 0


def sim_banner(url: str) -> str:
    """What ``zscli --sim`` says before its first prompt, the simulator being at ``url``: short lines (each under
    80 columns, so a terminal never wraps one mid-word) with the demo credentials and what to type."""
    return (f"zscli {__version__} on the built-in simulator at {url} (demo data)\n"
            f"  account {facts.ADMIN_ACCOUNT}, password {facts.ADMIN_PASSWORD}\n"
            f"  access key {facts.ACCESS_KEY_ID}, secret {facts.ACCESS_KEY_SECRET}\n"
            "Tab completes, `help` lists APIs, Ctrl-D leaves.\n")


def run(settings: Settings, words: list[str], sim: bool = False, env: Any = None) -> int:
    """Run ``words`` as one command, or (with none) the shell on a terminal, else a batch from stdin."""
    from zscli.batch import BatchStdin, run_batch
    from zscli.runner import Runner

    env = env or Environment.from_process(settings.color)
    interactive = not words and env.interactive
    batch = not words and not interactive
    simulator, session = None, ""
    if sim:
        settings, simulator, session = _start_sim(settings, child=interactive)
    runner = Runner(settings, env=env, interactive=interactive, stdin=BatchStdin() if batch else None)
    saved = _exit_on_signals() if simulator is not None else {}
    try:
        if simulator is not None and (code := _sim_login(runner, session)):
            return code
        if words:
            return int(runner.run_tokens(words))
        if interactive:
            from zscli.shell import run_shell

            if simulator is not None:
                env.stderr.write(sim_banner(simulator.url))
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
        _restore(saved)


def _exit_on_signals() -> dict[int, Any]:
    """Make SIGTERM and SIGHUP raise SystemExit (exit status 128 + the signal), so the clean-up in :func:`run`
    runs (the ``--sim`` session file deleted, the simulator stopped) instead of the process dying on the spot;
    the shell ends its prompt on them as on Ctrl-D. Returns the handlers replaced (none off the main thread)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    return {sig: signal.signal(sig, leave) for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if sig}


def _restore(saved: dict[int, Any]) -> None:
    """Put back the signal handlers :func:`_exit_on_signals` replaced."""
    import signal

    for sig, handler in saved.items():
        signal.signal(sig, handler)
