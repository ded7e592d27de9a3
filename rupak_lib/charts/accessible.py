"""Charts a reader can use: a text that says what each chart shows, with its key numbers, and
sharp images that keep their labels readable on a phone.

Every chart function states its description with :func:`describe`, written from the same
table it draws. A notebook set up by ``configure_inline`` shows a Figure as SVG (or PNG at
twice the pixels) with that description, its size and the width below which it should scroll
rather than shrink in the output's metadata; the report template turns these into ``alt``,
``width`` and a scrolling box (``templates/reader``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matplotlib.figure import Figure

from rupak_lib.charts import memo

_ALT = "_rupak_alt"
PX_PER_PT = 96 / 72
#: Below this width (CSS px) a chart scrolls sideways instead of shrinking further, so that
#: its 9-point labels stay about 9 px high on a phone.
MIN_READABLE_WIDTH = 720
_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"')


def describe(fig: Figure, text: str) -> Figure:
    """Attach what ``fig`` shows, in words, for readers who cannot see it; return ``fig``."""
    setattr(fig, _ALT, " ".join(str(text).split()))
    return fig


def alt_text(fig: Figure) -> str:
    """The description of a figure: the one given, else one made of its axes' titles."""
    given = getattr(fig, _ALT, None)
    if given:
        return given
    titles = [t for ax in fig.axes for t in (ax.get_title(), ax.get_title("left")) if t]
    labels = [a.get_ylabel() or a.get_xlabel() for a in fig.axes]
    what = "; ".join(dict.fromkeys(titles)) or "; ".join(x for x in labels if x)
    return f"Chart: {what}." if what else "Chart drawn by the notebook code above."


def listing(pairs: Iterable[tuple[object, object]], limit: int = 12) -> str:
    """"A 3, B 2, C 1" for the first ``limit`` pairs, "and N more" after."""
    items = [f"{k} {v}" for k, v in pairs]
    if len(items) > limit:
        items = [*items[:limit], f"and {len(items) - limit} more"]
    return ", ".join(items)


def sizes(width_pt: float, height_pt: float) -> dict[str, int]:
    """Metadata of an image of that size: CSS width and height, and its phone width."""
    width, height = round(width_pt * PX_PER_PT), round(height_pt * PX_PER_PT)
    out = {"width": width, "height": height}
    if width > MIN_READABLE_WIDTH:
        out["phone_width"] = MIN_READABLE_WIDTH
    elif width > 420:
        out["phone_width"] = width
    return out


def svg_output(fig: Figure, **kwargs) -> tuple[str, dict]:
    """A figure as SVG text and its display metadata (description and sizes)."""
    return memo.drawn(fig, {"format": "svg", **kwargs}, lambda: _svg_output(fig, **kwargs))


def _svg_output(fig: Figure, **kwargs) -> tuple[str, dict]:
    from IPython.core.pylabtools import print_figure

    svg = print_figure(fig, "svg", **kwargs)
    meta: dict = {"alt": alt_text(fig)}
    found = _SIZE.search(svg)
    if found:
        meta.update(sizes(float(found.group(1)), float(found.group(2))))
    return svg, meta


def png_output(fig: Figure, **kwargs) -> tuple[bytes, dict]:
    """A figure as PNG at twice its pixels (sharp on any screen) and its display metadata."""
    import struct

    from IPython.core.pylabtools import print_figure

    dpi = 2 * fig.dpi
    data = print_figure(fig, "png", dpi=dpi, **kwargs)
    width_px, height_px = struct.unpack(">II", data[16:24])  # the PNG header's size
    meta: dict = {"alt": alt_text(fig)}
    meta.update(sizes(width_px / dpi * 72, height_px / dpi * 72))  # inches to points
    return data, meta
