"""Executing one report notebook with papermill on a warm, reusable kernel.

Most of a notebook run is spent starting a kernel and importing pandas and matplotlib
(about 2 s of CPU here, against 0.2 s for a report's own code). A build worker therefore
starts one kernel, imports the heavy libraries into it once, and runs its reports on it one
after another through papermill, resetting between reports all that a report can change
(kernel_state.py), and replacing the kernel when a report leaves what cannot be reset.
Execution counts are renumbered afterwards, so a report reads exactly as if it had run in a
fresh kernel.
"""

from __future__ import annotations

import ast
import contextlib
import threading
import uuid
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.utils import merge_kwargs, remove_args

from rupak_lib.build import lifetime
from rupak_lib.build.lifetime import kill_group
from rupak_lib.exceptions import ReportExecutionError

ENGINE_NAME = "rupak-warm"
INJECTED_CELL_ID = "injected-parameters"
CELL_TIMEOUT = 600

_WARM_UP = """\
import pandas, pandas.core.reshape.reshape, matplotlib.pyplot, IPython.display, PIL.Image
import io, rupak_lib, rupak_lib.charts, rupak_lib.analysis.tables, rupak_lib.analysis.display
import rupak_lib.analysis.narrative, rupak_lib.analysis.findings, rupak_lib.analysis.record
import rupak_lib.analysis.speech, rupak_lib.analysis.per_source, rupak_lib.analysis.compare
import rupak_lib.analysis.critique, rupak_lib.analysis.framing, rupak_lib.data.citation
import rupak_lib.analysis.actors
import rupak_lib.charts.report, rupak_lib.charts.memo
rupak_lib.charts.memo.enable()  # a chart whose inputs are unchanged is not drawn again
# what a report's first table and figure load lazily, loaded now, before the snapshot: a
# module first imported by a report costs a new kernel (1.3 s) before the next report
PIL.Image.init()
repr(pandas.DataFrame({"a": [1]})), pandas.DataFrame({"a": [1]}).to_html()
_figure = matplotlib.pyplot.figure()
for _format in ("svg", "png"):
    _figure.savefig(io.BytesIO(), format=_format)
matplotlib.pyplot.close(_figure)
import rupak_lib.build.kernel_state
rupak_lib.build.kernel_state.snapshot()
import gc; gc.collect(); gc.freeze()  # what is loaded now stays: no collection walks it again
%reset -f
"""

# The modules the last reset could not restore (imported since the snapshot), read back
# after the reset has cleared the namespace.
_UNRESTORABLE = "__import__('rupak_lib.build.kernel_state').build.kernel_state.unrestorable"


def _reset_code(cwd: Path) -> str:
    # One ``%reset`` (each costs 0.2 s, most of it a garbage collection); the one name the
    # restore needs is then deleted, and code run without history leaves no ``_i`` names.
    return (f"%reset -f\nimport rupak_lib.build.kernel_state\n"
            f"rupak_lib.build.kernel_state.unrestorable = "
            f"rupak_lib.build.kernel_state.restore({str(cwd)!r})\ndel rupak_lib\n")


class WarmKernelEngine(NBClientEngine):
    """papermill's nbclient engine, run on a kernel the caller owns and keeps alive."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, km=None, kc=None, **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final = merge_kwargs(
            kwargs,
            timeout=kwargs.pop("execution_timeout", None) or CELL_TIMEOUT,
            startup_timeout=kwargs.pop("start_timeout", 60),
            kernel_name=kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
        )
        client = PapermillNotebookClient(nb_man, km=km, **final)
        client.kc = kc  # the kernel's own client: no new channels, no wait for readiness
        return client.execute()


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)


#: How often a kernel is started before its failure is reported: a start can lose a port.
START_ATTEMPTS = 3


class WarmKernel:
    """One long-lived kernel with pandas, matplotlib and rupak_lib already imported."""

    def __init__(self, kernel_name: str = "python3") -> None:
        self.kernel_name = kernel_name
        self.km: KernelManager | None = None
        self.replaced = 0  # kernels replaced because a report left what a reset cannot undo
        # one client for the kernel's life: starting one waits 0.2 s for stray messages
        self.kc: Any = None
        #: the reset started when the last report ended: (thread, [cwd, unrestorable])
        self._ahead: tuple[threading.Thread, list[Any]] | None = None

    def ensure_started(self, attempts: int = START_ATTEMPTS) -> KernelManager:
        if self.km is not None and self.km.is_alive():
            return self.km
        for attempt in range(1, attempts + 1):
            self.shutdown()
            try:
                self._start()
                break
            except RuntimeError:
                # jupyter_client picks free ports, then the kernel binds them: another process
                # may take one in between ("Address already in use"); new ports fix it
                if attempt == attempts:
                    raise
        assert self.km is not None
        self._run(_WARM_UP)
        # the kernel has read its connection file and clients take the manager's copy: gone
        # now, it cannot be left behind however this process ends
        self.km.cleanup_connection_file()
        return self.km

    def _start(self) -> None:
        # the connection file is named before it is written, so that a worker stopped while
        # writing it (the build killed at that moment) knows what to remove
        runtime = Path(jupyter_runtime_dir())
        runtime.mkdir(parents=True, exist_ok=True)
        self.km = KernelManager(kernel_name=self.kernel_name, connection_file=str(
            runtime / f"kernel-rupak-{uuid.uuid4()}.json"))
        # the kernel warns on every start that loopback TCP is unencrypted; errors still show
        self.km.start_kernel(extra_arguments=["--IPKernelApp.log_level=ERROR"])
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)  # a kernel that died at start raises RuntimeError
        self.kc.allow_stdin = False

    def reset_soon(self, cwd: Path) -> None:
        """Start resetting the kernel for the next report now, while this report's page is
        written and shown: the reset (0.2-0.3 s) leaves the path from an edit to its page."""
        if self.kc is None:
            return
        done: list[Any] = []

        def reset() -> None:
            with contextlib.suppress(Exception):  # any failure: prepare resets as before
                done.extend([cwd, self._reset_now(cwd)])

        thread = threading.Thread(target=reset, name="rupak-reset-ahead", daemon=True)
        thread.start()
        self._ahead = (thread, done)

    def _reset_ahead(self) -> list[Any]:
        """The reset started ahead, once finished: [cwd, unrestorable] or [] if it failed."""
        if self._ahead is None:
            return []
        thread, done = self._ahead
        self._ahead = None
        while thread.is_alive():  # a kernel that died meanwhile never answers: stop waiting
            thread.join(0.05)
            if thread.is_alive() and (self.km is None or not self.km.is_alive()):
                return []
        return done

    def prepare(self, cwd: Path) -> KernelManager:
        """A kernel in the state of a fresh one, working in ``cwd``: the running kernel
        reset (ahead, when the last report ended, or now), or a new one when the last report
        left what a reset cannot undo."""
        ahead = self._reset_ahead()
        if ahead and ahead[0] == cwd and not ahead[1] and self.km is not None \
                and self.km.is_alive():
            return self.km
        self.ensure_started()
        if self._reset_now(cwd):
            self.replaced += 1
            self.shutdown()
            self.ensure_started()
            self._reset_now(cwd)
        assert self.km is not None
        return self.km

    def reset(self, cwd: Path) -> list[str]:
        """Clean namespace, default state, ``cwd``; the modules that could not be restored."""
        self._reset_ahead()  # one client, one request at a time
        return self._reset_now(cwd)

    def _reset_now(self, cwd: Path) -> list[str]:
        return self._run(_reset_code(cwd), _UNRESTORABLE) or []

    def _run(self, code: str, expression: str | None = None) -> Any:
        """Run ``code``; the value of ``expression`` afterwards, when one is given."""
        assert self.kc is not None
        reply = self.kc.execute_interactive(
            code, store_history=False, timeout=120, output_hook=lambda msg: None,
            user_expressions={"value": expression} if expression else None)
        content = reply["content"]
        if content["status"] != "ok":
            raise RuntimeError(f"kernel preparation failed: {content.get('evalue')}")
        if expression is None:
            return None
        value = content["user_expressions"]["value"]
        if value.get("status") != "ok":
            raise RuntimeError(f"kernel preparation failed: {value.get('evalue')}")
        return ast.literal_eval(value["data"]["text/plain"])

    def shutdown(self) -> None:
        self._reset_ahead()
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        self.km = None

    def kill(self) -> None:
        """Kill the kernel and its children at once; safe inside a signal handler."""
        km, self.km, self.kc = self.km, None, None
        provisioner = getattr(km, "provisioner", None)
        pid = getattr(provisioner, "pid", None) or getattr(
            getattr(provisioner, "process", None), "pid", None)
        if pid:
            kill_group(pid)
            lifetime.reap([pid])  # dead before its connection file is removed
        if km is not None:
            km.cleanup_connection_file()
            if km.connection_file:  # written or being written when the signal came
                Path(km.connection_file).unlink(missing_ok=True)


def run(report_id: str, notebook: Path | nbformat.NotebookNode, parameters: Mapping[str, Any],
        kernel: WarmKernel | None = None, cwd: Path | None = None) -> nbformat.NotebookNode:
    """Run ``notebook`` with ``parameters`` through papermill and return it normalized for
    byte-identical output; a failing cell raises ReportExecutionError naming ``report_id``.

    The notebook runs in ``cwd``, by default its own folder. Without a kernel, papermill
    starts and stops a fresh one, as its CLI does.
    """
    if cwd is None:
        assert isinstance(notebook, Path), "a notebook given as a node needs a cwd"
        cwd = notebook.parent
    engine_kwargs: dict[str, Any] = {}
    engine = None
    if kernel is not None:
        km = kernel.prepare(cwd.resolve())
        engine, engine_kwargs = ENGINE_NAME, {"km": km, "kc": kernel.kc}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nb = papermill.execute_notebook(
                notebook if isinstance(notebook, nbformat.NotebookNode) else str(notebook),
                None,
                parameters=dict(parameters),
                engine_name=engine,
                progress_bar=False,
                cwd=str(cwd),
                kernel_name="python3",
                record_timing=False,
                shutdown_kernel="immediate",
                **engine_kwargs,
            )
        except PapermillExecutionError as err:
            raise ReportExecutionError(
                report_id=report_id,
                cell_index=err.cell_index,
                source=err.source,
                ename=err.ename,
                evalue=err.evalue,
            ) from None
        finally:
            if kernel is not None:
                kernel.reset_soon(cwd.resolve())
    return normalize(nb)


#: A report in miniature: what a worker's first report would otherwise load on first use
#: (nbformat's schema, the fonts of a first figure, the page templates) loads on it.
_WARM_UP_CELLS = (
    "import pandas\nimport rupak_lib as rk\nfrom IPython.display import Markdown\n"
    "from matplotlib.figure import Figure\nrk.charts.configure_inline()",
    "Markdown('## Warm-up\\n\\nA [link](#warm-up) and *emphasis*.')",
    "rk.display.table(pandas.DataFrame({'a': [1.5], 'b': ['x']}))",
    "fig = Figure(layout='constrained')\nax = fig.subplots()\nax.bar(['a', 'b'], [1, 2])\n"
    "ax.set_title('Warm-up')\nfig",
)


def warm_up_notebook() -> nbformat.NotebookNode:
    """A small notebook that uses what reports use, run once by each worker as it starts."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(cells=[new_markdown_cell("# Warm-up", id="title")] + [
        new_code_cell(code, id=f"cell-{n}") for n, code in enumerate(_WARM_UP_CELLS)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop run-dependent metadata, fix the injected cell's id, renumber executions and join
    the pieces of one stream: a kernel sends printed text in as many messages as its
    flushes happen to cut it ("correct." and the line's end apart, on a busy machine)."""
    nb.metadata.pop("papermill", None)
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if INJECTED_CELL_ID in cell.metadata.get("tags", []):
            cell.id = INJECTED_CELL_ID
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
        cell.outputs = _joined_streams(cell.get("outputs", []))
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = cell.execution_count
    return nb


def _joined_streams(outputs: list) -> list:
    """Consecutive outputs of one stream (stdout, stderr) as one."""
    joined: list = []
    for output in outputs:
        before = joined[-1] if joined else None
        if (output.get("output_type") == "stream" and before is not None
                and before.get("output_type") == "stream"
                and before.get("name") == output.get("name")):
            before["text"] = "".join(before["text"]) + "".join(output["text"])
        else:
            joined.append(output)
    return joined
