"""The HTTP client: a WireRequest in, a final Response out (async jobs polled), errors as ZscliError.

``requests`` is imported on the first call, so importing this module costs nothing at start-up.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, TextIO
from collections.abc import Callable
from urllib.parse import unquote, urljoin, urlsplit

from zscli import __version__
from zscli.call import Response, WireRequest
from zscli.errors import AuthError, TransportError, not_logged_in
from zscli.text import clip
from zscli.schema.types import Action, Api, Family
from zscli.settings import Settings

from . import bounded, jobs
from .errors import (TOKEN_HINT, access_key_error, check_session_reply, parse_json, reply_error, request_error,
                     unparsable)
from .lazy import import_requests
from .session import issued_uuid
from .trace import Redactor, Tracer, curl_command, dump_json, request_text, secret_values

if TYPE_CHECKING:
    from .progress import Progress

if TYPE_CHECKING:
    import requests

CONTENT_TYPE = "application/json;charset=UTF-8"
USER_AGENT = f"zscli/{__version__}"  # on every request (server logs say who called), instead of python-requests/x
#: Headers requests adds to every request on its own (not zscli's choice, and not what --dry-run is about)
LIBRARY_HEADERS = frozenset({"accept", "accept-encoding", "connection"})
SESSION_ISSUERS = (Action.LOGIN, Action.RENEW_SESSION)
PLACEHOLDER_SESSION = "<session uuid>"  # what --dry-run shows when nobody is logged in
PROGRESS_TIMEOUT = 5.0  # seconds: a GetTaskProgress request that takes longer is abandoned


class _Exchange:
    """The per-command state shared by the submit and its polls."""

    def __init__(self, api: Api, base: str, headers: dict[str, str], redactor: Redactor,
                 access_key: tuple[str, str] | None = None) -> None:
        self.api = api
        self.base = base
        self.headers = headers
        self.redactor = redactor
        self.secret_keys = redactor.keys
        self.access_key = access_key  # (id, secret): each request to ``base`` is signed

    def signed(self, method: str, url: str, headers: dict[str, str]) -> dict[str, str]:
        """``headers`` plus a fresh access-key signature for ``method`` on ``url`` (when signing, and only for
        URLs under ``base``: credentials never go elsewhere)."""
        if self.access_key is None:
            return headers
        base_path = urlsplit(self.base).path.rstrip("/")
        path = urlsplit(url).path
        if _origin(url) != _origin(self.base) or not path.startswith(base_path + "/"):
            return headers
        from .signing import sign_headers

        return {**headers, **sign_headers(*self.access_key, method, path[len(base_path):])}


class Client:
    """Sends API calls over one kept-alive ``requests.Session``.

    ``trace`` receives a ``--debug`` request/response trace and ``curl`` one curl command per request
    (see :mod:`zscli.transport.trace` for what is masked); None turns each off.
    """

    def __init__(self, settings: Settings, *, trace: TextIO | None = None,
                 curl: TextIO | None = None) -> None:
        self.settings = settings
        self._tracer = Tracer(trace) if trace is not None else None
        self._curl = curl
        self._http: requests.Session | None = None
        self._env_options: dict[str, dict[str, Any]] = {}  # requests' environment settings per server origin
        self._exchanger = bounded.Exchanger()  # one worker thread for every exchange of this client
        self._side_http: requests.Session | None = None  # GetTaskProgress, beside a job's own polls

    # -- public ----------------------------------------------------------------------------------------
    def execute(self, api: Api, request: WireRequest, *, session_uuid: str | None = None,
                on_wait: Callable[[float], None] | None = None,
                on_progress: Callable[[Progress | None], None] | None = None,
                wait_timeout: float | None = None, poll_interval: float | None = None) -> Response:
        """Send ``request`` for ``api`` and return the final reply, polling an asynchronous job to its end.

        ``on_progress`` receives what GetTaskProgress says about a running job (None: nothing useful); it is
        asked in a background thread at most once per poll of the job, and only when given.
        A job is waited for as long as the server's ``apiTimeout`` allows (``wait_timeout`` seconds instead
        when given) and polled with a growing pause (every ``poll_interval`` seconds instead when given).
        Raises AuthError (no session / no token / rejected), ServerError (an error reply),
        TransportError (unreachable, timed out, unparsable) or JobInterrupted (Ctrl-C while polling).
        """
        ex = self._exchange(api, request, session_uuid)
        data = dump_json(request.body).encode("utf-8") if request.body is not None else None
        url = ex.base + request.path
        status, reason, raw = self._send(ex, request.method, url, request.query, ex.signed(request.method, url,
                                         ex.headers), data, request.body, show_curl=True)
        if status == 202:
            job = jobs.accepted(self._json(status, raw), status, self.settings.timeout)
            location = _job_url(ex.base, job.location)
            job = jobs.Accepted(location, wait_timeout if wait_timeout is not None else job.timeout)
            poll_headers = self._poll_headers(ex, location)
            watcher = self._watcher(ex, on_progress)

            def poll(url: str, first: bool) -> tuple[int, str, bytes]:
                if watcher is not None:
                    watcher.kick()
                return self._send(ex, "GET", url, (), ex.signed("GET", url, poll_headers), None, None,
                                  show_curl=first)

            def final(code: int, why: str, body: bytes) -> Response:
                return self._final(code, why, body, location, ex, where=f"GET {location}")

            try:
                return jobs.wait(job, poll, final, on_wait, interval=poll_interval)
            finally:
                if watcher is not None:
                    watcher.stop()
        payload: bytes | str = raw
        if 200 <= status < 300:  # hold the reply once, not as bytes and text at the same time (10,000 rows: 8 MB)
            try:
                payload = raw.decode("utf-8")
            except UnicodeDecodeError:
                pass  # _final reports the bytes as unparsable
        del raw
        return self._final(status, reason, payload, "", ex, where=f"{request.method} {url}")

    def describe(self, api: Api, request: WireRequest, *, session_uuid: str | None = None) -> str:
        """The exact request :meth:`execute` would send, as text (``--dry-run``): method and full URL with the
        query string, every header (credentials masked; a placeholder when nobody is logged in), the body as
        pretty JSON with secret values masked. Nothing is sent."""
        requests = import_requests()

        needs_placeholder = api.family is Family.ZSTACK and api.needs_session and not session_uuid \
            and not self.settings.uses_access_key
        ex = self._exchange(api, request, PLACEHOLDER_SESSION if needs_placeholder else session_uuid,
                            dry_run=True)
        data = dump_json(request.body).encode("utf-8") if request.body is not None else None
        url = ex.base + request.path
        prepared = self._session().prepare_request(requests.Request(
            request.method, url, params=list(request.query), headers=ex.signed(request.method, url, ex.headers),
            data=data, auth=own_headers))
        shown = {k: v for k, v in prepared.headers.items() if k.lower() not in LIBRARY_HEADERS}
        return request_text(ex.redactor, request.method, prepared.url or url, shown, request.body,
                            placeholder=PLACEHOLDER_SESSION if needs_placeholder else "")

    def close(self) -> None:
        """Release the kept-alive connections."""
        for http in (self._http, self._side_http):
            if http is not None:
                http.close()
        self._http = self._side_http = None
        self._exchanger.stop()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- building --------------------------------------------------------------------------------------
    def _exchange(self, api: Api, request: WireRequest, session_uuid: str | None,
                  dry_run: bool = False) -> _Exchange:
        settings = self.settings
        headers = {"Content-Type": CONTENT_TYPE}
        redactor = Redactor(keys=[p.name for p in api.params if p.secret],
                            strings=[session_uuid, settings.modelarts_token, settings.access_key_secret,
                                     *_session_path_values(api, request)])
        access_key = None
        if api.family is Family.MODELARTS:
            base = settings.modelarts_base
            if not settings.modelarts_token and not dry_run:
                raise AuthError("no ModelArts token", hint=TOKEN_HINT)
            headers["X-Auth-Token"] = settings.modelarts_token or "<token>"
        else:
            base = settings.zstack_base
            if api.needs_session:
                if settings.uses_access_key:
                    access_key = (settings.access_key_id, settings.access_key_secret)
                elif not session_uuid:
                    raise not_logged_in(f"{settings.url_host}:{settings.port}")
                else:
                    headers["Authorization"] = f"OAuth {session_uuid}"
        if api.is_async or request.is_async:
            headers["X-Job-UUID"] = job_uuid()
        if request.body is not None:
            redactor.add(*secret_values(request.body, redactor.keys))
        return _Exchange(api, base, headers, redactor, access_key)

    def _watcher(self, ex: _Exchange, on_progress: Callable[[Progress | None], None] | None) -> Any:
        """A progress watcher for the job of ``ex`` (GetTaskProgress with the job's X-Job-UUID), or None."""
        api_id = ex.headers.get("X-Job-UUID")
        if on_progress is None or not api_id or ex.api.family is not Family.ZSTACK:
            return None
        from .progress import PATH, Watcher

        url = ex.base + PATH.replace("{apiId}", api_id)
        headers = {k: v for k, v in ex.headers.items() if k != "X-Job-UUID"}

        def fetch() -> Any:
            if self._side_http is None:
                self._side_http = import_requests().Session()
                self._side_http.verify = self._verify
                self._side_http.headers["User-Agent"] = USER_AGENT
            reply = self._side_http.get(url, headers=ex.signed("GET", url, headers),
                                        timeout=min(self.settings.timeout, PROGRESS_TIMEOUT))
            if self._tracer is not None:
                self._tracer.request(ex.redactor, "GET", url, reply.request.headers, None)
                self._tracer.response(ex.redactor, reply.status_code, reply.reason or "", reply.headers,
                                      reply.content or b"", reply.elapsed.total_seconds() * 1000)
            return parse_json(reply.content or b"") if reply.status_code == 200 else None

        return Watcher(fetch, on_progress)

    def _poll_headers(self, ex: _Exchange, location: str) -> dict[str, str]:
        """Headers for polling: credentials go only to the server that took the call."""
        if _origin(location) == _origin(ex.base):
            return {k: v for k, v in ex.headers.items() if k != "X-Job-UUID"}
        return {"Content-Type": CONTENT_TYPE}

    # -- sending ---------------------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        if self._http is None:
            requests = import_requests()
            self._http = requests.Session()
            self._http.verify = self._verify
            self._http.headers["User-Agent"] = USER_AGENT
            _same_origin_redirects_only(self._http)
            if self._verify is False:
                import urllib3

                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        return self._http

    @property
    def _verify(self) -> Any:
        if not self.settings.verify:
            return False
        return self.settings.ca_bundle or True

    def _environment(self, http: requests.Session, url: str) -> dict[str, Any]:
        """requests' per-request settings from the environment (proxies, CA bundle variables), worked out once
        per server origin: scanning the environment for every request cost a batch about 0.2 ms a command."""
        origin = _origin(url)
        found = self._env_options.get(origin)
        if found is None:
            found = dict(http.merge_environment_settings(origin + "/", {}, None, self._verify, None))
            self._env_options[origin] = found
        return found

    def _send(self, ex: _Exchange, method: str, url: str, query: Any, headers: dict[str, str],
              data: bytes | None, body: Any, *, show_curl: bool) -> tuple[int, str, bytes]:
        """One HTTP exchange; returns (status, reason, raw body). Traces it when asked."""
        requests = import_requests()

        http = self._session()
        try:
            prepared = http.prepare_request(
                requests.Request(method, url, params=list(query), headers=headers, data=data, auth=own_headers))
            if show_curl and self._curl is not None:
                self._write_curl(curl_command(method, prepared.url or url, headers, body, ex.secret_keys,
                                              self._verify))
            if self._tracer is not None:
                self._tracer.request(ex.redactor, method, prepared.url or url, prepared.headers, data)
            options = self._environment(http, prepared.url or url)
            reply, raw = self._exchanger.exchange(http, prepared, options, timeout=self.settings.timeout,
                                                  limit=int(self.settings.max_reply_mb * 1024 * 1024))
        except bounded.Deadline:
            self.close()  # the connection is stuck mid-reply: drop it (the worker thread then ends)
            raise TransportError(f"no complete reply from {_origin(url)} within {self.settings.timeout:g}s",
                                 hint="the server may be busy or slow; raise --timeout (seconds)") from None
        except bounded.ReplyTooLarge as exc:
            self.close()
            raise TransportError(f"the reply from {_origin(url)} is larger than {exc.limit / 1048576:g} MB",
                                 hint="ask for less (limit=, fields=) or raise --max-reply-mb "
                                      "(ZSCLI_MAX_REPLY_MB, max_reply_mb in the config file)") from None
        except requests.RequestException as exc:
            raise request_error(exc, _origin(url)) from None
        except (OSError, ValueError) as exc:  # e.g. an unreadable --ca-bundle file, a malformed host
            hint = "check --ca-bundle FILE" if self.settings.ca_bundle else "check --host/--port"
            raise TransportError(f"cannot send the request to {_origin(url)}: {exc}", hint=hint) from None
        if ex.api.action in SESSION_ISSUERS:
            ex.redactor.add(*_issued_in(raw))
        if self._tracer is not None:
            self._tracer.response(ex.redactor, reply.status_code, reply.reason or "", reply.headers, raw,
                                  reply.elapsed.total_seconds() * 1000)
        return reply.status_code, reply.reason or "", raw

    def _write_curl(self, line: str) -> None:
        assert self._curl is not None
        try:
            self._curl.write(line + "\n")
            self._curl.flush()
        except (OSError, ValueError):
            pass

    # -- replies ---------------------------------------------------------------------------------------
    @staticmethod
    def _json(status: int, raw: bytes | str) -> Any:
        try:
            return parse_json(raw)
        except ValueError:
            raise unparsable(status) from None

    def _final(self, status: int, reason: str, raw: bytes | str, location: str = "",
               ex: _Exchange | None = None, where: str = "") -> Response:
        """The reply as a Response, or its error raised; ``where`` is the request that got it
        (``METHOD URL``), named by an error reply that holds no error object."""
        if 200 <= status < 300:
            body = self._json(status, raw)
            if ex is not None and ex.api.action in SESSION_ISSUERS:
                check_session_reply(body, status)
            return Response(status=status, body=body, job_location=location)
        raw = raw.encode("utf-8") if isinstance(raw, str) else raw
        if ex is not None:
            where = ex.redactor.text(where)
        error = reply_error(status, reason, raw, ex.api if ex is not None else None, where)
        if ex is not None and ex.access_key is not None:
            raise access_key_error(status, error) from None
        raise error


def own_headers(prepared: Any) -> Any:
    """The request's authentication: the headers zscli set (session, token or access-key signature), unchanged.

    Passed to requests as the request's ``auth``, so requests does not look up ``~/.netrc`` for the host (a
    stat per request) and never replaces zscli's ``Authorization`` header with the Basic credentials it finds
    there."""
    return prepared


def job_uuid() -> str:
    """A random (version 4) UUID as 32 hex digits, for ``X-Job-UUID`` (without importing :mod:`uuid`)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return raw.hex()


def _same_origin_redirects_only(http: requests.Session) -> None:
    """Make ``http`` refuse a redirect to another origin: requests would follow it with the body (a login's
    password hash, the working credential) and headers such as X-Auth-Token. A same-origin redirect is followed.

    Raises :class:`~zscli.errors.TransportError` (from the send) naming both servers."""
    follow = http.get_redirect_target

    def target(reply: Any) -> Any:
        where = follow(reply)
        if where:
            absolute = urljoin(reply.url, where)
            if _origin(absolute) != _origin(reply.url):
                raise TransportError(f"{_origin(reply.url)} redirected the request to another server, "
                                     f"{_origin(absolute)}: not followed, so credentials go only where you said",
                                     hint=f"if you trust it, point zscli at it (--host/--port/--https); "
                                          f"the redirect went to {clip(absolute)}")
        return where

    http.get_redirect_target = target  # type: ignore[method-assign,assignment]


def _job_url(base: str, location: str) -> str:
    """Where to poll a job: the server's location resolved against ``base``; when it names another host (a
    management node names its own address, which a client behind NAT, a proxy or a tunnel may not reach), the
    same job on the server that took the call, as ZStack's SDK does (``ZSClient.pollResult``)."""
    url = urljoin(base + "/", location)
    marker = "/zstack/v1/api-jobs/"
    if _origin(url) != _origin(base) and marker in url:
        return base.rstrip("/") + "/api-jobs/" + url.split(marker, 1)[1]
    return url


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else url


def _session_path_values(api: Api, request: WireRequest) -> list[str]:
    """Values of session-uuid path parameters (``/accounts/sessions/{sessionUuid}``): secrets in a trace."""
    found: list[str] = []
    template = api.path.strip("/").split("/")
    actual = request.path.split("?", 1)[0].strip("/").split("/")
    if len(template) != len(actual):
        return found
    for name, value in zip(template, actual, strict=False):
        if name.startswith("{") and "session" in name.lower():
            found += [value, unquote(value)]
    return found


def _issued_in(raw: bytes) -> list[str]:
    """The session uuid a login/renew reply ``raw`` issues, to be masked in traces."""
    try:
        uuid = issued_uuid(parse_json(raw))
    except ValueError:
        return []
    return [uuid] if uuid else []
