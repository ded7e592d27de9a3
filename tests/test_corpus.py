"""A package of several sources: every count, table and sentence is about one source and
names it. The package is tests/fixtures/corpus: three short documents the team wrote for
these tests (a speech of 2024, a briefing of July 2025, an article of January 2026), with
their claims, entities and links to a small record."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from datapkg import DataPackage, errors, warnings

import rupak_lib as rk
from rupak_lib.analysis import compare, per_source
from rupak_lib.data import citation
from rupak_lib.pages import export

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
SPEECH, BRIEFING, ARTICLE = "orlov-2024-03-12", "fo-2025-07-18", "rahman-2026-01-15"


@pytest.fixture(scope="module")
def corpus() -> rk.Corpus:
    return rk.load(FIXTURE)


@pytest.fixture
def copy(tmp_path: Path) -> DataPackage:
    shutil.copytree(FIXTURE, tmp_path / "data")
    return DataPackage(tmp_path / "data")


def test_the_fixture_package_validates_without_a_problem() -> None:
    assert rk.validate(FIXTURE) == []


# --- labels and the words of each genre -------------------------------------------------

def test_a_source_is_labelled_by_its_authors_surname_and_date(corpus: rk.Corpus) -> None:
    labels = dict(zip(corpus.sources["source_id"], corpus.sources["label"], strict=True))
    assert labels[SPEECH] == "Orlov, 12 Mar 2024"
    assert labels[ARTICLE] == "Rahman, 15 Jan 2026"


def test_a_source_whose_author_is_an_office_is_labelled_by_its_title(
        corpus: rk.Corpus) -> None:
    row = corpus.sources[corpus.sources["source_id"] == BRIEFING].iloc[0]
    assert row["label"] == "Weekly press briefing, 18 Jul 2025"
    assert citation.words(row).name == "the briefing of 18 July 2025"


def test_a_written_genre_writes_and_has_an_author(corpus: rk.Corpus) -> None:
    names = per_source.names(corpus)
    assert (names[ARTICLE].name, names[ARTICLE].says, names[ARTICLE].person) == (
        "Rahman's article", "writes", "author")
    assert (names[SPEECH].says, names[SPEECH].person) == ("says", "speaker")


def test_a_blank_genre_reads_as_a_speech_and_a_lone_source_is_the_speech() -> None:
    bundled = rk.load()
    words = citation.all_words(bundled.sources.assign(genre=None))
    assert [w.name for w in words.values()] == ["the speech"]


def test_claims_carry_their_sources_label_only_when_there_are_several(
        corpus: rk.Corpus) -> None:
    assert set(corpus.facts["source_label"]) == {
        "Orlov, 12 Mar 2024", "Weekly press briefing, 18 Jul 2025", "Rahman, 15 Jan 2026"}
    assert rk.load().facts["source_label"].isna().all()


# --- bad input ------------------------------------------------------------------------------

def test_a_genre_outside_the_contract_is_a_located_error(copy: DataPackage) -> None:
    copy.set("sources.csv", 2, "genre", "novel")
    assert ("sources.csv", 2, "genre",
            '"novel" is not one of speech, interview, briefing, article, statement, report, '
            "other") in errors(copy)


def test_two_sources_with_the_same_text_are_a_warning_naming_both(copy: DataPackage) -> None:
    text = copy.file(f"sources/{SPEECH}.txt").read_bytes()
    copy.file(f"sources/{BRIEFING}.txt").write_bytes(text)
    copy.set("sources.csv", 3, "sha256", hashlib.sha256(text).hexdigest())
    found = [w for w in warnings(copy) if w[2] == "text_path"]
    assert found == [("sources.csv", 3, "text_path",
                      f"sources/{BRIEFING}.txt has the same text as source {SPEECH}; the same "
                      "document would be counted twice")]


# --- counts and prose per source ---------------------------------------------------------

def test_a_theme_page_opens_with_a_line_per_source_counting_its_own_claims(
        corpus: rk.Corpus) -> None:
    intro = rk.narrative.theme_intro(corpus.subset(theme_id="trade-economy"), "trade-economy")
    assert ("Orlov's speech makes **3 claims** on this theme (1 of them filed under another "
            "theme that touches it), in 3 of its 6 body sentences.") in intro
    assert "The briefing of 18 July 2025 makes **1 claim** on this theme, in 1 of its 3 body " \
           "sentences." in intro
    assert "Rahman's article makes **2 claims** on this theme, in 2 of its 5 body " \
           "sentences." in intro


def test_a_source_without_a_claim_on_the_theme_says_so_with_its_own_size(
        corpus: rk.Corpus) -> None:
    intro = rk.narrative.theme_intro(corpus.subset(theme_id="history"), "history")
    assert "The briefing of 18 July 2025 makes no claim on this theme (none of its 3 body " \
           "sentences)." in intro


def test_the_critique_of_an_article_speaks_of_its_author(corpus: rk.Corpus) -> None:
    intro = rk.narrative.critique_intro(corpus.subset(source_id=ARTICLE), ARTICLE)
    assert "5 lines of the author's words" in intro and "speaker" not in intro


def test_theme_findings_are_grouped_by_source_each_with_its_own_record(
        corpus: rk.Corpus) -> None:
    found = rk.findings.theme_findings(corpus.subset(theme_id="trade-economy"), "trade-economy")
    by_group = {f.group for f in found}
    assert by_group == {"", "Orlov's speech (Orlov, 12 Mar 2024)",
                        "The briefing of 18 July 2025 (Weekly press briefing, 18 Jul 2025)",
                        "Rahman's article (Rahman, 15 Jan 2026)"}
    article = [f.text for f in found if f.group.startswith("Rahman")]
    assert ("The record holds 3 events on this theme from 2024 to 2025; Rahman's article "
            "mentions 2, alludes to 0 and leaves out 1.") in article
    speech = [f.text for f in found if f.group.startswith("Orlov")]
    assert ("The record holds no event on this theme before Orlov's speech; 3 events came "
            "after it (2 of them carrying out its plans).") in speech


def test_findings_of_one_source_are_not_grouped() -> None:
    bundled = rk.load()
    assert {f.group for f in rk.findings.overview_findings(bundled)} == {""}


# --- the record per source -------------------------------------------------------------------

def test_the_record_is_counted_per_source_against_the_events_before_its_date(
        corpus: rk.Corpus) -> None:
    table = per_source.record_by_source(corpus).set_index("source_id")
    assert table.loc[ARTICLE, ["mentions", "contradicts", "leaves out"]].to_list() == [2, 1, 9]
    assert table.loc[SPEECH, ["mentions", "fulfils", "leaves out"]].to_list() == [2, 2, 6]


def test_events_two_sources_refer_to_are_listed_with_each_sources_relation(
        corpus: rk.Corpus) -> None:
    shared = per_source.shared_events(corpus).set_index("event_id")
    assert shared.loc["pakistan-steel-mills-protocol-2025", "sources"] == (
        "Orlov, 12 Mar 2024 (fulfils); Weekly press briefing, 18 Jul 2025 (mentions); "
        "Rahman, 15 Jan 2026 (mentions)")
    assert "fm-meeting-kuala-lumpur-2025" in shared.index


def test_silences_are_per_source_and_name_the_sources_that_report_the_event(
        corpus: rk.Corpus) -> None:
    left = per_source.left_out_by_source(corpus)
    briefing = left[left["source_id"] == BRIEFING].set_index("event_id")
    assert briefing.loc["ussr-pakistan-diplomatic-relations-1948", "reported_by"] == \
        "Orlov, 12 Mar 2024"
    assert "pakistan-steel-mills-protocol-2025" not in briefing.index  # it reports it
    quiet = set(per_source.no_source(corpus)["event_id"])
    assert "north-south-gas-pipeline-iga-2015" in quiet
    assert "ussr-pakistan-diplomatic-relations-1948" not in quiet


def test_the_record_table_names_the_source_of_each_linked_claim(corpus: rk.Corpus) -> None:
    record = rk.record.theme_record(corpus.chronology, corpus.fact_events, corpus.sources,
                                    "trade-economy").set_index("event_id")
    assert record.loc["tenth-igc-islamabad-2025", "claims"] == \
        "Rahman, 15 Jan 2026: rahman-igc-november (mentions)"


def test_promises_name_their_source(corpus: rk.Corpus) -> None:
    promised = rk.record.promises(corpus.facts, corpus.fact_events, corpus.chronology)
    assert set(promised["source"]) == {"Orlov, 12 Mar 2024", "Weekly press briefing, 18 Jul 2025",
                                       "Rahman, 15 Jan 2026"}


# --- attribution in tables and charts ---------------------------------------------------------

def test_every_claim_link_starts_with_its_sources_label(corpus: rk.Corpus) -> None:
    table = rk.analysis.theme_claims(corpus.facts, corpus.themes, "trade-economy",
                                     columns=("summary", "sentences"))
    html = [ref.__html__() for ref in table["sentences"]]
    assert all('class="sref-source" href="speech-' in h for h in html)
    assert str(table["sentences"].iloc[0]).startswith("Orlov, 12 Mar 2024: S")


def test_with_one_source_claim_links_carry_no_label() -> None:
    bundled = rk.load()
    table = rk.analysis.theme_claims(bundled.facts, bundled.themes, "trade-economy",
                                     columns=("summary", "sentences"))
    assert all("sref-source" not in ref.__html__() for ref in table["sentences"])


def test_key_quotes_name_their_source(corpus: rk.Corpus) -> None:
    quotes = rk.speech.quotes_in_context(corpus, corpus.facts)
    assert {str(r).split(":")[0] for r in quotes["sentences"]} == {
        "Orlov, 12 Mar 2024", "Weekly press briefing, 18 Jul 2025", "Rahman, 15 Jan 2026"}


def test_timeline_points_name_their_source(corpus: rk.Corpus) -> None:
    from rupak_lib.charts.report import _attributed

    labelled = _attributed(corpus.facts)
    assert labelled["summary"].str.match(r"^(Orlov|Weekly press briefing|Rahman), ").all()


# --- decades ------------------------------------------------------------------------------------

def test_a_claim_spanning_decades_counts_in_each_and_the_text_says_so(
        corpus: rk.Corpus) -> None:
    flagship = corpus.facts[corpus.facts["fact_id"] == "rahman-steel-flagship"]
    assert rk.analysis.decades(flagship)["facts"].to_dict() == {
        "1970s": 1, "1980s": 1, "1990s": 1}
    assert "1 claim spans several decades and counts in each" in \
        rk.narrative.time_span(corpus.facts)


# --- the comparison ----------------------------------------------------------------------------

def test_sources_agree_on_an_event_they_report_alike(corpus: rk.Corpus) -> None:
    agree, _ = compare.agreements_and_differences(corpus)
    assert list(agree["event_id"]) == ["pakistan-steel-mills-protocol-2025"]
    assert "Weekly press briefing, 18 Jul 2025" in agree["earlier_claim"].iloc[0]
    assert "Rahman, 15 Jan 2026" in agree["later_claim"].iloc[0]


def test_sources_differ_on_the_date_of_an_event_and_the_row_says_how(
        corpus: rk.Corpus) -> None:
    _, differ = compare.agreements_and_differences(corpus)
    row = differ.set_index("event_id").loc["fm-meeting-kuala-lumpur-2025"]
    assert row["difference"] == ("date: 10 July 2025 against June 2025; the record disputes "
                                 "one of them")
    assert 'href="speech-fo-2025-07-18.html#S3"' in row["earlier_claim"]
    assert 'href="speech-rahman-2026-01-15.html#S3"' in row["later_claim"]


def test_a_promise_is_followed_into_each_later_source(corpus: rk.Corpus) -> None:
    carried = compare.carried_promises(corpus)
    says = {(r.fact_id, r.later_source): r.says for r in carried.itertuples()}
    assert says[("orlov-steel-mill-restore", "Weekly press briefing, 18 Jul 2025")] == "done"
    assert says[("orlov-igc-later-this-year", "Weekly press briefing, 18 Jul 2025")] == "silent"
    assert says[("orlov-pipeline-hope", "Rahman, 15 Jan 2026")] == "still planned"


def test_the_comparison_opens_with_findings_linked_to_its_sections(corpus: rk.Corpus) -> None:
    text = compare.findings_markdown(corpus)
    assert "They differ on 1 event; first, " in text
    assert "(#Where-the-sources-differ)" in text and "(#Promises-carried-across-sources)" in text


def test_with_one_source_the_comparison_says_so_and_shows_the_command() -> None:
    bundled = rk.load()
    assert "The package holds one source" in compare.intro(bundled)
    assert "rupak add-source PATH" in compare.intro(bundled)
    assert compare.findings_markdown(bundled) == ""
    assert compare.section(bundled, "agree") is None


# --- the index -----------------------------------------------------------------------------------

def test_the_index_filters_claims_by_source_and_lists_the_sources(corpus: rk.Corpus) -> None:
    html = export.index_html([], claims=export.claims(corpus),
                             sources=export.sources_rows(corpus))
    assert '<select id="source" name="source">' in html
    assert html.count('<tr data-source="Rahman, 15 Jan 2026"') == 5
    assert '<h2 id="sources-at-a-glance">Sources at a glance</h2>' in html
    assert '<a href="speech-fo-2025-07-18.html">Weekly press briefing, 18 Jul 2025</a>' in html


def test_an_index_of_one_source_has_no_source_filter() -> None:
    bundled = rk.load()
    html = export.index_html([], claims=export.claims(bundled),
                             sources=export.sources_rows(bundled))
    assert 'id="source"' not in html and "Sources at a glance" not in html


def test_a_sources_critique_reads_the_record_against_its_own_date(corpus: rk.Corpus) -> None:
    from rupak_lib.analysis import critique

    one = per_source.alone(corpus, SPEECH)
    assert list(one.sources["source_id"]) == [SPEECH]
    texts = [f.text for f in critique.critique_findings(one)]
    assert any("of the 8 before the speech, from 1948 to 2023, the speech mentions 2, alludes "
               "to 0 and leaves out 6; 4 events came after it" in t for t in texts)
    table = per_source.record_by_source(corpus).set_index("source_id")
    assert table.loc[SPEECH, "leaves out"] == 6  # the same count, source by source


def test_an_articles_critique_speaks_of_the_article(corpus: rk.Corpus) -> None:
    from rupak_lib.analysis import critique

    texts = [f.text for f in critique.critique_findings(per_source.alone(corpus, ARTICLE))]
    assert any("the article mentions 3" in t for t in texts)
    assert not any("speech" in t for t in texts)


def test_an_articles_page_speaks_of_its_author(corpus: rk.Corpus) -> None:
    from rupak_lib.pages import source

    page = source.page(corpus, ARTICLE)
    assert "Lines that are not the author's words" in page
    assert "sentences of the article" in page and "speaker" not in page


def test_a_quoted_summary_is_never_rewritten_into_a_sources_name(copy: DataPackage) -> None:
    rows = copy.rows("chronology.csv")
    for row in rows:
        if row["event_id"] == "ninth-igc-moscow-2024":
            row["summary"] = "The commission met in Moscow; the speech of its chair was long."
    copy.write_rows("chronology.csv", rows)
    corpus = rk.load(copy.path)
    texts = [f.text for f in rk.findings.theme_findings(
        corpus.subset(theme_id="trade-economy"), "trade-economy")]
    assert any("the speech of its chair was long" in t for t in texts)


def test_the_corpus_together_is_read_against_the_latest_source(corpus: rk.Corpus) -> None:
    together = [f.text for f in rk.findings.overview_findings(corpus) if not f.group]
    assert together[0] == (  # 5 + 1 + 0 + 6: every event of the record counted once
        "The record holds 12 events from 1948 to 2025; the corpus mentions 5 (1 of them "
        "disputed by the record), sees 1 of its plans carried out, alludes to 0 and leaves "
        "out 6.")  # the article's disputed claim stays disputed beside another's report
    assert "before the latest source" in " ".join(together)
    args = (corpus.chronology, corpus.fact_events, corpus.sources)
    text = rk.findings.silences_text(rk.record.silences(*args, corpus.themes),
                                     rk.record.selection_by_decade(*args),
                                     rk.record.notable_silences(*args),
                                     who=per_source.subject(corpus))
    assert "speech" not in text


def test_a_package_of_one_article_speaks_of_the_article_and_its_author(
        corpus: rk.Corpus) -> None:
    one = per_source.alone(corpus, ARTICLE)
    assert per_source.subject(one) == "the article"
    intro = rk.narrative.theme_intro(one.subset(theme_id="trade-economy"), "trade-economy")
    assert "The article makes **2 claims** on this theme" in intro
    assert "of the author's words" in intro and "speech" not in intro


def test_the_record_charts_speak_of_the_sources_when_there_are_several(
        corpus: rk.Corpus) -> None:
    from rupak_lib.charts.accessible import alt_text

    fig = rk.record_timeline(corpus.chronology, corpus.fact_events, corpus.sources,
                             corpus.themes)
    assert fig.axes[0].get_title("left") == "The record and the sources"
    assert "how the sources treat it" in alt_text(fig) and "speech" not in alt_text(fig)
    bars = rk.record_by_decade(corpus.chronology, corpus.fact_events, corpus.sources)
    assert bars.axes[0].get_title("left") == "Events in the record, and those the sources mention"
    one = per_source.alone(corpus, ARTICLE)
    fig = rk.record_timeline(one.chronology, one.fact_events, one.sources, one.themes)
    assert fig.axes[0].get_title("left") == "The record and the article"
