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

import base64
import contextlib
import hashlib
import html
import ipaddress
import json
import os
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .exceptions import DataValidationError, RupakError
from .paths import NOTEBOOKS_DIR, PACKAGE_DIR, REPORTS_DIR, resolve_data_dir

DEFAULT_PORT = 8765
API = "/__rupak__/"
POLL_SECONDS = 0.05  # how often the files are looked at (a look takes about 2 ms)
QUIET_SECONDS = 0.15  # how long they must stay unchanged before a rebuild starts
WAIT_SECONDS = 20.0  # the longest a page's long poll is held open


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse to listen beyond this machine unless the user asked for it."""
    if allow_remote or host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise RupakError(f"--host {host} is not a loopback address: the preview would be "
                         "open to other machines; add --allow-remote if that is meant")


# --- watching files ----------------------------------------------------------------------

Snapshot = dict[str, tuple[int, int]]


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Size and modification time of every file under ``roots`` (hidden ones and caches left
    out: an editor's swap file or a bytecode cache is no edit)."""
    out: Snapshot = {}
    for root in roots:
        for path in root.rglob("*"):
            parts = path.relative_to(root).parts
            if any(p.startswith(".") or p == "__pycache__" for p in parts):
                continue
            with contextlib.suppress(OSError):  # removed while we looked: its absence shows
                st = path.stat()
                if path.is_file():
                    out[str(path)] = (st.st_size, st.st_mtime_ns)
    return out


def wait_for_change(roots: list[Path], since: Snapshot, stop: threading.Event,
                    poll: float = POLL_SECONDS, quiet: float = QUIET_SECONDS) -> Snapshot | None:
    """Block until the files differ from ``since`` and then stay unchanged for ``quiet``
    seconds; the new snapshot, or None when ``stop`` is set."""
    # sleep, not stop.wait(): Ctrl-C inside Event.wait can leave the event's lock held, and
    # close() would then hang on stop.set()
    current = since
    while current == since:
        if _stopped_after(poll, stop):
            return None
        current = snapshot(roots)
    settled_at = time.monotonic()
    while time.monotonic() - settled_at < quiet:
        if _stopped_after(poll, stop):
            return None
        later = snapshot(roots)
        if later != current:
            current, settled_at = later, time.monotonic()
    return current


def _stopped_after(seconds: float, stop: threading.Event) -> bool:
    if stop.is_set():
        return True
    time.sleep(seconds)
    return stop.is_set()


# --- what the pages are told --------------------------------------------------------------

@dataclass
class Status:
    """The state every page polls: each page's version, and what went wrong last."""

    versions: dict[str, int] = field(default_factory=dict)
    state: int = 0  # bumped whenever problems or failures change
    problems: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # by HTML file name
    changed: threading.Condition = field(default_factory=threading.Condition)
    watchers: dict[str, int] = field(default_factory=dict)  # open pages waiting, by page

    def bump(self, page: str) -> None:
        with self.changed:
            self.versions[page] = self.versions.get(page, 0) + 1
            self.changed.notify_all()

    def report(self, problems: list[str], failed: dict[str, str] | None = None) -> None:
        with self.changed:
            if problems != self.problems or (failed is not None and failed != self.failed):
                self.state += 1
            self.problems = problems
            if failed is not None:
                self.failed = failed
            self.changed.notify_all()

    def view(self, page: str) -> dict[str, Any]:
        return {"version": self.versions.get(page, 0), "state": self.state,
                "problems": self.problems, "failed": self.failed.get(page)}

    def wait(self, page: str, version: int, state: int, timeout: float) -> dict[str, Any]:
        """The page's view once its version or the state differs from those given."""
        with self.changed:
            self.watchers[page] = self.watchers.get(page, 0) + 1
            try:
                self.changed.wait_for(lambda: self.versions.get(page, 0) != version
                                      or self.state != state, timeout)
            finally:
                self.watchers[page] -= 1
                if not self.watchers[page]:
                    del self.watchers[page]
            return self.view(page)

    def watched(self) -> set[str]:
        """The pages open in a browser now: the ones whose reports a rebuild runs first."""
        with self.changed:
            return set(self.watchers)


_SCRIPT = """(() => {
  const page = decodeURIComponent(location.pathname.split("/").pop()) || "index.html";
  let version = %(version)d, state = -1;
  const show = (s) => {
    let box = document.getElementById("rupak-preview-problems");
    const lines = s.problems.length ? s.problems : (s.failed ? [s.failed] : []);
    if (!lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "rupak-preview-problems";
      box.style.cssText = "position:fixed;inset:0;overflow:auto;z-index:99999;" +
        "background:#fff;color:#111;padding:2em;font:14px/1.5 sans-serif";
      document.body.appendChild(box);
    }
    const title = document.createElement("h1");
    title.textContent = s.problems.length
      ? "The data has problems; the reports are those of the last good build"
      : "This report failed to rebuild; this is its last good version";
    const list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = lines.join("\\n");
    box.replaceChildren(title, list);
  };
  const poll = async () => {
    for (;;) {
      try {
        const r = await fetch("%(api)swait?page=" + encodeURIComponent(page) +
                              "&version=" + version + "&state=" + state, {cache: "no-store"});
        const s = await r.json();
        if (s.version !== version) { location.reload(); return; }
        state = s.state;
        show(s);
      } catch (e) {
        await new Promise((done) => setTimeout(done, 1000));
      }
    }
  };
  poll();
})();"""

_EMPTY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>rupak preview</title></head>
<body><h1>rupak preview</h1><p>No report has been built yet.</p></body></html>
"""


_SCRIPT_SRC = re.compile(rb"script-src([^;\"]*)")


def with_script(page: bytes, version: int) -> bytes:
    """A served page with the reloading script before its closing body tag.

    Report pages forbid scripts in their Content-Security-Policy; the served copy allows
    this one script, by its hash, and no other (the files on disk keep their policy).
    """
    body = (_SCRIPT % {"version": version, "api": API}).encode()
    digest = base64.b64encode(hashlib.sha256(body).digest())
    allowed = b" 'sha256-" + digest + b"'"
    page = _SCRIPT_SRC.sub(lambda m: b"script-src" + m.group(1).replace(b" 'none'", b"")
                           .rstrip() + allowed, page, count=1)
    script = b'<script id="rupak-preview">' + body + b"</script>\n"
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


def _handler(out: Path, status: Status) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(out), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            url = urlsplit(self.path)
            if url.path.startswith(API):
                return self._api(url.path[len(API):], parse_qs(url.query))
            name = url.path.lstrip("/") or "index.html"
            if name.endswith(".html") and "/" not in name:
                return self._page(name)
            return super().do_GET()

        def _page(self, name: str) -> None:
            path = out / name
            if path.is_file():
                body = path.read_bytes()
            elif name == "index.html":
                body = _EMPTY_PAGE.encode()
            else:
                return self.send_error(404, "no such report")
            self._send(with_script(body, status.versions.get(name, 0)), "text/html")

        def _api(self, what: str, query: dict[str, list[str]]) -> None:
            page = query.get("page", ["index.html"])[0]
            if what == "status":
                view = status.view(page)
            elif what == "wait":
                try:
                    version = int(query.get("version", ["0"])[0])
                    state = int(query.get("state", ["-1"])[0])
                except ValueError:
                    return self.send_error(400, "version and state are numbers")
                view = status.wait(page, version, state, WAIT_SECONDS)
            elif what == "problems":
                lines = "\n".join(html.escape(p) for p in status.problems) or "No problem."
                body = f"<!DOCTYPE html><title>Problems</title><pre>{lines}</pre>\n"
                return self._send(body.encode(), "text/html")
            else:
                return self.send_error(404)
            self._send(json.dumps(view).encode(), "application/json")

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # the terminal shows builds and problems, not every request

    return Handler


# --- the preview ---------------------------------------------------------------------------

class Preview:
    """A server, a pool of warm workers, and the rebuilds that keep the reports current."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None,
                 out_dir: str | os.PathLike[str] | None = None, *, host: str = "127.0.0.1",
                 port: int = DEFAULT_PORT, jobs: int | None = None,
                 notebooks_dir: Path = NOTEBOOKS_DIR, shown_data: str | None = None,
                 echo: Callable[[str], None] = print) -> None:
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
        self.server = ThreadingHTTPServer((host, port), _handler(self.out, self.status))
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
        from .build import build

        self._note_kernels()
        started = time.perf_counter()
        try:
            try:
                result = self._build(build)
            except BrokenProcessPool:  # a worker died (a notebook killed it): start afresh
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._start_pool()
                result = self._build(build)
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
        open_pages = {page.removesuffix(".html") for page in self.status.watched()}
        return build(self.data_dir, self.out, jobs=self.jobs, pool=self.pool,
                     notebooks_dir=self.notebooks_dir, progress=False, first=open_pages,
                     on_report=lambda r, error: self.status.bump(r.html))

    def _start_pool(self) -> ProcessPoolExecutor:
        from .build import worker_pool

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
            changed = wait_for_change(self.roots, seen, self.stop)
            if changed is None:
                return
            seen = changed
            self.rebuild()

    def _settle(self) -> None:
        """Make the first edit rebuild as fast as the next: every kernel warm, and the
        validator run once (the first build may have found the data validated already, and
        the validator's start would add 1.3 s to the first edit)."""
        from concurrent.futures import wait

        from .validate.api import run_checks

        run_checks(self.data_dir)
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
    from .build import warm_worker

    return warm_worker()


def preview(data_dir: str | None, out_dir: str | None, *, host: str, port: int,
            jobs: int | None, open_browser: bool, allow_remote: bool = False,
            shown_data: str | None = None) -> int:
    """Run ``rupak preview`` until Ctrl-C; the exit status."""
    check_host(host, allow_remote)
    try:
        session = Preview(data_dir, out_dir, host=host, port=port, jobs=jobs,
                          shown_data=shown_data, echo=lambda line: print(line, flush=True))
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
