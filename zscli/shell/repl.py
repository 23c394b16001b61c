"""The REPL loop: prompt, dispatch to a built-in or ``Runner.run_line``, page the output."""
from __future__ import annotations

import contextlib
import io
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application.current import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.styles import Style

from zscli import diagnostics
from zscli.environment import isatty
from zscli.language.lexer import scan
from zscli.errors import UsageError
from zscli.surface import BUILTIN_NAMES

from .builtins import Io, Stop, run_builtin
from .completer import make_completer, tab_bindings
from .highlight import LineLexer
from .history import ScrubbedFileHistory, history_file
from .pager import page
from .toolbar import toolbar_fragments

if TYPE_CHECKING:
    from collections.abc import Iterator

    from zscli.runner import Runner

#: Signals that end the shell as Ctrl-D does (the terminal closing, ``kill``); SIGHUP is missing on Windows.
ENDING_SIGNALS: tuple[int, ...] = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                                        if hasattr(signal, name))

STYLE = Style.from_dict({
    "api": "#5fafff bold", "builtin": "#d787ff bold", "unknown": "#ff5f5f", "key": "#87d787",
    "operator": "#ffaf00 bold", "value": "#d7d7af", "comment": "#808080 italic",
    "prompt.who": "#87d787", "prompt.mode": "#d7af5f", "prompt.arrows": "#808080",
    "bottom-toolbar": "noreverse bg:#262626 #bcbcbc", "bottom-toolbar.signature": "#ffffff bold",
    "completion.api": "", "completion.builtin": "italic", "completion.relation": "#5fafff",
    "completion.operator": "#ffaf00", "completion.value": "#d7d7af",
})


class _TtyBuffer(io.StringIO):
    """Captures a command's output while answering ``isatty()`` like the terminal it stands in for,
    so formats and colours are chosen as if writing there."""

    def __init__(self, like: TextIO) -> None:
        super().__init__()
        self._like = like

    def isatty(self) -> bool:
        return isatty(self._like)


WARM_DELAY = 0.3  # seconds: let the first prompt draw before the completion lists are built beside it


def _warm(schema: Any) -> None:
    """Build the cached API list off the UI thread, so the first keystroke does not pay for it; it starts
    once the first prompt has had time to draw (building it at once competed for the interpreter with it)."""
    import time

    from zscli.completion.engine import complete

    time.sleep(WARM_DELAY)
    complete("", schema)


class Shell:
    """One interactive session on ``runner``; ``input``/``output`` let tests drive it in-process."""

    def __init__(self, runner: Runner, *, input: Any = None, output: Any = None, out: TextIO | None = None,
                 err: TextIO | None = None, history: History | None = None) -> None:
        self.runner = runner
        runner.interactive = True  # errors print as one line in the shell
        self.out: TextIO = out or getattr(runner, "out", None) or sys.stdout
        self.err: TextIO = err or getattr(runner, "err", None) or sys.stderr
        settings = runner.settings
        if history is None:
            try:
                history = ScrubbedFileHistory(history_file(settings.state_dir), runner.schema)
            except OSError:
                history = InMemoryHistory()
        self.history = history
        self._input, self._output = input, output
        self._signalled = 0  # the signal (SIGTERM, SIGHUP) that ended the shell
        completer = make_completer(runner.schema, lambda: runner.seen,
                                   getattr(runner, "known_server_version", str))
        self.session: PromptSession[str] = _Session(
            history=history, auto_suggest=AutoSuggestFromHistory(), key_bindings=tab_bindings(completer.completer),
            completer=completer, complete_while_typing=True,
            lexer=LineLexer(runner.schema), bottom_toolbar=self._toolbar, style=STYLE,
            vi_mode=bool(settings.vi_mode), input=input, output=output, enable_history_search=False,
            enable_suspend=True,  # Ctrl-Z stops the shell as in bash (prompt_toolkit inserted a literal ^Z)
            reserve_space_for_menu=MENU_MIN_ROWS)  # ignored: _Session follows the terminal's height
        _tall_menu(self.session)
        self.io = Io(out=self.out, err=self.err, show=self._show, ask=self._ask, history=self._history_lines)
        # a secret the command lacks (LogInByAccount without password=) is asked by a prompt on the shell's
        # own input, so the keys typed ahead of it (a pasted password) are its answer, not the next command
        runner.prompt_password = self._ask_secret
        threading.Thread(target=_warm, args=(runner.schema,), name="zscli-complete-warm", daemon=True).start()

    # -- the loop --------------------------------------------------------------------------------------
    def run(self) -> int:
        """Prompt and run lines until ``exit``/``quit``/Ctrl-D; Ctrl-C clears the line.

        The terminal's echo stays off between prompts, so keys typed while a command runs (a password typed
        ahead of its hidden prompt) are queued unshown for the next prompt instead of echoed in clear."""
        from zscli.terminal import echo_off

        with echo_off(sys.stdin if self._input is None else self._input), self._ending_on_signals():
            self._learn_server_version()
            code = self._loop()
        return 128 + self._signalled if self._signalled else code

    @contextlib.contextmanager
    def _ending_on_signals(self) -> Iterator[None]:
        """While the shell runs, SIGTERM and SIGHUP end it as Ctrl-D does (the prompt closes, its toolbar is
        erased, and the caller's clean-up runs: the ``--sim`` session file is deleted, the simulator stopped);
        by default they killed the process on the spot. During a command they raise SystemExit instead."""
        if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
            yield
            return
        saved = {sig: signal.signal(sig, self._on_signal) for sig in ENDING_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)

    def _on_signal(self, signum: int, frame: object) -> None:
        self._signalled = signum
        app = self.session.app
        loop = app.loop
        if app.is_running and loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._leave_prompt)  # the prompt's own exit, as Ctrl-D
            return
        raise SystemExit(128 + signum)

    def _leave_prompt(self) -> None:
        app = self.session.app
        if app.is_running and app.future is not None and not app.future.done():
            app.exit(exception=EOFError(), style="class:exiting")

    def _loop(self) -> int:
        while True:
            try:
                line = self.session.prompt(self._message())
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            except OSError:
                if self._signalled:  # SIGHUP: the terminal is gone, the last redraw could not be written
                    break
                raise
            if self._signalled:  # the signal came as the line was being entered
                break
            try:
                self.execute(line)
            except Stop:
                break
            except KeyboardInterrupt:
                self.err.write("interrupted\n")
                self.err.flush()
        return 0

    def execute(self, line: str) -> int:
        """Run one line: a built-in, or a command exactly as in one-shot mode. Returns its exit code."""
        words = scan(line).all_words
        if not words:
            return 0
        if words[0].text in BUILTIN_NAMES:
            return int(run_builtin(self.runner, line, self.io))
        return int(self._run_captured(line))

    def _run_captured(self, line: str) -> int:
        buf = _TtyBuffer(self.out)
        saved = self.runner.out
        self.runner.out = buf
        try:
            code = self.runner.run_line(line)
        finally:
            self.runner.out = saved
            self._show(buf.getvalue(), False)
        return int(code)

    # -- helpers given to built-ins --------------------------------------------------------------------
    def _show(self, text: str, force_pager: bool) -> None:
        page(text, self.runner.settings.pager, self.out, force=force_pager)

    def _ask(self, message: str, hidden: bool) -> str:
        """Ask a question on the terminal (hidden for a password); Ctrl-C or Ctrl-D cancels the built-in."""
        asker: PromptSession[str] = PromptSession(input=self._input, output=self._output)
        try:
            return asker.prompt(message, is_password=hidden)
        except (EOFError, KeyboardInterrupt):
            raise UsageError("cancelled") from None

    def _ask_secret(self, message: str) -> str:
        """The hidden prompt for a secret the command lacks; Ctrl-D raises EOFError (the runner says no password
        was given), Ctrl-C cancels the command."""
        asker: PromptSession[str] = PromptSession(input=self._input, output=self._output)
        try:
            return asker.prompt(message, is_password=True)
        except KeyboardInterrupt:
            raise UsageError("cancelled") from None

    def _history_lines(self) -> list[str]:
        return list(self.history.get_strings())

    # -- prompt decorations ------------------------------------------------------------------------------
    def _message(self) -> FormattedText:
        try:
            who = self.runner.identity()
        except Exception:  # noqa: BLE001 - an unreadable session file must not stop the shell
            diagnostics.swallowed("reading the session for the prompt")
            who = "-"
        from zscli.output.safe import visible

        settings = self.runner.settings
        modes = [mark for on, mark in ((settings.read_only, "[ro]"), (settings.dry_run, "[dry-run]")) if on]
        parts = [("class:prompt.who", visible(who))]
        if modes:
            parts.append(("class:prompt.mode", " " + " ".join(modes)))
        return FormattedText(parts + [("class:prompt.arrows", " >>> ")])

    def _learn_server_version(self) -> None:
        """A stored session starting a shell learns the server's version (GetVersion, at most once a day) for the
        toolbar, completion and help; a failure only leaves it unknown."""
        try:
            self.runner.server_version(ask=True)
        except Exception:  # noqa: BLE001 - never stop the shell from starting
            diagnostics.swallowed("learning the server version")

    def _toolbar(self) -> FormattedText:
        try:
            application = get_app()
            text = application.current_buffer.document.text_before_cursor
            width = application.output.get_size().columns
        except Exception:  # noqa: BLE001 - no running application (tests) or no terminal size
            text, width = "", 80
        try:
            version = self.runner.known_server_version()
        except Exception:  # noqa: BLE001 - the toolbar must never break the prompt
            diagnostics.swallowed("reading the server version for the toolbar")
            version = ""
        return FormattedText(toolbar_fragments(text, self.runner.schema, width, server_version=version))


MENU_MIN_ROWS = 6


def menu_rows(terminal_rows: int) -> int:
    """How many rows the completion menu may use: the terminal's height less the prompt, the toolbar and a
    margin (prompt_toolkit's fixed 16 rows showed a third of the fields of QueryModel on a 50-row terminal)."""
    return max(MENU_MIN_ROWS, terminal_rows - 4)


def reserved_rows(terminal_rows: int) -> int:
    """The rows kept free below the prompt for the completion menu on a terminal ``terminal_rows`` high:
    :func:`menu_rows`, but always leaving a row for the prompt and one for the toolbar, so the layout never
    needs more rows than the terminal has (prompt_toolkit then shows only "Window too small...")."""
    return max(1, min(menu_rows(terminal_rows), terminal_rows - 2))


class _Session(PromptSession[str]):
    """A :class:`PromptSession` whose space reserved for the completion menu follows the terminal's height
    as it is at each redraw (prompt_toolkit reads the attribute on every render): computed once per prompt, it
    outgrew a terminal shrunk at the prompt and blanked it until Enter."""

    @property  # type: ignore[override]
    def reserve_space_for_menu(self) -> int:
        try:
            rows = self.output.get_size().rows
        except Exception:  # noqa: BLE001 - no terminal size: prompt_toolkit's own default
            return 8
        return reserved_rows(rows)

    @reserve_space_for_menu.setter
    def reserve_space_for_menu(self, value: int) -> None:
        """Ignored: the reserved space is always computed from the terminal's height."""


def _tall_menu(session: PromptSession[str]) -> None:
    """Let the single-column completion menu grow to :func:`menu_rows` instead of prompt_toolkit's 16."""
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.dimension import Dimension
    from prompt_toolkit.layout.menus import CompletionsMenuControl

    def height() -> Dimension:
        return Dimension(min=1, max=menu_rows(session.output.get_size().rows))

    for window in session.layout.find_all_windows():
        if isinstance(window, Window) and isinstance(window.content, CompletionsMenuControl):
            window.height = height
