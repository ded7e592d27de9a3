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


def nbval_theme_report(data: Path, cwd: Path,
                       monkeypatch: pytest.MonkeyPatch) -> subprocess.CompletedProcess[str]:
    """nbval's check of the theme report's stored key figures, run on ``data``."""
    monkeypatch.setenv("RUPAK_DATA", str(data))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q",
         str(NOTEBOOKS_DIR / "theme_report.ipynb")],
        capture_output=True, text=True, cwd=cwd)


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


@pytest.mark.slow
def test_nbval_fails_when_the_facts_disagree_with_the_key_figures(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, data)
    path = data / "facts.csv"
    rows = read_rows(path)
    planned = next(r for r in rows if r["theme_id"] == "trade-economy"
                   and r["modality"] == "planned")
    planned["modality"] = "potential"
    write_rows(path, rows, list(rows[0]))
    out = nbval_theme_report(data, tmp_path, monkeypatch)

    assert out.returncode == 1, out.stdout
    assert "1 failed" in out.stdout
    assert "Cell outputs differ" in out.stdout
    assert "6 planned, 3 potentia" in out.stdout  # nbval's diff shows the changed figures


@pytest.mark.slow
def test_nbval_fails_when_the_record_disagrees_with_the_key_figures(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, data)
    path = data / "fact_events.csv"
    rows = read_rows(path)
    rows = [r for r in rows if r["event_id"] != "tenth-igc-islamabad-2025"]
    write_rows(path, rows, ["fact_id", "event_id", "relation", "note"])
    out = nbval_theme_report(data, tmp_path, monkeypatch)

    assert out.returncode == 1, out.stdout
    assert "Cell outputs differ" in out.stdout
    assert "0 mentioned, 0 disputed, 0 fulfils, 4 alluded, 7 left out" in out.stdout
