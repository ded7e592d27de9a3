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

DESCRIPTOR = "datapackage.json"

# The tables and columns the library relies on (the data contract); a table may have more.
CONTRACT: dict[str, tuple[str, ...]] = {
    "sources": ("source_id", "title", "author", "author_role", "venue", "place", "date",
                "language", "text_path", "sha256", "url", "notes"),
    "segments": ("source_id", "line", "kind", "note"),
    "themes": ("theme_id", "title", "description", "position"),
    "entities": ("entity_id", "name", "kind", "country", "aliases", "lat", "lon",
                 "description"),
    "facts": ("fact_id", "source_id", "theme_id", "kind", "modality", "summary", "quote",
              "date_start", "date_end", "date_precision", "date_text", "value", "unit",
              "verification", "reference", "notes"),
    "fact_entities": ("fact_id", "entity_id", "role"),
    "questions": ("question_id", "theme_id", "kind", "prompt", "answer", "fact_ids"),
}


class ReadError(Exception):
    """A file cannot be read at all; ``row`` is where reading stopped, when known."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    enum: tuple[str, ...] | None
    constraints: dict[str, Any]


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


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
        raise ReadError(f"not valid UTF-8 (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise ReadError(f"not valid JSON: {err.msg} (column {err.colno})", err.lineno) from None
    try:
        return descriptor, [_resource(r) for r in descriptor["resources"]]
    except (KeyError, TypeError, AttributeError, ValueError) as err:
        raise ReadError(f"not a usable tabular data package: {err!r}") from None


def contract_gaps(schemas: list[ResourceSchema]) -> list[str]:
    """What the descriptor lacks of the data contract, as messages."""
    by_name = {s.name: s for s in schemas}
    gaps = []
    for name, columns in CONTRACT.items():
        schema = by_name.get(name)
        if schema is None:
            gaps.append(f'resource "{name}" is missing')
            continue
        gaps += [f'resource "{name}" has no field "{c}"' for c in columns
                 if c not in schema.field_names]
    return gaps


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


def read_csv(path: Path, file: str) -> RawTable:
    """Split a CSV file into rows of cells, strictly; ReadError says what is malformed."""
    if not path.is_file():
        raise ReadError("file is missing")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise ReadError(f"not valid UTF-8 (byte {err.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as err:
        message = _CSV_ERRORS.get(str(err), str(err))
        raise ReadError(f"malformed CSV: {message}", len(records) + 1) from None
    if not records or not any(records[0]):
        raise ReadError("file has no header row", 1)
    header = tuple(records[0])
    rows = tuple((number, tuple(cells)) for number, cells in enumerate(records[1:], start=2))
    return RawTable(file, header, rows)
