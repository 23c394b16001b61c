"""What ``action.call()`` returns: a :class:`Result` holding the reply (``value``) or the server's error."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zscli.errors import ServerError
from zscli.record import field, record

if TYPE_CHECKING:
    from zscli.faults import Fault


class Record(dict):  # type: ignore[type-arg]
    """A reply object: a ``dict`` whose keys also read as attributes (``res.value.inventory.name``).

    A missing key reads as None, as in ZStack's Python SDK. Nested objects are Records too; keys that clash
    with dict methods (``items``, ``values``...) are read with ``record["items"]``.
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)

    @staticmethod
    def of(value: Any) -> Any:
        """``value`` with every nested dict turned into a Record (lists kept as lists)."""
        if isinstance(value, dict):
            return Record({k: Record.of(v) for k, v in value.items()})
        if isinstance(value, list):
            return [Record.of(v) for v in value]
        return value


@record(frozen=False)
class ErrorCode:
    """The server's error: ZStack's ErrorCode (``code``, ``description``, ``details``, ``elaboration``,
    ``opaque``, ``cause`` -- the ErrorCode that caused it, or None) or a ModelArts error mapped onto it
    (``error_code`` -> code, ``error_msg`` -> description, ``solution_msg`` -> details).

    ``status`` is the HTTP status; ``raw`` the error object exactly as received (None for a plain-text reply).
    """

    code: str = ""
    description: str = ""
    details: str = ""
    elaboration: Any = None
    opaque: Any = None
    cause: ErrorCode | None = None
    status: int = 0
    raw: Any = field(default=None, repr=False)

    @classmethod
    def of(cls, error: ServerError) -> ErrorCode:
        """The ErrorCode of a server's refusal, read through the schema's error shapes (:mod:`zscli.faults`);
        a reply without an error object (a plain-text 400/404) keeps its message as the description."""
        fault = error.fault
        if fault is None:
            return cls(code=f"HTTP.{error.status}" if error.status else "", description=error.message,
                       status=error.status, raw=error.body)
        return cls.from_fault(fault, error.status)

    @classmethod
    def from_fault(cls, fault: Fault, status: int = 0) -> ErrorCode:
        """``fault`` and its causes as ErrorCodes (details: the detail fields, else the server's solution)."""
        raw = fault.raw
        return cls(code=fault.code, description=fault.description,
                   details="; ".join(fault.detail_texts) or fault.solution,
                   elaboration=raw.get("elaboration"), opaque=raw.get("opaque"),
                   cause=cls.from_fault(fault.cause, status) if fault.cause is not None else None,
                   status=status, raw=raw)

    @property
    def chain(self) -> list[ErrorCode]:
        """This error followed by its causes, outermost first."""
        out: list[ErrorCode] = []
        node: ErrorCode | None = self
        while node is not None and len(out) < 64:  # a hostile reply cannot loop us forever
            out.append(node)
            node = node.cause
        return out

    def __str__(self) -> str:
        text = f"{self.code}: {self.description}" if self.code and self.description else (self.code or self.description)
        if self.details and self.details != self.description:
            text += f" ({self.details})"
        return text or f"HTTP {self.status}"


class ApiError(ServerError):
    """Raised by :meth:`Result.throw_exception_if_error`: ``code`` and ``error`` (the :class:`ErrorCode`,
    with its cause chain), ``hint`` (the details), ``status`` (HTTP) and ``exit_code`` as the CLI's."""

    def __init__(self, api: str, error: ErrorCode) -> None:
        super().__init__(f"{api} failed: {error.code}: {error.description}" if error.code
                         else f"{api} failed: {error.description or f'HTTP {error.status}'}",
                         error.status, body=error.raw if isinstance(error.raw, dict) else None, hint=error.details)
        self.api = api
        self.code = error.code
        self.error = error


@record(frozen=False)
class Result:
    """The outcome of one call: ``value`` (the reply as a :class:`Record`: ``inventory``, ``inventories``,
    ``total``, ``version``...) when it succeeded, ``error`` (an :class:`ErrorCode`) when the server refused it."""

    api: str
    value: Record | None = None
    error: ErrorCode | None = None

    @property
    def ok(self) -> bool:
        """True when the call succeeded."""
        return self.error is None

    def throw_exception_if_error(self) -> Result:
        """Raise :class:`ApiError` if the call failed; otherwise return this result (so calls chain)."""
        if self.error is not None:
            raise ApiError(self.api, self.error)
        return self

    throwExceptionIfError = throw_exception_if_error  # the spelling of ZStack's Java SDK and the reference pages


__all__ = ["ApiError", "ErrorCode", "Record", "Result"]
