"""`rupak preview`: serving, rebuilding after an edit, keeping good reports, stopping cleanly.

The end-to-end tests run the real command on the small fixture package (five reports, one
worker) and talk to it as a page's script does: the status and the long poll. One command
serves the module's tests of it, in their order; each leaves the data valid and the reports
built, and the last stops it with Ctrl-C.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from datapkg import DataPackage, build_package, one_cell_notebooks

from rupak_lib.build.preview import Preview
from rupak_lib.build.server import API, Status, check_host, with_script
from rupak_lib.build.watch import Written, snapshot, wait_for_change
from rupak_lib.cli import main
from rupak_lib.exceptions import RupakError

BIN = Path(sys.executable).parent

# --- without a server ----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org"])
def test_an_address_beyond_loopback_is_refused(host: str) -> None:
    with pytest.raises(RupakError, match="--allow-remote"):
        check_host(host, allow_remote=False)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_addresses_are_accepted(host: str) -> None:
    check_host(host, allow_remote=False)


def test_a_remote_address_is_accepted_when_asked() -> None:
    check_host("0.0.0.0", allow_remote=True)


def test_the_command_refuses_a_remote_address_before_starting(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "--host", "0.0.0.0", "--no-browser"]) == 1
    assert "--allow-remote" in capsys.readouterr().err


def test_served_pages_get_the_reloading_script_before_the_body_ends() -> None:
    page = with_script(b"<html><body><p>x</p></body></html>", 3)
    assert page.startswith(b"<html><body><p>x</p><script id=\"rupak-preview\">")
    assert page.endswith(b"</script>\n</body></html>")
    assert b"let version = 3," in page


def test_a_page_that_forbids_scripts_allows_the_reloading_one_alone() -> None:
    policy = b"script-src 'none'; object-src 'none'"
    page = with_script(b'<html><head><meta http-equiv="Content-Security-Policy" content="'
                       + policy + b'"></head><body></body></html>', 1)
    allowed = page.split(b"script-src", 1)[1].split(b";", 1)[0].strip()
    assert allowed.startswith(b"'sha256-") and b"'none'" not in allowed
    assert b"object-src 'none'" in page


def test_a_page_waiting_for_its_next_version_counts_as_open_until_it_is_answered() -> None:
    status = Status()
    answered: queue.Queue = queue.Queue()
    waiting = threading.Thread(target=lambda: answered.put(
        status.wait("theme-a.html", 0, 0, timeout=10)))
    waiting.start()
    deadline = time.monotonic() + 5
    while not status.watched() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert status.watched() == {"theme-a.html"}
    status.bump("theme-a.html")
    waiting.join(5)
    assert answered.get_nowait()["version"] == 1
    assert status.watched() == set()


def test_a_burst_of_saves_settles_into_one_change(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    target.write_text("0")
    before = snapshot([tmp_path])

    def burst() -> None:
        for n in range(1, 6):
            time.sleep(0.05)
            target.write_text("x" * n)  # each save a new size

    writer = threading.Thread(target=burst)
    writer.start()
    after = wait_for_change([tmp_path], before, threading.Event(), poll=0.02, quiet=0.3)
    writer.join()
    assert after == snapshot([tmp_path])  # the last save, not one half-way
    assert after[str(target)][0] == 5


def test_a_change_the_preview_wrote_itself_needs_no_quiet_spell(tmp_path: Path) -> None:
    (tmp_path / "facts.csv").write_text("a\n")
    since, stop, written = snapshot([tmp_path]), threading.Event(), Written([tmp_path])
    found: list = []
    waiting = threading.Thread(target=lambda: found.append(
        wait_for_change([tmp_path], since, stop, quiet=600, written=written)), daemon=True)
    waiting.start()
    (tmp_path / "facts.csv").write_text("a\nb\n")
    written.set()
    waiting.join(30)
    stop.set()
    assert found and found[0] == snapshot([tmp_path])


def test_a_write_marked_late_does_not_cut_short_a_later_edit_s_quiet_spell(
        tmp_path: Path) -> None:
    (tmp_path / "facts.csv").write_text("a\n")
    written = Written([tmp_path])
    written.set()  # marked after the watcher had settled on that write
    since = snapshot([tmp_path])
    found: list = []
    stop = threading.Event()
    waiting = threading.Thread(target=lambda: found.append(
        wait_for_change([tmp_path], since, stop, poll=0.01, quiet=600, written=written)),
        daemon=True)
    waiting.start()
    (tmp_path / "facts.csv").write_text("a\nhalf")  # an editor's first step
    time.sleep(0.25)  # the mark would have ended the wait within a poll (0.01 s)
    assert not found  # still waiting for the files to settle
    stop.set()
    waiting.join(30)
    assert found == [None]


def test_hidden_files_and_bytecode_are_no_edit(tmp_path: Path) -> None:
    (tmp_path / "facts.csv").write_text("a")
    before = snapshot([tmp_path])
    (tmp_path / ".facts.csv.swp").write_text("editor")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_text("bytes")
    assert snapshot([tmp_path]) == before


def test_waiting_for_a_change_ends_when_stopped(tmp_path: Path) -> None:
    stop = threading.Event()
    stop.set()
    assert wait_for_change([tmp_path], snapshot([tmp_path]), stop) is None


@pytest.mark.slow  # serves
def test_closing_does_not_wait_for_a_page_s_pending_long_poll(
        pkg: DataPackage, tmp_path: Path) -> None:
    session = Preview(pkg.path, tmp_path / "reports", port=0, jobs=1, echo=lambda line: None)
    serving = threading.Thread(target=session.serve, daemon=True)
    session.rebuild = lambda: True  # type: ignore[method-assign]  # serving alone is tested
    serving.start()
    url = session.url + f"{API.lstrip('/')}wait?page=index.html&version=0&state=0"
    threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=60).read(),
                     daemon=True).start()
    time.sleep(1)  # the poll is held by the server now
    started = time.monotonic()
    session.close()
    assert time.monotonic() - started < 10  # a poll is held for up to 20 s


@pytest.mark.slow  # starts a worker and its kernel
def test_an_edit_refused_while_another_build_holds_the_folder_is_built_once_it_frees(
        pkg: DataPackage, tmp_path: Path) -> None:

    from rupak_lib.build import outdir

    out, lines = tmp_path / "reports", queue.Queue()
    session = Preview(pkg.path, out, port=0, jobs=1, echo=lines.put,
                      notebooks_dir=one_cell_notebooks(tmp_path / "notebooks"))
    try:
        done: list[bool] = []
        with outdir.locked(out):
            rebuilding = threading.Thread(target=lambda: done.append(session.rebuild()))
            rebuilding.start()
            assert "as soon as it finishes" in lines.get(timeout=60)
            time.sleep(0.5)
            assert not done and not (out / "index.html").exists()
        rebuilding.join(120)
        assert done == [True] and (out / "index.html").exists()
        assert session.status.problems == []
    finally:
        session.close()


# --- the command end to end ------------------------------------------------------------------


@dataclass
class Running:
    process: subprocess.Popen[str]
    url: str
    lines: queue.Queue[str]
    pkg: DataPackage
    out: Path

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return response.read()

    def status(self, page: str) -> dict:
        return json.loads(self.get(f"{API.lstrip('/')}status?page={page}"))

    def wait(self, page: str, view: dict) -> dict:
        """The page's view once it differs from ``view`` (what a page's script waits for)."""
        return json.loads(self.get(f"{API.lstrip('/')}wait?page={page}"
                                   f"&version={view['version']}&state={view['state']}"))

    def summary(self, fact_id: str) -> str:
        return next(r["summary"] for r in self.pkg.rows("facts.csv") if r["fact_id"] == fact_id)

    def expect(self, text: str, timeout: float = 120) -> str:
        """The first line of output containing ``text``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} within {timeout} s")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """`rupak preview` on the fixture package, with notebooks that show the claims' summaries
    and nothing else (the real reports are built in test_build.py and the browser tests).

    Started once for the module (a start costs a kernel and a build); its tests run in
    order, each from valid data whose reports are built."""
    base = tmp_path_factory.mktemp("preview")
    pkg = build_package(base / "data")
    out = base / "reports"
    notebooks = one_cell_notebooks(base / "notebooks", setup=True)
    process = subprocess.Popen(
        [str(BIN / "rupak"), "preview", "--data", str(pkg.path), "--out", str(out),
         "--port", "0", "--jobs", "1", "--no-browser", "--notebooks", str(notebooks)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()
    session = Running(process, "", lines, pkg, out)
    try:
        session.url = session.expect("Serving the reports on").split()[4]
        session.expect("5 built")
        session.expect("Watching the data, the notebooks and the library for edits")
        yield session
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (a kernel runs in a session of its own, still below it)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = {p for p, pp in parents.items() if pp == parent}
        found |= children
        todo += children
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_the_preview_serves_the_reports_and_rebuilds_the_one_an_edit_touches(
        running: Running) -> None:
    page = "theme-history.html"
    assert b"rupak-preview" in running.get(page)
    assert b"rupak-preview" not in (running.out / page).read_bytes()
    education = (running.out / "theme-education.ipynb").read_bytes()  # the page is reframed
    view = running.status(page)
    running.pkg.edit_fact("trade-1960s", "summary", "Commerce flourished in the sixties.")
    assert running.wait(page, view)["version"] == view["version"] + 1
    served = running.get(page)
    assert b"Commerce flourished in the sixties." in served
    assert b'<nav class="rupak-pager"' in served  # reloaded once, into the framed page
    running.expect("4 built, 1 up to date")
    assert running.status(page)["version"] == view["version"] + 1
    assert (running.out / "theme-education.ipynb").read_bytes() == education


@pytest.mark.slow
def test_an_invalid_edit_shows_its_problems_and_keeps_the_good_reports(
        running: Running) -> None:
    page = "theme-history.html"
    good = (running.out / page).read_bytes()
    view = running.status(page)
    kind = running.pkg.rows("facts.csv")[3 - 2]["kind"]
    running.pkg.set("facts.csv", 3, "kind", "rumour")
    changed = running.wait(page, view)
    problem = changed["problems"][0]
    assert problem.startswith(f"{running.pkg.path}/facts.csv:3: kind: ")
    assert running.expect("facts.csv:3: kind:").strip() == problem
    assert changed["version"] == view["version"]  # not rebuilt, so not reloaded
    assert (running.out / page).read_bytes() == good
    assert running.get(page) == with_script(good, changed["version"])
    running.pkg.set("facts.csv", 3, "kind", kind)  # valid again, for the next test
    assert running.wait(page, changed)["problems"] == []


@pytest.mark.slow
def test_a_notebook_that_raises_fails_its_reports_and_the_preview_goes_on(
        pkg: DataPackage, tmp_path: Path) -> None:
    notebooks = one_cell_notebooks(tmp_path / "notebooks", setup=True)
    session = Preview(pkg.path, tmp_path / "reports", port=0, jobs=1, notebooks_dir=notebooks,
                      echo=lambda line: None)
    try:
        assert session.rebuild()
        good = (tmp_path / "reports" / "theme-history.html").read_bytes()
        nb = nbformat.read(notebooks / "theme_report.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("broken on purpose")'))
        nbformat.write(nb, notebooks / "theme_report.ipynb")
        assert session.rebuild()
        assert "broken on purpose" in session.status.failed["theme-history.html"]
        assert (tmp_path / "reports" / "theme-history.html").read_bytes() == good
        nb.cells.pop()
        nbformat.write(nb, notebooks / "theme_report.ipynb")
        assert session.rebuild()
        assert session.status.failed == {}
    finally:
        session.close()
    assert session.kernels and not [p for p in session.kernels if alive(p)]


@pytest.mark.slow
@pytest.mark.browser
def test_the_open_page_reloads_itself_after_an_edit_and_shows_an_invalid_one(
        running: Running) -> None:
    from browser import chromium

    with chromium() as browser:
        page = browser.new_page()
        page.goto(running.url + "theme-history.html")
        page.wait_for_selector(f"text={running.summary('trade-1960s')}")
        running.pkg.edit_fact("trade-1960s", "summary", "Trade boomed in the sixties.")
        page.wait_for_selector("text=Trade boomed in the sixties.", timeout=60_000)
        kind = running.pkg.rows("facts.csv")[3 - 2]["kind"]
        running.pkg.set("facts.csv", 3, "kind", "rumour")
        box = page.wait_for_selector("#rupak-preview-problems", timeout=60_000)
        assert "facts.csv:3: kind:" in box.inner_text()
        running.pkg.set("facts.csv", 3, "kind", kind)
        page.wait_for_selector("#rupak-preview-problems", state="detached", timeout=60_000)


@pytest.mark.slow
def test_ctrl_c_stops_the_preview_and_leaves_no_kernel(running: Running) -> None:
    below = descendants(running.process.pid)
    assert any(b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes() for p in below
               if alive(p))
    os.killpg(running.process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
    assert running.process.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while any(alive(p) for p in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in below if alive(p)]


def test_settling_runs_the_validator_and_frictionless_once_before_the_first_edit(
        pkg: DataPackage, monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.data.validate import schema

    calls: list[str] = []
    monkeypatch.setattr(schema, "warm_up", lambda: calls.append("frictionless"))
    session = Preview.__new__(Preview)  # no server or workers: settling alone is tested
    session.data_dir, session.token, session._warming = pkg.path, None, []
    session._settle()
    assert calls == ["frictionless"]


def test_frictionless_warms_up_on_a_package_of_its_own(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.data.validate import schema

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    schema.warm_up()
    assert list(tmp_path.iterdir()) == []  # its package is gone again


def test_an_edit_of_the_library_gets_new_kernels_before_the_rebuild(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.build import reports

    class OldPool:
        stopped = False

        def shutdown(self, wait: bool, cancel_futures: bool) -> None:
            OldPool.stopped = True

    session = Preview.__new__(Preview)  # no server or workers: the choice alone is tested
    lines: list[str] = []
    session.echo, session.status, session._warming, session.kernels = lines.append, \
        Status(), [], []
    session.data_dir, session.out, session.jobs, session.notebooks_dir = \
        tmp_path, tmp_path, 1, tmp_path
    session.pool, session._library = OldPool(), reports.library_digest()
    new_pool = object()
    monkeypatch.setattr(session, "_start_pool", lambda: new_pool)
    used = []
    session._build(lambda *a, pool, **k: used.append(pool))
    assert used == [session.pool] and not OldPool.stopped  # the same code: the same kernels
    session._library = "the code the kernels started with"
    session._build(lambda *a, pool, **k: used.append(pool))
    assert OldPool.stopped and used[-1] is new_pool
    assert lines == ["rupak preview: the library changed; starting new kernels"]
