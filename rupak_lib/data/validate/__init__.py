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

from rupak_lib.data.validate.api import check, coverage, run_checks, validate
from rupak_lib.data.validate.problems import (
           Checked,
           Coverage,
           Problem,
           Row,
           Severity,
           ValidationReport,
)

__all__ = ["Checked", "Coverage", "Problem", "Row", "Severity", "ValidationReport", "check",
           "coverage", "run_checks", "validate"]
