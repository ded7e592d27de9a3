"""Outputs that several test modules read, made once per test run: the first test process
to ask makes them while the others wait on a lock (pytest-xdist runs modules in several
processes), and a run never reads what an earlier run made."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rupak_lib.data.paths import REPO_DIR
from rupak_lib.teaching.pdf import find_chromium


def run_root(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this run, shared by its test processes."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
              ) -> Path:
    """The folder ``make`` filled, made by the first process of this run to ask."""
    root = run_root(factory)
    target = root / f"once-{name}"
    with open(root / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / ".made").exists():  # a process that failed to make it left none
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            make(target)
            (target / ".made").touch()
    return target


def trade_handouts(factory: pytest.TempPathFactory) -> Path:
    """The trade theme's handouts of the bundled data, as `make seminar THEME=trade-economy`
    writes them, with their PDFs where Chromium is installed."""
    def make(out: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "RUPAK_DATA"}
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "rupak"), "seminar", "--theme", "trade-economy",
             "--out", str(out), *(["--pdf"] * bool(find_chromium()))],
            cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    return made_once(factory, "trade-handouts", make)
