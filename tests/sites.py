"""A build of the fixture package made once for a test module, restored before each test.

The fixture package has two themes (education, history) and one source, so a build makes
five reports: compare, overview, theme-education, theme-history, critique-doe-2025-03-01.
Paths stay the same for every test (they are notebook parameters, so a copy elsewhere would
rebuild everything); each test gets them back as built (see ``Site.restored``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from datapkg import SOURCE_ID, DataPackage, build_package

from rupak_lib.build.run import BuildResult, build
from rupak_lib.data.paths import NOTEBOOKS_DIR

REPORTS = ["compare", "critique-" + SOURCE_ID, "overview", "theme-education", "theme-history"]


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def index_entry(out: Path, report_id: str) -> str:
    """The index page's list item for one report."""
    index = (out / "index.html").read_text("utf-8")
    return re.search(rf'<li id="{report_id}">.*?</li>', index, re.S).group(0)


def edit_event(pkg: DataPackage, event_id: str, column: str, value: str) -> None:
    rows = pkg.rows("chronology.csv")
    for row in rows:
        if row["event_id"] == event_id:
            row[column] = value
    pkg.write_rows("chronology.csv", rows)


@dataclass(frozen=True)
class Site:
    """A package and its reports, built once, with copies to restore."""

    data: Path
    reports: Path
    notebooks: Path
    saved_data: Path
    saved_reports: Path

    def restored(self) -> tuple[DataPackage, Path]:
        """The package and its reports as built: a test's edits do not reach the next."""
        for copy, target in ((self.saved_data, self.data), (self.saved_reports, self.reports)):
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(copy, target)
        return DataPackage(self.data), self.reports


def build_site(tmp_path_factory: pytest.TempPathFactory, notebooks: Path | None = None,
               builder: Callable[..., BuildResult] = build) -> Site:
    """The fixture package built with ``notebooks`` (default: the real report notebooks), by
    ``builder`` (default: a build on kernels of its own; conftest's ``warm_build`` reuses
    the test process's)."""
    base = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as env:  # as conftest's isolation, for the module
        env.delenv("RUPAK_DATA", raising=False)
        package = build_package(base / "data")
        result = builder(package.path, base / "reports", jobs=2, progress=False,
                         notebooks_dir=notebooks or NOTEBOOKS_DIR)
    assert result.ok, result.summary()
    site = Site(package.path, base / "reports", notebooks or NOTEBOOKS_DIR,
                base / "saved-data", base / "saved-reports")
    shutil.copytree(site.data, site.saved_data)
    shutil.copytree(site.reports, site.saved_reports)
    return site
