"""Checks of the raw tables before their cells are judged: the header, and dates as written."""

from __future__ import annotations

import re
from datetime import date

from rupak_lib.data.contract import CONTRACT
from rupak_lib.data.package import DESCRIPTOR, RawTable, ResourceSchema
from rupak_lib.data.validate.problems import WHOLE_ROW, Problem
from rupak_lib.data.validate.schema import TYPE_PHRASES


def check_header(schema: ResourceSchema, raw: RawTable) -> tuple[list[Problem], bool]:
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
#: The days pandas' datetime64[ns] holds (1677-09-21 to 2262-04-11), in whole years: a
#: date beyond them would pass here and break loading.
FIRST_DAY, LAST_DAY = "1678-01-01", "2261-12-31"


def check_dates(schemas: dict[str, ResourceSchema], tables: dict[str, RawTable],
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
            if len(cells) != len(raw.header) or WHOLE_ROW in spoilt.get(number, ()):
                continue
            for at, column in columns:
                value = cells[at]
                if not value or column in spoilt.get(number, ()):
                    continue
                if _ISO_DATE.fullmatch(value) is None:
                    message = f'"{value}" is not a date in the form YYYY-MM-DD'
                elif parse_date(value) is None:
                    message = f'"{value}" {TYPE_PHRASES["date"]}'
                elif not FIRST_DAY <= value <= LAST_DAY:
                    message = (f'"{value}" is outside the dates the library can hold '
                               f"({FIRST_DAY} to {LAST_DAY})")
                else:
                    continue
                out.append(Problem.error(raw.file, number, column, message))
                spoilt.setdefault(number, set()).add(column)
    return out


def parse_date(value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when blank or not a real day."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


