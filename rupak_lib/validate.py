"""Checking a data package: frictionless for the table schemas, rupak's own rules for the rest.

Every problem is reported, not just the first, as ``file:row: column: message`` with the row
numbered as in the CSV file (header = 1). A file that cannot be read at all (missing,
malformed CSV, wrong header) is one problem, and the other tables are still checked fully.

rupak's own checks (quotes, dates, references, coverage) run only on cells that passed the
schema checks, so one mistake is reported once rather than echoed by every rule after it.

The schema checks are the slow part (frictionless validates its descriptor with jsonschema,
whose import alone takes a second or two), so their outcome is cached, keyed by a hash of the
descriptor and the CSV files: in the process, and on disk under ``paths.cache_dir()``. A
notebook kernel that loads unchanged data therefore never imports frictionless.
"""

from __future__ import annotations

import calendar
import copy
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from . import text as tx
from .datapackage import (
    CONTRACT,
    DESCRIPTOR,
    RawTable,
    ReadError,
    ResourceSchema,
    contract_gaps,
    line_of_byte,
    read_csv,
    read_descriptor,
)
from .paths import cache_dir, resolve_data_dir

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as the data allows."""

    severity: Severity
    file: str  # relative to the data directory, e.g. "facts.csv" or "sources/x.txt"
    row: int | None  # CSV row (header = 1) or line of a text file
    column: str | None
    message: str

    @classmethod
    def error(cls, file: str, row: int | None, column: str | None, message: str) -> Problem:
        return cls("error", file, row, column, message)

    @classmethod
    def warning(cls, file: str, row: int | None, column: str | None, message: str) -> Problem:
        return cls("warning", file, row, column, message)

    def __str__(self) -> str:
        parts = [self.file if self.row is None else f"{self.file}:{self.row}"]
        if self.column:
            parts.append(self.column)
        if self.severity == "warning":
            parts.append("warning")
        parts.append(self.message)
        return ": ".join(parts)


@dataclass(frozen=True)
class Coverage:
    """How many body sentences of the sources at least one fact cites."""

    body_sentences: int
    cited: int

    @property
    def percent(self) -> float:
        """The share cited, in percent; NaN when there is no body sentence to cite."""
        return 100.0 * self.cited / self.body_sentences if self.body_sentences else float("nan")

    def __str__(self) -> str:
        if not self.body_sentences:  # no text could be read: nothing is covered
            return "0/0 body sentences (—)"
        shown = 100 if self.cited == self.body_sentences else int(self.percent)
        return f"{self.cited}/{self.body_sentences} body sentences ({shown} %)"


@dataclass(frozen=True)
class ValidationReport:
    """Everything ``rupak validate`` prints: the problems and the size of what was checked."""

    data_dir: Path
    problems: tuple[Problem, ...]
    tables: int
    rows: int
    coverage: Coverage

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (f"{self.tables} tables, {self.rows} rows, {len(self.errors)} errors, "
                f"{len(self.warnings)} warnings, coverage {self.coverage}")


def validate(data_dir: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem of the data package (errors and warnings), sorted by file and row."""
    return list(check(data_dir).problems)


def check(data_dir: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Validate and also count tables, rows and coverage, for summaries."""
    return run_checks(resolve_data_dir(data_dir)).report


def coverage(data_dir: str | os.PathLike[str] | None = None) -> Coverage:
    """How many body sentences the facts cite."""
    return check(data_dir).coverage


# --- what a check leaves behind for load() -------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A data row; ``cells`` holds only the cells that passed the schema checks."""

    file: str
    number: int
    cells: dict[str, str | None]

    def has(self, *columns: str) -> bool:
        return all(c in self.cells for c in columns)

    def get(self, column: str) -> str | None:
        return self.cells.get(column)


@dataclass(frozen=True)
class Checked:
    """The outcome of a check and the parsed material load() builds frames from."""

    report: ValidationReport
    schemas: dict[str, ResourceSchema]
    tables: dict[str, RawTable]  # the tables that could be read
    sentences: dict[str, list[tx.Sentence]]  # by source_id
    fact_sentences: dict[int, tuple[int, ...]]  # sentences cited, by row of facts.csv


_WHOLE_ROW = "*"


def run_checks(data_dir: Path) -> Checked:
    """Every check of the package in ``data_dir``, keeping what load() builds frames from."""
    problems: list[Problem] = []
    try:
        descriptor, schema_list = read_descriptor(data_dir)
    except ReadError as err:
        problems.append(Problem.error(DESCRIPTOR, err.row, None, err.message))
        return Checked(ValidationReport(data_dir, tuple(problems), 0, 0, Coverage(0, 0)),
                       {}, {}, {}, {})
    schemas = {s.name: s for s in schema_list}
    problems += [Problem.error(DESCRIPTOR, None, None, gap) for gap in contract_gaps(schema_list)]

    tables: dict[str, RawTable] = {}
    for schema in schema_list:
        try:
            raw = read_csv(data_dir / schema.path, schema.path)
        except ReadError as err:
            problems.append(Problem.error(schema.path, err.row, None, err.message))
            continue
        header_problems, usable = _check_header(schema, raw)
        problems += header_problems
        if usable:
            tables[schema.name] = raw

    schema_problems, bad = _schema_check(data_dir, descriptor, schemas, tables)
    problems += schema_problems
    problems += _check_dates(schemas, tables, bad)
    rows = {name: list(_rows(raw, bad.get(raw.file, {}))) for name, raw in tables.items()}
    sentences: dict[str, list[tx.Sentence]] = {}
    fact_sentences: dict[int, tuple[int, ...]] = {}
    rupak_problems, cover = _rupak_checks(data_dir, tables, rows, sentences, fact_sentences)
    problems += rupak_problems
    problems.sort(key=lambda p: (p.file, p.row if p.row is not None else 0))
    report = ValidationReport(data_dir, tuple(problems), len(schema_list),
                              sum(len(t.rows) for t in tables.values()), cover)
    return Checked(report, schemas, tables, sentences, fact_sentences)


def _rows(raw: RawTable, bad: dict[int, set[str]]) -> Iterator[Row]:
    for number, cells in raw.rows:
        spoilt = bad.get(number, set())
        if _WHOLE_ROW in spoilt or len(cells) != len(raw.header):
            continue
        yield Row(raw.file, number, {name: (value if value != "" else None)
                                     for name, value in zip(raw.header, cells, strict=True)
                                     if name not in spoilt})


def _check_header(schema: ResourceSchema, raw: RawTable) -> tuple[list[Problem], bool]:
    """Columns missing, unknown, repeated or out of order; False when rows cannot be mapped."""
    out: list[Problem] = []
    expected = schema.field_names
    seen: set[str] = set()
    for label in raw.header:
        if not label.strip():
            out.append(Problem.error(raw.file, 1, None, "the header has a blank column name"))
        elif label in seen:
            out.append(Problem.error(raw.file, 1, label, "column appears twice in the header"))
        seen.add(label)
    if out:
        return out, False
    for name in expected:
        if name not in seen:
            out.append(Problem.error(raw.file, 1, name, "column is missing from the header"))
    for label in raw.header:
        if label not in expected:
            out.append(Problem.error(raw.file, 1, label,
                                     f"column is not in the schema of {DESCRIPTOR}"))
    present = [label for label in raw.header if label in expected]
    if present != [name for name in expected if name in seen]:
        out.append(Problem.error(raw.file, 1, None, "columns are out of order: expected "
                                 + ", ".join(expected)))
    return out, True


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _check_dates(schemas: dict[str, ResourceSchema], tables: dict[str, RawTable],
                 bad: dict[str, dict[int, set[str]]]) -> list[Problem]:
    """Dates must be written YYYY-MM-DD exactly; marks the cells that are not as bad.

    The schema check accepts "2025-12-8"; a date column the descriptor types as a string
    is not checked by it at all. Either way the rest of rupak must see real dates only.
    """
    out: list[Problem] = []
    for name, raw in tables.items():
        contract = CONTRACT.get(name)
        columns = [(at, c) for at, c in enumerate(raw.header)
                   if ((fld := schemas[name].field(c)) is not None and fld.type == "date")
                   or (contract is not None and contract.types.get(c) == "date")]
        spoilt = bad.setdefault(raw.file, {})
        for number, cells in raw.rows:
            if len(cells) != len(raw.header) or _WHOLE_ROW in spoilt.get(number, ()):
                continue
            for at, column in columns:
                value = cells[at]
                if not value or column in spoilt.get(number, ()):
                    continue
                if _ISO_DATE.fullmatch(value) is None:
                    message = f'"{value}" is not a date in the form YYYY-MM-DD'
                elif _parse_date(value) is None:
                    message = f'"{value}" {_TYPE_PHRASES["date"]}'
                else:
                    continue
                out.append(Problem.error(raw.file, number, column, message))
                spoilt.setdefault(number, set()).add(column)
    return out


def _parse_date(value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when blank or not a real day."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- schema checks (frictionless), cached ---------------------------------------------------

_CACHE_FORMAT = 1
_memory_cache: dict[str, dict[str, Any]] = {}


def _schema_check(data_dir: Path, descriptor: dict[str, Any],
                  schemas: dict[str, ResourceSchema], tables: dict[str, RawTable],
                  ) -> tuple[list[Problem], dict[str, dict[int, set[str]]]]:
    """Frictionless' verdict on the readable tables, with rows mapped as read by rupak."""
    adapted = _adapted_descriptor(descriptor, schemas, tables)
    key = _cache_key(data_dir, adapted, schemas, tables)
    result = _memory_cache.get(key) or _read_disk_cache(key)
    if result is None:
        result = _run_frictionless(data_dir, adapted, schemas, tables)
        _write_disk_cache(key, result)
    _memory_cache[key] = result
    while len(_memory_cache) > 32:
        del _memory_cache[next(iter(_memory_cache))]
    problems = [Problem.error(*p) for p in result["problems"]]
    bad: dict[str, dict[int, set[str]]] = {}
    for file, row, column in result["bad"]:
        bad.setdefault(file, {}).setdefault(row, set()).add(column)
    return problems, bad


def _adapted_descriptor(descriptor: dict[str, Any], schemas: dict[str, ResourceSchema],
                        tables: dict[str, RawTable]) -> dict[str, Any]:
    """The descriptor restricted to readable tables, each schema following its file's header.

    Header problems are reported by rupak, once; following the header lets frictionless
    check every row instead of flagging each one as shifted.
    """
    out = copy.deepcopy(descriptor)
    resources = []
    for res in out["resources"]:
        raw = tables.get(res["name"])
        if raw is None:
            continue
        schema = res["schema"]
        by_name = {f["name"]: f for f in schema["fields"]}
        schema["fields"] = [by_name.get(label, {"name": label, "type": "string"})
                            for label in raw.header]
        header = set(raw.header)
        pk = schemas[res["name"]].primary_key
        if pk and not set(pk) <= header:
            schema.pop("primaryKey", None)
        fks = []
        for fk, spec in zip(schema.get("foreignKeys") or [], schemas[res["name"]].foreign_keys,
                            strict=True):
            target = tables.get(spec.resource)
            if (target is not None and set(spec.fields) <= header
                    and set(spec.reference) <= set(target.header)):
                fks.append(fk)
        if fks:
            schema["foreignKeys"] = fks
        else:
            schema.pop("foreignKeys", None)
        resources.append(res)
    out["resources"] = resources
    return out


def _source_digest() -> str:
    h = hashlib.sha256()
    for name in ("validate.py", "datapackage.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()


def _cache_key(data_dir: Path, adapted: dict[str, Any], schemas: dict[str, ResourceSchema],
               tables: dict[str, RawTable]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        frictionless_version = version("frictionless")
    except PackageNotFoundError:
        frictionless_version = "?"
    h = hashlib.sha256()
    h.update(json.dumps([_CACHE_FORMAT, frictionless_version, _source_digest(), adapted],
                        sort_keys=True).encode())
    for name in sorted(tables):
        h.update(schemas[name].path.encode() + b"\0")
        h.update(hashlib.sha256((data_dir / schemas[name].path).read_bytes()).digest())
    return h.hexdigest()


def _read_disk_cache(key: str) -> dict[str, Any] | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        return json.loads((directory / f"validation-{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _write_disk_cache(key: str, result: dict[str, Any], keep: int = 64) -> None:
    """Store a result atomically; a cache that cannot be written is silently skipped."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".validation-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(result, fh)
        os.replace(tmp, directory / f"validation-{key}.json")
        entries = sorted(directory.glob("validation-*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-keep]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _run_frictionless(data_dir: Path, adapted: dict[str, Any],
                      schemas: dict[str, ResourceSchema], tables: dict[str, RawTable],
                      ) -> dict[str, Any]:
    problems: list[tuple[str, int | None, str | None, str]] = []
    bad: set[tuple[str, int, str]] = set()
    if not adapted["resources"]:
        return {"problems": [], "bad": []}
    import frictionless

    try:
        package = frictionless.Package(adapted, basepath=str(data_dir))
        report = package.validate(limit_errors=10**9)
    except frictionless.FrictionlessException as exc:
        errors = exc.reasons or [exc.error]
        return {"problems": [(DESCRIPTOR, None, None, _note(e)) for e in errors], "bad": []}
    for error in report.errors:
        problems.append((DESCRIPTOR, None, None, _note(error)))
    for task in report.tasks:
        schema, raw = schemas[task.name], tables[task.name]
        task_problems, task_bad = _translate(task.errors, schema, raw, schemas)
        problems += task_problems
        bad |= task_bad
    return {"problems": problems, "bad": sorted(bad)}


def _note(error: Any) -> str:
    return str(getattr(error, "note", "") or getattr(error, "message", error))


_TYPE_PHRASES = {
    "date": "is not a date (expected YYYY-MM-DD)",
    "integer": "is not a whole number",
    "number": "is not a number",
    "boolean": "is not true or false",
}
_PATTERN_PHRASES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "is not a slug (lowercase letters and digits, joined by "
                                "single hyphens)",
    "^[a-z]{2}$": "is not two lowercase letters",
    "^[A-Z]{3}$": "is not three capital letters",
    "^[0-9a-f]{64}$": "is not 64 lowercase hexadecimal digits",
}


def _translate(errors: list[Any], schema: ResourceSchema, raw: RawTable,
               schemas: dict[str, ResourceSchema],
               ) -> tuple[list[tuple[str, int | None, str | None, str]], set[tuple[str, int, str]]]:
    """Frictionless errors of one table as rupak problems, one per cause.

    A row with too many or too few cells, or a blank one, gets a single problem: the cell
    errors frictionless also reports for it are consequences.
    """
    file = raw.file
    cells_of = dict(raw.rows)
    out: list[tuple[str, int | None, str | None, str]] = []
    bad: set[tuple[str, int, str]] = set()
    broken: set[int] = set()
    for e in errors:
        row = getattr(e, "row_number", None)
        if e.type in ("extra-cell", "missing-cell", "blank-row") and row not in broken:
            broken.add(row)
            bad.add((file, row, _WHOLE_ROW))
            n = len(cells_of.get(row, ()))
            out.append((file, row, None, "row is blank" if e.type == "blank-row" else
                        f"row has {n} values but the header has {len(raw.header)} columns"))
    for e in errors:
        row = getattr(e, "row_number", None)
        if e.type in ("extra-cell", "missing-cell", "blank-row") or row in broken:
            continue
        column = getattr(e, "field_name", None) or None
        if e.type in ("type-error", "constraint-error"):
            message = _cell_message(e, schema.field(column) if column else None)
            bad.add((file, row, column))
        elif e.type == "primary-key":
            if "all \"None\"" in _note(e):  # key cells blank: already a required-value error
                continue
            column, message = _key_message(schema.primary_key, raw.header, cells_of[row],
                                           _note(e))
        elif e.type == "foreign-key":
            names, values = list(e.field_names), list(e.field_cells)
            target = schemas.get(e.reference_name)
            ref_file = target.path if target else e.reference_name
            ref = ", ".join(e.reference_field_names)
            column = names[0] if len(names) == 1 else None
            shown = values[0] if len(values) == 1 else ", ".join(map(str, values))
            message = f'{ref_file} has no {ref} "{shown}"'
            bad.update((file, row, name) for name in names)
        else:
            message = f"{e.title}: {_note(e)}" if _note(e) else str(e.message)
        out.append((file, row, column, message))
    return out, bad


def _cell_message(e: Any, fld: Any) -> str:
    cell = e.cell
    if e.type == "type-error":
        kind = fld.type if fld else "value"
        return f'"{cell}" {_TYPE_PHRASES.get(kind, f"is not a valid {kind}")}'
    match = re.search(r'constraint "(\w+)"', _note(e))
    constraint = match.group(1) if match else ""
    limits = fld.constraints if fld else {}
    if constraint == "required":
        return "a value is required"
    if constraint == "enum" and fld and fld.enum:
        return f'"{cell}" is not one of {", ".join(fld.enum)}'
    if constraint == "pattern":
        pattern = limits.get("pattern", "")
        return f'"{cell}" ' + _PATTERN_PHRASES.get(pattern,
                                                   f"does not match the pattern {pattern}")
    if constraint == "minimum":
        return f'"{cell}" is below the minimum {limits.get("minimum")}'
    if constraint == "maximum":
        return f'"{cell}" is above the maximum {limits.get("maximum")}'
    if constraint == "unique":
        return f'"{cell}" appears in an earlier row; values must be unique'
    return f'"{cell}" breaks a constraint: {_note(e)}'


def _key_message(key: tuple[str, ...], header: tuple[str, ...], cells: tuple[str, ...],
                 note: str) -> tuple[str | None, str]:
    values = [cells[header.index(k)] if k in header and header.index(k) < len(cells) else ""
              for k in key]
    first = re.search(r"position (\d+)", note)
    where = f" (first used on row {first.group(1)})" if first else ""
    if len(key) == 1:
        return key[0], f'duplicate {key[0]} "{values[0]}"{where}'
    return None, f"duplicate key ({', '.join(key)}) = ({', '.join(values)}){where}"


# --- rupak's own checks ---------------------------------------------------------------------


@dataclass
class _Source:
    source_id: str
    text_path: str
    date: date | None
    lines: list[str]
    kinds: dict[int, str] = field(default_factory=dict)
    sentences: list[tx.Sentence] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)


def _rupak_checks(data_dir: Path, tables: dict[str, RawTable], rows: dict[str, list[Row]],
                  sentences: dict[str, list[tx.Sentence]],
                  fact_sentences: dict[int, tuple[int, ...]]) -> tuple[list[Problem], Coverage]:
    """Checks beyond the schemas; fills in the sentences and citations load() needs."""
    out: list[Problem] = []
    sources = _check_sources(data_dir, rows.get("sources", []), out)
    _check_segments(rows.get("segments", []), sources, out)
    for src in sources.values():
        src.sentences = tx.sentences(src.lines, src.kinds)
        src.blocks = tx.body_blocks(src.sentences)
        sentences[src.source_id] = src.sentences

    cited: dict[str, set[int]] = {sid: set() for sid in sources}
    for row in rows.get("facts", []):
        numbers = _check_fact(row, sources, out)
        if numbers:
            fact_sentences[row.number] = numbers
            cited[row.get("source_id") or ""].update(numbers)

    _check_references(tables, rows, out)
    if "facts" in tables:
        fact_ids = _ids(tables["facts"], "fact_id")
        for row in rows.get("questions", []):
            _check_question_facts(row, fact_ids, tables["facts"].file, out)

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


def _check_references(tables: dict[str, RawTable], rows: dict[str, list[Row]],
                      out: list[Problem]) -> None:
    """Every id the contract says refers to another table exists there.

    This holds whatever foreign keys the descriptor declares; a reference the schema check
    already found broken is no longer among the row's cells, so it is reported once.
    """
    for name, contract in CONTRACT.items():
        for fk in contract.foreign_keys:
            target = tables.get(fk.resource)
            if target is None or not set(fk.reference) <= set(target.header):
                continue  # the target's own problem is reported
            at = [target.header.index(c) for c in fk.reference]
            known = {tuple(cells[i] for i in at) for _, cells in target.rows
                     if max(at) < len(cells)}  # a row of the wrong length still names its id
            for row in rows.get(name, []):
                values = tuple(row.get(c) for c in fk.fields)
                if not row.has(*fk.fields) or None in values or values in known:
                    continue
                column = fk.fields[0] if len(fk.fields) == 1 else None
                out.append(Problem.error(row.file, row.number, column,
                                         f'{target.file} has no {", ".join(fk.reference)} '
                                         f'"{", ".join(map(str, values))}"'))


def _ids(raw: RawTable, column: str) -> set[str]:
    if column not in raw.header:
        return set()
    at = raw.header.index(column)
    return {cells[at] for _, cells in raw.rows if at < len(cells) and cells[at]}


def _check_sources(data_dir: Path, rows: list[Row], out: list[Problem]) -> dict[str, _Source]:
    """Read each source's text and check its hash; the sources usable for quote checks."""
    sources: dict[str, _Source] = {}
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
        expected, actual = row.get("sha256"), hashlib.sha256(raw).hexdigest()
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
        sources[source_id] = _Source(source_id, shown, _parse_date(row.get("date")), lines)
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
        match = tx.find_quote(quote, src.blocks)
        if match is not None:
            numbers = tuple(tx.cited_sentences(match, src.sentences))
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
    return _parse_date(row.get(column))


def _quote_miss(quote: str, src: _Source) -> str:
    """Why a quote is not in the body, as precisely as can be told.

    In turn: it comes from a non-body line; it differs only in its quotation marks; it
    begins or ends inside a word; otherwise, the sentence it most resembles.
    """
    wanted = tx.normalize(quote)
    if not wanted:
        return "quote is blank"
    for number, line in enumerate(src.lines, start=1):
        kind = src.kinds.get(number, "body")
        if kind != "body" and tx.find_words(wanted, tx.normalize(line)) >= 0:
            return f"quote is from line {number}, which is {kind}, not body"
    folded = tx.find_quote(tx.fold_quotes(wanted), [tx.fold_quotes(b) for b in src.blocks])
    if folded is not None:
        text = src.blocks[folded.block][folded.start:folded.end]
        marks = dict.fromkeys(t for t, q in zip(text, wanted, strict=True) if t != q)
        return (f"quote differs from line {_line_of(folded, src)} only in its quotation "
                f"marks: the text has {' and '.join(marks)}")
    cut = tx.find_quote(wanted, src.blocks, whole_words=False)
    if cut is not None:
        start, end = tx.word_span(src.blocks[cut.block], cut.start, cut.end)
        return (f"quote begins or ends inside a word: line {_line_of(cut, src)} has "
                f'"{src.blocks[cut.block][start:end]}"')
    near = tx.closest_sentence(quote, [s for s in src.sentences if s.kind == "body"])
    hint = f'; the closest sentence, on line {near.line}, is "{near.text}"' if near else ""
    return f"quote is not in the body of {src.text_path}{hint}"


def _line_of(match: tx.QuoteMatch, src: _Source) -> int:
    """The line on which a match in the body begins."""
    first = tx.cited_sentences(match, src.sentences)[0]
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
