"""Your own version of ZStack: which schema file a run uses, and ``zscli schema import SOURCE``.

The schema in use is, first found: ``--schema FILE``, ``ZSCLI_SCHEMA``, ``schema = "..."`` in the config file
(or the profile), the user schema ``zscli schema import`` wrote into the data dir
(``$XDG_DATA_HOME/zscli/schema.jsonl``), the packaged one. The first three are one setting (``schema``) resolved
by :mod:`zscli.config` like every other; :func:`choose` adds the last two. Every front door calls :func:`use`
once, early, which points :func:`zscli.schema.load` at the file and remembers why it was chosen
(``zscli schema info`` shows it).

Importing this module is cheap (the standard library): the completion back end reads it. The importer and the
build are imported by :func:`import_schema` alone.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from zscli import paths

from . import SCHEMA_FILE, CatalogueError, load, select

FILE_NAME = "schema.jsonl"


def user_file() -> Path:
    """Where ``zscli schema import`` writes the user schema."""
    return paths.data_dir() / FILE_NAME


class Choice:
    """The schema file a run uses (``path`` None: the packaged one) and why: ``flag``, ``env``, ``config``,
    ``user`` or ``packaged``, with ``detail`` saying more (the variable, the config file and profile).

    A plain class: making a dataclass would cost a little of every completion request."""

    __slots__ = ("path", "why", "detail")

    def __init__(self, path: str | None, why: str, detail: str = "") -> None:
        self.path = path
        self.why = why
        self.detail = detail

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Choice) and (self.path, self.why, self.detail) == (other.path, other.why,
                                                                                     other.detail)

    def __hash__(self) -> int:
        return hash((self.path, self.why, self.detail))

    def __repr__(self) -> str:
        return f"Choice({self.path!r}, {self.why!r}, {self.detail!r})"

    @property
    def file(self) -> str:
        """The file read."""
        return self.path or str(SCHEMA_FILE)

    def reason(self) -> str:
        """Why this file, in words (``zscli schema info``)."""
        return {"flag": "from --schema", "env": f"from {self.detail}", "config": f"from {self.detail}",
                "user": "the user schema `zscli schema import` wrote", "packaged": "packaged with zscli"}[self.why]


_chosen = Choice(None, "packaged")


def choose(setting: str = "", source: str = "default") -> Choice:
    """The schema to use given the ``schema`` setting and its source (as :class:`zscli.config.Resolved` records
    it: ``flag``, ``env ZSCLI_SCHEMA``, ``config``, ``profile NAME``); without one, the user schema when it
    exists, else the packaged one."""
    if setting:
        if source == "flag":
            return Choice(setting, "flag")
        if source.startswith("env "):
            return Choice(setting, "env", source[4:])
        where = "the config file" if source == "config" else f"config [{source.replace(' ', '.')}]"
        return Choice(setting, "config", where)
    user = user_file()
    if user.is_file():
        return Choice(str(user), "user")
    return Choice(None, "packaged")


def use(choice: Choice) -> Choice:
    """Make ``choice`` the schema every later :func:`zscli.schema.load` in this process reads."""
    global _chosen
    select(choice.path)
    _chosen = choice
    return choice


def use_resolved(resolved: Any) -> Choice:
    """:func:`use` the schema a :class:`zscli.config.Resolved` asks for."""
    return use(choose(resolved.settings.schema, resolved.sources.get("schema", "default")))


def chosen() -> Choice:
    """The schema chosen by the last :func:`use` (the packaged one before any)."""
    return _chosen


def check() -> None:
    """Open the chosen schema (its header: about a millisecond); :class:`CatalogueError` when it is missing or
    not a schema."""
    load()


class Imported:
    """What ``zscli schema import`` wrote: the file, the build's meta (sources and counts)."""

    __slots__ = ("path", "meta")

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self.path = path
        self.meta = meta


class SchemaImportError(Exception):
    """A one-line reason the import failed (bad SOURCE, no SDK, unwritable directory, a spec that does not build)."""


def import_schema(source: str, ref: str | None = None, target: Path | None = None) -> Imported:
    """Import ``source`` (a ZStack checkout, bare git dir or folder of SDK ``.java`` files, at ``ref``), build a
    schema from it and the hand-written specs, and write it atomically to ``target`` (default :func:`user_file`)
    with mode 0600 in a 0700 directory. Raises :class:`SchemaImportError` with a one-line message."""
    import tempfile

    from . import build, sdk_import
    from .importer.source import SourceError

    target = target or user_file()
    try:
        result = sdk_import.import_source(source, ref)
    except SourceError as exc:
        raise SchemaImportError(str(exc)) from None
    except OSError as exc:
        raise SchemaImportError(f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        _private_dir(target.parent)
    except OSError as exc:
        raise SchemaImportError(f"cannot write {target.parent}: {exc.strerror or exc}") from None
    try:
        with tempfile.TemporaryDirectory(prefix=".import-", dir=target.parent) as work:
            generated = Path(work) / "zstack-sdk.json"  # the name the build records as the spec's file
            generated.write_text(result.text, encoding="utf-8")
            data = build.compile_specs(build.SPECS, generated=generated)
            build.write(build.render(data), target, private=True)
        os.chmod(target, 0o600)
    except OSError as exc:
        raise SchemaImportError(f"cannot write {target}: {exc.strerror or exc}") from None
    except (build.SpecError, build.yaml.YAMLError, KeyError, ValueError, TypeError) as exc:
        raise SchemaImportError(f"{source}: the imported API does not build into a schema: {exc}") from None
    return Imported(path=target, meta=data["meta"])


def _private_dir(path: Path) -> None:
    """Create ``path`` (and its parents) if needed; ``path`` itself ends up 0700."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if (path.stat().st_mode & 0o777) != 0o700:
        os.chmod(path, 0o700)


def counts_line(meta: dict[str, Any]) -> str:
    """``1957 APIs (500 queries), 520 inventories, 900 relations, 38 unmapped queries``."""
    c = meta.get("counts", {})
    return (f"{c.get('apis', '?')} APIs ({c.get('queries', '?')} queries), {c.get('inventories', '?')} inventories, "
            f"{c.get('relations', '?')} relations, {c.get('unmapped_queries', '?')} unmapped queries")


def source_lines(meta: dict[str, Any]) -> list[str]:
    """One line per source of the schema: its family and spec files, and for an imported one the source, ref
    and commit."""
    out = []
    for src in meta.get("sources", ()):
        if not isinstance(src, dict):
            continue
        line = f"{src.get('family', '?')}: {', '.join(src.get('specs', ())) or '?'}"
        if src.get("tool"):
            ref = src.get("ref") or "(no ref)"
            commit = (src.get("commit") or "")[:12] or "(no commit)"
            line += f"  from {src.get('source') or '?'} ref {ref} commit {commit}"
        out.append(line)
    return out


__all__ = ["CatalogueError", "Choice", "SchemaImportError", "Imported", "check", "choose", "chosen", "counts_line",
           "import_schema", "source_lines", "use", "use_resolved", "user_file"]
