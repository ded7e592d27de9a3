"""Reading source texts: line numbers as an editor shows them, and finding quotes in them."""

from __future__ import annotations

from rupak_lib.data.text import (
    QuoteMatch,
    Sentence,
    closest_sentence,
    find_quote,
    fold_quotes,
    read_lines,
)


def test_lines_end_at_newlines_only() -> None:
    assert read_lines("one\x0cstill one\u2028too\r\ntwo\n\nfour\n".encode()) == \
        ["one\x0cstill one\u2028too", "two", "", "four"]


def test_a_last_line_without_newline_is_kept() -> None:
    assert read_lines(b"a\nb") == ["a", "b"]
    assert read_lines(b"") == []


def test_a_quote_matches_whole_words_only() -> None:
    assert find_quote("aditional valu", ["traditional values"]) is None


def test_a_quote_cut_mid_word_at_first_is_found_further_on() -> None:
    assert find_quote("cat", ["concatenate a cat"]) == QuoteMatch(0, 14, 17)


def test_a_quote_may_begin_or_end_with_punctuation_next_to_a_word() -> None:
    assert find_quote("’s role.", ["the UN’s role."]) == QuoteMatch(0, 6, 14)


def test_quotation_marks_fold_to_straight_ones_keeping_the_length() -> None:
    assert fold_quotes("“the UN’s ‘role’”") == "\"the UN's 'role'\""


def test_the_closest_sentence_is_judged_by_its_best_matching_stretch() -> None:
    long = ("We are united by our commitment to a just world order, fair trade, the principle "
            "of the Union’s leading role in regional affairs, and the preservation of cultural "
            "heritage.")
    sents = [Sentence(1, 1, "We will keep working together.", "body", 0, 0, 30),
             Sentence(1, 2, long, "body", 0, 31, 31 + len(long))]
    assert closest_sentence("the Unions leading role", sents) == sents[1]
