"""Records: the project's value classes (``@record``), defined cheaply at import.

A record is what ``@dataclasses.dataclass(frozen=True)`` makes (an ``__init__`` taking the annotated fields in
order, with defaults and :func:`field` specifiers; ``__repr__``, ``__eq__``, ``__hash__``; assignment refused),
and :func:`replace`, :func:`fields` and :func:`asdict` work on it as dataclasses' functions do.
``@record(frozen=False)`` makes a mutable one (no ``__hash__``, as dataclasses do for ``eq=True``).

Why not dataclasses: ``@dataclass`` compiles six generated methods per class when the module is imported (about
0.6 ms a class here) and imports :mod:`inspect` (about 7 ms). ``zscli help API`` and a shell completion request
define some twenty value classes on their way and have 60 ms in all (issue 9), so those 20 ms mattered. Here a
class costs a few microseconds to define: ``__init__`` is compiled on the class's first instantiation (a class
that a run never instantiates costs nothing more), the other methods are shared functions.
"""
from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, overload
from collections.abc import Callable

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_kwargs: Any) -> Callable[[Any], Any]:
        """At run time a no-op: the decorator only tells type checkers that :func:`record` makes
        dataclass-like classes."""
        return lambda obj: obj

T = TypeVar("T")
_FIELDS = "__record_fields__"


class _Missing:
    """The marker of a field without a default (a class, so its repr reads well in generated code)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenError(AttributeError):
    """Raised when a frozen record's attribute is assigned or deleted (``dataclasses.FrozenInstanceError``)."""


class Field:
    """How one field of a record behaves (see :func:`field`); ``name`` is set when its class is decorated."""

    __slots__ = ("name", "default", "default_factory", "init", "repr", "compare")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True,
                 repr: bool = True, compare: bool = True) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    @property
    def required(self) -> bool:
        """True when ``__init__`` must be given a value for it."""
        return self.default is MISSING and self.default_factory is MISSING

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, init={self.init})"


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING, init: bool = True,
          repr: bool = True, compare: bool = True) -> Any:
    """A field specifier, as :func:`dataclasses.field`: ``default`` or ``default_factory`` (called for each new
    record), whether ``__init__`` takes it, whether ``repr`` shows it and whether ``==``/``hash`` use it."""
    return Field(default, default_factory, init, repr, compare)


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, frozen: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = True) -> Any:
    """Make ``cls`` a record (``@record``, or ``@record(frozen=False)`` for a mutable one); returns ``cls``.

    Fields are the class's annotations, in order, after those of record base classes; a ``ClassVar`` annotation
    is not a field. A field without a default after one with a default is a TypeError, as in dataclasses.
    Methods the class defines itself (``__repr__``, ``__eq__``, ``__hash__``) are kept; a ``__post_init__``
    runs at the end of ``__init__``.
    """
    def wrap(klass: type[T]) -> type[T]:
        return _make(klass, frozen)

    return wrap if cls is None else wrap(cls)


def _make(cls: type[T], frozen: bool) -> type[T]:
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(base.__dict__.get(_FIELDS, {}))
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        spec.name = name
        found[name] = spec
        if spec.default is MISSING:
            if name in cls.__dict__:
                delattr(cls, name)  # a field(default_factory=...) specifier: instances hold the value
        else:
            setattr(cls, name, spec.default)
    seen_default = False
    for spec in found.values():
        if not spec.init:
            continue
        if spec.required and seen_default:
            raise TypeError(f"non-default argument {spec.name!r} follows default argument")
        seen_default = seen_default or not spec.required
    klass: Any = cls  # its methods are assigned below
    klass.__record_fields__ = found
    compared = tuple(name for name, spec in found.items() if spec.compare)
    klass.__record_key__ = attrgetter(*compared) if compared else _no_key
    klass.__init__ = _first_init(cls)
    own = cls.__dict__
    if "__repr__" not in own:
        klass.__repr__ = _repr
    if "__eq__" not in own:
        klass.__eq__ = _eq
    if frozen:
        klass.__setattr__ = _refuse_set
        klass.__delattr__ = _refuse_delete
        if own.get("__hash__") is None:
            klass.__hash__ = _hash
    elif "__hash__" not in own:
        klass.__hash__ = None  # mutable and compared by value: unhashable, as dataclasses make it
    return cls


def _no_key(_obj: object) -> tuple[()]:
    return ()


def _first_init(cls: type) -> Callable[..., None]:
    """An ``__init__`` that compiles the class's real one, puts it in its place and runs it."""
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _compile_init(cls)
        type.__setattr__(cls, "__init__", real)
        real(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _compile_init(cls: type) -> Callable[..., None]:
    """The class's ``__init__``, as source compiled once: each value goes straight into the instance's
    ``__dict__`` (so a frozen record needs no ``object.__setattr__``), then ``__post_init__`` runs."""
    specs: dict[str, Field] = cls.__dict__[_FIELDS]
    env: dict[str, Any] = {"MISSING": MISSING}
    arguments: list[str] = []
    body: list[str] = ["    d = self.__dict__"]
    for i, (name, spec) in enumerate(specs.items()):
        if spec.default_factory is not MISSING:
            env[f"_factory{i}"] = spec.default_factory
        if not spec.init:
            if spec.default_factory is not MISSING:
                body.append(f"    d[{name!r}] = _factory{i}()")
            elif spec.default is not MISSING:
                env[f"_default{i}"] = spec.default
                body.append(f"    d[{name!r}] = _default{i}")
            continue
        if spec.default_factory is not MISSING:
            arguments.append(f"{name}=MISSING")
            body.append(f"    d[{name!r}] = _factory{i}() if {name} is MISSING else {name}")
            continue
        if spec.default is not MISSING:
            env[f"_default{i}"] = spec.default
            arguments.append(f"{name}=_default{i}")
        else:
            arguments.append(name)
        body.append(f"    d[{name!r}] = {name}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(arguments)}):\n" + "\n".join(body) + "\n"
    exec(source, env)  # noqa: S102 - source built above from the class's own field names
    init: Callable[..., None] = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, spec in getattr(self, _FIELDS).items()
                      if spec.repr)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__record_key__
    return bool(key(self) == key(other))


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise FrozenError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise FrozenError(f"cannot delete field {name!r}")


def is_record(obj: Any) -> bool:
    """True for a record class or instance."""
    return hasattr(obj if isinstance(obj, type) else type(obj), _FIELDS)


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in order (as :func:`dataclasses.fields`); TypeError for
    anything else."""
    specs = getattr(obj if isinstance(obj, type) else type(obj), _FIELDS, None)
    if specs is None:
        raise TypeError(f"{obj!r} is not a record")
    return tuple(specs.values())


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes`` (as :func:`dataclasses.replace`); fields that ``__init__``
    does not take are made anew. TypeError for an unknown field name; ValueError for changing such a field."""
    for spec in fields(obj):
        if not spec.init:
            if spec.name in changes:
                raise ValueError(f"field {spec.name} is not set by __init__ and cannot be replaced")
        elif spec.name not in changes:
            changes[spec.name] = getattr(obj, spec.name)
    return type(obj)(**changes)


def asdict(obj: Any) -> dict[str, Any]:
    """The record's fields as a dict, nested records, lists, tuples and dicts converted too (as
    :func:`dataclasses.asdict`)."""
    if not is_record(obj) or isinstance(obj, type):
        raise TypeError("asdict() should be called on record instances")
    return {spec.name: _plain(getattr(obj, spec.name)) for spec in fields(obj)}


def _plain(value: Any) -> Any:
    if is_record(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value
