"""The output folder of a build or a handout run: checked, locked, and written only inside.

Every output path is a plain file name joined to the folder and checked to stay in it, so
that no id, manifest entry or other data can make rupak write or delete anywhere else. The
folder is checked before any work (it exists or can be made, is a folder, is writable), a
lock keeps a second run out while one is writing, and a file-system error becomes one line
naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from rupak_lib.exceptions import RupakError

NAME_MAX = 255  # bytes in one file name, on the common file systems

_REASONS = {
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied (read-only?)",
    errno.EPERM: "permission denied (read-only?)",
    errno.ENOTDIR: "not a directory",
    errno.EEXIST: "exists and is not a directory",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.ENAMETOOLONG: "the file name is too long",
}


class OutputError(RupakError):
    """The output folder cannot be used or written: one line, naming the path."""


class OutputLocked(OutputError):
    """Another rupak run holds the output folder's lock."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is being written by another rupak run; wait for it to "
                         "finish, then run again")
        self.path = path


def failure(err: OSError, path: Path | str | None = None) -> OutputError:
    """An OSError as one line: the path, and what is wrong with it in plain words."""
    where = err.filename if err.filename is not None else path
    reason = _REASONS.get(err.errno or 0) or err.strerror or str(err)
    return OutputError(f"{where}: {reason}; nothing more was written")


def check(out: Path | str) -> Path:
    """``out`` as an absolute path, refused now if it could not be written later.

    It must be a folder, or not exist yet below a folder that can be written; nothing is
    created, so that a run refused for another reason leaves no trace.
    """
    out = Path(out).expanduser().absolute()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: not a directory; give a folder to write to")
    existing = out
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{existing}: not a directory, so {out} cannot be made")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{existing}: not writable (read-only?); nothing was written")
    return out


def not_inside(out: Path, folder: Path, what: str) -> None:
    """Refuse an output folder that is, or lies inside, ``folder`` (the data, or a class's
    submissions): a build would watch its own pages as data edits, and grading would take
    its own grade sheet for students' notebooks."""
    out, folder = Path(out).expanduser().resolve(), Path(folder).expanduser().resolve()
    if out == folder or out.is_relative_to(folder):
        raise OutputError(f"{out}: inside {what} {folder}; write elsewhere")


def prepare(out: Path) -> Path:
    """``out`` made and checked for writing before any work is done: its absolute path."""
    out = check(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise failure(err, out) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: not writable (read-only?); nothing was written")
    return out.resolve()


def inside(out: Path, name: str) -> Path:
    """``out / name`` for a plain file name that stays in ``out``; OutputError otherwise."""
    if (not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name
            or len(name.encode("utf-8", "surrogatepass")) > NAME_MAX):
        raise OutputError(f"{name[:80]!r} is not a file name rupak writes in {out}")
    path = out / name
    if path.resolve().parent != out.resolve():
        raise OutputError(f"{name!r} would be written outside {out}")
    return path


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the folder's lock while the block runs; refuse when another run holds it.

    The lock is an advisory ``flock`` on the folder itself, so it adds no file to it; the
    system drops it when the holder ends, however it ends, so a killed run never leaves the
    folder locked.
    """
    import fcntl

    try:
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as err:
        raise failure(err, out) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(out) from None
        try:
            yield
        finally:
            # released, not only closed: a worker forked while the lock was held shares it,
            # and would otherwise hold the folder locked for as long as it lives
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def wait_unlocked(out: Path, stop: threading.Event, poll: float = 0.2) -> bool:
    """Block until no run holds the folder's lock (True), or until ``stop`` is set (False).
    Polls rather than blocks in ``flock``, so that stopping is never held up."""
    while not stop.is_set():
        try:
            with locked(out):
                return True
        except OutputLocked:
            time.sleep(poll)
    return False


@contextlib.contextmanager
def reporting(path: Path | None = None) -> Iterator[None]:
    """Turn an OSError raised in the block into one OutputError naming its path."""
    try:
        yield
    except OSError as err:
        raise failure(err, path) from None
