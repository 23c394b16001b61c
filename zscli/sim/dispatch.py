"""Request handling independent of the HTTP plumbing: route, authenticate, run, and shape the reply."""
from __future__ import annotations

import logging
from typing import Any
from collections.abc import Callable

from zscli.record import field, record
from zscli.schema import Action, Api, Family, Reply, Schema

from . import codes, modelarts, progress, query, validate
from .auth import Sessions
from .codes import ApiFailure, BadRequest
from .facts import DEFAULT_VERSION
from .jobs import Jobs
from .ops import Operations
from .query import Condition
from .routes import JOBS_PREFIX, PROGRESS_PREFIX, Route, router_for
from .store import Store

log = logging.getLogger(__name__)
DEFAULT_API_TIMEOUT_MS = 1_800_000


@record(frozen=False)
class Answer:
    """An HTTP answer: a JSON body (dict) or a plain-text reason (str)."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@record
class Incoming:
    """What dispatch needs from a request."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    body: Any
    raw_body: bytes
    default_host: str


class Backend:
    """The simulated server behind the HTTP layer."""

    def __init__(self, schema: Schema, store: Store, sessions: Sessions, jobs: Jobs,
                 version: str = DEFAULT_VERSION) -> None:
        self.schema = schema
        self.version = version
        self.store = store
        self.sessions = sessions
        self.jobs = jobs
        self.ops = Operations(store)
        self.router = router_for(schema)
        self.job_host = ""  # host[:port] for job locations; "" = the request's Host
        self._session_actions: dict[Action, Callable[[dict[str, Any]], dict[str, Any]]] = {
            Action.LOGIN: self._login, Action.LOGOUT: self._logout,
            Action.VALIDATE_SESSION: self._validate_session, Action.RENEW_SESSION: self._renew_session}

    def handle(self, req: Incoming) -> Answer:
        """Answer one request; never raises."""
        try:
            return self._handle(req)
        except BadRequest as bad:
            return Answer(bad.status, bad.reason)
        except ApiFailure as failure:
            return Answer(503, {"error": failure.error})
        except Exception as exc:  # noqa: BLE001 - a handler thread must always answer
            log.exception("simulator failure on %s %s", req.method, req.path)
            if req.path.startswith(modelarts.PATH_PREFIX):
                return Answer(500, codes.modelarts_error(codes.MA_INTERNAL, f"{type(exc).__name__}: {exc}",
                                                        "Try again later."))
            return Answer(500, {"error": codes.error_code(codes.INTERNAL, f"{type(exc).__name__}: {exc}")})

    def _handle(self, req: Incoming) -> Answer:
        if req.path.startswith(JOBS_PREFIX):
            if req.method != "GET":
                return Answer(405, f"method {req.method} is not allowed on api-jobs; use GET",
                             {"Allow": "GET"})
            status, body = self.jobs.poll(req.path[len(JOBS_PREFIX):].strip("/"))
            return Answer(status, body)
        if req.path.startswith(PROGRESS_PREFIX) and "/" not in req.path[len(PROGRESS_PREFIX):].strip("/"):
            if req.method != "GET":
                return Answer(405, f"method {req.method} is not allowed on {req.path}; allowed: GET", {"Allow": "GET"})
            self._authenticate(req)
            return Answer(200, self.jobs.progress(req.path[len(PROGRESS_PREFIX):].strip("/")))
        match = self.router.match(req.method, req.path)
        if match is None and req.path.startswith(modelarts.PATH_PREFIX):
            return Answer(404, codes.modelarts_error(codes.MA_API_NOT_FOUND, f"No API is served at {req.path}.",
                                                    "Check the request path and try again."))
        if match is None:
            return Answer(404, f"no API is served at {req.path}")
        if not match.candidates:
            return Answer(405, f"method {req.method} is not allowed on {req.path}; allowed: {', '.join(match.allowed)}",
                         {"Allow": ", ".join(match.allowed)})
        if req.raw_body.strip() and req.body is None:
            raise BadRequest("the request body is not valid JSON")
        route, path_vars = self._pick(match.candidates, req.body)
        api = route.api
        if api.family is Family.MODELARTS:
            status, body = modelarts.list_items(self.store, api, path_vars, req.query, req.headers)
            return Answer(status, body)
        if api.needs_session:
            self._authenticate(req)
        return self._zstack(api, route, path_vars, req)

    def _authenticate(self, req: Incoming) -> None:
        """A valid session, or a correct access-key signature over the method, the decoded path and Date."""
        self.sessions.require(req.headers.get("authorization"), req.method, req.path, req.headers.get("date"))

    @staticmethod
    def _pick(candidates: tuple[tuple[Route, dict[str, str]], ...], body: Any) -> tuple[Route, dict[str, str]]:
        """One API for the request: several APIs on one method + path are told apart by the body wrapper key."""
        if len(candidates) == 1:
            return candidates[0]
        keys = set(body) if isinstance(body, dict) else set()
        chosen = [c for c in candidates if c[0].api.wrapper is not None and c[0].api.wrapper in keys]
        if not chosen:
            chosen = [c for c in candidates if c[0].api.wrapper is None]
        if len(chosen) != 1:
            wrappers = ", ".join(sorted(repr(c[0].api.wrapper) for c in candidates if c[0].api.wrapper is not None))
            raise BadRequest(f"cannot tell which API this request is for: wrap the parameters in one of: {wrappers}")
        return chosen[0]

    @staticmethod
    def _body_params(api: Api, body: Any) -> dict[str, Any]:
        """The parameters of a body: only the wrapper key is read (flat fields are ignored)."""
        if not isinstance(body, dict):
            return {}
        params = body.get(api.wrapper) if api.wrapper is not None else body
        if params is None:
            return {}
        if not isinstance(params, dict):
            raise ApiFailure(codes.INVALID_ARGUMENT, f"the body key [{api.wrapper}] must hold a JSON object")
        return params

    def _zstack(self, api: Api, route: Route, path_vars: dict[str, str], req: Incoming) -> Answer:
        if api.action is Action.QUERY:
            return Answer(200, self._query(api, route, path_vars, req))

        def run() -> tuple[int, Any]:
            params = validate.collect(api, path_vars, req.query, self._body_params(api, req.body),
                                      fill_defaults=api.action is Action.CREATE)
            return self._run(api, params, validate.tags(req.body, req.query))

        if api.is_async:
            return self._submit(api, run, req)
        status, body = run()
        return Answer(status, body)

    def _query(self, api: Api, route: Route, path_vars: dict[str, str], req: Incoming) -> dict[str, Any]:
        """A query's reply: from its inventory's table, or empty when the schema cannot map it to one."""
        if not api.inventory or not self.store.has(api.inventory):
            counted = any(k in ("count", "replyWithCount") and v.lower() == "true" for k, v in req.query)
            return {"inventories": [], **({"total": 0} if counted else {})}
        inv = self.store.inventory(api.inventory)
        extra = [Condition((inv.key,), "=", path_vars["uuid"])] if route.by_uuid else []
        return query.run(self.store, inv, req.query, extra)

    def _run(self, api: Api, params: dict[str, Any], tags: tuple[list[str], list[str]]) -> tuple[int, Any]:
        """The result of a non-query API: session bookkeeping, server facts, or the store's operations."""
        session_action = self._session_actions.get(api.action)
        if session_action is not None:
            return 200, session_action(params)
        if api.reply is Reply.RESULT:
            # Named result fields: facts the simulator knows (the server version), else what was sent.
            facts = {"version": self.version}
            return 200, {f: facts.get(f, params.get(f)) for f in api.result_fields}
        return self.ops.execute(api, params, tags)

    def _login(self, params: dict[str, Any]) -> dict[str, Any]:
        record = self.sessions.login(params.get("accountName"), params.get("password"))
        return {"inventory": self.store.render("Session", [record])[0]}

    def _logout(self, params: dict[str, Any]) -> dict[str, Any]:
        self.sessions.logout(params.get("sessionUuid", ""))
        return {}

    def _validate_session(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"valid": self.sessions.valid(params.get("sessionUuid"))}

    def _renew_session(self, params: dict[str, Any]) -> dict[str, Any]:
        record = self.sessions.renew(params.get("sessionUuid", ""), params.get("duration"))
        return {"inventory": self.store.render("Session", [record])[0]}

    def _submit(self, api: Api, run: Callable[[], tuple[int, Any]], req: Incoming) -> Answer:
        """Start an asynchronous job: 202 with the job location in the body."""
        def work() -> tuple[int, Any]:
            try:
                return run()
            except ApiFailure as failure:
                return 503, {"error": failure.error}
            except Exception as exc:  # noqa: BLE001 - a job must always finish
                log.exception("simulator job failure in %s", api.name)
                return 500, {"error": codes.error_code(codes.INTERNAL, f"{type(exc).__name__}: {exc}")}

        timeout = _timeout_ms(req.headers.get("x-api-timeout"))
        job_uuid = self.jobs.submit(req.headers.get("x-job-uuid"), work, f"org.zstack.header.API{api.name}Msg",
                                    progress.steps_for(api.action))
        host = self.job_host or req.headers.get("host") or req.default_host
        return Answer(202, {"location": f"http://{host}{JOBS_PREFIX}{job_uuid}", "apiTimeout": timeout})


def _timeout_ms(header: str | None) -> int:
    """The apiTimeout of a job in milliseconds (X-API-Timeout is in seconds)."""
    try:
        seconds = int(header) if header else 0
    except ValueError:
        raise BadRequest(f"invalid X-API-Timeout [{header}]: use a whole number of seconds") from None
    return seconds * 1000 if seconds > 0 else DEFAULT_API_TIMEOUT_MS
