"""The suite's own order: run in parallel by modules (``make test``), the modules with long
builds go first, so that none starts last and runs alone (conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent


def collected(*modules: str) -> list[str]:
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist",
         "-p", "no:cacheprovider", *(str(TESTS / m) for m in modules)],
        cwd=TESTS.parent, capture_output=True, text=True, timeout=120, check=True).stdout
    return [line for line in listed.splitlines() if "::" in line]


def test_modules_with_slow_tests_are_collected_first_and_keep_their_order() -> None:
    ids = collected("test_cli.py", "test_notebooks.py")
    modules = [i.split("::")[0] for i in ids]
    first_fast = modules.index(next(m for m in modules if m.endswith("test_cli.py")))
    assert set(modules[:first_fast]) == {"tests/test_notebooks.py"}  # it runs notebooks
    assert all(m.endswith("test_cli.py") for m in modules[first_fast:])
    assert ids[first_fast:] == collected("test_cli.py")  # each module's own order kept
