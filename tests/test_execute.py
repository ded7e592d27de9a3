"""Running one notebook: normalized output, a reused kernel that starts each report clean,
and files that are replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from rupak_lib.build.execute import INJECTED_CELL_ID, WarmKernel, normalize, run
from rupak_lib.exceptions import ReportExecutionError


def notebook(path: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(s, id=f"c{i}") for i, s in enumerate(sources)])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_normalize_strips_run_metadata_fixes_the_injected_id_and_renumbers() -> None:
    nb = new_notebook(cells=[new_code_cell("a = 1", id="random-id"), new_code_cell("a")])
    nb.metadata["papermill"] = {"start_time": "now"}
    nb.cells[0].metadata.update(tags=[INJECTED_CELL_ID], papermill={"duration": 1.0},
                                execution={"iopub.status.busy": "now"})
    nb.cells[0].execution_count, nb.cells[1].execution_count = 7, 8
    nb.cells[1].outputs = [new_output("execute_result", {"text/plain": "1"},
                                      execution_count=8)]
    out = normalize(nb)
    assert "papermill" not in out.metadata
    assert out.cells[0].id == INJECTED_CELL_ID
    assert out.cells[0].metadata == {"tags": [INJECTED_CELL_ID]}
    assert [c.execution_count for c in out.cells] == [1, 2]
    assert out.cells[1].outputs[0]["execution_count"] == 2


@pytest.mark.slow
def test_normalize_joins_the_pieces_of_one_stream_and_keeps_the_others_apart() -> None:
    cell = new_code_cell("print('correct.')", outputs=[
        new_output("stream", name="stdout", text="Exercise 1: correct."),
        new_output("stream", name="stdout", text="\n"),
        new_output("stream", name="stderr", text="a warning\n"),
        new_output("display_data", data={"text/plain": "x"}),
        new_output("stream", name="stdout", text="after\n")])
    nb = normalize(new_notebook(cells=[cell]))
    assert [(o.output_type, o.get("name"), o.get("text")) for o in nb.cells[0].outputs] == [
        ("stream", "stdout", "Exercise 1: correct.\n"), ("stream", "stderr", "a warning\n"),
        ("display_data", None, None), ("stream", "stdout", "after\n")]


@pytest.mark.slow  # starts a kernel
def test_a_reused_kernel_starts_each_report_clean(tmp_path: Path) -> None:
    first = notebook(tmp_path / "first.ipynb", "value = 1",
                     "import matplotlib\nmatplotlib.rcParams['lines.linewidth'] = 9.0\nleft = 1")
    second = notebook(tmp_path / "second.ipynb", "value = 2",
                      "import matplotlib\n"
                      "print('left' in globals(), matplotlib.rcParams['lines.linewidth'])")
    kernel = WarmKernel()
    try:
        run("first", first, {}, kernel)
        nb = run("second", second, {}, kernel)
    finally:
        kernel.shutdown()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[-1].outputs[0]["text"] == "False 1.5\n"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))


@pytest.mark.slow
def test_a_raising_notebook_names_its_report_cell_and_error(tmp_path: Path) -> None:
    path = notebook(tmp_path / "raises.ipynb", "n = 0", "1 / n")
    with pytest.raises(ReportExecutionError) as caught:
        run("raises", path, {})
    assert (caught.value.report_id, caught.value.ename) == ("raises", "ZeroDivisionError")
    assert caught.value.source == "1 / n"


@pytest.mark.slow  # starts a kernel
def test_a_warm_kernel_keeps_what_its_warm_up_loaded_out_of_every_collection() -> None:
    """Each reset collects garbage; objects frozen after the warm-up are not walked again."""
    kernel = WarmKernel()
    try:
        kernel.ensure_started()
        assert kernel._run("", "__import__('gc').get_freeze_count()") > 100_000
    finally:
        kernel.shutdown()


@pytest.mark.slow  # starts a kernel
def test_a_build_worker_starts_without_building_the_uri_grammar() -> None:
    """A worker started on its own (not forked from a command) defers rfc3987-syntax's
    grammar too."""
    import subprocess
    import sys
    from importlib.metadata import PackageNotFoundError, distribution

    try:  # asked of the installed distributions: the test process itself defers the module
        distribution("rfc3987-syntax")
    except PackageNotFoundError:
        pytest.skip("rfc3987-syntax is not installed: there is no grammar to skip")
    probe = ("from rupak_lib.build import run as build\n"
             "with build.worker_pool(1) as pool:\n"
             "    print(pool.submit(eval, \"type(__import__('sys').modules.get("
             "'rfc3987_syntax')).__name__\").result())\n")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True, timeout=120).stdout.split()
    assert shown == ["_Deferred"]


class _StartedKernel:
    def is_alive(self) -> bool:
        return True

    def cleanup_connection_file(self) -> None:
        pass


def test_a_kernel_that_dies_at_start_is_started_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.build.execute import WarmKernel

    starts: list[int] = []

    def start(self: WarmKernel) -> None:
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        self.km = _StartedKernel()  # type: ignore[assignment]

    monkeypatch.setattr(WarmKernel, "_start", start)
    monkeypatch.setattr(WarmKernel, "_run", lambda self, code, expression=None: None)
    kernel = WarmKernel()
    assert isinstance(kernel.ensure_started(), _StartedKernel) and len(starts) == 2


def test_a_kernel_that_never_starts_reports_its_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.build.execute import WarmKernel

    def start(self: WarmKernel) -> None:
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(WarmKernel, "_start", start)
    with pytest.raises(RuntimeError, match="Kernel died"):
        WarmKernel().ensure_started(attempts=2)


@pytest.mark.slow  # a Python that imports what the warm-up imports: pandas, matplotlib
def test_the_warm_up_imports_every_module_a_report_reaches() -> None:
    """A module a report imports first, after the kernel's snapshot, costs a new kernel
    before the next report (a cold build took twice as long when four new modules did)."""
    import pkgutil
    import subprocess
    import sys

    import rupak_lib.analysis
    from rupak_lib.build.execute import _WARM_UP

    imports = "\n".join(line for line in _WARM_UP.splitlines()
                        if line.startswith("import ") and "rupak_lib" in line)
    loaded = subprocess.run(
        [sys.executable, "-c", imports + "\nimport sys; print(*sorted(sys.modules))"],
        capture_output=True, text=True, check=True).stdout.split()
    modules = {f"rupak_lib.analysis.{m.name}" for m in
               pkgutil.iter_modules(rupak_lib.analysis.__path__)}
    assert modules - set(loaded) == set()
    assert {"rupak_lib.data.citation", "rupak_lib.charts.report"} <= set(loaded)


def test_a_kernel_killed_while_its_connection_file_is_written_leaves_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build killed as a worker writes the file: the worker's SIGTERM handler (kill)
    runs before the kernel manager has recorded the file as written."""
    import jupyter_client.connect as connect

    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", None)
    kernel = WarmKernel()
    write = connect.write_connection_file

    def interrupted(*args, **kwargs):
        write(*args, **kwargs)
        kernel.kill()  # what the SIGTERM handler runs, before the write is recorded
        raise SystemExit(143)

    monkeypatch.setattr(connect, "write_connection_file", interrupted)
    with pytest.raises(SystemExit):
        kernel.ensure_started(attempts=1)
    assert sorted(p.name for p in tmp_path.rglob("*.json")) == []
