"""A report on a reused kernel runs as if in a fresh one, whatever the report before it did.

A polluting notebook changes everything a notebook can change beyond its namespace; then a
probe notebook, and a real report, run on the same kernel. Each must give what it gives on
a fresh kernel started by papermill, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from datapkg import DataPackage
from nbformat.v4 import new_code_cell, new_notebook

from rupak_lib.build.execute import WarmKernel, run
from rupak_lib.data.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.slow

POLLUTE = """\
import os, sys, random, colorsys
import numpy as np, pandas as pd, rupak_lib
pd.set_option("display.max_rows", 3)
os.environ["LEAK"] = "yes"
os.chdir("/")
rupak_lib.leak = 42
np.random.seed(0)
random.seed(0)
sys.path.insert(0, "/leak")
colorsys.leak = 1  # a module this notebook imported first
"""

PROBE = """\
import os, sys, random, numpy as np, pandas as pd, rupak_lib
np_seeded = np.random.rand() == np.random.RandomState(0).rand()
py_seeded = random.random() == random.Random(0).random()
colorsys_leak = hasattr(sys.modules.get("colorsys"), "leak")
print(pd.get_option("display.max_rows"), os.environ.get("LEAK"), os.getcwd(),
      hasattr(rupak_lib, "leak"), np_seeded, py_seeded, colorsys_leak, sys.path)
"""


def notebook(path: Path, source: str) -> Path:
    nb = new_notebook(cells=[new_code_cell("", id="params"), new_code_cell(source, id="c1")])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def kernel():
    k = WarmKernel()
    yield k
    k.shutdown()


def test_a_probe_after_a_polluting_notebook_sees_what_a_fresh_kernel_sees(
        kernel: WarmKernel, tmp_path: Path) -> None:
    (tmp_path / "probe").mkdir()
    polluter = notebook(tmp_path / "pollute.ipynb", POLLUTE)
    probe = notebook(tmp_path / "probe" / "probe.ipynb", PROBE)
    fresh = run("probe", probe, {})
    run("pollute", polluter, {}, kernel)
    warm = run("probe", probe, {}, kernel)
    assert nbformat.writes(warm) == nbformat.writes(fresh)
    shown = warm.cells[1].outputs[0]["text"]
    assert shown.startswith(f"60 None {tmp_path / 'probe'} False False False False [")


def test_the_reset_started_as_a_notebook_ends_is_the_next_one_s_in_the_same_folder(
        kernel: WarmKernel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # what a reset undoes (a module first imported would need a new kernel instead)
    polluter = notebook(tmp_path / "pollute.ipynb", "import os, rupak_lib\n"
                        "os.environ['LEAK'] = 'yes'\nrupak_lib.leak = 42\nleft = 1\n")
    probe = notebook(tmp_path / "probe.ipynb", PROBE)
    fresh = run("probe", probe, {})
    run("pollute", polluter, {}, kernel)
    preparing, resets_while_preparing = [False], []
    reset_now, prepare = kernel._reset_now, kernel.prepare

    def counted_reset(cwd: Path) -> list[str]:
        resets_while_preparing.extend([cwd] if preparing[0] else [])
        return reset_now(cwd)

    def flagged_prepare(cwd: Path):
        preparing[0] = True
        try:
            return prepare(cwd)
        finally:
            preparing[0] = False

    monkeypatch.setattr(kernel, "_reset_now", counted_reset)
    monkeypatch.setattr(kernel, "prepare", flagged_prepare)
    warm = run("probe", probe, {}, kernel)
    assert resets_while_preparing == []  # the reset started as the polluter ended served
    assert nbformat.writes(warm) == nbformat.writes(fresh)


def test_a_report_after_a_polluting_notebook_equals_a_fresh_run(
        kernel: WarmKernel, tmp_path: Path, pkg: DataPackage) -> None:
    polluter = notebook(tmp_path / "pollute.ipynb", POLLUTE)
    report = NOTEBOOKS_DIR / "theme_report.ipynb"
    parameters = {"theme_id": "history", "data_dir": str(pkg.path)}
    fresh = run("theme-history", report, parameters)
    run("pollute", polluter, {}, kernel)
    warm = run("theme-history", report, parameters, kernel)
    assert nbformat.writes(warm) == nbformat.writes(fresh)


def test_a_kernel_left_with_a_module_it_cannot_restore_is_replaced(
        kernel: WarmKernel, tmp_path: Path) -> None:
    polluter = notebook(tmp_path / "pollute.ipynb", POLLUTE)
    probe = notebook(tmp_path / "probe.ipynb", "print(1)")
    run("pollute", polluter, {}, kernel)
    before = kernel.replaced
    run("probe", probe, {}, kernel)
    assert kernel.replaced == before + 1


def test_every_report_runs_on_one_kernel_without_replacing_it(kernel: WarmKernel,
                                                              pkg: DataPackage) -> None:
    """The warm-up loads all that the reports load: a module a report imports first costs
    a new kernel before the next report, as much time as the report itself."""
    import rupak_lib as rk
    from rupak_lib.build import reports

    planned = reports.plan(rk.load(pkg.path), pkg.path)
    run("first", notebook(pkg.path.parent / "first.ipynb", "print(1)"), {}, kernel)
    replaced = kernel.replaced  # the module's kernel, clean after its first run
    for report in planned:
        run(report.report_id, NOTEBOOKS_DIR / report.notebook, report.parameters, kernel)
    assert kernel.reset(NOTEBOOKS_DIR) == []
    assert kernel.replaced == replaced
    assert {r.notebook for r in planned} >= {"theme_report.ipynb", "overview.ipynb",
                                             "source_critique.ipynb"}


def test_the_warm_up_notebook_draws_a_chart_and_leaves_nothing_a_reset_cannot_undo(
        kernel: WarmKernel) -> None:
    from rupak_lib.build.execute import warm_up_notebook

    nb = run("warm-up", warm_up_notebook(), {}, kernel, cwd=NOTEBOOKS_DIR)
    assert "image/svg+xml" in nb.cells[-1].outputs[0]["data"]
    assert kernel.reset(NOTEBOOKS_DIR) == []
