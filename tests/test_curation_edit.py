"""The writes of the curation page: one row changes, the rest stays byte for byte; nothing is
written when the package would not validate or a file changed on disk meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from datapkg import SOURCE_ID, DataPackage

from rupak_lib.curation import edit
from rupak_lib.curation.draft import DRAFT_COLUMNS
from rupak_lib.curation.rows import CsvRows, records
from rupak_lib.exceptions import CurationConflict, CurationError, CurationInvalid

DRAFT = {c: "" for c in DRAFT_COLUMNS} | {
    "fact_id": "students-of-beta", "source_id": SOURCE_ID, "theme_id": "education",
    "kind": "event", "modality": "achieved", "summary": "Beta's students got scholarships.",
    "quote": "Last year, Alpha granted 152 scholarships to students of Beta.",
    "date_start": "2024-01-01", "date_end": "2024-12-31", "date_precision": "year",
    "date_text": "Last year", "verification": "unverified",
    "entity_ids": "alpha:subject|beta:participant",
    "event_ids": "scholarships-granted-2024:mentions", "confidence": "0.8",
    "why": "record scholarships-granted-2024: same year and grant"}
OTHER = DRAFT | {"fact_id": "keep-on", "quote": "We will keep working together.",
                 "kind": "position", "modality": "stance", "date_start": "", "date_end": "",
                 "date_precision": "none", "date_text": "", "entity_ids": "", "event_ids": "",
                 "why": ""}


@pytest.fixture
def drafted(pkg: DataPackage) -> DataPackage:
    (pkg.path / "drafts").mkdir()
    pkg.write_rows(f"drafts/{SOURCE_ID}.csv", [DRAFT, OTHER], list(DRAFT_COLUMNS))
    return pkg


def files(pkg: DataPackage) -> dict[str, bytes]:
    return {p.relative_to(pkg.path).as_posix(): p.read_bytes()
            for p in sorted(pkg.path.rglob("*")) if p.is_file()}


def test_a_record_with_a_line_break_inside_quotes_is_one_record() -> None:
    text = 'a,b\r\n1,"two\nlines"\r\n3,"say ""hi"""\r\n'
    assert records(text) == ["a,b\r\n", '1,"two\nlines"\r\n', '3,"say ""hi"""\r\n']
    table = CsvRows.parse(text)
    assert table.rows() == [{"a": "1", "b": "two\nlines"}, {"a": "3", "b": 'say "hi"'}]
    assert table.text() == text


def test_a_new_row_takes_the_file_s_line_ends() -> None:
    table = CsvRows.parse("a,b\r\n1,2\r\n")
    table.replace(lambda r: False, [{"a": "x", "b": "y, z"}])
    assert table.text() == 'a,b\r\n1,2\r\nx,"y, z"\r\n'


def test_accepting_a_draft_appends_its_rows_and_leaves_every_other_byte(
        drafted: DataPackage) -> None:
    before = files(drafted)
    edit.accept_draft(drafted.path, SOURCE_ID, "students-of-beta",
                      edit.versions(drafted.path, SOURCE_ID))
    after = files(drafted)
    for name in ("facts.csv", "fact_entities.csv", "fact_events.csv"):
        assert after[name].startswith(before[name]), name
    assert after["fact_entities.csv"][len(before["fact_entities.csv"]):] == (
        b"students-of-beta,alpha,subject\nstudents-of-beta,beta,participant\n")
    assert after["fact_events.csv"][len(before["fact_events.csv"]):] == (
        b"students-of-beta,scholarships-granted-2024,mentions,same year and grant\n")
    assert [r["fact_id"] for r in drafted.rows(f"drafts/{SOURCE_ID}.csv")] == ["keep-on"]
    assert {k for k in after if after[k] != before.get(k)} == {
        "facts.csv", "fact_entities.csv", "fact_events.csv", f"drafts/{SOURCE_ID}.csv"}


def test_a_draft_that_would_not_validate_is_refused_and_nothing_is_written(
        drafted: DataPackage) -> None:
    before = files(drafted)
    with pytest.raises(CurationInvalid) as refused:
        edit.accept_draft(drafted.path, SOURCE_ID, "students-of-beta",
                          edit.versions(drafted.path, SOURCE_ID),
                          changes={"quote": "Words the speech never says."})
    assert any(p.column == "quote" for p in refused.value.problems)
    assert files(drafted) == before


def test_a_file_changed_since_the_page_was_built_is_a_conflict(drafted: DataPackage) -> None:
    seen = edit.versions(drafted.path, SOURCE_ID)
    drafted.edit_fact("trade-1960s", "notes", "edited in another editor")
    before = files(drafted)
    with pytest.raises(CurationConflict) as conflict:
        edit.accept_draft(drafted.path, SOURCE_ID, "students-of-beta", seen)
    assert conflict.value.file == "facts.csv"
    assert files(drafted) == before


def test_a_rejected_draft_leaves_the_drafts_and_is_remembered(drafted: DataPackage) -> None:
    edit.reject_draft(drafted.path, SOURCE_ID, "keep-on", edit.versions(drafted.path, SOURCE_ID))
    assert [r["fact_id"] for r in drafted.rows(f"drafts/{SOURCE_ID}.csv")] == [
        "students-of-beta"]
    assert drafted.rows(f"drafts/{SOURCE_ID}.rejected.csv") == [
        {"fact_id": "keep-on", "quote": "We will keep working together."}]


def test_saving_a_fact_rewrites_that_fact_and_its_links_only(drafted: DataPackage) -> None:
    drafted.write("facts.csv", drafted.read("facts.csv").replace("\n", "\r\n"))
    before = files(drafted)
    edit.save_fact(drafted.path, SOURCE_ID, "scholarships",
                   {"summary": "Alpha granted 152 scholarships.", "fact_id": "renamed"},
                   [{"entity_id": "alpha", "role": "subject"}],
                   [{"event_id": "scholarships-granted-2024", "relation": "mentions",
                     "note": "the same grant"}], edit.versions(drafted.path, SOURCE_ID))
    old, new = before["facts.csv"].split(b"\r\n"), files(drafted)["facts.csv"].split(b"\r\n")
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [3]
    assert new[3].startswith(b"scholarships,") and b"Alpha granted 152 scholarships." in new[3]
    links = drafted.rows("fact_entities.csv")
    assert [r for r in links if r["fact_id"] == "scholarships"] == [
        {"fact_id": "scholarships", "entity_id": "alpha", "role": "subject"}]
    assert len(links) == 3  # the other fact's two links kept


def test_a_link_with_a_role_outside_the_contract_is_refused(drafted: DataPackage) -> None:
    before = files(drafted)
    with pytest.raises(CurationError, match="role"):
        edit.save_fact(drafted.path, SOURCE_ID, "scholarships", {},
                       [{"entity_id": "alpha", "role": "hero"}], [],
                       edit.versions(drafted.path, SOURCE_ID))
    assert files(drafted) == before


def test_an_unknown_draft_is_refused(drafted: DataPackage) -> None:
    with pytest.raises(CurationError, match="no such draft"):
        edit.accept_draft(drafted.path, SOURCE_ID, "nope", edit.versions(drafted.path,
                                                                          SOURCE_ID))


def test_drafting_again_does_not_propose_a_rejected_quote(tmp_path: Path) -> None:
    import dataclasses
    import shutil

    import rupak_lib as rk
    from rupak_lib.curation.draft import write_drafts

    shutil.copytree(Path(__file__).parent / "fixtures" / "corpus", tmp_path / "data")
    corpus = rk.load(tmp_path / "data")
    path, _ = write_drafts(corpus, "rahman-2026-01-15")
    first = CsvRows.read(path).rows()[0]
    edit.reject_draft(tmp_path / "data", "rahman-2026-01-15", first["fact_id"],
                      edit.versions(tmp_path / "data", "rahman-2026-01-15"))
    write_drafts(dataclasses.replace(corpus), "rahman-2026-01-15", replace=True)
    assert first["quote"] not in {r["quote"] for r in CsvRows.read(path).rows()}


def test_a_rejected_draft_of_one_facility_leaves_its_siblings_quoting_the_same_words(
        ) -> None:
    import pandas as pd

    from rupak_lib.curation.draft import not_rejected

    frame = pd.DataFrame({"fact_id": ["s1-1", "s1-2", "s2"],
                          "quote": ["the A and B plants", "the A and B plants", "alone"]})
    kept = not_rejected(frame, {"the A and B plants": {"s1-2"}, "alone": {"s9"}})
    assert kept["fact_id"].tolist() == ["s1-1"]  # a quote of one draft goes by its words


def test_the_curation_page_counts_what_waits_in_words() -> None:
    from rupak_lib.curation.page import waiting

    assert waiting(0, 0) == "No drafted claim waits"
    assert waiting(1, 1) == "1 drafted claim waits on 1 sentence"
    assert waiting(3, 2) == "3 drafted claims wait on 2 sentences"
    assert waiting(2, 0) == "2 drafted claims wait"  # drafts placed on no sentence
