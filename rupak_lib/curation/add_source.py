"""Adding a document to the package: its text copied byte for byte, its row in sources.csv,
and the lines proposed as not body (segments.csv), each with the reason.

A line is proposed as not body when it is a header or caption (the first line, when it has
no sentence punctuation or names who spoke where), a gloss in parentheses or brackets, page
furniture ("Read also: ...", "Related:", "Share this"), or a stray headline (a short line
with no sentence punctuation among body lines). Only sources.csv and segments.csv change,
and only when every check passes; the printed proposals are for the curator to correct.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rupak_lib.data.contract import GENRES
from rupak_lib.data.paths import replacing
from rupak_lib.data.text import read_lines
from rupak_lib.exceptions import CurationError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FURNITURE = re.compile(r"^\s*(read (also|more)|see also|related( articles?)?|share (this|on)|"
                       r"follow us|subscribe|advertisement|click here|more on this)\b", re.I)
GLOSS = re.compile(r"^\s*[(\[].*[)\]]\s*$")
SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s*$")


@dataclass(frozen=True)
class Segment:
    line: int
    kind: str  # header | editorial | extraneous
    note: str


@dataclass
class NewSource:
    """The fields of a new row of sources.csv, as the command line gives them."""

    source_id: str
    title: str
    author: str
    date: str
    place: str = ""
    language: str = "en"
    author_role: str = ""
    venue: str = ""
    url: str = ""
    genre: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def propose_segments(lines: list[str]) -> list[Segment]:
    """The lines of a text that are not its body, each with why."""
    out: list[Segment] = []
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        number = i + 1
        if FURNITURE.match(text):
            out.append(Segment(number, "extraneous", "page furniture: a link or notice of the "
                                                    "page the text was copied from"))
        elif GLOSS.match(text):
            out.append(Segment(number, "editorial", "a gloss in parentheses or brackets: the "
                                                   "publisher's words, not the source's"))
        elif i == first and not SENTENCE_END.search(text):
            out.append(Segment(number, "header", "the first line, a title or caption: no "
                                                "sentence of the body"))
        elif not SENTENCE_END.search(text) and len(text.split()) <= 12:
            out.append(Segment(number, "extraneous", "a short line with no sentence "
                                                    "punctuation: a stray headline"))
    return out


def _check(path: Path, new: NewSource, data_dir: Path) -> tuple[bytes, list[str]]:
    if not SLUG.match(new.source_id):
        raise CurationError(new.source_id, "an id is a slug: lower-case letters, digits and "
                                           "single hyphens")
    if not path.is_file():
        raise CurationError(str(path), "no such file")
    try:
        date.fromisoformat(new.date)
    except ValueError:
        raise CurationError(new.date, "the date is not an ISO date (YYYY-MM-DD)") from None
    if new.genre and new.genre not in GENRES:
        raise CurationError(new.genre, f"not a genre; one of {', '.join(GENRES)}")
    raw = path.read_bytes()
    if not raw.strip():
        raise CurationError(str(path), "the file is empty")
    if b"\0" in raw:
        raise CurationError(str(path), "not a text file (it holds NUL bytes)")
    try:
        lines = read_lines(raw)
    except UnicodeDecodeError as err:
        raise CurationError(str(path), f"not UTF-8 text (byte {err.start})") from None
    sources = data_dir / "sources.csv"
    with open(sources, encoding="utf-8", newline="") as f:
        known = {row["source_id"] for row in csv.DictReader(f)}
    if new.source_id in known:
        raise CurationError(new.source_id, "a source with this id exists in sources.csv")
    if (data_dir / "sources" / f"{new.source_id}.txt").exists():
        raise CurationError(new.source_id, f"sources/{new.source_id}.txt exists")
    return raw, lines


def _appended(path: Path, rows: list[dict[str, str]]) -> str:
    """The CSV file at ``path`` with ``rows`` added, in its own columns and line endings."""
    text = path.read_text("utf-8")
    with open(path, encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writerows(rows)
    return text + ("" if text.endswith("\n") or not text else "\n") + out.getvalue()


def add_source(path: str | Path, new: NewSource, data_dir: Path) -> list[Segment]:
    """Copy the text in, add its row and its proposed segments; all or nothing."""
    path, data_dir = Path(path), Path(data_dir)
    raw, lines = _check(path, new, data_dir)
    segments = propose_segments(lines)
    row = {"source_id": new.source_id, "title": new.title, "author": new.author,
           "author_role": new.author_role, "venue": new.venue, "place": new.place,
           "date": new.date, "language": new.language,
           "text_path": f"sources/{new.source_id}.txt",
           "sha256": hashlib.sha256(raw).hexdigest(), "url": new.url,
           "notes": "Added with rupak add-source; segments proposed, to be checked.",
           "genre": new.genre, **new.extra}
    sources = _appended(data_dir / "sources.csv", [row])
    segs = _appended(data_dir / "segments.csv",
                     [{"source_id": new.source_id, "line": str(s.line), "kind": s.kind,
                       "note": s.note} for s in segments])
    target = data_dir / "sources" / f"{new.source_id}.txt"
    with replacing(target) as tmp_text, replacing(data_dir / "sources.csv") as tmp_sources, \
            replacing(data_dir / "segments.csv") as tmp_segments:
        tmp_text.write_bytes(raw)
        tmp_sources.write_text(sources, "utf-8")
        tmp_segments.write_text(segs, "utf-8")
    return segments
