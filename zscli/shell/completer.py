"""prompt_toolkit adapter for :mod:`zscli.completion` (run inside a ThreadedCompleter)."""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING
from collections.abc import Callable, Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, ThreadedCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText

from zscli.completion.engine import complete
from zscli.completion.kinds import Candidate, CandidateKind
from zscli.completion.seen import SeenValues
from zscli.output.safe import visible
from zscli.schema.types import Schema

if TYPE_CHECKING:
    from prompt_toolkit.key_binding import KeyBindings

KIND_STYLES = {
    CandidateKind.API: "class:completion.api",
    CandidateKind.BUILTIN: "class:completion.builtin",
    CandidateKind.PARAM: "class:completion.param",
    CandidateKind.FIELD: "class:completion.field",
    CandidateKind.RELATION: "class:completion.relation",
    CandidateKind.TAG: "class:completion.field",
    CandidateKind.OPTION: "class:completion.option",
    CandidateKind.OPERATOR: "class:completion.operator",
    CandidateKind.VALUE: "class:completion.value",
}


@functools.lru_cache(maxsize=16384)
def _visible(text: str) -> str:
    """:func:`visible`, remembered: the same menu texts come back on every keystroke."""
    return visible(text)


class _MenuItem(Completion):
    """A :class:`Completion` whose display is plain text, built without prompt_toolkit's per-object import
    and conversion (a few microseconds each, for hundreds of candidates on every keystroke)."""

    def __init__(self, text: str, start_position: int, display: str, display_meta: str, style: str) -> None:
        self.text = text
        self.start_position = start_position
        self._display_meta = display_meta
        self.display = FormattedText([("", display)])
        self.style = style
        self.selected_style = ""


MENU_ITEMS_KEPT = 50_000  # menu items remembered by candidate (cleared when there are more)


class ZscliCompleter(Completer):
    """Completes from the schema and the values seen in this shell; never raises, never does I/O."""

    def __init__(self, schema: Schema, seen: Callable[[], SeenValues | None], builtins: bool = True,
                 server_version: Callable[[], str] = str) -> None:
        self.schema = schema
        self.seen = seen
        self.builtins = builtins
        self.server_version = server_version  # the management node's version, "" when unknown (no I/O)
        # menu items by candidate: the same candidates come back keystroke after keystroke (Completion objects
        # are values prompt_toolkit never changes, so one can be shown again)
        self._items: dict[Candidate, Completion] = {}

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        try:
            seen, version = self.seen(), self.server_version()
        except Exception:  # noqa: BLE001 - a completion bug must not break the prompt; --debug shows why
            from zscli import diagnostics

            diagnostics.swallowed("reading the values seen for completion")
            seen, version = None, ""
        found = complete(document.text_before_cursor, self.schema, seen, builtins=self.builtins,
                         server_version=version)  # never raises: its own failures go to the --debug trace
        items = self._items
        if len(items) > MENU_ITEMS_KEPT:
            items.clear()
        for cand in found:
            item = items.get(cand)
            if item is None:
                item = items[cand] = _MenuItem(cand.text, cand.start, _visible(cand.display), _visible(cand.meta),
                                               KIND_STYLES.get(cand.kind, ""))
            yield item


def make_completer(schema: Schema, seen: Callable[[], SeenValues | None],
                   server_version: Callable[[], str] = str) -> ThreadedCompleter:
    """The shell's completer: :class:`ZscliCompleter` run off the UI thread (``.completer`` is the inner one)."""
    return ThreadedCompleter(ZscliCompleter(schema, seen, builtins=True, server_version=server_version))


def tab_bindings(completer: Completer) -> KeyBindings:
    """Tab that completes at once, even while the completion started by typing is still running.

    prompt_toolkit ignores a new completion request while one is in flight, so a Tab typed right after
    a letter only opened the menu. Here Tab steps through an open menu; otherwise it asks ``completer``
    synchronously (the engine answers in well under a millisecond), inserts a single match outright or
    the common part of several, and opens the menu.
    """
    from prompt_toolkit.completion import get_common_complete_suffix
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("tab")
    def _tab(event) -> None:  # type: ignore[no-untyped-def]
        buffer = event.current_buffer
        state = buffer.complete_state
        if state is not None and state.completions:
            buffer.complete_next()
            return
        document = buffer.document
        found = list(completer.get_completions(document, CompleteEvent(completion_requested=True)))
        if len(found) == 1:
            buffer.apply_completion(found[0])
            return
        if found:
            common = get_common_complete_suffix(document, found)
            if common:
                buffer.insert_text(common)
            buffer.start_completion(select_first=False)

    return bindings
