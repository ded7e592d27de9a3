"""Charts of time: the timeline of dated facts, and facts by decade."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .. import analysis as an
from ..words import plural
from . import volume
from .style import (
    _NOTE_COLOR,
    MODALITY_COLORS,
    _color,
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


def _draw_timeline(ax: Axes, d: pd.DataFrame, label: str, width: int) -> None:
    start = mdates.date2num(d["date_start"].to_numpy())
    stop = mdates.date2num(d["stop"].to_numpy())
    span = max(stop.max() - start.min(), 30.0)
    y = np.arange(len(d))[::-1]
    colors = [_color(MODALITY_COLORS, m) for m in d["modality"]]
    bars = ~d["point"].to_numpy()
    if bars.any():
        widths = (stop - start)[bars]
        narrow = widths < span * 0.004  # would vanish: give it an edge of its own colour
        ax.barh(y[bars], widths, left=start[bars], height=0.56,
                color=np.array(colors)[bars].tolist(),
                edgecolor=[c if n else "none" for c, n in
                           zip(np.array(colors)[bars], narrow, strict=True)],
                linewidth=1.5)
    if (~bars).any():
        ax.scatter(start[~bars], y[~bars], s=46, c=np.array(colors)[~bars].tolist(),
                   edgecolors="white", linewidths=0.8, zorder=3)
    labels = d["fact_id"] if label == "fact_id" else d["summary"].map(
        lambda s: _two_lines(s, width))
    ax.set_yticks(y, labels.to_list())
    ax.set_ylim(-0.7, len(d) - 0.3)
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
             width: int = 50, min_gap_years: float = 5.0,
             title: str = "When the facts happen") -> Figure:
    """One row per dated fact: a point for a single day, a bar for a month, year or decade.

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
        skipped = f"{plural(undated, 'undated fact')} not shown" if undated else ""
        eras = _eras(d, min_gap_years) if ax is None else [d]
        rows = [len(e) for e in eras]
        per_row = 0.27 if label == "fact_id" else 0.4
        height = 1.5 + sum(per_row * r + 0.75 for r in rows)
        if ax is not None:
            fig, axes, own = ax.get_figure(root=True), [ax], False
        else:
            size = (10, max(2.8, height) if len(d) else 2.2)
            fig, own = Figure(figsize=size, layout="constrained"), True
            grid = fig.add_gridspec(len(eras), 1, height_ratios=[r + 2.2 for r in rows])
            axes = [fig.add_subplot(grid[i]) for i in range(len(eras))]
        axes[0].set_title(title)
        if d.empty:
            _empty(axes[0], "No dated facts")
            _note(fig, own, skipped)
            return fig
        for a, era in zip(axes, eras, strict=True):
            _draw_timeline(a, era, label, width)
        for i in range(1, len(eras)):
            gap_from = eras[i - 1]["end"].max().year + 1
            gap_to = eras[i]["date_start"].min().year - 1
            gap = f"… no dated facts from {gap_from} to {gap_to} …" if gap_to > gap_from else "…"
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
        _note(fig, own, "bars span the period meant, dots a single day", skipped)
    return fig


def decades(facts: pd.DataFrame, ax: Axes | None = None, *,
            title: str = "Dated facts by decade") -> Figure:
    """Dated facts counted by the decade they start in, empty decades shown as gaps."""
    table = an.decades(facts)
    undated = table.attrs.get("undated", 0)
    skipped = f"{plural(undated, 'undated fact')} not counted" if undated else ""
    with house_style():
        fig, ax, own = _figure(ax, (10, 3.6))
        ax.set_title(title)
        if table.empty:
            _empty(ax, "No dated facts")
            _note(fig, own, skipped)
            return fig
        x = np.arange(len(table))
        bars = ax.bar(x, table["facts"], width=0.7, color="#355C7D")
        ax.bar_label(bars, labels=[f"{n}" if n else "" for n in table["facts"]], padding=2,
                     fontsize=8, color="#333333")
        ax.set_xticks(x, list(table.index))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(0, table["facts"].max() * 1.15 + 0.5)
        ax.set_xlabel("decade in which the fact starts")
        ax.set_ylabel("facts (count)")
        ax.grid(axis="y")
        ax.set_axisbelow(True)
        _note(fig, own, skipped)
    return fig


