"""Headless Chromium for the browser tests: the distribution's package, never a downloaded one.

Chromium is found as `rupak seminar --pdf` finds it: ``$RUPAK_CHROMIUM``, else PATH.

Outside CI a browser test is skipped when Chromium is missing, with a hint on installing it;
in CI (``$CI`` set) it fails instead, so a CI image without a browser cannot pass unnoticed.
Screenshots go to ``test-artifacts/`` (git-ignored) or to ``$RUPAK_ARTIFACTS``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from rupak_lib.teaching.pdf import find_chromium

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS_ENV = "RUPAK_ARTIFACTS"
#: Set (to anything) for screenshots of whole pages rather than of their first screen:
#: capturing a report 20,000 px tall at two widths takes most of the time of visiting it.
WHOLE_PAGES_ENV = "RUPAK_WHOLE_SCREENSHOTS"
INSTALL_HINT = "install Chromium: apt-get install chromium"

# A quiet, offline browser: no sandbox (CI runs as root), no GPU, no background traffic,
# and no reliance on a large /dev/shm, which containers lack.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def chromium_or_skip() -> str:
    """Chromium's path; else skip the test, or fail it in CI where a browser must be present."""
    found = find_chromium()
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is missing on CI ({INSTALL_HINT})", pytrace=False)
    pytest.skip(INSTALL_HINT)


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium driven by Playwright; Playwright never downloads a browser."""
    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(LAUNCH_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def whole_pages() -> bool:
    """Whether screenshots show whole pages (see ``WHOLE_PAGES_ENV``)."""
    return bool(os.environ.get(WHOLE_PAGES_ENV))


def artifacts_dir(name: str) -> Path:
    """A folder for one group of test artifacts, created on demand."""
    root = Path(os.environ.get(ARTIFACTS_ENV) or REPO / "test-artifacts")
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
