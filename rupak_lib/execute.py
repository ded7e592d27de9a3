"""Executing one report notebook with papermill on a warm, reusable kernel.

Most of a notebook run is spent starting a kernel and importing pandas and matplotlib
(about 2 s of CPU here, against 0.2 s for a report's own code). A build worker therefore
starts one kernel, imports the heavy libraries into it once, and runs its reports on it one
after another through papermill, resetting the user namespace, figures, matplotlib style and
warning registries between reports. Execution counts are renumbered afterwards, so a report
reads exactly as if it had run in a fresh kernel.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jupyter_client.manager import KernelManager
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.utils import merge_kwargs, remove_args

from .exceptions import ReportExecutionError

ENGINE_NAME = "rupak-warm"
INJECTED_CELL_ID = "injected-parameters"
CELL_TIMEOUT = 600

_WARM_UP = """\
import pandas, matplotlib.pyplot, rupak_lib, rupak_lib.charts, rupak_lib.analysis
import rupak_lib.kernel_state
rupak_lib.kernel_state.snapshot()
%reset -f
"""

# One ``%reset`` (each costs 0.2 s, most of it a garbage collection); the name the restore
# needs is then deleted, and code run without history leaves no ``_i`` names behind.
_RESET = """\
%reset -f
import rupak_lib.kernel_state
rupak_lib.kernel_state.restore()
del rupak_lib
"""


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


class WarmKernel:
    """One long-lived kernel with pandas, matplotlib and rupak_lib already imported."""

    def __init__(self, kernel_name: str = "python3") -> None:
        self.kernel_name = kernel_name
        self.km: KernelManager | None = None
        # one client for the kernel's life: starting one waits 0.2 s for stray messages
        self.kc: Any = None

    def ensure_started(self) -> KernelManager:
        if self.km is not None and self.km.is_alive():
            return self.km
        self.shutdown()
        self.km = KernelManager(kernel_name=self.kernel_name)
        # the kernel warns on every start that loopback TCP is unencrypted; errors still show
        self.km.start_kernel(extra_arguments=["--IPKernelApp.log_level=ERROR"])
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.kc.allow_stdin = False
        self._run(_WARM_UP)
        return self.km

    def reset(self) -> None:
        """Give the next report a clean namespace and default plotting state."""
        self._run(_RESET)

    def _run(self, code: str) -> None:
        assert self.kc is not None
        reply = self.kc.execute_interactive(code, store_history=False, timeout=120,
                                            output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel preparation failed: {reply['content'].get('evalue')}")

    def shutdown(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        self.km = None


def run(report_id: str, notebook: Path, parameters: Mapping[str, Any],
        kernel: WarmKernel | None = None) -> nbformat.NotebookNode:
    """Run ``notebook`` with ``parameters`` through papermill and return it normalized for
    byte-identical output; a failing cell raises ReportExecutionError naming ``report_id``.

    Without a kernel, papermill starts and stops a fresh one, as its CLI does.
    """
    engine_kwargs: dict[str, Any] = {}
    engine = None
    if kernel is not None:
        km = kernel.ensure_started()
        kernel.reset()
        engine, engine_kwargs = ENGINE_NAME, {"km": km, "kc": kernel.kc}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nb = papermill.execute_notebook(
                str(notebook),
                None,
                parameters=dict(parameters),
                engine_name=engine,
                progress_bar=False,
                cwd=str(notebook.parent),
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
    return normalize(nb)


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop run-dependent metadata, fix the injected cell's id and renumber executions."""
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
        for output in cell.get("outputs", []):
            if output.get("output_type") == "execute_result":
                output["execution_count"] = cell.execution_count
    return nb
