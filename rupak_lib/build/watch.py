"""Watching the data, the notebooks and the library for edits, by polling their files'
sizes and modification times (the standard library does it; a burst of saves, or a file an
editor writes in two steps, settles into one change after a short quiet spell).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable
from pathlib import Path

POLL_SECONDS = 0.05  # how often the files are looked at (a look takes about 2 ms)
QUIET_SECONDS = 0.1  # how long they must stay unchanged before a rebuild starts
SETTLE_POLL_SECONDS = 0.02  # how often, once a change is seen, until it settles

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


class Written:
    """The files as the preview's own last write left them (a save in the curation page).

    A change that reaches exactly that state is complete and needs no quiet spell; the
    mark names a state rather than a moment, so that a mark set after the watcher already
    settled on its change never cuts short the quiet spell of a later edit in an editor.
    """

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = list(roots)
        self._state: Snapshot | None = None
        self._lock = threading.Lock()

    def set(self) -> None:
        """Mark the files' present state as written whole."""
        state = snapshot(self.roots)
        with self._lock:
            self._state = state

    def vouches(self, current: Snapshot) -> bool:
        with self._lock:
            return self._state is not None and self._state == current


def wait_for_change(roots: list[Path], since: Snapshot, stop: threading.Event,
                    poll: float = POLL_SECONDS, quiet: float = QUIET_SECONDS,
                    written: Written | None = None) -> Snapshot | None:
    """Block until the files differ from ``since`` and then stay unchanged for ``quiet``
    seconds; the new snapshot, or None when ``stop`` is set. A change to the state
    ``written`` vouches for (the preview's own complete write) needs no quiet spell."""
    # sleep, not stop.wait(): Ctrl-C inside Event.wait can leave the event's lock held, and
    # close() would then hang on stop.set()
    current = since
    while current == since:
        if _stopped_after(poll, stop):
            return None
        current = snapshot(roots)
    settled_at = time.monotonic()
    while time.monotonic() - settled_at < quiet:
        if written is not None and written.vouches(current):
            return current
        if _stopped_after(min(poll, SETTLE_POLL_SECONDS), stop):
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
