"""A valid data package whose every text field carries a payload from payloads.py.

Each value is ``LABEL PAYLOAD``, the label naming the field (``themes.title``), so that a
page shows, after each label it displays, exactly the payload: an escaped payload does, an
interpreted one (a tag, a link, emphasis, an entity, math) does not. The source text gets
one labelled payload per body line, and each fact quotes one of them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from datapkg import SOURCE_ID, TEXT_PATH, DataPackage, build_package
from payloads import PAYLOADS, payload

TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "sources.csv": ("title", "author", "author_role", "venue", "place", "url", "notes"),
    "segments.csv": ("note",),
    "themes.csv": ("title", "description"),
    "entities.csv": ("name", "aliases", "description"),
    "facts.csv": ("summary", "date_text", "unit", "reference", "notes"),
    "chronology.csv": ("summary", "notes"),
    "fact_events.csv": ("note",),
    "questions.csv": ("prompt", "answer"),
}


def labelled_payloads() -> dict[str, str]:
    """Every label a hostile package uses, with the payload that follows it."""
    out: dict[str, str] = {}
    n = 0
    for name, columns in TEXT_FIELDS.items():
        for column in columns:
            for row in range(5):  # the largest table of datapkg has 5 rows
                out[_label(name, column, row)] = payload(n)
                n += 1
    for line in range(len(PAYLOADS)):
        out[f"text{line}"] = payload(line)
    return out


def _label(name: str, column: str, row: int) -> str:
    return f"{name.removesuffix('.csv')}{row}-{column}"


def build_hostile_package(path: Path) -> DataPackage:
    pkg = build_package(path)
    labels = labelled_payloads()
    lines = pkg.read(TEXT_PATH).rstrip("\n").split("\n")
    extra = [f"{label} {text}" for label, text in labels.items() if label.startswith("text")]
    text = "\n".join(lines + extra) + "\n"
    pkg.write(TEXT_PATH, text)
    for name, columns in TEXT_FIELDS.items():
        rows = pkg.rows(name)
        for row, values in enumerate(rows):
            for column in columns:
                values[column] = f"{_label(name, column, row)} {labels[_label(name, column, row)]}"
        if name == "questions.csv":  # an answer cites the facts its question lists
            for values in rows:
                ids = values["fact_ids"].split("|") + values.get("event_ids", "").split("|")
                cited = " ".join(f"[{i}]" for i in ids if i)
                values["answer"] += f" {cited}"
        if name == "facts.csv":  # an undated claim may not word a date
            for values in rows:
                if values["date_precision"] == "none":
                    values["date_text"] = ""
        if name == "sources.csv":
            rows[0]["sha256"] = hashlib.sha256(text.encode()).hexdigest()
        if name == "facts.csv":
            for i, values in enumerate(rows):  # each fact quotes a hostile body line
                values["quote"] = extra[i]
            rows[0]["verification"] = "contested"  # contested facts are listed with notes
        pkg.write_rows(name, rows, pkg.header(name))
    assert SOURCE_ID in pkg.read("sources.csv")
    return pkg
