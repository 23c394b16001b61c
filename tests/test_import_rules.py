"""The one-way import rules of CONTRIBUTING.md ("How it is built"), checked on every module's imports.

Imports under ``if TYPE_CHECKING:`` are not imports at run time and are not counted. The few arrows that
break a rule today are listed in KNOWN with the reason; a new one fails here.
"""
from __future__ import annotations

import ast
from pathlib import Path

ZSCLI = Path(__file__).resolve().parent.parent / "zscli"

#: Shared vocabulary at the bottom: every layer may import these.
BASE = {"call", "errors", "faults", "text", "settings", "paths", "diagnostics", "environment", "schema", "record"}
#: layer -> the layers it may import besides BASE (and itself).
ALLOWED: dict[str, set[str]] = {
    "schema": set(),
    "sim": set(),
    "language": set(),
    "transport": set(),
    "output": set(),
    "completion": {"language", "surface"},  # surface: the built-ins and formats it completes
}
SIM_ALLOWED = {"schema", "record"}  # the simulator stands in for a server: it shares only the schema (and records)
#: (importing module, imported layer): why the arrow is there today.
KNOWN = {
    ("zscli/transport/trace.py", "output"): "traces escape control characters with output.safe.visible",
    ("zscli/output/help.py", "language"): "help API resolves a case-insensitive name with language.parser.find_api",
    ("zscli/output/help.py", "server_version"): "help marks parameters newer than the server",
    ("zscli/completion/engine.py", "server_version"): "completion marks parameters newer than the server",
}


def _layer(path: Path) -> str:
    rel = path.relative_to(ZSCLI)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _runtime_imports(tree: ast.AST) -> set[str]:
    """The zscli layers a module imports outside ``if TYPE_CHECKING:`` blocks."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else \
            [a.name for a in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            parts = (name or "").split(".")
            if parts[0] == "zscli" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_imports_point_one_way():
    broken = []
    for path in sorted(ZSCLI.rglob("*.py")):
        layer = _layer(path)
        if layer not in ALLOWED:
            continue  # front doors and features (cli, modes, runner, shell, sdk...) may import any layer
        allowed = SIM_ALLOWED if layer == "sim" else BASE | ALLOWED[layer]
        for target in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))) - {layer}:
            rel = str(path.relative_to(ZSCLI.parent))
            if target not in allowed and (rel, target) not in KNOWN:
                broken.append(f"{rel} imports zscli.{target}")
    assert not broken, "\n".join(broken)


def test_nothing_but_the_modes_imports_the_shell():
    importers = {str(p.relative_to(ZSCLI.parent)) for p in ZSCLI.rglob("*.py") if _layer(p) != "shell"
                 and "shell" in _runtime_imports(ast.parse(p.read_text(encoding="utf-8")))}
    assert importers == {"zscli/modes.py"}


def test_the_known_exceptions_are_still_there():
    for (rel, target), why in KNOWN.items():
        path = ZSCLI.parent / rel
        assert target in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))), f"drop KNOWN entry: {why}"
