"""Processes that die with the one that started them.

A build's workers and their kernels must not outlive the build, however it ends: Ctrl-C,
SIGTERM (what ``timeout`` and CI send) or SIGKILL. Each worker asks the kernel to send it
SIGTERM when its parent dies (Linux's parent-death signal; elsewhere a thread watches the
parent), and its SIGTERM handler kills its kernel's whole process group before it exits.
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
