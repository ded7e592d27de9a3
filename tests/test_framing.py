"""The critique reads a source's framing: the vocabulary of official Russian foreign-policy
discourse it uses, and the stances it gives to both countries beside their own conduct."""

from __future__ import annotations

import frames
import pandas as pd

import rupak_lib as rk
from rupak_lib.analysis import critique, framing

BODY = "body"


def test_each_term_used_is_listed_with_its_gloss_count_and_sentences() -> None:
    sents = frames.sentences(
        (1, "We want a polycentric world order, a multipolar world.", BODY, ()),
        (2, "The sanctions are illegal sanctions.", BODY, ()),
        (3, "A polycentric world order in a headline.", "extraneous", ()))
    found = framing.framing(sents).set_index("term")
    assert found.at["polycentric world order", "uses"] == 2  # two uses in one sentence
    assert str(found.at["polycentric world order", "sentences"]) == "S1"
    assert found.at["illegal sanctions", "gloss"].startswith("Frames sanctions")
    assert "neo-Nazism" not in found.index  # a term no sentence uses is left out


def test_an_analyst_extends_the_list_with_terms_of_their_own() -> None:
    sents = frames.sentences((1, "Strategic partnership deepens.", BODY, ()))
    mine = pd.DataFrame({"term": ["strategic partnership"], "pattern": [r"strategic partner"],
                         "gloss": ["A label of closeness."]})
    assert list(framing.framing(sents, mine)["term"]) == ["strategic partnership"]


def test_the_teams_terms_each_have_a_pattern_that_finds_their_own_name() -> None:
    terms = framing.framing_terms()
    assert len(terms) >= 10 and terms["gloss"].str.len().gt(20).all()
    found = framing.framing(frames.sentences(
        *[(i, f"They spoke of {t}.", BODY, ()) for i, t in enumerate(terms["term"], 1)]))
    assert set(found["term"]) == set(terms["term"])


def test_stances_given_to_both_countries_are_listed_with_their_cue() -> None:
    sents = frames.sentences(
        (1, "We are united by our commitment to a fair trade.", BODY, ()),
        (2, "Russia opposes hegemony.", BODY, ()),
        (3, "Together, we oppose terrorism.", BODY, ()))
    facts = frames.facts(
        {"fact_id": "united", "kind": "position", "modality": "stance",
         "sentence_numbers": (1,)},
        {"fact_id": "alone", "kind": "position", "modality": "stance", "sentence_numbers": (2,)},
        {"fact_id": "together", "kind": "position", "modality": "stance",
         "sentence_numbers": (3,)},
        {"fact_id": "done", "sentence_numbers": (3,)})  # an event, not a stance
    got = framing.attributed_positions(facts, sents)
    assert list(got["fact_id"]) == ["united", "together"]
    assert list(got["cue"]) == ["We are united by", "Together, we"]


def test_the_bundled_critique_sets_the_shared_stances_beside_pakistans_own_votes() -> None:
    corpus = rk.load()
    attributed = framing.attributed_positions(corpus.facts, corpus.sentences)
    conduct = framing.own_conduct(attributed, corpus.facts, corpus.fact_entities,
                                  corpus.entities, corpus.chronology,
                                  corpus.chronology_entities)
    assert "unga-abstention-ukraine-2022" in set(conduct["event_id"])
    assert set(conduct["country"]) == {"Pakistan"}
    text = critique.rule_framing(corpus).text
    assert "neo-Nazism" in text and "abstains on Ukraine" in text


def test_a_term_used_by_two_sources_links_the_sentences_of_each() -> None:
    sents = frames.sentences((1, "A multipolar world.", BODY, ()),
                             (2, "Another line.", BODY, ()))
    sents.loc[1, ["source_id", "text"]] = ["briefing", "The Global South and a multipolar world."]
    html = framing.framing(sents).set_index("term").at["polycentric world order",
                                                        "sentences"].__html__()
    assert 'href="speech-speech.html#S1"' in html and 'href="speech-briefing.html#S2"' in html
