"""The notebooks as files: one parameters cell each, inputs only, and key figures that nbval
checks against the facts."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from rupak_lib.data.paths import BUNDLED_DATA_DIR, NOTEBOOKS_DIR

PARAMETERIZED = ["theme_report", "overview", "source_critique"]
CHECK = "# NBVAL_CHECK_OUTPUT"


def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("name", PARAMETERIZED)
def test_each_report_notebook_has_one_parameters_cell_first(name: str) -> None:
    tagged = [i for i, c in enumerate(notebook(name).cells)
              if "parameters" in c.metadata.get("tags", [])]
    assert tagged == [0]


def test_the_theme_report_takes_the_documented_parameters() -> None:
    source = notebook("theme_report").cells[0].source
    for line in ('theme_id = "', "source_id = None", "data_dir = None"):
        assert line in source


@pytest.mark.parametrize("name", [p.stem for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb"))])
def test_notebooks_store_no_outputs_but_the_checked_key_figures(name: str) -> None:
    for cell in notebook(name).cells:
        if cell.cell_type == "code" and cell.outputs:
            assert cell.source.startswith(CHECK), cell.source


@pytest.mark.parametrize("name", PARAMETERIZED)
def test_each_report_notebook_checks_its_key_figures(name: str) -> None:
    checked = [c for c in notebook(name).cells
               if c.cell_type == "code" and c.source.startswith(CHECK)]
    assert len(checked) == 1 and checked[0].outputs


def _facts_disagree(data: Path) -> None:
    """One planned trade claim made potential: the key figures stored no longer hold."""
    path = data / "facts.csv"
    rows = read_rows(path)
    planned = next(r for r in rows if r["theme_id"] == "trade-economy"
                   and r["modality"] == "planned")
    planned["modality"] = "potential"
    write_rows(path, rows, list(rows[0]))


def _record_disagrees(data: Path) -> None:
    """A record event no claim refers to any more: the stored record figures no longer hold."""
    path = data / "fact_events.csv"
    rows = [r for r in read_rows(path) if r["event_id"] != "tenth-igc-islamabad-2025"]
    write_rows(path, rows, ["fact_id", "event_id", "relation", "note"])


@pytest.fixture(scope="module")
def nbval_on_edited_data(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What nbval printed checking the theme report's stored key figures on a copy of the
    bundled data with both edits, given to a copy of the notebook through its ``data_dir``
    parameter: the claims' figures and the record's each show their own change."""
    base = tmp_path_factory.mktemp("nbval")
    shutil.copytree(BUNDLED_DATA_DIR, base / "data")
    _facts_disagree(base / "data")
    _record_disagrees(base / "data")
    nb = notebook("theme_report")
    nb.cells[0].source = nb.cells[0].source.replace(
        "data_dir = None", f"data_dir = {str(base / 'data')!r}")
    nbformat.write(nb, base / "theme_report.ipynb")
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q",
         str(base / "theme_report.ipynb")], capture_output=True, text=True, cwd=base)
    assert out.returncode == 1, out.stdout
    assert out.stdout.strip().splitlines()[-1].startswith("1 failed")  # the figures' cell
    return out.stdout


@pytest.mark.slow
def test_nbval_fails_when_the_facts_disagree_with_the_key_figures(
        nbval_on_edited_data: str) -> None:
    assert "Cell outputs differ" in nbval_on_edited_data
    assert "6 planned, 3 potentia" in nbval_on_edited_data  # nbval's diff shows the change


@pytest.mark.slow
def test_nbval_fails_when_the_record_disagrees_with_the_key_figures(
        nbval_on_edited_data: str) -> None:
    assert "Cell outputs differ" in nbval_on_edited_data
    assert "0 mentioned, 0 disputed, 0 fulfils, 4 alluded, 7 left out" in nbval_on_edited_data
