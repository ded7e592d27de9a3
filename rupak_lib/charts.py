"""The house charts: one style, one palette, and a Figure back from every function.

Each chart takes Corpus frames (see :mod:`rupak_lib.analysis` for the tables behind them) and
an optional Axes to draw into. Without one it makes its own :class:`matplotlib.figure.Figure`
(not a pyplot figure), so that a notebook shows it exactly once, when the cell returns it, and
a batch run leaks no open figures. Nothing here selects a backend: Jupyter's inline backend and
the Agg backend of the tests both keep working.

Byte-identical output: :func:`save` and the inline display set up by :func:`configure_inline`
strip the date and software fields; SVG also needs ``svg.hashsalt`` fixed (it is, in
:data:`HOUSE_STYLE`) and ``metadata={"Date": None}``, which ``configure_inline("svg")`` passes.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Polygon, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from rupak_lib import analysis as an

#: rcParams of every rupak chart, applied by :func:`house_style`.
HOUSE_STYLE: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: the same glyphs everywhere
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 8,
    "axes.labelsize": 10,
    "axes.labelcolor": "#333333",
    "axes.edgecolor": "#666666",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.fontsize": 9,
    "legend.title_fontsize": 9,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "rupak",  # fixed ids in SVG output: same figure, same bytes
    "svg.fonttype": "path",
    "text.parse_math": False,  # data is drawn as written: "$1 bn" is money, not mathtext
}

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
#: Colour of each modality (what the text commits to).
MODALITY_COLORS: dict[str, str] = {
    "achieved": "#0072B2",
    "ongoing": "#009E73",
    "planned": "#E69F00",
    "potential": "#CC79A7",
    "stance": "#999999",
}
#: Colour of each verification status.
VERIFICATION_COLORS: dict[str, str] = {
    "corroborated": "#009E73",
    "contested": "#D55E00",
    "unverified": "#E69F00",
    "not-applicable": "#BBBBBB",
}
#: Colour of each kind of entity.
ENTITY_KIND_COLORS: dict[str, str] = {
    "country": "#0072B2",
    "person": "#D55E00",
    "organization": "#009E73",
    "place": "#E69F00",
    "facility": "#CC79A7",
    "programme": "#56B4E9",
}
_OTHER = "#777777"
_NOTE_COLOR = "#555555"

#: The caption under a chart that makes its own figure (the speaker and date are cited by the
#: report around it, so the chart stays right for any corpus).
SOURCE_NOTE = "Data: rupak curated facts (the source is cited with each report)"

#: A simplified outline of Pakistan as (lon, lat) vertices, hand-entered from a general map
#: at about 30 km precision, for orientation only. It follows the de facto boundary (the Line
#: of Control in Kashmir) and is not an authoritative border.
PAKISTAN_OUTLINE: tuple[tuple[float, float], ...] = (
    (61.6, 25.2), (61.8, 26.2), (63.2, 26.6), (63.3, 27.2), (62.8, 27.3), (62.8, 28.2),
    (61.9, 28.6), (60.9, 29.8), (62.5, 29.4), (64.1, 29.5), (66.3, 29.9), (66.4, 30.9),
    (67.8, 31.6), (69.3, 31.9), (69.9, 33.1), (70.9, 34.0), (71.1, 34.7), (71.6, 35.6),
    (71.3, 36.2), (72.5, 36.8), (74.0, 36.9), (75.4, 37.0), (76.0, 36.4), (77.0, 35.5),
    (76.0, 34.7), (74.3, 34.7), (73.9, 34.4), (74.0, 33.8), (74.3, 33.2), (74.6, 32.5),
    (74.6, 31.9), (74.6, 31.0), (73.9, 30.4), (73.4, 29.9), (72.9, 29.0), (71.9, 27.9),
    (70.7, 27.9), (69.6, 27.0), (70.3, 26.5), (70.1, 25.7), (71.1, 24.4), (68.8, 24.3),
    (68.2, 23.7), (67.5, 23.9), (67.0, 24.8), (66.6, 25.4), (65.6, 25.3), (64.6, 25.2),
    (63.5, 25.2), (62.3, 25.1),
)
#: The frame of the Pakistan panel of :func:`places_map`: lon_min, lon_max, lat_min, lat_max.
PAKISTAN_EXTENT = (60.0, 78.5, 23.0, 37.8)


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply :data:`HOUSE_STYLE` for the duration of a ``with`` block."""
    with mpl.rc_context(HOUSE_STYLE):
        yield


def configure_inline(fmt: str = "png", dpi: int = 100) -> bool:
    """Set up a notebook: house style for every figure, and deterministic inline images.

    Sets the global rcParams to :data:`HOUSE_STYLE` and, inside IPython, makes inline figures
    ``fmt`` ("png": small and byte-stable; or "svg") with the date/software metadata removed.
    Returns whether an IPython shell was configured.
    """
    mpl.rcParams.update(HOUSE_STYLE)
    mpl.rcParams["figure.dpi"] = dpi
    mpl.rcParams["savefig.dpi"] = dpi
    try:
        from IPython import get_ipython
        from matplotlib_inline.config import InlineBackend
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    cfg = InlineBackend.instance(parent=shell)
    cfg.shell = shell
    cfg.print_figure_kwargs = {"bbox_inches": "tight", "metadata": _metadata(fmt)}
    cfg.figure_formats = {fmt}
    cfg._update_figure_formatters()  # the trait does not fire when the set is unchanged
    return True


def _enable_inline_display() -> None:
    """Let a returned Figure show in a notebook even before anything imported pyplot.

    Our figures are not pyplot figures, and IPython registers its Figure formatter only when
    pyplot loads the inline backend; until then a chart would print as "<Figure size ...>".
    This registers the formatter with the InlineBackend settings (those of
    :func:`configure_inline`, if it ran) and chooses no backend.
    """
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import select_figure_formats
        from matplotlib_inline.config import InlineBackend
    except ImportError:
        return
    shell = get_ipython()
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", None)
    if not formatters or any(Figure in f.type_printers for f in formatters.values()):
        return
    try:
        backend = mpl.get_backend(auto_select=False)
    except TypeError:  # matplotlib < 3.10: read the setting without resolving it
        backend = dict.__getitem__(mpl.rcParams, "backend")
    if backend not in ("inline", "module://matplotlib_inline.backend_inline"):
        return
    cfg = InlineBackend.instance(parent=shell)
    select_figure_formats(shell, cfg.figure_formats, **cfg.print_figure_kwargs)


def _metadata(fmt: str) -> dict[str, None]:
    """Metadata that removes the fields which change between runs or versions."""
    return {"svg": {"Date": None}, "png": {"Software": None},
            "pdf": {"CreationDate": None, "Producer": None}}.get(fmt, {})


def save(fig: Figure, path: str | Path, dpi: int | None = None) -> Path:
    """Write a figure as PNG, SVG or PDF (by the suffix) with the same bytes on every run."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    with house_style():
        fig.savefig(path, format=fmt, metadata=_metadata(fmt), dpi=dpi or "figure",
                    bbox_inches="tight")
    return path


# --- helpers ----------------------------------------------------------------------------

def _figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """The figure and axes to draw into, and whether the figure is ours (gets the note)."""
    if ax is not None:
        return ax.get_figure(root=True), ax, False
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot(), True


def _note(fig: Figure, own: bool, *extra: str) -> None:
    """Caption the figure with its source (and any remark), if the figure is ours."""
    if own:
        text = "; ".join([SOURCE_NOTE, *[e for e in extra if e]])
        fig.supxlabel(_wrap(text, int(fig.get_figwidth() * 14)), x=0.01, ha="left",
                      fontsize=8, color=_NOTE_COLOR, linespacing=1.3)


def _empty(ax: Axes, message: str) -> None:
    """Say on the axes that there is nothing to draw, instead of raising."""
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            fontsize=11, color=_NOTE_COLOR)


def _color(palette: Mapping[str, str], key: object) -> str:
    return palette.get(str(key), _OTHER)


def _ink(color: str) -> str:
    """White or near-black, whichever reads better on ``color``."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
               for c in mpl.colors.to_rgb(color))
    return "#1a1a1a" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.35 else "white"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _two_lines(text: str, width: int) -> str:
    """Wrap to lines of ``width`` characters and keep two, cutting the second with "…"."""
    lines = textwrap.wrap(str(text), width)
    if len(lines) > 2:
        lines = [lines[0], _short(" ".join(lines[1:]), width)]
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    return textwrap.shorten(str(text), width, placeholder="…")


def _display_name(name: str, aliases: object, width: int) -> str:
    """The name if it fits ``width``, else the longest alias that does, else the name cut.

    "Russia–Pakistan Intergovernmental Commission" is shown as its alias "IGC" rather than
    as "Russia–Pakistan Intergov…".
    """
    if len(str(name)) <= width:
        return str(name)
    fitting = [a for a in (aliases.split("|") if isinstance(aliases, str) else [])
               if 3 <= len(a) <= width]
    return max(fitting, key=len) if fitting else _short(name, width)


def _names(rows: pd.DataFrame, entities: pd.DataFrame, width: int) -> list[str]:
    """Display names of the entities in ``rows`` (which has ``entity_id`` and ``name``)."""
    aliases = dict(zip(entities["entity_id"], entities["aliases"], strict=True))
    return [_display_name(n, aliases.get(e), width)
            for e, n in zip(rows["entity_id"], rows["name"], strict=True)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _hbar_height(rows: int, per_row: float = 0.36, extra: float = 1.6) -> float:
    return max(2.4, extra + per_row * rows)


# --- timeline ---------------------------------------------------------------------------

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
    lines of ``width`` characters) or "fact_id".
    """
    with house_style():
        d = _dated(facts)
        undated = len(facts) - len(d)
        skipped = f"{_plural(undated, 'undated fact')} not shown" if undated else ""
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
    skipped = f"{_plural(undated, 'undated fact')} not counted" if undated else ""
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


# --- themes, modality, verification ---------------------------------------------------

def _stacked(ax: Axes, table: pd.DataFrame, palette: Mapping[str, str], legend_title: str,
             labels: Sequence[str]) -> None:
    """Horizontal stacked bars, first row on top, segment counts written inside."""
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for col in table.columns:
        values = table[col].to_numpy(dtype=float)
        if not values.any():
            continue
        color = _color(palette, col)
        bars = ax.barh(y, values, left=left, height=0.62, color=color,
                       label=str(col), edgecolor="white", linewidth=0.8)
        ax.bar_label(bars, labels=[f"{v:g}" if v else "" for v in values],
                     label_type="center", fontsize=8, color=_ink(color), fontweight="bold")
        left += values
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(1.0, left.max()) * 1.04)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.legend(title=legend_title, loc="upper left", bbox_to_anchor=(1.01, 1.0))


def modality_by_theme(facts: pd.DataFrame, themes: pd.DataFrame, ax: Axes | None = None, *,
                      title: str = "What the text commits to, by theme") -> Figure:
    """Facts per theme as stacked bars of modality (achieved … stance)."""
    table = an.modality_by_theme(facts, themes)
    with house_style():
        fig, ax, own = _figure(ax, (10, _hbar_height(len(table), 0.5)))
        ax.set_title(title)
        if table.to_numpy().sum() == 0:
            _empty(ax, "No facts")
        else:
            _stacked(ax, table, MODALITY_COLORS, "modality",
                     [_wrap(t, 30) for t in table.index])
            ax.set_xlabel("facts (count)")
        _note(fig, own)
    return fig


def theme_balance(sentences: pd.DataFrame, facts: pd.DataFrame, themes: pd.DataFrame,
                  ax: Axes | None = None, *,
                  title: str = "Share of the speech against share of the facts") -> Figure:
    """Per theme, paired bars: its share of the body words and its share of the facts."""
    bal = an.theme_balance(sentences, facts, themes)
    with house_style():
        fig, ax, own = _figure(ax, (10, _hbar_height(len(bal), 0.62)))
        ax.set_title(title)
        if bal.empty or (bal["words"].sum() == 0 and bal["facts"].sum() == 0):
            _empty(ax, "No facts")
            _note(fig, own)
            return fig
        y = np.arange(len(bal))[::-1].astype(float)
        h = 0.36
        for offset, col, color, name in [
                (h / 2, "words_pct", "#355C7D", "share of the body words"),
                (-h / 2, "facts_pct", "#A8C3D9", "share of the facts")]:
            bars = ax.barh(y + offset, bal[col], height=h, color=color, label=name)
            ax.bar_label(bars, labels=[f"{v:.0f}%" for v in bal[col]], padding=3, fontsize=8,
                         color="#333333")
        ax.set_yticks(y, [_wrap(t, 30) for t in bal.index])
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, max(bal["words_pct"].max(), bal["facts_pct"].max()) * 1.15 + 1)
        ax.set_xlabel("share (%)")
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        _note(fig, own, "a sentence cited by several themes counts for each in part")
    return fig


def verification_status(facts: pd.DataFrame, ax: Axes | None = None, *, by: str | None = None,
                        themes: pd.DataFrame | None = None,
                        title: str = "How the facts check out") -> Figure:
    """Facts by verification status: one bar per status, or with ``by`` ("kind", "theme_id"...)
    one bar per group stacked by status.

    With ``by="theme_id"``, pass ``themes`` to show theme titles in display order.
    """
    with house_style():
        if by is None:
            summary = an.verification_summary(facts)
            fig, ax, own = _figure(ax, (10, _hbar_height(len(summary), 0.42)))
            ax.set_title(title)
            if summary["facts"].sum() == 0:
                _empty(ax, "No facts")
                _note(fig, own)
                return fig
            y = np.arange(len(summary))[::-1]
            bars = ax.barh(y, summary["facts"], height=0.62,
                           color=[_color(VERIFICATION_COLORS, v) for v in summary.index])
            ax.bar_label(bars, labels=[f"{n} ({p:.0f}%)" for n, p in
                                       zip(summary["facts"], summary["pct"], strict=True)],
                         padding=3, fontsize=8, color="#333333")
            ax.set_yticks(y, [str(v) for v in summary.index])
            ax.tick_params(axis="y", length=0)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlim(0, summary["facts"].max() * 1.18 + 0.5)
            ax.grid(axis="x")
            ax.set_axisbelow(True)
            ax.set_xlabel("facts (count)")
            _note(fig, own, "checked against public references")
            return fig
        table = an.verification_summary(facts, by=by)
        labels = [str(i) for i in table.index]
        if by == "theme_id" and themes is not None:
            ordered = themes.sort_values("position", kind="stable")
            table = table.reindex(ordered["theme_id"], fill_value=0)
            labels = [_wrap(t, 30) for t in ordered["title"]]
        fig, ax, own = _figure(ax, (10, _hbar_height(len(table), 0.5, 1.9)))
        ax.set_title(title)
        if table.to_numpy().sum() == 0:
            _empty(ax, "No facts")
        else:
            _stacked(ax, table, VERIFICATION_COLORS, "verification", labels)
            ax.set_xlabel("facts (count)")
        _note(fig, own, "checked against public references")
    return fig


# --- entities ---------------------------------------------------------------------------

def _kind_legend(ax: Axes, kinds: Sequence[str], **kw) -> None:
    present = [k for k in ENTITY_KIND_COLORS if k in set(kinds)]
    ax.legend(handles=[Patch(color=ENTITY_KIND_COLORS[k], label=k) for k in present],
              title="entity kind", **kw)


def entity_mentions(fact_entities: pd.DataFrame, entities: pd.DataFrame,
                    ax: Axes | None = None, top: int = 20, *,
                    title: str = "Who and what the facts name") -> Figure:
    """The ``top`` entities by the number of facts naming them, coloured by kind."""
    m = an.entity_mentions(fact_entities, entities).head(top)
    with house_style():
        fig, ax, own = _figure(ax, (10, _hbar_height(len(m), 0.3)))
        ax.set_title(title)
        if m.empty:
            _empty(ax, "No entities named")
            _note(fig, own)
            return fig
        y = np.arange(len(m))[::-1]
        kinds = m["kind"].astype("string").to_list()
        bars = ax.barh(y, m["facts"], height=0.7,
                       color=[_color(ENTITY_KIND_COLORS, k) for k in kinds])
        ax.bar_label(bars, padding=3, fontsize=8, color="#333333")
        ax.set_yticks(y, _names(m, entities, 44))
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, m["facts"].max() * 1.1 + 0.5)
        ax.set_xlabel("facts naming the entity (count)")
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        _kind_legend(ax, kinds, loc="lower right")
        _note(fig, own)
    return fig


def entity_network(fact_entities: pd.DataFrame, entities: pd.DataFrame,
                   ax: Axes | None = None, min_shared: int = 1, *, hubs: float | None = 0.6,
                   title: str = "Which entities the same facts name") -> Figure:
    """Co-occurrence network: entities on a circle grouped by kind, lines for shared facts.

    Node size follows the number of facts naming the entity, line width the number of facts
    two entities share. Entities named by more than ``hubs`` (a share) of the facts, here
    Russia and Pakistan, would tie every node to every other: they are left out and the
    caption says so (``hubs=None`` keeps them; they are kept anyway when fewer than three
    entities would remain). Entities left with no line are not drawn; the caption counts
    them. The layout is fixed by the data (kind, then mentions, then name), so the same data
    always gives the same picture.
    """
    mentions = an.entity_mentions(fact_entities, entities)
    n_facts = fact_entities["fact_id"].nunique()
    hub = (mentions["facts"] > (hubs or 0) * n_facts) if hubs is not None else \
        pd.Series(False, index=mentions.index)
    if (~hub).sum() < 3:
        hub[:] = False
    hidden, nodes = mentions[hub], mentions[~hub].copy()
    edges = an.cooccurrence(
        fact_entities[~fact_entities["entity_id"].isin(hidden["entity_id"])], entities,
        min_shared=min_shared)
    linked = set(edges["entity_a"]) | set(edges["entity_b"])
    alone = int((~nodes["entity_id"].isin(linked)).sum())
    nodes = nodes[nodes["entity_id"].isin(linked)].copy()
    left_out = []
    if not hidden.empty:
        left_out.append(f"{' and '.join(hidden['name'])}, named by most facts, left out")
    if alone:
        noun = "entity" if alone == 1 else "entities"
        left_out.append(f"{alone} {noun} sharing no fact with another not shown")
    with house_style():
        fig, ax, own = _figure(ax, (11, 10))
        ax.set_title(title)
        if edges.empty:
            _empty(ax, "No two entities share a fact")
            _note(fig, own, *left_out)
            return fig
        kind_order = {k: i for i, k in enumerate(ENTITY_KIND_COLORS)}
        nodes["k"] = nodes["kind"].astype("string").map(kind_order).fillna(len(kind_order))
        nodes = nodes.sort_values(["k", "facts", "name"], ascending=[True, False, True],
                                  kind="stable").reset_index(drop=True)
        angle = np.pi / 2 - 2 * np.pi * np.arange(len(nodes)) / len(nodes)
        pos = {e: (np.cos(a), np.sin(a)) for e, a in zip(nodes["entity_id"], angle, strict=True)}
        top, low = int(edges["shared"].max()), int(edges["shared"].min())
        segs = [(pos[a], pos[b]) for a, b in zip(edges["entity_a"], edges["entity_b"],
                                                 strict=True)]
        widths = 0.7 + 3.3 * (edges["shared"].to_numpy() - low) / max(top - low, 1)
        ax.add_collection(LineCollection(segs, linewidths=widths, colors="#3a4a5a",
                                         alpha=0.35, zorder=1, capstyle="round"))
        xy = np.array([pos[e] for e in nodes["entity_id"]])
        kinds = nodes["kind"].astype("string").to_list()
        sizes = 30 + 330 * np.sqrt(nodes["facts"].to_numpy() / nodes["facts"].max())
        ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=[_color(ENTITY_KIND_COLORS, k) for k in kinds],
                   edgecolors="white", linewidths=1.0, zorder=2)
        for (x, y_), a, name in zip(xy, angle, _names(nodes, entities, 30), strict=True):
            deg = np.degrees(a) % 360
            left = 90 < deg < 270
            ax.text(1.07 * x, 1.07 * y_, name, fontsize=8.5,
                    rotation=deg - 180 if left else deg, rotation_mode="anchor",
                    ha="right" if left else "left", va="center", color="#222222")
        ax.set_xlim(-1.75, 1.75)  # room for the labels around the circle
        ax.set_ylim(-1.75, 1.75)
        ax.set_aspect("equal")
        ax.axis("off")
        _kind_legend(ax, kinds, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        shared = f"{low}–{top}" if top > low else f"{top}"
        _note(fig, own, f"dot size: facts naming the entity; line width: facts shared ({shared})",
              *left_out)
    return fig


# --- places -----------------------------------------------------------------------------

def _degrees(axis: str):
    def fmt(v: float, _pos: int) -> str:
        hemi = ("E" if v > 0 else "W" if v < 0 else "") if axis == "x" else \
            ("N" if v > 0 else "S" if v < 0 else "")
        return f"{abs(v):g}°{hemi}"
    return FuncFormatter(fmt)


def _clusters(ax: Axes, pl: pd.DataFrame, radius: float = 9.0) -> list[pd.DataFrame]:
    """Group places whose dots stand closer than ``radius`` points on the drawn axes, biggest
    first, so that one label names them all."""
    scale = ax.get_figure(root=True).dpi / 72
    xy = ax.transData.transform(pl[["lon", "lat"]].to_numpy(dtype=float)) / scale
    left = pl.assign(_x=xy[:, 0], _y=xy[:, 1]).sort_values(
        ["facts_n", "name"], ascending=[False, True], kind="stable")
    out: list[pd.DataFrame] = []
    while not left.empty:
        head = left.iloc[0]
        near = np.hypot(left["_x"] - head["_x"], left["_y"] - head["_y"]) <= radius
        out.append(left[near])
        left = left[~near]
    return out


def _cluster_label(names: Sequence[str], lines: int = 5) -> str:
    if len(names) > lines:
        names = [*names[:lines - 1], f"+{len(names) - lines + 1} more"]
    return "\n".join(names)


# Where a label may stand around its point, in order of preference: right, left, above...
_OFFSETS = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
            (0, -1, "center", "top"), (1, 1, "left", "bottom"), (1, -1, "left", "top"),
            (-1, 1, "right", "bottom"), (-1, -1, "right", "top"))


def _place_labels(ax: Axes, labels: Sequence[tuple[str, pd.DataFrame]], points: pd.DataFrame,
                  avoid: Sequence[Bbox] = ()) -> None:
    """Label groups of points, trying eight positions each; the first that overlaps no
    point, no other label and nothing in ``avoid``, and stays inside the axes, wins.

    ``points`` has lon, lat and r (marker radius in points). Works in display space, so the
    figure must have been laid out (``draw_without_rendering``); labels are kept out of the
    layout so that placing them cannot move the axes.
    """
    fig = ax.get_figure(root=True)
    frame = ax.get_window_extent()
    px = fig.dpi / 72
    xy = ax.transData.transform(points[["lon", "lat"]].to_numpy(dtype=float))
    dots = {i: Bbox.from_extents(x - r * px, y - r * px, x + r * px, y + r * px)
            for i, (x, y), r in zip(points.index, xy, points["r"], strict=True)}
    placed: list[Bbox] = list(avoid)
    style = {"fontsize": 8, "color": "#222222", "linespacing": 1.1,
             "textcoords": "offset points", "annotation_clip": False}
    for text, group in labels:
        anchor = (group["lon"].iloc[0], group["lat"].iloc[0])
        gap = group["r"].iloc[0] + 2.5
        others = [b for i, b in dots.items() if i not in group.index]
        for n, (dx, dy, ha, va) in enumerate(_OFFSETS):
            t = ax.annotate(text, anchor, xytext=(dx * gap, dy * gap), ha=ha, va=va, **style)
            t.set_in_layout(False)
            box = t.get_window_extent().padded(2)
            inside = (frame.x0 <= box.x0 and box.x1 <= frame.x1
                      and frame.y0 <= box.y0 and box.y1 <= frame.y1)
            if inside and not any(box.overlaps(o) for o in [*others, *placed]):
                break
            if n < len(_OFFSETS) - 1:
                t.remove()
            else:  # nowhere free: back to the first choice, overlapping
                t.set_position((_OFFSETS[0][0] * gap, 0))
                t.set_horizontalalignment("left")
                t.set_verticalalignment("center")
                box = t.get_window_extent()
        placed.append(box)


def _map_panel(ax: Axes, pl: pd.DataFrame, extent: tuple[float, float, float, float],
               frame: tuple[float, float, float, float] | None = None) -> None:
    """One map panel: grid, outline of Pakistan, the places; ``frame`` marks the extent of a
    zoomed panel with a dashed rectangle."""
    x0, x1, y0, y1 = extent
    ax.add_patch(Polygon(PAKISTAN_OUTLINE, closed=True, facecolor="#f1ede4",
                         edgecolor="#8c8372", linewidth=0.9, zorder=0))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / np.cos(np.radians((y0 + y1) / 2)))
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(_degrees("x"))
    ax.yaxis.set_major_formatter(_degrees("y"))
    ax.grid(True, linestyle=":", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)
    ax.set_xlabel("longitude (°)")
    ax.set_ylabel("latitude (°)")
    ax.scatter(pl["lon"], pl["lat"], s=(2 * pl["r"]) ** 2,
               c=[_color(ENTITY_KIND_COLORS, k) for k in pl["kind"].astype("string")],
               edgecolors="#333333", linewidths=0.6, zorder=3)
    if frame is not None:
        fx0, fx1, fy0, fy1 = frame
        ax.add_patch(Rectangle((fx0, fy0), fx1 - fx0, fy1 - fy0, fill=False, gid="frame",
                               edgecolor="#8c8372", linestyle="--", linewidth=0.9))


def _map_labels(ax: Axes, pl: pd.DataFrame, labelled: pd.Series) -> None:
    """Label the places of a drawn panel, clear of its notes, legend and zoom frame."""
    avoid = [t.get_window_extent().padded(2) for t in ax.texts]
    legend = ax.get_legend()
    if legend is not None:
        avoid.append(legend.get_window_extent().padded(2))
    avoid += [p.get_window_extent().padded(2) for p in ax.patches if p.get_gid() == "frame"]
    groups = _clusters(ax, pl[labelled])
    _place_labels(ax, [(_cluster_label(list(g["label"])), g) for g in groups], pl, avoid)


def places_map(entities: pd.DataFrame, fact_entities: pd.DataFrame | None = None,
               ax: Axes | None = None, *, title: str = "Where the facts are set") -> Figure:
    """Places and facilities on a longitude/latitude grid with a simplified outline of Pakistan.

    Without ``ax``, places abroad (Moscow, New York, Beijing...) go in a world panel and those
    in Pakistan in a second, zoomed panel, so that they do not merge into one blob; in a given
    ``ax`` the map shows Pakistan and names the places abroad in a corner. Places close
    together on a panel share one label. Dot size: facts naming the place.
    """
    pl = an.places(entities, fact_entities)
    pl["facts_n"] = pl["facts"].fillna(1).astype("float64")
    pl["r"] = 3 + 1.6 * np.sqrt(pl["facts_n"])  # marker radius in points
    pl["label"] = _names(pl, entities, 34)
    lon0, lon1, lat0, lat1 = PAKISTAN_EXTENT
    home = pl["lon"].between(lon0, lon1) & pl["lat"].between(lat0, lat1)
    with house_style():
        if pl.empty:
            fig, ax, own = _figure(ax, (8, 4))
            ax.set_title(title)
            _empty(ax, "No places with coordinates")
            _note(fig, own)
            return fig
        everywhere = pd.Series(True, index=pl.index)
        if ax is not None and home.any():  # one panel: Pakistan, naming the places abroad
            fig, own = ax.get_figure(root=True), False
            panels = [(ax, home, PAKISTAN_EXTENT, None)]
            if (~home).any():
                abroad = "Outside the frame: " + ", ".join(pl.loc[~home, "label"])
                ax.text(0.01, 0.99, _wrap(abroad, 40), transform=ax.transAxes, ha="left",
                        va="top", fontsize=8, color=_NOTE_COLOR)
        elif ax is not None:
            fig, own = ax.get_figure(root=True), False
            panels = [(ax, everywhere, _world_extent(pl), None)]
        elif home.all() or (~home).all():
            fig, own = Figure(figsize=(10, 8), layout="constrained"), True
            panels = [(fig.add_subplot(), everywhere,
                       PAKISTAN_EXTENT if home.all() else _world_extent(pl), None)]
        else:
            fig, own = Figure(figsize=(10, 11.5), layout="constrained"), True
            world, local = fig.subplots(2, 1, height_ratios=[1, 1.8])
            panels = [(world, ~home, _world_extent(pl, PAKISTAN_EXTENT), PAKISTAN_EXTENT),
                      (local, home, PAKISTAN_EXTENT, None)]
        kinds = pl["kind"].astype("string").to_list()
        _kind_legend(panels[-1][0], kinds, loc="lower right", frameon=True, framealpha=0.9)
        for i, (a, _, extent, frame) in enumerate(panels):
            a.set_title(title if i == 0 else "Pakistan (the dashed frame above)",
                        **({} if i == 0 else {"fontsize": 10}))
            _map_panel(a, pl, extent, frame=frame)
        _note(fig, own, "outline of Pakistan simplified, de facto boundary; "
                        "dot size: facts naming the place")
        fig.draw_without_rendering()  # lay out once, then place labels in display space
        for a, labelled, _, _ in panels:
            _map_labels(a, pl, labelled)
    return fig


def _world_extent(pl: pd.DataFrame, *frames: tuple[float, float, float, float]
                  ) -> tuple[float, float, float, float]:
    """A frame around all places (and the given frames), padded, at least 40° by 25°."""
    lons = [*pl["lon"], *(v for f in frames for v in f[:2])]
    lats = [*pl["lat"], *(v for f in frames for v in f[2:])]
    x0, x1, y0, y1 = min(lons), max(lons), min(lats), max(lats)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = max(40.0, (x1 - x0) * 1.2), max(25.0, (y1 - y0) * 1.3)
    return (max(-180.0, cx - w / 2), min(180.0, cx + w / 2),
            max(-90.0, cy - h / 2), min(90.0, cy + h / 2))


_enable_inline_display()
