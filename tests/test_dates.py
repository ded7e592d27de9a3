"""Dates in a drafted sentence, resolved against the source's date (curation/dates.py): one
test per rule, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

from rupak_lib.curation.dates import resolve

SAID = date(2026, 2, 9)  # a source given on 9 February 2026


def when(sentence: str) -> tuple:
    r = resolve(sentence, SAID)
    return (r.start.isoformat() if r.start else None, r.end.isoformat() if r.end else None,
            r.precision, r.text)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A protocol was signed on 11 July 2025.",
     ("2025-07-11", "2025-07-11", "day", "11 July 2025")),
    ("On May 1, 1948, relations were set up.", ("1948-05-01", "1948-05-01", "day", "May 1, 1948")),
    ("The forum ran from 25 to 27 November 2025.",
     ("2025-11-25", "2025-11-27", "day", "from 25 to 27 November 2025")),
    ("The ministers met on 10 July.", ("2025-07-10", "2025-07-10", "day", "10 July")),
    ("The talks will be held on 3 March.", ("2026-03-03", "2026-03-03", "day", "3 March")),
    ("The commission met in November 2025.",
     ("2025-11-01", "2025-11-30", "month", "November 2025")),
    ("Last November the commission met.", ("2025-11-01", "2025-11-30", "month", "Last November")),
    ("The visit took place in May.", ("2025-05-01", "2025-05-31", "month", "May")),
    ("Last month the ministers spoke.", ("2026-01-01", "2026-01-31", "month", "Last month")),
    ("Relations were established in 1948.", ("1948-01-01", "1948-12-31", "year", "1948")),
    ("Last year trade grew.", ("2025-01-01", "2025-12-31", "year", "Last year")),
    ("Later this year a train will run.", ("2026-01-01", "2026-12-31", "year", "Later this year")),
    ("Since 2016 the armies have trained together.",
     ("2016-01-01", "2026-12-31", "year", "Since 2016")),
    ("Trade peaked in 2024–2025.", ("2024-01-01", "2025-12-31", "year", "2024–2025")),
    ("In the 1970s the mill was built.", ("1970-01-01", "1979-12-31", "decade", "the 1970s")),
    ("From the 1970s to the 1990s it grew.",
     ("1970-01-01", "1999-12-31", "decade", "From the 1970s to the 1990s")),
    ("A decade ago nobody expected this.", ("2010-01-01", "2019-12-31", "decade", "A decade ago")),
    ("The Cold War was a hard time.", ("1947-01-01", "1991-12-31", "year", "The Cold War")),
    ("Three years ago the first cargo came.",
     ("2023-01-01", "2023-12-31", "year", "Three years ago")),
])
def test_each_kind_of_date_expression_is_resolved_against_the_source(
        sentence: str, expected: tuple) -> None:
    assert when(sentence) == expected


def test_for_decades_is_no_date_but_keeps_its_words() -> None:
    assert when("For decades we have been friends.") == (None, None, "none", "For decades")


def test_may_the_verb_is_not_a_month() -> None:
    assert when("May our ties grow stronger.")[2] == "none"


def test_a_sentence_without_a_date_has_none() -> None:
    assert when("Our countries share many interests.") == (None, None, "none", "")


@pytest.mark.parametrize(("sentence", "words"), [
    ("The corridor will be finished before 2028.", "before 2028"),
    ("Prior to March 2020, trade was small.", "Prior to March 2020"),
])
def test_a_date_that_only_bounds_what_is_said_gives_no_date(sentence: str, words: str) -> None:
    got = resolve(sentence, SAID)
    assert (got.start, got.end, got.precision, got.text) == (None, None, "none", words)


def test_a_bound_gives_way_to_a_date_of_its_own_in_the_sentence() -> None:
    got = resolve("Before 1947 the region was one; in 1948 relations began.", SAID)
    assert (got.start, got.precision) == (date(1948, 1, 1), "year")
