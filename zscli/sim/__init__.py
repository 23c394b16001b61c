"""The built-in simulator: a loopback server speaking the ZStack REST protocol and the ModelArts
model-versions API for every API in the schema. It imports only ``zscli.schema`` and the standard library.

``Simulator`` is the entry point; ``zscli.sim.demo.IDS`` lists the demo data's known identifiers.
"""
from __future__ import annotations

from .demo import IDS
from .modelarts import MODELARTS_TOKEN
from .server import RecordedRequest, Simulator

__all__ = ["IDS", "MODELARTS_TOKEN", "RecordedRequest", "Simulator"]
