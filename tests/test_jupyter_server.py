"""`make lab`: a real JupyterLab server on the notebooks, whose kernel runs explore.ipynb.

The server is started with the command of `make lab` (see labserver.py) on the repository's
notebooks folder; the notebook is read through the contents API and its code cells run one
by one in a kernel started through the REST API, as JupyterLab itself does.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from labserver import REPO, Execution, Lab, kernel, make_lab_command, running_lab

NOTEBOOKS = REPO / "notebooks"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    with running_lab(REPO, tmp_path_factory.mktemp("jupyter")) as server:
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
