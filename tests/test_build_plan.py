"""Which reports `rupak build` runs, skips, removes and marks in the index.

The fixture package is built with notebooks that load the corpus and show the summaries of
its claims and of its record, nothing else: what is decided here does not depend on what a
report draws (test_build.py builds the real ones), and each build takes a fraction of the
time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from datapkg import SOURCE_ID, DataPackage, one_cell_notebooks
from sites import REPORTS, Site, build_site, edit_event, index_entry

from rupak_lib.build.run import BuildResult
from rupak_lib.exceptions import BuildError

pytestmark = pytest.mark.slow

Build = Callable[..., BuildResult]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, warm_build: Build) -> Site:
    notebooks = one_cell_notebooks(tmp_path_factory.mktemp("notebooks"), setup=True)
    return build_site(tmp_path_factory, notebooks, warm_build)


@pytest.fixture
def pkg(site: Site) -> DataPackage:
    return site.restored()[0]


@pytest.fixture
def built(pkg: DataPackage, site: Site) -> Path:
    return site.reports


@pytest.fixture
def rebuild(site: Site, warm_build: Build) -> Build:
    """`build` on the module's notebooks and warm workers, without a progress bar."""

    def run(*args, **kwargs) -> BuildResult:
        kwargs.setdefault("notebooks_dir", site.notebooks)
        return warm_build(*args, progress=False, **kwargs)

    return run


def broken_notebooks(tmp_path: Path) -> Path:
    """A copy of the module's notebooks whose theme report raises for the history theme."""
    notebooks = one_cell_notebooks(tmp_path / "notebooks", setup=True)
    nb = nbformat.read(notebooks / "theme_report.ipynb", as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(
        'if theme_id == "history":\n    raise RuntimeError("the history chart is broken")',
        id="raises"))
    nbformat.write(nb, notebooks / "theme_report.ipynb")
    return notebooks


def test_a_second_build_executes_nothing(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in built.glob("*.ipynb")}
    result = rebuild(pkg.path, built, jobs=2)
    assert result.built == []
    assert sorted(result.up_to_date) == REPORTS
    assert {p.name: p.stat().st_mtime_ns for p in built.glob("*.ipynb")} == before


def test_a_second_build_rewrites_no_page(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in built.glob("*.html")
              if p.name != "index.html"}
    rebuild(pkg.path, built, jobs=2)
    assert {p.name: p.stat().st_mtime_ns for p in built.glob("*.html")
            if p.name != "index.html"} == before


def test_a_source_no_longer_in_the_data_loses_its_speech_page(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    (built / "speech-gone.html").write_text("old")
    rebuild(pkg.path, built, jobs=2)
    assert not (built / "speech-gone.html").exists()


def test_editing_one_themes_fact_rebuilds_that_theme_the_overview_and_the_critique(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    pkg.edit_fact("trade-1960s", "summary", "Trade between the two grew in the 1960s.")
    result = rebuild(pkg.path, built, jobs=2)
    assert result.built == ["compare", "critique-" + SOURCE_ID, "overview", "theme-history"]
    assert result.up_to_date == ["theme-education"]
    assert "Trade between the two grew" in (built / "theme-history.html").read_text("utf-8")


def test_force_rebuilds_everything(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    result = rebuild(pkg.path, built, jobs=2, force=True)
    assert result.built == REPORTS


def test_the_reports_named_first_run_first_then_the_longest(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    done: list[str] = []
    rebuild(pkg.path, built, jobs=1, force=True, first={"theme-history"},
          on_report=lambda report, error: done.append(report.report_id))
    assert done == ["theme-history", "overview", "compare", f"critique-{SOURCE_ID}",
                    "theme-education"]


def test_only_builds_the_named_report(
        rebuild: Build, pkg: DataPackage, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = rebuild(pkg.path, out, jobs=1, only=["history"])
    assert result.built == ["theme-history"]
    assert not (out / "overview.html").exists()


def test_a_cold_build_of_one_named_report_starts_one_kernel(
        pkg: DataPackage, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.build import run

    started, real = [], run.worker_pool
    monkeypatch.setattr(run, "worker_pool", lambda n: started.append(n) or real(n))
    result = run.build(pkg.path, tmp_path / "reports", jobs=2, only=["history"],
                       notebooks_dir=site.notebooks, progress=False)
    assert result.built == ["theme-history"]
    assert started == [1]


def test_an_unknown_report_is_refused_before_anything_runs(
        rebuild: Build, pkg: DataPackage, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="unknown report nosuch"):
        rebuild(pkg.path, tmp_path / "reports", only=["nosuch"])
    assert not (tmp_path / "reports").exists()


def test_a_failed_report_is_retried_and_stays_marked_in_the_index(
        rebuild: Build, pkg: DataPackage, built: Path, tmp_path: Path) -> None:
    notebooks = broken_notebooks(tmp_path)
    rebuild(pkg.path, built, jobs=2, notebooks_dir=notebooks)

    again = rebuild(pkg.path, built, jobs=2, notebooks_dir=notebooks)
    assert [e.report_id for e in again.failed] == ["theme-history"]
    assert again.built == []

    rebuild(pkg.path, built, jobs=1, notebooks_dir=notebooks, only=["overview"])
    assert "the last build of this report failed" in index_entry(built, "theme-history")


def test_the_index_marks_reports_left_out_of_date_by_only(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    pkg.edit_fact("trade-1960s", "summary", "Trade between the two grew in the 1960s.")
    rebuild(pkg.path, built, jobs=1, only=["overview"])
    index = (built / "index.html").read_text("utf-8")
    # theme-history, the critique and the comparison of sources
    assert index.count("out of date: its inputs changed") == 3


def test_a_deleted_theme_row_removes_its_report(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    pkg.write_rows("questions.csv", [q for q in pkg.rows("questions.csv")
                                     if q["theme_id"] != "education"])
    pkg.edit_fact("scholarships", "theme_id", "history")
    pkg.edit_fact("keep-working", "theme_id", "history")
    for event_id in ("scholarships-granted-2024", "forum-testville-2025"):
        edit_event(pkg, event_id, "theme_id", "history")
    pkg.write_rows("themes.csv", [t for t in pkg.rows("themes.csv")
                                  if t["theme_id"] != "education"])
    result = rebuild(pkg.path, built, jobs=2)
    assert result.removed == ["theme-education"]
    assert not (built / "theme-education.html").exists()


def test_the_index_links_the_students_handouts_and_never_an_instructors(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    for name in ("seminar-history-student.html", "seminar-history-student.ipynb",
                 "seminar-history-instructor.html"):
        (built / name).write_text("a handout")
    rebuild(pkg.path, built, jobs=1)
    index = (built / "index.html").read_text()
    assert 'href="seminar-history-student.html">Seminar: History</a>' in index
    assert 'download="seminar-history-student.ipynb"' in index
    assert "instructor" not in index


def test_editing_a_fact_changes_the_data_version_of_every_page_it_does_not_rebuild(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    before = (built / "theme-education.html").read_text("utf-8")
    pkg.edit_fact("trade-1960s", "summary", "Trade between the two grew in the 1960s.")
    rebuild(pkg.path, built, jobs=2)
    after = (built / "theme-education.html").read_text("utf-8")
    version = re.compile(r"Data version (\w+)")
    assert version.search(after).group(1) != version.search(before).group(1)
    assert version.sub("", after) == version.sub("", before)


def test_a_new_theme_row_yields_a_new_report(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    themes = pkg.rows("themes.csv")
    themes.append({"theme_id": "energy", "title": "Energy", "description": "Power plants.",
                   "position": "3"})
    pkg.write_rows("themes.csv", themes)
    result = rebuild(pkg.path, built, jobs=2)
    assert "theme-energy" in result.built
    assert "theme-education" in result.up_to_date
    html = (built / "theme-energy.html").read_text("utf-8")
    assert "Energy" in html
    assert 'href="theme-energy.html"' in (built / "index.html").read_text("utf-8")


def test_editing_one_event_rebuilds_only_the_reports_that_read_it(
        rebuild: Build, pkg: DataPackage, built: Path) -> None:
    edit_event(pkg, "border-war-1971", "summary", "Beta fought a war in December.")
    result = rebuild(pkg.path, built, jobs=2)
    assert result.built == ["compare", "critique-" + SOURCE_ID, "overview", "theme-history"]
    assert result.up_to_date == ["theme-education"]
    assert "Beta fought a war in December." in (built / "theme-history.html").read_text("utf-8")
