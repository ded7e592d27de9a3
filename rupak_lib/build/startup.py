"""What a rupak process does before its first notebook: defer a dependency's slow import.

Reading or writing any notebook imports nbformat, which imports jsonschema, which imports
the IRI grammar of ``rfc3987_syntax`` when it is installed (JupyterLab's event schemas ask
for it). Building that grammar costs about a second of CPU at import, in every process that
reads a notebook or validates the package: each ``rupak`` command and each build worker.
No notebook schema checks an IRI, so the grammar is built only when something first asks
to check one; what that check answers does not change.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

SLOW = "rfc3987_syntax"


class _Deferred(types.ModuleType):
    """Stands in for ``rfc3987_syntax`` until a name of it other than its syntax check is
    read, or that check is called; then the real module takes its place."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # asked by the import system itself, as of any module
            raise AttributeError(name)
        return getattr(_real(), name)


def _real() -> types.ModuleType:
    if isinstance(sys.modules.get(SLOW), _Deferred):
        del sys.modules[SLOW]
    return importlib.import_module(SLOW)


def _is_valid_syntax(term: str, value: str) -> bool:
    return _real().is_valid_syntax(term, value)


def defer_slow_imports() -> bool:
    """Put the stand-in in place, unless the module is absent or already imported; whether
    it was put."""
    if SLOW in sys.modules or importlib.util.find_spec(SLOW) is None:
        return False
    stand_in = _Deferred(SLOW, __doc__)
    stand_in.is_valid_syntax = _is_valid_syntax  # what jsonschema imports by name
    sys.modules[SLOW] = stand_in
    return True
