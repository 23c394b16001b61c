"""The README and ``zscli --help`` describe the catalogue zscli ships: its counts as ``zscli schema info`` says
them, the whole ZStack API (not only the AI model center), and a core query example."""
from __future__ import annotations

import re
from pathlib import Path

from .helpers.cli import subprocess_zscli

README = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split())


def test_readme_counts_agree_with_schema_info(state_dir):
    info = subprocess_zscli("schema", "info").out
    match = re.search(r"(\d+) APIs \((\d+) queries\), (\d+) inventories", info)
    assert match, info
    apis, queries, inventories = (int(g) for g in match.groups())
    assert f"catalogue holds {apis:,} APIs and {inventories:,} inventories" in README
    assert f"({apis:,} APIs: 1,957 generated from ZStack's own SDK and {apis - 1957} from" in README
    assert f"the {queries} `Query*` APIs" in README
    assert "Query APIs (`QueryModel`, `QueryModelService`, `QueryModelCenter`)" not in README


def test_top_level_help_describes_the_whole_api_with_a_core_example(state_dir):
    text = subprocess_zscli("--help", env={"COLUMNS": "80"}).out
    assert "a command-line shell for the whole ZStack REST API" in text and "model-center API" not in text
    assert "zscli QueryVmInstance host.name=host-1" in text and "zscli QueryModel " in text
