"""Words -> a validated :class:`~zscli.call.Call`; nothing is sent unless this succeeds."""
from __future__ import annotations

import re
from typing import Any, TextIO

from zscli.call import SESSION_DEFAULT, Call, Condition, Op
from zscli.errors import UsageError, not_logged_in
from zscli.schema.types import Api, Family, Location, Param, Schema
from zscli.text import clip

from .apis import lookup_api
from .guard import check_utf8
from .conditions import make_condition, parse_condition, unchecked_condition
from .options import QUERY_OPTIONS, build_options, query_option
from .suggest import did_you_mean
from .values import coerce_param



def find_api(name: str, schema: Schema) -> Api:
    """The API called ``name`` (see :func:`~zscli.language.apis.lookup_api`); UsageError when there is none."""
    api = lookup_api(name, schema)
    if api is not None:
        return api
    raise unknown_api(name, schema)


def unknown_api(name: str, schema: Schema) -> UsageError:
    """The error for a name that is no API of ``schema``, with a "did you mean"; a whole command quoted as one
    word (``zscli 'QueryModel name=a'``) is told to split it."""
    first = name.split(None, 1)[0] if name.strip() else ""
    if first != name.strip() and first in schema.api_names:
        return UsageError(f"unknown API '{clip(name)}': the API and each key=value must be separate words",
                          hint=f"leave out the quotes around the whole command: {clip(name.strip())}")
    return UsageError(f"unknown API '{clip(name)}'",
                      hint=did_you_mean(name, schema.api_names) or "type help to list the APIs")


def parse(words: list[str], schema: Schema, *, session_uuid: str | None = None,
          stdin: TextIO | None = None) -> Call:
    """Validate ``words`` (API name first, then arguments) against ``schema`` into a :class:`Call`.

    Raises :class:`UsageError` for any problem (unknown API/parameter/field, bad value, missing required
    parameter, unreadable @file) and :class:`AuthError` when a ``$session`` path parameter is needed but
    neither given nor available from ``session_uuid``. ``stdin`` is read for ``@-`` values.
    """
    if not words or not words[0].strip():
        raise UsageError("no API name given", hint="type an API name such as QueryModel, or help")
    for word in words:
        check_utf8(word, f"'{clip(word.split('=', 1)[0])}'" if "=" in word else "the command")
    api = find_api(words[0], schema)
    if api.is_query:
        return _parse_query(api, words[1:], schema)
    return _parse_call(api, words[1:], session_uuid=session_uuid, stdin=stdin)


_BARE = re.compile(r"[A-Za-z_][\w.]*")


def _split_word(word: str, api: Api) -> tuple[str, Op, str]:
    """``key<op>value`` of one argument word; UsageError when the word has no such form."""
    parsed = parse_condition(word)
    if parsed is None and api.is_query and _BARE.fullmatch(word):
        raise UsageError(f"cannot read '{clip(word)}' as a condition for {api.name}",
                         hint=f"it has no operator: write {clip(word)}=value; in a shell, quote conditions holding "
                              f"> or < ('{clip(word)}>5'): unquoted, the shell reads > as a redirection")
    if parsed is None:
        example = "name=qwen" if api.is_query else "key=value"
        raise UsageError(f"cannot read '{clip(word)}' as {'a condition' if api.is_query else 'key=value'}"
                         f" for {api.name}", hint=f"write {example}")
    return parsed


def _parse_query(api: Api, words: list[str], schema: Schema) -> Call:
    # About 38 of ZStack's queries name no inventory the SDK has a class for: their conditions and options are
    # sent as typed, unchecked (help says their fields are unknown).
    inventory = schema.inventory(api.inventory) if api.inventory else None
    conditions: list[Condition] = []
    given: dict[str, str] = {}
    path_args: dict[str, Any] = {}
    placeholders = {p.name: p for p in api.params if p.location is Location.PATH}
    for word in words:
        key, op, value = _split_word(word, api)
        if key in placeholders and op is Op.EQ:  # a query whose path has a placeholder (the VM of its refs)
            path_args[key] = coerce_param(placeholders[key], value, trim=api.family is Family.ZSTACK)
            continue
        option = query_option(key)
        if option is not None and op in (Op.EQ, Op.IS_NULL):
            if key in given:
                raise UsageError(f"query option '{key}' given twice", hint="give each option once")
            given[key] = "null" if op is Op.IS_NULL else value
            continue
        _check_option_spelling(key, op, api)
        conditions.append(make_condition(key, op, value, inventory, schema, api_name=api.name) if inventory
                          else unchecked_condition(key, op, value))
    options = build_options(given, inventory, api_name=api.name)
    by_uuid = ""
    if (api.get_path and not given and len(conditions) == 1 and conditions[0].field == "uuid"
            and conditions[0].op is Op.EQ and conditions[0].value):
        by_uuid = conditions[0].value
    missing = [name for name in placeholders if name not in path_args]
    if missing:
        raise UsageError(f"{api.name} needs {', '.join(missing)}", hint=f"write {missing[0]}=<uuid>")
    return Call(api=api, args=path_args, conditions=tuple(conditions), options=options, by_uuid=by_uuid)


def _check_option_spelling(key: str, op: Op, api: Api) -> None:
    """Catch ``sortby=x`` (wrong case) and ``limit>5`` (wrong operator) before they read as field names."""
    for option in QUERY_OPTIONS:
        if option.name.lower() == key.lower():
            if option.name == key:
                raise UsageError(f"query option '{key}' takes '=', not '{op.value}'", hint=f"write {key}=value")
            raise UsageError(f"unknown field '{key}' for {api.name}", hint=f"did you mean '{option.name}'?")


def _param(api: Api, key: str) -> Param:
    param = api.param(key)
    if param is None:
        names = [p.name for p in api.params]
        hint = did_you_mean(key, names) or (f"{api.name} takes: {', '.join(names)}" if names
                                            else f"{api.name} takes no parameters")
        raise UsageError(f"unknown parameter '{key}' for {api.name}", hint=hint)
    return param


def check_arguments(words: list[str], schema: Schema) -> None:
    """Reject an unknown API, an unknown parameter, a word that is not ``key=value`` or a parameter given
    twice, without reading any value: run before asking for a missing password, so a misspelt key
    (``pasword=``) is refused before anybody types a secret. Query conditions are checked by :func:`parse`."""
    if words and words[0].strip():
        api = find_api(words[0], schema)
        if not api.is_query:
            _raw_arguments(api, words[1:])


def _raw_arguments(api: Api, words: list[str]) -> dict[str, str]:
    """The typed text of each parameter of a non-query call; UsageError for a word that does not fit."""
    raw: dict[str, str] = {}
    for word in words:
        key, op, value = _split_word(word, api)
        if op is Op.IS_NULL:  # 'key=null' is the text "null" outside queries
            op, value = Op.EQ, "null"
        param = _param(api, key)
        if op is not Op.EQ:
            raise UsageError(f"operator '{op.value}' after '{key}' works only in Query APIs",
                             hint=f"write {key}=value")
        if param.name in raw:
            raise UsageError(f"parameter '{key}' given twice", hint="give each parameter once")
        raw[param.name] = value
    return raw


def _parse_call(api: Api, words: list[str], *, session_uuid: str | None, stdin: TextIO | None) -> Call:
    raw = _raw_arguments(api, words)
    missing = [p for p in api.params if p.name not in raw and p.default != SESSION_DEFAULT
               and (p.required or p.location is Location.PATH)]
    if missing:
        noun = "parameter" if len(missing) == 1 else "parameters"
        hint = "add " + " ".join(f"{p.name}=@FILE" if p.secret else f"{p.name}=..." for p in missing)
        secret = next((p.name for p in missing if p.secret), "")
        if secret:  # never steer a password onto the command line (ps, shell history); a terminal asks for it
            hint += f" or {secret}=@- to read it from a file or stdin, or run at a terminal to be asked"
        raise UsageError(f"missing required {noun} for {api.name}: {', '.join(p.name for p in missing)}",
                         hint=hint)
    if not session_uuid and any(p.default == SESSION_DEFAULT and p.name not in raw for p in api.params):
        raise not_logged_in()
    values: dict[str, Any] = {}
    reads_input = [p for p in api.params if p.name in raw and _reads_input(raw[p.name])]
    for param in [p for p in api.params if p.name in raw and p not in reads_input] + reads_input:
        values[param.name] = coerce_param(param, raw[param.name], stdin=stdin,  # @files/stdin last
                                          trim=api.family is Family.ZSTACK)
    args: dict[str, Any] = {}
    for param in api.params:  # schema order, whatever the typing order
        if param.name in values:
            args[param.name] = values[param.name]
        elif param.default == SESSION_DEFAULT:
            args[param.name] = session_uuid
    return Call(api=api, args=args)


def _reads_input(raw: str) -> bool:
    """True for ``@path`` and ``@-`` (not for a literal ``@@...``)."""
    return raw.startswith("@") and not raw.startswith("@@")


__all__ = ["SESSION_DEFAULT", "check_arguments", "find_api", "parse", "unknown_api"]
