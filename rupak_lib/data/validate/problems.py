"""What a check of the data finds: problems located by file, row and column, and a summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rupak_lib.data import text as tx
    from rupak_lib.data.package import RawTable, ResourceSchema

Severity = Literal["error", "warning"]

#: Stands for every column of a row that cannot be mapped onto the header (wrong length).
WHOLE_ROW = "*"


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



