"""``--query EXPR``: a JMESPath expression that filters each reply before it is rendered.

JMESPath comes from the ``jmespath`` library (the one aws-cli uses), imported only when ``--query`` is given.
"""
from __future__ import annotations

import warnings
from typing import Any

from zscli.errors import UsageError


def compile_query(expression: str) -> Any:
    """The compiled expression; a one-line UsageError (exit 2) naming the position of a syntax error."""
    import jmespath
    from jmespath import exceptions

    if not expression.strip():
        raise UsageError("empty --query expression", hint="e.g. --query 'inventories[].name'")
    try:
        with warnings.catch_warnings():  # `Alibaba` (a bare word in backticks) is deprecated but fine
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            return jmespath.compile(expression)
    except exceptions.LexerError as exc:
        position, what = exc.lexer_position, str(exc.message).rstrip(".:").lower()
    except exceptions.IncompleteExpressionError as exc:
        position, what = exc.lex_position, "the expression ends too early"
    except exceptions.ParseError as exc:
        position, what = exc.lex_position, f"unexpected {exc.token_value!r}" if exc.token_value not in (None, "") \
            else str(exc.msg)
    except exceptions.JMESPathError as exc:  # anything else the parser may say
        raise UsageError(f"bad --query expression: {str(exc).splitlines()[0]}",
                         hint="see https://jmespath.org for the syntax") from None
    raise UsageError(f"bad --query expression at column {position + 1}: {what}",
                     hint=f"in {expression!r}; see https://jmespath.org for the syntax")


def apply(compiled: Any, body: Any) -> Any:
    """The reply ``body`` filtered by a compiled expression (a runtime type error is a UsageError)."""
    from jmespath import exceptions

    try:
        return compiled.search(body)
    except exceptions.JMESPathError as exc:
        raise UsageError(f"--query failed on this reply: {str(exc).splitlines()[0]}",
                         hint="check the expression against the reply (-o json without --query)") from None


__all__ = ["apply", "compile_query"]
