"""Snapshot and restore the process-wide state a report notebook can change.

A build reuses one kernel for several reports; what one report does to matplotlib's style,
its open figures or the warning filters must not show in the next. Kept free of heavy
imports: it runs inside the kernel.
"""

from __future__ import annotations

import warnings
from typing import Any

_saved: dict[str, Any] = {}


def snapshot() -> None:
    """Remember the state of a freshly warmed kernel."""
    import matplotlib

    _saved["filters"] = list(warnings.filters)
    _saved["rc"] = matplotlib.rcParams.copy()


def restore() -> None:
    """Bring the kernel back to the snapshot: no figures, same style, warnings shown anew."""
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
