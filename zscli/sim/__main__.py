"""``python -m zscli.sim``: run the simulator standalone until Ctrl-C."""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from .facts import DEFAULT_VERSION


def main(argv: Sequence[str] | None = None) -> int:
    """Parse options, serve, and exit cleanly on Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m zscli.sim",
                                     description="Serve a simulated ZStack model-center and ModelArts API.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080; 0 = any free port)")
    parser.add_argument("--db", metavar="FILE", help="keep data in this SQLite file (default: in memory)")
    parser.add_argument("--job-delay", type=float, default=0.5, metavar="SECONDS",
                        help="how long asynchronous jobs run (default 0.5)")
    parser.add_argument("--session-ttl", type=float, default=7200.0, metavar="SECONDS",
                        help="session lifetime (default 7200)")
    parser.add_argument("--version", default=None, metavar="VERSION",
                        help=f"management-node version GetVersion answers (default {DEFAULT_VERSION})")
    # The --sim shell's child process (zscli.sim.child): serve on an inherited socket until stdin ends.
    parser.add_argument("--listen-fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--schema", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.listen_fd is not None:
        from .child import serve

        return serve(args.listen_fd, job_delay=args.job_delay, version=args.version or DEFAULT_VERSION,
                     session_ttl=args.session_ttl, schema_path=args.schema)

    from .server import Simulator
    try:
        sim = Simulator(host=args.host, port=args.port, db_path=args.db, job_delay=args.job_delay,
                        session_ttl=args.session_ttl, version=args.version or DEFAULT_VERSION)
        url = sim.start()
    except OSError as exc:
        print(f"error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}; "
              "choose another --port", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - e.g. an unreadable --db file
        print(f"error: cannot start the simulator: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before the banner: a client may signal as soon as it reads it
        signal.signal(sig, lambda *_: stop.set())
    print(f"zscli simulator serving at {url}", flush=True)
    print(f"  ZStack API:      {url}/zstack/v1   account: {sim.admin_account}   password: {sim.admin_password}")
    print(f"  ModelArts API:   {sim.modelarts_endpoint}/v1   X-Auth-Token: {sim.modelarts_token}")
    print(f"  version:         {sim.version}   (GetVersion)")
    print(f"  access key:      id {sim.access_key_id}   secret {sim.access_key_secret}")
    print(f"  data:            {args.db or 'in memory'}   (Ctrl-C to stop)", flush=True)
    stop.wait()  # a signal handler sets it; no timer, so an idle simulator uses no CPU
    sim.stop()
    print("simulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
