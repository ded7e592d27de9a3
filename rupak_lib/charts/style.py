"""The house style: rcParams, palettes, deterministic output, and the helpers every chart uses.

The palettes are keyed by the enum values of the data contract (``contract.py``), in its
order, which is the order of the legends; ``tests/test_contract.py`` fails when one misses
a value.
"""

from __future__ import annotations

import contextlib
import os
import sys
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from rupak_lib.data.contract import (
    ENTITY_KIND_COLORS as ENTITY_KIND_COLORS,  # the palettes, for the charts
)
from rupak_lib.data.contract import MODALITY_COLORS as MODALITY_COLORS
from rupak_lib.data.contract import VERIFICATION_COLORS as VERIFICATION_COLORS

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
    "svg.fonttype": "none",  # text as text: 5x smaller charts, drawn 12 % faster, searchable
    "text.parse_math": False,  # data is drawn as written: "$1 bn" is money, not mathtext
}

_OTHER = "#777777"
_NOTE_COLOR = "#555555"

#: The caption under a chart that makes its own figure (the speaker and date are cited by the
#: report around it, so the chart stays right for any corpus).
SOURCE_NOTE = "Data: rupak curated facts (the source is cited with each report)"

@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply :data:`HOUSE_STYLE` for the duration of a ``with`` block."""
    with mpl.rc_context(HOUSE_STYLE):
        yield


#: What matplotlib says of a character its fonts lack (an emoji in a title): the message
#: names the file of the font and of the builder's code, which a reader's page must not show.
GLYPH_WARNING = r"Glyph \d+ .*missing from (current )?font"


def _from_plotting(message: str, filename: str) -> bool:
    import re

    drawing = (os.path.dirname(mpl.__file__), os.path.dirname(__file__))
    return bool(re.search(GLYPH_WARNING, message)) or \
        os.path.abspath(filename).startswith(drawing)


def log_plotting_warnings() -> None:
    """Send warnings raised while drawing to the process's own error stream (in a build, the
    build's log) instead of the notebook's output: the chart is drawn either way (a box for
    a missing character), and the warning names files of the builder's machine, which a
    reader's page must not show. Other warnings are shown as before."""
    import warnings

    previous = warnings.showwarning
    if getattr(previous, "rupak_charts", False):
        return

    def show(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
        if not _from_plotting(str(message), str(filename)):
            return previous(message, category, filename, lineno, file, line)
        if sys.__stderr__ is not None:
            sys.__stderr__.write(f"rupak: while drawing a chart: {category.__name__}: "
                                 f"{message}\n")
        return None

    show.rupak_charts = True  # type: ignore[attr-defined]
    warnings.showwarning = show


def configure_inline(fmt: str = "svg", dpi: int = 100) -> bool:
    """Set up a notebook: house style for every figure, and deterministic inline images.

    Sets the global rcParams to :data:`HOUSE_STYLE` and, inside IPython, makes inline figures
    ``fmt`` ("svg": sharp at any size; or "png", drawn at twice the pixels) with the
    date/software metadata removed, each with its description and sizes in the output's
    metadata (see ``accessible.py``). Returns whether an IPython shell was configured.
    """
    mpl.rcParams.update(HOUSE_STYLE)
    mpl.rcParams["figure.dpi"] = dpi
    mpl.rcParams["savefig.dpi"] = dpi
    log_plotting_warnings()
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
    from rupak_lib.charts.accessible import png_output, svg_output

    output = {"svg": svg_output, "png": png_output}.get(fmt)
    if output is not None:  # the same image, with its description and sizes
        mime = {"svg": "image/svg+xml", "png": "image/png"}[fmt]
        kwargs = dict(cfg.print_figure_kwargs)
        shell.display_formatter.formatters[mime].for_type(
            Figure, lambda fig: output(fig, **drawn_once(fig, kwargs)))
    return True


def print_figure(fig: Figure, fmt: str, **kwargs: object) -> object:
    """IPython's inline image of a figure, cropped to what is drawn only when it needs it.

    A figure with a layout engine (every house chart is constrained) already fills its
    canvas; cropping it ("tight") draws it twice, a third of a report's chart time.
    """
    from IPython.core.pylabtools import print_figure as ipython_print_figure

    return ipython_print_figure(fig, fmt, **drawn_once(fig, kwargs))


def drawn_once(fig: Figure, kwargs: dict) -> dict:
    """``kwargs`` for printing ``fig``, without cropping when it has a layout engine."""
    return {**kwargs, "bbox_inches": None} if fig.get_layout_engine() is not None else kwargs


def _use_own_printer(shell: object, formats: set[str], kwargs: dict) -> None:
    """Display figures of ``formats`` (png, svg) through :func:`print_figure`."""
    from functools import partial

    formatters = shell.display_formatter.formatters  # type: ignore[attr-defined]
    if "png" in formats:
        formatters["image/png"].for_type(
            Figure, partial(print_figure, fmt="png", base64=True, **kwargs))
    if "svg" in formats:
        formatters["image/svg+xml"].for_type(Figure, partial(print_figure, fmt="svg", **kwargs))


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
    _use_own_printer(shell, cfg.figure_formats, cfg.print_figure_kwargs)


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


def _count_labels(ax: Axes, bars: object, values: Sequence[float]) -> None:
    """Each bar's count above it; a zero stays unlabelled."""
    ax.bar_label(bars, labels=[str(int(v)) if v else "" for v in values], padding=2,
                 fontsize=8, color="#333333")


def _decade_axis(ax: Axes, decades: Sequence[str], top: float, headroom: float,
                 what: str) -> None:
    """The axes of a chart of counts by decade: one tick per decade, whole counts."""
    from matplotlib.ticker import MaxNLocator

    ax.set_xticks(range(len(decades)), list(decades))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, top * headroom + 0.5)
    ax.set_xlabel(f"decade in which the {what} starts")
    ax.set_ylabel(f"{what}s (count)")
    ax.grid(axis="y")
    ax.set_axisbelow(True)


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


def _names(rows: pd.DataFrame, entities: pd.DataFrame, width: int) -> list[str]:
    """Display names of the entities in ``rows`` (which has ``entity_id`` and ``name``).

    Always the entity's name, as every table and page writes it, wrapped on two lines of
    ``width`` characters if long, never swapped for an alias or cut short.
    """
    return [_wrap(n, width) for n in rows["name"]]


def _hbar_height(rows: int, per_row: float = 0.36, extra: float = 1.6) -> float:
    return max(2.4, extra + per_row * rows)


def _kind_legend(ax: Axes, kinds: Sequence[str], **kw) -> None:
    present = [k for k in ENTITY_KIND_COLORS if k in set(kinds)]
    ax.legend(handles=[Patch(color=ENTITY_KIND_COLORS[k], label=k) for k in present],
              title="entity kind", **kw)
