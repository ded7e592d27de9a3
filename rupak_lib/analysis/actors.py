"""Who the record names and a source never does: the actors of the years a source speaks in
(states, organisations, people) that its events involve and the source leaves unnamed.

A source "names" an actor when one of its claims links the entity or when its body text
says the entity's name or one of its aliases; either is enough, so that an actor is listed
only when the text is silent on it, not merely its curation.
"""

from __future__ import annotations

import re

import pandas as pd

from rupak_lib.analysis.tables import body_sentences
from rupak_lib.data.corpus import Corpus

#: Entity kinds that act; places, facilities and programmes are where or what, not who.
ACTOR_KINDS = ("country", "organization", "person")
COLUMNS = ["entity_id", "name", "kind", "events", "years", "event_ids"]


def _said(entities: pd.DataFrame, text: str) -> set[str]:
    """Entities whose name or an alias appears in ``text`` as whole words."""
    found = set()
    for e in entities.itertuples():
        names = {str(e.name)} | {a for a in str(e.aliases or "").split("|") if a}
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names):
            found.add(e.entity_id)
    return found


def _authors(entities: pd.DataFrame, authors: str) -> set[str]:
    """The sources' own authors and speakers ("Albert Khorev" in "Albert P. Khorev"): a text
    need not name the one who says it."""
    words = set(re.findall(r"\w+", authors.casefold()))
    return {e.entity_id for e in entities.itertuples()
            if set(re.findall(r"\w+", str(e.name).casefold())) <= words}


def unnamed_actors(corpus: Corpus, years: int = 10) -> pd.DataFrame:
    """Actors that events of the record in the ``years`` up to the latest source's date
    involve and that no claim or body sentence of the corpus names, the most involved first.

    Read with ``per_source.alone`` to ask it of one source."""
    if corpus.sources.empty or corpus.chronology.empty:
        return pd.DataFrame(columns=COLUMNS)
    end = pd.Timestamp(corpus.sources["date"].max())
    start = end - pd.DateOffset(years=years)
    chron = corpus.chronology
    period = chron[(chron["date_start"] > start) & (chron["date_start"] <= end)]
    actors = corpus.entities[corpus.entities["kind"].astype("string").isin(ACTOR_KINDS)]
    links = corpus.chronology_entities.merge(period[["event_id", "date_start"]], on="event_id")
    links = links[links["entity_id"].isin(actors["entity_id"])]
    text = " ".join(body_sentences(corpus.sentences)["text"].astype(str))
    authors = " ".join(corpus.sources["author"].astype(str))
    named = (set(corpus.fact_entities["entity_id"]) | _said(actors, text)
             | _authors(actors, authors))
    links = links[~links["entity_id"].isin(named)]
    if links.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = []
    for entity_id, group in links.groupby("entity_id", sort=True):
        entity = actors[actors["entity_id"] == entity_id].iloc[0]
        first, last = group["date_start"].min().year, group["date_start"].max().year
        ids = group.drop_duplicates("event_id").sort_values(["date_start", "event_id"])
        rows.append({"entity_id": entity_id, "name": entity["name"], "kind": entity["kind"],
                     "events": len(ids),
                     "years": str(first) if first == last else f"{first}–{last}",
                     "event_ids": ", ".join(ids["event_id"])})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["events", "name"], ascending=[False, True], kind="stable"
                           ).reset_index(drop=True)


def period_words(corpus: Corpus, years: int = 10) -> str:
    """The span ``unnamed_actors`` reads, in words: "2016–2026"."""
    end = pd.Timestamp(corpus.sources["date"].max())
    return f"{(end - pd.DateOffset(years=years)).year}–{end.year}"
