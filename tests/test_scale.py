"""Validation at scale gives what the plain scans give: every quote, citation and problem.

The indexed look-ups (textindex.py) are checked against the straightforward scans of
text.py on a generated package large enough to take the indexed paths; how long either
takes is measured in benchmarks/bench_scale.py, not here.
"""

from __future__ import annotations

import csv

import pytest

import rupak_lib as rk
from rupak_lib.data import text as tx
from rupak_lib.data.synthetic import write_package
from rupak_lib.data.textindex import EXHAUSTIVE_CLOSEST, BodyIndex


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory):
    """One source of 500 sentences, three facts of which misquote theirs."""
    return write_package(tmp_path_factory.mktemp("large") / "data", 500, n_sources=1,
                         n_themes=7, broken=3, seed=3)


def _source(package) -> tuple[list[tx.Sentence], list[dict[str, str]]]:
    text = (package.path / "sources" / "source-000.txt").read_bytes()
    sents = tx.sentences(tx.read_lines(text), {1: "header"})
    with (package.path / "facts.csv").open(newline="", encoding="utf-8") as fh:
        return sents, list(csv.DictReader(fh))


def test_the_generated_source_is_long_enough_for_the_indexed_paths(large) -> None:
    sents, _ = _source(large)
    assert sum(s.kind == "body" for s in sents) > EXHAUSTIVE_CLOSEST


def test_every_quote_is_found_where_a_scan_finds_it_citing_the_same_sentences(large) -> None:
    sents, facts = _source(large)
    index = BodyIndex(sents)
    blocks = tx.body_blocks(sents)
    for fact in facts:
        expected = tx.find_quote(fact["quote"], blocks)
        assert index.find(fact["quote"]) == expected, fact["fact_id"]
        if expected is not None:
            assert index.cited(expected) == tx.cited_sentences(expected, sents)


@pytest.mark.slow  # the exhaustive search takes a second a quote
def test_a_broken_quote_points_at_the_sentence_an_exhaustive_search_points_at(large) -> None:
    sents, facts = _source(large)
    index = BodyIndex(sents)
    body = [s for s in sents if s.kind == "body"]
    broken = [f for f in facts if f["fact_id"] in large.broken]
    assert len(broken) == 3
    for fact in broken[:2]:  # the exhaustive search takes a second a quote
        assert index.closest(fact["quote"]) == tx.closest_sentence(fact["quote"], body)


def test_every_problem_of_a_large_package_is_reported(large) -> None:
    report = rk.check(large.path)
    rows = {f"fact-{n:06d}": n + 1 for n in range(1, large.facts + 1)}
    errors = [(p.file, p.row, p.column) for p in report.errors]
    assert errors == [("facts.csv", rows[f], "quote") for f in large.broken]
    assert all("the closest sentence" in p.message for p in report.errors)
    assert len(report.warnings) == 3  # the three sentences no fact now cites
    assert report.coverage == rk.Coverage(500, 497)


def _index(*lines: str) -> tuple[BodyIndex, list[str]]:
    sents = tx.sentences(list(lines), {})
    return BodyIndex(sents), tx.body_blocks(sents)


@pytest.mark.parametrize("quote", [
    "a cat sat on the mat",  # the first occurrence is wanted
    "cat sat on",
    "ncat sat on",  # cuts a word: no whole-word match
    "on the mat. A",
    "the mat. A cat sat",  # across two sentences
    "sat",  # one token: scanned
    "sat on",  # two tokens: scanned
    "dog sat on",  # an inner token is there, the quote is not
    "the cat sat on the rug",
])
def test_the_index_finds_what_the_scan_finds(quote: str) -> None:
    index, blocks = _index("A cat sat on the mat. A cat sat on the mat.",
                           "Then a concat sat on the rug, and the cat sat on the rug.")
    for whole_words in (True, False):
        assert index.find(quote, whole_words=whole_words) == \
            tx.find_quote(quote, blocks, whole_words=whole_words)


def test_the_index_folds_quotation_marks_when_asked() -> None:
    index, blocks = _index("He said “we will go” to the UN’s hall.")
    quote = 'said "we will go" to'
    assert index.find(quote) is None
    assert index.find(quote, folded=True) == \
        tx.find_quote(quote, [tx.fold_quotes(b) for b in blocks])


def test_a_match_is_placed_in_its_own_block() -> None:
    sents = tx.sentences(["One two three four.", "Header here.", "Five six seven eight."],
                         {2: "header"})
    index = BodyIndex(sents)
    match = index.find("six seven eight.")
    assert match == tx.QuoteMatch(1, 5, 21)
    assert index.cited(match) == [3]
