"""The bundled data package: valid, fully covered, and rich enough for every report."""

from __future__ import annotations

import pytest

import rupak_lib as rk
from rupak_lib.data.paths import BUNDLED_DATA_DIR


@pytest.fixture(scope="module")
def corpus() -> rk.Corpus:
    return rk.load(BUNDLED_DATA_DIR)


def test_the_bundled_data_has_no_problem_at_all() -> None:
    assert [str(p) for p in rk.validate(BUNDLED_DATA_DIR)] == []


def test_every_body_sentence_of_the_bundled_sources_is_cited() -> None:
    cover = rk.coverage(BUNDLED_DATA_DIR)
    assert cover.body_sentences > 0
    assert cover.cited == cover.body_sentences


def test_the_primary_source_is_segmented_as_received(corpus: rk.Corpus) -> None:
    segments = corpus.segments[corpus.segments["source_id"] == "khorev-2026-02-09"]
    assert dict(zip(segments["line"], segments["kind"].astype(str), strict=True)) == \
        {1: "header", 13: "extraneous", 15: "editorial"}


def test_every_theme_has_a_fact_or_an_event_of_the_record(corpus: rk.Corpus) -> None:
    used = set(corpus.facts["theme_id"]) | set(corpus.chronology["theme_id"])
    assert [t for t in corpus.themes["theme_id"] if t not in used] == []


def test_every_dated_event_claim_mentions_its_event_of_the_record(corpus: rk.Corpus) -> None:
    events = corpus.facts[(corpus.facts["kind"] == "event")
                          & (corpus.facts["date_precision"] != "none")]
    mentions = corpus.fact_events[corpus.fact_events["relation"] == "mentions"]
    assert sorted(set(events["fact_id"]) - set(mentions["fact_id"])) == []


def test_every_event_of_the_record_has_a_web_reference(corpus: rk.Corpus) -> None:
    assert corpus.chronology["reference"].str.startswith("http").all()


def test_every_theme_has_three_questions(corpus: rk.Corpus) -> None:
    counts = corpus.questions["theme_id"].value_counts()
    assert [t for t in corpus.themes["theme_id"] if counts.get(t, 0) < 3] == []
