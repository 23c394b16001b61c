"""A small Java-source scanner, enough for ZStack's generated SDK and the server's annotations.

It is not a Java parser. It reads one compilation unit and returns a :class:`JavaClass`: the
package, imports, the top-level type's annotations, ``extends``, fields (with their annotations,
type text and literal initializer), enum constants, nested types, and for the SDK's generated
``getRestInfo()`` the ``info.<key> = <literal>;`` assignments. Comments are dropped first, so a
commented-out annotation is never read as a fact.

Annotation values become plain Python data: strings (Java escapes decoded once, exactly as
``javac`` would), ints, floats, booleans, ``None``, lists for ``{...}``, :class:`Annotation` for a
nested ``@X(...)``, :class:`ClassRef` for ``Foo.class`` and :class:`Name` for any other identifier
(a constant the scanner does not resolve). String concatenation with ``+`` is folded.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from zscli.record import field, record

# One token per match: comments (dropped), string and char literals, identifiers, numbers, one
# character of punctuation. Whitespace is skipped by findall.
_TOKEN = re.compile(
    r"""//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|[A-Za-z_$][\w$]*|\d[\w.]*|\S""",
    re.DOTALL,
)
_EOF = ""

_MODIFIERS = frozenset({"public", "protected", "private", "static", "final", "transient", "volatile",
                        "abstract", "synchronized", "native", "strictfp", "default", "sealed"})
_TYPE_KEYWORDS = frozenset({"class", "enum", "interface", "record"})


class JavaSyntaxError(ValueError):
    """The text is not a compilation unit this scanner understands."""


@record
class ClassRef:
    """``Foo.class`` in an annotation: ``name`` is the simple class name (``Foo``)."""

    name: str
    qualified: str


@record
class Name:
    """An identifier the scanner does not resolve (``HttpMethod.GET``, a constant)."""

    text: str


@record
class Annotation:
    """``@name(args)``; a single unnamed value is stored under ``value``."""

    name: str
    args: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        """The argument ``key``, or ``default``."""
        return self.args.get(key, default)


@record(frozen=False)
class JavaField:
    """One field declaration: ``[annotations] [modifiers] type name [= init];``.

    ``init`` is the literal initializer decoded like an annotation value, :data:`NO_INIT` when there
    is none, or a :class:`Name` holding the source text of a non-literal one (``new ArrayList<>()``).
    """

    name: str
    type: str
    modifiers: tuple[str, ...]
    annotations: list[Annotation]
    init: Any

    def annotation(self, name: str) -> Annotation | None:
        """The annotation called ``name`` (simple name), or None."""
        return next((a for a in self.annotations if a.name == name), None)


NO_INIT = Name("<none>")


@record(frozen=False)
class JavaClass:
    """One type declaration and what the importer needs from it."""

    package: str
    name: str
    kind: str  # class | enum | interface | record | annotation
    extends: str = ""
    imports: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    fields: list[JavaField] = field(default_factory=list)
    enum_constants: list[str] = field(default_factory=list)
    nested: dict[str, JavaClass] = field(default_factory=dict)
    rest_info: dict[str, Any] = field(default_factory=dict)  # getRestInfo(): info.<key> = <literal>
    is_abstract: bool = False

    @property
    def qualified(self) -> str:
        """``package.Name``."""
        return f"{self.package}.{self.name}" if self.package else self.name

    def annotation(self, name: str) -> Annotation | None:
        """The class-level annotation called ``name`` (simple name), or None."""
        return next((a for a in self.annotations if a.name == name), None)


def tokenize(text: str) -> list[str]:
    """Tokens as strings, without whitespace and comments.

    A token's first character tells its kind: ``"`` a string, ``'`` a char, a letter, ``_`` or ``$``
    an identifier, a digit a number, anything else one character of punctuation.
    """
    return [t for t in _TOKEN.findall(text) if not (t[0] == "/" and t[1:2] in ("/", "*"))]


def _is_id(tok: str) -> bool:
    return tok != _EOF and (tok[0].isalpha() or tok[0] in "_$")


def unescape(literal: str) -> str:
    """Decode a Java string or char literal (quotes included) the way ``javac`` does, once."""
    body = literal[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u":
            j = i + 1
            while j < n and body[j] == "u":
                j += 1
            hexpart = body[j:j + 4]
            if len(hexpart) == 4 and all(h in "0123456789abcdefABCDEF" for h in hexpart):
                out.append(chr(int(hexpart, 16)))
                i = j + 4
                continue
            out.append("\\u")
            i += 2
            continue
        simple = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "s": " ",
                  "'": "'", '"': '"', "\\": "\\"}
        if nxt in simple:
            out.append(simple[nxt])
            i += 2
            continue
        if nxt in "01234567":
            j = i + 1
            while j < n and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(chr(int(body[i + 1:j], 8)))
            i = j
            continue
        out.append(nxt)
        i += 2
    return "".join(out)


def _number(text: str, negative: bool) -> Any:
    t = text.replace("_", "")
    sign = -1 if negative else 1
    try:
        if t[:2] in ("0x", "0X"):
            return sign * int(t[2:].rstrip("lL"), 16)
        if t[-1:] in ("f", "F", "d", "D") or "." in t or "e" in t.lower():
            return sign * float(t.rstrip("fFdD"))
        return sign * int(t.rstrip("lL"))
    except ValueError:
        return Name(("-" if negative else "") + text)


class _Tokens:
    """A cursor over the token list; ``{``/``}`` pairs are matched once up front."""

    def __init__(self, tokens: list[str], pos: int = 0, end: int | None = None,
                 braces: dict[int, int] | None = None) -> None:
        self.t = tokens
        self.i = pos
        self.end = len(tokens) if end is None else end
        self.braces = braces if braces is not None else _match_braces(tokens)

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.t[j] if j < self.end else _EOF

    def next(self) -> str:
        j = self.i
        self.i = j + 1
        return self.t[j] if j < self.end else _EOF

    def at(self, text: str, k: int = 0) -> bool:
        j = self.i + k
        return j < self.end and self.t[j] == text

    def expect(self, text: str) -> None:
        tok = self.next()
        if tok != text:
            raise JavaSyntaxError(f"expected {text!r}, found {tok!r}")

    def skip_balanced(self, open_: str, close: str) -> int:
        """At ``open_``: move past the matching ``close``; returns the index of ``close``."""
        if open_ == "{":
            close_at = self.braces.get(self.i)
            if close_at is None or close_at >= self.end:
                raise JavaSyntaxError("unbalanced {}")
            self.i = close_at + 1
            return close_at
        depth = 0
        t, end = self.t, self.end
        i = self.i
        while i < end:
            tok = t[i]
            i += 1
            if tok == open_:
                depth += 1
            elif tok == close:
                depth -= 1
                if depth == 0:
                    self.i = i
                    return i - 1
        raise JavaSyntaxError(f"unbalanced {open_}{close}")

    def qualified_name(self) -> str:
        parts = [self.next()]
        while self.at(".") and _is_id(self.peek(1)):
            self.i += 1
            parts.append(self.next())
        return ".".join(parts)


def _match_braces(tokens: list[str]) -> dict[int, int]:
    """Index of each ``{`` -> index of its ``}`` (unmatched ones are left out)."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for i in [i for i, t in enumerate(tokens) if t == "{" or t == "}"]:
        if tokens[i] == "{":
            stack.append(i)
        elif stack:
            out[stack.pop()] = i
    return out


def _value(cur: _Tokens) -> Any:
    left = _primary(cur)
    while cur.at("+"):
        cur.next()
        right = _primary(cur)
        if isinstance(left, str) and isinstance(right, (str, int, float)):
            left = left + str(right)
        else:
            left = Name(f"{left}+{right}")
    return left


def _primary(cur: _Tokens) -> Any:
    text = cur.peek()
    first = text[:1]
    if first == '"' or first == "'":
        cur.next()
        return unescape(text)
    if first.isdigit():
        cur.next()
        return _number(text, False)
    if text == "-" and cur.peek(1)[:1].isdigit():
        cur.next()
        return _number(cur.next(), True)
    if text == "{":
        cur.next()
        items: list[Any] = []
        while not cur.at("}"):
            items.append(_value(cur))
            if cur.at(","):
                cur.next()
            elif not cur.at("}"):
                raise JavaSyntaxError(f"unexpected {cur.peek()!r} in an array value")
        cur.next()
        return items
    if text == "@":
        return _annotation(cur)
    if text == "(":
        cur.next()
        inner = _value(cur)
        cur.expect(")")
        return inner
    if _is_id(text):
        if text in ("true", "false"):
            cur.next()
            return text == "true"
        if text == "null":
            cur.next()
            return None
        qname = cur.qualified_name()
        if qname.endswith(".class"):
            qname = qname[: -len(".class")]
            return ClassRef(qname.rsplit(".", 1)[-1], qname)
        if cur.at("("):  # a method call such as String.valueOf(...): keep its text, not its value
            start = cur.i
            cur.skip_balanced("(", ")")
            return Name(qname + "".join(cur.t[start:cur.i]))
        return Name(qname)
    raise JavaSyntaxError(f"unexpected {text!r} in an annotation value")


def _annotation(cur: _Tokens) -> Annotation:
    cur.expect("@")
    name = cur.qualified_name().rsplit(".", 1)[-1]
    args: dict[str, Any] = {}
    if cur.at("("):
        cur.next()
        if _is_id(cur.peek()) and cur.at("=", 1):
            while True:
                key = cur.next()
                cur.expect("=")
                args[key] = _value(cur)
                if cur.at(","):
                    cur.next()
                    continue
                break
        elif not cur.at(")"):
            args["value"] = _value(cur)
        cur.expect(")")
    return Annotation(name, args)


def _type_text(cur: _Tokens) -> str:
    """A type as written: ``java.util.List<String>``, ``byte[]``."""
    parts = [cur.qualified_name()]
    if cur.at("<"):
        start = cur.i
        cur.skip_balanced("<", ">")
        parts.append("".join(cur.t[start:cur.i]))
    while cur.at("[") and cur.at("]", 1):
        cur.i += 2
        parts.append("[]")
    return "".join(parts)


def _rest_info(cur: _Tokens, start: int, end: int, into: dict[str, Any]) -> None:
    """Collect ``info.<key> = <literal>;`` inside a method body."""
    t = cur.t
    i = start
    while i < end - 3:
        if t[i] == "info" and t[i + 1] == "." and _is_id(t[i + 2]) and t[i + 3] == "=":
            sub = _Tokens(t, i + 4, end, cur.braces)
            try:
                into[t[i + 2]] = _value(sub)
            except JavaSyntaxError:
                pass
            i = sub.i
        else:
            i += 1


def _body(cur: _Tokens, cls: JavaClass, class_keyword: str) -> None:
    """Members of a type body; the cursor is just after ``{`` and stops after the matching ``}``."""
    if class_keyword == "enum":
        _enum_constants(cur, cls)
    while True:
        if cur.i >= cur.end:
            raise JavaSyntaxError(f"{cls.name}: missing closing brace")
        if cur.at("}"):
            cur.next()
            return
        if cur.at(";"):
            cur.next()
            continue
        annotations: list[Annotation] = []
        modifiers: list[str] = []
        while True:
            if cur.at("@") and cur.peek(1) != "interface":
                annotations.append(_annotation(cur))
            elif cur.peek() in _MODIFIERS:
                modifiers.append(cur.next())
            else:
                break
        if cur.at("{"):  # an initializer block
            cur.skip_balanced("{", "}")
            continue
        if cur.peek() in _TYPE_KEYWORDS or (cur.at("@") and cur.peek(1) == "interface"):
            nested = _type_decl(cur, cls.package, cls.imports, annotations, modifiers)
            cls.nested[nested.name] = nested
            continue
        if cur.at("<"):  # generic method
            cur.skip_balanced("<", ">")
        if not _is_id(cur.peek()):
            raise JavaSyntaxError(f"{cls.name}: unexpected {cur.peek()!r}")
        type_text = _type_text(cur)
        if cur.at("("):  # constructor
            name = type_text
        else:
            if not _is_id(cur.peek()):
                raise JavaSyntaxError(f"{cls.name}: unexpected {cur.peek()!r} after {type_text}")
            name = cur.next()
        if cur.at("("):  # method or constructor
            cur.skip_balanced("(", ")")
            while not (cur.at("{") or cur.at(";")):
                if cur.i >= cur.end:
                    raise JavaSyntaxError(f"{cls.name}.{name}: no body")
                cur.next()
            if cur.at("{"):
                start = cur.i
                close = cur.skip_balanced("{", "}")
                if name == "getRestInfo":
                    _rest_info(cur, start, close, cls.rest_info)
            else:
                cur.next()
            continue
        init: Any = NO_INIT
        if cur.at("="):
            cur.next()
            init = _initializer(cur)
        cls.fields.append(JavaField(name, type_text, tuple(modifiers), annotations, init))
        while cur.at(","):  # int a, b;  (further declarators share the type)
            cur.next()
            extra = cur.next()
            cls.fields.append(JavaField(extra, type_text, tuple(modifiers), annotations, NO_INIT))
            if cur.at("="):
                while not (cur.at(";") or cur.at(",")):
                    cur.next()
        cur.expect(";")


def _initializer(cur: _Tokens) -> Any:
    """A field initializer: its literal value, or a :class:`Name` with its text when not a literal."""
    start = cur.i
    try:
        value = _value(cur)
        if cur.at(";") or cur.at(","):
            return value
    except JavaSyntaxError:
        pass
    cur.i = start
    depth = 0
    while cur.i < cur.end:
        text = cur.peek()
        if text in ("(", "{", "["):
            depth += 1
        elif text in (")", "}", "]"):
            depth -= 1
        elif text in (";", ",") and depth == 0:
            break
        cur.next()
    return Name("".join(cur.t[start:cur.i]))


def _enum_constants(cur: _Tokens, cls: JavaClass) -> None:
    while True:
        while cur.at("@"):
            _annotation(cur)
        if cur.at(";"):
            cur.next()
            return
        if cur.at("}"):
            return
        text = cur.next()
        if not _is_id(text):
            raise JavaSyntaxError(f"{cls.name}: unexpected {text!r} among enum constants")
        cls.enum_constants.append(text)
        if cur.at("("):
            cur.skip_balanced("(", ")")
        if cur.at("{"):
            cur.skip_balanced("{", "}")
        if cur.at(","):
            cur.next()


def _type_decl(cur: _Tokens, package: str, imports: list[str], annotations: list[Annotation],
               modifiers: list[str]) -> JavaClass:
    if cur.at("@"):  # @interface
        cur.next()
    keyword = cur.next()
    kind = "annotation" if keyword == "interface" and cur.t[cur.i - 2] == "@" else keyword
    name = cur.next()
    cls = JavaClass(package=package, name=name, kind=kind, imports=imports, annotations=annotations,
                    is_abstract="abstract" in modifiers)
    if cur.at("<"):
        cur.skip_balanced("<", ">")
    if cur.at("("):  # record header
        cur.skip_balanced("(", ")")
    while not cur.at("{"):
        text = cur.peek()
        if text == _EOF:
            raise JavaSyntaxError(f"{name}: no body")
        if text == "extends" and kind != "interface":
            cur.next()
            cls.extends = _type_text(cur)
            continue
        if text in ("implements", "extends", "permits"):
            cur.next()
            _type_text(cur)
            while cur.at(","):
                cur.next()
                _type_text(cur)
            continue
        raise JavaSyntaxError(f"{name}: unexpected {text!r} in the declaration")
    cur.next()
    _body(cur, cls, keyword if kind != "annotation" else "interface")
    return cls


def parse(text: str, *, header_only: bool = False) -> JavaClass:
    """Scan one Java compilation unit and return its first top-level type.

    With ``header_only`` the type's body is not read (fields stay empty): enough for the class
    annotations of server files, and much faster.
    """
    cur = _Tokens(tokenize(text))
    package = ""
    imports: list[str] = []
    if cur.peek() == "package":
        cur.next()
        package = cur.qualified_name()
        cur.expect(";")
    while cur.peek() == "import":
        cur.next()
        if cur.peek() == "static":
            cur.next()
        name = cur.qualified_name()
        if cur.at(".") and cur.at("*", 1):
            cur.i += 2
            name += ".*"
        imports.append(name)
        cur.expect(";")
    while True:
        if cur.at(";"):
            cur.next()
            continue
        annotations: list[Annotation] = []
        modifiers: list[str] = []
        while True:
            if cur.at("@") and cur.peek(1) != "interface":
                annotations.append(_annotation(cur))
            elif cur.peek() in _MODIFIERS:
                modifiers.append(cur.next())
            else:
                break
        if cur.peek() in _TYPE_KEYWORDS or (cur.at("@") and cur.peek(1) == "interface"):
            if header_only:
                return _header(cur, package, imports, annotations, modifiers)
            return _type_decl(cur, package, imports, annotations, modifiers)
        raise JavaSyntaxError(f"no type declaration (found {cur.peek()!r})")


def _header(cur: _Tokens, package: str, imports: list[str], annotations: list[Annotation],
            modifiers: list[str]) -> JavaClass:
    if cur.at("@"):
        cur.next()
    keyword = cur.next()
    name = cur.next()
    cls = JavaClass(package=package, name=name, kind=keyword, imports=imports, annotations=annotations,
                    is_abstract="abstract" in modifiers)
    if cur.at("<"):
        cur.skip_balanced("<", ">")
    if cur.peek() == "extends" and keyword != "interface":
        cur.next()
        cls.extends = _type_text(cur)
    return cls


def iter_annotations(value: Any, name: str) -> Iterator[Annotation]:
    """Every :class:`Annotation` called ``name`` in ``value`` (an annotation, a list of them...)."""
    if isinstance(value, Annotation):
        if value.name == name:
            yield value
        for v in value.args.values():
            yield from iter_annotations(v, name)
    elif isinstance(value, list):
        for v in value:
            yield from iter_annotations(v, name)


def package_of(text: str) -> str:
    """The ``package`` declared by a Java source text, without scanning the rest ("" if none)."""
    m = re.search(r"^\s*package\s+([\w.]+)\s*;", text, re.MULTILINE)
    return m.group(1) if m else ""
