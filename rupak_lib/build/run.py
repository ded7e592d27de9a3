"""`rupak build`: run every out-of-date report in parallel workers and write the index.

Each worker process owns one warm kernel (see execute.py) and takes reports from a shared
queue. A report is rebuilt only when its fingerprint (reports.py) differs from the one in
the manifest of the last good build. A failing report is recorded and the others go on;
its previous good output stays in place.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any

from rupak_lib.build import lifetime, manifest, outdir, reports, site
from rupak_lib.build.startup import defer_slow_imports
from rupak_lib.build.watch import snapshot
from rupak_lib.data.load import load
from rupak_lib.data.paths import NOTEBOOKS_DIR, REPORTS_DIR, resolve_data_dir, write_atomic
from rupak_lib.exceptions import BuildError, ReportExecutionError
from rupak_lib.pages import export

MANIFEST = manifest.MANIFEST


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: list[ReportExecutionError] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: built while the data or notebooks changed: recorded without a fingerprint, so that
    #: the next build runs them again rather than trusting pages of mixed data
    stale: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        lines = [f"{len(self.built)} built, {len(self.up_to_date)} up to date, "
                 f"{len(self.failed)} failed"]
        lines += [f"  FAILED {err}" for err in self.failed]
        if self.stale:
            lines.append(f"  {len(self.stale)} built while the data changed, marked stale "
                         "(the next build runs them again): " + ", ".join(self.stale))
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
    on_report: OnReport | None = None,
    first: Collection[str] = (),
) -> BuildResult:
    """Bring the reports in ``out_dir`` up to date with the data, notebooks and library.

    Raises DataValidationError before anything runs when the data has errors, and
    BuildError when ``only`` names no known report. ``pool`` (from :func:`worker_pool`)
    keeps its warm kernels for the next build, as ``rupak preview`` does; ``on_report`` is
    told of each report as soon as its files are in place (or it failed). The reports named
    in ``first`` (the pages a preview has open) run before the others.
    """
    out = outdir.check(out_dir if out_dir is not None else REPORTS_DIR)
    directory = resolve_data_dir(data_dir)
    outdir.not_inside(out, directory, "the data folder")
    early = None
    if pool is None and (force or not manifest.read(out)):
        # every report will run: start the kernels now, while the data is validated (a
        # cold build of the bundled data took 21-23 s without, 17.5-18 s with, one run)
        # (no more kernels than reports named: each name is one report)
        workers = _workers(jobs, len(set(only)) if only else None)
        early = worker_pool(workers)
        for _ in range(workers):
            early.submit(warm_worker)
    try:
        # interrupted or refused (invalid data, an unknown report, an unusable folder), stop
        # the early workers now: a refusal is said at once, not after their kernels started
        with _stopping_workers(early) if early is not None else nullcontext():
            started = snapshot([directory, notebooks_dir])  # what the workers should read
            corpus = load(directory)
            planned = reports.plan(corpus, directory)
            selected = {r.report_id for r in _select(planned, only)}
            def fingerprints(some: list[reports.Report]) -> dict[str, str]:
                return reports.fingerprints(corpus, some, notebooks_dir)

            with outdir.reporting(out):
                out = outdir.prepare(out)
                with outdir.locked(out):
                    return _bring_up_to_date(out, corpus, planned, selected, fingerprints,
                                             force, notebooks_dir, jobs, progress,
                                             prune=not only, pool=pool or early,
                                             on_report=on_report, first=first,
                                             changed=lambda: snapshot([directory, notebooks_dir])
                                             != started)
    finally:
        if early is not None:
            early.shutdown(wait=True, cancel_futures=True)


OnReport = Callable[[reports.Report, ReportExecutionError | None], None]


def _bring_up_to_date(out: Path, corpus, planned: list[reports.Report], selected: set[str],
                      fingerprints_of: Callable[[list[reports.Report]], dict[str, str]],
                      force: bool, notebooks_dir: Path,
                      jobs: int | None, progress: bool, prune: bool,
                      pool: ProcessPoolExecutor | None = None,
                      on_report: OnReport | None = None,
                      first: Collection[str] = (),
                      changed: Callable[[], bool] = lambda: False) -> BuildResult:
    recorded = manifest.read(out)
    result = BuildResult()
    if prune:
        result.removed = _prune(out, recorded, {r.report_id for r in planned})

    ordered = [r for r in reports.longest_first(corpus, planned) if r.report_id in selected]
    ordered.sort(key=lambda r: r.report_id not in first)  # stable: longest first within
    fingerprints: dict[str, str] = {}

    def stale(some: list[reports.Report]) -> list[tuple[reports.Report, str]]:
        fingerprints.update(fingerprints_of([r for r in some if r.report_id not in
                                             fingerprints]))
        todo = []
        for report in some:
            fp = fingerprints[report.report_id]
            if not force and site.current(out, recorded, report, fp):
                result.up_to_date.append(report.report_id)
            else:
                todo.append((report, fp))
        return todo

    def the_rest() -> list[tuple[reports.Report, str]]:
        todo = stale([r for r in ordered if r.report_id not in first])
        fingerprints.update(fingerprints_of([r for r in planned  # for the index
                                             if r.report_id not in fingerprints]))
        return todo

    frames, speeches = site.frames(corpus, planned)
    todo = stale([r for r in ordered if r.report_id in first])
    # in a preview, the open pages' reports start at once and the others' fingerprints
    # (0.2-0.5 s) are taken once they are in place
    later: Callable[[], list] | None = the_rest
    if not (first and pool is not None and not progress):
        todo, later = todo + the_rest(), None
    if todo or later is not None:
        alone = {r.report_id for r, _ in todo if r.report_id in first}
        for report, fp, outcome in _execute(todo, out, notebooks_dir, jobs, progress, pool,
                                            alone, later):
            entry = recorded.setdefault(report.report_id, {"files": {}})
            if isinstance(outcome, dict):  # the digests of the files the worker wrote
                # framed (pager, footer) now, so that a page open in a preview reloads once,
                # into its finished form
                outcome[report.html] = site.frame_page(out, report.html, frames[report.html])
                entry.update(fingerprint=fp, files=outcome)
                if changed():  # its worker may have read data other than the fingerprint's
                    entry["fingerprint"] = ""
                    result.stale.append(report.report_id)
                entry.pop("failed", None)
                result.built.append(report.report_id)
            else:  # remembered, so that later builds and the index still say so
                entry["failed"] = str(outcome)
                result.failed.append(outcome)
            manifest.write(out, recorded)
            if on_report is not None:
                on_report(report, None if isinstance(outcome, dict) else outcome)

    site.write_index(out, corpus, planned, recorded, fingerprints)
    framed = site.write_pages(out, corpus, frames, speeches)
    # the pager and footer change a page after its worker recorded it: vouch for the framed
    # bytes, but only of the pages this build itself built or found up to date
    ours = set(result.built) | set(result.up_to_date)
    for report in planned:
        entry, html = recorded.get(report.report_id, {}), report.files()[1]
        if report.report_id in ours and html in entry.get("files", {}) and html in framed:
            entry["files"][html] = framed[html]
    if ours:
        manifest.write(out, recorded)
    result.built.sort()
    result.failed.sort(key=lambda e: e.report_id)
    return result


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
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init,
                               initargs=(os.getpid(),))


@contextmanager
def _pool(given: ProcessPoolExecutor | None, workers: int) -> Iterator[ProcessPoolExecutor]:
    """The caller's pool, left running; or a pool of this build's own, stopped after it."""
    if given is not None:
        yield given
        return
    with worker_pool(workers) as pool, _stopping_workers(pool):
        yield pool


def _execute(todo, out: Path, notebooks_dir: Path, jobs: int | None, progress: bool,
             given: ProcessPoolExecutor | None = None, alone: Collection[str] = (),
             later: Callable[[], list] | None = None):
    """Run reports in worker processes; yield (report, fingerprint, error or None).

    The reports in ``alone`` (the pages a reader has open) run first with the machine to
    themselves; the others start once they are done. ``later`` gives more reports to run,
    worked out once the first ones are in place (a reader's page before all else)."""
    workers = _workers(jobs, len(todo) if later is None else None)
    bar = _progress(len(todo), progress)
    waves = [[t for t in todo if t[0].report_id in alone],
             [t for t in todo if t[0].report_id not in alone]]
    with _pool(given, workers) as pool:
        yield from _collect(_submit(pool, waves[0], out, notebooks_dir), bar)
        rest = waves[1] + (later() if later is not None else [])  # once the open pages show
        yield from _collect(_submit(pool, rest, out, notebooks_dir), bar)


def _submit(pool: ProcessPoolExecutor, todo, out: Path, notebooks_dir: Path) -> dict:
    return {pool.submit(_worker_run, r, notebooks_dir, out): (r, fp) for r, fp in todo}


def _collect(futures: dict, bar):
    if futures:
        for future in as_completed(futures):
            report, fp = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # a worker died: its report failed, the others go on
                outcome = ReportExecutionError(report.report_id, None, "",
                                               type(exc).__name__, str(exc))
            bar(report.report_id, outcome if isinstance(outcome, ReportExecutionError)
                else None)
            yield report, fp, outcome


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


def _worker_init(parent_pid: int) -> None:
    """A worker dies with the build: on its parent's death, on SIGTERM, killing its kernel.

    Ctrl-C reaches every process of the terminal's group; the build alone handles it (by
    stopping its workers), so a worker is never interrupted halfway through a message.
    A worker stopped while it starts (a refused build stops them at once) exits quietly.
    """
    lifetime.on_terminate(lambda: None)  # not the parent's handler, which raises
    defer_slow_imports()  # inherited from the command already, unless started otherwise
    from rupak_lib.build.execute import WarmKernel

    global _kernel
    _forget_parent_event_loops()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _kernel = WarmKernel()
    lifetime.on_terminate(_stop_worker)
    lifetime.die_with_parent(parent_pid)
    Finalize(_kernel, _kernel.shutdown, exitpriority=10)


def _stop_worker() -> None:
    """A worker's last act: its children first (its kernel, even one still starting and not
    yet known to its manager), then its kernel's connection file."""
    lifetime.kill_children()
    if _kernel is not None:
        _kernel.kill()


def warm_worker() -> int:
    """Start this worker's kernel now rather than with its first report, and run a small
    notebook through it and the export, so that the first report runs as fast as the next
    (0.4 s sooner); the kernel's process id."""
    from rupak_lib.build.execute import run, warm_up_notebook

    assert _kernel is not None
    km = _kernel.ensure_started()
    export.reader_html(run("warm-up", warm_up_notebook(), {}, _kernel, cwd=NOTEBOOKS_DIR),
                       "Warm-up")
    return int(km.provisioner.pid) if km.provisioner is not None else 0


def _forget_parent_event_loops() -> None:
    """A forked worker must not reuse the event loops its parent ran kernels with: their
    threads did not come along and their selectors are shared with the parent, so a worker
    forked from a process that had run a kernel (a test, a notebook) would wait forever."""
    import asyncio

    from jupyter_core import utils

    getattr(utils, "_runner_map", {}).clear()
    loop = getattr(utils, "_loop", None)
    if loop is not None:
        loop.set(None)
    asyncio.set_event_loop(None)


@contextmanager
def _stopping_workers(pool: ProcessPoolExecutor,
                      on: tuple[type[BaseException], ...] = (BaseException,)) -> Iterator[None]:
    """On an interrupt, drop the queued reports and stop the workers now, not after them."""
    try:
        yield
    except on:
        # this pool's workers only: the caller may keep other pools (a preview's) running
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()  # SIGTERM: the worker kills its kernel, then exits
        raise


def _worker_run(report: reports.Report, notebooks_dir: Path,
                out: Path) -> ReportExecutionError | dict[str, str]:
    """Run one report and put its files in place; on failure leave the old ones.

    Returns the digest of each file written, for the manifest, or the error.
    """
    nb = _worker_execute(report.report_id, notebooks_dir / report.notebook, report.parameters)
    if isinstance(nb, ReportExecutionError):
        return nb
    written = {report.ipynb: export.notebook_text(nb).encode("utf-8"),
               report.html: export.reader_html(nb, report.title).encode("utf-8")}
    for name, data in written.items():
        try:
            write_atomic(outdir.inside(out, name), data)
        except OSError as err:
            return ReportExecutionError(report.report_id, None, "", "OSError",
                                        str(outdir.failure(err, out / name)))
    return {name: manifest.digest(data) for name, data in written.items()}


def run_in_workers(runs: Sequence[tuple[str, Path, Mapping[str, Any]]],
                   jobs: int | None = None) -> Iterator[Any]:
    """Run notebooks (a name, a path, its parameters) on warm workers, as many at once as
    there are workers, and yield each executed notebook in the order given, so that what is
    written from them comes out in a fixed order; a failing one raises its
    ReportExecutionError, and an interrupt stops the workers at once."""
    pool = worker_pool(_workers(jobs, len(runs)))
    try:
        with _stopping_workers(pool):
            futures = [pool.submit(_worker_execute, name, notebook, dict(parameters))
                       for name, notebook, parameters in runs]
            for future in futures:
                result = future.result()
                if isinstance(result, ReportExecutionError):
                    raise result
                yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_execute(name: str, notebook: Path,
                    parameters: Mapping[str, Any]) -> Any:
    """One notebook run on this worker's kernel: the executed notebook, or the error."""
    # papermill and nbconvert load only in a worker with work
    from rupak_lib.build.execute import run

    try:
        return run(name, notebook, parameters, _kernel)
    except ReportExecutionError as err:
        return err


def _prune(out: Path, recorded: dict, current: set[str]) -> list[str]:
    """Remove the outputs of reports the data no longer calls for (a deleted theme).

    Only the files of valid manifest entries (manifest.read), each checked to lie in ``out``.
    """
    gone = sorted(set(recorded) - current)
    for report_id in gone:
        for name in recorded[report_id].get("files", {}):
            outdir.inside(out, name).unlink(missing_ok=True)
        del recorded[report_id]
    if gone:
        manifest.write(out, recorded)
    return gone
