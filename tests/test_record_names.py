"""rk.record: what reports call the record's events (their titles, or the first words of
their summaries when a package has none), and the events chosen to name a silence.

The fixture's history theme: notes-exchanged-1948 (an agreement, mentioned),
trade-pact-1965 (an agreement, alluded to, two references), border-war-1971 (a crisis,
left out, one reference).
"""

from __future__ import annotations

from datapkg import DataPackage, drop_titles

import rupak_lib as rk
from rupak_lib.analysis import record

NOTES, PACT, WAR = 2, 3, 4  # rows of chronology.csv (header = 1)


def add_event(pkg: DataPackage, event_id: str, start: str, end: str, kind: str,
              title: str, precision: str = "year", reference: str = "https://x.example/a"
              ) -> None:
    pkg.write_rows("chronology.csv", [*pkg.rows("chronology.csv"), {
        "event_id": event_id, "date_start": start, "date_end": end,
        "date_precision": precision, "theme_id": "history", "kind": kind,
        "summary": f"{title} happened.", "reference": reference, "notes": "",
        "title": title}])


def names(pkg: DataPackage) -> list[str]:
    return record.event_names(rk.load(pkg.path).chronology).to_list()


def test_an_event_is_named_by_its_title(pkg: DataPackage) -> None:
    assert names(pkg) == ["Notes exchanged", "Trade pact", "Border war of 1971",
                          "Scholarships granted", "Second Testville forum"]


def test_a_blank_title_falls_back_on_the_first_words_of_the_summary(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", PACT, "title", "")
    pkg.set("chronology.csv", WAR, "title", " ")
    assert names(pkg)[1:3] == ["Alpha and Beta signed a trade pact",
                               "Beta fought a war that Alpha backed…"]


def test_a_record_without_titles_is_named_by_its_summaries(pkg: DataPackage) -> None:
    drop_titles(pkg)
    assert rk.validate(pkg.path) == []
    assert names(pkg) == ["Alpha and Beta exchanged notes establishing ties",
                          "Alpha and Beta signed a trade pact",
                          "Beta fought a war that Alpha backed…",
                          "Alpha granted scholarships to Beta Republic students",
                          "A second forum met in Testville"]


def test_the_record_of_a_theme_names_each_event(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    rec = record.theme_record(c.chronology, c.fact_events, c.sources, "history")
    assert rec["event"].to_list() == ["Notes exchanged", "Trade pact", "Border war of 1971"]
    out = record.left_out(c.chronology, c.fact_events, c.sources, "history")
    assert out["event"].to_list() == ["Border war of 1971"]


def notable(pkg: DataPackage, per_theme: int = 3) -> list[list]:
    c = rk.load(pkg.path)
    table = record.notable_silences(c.chronology, c.fact_events, c.sources, per_theme)
    return table[["theme_id", "rank", "event_id", "label"]].values.tolist()


def test_a_silence_is_named_by_its_unmentioned_events_crises_first(pkg: DataPackage) -> None:
    assert notable(pkg) == [["history", 1, "border-war-1971", "Border war of 1971"],
                            ["history", 2, "trade-pact-1965", "Trade pact (1965)"]]


def test_a_longer_event_comes_first_and_one_within_it_is_not_named(pkg: DataPackage) -> None:
    add_event(pkg, "long-war-1980s", "1980-01-01", "1988-12-31", "crisis", "Long war")
    add_event(pkg, "raid-1985", "1985-04-01", "1985-04-30", "crisis", "Raid", "month")
    add_event(pkg, "visit-1950", "1950-01-01", "1950-12-31", "visit", "Visit")
    assert notable(pkg) == [["history", 1, "long-war-1980s", "Long war (1980–1988)"],
                            ["history", 2, "border-war-1971", "Border war of 1971"],
                            ["history", 3, "trade-pact-1965", "Trade pact (1965)"]]


def test_among_events_alike_the_better_documented_comes_first(pkg: DataPackage) -> None:
    add_event(pkg, "skirmish-1960", "1960-01-01", "1960-12-31", "crisis", "Skirmish")
    assert [r[2] for r in notable(pkg, 2)] == ["skirmish-1960", "border-war-1971"]
    pkg.set("chronology.csv", WAR, "reference", "https://a.example/1|https://b.example/2")
    assert [r[2] for r in notable(pkg, 2)] == ["border-war-1971", "skirmish-1960"]


def test_a_record_without_titles_names_its_silences_by_their_summaries(
        pkg: DataPackage) -> None:
    drop_titles(pkg)
    assert [r[3] for r in notable(pkg)] == ["Beta fought a war that Alpha backed… (1971)",
                                            "Alpha and Beta signed a trade pact (1965)"]
