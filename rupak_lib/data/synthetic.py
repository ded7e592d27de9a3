"""Synthetic data packages of any size, for the scale benchmark and tests of validation at scale.

A package follows the bundled descriptor and writes every table of the contract. Its texts
are distinct sentences, each quoted by exactly one fact (a whole sentence, or a clause of
one), so that it validates without a problem; ``broken`` facts get a misspelt quote on
purpose, to measure and test how validation points at the sentence meant.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from rupak_lib.data.contract import CONTRACT
from rupak_lib.data.paths import BUNDLED_DATA_DIR

SOURCE_DATE = "2026-02-09"

_PLACES = [("karachi", "Karachi", 24.86, 67.01), ("lahore", "Lahore", 31.55, 74.34),
           ("moscow", "Moscow", 55.76, 37.62), ("islamabad", "Islamabad", 33.68, 73.05),
           ("kazan", "Kazan", 55.79, 49.12), ("quetta", "Quetta", 30.18, 66.98),
           ("samara", "Samara", 53.2, 50.15), ("multan", "Multan", 30.16, 71.52)]
_ACTORS = ["delegation", "ministry", "commission", "council", "company", "university",
           "agency", "mission", "chamber", "institute"]
_VERBS = ["signed", "opened", "reviewed", "completed", "announced", "discussed", "extended",
          "approved", "launched", "inspected"]
_THINGS = ["an accord", "a pipeline", "a survey", "a treaty", "a programme", "a corridor",
           "a shipment", "a plant", "an exchange", "a grant"]
_KINDS = [("event", "achieved"), ("project", "ongoing"), ("project", "planned"),
          ("mechanism", "ongoing"), ("position", "stance"), ("assessment", "stance"),
          ("project", "potential")]


@dataclass(frozen=True)
class SyntheticPackage:
    path: Path
    facts: int
    sentences: int
    broken: tuple[str, ...]  # fact ids whose quote was misspelt


def sentence(n: int, rng: random.Random) -> tuple[str, str]:
    """Sentence number ``n`` and the place it names; the number makes it unique."""
    place = rng.choice(_PLACES)
    text = (f"In {1950 + n % 75} the {rng.choice(_ACTORS)} of {place[1]} "
            f"{rng.choice(_VERBS)} {rng.choice(_THINGS)} numbered {n} with its partners.")
    return text, place[0]


def write_package(path: Path, n_facts: int, *, n_sources: int = 10, n_themes: int = 200,
                  broken: int = 0, seed: int = 0) -> SyntheticPackage:
    """Write a valid package of ``n_facts`` facts (and as many sentences) to ``path``."""
    rng = random.Random(seed)
    path.mkdir(parents=True, exist_ok=True)
    (path / "sources").mkdir(exist_ok=True)
    shutil.copy(BUNDLED_DATA_DIR / "datapackage.json", path / "datapackage.json")
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in CONTRACT}
    spoil = set(rng.sample(range(n_facts), broken)) if broken else set()
    themes = [f"theme-{t:03d}" for t in range(n_themes)]
    tables["themes"] = [{"theme_id": t, "title": f"Theme {i}", "description": "Synthetic.",
                         "position": str(i + 1)} for i, t in enumerate(themes)]
    tables["entities"] = [{"entity_id": e, "name": name, "kind": "place", "country": "PAK",
                           "aliases": name, "lat": str(lat), "lon": str(lon),
                           "description": "A city."} for e, name, lat, lon in _PLACES]
    per_source = [n_facts // n_sources + (s < n_facts % n_sources) for s in range(n_sources)]
    broken_ids: list[str] = []
    n = 0
    for s, count in enumerate(per_source):
        source_id = f"source-{s:03d}"
        lines = [f"Speaker {s} at the synthetic forum on {SOURCE_DATE}", ""]
        line: list[str] = []
        for _ in range(count):
            n += 1
            text, place = sentence(n, rng)
            line.append(text)
            if len(line) == 3:
                lines.append(" ".join(line))
                line = []
                if len(lines) % 6 == 0:
                    lines.append("")  # a paragraph ends: a new body block
            fact_id = f"fact-{n:06d}"
            quote = text if n % 3 else text.split(" ", 2)[2]  # a clause: cut at whole words
            if n - 1 in spoil:
                quote = quote.replace("numbered", "numbred")
                broken_ids.append(fact_id)
            tables["facts"].append(_fact(fact_id, source_id, themes[n % n_themes], quote, n))
            tables["fact_entities"].append({"fact_id": fact_id, "entity_id": place,
                                            "role": "location"})
        if line:
            lines.append(" ".join(line))
        raw = ("\n".join(lines) + "\n").encode("utf-8")
        text_path = f"sources/{source_id}.txt"
        (path / text_path).write_bytes(raw)
        tables["sources"].append({
            "source_id": source_id, "title": f"Synthetic speech {s}", "author": f"Speaker {s}",
            "author_role": "Speaker", "venue": "Forum", "place": "Islamabad",
            "date": SOURCE_DATE, "language": "en", "text_path": text_path,
            "sha256": hashlib.sha256(raw).hexdigest(), "url": "", "notes": ""})
        tables["segments"].append({"source_id": source_id, "line": "1", "kind": "header",
                                   "note": "Who spoke."})
    linked: dict[str, str] = {}
    for e in range(max(1, n // 10)):  # the record: an event for every tenth claim
        event_id, year = f"event-{e:06d}", 1950 + e % 75
        tables["chronology"].append({
            "event_id": event_id, "date_start": f"{year}-01-01", "date_end": f"{year}-12-31",
            "date_precision": "year", "theme_id": themes[e % n_themes], "kind": "meeting",
            "title": f"Meeting {e}", "summary": f"Synthetic event {e}.", "reference": f"https://example.org/{e}",
            "notes": ""})
        tables["chronology_entities"].append({"event_id": event_id,
                                              "entity_id": _PLACES[e % len(_PLACES)][0],
                                              "role": "location"})
        if 10 * e + 1 <= n:
            tables["fact_events"].append({"fact_id": f"fact-{10 * e + 1:06d}",
                                          "event_id": event_id, "relation": "mentions",
                                          "note": ""})
            linked[f"fact-{10 * e + 1:06d}"] = event_id
    events = [e["event_id"] for e in tables["chronology"]]
    for i, fact in enumerate(tables["facts"]):  # every dated event claim points to the record
        if fact["kind"] == "event" and fact["fact_id"] not in linked:
            tables["fact_events"].append({"fact_id": fact["fact_id"],
                                          "event_id": events[i % len(events)],
                                          "relation": "alludes", "note": "synthetic"})
    for fact in tables["facts"]:  # a claim that mentions an event says why it is unchecked
        if fact["fact_id"] in linked:
            fact["notes"] = f"{linked[fact['fact_id']]} is synthetic: not checked."
    first_of = {}
    for fact in tables["facts"]:
        if fact["fact_id"] not in broken_ids:
            first_of.setdefault(fact["theme_id"], fact["fact_id"])
    tables["questions"] = [{"question_id": f"q-{t}", "theme_id": t, "kind": "recall",
                            "prompt": "What happened?", "answer": f"This [{f}].",
                            "fact_ids": f, "event_ids": ""} for t, f in first_of.items()]
    descriptor = json.loads((path / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:  # the descriptor's columns: optional ones too
        columns = [f["name"] for f in resource["schema"]["fields"]]
        _write_csv(path / resource["path"], columns, tables.get(resource["name"], []))
    return SyntheticPackage(path, n_facts, n, tuple(broken_ids))


def _fact(fact_id: str, source_id: str, theme_id: str, quote: str, n: int) -> dict[str, str]:
    kind, modality = _KINDS[n % len(_KINDS)]
    year = 1950 + n % 75
    dated = modality != "stance"
    return {"fact_id": fact_id, "source_id": source_id, "theme_id": theme_id, "kind": kind,
            "modality": modality, "summary": f"Synthetic claim {n}.", "quote": quote,
            "date_start": f"{year}-01-01" if dated else "",
            "date_end": f"{year}-12-31" if dated else "",
            "date_precision": "year" if dated else "none",
            "date_text": f"In {year}" if dated else "", "value": str(n) if n % 5 == 0 else "",
            "unit": "units" if n % 5 == 0 else "",
            "verification": "not-applicable" if not dated else "unverified",
            "reference": "", "notes": ""}


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
