"""Charts drawn once per content while reports are built.

Drawing is most of a report's time (text layout above all), and an edit to one claim
leaves most charts of the pages it touches as they were: the map of places and the
entities bars do not change when a summary does. In a build's warm kernel, the report
charts are kept by a digest of their inputs (each table's rows, columns and types), and
each figure keeps the image it was drawn as; the same inputs give the same figure object
and the same bytes without drawing again.

Off unless :func:`enable` is called — the build's kernels call it before their snapshot —
because an analyst who changes a figure after getting it (a title, a colour) must never get
that changed figure back from a later call with the same data.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

LIMIT = 64  # figures kept; a report set draws about five per page
_figures: OrderedDict[str, Any] = OrderedDict()
_state = {"on": False}

F = TypeVar("F", bound=Callable[..., Any])


def enable(on: bool = True) -> None:
    """Keep charts for the rest of this process (a build's kernel), or stop and forget."""
    _state["on"] = on
    if not on:
        _figures.clear()


def enabled() -> bool:
    return _state["on"]


def digest(value: Any) -> str | None:
    """A digest of a chart's input, or None for an input that has none we can trust."""
    import pandas as pd

    h = hashlib.sha256()
    if isinstance(value, (pd.DataFrame, pd.Series)):
        try:
            rows = pd.util.hash_pandas_object(value, index=True).to_numpy()
        except TypeError:
            return None
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        h.update(rows.tobytes())
        # a category list orders bars and draws zero rows: part of what a chart shows
        h.update(repr([(str(c), str(t), list(t.categories) if isinstance(
            t, pd.CategoricalDtype) else None) for c, t in frame.dtypes.items()]).encode())
        h.update(repr(sorted(map(repr, value.attrs.items()))).encode())
        return h.hexdigest()
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr((type(value).__name__, value))
    if isinstance(value, (tuple, list, frozenset)):
        parts = [digest(v) for v in (sorted(value, key=repr) if isinstance(value, frozenset)
                                     else value)]
        return None if None in parts else repr((type(value).__name__, parts))
    return None


def memoized(chart: F) -> F:
    """``chart`` kept by its inputs while enabled; called as it is otherwise."""
    @functools.wraps(chart)
    def kept(*args: Any, **kwargs: Any) -> Any:
        if not _state["on"]:
            return chart(*args, **kwargs)
        parts = [digest(a) for a in args] + [digest(v) for _, v in sorted(kwargs.items())]
        if None in parts:
            return chart(*args, **kwargs)
        key = repr((chart.__module__, chart.__qualname__, parts, sorted(kwargs)))
        if key in _figures:
            _figures.move_to_end(key)
            return _figures[key]
        result = chart(*args, **kwargs)
        _figures[key] = result
        while len(_figures) > LIMIT:
            _figures.popitem(last=False)
        return result

    return kept  # type: ignore[return-value]


def drawn(fig: Any, options: dict, draw: Callable[[], Any]) -> Any:
    """What ``draw`` gives for ``fig`` with ``options``, drawn once per figure while
    enabled (a figure kept by :func:`memoized` is shown again by the next report)."""
    if not _state["on"]:
        return draw()
    key = repr(sorted(options.items()))
    kept = getattr(fig, "_rupak_drawn", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    result = draw()
    fig._rupak_drawn = (key, result)
    return result
