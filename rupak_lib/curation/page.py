"""The curation page of a source (``/curate/ID`` in ``rupak preview``): its whole text sentence
by sentence, and beside each sentence its drafted claims, to accept, reject or edit, and its
accepted facts, to edit. Writes go to the preview's API (:mod:`rupak_lib.build.curate_api`)
with the page's token and the versions of the files it was built from.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rupak_lib.analysis.markup import plural
from rupak_lib.analysis.speech import lines
from rupak_lib.curation.draft import DRAFT_COLUMNS, drafts_path
from rupak_lib.curation.edit import draft_links, versions
from rupak_lib.data.contract import (
    DATE_PRECISIONS,
    FACT_KINDS,
    MODALITIES,
    RELATIONS,
    ROLES,
    VERIFICATIONS,
)

if TYPE_CHECKING:
    from rupak_lib.data.corpus import Corpus

TEMPLATES = Path(__file__).parent / "templates"
#: A draft below this confidence is shown by the "low confidence" filter.
LOW_CONFIDENCE = 0.6
TEXT_FIELDS = ("summary", "date_start", "date_end", "date_text", "value", "unit", "reference")
LONG_FIELDS = ("quote", "notes")


@dataclass
class Item:
    """A drafted claim or an accepted fact as the page shows it."""

    fact_id: str
    values: dict[str, str]
    entities: list[dict[str, str]]
    events: list[dict[str, str]]
    draft: bool
    confidence: float | None = None
    why: str = ""
    sentences: list[int] = field(default_factory=list)

    @property
    def low(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE


def read_drafts(data_dir: Path, source_id: str) -> list[dict[str, str]]:
    path = drafts_path(data_dir, source_id)
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _confidence(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _placed(items: list[Item], sentences: dict[int, str]) -> None:
    """The sentences each draft quotes: those its quote contains or lies in."""
    for item in items:
        quote = " ".join(item.values.get("quote", "").split())
        item.sentences = [n for n, text in sentences.items()
                          if quote and (quote in " ".join(text.split())
                                        or " ".join(text.split()) in quote)]


def items(corpus: Corpus, source_id: str) -> tuple[list[Item], list[Item]]:
    """The drafts and the facts of a source."""
    drafts = []
    for row in read_drafts(corpus.data_dir, source_id):
        entities, events = draft_links(row)
        drafts.append(Item(row.get("fact_id", ""), {c: row.get(c, "") for c in DRAFT_COLUMNS},
                           entities, events, True, _confidence(row.get("confidence", "")),
                           row.get("why", "")))
    mine = corpus.facts[corpus.facts["source_id"] == source_id]
    facts = []
    for f in mine.itertuples():
        raw = {c: _text(getattr(f, c)) for c in DRAFT_COLUMNS if hasattr(f, c)}
        ents = corpus.fact_entities[corpus.fact_entities["fact_id"] == f.fact_id]
        evs = corpus.fact_events[corpus.fact_events["fact_id"] == f.fact_id]
        facts.append(Item(f.fact_id, raw,
                          [{"entity_id": e, "role": str(r)} for e, r in
                           zip(ents["entity_id"], ents["role"], strict=True)],
                          [{"event_id": e, "relation": str(r), "note": _text(n)} for e, r, n in
                           zip(evs["event_id"], evs["relation"], evs["note"], strict=True)],
                          False, sentences=list(f.sentence_numbers)))
    return drafts, facts


def _text(value: object) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def page(corpus: Corpus, source_id: str, token: str | None) -> str:
    """The curation page; ``token`` None makes it read-only (no write is offered)."""
    import jinja2

    views = lines(corpus, source_id)
    sentences = {s.number: s.html for v in views for s in v.sentences}
    mine = corpus.sentences[corpus.sentences["source_id"] == source_id]
    plain = {int(n): str(t) for n, t in zip(mine["sentence"], mine["text"], strict=True)}
    drafts, facts = items(corpus, source_id)
    _placed(drafts, plain)
    placed = {n for d in drafts for n in d.sentences}
    by_sentence = {n: ([d for d in drafts if n in d.sentences],
                       [f for f in facts if n in f.sentences]) for n in sentences}
    script = (TEMPLATES / "curate.js").read_text("utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             keep_trailing_newline=True)
    src = corpus.sources.set_index("source_id").loc[source_id]
    state = {"source": source_id, "versions": versions(corpus.data_dir, source_id),
             "token": token or "", "roles": list(ROLES), "relations": list(RELATIONS)}
    return env.get_template("curate.html.j2").render(
        source_id=source_id, title=str(src["title"]), author=str(src["author"]),
        lines=views, by_sentence=by_sentence, unplaced=[d for d in drafts if not d.sentences],
        waiting=waiting(len(drafts), len(placed)), read_only=token is None,
        state=json.dumps(state).replace("<", "\\u003c"),
        script=script, script_hash=script_hash(script),
        themes=list(zip(corpus.themes["theme_id"], corpus.themes["title"], strict=True)),
        choices={"kind": FACT_KINDS, "modality": MODALITIES, "date_precision": DATE_PRECISIONS,
                 "verification": VERIFICATIONS},
        roles=ROLES, relations=RELATIONS, text_fields=TEXT_FIELDS, long_fields=LONG_FIELDS,
        entity_ids=list(corpus.entities["entity_id"]),
        event_ids=list(corpus.chronology["event_id"]), low=LOW_CONFIDENCE)


def waiting(drafts: int, sentences: int) -> str:
    """What is left to curate, in words: "2 drafted claims wait on 1 sentence"."""
    if drafts == 0:
        return "No drafted claim waits"
    left = f"{plural(drafts, 'drafted claim')} {'waits' if drafts == 1 else 'wait'}"
    return f"{left} on {plural(sentences, 'sentence')}" if sentences else left
