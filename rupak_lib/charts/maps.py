"""The map of places: a world panel and a zoomed panel of Pakistan, labels placed clear of
each other."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from rupak_lib.analysis import tables as an
from rupak_lib.analysis.narrative import plural
from rupak_lib.charts.accessible import describe, listing
from rupak_lib.charts.style import (
    _NOTE_COLOR,
    ENTITY_KIND_COLORS,
    _color,
    _empty,
    _figure,
    _kind_legend,
    _names,
    _note,
    _wrap,
    house_style,
)

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
#: The vertices (indices into the outline) of the boundaries in Kashmir, which India, Pakistan
#: and China dispute: drawn dashed, as a line of control and not a settled border.
DISPUTED_SPAN = (20, 30)
#: The frame of the Pakistan panel of :func:`places_map`: lon_min, lon_max, lat_min, lat_max.
PAKISTAN_EXTENT = (60.0, 78.5, 23.0, 37.8)


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
                         edgecolor="none", zorder=0))
    a, b = DISPUTED_SPAN
    settled = [*PAKISTAN_OUTLINE[b - 1:], *PAKISTAN_OUTLINE[:a + 1]]
    ax.plot(*zip(*settled, strict=True), color="#8c8372", linewidth=0.9, zorder=0)
    ax.plot(*zip(*PAKISTAN_OUTLINE[a:b], strict=True), color="#8c8372", linewidth=0.9,
            linestyle=(0, (3, 2)), zorder=0)
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
               ax: Axes | None = None, *, title: str = "Where the claims are set") -> Figure:
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
    small = len(pl) <= 4  # a few dots: a small map, not a full-width one
    with house_style():
        if pl.empty:
            fig, ax, own = _figure(ax, (8, 4))
            ax.set_title(title)
            _empty(ax, "No places with coordinates")
            _note(fig, own)
            return describe(fig, "Map with no place.")
        everywhere = pd.Series(True, index=pl.index)
        if ax is not None and home.any():  # one panel: Pakistan, naming the places abroad
            fig, own = ax.get_figure(root=True), False
            panels = [(ax, home, PAKISTAN_EXTENT, None)]
            if (~home).any():
                abroad = "Outside the frame: " + ", ".join(pl.loc[~home, "name"])
                ax.text(0.01, 0.99, _wrap(abroad, 40), transform=ax.transAxes, ha="left",
                        va="top", fontsize=8, color=_NOTE_COLOR)
        elif ax is not None:
            fig, own = ax.get_figure(root=True), False
            panels = [(ax, everywhere, _world_extent(pl), None)]
        elif home.all() or (~home).all():
            fig, own = Figure(figsize=(6.5, 5.6) if small else (10, 8),
                              layout="constrained"), True
            panels = [(fig.add_subplot(), everywhere,
                       PAKISTAN_EXTENT if home.all() else _world_extent(pl), None)]
        else:
            fig, own = Figure(figsize=(7.5, 9) if small else (10, 11.5),
                              layout="constrained"), True
            world, local = fig.subplots(2, 1, height_ratios=[1, 1.8])
            panels = [(world, ~home, _world_extent(pl, PAKISTAN_EXTENT), PAKISTAN_EXTENT),
                      (local, home, PAKISTAN_EXTENT, None)]
        kinds = pl["kind"].astype("string").to_list()
        _kind_legend(panels[-1][0], kinds, loc="lower right", frameon=True, framealpha=0.9)
        for i, (a, _, extent, frame) in enumerate(panels):
            a.set_title(title if i == 0 else "Pakistan (the dashed frame above)",
                        **({} if i == 0 else {"fontsize": 10}))
            _map_panel(a, pl, extent, frame=frame)
        _note(fig, own, "outline of Pakistan simplified; dashed: the boundaries in Kashmir, "
                        "disputed (the Line of Control is no settled border); "
                        "dot size: claims naming the place")
        fig.draw_without_rendering()  # lay out once, then place labels in display space
        for a, labelled, _, _ in panels:
            _map_labels(a, pl, labelled)
    counted = bool(pl["facts"].notna().any())
    named = [(r.name, f"({plural(int(r.facts), 'claim')})") if counted else (r.name, "")
             for r in pl.itertuples()]
    return describe(fig, (
        f"Map of {plural(len(pl), 'place')}"
        + (", dot size by the claims naming each" if counted else "") + ": "
        + listing(named, 15).replace(" ,", ",").strip() + "."))


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


