"""URL routing built from the schema: every API's method and path template (plus query GET-by-uuid paths).

Templates are indexed by their number of segments and their first three segments, so a request is matched
against a handful of templates, and no API record is read until one matches.
"""
from __future__ import annotations

import threading

from zscli.record import record
from zscli.schema import Api, Family, Schema

ZSTACK_BASE = "/zstack/v1"
JOBS_PREFIX = ZSTACK_BASE + "/api-jobs/"
PROGRESS_PREFIX = ZSTACK_BASE + "/task-progresses/"  # GetTaskProgress: GET .../task-progresses/{apiId}
_HEAD = 3  # how many leading segments key the index


@record
class Route:
    """One method + path template served by an API. ``by_uuid`` marks a query's GET-by-uuid path."""

    api: Api
    method: str
    by_uuid: bool = False


@record
class Match:
    """The APIs (with their path variables) serving a method + path, and the methods the path allows."""

    candidates: tuple[tuple[Route, dict[str, str]], ...]
    allowed: tuple[str, ...]


@record
class _Template:
    api_name: str
    method: str
    segments: tuple[str, ...]  # literal segments, or "{name}" for a variable
    by_uuid: bool

    @property
    def literals(self) -> int:
        """How many segments are fixed text (the more, the more specific the template)."""
        return sum(not _is_var(s) for s in self.segments)

    def bind(self, parts: list[str]) -> dict[str, str] | None:
        """The path variables when ``parts`` fit this template, else None."""
        found: dict[str, str] = {}
        for want, got in zip(self.segments, parts, strict=False):
            if want.startswith("{"):
                if not got:
                    return None
                found[want[1:-1]] = got
            elif want != got:
                return None
        return found


def _split(path: str) -> list[str]:
    return path.strip("/").split("/")


def _key(segments: tuple[str, ...] | list[str]) -> tuple[object, ...]:
    return (len(segments), *segments[:_HEAD])


def _is_var(segment: str) -> bool:
    return segment.startswith("{")


class Router:
    """Finds the APIs serving a request."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._exact: dict[tuple[object, ...], list[_Template]] = {}
        self._loose: dict[int, list[_Template]] = {}  # templates with a variable among their first segments
        for name, (method, path, get_path) in sorted(schema.routes().items()):
            entry = schema.entry(name)
            base = ZSTACK_BASE if entry is None or entry.family is Family.ZSTACK else ""
            self._add(_Template(name, method.upper(), tuple(_split(base + path)), False))
            if get_path:
                self._add(_Template(name, "GET", tuple(_split(base + get_path)), True))

    def _add(self, template: _Template) -> None:
        if any(_is_var(s) for s in template.segments[:_HEAD]):
            self._loose.setdefault(len(template.segments), []).append(template)
        else:
            self._exact.setdefault(_key(template.segments), []).append(template)

    def match(self, method: str, path: str) -> Match | None:
        """The routes for ``method`` + ``path``; None when no API has this path at all."""
        parts = _split(path)
        fitting = [(t, b) for t in self._exact.get(_key(parts), []) + self._loose.get(len(parts), [])
                   if (b := t.bind(parts)) is not None]
        if fitting:  # as the server's path matcher does, literal segments beat variables: /l3-networks/address-pools
            same = [t.literals for t, _ in fitting if t.method == method]  # is QueryAddressPool, not
            best = max(same or [t.literals for t, _ in fitting])  # QueryL3Network by uuid
            fitting = [(t, b) for t, b in fitting if t.literals == best or t.method != method]
        found, allowed = [], []
        for template, bound in fitting:
            allowed.append(template.method)
            if template.method == method:
                api = self.schema.api(template.api_name)
                if api is not None:
                    found.append((Route(api, template.method, template.by_uuid), bound))
        if not allowed:
            return None
        return Match(tuple(found), tuple(dict.fromkeys(allowed)))


_ROUTERS: dict[int, Router] = {}
_LOCK = threading.Lock()


def router_for(schema: Schema) -> Router:
    """The :class:`Router` of ``schema``, built once per schema object."""
    with _LOCK:
        router = _ROUTERS.get(id(schema))
        if router is None or router.schema is not schema:
            router = _ROUTERS[id(schema)] = Router(schema)
    return router
