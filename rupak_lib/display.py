"""Tables as reports show them: plain, escaped HTML with the same bytes on every run.

pandas' Styler gives every table a random id and does not escape cell text; a report must
be byte-identical from one build to the next and must show a ``<script>`` in the data as
text. :func:`table` wraps a DataFrame so that notebooks display it that way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Table:
    """A DataFrame to display: HTML in notebooks and reports, plain text elsewhere."""

    frame: pd.DataFrame
    caption: str | None = None
    index: bool = False
    precision: int = 1

    def __post_init__(self) -> None:
        if self.index:  # show row labels under their name, as a first column
            object.__setattr__(self, "frame", self.frame.reset_index())
            object.__setattr__(self, "index", False)

    def _float(self, value: float) -> str:
        return f"{value:.{self.precision}f}"

    def _repr_html_(self) -> str:
        html = self.frame.to_html(index=self.index, border=0, classes="rupak-table",
                                  na_rep="—", escape=True, float_format=self._float)
        if self.caption:
            from html import escape

            html = html.replace(">\n", f">\n  <caption>{escape(self.caption)}</caption>\n", 1)
        return html

    def __repr__(self) -> str:
        text = self.frame.to_string(index=self.index, na_rep="—", float_format=self._float)
        return f"{self.caption}\n{text}" if self.caption else text


def table(frame: pd.DataFrame, caption: str | None = None, *, index: bool | None = None,
          precision: int = 1) -> Table:
    """Show ``frame`` as a plain table.

    Row labels are shown when they mean something: by default, unless they are the plain
    0, 1, 2... of a RangeIndex.
    """
    if index is None:
        index = not isinstance(frame.index, pd.RangeIndex)
    return Table(frame, caption, index, precision)
