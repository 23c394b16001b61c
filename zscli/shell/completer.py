"""prompt_toolkit adapter for :mod:`zscli.completion` (run inside a ThreadedCompleter)."""
from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING
from collections.abc import Callable, Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, ThreadedCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText

from zscli.completion.engine import complete_as
from zscli.completion.kinds import CandidateKind
from zscli.completion.seen import SeenValues
from zscli.output.safe import has_controls, visible
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


class _MenuItem(Completion):
    """A :class:`Completion` for one candidate, made in a fraction of a microsecond: it keeps the plain display
    and meta texts and makes prompt_toolkit's formatted forms only when asked (the menu asks for the few rows
    it draws). The first Tab over 2,000 API names makes ~2,000 of them, so what ``Completion.__init__`` does
    for each (type checks, formatted-text conversion) weighed on the first keystroke.

    Behaves as ``Completion(text, start_position, display, display_meta, style)`` does: same ``display``,
    ``display_text``, ``display_meta``, ``display_meta_text``, ``style`` and equality.
    """

    __slots__ = ("text", "start_position", "_plain_display", "_display_meta", "_meta", "_kind")
    selected_style = ""

    def __init__(self, text: str, start_position: int, display: str, display_meta: str, kind: CandidateKind) -> None:
        self.text = text
        self.start_position = start_position
        self._plain_display = display
        self._display_meta = self._meta = display_meta  # Completion's own methods read _display_meta
        self._kind = kind

    # Completion sets ``style`` and ``display`` as attributes in its __init__; here they are made when asked.
    @property
    def style(self) -> str:  # type: ignore[override]
        """The menu style of the candidate's kind."""
        return KIND_STYLES.get(self._kind, "")

    @property
    def display(self) -> FormattedText:  # type: ignore[override]
        """The display as formatted text (one unstyled fragment), as ``Completion`` holds it."""
        return FormattedText([("", self._plain_display)])

    @property
    def display_text(self) -> str:
        """The display as plain text."""
        return self._plain_display

    @property
    def display_meta_text(self) -> str:
        """The meta as plain text."""
        return self._meta


def _shown(items: list[_MenuItem]) -> list[_MenuItem]:
    """``items`` with their display and meta texts passed through :func:`visible` (checked once for the whole
    list: only a server or a schema puts control characters there). Items are shared: changed ones are new."""
    texts = "".join(map(attrgetter("_plain_display"), items)) + "".join(map(attrgetter("_meta"), items))
    if not has_controls(texts):
        return items
    return [_MenuItem(i.text, i.start_position, visible(i._plain_display), visible(i._meta), i._kind)
            for i in items]


class ZscliCompleter(Completer):
    """Completes from the schema and the values seen in this shell; never raises, never does I/O."""

    def __init__(self, schema: Schema, seen: Callable[[], SeenValues | None], builtins: bool = True,
                 server_version: Callable[[], str] = str) -> None:
        self.schema = schema
        self.seen = seen
        self.builtins = builtins
        self.server_version = server_version  # the management node's version, "" when unknown (no I/O)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        try:
            seen, version = self.seen(), self.server_version()
        except Exception:  # noqa: BLE001 - a completion bug must not break the prompt; --debug shows why
            from zscli import diagnostics

            diagnostics.swallowed("reading the values seen for completion")
            seen, version = None, ""
        # never raises: its own failures go to the --debug trace
        return _shown(complete_as(_MenuItem, document.text_before_cursor, self.schema, seen, builtins=self.builtins,
                                  server_version=version))


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
