"""Read ZStack's generated Java SDK (package ``org.zstack.sdk`` and its sub-packages).

Facts and where they come from (all in the SDK's generated source):

- an API is a concrete ``XxxAction`` class whose chain reaches ``AbstractAction``; its name is the
  class name minus ``Action``; queries are the ones extending ``QueryAction``;
- ``getRestInfo()`` gives ``httpMethod``, ``path`` (under ``/zstack/v1``), ``needSession``,
  ``needPoll`` (asynchronous) and ``parameterName`` (the body wrapper key, see :mod:`.spec`);
- ``@Param`` fields of the class and its superclasses are the API parameters, with their Java type
  and initializer (a field with an initializer, or of a Java primitive type, always has a value, and
  ``ZSClient`` sends every non-null parameter);
- the nested ``Result`` class's ``value`` field names the result class (``XxxResult``) whose
  public fields are the reply's keys;
- ``XxxInventory`` classes (and every other SDK class) give fields and ``extends``;
- ``enum`` types give their constants.

:class:`SdkIndex` resolves a type as written in a field (``String``, ``IpSetType``,
``org.zstack.sdk.MiniHostInfo``) to a qualified SDK class name or to the Java type text.
"""
from __future__ import annotations

from collections.abc import Iterator

from zscli.record import field, record
from . import javasrc
from .javasrc import JavaClass, JavaField
from .source import Source

SDK_PACKAGE = "org.zstack.sdk"
ACTION_BASE = f"{SDK_PACKAGE}.AbstractAction"
QUERY_BASE = f"{SDK_PACKAGE}.QueryAction"


@record(frozen=False)
class SdkIndex:
    """Every SDK type by qualified name, and the files that could not be scanned."""

    classes: dict[str, JavaClass] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)  # qualified name -> source path
    unreadable: list[str] = field(default_factory=list)  # "path: reason"
    duplicates: list[str] = field(default_factory=list)  # qualified names defined twice
    _simple: dict[str, list[str]] = field(default_factory=dict)

    def add(self, cls: JavaClass, path: str) -> None:
        """Register ``cls`` (and its nested types as ``Outer.Inner``)."""
        if cls.qualified in self.classes:
            self.duplicates.append(cls.qualified)
            return
        self.classes[cls.qualified] = cls
        self.paths[cls.qualified] = path
        self._simple.setdefault(cls.name, []).append(cls.qualified)

    def resolve(self, type_text: str, context: JavaClass) -> str:
        """The qualified SDK class for ``type_text`` as written in ``context``, else the text itself.

        Generic arguments and array brackets are dropped first (``List<String>`` -> ``List``).
        """
        base = type_text.split("<", 1)[0].strip()
        if base.endswith("[]"):
            return base
        if base in self.classes:
            return base
        if "." in base:
            candidate = f"{context.package}.{base}"  # Outer.Inner written relative to the package
            return candidate if candidate in self.classes else base
        for imp in context.imports:
            if imp.endswith("." + base) and imp in self.classes:
                return imp
        same = f"{context.package}.{base}"
        if same in self.classes:
            return same
        for imp in context.imports:
            if imp.endswith(".*"):
                candidate = imp[:-1] + base
                if candidate in self.classes:
                    return candidate
        root = f"{SDK_PACKAGE}.{base}"
        if root in self.classes:
            return root
        return base

    def superclass(self, cls: JavaClass) -> JavaClass | None:
        """The SDK class ``cls`` extends, or None."""
        if not cls.extends:
            return None
        return self.classes.get(self.resolve(cls.extends, cls))

    def chain(self, cls: JavaClass) -> list[JavaClass]:
        """``cls`` and its SDK superclasses, nearest first (cycles cut)."""
        out: list[JavaClass] = []
        cur: JavaClass | None = cls
        while cur is not None and cur not in out:
            out.append(cur)
            cur = self.superclass(cur)
        return out

    def inherits(self, cls: JavaClass, qualified: str) -> bool:
        """True when ``qualified`` is ``cls`` or one of its superclasses."""
        return any(c.qualified == qualified for c in self.chain(cls))

    def all_fields(self, cls: JavaClass) -> list[tuple[JavaClass, JavaField]]:
        """Instance fields of ``cls`` and its superclasses, inherited ones first, with their owner."""
        out: list[tuple[JavaClass, JavaField]] = []
        for owner in reversed(self.chain(cls)):
            out.extend((owner, f) for f in owner.fields if "static" not in f.modifiers)
        return out

    def actions(self) -> Iterator[JavaClass]:
        """Concrete API classes, in qualified-name order."""
        for name in sorted(self.classes):
            cls = self.classes[name]
            if (cls.kind == "class" and not cls.is_abstract and cls.name.endswith("Action")
                    and "." not in name[len(cls.package) + 1:] and cls.rest_info
                    and self.inherits(cls, ACTION_BASE)):
                yield cls

    def is_query(self, cls: JavaClass) -> bool:
        """True for subclasses of ``QueryAction``."""
        return self.inherits(cls, QUERY_BASE) and cls.qualified != QUERY_BASE

    def result_class(self, action: JavaClass) -> JavaClass | None:
        """The ``XxxResult`` class named by ``Action.Result.value``, or None."""
        nested = action.nested.get("Result")
        if nested is None:
            return None
        value = next((f for f in nested.fields if f.name == "value"), None)
        if value is None:
            return None
        return self.classes.get(self.resolve(value.type, action))

    def by_simple_name(self, simple: str) -> list[str]:
        """Qualified names of SDK classes called ``simple``."""
        return list(self._simple.get(simple, ()))


def read_sdk(source: Source) -> SdkIndex:
    """Scan every SDK file of ``source`` (the files whose package is ``org.zstack.sdk[...]``)."""
    index = SdkIndex()
    for path in sorted(source.files):
        text = source.files[path]
        package = javasrc.package_of(text)
        if package != SDK_PACKAGE and not package.startswith(SDK_PACKAGE + "."):
            continue
        try:
            cls = javasrc.parse(text)
        except javasrc.JavaSyntaxError as exc:
            index.unreadable.append(f"{path}: {exc}")
            continue
        index.add(cls, path)
        for nested in cls.nested.values():
            nested_copy = JavaClass(package=cls.package, name=f"{cls.name}.{nested.name}", kind=nested.kind,
                                    extends=nested.extends, imports=cls.imports, annotations=nested.annotations,
                                    fields=nested.fields, enum_constants=nested.enum_constants,
                                    nested=nested.nested, rest_info=nested.rest_info,
                                    is_abstract=nested.is_abstract)
            if nested_copy.qualified not in index.classes:
                index.classes[nested_copy.qualified] = nested_copy
                index.paths[nested_copy.qualified] = path
    return index
