"""Printing HTML handouts to PDF with headless Chromium.

Chromium lays out the page exactly as a browser shows it (tables, code, embedded charts), so
a printed handout matches the HTML one, and no TeX installation is needed. It is an optional
system program: when it is missing, the caller gets an error that says how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from rupak_lib.data.paths import replacing
from rupak_lib.exceptions import CHROMIUM_ENV, ChromiumNotFoundError, PdfError
from rupak_lib.exceptions import CHROMIUM_INSTALL_HINT as INSTALL_HINT

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120  # seconds for one page; a handout prints in one or two

__all__ = ["CHROMIUM_ENV", "INSTALL_HINT", "ChromiumNotFoundError", "PdfError",
           "find_chromium", "print_pdf"]


def find_chromium() -> str | None:
    """The Chromium program to print with: ``$RUPAK_CHROMIUM``, else the first on PATH."""
    override = os.environ.get(CHROMIUM_ENV)
    if override:
        return shutil.which(override)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path, chromium: str | None = None) -> Path:
    """Print the HTML file ``html`` to ``pdf``, replacing it only when printing succeeded.

    Chromium runs headless with a throw-away profile and no background networking, so
    printing works offline, leaves nothing in the user's home and never updates itself. The
    handouts forbid scripts (a Content-Security-Policy of the template), so that no script
    can stop the printer on a dialog.
    """
    program = chromium or find_chromium()
    if program is None:
        raise ChromiumNotFoundError()
    with replacing(pdf) as tmp, tempfile.TemporaryDirectory(prefix="rupak-chromium-") as profile:
        command = [
            program, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--no-first-run", "--no-default-browser-check", f"--user-data-dir={profile}",
            "--no-pdf-header-footer", f"--print-to-pdf={tmp}",
            Path(html).resolve().as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                  check=False, env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not print {html.name} within {TIMEOUT} s") from None
        if done.returncode != 0 or not tmp.read_bytes().startswith(b"%PDF"):
            detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise PdfError(f"Chromium could not print {html.name} "
                           f"(exit {done.returncode}): {detail}")
    return pdf
