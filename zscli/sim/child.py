"""The simulator in a child process: how ``zscli --sim`` opens its shell without waiting for the simulator.

Importing and seeding the simulator takes about as long as importing prompt_toolkit (~50 ms each), so the shell
binds the listening socket itself (its port is known at once), hands the socket to ``python -m zscli.sim`` in a
child process and goes on importing its prompt on the other core. A request that arrives before the child
serves waits in the socket's backlog. The child's standard input is a pipe from the shell: its first line is the
admin session the child creates (so the session never appears in a process listing), and its end, when the shell
exits or dies, stops the child.
"""
from __future__ import annotations

import os
import signal
import socket
import sys

#: How long :meth:`SimulatorProcess.stop` waits for the child before killing it, in seconds.
STOP_WAIT = 2.0


class SimulatorProcess:
    """A simulator serving in child process ``pid`` on ``host``:``port``, with ``session`` (an admin session
    uuid) valid; ``pipe`` is the write end of the child's standard input."""

    def __init__(self, pid: int, pipe: int, host: str, port: int, session: str) -> None:
        self.pid = pid
        self.pipe = pipe
        self.host = host
        self.port = port
        self.session = session
        self.returncode: int | None = None

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:<port>``."""
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        """End the child (closing its standard input asks it to stop) and reap it; kill it if it lingers more
        than :data:`STOP_WAIT` seconds."""
        import time

        if self.returncode is not None:
            return
        try:
            os.close(self.pipe)
        except OSError:
            pass
        deadline = time.monotonic() + STOP_WAIT
        while self._reap(os.WNOHANG) is None:
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                self._reap(0)
                return
            time.sleep(0.01)

    def _reap(self, flags: int) -> int | None:
        try:
            pid, status = os.waitpid(self.pid, flags)
        except ChildProcessError:
            pid, status = self.pid, 0  # reaped elsewhere
        if pid == 0:
            return None
        self.returncode = os.waitstatus_to_exitcode(status) if status else 0
        return self.returncode


def spawn(*, schema_path: str, job_delay: float) -> SimulatorProcess:
    """Bind a loopback port, start ``python -m zscli.sim`` serving on it with the catalogue at ``schema_path``
    and ``job_delay`` seconds per asynchronous job, and hand it a new admin session. OSError when the port or the
    process cannot be had (the caller then runs the simulator in this process).

    ``os.posix_spawn`` rather than :mod:`subprocess`: importing subprocess and forking cost ~25 ms of the
    first prompt, spawning costs ~1 ms. The child runs in a session of its own (``setsid``), so the terminal's
    Ctrl-C and resizes reach only the shell."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    read_end, write_end = os.pipe()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        listening.bind(("127.0.0.1", 0))
        listening.listen(128)
        host, port = listening.getsockname()[:2]
        fd = listening.fileno()
        os.set_inheritable(fd, True)  # every other descriptor of ours is close-on-exec
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH"))
                                                          if p))
        argv = [sys.executable, "-m", "zscli.sim", "--listen-fd", str(fd), "--schema", schema_path,
                "--job-delay", str(job_delay)]
        pid = os.posix_spawn(sys.executable, argv, env, setsid=True,
                             file_actions=[(os.POSIX_SPAWN_DUP2, read_end, 0), (os.POSIX_SPAWN_DUP2, devnull, 1)])
    except BaseException:
        os.close(write_end)
        raise
    finally:
        listening.close()  # the child has its own copy: if it dies, connections are refused, never left hanging
        os.close(read_end)
        os.close(devnull)
    session = os.urandom(16).hex()
    process = SimulatorProcess(pid, write_end, host, port, session)
    try:
        os.write(write_end, session.encode("ascii") + b"\n")
    except OSError:
        process.stop()
        raise
    return process


def serve(listen_fd: int, *, job_delay: float, version: str, session_ttl: float, schema_path: str | None) -> int:
    """The child's side: serve on the inherited socket ``listen_fd``, create the session named by the first line
    of standard input, and stop when standard input ends. Its exit code; one line on stderr when it cannot start."""
    from .server import Simulator

    try:
        if schema_path:
            from zscli.schema import select

            select(schema_path)
        sim = Simulator(listening=socket.socket(fileno=listen_fd), job_delay=job_delay, version=version,
                        session_ttl=session_ttl)
        session = sys.stdin.buffer.readline().decode("ascii", "replace").strip()
        if session:
            sim.login(session)
        sim.start()
    except Exception as exc:  # noqa: BLE001 - the shell shows one line, never a traceback
        sys.stderr.write(f"error: the built-in simulator could not start: {exc}\n")
        return 1
    try:
        while sys.stdin.buffer.read(4096):  # nothing more is sent: this returns when the shell closes the pipe
            pass
    except (OSError, KeyboardInterrupt):
        pass
    sim.stop()
    return 0
