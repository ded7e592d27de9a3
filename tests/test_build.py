"""`rupak build` end to end: the real notebooks on the small fixture package, in tmp_path.

What the reports show, and that a build of them is deterministic. Which reports a build
runs, skips, removes and marks is in test_build_plan.py, on notebooks of one cell.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from datapkg import SOURCE_ID, DataPackage, add_energy_theme, one_cell_notebooks
from sites import REPORTS, Site, build_site, files

from rupak_lib.build.run import build
from rupak_lib.data.paths import NOTEBOOKS_DIR
from rupak_lib.exceptions import DataValidationError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """One build of the fixture package with the real notebooks, shared by the module."""
    return build_site(tmp_path_factory)


@pytest.fixture
def pkg(site: Site) -> DataPackage:
    return site.restored()[0]


@pytest.fixture
def built(pkg: DataPackage, site: Site) -> Path:
    return site.reports


def test_a_build_writes_every_report_as_notebook_and_html_and_an_index(built: Path) -> None:
    names = set(files(built))
    for report in REPORTS:
        assert {f"{report}.ipynb", f"{report}.html"} <= names
    index = (built / "index.html").read_text("utf-8")
    for report in REPORTS:
        assert f'href="{report}.html"' in index
        assert f'href="{report}.ipynb"' in index
    assert "Education" in index and "History" in index


def test_the_html_report_has_no_code_and_loads_nothing_from_the_network(built: Path) -> None:
    html = (built / "theme-history.html").read_text("utf-8")
    assert "rk.load(" not in html  # code cells are left out of the reader's version
    assert "History" in html
    assert "<script src=" not in html
    assert 'rel="stylesheet" href="http' not in html
    assert "data:image/svg+xml;base64," in html  # figures are embedded, as vectors


def test_a_report_carries_only_its_own_styles(built: Path) -> None:
    html = (built / "theme-education.html").read_text("utf-8")
    assert "--jp-layout-color0" not in html  # none of JupyterLab's theme
    styles = sum(len(s) for s in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S))
    assert styles < 12_000


def test_the_build_writes_the_annotated_speech_and_frames_every_page(built: Path) -> None:
    speech = (built / f"speech-{SOURCE_ID}.html").read_text("utf-8")
    assert 'id="S8"' in speech
    for name in [f"{r}.html" for r in REPORTS] + [f"speech-{SOURCE_ID}.html"]:
        html = (built / name).read_text("utf-8")
        assert '<nav class="rupak-pager"' in html and "Data version " in html, name
    overview = (built / "overview.html").read_text("utf-8")
    assert '<a class="next" rel="next" href="compare.html">' in overview
    assert f'href="speech-{SOURCE_ID}.html"' in (built / "index.html").read_text("utf-8")


def broken_notebooks(tmp_path: Path) -> Path:
    """A copy of the notebooks whose theme report raises for the history theme only."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, notebooks)
    nb = nbformat.read(notebooks / "theme_report.ipynb", as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell(
        'if theme_id == "history":\n    raise RuntimeError("the history chart is broken")',
        id="raises"))
    nbformat.write(nb, notebooks / "theme_report.ipynb")
    return notebooks


def test_a_notebook_that_raises_fails_alone_and_keeps_the_previous_output(
        pkg: DataPackage, built: Path, tmp_path: Path, warm_build) -> None:
    before = files(built)

    result = warm_build(pkg.path, built, jobs=2, notebooks_dir=broken_notebooks(tmp_path),
                   progress=False)

    assert [e.report_id for e in result.failed] == ["theme-history"]
    error = result.failed[0]
    assert (error.cell_index, error.ename) == (3, "RuntimeError")  # after the injected cell
    assert error.evalue == "the history chart is broken"
    assert "theme-history failed in cell 3 (if theme_id" in result.summary()
    assert result.built == ["theme-education"]  # its notebook changed, so it was rebuilt
    after = files(built)
    for name in ("theme-history.ipynb", "theme-history.html"):
        assert after[name] == before[name]
    assert not [p for p in built.iterdir() if p.name.endswith(".tmp")]
    assert "the last build of this report failed" in after["index.html"].decode()


def test_two_builds_on_the_same_inputs_are_byte_identical(pkg: DataPackage, built: Path,
                                                          tmp_path: Path, warm_build) -> None:
    """The second on kernels that have already run other reports (a raising one too, when
    the module runs in order), as the preview's do; the first on fresh ones."""
    again = tmp_path / "again"
    warm_build(pkg.path, again, jobs=2, progress=False)
    assert files(again) == files(built)


def test_html_shows_markup_from_the_data_as_text(pkg: DataPackage, tmp_path: Path,
                                                warm_build) -> None:
    pkg.edit_fact("trade-1960s", "summary", "Trade <script>alert('x')</script> grew.")
    out = tmp_path / "reports"
    warm_build(pkg.path, out, jobs=2, only=["history", "overview"], progress=False)
    for name in ("theme-history.html", "overview.html", "index.html"):
        html = (out / name).read_text("utf-8")
        assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in (out / "theme-history.html").read_text("utf-8")


def test_invalid_data_is_refused_before_anything_runs(pkg: DataPackage, tmp_path: Path) -> None:
    pkg.edit_fact("trade-1960s", "modality", "done")
    with pytest.raises(DataValidationError) as caught:
        build(pkg.path, tmp_path / "reports", progress=False)
    assert [(p.file, p.row, p.column) for p in caught.value.errors] == \
        [("facts.csv", 3, "modality")]
    assert not (tmp_path / "reports").exists()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rupak_lib", *args],
                          capture_output=True, text=True)


def test_the_build_command_runs_the_notebooks_named_prints_a_summary_and_exits_0(
        pkg: DataPackage, tmp_path: Path) -> None:
    notebooks = one_cell_notebooks(tmp_path / "notebooks")
    out = run_cli("build", "--data", str(pkg.path), "--out", str(tmp_path / "r"), "--quiet",
                  "--only", "overview", "--notebooks", str(notebooks))
    assert out.returncode == 0, out.stderr
    assert out.stdout == "1 built, 0 up to date, 0 failed\n"
    assert "one cell" in (tmp_path / "r" / "overview.html").read_text("utf-8")


def test_the_build_command_lists_data_errors_and_exits_1(pkg: DataPackage,
                                                        tmp_path: Path) -> None:
    pkg.edit_fact("trade-1960s", "modality", "done")
    out = run_cli("build", "--data", str(pkg.path), "--out", str(tmp_path / "r"))
    assert out.returncode == 1
    assert out.stdout.startswith(f"{pkg.path}/facts.csv:3: modality: ")
    assert "nothing was built" in out.stderr
    assert "Traceback" not in out.stderr


def test_every_finding_links_to_a_heading_of_its_report(built: Path) -> None:
    for report in REPORTS:
        if report == "compare":
            continue  # one source: nothing to compare, no findings (test_corpus.py has them)
        html = (built / f"{report}.html").read_text("utf-8")
        targets = re.findall(r'href="#([^"]+)"', html.split("Findings", 1)[1].split("</ul>")[0])
        assert targets, report
        for target in targets:
            assert f'id="{target}"' in html, (report, target)


def test_a_theme_with_events_and_no_claim_gets_a_report_of_its_silence(
        pkg: DataPackage, built: Path, warm_build) -> None:
    add_energy_theme(pkg)
    result = warm_build(pkg.path, built, jobs=2, progress=False)
    assert result.ok and "theme-energy" in result.built
    html = (built / "theme-energy.html").read_text("utf-8")
    assert "The speech makes no claim on this theme." in html
    assert "Alpha and Beta agreed on a gas pipeline. Work began later." in html
    for empty in ("The-claims", "Timeline", "Key-quotes", "What-the-text-commits-to"):
        assert f'id="{empty}"' not in html, empty  # no section without a claim to show
    assert 'id="The-record"' in html


@pytest.mark.slow
def test_the_seminar_writes_the_students_versions_alone_when_asked(
        pkg: DataPackage, tmp_path: Path) -> None:
    out = tmp_path / "handouts"
    result = run_cli("seminar", "--data", str(pkg.path), "--theme", "history",
                     "--students-only", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["seminar-history-student.html",
                                                     "seminar-history-student.ipynb"]
