"""Charts of the record beside the sources: one timeline of the record's events marked by
how the sources treat them, and the record against the mentions, decade by decade."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from rupak_lib.analysis import record as rec
from rupak_lib.analysis.narrative import plural
from rupak_lib.charts.accessible import describe, listing
from rupak_lib.charts.style import (
    _NOTE_COLOR,
    _count_labels,
    _decade_axis,
    _empty,
    _figure,
    _note,
    _wrap,
    house_style,
)
from rupak_lib.data.citation import subject

#: How each standing of an event is drawn: colour, marker, size and whether filled. The
#: events the sources mention stand out; those they leave out stay visible, in grey.
STANDING_STYLE: dict[str, tuple[str, str, float, bool]] = {
    "mentioned": ("#0072B2", "o", 70.0, True),
    "disputed": ("#D55E00", "X", 80.0, True),
    "fulfils": ("#009E73", "D", 60.0, True),
    "alluded": ("#E69F00", "o", 50.0, False),
    "left out": ("#8C8C8C", "o", 26.0, True),
    "later": ("#BBBBBB", "s", 22.0, False),
}


def _plain(text: str) -> str:
    """Text drawn as written: a dollar sign never starts mathtext."""
    return text.replace("$", r"\$")


#: Above this many events the record's timeline draws its marks as one picture.
DENSE_MARKS = 1000


def record_timeline(chronology: pd.DataFrame, fact_events: pd.DataFrame,
                    sources: pd.DataFrame, themes: pd.DataFrame, ax: Axes | None = None, *,
                    title: str | None = None) -> Figure:
    """Every event of the record on one time axis, a row per theme; mentioned events are
    large blue marks, events left out small grey ones; a line spans a multi-day event.

    The date of the (latest) source is drawn as a dashed vertical line.
    """
    ordered = themes.sort_values(["position", "theme_id"], kind="stable")
    ordered = ordered[ordered["theme_id"].isin(set(chronology["theme_id"]))]
    who = subject(sources, "the sources")  # "the speech", "the article", or "the sources"
    with house_style():
        fig, ax, own = _figure(ax, (10, 1.6 + 0.5 * max(len(ordered), 1)))
        ax.set_title(title or f"The record and {who}")
        if chronology.empty:
            _empty(ax, "The record holds no event")
            return describe(fig, "Timeline of the record: it holds no event.")
        st = rec.standing(chronology, fact_events, sources).astype("string")
        counts = st.value_counts()
        years = chronology["date_start"].dt.year
        describe(fig, f"Timeline of the record's {plural(len(chronology), 'event')} from "
                      f"{years.min()} to {years.max()}, a row per theme, each marked by how "
                      f"{who} {'treats' if len(sources) == 1 else 'treat'} it: " + listing(
                          (s_, int(counts.get(s_, 0))) for s_ in STANDING_STYLE) + ".")
        # thousands of marks drawn one by one made a 3.4 MB chart: past DENSE_MARKS they are
        # drawn as one picture inside the chart, its text and axes staying sharp
        dense = len(chronology) > DENSE_MARKS
        row = {t: i for i, t in enumerate(ordered["theme_id"])}
        y = chronology["theme_id"].map(row).to_numpy(dtype=float)
        start = mdates.date2num(chronology["date_start"].to_numpy())
        end = mdates.date2num(chronology["date_end"].to_numpy())
        for standing, (color, marker, size, filled) in STANDING_STYLE.items():
            at = (st == standing).to_numpy()
            if not at.any():
                continue
            ax.hlines(y[at], start[at], end[at] + 1, color=color, linewidth=2, alpha=0.6,
                      rasterized=dense)
            ax.scatter(start[at], y[at], s=size, marker=marker, zorder=3,
                       facecolors=color if filled else "white", edgecolors=color,
                       linewidths=1.2, label=f"{standing} ({int(at.sum())})",
                       rasterized=dense)
        said = rec._said_on(sources)
        if said is not None:
            ax.axvline(mdates.date2num(said), color=_NOTE_COLOR, linestyle="--", linewidth=1)
        ax.set_yticks(range(len(ordered)),
                      [_plain(_wrap(str(t), 28)) for t in ordered["title"]])
        ax.set_ylim(len(ordered) - 0.5, -0.5)
        ax.xaxis_date()
        ax.xaxis.set_major_locator(mdates.YearLocator(10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        handles, labels = ax.get_legend_handles_labels()
        if said is not None:
            handles.append(Line2D([], [], color=_NOTE_COLOR, linestyle="--"))
            labels.append(who if len(sources) == 1 else "the latest source")
        verb = "treats" if len(sources) == 1 else "treat"
        ax.legend(handles, labels, title=f"how {who} {verb} it", loc="upper left",
                  bbox_to_anchor=(1.0, 1.0))
        _note(fig, own, "each mark is an event of the record, at its start")
    return fig


def record_by_decade(chronology: pd.DataFrame, fact_events: pd.DataFrame,
                     sources: pd.DataFrame, ax: Axes | None = None, *,
                     title: str | None = None) -> Figure:
    """Per decade: the events of the record beside the events the sources mention (or
    dispute) and those they allude to."""
    table = rec.selection_by_decade(chronology, fact_events, sources)
    who = subject(sources, "the sources")
    one = len(sources) == 1
    with house_style():
        fig, ax, own = _figure(ax, (10, 3.8))
        ax.set_title(title or f"Events in the record, and those {who} "
                              f"{'mentions' if one else 'mention'}")
        describe(fig, f"Bars per decade: the events of the record, those {who} "
                      f"{'mentions' if one else 'mention'} and those "
                      f"{'it alludes' if one else 'they allude'} to: " + "; ".join(
                          f"{d} {int(r.events)} in the record, "
                          f"{int(r.mentioned + r.disputed)} mentioned, {int(r.alluded)} alluded to"
                          for d, r in zip(table.index, table.itertuples(), strict=True))
                 + "." if not table.empty else "Bars per decade: the record holds no event.")
        if table.empty:
            _empty(ax, "The record holds no event")
            return fig
        x = np.arange(len(table))
        series = [("in the record", table["events"], "#BBBBBB"),
                  ("mentioned", table["mentioned"] + table["disputed"],
                   STANDING_STYLE["mentioned"][0]),
                  ("alluded to", table["alluded"], STANDING_STYLE["alluded"][0])]
        width = 0.27
        for i, (label, values, color) in enumerate(series):
            bars = ax.bar(x + (i - 1) * width, values, width=width, color=color, label=label)
            _count_labels(ax, bars, values)
        _decade_axis(ax, table.index, table["events"].max(), 1.18, "event")
        ax.legend(loc="upper left")
        _note(fig, own)
    return fig
