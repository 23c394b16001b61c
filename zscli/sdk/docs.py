"""Words about actions: ``help()`` text for classes and attributes, and ready-to-edit examples in the style of
the reference pages' "Python SDK" sections (``python -m zscli.sdk --example UpdateModel``)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zscli.schema.types import Api, Param

SESSION_EXAMPLE = "b86c9016b4f24953a9edefb53ca0678c"
UUID_EXAMPLE = "059d19eb310f36d4a7f43f51eaab87b8"
PYTHON_TYPES = {"String": "str", "Integer": "int", "Long": "int", "Double": "float", "Boolean": "bool",
                "List": "list", "Map": "dict", "Timestamp": "str", "Object": "dict", "Any": "Any"}


def python_type(param: Param) -> str:
    """The Python type an attribute takes (``str``, ``int``, ``list``...)."""
    return PYTHON_TYPES.get(param.type.value, "Any")


def param_line(api: Api, param: Param) -> str:
    """``name: String, required, since 5.1.8, in path -- description``."""
    facts = [param.type.value, "required" if _required(param) else "optional"]
    if param.since:
        facts.append(f"since {param.since}")
    facts.append(f"in {api.wire_location(param)}")
    if param.choices:
        facts.append("one of " + "/".join(param.choices))
    if param.max_length is not None:
        facts.append(f"at most {param.max_length} characters")
    if param.min is not None or param.max is not None:
        facts.append(f"range {'' if param.min is None else param.min}..{'' if param.max is None else param.max}")
    if param.default not in (None, "$session"):
        facts.append(f"default {param.default}")
    text = f"{param.name}: {', '.join(facts)}"
    return f"{text} -- {param.description}" if param.description else text


def param_doc(api: Api, param: Param) -> str:
    """The docstring of one attribute (shown by ``help(UpdateModelAction)`` under its name)."""
    return param_line(api, param).split(": ", 1)[1]


def class_doc(api: Api) -> str:
    """The docstring of an action class: what it does, how it travels, each parameter, and an example."""
    from .actions import COMMON, QUERY

    lines = [f"{api.name}: {api.description or 'no description'}", "",
             f"{api.method.upper()} {api.path}" + (" (asynchronous: the job is polled)" if api.is_async else "")
             + ("" if api.needs_session else "; no session needed") + (f"; since {api.since}" if api.since else ""),
             "", "Parameters:"]
    lines += [f"    {param_line(api, p)}" for p in api.params] or ["    (none)"]
    if api.is_query:
        lines += ["", "Query attributes:"] + [f"    {name}: {doc}" for name, doc in QUERY.items()]
    lines += ["", "Call attributes:"] + [f"    {name}: {doc}" for name, doc in COMMON.items()]
    lines += ["", "Example:", ""] + ["    " + line if line else "" for line in example(api).splitlines()]
    return "\n".join(lines)


def _required(param: Param) -> bool:
    return param.default != "$session" and (param.required or param.location.value == "path")


def _value(param: Param) -> str:
    """An example value for ``param`` as Python source."""
    kind = param.type.value
    if param.choices:
        return json.dumps(param.choices[0])
    if kind == "String":
        if param.name == "uuid" or param.name.endswith("Uuid"):
            return json.dumps(UUID_EXAMPLE)
        return json.dumps("example")
    return {"Integer": "1", "Long": "1", "Double": "1.0", "Boolean": "True", "List": '["example"]',
            "Map": '{"key": "value"}', "Timestamp": '"2025-11-25T11:51:50Z"', "Object": "{}"}.get(kind, "None")


def example(api: Api) -> str:
    """A ready-to-edit script calling ``api``: required parameters set, optional ones commented out."""
    cls = api.name + "Action"
    lines = [f"from zscli.sdk import {cls}", "", f"action = {cls}()"]
    if api.is_query:
        lines.append('action.conditions = ["name=example"]  # conditions as the CLI writes them; [] for all')
        lines.append("# action.limit = 10")
    for param in api.params:
        if param.default == "$session":
            continue
        line = f"action.{param.name} = {_value(param)}"
        note = f"{param.type.value}" + (f", since {param.since}" if param.since else "")
        if _required(param):
            lines.append(f"{line}  # {note}, required")
        else:
            lines.append(f"# {line}  # {note}")
    if api.needs_session:
        lines.append(f'action.sessionId = "{SESSION_EXAMPLE}"  # or zscli.sdk.configure(account=..., password=...)')
    lines += ["res = action.call()", "res.throw_exception_if_error()"]
    shown = {"inventories": "res.value.inventories", "inventory": "res.value.inventory",
             "versions": "res.value.versions"}.get(api.reply.value, "res.value")
    lines.append(f"print({shown})")
    return "\n".join(lines) + "\n"


__all__ = ["class_doc", "example", "param_doc", "param_line", "python_type"]
