"""Shared fixtures: a small valid data package in tmp_path (see datapkg.py), and an
environment that neither reads the caller's $RUPAK_DATA nor writes to the user's cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from datapkg import DataPackage, build_package


@pytest.fixture
def pkg(tmp_path: Path) -> DataPackage:
    """A small valid data package in tmp_path."""
    return build_package(tmp_path / "data")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch,
                          tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads $RUPAK_DATA from the caller or writes to the user's cache."""
    monkeypatch.delenv("RUPAK_DATA", raising=False)
    monkeypatch.setenv("RUPAK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
