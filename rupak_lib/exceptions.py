"""Exceptions rupak raises on purpose, each carrying what a caller needs to explain it.

All of them live here, so that a caller finds in one place what it may have to catch. They
pickle with their structured fields intact, because reports are built in worker
processes that send their errors back to the parent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rupak_lib.data.validate import Problem

#: The variable that names the Chromium (or Chrome) program to print PDFs with.
CHROMIUM_ENV = "RUPAK_CHROMIUM"
#: How many problems of each severity are printed; the rest are counted.
SHOWN_PER_SEVERITY = 200


class RupakError(Exception):
    """Base class of every error rupak raises deliberately."""


class ReadError(Exception):
    """A file of the data package cannot be read at all; ``row`` is where reading stopped.

    Validation turns it into a Problem; it never reaches a user as an exception.
    """

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


class UnknownIdError(RupakError, ValueError):
    """An id asked for is not in the corpus (e.g. a misspelt notebook parameter)."""


class DataValidationError(RupakError):
    """The data package has errors; ``problems`` lists all of them (warnings included)."""

    def __init__(self, problems: Sequence[Problem], data_dir: str | Path) -> None:
        self.problems = list(problems)
        self.data_dir = Path(data_dir)
        super().__init__(self.problems, self.data_dir)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.data_dir))

    def __str__(self) -> str:
        errors = self.errors
        warnings = len(self.problems) - len(errors)
        head = (f"{self.data_dir} has {len(errors)} error{'s' * (len(errors) != 1)}"
                + (f" (and {warnings} warning{'s' * (warnings != 1)})" if warnings else "")
                + ":")
        return "\n".join([head, *listing(errors, "  ")])


class BuildError(RupakError):
    """A build cannot start, e.g. it was asked for a report that does not exist."""


class ReportError(RupakError):
    """Base class of the errors of one report."""


class ReportExecutionError(ReportError):
    """A report's notebook failed: which report, which cell, and the error it raised."""

    def __init__(self, report_id: str, cell_index: int | None, source: str, ename: str,
                 evalue: str) -> None:
        self.report_id = report_id
        self.cell_index = cell_index
        self.source = source
        self.ename = ename
        self.evalue = evalue
        super().__init__(report_id, cell_index, source, ename, evalue)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.report_id, self.cell_index, self.source, self.ename,
                             self.evalue))

    def __str__(self) -> str:
        where = f" in cell {self.cell_index}" if self.cell_index is not None else ""
        first = next((ln.strip() for ln in self.source.splitlines() if ln.strip()), "")
        if first:
            where += f" ({first[:60]}{'…' if len(first) > 60 else ''})"
        return f"report {self.report_id} failed{where}: {self.ename}: {self.evalue}"


class ExerciseCheckError(RupakError, AssertionError):
    """A seminar exercise's result is not the expected one; the message says where to look."""


class SolutionRegionError(RupakError, ValueError):
    """A solution region is not closed, or closed without being opened."""


class GradeError(RupakError):
    """Grading cannot start: no submissions, no seminar exercises, a bad option."""


class SandboxUnavailableError(RupakError):
    """No working isolation for student notebooks, and grading without it was not asked for."""


CHROMIUM_INSTALL_HINT = (
    "PDF needs Chromium: install it with `apt-get install chromium` (Debian/Ubuntu), "
    "`dnf install chromium` (Fedora) or `brew install --cask chromium` (macOS), or set "
    f"${CHROMIUM_ENV} to a Chromium or Chrome program; the .ipynb and HTML handouts are "
    "written without it"
)


class ChromiumNotFoundError(RupakError):
    """PDF output was asked for, but no Chromium program could be found."""

    def __init__(self, message: str = CHROMIUM_INSTALL_HINT) -> None:
        super().__init__(message)


class PdfError(RupakError):
    """Chromium ran but did not produce a PDF."""


def listing(problems: Iterable[Problem], prefix: str = "",
            limit: int = SHOWN_PER_SEVERITY) -> list[str]:
    """One line per problem, at most ``limit`` of each severity, then a count of the rest
    ("… and 1,456,000 more warnings"), so that a huge text cannot flood the terminal."""
    lines: list[str] = []
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for problem in problems:
        if shown[problem.severity] < limit:
            lines.append(f"{prefix}{problem}")
            shown[problem.severity] += 1
        else:
            hidden[problem.severity] += 1
    lines += [f"… and {hidden[s]:,} more {s}s" for s in ("error", "warning") if hidden[s]]
    return lines


class ExportError(RupakError):
    """An export that cannot be written as asked: its format, or the path to write."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class CurationError(RupakError):
    """Adding a source, drafting or accepting refused: what (a path, an id, a value) and
    why. Nothing was written."""

    def __init__(self, what: str, message: str) -> None:
        super().__init__(f"{what}: {message}")
        self.what = what
        self.message = message


class CurationConflict(CurationError):
    """A write refused because a file changed on disk since the page was built from it (an
    edit in another editor meanwhile): the disk's version is kept."""

    def __init__(self, file: str) -> None:
        super().__init__(file, "changed on disk since this page was loaded; reload the page "
                               "and make the change again")
        self.file = file


class CurationInvalid(CurationError):
    """A write refused because the package would not validate after it; ``problems`` are
    the validator's, each naming its file, row and column. Nothing was written."""

    def __init__(self, problems: list) -> None:
        first = problems[0] if problems else None
        super().__init__(getattr(first, "file", "data"),
                         f"{len(problems)} error(s); nothing was written")
        self.problems = problems
