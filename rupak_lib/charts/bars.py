"""Bar and network charts: modality and verification by theme, themes' share, entities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import analysis as an
from ..words import plural
from .style import (
    ENTITY_KIND_COLORS,
    MODALITY_COLORS,
    VERIFICATION_COLORS,
    _color,
    _empty,
    _figure,
    _hbar_height,
    _ink,
    _kind_legend,
    _names,
    _note,
    _wrap,
    house_style,
)


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
        left_out.append(f"{plural(alone, 'entity', 'entities')} sharing no fact with another "
                        "not shown")
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


