"""Drafting a source's claims (curation/): entities, figures, cues, record links, the draft
of a whole source and rk.draft. Texts are the team's, in tests/fixtures/corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import rupak_lib as rk
from rupak_lib.curation.classify import kind_of, modality_of
from rupak_lib.curation.draft import DRAFT_COLUMNS, figure, write_drafts
from rupak_lib.curation.entities import EntityMatcher, adjectives
from rupak_lib.exceptions import CurationError

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
ARTICLE = "rahman-2026-01-15"


@pytest.fixture(scope="module")
def corpus() -> rk.Corpus:
    return rk.load(FIXTURE)


@pytest.fixture(scope="module")
def matcher(corpus: rk.Corpus) -> EntityMatcher:
    return EntityMatcher(corpus.entities, corpus.fact_entities)


def ids(matcher: EntityMatcher, sentence: str) -> list[str]:
    return [m.entity_id for m in matcher.find(sentence)[0]]


def test_a_countrys_adjectives_follow_from_its_name() -> None:
    assert adjectives("Russia") == ["Russian"]
    assert adjectives("Pakistan") == ["Pakistani"]
    assert "Afghan" in adjectives("Afghanistan")


def test_names_aliases_possessives_and_adjectives_find_their_entities(
        matcher: EntityMatcher) -> None:
    assert ids(matcher, "Pakistan's mills and Russian engineers met in Karachi.") == [
        "pakistan", "russia", "karachi"]
    assert ids(matcher, "Soviet aid built it.") == ["ussr"]


def test_the_longer_name_wins_over_the_country_inside_it(matcher: EntityMatcher) -> None:
    assert ids(matcher, "The Pakistan Steel Mills stand idle.") == ["pakistan-steel-mills"]


def test_a_near_spelling_of_a_long_name_is_found_and_said_so(matcher: EntityMatcher) -> None:
    found, _ = matcher.find("Work on the Pakistan Steel Mill resumed.")
    assert [(m.entity_id, m.how.split(" (")[0]) for m in found] == [
        ("pakistan-steel-mills", "near spelling")]


def test_a_short_word_is_never_matched_by_near_spelling(matcher: EntityMatcher) -> None:
    assert ids(matcher, "Irann and Omsk met.") == []


def test_unknown_names_are_listed_as_candidates(matcher: EntityMatcher) -> None:
    _, unknown = matcher.find("Officials of Gazprom Neft visited Karachi.")
    assert unknown == ["Gazprom Neft"]


def test_roles_are_those_the_package_gives_each_kind(matcher: EntityMatcher) -> None:
    found = {m.entity_id: m.role for m in matcher.find("Russia met in Karachi.")[0]}
    assert found == {"russia": "participant", "karachi": "location"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Russia awarded 152 scholarships.", (152.0, "scholarships")),
    ("Trade grew three times over.", (3.0, "times")),
    ("The mill opened in 1985 with help.", (None, None)),
])
def test_a_stated_figure_becomes_value_and_unit(sentence: str, expected: tuple) -> None:
    assert figure(sentence)[:2] == expected


@pytest.mark.parametrize(("sentence", "modality"), [
    ("We hope the pipeline could be built.", "potential"),
    ("The commission will meet in March.", "planned"),
    ("The consultations continue regularly.", "ongoing"),
    ("We believe ties are very strong.", "stance"),
    ("The protocol was signed in July.", "achieved"),
])
def test_cues_of_the_contracts_definitions_decide_the_modality(
        sentence: str, modality: str) -> None:
    assert modality_of(sentence, ("stance", 0.3)).value == modality


def test_the_kind_follows_the_modality_and_the_words() -> None:
    assert kind_of("We oppose sanctions.", "stance", ("event", 0.5)).value == "position"
    assert kind_of("The commission meets yearly.", "ongoing", ("event", 0.5)).value == \
        "mechanism"
    assert kind_of("The commission met in May.", "achieved", ("event", 0.5)).value == "event"
    assert kind_of("A new pipeline is planned.", "planned", ("event", 0.5)).value == "project"


def test_a_draft_proposes_a_claim_for_every_body_sentence(corpus: rk.Corpus) -> None:
    drafted = rk.draft(corpus, ARTICLE)
    body = corpus.sentences[(corpus.sentences["source_id"] == ARTICLE)
                            & (corpus.sentences["kind"] == "body")]
    assert list(drafted.columns) == list(DRAFT_COLUMNS)
    assert len(drafted) == len(body)
    assert drafted["quote"].tolist() == body["text"].tolist()
    assert drafted["confidence"].between(0, 1).all()


def test_a_drafted_claim_has_its_date_entities_and_record_link(corpus: rk.Corpus) -> None:
    row = rk.draft(corpus, ARTICLE).set_index("fact_id").loc[f"{ARTICLE}-s4"]
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (
        "2025-11-01", "2025-11-30", "month")
    assert row["event_ids"] == "tenth-igc-islamabad-2025:mentions"
    assert "igc:" in row["entity_ids"] and "record tenth-igc-islamabad-2025" in row["why"]


def test_an_undated_claim_alludes_to_the_events_of_what_it_names(corpus: rk.Corpus) -> None:
    row = rk.draft(corpus, ARTICLE).set_index("fact_id").loc[f"{ARTICLE}-s6"]
    assert row["modality"] == "planned"
    assert set(row["event_ids"].split("|")) == {
        "pakistan-stream-protocol-2021:alludes", "north-south-gas-pipeline-iga-2015:alludes"}


def test_drafting_an_unknown_source_is_refused(corpus: rk.Corpus) -> None:
    with pytest.raises(rk.UnknownIdError, match="unknown source_id 'nope'"):
        rk.draft(corpus, "nope")


def test_a_drafts_file_is_kept_unless_replaced(tmp_path: Path, corpus: rk.Corpus) -> None:
    import dataclasses

    moved = dataclasses.replace(corpus, data_dir=tmp_path)
    path = write_drafts(moved, ARTICLE)
    path.write_text("a curator's edits\n")
    with pytest.raises(CurationError, match="exists and may hold a curator's edits"):
        write_drafts(moved, ARTICLE)
    assert path.read_text() == "a curator's edits\n"
    write_drafts(moved, ARTICLE, replace=True)
    assert len(pd.read_csv(path)) == 5


def test_a_model_is_trained_once_for_the_same_examples_and_anew_for_others(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.curation import classify

    monkeypatch.setattr(classify, "_fitted", {})
    fits: list[int] = []
    real = classify._pipeline

    def counted():
        fits.append(1)
        return real()

    monkeypatch.setattr(classify, "_pipeline", counted)
    texts = ["We will build a new power plant.", "The trade commission met in May.",
             "Trade with the new partners grew last year.", "The plant will open in May."]
    first = classify.Classifier._fit(texts, ["planned", "achieved", "achieved", "planned"])
    again = classify.Classifier._fit(list(texts), ["planned", "achieved", "achieved", "planned"])
    other = classify.Classifier._fit(texts, ["planned", "planned", "achieved", "planned"])
    assert again is first and other is not first
    assert len(fits) == 2
