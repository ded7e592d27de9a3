"""rk.record: the record beside the sources, on the fixture package (tests/datapkg.py).

The fixture's record: notes-exchanged-1948 (history, mentioned by relations-1948),
trade-pact-1965 (history, alluded to by trade-1960s), border-war-1971 (history, left out),
scholarships-granted-2024 (education, mentioned), forum-testville-2025 (education, after
the speech of 1 March 2025).
"""

from __future__ import annotations

import pytest
from datapkg import DataPackage

import rupak_lib as rk
from rupak_lib.analysis import record


def link(pkg: DataPackage, fact_id: str, event_id: str, relation: str) -> None:
    rows = pkg.rows("fact_events.csv")
    rows.append({"fact_id": fact_id, "event_id": event_id, "relation": relation, "note": ""})
    pkg.write_rows("fact_events.csv", rows)


def make_promise(pkg: DataPackage) -> None:
    """keep-working ("We will keep working together") becomes a planned project."""
    pkg.set("facts.csv", 5, "kind", "project")
    pkg.set("facts.csv", 5, "modality", "planned")


def test_each_event_has_its_standing(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    assert record.standing(c.chronology, c.fact_events, c.sources).astype(str).to_list() == [
        "mentioned", "alluded", "left out", "mentioned", "later"]


def test_the_strongest_link_decides_the_standing(pkg: DataPackage) -> None:
    link(pkg, "trade-1960s", "border-war-1971", "contradicts")
    link(pkg, "relations-1948", "trade-pact-1965", "mentions")
    c = rk.load(pkg.path)
    st = record.standing(c.chronology, c.fact_events, c.sources).astype(str).to_list()
    assert st[:3] == ["mentioned", "mentioned", "disputed"]


def test_the_record_of_a_theme_lists_its_events_oldest_first(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    rec = record.theme_record(c.chronology, c.fact_events, c.sources, "history")
    assert rec[["event_id", "period", "standing", "claims"]].astype(str).values.tolist() == [
        ["notes-exchanged-1948", "1 May 1948", "mentioned", "relations-1948 (mentions)"],
        ["trade-pact-1965", "1965", "alluded", "trade-1960s (alludes)"],
        ["border-war-1971", "December 1971", "left out", "—"]]


def test_left_out_is_what_no_claim_refers_to_before_the_speech(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    assert record.left_out(c.chronology, c.fact_events, c.sources)["event_id"].to_list() == \
        ["border-war-1971"]


def test_selection_by_decade_keeps_empty_decades(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    table = record.selection_by_decade(c.chronology, c.fact_events, c.sources)
    assert list(table.index) == [f"{y}s" for y in range(1940, 2030, 10)]
    assert table["events"].to_list() == [1, 0, 1, 1, 0, 0, 0, 0, 2]
    assert table.loc["2020s", ["mentioned", "later"]].to_list() == [1, 1]
    assert table.loc["1970s", "left out"] == 1


def test_selection_by_theme_follows_the_display_order_and_counts_claims(
        pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    table = record.selection_by_theme(c.chronology, c.fact_events, c.sources, c.themes,
                                      c.facts)
    assert list(table.index) == ["education", "history"]
    assert table[["events", "mentioned", "alluded", "left out", "later", "claims"]] \
        .values.tolist() == [[2, 1, 0, 0, 1, 2], [3, 1, 1, 1, 0, 2]]


def test_silences_rank_themes_by_the_share_they_leave_unmentioned(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    s = record.silences(c.chronology, c.fact_events, c.sources, c.themes)
    assert s[["theme_id", "before", "unmentioned", "alluded", "mentioned", "first",
              "last"]].values.tolist() == [["history", 3, 2, 1, 1, 1965, 1971]]
    assert s["share"].iloc[0] == pytest.approx(2 / 3)


def test_a_promise_is_fulfilled_by_a_later_event_or_none_yet(pkg: DataPackage) -> None:
    make_promise(pkg)
    c = rk.load(pkg.path)
    before = record.promises(c.facts, c.fact_events, c.chronology)
    assert before[["fact_id", "fulfilled_by", "fulfilled"]].values.tolist() == [
        ["keep-working", "none yet", False]]
    link(pkg, "keep-working", "forum-testville-2025", "fulfils")
    c = rk.load(pkg.path)
    after = record.promises(c.facts, c.fact_events, c.chronology)
    assert after["fulfilled_by"].to_list() == ["forum-testville-2025 (June 2025)"]
    st = record.standing(c.chronology, c.fact_events, c.sources).astype(str).to_list()
    assert st[-1] == "fulfils"


def test_allusions_show_the_words_and_the_events_passed_over(pkg: DataPackage) -> None:
    link(pkg, "trade-1960s", "border-war-1971", "alludes")
    c = rk.load(pkg.path)
    table = record.allusions(c.facts, c.fact_events, c.chronology)
    assert table[["fact_id", "quote", "events", "years", "event_ids"]].values.tolist() == [
        ["trade-1960s", "Trade grew in the 1960s.", 2, "1965–1971",
         "trade-pact-1965, border-war-1971"]]


def test_claims_against_the_record_list_every_link(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    table = record.claims_against_record(c.facts, c.fact_events, c.chronology)
    assert table[["fact_id", "relation", "event_id", "period"]].astype(str).values.tolist() \
        == [["relations-1948", "mentions", "notes-exchanged-1948", "1 May 1948"],
            ["trade-1960s", "alludes", "trade-pact-1965", "1965"],
            ["scholarships", "mentions", "scholarships-granted-2024", "2024"]]


def test_key_figures_count_every_standing_and_relation(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    assert record.key_figures(c.chronology, c.fact_events, c.sources, "history") == (
        "3 events | standing: 1 mentioned, 0 disputed, 0 fulfils, 1 alluded, 1 left out, "
        "0 later | links: 2 mentions, 1 alludes, 0 contradicts, 0 fulfils")


# --- Corpus.subset and the record ---------------------------------------------------------

def test_a_theme_subset_keeps_the_themes_events_and_their_links(pkg: DataPackage) -> None:
    history = rk.load(pkg.path).subset(theme_id="history")
    assert history.chronology["event_id"].to_list() == [
        "notes-exchanged-1948", "trade-pact-1965", "border-war-1971"]
    assert sorted(history.fact_events["fact_id"]) == ["relations-1948", "trade-1960s"]
    assert history.chronology_entities["event_id"].unique().tolist() == \
        ["notes-exchanged-1948"]


def test_an_event_alluded_to_from_another_theme_is_not_left_out(pkg: DataPackage) -> None:
    link(pkg, "scholarships", "border-war-1971", "alludes")
    corpus = rk.load(pkg.path)
    history = corpus.subset(theme_id="history")
    rec = record.theme_record(history.chronology, history.fact_events, history.sources,
                              "history")
    assert rec.set_index("event_id").at["border-war-1971", "standing"] == "alluded"
    education = corpus.subset(theme_id="education")  # the event its claim points to
    assert "border-war-1971" in set(education.chronology["event_id"])
    assert len(record.theme_record(education.chronology, education.fact_events,
                                   education.sources, "education")) == 2


def test_a_source_subset_keeps_the_whole_record_and_its_own_links(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    critique = corpus.subset(source_id=corpus.sources["source_id"].iloc[0])
    assert len(critique.chronology) == len(corpus.chronology)
    assert len(critique.fact_events) == len(corpus.fact_events)


def add_second_source(pkg: DataPackage) -> None:
    """A second speech, with one claim citing its one sentence, and no link to the record."""
    import hashlib

    text = "Roe's note\nThe war of 1971 changed everything.\n"
    pkg.write("sources/roe-2025-06-01.txt", text)
    pkg.write_rows("sources.csv", [*pkg.rows("sources.csv"), {
        "source_id": "roe-2025-06-01", "title": "A note", "author": "Richard Roe",
        "author_role": "", "venue": "", "place": "", "date": "2025-05-01", "language": "en",
        "text_path": "sources/roe-2025-06-01.txt",
        "sha256": hashlib.sha256(text.encode()).hexdigest(), "url": "", "notes": ""}])
    pkg.write_rows("segments.csv", [*pkg.rows("segments.csv"), {
        "source_id": "roe-2025-06-01", "line": "1", "kind": "header", "note": "Title."}])
    pkg.write_rows("facts.csv", [*pkg.rows("facts.csv"), {
        **pkg.rows("facts.csv")[3], "fact_id": "war-changed-everything",
        "source_id": "roe-2025-06-01", "theme_id": "history", "kind": "assessment",
        "summary": "The 1971 war changed everything.",
        "quote": "The war of 1971 changed everything."}])


def test_a_second_source_plugs_in_without_links_to_the_record(pkg: DataPackage) -> None:
    add_second_source(pkg)
    assert rk.validate(pkg.path) == []
    corpus = rk.load(pkg.path)
    roe = corpus.subset(source_id="roe-2025-06-01")
    assert roe.fact_events.empty and len(roe.chronology) == len(corpus.chronology)
    st = record.standing(roe.chronology, roe.fact_events, roe.sources).astype(str).to_list()
    assert st == ["left out"] * 4 + ["later"]


def test_a_second_source_links_to_the_record_with_no_code_change(pkg: DataPackage) -> None:
    add_second_source(pkg)
    link(pkg, "war-changed-everything", "border-war-1971", "mentions")
    corpus = rk.load(pkg.path)
    roe = corpus.subset(source_id="roe-2025-06-01")
    rec = record.theme_record(roe.chronology, roe.fact_events, roe.sources, "history")
    assert rec.set_index("event_id").at["border-war-1971", "standing"] == "mentioned"
    doe = corpus.subset(source_id=corpus.sources["source_id"].iloc[0])
    rec = record.theme_record(doe.chronology, doe.fact_events, doe.sources, "history")
    assert rec.set_index("event_id").at["border-war-1971", "standing"] == "left out"


def test_an_event_one_claim_reports_and_the_record_disputes_in_another_stands_disputed(
        pkg: DataPackage) -> None:
    pkg.write_rows("fact_events.csv", [*pkg.rows("fact_events.csv"), {
        "fact_id": "trade-1960s", "event_id": "notes-exchanged-1948",
        "relation": "contradicts", "note": "Dated otherwise."}])
    corpus = rk.load(pkg.path)
    standings = rk.record.standing(corpus.chronology, corpus.fact_events, corpus.sources)
    by_event = dict(zip(corpus.chronology["event_id"], standings.astype(str), strict=True))
    assert by_event["notes-exchanged-1948"] == "disputed"
