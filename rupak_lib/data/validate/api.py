"""The checks of a data package in order, and the public functions over them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from rupak_lib.data import text as tx
from rupak_lib.data.package import (
    DESCRIPTOR,
    RawTable,
    ReadError,
    contract_gaps,
    read_csv,
    read_descriptor,
)
from rupak_lib.data.paths import resolve_data_dir
from rupak_lib.data.validate.characters import hidden_characters
from rupak_lib.data.validate.problems import (
    WHOLE_ROW,
    Checked,
    Coverage,
    Problem,
    Row,
    ValidationReport,
)
from rupak_lib.data.validate.record import record_checks
from rupak_lib.data.validate.rules import check_references, rupak_checks
from rupak_lib.data.validate.schema import schema_check
from rupak_lib.data.validate.tables import check_dates, check_header


def validate(data_dir: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem of the data package (errors and warnings), sorted by file and row."""
    return list(check(data_dir).problems)


def check(data_dir: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Validate and also count tables, rows and coverage, for summaries."""
    return run_checks(resolve_data_dir(data_dir)).report


def coverage(data_dir: str | os.PathLike[str] | None = None) -> Coverage:
    """How many body sentences the facts cite."""
    return check(data_dir).coverage


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
        header_problems, usable = check_header(schema, raw)
        problems += header_problems
        if usable:
            tables[schema.name] = raw

    schema_problems, bad = schema_check(data_dir, descriptor, schemas, tables)
    problems += schema_problems
    problems += check_dates(schemas, tables, bad)
    problems += hidden_characters(tables)
    problems += check_references(schemas, tables, bad)
    rows = {name: list(_rows(raw, bad.get(raw.file, {}))) for name, raw in tables.items()}
    sentences: dict[str, list[tx.Sentence]] = {}
    fact_sentences: dict[int, tuple[int, ...]] = {}
    rupak_problems, cover = rupak_checks(data_dir, tables, rows, sentences, fact_sentences)
    problems += rupak_problems
    problems += record_checks(tables, rows)
    problems.sort(key=lambda p: (p.file, p.row if p.row is not None else 0))
    report = ValidationReport(data_dir, tuple(problems), len(schema_list),
                              sum(len(t.rows) for t in tables.values()), cover)
    return Checked(report, schemas, tables, sentences, fact_sentences)


def _rows(raw: RawTable, bad: dict[int, set[str]]) -> Iterator[Row]:
    for number, cells in raw.rows:
        spoilt = bad.get(number, set())
        if WHOLE_ROW in spoilt or len(cells) != len(raw.header):
            continue
        yield Row(raw.file, number, {name: (value if value != "" else None)
                                     for name, value in zip(raw.header, cells, strict=True)
                                     if name not in spoilt})


