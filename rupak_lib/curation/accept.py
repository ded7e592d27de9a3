"""Accepting drafted claims: moving them from ``drafts/ID.csv`` into facts.csv,
fact_entities.csv and fact_events.csv, only if the package validates after the move.

The move is tried on a copy of the package first; if the copy has an error, nothing is
written and the errors are raised as a DataValidationError, listed as ``rupak validate``
lists them. Accepted rows leave the drafts file; the others stay for later.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rupak_lib.curation.add_source import _appended
from rupak_lib.curation.draft import DRAFT_COLUMNS, drafts_path
from rupak_lib.data.contract import CONTRACT, RELATIONS, ROLES
from rupak_lib.data.paths import replacing
from rupak_lib.exceptions import CurationError, DataValidationError


@dataclass(frozen=True)
class Accepted:
    facts: int
    entity_links: int
    event_links: int
    left: int  # drafts still waiting


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise CurationError(str(path), "no drafts file; run rupak draft first")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in DRAFT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CurationError(f"{path}:1", "missing column(s): " + ", ".join(missing))
        return list(reader)


def _links(path: Path, number: int, row: dict[str, str]
           ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The entity and event links a draft row lists, each checked; located errors."""
    entities, events = [], []
    notes = {}
    for part in (row.get("why") or "").split("; "):
        if part.startswith("record ") and ": " in part:
            event, note = part.removeprefix("record ").split(": ", 1)
            notes[event] = note
    for item in filter(None, (row.get("entity_ids") or "").split("|")):
        entity, _, role = item.partition(":")
        if role not in ROLES:
            raise CurationError(f"{path}:{number}: entity_ids",
                                f'"{item}" needs a role, one of {", ".join(ROLES)}')
        entities.append({"fact_id": row["fact_id"], "entity_id": entity.strip(), "role": role})
    for item in filter(None, (row.get("event_ids") or "").split("|")):
        event, _, relation = item.partition(":")
        if relation not in RELATIONS:
            raise CurationError(f"{path}:{number}: event_ids",
                                f'"{item}" needs a relation, one of {", ".join(RELATIONS)}')
        events.append({"fact_id": row["fact_id"], "event_id": event.strip(),
                       "relation": relation, "note": notes.get(event.strip(), "")})
    return entities, events


def _select(rows: list[dict[str, str]], path: Path, fact_ids: list[str], every: bool,
            min_confidence: float | None) -> list[int]:
    if fact_ids:
        known = {r["fact_id"]: i for i, r in enumerate(rows)}
        unknown = [f for f in fact_ids if f not in known]
        if unknown:
            raise CurationError(str(path), "no draft with id " + ", ".join(unknown))
        return [known[f] for f in fact_ids]
    if every:
        return list(range(len(rows)))
    if min_confidence is not None:
        chosen = []
        for i, r in enumerate(rows):
            try:
                if float(r["confidence"]) >= min_confidence:
                    chosen.append(i)
            except ValueError:
                raise CurationError(f"{path}:{i + 2}: confidence",
                                    f'"{r["confidence"]}" is not a number') from None
        return chosen
    raise CurationError(str(path), "name the drafts to accept: fact ids, --all or "
                                   "--min-confidence X")


def accept(data_dir: str | Path, source_id: str, fact_ids: list[str] | tuple = (),
           every: bool = False, min_confidence: float | None = None) -> Accepted:
    """Move the chosen drafts into the package if it validates after the move."""
    from rupak_lib.data.validate import check

    data_dir = Path(data_dir)
    path = drafts_path(data_dir, source_id)
    rows = _read(path)
    chosen = _select(rows, path, list(fact_ids), every, min_confidence)
    facts, entities, events = [], [], []
    for i in chosen:
        row = rows[i]
        facts.append({c: row.get(c, "") for c in CONTRACT["facts"].columns})
        e, v = _links(path, i + 2, row)
        entities += e
        events += v
    tables = {"facts.csv": facts, "fact_entities.csv": entities, "fact_events.csv": events}
    texts = {name: _appended(data_dir / name, added) for name, added in tables.items()}
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data_dir, trial, ignore=shutil.ignore_patterns("drafts", ".*"))
        for name, text in texts.items():
            (trial / name).write_text(text, "utf-8")
        report = check(trial)
        if report.errors:
            raise DataValidationError(report.problems, data_dir)
    kept = [r for i, r in enumerate(rows) if i not in set(chosen)]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(DRAFT_COLUMNS), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(kept)
    with replacing(data_dir / "facts.csv") as f, \
            replacing(data_dir / "fact_entities.csv") as fe, \
            replacing(data_dir / "fact_events.csv") as fv, replacing(path) as d:
        f.write_text(texts["facts.csv"], "utf-8")
        fe.write_text(texts["fact_entities.csv"], "utf-8")
        fv.write_text(texts["fact_events.csv"], "utf-8")
        d.write_text(out.getvalue(), "utf-8")
    return Accepted(len(facts), len(entities), len(events), len(kept))
