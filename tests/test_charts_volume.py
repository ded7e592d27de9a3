"""Time charts of a large corpus: counted by year, so that they stay the same size."""

from __future__ import annotations

import frames
import matplotlib

matplotlib.use("Agg")

from matplotlib.patches import Rectangle  # noqa: E402

from rupak_lib import charts as ch  # noqa: E402
from rupak_lib.charts.volume import MAX_DRAWN, counts_by_year  # noqa: E402


def many(n: int, undated: int = 0):
    rows = [{"fact_id": f"f{i}", "modality": "achieved" if i % 3 else "planned",
             "date_start": f"{2000 + i % 5}-01-01", "date_end": f"{2000 + i % 5}-12-31",
             "date_precision": "year"} for i in range(n)]
    rows += [{"fact_id": f"u{i}"} for i in range(undated)]
    return frames.facts(*rows)


def test_a_timeline_of_more_claims_than_can_be_drawn_counts_them_by_year() -> None:
    facts = many(MAX_DRAWN + 1, undated=2)
    fig = ch.timeline(facts)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() > 0]
    assert sum(b.get_height() for b in bars) == MAX_DRAWN + 1
    assert {round(b.get_x() + b.get_width() / 2) for b in bars} == set(range(2000, 2005))
    caption = " ".join(fig.get_supxlabel().split())
    assert "counted by the year each starts in" in caption
    assert "2 undated claims not counted" in caption
    assert fig.get_figheight() == 4.2  # the same for 301 claims as for 100,000


def test_a_timeline_of_few_claims_still_draws_each_one() -> None:
    fig = ch.timeline(many(MAX_DRAWN))
    assert len(fig.axes[0].get_yticks()) == MAX_DRAWN


def test_counts_by_year_cover_every_year_of_the_span_in_modality_order() -> None:
    facts = frames.facts(
        {"fact_id": "a", "modality": "planned", "date_start": "2001-01-01",
         "date_end": "2001-12-31", "date_precision": "year"},
        {"fact_id": "b", "modality": "achieved", "date_start": "2003-05-01",
         "date_end": "2003-05-01", "date_precision": "day"})
    table = counts_by_year(facts)
    assert list(table.index) == [2001, 2002, 2003]
    assert list(table.columns) == ["achieved", "planned"]
    assert table.loc[2002].sum() == 0

