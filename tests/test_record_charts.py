"""The record's charts, on the fixture package: the timeline marks every event by how the
speech treats it, and the decade chart sets the record against the mentions."""

from __future__ import annotations

import io

import matplotlib
import pytest
from datapkg import DataPackage

matplotlib.use("Agg")

from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import rupak_lib as rk  # noqa: E402
from rupak_lib import charts as ch  # noqa: E402


@pytest.fixture
def corpus(pkg: DataPackage) -> rk.Corpus:
    return rk.load(pkg.path)


def _marks(ax) -> dict[str, int]:
    return {c.get_label(): len(c.get_offsets()) for c in ax.collections
            if isinstance(c, PathCollection)}


def test_the_timeline_marks_every_event_by_its_standing(corpus: rk.Corpus) -> None:
    fig = ch.record_timeline(corpus.chronology, corpus.fact_events, corpus.sources,
                             corpus.themes)
    ax = fig.axes[0]
    assert _marks(ax) == {"mentioned (2)": 1 + 1, "alluded (1)": 1, "left out (1)": 1,
                          "later (1)": 1}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Education", "History"]
    assert "the speech" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_mentioned_events_stand_out_from_those_left_out() -> None:
    mentioned, left_out = ch.STANDING_STYLE["mentioned"], ch.STANDING_STYLE["left out"]
    assert mentioned[2] > left_out[2] and mentioned[0] != left_out[0]


def test_the_timeline_of_an_empty_record_says_so(corpus: rk.Corpus) -> None:
    fig = ch.record_timeline(corpus.chronology.iloc[0:0], corpus.fact_events,
                             corpus.sources, corpus.themes)
    assert "The record holds no event" in [t.get_text() for t in fig.axes[0].texts]


def test_a_dollar_in_a_theme_title_is_drawn_as_written(pkg: DataPackage) -> None:
    pkg.set("themes.csv", 2, "title", "Oil at $5 and gas at $3")
    c = rk.load(pkg.path)
    fig = ch.record_timeline(c.chronology, c.fact_events, c.sources, c.themes)
    fig.canvas.draw()  # a "$5 and gas at $" read as mathtext would fail to parse here
    label = next(t for t in fig.axes[0].get_yticklabels() if "Oil" in t.get_text())
    assert r"\$5" in label.get_text()


def test_the_decade_chart_sets_the_record_against_the_mentions(corpus: rk.Corpus) -> None:
    fig = ch.record_by_decade(corpus.chronology, corpus.fact_events, corpus.sources)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    heights = [int(b.get_height()) for b in bars]
    assert heights[:9] == [1, 0, 1, 1, 0, 0, 0, 0, 2]  # in the record, 1940s to 2020s
    assert heights[9:18] == [1, 0, 0, 0, 0, 0, 0, 0, 1]  # mentioned
    assert heights[18:] == [0, 0, 1, 0, 0, 0, 0, 0, 0]  # alluded to
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "in the record", "mentioned", "alluded to"]


def _timeline_svg(corpus: rk.Corpus) -> str:
    buf = io.BytesIO()
    fig = ch.record_timeline(corpus.chronology, corpus.fact_events, corpus.sources,
                             corpus.themes)
    with ch.house_style():
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue().decode()


def test_the_record_charts_give_the_same_bytes_twice(corpus: rk.Corpus) -> None:
    assert _timeline_svg(corpus) == _timeline_svg(corpus)


def test_a_dense_record_draws_its_marks_as_one_picture_and_keeps_its_text(
        corpus: rk.Corpus, monkeypatch) -> None:
    from rupak_lib.charts import record as record_charts

    sparse = _timeline_svg(corpus)
    monkeypatch.setattr(record_charts, "DENSE_MARKS", len(corpus.chronology) - 1)
    dense = _timeline_svg(corpus)
    assert "<image" not in sparse and "<image" in dense
    assert ">History<" in dense and ">Education<" in dense
