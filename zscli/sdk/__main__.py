"""``python -m zscli.sdk --example API``: print a ready-to-edit SDK script for one API (``--list``: every action)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Print the example (exit 0), the action names, or a one-line error with a suggestion (exit 2)."""
    parser = argparse.ArgumentParser(prog="python -m zscli.sdk",
                                     description="zscli's Python SDK: examples in the reference pages' style.")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--example", metavar="API", help="print a ready-to-edit script calling API (e.g. UpdateModel)")
    group.add_argument("--list", action="store_true", help="list every action class")
    args = parser.parse_args(argv)

    from zscli.language.parser import find_api
    from zscli.schema import load

    from .docs import example

    schema = load()
    if args.list:
        sys.stdout.write("".join(f"{name}Action\n" for name in schema.api_names))
        return 0
    name = args.example[: -len("Action")] if args.example.endswith("Action") else args.example
    from zscli.errors import ZscliError

    try:
        api = find_api(name, schema)
    except ZscliError as exc:
        sys.stderr.write(f"error: {exc.one_line()}\n")
        return int(exc.exit_code)
    sys.stdout.write(example(api))
    return 0


if __name__ == "__main__":
    sys.exit(main())
