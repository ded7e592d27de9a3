"""The annotated speech: the whole text, each sentence numbered and anchored, the quoted
words marked, the claims under their sentences, stray lines set apart."""

from __future__ import annotations

import re

import pytest
from datapkg import SOURCE_ID, DataPackage

import rupak_lib as rk
from rupak_lib.analysis import speech
from rupak_lib.analysis.speech import Span, marked
from rupak_lib.pages import source


@pytest.fixture
def corpus(pkg: DataPackage) -> rk.Corpus:
    return rk.load(pkg.path)


def test_quoted_words_are_marked_and_the_rest_escaped() -> None:
    assert marked("A <b> and c.", [Span(0, 1, "f"), Span(10, 12, "g")]) == \
        "<mark>A</mark> &lt;b&gt; and <mark>c.</mark>"


def test_overlapping_quotes_make_one_mark() -> None:
    assert marked("abcdef", [Span(0, 3, "f"), Span(2, 5, "g")]) == "<mark>abcde</mark>f"


def test_every_sentence_of_the_source_has_its_anchor_on_the_page(corpus: rk.Corpus) -> None:
    html = source.page(corpus, SOURCE_ID)
    anchors = re.findall(r'<div class="sent" id="S(\d+)">', html)
    assert [int(a) for a in anchors] == list(corpus.sentences["sentence"])


def test_the_page_holds_every_body_sentence_with_its_quoted_words_marked(
        corpus: rk.Corpus) -> None:
    html = source.page(corpus, SOURCE_ID)
    assert "<mark>Trade grew in the 1960s.</mark>" in html
    assert "<mark>We will keep working together. Thank you for your attention.</mark>" \
        not in html  # a quote over two sentences is marked in each
    assert "<mark>We will keep working together.</mark>" in html
    assert "<mark>Thank you for your attention.</mark>" in html


def test_stray_lines_are_set_apart_with_their_kind_and_note(corpus: rk.Corpus) -> None:
    html = source.page(corpus, SOURCE_ID)
    assert '<section class="line stray stray-extraneous"' in html
    assert '<section class="line stray stray-editorial"' in html
    assert "Why it is set apart: Another article." in html


def test_each_sentence_lists_the_claims_quoting_it_by_modality(corpus: rk.Corpus) -> None:
    html = source.page(corpus, SOURCE_ID)
    block = html[html.index('id="S3"'):html.index('id="S4"')]
    assert '<li class="m-achieved"><span class="chip">achieved</span>Trade grew in the 1960s.' \
        in block
    assert 'href="theme-history.html"' in block and "trade-1960s" in block


def test_the_page_shows_data_text_as_text(pkg: DataPackage) -> None:
    rows = pkg.rows("facts.csv")
    rows[1]["summary"] = "Trade <script>alert(1)</script> grew."
    pkg.write_rows("facts.csv", rows)
    html = source.page(rk.load(pkg.path), SOURCE_ID)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_key_quotes_give_each_quoted_sentence_once_with_all_its_marks(
        corpus: rk.Corpus) -> None:
    quotes = speech.quotes_in_context(corpus)
    assert [r.text for r in quotes["sentences"]] == ["S2", "S3", "S4", "S7–S8"]
    assert str(quotes["passage"].iloc[1]) == "<mark>Trade grew in the 1960s.</mark>"
    assert str(quotes["passage"].iloc[3]) == ("<mark>We will keep working together.</mark> "
                                              "<mark>Thank you for your attention.</mark>")
    assert list(quotes["claims"]) == [1, 1, 1, 1]


def test_uncited_sentences_are_listed_with_links(pkg: DataPackage) -> None:
    pkg.write_rows("facts.csv", [r for r in pkg.rows("facts.csv")
                                 if r["fact_id"] != "trade-1960s"])
    pkg.write_rows("questions.csv", [q for q in pkg.rows("questions.csv")
                                     if "trade-1960s" not in q["fact_ids"]])
    pkg.write_rows("fact_events.csv", [e for e in pkg.rows("fact_events.csv")
                                       if e["fact_id"] != "trade-1960s"])
    corpus = rk.load(pkg.path)
    html = speech.uncited(corpus)._repr_html_()
    assert 'href="speech-doe-2025-03-01.html#S3"' in html and "Trade grew in the 1960s." in html


def test_a_fully_cited_source_says_so_and_links_the_text(corpus: rk.Corpus) -> None:
    html = speech.uncited(corpus)._repr_html_()
    assert "No body sentence is left uncited" in html
    assert 'href="speech-doe-2025-03-01.html"' in html
