"""Where the Java sources come from: a git directory (bare or a checkout) or a plain folder.

:func:`open_source` returns a :class:`Source`: a name, the ref and commit read, and the text of
every ``*.java`` file keyed by its path (relative to the source root). Git sources are read from
git objects only (``git ls-tree -r`` + ``git cat-file --batch``), so a bare mirror works and a
checkout's uncommitted edits are not read; a plain folder is read from disk.

Every problem with the SOURCE raises :class:`SourceError` with one line meant for the user.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from zscli.record import field, record


class SourceError(Exception):
    """The SOURCE cannot be read; the message is one line for the user."""


@record(frozen=False)
class Source:
    """The ``*.java`` texts of one source tree.

    ``name``: the repository name (``owner/name`` for a ``owner+name/repo`` mirror directory) or
    the folder's basename; ``ref``/``commit``: what git read ("" for a plain folder);
    ``files``: path -> text; ``missing``: git paths whose objects are absent (a partial mirror).
    """

    name: str
    ref: str
    commit: str
    files: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def _git(git_dir: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "--git-dir", str(git_dir), *args], input=stdin,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise SourceError("git is not installed; it is needed to read a git SOURCE") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceError(f"git {args[0]} failed: {msg[-1] if msg else 'exit ' + str(proc.returncode)}")
    return proc.stdout


def _is_bare(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()


def _repo_name(path: Path) -> str:
    """``repo``/``.git`` directories are named after their parent; ``owner+name`` reads ``owner/name``."""
    name = path.name
    if name in (".git", "repo") and path.parent.name:
        name = path.parent.name
    name = name.removesuffix(".git")
    return name.replace("+", "/", 1)


def is_git_source(source: str) -> bool:
    """True when ``source`` is a bare git directory or the top of a checkout."""
    path = Path(source).expanduser()
    return path.is_dir() and (_is_bare(path) or (path / ".git").exists())


def open_source(source: str, ref: str | None = None) -> Source:
    """Read every ``*.java`` file of ``source`` (at ``ref`` for git; default HEAD)."""
    path = Path(source).expanduser()
    if not path.exists():
        raise SourceError(f"{source}: no such directory")
    if not path.is_dir():
        raise SourceError(f"{source}: not a directory "
                          "(give a ZStack checkout, a git directory or a folder of SDK .java files)")
    path = path.resolve()
    if _is_bare(path):
        return _read_git(path, _repo_name(path), ref)
    if (path / ".git").exists():
        git_dir = path / ".git"
        if git_dir.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = git_dir.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                git_dir = (path / text[7:].strip()).resolve()
        return _read_git(git_dir, _repo_name(path), ref)
    if ref is not None:
        raise SourceError(f"{source}: --ref needs a git SOURCE (this is a plain folder)")
    return _read_folder(path)


def _read_git(git_dir: Path, name: str, ref: str | None) -> Source:
    wanted = ref or "HEAD"
    try:
        commit = _git(git_dir, "rev-parse", "--verify", "--quiet", f"{wanted}^{{commit}}").decode().strip()
    except SourceError:
        commit = ""
    if not commit:
        raise SourceError(f"{git_dir}: no commit called {wanted!r}")
    shown_ref = wanted
    if ref is None:
        try:
            shown_ref = _git(git_dir, "symbolic-ref", "--short", "-q", "HEAD").decode().strip() or "HEAD"
        except SourceError:
            shown_ref = "HEAD"
    listing = _git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit)
    entries: list[tuple[str, str]] = []
    for row in listing.split(b"\0"):
        if not row:
            continue
        meta, _, raw_path = row.partition(b"\t")
        parts = meta.split()
        if len(parts) != 3 or parts[1] != b"blob":
            continue
        p = raw_path.decode("utf-8", "replace")
        if p.endswith(".java"):
            entries.append((parts[2].decode(), p))
    src = Source(name=name, ref=shown_ref, commit=commit)
    if not entries:
        return src
    batch = _git(git_dir, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha, _ in entries).encode())
    pos = 0
    for _sha, p in entries:
        end = batch.index(b"\n", pos)
        header = batch[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            src.missing.append(p)
            continue
        size = int(header[2])
        src.files[p] = batch[pos:pos + size].decode("utf-8", "replace")
        pos += size + 1
    return src


def _read_folder(path: Path) -> Source:
    src = Source(name=path.name, ref="", commit="")
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fname in sorted(filenames):
            if fname.endswith(".java"):
                full = Path(dirpath) / fname
                try:
                    src.files[full.relative_to(path).as_posix()] = full.read_text(encoding="utf-8", errors="replace")
                except OSError as exc:
                    raise SourceError(f"{full}: {exc.strerror or exc}") from None
    return src
