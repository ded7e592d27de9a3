"""rupak's own rules: quotes, dates and their precision, references, source texts, coverage.

They run only on cells that passed the schema checks, so one mistake is reported once
rather than echoed by every rule after it.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rupak_lib.data import text as tx
from rupak_lib.data.contract import CONTRACT, id_problem
from rupak_lib.data.package import RawTable, ResourceSchema, line_of_byte
from rupak_lib.data.textindex import BodyIndex
from rupak_lib.data.validate.curation import (
    check_aliases,
    check_date_words,
    check_kind_modality,
    check_other_theme,
    check_provenance,
    check_question,
)
from rupak_lib.data.validate.problems import WHOLE_ROW, Coverage, Problem, Row
from rupak_lib.data.validate.tables import parse_date


@dataclass
class _Source:
    source_id: str
    text_path: str
    date: date | None
    lines: list[str]
    kinds: dict[int, str] = field(default_factory=dict)
    sentences: list[tx.Sentence] = field(default_factory=list)
    index: BodyIndex | None = None

    @property
    def body(self) -> BodyIndex:
        assert self.index is not None, "the sentences are read before quotes are checked"
        return self.index


def rupak_checks(data_dir: Path, tables: dict[str, RawTable], rows: dict[str, list[Row]],
                  sentences: dict[str, list[tx.Sentence]],
                  fact_sentences: dict[int, tuple[int, ...]]) -> tuple[list[Problem], Coverage]:
    """Checks beyond the schemas; fills in the sentences and citations load() needs."""
    out: list[Problem] = []
    _check_ids(rows, out)
    sources = _check_sources(data_dir, rows.get("sources", []), out)
    for row in rows.get("sources", []):
        check_provenance(row, tables["sources"].header if "sources" in tables else (), out)
    _check_segments(rows.get("segments", []), sources, out)
    for src in sources.values():
        src.sentences = tx.sentences(src.lines, src.kinds)
        src.index = BodyIndex(src.sentences)
        sentences[src.source_id] = src.sentences

    cited: dict[str, set[int]] = {sid: set() for sid in sources}
    for row in rows.get("facts", []):
        numbers = _check_fact(row, sources, out)
        check_kind_modality(row, out)
        check_date_words(row, out)
        if numbers:
            fact_sentences[row.number] = numbers
            cited[row.get("source_id") or ""].update(numbers)

    fact_themes = {r.get("fact_id"): r.get("theme_id") for r in rows.get("facts", [])}
    for row in rows.get("fact_themes", []):
        check_other_theme(row, fact_themes, out)
    if "facts" in tables:
        fact_ids = _ids(tables["facts"], "fact_id")
        event_ids = _ids(tables["chronology"], "event_id") if "chronology" in tables else None
        for row in rows.get("questions", []):
            _check_question_facts(row, fact_ids, tables["facts"].file, out)
            check_question(row, fact_themes, event_ids, out)
    summaries = [r.get("summary") or "" for r in rows.get("chronology", [])]
    if len(sources) == len(rows.get("sources", [])):  # else the unread text is the problem
        check_aliases(rows.get("entities", []),
                      [b for src in sources.values() for b in src.body.blocks] + summaries, out)

    body = cited_count = 0
    for src in sources.values():
        for s in src.sentences:
            if s.kind != "body":
                continue
            body += 1
            if s.number in cited[src.source_id]:
                cited_count += 1
            elif "facts" in tables:
                out.append(Problem.warning(src.text_path, s.line, None,
                                           f'body sentence {s.number} is cited by no fact: '
                                           f'"{s.text}"'))
    return out, Coverage(body, cited_count)


def _check_ids(rows: dict[str, list[Row]], out: list[Problem]) -> None:
    """Every key of one column is a slug of a length that fits file names, by rupak's own
    rule: the descriptor's patterns may be changed or dropped."""
    for name, contract in CONTRACT.items():
        if len(contract.primary_key) != 1:
            continue
        column = contract.primary_key[0]
        for row in rows.get(name, []):
            value = row.get(column)
            problem = id_problem(value) if value is not None else None
            if problem:
                out.append(Problem.error(row.file, row.number, column, problem))


def check_references(schemas: dict[str, ResourceSchema], tables: dict[str, RawTable],
                     bad: dict[str, dict[int, set[str]]]) -> list[Problem]:
    """Every id that refers to another table exists there; marks the cells that do not.

    The foreign keys are the contract's and any more the descriptor declares. They are
    checked here rather than by frictionless (where they were 40 % of the time on 100,000
    facts), before the other rules, which then skip a broken reference as they skip a cell
    of the wrong type: one mistake, one problem. A target row of the wrong length still
    names its id; a blank reference is no reference.
    """
    out: list[Problem] = []
    for name, raw in tables.items():
        keys = list(CONTRACT[name].foreign_keys) if name in CONTRACT else []
        keys += [fk for fk in schemas[name].foreign_keys if fk not in keys]
        spoilt = bad.setdefault(raw.file, {})
        for fk in keys:
            target = tables.get(fk.resource or name)
            if (target is None or not set(fk.reference) <= set(target.header)
                    or not set(fk.fields) <= set(raw.header)):
                continue  # the descriptor's or the target's own problem is reported
            at = [target.header.index(c) for c in fk.reference]
            known = {tuple(cells[i] for i in at) for _, cells in target.rows
                     if max(at) < len(cells)}
            here = [raw.header.index(c) for c in fk.fields]
            column = fk.fields[0] if len(fk.fields) == 1 else None
            for number, cells in raw.rows:
                marked = spoilt.get(number, ())
                if len(cells) != len(raw.header) or WHOLE_ROW in marked \
                        or any(c in marked for c in fk.fields):
                    continue
                values = tuple(cells[i] for i in here)
                if "" in values or values in known:
                    continue
                out.append(Problem.error(raw.file, number, column,
                                         f'{target.file} has no {", ".join(fk.reference)} '
                                         f'"{", ".join(values)}"'))
                spoilt.setdefault(number, set()).update(fk.fields)
    return out


def _ids(raw: RawTable, column: str) -> set[str]:
    if column not in raw.header:
        return set()
    at = raw.header.index(column)
    return {cells[at] for _, cells in raw.rows if at < len(cells) and cells[at]}


def _check_sources(data_dir: Path, rows: list[Row], out: list[Problem]) -> dict[str, _Source]:
    """Read each source's text and check its hash; the sources usable for quote checks."""
    sources: dict[str, _Source] = {}
    texts: dict[str, str] = {}  # sha256 -> the first source with that text
    for row in rows:
        source_id, text_path = row.get("source_id"), row.get("text_path")
        if not source_id or not text_path or source_id in sources:
            continue
        path = (data_dir / text_path).resolve()
        shown = Path(text_path).as_posix()
        if not path.is_relative_to(data_dir):
            out.append(Problem.error(row.file, row.number, "text_path",
                                     f"{shown} is outside the data directory"))
            continue
        if not path.is_file():
            out.append(Problem.error(row.file, row.number, "text_path",
                                     f"text file {shown} is missing"))
            continue
        raw = path.read_bytes()
        if b"\0" in raw:
            at = raw.index(b"\0")
            out.append(Problem.error(row.file, row.number, "text_path",
                                     f"{shown} contains a NUL byte (line "
                                     f"{line_of_byte(raw, at)}, byte {at})"))
            continue
        expected, actual = row.get("sha256"), hashlib.sha256(raw).hexdigest()
        if actual in texts:
            out.append(Problem.warning(row.file, row.number, "text_path",
                                       f"{shown} has the same text as source {texts[actual]}; "
                                       "the same document would be counted twice"))
        texts.setdefault(actual, source_id)
        if expected and expected != actual:
            out.append(Problem.error(row.file, row.number, "sha256",
                                     f"{shown} has sha256 {actual}, not {expected}; "
                                     "the text must be kept exactly as received"))
        try:
            lines = tx.read_lines(raw)
        except UnicodeDecodeError as err:
            out.append(Problem.error(row.file, row.number, "text_path",
                                     f"{shown} is not valid UTF-8 (line "
                                     f"{line_of_byte(raw, err.start)}, byte {err.start})"))
            continue
        sources[source_id] = _Source(source_id, shown, parse_date(row.get("date")), lines)
    return sources


def _check_segments(rows: list[Row], sources: dict[str, _Source], out: list[Problem]) -> None:
    for row in rows:
        src = sources.get(row.get("source_id") or "")
        line = row.get("line")
        if src is None or line is None:
            continue
        try:
            n = int(line)
        except ValueError:  # reported by the schema check, or as a gap in the contract
            continue
        if n < 1:
            out.append(Problem.error(row.file, row.number, "line", "lines are numbered from 1"))
        elif n > len(src.lines):
            out.append(Problem.error(row.file, row.number, "line",
                                     f"line {n} is past the end of {src.text_path} "
                                     f"({len(src.lines)} lines)"))
        elif not src.lines[n - 1].strip():
            out.append(Problem.error(row.file, row.number, "line",
                                     f"line {n} of {src.text_path} is blank"))
        elif row.get("kind"):
            src.kinds[n] = row.get("kind") or "body"


def _check_fact(row: Row, sources: dict[str, _Source], out: list[Problem]) -> tuple[int, ...]:
    """Check one fact; the numbers of the sentences its quote cites."""

    def error(column: str, message: str) -> None:
        out.append(Problem.error(row.file, row.number, column, message))

    src = sources.get(row.get("source_id") or "")
    numbers: tuple[int, ...] = ()
    quote = row.get("quote")
    if src is not None and quote:
        match = src.body.find(quote)
        if match is not None:
            numbers = tuple(src.body.cited(match))
        else:
            error("quote", _quote_miss(quote, src))

    start, end = _date(row, "date_start"), _date(row, "date_end")
    if start and end and end < start:
        error("date_end", f"date_end {end} is before date_start {start}")
    elif row.has("date_start", "date_end", "date_precision") and row.get("date_precision"):
        wrong = _precision_problem(row.get("date_precision") or "", start, end)
        if wrong:
            error(*wrong)

    if (row.get("modality") == "achieved" and start and src is not None and src.date
            and start > src.date):
        error("date_start", f"the fact is achieved, but date_start {start} is after the "
                            f"source's date {src.date}")
    if row.get("value") is not None and row.has("unit") and row.get("unit") is None:
        error("unit", f"value {row.get('value')} needs a unit")
    verification = row.get("verification")
    if verification in ("corroborated", "contested") and row.has("reference") \
            and row.get("reference") is None:
        error("reference", f"verification is {verification}, so a reference is required")
    return numbers


def _date(row: Row, column: str) -> date | None:
    return parse_date(row.get(column))


def _quote_miss(quote: str, src: _Source) -> str:
    """Why a quote is not in the body, as precisely as can be told.

    In turn: it comes from a non-body line; it differs only in its quotation marks; it
    begins or ends inside a word; otherwise, the sentence it most resembles.
    """
    wanted = tx.normalize(quote)
    if not wanted:
        return "quote is blank"
    for number, kind in sorted(src.kinds.items()):  # the lines that are not body
        if kind != "body" and tx.find_words(wanted, tx.normalize(src.lines[number - 1])) >= 0:
            return f"quote is from line {number}, which is {kind}, not body"
    blocks = src.body.blocks
    # without a quotation mark of either kind, folding them could not make a quote match
    folded = src.body.find(wanted, folded=True) if _QUOTE_MARKS & set(wanted) else None
    if folded is not None:
        text = blocks[folded.block][folded.start:folded.end]
        marks = dict.fromkeys(t for t, q in zip(text, wanted, strict=True) if t != q)
        return (f"quote differs from line {_line_of(folded, src)} only in its quotation "
                f"marks: the text has {' and '.join(marks)}")
    cut = src.body.find(wanted, whole_words=False)
    if cut is not None:
        start, end = tx.word_span(blocks[cut.block], cut.start, cut.end)
        return (f"quote begins or ends inside a word: line {_line_of(cut, src)} has "
                f'"{blocks[cut.block][start:end]}"')
    near = src.body.closest(quote)
    hint = f'; the closest sentence, on line {near.line}, is "{near.text}"' if near else ""
    return f"quote is not in the body of {src.text_path}{hint}"


_QUOTE_MARKS = set("'\"’‘“”")


def _line_of(match: tx.QuoteMatch, src: _Source) -> int:
    """The line on which a match in the body begins."""
    first = src.body.cited(match)[0]
    return src.sentences[first - 1].line


_PRECISION_RULES = {
    "month": "a month-precision date runs from the first day of a month to the last day of "
             "the same or a later month",
    "year": "a year-precision date runs from 1 January to 31 December (of one year or of a "
            "range of years)",
    "decade": "a decade-precision date runs from 1 January of a year ending in 0 to "
              "31 December of a year ending in 9",
}


def _precision_problem(precision: str, start: date | None,
                       end: date | None) -> tuple[str, str] | None:
    """The column and message when the dates do not fit their precision, else None.

    Called with dates in order. Every precision allows a range of whole units: 25–27
    November (days, which need nothing more), September to December (months), 2024–2025,
    the 1970s to the 1990s.
    """
    if precision == "none":
        if start or end:
            return ("date_start" if start else "date_end",
                    "date_precision is none, so date_start and date_end must be blank")
        return None
    if start is None or end is None:
        return ("date_start" if start is None else "date_end",
                f"date_precision is {precision}, so date_start and date_end are required")
    if precision == "month":
        first = start.replace(day=1)
        last = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    elif precision == "year":
        first, last = date(start.year, 1, 1), date(end.year, 12, 31)
    elif precision == "decade":
        first = date(start.year - start.year % 10, 1, 1)
        last = date(end.year // 10 * 10 + 9, 12, 31)
    else:
        return None
    if (start, end) == (first, last):
        return None
    return ("date_start" if start != first else "date_end",
            f"{_PRECISION_RULES[precision]}: expected {first}..{last}, got {start}..{end}")


def _check_question_facts(row: Row, fact_ids: set[str], facts_file: str,
                          out: list[Problem]) -> None:
    listed = row.get("fact_ids")
    if listed is None:
        return
    for item in listed.split("|"):
        item = item.strip()
        if not item:
            out.append(Problem.error(row.file, row.number, "fact_ids",
                                     "empty item in the |-separated list"))
        elif item not in fact_ids:
            out.append(Problem.error(row.file, row.number, "fact_ids",
                                     f'{facts_file} has no fact_id "{item}"'))
