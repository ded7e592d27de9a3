"""A build leaves nothing running and nothing behind, however it is stopped.

A real `rupak build` of the small package is started, given time to start its workers and
their kernels, then sent SIGTERM, SIGKILL or SIGINT. Every process it started must be gone
within a few seconds, no kernel connection file may remain, and nothing is printed as a
traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from datapkg import DataPackage

pytestmark = pytest.mark.slow

GRACE = 10.0  # seconds the processes get to go


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid``."""
    out: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                if kid not in out:
                    out.add(kid)
                    todo.append(kid)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not reaped it


def _start_build(pkg: DataPackage, tmp_path: Path, command: tuple[str, ...] = (
        "build", "--quiet", "--jobs", "2", "--force")) -> tuple[subprocess.Popen, Path, set[int]]:
    """The build (or another command running notebooks on two workers), the folder its
    kernels' connection files go to, and the processes it ran."""
    scratch = tmp_path / "scratch"  # the temporary and runtime folders of the build
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "RUPAK_DATA"}
    env.update(JUPYTER_RUNTIME_DIR=str(scratch), TMPDIR=str(scratch))
    with open(tmp_path / "stderr", "w") as err:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "rupak"), *command,
                                 "--data", str(pkg.path), "--out", str(tmp_path / "out")],
                                env=env, stdout=subprocess.DEVNULL, stderr=err)
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        seen |= _children(proc.pid)
        kernels = [p for p in seen if _alive(p) and b"ipykernel" in _cmdline(p)]
        if len(kernels) >= 2:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the build ended before its kernels were up"
    return proc, scratch, seen | _children(proc.pid)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _survivors(pids: set[int]) -> list[str]:
    deadline = time.monotonic() + GRACE
    while time.monotonic() < deadline:
        alive = [p for p in pids if _alive(p)]
        if not alive:
            return []
        time.sleep(0.2)
    return [_cmdline(p).replace(b"\0", b" ").decode()[:100] for p in pids if _alive(p)]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_seminar_leaves_no_process_and_no_connection_file(
        pkg: DataPackage, tmp_path: Path, sig: signal.Signals) -> None:
    proc, scratch, started = _start_build(pkg, tmp_path, ("seminar", "--theme", "all",
                                                          "--jobs", "2"))
    try:
        if sig == signal.SIGINT:  # Ctrl-C reaches the whole foreground group, not kernels
            for pid in {proc.pid} | {p for p in started if b"ipykernel" not in _cmdline(p)}:
                os.kill(pid, sig)
        else:
            os.kill(proc.pid, sig)
        assert proc.wait(timeout=60) != 0
        assert _survivors(started) == []
    finally:
        for pid in started:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert sorted(p.name for p in scratch.rglob("*.json")) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT],
                         ids=["SIGTERM", "SIGKILL", "SIGINT"])
def test_a_stopped_build_leaves_no_process_and_no_connection_file(
        pkg: DataPackage, tmp_path: Path, sig: signal.Signals) -> None:
    proc, scratch, started = _start_build(pkg, tmp_path)
    try:
        if sig == signal.SIGINT:  # Ctrl-C reaches the whole foreground group, not kernels
            for pid in {proc.pid} | {p for p in started if b"ipykernel" not in _cmdline(p)}:
                os.kill(pid, sig)
        else:
            os.kill(proc.pid, sig)
        proc.wait(timeout=60)
        assert _survivors(started) == []
    finally:
        for pid in started:  # a failing test leaves nothing running either
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert sorted(p.name for p in scratch.rglob("*.json")) == []
    stderr = (tmp_path / "stderr").read_text()
    assert "Traceback" not in stderr and "never retrieved" not in stderr, stderr
    if sig != signal.SIGKILL:
        assert proc.returncode in (128 + sig, -sig), proc.returncode


def _running_under(folder: Path) -> list[str]:
    """Live processes whose command line names ``folder``: the build, its workers (forks of
    it) and their kernels (their connection files are in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            line = _cmdline(int(entry.name))
            if str(folder).encode() in line and _alive(int(entry.name)):
                found.append(line.replace(b"\0", b" ").decode()[:100])
    return found


def test_a_refused_build_stops_the_workers_it_started_and_leaves_no_connection_file(
        pkg: DataPackage, tmp_path: Path) -> None:
    pkg.edit_fact("trade-1960s", "modality", "done")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "RUPAK_DATA"}
    env.update(JUPYTER_RUNTIME_DIR=str(scratch), TMPDIR=str(scratch))
    proc = subprocess.run([str(Path(sys.executable).parent / "rupak"), "build", "--quiet",
                           "--jobs", "2", "--force", "--data", str(pkg.path),
                           "--out", str(tmp_path / "out")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "nothing was built" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    deadline = time.monotonic() + GRACE
    while _running_under(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _running_under(tmp_path) == []
    assert sorted(p.name for p in scratch.rglob("*.json")) == []


def _slow_warm_up() -> int:
    """A worker's warm-up that takes longer than refusing the data, then says it ran."""
    time.sleep(3)
    Path(os.environ["RUPAK_TEST_WARMED"]).touch()
    return 0


def test_a_refused_build_does_not_wait_for_its_workers_to_warm_up(
        pkg: DataPackage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.build import run
    from rupak_lib.exceptions import DataValidationError

    marker = tmp_path / "warmed"
    monkeypatch.setenv("RUPAK_TEST_WARMED", str(marker))
    monkeypatch.setattr(run, "warm_worker", _slow_warm_up)  # the forked workers see it too
    pkg.edit_fact("trade-1960s", "modality", "done")
    with pytest.raises(DataValidationError):
        run.build(pkg.path, tmp_path / "out", jobs=2, force=True, progress=False)
    time.sleep(4)  # as long as a warm-up left running would need to finish
    assert not marker.exists()


def test_a_refused_build_stops_its_own_workers_and_no_other_pool_s(
        pkg: DataPackage, tmp_path: Path) -> None:
    from rupak_lib.build import run
    from rupak_lib.exceptions import DataValidationError

    other = run.worker_pool(1)  # a pool the caller keeps, as a preview does
    try:
        before = other.submit(os.getpid).result(timeout=60)
        pkg.edit_fact("trade-1960s", "modality", "done")
        with pytest.raises(DataValidationError):
            run.build(pkg.path, tmp_path / "out", jobs=1, force=True, progress=False)
        assert other.submit(os.getpid).result(timeout=60) == before
    finally:
        other.shutdown(wait=True, cancel_futures=True)


#: A worker with a kernel still starting, not yet known to its manager: the kernel writes
#: its connection file a moment later. The worker is then stopped.
_STARTING = """
import pathlib, subprocess, sys, time
from rupak_lib.build import run
written = sys.argv[1]
code = f"import pathlib, time; time.sleep(1.5); pathlib.Path({written!r}).write_text('{{}}')"
kernel = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
time.sleep(0.3)
run._stop_worker()
print(kernel.pid)
"""


def test_a_stopped_worker_stops_a_kernel_still_starting_before_it_writes_its_file(
        tmp_path: Path) -> None:
    written = tmp_path / "kernel-starting.json"
    done = subprocess.run([sys.executable, "-c", _STARTING, str(written)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    time.sleep(2.0)  # past the moment the kernel would have written its file
    assert not written.exists()
    assert not _alive(int(done.stdout))
