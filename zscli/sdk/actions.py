"""Action classes (``UpdateModelAction``...), one per API, built from the schema on first use.

An action is a bag of attributes, one per API parameter (``action.name = "example"``), plus the SDK's own:
``sessionId``, ``accessKeyId``/``accessKeySecret``, ``timeout`` and ``pollingInterval`` (seconds) and, for
query APIs, ``conditions``, ``limit``, ``start``, ``count``, ``replyWithCount``, ``sortBy``, ``sortDirection``,
``fields``, ``groupBy``. :meth:`AbstractAction.call` turns the attributes into the words the CLI would read
(``name=example``) and hands them to the CLI's own parser, wire builder and transport, so validation, error
messages, the request and the polling of asynchronous jobs are exactly the CLI's.
"""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, ClassVar

from zscli.errors import AuthError, UsageError

from .result import ErrorCode, Record, Result

if TYPE_CHECKING:
    from zscli.schema.types import Api, Param, Schema

    from .client import Client

SUFFIX = "Action"
#: Attributes every action has besides its API's parameters (values: what help says about them).
COMMON = {
    "sessionId": "Session uuid to call with (default: the client's session)",
    "accessKeyId": "Access-key id to sign the request with (instead of a session)",
    "accessKeySecret": "Access-key secret to sign the request with",
    "timeout": "Seconds to wait for an asynchronous job (default: the server's apiTimeout, as the CLI)",
    "pollingInterval": "Seconds between polls of an asynchronous job (default: the CLI's growing pause)",
}
#: Attributes of query actions (the query options of the CLI, plus the conditions).
QUERY = {
    "conditions": "Conditions as the CLI writes them: [\"name=qwen\", \"vendor!=Alibaba\"]",
    "limit": "Most rows to return (the server's default is 1000)",
    "start": "Number of rows to skip before the first returned",
    "count": "True: return only the number of matching rows",
    "replyWithCount": "True: return the rows and their total count",
    "sortBy": "Primitive field to sort by",
    "sortDirection": "\"asc\" (default) or \"desc\"; needs sortBy",
    "fields": "Primitive fields to return: [\"uuid\", \"name\"]",
    "groupBy": "Primitive field to group rows by",
}
ALIASES = {"polling_interval": "pollingInterval", "session_id": "sessionId", "access_key_id": "accessKeyId",
           "access_key_secret": "accessKeySecret", "reply_with_count": "replyWithCount", "sort_by": "sortBy",
           "sort_direction": "sortDirection", "group_by": "groupBy"}
_UUID = re.compile(r"[0-9a-fA-F]{32}")


class AbstractAction:
    """Base of every action class; see the module docstring. Subclasses set ``API`` and ``PARAMS``."""

    API: ClassVar[str] = ""
    PARAMS: ClassVar[tuple[str, ...]] = ()  # the API's parameter names, in schema order
    IS_QUERY: ClassVar[bool] = False
    sessionId: str | None
    accessKeyId: str | None
    accessKeySecret: str | None
    timeout: float | None
    pollingInterval: float | None
    polling_interval: float | None

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)

    def _names(self) -> tuple[str, ...]:
        return self.PARAMS + tuple(COMMON) + (tuple(QUERY) if self.IS_QUERY else ())

    def __setattr__(self, name: str, value: Any) -> None:
        name = ALIASES.get(name, name)
        if name not in self._names() and not name.startswith("_"):
            from zscli.language.suggest import did_you_mean

            hint = did_you_mean(name, list(self._names())) or f"{type(self).__name__} takes: {', '.join(self._names())}"
            raise AttributeError(f"{type(self).__name__} has no parameter '{name}' ({hint})")
        object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        """Unset parameters read as None; aliases (``polling_interval``) read their SDK spelling."""
        if name in ALIASES:
            return getattr(self, ALIASES[name])
        if name in self._names():
            return None
        raise AttributeError(f"{type(self).__name__} has no attribute '{name}'")

    def __repr__(self) -> str:
        given = ", ".join(f"{k}={'***' if _secret(k) else repr(v)}" for k, v in vars(self).items()
                          if not k.startswith("_"))
        return f"{type(self).__name__}({given})"

    # -- calling -------------------------------------------------------------------------------------------------
    def call(self, client: Client | None = None) -> Result:
        """Validate the attributes, send the call, wait for an asynchronous job, and return a :class:`Result`.

        The server's refusal is ``result.error`` (see ``throw_exception_if_error()``). Raises the CLI's errors:
        UsageError (a bad or missing value; nothing was sent: ``exit_code`` 2, ``hint`` says what to do),
        AuthError (no session), TransportError (unreachable, timed out, unparsable reply).
        """
        from zscli.errors import ServerError
        from zscli.language import parser, wire
        from zscli.schema import load
        from zscli.transport import SessionExpired

        from .client import default_client

        schema = load()
        api = schema.api(self.API)
        if api is None:
            raise UsageError(f"unknown API '{self.API}'", hint="the schema changed; rebuild it")
        client = client or default_client()
        words = self._words(api)
        access_key = self._access_key(client)
        signed = access_key[0] != "" if access_key is not None else client.uses_access_key
        needs = _needs_session(api, self, signed)
        session = self.sessionId or (client.session_id(schema) if needs else None)
        if needs and not session:
            raise AuthError("not logged in", hint="set action.sessionId or access keys, use zscli.sdk.Client(account="
                            "..., password=...), or log in once with: zscli LogInByAccount accountName=admin")
        call = parser.parse(words, schema, session_uuid=session)
        if not api.is_query:
            client.check_version(api, [n for n in self.PARAMS if getattr(self, n) is not None], schema)
        request = wire.build(call)
        wait = _seconds(self.timeout, "timeout")
        interval = _seconds(self.pollingInterval, "pollingInterval")
        try:
            try:
                response = client.execute(api, request, session, wait_timeout=wait, poll_interval=interval,
                                          access_key=access_key)
            except SessionExpired:
                renewed = None if self.sessionId or signed else client.relogin(schema)
                if renewed is None:
                    raise
                response = client.execute(api, wire.build(parser.parse(words, schema, session_uuid=renewed)),
                                          renewed, wait_timeout=wait, poll_interval=interval, access_key=access_key)
        except SessionExpired as exc:
            from zscli.faults import known_shapes, read

            fault = read(exc.body, known_shapes(api.error)) if exc.body is not None else None
            return Result(api.name, error=ErrorCode.from_fault(fault, 503) if fault is not None
                          else ErrorCode(code="ID.1001", description=exc.message, status=503))
        except ServerError as exc:
            return Result(api.name, error=ErrorCode.of(exc))
        body = response.body if isinstance(response.body, dict) else {"value": response.body}
        return Result(api.name, value=Record.of(body))

    def _access_key(self, client: Client) -> tuple[str, str] | None:
        """The access key to sign this call with: the action's own, ``("", "")`` (none) when the action gives a
        sessionId, None to use the client's settings."""
        if self.accessKeyId is not None or self.accessKeySecret is not None:
            if not isinstance(self.accessKeyId, str) or not isinstance(self.accessKeySecret, str) \
                    or not self.accessKeyId or not self.accessKeySecret:
                raise UsageError("accessKeyId and accessKeySecret go together, as non-empty strings",
                                 hint="set both, or neither and use sessionId")
            return (self.accessKeyId, self.accessKeySecret)
        if self.sessionId is not None and client.uses_access_key:
            return ("", "")
        return None

    def _words(self, api: Api) -> list[str]:
        """The attributes as the CLI's words: ``[API, "name=example", ...]``."""
        words = [api.name]
        if api.is_query:
            words += _conditions(self.conditions)
            for option in QUERY:
                value = getattr(self, option)
                if option != "conditions" and value is not None:
                    words.append(f"{option}={_option_text(option, value)}")
        for name in self.PARAMS:
            value = getattr(self, name)
            if value is not None:
                param = api.param(name)
                assert param is not None
                words.append(f"{name}={_text(param, value)}")
        return words


class QueryAction(AbstractAction):
    """Base of query actions (``QueryModelAction``...): conditions and query options besides parameters."""

    IS_QUERY = True
    conditions: list[str] | None
    limit: int | None
    start: int | None
    count: bool | None
    replyWithCount: bool | None
    sortBy: str | None
    sortDirection: str | None
    fields: list[str] | None
    groupBy: str | None


def _needs_session(api: Api, action: AbstractAction, signed: bool) -> bool:
    """True when the call needs a session: the API does (unless it is signed with an access key), or a
    ``$session`` parameter (LogOut's) is left unset."""
    from zscli.schema import Family

    return api.family is Family.ZSTACK and ((api.needs_session and not signed) or any(
        p.default == "$session" and getattr(action, p.name) is None for p in api.params))


def _secret(name: str) -> bool:
    low = name.lower()
    return "password" in low or "secret" in low or low == "sessionid"


def _seconds(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise UsageError(f"{name} takes a positive number of seconds, not {value!r}", hint=f"write action.{name} = 60")
    return float(value)


def _conditions(value: Any) -> list[str]:
    """The ``conditions`` attribute as words; a bare 32-hex uuid (as the reference pages write it) is ``uuid=...``."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(c, str) for c in value):
        raise UsageError("conditions takes a list of condition strings", hint='write ["name=qwen", "vendor!=Alibaba"]')
    return [f"uuid={c}" if _UUID.fullmatch(c) else c for c in value]


def _option_text(name: str, value: Any) -> str:
    if name == "fields" and isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) for v in value):
            raise UsageError("fields takes a list of field names", hint='write ["uuid", "name"]')
        return ",".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    raise UsageError(f"{name} takes {QUERY[name].split(':')[0].lower()}, not a {type(value).__name__}",
                     hint=f"see help({name})")


_KINDS = {"String": (str,), "Integer": (int,), "Long": (int,), "Double": (int, float), "Boolean": (bool,),
          "List": (list, tuple, str), "Map": (dict,), "Timestamp": (str, int), "Object": (dict,)}
_EXAMPLE = {"String": '"text"', "Integer": "1", "Long": "1", "Double": "1.5", "Boolean": "True",
            "List": '["a", "b"]', "Map": '{"key": "value"}', "Timestamp": '"2025-11-25T11:51:50Z"', "Object": "{}"}


def _text(param: Param, value: Any) -> str:
    """A Python value as the text the CLI reads after ``name=`` (the CLI then checks it against the schema).

    A string is sent as it is: one starting with ``@`` is never read as a file.
    """
    kind = param.type.value
    allowed = _KINDS.get(kind)
    if allowed is not None and (not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)):
        raise UsageError(f"{param.name} takes a {kind} ({' or '.join(t.__name__ for t in allowed)}), "
                         f"not a {type(value).__name__}",
                         hint=f"write action.{param.name} = {_EXAMPLE.get(kind, '...')}")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    text = str(value)
    return "@" + text if text.startswith("@") else text


def build_class(api: Api) -> type[AbstractAction]:
    """The action class of ``api``: attributes documented for ``help()`` (type, required, since, description)."""
    from .docs import class_doc, param_doc

    base: type[AbstractAction] = QueryAction if api.is_query else AbstractAction
    namespace: dict[str, Any] = {"API": api.name, "PARAMS": tuple(p.name for p in api.params),
                                 "__doc__": class_doc(api), "__module__": "zscli.sdk",
                                 "__qualname__": api.name + SUFFIX, "Result": Result}
    for param in api.params:
        namespace[param.name] = _attribute(param.name, param_doc(api, param))
    names = dict(COMMON, **(QUERY if api.is_query else {}))
    for name, doc in names.items():
        if name not in namespace:
            namespace[name] = _attribute(name, doc)
    return type(api.name + SUFFIX, (base,), namespace)


def _attribute(name: str, doc: str) -> property:
    def get(self: AbstractAction) -> Any:
        return self.__dict__.get(name)

    def put(self: AbstractAction, value: Any) -> None:
        self.__dict__[name] = value

    def drop(self: AbstractAction) -> None:
        self.__dict__.pop(name, None)

    return property(get, put, drop, doc)


def action_class(name: str, schema: Schema | None = None) -> type[AbstractAction] | None:
    """The class for ``UpdateModelAction`` (built once, then cached), or None when no API has that name."""
    if not name.endswith(SUFFIX) or name in _CACHE:
        return _CACHE.get(name)
    if schema is None:
        from zscli.schema import load

        schema = load()
    api = schema.api(name[: -len(SUFFIX)])
    if api is None:
        return None
    cls = _CACHE.setdefault(name, build_class(api))
    return cls


_CACHE: dict[str, type[AbstractAction]] = {}

__all__ = ["ALIASES", "COMMON", "QUERY", "AbstractAction", "QueryAction", "action_class", "build_class"]
