"""A sentence that lists several claims is drafted as several (curation/clauses.py and the
drafter). Texts are the team's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import rupak_lib as rk
from rupak_lib.curation.add_source import NewSource, add_source
from rupak_lib.curation.clauses import Part, clauses

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"


def texts(sentence: str) -> list[str]:
    return [p.text for p in clauses(sentence)]


def test_a_sentence_that_says_one_thing_is_one_claim_unchanged() -> None:
    sentence = "The two banks signed a clearing agreement in March, in Lahore."
    assert clauses(sentence) == [Part(sentence)]


def test_a_semicolon_ends_a_claim_and_a_short_item_of_such_a_list_stands() -> None:
    assert texts("We share a belief in open trade; fair rules; and honest courts.") == [
        "We share a belief in open trade", "fair rules", "and honest courts"]


@pytest.mark.parametrize("connective", ["yet", "which", "shortly after", "but"])
def test_a_comma_before_a_clause_of_its_own_cuts(connective: str) -> None:
    first, second = clauses(f"The talks were slow, {connective} the ministers kept meeting.")
    assert (first.text, second.text) == (
        "The talks were slow", f"{connective} the ministers kept meeting")
    assert not second.item  # a clause of its own says its own modality


def test_three_gerund_phrases_after_commas_are_three_claims() -> None:
    assert texts("Plans include repairing the dam, widening the canal, and dredging the "
                 "harbour of Testport.") == [
        "Plans include repairing the dam", "widening the canal",
        "and dredging the harbour of Testport"]


def test_one_participle_after_a_comma_goes_on_with_its_clause() -> None:
    sentence = "The fair is held each spring, alternating between the two capitals."
    assert texts(sentence) == [sentence]


def test_an_example_introduced_by_including_is_an_item_of_the_part_before() -> None:
    parts = clauses("The embassy hosted several evenings, including a recital of folk "
                    "songs by a village choir.")
    assert [p.item for p in parts] == [False, True]


def test_a_long_phrase_before_the_speaker_s_clause_is_a_claim_of_its_own() -> None:
    assert texts("Despite the new duties on imported grain, we are expanding our trade.") == [
        "Despite the new duties on imported grain", "we are expanding our trade"]
    scene, said = clauses("Despite the new duties on imported grain, we are expanding trade.")
    assert scene.own_actors and not said.own_actors


@pytest.mark.parametrize("sentence", [
    "Last November, we opened a consulate in Lahore.",
    "On 3 March 2020, we signed the protocol in Moscow.",
    "Together, we oppose every form of piracy at sea.",
])
def test_a_time_or_manner_put_before_the_speaker_s_clause_stays_with_it(
        sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_a_clause_with_a_subject_of_its_own_after_and_is_a_claim_of_its_own() -> None:
    assert texts("The dam project is still discussed, and a technical team visited the site "
                 "in May.") == ["The dam project is still discussed",
                                "and a technical team visited the site in May"]


@pytest.mark.parametrize("sentence", [
    "We discussed energy, trade, and the new railway that was opened last year.",
    "Guddu, Jamshoro, and Muzaffargarh power plants were built with that help.",
])
def test_the_last_item_of_a_list_after_and_is_not_a_clause(sentence: str) -> None:
    assert len(texts(sentence)) == 1


def test_a_cause_is_a_claim_of_its_own() -> None:
    assert texts("The two states opened consulates as a result of talks held in a third "
                 "country.") == ["The two states opened consulates",
                                 "as a result of talks held in a third country"]


def test_two_occasions_of_a_deed_are_a_claim_each() -> None:
    assert texts("The envoys met twice, in Oslo in March and in Rome on 4 June.") == [
        "The envoys met twice", "in Oslo in March", "in Rome on 4 June"]
    assert texts("The envoys met in Oslo in March and in Rome in June.") == [
        "The envoys met in Oslo in March", "in Rome in June"]


@pytest.mark.parametrize("sentence", [
    "The envoys met, in Oslo in March.",  # one occasion only places the deed
    "The envoys met in the city in March and in the port in June.",  # no place named
])
def test_one_occasion_or_an_unnamed_place_is_not_cut(sentence: str) -> None:
    assert len(texts(sentence)) == 1


def test_a_clause_telling_when_by_a_deed_of_its_own_is_a_claim_of_its_own() -> None:
    traded, when = clauses("Trade grew quickly in those ten busy years when the Soviet loans "
                           "came.")
    assert (traded.text, when.text) == ("Trade grew quickly in those ten busy years",
                                        "when the Soviet loans came")
    assert when.own_actors and not when.item and not traded.own_actors
    assert texts("I remember when the war ended.") == ["I remember when the war ended."]


def test_a_clause_telling_when_takes_no_actor_from_its_sentence(listed) -> None:
    _, drafted = listed
    traded, when = parts_of(drafted, "Russia and Pakistan traded grain").itertuples()
    assert {"russia", "pakistan"} <= {e.split(":")[0] for e in traded.entity_ids.split("|")}
    assert [e.split(":")[0] for e in when.entity_ids.split("|")] == ["lahore"]


def test_a_relative_clause_set_inside_a_short_subject_is_not_cut() -> None:
    sentence = "The trade council, which met in May, will meet again in June."
    assert texts(sentence) == [sentence.strip()]
    assert len(texts("The two ministers signed a long protocol, which covers grain.")) == 2


def test_deeds_an_example_lists_by_their_nouns_are_a_claim_each() -> None:
    assert texts("The plan covers roads, including the repair of bridges and the "
                 "construction of tunnels.") == [
        "The plan covers roads", "including the repair of bridges",
        "and the construction of tunnels"]
    assert len(texts("We discussed trade and the development of ports.")) == 1


def test_a_part_too_short_to_stand_after_a_comma_stays_with_the_part_before() -> None:
    assert texts("The shops sold local goods, including tea, yet the market closed early.") \
        == ["The shops sold local goods, including tea", "yet the market closed early"]


def test_a_quotation_closed_after_the_comma_closes_in_the_part_before() -> None:
    sentence = ("Students join the programme “Open Doors,” through which teachers travel "
                "abroad for a term.")
    parts = texts(sentence)
    assert parts == ["Students join the programme “Open Doors,”",
                     "through which teachers travel abroad for a term"]


@pytest.mark.parametrize("sentence", [
    "We share a belief in open trade; fair rules; and honest courts.",
    "Plans include repairing the dam, widening the canal, and dredging the harbour.",
    "Students join the programme “Open Doors,” through which teachers travel abroad.",
])
def test_every_part_is_a_verbatim_piece_of_its_sentence(sentence: str) -> None:
    assert all(p.text in sentence for p in clauses(sentence))


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory):
    """The fixture package with a note whose sentences list several claims."""
    tmp = tmp_path_factory.mktemp("listed")
    data = tmp / "data"
    shutil.copytree(FIXTURE, data)
    note = tmp / "note.txt"
    note.write_text(
        "A note on the partnership written for the tests\n\n"
        "Russia and Pakistan discussed plans in Karachi, including repairing the Pakistan "
        "Steel Mills, laying a gas pipeline, and training engineers.\n"
        "We support a fair world order; open trade; and dialogue between states.\n"
        "Last year, the two governments opened a trade office in Lahore, which handled "
        "the first shipments of rice.\n"
        "The two central banks keep regular contacts; last year, their governors met in "
        "Lahore.\n"
        "The consulates opened on 3 March 2020 as a result of talks held in a third "
        "country.\n"
        "Russia and Pakistan will review the talks, including the situation in Iran.\n"
        "Russia and Pakistan opened a joint school in 2021, shortly after Lahore hosted a "
        "book fair.\n"
        "Despite the old quarrels over the Lahore fair, we and Pakistan plan a new one.\n"
        "Russia and Pakistan traded grain for many long years when the Lahore mill was "
        "busy.\n"
        "With Soviet help, the Pakistan Steel Mills and the Indus Dam were built in the "
        "1970s.\n",
        "utf-8")
    with open(data / "entities.csv", "a", encoding="utf-8") as f:  # a second facility
        f.write("indus-dam,Indus Dam,facility,PAK,,,,A dam written for the tests.\n")
    add_source(note, NewSource("note-2026-02-01", "A note", "A. Writer", "2026-02-01"), data)
    corpus = rk.load(data)
    return corpus, rk.draft(corpus, "note-2026-02-01").set_index("fact_id")


def parts_of(drafted, words: str):
    """The drafted claims of the note's sentence that begins with ``words``."""
    ids = drafted.index[drafted["quote"].str.startswith(words)]
    assert len(ids) == 1
    stem = ids[0].rsplit("-", 1)[0]
    return drafted[drafted.index.str.startswith(stem + "-")]


def test_a_sentence_listing_claims_is_drafted_as_one_claim_each(listed) -> None:
    corpus, drafted = listed
    parts = parts_of(drafted, "Russia and Pakistan discussed")
    sentence = next(t for t in corpus.sentences["text"]
                    if t.startswith("Russia and Pakistan discussed"))
    assert parts["quote"].tolist() == [
        "Russia and Pakistan discussed plans in Karachi",
        "including repairing the Pakistan Steel Mills", "laying a gas pipeline",
        "and training engineers"]
    assert all(q in sentence for q in parts["quote"])
    assert [i.rsplit("-", 1)[1] for i in parts.index] == ["1", "2", "3", "4"]


def test_an_item_with_no_cue_of_its_own_says_what_its_lead_says(listed) -> None:
    _, drafted = listed
    lead, item, last = parts_of(drafted, "We support").itertuples()
    assert (item.kind, item.modality) == ("position", "stance")  # "open trade"
    assert "in the clause it goes on from" in item.why
    assert last.why.count("in the clause it goes on from") == 1


def test_a_part_is_done_by_its_sentence_s_countries_not_by_its_places(listed) -> None:
    _, drafted = listed
    _, mills, _, training = parts_of(drafted, "Russia and Pakistan discussed").itertuples()
    assert {e.split(":")[0] for e in training.entity_ids.split("|")} == {"russia",
                                                                        "pakistan"}
    assert {e.split(":")[0] for e in mills.entity_ids.split("|")} == {
        "pakistan-steel-mills", "pakistan", "russia"}  # the mills are its own; Russia acts
    assert "karachi:" not in training.entity_ids


def test_the_parts_of_a_sentence_share_its_theme(listed) -> None:
    _, drafted = listed
    assert parts_of(drafted, "Russia and Pakistan discussed")["theme_id"].nunique() == 1


def test_a_part_before_the_one_a_date_is_in_does_not_take_it(listed) -> None:
    _, drafted = listed
    contacts, met = parts_of(drafted, "The two central banks").itertuples()
    assert (contacts.date_precision, met.date_precision) == ("none", "year")


def test_a_cause_is_not_dated_by_the_deed_it_led_to(listed) -> None:
    _, drafted = listed
    opened, talks = parts_of(drafted, "The consulates opened").itertuples()
    assert opened.date_start == "2020-03-03"
    assert (talks.date_start, talks.date_precision) == ("", "none")


def test_what_happened_at_another_time_has_its_own_actors_not_its_sentence_s(listed) -> None:
    _, drafted = listed
    opened, fair = parts_of(drafted, "Russia and Pakistan opened a joint").itertuples()
    assert {"russia", "pakistan"} <= {e.split(":")[0] for e in opened.entity_ids.split("|")}
    assert [e.split(":")[0] for e in fair.entity_ids.split("|")] == ["lahore"]


def test_the_scene_set_for_the_speaker_s_clause_takes_no_actor_from_it(listed) -> None:
    _, drafted = listed
    scene, plan = parts_of(drafted, "Despite the old quarrels").itertuples()
    assert [e.split(":")[0] for e in scene.entity_ids.split("|")] == ["lahore"]
    assert "pakistan" in plan.entity_ids


@pytest.mark.parametrize("sentence, elsewhen", [
    ("The embassy opened in spring, shortly after the two states agreed on its site.", True),
    ("The consulates opened as a result of talks held in a third country.", True),
    ("The talks were slow, yet the ministers kept meeting every month.", False),
])
def test_a_clause_that_places_itself_at_another_time_says_so(sentence: str,
                                                              elsewhen: bool) -> None:
    assert clauses(sentence)[1].elsewhen is elsewhen


def test_a_part_with_no_date_of_its_own_is_dated_by_its_sentence(listed) -> None:
    _, drafted = listed
    _, office = parts_of(drafted, "Last year, the two governments").itertuples()
    assert office.quote == "which handled the first shipments of rice"
    assert (office.date_start, office.date_end, office.date_precision) == (
        "2025-01-01", "2025-12-31", "year")
    assert 'date: "Last year", said in the part before' in office.why


def test_a_partner_named_in_another_part_is_said_to_be_named_there(listed) -> None:
    _, drafted = listed
    _, mills, _, _ = parts_of(drafted, "Russia and Pakistan discussed").itertuples()
    assert 'entity russia: named in its sentence, name "Russia"' in mills.why


def test_the_draft_is_counted_in_claims_and_the_sentences_cut_into_several() -> None:
    import pandas as pd

    from rupak_lib.curation.draft import counted

    drafts = pd.DataFrame({"fact_id": ["note-s2-1", "note-s2-2", "note-s3", "note-s4-1",
                                       "note-s4-2", "note-s4-3"]})
    assert counted(drafts) == "6 proposed claims for 3 body sentences (2 cut into several " \
                              "claims)"
    assert counted(drafts.iloc[[2]]) == "1 proposed claim for 1 body sentence"


def test_a_third_country_a_sentence_names_is_not_an_actor_of_its_other_parts(listed) -> None:
    _, drafted = listed
    review, iran = parts_of(drafted, "Russia and Pakistan will review").itertuples()
    assert "iran:" not in review.entity_ids
    assert {e.split(":")[0] for e in iran.entity_ids.split("|")} == {"iran", "russia",
                                                                    "pakistan"}


def test_facilities_listed_together_are_a_claim_each_with_their_own_record(listed) -> None:
    corpus, drafted = listed
    ids = drafted.index[drafted["quote"].str.startswith("With Soviet help")]
    assert len(ids) == 2 and drafted.loc[ids, "quote"].nunique() == 1
    linked = [set(e.split(":")[0] for e in drafted.at[i, "entity_ids"].split("|")) for i in ids]
    assert [x & {"pakistan-steel-mills", "indus-dam"} for x in linked] == [
        {"pakistan-steel-mills"}, {"indus-dam"}]
    assert all({"ussr", "pakistan"} <= x for x in linked)
    mills = set(corpus.chronology_entities.loc[
        corpus.chronology_entities["entity_id"] == "pakistan-steel-mills", "event_id"])
    events = [{e.split(":")[0] for e in drafted.at[i, "event_ids"].split("|") if e} for i in ids]
    assert events[0] & mills and not events[1] & mills



def test_a_facility_s_claim_leaves_the_record_of_the_others_listed_with_it(
        speech_drafter) -> None:
    drafter, corpus = speech_drafter, speech_drafter.corpus  # the bundled record: an event
    # of each power plant
    rows = drafter.sentences([(0, "Soviet engineers built the Guddu and Jamshoro power "
                                  "plants.")])
    assert [r["fact_id"][-2:] for r in rows] == ["-1", "-2"]
    held = corpus.chronology_entities.groupby("entity_id")["event_id"].apply(set)
    for row, other in zip(rows, ("jamshoro-power-plant", "guddu-power-plant"), strict=True):
        events = {e.split(":")[0] for e in row["event_ids"].split("|") if e}
        assert events and not events & held[other]


def test_the_envoy_s_mission_acting_in_a_sentence_acts_in_its_parts(speech_drafter) -> None:
    # the bundled speech: an ambassador's
    drafter = speech_drafter
    lead, item = drafter.sentences([(0, "Last year, we organized a fair of crafts, including "
                                        "a concert of a choir from Lahore.")])
    for part in (lead, item):
        assert "russian-embassy-islamabad" in part["entity_ids"]
    assert "named in its sentence, the author's mission" in item["why"]


def test_which_and_this_programme_speak_of_the_programme_named_before(speech_drafter) -> None:
    # the bundled entities: the "Russian Teacher Abroad" programme
    drafter = speech_drafter
    joined, through, later = drafter.sentences([
        (1, "Our partners joined the programme “Russian Teacher Abroad,” through which "
            "teachers travel for a year."),
        (2, "Village schools will soon take part in this programme.")])
    for row in (joined, through, later):
        assert "russian-teacher-abroad" in row["entity_ids"]
    assert '"through which", named in the part before' in through["why"]
    # the clause speaks of the programme, not of who joined it
    assert [e.split(":")[0] for e in through["entity_ids"].split("|")] == [
        "russian-teacher-abroad"]
    assert '"this programme", named in the sentence before' in later["why"]
    alone = drafter.sentences([(2, "Village schools will soon take part in this programme.")])
    assert "russian-teacher-abroad" not in alone[0]["entity_ids"]


def test_each_facility_of_a_relative_clause_speaks_as_the_clause_does(speech_drafter) -> None:
    # the bundled entities: the power plants
    drafter = speech_drafter
    lead, *plants = drafter.sentences([(0, "The Russian envoys toured the province of Sindh "
                                           "at length, which the Guddu and Jamshoro power "
                                           "plants supply.")])
    assert "russia" in lead["entity_ids"]
    assert len(plants) == 2
    for row in plants:  # the sentence's partner does not act in the relative clause
        assert "russia" not in row["entity_ids"]


def test_an_item_added_to_a_subject_with_no_verb_yet_is_not_cut() -> None:
    sentence = ("With the help of a Dutch firm, the old bridge in Lahore, as well as the two "
                "ferries of the river, were repaired last year.")
    assert texts(sentence) == [sentence]
    assert texts("The team repaired the old bridge, as well as the two ferries of the river.") \
        == ["The team repaired the old bridge", "as well as the two ferries of the river"]


def test_a_facility_s_claim_leaves_the_place_named_in_another_s_words(speech_drafter) -> None:
    # the bundled entities: "metallurgical plant in Karachi" is the mill's
    drafter = speech_drafter
    rows = drafter.sentences([(0, "The metallurgical plant in Karachi, as well as the Guddu "
                                  "power plant, were built by Soviet engineers.")])
    linked = {r["entity_ids"].split("|")[0].split(":")[0]: r["entity_ids"] for r in rows}
    mill = next(v for v in linked.values() if "pakistan-steel-mills" in v)
    plant = next(v for v in linked.values() if "guddu-power-plant" in v)
    assert "karachi" in mill and "karachi" not in plant


def test_the_ussr_a_sentence_names_is_no_actor_of_its_parts_after_1991(speech_drafter) -> None:
    drafter = speech_drafter
    before, after = drafter.sentences([(0, "In the 1970s, the USSR built a dam in the north; "
                                           "in the 2000s, a new dam was planned there.")])
    assert "ussr" in before["entity_ids"]
    assert "ussr" not in after["entity_ids"]


def test_a_subject_placed_by_a_participle_is_a_claim_before_its_predicate() -> None:
    assert texts("The Soviet film clubs operating in Quetta, Multan and Sukkur also drew "
                 "large crowds.") == [
        "The Soviet film clubs operating in Quetta, Multan and Sukkur", "also drew large crowds"]
    assert texts("Pakistani students studying in Kazan and Tomsk receive grants every year.") \
        == ["Pakistani students studying in Kazan and Tomsk", "receive grants every year"]


@pytest.mark.parametrize("sentence", [
    # after the sentence's verb
    "The firms said that teams working in Karachi and Lahore are busy with the mill.",
    "The embassy told us engineers working in Karachi and Lahore are busy with the mill.",
    "Our two clubs operating in Quetta and Multan.",  # no predicate
    "Engineers working in Karachi and in Lahore built the plant.",  # places go on
    "The meeting in Moscow ended well.",  # a noun in -ing, no participle of place
])
def test_a_participle_of_place_after_a_verb_or_without_a_predicate_is_not_cut(
        sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_the_predicate_of_a_placed_subject_leaves_its_places_to_the_subject(
        speech_drafter) -> None:
    subject, predicate = speech_drafter.sentences([(0, (
        "The Russian film clubs operating in Karachi and Lahore also draw large crowds."))])
    linked = lambda row: {e.split(":")[0] for e in row["entity_ids"].split("|")}  # noqa: E731
    assert {"karachi", "lahore", "russia"} <= linked(subject)
    assert "russia" in linked(predicate)
    assert not {"karachi", "lahore"} & linked(predicate)


def test_a_placed_subject_stands_as_it_is_whatever_its_predicate_did(speech_drafter) -> None:
    subject, predicate = speech_drafter.sentences([(0, (
        "Russian trading houses based in Karachi expanded their offices last month."))])
    assert subject["modality"] == "ongoing" and "a participle of place" in subject["why"]
    assert predicate["modality"] == "achieved" and predicate["date_precision"] == "month"
