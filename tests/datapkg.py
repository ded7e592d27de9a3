"""A small valid data package for tests, and the edits that break it.

The package follows the bundled datapackage.json (copied, so schema changes reach the tests)
with one source whose text has a header line, body lines, an extraneous headline and an
editorial gloss:

    line 1  header       sentence 1
    line 2  body         sentences 2 and 3
    line 3  body         sentence 4
    line 4  extraneous   sentence 5
    line 5  editorial    sentence 6
    line 6  body         sentences 7 and 8
    line 7  blank

Four facts cite every body sentence, so the package validates with no problem at all. The
record has five events, each with a title: one the speech mentions, one it alludes to, one
it leaves out (a war), one mentioned in the education theme, and one after the speech.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from rupak_lib.data.paths import BUNDLED_DATA_DIR
from rupak_lib.data.validate import Problem, validate

SOURCE_ID = "doe-2025-03-01"
TEXT_PATH = f"sources/{SOURCE_ID}.txt"
TEXT = (
    "Jane Doe, Minister of Alpha @ Forum in Testville on 01 March 2025\n"
    "On May 1, 1948, Alpha and Beta established relations. Trade grew in the 1960s.\n"
    "Last year, Alpha granted 152 scholarships to students of Beta.\n"
    "Why Gamma Wins Again ? by A. Writer\n"
    "(The Union is a trade bloc established in 2015.)\n"
    "We will keep working together. Thank you for your attention.\n"
    "\n"
)

TABLES: dict[str, list[dict[str, str]]] = {
    "sources.csv": [
        {"source_id": SOURCE_ID, "title": "Speech at the Testville forum", "author": "Jane Doe",
         "author_role": "Minister of Alpha", "venue": "Testville Forum", "place": "Testville",
         "date": "2025-03-01", "language": "en", "text_path": TEXT_PATH,
         "sha256": hashlib.sha256(TEXT.encode()).hexdigest(), "url": "", "notes": "",
         "completeness": "", "inferred": "", "genre": ""},
    ],
    "segments.csv": [
        {"source_id": SOURCE_ID, "line": "1", "kind": "header", "note": "Who spoke, where."},
        {"source_id": SOURCE_ID, "line": "4", "kind": "extraneous", "note": "Another article."},
        {"source_id": SOURCE_ID, "line": "5", "kind": "editorial", "note": "Publisher's gloss."},
    ],
    "themes.csv": [
        {"theme_id": "history", "title": "History", "description": "Before 2000.",
         "position": "2"},
        {"theme_id": "education", "title": "Education", "description": "Scholarships.",
         "position": "1"},
    ],
    "entities.csv": [
        {"entity_id": "alpha", "name": "Alpha", "kind": "country", "country": "ALP",
         "aliases": "", "lat": "", "lon": "", "description": "A country."},
        {"entity_id": "beta", "name": "Beta", "kind": "country", "country": "BET",
         "aliases": "Beta|students of Beta", "lat": "", "lon": "",
         "description": "Another country."},
        {"entity_id": "testville", "name": "Testville", "kind": "place", "country": "ALP",
         "aliases": "", "lat": "12.5", "lon": "-45.25", "description": "A city."},
    ],
    "facts.csv": [
        {"fact_id": "relations-1948", "source_id": SOURCE_ID, "theme_id": "history",
         "kind": "event", "modality": "achieved", "summary": "Alpha and Beta established ties.",
         "quote": "On May 1, 1948, Alpha and Beta established relations.",
         "date_start": "1948-05-01", "date_end": "1948-05-01", "date_precision": "day",
         "date_text": "May 1, 1948", "value": "", "unit": "", "verification": "corroborated",
         "reference": "archive.example/1948", "notes": ""},
        {"fact_id": "trade-1960s", "source_id": SOURCE_ID, "theme_id": "history",
         "kind": "event", "modality": "achieved", "summary": "Trade grew in the 1960s.",
         "quote": "Trade grew in the 1960s.", "date_start": "1960-01-01",
         "date_end": "1969-12-31", "date_precision": "decade", "date_text": "the 1960s",
         "value": "", "unit": "", "verification": "unverified", "reference": "", "notes": ""},
        {"fact_id": "scholarships", "source_id": SOURCE_ID, "theme_id": "education",
         "kind": "event", "modality": "achieved", "summary": "Alpha granted scholarships.",
         "quote": "Last year, Alpha granted 152 scholarships to students of Beta.",
         "date_start": "2024-01-01", "date_end": "2024-12-31", "date_precision": "year",
         "date_text": "Last year", "value": "152", "unit": "scholarships",
         "verification": "unverified", "reference": "",
         "notes": "scholarships-granted-2024 gives no number."},
        {"fact_id": "keep-working", "source_id": SOURCE_ID, "theme_id": "education",
         "kind": "position", "modality": "stance", "summary": "The speaker pledges to go on.",
         "quote": "We will keep working\n  together. Thank you for your attention.",
         "date_start": "", "date_end": "", "date_precision": "none", "date_text": "",
         "value": "", "unit": "", "verification": "not-applicable", "reference": "",
         "notes": ""},
    ],
    "fact_entities.csv": [
        {"fact_id": "relations-1948", "entity_id": "alpha", "role": "participant"},
        {"fact_id": "relations-1948", "entity_id": "beta", "role": "participant"},
        {"fact_id": "scholarships", "entity_id": "beta", "role": "subject"},
    ],
    "chronology.csv": [
        {"event_id": "notes-exchanged-1948", "date_start": "1948-05-01",
         "date_end": "1948-05-01", "date_precision": "day", "theme_id": "history",
         "kind": "agreement", "summary": "Alpha and Beta exchanged notes establishing ties.",
         "reference": "https://archive.example/1948", "notes": "",
         "title": "Notes exchanged", "part_of": ""},
        {"event_id": "trade-pact-1965", "date_start": "1965-01-01", "date_end": "1965-12-31",
         "date_precision": "year", "theme_id": "history", "kind": "agreement",
         "summary": "Alpha and Beta signed a trade pact.",
         "reference": "https://archive.example/1965|http://news.example/pact", "notes": "",
         "title": "Trade pact", "part_of": ""},
        {"event_id": "border-war-1971", "date_start": "1971-12-01", "date_end": "1971-12-31",
         "date_precision": "month", "theme_id": "history", "kind": "crisis",
         "summary": "Beta fought a war that Alpha backed the other side of.",
         "reference": "https://archive.example/1971", "notes": "",
         "title": "Border war of 1971", "part_of": ""},
        {"event_id": "scholarships-granted-2024", "date_start": "2024-01-01",
         "date_end": "2024-12-31", "date_precision": "year", "theme_id": "education",
         "kind": "project", "summary": "Alpha granted scholarships to Beta Republic students.",
         "reference": "https://ministry.example/scholarships", "notes": "",
         "title": "Scholarships granted", "part_of": ""},
        {"event_id": "forum-testville-2025", "date_start": "2025-06-01",
         "date_end": "2025-06-30", "date_precision": "month", "theme_id": "education",
         "kind": "meeting", "summary": "A second forum met in Testville.",
         "reference": "https://forum.example/2025", "notes": "After the speech.",
         "title": "Second Testville forum", "part_of": ""},
    ],
    "chronology_entities.csv": [
        {"event_id": "notes-exchanged-1948", "entity_id": "alpha", "role": "participant"},
        {"event_id": "notes-exchanged-1948", "entity_id": "beta", "role": "participant"},
        {"event_id": "forum-testville-2025", "entity_id": "alpha", "role": "subject"},
    ],
    "fact_events.csv": [
        {"fact_id": "relations-1948", "event_id": "notes-exchanged-1948",
         "relation": "mentions", "note": ""},
        {"fact_id": "trade-1960s", "event_id": "trade-pact-1965", "relation": "alludes",
         "note": "Growth, not the pact, is named."},
        {"fact_id": "scholarships", "event_id": "scholarships-granted-2024",
         "relation": "mentions", "note": ""},
    ],
    "questions.csv": [
        {"question_id": "when-relations", "theme_id": "history", "kind": "recall",
         "prompt": "When were relations established?", "answer": "On 1 May 1948 [relations-1948].",
         "fact_ids": "relations-1948", "event_ids": ""},
        {"question_id": "what-grew", "theme_id": "history", "kind": "analysis",
         "prompt": "What grew in the 1960s?",
         "answer": "Trade [trade-1960s], after relations [relations-1948], under a pact "
                   "[trade-pact-1965].",
         "fact_ids": "trade-1960s|relations-1948", "event_ids": "trade-pact-1965"},
        {"question_id": "how-many", "theme_id": "", "kind": "recall",
         "prompt": "How many scholarships?", "answer": "152 [scholarships].",
         "fact_ids": "scholarships", "event_ids": ""},
    ],
}


@dataclass
class DataPackage:
    """A data package on disk, with the edits tests use to break it."""

    path: Path

    def file(self, name: str) -> Path:
        return self.path / name

    def read(self, name: str) -> str:
        return self.file(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        self.file(name).write_text(text, encoding="utf-8", newline="")

    def replace(self, name: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in a file, as a curator's slip would."""
        text = self.read(name)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        self.write(name, text.replace(old, new))

    def remove(self, name: str) -> None:
        self.file(name).unlink()

    def rows(self, name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.read(name), newline="")))

    def write_rows(self, name: str, rows: list[dict[str, str]],
                   columns: list[str] | None = None) -> None:
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=columns or list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        self.write(name, out.getvalue())

    def set(self, name: str, row: int, column: str, value: str) -> None:
        """Set one cell; ``row`` numbered as in problems (header = 1, first data row = 2)."""
        rows = self.rows(name)
        assert column in rows[row - 2], f"no column {column} in {name}"
        rows[row - 2][column] = value
        self.write_rows(name, rows)

    def edit_fact(self, fact_id: str, column: str, value: str) -> None:
        """Set one cell of the fact ``fact_id``, as a curator's edit would."""
        rows = self.rows("facts.csv")
        matches = [r for r in rows if r["fact_id"] == fact_id]
        assert matches and column in matches[0], f"no fact {fact_id} or column {column}"
        matches[0][column] = value
        self.write_rows("facts.csv", rows)

    def header(self, name: str) -> list[str]:
        return next(csv.reader(io.StringIO(self.read(name), newline="")))

    def drop_row(self, name: str, row: int) -> None:
        rows = self.rows(name)
        del rows[row - 2]
        self.write_rows(name, rows, self.header(name))

    def drop_column(self, name: str, column: str) -> None:
        rows = self.rows(name)
        for r in rows:
            del r[column]
        self.write_rows(name, rows)


def drop_titles(package: DataPackage) -> None:
    """The record without its optional ``title`` column, in the data and the descriptor, as
    a package curated before titles would be."""
    package.drop_column("chronology.csv", "title")
    descriptor = json.loads(package.read("datapackage.json"))
    schema = next(r for r in descriptor["resources"] if r["name"] == "chronology")["schema"]
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "title"]
    package.write("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))


def build_package(path: Path) -> DataPackage:
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(BUNDLED_DATA_DIR / "datapackage.json", path / "datapackage.json")
    package = DataPackage(path)
    (path / "sources").mkdir()
    package.write(TEXT_PATH, TEXT)
    for name, rows in TABLES.items():
        package.write_rows(name, rows)
    # no claim of the fixture touches a theme besides its own
    package.write_rows("fact_themes.csv", [], ["fact_id", "theme_id"])
    return package


def errors(package: DataPackage) -> list[tuple[str, int | None, str | None, str]]:
    """The errors of a package as (file, row, column, message), in reported order."""
    return [_where(p) for p in validate(package.path) if p.severity == "error"]


def warnings(package: DataPackage) -> list[tuple[str, int | None, str | None, str]]:
    return [_where(p) for p in validate(package.path) if p.severity == "warning"]


def _where(p: Problem) -> tuple[str, int | None, str | None, str]:
    return (p.file, p.row, p.column, p.message)


def add_energy_theme(pkg: DataPackage) -> None:
    """A theme with an event of the record and no claim."""
    pkg.write_rows("themes.csv", [*pkg.rows("themes.csv"), {
        "theme_id": "energy", "title": "Energy", "description": "Oil and gas.",
        "position": "3"}])
    pkg.write_rows("chronology.csv", [*pkg.rows("chronology.csv"), {
        "event_id": "pipeline-2015", "date_start": "2015-10-16", "date_end": "2015-10-16",
        "date_precision": "day", "theme_id": "energy", "kind": "agreement",
        "summary": "Alpha and Beta agreed on a gas pipeline. Work began later.",
        "reference": "https://energy.example/2015", "notes": "",
        "title": "Gas pipeline agreement", "part_of": ""}])


def one_cell_notebooks(folder: Path, *, setup: bool = False) -> Path:
    """Report notebooks of one cell each beside their parameters: builds of the output folder,
    its lock and its manifest run them in a fraction of the real reports' time.

    With ``setup``, the real notebook's setup cell (which loads the corpus) comes first and
    the one cell shows the summaries of the claims and events the report reads: enough for a
    test that edits one and looks for it on the page, at a fifth of a real report's time.
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from rupak_lib.data.paths import NOTEBOOKS_DIR

    folder.mkdir(parents=True, exist_ok=True)
    for path in NOTEBOOKS_DIR.glob("*.ipynb"):
        real = nbformat.read(path, as_version=4)
        code = [c for c in real.cells if c.cell_type == "code"]
        parameters = next((c for c in code if "parameters" in c.metadata.get("tags", [])),
                          None)
        cells = [new_code_cell('print("one cell")', id="only")]
        if setup and "rk.load(" in "".join(c.source for c in code):
            first = next(c for c in code if "rk.load(" in c.source)
            cells = [new_code_cell(first.source, id="setup"),
                     new_code_cell('from IPython.display import Markdown\n'
                                   'Markdown("\\n\\n".join([*corpus.facts["summary"], '
                                   '*corpus.chronology["summary"]]))',
                                   id="only")]
        if parameters is not None:
            cells.insert(0, new_code_cell(parameters.source, id="parameters",
                                          metadata={"tags": ["parameters"]}))
        nb = new_notebook(cells=cells, metadata=real.metadata)
        nbformat.write(nb, folder / path.name)
    return folder
