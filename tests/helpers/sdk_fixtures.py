"""The importer's Java fixtures as a source tree: they are kept under ``sdk_tree/`` in the repository (so no
tracked path looks like ZStack's own SDK tree) and laid out as ``org/zstack/sdk/`` in a temp dir for the tests."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

STORED = Path(__file__).resolve().parents[1] / "fixtures" / "sdk"
_PACKAGE = Path("sdk", "src", "main", "java", "org", "zstack")
_made: list[Path] = []


def sdk_fixture_tree() -> Path:
    """A temp copy of ``tests/fixtures/sdk`` with ``sdk_tree`` renamed to the SDK's package directory ``sdk``
    (made once per test process, removed at exit)."""
    if not _made:
        root = Path(tempfile.mkdtemp(prefix="zscli-sdk-fixtures-"))
        atexit.register(shutil.rmtree, root, True)
        tree = root / "sdk"
        shutil.copytree(STORED, tree)
        (tree / _PACKAGE / "sdk_tree").rename(tree / _PACKAGE / "sdk")
        _made.append(tree)
    return _made[0]
