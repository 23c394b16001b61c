"""A server's error object, read once through the schema's error shapes.

The schema declares how each API family reports a failure (:class:`zscli.schema.types.ErrorShape`: where the
object sits in the body and its fields: ZStack's ``ErrorCode`` under ``error``, ModelArts' ``error_code`` /
``error_msg`` / ``solution_msg`` as the whole body). :func:`read` turns a reply body into a :class:`Fault`
following those shapes; the transport builds its errors from it and the output renders it, so neither parses
error dictionaries itself.
"""
from __future__ import annotations

from enum import Enum
from typing import Any
from collections.abc import Sequence

from zscli.record import field, record
from zscli.schema.types import ErrorShape

MAX_CAUSES = 20  # a guard against a (malformed or hostile) endless cause chain


class Role(str, Enum):
    """What an error field means, whatever the family calls it."""

    CODE = "code"
    DESCRIPTION = "description"
    DETAILS = "details"
    SOLUTION = "solution"
    CAUSE = "cause"


#: The meaning of each field name the schema's error shapes use (a field not listed here is kept in ``raw``).
ROLES: dict[str, Role] = {
    "code": Role.CODE, "error_code": Role.CODE,
    "description": Role.DESCRIPTION, "error_msg": Role.DESCRIPTION,
    "details": Role.DETAILS, "elaboration": Role.DETAILS,
    "solution_msg": Role.SOLUTION,
    "cause": Role.CAUSE,
}


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value).strip()


@record
class Fault:
    """One error object: its code, description, details (every detail field, in the shape's order), the
    solution a server suggests, and the error that caused it (ZStack nests ``cause`` objects)."""

    shape: str
    code: str = ""
    description: str = ""
    details: tuple[tuple[str, str], ...] = ()  # (field name, text) of every detail field, in the shape's order
    solution: str = ""
    cause: Fault | None = None
    wrapped: bool = False  # the object sits under a key of the body (ZStack's ``error``), not the body itself
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def headline(self) -> str:
        """``code: description`` (either alone when the other is empty)."""
        if self.code and self.description:
            return f"{self.code}: {self.description}"
        return self.code or self.description

    @property
    def causes(self) -> tuple[Fault, ...]:
        """The errors that caused this one, outermost first (at most :data:`MAX_CAUSES`)."""
        out: list[Fault] = []
        node = self.cause
        while node is not None and len(out) < MAX_CAUSES:
            out.append(node)
            node = node.cause
        return tuple(out)

    @property
    def detail_texts(self) -> tuple[str, ...]:
        """The texts of the detail fields."""
        return tuple(text for _, text in self.details)

    def codes(self) -> tuple[str, ...]:
        """This error's code and its causes' codes."""
        return tuple(f.code for f in (self, *self.causes) if f.code)


def _object(body: Any, shape: ErrorShape) -> dict[str, Any] | None:
    """The error object of ``shape`` in ``body``, or None when ``body`` does not hold one."""
    if not isinstance(body, dict):
        return None
    obj = body.get(shape.key) if shape.key else body
    if not isinstance(obj, dict):
        return None
    named = {f.name for f in shape.fields if ROLES.get(f.name) in (Role.CODE, Role.DESCRIPTION)}
    return obj if named & set(obj) else None


def _from_object(obj: dict[str, Any], shape: ErrorShape, depth: int = 0) -> Fault:
    values: dict[Role, list[Any]] = {}
    details: list[tuple[str, str]] = []
    for f in shape.fields:
        role = ROLES.get(f.name)
        if role is not None and f.name in obj:
            values.setdefault(role, []).append(obj[f.name])
            if role is Role.DETAILS and _text(obj[f.name]):
                details.append((f.name, _text(obj[f.name])))
    cause = next((c for c in values.get(Role.CAUSE, ()) if isinstance(c, dict)), None)
    return Fault(shape=shape.name,
                 code=next((t for t in map(_text, values.get(Role.CODE, ())) if t), ""),
                 description=next((t for t in map(_text, values.get(Role.DESCRIPTION, ())) if t), ""),
                 details=tuple(details),
                 solution=next((t for t in map(_text, values.get(Role.SOLUTION, ())) if t), ""),
                 cause=_from_object(cause, shape, depth + 1) if cause is not None and depth < MAX_CAUSES else None,
                 wrapped=bool(shape.key), raw=obj)


def read(body: Any, shapes: Sequence[ErrorShape]) -> Fault | None:
    """The error in ``body`` as the first of ``shapes`` that fits it describes it; None when none fits."""
    for shape in shapes:
        obj = _object(body, shape)
        if obj is not None:
            return _from_object(obj, shape)
        if shape.key and isinstance(body, dict) and _object({shape.key: body}, shape) is not None:
            return _from_object(body, shape)  # an unwrapped object of a wrapped shape (a job's result)
    return None


def known_shapes(preferred: str = "") -> tuple[ErrorShape, ...]:
    """The schema's error shapes, the one called ``preferred`` (an API's own) first."""
    from zscli.schema import load

    shapes = tuple(load().errors)
    return tuple(sorted(shapes, key=lambda s: s.name != preferred))
