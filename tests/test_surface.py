"""The CLI surface is declared once (zscli.surface, zscli.config.KEYS, Format): everything that shows or parses
it agrees with the declaration, and so do the README and the committed completion scripts."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from zscli import config, shellcomp, subcommands, surface
from zscli.output.formats import Format

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_table(heading: str) -> list[list[str]]:
    """The rows (cells) of the first table after ``heading`` in the README."""
    text = README[README.index(heading):]
    rows = []
    for line in text.splitlines()[1:]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # without the header and the |---| line


def test_readme_environment_table_names_exactly_the_variables_the_config_knows():
    named = {v for row in _readme_table("### Global options and environment") for v in re.findall(r"`(\w+)`",
                                                                                                   row[1])}
    assert named == set(config.ENV_NAMES)


def test_readme_option_table_names_exactly_the_global_options():
    named = {s for row in _readme_table("### Global options and environment")
             for s in re.findall(r"(--?[\w-]+)", row[0])}
    declared = {s for opt in surface.OPTIONS for s in opt.spellings if opt.dest != "help"}
    assert named == declared


def test_every_option_that_sets_a_setting_names_a_real_one():
    from zscli.record import fields

    from zscli.settings import Settings

    names = {f.name for f in fields(Settings)}
    assert {opt.setting for opt in surface.OPTIONS if opt.setting} <= names
    assert {k.name for k in config.KEYS} <= names


def test_output_choices_are_the_formats_everywhere():
    formats = tuple(f.value for f in Format)
    assert surface.FORMATS == formats == config.OUTPUT_CHOICES
    assert surface.BY_SPELLING["-o"].choices == formats


@pytest.mark.parametrize("shell", shellcomp.SHELLS)
def test_committed_completion_scripts_are_the_generated_ones(shell):
    committed = (ROOT / "completions" / f"zscli.{shell}").read_text(encoding="utf-8")
    assert committed == shellcomp.script(shell), f"regenerate: zscli completion {shell} > completions/zscli.{shell}"


def test_subcommands_and_builtins_each_have_exactly_one_handler():
    from zscli.shell.builtins import HANDLERS

    assert set(subcommands.HANDLERS) == set(surface.SUBCOMMAND_BY_NAME)
    assert set(HANDLERS) == set(surface.BUILTIN_NAMES)


def test_help_epilog_shows_every_variable_subcommand_and_exit_code():
    from zscli.errors import EXIT_MEANINGS

    text = surface.epilog()
    for name in config.ENV_NAMES:
        assert name in text
    for command in surface.SUBCOMMANDS:
        assert command.name in text
    for code in EXIT_MEANINGS:
        assert f"{int(code)} " in text


def test_the_click_command_and_the_completion_back_end_know_every_option():
    from zscli.cli import command

    import click

    params = command.get_params(command.make_context("zscli", []))
    click_spellings = {s for p in params if isinstance(p, click.Option) for s in p.opts}
    assert click_spellings == set(surface.BY_SPELLING)
    assert set(shellcomp.OPTION_NAMES) == set(surface.BY_SPELLING)
    assert set(shellcomp.candidates("zscli --")) >= {(s, "option") for s in surface.BY_SPELLING if
                                                      s.startswith("--")}


def test_subcommand_arguments_complete_from_their_declaration():
    assert [r for r, _ in shellcomp.candidates("zscli completion ")] == list(shellcomp.SHELLS)
    assert [r for r, _ in shellcomp.candidates("zscli config ")] == ["show"]
    assert "QueryModel" in [r for r, _ in shellcomp.candidates("zscli help QueryM")]
    assert [r for r, _ in shellcomp.candidates("zscli -o ")] == list(surface.FORMATS)


def test_shell_help_lists_every_builtin_usage():
    from zscli.shell.builtins import USAGE

    assert [u for u, _ in USAGE] == [c.usage() for c in surface.BUILTINS]
    assert ("set output|dry-run VALUE", "set output FORMAT or dry-run on|off for this session") in USAGE


def test_the_test_environment_holds_none_of_the_variables_the_config_knows():
    import os

    assert not {name for name in config.ENV_NAMES if name in os.environ}


def test_readme_exit_code_table_lists_exactly_the_exit_codes():
    from zscli.errors import ExitCode

    assert {int(row[0]) for row in _readme_table("### Exit codes")} == {int(c) for c in ExitCode}


def test_per_command_options_are_the_declared_ones_and_split_off_any_line():
    assert {opt.dest for opt in surface.OPTIONS if opt.per_command} == {"dry_run", "query", "all_pages"}
    words, given = surface.command_options(["QueryModel", "--dry-run", "limit=1", "--query", "inventories[0]"])
    assert (words, given) == (["QueryModel", "limit=1"], {"dry_run": True, "query": "inventories[0]"})
    assert surface.command_options(["QueryModel", "--query=a.b", "--debug"]) == (["QueryModel", "--debug"],
                                                                                  {"query": "a.b"})
    assert surface.command_options(["--dry-run"]) == (["--dry-run"], {})  # never the API word
    assert surface.command_options(["QueryModel", "--query"]) == (["QueryModel", "--query"], {})


@pytest.mark.parametrize("columns", ["200", "80"])
def test_help_fits_80_columns(columns):
    """`zscli --help` (options and the syntax/environment/exit-code epilog) never needs more than 80 columns,
    however wide the terminal."""
    from .helpers.cli import subprocess_zscli

    run = subprocess_zscli("--help", env={"COLUMNS": columns})
    assert run.code == 0 and "Syntax:" in run.out and "Exit codes:" in run.out
    wide = [line for line in run.out.splitlines() if len(line) > 80]
    assert not wide, wide
