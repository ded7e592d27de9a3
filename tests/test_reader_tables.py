"""Tables for people: words for headers, whole numbers, percentages, links kept as links,
no column empty in most rows, and a phone layout for wide tables."""

from __future__ import annotations

import pandas as pd
from datapkg import DataPackage

import rupak_lib as rk
from rupak_lib.analysis import tables as analysis
from rupak_lib.analysis.display import Html, SentenceRef, header, linked, sentence_refs, table


def test_a_header_is_written_in_words() -> None:
    assert [header(c) for c in ("words_pct", "facts", "n_words", "fact_ids", "date_start")] == \
        ["Share of words", "Claims", "Words", "Claims", "Date start"]


def test_whole_numbers_show_no_decimals_and_shares_a_percent_sign() -> None:
    html = table(pd.DataFrame({"words": [179.0, 12.5], "words_pct": [33.33, 66.67]}))
    text = html._repr_html_()
    assert ">179<" in text and ">12.5<" in text
    assert ">33%<" in text and ">67%<" in text and "179.0" not in text


def test_a_column_empty_in_most_rows_is_left_out_and_the_table_says_so() -> None:
    frame = pd.DataFrame({"summary": ["a", "b", "c"], "period": ["—", "—", "May 2025"]})
    html = table(frame)._repr_html_()
    assert ">Period<" not in html
    assert "Left out, being empty in most rows: period." in html
    assert ">Period<" in table(frame, sparse=True)._repr_html_()


def test_markup_the_library_wrote_is_kept_and_data_is_escaped() -> None:
    frame = pd.DataFrame({"passage": [Html("a <mark>b</mark>")], "text": ["<b>x</b>"]})
    html = table(frame)._repr_html_()
    assert "a <mark>b</mark>" in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_sentence_references_link_each_run_to_the_speech_page() -> None:
    ref = SentenceRef("doe", (3, 5, 6))
    assert ref.text == "S3, S5–S6"
    assert ref.__html__() == (
        '<a class="sref" href="speech-doe.html#S3">S3</a>, '
        '<a class="sref" href="speech-doe.html#S5">S5</a>–'
        '<a class="sref" href="speech-doe.html#S6">S6</a>')
    assert SentenceRef("doe", ()).__html__() == "—"


def test_linked_turns_a_sentence_number_column_into_links_and_drops_the_source() -> None:
    frame = linked(pd.DataFrame({"source_id": ["doe"], "sentence": [21], "text": ["x"]}))
    assert list(frame.columns) == ["sentence", "text"]
    assert frame["sentence"].iloc[0] == SentenceRef("doe", (21,))


def test_an_empty_table_says_what_is_missing() -> None:
    empty = table(pd.DataFrame({"kind": [], "prompt": []}), empty="No questions yet.")
    assert empty._repr_html_() == '<p class="rupak-prose">No questions yet.</p>'
    assert repr(empty) == "No questions yet."


def test_a_wide_table_of_text_becomes_cards_on_a_phone_and_a_small_one_does_not() -> None:
    wide = pd.DataFrame({"a": ["x"], "b": ["y"], "c": ["z"], "d": ["w" * 70]})
    small = pd.DataFrame({"modality": ["achieved"], "facts": [1], "pct": [50.0]})
    assert 'class="rupak-table cards"' in table(wide)._repr_html_()
    assert 'data-label="D"' in table(wide)._repr_html_()
    assert 'class="rupak-table"' in table(small)._repr_html_()


def test_the_fact_table_folds_a_rare_period_into_the_summary(pkg: DataPackage) -> None:
    facts = rk.load(pkg.path).facts
    few = facts[facts["fact_id"].isin(["relations-1948", "keep-working"])]
    few = pd.concat([few, facts[facts["fact_id"] == "keep-working"]])
    t = analysis.fact_table(few, columns=("period", "summary", "sentences"), links=True)
    assert list(t.columns) == ["summary", "sentences"]
    assert t["summary"].iloc[0] == "1 May 1948: Alpha and Beta established ties."
    assert t["sentences"].iloc[0] == SentenceRef("doe-2025-03-01", (2,))


def test_a_folded_period_is_not_repeated_when_the_summary_names_it(pkg: DataPackage) -> None:
    facts = rk.load(pkg.path).facts
    rows = facts[facts["fact_id"].isin(["trade-1960s", "keep-working"])]
    rows = pd.concat([rows, facts[facts["fact_id"] == "keep-working"]])
    t = analysis.fact_table(rows, columns=("period", "summary"), links=True)
    assert t["summary"].iloc[0] == "Trade grew in the 1960s."


def test_sentence_refs_pair_each_row_with_its_source() -> None:
    assert sentence_refs(["a", "b"], [(1,), (2, 3)]) == [SentenceRef("a", (1,)),
                                                        SentenceRef("b", (2, 3))]


def test_web_references_become_links_named_by_their_site() -> None:
    html = table(pd.DataFrame({"reference": [
        "https://www.dawn.com/news/1|http://tass.com/x; archive.example/1948 <b>"]}))._repr_html_()
    assert '<a href="https://www.dawn.com/news/1">dawn.com</a>' in html
    assert '<a href="http://tass.com/x">tass.com</a>' in html
    assert "archive.example/1948 &lt;b&gt;" in html


def test_a_reference_that_is_not_a_web_address_is_never_a_link() -> None:
    html = table(pd.DataFrame({"reference": ["javascript:alert(1)"]}))._repr_html_()
    assert "<a " not in html and "javascript:alert(1)" in html


def test_a_share_of_fractions_is_shown_as_a_percentage() -> None:
    html = table(pd.DataFrame({"theme": ["a", "b"], "share": [1.0, 0.9125]}))._repr_html_()
    assert '<span dir="auto">100%</span>' in html and '<span dir="auto">91%</span>' in html


def test_an_id_column_beside_the_name_it_stands_for_is_left_out() -> None:
    html = table(pd.DataFrame({"theme_id": ["trade"], "theme": ["Trade"]}))._repr_html_()
    assert html.count(">Theme<") == 1 and "trade<" not in html


def test_a_table_of_figures_stays_a_table_on_a_phone() -> None:
    figures = pd.DataFrame({c: [1, 2] for c in "abcdefg"})
    assert "cards" not in table(figures)._repr_html_()
