"""rupak: curated, source-linked facts on Russia-Pakistan relations, for analysis in Jupyter.

    import rupak_lib as rk
    corpus = rk.load()        # the bundled data/ (or $RUPAK_DATA, or a path)
    rk.validate()             # every problem of the data, as a list
    rk.timeline(corpus.facts)

Importing the package loads neither pandas nor matplotlib: pandas comes with the first
``load()``, and the chart functions and the ``charts``, ``analysis``, ``narrative``,
``display`` and ``seminar`` modules load on first use. The ``rupak`` command therefore
starts quickly. The subpackages are the layers of ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from rupak_lib.data.corpus import Corpus
from rupak_lib.data.load import load
from rupak_lib.data.paths import default_data_dir
from rupak_lib.data.validate import Coverage, Problem, ValidationReport, check, coverage, validate
from rupak_lib.exceptions import (
    BuildError,
    DataValidationError,
    ReportError,
    ReportExecutionError,
    RupakError,
    UnknownIdError,
)

try:
    __version__ = version("rupak")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

DATA_DIR = default_data_dir()  # where load() and validate() look when given no path

_CHARTS = ("timeline", "modality_by_theme", "theme_balance", "entity_mentions",
           "entity_network", "places_map", "verification_status", "record_timeline",
           "record_by_decade")
#: The modules an analyst or a notebook reaches as ``rk.NAME``, loaded on first use.
_LAZY_MODULES = {
    "actors": "rupak_lib.analysis.actors",
    "charts": "rupak_lib.charts",
    "analysis": "rupak_lib.analysis",
    "compare": "rupak_lib.analysis.compare",
    "critique": "rupak_lib.analysis.critique",
    "display": "rupak_lib.analysis.display",
    "findings": "rupak_lib.analysis.findings",
    "framing": "rupak_lib.analysis.framing",
    "narrative": "rupak_lib.analysis.narrative",
    "per_source": "rupak_lib.analysis.per_source",
    "record": "rupak_lib.analysis.record",
    "speech": "rupak_lib.analysis.speech",
    "seminar": "rupak_lib.teaching.seminar",
}

__all__ = [
    "DATA_DIR", "BuildError", "Corpus", "Coverage", "DataValidationError", "Problem",
    "ReportError", "ReportExecutionError", "RupakError", "UnknownIdError", "ValidationReport",
    "__version__", "check", "coverage", "draft", "load", "validate", *_CHARTS, *_LAZY_MODULES,
]


def draft(corpus: Corpus, source_id: str) -> Any:
    """The proposed claims of a source as a DataFrame (what ``rupak draft`` writes): one per
    body sentence, with dates, entities, theme, kind, modality and record links."""
    from rupak_lib.curation.draft import draft as drafted

    return drafted(corpus, source_id)


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        return importlib.import_module(_LAZY_MODULES[name])
    if name in _CHARTS:
        return getattr(importlib.import_module("rupak_lib.charts"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_CHARTS, *_LAZY_MODULES})
