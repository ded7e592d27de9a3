"""Drafting a source's claims (curation/): entities, figures, cues, record links, the draft
of a whole source and rk.draft. Texts are the team's, in tests/fixtures/corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import rupak_lib as rk
from rupak_lib.curation.classify import kind_of, modality_of
from rupak_lib.curation.draft import DRAFT_COLUMNS, figure, write_drafts
from rupak_lib.curation.entities import EntityMatcher, adjectives, named
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
    assert "Ukrainian" in adjectives("Ukraine") and "Iranian" in adjectives("Iran")
    assert "Bangladeshi" in adjectives("Bangladesh")


def test_names_aliases_possessives_and_adjectives_find_their_entities(
        matcher: EntityMatcher) -> None:
    assert ids(matcher, "Pakistan's mills and Russian engineers met in Karachi.") == [
        "pakistan", "russia", "karachi"]
    assert ids(matcher, "Soviet aid built it.") == ["ussr"]


def test_a_country_s_adjective_after_anti_or_pro_names_it(matcher: EntityMatcher) -> None:
    assert ids(matcher, "The anti-Russian sanctions and pro-Pakistani voices.") == [
        "russia", "pakistan"]


def test_the_longer_name_wins_over_the_country_inside_it(matcher: EntityMatcher) -> None:
    found = matcher.find("The Pakistan Steel Mills stand idle.")[0]
    assert [(m.entity_id, m.how) for m in found] == [
        ("pakistan-steel-mills", "name"), ("pakistan", "the facility's country")]


def small_matcher() -> EntityMatcher:
    """Entities of a source by an envoy of Russia: its embassy, a city, a facility."""
    rows = [("russia", "Russia", "country", "RUS", ""), ("ussr", "USSR", "country", "SUN",
                                                         "Soviet Union|Soviet"),
            ("pakistan", "Pakistan", "country", "PAK", ""),
            ("lahore", "Lahore", "place", "PAK", ""),
            ("embassy", "Embassy of Russia in Lahore", "organization", "RUS", ""),
            ("club", "Russian Club in Lahore", "organization", "RUS", ""),
            ("dam", "Indus Dam", "facility", "PAK", ""),
            ("moscow", "Moscow", "place", "RUS", ""),
            ("china", "China", "country", "CHN", "")]
    entities = pd.DataFrame(rows, columns=["entity_id", "name", "kind", "country", "aliases"])
    entities["description"] = entities["entity_id"].map({"moscow": "Capital of Russia.",
                                                         "lahore": "Capital of a province."})
    return EntityMatcher(entities.replace("", None))


def test_a_place_inside_a_longer_name_is_linked_too() -> None:
    assert ids(small_matcher(), "The Russian Club in Lahore reopened.") == ["club", "lahore"]


def test_the_embassy_of_an_envoy_s_source_is_the_envoy_s_own() -> None:
    found = small_matcher().find("We held a seminar at the Embassy.", 2025, "russia")[0]
    assert {m.entity_id for m in found} >= {"embassy", "lahore"}
    other = small_matcher().find("A seminar at the Embassy.", 2025, "pakistan")[0]
    assert "embassy" not in {m.entity_id for m in other}  # a Pakistani's source


def test_the_author_s_own_organisation_named_is_the_we_not_its_country() -> None:
    found = small_matcher().find("We held a seminar at the Embassy.", 2025, "russia")[0]
    assert "russia" not in {m.entity_id for m in found}
    alone = small_matcher().find("We held a seminar.", 2025, "russia")[0]
    assert [m.entity_id for m in alone] == ["russia"]


@pytest.mark.parametrize("sentence", ["We prioritize cultural exchanges.",
                                      "Our focus is on reliable payment channels.",
                                      "We are exploring ways to expand trade."])
def test_a_partner_s_we_in_a_relation_names_the_other_partner_too(sentence: str) -> None:
    found = small_matcher().find(sentence, 2025, "russia")[0]
    assert {m.entity_id for m in found} == {"russia", "pakistan"}
    assert any(m.how.startswith("the partner of") for m in found)


@pytest.mark.parametrize("sentence", ["We hope the dam will be built.",
                                      "We are expanding trade with China."])
def test_a_partner_s_we_outside_a_relation_with_its_partner_is_its_own_country_alone(
        sentence: str) -> None:
    found = small_matcher().find(sentence, 2025, "russia")[0]
    assert "russia" in {m.entity_id for m in found} and "pakistan" not in {
        m.entity_id for m in found}


def test_a_capital_as_a_party_to_a_relation_is_its_government() -> None:
    matcher = small_matcher()
    found = matcher.find("Cooperation between Moscow and Pakistan grew.", 2005)[0]
    assert {m.entity_id for m in found} == {"russia", "pakistan"}
    assert matcher.parties("Cooperation between Moscow and Pakistan grew.") == {(20, "moscow")}
    # elsewhere the capital is a place, and a city that is no country's capital stays one
    assert "moscow" in ids(matcher, "The ministers met in Moscow.")
    assert "moscow" in ids(matcher, "Talks are held alternately between Moscow and Lahore.")
    # a capital that does a deed is its government; one that hosts stays a place
    assert ids(matcher, "Then Moscow lifted its embargo.") == ["russia"]
    assert set(ids(matcher, "Moscow hosted the fair.")) == {"moscow"}
    assert set(ids(matcher, "The meeting in Moscow ended with a statement.")) == {"moscow"}
    assert "lahore" in ids(matcher, "Cooperation between Lahore and Moscow grew.")


def test_an_envoy_s_we_that_organises_or_keeps_contacts_is_the_mission() -> None:
    from types import SimpleNamespace

    from rupak_lib.curation.entities import authors_mission

    matcher = small_matcher()
    envoy = SimpleNamespace(author="A. Envoy", author_role="Ambassador of Russia to Pakistan")
    mission = authors_mission(envoy, matcher, "russia")
    assert mission == "embassy"
    assert authors_mission(SimpleNamespace(author="B", author_role="Columnist"), matcher,
                           "russia") is None
    for deed in ("We organized a seminar for students.", "We maintain regular contacts "
                 "with schools.", "Last year we helped organise a fair."):
        found = {m.entity_id for m in matcher.find(deed, 2025, "russia", mission)[0]}
        assert {"embassy", "lahore"} <= found and "russia" not in found
    for said in ("We believe the dam matters.", "We hold the view that the dam matters."):
        stance = {m.entity_id for m in matcher.find(said, 2025, "russia", mission)[0]}
        assert "russia" in stance and "embassy" not in stance


def test_the_envoy_s_mission_acts_at_its_seat_unless_the_sentence_says_where() -> None:
    from types import SimpleNamespace

    from rupak_lib.curation.entities import authors_mission

    matcher = small_matcher()
    envoy = SimpleNamespace(author="A. Envoy", author_role="Ambassador of Russia to Pakistan")
    mission = authors_mission(envoy, matcher, "russia")
    for said, where in (("We organized a seminar for students in Moscow.", "moscow"),
                        ("We maintain regular contacts with schools across Pakistan.",
                         "pakistan")):
        found = {m.entity_id for m in matcher.find(said, 2025, "russia", mission)[0]}
        assert {"embassy", where} <= found and "lahore" not in found, said


def test_bilateral_relations_the_envoy_s_mission_works_for_are_its_subject_not_the_states(
        ) -> None:
    from types import SimpleNamespace

    from rupak_lib.curation.entities import authors_mission

    matcher = small_matcher()
    envoy = SimpleNamespace(author="A. Envoy", author_role="Ambassador of Russia to Pakistan")
    mission = authors_mission(envoy, matcher, "russia")
    for said in ("We organized a seminar on bilateral relations.",
                 "Each year the Embassy works to develop bilateral relations."):
        found = {m.entity_id for m in matcher.find(said, 2025, "russia", mission)[0]}
        assert "embassy" in found and not found & {"russia", "pakistan"}, said
    # with no mission acting, "bilateral" is of the two states
    assert {"russia", "pakistan"} <= {m.entity_id for m in matcher.find(
        "Bilateral trade grew last year.", 2025, "russia", mission)[0]}


def test_a_person_a_name_honours_and_the_city_a_full_name_gives_are_named_too() -> None:
    rows = [("pakistan", "Pakistan", "country", "PAK", ""),
            ("lahore", "Lahore", "place", "PAK", ""),
            ("poet", "Anna Verse", "person", "PAK", ""),
            ("statue", "Anna Verse statue, Lahore", "facility", "PAK",
             "statue of the poet Anna Verse")]
    entities = pd.DataFrame(rows, columns=["entity_id", "name", "kind", "country", "aliases"])
    matcher = EntityMatcher(entities.replace("", None))
    assert set(ids(matcher, "They unveiled a statue of the poet Anna Verse.")) == {
        "statue", "poet", "pakistan", "lahore"}


def test_a_facility_stands_in_its_country() -> None:
    assert ids(small_matcher(), "The Indus Dam was repaired.") == ["dam", "pakistan"]


def test_russia_named_before_1992_links_the_name_and_the_ussr() -> None:
    found = small_matcher().find("Russia and Pakistan signed a deal.", 1965)[0]
    assert [m.entity_id for m in found] == ["russia", "ussr", "pakistan"]
    assert [m.entity_id for m in small_matcher().find("Soviet aid came.", 1965)[0]] == ["ussr"]
    paired = small_matcher().find("Russia-Pakistan ties began in 1948.", 1948)[0]
    assert {m.entity_id for m in paired} == {"russia", "ussr", "pakistan"}


@pytest.mark.parametrize("sentence", ["Together, we oppose terrorism.",
                                      "We are united by shared values.",
                                      "Our interparliamentary ties are strong."])
def test_an_inclusive_we_names_both_countries(sentence: str) -> None:
    assert set(ids(small_matcher(), sentence)) == {"russia", "pakistan"}


def test_our_leaders_who_meet_are_both_sides_and_others_the_author_s_own() -> None:
    met = small_matcher().find("Last year our leaders met twice.", we="russia")[0]
    assert {m.entity_id for m in met} == {"russia", "pakistan"}
    spoke = small_matcher().find("Our leaders spoke at the forum.", we="russia")[0]
    assert [m.entity_id for m in spoke] == ["russia"]


@pytest.mark.parametrize("sentence", ["Russian-Pakistani ties are old.",
                                      "The Pakistan – Russia relationship grew.",
                                      "Pakistani—Russian trade rose."])
def test_the_partners_named_as_a_pair_name_both(sentence: str) -> None:
    assert set(ids(small_matcher(), sentence)) == {"russia", "pakistan"}


def test_a_claim_naming_no_entity_is_one_of_the_two_countries() -> None:
    found = small_matcher().find("Trade grew fast.")[0]
    assert sorted((m.entity_id, m.role) for m in found) == [("pakistan", "participant"),
                                                            ("russia", "participant")]
    assert ids(small_matcher(), "Lahore grew fast.") == ["lahore"]


def test_the_two_countries_standing_in_for_no_one_are_not_counted_as_named() -> None:
    found = small_matcher().find("Their history began in 1948.", 1948)[0]
    assert sorted(m.entity_id for m in found) == ["pakistan", "ussr"]
    assert named(found) == []
    assert named(small_matcher().find("Pakistan grew.", 1948)[0]) == ["pakistan"]


def test_the_pair_is_spelled_as_the_package_names_the_partners() -> None:
    rows = [("russia", "Muscovy", "country", "RUS", ""),
            ("pakistan", "Indusia", "country", "PAK", "")]
    entities = pd.DataFrame(rows, columns=["entity_id", "name", "kind", "country", "aliases"])
    matcher = EntityMatcher(entities.replace("", None))
    assert set(ids(matcher, "The Indusia–Muscovy talks went on.")) == {"russia", "pakistan"}


def test_a_near_spelling_of_a_long_name_is_found_and_said_so(matcher: EntityMatcher) -> None:
    found, _ = matcher.find("Work on the Pakistan Steel Mill resumed.")
    assert [(m.entity_id, m.how.split(" (")[0]) for m in found] == [
        ("pakistan-steel-mills", "near spelling"), ("pakistan", "the facility's country")]


def test_a_long_name_shortened_after_the_article_is_found() -> None:
    entities = pd.DataFrame({
        "entity_id": ["jtc"], "name": ["Ruritania–Pakistan Joint Trade Council"],
        "kind": ["organization"], "country": [""],
        "aliases": ["Joint Trade Council for Commerce, Industry and Shipping"]})
    found, _ = EntityMatcher(entities).find("The Joint Trade Council will meet in May.")
    assert [(m.entity_id, m.words) for m in found] == [("jtc", "Joint Trade Council")]


def test_a_short_word_is_never_matched_by_near_spelling(matcher: EntityMatcher) -> None:
    found = matcher.find("Irann and Omsk met.")[0]
    assert [m.how for m in found if "near spelling" in m.how] == []


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
    ("Trade reached about one billion dollars.", (1e9, "dollars")),
    ("Credits of 1.5 million US dollars were granted.", (1.5e6, "dollars")),
    # the pair a text speaks of is no figure it states
    ("The two sides are discussing a barter deal.", (None, None)),
    ("Our two countries will trade 300 tonnes of rice.", (300.0, "tonnes")),
])
def test_a_stated_figure_becomes_value_and_unit(sentence: str, expected: tuple) -> None:
    assert figure(sentence)[:2] == expected


@pytest.mark.parametrize(("sentence", "modality"), [
    ("We hope the pipeline could be built.", "potential"),
    ("The commission will meet in March.", "planned"),
    ("The consultations continue regularly.", "ongoing"),
    ("We believe ties are very strong.", "stance"),
    ("The protocol was signed in July.", "achieved"),
    ("On May 1, 1990, the two sides met.", "achieved"),  # the month, not the modal verb
    ("The treaty may be signed soon.", "potential"),
    ("I would like to reiterate that ties began in 1948.", "achieved"),
    ("I would like to see more trade.", "potential"),
    ("Barter deals are under discussion.", "potential"),
    ("The ministry is studying a barter scheme.", "potential"),
    ("The two sides are also discussing a barter arrangement.", "potential"),
    # a doubt voiced about what is to come judges it; it plans nothing
    ("Experts doubt that the corridor will be finished soon.", "stance"),
    ("Students studying in Kazan receive grants every year.", "ongoing"),
    ("The mission is actively engaged in this work.", "ongoing"),
    ("We organized a conference.", "achieved"),
    # a report the speaker frames as a judgement of theirs is a stance
    ("I am convinced that the forum grows more useful every year.", "stance"),
    ("We can safely say that the exchanges were a success.", "stance"),
    # the present of a standing practice, active or passive, is under way
    ("The two ministries coordinate their positions at the forum.", "ongoing"),
    ("Grants are awarded to young engineers by the fund.", "ongoing"),
    ("Our focus is on river transport.", "ongoing"),
    # the infinitive names a purpose, not a practice: the deed decides
    ("A delegation visited the port to participate in a fair.", "achieved"),
])
def test_cues_of_the_contracts_definitions_decide_the_modality(
        sentence: str, modality: str) -> None:
    assert modality_of(sentence, ("stance", 0.3)).value == modality


def test_a_talk_held_is_no_cue_of_a_deed_still_explored() -> None:
    said = modality_of("The sides discussed a barter arrangement in May.", ("achieved", 0.5))
    assert (said.value, said.why) == ("achieved", "learned from the curated claims")


def test_the_kind_follows_the_modality_and_the_words() -> None:
    assert kind_of("We oppose sanctions.", "stance", ("event", 0.5)).value == "position"
    assert kind_of("The commission meets yearly.", "ongoing", ("event", 0.5)).value == \
        "mechanism"
    assert kind_of("The commission met in May.", "achieved", ("event", 0.5)).value == "event"
    assert kind_of("A new pipeline is planned.", "planned", ("event", 0.5)).value == "project"


def test_a_standing_body_set_up_is_a_mechanism_and_its_meeting_an_event() -> None:
    assert kind_of("The chambers set up a joint business council.", "achieved",
                   ("event", 0.5)).value == "mechanism"
    assert kind_of("The business council convened in Lahore.", "achieved",
                   ("mechanism", 0.5)).value == "event"


def test_a_visit_by_members_of_a_standing_body_is_an_event() -> None:
    assert kind_of("A delegation of the Federal Council visited the capital.", "achieved",
                   ("mechanism", 0.5)).value == "event"


def test_a_channel_set_up_is_drafted_as_under_way_never_as_an_achieved_mechanism(
        corpus: rk.Corpus) -> None:
    from rupak_lib.curation.classify import Classifier

    guess = Classifier(corpus.facts, corpus.themes).classify(
        ["The chambers set up a joint business council."])[0]
    assert (guess["kind"].value, guess["modality"].value) == ("mechanism", "ongoing")


def test_a_project_named_by_a_gerund_with_no_tense_is_to_be_done(corpus: rk.Corpus) -> None:
    from rupak_lib.curation.classify import Classifier

    classifier = Classifier(corpus.facts, corpus.themes)
    plan, deed = classifier.classify(["and restoring the old river port of Testville",
                                      "Restoring the river port was completed."])
    assert (plan["kind"].value, plan["modality"].value) == ("project", "planned")
    assert "no tense" in plan["modality"].why
    assert deed["modality"].value == "achieved"  # a tense says what was done


def test_a_project_named_by_a_gerund_is_to_be_done_whatever_stance_the_model_learned(
        ) -> None:
    from rupak_lib.curation.classify import Classifier

    facts = pd.DataFrame({
        "quote": ["We value a fair order.", "Good ties matter.", "Order must be just.",
                  "The port opened in May."],
        "theme_id": ["a", "a", "a", "b"], "kind": ["position", "assessment", "position",
                                                   "event"],
        "modality": ["stance", "stance", "stance", "achieved"]})
    themes = pd.DataFrame({"theme_id": ["a", "b"], "title": ["A", "B"],
                           "description": ["Order.", "Ports."]})
    guess = Classifier(facts, themes).classify(["These include restoring the old harbour"])[0]
    assert (guess["kind"].value, guess["modality"].value) == ("project", "planned")


@pytest.mark.parametrize("text, modality, kind", [
    # signing a text is an act of a day, whatever the text is about
    ("The two sides signed a protocol on the new power plant.", "achieved", "event"),
    # a channel still being made is a project until it stands
    ("Our aim is developing reliable clearing mechanisms.", "ongoing", "project"),
    ("The banks set up a clearing mechanism.", "ongoing", "mechanism"),
    # help given in doing something is aid to a project
    ("The engineers assisted the province in developing its grid.", "achieved", "project"),
    # what is hoped for or explored is a thing to do
    ("We see room to widen cooperation.", "potential", "project"),
])
def test_the_kind_a_deed_s_words_give(text: str, modality: str, kind: str) -> None:
    assert kind_of(text, modality, ("mechanism", 0.5)).value == kind


@pytest.mark.parametrize("text, modality", [
    ("The two ministers are expected to review trade.", "planned"),
    ("The talks are due to open in Lahore.", "planned"),
    ("We are studying proposals for barter trade.", "potential"),
    ("Pakistan welcomes the resumption of direct flights.", "stance"),
    ("Pakistan and Russia share a commitment to the UN Charter.", "stance"),
    ("Both states are committed to a peaceful region.", "stance"),
    ("They also support dialogue among the countries of the region.", "stance"),
])
def test_what_is_expected_or_studied_and_a_stance_told_in_the_third_person(
        text: str, modality: str) -> None:
    assert modality_of(text, ("achieved", 0.5)).value == modality


def test_a_potential_one_has_grades_and_hopes_for_nothing() -> None:
    for text in ("Trade is far below its potential.", "Ties have reached their full potential."):
        assert modality_of(text, ("ongoing", 0.5)).value != "potential"
    assert modality_of("There is potential for a joint venture.", ("ongoing", 0.5)).value \
        == "potential"


@pytest.mark.parametrize("text, modality", [
    ("We prioritize exchanges between universities.", "stance"),
    ("The company is ready to rebuild the bridge.", "potential"),
    ("Both sides are willing to resume the talks.", "potential"),
])
def test_a_priority_is_a_stance_and_a_readiness_a_possibility(text: str,
                                                                modality: str) -> None:
    assert modality_of(text, ("achieved", 0.5)).value == modality


def test_an_undertaking_to_find_or_extract_resources_is_a_project() -> None:
    assert kind_of("Exploration of the offshore block is under way.", "ongoing",
                   ("event", 0.5)).value == "project"
    assert kind_of("A pilot scheme for rail freight is planned.", "planned",
                   ("event", 0.5)).value == "project"


def test_a_stance_that_grades_is_an_assessment_and_one_that_holds_a_principle_a_position(
        ) -> None:
    assert kind_of("Ties are growing stronger.", "stance", ("event", 0.5)).value == \
        "assessment"
    assert kind_of("A just and fair world order.", "stance", ("event", 0.5)).value == \
        "position"


def test_what_recurs_on_a_schedule_is_a_mechanism() -> None:
    assert kind_of("These talks are held annually.", "ongoing", ("event", 0.5)).value == \
        "mechanism"


def test_a_sentence_in_a_theme_s_own_words_leans_to_it() -> None:
    from rupak_lib.curation.classify import Described

    themes = pd.DataFrame({"theme_id": ["study", "money"], "title": ["Study", "Money"],
                           "description": ["Scholarships, students and teachers.",
                                           "Payments, banks and barter."]})
    scores = Described(themes).scores(["Ten scholarships went to students.", "Hello."],
                                      ["money", "study"])
    assert scores.tolist() == [[0.0, 1.0], [0.0, 0.0]]


def test_words_of_time_and_of_countries_lean_to_no_theme() -> None:
    from rupak_lib.curation.classify import Described

    themes = pd.DataFrame({"theme_id": ["past", "world"], "title": ["Past", "World"],
                           "description": ["The war years.", "What the countries share."]})
    scores = Described(themes).scores(["A flight opens later this year between the two "
                                       "countries."], ["past", "world"])
    assert scores.tolist() == [[0.0, 0.0]]


def test_a_body_a_theme_names_by_its_short_name_lends_the_theme_its_full_name() -> None:
    from rupak_lib.curation.classify import Described

    themes = pd.DataFrame({"theme_id": ["trade", "study"], "title": ["Commerce", "Study"],
                           "description": ["The JTC and its projects.", "Scholarships."]})
    entities = pd.DataFrame({
        "entity_id": ["jtc", "ruritania"], "name": ["Joint Trade Council", "Ruritania"],
        "kind": ["organization", "country"], "aliases": ["JTC|Trade Board", "Scholarships"]})
    sentence = ["The Joint Trade Council convened."]
    assert Described(themes).scores(sentence, ["study", "trade"]).tolist() == [[0.0, 0.0]]
    assert Described(themes, entities).scores(sentence, ["study", "trade"]).tolist() == [
        [0.0, 1.0]]
    # a country's names are everywhere: they lend nothing
    assert Described(themes, entities).words["study"] == Described(themes).words["study"]


def test_a_draft_proposes_a_claim_for_every_body_sentence(corpus: rk.Corpus) -> None:
    drafted = rk.draft(corpus, ARTICLE)
    body = corpus.sentences[(corpus.sentences["source_id"] == ARTICLE)
                            & (corpus.sentences["kind"] == "body")]
    assert list(drafted.columns) == list(DRAFT_COLUMNS)
    quoted = [[q for q in drafted["quote"] if q in text] for text in body["text"]]
    assert all(quoted)  # at least one claim in every sentence, each quoting it verbatim
    assert sum(map(len, quoted)) == len(drafted)
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
    path, _ = write_drafts(moved, ARTICLE)
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


def test_a_dated_claim_naming_no_one_is_offered_the_events_of_its_date(
        corpus: rk.Corpus) -> None:
    from rupak_lib.curation.record import record_links

    links = record_links(corpus, [], pd.Timestamp("1948-01-01"), pd.Timestamp("1948-12-31"),
                         "year", {}, pd.Timestamp("2026-01-01"))
    assert links == [("ussr-pakistan-diplomatic-relations-1948", "mentions",
                      "its date is the event's")]


def test_an_undated_plan_is_offered_the_latest_events_of_what_it_names_first(
        corpus: rk.Corpus) -> None:
    from rupak_lib.curation.record import record_links

    def first(modality: str) -> str:
        return record_links(corpus, ["karachi", "pakistan-steel-mills"], None, None, "none",
                            {}, pd.Timestamp("2026-01-01"), limit=1, modality=modality)[0][0]

    assert first("planned") == "tenth-igc-islamabad-2025"  # the latest with the mills
    # otherwise the events naming the most of it first: the mills in Karachi
    assert first("achieved") == "pakistan-steel-mills-protocol-2025"


def test_a_draft_offers_as_many_record_links_as_the_benchmark_measures(
        corpus: rk.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.curation import record

    def offered(**limit: int) -> list:
        return record.record_links(corpus, ["karachi", "pakistan-steel-mills"], None, None,
                                   "none", {}, pd.Timestamp("2026-01-01"), **limit)

    every = offered(limit=100)
    assert record.RECORD_LINKS == 5 and offered() == every[:5]
    monkeypatch.setattr(record, "RECORD_LINKS", 2)
    assert offered() == every[:2]


def test_a_deed_dated_after_the_source_is_a_plan() -> None:
    import datetime

    from rupak_lib.curation.draft import dated_modality

    said = pd.Timestamp("2026-02-09")
    assert dated_modality("achieved", datetime.date(2026, 6, 1), said) == "planned"
    assert dated_modality("achieved", datetime.date(2025, 6, 1), said) == "achieved"
    assert dated_modality("achieved", None, said) == "achieved"
    assert dated_modality("stance", datetime.date(2026, 6, 1), said) == "stance"


def test_every_drafted_kind_and_modality_is_a_pair_the_contract_allows(
        corpus: rk.Corpus) -> None:
    from rupak_lib.data.validate.curation import check_kind_modality
    from rupak_lib.data.validate.problems import Row

    problems: list = []
    for source_id in corpus.sources["source_id"]:
        for n, row in enumerate(rk.draft(corpus, source_id).itertuples(), start=2):
            check_kind_modality(Row("drafts.csv", n, {"kind": row.kind,
                                                      "modality": row.modality}), problems)
    assert problems == []


def _record(*events: tuple[str, str, str, str], parties: dict[str, list[str]] | None = None):
    """A corpus of a record alone: (event_id, year, title, summary) for each event (its kind
    is the id's first word), and the entities of each event (``parties``: russia and
    pakistan, lahore, a city, and council, a body)."""
    from types import SimpleNamespace

    chronology = pd.DataFrame([{
        "event_id": e, "date_start": pd.Timestamp(f"{y}-01-01"),
        "date_end": pd.Timestamp(f"{y}-12-31"), "theme_id": "history", "title": t,
        "summary": s, "kind": e.split("-")[0]} for e, y, t, s in events])
    links = [(e, ent) for e, ents in (parties or {}).items() for ent in ents]
    return SimpleNamespace(
        chronology=chronology,
        entities=pd.DataFrame({"entity_id": ["russia", "pakistan", "lahore", "council"],
                               "kind": ["country", "country", "place", "organization"]}),
        chronology_entities=pd.DataFrame(links, columns=["event_id", "entity_id"]))


def test_a_claim_of_a_decade_is_offered_its_events_only_through_a_place_it_names() -> None:
    from rupak_lib.curation.record import record_links

    both = ["russia", "pakistan"]
    corpus = _record(("fair-1974", "1974", "Fair", "A fair opened."),
                     ("talks-1977", "1977", "Talks", "Ministers met."),
                     ("fair-1985", "1985", "Fair", "A fair opened."),
                     parties={"fair-1974": [*both, "lahore"], "talks-1977": both,
                              "fair-1985": [*both, "lahore"]})
    said, start, end = (pd.Timestamp(d) for d in ("2026-01-01", "1970-01-01", "1979-12-31"))
    links = record_links(corpus, [*both, "lahore"], start, end, "decade", {}, said)
    assert [e for e, _, _ in links] == ["fair-1974"]
    assert record_links(corpus, both, start, end, "decade", {}, said) == []


def test_a_claim_sharing_rare_words_with_an_event_of_its_period_alludes_to_it() -> None:
    from rupak_lib.curation.record import record_links

    corpus = _record(
        ("metro-1975", "1975", "Metro opened", "A metro with deep tunnels opened."),
        ("metro-2020", "2020", "Metro extended", "The metro got new tunnels."),
        ("harbour-1976", "1976", "Harbour dredged", "The harbour was dredged."),
        *[(f"talks-{y}", str(y), "Talks held", "The ministers held talks.")
          for y in range(1970, 1980)])
    said = pd.Timestamp("2026-01-01")
    links = record_links(corpus, [], pd.Timestamp("1970-01-01"), pd.Timestamp("1979-12-31"),
                         "decade", {}, said, text="In the 1970s engineers dug metro tunnels.")
    assert links == [("metro-1975", "alludes", "shares the words metro, tunnel with it")]
    # one rare word is not enough, and common words ("held", "talks") point nowhere
    assert record_links(corpus, [], None, None, "none", {}, said,
                        text="The harbour and talks were held.") == []


def test_a_long_period_judged_difficult_alludes_to_its_crises_and_conflicts() -> None:
    from rupak_lib.curation.record import record_links

    corpus = _record(("crisis-1960", "1960", "Spy plane", "A plane was shot down."),
                     ("military-1971", "1971", "War", "A war broke out."),
                     ("agreement-1965", "1965", "Accord", "A cultural accord was signed."),
                     ("crisis-2001", "2001", "Standoff", "Troops massed."))
    said, start, end = (pd.Timestamp(d) for d in ("2026-01-01", "1947-01-01", "1991-12-31"))
    text = "Those decades were a difficult period for our ties."
    both = ["russia", "pakistan"]
    links = record_links(corpus, both, start, end, "year", {}, said, text=text)
    assert sorted(e for e, _, _ in links) == ["crisis-1960", "military-1971"]
    assert all(r == "alludes" and note.startswith('"difficult"') for _, r, note in links)
    one_year = record_links(corpus, both, pd.Timestamp("1960-01-01"),
                            pd.Timestamp("1960-12-31"), "year", {}, said, text=text)
    assert one_year == []  # a year is no period to judge


def test_a_claim_of_a_long_period_is_offered_twice_as_many_events() -> None:
    from rupak_lib.curation.record import RECORD_LINKS, record_links

    fairs = [f"fair-{y}" for y in range(1950, 1990, 2)]
    corpus = _record(*[(f, f[-4:], "Fair", "A fair opened.") for f in fairs],
                     *[(f"crisis-1952-{n}", "1952", "Clash", "A clash.") for n in range(8)],
                     parties={f: ["russia", "lahore"] for f in fairs})
    said = pd.Timestamp("2026-01-01")
    decades = record_links(corpus, ["russia", "lahore"], pd.Timestamp("1947-01-01"),
                           pd.Timestamp("1991-12-31"), "year", {}, said,
                           text="It was a busy period in Lahore.")
    assert len(decades) == 2 * RECORD_LINKS
    one_year = record_links(corpus, [], pd.Timestamp("1952-01-01"),
                            pd.Timestamp("1952-12-31"), "year", {}, said, text="Clashes.")
    assert len(one_year) == RECORD_LINKS  # nine events of its year, five offered


def test_a_draft_says_why_it_names_the_two_countries_of_a_sentence_naming_no_one(
        tmp_path: Path) -> None:
    import shutil

    from rupak_lib.curation.add_source import NewSource, add_source

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    text = tmp_path / "note.txt"
    text.write_text("A short note written for the tests\n\nTrade grew fast last year.\n",
                    "utf-8")
    add_source(text, NewSource("note-2026-02-01", "A note", "A. Writer", "2026-02-01"), data)
    row = rk.draft(rk.load(data), "note-2026-02-01").iloc[-1]
    assert sorted(row["entity_ids"].split("|")) == ["pakistan:participant",
                                                     "russia:participant"]
    assert "entity russia: the two countries, named by no other;" in row["why"] + ";"
    assert '""' not in row["why"]


def test_a_capital_standing_for_its_government_still_places_the_record_s_events(
        speech_drafter) -> None:
    corpus = speech_drafter.corpus  # the bundled record: its events in Moscow and Islamabad
    row = speech_drafter.sentences([(0, "In the 2000s, cooperation between Moscow and "
                                        "Islamabad grew.")])[0]
    assert set(row["entity_ids"].split("|")) == {"russia:participant", "pakistan:participant"}
    held_in = set(corpus.chronology_entities.loc[
        corpus.chronology_entities["entity_id"].isin({"moscow", "islamabad"}), "event_id"])
    assert {e.split(":")[0] for e in row["event_ids"].split("|")} & held_in


def test_a_hard_period_alludes_to_events_of_discord_of_any_kind_and_to_more_of_them() -> None:
    from rupak_lib.curation.record import RECORD_LINKS, record_links

    corpus = _record(("multilateral-1957", "1957", "Veto", "A veto blocked the resolution."),
                     ("agreement-1955", "1955", "Pact", "Pakistan joined a rival pact."),
                     ("agreement-1965", "1965", "Accord", "A cultural accord was signed."),
                     *[(f"crisis-{y}", str(y), "Incident", "A border incident.")
                       for y in range(1960, 1975)])
    said, start, end = (pd.Timestamp(d) for d in ("2026-01-01", "1947-01-01", "1991-12-31"))
    links = [e for e, _, _ in record_links(corpus, ["russia", "pakistan"], start, end, "year",
                                           {}, said, text="A difficult period for our ties.")]
    assert {"multilateral-1957", "agreement-1955"} <= set(links)
    assert "agreement-1965" not in links
    assert len(links) == 3 * RECORD_LINKS


def test_a_plan_is_offered_the_event_of_its_body_and_period_that_came_after_as_fulfilled(
        ) -> None:
    from rupak_lib.curation.record import record_links

    corpus = _record(("meeting-2024", "2024", "Council met", "The council met."),
                     ("meeting-2025", "2025", "Council met", "The council met again."),
                     parties={"meeting-2024": ["council"], "meeting-2025": ["council"]})
    # said in 2023 of the next year
    said, start, end = (pd.Timestamp(d) for d in ("2023-06-01", "2024-01-01", "2024-12-31"))
    planned = record_links(corpus, ["council"], start, end, "year", {}, said,
                           modality="planned")
    assert [(e, r) for e, r, _ in planned] == [("meeting-2024", "fulfils")]
    assert "held after the source" in planned[0][2]
    # what a source reports as done cannot be an event after it
    assert record_links(corpus, ["council"], start, end, "year", {}, said,
                        modality="achieved") == []


def test_one_word_of_very_few_events_points_to_an_event_of_the_claim_s_theme() -> None:
    from rupak_lib.curation.record import record_links

    corpus = _record(("deal-2023", "2023", "Barter deal", "A first barter deal was made."),
                     *[(f"talks-{y}", str(y), "Talks", "Ministers met.")
                       for y in range(2010, 2020)])
    said = pd.Timestamp("2026-01-01")
    text = "Barter operations are under discussion."
    links = record_links(corpus, [], None, None, "none", {}, said, theme_id="history",
                         text=text)
    assert [(e, r) for e, r, _ in links] == [("deal-2023", "alludes")]
    assert "barter" in links[0][2]
    assert record_links(corpus, [], None, None, "none", {}, said, theme_id="energy",
                        text=text) == []



def test_an_event_of_the_claim_s_very_period_is_offered_though_it_names_no_place() -> None:
    from rupak_lib.curation.record import record_links

    both = ["russia", "pakistan"]
    corpus = _record(("statement-1970s", "1970", "A warmer decade", "Ties warmed."),
                     ("talks-1977", "1977", "Talks", "Ministers met."),
                     parties={"statement-1970s": both, "talks-1977": both})
    start, end = pd.Timestamp("1970-01-01"), pd.Timestamp("1979-12-31")
    corpus.chronology.loc[0, "date_end"] = end  # the event spans the decade
    links = record_links(corpus, both, start, end, "decade", {}, pd.Timestamp("2026-01-01"))
    assert [e for e, _, _ in links] == ["statement-1970s"]


def test_a_claim_of_a_day_points_to_an_event_of_that_day_not_to_one_of_its_whole_year() -> None:
    from rupak_lib.curation.record import record_links

    both = ["russia", "pakistan"]
    corpus = _record(("talks-2025", "2025", "Talks", "Ministers met."),
                     ("grant-2025", "2025", "Grants", "Grants tripled in the year."),
                     parties={"talks-2025": both, "grant-2025": both})
    corpus.chronology.loc[0, ["date_start", "date_end"]] = [pd.Timestamp("2025-11-03")] * 2
    day = pd.Timestamp("2025-11-03")
    links = record_links(corpus, both, day, day, "day", {}, pd.Timestamp("2025-12-01"),
                         theme_id="energy")
    assert [e for e, _, _ in links] == ["talks-2025"]
