"""rk.findings: each rule of the reports' findings on the fixture package, and how the
findings are written (escaped, each linked to the section that backs it)."""

from __future__ import annotations

import frames
from datapkg import DataPackage, add_energy_theme, drop_titles

import rupak_lib as rk
from rupak_lib.analysis import critique, record
from rupak_lib.analysis import findings as fd


def make_promise(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 5, "kind", "project")
    pkg.set("facts.csv", 5, "modality", "planned")


def texts(found: list[fd.Finding]) -> list[str]:
    return [f.text for f in found]


def test_commitments_set_plans_and_hopes_against_things_done(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    assert fd.rule_commitments(c.facts[c.facts["theme_id"] == "education"]).text == (
        "None of its 2 claims is a plan or a hope (planned or potential), against 1 reported "
        "as done (achieved).")
    make_promise(pkg)
    c = rk.load(pkg.path)
    assert fd.rule_commitments(c.facts[c.facts["theme_id"] == "education"]).text.startswith(
        "1 of its 2 claims is a plan or a hope")


def test_plans_listed_in_one_sentence_are_said_to_come_from_it() -> None:
    facts = frames.facts(*[{"fact_id": f"plan-{i}", "modality": "planned",
                            "sentence_numbers": (25,)} for i in range(3)],
                         {"fact_id": "done", "sentence_numbers": (5,)},
                         {"fact_id": "hope", "modality": "potential", "sentence_numbers": (9,)})
    assert fd.rule_commitments(facts).text == (
        "4 of its 5 claims are plans or hopes (planned or potential), 3 of them from one "
        "sentence (sentence 25), against 1 reported as done (achieved). Counted by sentence, "
        "2 of the 3 sentences its claims quote voice a plan or a hope.")


def test_claims_of_a_sentence_each_are_counted_once() -> None:
    facts = frames.facts({"fact_id": "plan", "modality": "planned", "sentence_numbers": (2,)},
                         {"fact_id": "done", "sentence_numbers": (3,)})
    assert fd.rule_commitments(facts).text == (
        "1 of its 2 claims is a plan or a hope (planned or potential), against 1 reported as "
        "done (achieved).")


def test_a_theme_without_claims_says_so(pkg: DataPackage) -> None:
    add_energy_theme(pkg)
    c = rk.load(pkg.path)
    assert texts(fd.theme_findings(c.subset(theme_id="energy"), "energy")) == [
        "The speech makes no claim on this theme.",
        "The record holds 1 event on this theme in 2015; the speech mentions 0, alludes to 0 "
        "and leaves out 1.",
        "The latest event it leaves out (16 October 2015): Alpha and Beta agreed on a gas "
        "pipeline."]


def test_plans_are_counted_by_whether_they_name_a_date_figure_or_partner(
        pkg: DataPackage) -> None:
    make_promise(pkg)
    c = rk.load(pkg.path)
    facts = c.facts[c.facts["theme_id"] == "education"]
    assert fd.rule_unspecified_promises(facts, c.fact_entities, c.entities).text == \
        "Its one plan or hope carries no date, figure or named partner."
    pkg.write_rows("entities.csv", [*pkg.rows("entities.csv"), {
        "entity_id": "jane-doe", "name": "Jane Doe", "kind": "person", "country": "ALP",
        "aliases": "", "lat": "", "lon": "", "description": "The speaker."}])
    pkg.write_rows("fact_entities.csv", [*pkg.rows("fact_entities.csv"), {
        "fact_id": "keep-working", "entity_id": "jane-doe", "role": "participant"}])
    c = rk.load(pkg.path)
    assert fd.rule_unspecified_promises(facts, c.fact_entities, c.entities).text == \
        "Its one plan or hope carries a date, a figure or a named partner."


def test_no_plan_no_finding_on_plans(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    assert fd.rule_unspecified_promises(c.facts, c.fact_entities, c.entities) is None


def test_the_things_done_are_named_when_there_is_one(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    assert fd.rule_done(c.facts[c.facts["theme_id"] == "education"]).text == \
        "The one event it reports as done: Alpha granted scholarships."
    assert fd.rule_done(c.facts[c.facts["theme_id"] == "history"]).text == \
        "It reports 2 events as done, dated from 1948 to 1960."


def test_the_record_rule_counts_mentions_allusions_and_silences(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    edu = record.theme_record(c.chronology, c.fact_events, c.sources, "education")
    assert fd.rule_record(edu).text == (
        "The record holds 2 events on this theme; of the 1 before the speech, in 2024, the "
        "speech mentions 1, alludes to 0 and leaves out 0; 1 event came after it.")


def test_the_latest_silence_is_named_by_its_first_sentence(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    history = record.theme_record(c.chronology, c.fact_events, c.sources, "history")
    assert fd.rule_latest_silence(history).text == (
        "The latest event it leaves out (December 1971): Beta fought a war that Alpha backed "
        "the other side of.")
    assert fd.rule_latest_silence(history[history["standing"] != "left out"]) is None


def test_the_overview_names_silent_themes_and_the_largest_silence(pkg: DataPackage) -> None:
    add_energy_theme(pkg)
    assert texts(fd.overview_findings(rk.load(pkg.path))) == [
        "The record holds 6 events; of the 5 before the speech, from 1948 to 2024, the speech "
        "mentions 2, alludes to 1 and leaves out 2; 1 event came after it.",
        "Its mentions cluster in the 1940s: 1 of 2.",
        "1 theme of the record gets no claim at all: *Energy* (1 event in the record).",
        "The largest silence is *Energy*: 1 of its 1 event before the speech, in 2015, go "
        "unmentioned (0 of them alluded to), among them: Gas pipeline agreement (2015)."]


def silences(pkg: DataPackage) -> tuple:
    c = rk.load(pkg.path)
    args = (c.chronology, c.fact_events, c.sources)
    return (record.silences(*args, c.themes), record.selection_by_decade(*args),
            record.notable_silences(*args))


def test_the_largest_silence_names_its_two_most_telling_events_oldest_first(
        pkg: DataPackage) -> None:
    pkg.write_rows("chronology.csv", [*pkg.rows("chronology.csv"), {
        "event_id": "meeting-1950", "date_start": "1950-01-01", "date_end": "1950-12-31",
        "date_precision": "year", "theme_id": "history", "kind": "meeting",
        "summary": "Alpha and Beta met.", "reference": "https://archive.example/1950",
        "notes": "", "title": "First meeting"}])
    table, _, notable = silences(pkg)
    assert fd.rule_largest_silence(table, notable).text == (
        "The largest silence is *History*: 3 of its 4 events before the speech, from 1950 to "
        "1971, go unmentioned (1 of them alluded to), among them: Trade pact (1965) and "
        "Border war of 1971.")


def test_the_decade_rule_names_busy_decades_the_speech_says_nothing_of() -> None:
    import pandas as pd

    table = pd.DataFrame({"events": [3, 4], "mentioned": [2, 0], "disputed": [0, 0],
                          "later": [0, 0]}, index=["1960s", "1970s"])
    assert fd.rule_decades(table).text == (
        "Its mentions cluster in the 1960s: 2 of 2; it mentions nothing of the 1970s "
        "(4 events).")


def test_promises_kept_counts_fulfilling_events(pkg: DataPackage) -> None:
    make_promise(pkg)
    c = rk.load(pkg.path)
    table = record.promises(c.facts, c.fact_events, c.chronology)
    assert fd.rule_promises_kept(table).text == \
        "Of its 1 plan or hope, none has an event of the record that fulfils it yet."


def test_the_critique_finds_allusions_and_disputes(pkg: DataPackage) -> None:
    c = rk.load(pkg.path)
    one = c.subset(source_id=c.sources["source_id"].iloc[0])
    assert texts(critique.critique_findings(one)) == [
        "The claims cite 5 of its 5 body sentences.",
        "1 claim refers to events of the record only indirectly; the widest, trade-1960s, "
        "passes over 1 event (1965).",
        "No claim is contested by public references; the record disputes none.",
        "The record holds 5 events; of the 4 before the speech, from 1948 to 2024, the speech "
        "mentions 2, alludes to 1 and leaves out 1; 1 event came after it."]


def test_the_record_finding_counts_as_the_key_figures_count() -> None:
    """One definition of each count: the events of the record (counted once), those before
    the speech, and how many it mentions, in the findings as in the key figures."""
    import re

    corpus = rk.load()
    for theme_id in [None, *corpus.themes["theme_id"]]:
        scope = corpus if theme_id is None else corpus.subset(theme_id=theme_id)
        rec_table = record.theme_record(scope.chronology, scope.fact_events, scope.sources,
                                        theme_id)
        text = fd.rule_record(rec_table).text
        figures = record.key_figures(scope.chronology, scope.fact_events, scope.sources,
                                     theme_id)
        n = dict((k, int(v)) for v, k in re.findall(r"(\d+) (mentioned|disputed|later|alluded|"
                                                    r"left out)", figures))
        total = int(figures.split(" events")[0])
        if not total:
            continue
        assert f"holds {total} event" in text, (theme_id, text, figures)
        assert f"mentions {n['mentioned'] + n['disputed']}" in text, (theme_id, text)
        assert f"alludes to {n['alluded']}" in text and f"leaves out {n['left out']}" in text
        if n["later"]:
            assert f"{n['later']} event" in text.rsplit(";", 1)[1], (theme_id, text)


def test_each_finding_links_to_the_heading_that_backs_it() -> None:
    text = fd.markdown([fd.Finding("Two things.", "left-out")])
    assert text == ("## Findings\n\n- Two things. ([what the speech leaves out]"
                    "(#What-the-speech-leaves-out))")


def test_data_text_in_a_finding_is_escaped(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", 4, "summary", "A <script>war</script> of *stars* [x](y).")
    c = rk.load(pkg.path)
    history = record.theme_record(c.chronology, c.fact_events, c.sources, "history")
    assert fd.rule_latest_silence(history).text.endswith(
        r"A \<script\>war\</script\> of \*stars\* \[x\](y).")  # markup.md's escapes


def test_silences_in_prose_name_themes_their_events_and_silent_decades(
        pkg: DataPackage) -> None:
    assert fd.silences_text(*silences(pkg)) == (
        "The largest silences are *History* (2 of 3 events unmentioned, from 1965 to 1971; "
        "1 of them alluded to). Unmentioned in *History*: Trade pact (1965) and Border war "
        "of 1971. Of the record's events in the 1960s and 1970s, the speech mentions none.")


def test_silences_in_prose_name_events_by_their_summaries_without_titles(
        pkg: DataPackage) -> None:
    drop_titles(pkg)
    assert "Unmentioned in *History*: Alpha and Beta signed a trade pact (1965) and Beta " \
        "fought a war that Alpha backed… (1971)." in fd.silences_text(*silences(pkg))


def test_a_title_in_the_prose_is_escaped(pkg: DataPackage) -> None:
    pkg.set("chronology.csv", 4, "title", "The <b>war</b> of *stars*")
    assert r"Unmentioned in *History*: Trade pact (1965) and The \<b\>war\</b\> " \
        r"of \*stars\* (1971)." in fd.silences_text(*silences(pkg))  # markup.md's escapes


def test_every_section_a_finding_links_to_is_a_heading_of_a_notebook() -> None:
    import json

    from rupak_lib.analysis.findings import SECTIONS
    from rupak_lib.data.paths import NOTEBOOKS_DIR

    headings = {line.removeprefix("## ").strip()
                for path in NOTEBOOKS_DIR.glob("*.ipynb")
                for cell in json.loads(path.read_text("utf-8"))["cells"]
                for line in "".join(cell["source"]).splitlines() if line.startswith("## ")}
    headings |= set(written_headings())
    assert set(SECTIONS.values()) - headings == set()


def written_headings() -> list[str]:
    """The headings the library writes into a page (sections shown only for some data)."""
    from rupak_lib.analysis import compare, narrative, per_source

    one, several = narrative.LEFT_OUT_HEADINGS
    return [one, several, per_source.BY_SOURCE_HEADING, per_source.SOURCES_HEADING,
            *compare.HEADINGS.values()]
