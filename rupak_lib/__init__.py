"""rupak: curated, source-linked facts on Russia-Pakistan relations, for analysis in Jupyter.

    import rupak_lib as rk
    corpus = rk.load()        # the bundled data/ (or $RUPAK_DATA, or a path)
    rk.validate()             # every problem of the data, as a list
    rk.timeline(corpus.facts)

Importing the package loads neither pandas nor matplotlib: pandas comes with the first
``load()``, and the chart functions and the ``charts``, ``analysis``, ``narrative``,
``display`` and ``seminar`` modules load on first use. The ``rupak`` command therefore
starts quickly.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from .corpus import Corpus
from .exceptions import (
    BuildError,
    DataValidationError,
    ReportError,
    ReportExecutionError,
    RupakError,
    UnknownIdError,
)
from .load import load
from .paths import default_data_dir
from .validate import Coverage, Problem, ValidationReport, check, coverage, validate

try:
    __version__ = version("rupak")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

DATA_DIR = default_data_dir()  # where load() and validate() look when given no path

_CHARTS = ("timeline", "modality_by_theme", "theme_balance", "entity_mentions",
           "entity_network", "places_map", "verification_status", "record_timeline",
           "record_by_decade")
_LAZY_MODULES = ("charts", "analysis", "narrative", "display", "seminar", "speech", "record",
                 "findings")

__all__ = [
    "DATA_DIR", "BuildError", "Corpus", "Coverage", "DataValidationError", "Problem",
    "ReportError", "ReportExecutionError", "RupakError", "UnknownIdError", "ValidationReport",
    "__version__", "check", "coverage", "load", "validate", *_CHARTS, *_LAZY_MODULES,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _CHARTS:
        return getattr(importlib.import_module(".charts", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_CHARTS, *_LAZY_MODULES})
