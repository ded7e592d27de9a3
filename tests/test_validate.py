"""rk.validate: every problem of a data package, located as file, row, column and message."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from datapkg import SOURCE_ID, TEXT, TEXT_PATH, DataPackage, errors, warnings

import rupak_lib as rk
from rupak_lib.data.validate import Problem, check, coverage, validate

MODALITIES = "achieved, ongoing, planned, potential, stance"

# A long sentence added to line 6 of the source text, with a curly apostrophe.
LONG_SENTENCE = ("We are united by our commitment to a just world order, fair trade, the principle "
                 "of the Union’s leading role in regional affairs, and the preservation of "
                 "cultural heritage.")


def edit_text(pkg: DataPackage, old: str, new: str) -> None:
    """Change the source text and record its new checksum, as a curator adding to it would."""
    pkg.replace(TEXT_PATH, old, new)
    pkg.set("sources.csv", 2, "sha256",
            hashlib.sha256(pkg.file(TEXT_PATH).read_bytes()).hexdigest())


def edit_resource(pkg: DataPackage, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to the schema of one resource of datapackage.json."""
    descriptor = json.loads(pkg.read("datapackage.json"))
    change(next(r for r in descriptor["resources"] if r["name"] == name)["schema"])
    pkg.write("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))


def constraints(schema: dict[str, Any], field: str) -> dict[str, Any]:
    return next(f for f in schema["fields"] if f["name"] == field)["constraints"]


def test_a_valid_package_has_no_problem(pkg: DataPackage) -> None:
    assert validate(pkg.path) == []


def test_the_summary_counts_tables_rows_and_coverage(pkg: DataPackage) -> None:
    assert check(pkg.path).summary() == \
        "11 tables, 30 rows, 0 errors, 0 warnings, coverage 5/5 body sentences (100 %)"


# --- the descriptor and the data contract --------------------------------------------------


def test_an_enum_must_keep_the_values_of_the_data_contract(pkg: DataPackage) -> None:
    edit_resource(pkg, "facts",
                  lambda schema: constraints(schema, "modality")["enum"].append("rumoured"))
    assert errors(pkg) == [
        ("datapackage.json", None, None,
         f"facts.modality: enum must be {MODALITIES} (the data contract); "
         f"found {MODALITIES}, rumoured")]


def test_an_enum_may_not_be_dropped(pkg: DataPackage) -> None:
    edit_resource(pkg, "fact_entities", lambda schema: constraints(schema, "role").pop("enum"))
    assert errors(pkg) == [
        ("datapackage.json", None, None,
         "fact_entities.role: enum must be participant, location, subject (the data "
         "contract); found none")]


def test_a_primary_key_must_be_that_of_the_data_contract(pkg: DataPackage) -> None:
    edit_resource(pkg, "facts", lambda schema: schema.update(primaryKey=["fact_id", "theme_id"]))
    assert errors(pkg) == [
        ("datapackage.json", None, None,
         "facts: primaryKey must be fact_id (the data contract); found fact_id, theme_id")]


def test_a_primary_key_naming_no_field_is_reported_not_ignored(pkg: DataPackage) -> None:
    edit_resource(pkg, "themes", lambda schema: schema.update(primaryKey=["theme"]))
    assert errors(pkg) == [
        ("datapackage.json", None, None,
         'themes: primaryKey names "theme", which is not one of its fields')]


def test_a_foreign_key_of_the_data_contract_is_required(pkg: DataPackage) -> None:
    edit_resource(pkg, "facts", lambda schema: schema["foreignKeys"].pop(1))
    assert errors(pkg) == [
        ("datapackage.json", None, None,
         "facts.theme_id: a foreign key to themes.theme_id is required (the data contract)")]


def test_a_foreign_key_naming_no_field_is_one_problem(pkg: DataPackage) -> None:
    edit_resource(pkg, "facts",
                  lambda schema: schema["foreignKeys"][1]["reference"].update(fields="theme"))
    assert errors(pkg) == [
        ("datapackage.json", None, None,
         'facts: the foreign key theme_id -> themes.theme names "theme", which is not a '
         "field of themes")]


# --- files that cannot be read ---------------------------------------------------------------


def test_a_missing_descriptor_is_one_problem(pkg: DataPackage) -> None:
    pkg.remove("datapackage.json")
    assert errors(pkg) == [
        ("datapackage.json", None, None, f"file is missing (no data package in {pkg.path})")]


def test_a_descriptor_that_is_not_json_is_located_by_line(pkg: DataPackage) -> None:
    pkg.write("datapackage.json", '{\n  "name": "rupak",\n  resources: []\n}\n')
    assert errors(pkg) == [
        ("datapackage.json", 3, None,
         "not valid JSON: Expecting property name enclosed in double quotes (column 3)")]


def test_a_missing_table_is_one_problem(pkg: DataPackage) -> None:
    pkg.remove("themes.csv")
    assert errors(pkg) == [("themes.csv", None, None, "file is missing")]


def test_a_missing_table_does_not_stop_the_others_being_checked(pkg: DataPackage) -> None:
    pkg.remove("themes.csv")
    pkg.set("facts.csv", 2, "modality", "done")
    assert errors(pkg) == [
        ("facts.csv", 2, "modality", f'"done" is not one of {MODALITIES}'),
        ("themes.csv", None, None, "file is missing"),
    ]


def test_a_missing_text_file_is_reported_on_its_source_row(pkg: DataPackage) -> None:
    pkg.remove(TEXT_PATH)
    assert errors(pkg) == [
        ("sources.csv", 2, "text_path", f"text file {TEXT_PATH} is missing")]


def test_without_a_readable_text_the_summary_claims_no_coverage(pkg: DataPackage) -> None:
    pkg.remove(TEXT_PATH)
    assert check(pkg.path).summary() == \
        "11 tables, 30 rows, 1 errors, 0 warnings, coverage 0/0 body sentences (—)"


def test_a_table_that_is_not_utf8_is_located_by_row(pkg: DataPackage) -> None:
    data = pkg.file("themes.csv").read_bytes().replace(b"Scholarships.", b"Scholarsh\xefps.")
    pkg.file("themes.csv").write_bytes(data)
    byte = data.index(b"\xef")
    assert errors(pkg) == [("themes.csv", 3, None, f"not valid UTF-8 (byte {byte})")]


def test_the_row_of_an_encoding_error_counts_csv_rows_not_lines(pkg: DataPackage) -> None:
    pkg.set("themes.csv", 2, "description", "Before\n2000.")
    data = pkg.file("themes.csv").read_bytes().replace(b"Scholarships.", b"Scholarsh\xefps.")
    pkg.file("themes.csv").write_bytes(data)
    byte = data.index(b"\xef")
    assert errors(pkg) == [("themes.csv", 3, None, f"not valid UTF-8 (byte {byte})")]


def test_a_text_that_is_not_utf8_is_located_by_line(pkg: DataPackage) -> None:
    data = TEXT.encode().replace(b"Trade grew", b"Tr\xe4de grew")
    pkg.file(TEXT_PATH).write_bytes(data)
    pkg.set("sources.csv", 2, "sha256", hashlib.sha256(data).hexdigest())
    byte = data.index(b"\xe4")
    assert errors(pkg) == [
        ("sources.csv", 2, "text_path", f"{TEXT_PATH} is not valid UTF-8 (line 2, byte {byte})")]


def test_an_unclosed_quote_is_malformed_csv(pkg: DataPackage) -> None:
    pkg.replace("themes.csv", "education,Education", 'education,"Education')
    assert errors(pkg) == [
        ("themes.csv", 3, None,
         "malformed CSV: a quoted value is never closed (its closing quote is missing)")]


def test_text_after_a_closing_quote_is_malformed_csv(pkg: DataPackage) -> None:
    pkg.replace("themes.csv", "education,Education", 'education,"Educ"ation')
    assert errors(pkg) == [
        ("themes.csv", 3, None,
         'malformed CSV: a closing quote is followed by more text; quote the whole value and '
         'double any quote inside it ("")')]


def test_a_row_with_too_many_fields_is_one_problem(pkg: DataPackage) -> None:
    pkg.replace("themes.csv", "history,History,", "history,History,Old,")
    assert errors(pkg) == [
        ("themes.csv", 2, None, "row has 5 values but the header has 4 columns")]


def test_a_row_with_too_few_fields_is_one_problem(pkg: DataPackage) -> None:
    pkg.replace("themes.csv", "history,History,", "history,")
    assert errors(pkg) == [
        ("themes.csv", 2, None, "row has 3 values but the header has 4 columns")]


def test_a_blank_row_is_an_error(pkg: DataPackage) -> None:
    pkg.replace("themes.csv", "\neducation,", "\n\neducation,")
    assert errors(pkg) == [("themes.csv", 3, None, "row is blank")]


# --- header ---------------------------------------------------------------------------------


def test_a_missing_column_is_reported_once_on_the_header(pkg: DataPackage) -> None:
    pkg.drop_column("facts.csv", "unit")
    assert errors(pkg) == [("facts.csv", 1, "unit", "column is missing from the header")]


def test_a_column_unknown_to_the_schema_is_an_error(pkg: DataPackage) -> None:
    rows = pkg.rows("themes.csv")
    for row in rows:
        row["colour"] = "red"
    pkg.write_rows("themes.csv", rows)
    assert errors(pkg) == [
        ("themes.csv", 1, "colour", "column is not in the schema of datapackage.json")]


def test_columns_out_of_order_are_an_error_but_rows_are_still_checked(
        pkg: DataPackage) -> None:
    rows = pkg.rows("themes.csv")
    rows[0]["position"] = "first"
    pkg.write_rows("themes.csv", rows, ["title", "theme_id", "description", "position"])
    assert errors(pkg) == [
        ("themes.csv", 1, None,
         "columns are out of order: expected theme_id, title, description, position"),
        ("themes.csv", 2, "position", '"first" is not a whole number'),
    ]


# --- cells ----------------------------------------------------------------------------------


def test_a_value_outside_the_enum_lists_the_allowed_values(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "modality", "done")
    assert errors(pkg) == [("facts.csv", 2, "modality", f'"done" is not one of {MODALITIES}')]


def test_an_impossible_date_is_a_type_error(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "date_start", "1948-13-01")
    assert errors(pkg) == [
        ("facts.csv", 2, "date_start", '"1948-13-01" is not a date (expected YYYY-MM-DD)')]


def test_a_blank_required_cell_is_an_error(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 3, "summary", "")
    assert errors(pkg) == [("facts.csv", 3, "summary", "a value is required")]


def test_an_id_that_is_not_a_slug_is_an_error(pkg: DataPackage) -> None:
    pkg.set("entities.csv", 4, "entity_id", "Test ville")
    assert errors(pkg) == [
        ("entities.csv", 4, "entity_id",
         '"Test ville" is not a slug (lowercase letters and digits, joined by single hyphens)')]


def test_a_number_out_of_range_is_an_error(pkg: DataPackage) -> None:
    pkg.set("entities.csv", 4, "lat", "95")
    assert errors(pkg) == [("entities.csv", 4, "lat", '"95" is above the maximum 90')]


def test_a_duplicate_id_names_the_first_row_using_it(pkg: DataPackage) -> None:
    pkg.set("entities.csv", 4, "entity_id", "beta")
    assert errors(pkg) == [
        ("entities.csv", 4, "entity_id", 'duplicate entity_id "beta" (first used on row 3)')]


def test_a_date_without_leading_zeros_is_an_error(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "date_start", "1948-5-1")
    assert errors(pkg) == [
        ("facts.csv", 2, "date_start", '"1948-5-1" is not a date in the form YYYY-MM-DD')]


def test_a_source_date_without_leading_zeros_is_an_error(pkg: DataPackage) -> None:
    pkg.set("sources.csv", 2, "date", "2025-3-1")
    assert errors(pkg) == [
        ("sources.csv", 2, "date", '"2025-3-1" is not a date in the form YYYY-MM-DD')]


def test_load_refuses_a_badly_written_date_rather_than_failing(pkg: DataPackage) -> None:
    pkg.set("sources.csv", 2, "date", "2025-3-1")
    with pytest.raises(rk.DataValidationError, match="is not a date in the form YYYY-MM-DD"):
        rk.load(pkg.path)


def test_a_date_column_is_checked_even_if_the_descriptor_calls_it_text(
        pkg: DataPackage) -> None:
    edit_resource(pkg, "facts", lambda schema: schema["fields"][7].update(type="string"))
    pkg.set("facts.csv", 2, "date_start", "1948-02-30")
    assert errors(pkg) == [
        ("datapackage.json", None, None,
         "facts.date_start: type must be date (the data contract); found string"),
        ("facts.csv", 2, "date_start", '"1948-02-30" is not a date (expected YYYY-MM-DD)'),
    ]


def test_a_duplicate_composite_key_lists_its_columns(pkg: DataPackage) -> None:
    pkg.set("fact_entities.csv", 3, "entity_id", "alpha")
    assert errors(pkg) == [
        ("fact_entities.csv", 3, None,
         "duplicate key (fact_id, entity_id, role) = (relations-1948, alpha, participant) "
         "(first used on row 2)")]


# --- references between tables --------------------------------------------------------------


def test_a_fact_with_an_unknown_theme_is_an_error(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "theme_id", "histry")
    assert errors(pkg) == [("facts.csv", 2, "theme_id", 'themes.csv has no theme_id "histry"')]


def test_a_fact_entity_with_an_unknown_entity_is_an_error(pkg: DataPackage) -> None:
    pkg.set("fact_entities.csv", 4, "entity_id", "gamma")
    assert errors(pkg) == [
        ("fact_entities.csv", 4, "entity_id", 'entities.csv has no entity_id "gamma"')]


def test_a_question_resting_on_an_unknown_fact_is_an_error(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 3, "fact_ids", "trade-1960s|relations-1948|nope")
    assert errors(pkg) == [("questions.csv", 3, "fact_ids", 'facts.csv has no fact_id "nope"')]


def test_references_are_checked_even_without_foreign_keys_in_the_descriptor(
        pkg: DataPackage) -> None:
    edit_resource(pkg, "fact_entities", lambda schema: schema.pop("foreignKeys"))
    pkg.set("fact_entities.csv", 2, "fact_id", "relations-1984")
    pkg.set("fact_entities.csv", 4, "entity_id", "gamma")
    assert errors(pkg) == [
        ("datapackage.json", None, None,
         "fact_entities.fact_id: a foreign key to facts.fact_id is required (the data contract)"),
        ("datapackage.json", None, None,
         "fact_entities.entity_id: a foreign key to entities.entity_id is required "
         "(the data contract)"),
        ("fact_entities.csv", 2, "fact_id", 'facts.csv has no fact_id "relations-1984"'),
        ("fact_entities.csv", 4, "entity_id", 'entities.csv has no entity_id "gamma"'),
    ]


def test_a_foreign_key_the_descriptor_adds_to_the_contract_is_checked(pkg: DataPackage) -> None:
    edit_resource(pkg, "entities", lambda schema: schema.setdefault("foreignKeys", []).append(
        {"fields": "entity_id", "reference": {"resource": "themes", "fields": "theme_id"}}))
    pkg.write_rows("themes.csv", [*pkg.rows("themes.csv"), {
        "theme_id": "alpha", "title": "Alpha", "description": "Named like a country.",
        "position": "3"}])
    assert errors(pkg) == [
        ("entities.csv", 3, "entity_id", 'themes.csv has no theme_id "beta"'),
        ("entities.csv", 4, "entity_id", 'themes.csv has no theme_id "testville"'),
    ]


def test_a_question_with_an_unknown_theme_is_an_error(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 4, "theme_id", "sport")
    assert errors(pkg) == [("questions.csv", 4, "theme_id", 'themes.csv has no theme_id "sport"')]


def test_a_segment_past_the_end_of_its_text_is_an_error(pkg: DataPackage) -> None:
    pkg.set("segments.csv", 3, "line", "40")
    assert ("segments.csv", 3, "line", f"line 40 is past the end of {TEXT_PATH} (7 lines)") \
        in errors(pkg)


def test_a_segment_on_a_blank_line_is_an_error(pkg: DataPackage) -> None:
    pkg.set("segments.csv", 3, "line", "7")
    assert ("segments.csv", 3, "line", f"line 7 of {TEXT_PATH} is blank") in errors(pkg)


# --- the source text ------------------------------------------------------------------------


def test_a_changed_text_names_both_hashes(pkg: DataPackage) -> None:
    pkg.set("sources.csv", 2, "sha256", "0" * 64)
    actual = hashlib.sha256(TEXT.encode()).hexdigest()
    assert errors(pkg) == [
        ("sources.csv", 2, "sha256",
         f"{TEXT_PATH} has sha256 {actual}, not {'0' * 64}; "
         "the text must be kept exactly as received")]


def test_a_quote_not_in_the_source_points_to_the_closest_sentence(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 4, "quote", "Last year Alpha granted 150 scholarships to Beta.")
    assert errors(pkg) == [
        ("facts.csv", 4, "quote",
         f"quote is not in the body of {TEXT_PATH}; the closest sentence, on line 3, is "
         '"Last year, Alpha granted 152 scholarships to students of Beta."')]


def test_a_quote_from_an_editorial_line_is_not_evidence(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "quote", "The Union is a trade bloc")
    assert errors(pkg) == [
        ("facts.csv", 5, "quote", "quote is from line 5, which is editorial, not body")]


def test_a_quote_from_an_extraneous_line_is_not_evidence(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "quote", "Why Gamma Wins Again ?")
    assert errors(pkg) == [
        ("facts.csv", 5, "quote", "quote is from line 4, which is extraneous, not body")]


def test_a_quote_must_begin_and_end_on_word_boundaries(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 4, "quote", "ear, Alpha granted 152 scholarships to students of Be")
    assert errors(pkg) == [
        ("facts.csv", 4, "quote",
         'quote begins or ends inside a word: line 3 has '
         '"year, Alpha granted 152 scholarships to students of Beta"')]


def test_a_quote_differing_only_in_quotation_marks_says_so(pkg: DataPackage) -> None:
    edit_text(pkg, "attention.\n", f"attention. {LONG_SENTENCE}\n")
    pkg.set("facts.csv", 5, "quote", "the principle of the Union's leading role")
    assert errors(pkg) == [
        ("facts.csv", 5, "quote",
         "quote differs from line 6 only in its quotation marks: the text has ’")]


def test_the_closest_sentence_is_found_by_its_best_matching_stretch(pkg: DataPackage) -> None:
    edit_text(pkg, "attention.\n", f"attention. {LONG_SENTENCE}\n")
    pkg.set("facts.csv", 5, "quote", "the Unions leading role")
    assert errors(pkg) == [
        ("facts.csv", 5, "quote",
         f'quote is not in the body of {TEXT_PATH}; the closest sentence, on line 6, is '
         f'"{LONG_SENTENCE}"')]


def test_a_quote_may_differ_from_the_text_in_whitespace_only(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "quote", " We  will keep\tworking together.\nThank you ")
    assert errors(pkg) == []


def test_a_quote_cannot_bridge_a_non_body_line(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "quote", "students of Beta. We will keep working together.")
    assert [e[:3] for e in errors(pkg)] == [("facts.csv", 5, "quote")]


# --- dates ----------------------------------------------------------------------------------


def test_an_end_before_the_start_is_an_error(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "date_end", "1948-04-30")
    assert errors(pkg) == [
        ("facts.csv", 2, "date_end", "date_end 1948-04-30 is before date_start 1948-05-01")]


MONTH_RULE = ("a month-precision date runs from the first day of a month to the last day of "
              "the same or a later month")


def test_a_month_precision_date_must_span_whole_months(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 4, "date_precision", "month")
    pkg.set("facts.csv", 4, "date_start", "2024-11-01")
    pkg.set("facts.csv", 4, "date_end", "2024-11-29")
    assert errors(pkg) == [
        ("facts.csv", 4, "date_end",
         f"{MONTH_RULE}: expected 2024-11-01..2024-11-30, got 2024-11-01..2024-11-29")]


@pytest.mark.parametrize(("precision", "start", "end", "column", "rule", "expected"), [
    ("month", "2024-09-02", "2024-12-31", "date_start", MONTH_RULE, "2024-09-01..2024-12-31"),
    ("year", "2024-02-01", "2024-12-31", "date_start",
     "a year-precision date runs from 1 January to 31 December (of one year or of a range of "
     "years)", "2024-01-01..2024-12-31"),
    ("decade", "1961-01-01", "1969-12-31", "date_start",
     "a decade-precision date runs from 1 January of a year ending in 0 to 31 December of a "
     "year ending in 9", "1960-01-01..1969-12-31"),
])
def test_each_precision_has_its_bounds(pkg: DataPackage, precision: str, start: str, end: str,
                                       column: str, rule: str, expected: str) -> None:
    pkg.set("facts.csv", 3, "date_precision", precision)
    pkg.set("facts.csv", 3, "date_start", start)
    pkg.set("facts.csv", 3, "date_end", end)
    assert errors(pkg) == [
        ("facts.csv", 3, column, f"{rule}: expected {expected}, got {start}..{end}")]


@pytest.mark.parametrize(("precision", "start", "end"), [
    ("year", "2024-01-01", "2025-12-31"),
    ("decade", "1970-01-01", "1999-12-31"),
    ("month", "2024-02-01", "2024-02-29"),
    ("month", "2024-09-01", "2024-12-31"),
    ("day", "2024-11-25", "2024-11-27"),
])
def test_ranges_of_whole_periods_are_valid(pkg: DataPackage, precision: str, start: str,
                                           end: str) -> None:
    pkg.set("facts.csv", 3, "date_precision", precision)
    pkg.set("facts.csv", 3, "date_start", start)
    pkg.set("facts.csv", 3, "date_end", end)
    assert errors(pkg) == []


def test_no_precision_means_no_dates(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "date_start", "2025-01-01")
    assert errors(pkg) == [
        ("facts.csv", 5, "date_start",
         "date_precision is none, so date_start and date_end must be blank")]


def test_a_precision_needs_both_dates(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "date_end", "")
    assert errors(pkg) == [
        ("facts.csv", 2, "date_end",
         "date_precision is day, so date_start and date_end are required")]


def test_an_achieved_fact_cannot_start_after_its_source(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 4, "date_precision", "month")
    pkg.set("facts.csv", 4, "date_start", "2025-04-01")
    pkg.set("facts.csv", 4, "date_end", "2025-04-30")
    assert errors(pkg) == [
        ("facts.csv", 4, "date_start",
         "the fact is achieved, but date_start 2025-04-01 is after the source's date "
         "2025-03-01")]


def test_a_planned_fact_may_lie_after_its_source(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 4, "modality", "planned")
    pkg.set("facts.csv", 4, "date_start", "2026-01-01")
    pkg.set("facts.csv", 4, "date_end", "2026-12-31")
    assert errors(pkg) == []


# --- values and verification ----------------------------------------------------------------


def test_a_value_needs_a_unit(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 4, "unit", "")
    assert errors(pkg) == [("facts.csv", 4, "unit", "value 152 needs a unit")]


@pytest.mark.parametrize("verdict", ["corroborated", "contested"])
def test_a_verdict_needs_a_reference(pkg: DataPackage, verdict: str) -> None:
    pkg.set("facts.csv", 2, "verification", verdict)
    pkg.set("facts.csv", 2, "reference", "")
    assert errors(pkg) == [
        ("facts.csv", 2, "reference", f"verification is {verdict}, so a reference is required")]


# --- coverage -------------------------------------------------------------------------------


def test_an_uncited_body_sentence_is_a_warning_on_the_text_file(pkg: DataPackage) -> None:
    pkg.drop_row("facts.csv", 5)
    assert errors(pkg) == []
    assert warnings(pkg) == [
        (TEXT_PATH, 6, None, 'body sentence 7 is cited by no fact: "We will keep working '
                             'together."'),
        (TEXT_PATH, 6, None, 'body sentence 8 is cited by no fact: "Thank you for your '
                             'attention."'),
    ]


def test_coverage_counts_cited_body_sentences(pkg: DataPackage) -> None:
    pkg.drop_row("facts.csv", 5)
    cover = coverage(pkg.path)
    assert (cover.body_sentences, cover.cited, str(cover)) == \
        (5, 3, "3/5 body sentences (60 %)")


def test_a_new_line_marked_editorial_leaves_the_body(pkg: DataPackage) -> None:
    rows = pkg.rows("segments.csv")
    rows.append({"source_id": SOURCE_ID, "line": "3", "kind": "editorial", "note": ""})
    pkg.write_rows("segments.csv", rows)
    assert errors(pkg) == [
        ("facts.csv", 4, "quote", "quote is from line 3, which is editorial, not body")]


# --- all at once ----------------------------------------------------------------------------


def test_every_problem_is_reported_sorted_by_file_and_row(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "kind", "rumour")
    pkg.set("facts.csv", 2, "modality", "done")
    pkg.set("facts.csv", 3, "date_start", "1960-13-01")
    pkg.set("facts.csv", 4, "unit", "")
    pkg.set("themes.csv", 3, "position", "one")
    assert errors(pkg) == [
        ("facts.csv", 2, "modality", f'"done" is not one of {MODALITIES}'),
        ("facts.csv", 3, "date_start", '"1960-13-01" is not a date (expected YYYY-MM-DD)'),
        ("facts.csv", 4, "unit", "value 152 needs a unit"),
        ("facts.csv", 5, "kind",
         '"rumour" is not one of event, project, mechanism, position, assessment'),
        ("themes.csv", 3, "position", '"one" is not a whole number'),
    ]


def test_a_problem_reads_as_file_row_column_message() -> None:
    assert str(Problem.error("facts.csv", 4, "quote", "quote is from line 15")) == \
        "facts.csv:4: quote: quote is from line 15"
    assert str(Problem.error("themes.csv", None, None, "file is missing")) == \
        "themes.csv: file is missing"
    assert str(Problem.warning(TEXT_PATH, 6, None, "body sentence 7 is cited by no fact")) == \
        f"{TEXT_PATH}:6: warning: body sentence 7 is cited by no fact"


def test_results_follow_edits_made_between_two_checks(pkg: DataPackage) -> None:
    assert validate(pkg.path) == []
    pkg.set("facts.csv", 2, "modality", "done")
    assert errors(pkg) == [("facts.csv", 2, "modality", f'"done" is not one of {MODALITIES}')]


# --- the codebook's curation rules -----------------------------------------------------------


def test_stance_on_an_event_is_refused(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "modality", "stance")
    assert errors(pkg) == [("facts.csv", 2, "modality",
                            "modality stance is only for positions and assessments, "
                            "not for kind event")]


def test_a_position_must_be_a_stance(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "modality", "achieved")
    assert errors(pkg) == [("facts.csv", 5, "modality",
                            "kind position takes modality stance, not achieved")]


def test_a_mechanism_is_never_achieved(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 3, "kind", "mechanism")
    assert errors(pkg) == [("facts.csv", 3, "modality",
                            "a mechanism is a standing channel: ongoing (or planned or "
                            "potential while proposed), never achieved")]


def test_date_words_without_a_resolved_date_are_refused(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "date_text", "Today")
    assert errors(pkg) == [("facts.csv", 5, "date_precision",
                            'date_text "Today" dates the claim, so resolve it: a precision '
                            "other than none, with date_start and date_end")]


def test_a_theme_question_resting_on_another_themes_fact_is_refused(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 2, "fact_ids", "scholarships")
    pkg.set("questions.csv", 2, "answer", "Never [scholarships].")
    assert errors(pkg) == [("questions.csv", 2, "fact_ids",
                            'fact "scholarships" is in theme education, not history; a '
                            "question that joins themes is a corpus question (blank theme_id)")]


def test_an_answer_citing_an_unlisted_fact_is_refused(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 2, "answer", "On 1 May 1948 [relations-1948] [trade-1960s].")
    assert errors(pkg) == [("questions.csv", 2, "fact_ids",
                            "the answer cites [trade-1960s], which fact_ids does not list")]


def test_a_listed_fact_the_answer_never_cites_is_refused(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 2, "answer", "On 1 May 1948.")
    assert errors(pkg) == [("questions.csv", 2, "fact_ids",
                            'fact "relations-1948" is listed, but the answer does not cite '
                            "it as [relations-1948]")]


def test_an_alias_no_text_uses_is_a_warning(pkg: DataPackage) -> None:
    pkg.set("entities.csv", 3, "aliases", "Beta|Betania")
    assert warnings(pkg) == [("entities.csv", 3, "aliases",
                              'alias "Betania" occurs in no source body or chronology '
                              "summary; list only the forms the texts use")]


def test_an_alias_found_only_in_a_non_body_line_is_a_warning(pkg: DataPackage) -> None:
    pkg.set("entities.csv", 3, "aliases", "A. Writer")
    assert [w[3][:17] for w in warnings(pkg)] == ['alias "A. Writer"']


@pytest.mark.parametrize("day", ["0001-01-01", "1650-01-01", "9999-12-31"])
def test_a_date_the_library_cannot_hold_is_a_located_error(pkg: DataPackage, day: str) -> None:
    fact = pkg.rows("facts.csv")[0]["fact_id"]
    pkg.edit_fact(fact, "date_start", day)
    assert ("facts.csv", 2, "date_start",
            f'"{day}" is outside the dates the library can hold (1678-01-01 to 2261-12-31)'
            ) in errors(pkg)
    with pytest.raises(rk.DataValidationError):
        rk.load(pkg.path)


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\ufeff"])
def test_an_invisible_character_in_a_name_is_an_error_naming_it(
        pkg: DataPackage, char: str) -> None:
    rows = pkg.rows("entities.csv")
    rows[0]["name"] = "Al" + char + "pha"
    pkg.write_rows("entities.csv", rows)
    found = [e for e in errors(pkg) if e[:3] == ("entities.csv", 2, "name")]
    assert found and f"U+{ord(char):04X}" in found[0][3] and "position 3" in found[0][3]


def test_bundled_names_hold_no_invisible_character() -> None:
    assert not [p for p in rk.validate() if "invisible character" in p.message]
