"""The completion scripts in real bash, zsh and fish, each in a pseudo-terminal: type a line, press Tab, and read
back what the shell's line editor made of it (readline, zle and fish each replace a different part of the word).

zsh and fish are optional on a developer's machine and in CI: their cases are skipped with a reason when missing.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from collections.abc import Iterator

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
PROMPT = "READY$ "


def _shell(name: str):  # type: ignore[no-untyped-def]
    return pytest.param(name, marks=pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} is not installed"))


SHELLS = [_shell("bash"), _shell("zsh"), _shell("fish")]


class LineEditor:
    """One interactive shell with the zscli completion script loaded, in a pty."""

    def __init__(self, shell: str, tmp: Path) -> None:
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        shim = bin_dir / "zscli"  # this checkout, run by this interpreter
        shim.write_text(f"#!/bin/sh\nexec '{sys.executable}' -m zscli \"$@\"\n")
        shim.chmod(0o755)
        home = tmp / "home"
        home.mkdir()
        env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", PYTHONPATH=str(ROOT),
                   HOME=str(home), XDG_CONFIG_HOME=str(tmp / "cfg"), XDG_STATE_HOME=str(tmp / "state"),
                   INPUTRC=os.devnull, TERM="xterm")
        script = ROOT / "completions" / f"zscli.{shell}"
        prompt = "'READY''$ '"  # the echoed setup line must not look like the prompt itself
        if shell == "bash":
            argv, setup = ["--norc", "--noprofile", "-i"], f"PS1={prompt}; source '{script}'"
        elif shell == "zsh":
            argv = ["-f", "-i"]
            setup = f"PS1={prompt}; bindkey -e; autoload -U compinit; compinit -u -D; source '{script}'"
        else:
            argv, setup = ["--no-config", "-i"], f"function fish_prompt; echo -n {prompt}; end; source '{script}'"
        self.child = pexpect.spawn(shell, argv, env=env, cwd=str(tmp), encoding="utf-8", timeout=60,
                                   dimensions=(40, 200))
        self.child.sendline(setup)
        self.child.expect_exact(PROMPT)

    def tab(self, line: str) -> list[str]:
        """The words on the command line after typing ``line`` and one Tab (read back by printf)."""
        self.child.send(line + "\t")
        # Ctrl-A / Ctrl-E: turn whatever is on the line into arguments of printf, then run it
        self.child.send("\x01printf '<%s>' \x05; echo ' END'\r")
        self.child.expect(r"<zscli>(.*?) END")
        words = re.findall(r"<([^<>]*)>", self.child.match.group(1))
        self.child.expect_exact(PROMPT)
        return words

    def close(self) -> None:
        self.child.close(force=True)


@pytest.fixture()
def editor(request, tmp_path) -> Iterator[LineEditor]:
    ed = LineEditor(request.param, tmp_path)
    yield ed
    ed.close()


@pytest.mark.parametrize("editor", SHELLS, indirect=True)
def test_tab_after_an_operator_does_not_double_it(editor):
    """bash splits words at '=' (and '>', '<', ':'): after `vendor=` readline completes the empty text after the
    '=', so a reply '=null' became `vendor==null`. Every shell must give `vendor=null`."""
    assert editor.tab("zscli QueryModel vendor=n") == ["QueryModel", "vendor=null"]
    assert editor.tab("zscli QueryModel name!=nu") == ["QueryModel", "name!=null"]
    assert editor.tab("zscli QueryModel sortBy=createD") == ["QueryModel", "sortBy=createDate"]


@pytest.mark.parametrize("editor", SHELLS, indirect=True)
def test_tab_on_an_empty_value_never_inserts_null(editor):
    """`null` was the only candidate after `name=`, so a single Tab silently turned the query into "is null".
    It is offered once a letter of it is typed."""
    assert editor.tab("zscli QueryVmInstance name=") == ["QueryVmInstance", "name="]
    assert editor.tab("zscli QueryVmInstance name!=") == ["QueryVmInstance", "name!="]
    assert editor.tab("zscli QueryVmInstance name=n") == ["QueryVmInstance", "name=null"]


@pytest.mark.parametrize("editor", SHELLS, indirect=True)
def test_an_exact_api_name_is_a_candidate(editor):
    """`QueryVmInstance` is a whole API name and a prefix of longer ones: it must be among the replies (the
    engine leaves the typed word out), so a unique one gets its space and a listing shows it."""
    assert editor.tab("zscli LogInByAccoun") == ["LogInByAccount"]
    assert editor.tab("zscli LogInByAccount") == ["LogInByAccount"]
    assert editor.tab("zscli LogInByAccount ") == ["LogInByAccount"]


@pytest.mark.parametrize("editor", [_shell("bash")], indirect=True)
def test_bash_offers_no_file_names_for_a_value(editor, tmp_path):
    """The script keeps bash's file-name fallback (`-o default`) for words that are not values, but an empty value
    such as `name=` is not a file: in a directory of one file, Tab inserted its name (`name=only.txt`)."""
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "only.txt").write_text("x", encoding="utf-8")
    editor.child.sendline("cd one")
    editor.child.expect_exact(PROMPT)
    assert editor.tab("zscli QueryVmInstance name=") == ["QueryVmInstance", "name="]
    assert editor.tab("zscli QueryVmInstance uuid=") == ["QueryVmInstance", "uuid="]


def test_an_exact_api_name_is_a_reply() -> None:
    from zscli import shellcomp

    replies = [r for r, _ in shellcomp.replies("zscli QueryVmInstance", "QueryVmInstance")]
    assert replies[0] == "QueryVmInstance" and len(replies) > 1
    assert "null" not in [r for r, _ in shellcomp.replies("zscli QueryVmInstance name=", "")]
    assert [r for r, _ in shellcomp.replies("zscli QueryVmInstance name=n", "n")] == ["null"]


@pytest.mark.parametrize("editor", SHELLS, indirect=True)
def test_tab_never_rewrites_a_typed_value(editor):
    """A value that merely contains the typed text ('true' contains 'ue') is not offered, so no shell
    replaces the typed value with it."""
    assert editor.tab("zscli QueryModel count=ue") == ["QueryModel", "count=ue"]
    assert editor.tab("zscli AddModelService type=ne") == ["AddModelService", "type=ne"]  # FineTune
