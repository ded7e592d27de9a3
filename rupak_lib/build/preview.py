"""`rupak preview`: serve the reports, rebuild what an edit touches, reload the browser.

The curation loop is: edit a fact, look at its report. A plain build starts its kernels
again every time; the preview keeps its worker processes, and their warm kernels, between
rebuilds, and watches the data, the notebooks and the library by polling their files'
sizes and modification times (the standard library does it; a burst of saves, or a file an
editor writes in two steps, settles into one rebuild after a short quiet spell).

Each change is validated first. Invalid data leaves the last good reports in place; the
problems are printed and shown over every open page. Otherwise ``build`` rebuilds the
reports whose fingerprints changed, and each open page reloads itself as soon as its own
report is rewritten: a small script, added to pages as they are served (never to the files),
long-polls the server for the page's version.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from rupak_lib.build.outdir import OutputLocked, wait_unlocked
from rupak_lib.build.server import DEFAULT_PORT, Status, check_host, handler
from rupak_lib.build.watch import Written, snapshot, wait_for_change
from rupak_lib.data.paths import NOTEBOOKS_DIR, PACKAGE_DIR, REPORTS_DIR, resolve_data_dir
from rupak_lib.exceptions import DataValidationError, RupakError

# --- the preview ---------------------------------------------------------------------------

class Preview:
    """A server, a pool of warm workers, and the rebuilds that keep the reports current."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None,
                 out_dir: str | os.PathLike[str] | None = None, *, host: str = "127.0.0.1",
                 port: int = DEFAULT_PORT, jobs: int | None = None,
                 notebooks_dir: Path = NOTEBOOKS_DIR, shown_data: str | None = None,
                 echo: Callable[[str], None] = print, writable: bool = True) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.out = Path(out_dir).expanduser().resolve() if out_dir is not None \
            else REPORTS_DIR
        self.notebooks_dir = notebooks_dir
        self.shown_data = shown_data or str(self.data_dir)
        self.echo = echo
        self.status = Status()
        self.stop = threading.Event()
        self._serving: threading.Thread | None = None
        self.kernels: list[int] = []
        self.roots = [self.data_dir, notebooks_dir, PACKAGE_DIR]
        self.out.mkdir(parents=True, exist_ok=True)
        #: the secret the curation pages send with each write; none: read-only
        self.token = secrets.token_urlsafe(32) if writable else None
        self.written = Written(self.roots)  # the curation page saved: rebuild at once
        self.server = ThreadingHTTPServer((host, port), handler(self.out, self.status,
                                                                self.data_dir, self.token,
                                                                self.written))
        self.server.daemon_threads = True
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._warming: list[Future[int]] = []
        self.pool = self._start_pool()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"

    def rebuild(self) -> bool:
        """Validate, then rebuild what is stale; False when the data is invalid."""
        from rupak_lib.build.run import build

        self._note_kernels()
        started = time.perf_counter()
        try:
            try:
                result = self._build(build)
            except BrokenProcessPool:  # a worker died (a notebook killed it): start afresh
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._start_pool()
                result = self._build(build)
        except OutputLocked as err:  # another build writes the folder: go once it is done
            self.echo(f"rupak preview: {err.path} is being written by another rupak run; "
                      "rebuilding as soon as it finishes")
            self.status.report([f"{err.path} is being written by another rupak run; "
                                "this page is rebuilt as soon as it finishes"])
            return wait_unlocked(self.out, self.stop) and self.rebuild()
        except DataValidationError as err:
            lines = [f"{self.shown_data}/{p}" for p in err.problems]
            for line in lines:
                self.echo(line)
            self.echo(f"rupak preview: the data has {len(err.errors)} error(s); "
                      "the reports shown are those of the last good build")
            self.status.report(lines)
            return False
        except (RupakError, OSError, ValueError) as err:  # e.g. a file caught half-written
            self.echo(f"rupak preview: {err}")
            self.status.report([str(err)])
            return False
        failed = {}
        for error in result.failed:
            failed[f"{error.report_id}.html"] = str(error)
        self.status.report([], failed)
        self.status.bump("index.html")
        self.echo(f"{result.summary()} ({time.perf_counter() - started:.1f} s)")
        return True

    def _build(self, build: Callable[..., Any]) -> Any:
        from rupak_lib.build.reports import library_digest

        if library_digest() != self._library:  # warm kernels hold the old code: new ones
            self.echo("rupak preview: the library changed; starting new kernels")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self._note_kernels()
            self.pool = self._start_pool()
        open_pages = {page.removesuffix(".html") for page in self.status.watched()}
        return build(self.data_dir, self.out, jobs=self.jobs, pool=self.pool,
                     notebooks_dir=self.notebooks_dir, progress=False, first=open_pages,
                     on_report=lambda r, error: self.status.bump(r.html))

    def _start_pool(self) -> ProcessPoolExecutor:
        from rupak_lib.build.reports import library_digest
        from rupak_lib.build.run import worker_pool

        self._library = library_digest()  # the code the new kernels import

        pool = worker_pool(self.jobs)
        self._warming = [pool.submit(_warm) for _ in range(self.jobs)]
        return pool

    def serve(self, open_browser: bool = False) -> None:
        """Build, serve and rebuild on every change until Ctrl-C (or ``stop``)."""
        self._serving = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._serving.start()
        self.echo(f"Serving the reports on {self.url} (Ctrl-C stops)")
        seen = snapshot(self.roots)
        self.rebuild()
        if open_browser:
            import webbrowser

            webbrowser.open(self.url)
        self._settle()
        self.echo("Watching the data, the notebooks and the library for edits")
        while True:
            changed = wait_for_change(self.roots, seen, self.stop, written=self.written)
            if changed is None:
                return
            seen = changed
            self.rebuild()

    def _settle(self) -> None:
        """Make the first edit rebuild as fast as the next: every kernel warm, and the
        validator run once, frictionless included (the first build may have found the data
        validated already, and frictionless's first run would add 2 s to the first edit)."""
        from concurrent.futures import wait

        from rupak_lib.data.validate.api import run_checks
        from rupak_lib.data.validate.schema import warm_up

        run_checks(self.data_dir)
        warm_up()  # the first edit's file is new to the cache: frictionless reads it
        if self.token is not None:  # the curation page's first save as fast as the next
            import jinja2  # noqa: F401

            import rupak_lib.curation.edit
            import rupak_lib.curation.page  # noqa: F401
        wait(self._warming, timeout=120)

    def close(self) -> None:
        """Stop serving and stop every worker and kernel; nothing is left running."""
        import multiprocessing

        self.stop.set()
        if self._serving is not None:  # shutdown() waits for a loop that must be running
            self.server.shutdown()
            self._serving.join(5)
        self.server.server_close()
        self._note_kernels()
        self.pool.shutdown(wait=False, cancel_futures=True)
        workers = multiprocessing.active_children()
        deadline = time.monotonic() + 5
        for worker in workers:  # an idle worker stops its kernel and exits at once
            worker.join(max(0.0, deadline - time.monotonic()))
        for worker in workers:
            if worker.is_alive():  # still running a report: no waiting for its end
                worker.terminate()
                worker.join(2)
            if worker.is_alive():
                worker.kill()
                worker.join(5)
        for pid in self.kernels:  # the kernel of a worker that was killed
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)

    def _note_kernels(self) -> None:
        for future in list(self._warming):
            if future.done():
                self._warming.remove(future)
                with contextlib.suppress(Exception):
                    self.kernels.append(future.result())


def _warm() -> int:
    from rupak_lib.build.run import warm_worker

    return warm_worker()


def preview(data_dir: str | None, out_dir: str | None, *, host: str, port: int,
            jobs: int | None, open_browser: bool, allow_remote: bool = False,
            shown_data: str | None = None, notebooks_dir: Path = NOTEBOOKS_DIR) -> int:
    """Run ``rupak preview`` until Ctrl-C; the exit status."""
    check_host(host, allow_remote)
    try:
        session = Preview(data_dir, out_dir, host=host, port=port, jobs=jobs,
                          notebooks_dir=notebooks_dir, shown_data=shown_data,
                          echo=lambda line: print(line, flush=True),
                          writable=not allow_remote)
    except OSError as err:
        if err.errno in (98, 48) or isinstance(err, socket.gaierror):
            raise RupakError(f"cannot listen on {host}:{port}: {err.strerror}; "
                             "choose another --port") from None
        raise
    try:
        session.serve(open_browser)
    except KeyboardInterrupt:
        pass
    finally:
        session.close()
        print("rupak preview: stopped", file=sys.stderr, flush=True)
    return 0
