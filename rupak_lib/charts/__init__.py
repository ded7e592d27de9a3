"""The house charts: one style, one palette, and a Figure back from every function.

Each chart takes Corpus frames (see :mod:`rupak_lib.analysis.tables` for the tables behind them) and
an optional Axes to draw into. Without one it makes its own :class:`matplotlib.figure.Figure`
(not a pyplot figure), so that a notebook shows it exactly once, when the cell returns it, and
a batch run leaks no open figures. Nothing here selects a backend: Jupyter's inline backend and
the Agg backend of the tests both keep working.

Byte-identical output: :func:`save` and the inline display set up by :func:`configure_inline`
strip the date and software fields; SVG also needs ``svg.hashsalt`` fixed (it is, in
:data:`HOUSE_STYLE`) and ``metadata={"Date": None}``, which ``configure_inline("svg")`` passes.
"""

from __future__ import annotations

from rupak_lib.charts import report
from rupak_lib.charts.accessible import alt_text, describe
from rupak_lib.charts.bars import (
    entity_mentions,
    entity_network,
    modality_by_theme,
    theme_balance,
    verification_status,
)
from rupak_lib.charts.dates import decades, timeline
from rupak_lib.charts.maps import PAKISTAN_EXTENT, PAKISTAN_OUTLINE, places_map
from rupak_lib.charts.record import STANDING_STYLE, record_by_decade, record_timeline
from rupak_lib.charts.style import (
    ENTITY_KIND_COLORS,
    HOUSE_STYLE,
    MODALITY_COLORS,
    SOURCE_NOTE,
    VERIFICATION_COLORS,
    _enable_inline_display,
    configure_inline,
    house_style,
    save,
)

__all__ = [
    "ENTITY_KIND_COLORS", "HOUSE_STYLE", "MODALITY_COLORS", "PAKISTAN_EXTENT", "PAKISTAN_OUTLINE",
    "SOURCE_NOTE", "STANDING_STYLE", "VERIFICATION_COLORS", "alt_text", "configure_inline",
    "decades", "describe", "entity_mentions", "entity_network", "house_style",
    "modality_by_theme", "places_map", "record_by_decade", "record_timeline", "report", "save",
    "theme_balance", "timeline", "verification_status",
]

_enable_inline_display()
