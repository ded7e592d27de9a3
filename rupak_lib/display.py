"""Tables as reports show them: plain, escaped HTML with the same bytes on every run.

pandas' Styler gives every table a random id and does not escape cell text; a report must
be byte-identical from one build to the next and must show a ``<script>`` in the data as
text. :func:`table` wraps a DataFrame so that notebooks display it that way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: A longer table is shown in pages of this many rows: the first open, each other one folded
#: in a ``<details>`` element (no script needed, every row still in the report), so that a
#: theme with thousands of claims opens on its first hundred.
PAGE_ROWS = 100


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
        n = len(self.frame)
        if n <= PAGE_ROWS:
            return self._html(self.frame)
        pages = [self._html(self.frame.iloc[:PAGE_ROWS])]
        for start in range(PAGE_ROWS, n, PAGE_ROWS):
            end = min(start + PAGE_ROWS, n)
            pages.append(f'<details class="rupak-page"><summary>Rows {start + 1}–{end} of '
                         f'{n}</summary>\n{self._html(self.frame.iloc[start:end])}</details>')
        return "\n".join(pages)

    def _html(self, frame: pd.DataFrame) -> str:
        html = frame.to_html(index=self.index, border=0, classes="rupak-table",
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
