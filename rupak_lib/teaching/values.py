"""An exercise's result handed from the student's kernel to the grader as data.

The kernel only encodes the value the exercise names (:func:`export`, JSON: never pickle,
which would run code in the grader); the grader decodes it (:func:`decode`) and checks it in
its own process against a corpus it loaded itself. So nothing the student's code patches in
its kernel can change a check, and a forged value still has to be the right answer.

A Series keeps its index and values, a DataFrame its columns and rows, cells as JSON scalars
(dates as ISO text); any other object is known only by its type's name, which is all the
checks say of it.
"""

from __future__ import annotations

import json
import math
from typing import Any

#: Rows and values beyond these are not sent: no right answer is that long.
MAX_ITEMS = 5000


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "isoformat"):  # a Timestamp or a date; NaT has no year
        try:
            return value.isoformat()
        except ValueError:
            return None
    if isinstance(value, tuple | list):
        return [_cell(v) for v in value]
    item = getattr(value, "item", None)  # a numpy scalar
    if callable(item):
        try:
            return _cell(item())
        except (TypeError, ValueError):
            pass
    text = str(value)
    return None if text in ("nan", "NaT", "<NA>") else text


def encode(value: Any) -> dict[str, Any]:
    import pandas as pd

    if isinstance(value, pd.Series):
        part = value.iloc[:MAX_ITEMS]
        return {"type": "Series", "name": _cell(value.name),
                "index": [_cell(i) for i in part.index], "values": [_cell(v) for v in part]}
    if isinstance(value, pd.DataFrame):
        part = value.iloc[:MAX_ITEMS]
        return {"type": "DataFrame", "columns": [_cell(c) for c in part.columns],
                "rows": [[_cell(v) for v in row] for row in part.itertuples(index=False)]}
    return {"type": type(value).__name__}


def export(nonce: str, name: str, namespace: dict[str, Any]) -> None:
    """Print the encoded value of ``name`` after ``nonce``, for the runner (in the kernel)."""
    found = {"missing": True} if name not in namespace else encode(namespace[name])
    print(nonce + json.dumps(found), flush=True)


class _Other:
    """A value that was neither a Series nor a DataFrame: only its type's name came."""


def decode(data: Any) -> tuple[bool, Any]:
    """(whether the value was defined, the value rebuilt); malformed data is a ValueError."""
    import pandas as pd

    if not isinstance(data, dict):
        raise ValueError("not an encoded value")
    if data.get("missing") is True:
        return False, None
    kind = data.get("type")
    if kind == "Series":
        index, values = data.get("index"), data.get("values")
        if not isinstance(index, list) or not isinstance(values, list) or \
                len(index) != len(values):
            raise ValueError("a Series needs as many index labels as values")
        return True, pd.Series(values, index=pd.Index(index, dtype=object),
                               name=data.get("name"), dtype=object).infer_objects()
    if kind == "DataFrame":
        columns, rows = data.get("columns"), data.get("rows")
        if not isinstance(columns, list) or not isinstance(rows, list) or \
                any(not isinstance(r, list) or len(r) != len(columns) for r in rows):
            raise ValueError("a DataFrame needs rows as long as its columns")
        frame = pd.DataFrame(rows, columns=columns, dtype=object).infer_objects()
        for column in ("date_start", "date_end"):
            if column in frame.columns:
                frame[column] = pd.to_datetime(frame[column], errors="coerce")
        return True, frame
    if not isinstance(kind, str) or not kind.isidentifier():
        raise ValueError("an encoded value names its type")
    return True, type(kind, (_Other,), {})()
