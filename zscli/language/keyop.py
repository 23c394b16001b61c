"""The one reader of ``key<op>value`` words, shared by the parser, completion, highlighting and secret scrubbing.

A key is a letter or ``_`` followed by letters, digits, ``_`` and dots (``modelServiceRefs.modelServiceUuid``).
The operator characters are the run of ``! ? ~ < > =`` right after it, as typed (possibly unfinished, as
``!`` or ``!?`` while completing, or with extra characters, as ``==``); :attr:`KeyOp.op` is the longest
operator of :class:`zscli.call.Op` spelled at the start of that run, and the rest of the run belongs to the value.

Shapes: ``key_op("name!~=qw") == KeyOp("name", "!~=", "qw")`` with ``op is Op.NOT_LIKE`` and ``rest == "qw"``;
``key_op("a==b")`` has ``op is Op.EQ`` and ``rest == "=b"``; ``key_op("name")`` and ``key_op("=x")`` are None.
"""
from __future__ import annotations

import re

from zscli.call import Op
from zscli.record import record

OPERATOR_CHARS = "!?~<>="
_KEY_OP = re.compile(r"([A-Za-z_][\w.]*)([!?~<>=]+)(.*)\Z", re.S)
_SPACED_KEY_OP = re.compile(r"\s*([A-Za-z_][\w.]*)\s*([!?~<>=]+)(.*)\Z", re.S)
# Operators written between key and value, longest first so that '!=' wins over '=' etc.
INFIX_OPS: tuple[Op, ...] = tuple(sorted((op for op in Op if op not in (Op.IS_NULL, Op.NOT_NULL)),
                                         key=lambda op: -len(op.value)))


@record
class KeyOp:
    """A word read as ``key``, operator characters ``ops`` and ``value`` (the text after ``ops``)."""

    key: str
    ops: str
    value: str

    @property
    def op(self) -> Op | None:
        """The longest operator spelled at the start of ``ops``; None when ``ops`` starts with none (``!``)."""
        return next((op for op in INFIX_OPS if self.ops.startswith(op.value)), None)

    @property
    def rest(self) -> str:
        """The value after :attr:`op` (operator characters beyond it are part of the value)."""
        op = self.op
        return self.ops[len(op.value):] + self.value if op is not None else self.value


def key_op(word: str, *, spaced: bool = False) -> KeyOp | None:
    """``word`` read as ``key<op>value``; None when it does not start with a key and an operator character.

    ``spaced=True`` also accepts whitespace before the key and between key and operator (for secret
    scrubbing, which must recognise ``'password =x'`` although the parser rejects it).
    """
    m = (_SPACED_KEY_OP if spaced else _KEY_OP).match(word)
    if m is None:
        return None
    return KeyOp(m.group(1), m.group(2), m.group(3))


__all__ = ["INFIX_OPS", "OPERATOR_CHARS", "KeyOp", "key_op"]
