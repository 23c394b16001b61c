"""``zscli.record``: records behave as the frozen dataclasses they replace (checked side by side with the real
``dataclasses``), and the start-up paths no longer import ``dataclasses`` or ``inspect``."""
from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys

import pytest

from zscli.record import FrozenError, asdict, field, fields, is_record, record, replace


@record
class Point:
    """A frozen record with defaults, a factory, a hidden field and one not taken by __init__."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    secret: str = field(default="", repr=False)
    index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.__dict__["index"] = {t: i for i, t in enumerate(self.tags)}


@dataclasses.dataclass(frozen=True)
class DataPoint:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    extra: dict = dataclasses.field(default_factory=dict)
    secret: str = dataclasses.field(default="", repr=False)


@record
class Counted:
    name: str
    count: int = 0


@record(frozen=False)
class Counter:
    name: str
    hits: list[int] = field(default_factory=list)


def test_init_defaults_and_factories_as_dataclasses():
    for args, kwargs in [((1,), {}), ((1, 2), {}), ((), {"x": 3, "tags": ("a",)}), ((1, 2, ("b",), {"k": 1}), {})]:
        rec, data = Point(*args, **kwargs), DataPoint(*args, **kwargs)
        assert [getattr(rec, f.name) for f in fields(rec) if f.init] == [
            getattr(data, f.name) for f in dataclasses.fields(data)]
        assert repr(rec).replace("Point(", "") == repr(data).replace("DataPoint(", "")
    assert Point(1).extra is not Point(1).extra  # a new dict for each record
    assert Point(1, tags=("a", "b")).index == {"a": 0, "b": 1}  # __post_init__ ran
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, nope=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, index={})  # type: ignore[call-arg]


def test_frozen_equal_and_hashable():
    a, b = Point(1, 2, ("t",)), Point(1, 2, ("t",))
    assert a == b
    with pytest.raises(TypeError):
        hash(a)  # a dict among the compared fields: unhashable, as with dataclasses
    assert hash(Counted("n", 1)) == hash(Counted("n", 1)) and len({Counted("n", 1), Counted("n", 1)}) == 1
    assert a != Point(1, 3) and a != DataPoint(1, 2, ("t",))
    assert Point(1, secret="s") != Point(1)  # compared fields include repr=False ones
    with pytest.raises(FrozenError):
        a.x = 5  # type: ignore[misc]
    with pytest.raises(FrozenError):
        del a.x  # type: ignore[misc]
    with pytest.raises(AttributeError):  # FrozenError is an AttributeError, like FrozenInstanceError
        a.y = 1  # type: ignore[misc]
    assert "secret" not in repr(Point(1, secret="s3cret")) and "s3cret" not in repr(Point(1, secret="s3cret"))


def test_mutable_records_are_not_hashable():
    c = Counter("a")
    c.hits.append(1)
    c.name = "b"
    assert c == Counter("b", [1])
    with pytest.raises(TypeError):
        hash(c)


def test_replace_fields_asdict():
    a = Point(1, 2, ("t",), {"k": [1]})
    b = replace(a, y=5)
    assert (b.x, b.y, b.tags, b.extra) == (1, 5, ("t",), {"k": [1]}) and b.index == {"t": 0} and a.y == 2
    with pytest.raises(TypeError):
        replace(a, nope=1)
    with pytest.raises(ValueError):
        replace(a, index={})
    assert [f.name for f in fields(Point)] == ["x", "y", "tags", "extra", "secret", "index"]
    assert asdict(Point(1, extra={"p": Counter("n")})) == {
        "x": 1, "y": 0, "tags": (), "extra": {"p": {"name": "n", "hits": []}}, "secret": "", "index": {}}
    assert is_record(Point) and is_record(a) and not is_record(DataPoint) and not is_record(1)
    with pytest.raises(TypeError):
        fields(DataPoint)
    with pytest.raises(TypeError):
        asdict(Point)


def test_inheritance_and_field_order_rules():
    @record
    class Base:
        a: int
        b: int = 1

    @record
    class Child(Base):
        c: int = 2

    assert repr(Child(0, c=5)) == "test_inheritance_and_field_order_rules.<locals>.Child(a=0, b=1, c=5)"
    assert [f.name for f in fields(Child)] == ["a", "b", "c"]
    with pytest.raises(TypeError, match="non-default argument 'd' follows default argument"):
        @record
        class Bad(Base):  # noqa: F841 - defining it is the test
            d: int  # type: ignore[misc]


def test_pickle_round_trip():
    a = Point(1, 2, ("t",))
    assert pickle.loads(pickle.dumps(a)) == a


def test_start_up_paths_import_neither_dataclasses_nor_inspect():
    code = ("import sys; from zscli import cli, shellcomp, config, call, surface; from zscli.schema import load; "
            "load().api('QueryVmInstance'); from zscli.transport import session; "
            "print(' '.join(m for m in ('dataclasses', 'inspect') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
