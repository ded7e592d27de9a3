"""The project works with the plain Jupyter and Frictionless tools, run as a user runs them.

Each command is the one a user types at the repository's root, run from the environment
that runs the tests: papermill on the theme report for two themes, nbconvert on what it
produced, frictionless on the data package, and pytest with nbval on the notebooks.

Two themes are enough for papermill: the one with the most claims and one with none, whose
report speaks of its silence. `rupak build` runs every theme through papermill (the browser
tests open each page), and nbval runs every notebook on a plain kernel.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
THEMES = REPO / "data" / "themes.csv"

pytestmark = pytest.mark.slow


def _themes() -> dict[str, str]:
    """theme_id -> title of the themes papermill runs, read as any user of the data package
    would: the theme with the most claims, and the last theme with none."""
    with THEMES.open(encoding="utf-8", newline="") as fh:
        titles = {row["theme_id"]: row["title"] for row in csv.DictReader(fh)}
    with (REPO / "data" / "facts.csv").open(encoding="utf-8", newline="") as fh:
        claims = Counter(row["theme_id"] for row in csv.DictReader(fh))
    busiest = max(titles, key=lambda t: claims[t])
    silent = [t for t in titles if not claims[t]]
    return {t: titles[t] for t in [busiest, *silent[-1:]]}


def _env() -> dict[str, str]:
    """The caller's environment (the tests' own cache), without a data override."""
    env = {k: v for k, v in os.environ.items() if k != "RUPAK_DATA"}
    env["COLUMNS"] = "200"  # rich tables in CLI output are not cut at 80 columns
    return env


def _run(args: list[str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, env=_env(), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def _failure(proc: subprocess.CompletedProcess) -> str:
    tail = f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return f"{' '.join(proc.args)} -> exit {proc.returncode}\n{tail}"


@pytest.fixture(scope="module")
def papermill_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`papermill notebooks/theme_report.ipynb OUT -p theme_id ID` for two themes, at once."""
    out = tmp_path_factory.mktemp("papermill")

    def run(theme_id: str) -> tuple[str, subprocess.CompletedProcess]:
        target = out / f"theme-{theme_id}.ipynb"
        return theme_id, _run([str(BIN / "papermill"), "notebooks/theme_report.ipynb",
                               str(target), "-p", "theme_id", theme_id])

    with ThreadPoolExecutor(2) as pool:
        done = dict(pool.map(run, _themes()))
    failed = [_failure(proc) for proc in done.values() if proc.returncode != 0]
    assert not failed, "\n\n".join(failed)
    return {theme_id: out / f"theme-{theme_id}.ipynb" for theme_id in done}


def test_papermill_runs_the_theme_report_for_a_busy_and_a_silent_theme(
        papermill_runs: dict[str, Path]) -> None:
    assert set(papermill_runs) == set(_themes())
    texts = {t: path.read_text("utf-8") for t, path in papermill_runs.items()}
    silent = [t for t, text in texts.items()
              if re.search(r"no claim (?:of its own\*\* )?on this theme", text)]
    assert len(silent) == 1 and len(texts) == 2


def test_papermill_injects_each_theme_id_after_the_parameters_cell(
        papermill_runs: dict[str, Path]) -> None:
    for theme_id, path in papermill_runs.items():
        cells = nbformat.read(path, as_version=4).cells
        tags = [c.metadata.get("tags", []) for c in cells]
        injected = next(i for i, t in enumerate(tags) if "injected-parameters" in t)
        assert "parameters" in tags[injected - 1]
        assert f'theme_id = "{theme_id}"' in cells[injected].source


def test_the_theme_reports_papermill_executed_hold_no_error(
        papermill_runs: dict[str, Path]) -> None:
    for theme_id, path in papermill_runs.items():
        outputs = [o for c in nbformat.read(path, as_version=4).cells
                   for o in c.get("outputs", [])]
        assert [o for o in outputs if o.output_type == "error"] == [], theme_id
        assert any("image/svg+xml" in o.get("data", {}) for o in outputs), theme_id


def test_nbconvert_turns_each_executed_report_into_html_with_its_title_and_charts(
        papermill_runs: dict[str, Path], tmp_path: Path) -> None:
    html_dir = tmp_path / "html"
    proc = _run([str(BIN / "jupyter"), "nbconvert", "--to", "html",
                 "--output-dir", str(html_dir), *map(str, papermill_runs.values())])
    assert proc.returncode == 0, _failure(proc)
    titles = _themes()
    for theme_id, path in papermill_runs.items():
        html = (html_dir / path.with_suffix(".html").name).read_text(encoding="utf-8")
        assert escape(titles[theme_id], quote=False) in html, theme_id
        assert "data:image/svg+xml;base64," in html, theme_id


def test_frictionless_validates_the_data_package(tmp_path: Path) -> None:
    proc = _run([str(BIN / "frictionless"), "validate", "data/datapackage.json"])
    assert proc.returncode == 0, _failure(proc)
    package = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert re.search(rf"{re.escape(resource['name'])}\b.*\bVALID\b", proc.stdout), \
            resource["name"]


def test_pytest_nbval_lax_runs_every_notebook(tmp_path: Path) -> None:
    proc = _run([sys.executable, "-m", "pytest", "--nbval-lax", "notebooks/",
                 "-p", "no:cacheprovider", "-q"])
    assert proc.returncode == 0, _failure(proc)
    summary = proc.stdout.strip().splitlines()[-1]
    code_cells = sum(c.cell_type == "code" for path in (REPO / "notebooks").glob("*.ipynb")
                     for c in nbformat.read(path, as_version=4).cells)
    assert summary.startswith(f"{code_cells} passed"), summary  # one test per code cell
