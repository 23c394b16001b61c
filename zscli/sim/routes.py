"""URL routing built from the schema: every API's method and path template (plus query GET-by-uuid paths)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Pattern

from zscli.schema import Api, Family, Schema

ZSTACK_BASE = "/zstack/v1"
JOBS_PREFIX = ZSTACK_BASE + "/api-jobs/"
PROGRESS_PREFIX = ZSTACK_BASE + "/task-progresses/"  # GetTaskProgress: GET .../task-progresses/{apiId}


@dataclass(frozen=True)
class Route:
    """One method + path template served by an API. ``by_uuid`` marks a query's GET-by-uuid path."""

    api: Api
    method: str
    pattern: Pattern[str]
    by_uuid: bool = False


@dataclass(frozen=True)
class Match:
    """The APIs (with their path variables) serving a method + path, and the methods the path allows."""

    candidates: tuple[tuple[Route, dict[str, str]], ...]
    allowed: tuple[str, ...]


def _compile(template: str) -> Pattern[str]:
    parts = re.split(r"({\w+})", template)
    regex = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}/?$")


def full_path(api: Api, template: str) -> str:
    """The absolute path template of an API path (ZStack paths live under /zstack/v1)."""
    return ZSTACK_BASE + template if api.family is Family.ZSTACK else template


class Router:
    """Finds the APIs serving a request."""

    def __init__(self, schema: Schema) -> None:
        self.routes: list[Route] = []
        for api in schema.apis:
            self.routes.append(Route(api, api.method.upper(), _compile(full_path(api, api.path))))
            if api.get_path:
                self.routes.append(Route(api, "GET", _compile(full_path(api, api.get_path)), by_uuid=True))

    def match(self, method: str, path: str) -> Optional[Match]:
        """The routes for ``method`` + ``path``; None when no API has this path at all."""
        found, allowed = [], []
        for route in self.routes:
            m = route.pattern.match(path)
            if m is None:
                continue
            allowed.append(route.method)
            if route.method == method:
                found.append((route, m.groupdict()))
        if not allowed:
            return None
        return Match(tuple(found), tuple(dict.fromkeys(allowed)))
