"""A CSV file as its raw records, so that an edit of one row leaves every other row byte for
byte as it was (order, quoting, line endings): ``git diff`` then shows only the rows a
curator touched.

A record ends at a line end outside quotes; since quotes inside a field are doubled, that is
where the count of quote characters read so far is even.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def records(text: str) -> list[str]:
    """The raw records of a CSV text, each with its line end."""
    out: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        current += line
        if current.count('"') % 2 == 0:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def fields(record: str) -> list[str]:
    return next(csv.reader(io.StringIO(record, newline="")), [])


@dataclass
class CsvRows:
    """A CSV file held as its header and raw records; rows read and written as dicts."""

    header: list[str]
    head: str  # the header record, raw
    body: list[str] = field(default_factory=list)
    newline: str = "\n"

    @classmethod
    def read(cls, path: Path) -> CsvRows:
        with open(path, encoding="utf-8", newline="") as f:  # line ends as they are
            return cls.parse(f.read())

    @classmethod
    def parse(cls, text: str) -> CsvRows:
        raw = records(text)
        if not raw:
            raise ValueError("an empty file has no header")
        newline = "\r\n" if raw[0].endswith("\r\n") else "\n"
        return cls(fields(raw[0]), raw[0], raw[1:], newline)

    def rows(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, fields(r), strict=False)) for r in self.body]

    def record(self, row: dict[str, str]) -> str:
        """A new row as a record in this file's columns and line ends."""
        out = io.StringIO()
        csv.writer(out, lineterminator=self.newline).writerow(
            [row.get(c, "") or "" for c in self.header])
        return out.getvalue()

    def text(self) -> str:
        body = list(self.body)
        if body and not body[-1].endswith(("\n", "\r")):  # a file without a last line end
            body[-1] += self.newline
        head = self.head if self.head.endswith(("\n", "\r")) or not body else \
            self.head + self.newline
        return head + "".join(body)

    def replace(self, match: Callable[[dict[str, str]], bool],
                new: list[dict[str, str]]) -> int:
        """Replace the rows that ``match`` with ``new``, where the first of them stood (at
        the end when none did); the number of rows removed."""
        kept: list[str] = []
        at = None
        removed = 0
        for raw, row in zip(self.body, self.rows(), strict=True):
            if match(row):
                removed += 1
                if at is None:
                    at = len(kept)
                continue
            kept.append(raw)
        at = len(kept) if at is None else at
        if at == len(kept) and kept and not kept[-1].endswith(("\n", "\r")):
            kept[-1] += self.newline
        self.body = kept[:at] + [self.record(r) for r in new] + kept[at:]
        return removed
