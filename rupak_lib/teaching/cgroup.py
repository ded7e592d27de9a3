"""One memory and process limit for all of a notebook's processes together (a cgroup).

Limits per process (``RLIMIT_AS``) let five processes of 1.8 GiB each run side by side, and
``RLIMIT_NPROC`` does not bind root; a control group counts a notebook's runner, kernel and
everything they start as one. Where the grader may create groups — as root with the cgroup
v1 ``memory`` and ``pids`` hierarchies mounted, or with a cgroup v2 root whose
``cgroup.subtree_control`` enables both controllers — each notebook runs in a group of its
own; elsewhere ``create`` returns None, the grade sheet says so, and the limits per process
are all there is.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
_serial = itertools.count()


@dataclass(frozen=True)
class Group:
    """A group made for one notebook: one folder per hierarchy its processes join."""

    dirs: tuple[Path, ...]
    v2: bool

    def argv(self, argv: Sequence[str]) -> list[str]:
        """``argv`` started by a shell that first moves itself into the group, so that
        nothing the notebook starts is ever outside it."""
        files = [str(d / "cgroup.procs") for d in self.dirs]
        script = ('while [ "$1" != -- ]; do echo $$ > "$1" || exit 126; shift; done; '
                  'shift; exec "$@"')
        return ["/bin/sh", "-c", script, "sh", *files, "--", *argv]

    def out_of_memory(self) -> bool:
        """Whether the kernel killed a process of the group for going over its memory."""
        memory = self.dirs[0]
        name = "memory.events" if self.v2 else "memory.oom_control"
        with contextlib.suppress(OSError, ValueError):
            for line in (memory / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and int(value) > 0:
                    return True
        if not self.v2:  # older kernels count hits on the limit, not kills
            with contextlib.suppress(OSError, ValueError):
                return int((memory / "memory.failcnt").read_text()) > 0
        return False

    def close(self) -> None:
        """Kill what is left in the group and remove it."""
        for _ in range(50):
            pids = _members(self.dirs)
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)
        for folder in self.dirs:
            with contextlib.suppress(OSError):
                folder.rmdir()


def _members(dirs: Sequence[Path]) -> set[int]:
    pids: set[int] = set()
    for folder in dirs:
        with contextlib.suppress(OSError):
            pids |= {int(p) for p in (folder / "cgroup.procs").read_text().split()}
    return pids


def create(memory: int, processes: int, root: Path = ROOT) -> Group | None:
    """A new group holding at most ``memory`` bytes (swap included) and ``processes``
    processes; None where this machine does not let the grader make one."""
    name = f"rupak-grade-{os.getpid()}-{next(_serial)}"
    _sweep(root)
    try:
        if {"memory", "pids"} <= _words(root / "cgroup.subtree_control"):
            group = root / name
            return _make([group], [(group / "memory.max", memory, True),
                                   (group / "memory.swap.max", 0, True),
                                   (group / "pids.max", processes, True)], v2=True)
        if (root / "memory" / "memory.limit_in_bytes").is_file() and \
                (root / "pids" / "cgroup.procs").is_file():
            memory_dir, pids_dir = root / "memory" / name, root / "pids" / name
            return _make([memory_dir, pids_dir], [
                (memory_dir / "memory.limit_in_bytes", memory, True),
                # absent where the kernel does not account swap
                (memory_dir / "memory.memsw.limit_in_bytes", memory, False),
                (pids_dir / "pids.max", processes, True)], v2=False)
    except OSError:
        return None
    return None


def _sweep(root: Path) -> None:
    """Remove the empty groups of graders that are gone (killed before they could)."""
    for hierarchy in (root, root / "memory", root / "pids"):
        with contextlib.suppress(OSError):
            for folder in hierarchy.glob("rupak-grade-*-*"):
                pid = folder.name.split("-")[2]
                if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                    with contextlib.suppress(OSError):
                        folder.rmdir()


def _words(path: Path) -> set[str]:
    try:
        return set(path.read_text().split())
    except OSError:
        return set()


def _make(dirs: list[Path], limits: list[tuple[Path, int, bool]], v2: bool) -> Group:
    """Create the folders and write the limits (file, value, required); on any failure
    remove what was made."""
    made: list[Path] = []
    try:
        for folder in dirs:
            folder.mkdir()
            made.append(folder)
        for target, value, required in limits:
            if required or target.exists():
                target.write_text(str(value))
    except OSError:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return Group(tuple(dirs), v2)
