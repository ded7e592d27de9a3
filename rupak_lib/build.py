"""`rupak build`: run every out-of-date report in parallel workers and write the index.

Each worker process owns one warm kernel (see execute.py) and takes reports from a shared
queue. A report is rebuilt only when its fingerprint (reports.py) differs from the one in
the manifest of the last good build. A failing report is recorded and the others go on;
its previous good output stays in place.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from pathlib import Path

from . import export, reports
from .exceptions import BuildError, ReportExecutionError
from .files import write_atomic
from .load import load
from .paths import NOTEBOOKS_DIR, REPORTS_DIR, resolve_data_dir

MANIFEST = ".manifest.json"


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: list[ReportExecutionError] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        lines = [f"{len(self.built)} built, {len(self.up_to_date)} up to date, "
                 f"{len(self.failed)} failed"]
        lines += [f"  FAILED {err}" for err in self.failed]
        return "\n".join(lines)


def build(
    data_dir: Path | str | None = None,
    out_dir: Path | str | None = None,
    jobs: int | None = None,
    only: Sequence[str] = (),
    force: bool = False,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    progress: bool = True,
    pool: ProcessPoolExecutor | None = None,
    on_report: Callable[[reports.Report, ReportExecutionError | None], None] | None = None,
) -> BuildResult:
    """Bring the reports in ``out_dir`` up to date with the data, notebooks and library.

    Raises DataValidationError before anything runs when the data has errors, and
    BuildError when ``only`` names no known report. ``pool`` (from :func:`worker_pool`)
    keeps its warm kernels for the next build, as ``rupak preview`` does; ``on_report`` is
    told of each report as soon as its files are in place (or it failed).
    """
    directory = resolve_data_dir(data_dir)
    out = Path(out_dir).expanduser().resolve() if out_dir is not None else REPORTS_DIR
    manifest = _read_manifest(out)
    early = None
    if pool is None and (force or not manifest):
        # every report will run: start the kernels now, while the data is validated (a
        # cold build of the bundled data took 21-23 s without, 17.5-18 s with, one run)
        early = worker_pool(_workers(jobs, None))
        for _ in range(_workers(jobs, None)):
            early.submit(warm_worker)
    try:
        return _build(directory, out, manifest, jobs, only, force, notebooks_dir, progress,
                      pool or early, on_report)
    finally:
        if early is not None:
            early.shutdown(wait=True, cancel_futures=True)


def _build(directory: Path, out: Path, manifest: dict, jobs: int | None, only: Sequence[str],
           force: bool, notebooks_dir: Path, progress: bool, pool: ProcessPoolExecutor | None,
           on_report: Callable[[reports.Report, ReportExecutionError | None], None] | None,
           ) -> BuildResult:
    corpus = load(directory)
    planned = reports.plan(corpus, directory)
    selected = {r.report_id for r in _select(planned, only)}
    fingerprints = reports.fingerprints(corpus, planned, notebooks_dir)

    result = BuildResult()
    if not only:
        result.removed = _prune(out, manifest, set(fingerprints))

    todo: list[tuple[reports.Report, str]] = []
    for report in planned:
        if report.report_id not in selected:
            continue
        fp = fingerprints[report.report_id]
        if not force and _current(out, manifest, report, fp):
            result.up_to_date.append(report.report_id)
        else:
            todo.append((report, fp))

    if todo:
        for report, fp, error in _execute(todo, out, notebooks_dir, jobs, progress, pool):
            entry = manifest.setdefault(report.report_id, {"files": list(report.files())})
            if error is None:
                entry["fingerprint"] = fp
                entry.pop("failed", None)
                result.built.append(report.report_id)
            else:  # remembered, so that later builds and the index still say so
                entry["failed"] = str(error)
                result.failed.append(error)
            _write_manifest(out, manifest)
            if on_report is not None:
                on_report(report, error)

    _write_index(out, corpus, planned, manifest, fingerprints)
    result.built.sort()
    result.failed.sort(key=lambda e: e.report_id)
    return result


def _current(out: Path, manifest: dict, report: reports.Report, fingerprint: str) -> bool:
    """Whether the report's files exist and were built from exactly these inputs."""
    entry = manifest.get(report.report_id, {})
    return (entry.get("fingerprint") == fingerprint and not entry.get("failed")
            and all((out / name).exists() for name in report.files()))


def _select(planned: list[reports.Report], only: Sequence[str]) -> list[reports.Report]:
    if not only:
        return planned
    known = {r.report_id: r for r in planned}
    # a bare theme or source id is accepted as well as a report id
    aliases = {str(v): r.report_id for r in planned for v in r.parameters.values()}
    unknown = [o for o in only if o not in known and o not in aliases]
    if unknown:
        raise BuildError(f"unknown report {', '.join(unknown)}; known: {', '.join(known)}")
    wanted = {known[o].report_id if o in known else aliases[o] for o in only}
    return [r for r in planned if r.report_id in wanted]


def _workers(jobs: int | None, reports: int | None) -> int:
    return max(1, min(jobs or os.cpu_count() or 1, reports or 10**6))


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes that each keep one warm kernel (started with their first report)."""
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init)


@contextmanager
def _pool(given: ProcessPoolExecutor | None, workers: int) -> Iterator[ProcessPoolExecutor]:
    """The caller's pool, left running; or a pool of this build's own, stopped after it."""
    if given is not None:
        yield given
        return
    with worker_pool(workers) as pool:
        yield pool


def _execute(todo, out: Path, notebooks_dir: Path, jobs: int | None, progress: bool,
             given: ProcessPoolExecutor | None = None):
    """Run reports in worker processes; yield (report, fingerprint, error or None)."""
    workers = _workers(jobs, len(todo))
    bar = _progress(len(todo), progress)
    with _pool(given, workers) as pool:
        futures = {
            pool.submit(_worker_run, r, notebooks_dir, out): (r, fp)
            for r, fp in todo
        }
        for future in as_completed(futures):
            report, fp = futures[future]
            try:
                error = future.result()
            except Exception as exc:  # a worker died: its report failed, the others go on
                error = ReportExecutionError(report.report_id, None, "", type(exc).__name__,
                                             str(exc))
            bar(report.report_id, error)
            yield report, fp, error


def _progress(total: int, enabled: bool) -> Callable[[str, ReportExecutionError | None], None]:
    if not enabled:
        return lambda report_id, error: None
    from tqdm import tqdm

    tqdm.monitor_interval = 0
    bar = tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True)

    def step(report_id: str, error: ReportExecutionError | None) -> None:
        bar.set_postfix_str(f"{'failed' if error else 'built'} {report_id}")
        bar.update(1)
        if bar.n == total:
            bar.close()

    return step


_kernel = None  # the worker process's WarmKernel


def _worker_init() -> None:
    from .execute import WarmKernel

    global _kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _kernel = WarmKernel()
    Finalize(_kernel, _kernel.shutdown, exitpriority=10)


def warm_worker() -> int:
    """Start this worker's kernel now rather than with its first report; its process id."""
    assert _kernel is not None
    km = _kernel.ensure_started()
    return int(km.provisioner.pid) if km.provisioner is not None else 0


def _worker_run(report: reports.Report, notebooks_dir: Path,
                out: Path) -> ReportExecutionError | None:
    """Run one report and put its files in place; on failure leave the old ones."""
    from .execute import run  # papermill and nbconvert load only in a worker with work

    try:
        nb = run(report.report_id, notebooks_dir / report.notebook, report.parameters, _kernel)
    except ReportExecutionError as err:
        return err
    html = export.reader_html(nb, report.title)
    write_atomic(out / report.ipynb, export.notebook_text(nb))
    write_atomic(out / report.html, html)
    return None


def _read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST).read_text("utf-8")).get("reports", {})
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _write_manifest(out: Path, manifest: dict) -> None:
    text = json.dumps({"version": 1, "reports": manifest}, indent=1, sort_keys=True)
    write_atomic(out / MANIFEST, text + "\n")


def _prune(out: Path, manifest: dict, current: set[str]) -> list[str]:
    """Remove the outputs of reports the data no longer calls for (a deleted theme)."""
    gone = sorted(set(manifest) - current)
    for report_id in gone:
        for name in manifest[report_id].get("files", []):
            (out / name).unlink(missing_ok=True)
        del manifest[report_id]
    if gone:
        _write_manifest(out, manifest)
    return gone


def _write_index(out: Path, corpus, planned: list[reports.Report], manifest: dict,
                 fingerprints: dict[str, str]) -> None:
    entries = []
    for r in planned:
        ipynb, html = r.files()
        entry = manifest.get(r.report_id, {})
        if entry.get("failed"):
            status = "failed"
        elif not _current(out, manifest, r, fingerprints[r.report_id]):
            status = "stale"
        else:
            status = "ok"
        entries.append(export.IndexEntry(
            report_id=r.report_id,
            group=r.group,
            title=r.title,
            summary=reports.summary(corpus, r),
            html=html if (out / html).exists() else None,
            notebook=ipynb if (out / ipynb).exists() else None,
            status=status,
        ))
    write_atomic(out / "index.html", export.index_html(entries))
