"""The writes of the curation page: accept, reject or edit a draft, edit a fact.

Each write names the versions (sha256) of the files the page was built from; a file changed
on disk since is a conflict (:class:`CurationConflict`) and nothing is written. The package
as it would be after the write is validated on a copy first; an error there
(:class:`CurationInvalid`) writes nothing either. Files are then replaced atomically and
only the rows touched change (:mod:`rows`). Rejected drafts are remembered in
``drafts/ID.rejected.csv`` so that ``rupak draft`` does not propose them again.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from rupak_lib.curation.draft import DRAFT_COLUMNS, drafts_path, rejected_path
from rupak_lib.curation.rows import CsvRows
from rupak_lib.data.contract import CONTRACT, RELATIONS, ROLES
from rupak_lib.data.paths import write_atomic
from rupak_lib.exceptions import CurationConflict, CurationError, CurationInvalid

LINK_FILES = ("facts.csv", "fact_entities.csv", "fact_events.csv")
#: The columns of a fact a form may set; the ids stay as they are.
EDITABLE = tuple(c for c in CONTRACT["facts"].columns if c not in ("fact_id", "source_id"))


def versions(data_dir: Path, source_id: str) -> dict[str, str]:
    """The sha256 of each file a curation write may change, by its path in the package ("" for
    a file not there)."""
    names = [*LINK_FILES, _rel(drafts_path(data_dir, source_id), data_dir),
             _rel(rejected_path(data_dir, source_id), data_dir)]
    out = {}
    for name in names:
        path = Path(data_dir) / name
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return out


def _rel(path: Path, data_dir: Path) -> str:
    return path.relative_to(data_dir).as_posix()


def _check_versions(data_dir: Path, source_id: str, seen: Mapping[str, str],
                    touched: list[str]) -> None:
    now = versions(data_dir, source_id)
    for name in touched:
        if name not in seen:
            raise CurationError(name, "the request does not say which version of it the "
                                      "page was built from")
        if seen[name] != now.get(name, ""):
            raise CurationConflict(name)


def _links(fact_id: str, entity_links: list[Mapping[str, str]],
           event_links: list[Mapping[str, str]]) -> tuple[list[dict], list[dict]]:
    entities, events = [], []
    for link in entity_links:
        role = str(link.get("role", ""))
        if role not in ROLES:
            raise CurationError("role", f'"{role}" is not one of {", ".join(ROLES)}')
        entities.append({"fact_id": fact_id, "entity_id": str(link.get("entity_id", "")),
                         "role": role})
    for link in event_links:
        relation = str(link.get("relation", ""))
        if relation not in RELATIONS:
            raise CurationError("relation", f'"{relation}" is not one of {", ".join(RELATIONS)}')
        events.append({"fact_id": fact_id, "event_id": str(link.get("event_id", "")),
                       "relation": relation, "note": str(link.get("note", ""))})
    return entities, events


def _commit(data_dir: Path, texts: dict[str, str], validate: bool = True) -> None:
    """Validate the package with ``texts`` in place of its files, then write them."""
    if validate:
        from rupak_lib.data.validate import check

        with tempfile.TemporaryDirectory() as tmp:
            trial = Path(tmp) / "data"
            shutil.copytree(data_dir, trial, ignore=shutil.ignore_patterns("drafts", ".*"))
            for name, text in texts.items():
                if not name.startswith("drafts/"):
                    (trial / name).write_text(text, "utf-8", newline="")
            report = check(trial)
            if report.errors:
                raise CurationInvalid(report.errors)
    for name, text in texts.items():  # the package's tables first: a crash between two
        write_atomic(Path(data_dir) / name, text)  # leaves a draft twice, never a claim lost


def _draft(data_dir: Path, source_id: str, draft_id: str) -> tuple[CsvRows, dict[str, str]]:
    path = drafts_path(data_dir, source_id)
    if not path.is_file():
        raise CurationError(_rel(path, data_dir), "no drafts file; run rupak draft first")
    table = CsvRows.read(path)
    found = [r for r in table.rows() if r.get("fact_id") == draft_id]
    if not found:
        raise CurationError(draft_id, "no such draft")
    return table, found[0]


def draft_links(row: Mapping[str, str]) -> tuple[list[dict], list[dict]]:
    """A draft's ``entity_ids`` and ``event_ids`` as link rows, the record notes taken from
    its ``why`` ("record EVENT: note")."""
    notes = {}
    for part in str(row.get("why") or "").split("; "):
        if part.startswith("record ") and ": " in part:
            event, note = part.removeprefix("record ").split(": ", 1)
            notes[event] = note
    entities = [dict(zip(("entity_id", "role"), item.split(":", 1), strict=False))
                for item in filter(None, str(row.get("entity_ids") or "").split("|"))]
    events = []
    for item in filter(None, str(row.get("event_ids") or "").split("|")):
        event, _, relation = item.partition(":")
        events.append({"event_id": event, "relation": relation, "note": notes.get(event, "")})
    return entities, events


def accept_draft(data_dir: Path, source_id: str, draft_id: str, seen: Mapping[str, str],
                 changes: Mapping[str, str] | None = None) -> None:
    """Move one draft (with ``changes`` to its columns) into the package with its links."""
    data_dir = Path(data_dir)
    drafts_name = _rel(drafts_path(data_dir, source_id), data_dir)
    _check_versions(data_dir, source_id, seen, [*LINK_FILES, drafts_name])
    drafts, row = _draft(data_dir, source_id, draft_id)
    row = {**row, **{k: str(v) for k, v in (changes or {}).items() if k in EDITABLE}}
    entity_links, event_links = draft_links(row)
    entities, events = _links(draft_id, entity_links, event_links)
    tables = {name: CsvRows.read(data_dir / name) for name in LINK_FILES}
    tables["facts.csv"].replace(lambda r: False, [row])
    tables["fact_entities.csv"].replace(lambda r: False, entities)
    tables["fact_events.csv"].replace(lambda r: False, events)
    drafts.replace(lambda r: r.get("fact_id") == draft_id, [])
    _commit(data_dir, {**{n: t.text() for n, t in tables.items()}, drafts_name: drafts.text()})


def reject_draft(data_dir: Path, source_id: str, draft_id: str,
                 seen: Mapping[str, str]) -> None:
    """Drop one draft and remember its quote, so that drafting again does not propose it."""
    data_dir = Path(data_dir)
    drafts_name = _rel(drafts_path(data_dir, source_id), data_dir)
    rejected = rejected_path(data_dir, source_id)
    _check_versions(data_dir, source_id, seen, [drafts_name, _rel(rejected, data_dir)])
    drafts, row = _draft(data_dir, source_id, draft_id)
    drafts.replace(lambda r: r.get("fact_id") == draft_id, [])
    memory = CsvRows.read(rejected) if rejected.is_file() else \
        CsvRows.parse("fact_id,quote\n")
    memory.replace(lambda r: False, [{"fact_id": draft_id, "quote": row.get("quote", "")}])
    _commit(data_dir, {drafts_name: drafts.text(), _rel(rejected, data_dir): memory.text()},
            validate=False)


def save_draft(data_dir: Path, source_id: str, draft_id: str, changes: Mapping[str, str],
               entity_links: list[Mapping[str, str]], event_links: list[Mapping[str, str]],
               seen: Mapping[str, str]) -> None:
    """Rewrite one draft with the form's values: it stays a draft until accepted."""
    data_dir = Path(data_dir)
    drafts_name = _rel(drafts_path(data_dir, source_id), data_dir)
    _check_versions(data_dir, source_id, seen, [drafts_name])
    drafts, row = _draft(data_dir, source_id, draft_id)
    _links(draft_id, entity_links, event_links)  # roles and relations from the contract
    row = {**row, **{k: str(v) for k, v in changes.items() if k in EDITABLE}}
    row["entity_ids"] = "|".join(f"{e['entity_id']}:{e['role']}" for e in entity_links)
    row["event_ids"] = "|".join(f"{e['event_id']}:{e['relation']}" for e in event_links)
    drafts.replace(lambda r: r.get("fact_id") == draft_id, [row])
    _commit(data_dir, {drafts_name: drafts.text()}, validate=False)


def save_fact(data_dir: Path, source_id: str, fact_id: str, changes: Mapping[str, str],
              entity_links: list[Mapping[str, str]], event_links: list[Mapping[str, str]],
              seen: Mapping[str, str]) -> None:
    """Rewrite one fact and its links, nothing else, if the package validates after it."""
    data_dir = Path(data_dir)
    _check_versions(data_dir, source_id, seen, list(LINK_FILES))
    tables = {name: CsvRows.read(data_dir / name) for name in LINK_FILES}
    found = [r for r in tables["facts.csv"].rows() if r.get("fact_id") == fact_id]
    if not found:
        raise CurationError(fact_id, "no such fact")
    row = {**found[0], **{k: str(v) for k, v in changes.items() if k in EDITABLE}}
    entities, events = _links(fact_id, entity_links, event_links)
    tables["facts.csv"].replace(lambda r: r.get("fact_id") == fact_id, [row])
    tables["fact_entities.csv"].replace(lambda r: r.get("fact_id") == fact_id, entities)
    tables["fact_events.csv"].replace(lambda r: r.get("fact_id") == fact_id, events)
    _commit(data_dir, {n: t.text() for n, t in tables.items()})


__all__ = ["DRAFT_COLUMNS", "EDITABLE", "accept_draft", "draft_links", "reject_draft",
           "save_draft", "save_fact", "versions"]
