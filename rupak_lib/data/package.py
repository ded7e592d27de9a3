"""Reading the data package as it is on disk: the descriptor's schemas and the raw CSV rows.

Both validation and loading start here, so that a table is read once and row numbers mean
the same thing everywhere (the header is row 1, the first data row is row 2, as frictionless
counts them). Nothing here judges the data beyond what is needed to read it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rupak_lib.data.contract import CONTRACT, ForeignKey, TableContract
from rupak_lib.exceptions import ReadError

DESCRIPTOR = "datapackage.json"

@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    enum: tuple[str, ...] | None
    constraints: dict[str, Any]


@dataclass(frozen=True)
class ResourceSchema:
    """One table of the package as its descriptor declares it."""

    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    descriptor: dict[str, Any]

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class RawTable:
    """A CSV file split into cells; ``rows`` pairs each row's number with its cells."""

    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_descriptor(data_dir: Path) -> tuple[dict[str, Any], list[ResourceSchema]]:
    """Parse datapackage.json; ReadError says why it cannot be used."""
    path = data_dir / DESCRIPTOR
    if not path.is_file():
        raise ReadError(f"file is missing (no data package in {data_dir})")
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ReadError(f"not valid UTF-8 (byte {err.start})",
                        line_of_byte(path.read_bytes(), err.start)) from None
    except json.JSONDecodeError as err:
        raise ReadError(f"not valid JSON: {err.msg} (column {err.colno})", err.lineno) from None
    try:
        schemas = [_resource(r) for r in descriptor["resources"]]
    except (KeyError, TypeError, AttributeError, ValueError) as err:
        raise ReadError(f"not a usable tabular data package: {err!r}") from None
    for schema in schemas:  # refused before any table is read
        if not _inside_package(schema.path):
            raise ReadError(f'resource "{schema.name}" has the path "{schema.path[:80]}"; '
                            "a table must be a file inside the package's folder")
    return descriptor, schemas


def _inside_package(path: str) -> bool:
    """Whether a resource path names a file inside the package: relative, no "..", no URL."""
    parts = path.split("/")
    return (bool(path) and "\\" not in path and "\0" not in path and ":" not in path
            and not path.startswith("/") and ".." not in parts and "" not in parts)


def contract_gaps(schemas: list[ResourceSchema]) -> list[str]:
    """What the descriptor lacks of the data contract, declares otherwise, or cannot mean.

    A key naming a field or resource the descriptor does not have could not be checked at
    all, so it is reported rather than skipped; it is then not also reported as differing
    from the contract, so that one slip gives one message.
    """
    by_name = {s.name: s for s in schemas}
    gaps = []
    for name, contract in CONTRACT.items():
        schema = by_name.get(name)
        if schema is None:
            if not contract.optional_table:
                gaps.append(f'resource "{name}" is missing')
        else:
            gaps += _differences(schema, contract, by_name)
    for schema in schemas:
        gaps += _broken_keys(schema, by_name)
    return gaps


def _differences(schema: ResourceSchema, contract: TableContract,
                 by_name: dict[str, ResourceSchema]) -> list[str]:
    name, gaps = schema.name, []
    for column in contract.columns:
        fld = schema.field(column)
        if fld is None:
            gaps.append(f'resource "{name}" has no field "{column}"')
            continue
        gaps += _type_gap(name, fld, contract.types.get(column, "string"))
        enum = contract.enums.get(column)
        if enum is not None and fld.enum != enum:
            gaps.append(f"{name}.{column}: enum must be {', '.join(enum)} (the data "
                        f"contract); found {_listed(fld.enum)}")
    for column, wanted in contract.optional.items():
        fld = schema.field(column)
        gaps += _type_gap(name, fld, wanted) if fld is not None else []
    if (schema.primary_key != contract.primary_key
            and all(schema.field(c) for c in schema.primary_key)):
        gaps.append(f"{name}: primaryKey must be {', '.join(contract.primary_key)} (the "
                    f"data contract); found {_listed(schema.primary_key)}")
    broken = [fk for fk in schema.foreign_keys if _broken_key(schema, fk, by_name)]
    for fk in contract.foreign_keys:
        if fk not in schema.foreign_keys and not any(
                b.fields == fk.fields or b.resource == fk.resource for b in broken):
            gaps.append(f"{name}.{', '.join(fk.fields)}: a foreign key to {_target(fk)} is "
                        "required (the data contract)")
    return gaps


def _type_gap(table: str, fld: Field, wanted: str) -> list[str]:
    if fld.type == wanted:
        return []
    return [f"{table}.{fld.name}: type must be {wanted} (the data contract); found {fld.type}"]


def _broken_keys(schema: ResourceSchema, by_name: dict[str, ResourceSchema]) -> list[str]:
    gaps = [f'{schema.name}: primaryKey names "{c}", which is not one of its fields'
            for c in schema.primary_key if schema.field(c) is None]
    for fk in schema.foreign_keys:
        gaps += _broken_key(schema, fk, by_name)
    return gaps


def _broken_key(schema: ResourceSchema, fk: ForeignKey,
                by_name: dict[str, ResourceSchema]) -> list[str]:
    """Why a foreign key of the descriptor cannot be checked, if it cannot."""
    where = f"{schema.name}: the foreign key {', '.join(fk.fields)} -> {_target(fk)}"
    gaps = [f'{where} names "{c}", which is not one of its fields'
            for c in fk.fields if schema.field(c) is None]
    target = by_name.get(fk.resource)
    if target is None:
        if fk.resource not in CONTRACT:  # a contract table's absence is reported already
            gaps.append(f'{where} refers to resource "{fk.resource}", which is missing')
    else:
        gaps += [f'{where} names "{c}", which is not a field of {fk.resource}'
                 for c in fk.reference if target.field(c) is None]
    return gaps


def _listed(values: tuple[str, ...] | None) -> str:
    return ", ".join(values) if values else "none"


def _target(fk: ForeignKey) -> str:
    return ", ".join(f"{fk.resource}.{c}" for c in fk.reference)


def _resource(desc: dict[str, Any]) -> ResourceSchema:
    schema = desc["schema"]
    fields = []
    for f in schema["fields"]:
        constraints = dict(f.get("constraints") or {})
        enum = constraints.get("enum")
        fields.append(Field(str(f["name"]), str(f.get("type", "string")),
                            bool(constraints.get("required", False)),
                            tuple(str(v) for v in enum) if enum is not None else None,
                            constraints))
    pk = schema.get("primaryKey") or []
    fks = [ForeignKey(_names(fk["fields"]), str(fk["reference"]["resource"]),
                      _names(fk["reference"]["fields"]))
           for fk in schema.get("foreignKeys") or []]
    path = desc["path"]
    if not isinstance(path, str):
        raise ValueError(f"resource {desc.get('name')!r} must have one path")
    return ResourceSchema(str(desc["name"]), path, tuple(fields), _names(pk), tuple(fks), desc)


def _names(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


_CSV_ERRORS = {
    "unexpected end of data":
        "a quoted value is never closed (its closing quote is missing)",
    "',' expected after '\"'":
        'a closing quote is followed by more text; quote the whole value and double '
        'any quote inside it ("")',
    "line contains NUL": "the file contains a NUL byte",
}
_FIELD_LIMIT = "field larger than field limit"
#: The longest value a cell may hold, in characters: Python's csv default, kept whatever
#: another library sets it to (the codebook says so).
FIELD_LIMIT = 131_072
_TOO_LONG = (f"a value is longer than {FIELD_LIMIT:,} characters ({FIELD_LIMIT // 1024} KiB), "
             "the most a cell may hold")


def read_csv(path: Path, file: str) -> RawTable:
    """Split a CSV file into rows of cells, strictly; ReadError says what is malformed."""
    if not path.is_file():
        raise ReadError("file is missing")
    raw = path.read_bytes()
    if b"\0" in raw:  # Python's csv no longer refuses it: a NUL would reach the pages
        at = raw.index(b"\0")
        line_start = raw.rfind(b"\n", 0, at) + 1
        raise ReadError(f"the file contains a NUL byte (line {line_of_byte(raw, at)}, "
                        f"character {at - line_start + 1})", _record_at(raw, at))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ReadError(f"not valid UTF-8 (byte {err.start})",
                        _record_at(raw, err.start)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            if any(len(cell) > FIELD_LIMIT for cell in record):
                raise ReadError(f"malformed CSV: {_TOO_LONG}", len(records) + 1)
            records.append(record)
    except csv.Error as err:
        message = _CSV_ERRORS.get(str(err), str(err))
        if str(err).startswith(_FIELD_LIMIT):
            message = _TOO_LONG
        raise ReadError(f"malformed CSV: {message}", len(records) + 1) from None
    if not records or not any(records[0]):
        raise ReadError("file has no header row", 1)
    header = tuple(records[0])
    rows = tuple((number, tuple(cells)) for number, cells in enumerate(records[1:], start=2))
    return RawTable(file, header, rows)


def line_of_byte(raw: bytes, offset: int) -> int:
    """The 1-based line of a file on which the byte at ``offset`` stands."""
    return raw.count(b"\n", 0, offset) + 1


def _record_at(raw: bytes, offset: int) -> int:
    """The CSV row (header = 1) holding the byte at ``offset``.

    Rows, not lines, so that an encoding error after a value spanning lines is located as
    every other problem is.
    """
    line = line_of_byte(raw, offset)
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, _ in enumerate(reader, start=1):
            if reader.line_num >= line:
                return number
    except csv.Error:
        pass
    return line
