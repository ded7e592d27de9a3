"""Charts a reader can use: each says what it shows, in words with its numbers; each is sharp
and keeps its labels readable on a phone; and a chart that would say nothing is a sentence."""

from __future__ import annotations

import frames
import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from rupak_lib import charts as ch  # noqa: E402
from rupak_lib.analysis.display import Prose  # noqa: E402
from rupak_lib.charts import accessible  # noqa: E402


@pytest.fixture
def c():
    return frames.corpus()


@pytest.fixture
def pkg_corpus(pkg):
    import rupak_lib as rk

    return rk.load(pkg.path)


def test_the_verification_chart_says_its_counts(c) -> None:
    alt = ch.alt_text(ch.verification_status(c.facts))
    assert alt == ("Bar chart of the 5 claims by verification against public references: "
                   "corroborated 1, contested 1, unverified 2, not-applicable 1.")


def test_the_timeline_says_how_many_claims_it_places_and_when(c) -> None:
    alt = ch.alt_text(ch.timeline(c.facts))
    assert alt.startswith("Timeline of 4 dated claims from 1948 to 2025, coloured by modality.")
    assert "1 May 1948: A fact (achieved)" in alt and "1 undated claim not shown." in alt


def test_the_entity_chart_names_the_entities_with_their_counts(c) -> None:
    alt = ch.alt_text(ch.entity_mentions(c.fact_entities, c.entities))
    assert "Russia 3, Pakistan 2, Islamabad 1" in alt


def test_the_network_names_its_strongest_links(c) -> None:
    alt = ch.alt_text(ch.entity_network(c.fact_entities, c.entities, hubs=None))
    assert alt.startswith("Network of ") and "Strongest links: Pakistan–Russia (2 claims)" in alt


def test_the_map_names_its_places_and_their_claims(c) -> None:
    alt = ch.alt_text(ch.places_map(c.entities, c.fact_entities))
    assert alt.startswith("Map of 4 places, dot size by the claims naming each: ")
    assert "Islamabad (1 claim)" in alt


@pytest.mark.parametrize("draw", [
    lambda c: ch.modality_by_theme(c.facts, c.themes),
    lambda c: ch.theme_balance(c.sentences, c.facts, c.themes),
    lambda c: ch.verification_status(c.facts, by="kind"),
    lambda c: ch.decades(c.facts),
])
def test_every_house_chart_describes_itself_with_numbers(c, draw) -> None:
    alt = ch.alt_text(draw(c))
    assert not alt.startswith("Chart:") and any(ch_.isdigit() for ch_ in alt)


def test_a_figure_without_a_description_is_named_by_its_title() -> None:
    fig = Figure()
    fig.add_subplot().set_title("Events of 2025")
    assert ch.alt_text(fig) == "Chart: Events of 2025."


def test_an_svg_output_carries_its_description_and_sizes(c) -> None:
    svg, meta = accessible.svg_output(ch.verification_status(c.facts), bbox_inches="tight")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert meta["alt"].startswith("Bar chart of the 5 claims")
    assert meta["width"] > accessible.MIN_READABLE_WIDTH
    assert meta["phone_width"] == accessible.MIN_READABLE_WIDTH


def test_a_png_output_is_drawn_at_twice_its_pixels(c) -> None:
    fig = ch.verification_status(c.facts)
    data, meta = accessible.png_output(fig, bbox_inches="tight")
    width_px = int.from_bytes(data[16:20], "big")
    assert width_px == pytest.approx(2 * meta["width"] * fig.dpi / 96, abs=2)


def test_a_narrow_chart_needs_no_scrolling_on_a_phone() -> None:
    assert "phone_width" not in accessible.sizes(300, 200)
    assert accessible.sizes(400, 300)["phone_width"] == 533


def test_a_timeline_of_one_dated_claim_is_a_sentence_with_its_link(c) -> None:
    shown = ch.report.timeline(c.facts[c.facts["fact_id"].isin(["igc-meeting",
                                                                 "brics-potential"])])
    assert isinstance(shown, Prose)
    assert shown.text == ("Only one claim is dated, to November 2025: “A fact” (S5). The other "
                          "1 claim gives no date, so there is no timeline to draw.")
    assert '<a class="sref" href="speech-speech.html#S5">S5</a>' in shown._repr_html_()


def test_a_timeline_of_undated_claims_is_a_sentence(c) -> None:
    shown = ch.report.timeline(c.facts[c.facts["date_precision"] == "none"])
    assert shown.text == "The claim gives no date."
    assert ch.report.timeline(c.facts.iloc[:0]).text == "There are no claims to place in time."


def test_a_timeline_of_two_dated_claims_is_a_chart(c) -> None:
    assert isinstance(ch.report.timeline(c.facts), Figure)


def test_a_verification_chart_of_one_status_is_left_to_the_sentence_above_it(c) -> None:
    assert ch.report.verification(c.facts[c.facts["verification"] == "unverified"]) is None
    assert isinstance(ch.report.verification(c.facts), Figure)


def test_a_map_of_one_place_is_a_sentence(c) -> None:
    one = c.fact_entities[c.fact_entities["fact_id"] == "energy-1960s"]
    shown = ch.report.places(c.entities, one)
    assert shown.text == "The claims name one place: Karachi (1 claim), so there is no map " \
                         "to draw."
    assert isinstance(ch.report.places(c.entities, c.fact_entities), Figure)


def test_an_entity_chart_of_one_entity_is_a_sentence(c) -> None:
    one = c.fact_entities[c.fact_entities["entity_id"] == "karachi"]
    assert ch.report.entities(one, c.entities).text == "The claims name Karachi (1 claim)."


def test_a_network_with_no_shared_claim_is_a_sentence(c) -> None:
    one = c.fact_entities[c.fact_entities["fact_id"] == "relations-1948"].iloc[:1]
    assert ch.report.network(one, c.entities).text == \
        "No two entities are named by the same claim."


def test_network_labels_are_horizontal_whole_names_that_do_not_overlap(c) -> None:
    fig = ch.entity_network(c.fact_entities, c.entities, hubs=None)
    ax = fig.axes[0]
    fig.draw_without_rendering()
    labels = [t for t in ax.texts]
    assert {t.get_text() for t in labels} >= {"Russia", "Pakistan", "New York"}
    assert all(t.get_rotation() == 0 for t in labels)
    boxes = [t.get_window_extent() for t in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_a_small_map_is_drawn_small(c) -> None:
    few = c.fact_entities[c.fact_entities["entity_id"].isin(["islamabad", "karachi"])]
    small = ch.places_map(c.entities, few)
    assert small.get_figwidth() < ch.places_map(c.entities).get_figwidth()


def test_a_timeline_by_theme_has_a_row_per_theme_with_dated_claims(c) -> None:
    fig = ch.timeline(c.facts, themes=c.themes)
    rows = [[t.get_text() for t in ax.get_yticklabels()] for ax in fig.axes]
    assert rows == [["History"], ["Trade and economy"]]


def test_the_record_charts_say_their_counts(pkg_corpus) -> None:
    c = pkg_corpus
    alt = ch.alt_text(ch.record_timeline(c.chronology, c.fact_events, c.sources, c.themes))
    assert alt.startswith(f"Timeline of the record's {len(c.chronology)} events from ")
    assert "mentioned " in alt and "left out " in alt
    alt = ch.alt_text(ch.record_by_decade(c.chronology, c.fact_events, c.sources))
    assert alt.startswith("Bars per decade: ") and "in the record" in alt


def test_a_record_of_one_event_is_a_sentence(pkg_corpus) -> None:
    c = pkg_corpus
    one = c.chronology.iloc[:1]
    shown = ch.report.record_timeline(one, c.fact_events, c.sources, c.themes)
    assert isinstance(shown, Prose) and shown.text.startswith("The record holds one event")
    assert isinstance(ch.report.record_timeline(c.chronology, c.fact_events, c.sources,
                                                c.themes), Figure)


def test_timeline_bars_have_no_dark_outline(c) -> None:
    fig = ch.timeline(c.facts)
    wide = [p for ax in fig.axes for p in ax.patches if p.get_width() > 1000]
    assert wide and all(p.get_edgecolor()[3] == 0 for p in wide)
