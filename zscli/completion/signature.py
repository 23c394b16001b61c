"""One-line help for the API being typed (the shell's bottom toolbar): signature and description."""
from __future__ import annotations


from zscli.language.keyop import key_op
from zscli.language.lexer import scan
from zscli.schema.types import Api, Schema

from .index import QUERY_OPTIONS, index_for, param_meta


def api_signature(api: Api) -> str:
    """``Name req:Type ... [opt:Type ...]``; query APIs show conditions and options."""
    if api.is_query:
        options = " ".join(f"{name}=" for name, _ in QUERY_OPTIONS)
        return f"{api.name} [field<op>value ...] [{options}]"
    required = [f"{p.name}:{p.type.value}" for p in api.params if p.required]
    optional = [f"[{p.name}:{p.type.value}]" for p in api.params if not p.required]
    return " ".join([api.name, *required, *optional])


def describe(text: str, schema: Schema) -> tuple[str, str] | None:
    """``(signature, description)`` for the line being typed, or None when its first word is no API.

    When the word under the cursor names a parameter, the description is that parameter's instead.
    """
    scanned = scan(text)
    first = scanned.words[0].text if scanned.words else ""
    if not first:
        return None
    api = index_for(schema).api(first)
    if api is None:
        return None
    description = api.description.strip().splitlines()[0] if api.description.strip() else ""
    kv = key_op(scanned.partial.text) or (key_op(scanned.partial.text + "=") if scanned.partial.text else None)
    if kv is not None:
        param = api.param(kv.key)
        if param is not None:
            description = f"{param.name}: {param_meta(param)}"
        elif api.is_query:
            inv = schema.inventory(api.inventory)
            field = inv.field(kv.key) if inv is not None else None
            if field is not None:
                description = f"{field.name}: [{field.type.value}] {field.description}".rstrip()
    return api_signature(api), description
