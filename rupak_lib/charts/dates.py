"""Charts of time: the timeline of dated facts, and facts by decade."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from rupak_lib.analysis import tables as an
from rupak_lib.analysis.narrative import plural
from rupak_lib.charts import volume
from rupak_lib.charts.accessible import describe, listing
from rupak_lib.charts.style import (
    _NOTE_COLOR,
    MODALITY_COLORS,
    _color,
    _count_labels,
    _decade_axis,
    _empty,
    _figure,
    _note,
    _two_lines,
    house_style,
)


def _dated(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts that claim a date, with drawing bounds: start and the day after the end."""
    d = facts[(facts["date_precision"].astype("string") != "none")
              & facts["date_start"].notna()].copy()
    d["end"] = d["date_end"].fillna(d["date_start"])
    d["end"] = d[["end", "date_start"]].max(axis=1)
    d["stop"] = d["end"] + pd.Timedelta(days=1)
    d["point"] = (d["date_precision"].astype("string") == "day") & (d["end"] == d["date_start"])
    return d.sort_values(["date_start", "end", "fact_id"], kind="stable")


def _eras(d: pd.DataFrame, min_gap_years: float) -> list[pd.DataFrame]:
    """Split the dated facts in two at the widest gap no fact covers, if it is wide enough."""
    if len(d) < 2:
        return [d]
    reach = d["stop"].cummax().shift()
    gaps = (d["date_start"] - reach).dt.days / 365.25
    if gaps.isna().all() or gaps.max() < min_gap_years:
        return [d]
    at = d.index.get_loc(gaps.idxmax())
    return [d.iloc[:at], d.iloc[at:]]


def _draw_timeline(ax: Axes, d: pd.DataFrame, label: str, width: int,
                   rows: list[str] | None = None) -> None:
    """Draw dated facts, one row each, or with ``rows`` (theme titles) one row per theme."""
    start = mdates.date2num(d["date_start"].to_numpy())
    stop = mdates.date2num(d["stop"].to_numpy())
    span = max(stop.max() - start.min(), 30.0)
    n = len(rows) if rows is not None else len(d)
    y = (n - 1 - d["row"].to_numpy()) if rows is not None else np.arange(len(d))[::-1]
    colors = [_color(MODALITY_COLORS, m) for m in d["modality"]]
    bars = ~d["point"].to_numpy()
    if bars.any():
        widths = (stop - start)[bars]
        narrow = widths < span * 0.004  # would vanish: give it an edge of its own colour
        edges = [c if n else "none" for c, n in zip(np.array(colors)[bars], narrow, strict=True)]
        # one row per fact: an edge only where a bar is too narrow to see; a row per theme:
        # translucent bars with white edges, so that overlapping periods show
        style = dict(edgecolor=edges, linewidth=1.5) if rows is None else \
            dict(edgecolor="white", linewidth=0.8, alpha=0.75)  # alpha would blacken "none"
        ax.barh(y[bars], widths, left=start[bars], height=0.56,
                color=np.array(colors)[bars].tolist(), **style)
    if (~bars).any():
        ax.scatter(start[~bars], y[~bars], s=46, c=np.array(colors)[~bars].tolist(),
                   edgecolors="white", linewidths=0.8, zorder=3)
    if rows is not None:
        ax.set_yticks(np.arange(n)[::-1], [_two_lines(r, 28) for r in rows])
    else:
        labels = d["fact_id"] if label == "fact_id" else d["summary"].map(
            lambda s: _two_lines(s, width))
        ax.set_yticks(y, labels.to_list())
    ax.set_ylim(-0.7, n - 0.3)
    pad = span * 0.03
    ax.set_xlim(start.min() - pad, stop.max() + pad)
    ax.xaxis_date()
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)


def timeline(facts: pd.DataFrame, ax: Axes | None = None, *, label: str = "summary",
             width: int = 50, min_gap_years: float = 5.0, themes: pd.DataFrame | None = None,
             title: str = "When the claims are set") -> Figure:
    """One row per dated fact: a point for a single day, a bar for a month, year or decade.

    Given ``themes``, one row per theme instead (in display order, themes without a dated
    fact left out), each fact drawn on its theme's row: the shape of the whole corpus.

    Colours are modalities. Facts without a date are left out (the caption counts them).
    Without ``ax``, a gap of ``min_gap_years`` or more that no fact covers (typically between
    the history and the recent years) splits the chart into two panels with their own scale,
    so that a month stays visible next to a decade. ``label`` is "summary" (on up to two
    lines of ``width`` characters) or "fact_id". More than ``volume.MAX_DRAWN`` dated facts
    are counted by year instead (:func:`volume.dated_counts`).
    """
    if len(dated := _dated(facts)) > volume.MAX_DRAWN:
        return volume.dated_counts(dated, len(facts) - len(dated), ax, title=title)
    with house_style():
        d = dated
        undated = len(facts) - len(d)
        skipped = f"{plural(undated, 'undated claim')} not shown" if undated else ""
        eras = _eras(d, min_gap_years) if ax is None else [d]
        titles: list[list[str] | None] = [None] * len(eras)
        if themes is not None:  # a row per theme with a dated claim in the panel
            ordered = themes.sort_values("position", kind="stable")
            for i, era in enumerate(eras):
                present = ordered[ordered["theme_id"].isin(set(era["theme_id"]))]
                titles[i] = [str(t) for t in present["title"]]
                eras[i] = era.assign(row=era["theme_id"].map(
                    {t: r for r, t in enumerate(present["theme_id"])}))
        rows = [len(t) if t is not None else len(e) for t, e in zip(titles, eras, strict=True)]
        per_row = 0.27 if label == "fact_id" else 0.45 if themes is not None else 0.4
        height = 1.5 + sum(per_row * r + 0.75 for r in rows)
        if ax is not None:
            fig, axes, own = ax.get_figure(root=True), [ax], False
        else:
            size = (10, max(2.8, height) if len(d) else 2.2)
            fig, own = Figure(figsize=size, layout="constrained"), True
            grid = fig.add_gridspec(len(eras), 1, height_ratios=[r + 2.2 for r in rows])
            axes = [fig.add_subplot(grid[i]) for i in range(len(eras))]
        axes[0].set_title(title)
        describe(fig, _timeline_alt(d, undated))
        if d.empty:
            _empty(axes[0], "No dated claims")
            _note(fig, own, skipped)
            return fig
        for a, era, rows_of in zip(axes, eras, titles, strict=True):
            _draw_timeline(a, era, label, width, rows_of)
        for i in range(1, len(eras)):
            gap_from = eras[i - 1]["end"].max().year + 1
            gap_to = eras[i]["date_start"].min().year - 1
            gap = f"… no dated claims from {gap_from} to {gap_to} …" if gap_to > gap_from else "…"
            axes[i].set_title(gap, fontsize=9, fontweight="normal", color=_NOTE_COLOR,
                              loc="left", style="italic")
        axes[-1].set_xlabel("date" if own or not skipped else f"date ({skipped})")
        present = [m for m in MODALITY_COLORS if (d["modality"].astype("string") == m).any()]
        handles = [Patch(color=MODALITY_COLORS[m], label=m) for m in present]
        if own:
            fig.legend(handles=handles, title="modality", loc="outside upper right",
                       ncols=len(handles))
        else:
            ax.legend(handles=handles, title="modality", loc="upper left",
                      bbox_to_anchor=(1.0, 1.0))
        _note(fig, own, "bars span the period meant, dots a single day"
              + ("; overlapping bars darken" if themes is not None else ""), skipped)
    return fig


def _timeline_alt(d: pd.DataFrame, undated: int) -> str:
    """The timeline in words: how many dated claims, their range, and the first few."""
    rest = f" {plural(undated, 'undated claim')} not shown." if undated else ""
    if d.empty:
        return "Timeline with no dated claim." + rest
    first, last = d["date_start"].min().year, d["end"].max().year
    items = [f"{an.format_period(r.date_start, r.date_end, r.date_precision)}: "
             f"{r.summary.rstrip('.')} ({r.modality})" for r in d.head(8).itertuples()]
    more = f"; and {len(d) - 8} more" if len(d) > 8 else ""
    return (f"Timeline of {plural(len(d), 'dated claim')} from {first} to {last}, "
            f"coloured by modality. " + "; ".join(items) + more + "." + rest)


def decades(facts: pd.DataFrame, ax: Axes | None = None, *,
            title: str = "Dated claims by decade") -> Figure:
    """Dated facts counted in every decade their period spans, empty decades shown as gaps."""
    table = an.decades(facts)
    undated, spanning = table.attrs.get("undated", 0), table.attrs.get("spanning", 0)
    notes = ([f"{plural(spanning, 'claim')} spanning several decades counted in each"]
             if spanning else []) + ([f"{plural(undated, 'undated claim')} not counted"]
                                     if undated else [])
    skipped = "; ".join(notes)
    with house_style():
        fig, ax, own = _figure(ax, (10, 3.6))
        ax.set_title(title)
        describe(fig, f"Bar chart of the dated claims by the decades they span: "
                      f"{listing(zip(table.index, table['facts'], strict=True), 20) or 'none'}"
                      + (f"; {skipped}." if skipped else "."))
        if table.empty:
            _empty(ax, "No dated claims")
            _note(fig, own, skipped)
            return fig
        x = np.arange(len(table))
        bars = ax.bar(x, table["facts"], width=0.7, color="#355C7D")
        _count_labels(ax, bars, table["facts"])
        _decade_axis(ax, table.index, table["facts"].max(), 1.15, "claim")
        _note(fig, own, skipped)
    return fig


