"""prompt_toolkit adapter for :mod:`zscli.completion` (run inside a ThreadedCompleter)."""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, ThreadedCompleter
from prompt_toolkit.document import Document

from zscli.completion.engine import complete
from zscli.completion.kinds import Kind
from zscli.completion.seen import SeenValues
from zscli.schema.types import Schema

KIND_STYLES = {
    Kind.API: "class:completion.api",
    Kind.BUILTIN: "class:completion.builtin",
    Kind.PARAM: "class:completion.param",
    Kind.FIELD: "class:completion.field",
    Kind.RELATION: "class:completion.relation",
    Kind.TAG: "class:completion.field",
    Kind.OPTION: "class:completion.option",
    Kind.OPERATOR: "class:completion.operator",
    Kind.VALUE: "class:completion.value",
}


class ZscliCompleter(Completer):
    """Completes from the schema and the values seen in this shell; never raises, never does I/O."""

    def __init__(self, schema: Schema, seen: Callable[[], Optional[SeenValues]], builtins: bool = True) -> None:
        self.schema = schema
        self.seen = seen
        self.builtins = builtins

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        try:
            found = complete(document.text_before_cursor, self.schema, self.seen(), builtins=self.builtins)
        except Exception:  # noqa: BLE001 - a completion bug must not break the prompt
            return
        for cand in found:
            yield Completion(cand.text, cand.start, display=cand.display, display_meta=cand.meta,
                             style=KIND_STYLES.get(cand.kind, ""))


def make_completer(schema: Schema, seen: Callable[[], Optional[SeenValues]]) -> ThreadedCompleter:
    """The shell's completer: :class:`ZscliCompleter` run off the UI thread."""
    return ThreadedCompleter(ZscliCompleter(schema, seen, builtins=True))
