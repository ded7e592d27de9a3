"""Atomic writes: a file is replaced whole or not at all, and no temporary file is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from datapkg import DataPackage

from rupak_lib.data.paths import write_atomic
from rupak_lib.data.validate import schema, validate


def test_an_atomic_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_failed_atomic_write_keeps_the_old_file_and_leaves_no_temporary(
        tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_an_atomic_write_creates_the_folder_and_a_readable_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "index.html"
    write_atomic(target, b"bytes")
    assert target.read_bytes() == b"bytes"
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_validation_cache_that_cannot_be_written_leaves_no_temporary_file(
        pkg: DataPackage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("RUPAK_CACHE_DIR", str(cache))
    monkeypatch.setattr(schema, "_memory_cache", {})

    def refuse(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    assert [p for p in validate(pkg.path) if p.severity == "error"] == []
    assert list(cache.iterdir()) == []


def test_the_validation_cache_drops_its_oldest_entries_once_it_outgrows_its_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUPAK_CACHE_DIR", str(tmp_path))
    for n in range(12):
        schema._write_disk_cache(f"k{n:02d}", {"problems": [], "bad": []}, keep=8)
        os.utime(tmp_path / f"validation-k{n:02d}.json", (n, n))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) <= 8 + 8 // 4
    assert "validation-k11.json" in left and "validation-k00.json" not in left


def test_verdicts_asked_for_in_a_folder_are_kept_there_and_nowhere_after(
        pkg: DataPackage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.data.paths import cache_dir, cache_in

    monkeypatch.setenv("RUPAK_CACHE_DIR", str(tmp_path / "usual"))
    validate(pkg.path)  # checked before: the verdicts are in memory, and still written
    with cache_in(tmp_path / "grading") as here:
        assert cache_dir() == here
        validate(pkg.path)
    assert cache_dir() == tmp_path / "usual"
    tables = len(list(pkg.path.glob("*.csv")))
    assert len(list((tmp_path / "grading").glob("validation-*.json"))) == tables
