"""The built-in simulator: a loopback server speaking the ZStack REST protocol and the ModelArts
model-versions API for every API in the schema. It imports only ``zscli.schema`` and the standard library.

``Simulator`` is the entry point; ``zscli.sim.demo.IDS`` lists the demo data's known identifiers. The names are
imported on first use, so ``zscli.sim.facts`` (the fixed identities) can be read without loading the server.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .demo import IDS
    from .facts import MODELARTS_TOKEN
    from .server import RecordedRequest, Simulator

__all__ = ["IDS", "MODELARTS_TOKEN", "RecordedRequest", "Simulator"]
_HOMES = {"IDS": "demo", "MODELARTS_TOKEN": "facts", "RecordedRequest": "server", "Simulator": "server"}


def __getattr__(name: str) -> Any:
    """``zscli.sim.Simulator`` and the other public names, imported when first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
