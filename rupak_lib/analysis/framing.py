"""The framing a source adopts: the vocabulary of official Russian foreign-policy discourse it
uses, and the positions it attributes to the partner or to both countries.

The vocabulary is kept as data (``framing_terms.csv`` beside this module: a term, the regular
expression that finds it, a one-line gloss written by the team), so that an analyst can extend
it: ``framing(corpus.sentences, terms=my_terms)`` takes any frame of those three columns.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from rupak_lib.analysis.display import Html, sentence_refs
from rupak_lib.analysis.record import event_names
from rupak_lib.analysis.tables import body_sentences, format_period

TERMS_FILE = Path(__file__).with_name("framing_terms.csv")

#: Words by which a speaker gives a position to both countries, or to the partner.
ATTRIBUTION = re.compile(
    r"\b(?:we are united by|together,? we|we (?:both|jointly|share)|"
    r"(?:our|both) (?:two )?countries (?:share|support|oppose|stand|advocate|are united)|"
    r"our (?:shared|common) (?:commitment|position|view)s?)\b",
    re.IGNORECASE)
#: The kinds of event in which a country's own conduct shows: what it did, voted or said.
CONDUCT_KINDS = ("multilateral", "statement", "visit", "agreement", "military", "crisis")


@cache
def framing_terms() -> pd.DataFrame:
    """The team's list of framing terms: ``term``, ``pattern``, ``gloss``."""
    return pd.read_csv(TERMS_FILE, dtype="str", keep_default_na=False)


def framing(sentences: pd.DataFrame, terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each framing term the body sentences use: its gloss, how often, and where.

    Columns ``term``, ``gloss``, ``uses`` (matches, a sentence may use a term twice) and
    ``sentences`` (links to them); terms no sentence uses are left out, most used first.
    """
    terms = framing_terms() if terms is None else terms
    body = body_sentences(sentences)
    rows = []
    for term in terms.itertuples():
        pattern = re.compile(term.pattern, re.IGNORECASE)
        hits = [(s, n, len(pattern.findall(t))) for s, n, t in
                zip(body["source_id"], body["sentence"], body["text"], strict=True)]
        hits = [h for h in hits if h[2]]
        if not hits:
            continue
        by_source: dict[str, list[int]] = {}
        for s, n, _ in hits:
            by_source.setdefault(s, []).append(int(n))
        refs = sentence_refs(list(by_source), list(by_source.values()))
        rows.append((term.term, term.gloss, sum(h[2] for h in hits),
                     refs[0] if len(refs) == 1 else Html("; ".join(r.__html__() for r in refs))))
    out = pd.DataFrame(rows, columns=["term", "gloss", "uses", "sentences"])
    out["uses"] = out["uses"].astype("int64")
    return out.sort_values("uses", ascending=False, kind="stable").reset_index(drop=True)


def attributed_positions(facts: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The stances a source gives to both countries or to the partner ("we are united by",
    "together, we oppose", "our countries"): claims whose sentence carries such words.

    Columns ``fact_id``, ``summary``, ``cue`` (the words) and ``sentences``.
    """
    text = {(s, int(n)): t for s, n, t in
            zip(sentences["source_id"], sentences["sentence"], sentences["text"], strict=True)}
    rows = []
    for fact in facts.itertuples():
        cues = [m.group(0) for n in fact.sentence_numbers
                if (m := ATTRIBUTION.search(text.get((fact.source_id, int(n)), "")))]
        if cues and str(fact.modality) == "stance":
            rows.append((fact.fact_id, fact.summary, cues[0], fact.source_id,
                         tuple(fact.sentence_numbers)))
    out = pd.DataFrame(rows, columns=["fact_id", "summary", "cue", "source_id", "numbers"])
    out["sentences"] = sentence_refs(out["source_id"], out["numbers"])
    return out.drop(columns=["source_id", "numbers"])


def own_conduct(attributed: pd.DataFrame, facts: pd.DataFrame, fact_entities: pd.DataFrame,
                entities: pd.DataFrame, chronology: pd.DataFrame,
                chronology_entities: pd.DataFrame) -> pd.DataFrame:
    """What the record says each country did on its own in the themes of the attributed
    positions: events in which one of the countries named in them takes part without the
    other, of a kind that shows conduct (a vote, a statement, a visit, an agreement...)."""
    columns = ["event_id", "date_start", "period", "country", "title", "summary", "reference"]
    chosen = facts[facts["fact_id"].isin(set(attributed["fact_id"]))]
    countries = set(entities.loc[entities["kind"].astype("string") == "country", "entity_id"])
    named = set(fact_entities.loc[fact_entities["fact_id"].isin(set(chosen["fact_id"]))
                                  & fact_entities["entity_id"].isin(countries), "entity_id"])
    if len(named) < 2:
        return pd.DataFrame(columns=columns)
    themes = set(chosen["theme_id"])
    taking_part = chronology_entities[chronology_entities["role"].astype("string")
                                      == "participant"]
    by_event = taking_part.groupby("event_id")["entity_id"].agg(lambda e: set(e) & named)
    alone = {e: next(iter(c)) for e, c in by_event.items() if len(c) == 1}
    events = chronology[chronology["event_id"].isin(set(alone))
                        & chronology["theme_id"].isin(themes)
                        & chronology["kind"].astype("string").isin(CONDUCT_KINDS)]
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    periods = [format_period(a, b, p) for a, b, p in
               zip(events["date_start"], events["date_end"], events["date_precision"], strict=True)]
    out = pd.DataFrame({"event_id": events["event_id"], "date_start": events["date_start"],
                        "period": periods,
                        "country": [names.get(alone[e], alone[e]) for e in events["event_id"]],
                        "title": event_names(events), "summary": events["summary"],
                        "reference": events["reference"]}, columns=columns)
    return out.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
