"""Bar and network charts: modality and verification by theme, themes' share, entities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from rupak_lib.analysis import tables as an
from rupak_lib.analysis.narrative import plural
from rupak_lib.charts.accessible import describe, listing
from rupak_lib.charts.style import (
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


def _rows_alt(table: pd.DataFrame, labels: Sequence[str] | None = None) -> str:
    """Each row of a count table in words: "Trade 13 (1 achieved, 3 ongoing)"."""
    parts = []
    for label, (_, row) in zip(labels or [str(i) for i in table.index], table.iterrows(),
                               strict=True):
        inner = ", ".join(f"{int(v)} {c}" for c, v in row.items() if v)
        parts.append(f"{label} {int(row.sum())}" + (f" ({inner})" if inner else ""))
    return "; ".join(parts)


def modality_by_theme(facts: pd.DataFrame, themes: pd.DataFrame, ax: Axes | None = None, *,
                      title: str = "What the text commits to, by theme") -> Figure:
    """Facts per theme as stacked bars of modality (achieved … stance)."""
    table = an.modality_by_theme(facts, themes)
    with house_style():
        fig, ax, own = _figure(ax, (10, _hbar_height(len(table), 0.5)))
        ax.set_title(title)
        describe(fig, "Stacked bars of the claims of each theme by modality: "
                 + _rows_alt(table) + ".")
        if table.to_numpy().sum() == 0:
            _empty(ax, "No claims")
        else:
            _stacked(ax, table, MODALITY_COLORS, "modality",
                     [_wrap(t, 30) for t in table.index])
            ax.set_xlabel("claims (count)")
        _note(fig, own)
    return fig


def theme_balance(sentences: pd.DataFrame, facts: pd.DataFrame, themes: pd.DataFrame,
                  ax: Axes | None = None, *,
                  title: str = "Share of the speech against share of the claims") -> Figure:
    """Per theme, paired bars: its share of the body words and its share of the facts."""
    bal = an.theme_balance(sentences, facts, themes)
    with house_style():
        fig, ax, own = _figure(ax, (10, _hbar_height(len(bal), 0.62)))
        ax.set_title(title)
        describe(fig, "Paired bars per theme, its share of the speaker's words against its "
                 "share of the claims: " + "; ".join(
                     f"{t} {w:.0f}% of the words, {f:.0f}% of the claims"
                     for t, w, f in zip(bal.index, bal["words_pct"], bal["facts_pct"],
                                        strict=True)) + ".")
        if bal.empty or (bal["words"].sum() == 0 and bal["facts"].sum() == 0):
            _empty(ax, "No claims")
            _note(fig, own)
            return fig
        y = np.arange(len(bal))[::-1].astype(float)
        h = 0.36
        for offset, col, color, name in [
                (h / 2, "words_pct", "#355C7D", "share of the body words"),
                (-h / 2, "facts_pct", "#A8C3D9", "share of the claims")]:
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
                        title: str = "How the claims check out") -> Figure:
    """Facts by verification status: one bar per status, or with ``by`` ("kind", "theme_id"...)
    one bar per group stacked by status.

    With ``by="theme_id"``, pass ``themes`` to show theme titles in display order.
    """
    with house_style():
        if by is None:
            summary = an.verification_summary(facts)
            fig, ax, own = _figure(ax, (10, _hbar_height(len(summary), 0.42)))
            ax.set_title(title)
            describe(fig, f"Bar chart of the {plural(int(summary['facts'].sum()), 'claim')} "
                     "by verification against public references: "
                     + listing(zip(summary.index, summary["facts"], strict=True)) + ".")
            if summary["facts"].sum() == 0:
                _empty(ax, "No claims")
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
            ax.set_xlabel("claims (count)")
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
        describe(fig, f"Stacked bars of the claims of each {by.removesuffix('_id')} by "
                 "verification against public references: "
                 + _rows_alt(table, [t.replace(chr(10), ' ') for t in labels]) + ".")
        if table.to_numpy().sum() == 0:
            _empty(ax, "No claims")
        else:
            _stacked(ax, table, VERIFICATION_COLORS, "verification", labels)
            ax.set_xlabel("claims (count)")
        _note(fig, own, "checked against public references")
    return fig


def entity_mentions(fact_entities: pd.DataFrame, entities: pd.DataFrame,
                    ax: Axes | None = None, top: int = 20, *,
                    title: str = "Who and what the claims name") -> Figure:
    """The ``top`` entities by the number of facts naming them, coloured by kind."""
    m = an.entity_mentions(fact_entities, entities).head(top)
    with house_style():
        fig, ax, own = _figure(ax, (10, _hbar_height(len(m), 0.4)))
        ax.set_title(title)
        named = listing(zip(m["name"], m["facts"], strict=True), 20) or "none"
        describe(fig, "Bar chart of the entities the claims name most, by the number of "
                 f"claims naming each: {named}.")
        if m.empty:
            _empty(ax, "No entities named")
            _note(fig, own)
            return fig
        y = np.arange(len(m))[::-1]
        kinds = m["kind"].astype("string").to_list()
        bars = ax.barh(y, m["facts"], height=0.7,
                       color=[_color(ENTITY_KIND_COLORS, k) for k in kinds])
        ax.bar_label(bars, padding=3, fontsize=8, color="#333333")
        ax.set_yticks(y, _names(m, entities, 34))
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, m["facts"].max() * 1.1 + 0.5)
        ax.set_xlabel("claims naming the entity (count)")
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        _kind_legend(ax, kinds, loc="lower right")
        _note(fig, own)
    return fig


def entity_network(fact_entities: pd.DataFrame, entities: pd.DataFrame,
                   ax: Axes | None = None, min_shared: int = 1, *, hubs: float | None = 0.6,
                   title: str = "Which entities the same claims name") -> Figure:
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
        left_out.append(f"{' and '.join(hidden['name'])}, named by most claims, left out")
    if alone:
        left_out.append(f"{plural(alone, 'entity', 'entities')} sharing no claim with another "
                        "not shown")
    names = [_wrap(n, 26) for n in nodes["name"]]
    half = max(1.2, _column_height(names) / 2 + 0.12)  # the label columns set the height
    with house_style():
        fig, ax, own = _figure(ax, (11, 7.5 * half / 1.2))
        ax.set_title(title)
        describe(fig, _network_alt(nodes, edges, hidden, alone))
        if edges.empty:
            _empty(ax, "No two entities share a claim")
            _note(fig, own, *left_out)
            return fig
        kind_order = {k: i for i, k in enumerate(ENTITY_KIND_COLORS)}
        nodes["k"] = nodes["kind"].astype("string").map(kind_order).fillna(len(kind_order))
        nodes = nodes.sort_values(["k", "facts", "name"], ascending=[True, False, True],
                                  kind="stable").reset_index(drop=True)
        angle = np.pi / 2 - 2 * np.pi * (np.arange(len(nodes)) + 0.5) / len(nodes)
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
        _network_labels(ax, xy, [_wrap(n, 26) for n in nodes["name"]], half - 0.08)
        ax.set_xlim(-2.25, 2.25)  # room for the labels on both sides of the circle
        ax.set_ylim(-half, half)
        ax.set_aspect("equal")
        ax.axis("off")
        _kind_legend(ax, kinds, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        shared = f"{low}–{top}" if top > low else f"{top}"
        _note(fig, own, f"dot size: claims naming the entity; line width: claims shared ({shared})",
              *left_out)
    return fig


_LABEL_GAP = 0.13  # height of a one-line label of the network, in data units


def _label_height(name: str) -> float:
    return _LABEL_GAP * (1 + name.count("\n") * 0.8)


def _column_height(names: Sequence[str]) -> float:
    """The height the taller of the two label columns needs (half the names on each side)."""
    n = len(names)
    right = [names[i] for i in range(n) if np.cos(np.pi / 2 - 2 * np.pi * (i + 0.5) / n) >= 0]
    left = [names[i] for i in range(n) if names[i] not in right]
    return max(sum(map(_label_height, right)), sum(map(_label_height, left)), 0.0)


def _network_labels(ax: Axes, xy: np.ndarray, names: Sequence[str], bound: float) -> None:
    """Horizontal labels in a column on each side of the circle, spread so that none
    overlaps another and all stay within ``bound`` of the centre, each joined to its dot."""
    for side in (1, -1):
        idx = [i for i in range(len(xy)) if (xy[i, 0] >= 0) == (side == 1)]
        if not idx:
            continue
        idx.sort(key=lambda i: -xy[i, 1])
        heights = [_label_height(names[i]) for i in idx]
        ys = [min(float(xy[i, 1]), bound - heights[0] / 2) for i in idx]
        for j in range(1, len(ys)):  # push down what would overlap the label above
            ys[j] = min(ys[j], ys[j - 1] - (heights[j - 1] + heights[j]) / 2)
        shift = max(0.0, (-bound + heights[-1] / 2) - ys[-1])  # lift back into the frame
        ys = [y + shift for y in ys]
        for j in range(len(ys) - 2, -1, -1):
            ys[j] = max(ys[j], ys[j + 1] + (heights[j] + heights[j + 1]) / 2)
        x_text = 1.22 * side
        for i, y in zip(idx, ys, strict=True):
            ax.plot([xy[i, 0], xy[i, 0] + 0.06 * side, x_text - 0.03 * side],
                    [xy[i, 1], xy[i, 1], y], color="#9aa5b1", linewidth=0.6, zorder=1)
            ax.text(x_text, y, names[i], fontsize=8.5, va="center",
                    ha="left" if side == 1 else "right", color="#222222", linespacing=1.05)


def _network_alt(nodes: pd.DataFrame, edges: pd.DataFrame, hidden: pd.DataFrame,
                 alone: int) -> str:
    """The network in words: its size and its strongest links."""
    if edges.empty:
        return "Network chart: no two entities are named by the same claim."
    strongest = listing(((f"{a}–{b}", f"({plural(int(n), 'claim')})") for a, b, n in
                         zip(edges["name_a"], edges["name_b"], edges["shared"], strict=True)),
                        8)
    out = (f"Network of {plural(len(nodes), 'entity', 'entities')} joined when the same "
           f"claim names both; {plural(len(edges), 'link')}. Strongest links: {strongest}.")
    if not hidden.empty:
        out += f" {' and '.join(hidden['name'])}, named by most claims, are left out."
    if alone:
        out += f" {plural(alone, 'entity', 'entities')} sharing no claim are not shown."
    return out
