"""Where rupak finds its data, notebooks, reports and handouts, and where it keeps its cache.

Every location is derived from this file's place in the repository (the package is installed
in editable mode), never from the current directory, so a notebook or a script behaves the
same wherever it is started from.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

DATA_ENV = "RUPAK_DATA"  # a data package to use instead of the bundled one
CACHE_ENV = "RUPAK_CACHE_DIR"  # where validation results are kept; empty to keep none

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent
BUNDLED_DATA_DIR = REPO_DIR / "data"
NOTEBOOKS_DIR = REPO_DIR / "notebooks"
REPORTS_DIR = REPO_DIR / "reports"
HANDOUTS_DIR = REPO_DIR / "handouts"  # seminar handouts (`rupak seminar`)
#: The notebook each kind of report runs, in the notebooks folder (`--notebooks`).
REPORT_NOTEBOOKS = {"overview": "overview.ipynb", "compare": "compare.ipynb",
                    "theme": "theme_report.ipynb", "critique": "source_critique.ipynb"}


def default_data_dir() -> Path:
    """The data package used when none is named: ``$RUPAK_DATA``, else the bundled data/."""
    override = os.environ.get(DATA_ENV)
    return Path(override).expanduser().resolve() if override else BUNDLED_DATA_DIR


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """An absolute data directory: the one given, or the default."""
    if data_dir is None:
        return default_data_dir()
    return Path(data_dir).expanduser().resolve()


def data_parameter(data_dir: Path) -> dict[str, str]:
    """The ``data_dir`` parameter a notebook is run with to read ``data_dir``.

    None for the bundled data, however it was named, so that the reports and handouts made
    from it carry no path of the machine that made them (the notebook's default finds it).
    """
    directory = resolve_data_dir(data_dir)
    return {} if directory == BUNDLED_DATA_DIR else {"data_dir": str(directory)}


_CACHE_HERE: ContextVar[Path | None] = ContextVar("rupak_cache_here", default=None)


@contextlib.contextmanager
def cache_in(directory: Path) -> Iterator[Path]:
    """Validation verdicts kept in ``directory`` within the block (this thread only): the
    grader fills one that its sandboxes read, so that no student's notebook pays for
    frictionless to check data the grader has checked."""
    directory.mkdir(parents=True, exist_ok=True)
    token = _CACHE_HERE.set(directory)
    try:
        yield directory
    finally:
        _CACHE_HERE.reset(token)


def cache_dir() -> Path | None:
    """Directory for cached validation results, or None when caching on disk is turned off.

    The one of an enclosing :func:`cache_in`, else ``$RUPAK_CACHE_DIR`` if set (an empty
    value turns the cache off), else the user's cache directory (``$XDG_CACHE_HOME/rupak``
    or ``~/.cache/rupak``).
    """
    here = _CACHE_HERE.get()
    if here is not None:
        return here
    override = os.environ.get(CACHE_ENV)
    if override is not None:
        return Path(override).expanduser() if override.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rupak"


# --- writing a file in one step: a temporary file beside the target, renamed over it ------
# A failed or interrupted write never leaves half a file where a good one was, nor its
# temporary file.


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; it replaces ``path`` when the block ends.

    When the block raises, the temporary file is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` in one step; the old file stays until the new one is whole."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(path) as tmp:
        tmp.write_bytes(raw)
