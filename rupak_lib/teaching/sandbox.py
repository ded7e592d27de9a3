"""Isolation for untrusted notebooks: bubblewrap, resource limits and a deadline.

Each submission's runner (runner.py), kernel client and kernel run together in one
bubblewrap sandbox (``bwrap``, Debian package ``bubblewrap``):

- a filesystem of its own: the system's programs and libraries, Python, the project's code,
  a copy of the data whose model answers are replaced by the ids they cite, and the
  grader's validation verdicts on that copy (a notebook's load then skips frictionless),
  all read-only; a private, size-limited ``/tmp`` holding the scratch folder, the only
  place it can write; nothing else of the host (no home folders, no other files in /tmp); the
  submissions folder, the grades folder, the repository's notebooks (the instructor's
  solutions) and the real data folder are covered by empty read-only folders, so a notebook
  sees no other student's work and no answer key;
- its own network namespace with only a loopback of its own (no network), and its own PID,
  IPC, UTS and user namespaces; all capabilities dropped; killed with its parent;
- resource limits set by the runner before any student code runs (runner.py): address
  space, file size, no core files; per cell a timeout and an output cap, per notebook a
  total time after which the whole sandbox is killed.

- where the machine lets the grader make control groups (cgroup.py), one limit on the
  memory and on the number of processes of the runner, kernel and all they start together.

Not covered: CPU time is limited per cell and per notebook, not shared out; without control
groups memory is limited per process only, and the number of processes for an ordinary user
but not when grading as root (RLIMIT_NPROC does not bind root), so a fork bomb lasts until
the notebook's time is up; what the grading user can read in the visible system folders
(e.g. /etc) a notebook can read too (and cannot send anywhere). The marks are not computed
here: the runner hands the grader each exercise's value, signed (runner.py, grade.py).

Without bubblewrap ``rupak grade`` refuses to run unless ``--no-sandbox`` is given; then
only the resource limits, timeouts and the scratch folder as working directory apply.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rupak_lib.data.paths import REPO_DIR
from rupak_lib.exceptions import SandboxUnavailableError
from rupak_lib.teaching import cgroup

BWRAP_ENV = "RUPAK_BWRAP"  # the bwrap to use; empty: behave as if none were installed
SCRATCH = "/tmp/scratch"  # the notebook's working folder inside the sandbox
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc/alternatives",
               "/etc/ssl", "/etc/fonts", "/etc/localtime", "/etc/mime.types")
EVENTS_CAP = 2**20  # bytes of runner output read at most


@dataclass(frozen=True)
class Limits:
    """The limits of one notebook."""

    cell_timeout: float = 60.0  # seconds per cell
    #: seconds per cell the handout wrote, run as it wrote it (loading the data, the
    #: checks): a student's limit does not cut short the instructor's code
    handout_timeout: float = 120.0
    notebook_timeout: float | None = None  # seconds in all; None: ten cells' worth
    memory: int = 2 * 2**30  # bytes of address space per process
    total_memory: int = 2 * 2**30  # bytes of memory of all its processes (control group)
    output: int = 2 * 2**20  # bytes of output per cell
    scratch: int = 256 * 2**20  # bytes of the private /tmp
    file_size: int = 64 * 2**20  # bytes of the largest file it may write
    processes: int = 256  # for a grading user other than root

    @property
    def total(self) -> float:
        return self.notebook_timeout or 10 * self.cell_timeout

    def for_runner(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Sandbox:
    """How notebooks are run: in bubblewrap (``bwrap`` set) or, asked for, without."""

    bwrap: str | None
    readable: tuple[Path, ...] = ()  # host folders visible read-only (data, project)
    hidden: tuple[Path, ...] = ()  # host folders covered by an empty read-only folder
    grouped: bool = False  # each notebook runs in a control group of its own
    #: the grader's verdicts on the data, read-only: a notebook loading it skips frictionless
    cache: Path | None = None

    def describe(self) -> str:
        group = ("; memory and processes limited per notebook" if self.grouped
                 else "; memory limited per process (no control groups here)")
        if self.bwrap is None:
            return "no sandbox (--no-sandbox): resource limits and timeouts only" + group
        return "bubblewrap: read-only system, private /tmp, no network" + group


def find_bwrap() -> str | None:
    """``$RUPAK_BWRAP`` if set (empty: none), else ``bwrap`` on the PATH."""
    override = os.environ.get(BWRAP_ENV)
    if override is not None:
        return override if override.strip() and os.access(override, os.X_OK) else None
    return shutil.which("bwrap")


def probe(bwrap: str) -> str | None:
    """Why bubblewrap cannot make this sandbox here (None: it can)."""
    argv = [bwrap, *_mounts(Sandbox(bwrap), Limits()), "--", "/bin/true"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        return str(err)
    return None if done.returncode == 0 else (done.stderr.strip() or f"exit {done.returncode}")


def choose(readable: list[Path], hidden: list[Path], no_sandbox: bool,
           cache: Path | None = None) -> Sandbox:
    """The sandbox to grade in; refuse when there is none and ``no_sandbox`` is not set.
    ``cache``: validation verdicts the notebooks read (and cannot write)."""
    grouped = _groups_work()
    readable = [*readable, *([cache] if cache is not None else [])]
    if no_sandbox:
        return Sandbox(None, tuple(readable), tuple(hidden), grouped, cache)
    bwrap = find_bwrap()
    why = "bubblewrap (bwrap) is not installed" if bwrap is None else probe(bwrap)
    if why is not None:
        raise SandboxUnavailableError(
            f"cannot isolate the notebooks: {why}. Install bubblewrap (Debian and Ubuntu: "
            "apt-get install bubblewrap) or, only for notebooks you trust, pass --no-sandbox.")
    return Sandbox(bwrap, tuple(readable), tuple(hidden), grouped, cache)


def _groups_work() -> bool:
    group = cgroup.create(2**30, 16)
    if group is None:
        return False
    group.close()
    return True


def _python_dirs() -> list[Path]:
    """Where this Python, its standard library and its packages live."""
    dirs = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
            Path(os.path.realpath(sys.executable)).parent, REPO_DIR}
    dirs.update(Path(p) for p in sys.path  # not a script's folder: that may be anything
                if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir())
    return sorted(dirs)


def _mounts(sandbox: Sandbox, limits: Limits) -> list[str]:
    args = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--dev", "/dev", "--proc", "/proc"]
    for path in SYSTEM_DIRS:
        args += ["--ro-bind-try", path, path]
    args += ["--size", str(limits.scratch), "--tmpfs", "/tmp", "--dir", SCRATCH]
    for path in [*_python_dirs(), *sandbox.readable]:
        args += ["--ro-bind", str(path), str(path)]
    for path in sandbox.hidden:
        args += ["--tmpfs", str(path), "--remount-ro", str(path)]
    return args


def _environment(scratch: str, cache: Path | None = None) -> dict[str, str]:
    """A clean environment: every writable path in the scratch folder, no data override;
    validation verdicts read from ``cache`` (none kept without it)."""
    home = f"{scratch}/.home"
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "LANG": "C.UTF-8",
        "HOME": home, "TMPDIR": scratch, "MPLCONFIGDIR": f"{home}/matplotlib",
        "IPYTHONDIR": f"{home}/ipython", "JUPYTER_RUNTIME_DIR": f"{home}/runtime",
        "JUPYTER_CONFIG_DIR": f"{home}/jupyter", "JUPYTER_DATA_DIR": f"{home}/jupyter-data",
        "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
        "RUPAK_CACHE_DIR": "" if cache is None else str(cache),
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
    }
    return env


def wrap(sandbox: Sandbox, limits: Limits, argv: Sequence[str],
         scratch: str = SCRATCH) -> list[str]:
    """``argv`` as run in the sandbox (unchanged without bubblewrap)."""
    if sandbox.bwrap is None:
        return list(argv)
    args = [sandbox.bwrap, *_mounts(sandbox, limits), "--clearenv"]
    for key, value in _environment(scratch, sandbox.cache).items():
        args += ["--setenv", key, value]
    return [*args, "--chdir", scratch, "--", *argv]


@dataclass
class Finished:
    """What a runner reported before it ended or was killed."""

    events: list[dict[str, Any]]
    killed: bool  # it ran past the notebook's time and was killed
    returncode: int | None
    stderr: str
    out_of_memory: bool = False  # its control group went over the memory of a notebook


def run(sandbox: Sandbox, job: dict[str, Any], limits: Limits) -> Finished:
    """Run one job (see runner.py) in the sandbox; kill it at the notebook's time limit."""
    with tempfile.TemporaryDirectory(prefix="rupak-grade-") as tmp:
        scratch = SCRATCH if sandbox.bwrap is not None else str(Path(tmp) / "scratch")
        job = {**job, "scratch": scratch, "limits": limits.for_runner()}
        env = None if sandbox.bwrap is not None else {
            **os.environ, **_environment(scratch, sandbox.cache)}
        with open(Path(tmp) / "stderr", "w+b") as err:
            runner = [sys.executable, "-m", "rupak_lib.teaching.runner"]
            argv = wrap(sandbox, limits, runner, scratch)
            group = cgroup.create(limits.total_memory, limits.processes) \
                if sandbox.grouped else None
            try:
                proc = subprocess.Popen(group.argv(argv) if group else argv,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=err, env=env, cwd=tmp, start_new_session=True)
                events, killed = _collect(proc, json.dumps(job).encode(), limits.total,
                                          kill_kernel=sandbox.bwrap is None,
                                          key=bytes.fromhex(str(job.get("key", ""))))
            finally:
                out_of_memory = group is not None and group.out_of_memory()
                if group is not None:
                    group.close()
            err.seek(0)
            stderr = err.read()[-4000:].decode("utf-8", "replace")
    return Finished(events, killed, proc.returncode, stderr, out_of_memory)


def _collect(proc: subprocess.Popen, job: bytes, total: float,
             kill_kernel: bool, key: bytes = b"") -> tuple[list[dict[str, Any]], bool]:
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(job)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    deadline = time.monotonic() + total
    buffer, size, events, killed = b"", 0, [], False
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                killed = True
                break
            if not sel.select(timeout=min(left, 1.0)):
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            size += len(chunk)
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            events += [_parse(line) for line in lines if line.strip()]
            if size > EVENTS_CAP:
                killed = True
                break
    if killed:
        _kill(proc, events if kill_kernel else [], key)
    proc.stdout.close()
    proc.wait()
    return [e for e in events if e is not None], killed


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _kill(proc: subprocess.Popen, events: list[dict[str, Any] | None], key: bytes) -> None:
    """Kill the runner (in bubblewrap: the whole sandbox goes with it) and, without
    bubblewrap, the kernel it started, which runs in a session of its own (as the runner
    signed it: a forged line naming another process is ignored)."""
    from rupak_lib.teaching.runner import verify

    started = [verify(e, key) for e in events]
    targets = [e["pid"] for e in started
               if e and e.get("event") == "started" and isinstance(e.get("pid"), int)]
    for pid in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(int(pid), signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
