"""The record's own rules: events dated in order and to their precision, each with a web
reference and, when the table has titles, a title; links to the record that can mean what
they say. (The events a question cites are checked with its facts, in ``curation.py``.)

Like the other rules they see only cells that passed the schema checks, so a broken id is
reported once, by the foreign-key check.
"""

from __future__ import annotations

import re
from datetime import date

from rupak_lib.data.package import RawTable
from rupak_lib.data.validate.missed import missed_checks
from rupak_lib.data.validate.problems import Problem, Row
from rupak_lib.data.validate.rules import _precision_problem
from rupak_lib.data.validate.tables import parse_date

_URL = re.compile(r"https?://\S+")
#: The modalities of a claim a later event can fulfil: decided, or hoped for.
PROMISES = ("planned", "potential")


def record_checks(tables: dict[str, RawTable], rows: dict[str, list[Row]]) -> list[Problem]:
    """Every rule of the record, over the rows that passed the schema checks."""
    out: list[Problem] = []
    events: dict[str, date] = {}
    for row in rows.get("chronology", []):
        end = _check_event(row, out)
        if end is not None:
            events[row.get("event_id") or ""] = end
    _check_parts(rows.get("chronology", []), out)
    _check_links(rows, events, out)
    _check_verdicts(rows, out)
    out += missed_checks(rows)
    return out


def _check_event(row: Row, out: list[Problem]) -> date | None:
    """Check one event; its last day, when its dates are usable."""
    start, end = parse_date(row.get("date_start")), parse_date(row.get("date_end"))
    if start and end and end < start:
        out.append(Problem.error(row.file, row.number, "date_end",
                                 f"date_end {end} is before date_start {start}"))
    elif start and end and row.get("date_precision"):
        wrong = _precision_problem(row.get("date_precision") or "", start, end)
        if wrong:
            out.append(Problem.error(row.file, row.number, *wrong))
    if row.has("title") and row.get("title") is None:
        out.append(Problem.warning(row.file, row.number, "title",
                                   "no title: reports name the event by the first words of "
                                   "its summary"))
    reference = row.get("reference")
    if reference is not None:
        for item in reference.split("|"):
            item = item.strip()
            if not item:
                out.append(Problem.error(row.file, row.number, "reference",
                                         "empty item in the |-separated list"))
            elif _URL.fullmatch(item) is None:
                out.append(Problem.error(row.file, row.number, "reference",
                                         f'"{item}" is not a web address (http:// or https://)'))
    return end


def _check_parts(rows: list[Row], out: list[Problem]) -> None:
    """``part_of`` names another event of the record, which holds the part in its dates and
    is not itself a part: an event and the period it opens are counted once."""
    spans = {r.get("event_id"): (parse_date(r.get("date_start")), parse_date(r.get("date_end")),
                                 r.get("part_of")) for r in rows}
    for row in rows:
        parent = row.get("part_of")
        if parent is None:
            continue
        event = row.get("event_id")
        if parent == event or parent not in spans:
            out.append(Problem.error(row.file, row.number, "part_of",
                                     f'"{parent}" is not another event_id of chronology.csv'))
            continue
        start, end, grand = spans[parent]
        mine = spans[event]
        if grand is not None:
            out.append(Problem.error(row.file, row.number, "part_of",
                                     f"{parent} is itself part of {grand}: name {grand}"))
        elif start and end and mine[0] and mine[1] and not (start <= mine[0] and mine[1] <= end):
            out.append(Problem.error(row.file, row.number, "part_of",
                                     f"{event} ({mine[0]} to {mine[1]}) lies outside {parent} "
                                     f"({start} to {end})"))


def _check_links(rows: dict[str, list[Row]], events: dict[str, date],
                 out: list[Problem]) -> None:
    """A ``fulfils`` link joins a plan or hope to an event that comes after it was voiced."""
    source_dates = {r.get("source_id"): parse_date(r.get("date")) for r in rows.get("sources", [])}
    facts = {r.get("fact_id"): r for r in rows.get("facts", [])}
    for row in rows.get("fact_events", []):
        if row.get("relation") != "fulfils":
            continue
        fact, event_end = facts.get(row.get("fact_id")), events.get(row.get("event_id") or "")
        if fact is None:
            continue
        modality = fact.get("modality")
        if modality is not None and modality not in PROMISES:
            out.append(Problem.error(
                row.file, row.number, "relation",
                f'fulfils needs a planned or potential claim; {row.get("fact_id")} is {modality}'))
            continue
        said = source_dates.get(fact.get("source_id"))
        if said and event_end and event_end < said:
            out.append(Problem.error(
                row.file, row.number, "event_id",
                f'{row.get("event_id")} ends on {event_end}, before the claim was made on '
                f'{said}: an event that fulfils a claim comes after it'))


#: The verdict a claim's link to the record calls for.
_VERDICTS = {"contradicts": ("contested",), "mentions": ("corroborated", "contested"),
             "fulfils": ("corroborated", "contested")}


def _check_verdicts(rows: dict[str, list[Row]], out: list[Problem]) -> None:
    """A claim's verdict agrees with its links to the record: the record disputing a claim
    makes it contested; an event of the record that the claim reports or carries out, each
    with its references, makes it corroborated (or contested). A claim whose ``notes`` name
    the event says why it is not, and is left as the curators judged it."""
    facts = {r.get("fact_id"): r for r in rows.get("facts", [])}
    for link in rows.get("fact_events", []):
        relation, fact = link.get("relation"), facts.get(link.get("fact_id"))
        wanted = _VERDICTS.get(relation or "")
        if fact is None or wanted is None:
            continue
        verdict, event = fact.get("verification"), link.get("event_id") or ""
        if verdict is None or verdict in wanted or event in (fact.get("notes") or ""):
            continue
        out.append(Problem.warning(
            link.file, link.number, "relation",
            f"{link.get('fact_id')} {relation} {event}, so it should be "
            f"{' or '.join(wanted)} (with the event's reference), not {verdict}; or its notes "
            f"in facts.csv name {event} and say why not"))
