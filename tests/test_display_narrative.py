"""Report prose and tables: the figures in the words match the facts; tables are stable."""

from __future__ import annotations

import pandas as pd
from datapkg import DataPackage

import rupak_lib as rk
from rupak_lib.analysis import narrative
from rupak_lib.analysis.display import table


def test_a_table_escapes_markup_from_the_data() -> None:
    html = table(pd.DataFrame({"summary": ["<script>alert(1)</script>"]}))._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_table_renders_the_same_bytes_every_time() -> None:
    frame = pd.DataFrame({"a": [1.25, None], "b": ["x", "y"]})
    assert table(frame)._repr_html_() == table(frame.copy())._repr_html_()


def test_a_table_shows_named_row_labels_but_not_a_plain_range() -> None:
    named = pd.DataFrame({"facts": [2]}, index=pd.Index(["achieved"], name="modality"))
    assert ">Modality</th>" in table(named)._repr_html_()
    assert ">0<" not in table(pd.DataFrame({"facts": [2]}))._repr_html_()


def test_a_table_writes_missing_values_as_a_dash_and_rounds_floats() -> None:
    text = repr(table(pd.DataFrame({"share": [12.345, None]})))
    assert "12.3" in text and "—" in text


def test_the_commitments_sentence_counts_each_modality(pkg: DataPackage) -> None:
    facts = rk.load(pkg.path).facts
    assert narrative.commitments(facts) == (
        "Of 4 claims: done 3; stances and evaluations 1. Against 3 claims of things done or "
        "under way stand 0 of things decided or merely hoped for.")


def test_the_commitments_sentence_counts_one_claim_in_the_singular(pkg: DataPackage) -> None:
    facts = rk.load(pkg.path).facts
    one = facts[facts["fact_id"].isin(["relations-1948", "keep-working"])]
    assert "Against 1 claim of things done or under way stand 0" in narrative.commitments(one)


def test_the_critique_intro_counts_the_stray_lines_in_words(pkg: DataPackage) -> None:
    intro = narrative.critique_intro(rk.load(pkg.path), "doe-2025-03-01")
    assert "3 lines of the speaker's words and 3 lines that are not (1 header, 1 editorial " \
           "and 1 extraneous)" in intro
    assert "(s)" not in intro


def test_the_key_figures_list_has_one_item_per_count_with_unbreakable_spaces(
        pkg: DataPackage) -> None:
    text = narrative.key_figures_list(rk.load(pkg.path).facts)
    assert text.splitlines() == [
        "- **Claims:** 4",
        "- **What they commit to:** 3\u00a0achieved, 0\u00a0ongoing, 0\u00a0planned, "
        "0\u00a0potential, 1\u00a0stance",
        "- **Against public references:** 1\u00a0corroborated, 0\u00a0contested, "
        "2\u00a0unverified, 1\u00a0not-applicable"]


def test_the_key_figures_list_every_category_with_zeros(pkg: DataPackage) -> None:
    facts = rk.load(pkg.path).facts
    assert narrative.key_figures(facts) == (
        "4 claims | modality: 3 achieved, 0 ongoing, 0 planned, 0 potential, 1 stance | "
        "verification: 1 corroborated, 0 contested, 2 unverified, 1 not-applicable")


def test_the_theme_intro_gives_title_and_share_of_the_text(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path).subset(theme_id="history")
    intro = narrative.theme_intro(corpus, "history")
    assert intro.startswith("# History\n\nBefore 2000.")
    assert "**2 claims**" in intro and "2 sentences of its 5 body sentences" in intro


def test_the_record_figures_count_every_standing_with_zeros(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    line = narrative.record_figures(corpus.chronology, corpus.fact_events, corpus.sources)
    assert line.startswith(f"- **Events of the record:** {len(corpus.chronology)}: ")
    assert line.count("\u00a0") == len(rk.record.STANDINGS) - 1  # disputed: among mentioned


def test_the_record_figures_count_the_disputed_among_the_mentioned_as_the_findings_do(
        pkg: DataPackage) -> None:
    pkg.replace("fact_events.csv", "trade-1960s,trade-pact-1965,alludes",
                "trade-1960s,trade-pact-1965,contradicts")
    corpus = rk.load(pkg.path)
    line = narrative.record_figures(corpus.chronology, corpus.fact_events, corpus.sources)
    assert "3\u00a0mentioned (1 of them disputed), " in line
    finding = rk.findings.rule_record(rk.record.theme_record(
        corpus.chronology, corpus.fact_events, corpus.sources), corpus.sources["date"].max())
    assert "mentions 3 (1 of them disputed by the record)" in finding.text


def test_the_intro_of_a_theme_without_claims_says_so_in_words(pkg: DataPackage) -> None:
    themes = pkg.rows("themes.csv")
    themes.append({"theme_id": "energy", "title": "Energy", "description": "Power.",
                   "position": "3"})
    pkg.write_rows("themes.csv", themes)
    intro = narrative.theme_intro(rk.load(pkg.path).subset(theme_id="energy"), "energy")
    assert intro.endswith("The speech makes **no claim** on this theme: none of its 5 body "
                          "sentences is about it. The record holds no event on it either.")


def test_a_theme_without_claims_opens_with_what_the_record_holds(pkg: DataPackage) -> None:
    from datapkg import add_energy_theme

    add_energy_theme(pkg)
    corpus = rk.load(pkg.path)
    events = corpus.chronology[corpus.chronology["theme_id"] == "energy"]
    assert len(events) and corpus.facts[corpus.facts["theme_id"] == "energy"].empty
    intro = narrative.theme_intro(corpus.subset(theme_id="energy"), "energy")
    assert f"The record holds {len(events)} event" in intro
    assert "this page shows them, and what the speech leaves out." in intro


def test_a_section_with_no_claim_to_show_is_left_out() -> None:
    import frames

    from rupak_lib.analysis import display

    assert display.if_any(frames.facts(), "the claims") is None
    assert display.if_any(frames.facts({"fact_id": "a"}), "the claims") == "the claims"


def test_the_source_line_names_speaker_venue_and_date(pkg: DataPackage) -> None:
    line = narrative.source_line(rk.load(pkg.path))
    assert "Jane Doe, Minister of Alpha" in line and "1 March 2025" in line


def test_the_time_span_gives_the_range_and_the_busiest_decade(pkg: DataPackage) -> None:
    facts = rk.load(pkg.path).facts
    assert narrative.time_span(facts) == (
        "The 3 dated claims run from 1948 to 2024; 1 of them falls in the 1940s. "
        "1 claim gives no date.")


def test_the_coverage_sentence_counts_cited_body_sentences(pkg: DataPackage) -> None:
    assert narrative.coverage(rk.load(pkg.path).sentences) == (
        "5 of 5 body sentences are cited by at least one claim (100 %).")


def test_a_long_table_is_shown_in_pages_of_its_rows() -> None:
    from rupak_lib.analysis.display import PAGE_ROWS

    frame = pd.DataFrame({"claim": [f"claim-{i:04d}" for i in range(2 * PAGE_ROWS + 50)]})
    html = rk.display.table(frame, caption="Claims")._repr_html_()
    assert html.count("<table") == 3
    assert html.count("<caption>Claims</caption>") == 3
    assert f"<summary>Rows {PAGE_ROWS + 1}–{2 * PAGE_ROWS} of {len(frame)}</summary>" in html
    assert f"<summary>Rows {2 * PAGE_ROWS + 1}–{len(frame)} of {len(frame)}</summary>" in html
    assert all(html.count(f">claim-{i:04d}<") == 1 for i in range(len(frame)))
    assert html.index("claim-0099") < html.index("<details")  # the first page is open


def test_a_table_longer_than_a_page_can_hold_shows_its_first_rows_and_says_so() -> None:
    from rupak_lib.analysis.display import MAX_ROWS

    frame = pd.DataFrame({"claim": [f"claim-{i:05d}" for i in range(MAX_ROWS + 7)]})
    table = rk.display.table(frame)
    html, text = table._repr_html_(), repr(table)
    assert f">claim-{MAX_ROWS - 1:05d}<" in html and f"claim-{MAX_ROWS:05d}" not in html
    assert f"claim-{MAX_ROWS:05d}" not in text
    note = f"The first {MAX_ROWS:,} of {MAX_ROWS + 7:,} rows are shown"
    assert note in html and note in text


def test_a_table_of_one_page_is_not_paged() -> None:
    from rupak_lib.analysis.display import PAGE_ROWS

    html = rk.display.table(pd.DataFrame({"n": range(PAGE_ROWS)}))._repr_html_()
    assert "<details" not in html and html.count("<table") == 1


def test_a_table_cell_sets_the_direction_of_its_own_text() -> None:
    """A name written right to left, or reversed by a control character, stays in its cell."""
    import pandas as pd

    from rupak_lib.analysis import display

    html = display.table(pd.DataFrame({"name": ["\u0645\u0648\u0633\u0643\u0648", "b"]}))
    assert html._repr_html_().count('<span dir="auto">') == 2
