"""Tables: one long value is cut with an ellipsis before any column is dropped, and whatever is dropped is
named (issue 8 item 7)."""
from __future__ import annotations

import pytest

from .helpers.cli import login, zscli
from zscli.schema import load

_MODEL = load().inventory("Model")
assert _MODEL is not None
COLUMNS = list(_MODEL.columns)


@pytest.fixture()
def long_name(fresh_sim, state_dir):
    login(fresh_sim)
    uuid = zscli(fresh_sim, "QueryModel", "limit=1").json()["inventories"][0]["uuid"]
    assert zscli(fresh_sim, "UpdateModel", f"uuid={uuid}", "name=" + "n" * 100).code == 0
    assert zscli(fresh_sim, "UpdateModel", f"uuid={uuid}", "description=" + "d" * 100).code == 0
    return fresh_sim


def _shown_and_hidden(text: str) -> tuple[list[str], list[str]]:
    lines = text.splitlines()
    hidden = [line for line in lines if line.startswith("hidden to fit")]
    names = hidden[0].split(": ", 1)[1].split(" (")[0].split(", ") if hidden else []
    return lines[0].split(), names


@pytest.mark.parametrize("width", [80, 100, 120])
def test_a_100_character_name_is_cut_and_the_table_keeps_its_columns(long_name, width):
    run = zscli(long_name, "-o", "table", "QueryModel", "limit=5", env={"COLUMNS": str(width)})
    assert run.code == 0, run.err
    assert "RECORD" not in run.out and "…" in run.out
    assert all(len(line) <= width for line in run.out.splitlines())
    shown, hidden = _shown_and_hidden(run.out)
    assert shown[:3] == COLUMNS[:3] and sorted(shown + hidden) == sorted(COLUMNS)
    if width >= 120:  # uuid, a cut name, vendor, type, version, size and date fit in 118
        assert hidden == []


def test_chosen_columns_cut_a_long_description_instead_of_turning_into_records(long_name):
    run = zscli(long_name, "-o", "table", "QueryModel", "limit=5", "fields=uuid,name,description,vendor",
                env={"COLUMNS": "120"})
    assert "RECORD" not in run.out and run.out.splitlines()[0].split() == ["uuid", "name", "description", "vendor"]
    assert all(len(line) <= 120 for line in run.out.splitlines())
    assert "d" * 30 not in run.out or "…" in run.out


def test_records_still_show_values_in_full_when_even_cut_columns_do_not_fit(long_name):
    run = zscli(long_name, "-o", "table", "QueryModel", "limit=5", "fields=uuid,name,description,vendor",
                env={"COLUMNS": "60"})
    assert "RECORD" in run.out and "n" * 100 in run.out
