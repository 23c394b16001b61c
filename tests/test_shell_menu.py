"""The completion menu uses the room the terminal has (issue 8 item 15): prompt_toolkit's single-column menu
stops at 16 rows, a third of QueryModel's fields and relations on a 50-row terminal; zscli's grows with the
terminal's height."""
from __future__ import annotations

from prompt_toolkit import PromptSession
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.layout.containers import Window
from prompt_toolkit.layout.menus import CompletionsMenuControl
from prompt_toolkit.output import DummyOutput

from zscli.shell.repl import _tall_menu, menu_rows


def test_menu_rows_follow_the_terminal_height():
    assert menu_rows(50) == 46 and menu_rows(24) == 20 and menu_rows(5) == 6


def test_the_completion_menu_grows_past_prompt_toolkits_16_rows():
    with create_pipe_input() as pipe:
        session: PromptSession[str] = PromptSession(input=pipe, output=DummyOutput())
        menu = next(w for w in session.layout.find_all_windows()
                    if isinstance(w, Window) and isinstance(w.content, CompletionsMenuControl))
        assert menu.preferred_height(80, 100).max == 16  # prompt_toolkit's own limit
        _tall_menu(session)
        rows = session.output.get_size().rows  # DummyOutput: 40
        assert menu.preferred_height(80, 100).max == rows - 4 > 16


def test_a_timestamp_condition_offers_the_date_forms_zscli_converts():
    import datetime

    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from zscli.schema import load
    from zscli.shell.completer import ZscliCompleter

    completer = ZscliCompleter(load(), lambda: None, builtins=False)
    got = {c.text: c.display_meta_text for c in completer.get_completions(
        Document("QueryModel createDate>"), CompleteEvent(completion_requested=True))}
    today = datetime.date.today().isoformat()
    assert "YYYY-MM-DD" in got[f"createDate>{today}"] and f"createDate>{today}T00:00:00" in got
