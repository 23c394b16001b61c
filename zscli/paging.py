"""``--all``: a query's whole result, asked for page by page and written as the pages arrive."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any
from collections.abc import Iterator

from zscli.record import replace

if TYPE_CHECKING:
    from zscli.call import Call
    from zscli.runner import Runner


def pages(runner: Runner, call: Call, session_uuid: str | None) -> Iterator[list[Any]]:
    """Each page of ``call``'s result (a list of inventories), asked for with limit/start in pages of
    ``settings.page_size`` rows; the user's ``limit`` caps the total, ``start`` is where it begins."""
    from zscli.language import wire
    from zscli.output.shape import records

    size = max(runner.settings.page_size, 1)
    start = call.options.start or 0
    cap = call.options.limit
    got = 0
    while cap is None or got < cap:
        want = size if cap is None else min(size, cap - got)
        page = replace(call, options=replace(call.options, limit=want, start=start), by_uuid="")
        body = runner.send(call.api, wire.build(page), session_uuid).body
        rows = list(records(call.api, body, runner.schema))
        yield rows
        got += len(rows)
        start += len(rows)
        if len(rows) < want:
            return


def run_all(runner: Runner, call: Call, session_uuid: str | None) -> None:
    """Write the rows of every page as it arrives (a progress line on a terminal's stderr)."""
    from zscli.environment import terminal_width
    from zscli.output import Format
    from zscli.output.paged import progress_line, write_pages

    tty = runner.err if runner.env.stderr_isatty else None
    seen = 0

    def watched() -> Iterator[list[Any]]:
        nonlocal seen
        for rows in pages(runner, call, session_uuid):
            seen += len(rows)
            progress_line(call.api.name, seen, tty)
            yield rows

    try:
        write_pages(call.api, watched(), Format.parse(runner.output_format()), out=runner.out, schema=runner.schema,
                    fields=call.options.fields, color=runner.env.color(runner.out), width=terminal_width(None),
                    terminal=runner.env.stdout_isatty)
    finally:
        if tty is not None and seen:
            tty.write("\r\x1b[2K")
            tty.flush()
    runner.out.flush()
