"""Time charts for a corpus too large to draw claim by claim: how many claims fall in each year.

A timeline draws one mark per claim. Past a few hundred claims the marks only overlap, and the
figure grows with the corpus: at 10,000 claims one row each made a PNG 180,000 pixels tall and
took a minute; at 30,000, eight. :func:`timeline` therefore hands a large corpus to
:func:`dated_counts`, whose size and cost do not grow with the number of claims.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from rupak_lib.analysis.narrative import plural
from rupak_lib.charts.accessible import describe
from rupak_lib.charts.style import MODALITY_COLORS, _color, _empty, _figure, _note, house_style

#: More dated claims than this are counted by year instead of drawn one by one.
MAX_DRAWN = 300


def counts_by_year(dated: pd.DataFrame) -> pd.DataFrame:
    """Dated claims counted by the year they start in (rows, every year of the span) and
    modality (columns, in contract order, modalities without a claim left out)."""
    years = dated["date_start"].dt.year
    table = pd.crosstab(years, dated["modality"].astype("string"))
    if table.empty:
        return table
    table = table.reindex(range(int(years.min()), int(years.max()) + 1), fill_value=0)
    order = [m for m in dated["modality"].cat.categories if m in table.columns]
    table = table[order]
    table.index.name, table.columns.name = "year", "modality"
    return table


def dated_counts(dated: pd.DataFrame, undated: int, ax: Axes | None = None, *,
                 title: str) -> Figure:
    """Stacked bars of dated claims per starting year, coloured by modality."""
    table = counts_by_year(dated)
    with house_style():
        fig, ax, own = _figure(ax, (10, 4.2))
        ax.set_title(title)
        skipped = f"{plural(undated, 'undated claim')} not counted" if undated else ""
        if table.empty:
            _empty(ax, "No dated claims")
            _note(fig, own, skipped)
            return fig
        bottom = np.zeros(len(table))
        for modality in table.columns:
            ax.bar(table.index, table[modality], bottom=bottom, width=0.9,
                   color=_color(MODALITY_COLORS, modality), label=modality)
            bottom += table[modality].to_numpy()
        ax.set_xlabel("year in which the claim starts")
        ax.set_ylabel("claims (count)")
        ax.grid(axis="y")
        ax.set_axisbelow(True)
        handles = [Patch(color=_color(MODALITY_COLORS, m), label=m) for m in table.columns]
        ax.legend(handles=handles, title="modality", loc="upper left", ncols=len(handles))
        _note(fig, own, f"{plural(len(dated), 'dated claim')}, too many to draw one by one: "
                        "counted by the year each starts in", skipped)
        peak = int(table.sum(axis=1).idxmax())
        describe(fig, f"Stacked bars of {plural(len(dated), 'dated claim')} by the year each "
                      f"starts in, {table.index.min()} to {table.index.max()}, coloured by "
                      f"modality; the most, {int(table.sum(axis=1).max())}, in {peak}.")
    return fig
