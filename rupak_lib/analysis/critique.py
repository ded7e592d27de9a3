"""The findings of a source critique: coverage, allusions, contested claims, the record and
the framing the source adopts (the rules of :mod:`findings` applied to one source)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from rupak_lib.analysis import actors, framing, per_source
from rupak_lib.analysis import record as rec
from rupak_lib.analysis.findings import Finding, _are, escape, rule_record
from rupak_lib.analysis.markup import join, plural
from rupak_lib.analysis.narrative import is_excerpt
from rupak_lib.analysis.tables import body_sentences
from rupak_lib.data.corpus import Corpus


def rule_coverage(sentences: pd.DataFrame) -> Finding | None:
    """How many body sentences the claims cite."""
    body = body_sentences(sentences)
    if body.empty:
        return None
    cited = int(body["fact_ids"].map(bool).sum())
    return Finding(f"The claims cite {cited} of its {len(body)} body sentences.", "coverage")


def rule_allusions(allusions: pd.DataFrame) -> Finding | None:
    """Claims that refer to events only indirectly, and the widest of them."""
    if allusions.empty:
        return None
    widest = allusions.iloc[0]
    verb = "refers" if len(allusions) == 1 else "refer"
    return Finding(f"{plural(len(allusions), 'claim')} {verb} "
                   f"to events of the record only indirectly; the widest, "
                   f"{escape(str(widest['fact_id']))}, passes over "
                   f"{plural(int(widest['events']), 'event')} ({widest['years']}).", "euphemism")


def rule_contested(facts: pd.DataFrame, fact_events: pd.DataFrame) -> Finding | None:
    """Claims public references contest, and claims the record disputes."""
    if facts.empty:
        return None
    contested = int((facts["verification"].astype("string") == "contested").sum())
    disputed = fact_events[(fact_events["relation"].astype("string") == "contradicts")
                           & fact_events["fact_id"].isin(facts["fact_id"])]["fact_id"].nunique()
    head = "No claim is" if contested == 0 else f"{plural(contested, 'claim')} {_are(contested)}"
    return Finding(f"{head} contested by public references; the record disputes "
                   f"{disputed or 'none'}.", "contested")


def critique_findings(corpus: Corpus) -> list[Finding]:
    """The findings of a source critique, from the source alone (``per_source.alone``),
    said of it in the words of its genre ("the speech", "the article")."""
    record = rec.theme_record(corpus.chronology, corpus.fact_events, corpus.sources)
    who = per_source.subject(corpus)
    rules: list[Callable[[], Finding | None]] = [
        lambda: rule_coverage(corpus.sentences),
        lambda: rule_allusions(rec.allusions(corpus.facts, corpus.fact_events,
                                             corpus.chronology)),
        lambda: rule_contested(corpus.facts, corpus.fact_events),
        lambda: Finding(rule_record(record, corpus.sources["date"].max(), who,
                                    scope="").text, "euphemism")
        if len(record) else None,
        lambda: rule_framing(corpus),
        lambda: rule_unnamed_actors(corpus, who),
    ]
    return [f for f in (r() for r in rules) if f is not None]


def rule_framing(corpus: Corpus) -> Finding | None:
    """The vocabulary of official Russian foreign-policy discourse the source adopts, and the
    stances it gives to both countries beside what the record says each did on its own."""
    terms = framing.framing(corpus.sentences)
    attributed = framing.attributed_positions(corpus.facts, corpus.sentences)
    if terms.empty and attributed.empty:
        return None
    parts = []
    if not terms.empty:
        parts.append(f"uses {plural(len(terms), 'term')} of the vocabulary of official "
                     f"Russian foreign policy ({join([escape(t) for t in terms['term']])})")
    if not attributed.empty:
        conduct = framing.own_conduct(attributed, corpus.facts, corpus.fact_entities,
                                      corpus.entities, corpus.chronology,
                                      corpus.chronology_entities)
        said = (f"gives {plural(len(attributed), 'stance')} to both countries "
                f"(“{escape(str(attributed['cue'].iloc[0]))}”)")
        if len(conduct):
            said += (f", while the record shows {escape(str(conduct['country'].iloc[-1]))} "
                     f"acting on its own: {escape(str(conduct['title'].iloc[-1]))} "
                     f"({conduct['date_start'].iloc[-1].year})")
        parts.append(said)
    text = "It " + "; it ".join(parts)
    return Finding(text + ".", "framing")


def rule_unnamed_actors(corpus: Corpus, who: str, years: int = 10, shown: int = 3
                        ) -> Finding | None:
    """The actors the record of the source's last decade involves and the source never names,
    the most involved first: whom a text leaves out says as much as what."""
    unnamed = actors.unnamed_actors(corpus, years)
    if unnamed.empty:
        return None
    top = [f"{escape(str(r.name))} ({plural(int(r.events), 'event')})"
           for r in unnamed.head(shown).itertuples()]
    more = len(unnamed) - len(top)
    tail = f", among {more} others" if more > 0 else ""
    part = (", in the part received," if any(is_excerpt(s) for s in corpus.sources.itertuples())
            else "")
    return Finding(f"The record of {actors.period_words(corpus, years)} involves "
                   f"{plural(len(unnamed), 'actor')} that {who}{part} never names: "
                   f"{join(top)}{tail}.", "euphemism")
