"""Dates in a sentence, resolved against the date of its source.

A curator writes "last November" as 1–30 November of the year before; "since 2016" as 2016
to the source's year; "in the 1970s" as the decade. The rules here follow the contract's
precisions (day, month, year, decade) and the language, never one document: a day or a
month without a year is the most recent one not after the source, unless the sentence
speaks of the future (it will, plans, is to), when it is the next one. ``dateparser`` reads
the written-out dates ("11 July 2025", "July 11, 2025"); the project's rules do what it
cannot (decades, ranges, relative expressions, the source's date as the anchor).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|" \
         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_YEAR = r"(1[89]\d\d|20\d\d)"
_DAY = r"([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
#: Periods of history the language names, by their conventional years.
NAMED_PERIODS = {"cold war": (1947, 1991)}
#: Words that put a sentence in the future: a bare month or day in it is the next one.
FUTURE = re.compile(r"\b(will|shall|plans?|planned|planning|intends?|is to|are to|"
                    r"scheduled|expected|upcoming|next|soon|later)\b", re.I)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1}


@dataclass(frozen=True)
class Resolved:
    """A date expression of a sentence, as the contract's columns hold it."""

    start: date | None
    end: date | None
    precision: str  # day | month | year | decade | none
    text: str  # the words of the sentence
    rule: str  # which rule read it, for the draft's ``why``


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def _decade(y: int) -> tuple[date, date]:
    first = y // 10 * 10
    return date(first, 1, 1), date(first + 9, 12, 31)


def _nearest(month: int, day: int | None, said: date, future: bool) -> int:
    """The year of a month (and day) given without one: the latest not after the source,
    or, in a sentence about the future, the first not before it."""
    probe_day = day or 1
    this = date(said.year, month, min(probe_day, calendar.monthrange(said.year, month)[1]))
    if future:
        return said.year if (this >= said.replace(day=1) if day is None else this >= said) \
            else said.year + 1
    if day is None:
        return said.year if (said.year, month) <= (said.year, said.month) else said.year - 1
    return said.year if this <= said else said.year - 1


def _parse_day(text: str) -> date | None:
    """A written-out day ("11 July 2025", "July 11, 2025") read by dateparser."""
    import dateparser

    parsed = dateparser.parse(text, languages=["en"],
                              settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def _rules(said: date, future: bool):
    """(pattern, reader) pairs, most specific first; a reader returns (start, end,
    precision) from the match."""
    def month_range(m: re.Match) -> tuple:
        y = int(m.group(4)) if m.group(4) else _nearest(MONTHS[m.group(3).lower().rstrip(".")],
                                                         int(m.group(1)), said, future)
        month = MONTHS[m.group(3).lower().rstrip(".")]
        return date(y, month, int(m.group(1))), date(y, month, int(m.group(2))), "day"

    def full_day(m: re.Match) -> tuple:
        day = _parse_day(m.group(0))
        return (day, day, "day") if day else None

    def day_month(m: re.Match) -> tuple:
        d, mon = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month = MONTHS[mon.lower().rstrip(".")]
        y = _nearest(month, int(d), said, future)
        day = date(y, month, int(d))
        return day, day, "day"

    def month_year(m: re.Match) -> tuple:
        month, y = MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))
        return date(y, month, 1), _month_end(y, month), "month"

    def named_month(m: re.Match) -> tuple:
        which, mon = (m.group(1) or "").lower(), m.group(2)
        month = MONTHS[mon.lower().rstrip(".")]
        if which == "last":
            y = said.year if month < said.month else said.year - 1
        elif which == "next":
            y = said.year if month > said.month else said.year + 1
        elif which == "this":
            y = said.year
        else:
            y = _nearest(month, None, said, future)
        return date(y, month, 1), _month_end(y, month), "month"

    def decade_range(m: re.Match) -> tuple:
        return _decade(int(m.group(1)))[0], _decade(int(m.group(2)))[1], "decade"

    def year_range(m: re.Match) -> tuple:
        first, last = (int(g) for g in m.groups() if g)
        return _year(first)[0], _year(last)[1], "year"

    def since(m: re.Match) -> tuple:
        return _year(int(m.group(1)))[0], _year(said.year)[1], "year"

    def decade(m: re.Match) -> tuple:
        return (*_decade(int(next(g for g in m.groups() if g))), "decade")

    def year(m: re.Match) -> tuple:
        return (*_year(int(m.group(1))), "year")

    def relative_month(m: re.Match) -> tuple:
        shift = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
        y, mon = divmod(said.year * 12 + said.month - 1 + shift, 12)
        return date(y, mon + 1, 1), _month_end(y, mon + 1), "month"

    def relative_year(m: re.Match) -> tuple:
        words = m.group(0).lower()
        shift = -1 if "last" in words or "past year" in words else 1 if "next" in words else 0
        return (*_year(said.year + shift), "year")

    def years_ago(m: re.Match) -> tuple | None:
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        return (*_year(said.year - n), "year") if n else None

    def decade_ago(m: re.Match) -> tuple:
        return (*_decade(said.year - 10), "decade")

    def named_period(m: re.Match) -> tuple:
        first, last = NAMED_PERIODS[m.group(1).lower()]
        return _year(first)[0], _year(last)[1], "year"

    def today(m: re.Match) -> tuple:
        shift = {"today": 0, "yesterday": -1}[m.group(1).lower()]
        day = date.fromordinal(said.toordinal() + shift)
        return day, day, "day"

    return [
        (r"\b(?i:from) the (\d{3}0)s (?:to|until|till) the (\d{3}0)s\b", decade_range,
         "a range of decades"),
        (rf"\b(?:(?i:from) )?{_DAY}\s*(?:to|–|-)\s*{_DAY} {_MONTH}(?:,? {_YEAR})?", month_range,
         "a range of days"),
        (rf"\b{_DAY} {_MONTH},? {_YEAR}\b|\b{_MONTH} {_DAY},? {_YEAR}\b", full_day,
         "a day with its year (dateparser)"),
        (rf"\b(?i:from) {_YEAR} (?:to|until|till) {_YEAR}\b|\b{_YEAR}\s*[–-]\s*{_YEAR}\b",
         year_range, "a range of years"),
        (rf"\b(?i:since) {_YEAR}\b", since, "since a year: open to the source's year"),
        (rf"\b{_DAY} {_MONTH}(?! \d)|\b{_MONTH} {_DAY}\b(?!,? \d)", day_month,
         "a day without a year: the nearest to the source"),
        (rf"\b{_MONTH},? {_YEAR}\b", month_year, "a month and year"),
        (rf"\b(?:((?i:last|next|this)) )?{_MONTH}(?! \d)", named_month,
         "a month without a year: the nearest to the source"),
        (r"\b((?i:last|this|next)) month\b", relative_month, "a month relative to the source"),
        (r"(?i:\b(?:later |earlier )?this year\b|\blast year\b|\bnext year\b|"
         r"\bthe past year\b)", relative_year, "a year relative to the source"),
        (r"(?i:\ba decade ago\b)", decade_ago, "a decade before the source"),
        (r"\b(\w+) years? ago\b", years_ago, "years before the source"),
        (r"\b((?i:today|yesterday))\b", today, "a day relative to the source"),
        (r"(?i:\b(?:the )?(cold war)\b)", named_period, "a named period of history"),
        (r"\bthe (\d{3}0)s\b|\b(?:in|during|of) (\d{3}0)s\b", decade, "a decade"),
        (rf"\b{_YEAR}\b", year, "a year"),
    ]


#: Words that put what is said at some time before the date after them.
BEFORE = re.compile(r"\b((?:before|prior to) )$", re.I)
#: Words that mean a period no date can be given for.
UNDATED = re.compile(r"\b(for decades|for years|for many years|recently|in recent years|"
                     r"over the years|long-standing|traditionally|always)\b", re.I)


def resolve(sentence: str, said: date) -> Resolved:
    """The first date expression of the most specific kind in ``sentence``, resolved
    against ``said``; precision "none" (with the words, if any) when there is none."""
    future = bool(FUTURE.search(sentence))
    skipped = ""  # the first date that only bounds what is said: "before 2028"
    bounds: list[tuple[int, int]] = []  # where such dates are
    for pattern, reader, rule in _rules(said, future):
        for match in re.finditer(pattern, sentence):
            if reader.__name__ == "named_month" and match.group(2).lower() == "may" \
                    and not match.group(1) and not re.search(r"\b(?:in|of|since|by|until) $",
                                                             sentence[:match.start()]):
                continue  # "may" the verb, not the month
            try:
                out = reader(match)
            except (ValueError, KeyError):
                continue
            if out is None:
                continue
            start, end, precision = out
            words = match.group(0).strip()
            before = BEFORE.search(sentence[:match.start()])
            if before:  # "before 2028": a time up to it, which no date of ours can give
                skipped = skipped or before.group(1) + words
                bounds.append(match.span())
                continue
            if any(a < match.end() and match.start() < b for a, b in bounds):
                continue  # the year of "prior to March 2020"
            if words.endswith(".") and words[:-1].split()[-1] in calendar.month_name:
                words = words[:-1]  # the sentence's full stop, not an abbreviation's
            return Resolved(start, end, precision, words, rule)
    if skipped:
        return Resolved(None, None, "none", skipped, "before a date: no date to give")
    undated = UNDATED.search(sentence)
    return Resolved(None, None, "none", undated.group(0) if undated else "",
                    "no date: " + undated.group(0) if undated else "no date expression")
