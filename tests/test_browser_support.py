"""When the browser tests run: always in CI, and wherever Chromium is installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import chromium_or_skip


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUPAK_CHROMIUM", "no-such-chromium")


def test_without_chromium_a_browser_test_is_skipped_saying_how_to_install_it(
        no_chromium: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install Chromium: apt-get install chromium"):
        chromium_or_skip()


def test_in_ci_a_missing_chromium_fails_the_browser_tests(
        no_chromium: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        chromium_or_skip()


def test_an_installed_chromium_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program = tmp_path / "chromium"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("RUPAK_CHROMIUM", str(program))
    assert chromium_or_skip() == str(program)
