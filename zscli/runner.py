"""The engine both front doors drive: a line in, a request out, a rendered reply back.

Interface (the shell and the front door code against it):
- ``Runner(settings, out=None, err=None, interactive=False, env=None)``: the streams come from ``env``
  (:class:`zscli.environment.Environment`, the process's by default), ``out``/``err``/``stdin`` override them.
- ``runner.run_line(line) -> ExitCode``: tokenize, parse, validate, send, render. Prints errors as one line on
  ``err`` and returns their exit code; never raises (KeyboardInterrupt becomes ExitCode.INTERRUPTED after
  printing a job location, if any).
- ``runner.run_tokens(tokens) -> ExitCode``: the same for already-split words (one-shot argv).
- ``runner.results``: list of :class:`Result` for ``more``/``save``: in the shell (``interactive``), the last
  ``settings.keep_results`` successful replies, numbered from 1; one-shot and batch runs keep none.
- ``runner.seen``: :class:`zscli.completion.seen.SeenValues` fed from every reply in the shell (uuids/names for
  completion).
- ``runner.identity() -> str``: ``"admin@127.0.0.1:8080"`` when logged in, ``"-"`` otherwise.
- ``runner.set_output(name)``: change the output format for later commands (UsageError if unknown).
- ``runner.schema``: the loaded schema. ``runner.settings``: current settings.
- ``runner.login(account, password)`` / ``runner.logout()``: the schema's login/logout APIs (by action).
- ``runner.close()``: release the HTTP connection.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO
from collections.abc import Callable

from zscli.environment import Environment, isatty, output_error, silence
from zscli.record import record, replace
from zscli.secret_prompt import with_prompted_secrets
from zscli.errors import (AuthError, ExitCode, InternalError, NotLoggedIn, UsageError, ZscliError,
                          not_logged_in)
from zscli.schema import Action, Schema, load
from zscli.settings import Settings

if TYPE_CHECKING:
    from zscli.call import Call, Response, WireRequest
    from zscli.completion.seen import SeenValues
    from zscli.schema.types import Api
    from zscli.transport import Client, SessionStore, StoredSession


@record
class Result:
    """One successful command kept for ``more N`` / ``save N FILE``."""

    index: int
    line: str  # the command line with secrets scrubbed
    api: str
    body: Any


class Runner:
    """Runs command lines against the configured server (see the module docstring)."""

    def __init__(self, settings: Settings, *, out: TextIO | None = None, err: TextIO | None = None,
                 interactive: bool = False, stdin: TextIO | None = None, schema: Schema | None = None,
                 prompt_password: Callable[[str], str] | None = None, env: Environment | None = None) -> None:
        self.settings = settings
        self.schema = schema or load()
        base = env or Environment.from_process(settings.color)
        self.env = Environment(stdin=stdin or base.stdin, stdout=out or base.stdout, stderr=err or base.stderr,
                               color_setting=settings.color)
        if settings.debug:
            from zscli import diagnostics

            diagnostics.enable(self.env.stderr)
        self.interactive = interactive
        self.error_prefix = ""  # put before each error line (a batch going on past failures: "line 3: ")
        self.results: list[Result] = []
        self._numbered = 0  # results numbered so far (the kept ones are the newest)
        self.prompt_password = prompt_password  # the shell sets its own (it shares the shell's type-ahead)
        from zscli.server_version import VersionMemory

        self.versions = VersionMemory(self)  # what this runner knows of the server's version
        self._client: Client | None = None
        self._store: SessionStore | None = None
        self._seen: SeenValues | None = None

    # -- streams (the shell swaps ``out`` for a capture buffer while a command runs) ----------------------
    @property
    def out(self) -> TextIO:
        """Where replies are written."""
        return self.env.stdout

    @out.setter
    def out(self, stream: TextIO) -> None:
        self.env.stdout = stream

    @property
    def err(self) -> TextIO:
        """Where errors, traces and the spinner are written."""
        return self.env.stderr

    @err.setter
    def err(self, stream: TextIO) -> None:
        self.env.stderr = stream

    @property
    def stdin(self) -> TextIO:
        """What ``@-`` reads."""
        return self.env.stdin

    @stdin.setter
    def stdin(self, stream: TextIO) -> None:
        self.env.stdin = stream

    # -- collaborators, created on first use so start-up stays cheap --------------------------------------
    @property
    def seen(self) -> SeenValues:
        """uuids and names seen in replies, for value completion."""
        if self._seen is None:
            from zscli.completion.seen import SeenValues

            self._seen = SeenValues()
        return self._seen

    @property
    def store(self) -> SessionStore:
        """The session files for this user."""
        if self._store is None:
            from zscli import paths
            from zscli.transport import SessionStore

            self._store = SessionStore(paths.state_dir(self.settings.state_dir))
        return self._store

    @property
    def client(self) -> Client:
        """The HTTP client (one kept-alive connection per Runner)."""
        if self._client is None:
            from zscli.transport import Client

            self._client = Client(self.settings, trace=self.err if self.settings.debug else None,
                                  curl=self.err if self.settings.curl else None)
        return self._client

    def close(self) -> None:
        """Release the HTTP connection."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- state ---------------------------------------------------------------------------------------------
    def session(self) -> StoredSession | None:
        """The stored session for the current host:port, if any."""
        return self.store.load(self.settings.host, self.settings.port)

    def identity(self) -> str:
        """``account@host:port`` when logged in, ``<access key id>@host:port`` when requests are signed with an
        access key, ``-`` otherwise."""
        stored = self.session()
        if stored is None:
            if self.settings.uses_access_key:
                return f"{self.settings.access_key_id}@{self.settings.host}:{self.settings.port}"
            return "-"
        return f"{stored.account or '?'}@{self.settings.host}:{self.settings.port}"

    def server_version(self, *, ask: bool = False) -> str:
        """The management node's version ("" when unknown); see :class:`zscli.server_version.VersionMemory`."""
        return self.versions.current(ask=ask)

    def known_server_version(self) -> str:
        """The server version without any I/O after the first call (for completion, on every keystroke)."""
        return self.versions.known()

    def set_dry_run(self, on: bool) -> None:
        """Print requests instead of sending them (True), or send them again (False)."""
        self.settings = replace(self.settings, dry_run=on)

    def set_output(self, name: str) -> None:
        """Use output format ``name`` for later commands."""
        from zscli.output import Format

        fmt = Format.parse(name)
        self.settings = replace(self.settings, output=fmt.value)

    # -- running commands ----------------------------------------------------------------------------------
    def run_line(self, line: str) -> ExitCode:
        """Run one command line; errors are printed, never raised."""
        from zscli.language.lexer import split

        try:
            words = split(line)
        except ZscliError as exc:
            return self.report(exc)
        if not words:
            return ExitCode.OK
        return self.run_tokens(words)

    def run_tokens(self, words: list[str], *, show: bool = True) -> ExitCode:
        """Run one command given as words (argv style); errors are printed, never raised.

        ``show=False`` runs it without rendering the reply (it is still kept in ``results``).
        """
        try:
            self._run(list(words), show=show)
            return ExitCode.OK
        except ZscliError as exc:
            return self.report(exc)
        except KeyboardInterrupt:
            self.err.write("interrupted\n")
            return ExitCode.INTERRUPTED
        except BrokenPipeError:  # the reader of stdout is gone (| head): stop quietly
            silence(self.out)
            return ExitCode.OUTPUT_CLOSED
        except Exception as exc:  # a bug: one line and exit 70, never a traceback (unless --debug)
            from zscli import diagnostics

            diagnostics.swallowed("running a command")
            return self.report(InternalError.from_exception(exc))

    def login(self, account: str, password: str) -> ExitCode:
        """Log in with the schema's account login API (``Action.LOGIN``) without the password ever passing
        through a command line or history; confirm on stderr."""
        from zscli.transport.session import action_api, login_words

        api = action_api(self.schema, Action.LOGIN)
        if api is None:
            return self.report(UsageError("this schema has no account login API"))
        code = self.run_tokens(login_words(api, account, password), show=False)
        if code == ExitCode.OK:
            self.err.write(f"logged in as {self.identity()}\n")
        return code

    def logout(self) -> ExitCode:
        """End the stored session with the schema's logout API (``Action.LOGOUT``)."""
        from zscli.transport.session import action_api

        api = action_api(self.schema, Action.LOGOUT)
        if api is None:
            return self.report(UsageError("this schema has no logout API"))
        return self.run_tokens([api.name])

    def report(self, exc: ZscliError) -> ExitCode:
        """Print ``exc`` as this runner prints every error (one line on its error stream, with the batch line's
        prefix; not-logged-in naming this server); its exit code."""
        from zscli.output import format_error

        if isinstance(exc, NotLoggedIn):  # name the server without a session, and word the hint for where we are
            exc = not_logged_in(f"{self.settings.url_host}:{self.settings.port}", shell=self.interactive)
        text = format_error(exc, color=self._color(self.err), compact=self.interactive)
        self.err.write(self.error_prefix + text + "\n")
        self.err.flush()
        return exc.exit_code

    def _color(self, stream: Any) -> bool:
        return self.env.color(stream)

    def _run(self, words: list[str], show: bool = True) -> None:
        from zscli.language import parser, wire

        from zscli.surface import command_options

        words, once = command_options(words)  # --dry-run, --all, --query typed with this command alone
        dry_run = once.get("dry_run", self.settings.dry_run)
        query = once.get("query", self.settings.query)
        all_pages = once.get("all_pages", self.settings.all_pages)
        compiled = None
        if query:
            from zscli.jmes import compile_query

            compiled = compile_query(query)  # a bad expression stops the command before anything is sent
        words = with_prompted_secrets(words, self.schema, self.env, self.prompt_password)
        stored = self.session()
        call = parser.parse(words, self.schema, session_uuid=stored.uuid if stored else None, stdin=self.stdin)
        api = call.api
        if self.settings.read_only:
            from zscli import readonly

            readonly.check(api, self.settings)  # before anything is sent, even a dry run
        self.versions.check(call, ask=not dry_run)
        request = wire.build(call)
        if dry_run:
            self.out.write(self.client.describe(api, request, session_uuid=stored.uuid if stored else None) + "\n")
            self.out.flush()
            return
        if all_pages and api.action is Action.QUERY and not call.options.count:
            from zscli.paging import run_all

            run_all(self, call, stored.uuid if stored else None)
            return
        leaving = self.identity() if api.action is Action.LOGOUT else ""  # before the session is forgotten
        try:
            response = self.send(api, request, stored.uuid if stored else None)
        except AuthError as exc:
            from zscli.transport import SessionExpired

            if isinstance(exc, SessionExpired) and stored is not None:
                self.store.forget_failed(api, call.args, stored)  # only the session that failed
            raise
        self._after(call, response, words)
        if show:
            self._render(call, response, compiled, note=f"logged out of {leaving}" if leaving else "")

    def send(self, api: Api, request: WireRequest, session_uuid: str | None) -> Response:
        """Send one request (a job status line on a terminal's stderr while an asynchronous job runs)."""
        status = None
        on_wait = on_progress = None
        if request.is_async and self.env.stderr_isatty:
            from zscli.output.progress import JobStatus

            status = JobStatus(self.err, api.name)
            on_wait, on_progress = status.update, status.set_progress
        try:
            return self.client.execute(api, request, session_uuid=session_uuid, on_wait=on_wait,
                                       on_progress=on_progress)
        finally:
            if status is not None:
                status.stop()

    def _after(self, call: Call, response: Response, words: list[str]) -> None:
        """Session bookkeeping and result history after a successful reply."""
        api = call.api
        body = response.body
        before = self.session() if api.action is Action.LOGIN else None
        session = self.store.record(api, call.args, body, self.settings.host, self.settings.port)
        if session is not None:  # a new login
            if self._seen is not None and (before is None or before.account != session.account):
                self._seen.clear()  # another account may see other resources: forget the old one's
            self.versions.learn(session)  # a new login learns the server's version (no session needed)
        if not self.interactive:  # only the shell uses results (more/save) and seen values (completion)
            self._numbered += 1  # numbered all the same, so a login before the shell is result 1
            return
        from zscli.language.lexer import quote
        from zscli.language.secrets import scrub
        from zscli.output.shape import records

        self.keep(scrub(" ".join(quote(w) for w in words), self.schema), api.name, body)
        if api.inventory:
            self.seen.observe(api.inventory, list(records(api, body, self.schema)))

    def keep(self, line: str, api: str, body: Any) -> None:
        """Keep a result for ``more``/``save``: the newest ``settings.keep_results`` stay (memory is bounded)."""
        self._numbered += 1
        self.results.append(Result(index=self._numbered, line=line, api=api, body=body))
        extra = len(self.results) - max(self.settings.keep_results, 1)
        if extra > 0:
            del self.results[:extra]

    def output_format(self) -> str:
        """The format name in force for stdout."""
        return self.settings.output or ("table" if isatty(self.out) else "json")

    def _render(self, call: Call, response: Response, compiled: Any = None, note: str = "") -> None:
        """Write the reply; ``note`` is a line that stands for it in the human formats (a logout's ``{}`` means
        nothing to a person), while the machine formats write the reply as for any other API."""
        start = limit = None
        if self.output_format() not in ("json", "yaml"):  # only footers under tables and records use them
            from zscli.output.shape import page_window

            start, limit = page_window(call)
        try:
            if note and compiled is None and self.output_format() in ("table", "wide"):
                from zscli.output.safe import visible

                self.out.write(visible(note) + "\n")
                self.out.flush()
            else:
                self._write(call, response, compiled, start, limit)
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk, a closed descriptor: the command ran, its reply cannot be shown
            silence(self.out)
            raise output_error(exc) from None

    def _write(self, call: Call, response: Response, compiled: Any, start: Any, limit: Any) -> None:
        """Render the reply (or what ``--query`` kept of it) to stdout."""
        from zscli.output import Format
        from zscli.output.render import render

        api = call.api
        if compiled is not None:
            from zscli.jmes import apply
            from zscli.output.filtered import render_filtered
            from zscli.output.render import session_masked

            body = response.body  # a person at a terminal never sees an issued session, not even by --query
            if isatty(self.out) and self.output_format() in ("table", "wide"):
                body = session_masked(api, body)
            render_filtered(api, apply(compiled, body), Format.parse(self.output_format()), out=self.out,
                            schema=self.schema, fields=call.options.fields, start=start, limit=limit,
                            color=self._color(self.out), terminal=isatty(self.out))
        else:
            render(api, response.body, Format.parse(self.output_format()), out=self.out, schema=self.schema,
                   fields=call.options.fields, start=start, limit=limit, color=self._color(self.out),
                   terminal=isatty(self.out))
        self.out.flush()
