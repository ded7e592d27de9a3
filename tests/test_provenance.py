"""A source says how much of its document it holds and which of its fields the curators
inferred; pages print an inferred field as such and give an excerpt's silences to it."""

from __future__ import annotations

import json

import pytest
from datapkg import DataPackage, errors

import rupak_lib as rk
from rupak_lib.analysis import narrative
from rupak_lib.pages import frame, source

SOURCE = "doe-2025-03-01"


def with_provenance(pkg: DataPackage, completeness: str, inferred: str) -> None:
    rows = pkg.rows("sources.csv")
    rows[0] |= {"completeness": completeness, "inferred": inferred}
    pkg.write_rows("sources.csv", rows)


def test_a_completeness_outside_the_contract_is_a_located_error(pkg: DataPackage) -> None:
    with_provenance(pkg, "partial", "")
    assert errors(pkg) == [
        ("sources.csv", 2, "completeness", '"partial" is not one of full, excerpt')]


def test_an_inferred_field_that_is_no_field_is_a_located_error(pkg: DataPackage) -> None:
    with_provenance(pkg, "full", "title|mood")
    [(file, row, column, message)] = errors(pkg)
    assert (file, row, column) == ("sources.csv", 2, "inferred")
    assert message.startswith('"mood" is not a field of sources.csv a curator can infer')


def test_a_package_whose_sources_lack_the_columns_reads_them_as_full_and_read(
        pkg: DataPackage) -> None:
    descriptor = json.loads(pkg.read("datapackage.json"))
    schema = next(r for r in descriptor["resources"] if r["name"] == "sources")["schema"]
    schema["fields"] = [f for f in schema["fields"]
                        if f["name"] not in ("completeness", "inferred")]
    pkg.write("datapackage.json", json.dumps(descriptor))
    pkg.drop_column("sources.csv", "completeness")
    pkg.drop_column("sources.csv", "inferred")
    corpus = rk.load(pkg.path)
    assert narrative.excerpt_note(corpus.sources) == ""
    assert "inferred" not in narrative.source_line(corpus)


@pytest.fixture
def excerpt(pkg: DataPackage) -> rk.Corpus:
    pkg.write_rows("sources.csv", [pkg.rows("sources.csv")[0]
                                   | {"completeness": "excerpt", "inferred": "title|venue"}])
    return rk.load(pkg.path)


def test_the_citation_marks_each_inferred_field_and_the_excerpt(excerpt: rk.Corpus) -> None:
    line = narrative.source_line(excerpt)
    assert "(title inferred)" in line and "(venue inferred)" in line
    assert "(place inferred)" not in line and "An excerpt" in line
    footer = frame.citation(excerpt.sources)
    assert "(title inferred)" in footer and "(venue inferred)" in footer
    assert footer.endswith("An excerpt: the text is not the whole document.")


def test_every_report_that_counts_silences_gives_them_to_the_excerpt(
        excerpt: rk.Corpus) -> None:
    note = "what it leaves out may stand in the part that is missing"
    assert note in narrative.overview_intro(excerpt)
    assert note in narrative.theme_intro(excerpt.subset(theme_id="history"), "history")
    assert note in narrative.critique_intro(excerpt, SOURCE)
    assert note in source.page(excerpt, SOURCE)


def test_a_whole_source_says_nothing_of_excerpts(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    assert "excerpt" not in narrative.overview_intro(corpus)
    assert "excerpt" not in source.page(corpus, SOURCE)


def test_the_bundled_speech_is_an_excerpt_whose_title_and_venue_are_inferred() -> None:
    line = narrative.source_line(rk.load())
    assert "(title inferred)" in line and "(venue inferred)" in line and "excerpt" in line


def test_the_verdict_legend_relates_a_claims_verdict_to_an_events_standing() -> None:
    legend = narrative.VERDICTS
    for word in ("corroborated", "contested", "unverified", "not-applicable", "mentioned",
                 "alluded", "disputed", "fulfils", "left out", "later"):
        assert f"*{word}*" in legend
