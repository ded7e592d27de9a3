"""rk.validate on the record: chronology, chronology_entities, fact_events and the events
questions cite. Each bad row is rejected and located as file, row, column and message."""

from __future__ import annotations

import json

import pytest
from datapkg import DataPackage, drop_titles, errors, warnings

import rupak_lib as rk
from rupak_lib.exceptions import DataValidationError

# Rows of the fixture's chronology.csv (header = 1): 2 notes-exchanged-1948 (day),
# 3 trade-pact-1965 (year), 4 border-war-1971 (month), 5 scholarships-granted-2024 (year),
# 6 forum-testville-2025 (month, after the speech of 2025-03-01).
NOTES, PACT, WAR = 2, 3, 4


def test_the_fixture_record_is_valid(pkg: DataPackage) -> None:
    assert errors(pkg) == []


def test_an_event_ending_before_it_starts_is_an_error(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", NOTES, "date_end", "1948-04-30")
    assert errors(pkg) == [("chronology.csv", NOTES, "date_end",
                            "date_end 1948-04-30 is before date_start 1948-05-01")]


def test_a_month_must_run_from_its_first_to_its_last_day(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", WAR, "date_start", "1971-12-03")
    assert errors(pkg) == [(
        "chronology.csv", WAR, "date_start",
        "a month-precision date runs from the first day of a month to the last day of the "
        "same or a later month: expected 1971-12-01..1971-12-31, got 1971-12-03..1971-12-31")]


def test_a_decade_must_cover_whole_decades(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", PACT, "date_precision", "decade")
    assert errors(pkg) == [(
        "chronology.csv", PACT, "date_start",
        "a decade-precision date runs from 1 January of a year ending in 0 to 31 December "
        "of a year ending in 9: expected 1960-01-01..1969-12-31, got 1965-01-01..1965-12-31")]


def test_an_event_is_always_dated(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", PACT, "date_precision", "none")
    pkg.set("chronology.csv", PACT, "date_start", "")
    assert sorted(errors(pkg)) == [
        ("chronology.csv", PACT, "date_precision",
         '"none" is not one of day, month, year, decade'),
        ("chronology.csv", PACT, "date_start", "a value is required")]


def test_an_unpadded_date_is_located(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", NOTES, "date_start", "1948-5-01")
    assert errors(pkg) == [("chronology.csv", NOTES, "date_start",
                            '"1948-5-01" is not a date in the form YYYY-MM-DD')]


def test_an_unknown_kind_of_event_is_an_error(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", WAR, "kind", "war")
    assert errors(pkg) == [(
        "chronology.csv", WAR, "kind", '"war" is not one of visit, meeting, agreement, '
        'project, trade, military, crisis, multilateral, statement')]


def test_every_event_needs_a_reference(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", WAR, "reference", "")
    assert errors(pkg) == [("chronology.csv", WAR, "reference", "a value is required")]


def test_a_reference_must_be_a_web_address(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", PACT, "reference", "https://archive.example/1965|Dawn, 1965")
    assert errors(pkg) == [("chronology.csv", PACT, "reference",
                            '"Dawn, 1965" is not a web address (http:// or https://)')]


def test_an_empty_reference_in_the_list_is_an_error(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", PACT, "reference", "https://archive.example/1965||")
    assert errors(pkg) == [("chronology.csv", PACT, "reference",
                            "empty item in the |-separated list")] * 2


def test_a_blank_title_is_a_warning_not_an_error(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", WAR, "title", "")
    assert errors(pkg) == []
    assert warnings(pkg) == [("chronology.csv", WAR, "title", "no title: reports name the "
                              "event by the first words of its summary")]


def test_a_record_may_have_no_titles_at_all(pkg: DataPackage) -> None:
    drop_titles(pkg)
    assert rk.validate(pkg.path) == []
    assert "title" not in rk.load(pkg.path).chronology


def test_titles_declared_must_be_strings(pkg: DataPackage) -> None:
    descriptor = json.loads(pkg.read("datapackage.json"))
    schema = next(r for r in descriptor["resources"] if r["name"] == "chronology")["schema"]
    next(f for f in schema["fields"] if f["name"] == "title")["type"] = "integer"
    pkg.write("datapackage.json", json.dumps(descriptor))
    assert ("datapackage.json", None, None,
            "chronology.title: type must be string (the data contract); found integer") \
        in errors(pkg)


def test_an_event_of_an_unknown_theme_is_an_error(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", WAR, "theme_id", "wars")
    assert errors(pkg) == [("chronology.csv", WAR, "theme_id",
                            'themes.csv has no theme_id "wars"')]


def test_a_duplicate_event_id_is_an_error(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", WAR, "event_id", "trade-pact-1965")
    problems = errors(pkg)
    assert ("chronology.csv", WAR, "event_id",
            'duplicate event_id "trade-pact-1965" (first used on row 3)') in problems


def test_an_event_entity_must_exist(pkg: DataPackage) -> None:
    pkg.set("chronology_entities.csv", 2, "entity_id", "gamma")
    assert errors(pkg) == [("chronology_entities.csv", 2, "entity_id",
                            'entities.csv has no entity_id "gamma"')]


def test_an_event_entity_needs_a_known_event_and_role(pkg: DataPackage) -> None:
    pkg.set("chronology_entities.csv", 3, "event_id", "no-such-event")
    pkg.set("chronology_entities.csv", 4, "role", "host")
    assert errors(pkg) == [
        ("chronology_entities.csv", 3, "event_id",
         'chronology.csv has no event_id "no-such-event"'),
        ("chronology_entities.csv", 4, "role",
         '"host" is not one of participant, location, subject')]


def test_a_link_must_name_a_known_fact_and_event(pkg: DataPackage) -> None:
    pkg.set("fact_events.csv", 2, "fact_id", "no-such-fact")
    pkg.set("fact_events.csv", 3, "event_id", "no-such-event")
    assert errors(pkg) == [
        ("fact_events.csv", 2, "fact_id", 'facts.csv has no fact_id "no-such-fact"'),
        ("fact_events.csv", 3, "event_id", 'chronology.csv has no event_id "no-such-event"')]


def test_a_link_has_one_of_the_four_relations(pkg: DataPackage) -> None:
    pkg.set("fact_events.csv", 3, "relation", "ignores")
    assert errors(pkg) == [("fact_events.csv", 3, "relation",
                            '"ignores" is not one of mentions, alludes, contradicts, fulfils')]


def test_only_a_plan_or_a_hope_can_be_fulfilled(pkg: DataPackage) -> None:
    pkg.set("fact_events.csv", 4, "relation", "fulfils")
    assert errors(pkg) == [("fact_events.csv", 4, "relation",
                            "fulfils needs a planned or potential claim; scholarships is "
                            "achieved")]


def test_a_fulfilling_event_comes_after_the_claim(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "kind", "project")  # keep-working: "We will keep working"
    pkg.set("facts.csv", 5, "modality", "planned")
    rows = pkg.rows("fact_events.csv")
    rows += [{"fact_id": "keep-working", "event_id": "forum-testville-2025",
              "relation": "fulfils", "note": ""},
             {"fact_id": "keep-working", "event_id": "scholarships-granted-2024",
              "relation": "fulfils", "note": ""}]
    pkg.write_rows("fact_events.csv", rows)
    assert errors(pkg) == [(
        "fact_events.csv", 6, "event_id",
        "scholarships-granted-2024 ends on 2024-12-31, before the claim was made on "
        "2025-03-01: an event that fulfils a claim comes after it")]


def test_a_question_event_must_exist(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 3, "event_ids", "trade-pact-1965|no-such-event")
    assert errors(pkg) == [("questions.csv", 3, "event_ids",
                            'chronology.csv has no event_id "no-such-event"')]


def test_a_question_event_must_be_cited_in_the_answer(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 3, "answer", "Trade [trade-1960s], after relations "
                                          "[relations-1948].")
    assert errors(pkg) == [(
        "questions.csv", 3, "event_ids",
        'event "trade-pact-1965" is listed, but the answer does not cite it as '
        '[trade-pact-1965]')]


def test_an_event_cited_in_an_answer_must_be_listed(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 2, "answer", "On 1 May 1948 [relations-1948] "
                                          "[notes-exchanged-1948].")
    assert errors(pkg) == [("questions.csv", 2, "event_ids", "the answer cites "
                            "[notes-exchanged-1948], which event_ids does not list")]


def test_a_question_may_rest_on_events_alone(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 3, "fact_ids", "")
    pkg.set("questions.csv", 3, "answer", "A pact [trade-pact-1965].")
    assert errors(pkg) == []


def test_load_refuses_a_record_with_errors(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", NOTES, "reference", "archive.example/1948")
    with pytest.raises(DataValidationError, match="chronology.csv:2: reference"):
        rk.load(pkg.path)


# --- verdicts that agree with the record ------------------------------------------------------

def test_a_claim_the_record_contradicts_must_be_contested(pkg: DataPackage) -> None:
    pkg.set("fact_events.csv", 2, "relation", "contradicts")
    assert warnings(pkg) == [(
        "fact_events.csv", 2, "relation",
        "relations-1948 contradicts notes-exchanged-1948, so it should be contested (with the "
        "event's reference), not corroborated; or its notes in facts.csv name "
        "notes-exchanged-1948 and say why not")]


def test_a_claim_that_mentions_an_event_of_the_record_must_have_a_verdict(
        pkg: DataPackage) -> None:
    pkg.edit_fact("scholarships", "notes", "")
    assert warnings(pkg) == [(
        "fact_events.csv", 4, "relation",
        "scholarships mentions scholarships-granted-2024, so it should be corroborated or "
        "contested (with the event's reference), not unverified; or its notes in facts.csv "
        "name scholarships-granted-2024 and say why not")]


def test_notes_naming_the_event_keep_the_curators_verdict(pkg: DataPackage) -> None:
    pkg.edit_fact("scholarships", "notes", "scholarships-granted-2024 gives no number.")
    assert warnings(pkg) == []


def test_an_allusion_asks_for_no_verdict(pkg: DataPackage) -> None:
    rows = pkg.rows("fact_events.csv")
    assert rows[1]["relation"] == "alludes" and rows[1]["fact_id"] == "trade-1960s"
    assert warnings(pkg) == []


# --- an event and the longer event it is part of ------------------------------------------------

def _part(pkg: DataPackage, event_id: str, parent: str) -> None:
    rows = pkg.rows("chronology.csv")
    next(r for r in rows if r["event_id"] == event_id)["part_of"] = parent
    pkg.write_rows("chronology.csv", rows)


def test_a_part_of_an_unknown_or_the_same_event_is_an_error(pkg: DataPackage) -> None:
    _part(pkg, "trade-pact-1965", "nope")
    _part(pkg, "border-war-1971", "border-war-1971")
    assert errors(pkg) == [
        ("chronology.csv", 3, "part_of", '"nope" is not another event_id of chronology.csv'),
        ("chronology.csv", 4, "part_of",
         '"border-war-1971" is not another event_id of chronology.csv')]


def test_a_part_outside_the_dates_of_its_whole_is_an_error(pkg: DataPackage) -> None:
    _part(pkg, "trade-pact-1965", "border-war-1971")
    [(file, row, column, message)] = errors(pkg)
    assert (file, row, column) == ("chronology.csv", 3, "part_of")
    assert message.startswith("trade-pact-1965 (1965-01-01 to 1965-12-31) lies outside")


def test_an_event_and_the_longer_event_it_belongs_to_count_once(pkg: DataPackage) -> None:
    from rupak_lib.analysis import record

    rows = pkg.rows("chronology.csv")
    rows.append({**next(r for r in rows if r["event_id"] == "border-war-1971"),
                 "event_id": "border-clash-1971", "date_start": "1971-12-03",
                 "date_end": "1971-12-03", "date_precision": "day", "title": "The first clash",
                 "part_of": "border-war-1971"})
    pkg.write_rows("chronology.csv", rows)
    links = pkg.rows("fact_events.csv")
    links.append({"fact_id": "trade-1960s", "event_id": "border-clash-1971",
                  "relation": "alludes", "note": "The clash."})
    pkg.write_rows("fact_events.csv", links)
    assert errors(pkg) == []
    c = rk.load(pkg.path)
    figures = record.key_figures(c.chronology, c.fact_events, c.sources)
    assert figures.startswith("5 events | standing: 2 mentioned, 0 disputed, 0 fulfils, "
                              "2 alluded, 0 left out, 1 later")  # the war takes its part's link
    by_decade = record.selection_by_decade(c.chronology, c.fact_events, c.sources)
    assert int(by_decade.at["1970s", "events"]) == 1
