"""`make lab`: a real JupyterLab server on the notebooks, whose kernel runs explore.ipynb, and
explore.ipynb opened and run in it in a browser: one server for both.

The server is started with the command of `make lab` (see labserver.py) on a copy of the
notebooks folder. Through its APIs the notebook is read and its code cells run one by one in
a kernel started over REST, as JupyterLab itself does; in headless Chromium (the tests
marked browser) explore.ipynb is opened in JupyterLab, every cell is run from the Run menu
and what was rendered is looked at.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from browser import artifacts_dir
from labserver import REPO, Execution, Lab, kernel, make_lab_command, running_lab
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

NOTEBOOKS = REPO / "notebooks"
LAB_TIMEOUT_MS = 120_000  # a cold JupyterLab and a first kernel take a while on 2 cores


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab on a copy of the notebooks, so that saving in the browser leaves them be."""
    workdir = tmp_path_factory.mktemp("lab-workdir")
    shutil.copytree(NOTEBOOKS, workdir / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with running_lab(workdir, tmp_path_factory.mktemp("lab-home")) as server:
        yield server


@pytest.fixture(scope="module")
def explore(lab: Lab) -> dict:
    """explore.ipynb as the server serves it."""
    return lab.api("GET", "api/contents/explore.ipynb?content=1")["content"]


@pytest.fixture(scope="module")
def explore_run(lab: Lab, explore: dict) -> list[Execution]:
    """Every code cell of explore.ipynb run in order in a kernel of the notebook's kind."""
    code = [c["source"] for c in explore["cells"] if c["cell_type"] == "code"]
    with kernel(lab, explore["metadata"]["kernelspec"]["name"]) as k:
        return [k.execute(source) for source in code]


def test_make_lab_runs_jupyterlab_on_the_notebooks_from_the_project_environment() -> None:
    command = make_lab_command()
    assert command[:2] == [".venv/bin/jupyter", "lab"]
    assert "--notebook-dir=notebooks" in command


@pytest.mark.slow
def test_the_server_lists_the_notebooks_folder(lab: Lab) -> None:
    listing = lab.api("GET", "api/contents")
    served = {item["name"] for item in listing["content"] if item["type"] == "notebook"}
    assert served == {path.name for path in NOTEBOOKS.glob("*.ipynb")}


@pytest.mark.slow
def test_a_kernel_of_the_server_imports_rupak_lib_from_the_project_environment(
        lab: Lab) -> None:
    with kernel(lab, "python3") as k:
        run = k.execute("import sys, rupak_lib\nprint(sys.prefix)\nprint(rupak_lib.__file__)")
    assert not run.errors, run.errors
    prefix, module = run.stdout().splitlines()
    assert Path(prefix) == Path(sys.prefix)
    assert Path(module).is_relative_to(REPO / "rupak_lib")


@pytest.mark.slow
def test_every_code_cell_of_explore_runs_without_an_error(
        explore: dict, explore_run: list[Execution]) -> None:
    assert len(explore_run) == sum(c["cell_type"] == "code" for c in explore["cells"])
    assert [run.reply["content"]["status"] for run in explore_run] == ["ok"] * len(explore_run)
    assert [run.errors for run in explore_run] == [[]] * len(explore_run)


@pytest.mark.slow
def test_every_code_cell_of_explore_shows_a_result(explore_run: list[Execution]) -> None:
    results = [[m for m in run.outputs if m["msg_type"] in {"execute_result", "display_data"}]
               for run in explore_run]
    assert all(results), [i for i, r in enumerate(results) if not r]


@pytest.mark.slow
def test_explore_draws_a_chart(explore_run: list[Execution]) -> None:
    images = [m["content"]["data"]["image/svg+xml"]
              for run in explore_run for m in run.outputs
              if "image/svg+xml" in m["content"].get("data", {})]
    assert images
    assert all("<svg" in image for image in images)


# --- explore.ipynb in JupyterLab, in a browser ----------------------------------------------


KERNEL_READY = """() => {
  const panel = document.querySelector('.jp-NotebookPanel');
  const name = panel && panel.querySelector('.jp-Toolbar-kernelName');
  const status = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return !!name && !!status && panel.querySelector('.jp-CodeCell') !== null
      && !['', 'No Kernel'].includes(name.textContent.trim())
      && status.dataset.status === 'idle';
}"""

# JupyterLab renders an error as stderr text holding the traceback; Run All stops there.
ERRORS_JS = """[...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map(e => e.textContent).filter(t => t.includes('Traceback'))"""
PROMPTS_JS = """[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
  .map(p => p.textContent.trim())"""

# Done when no cell waits to run and either every cell has run or one has failed.
ALL_CELLS_DONE = f"""() => {{
  const prompts = {PROMPTS_JS}, failed = {ERRORS_JS}.length > 0;
  return prompts.length > 0 && !prompts.some(p => p.includes('*'))
      && (failed || prompts.every(p => /^\\[\\d+\\]/.test(p)));
}}"""


@dataclass
class LabRun:
    """explore.ipynb after Run All Cells, and every URL the page asked for."""

    page: Page
    requests: list[str]


# Some cell has started: a prompt shows [*] or a count rather than the blank of one not run.
CELLS_STARTED = f"""() => {PROMPTS_JS}.some(p => p !== '[ ]:')"""


def _run_all_cells(page: Page, attempts: int = 5) -> None:
    """Run > Run All Cells, as a user clicks it; again if the click started nothing.

    JupyterLab enables the item only once the notebook's session is fully connected, a
    moment after the kernel shows idle; a click on the item still disabled does nothing.
    """
    for _ in range(attempts):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(CELLS_STARTED, timeout=15_000)
            return
        except PlaywrightError:
            page.keyboard.press("Escape")  # close the menu if the click left it open
    raise AssertionError(f"Run All Cells started no cell in {attempts} clicks")


@pytest.fixture(scope="module")
def explore_in_lab(browser: Browser, lab: Lab) -> Iterator[LabRun]:
    """explore.ipynb opened in JupyterLab and run with Run > Run All Cells."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(LAB_TIMEOUT_MS)
    run = LabRun(page, [])
    page.on("request", lambda r: run.requests.append(r.url))
    try:
        page.goto(f"{lab.url}lab/tree/explore.ipynb?reset&token={lab.token}")
        page.wait_for_function(KERNEL_READY)
        _run_all_cells(page)
        page.wait_for_function(ALL_CELLS_DONE)
        yield run
    finally:
        with suppress(PlaywrightError):  # a screenshot must not hide why the run failed
            figure = page.locator(".jp-OutputArea-output img").first
            if figure.count():
                figure.scroll_into_view_if_needed()
            page.screenshot(path=artifacts_dir("jupyterlab") / "explore.png")
        page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_running_explore_in_jupyterlab_shows_no_error(explore_in_lab: LabRun) -> None:
    assert explore_in_lab.page.evaluate(f"() => {ERRORS_JS}") == []


@pytest.mark.browser
@pytest.mark.slow
def test_running_explore_in_jupyterlab_runs_every_code_cell(explore_in_lab: LabRun) -> None:
    prompts = explore_in_lab.page.evaluate(f"() => {PROMPTS_JS}")
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(
        REPO / "notebooks" / "explore.ipynb", as_version=4).cells)
    assert len(prompts) == code_cells
    assert [bool(re.fullmatch(r"\[\d+\]:", p)) for p in prompts] == [True] * code_cells


@pytest.mark.browser
@pytest.mark.slow
def test_running_explore_in_jupyterlab_renders_a_chart(explore_in_lab: LabRun) -> None:
    figures = explore_in_lab.page.locator(
        ".jp-OutputArea-output[data-mime-type='image/svg+xml'] img")
    assert figures.count() >= 1
    loaded = figures.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert all(loaded)


@pytest.mark.browser
@pytest.mark.slow
def test_jupyterlab_loads_nothing_from_outside_the_local_server(
        explore_in_lab: LabRun, lab: Lab) -> None:
    outside = [u for u in explore_in_lab.requests if not u.startswith((lab.url, "data:"))]
    assert outside == []
