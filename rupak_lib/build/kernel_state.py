"""Snapshot and restore the process-wide state a report notebook can change.

A build reuses one kernel for several reports, and each must run as if in a fresh kernel.
What a notebook can change beyond its namespace (which ``%reset`` clears) is put back:
matplotlib's style and figures, warning filters, environment variables, the working
directory (the notebook's folder, as papermill gives a fresh kernel), ``sys.path``, pandas'
options, the global random generators of numpy and ``random`` (seeded anew, as at start),
and the attributes of every module imported when the snapshot was taken. A module first
imported by a report cannot be put back as it was on import; :func:`restore` names such
modules, and the caller replaces the kernel. Kept free of heavy imports: it runs inside the
kernel.
"""

from __future__ import annotations

import os
import random
import re
import sys
import warnings
from types import ModuleType
from typing import Any

_saved: dict[str, Any] = {}
unrestorable: list[str] = []  # what the last restore() could not undo, for the caller

# The kernel's own machinery (and a test runner's), whose modules change as they run and
# which a report does not reach; the state restored by name below; private C modules.
_NOT_RESTORED = (
    "__main__", "builtins", "sys", "warnings", "IPython", "ipykernel", "jupyter_client",
    "jupyter_core", "zmq", "tornado", "traitlets", "asyncio", "threading", "logging",
    "comm", "debugpy", "matplotlib_inline", "concurrent", "selectors", "signal", "atexit",
    "linecache", "importlib", "encodings", "codecs", "pydevd", "_pydev", "_pytest",
    "pytest", "pluggy", "rupak_lib.build.kernel_state",
)


_NOT_RESTORED_NAME = re.compile("(?:" + "|".join(map(re.escape, _NOT_RESTORED)) + r")(?:\.|$)")


def _restorable(name: str) -> bool:
    """One pattern for all: a kernel holds thousands of modules, checked at every report."""
    if name.startswith("_") and "." not in name:
        return False
    return _NOT_RESTORED_NAME.match(name) is None


def snapshot() -> None:
    """Remember the state of a freshly warmed kernel."""
    import matplotlib

    _saved["filters"] = list(warnings.filters)
    _saved["rc"] = matplotlib.rcParams.copy()
    _saved["environ"] = dict(os.environ)
    _saved["cwd"] = os.getcwd()  # where the kernel started: stands in sys.path for it
    _saved["path"] = list(sys.path)
    _restore_options()  # setting the defaults loads the modules that check them, now
    _saved["modules"] = {name: (module, dict(vars(module)))
                         for name, module in list(sys.modules.items())
                         if isinstance(module, ModuleType) and _restorable(name)}


def restore(cwd: str | None = None) -> list[str]:
    """Bring the kernel back to the snapshot, in ``cwd`` (default: where it started).

    Returns the modules imported since the snapshot, which cannot be restored: when there
    are any, the kernel should be replaced rather than reused.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    if "rc" in _saved:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.clear()
            matplotlib.rcParams.update(_saved["rc"])
    warnings.resetwarnings()  # also clears every module's record of warnings already shown
    warnings.filters[:] = _saved.get("filters", warnings.filters)
    if "environ" not in _saved:
        return []
    _restore_environ(_saved["environ"])
    here = cwd or _saved["cwd"]
    os.chdir(here)
    sys.path[:] = [here if p == _saved["cwd"] else p for p in _saved["path"]]
    _restore_options()
    _reseed()
    return _restore_modules(_saved["modules"])


def _restore_environ(saved: dict[str, str]) -> None:
    for name in set(os.environ) - set(saved):
        del os.environ[name]
    for name, value in saved.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


def _restore_options() -> None:
    """pandas' options as in a fresh kernel: their defaults (rupak sets none)."""
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pandas.reset_option("all")


def _reseed() -> None:
    """Fresh entropy for the global generators, as a new process has: no seed carries over."""
    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def _restore_modules(saved: dict[str, tuple[ModuleType, dict[str, Any]]]) -> list[str]:
    for module, attributes in saved.values():
        current = vars(module)
        if current.keys() == attributes.keys() and all(
                current[k] is v for k, v in attributes.items()):
            continue
        for name in set(current) - set(attributes):
            del current[name]
        for name, value in attributes.items():
            if current.get(name, _MISSING) is not value:
                current[name] = value
    return sorted(name for name, module in list(sys.modules.items())
                  if name not in saved and isinstance(module, ModuleType)
                  and _restorable(name))


_MISSING = object()
