"""Processes that die with the one that started them.

A build's workers and their kernels must not outlive the build, however it ends: Ctrl-C,
SIGTERM (what ``timeout`` and CI send) or SIGKILL. Each worker asks the kernel to send it
SIGTERM when its parent dies (Linux's parent-death signal; elsewhere a thread watches the
parent), and its SIGTERM handler kills its children (its kernel's whole process group,
even a kernel still starting) and waits for them before it removes the connection file.
A kernel in turn watches its worker (ipykernel's parent poller, through ``JPY_PARENT_PID``),
so a worker killed outright takes its kernel with it as well.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """Have this process receive SIGTERM when ``parent_pid``, its parent, ends."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent was gone before the signal was asked for
        os.kill(os.getpid(), signal.SIGTERM)


def _watch_parent(parent_pid: int, interval: float = 0.5) -> None:
    while os.getppid() == parent_pid:
        time.sleep(interval)
    os.kill(os.getpid(), signal.SIGTERM)


def on_terminate(cleanup: Callable[[], None]) -> None:
    """On SIGTERM run ``cleanup`` and exit at once, with no interpreter teardown to hang on."""

    def handler(signum: int, frame: object) -> None:
        try:
            cleanup()
        finally:
            os._exit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def raise_on_terminate() -> Callable[..., object] | int | None:
    """Turn SIGTERM into SystemExit(143), so that ``finally`` blocks stop what was started.

    Returns the handler it replaced.
    """

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, handler)


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (a kernel runs in a session of its own)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def children() -> list[int]:
    """This process's children (Linux; elsewhere none are found)."""
    found: list[int] = []
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children") as f:
                found += [int(p) for p in f.read().split()]
        except (OSError, ValueError):
            continue
    return found


def kill_children(timeout: float = 2.0) -> None:
    """SIGKILL this process's children and their groups, and wait until they are gone: a
    kernel still starting when its worker stops (not yet known to its manager) would write
    its connection file after the worker removed it."""
    pids = children()
    for pid in pids:
        kill_group(pid)
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    reap(pids, timeout)


def reap(pids: list[int], timeout: float = 2.0) -> None:
    """Wait, at most ``timeout`` seconds, for killed children to be gone: a process killed
    in the middle of writing a file may still create it, so files are removed after."""
    deadline = time.monotonic() + timeout
    left = set(pids)
    while left and time.monotonic() < deadline:
        for pid in list(left):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not ours, or already reaped
                done = pid
            if done:
                left.discard(pid)
        if left:
            time.sleep(0.01)
