"""What each seminar exercise works on, so that none can be passed without doing the work.

An exercise whose right answer is empty (no event in the year, no hedging sentence, no claim
at all) is passed by an empty result: a student learns nothing and is told "correct". A
session keeps its own claims for an exercise when they give something to find; otherwise
the exercise works on the whole corpus, and the handout says so. Exercise 2's year is one in
which the claims worked on have events: the year before the speech when it has any.
"""

from __future__ import annotations

import os
from collections import Counter

import pandas as pd

from rupak_lib.analysis import tables as analysis
from rupak_lib.data.corpus import Corpus

__all__ = ["exercise_corpus", "exercise_scope", "has_work", "session_year", "unnamed_actors"]

#: What each exercise needs to find in the claims it works on.
NEEDS = {
    1: "claims",
    2: "events dated within a single year",
    3: "actors of the record that no claim names",
    4: "quoted sentences that hedge",
}


def _events_by_year(facts: pd.DataFrame) -> pd.Series:
    """How many events start and end in each year (the claims exercise 2 selects)."""
    events = facts[(facts["kind"].astype("string") == "event") & facts["date_start"].notna()
                   & (facts["date_start"].dt.year == facts["date_end"].dt.year)]
    return events["date_start"].dt.year.value_counts()


#: The kinds of entity exercise 3 counts: those that act (not places, plants or programmes).
ACTOR_KINDS = ("country", "organization", "person")


def unnamed_actors(corpus: Corpus) -> Counter:
    """Exercise 3's answer, by entity name: the events of the record up to the latest source
    that involve each actor no claim names. Counted here with sets rather than the joins of
    the notebook's solution, so that the check does not repeat what it checks."""
    said = corpus.sources["date"].max()
    before = {e for e, start in zip(corpus.chronology["event_id"],
                                    corpus.chronology["date_start"], strict=True)
              if pd.notna(start) and start <= said}
    kind = dict(zip(corpus.entities["entity_id"], corpus.entities["kind"].astype(str),
                    strict=True))
    name = dict(zip(corpus.entities["entity_id"], corpus.entities["name"], strict=True))
    named = set(corpus.fact_entities["entity_id"])
    events: dict[str, set[str]] = {}
    for event_id, entity_id in zip(corpus.chronology_entities["event_id"],
                                   corpus.chronology_entities["entity_id"], strict=True):
        if event_id in before and kind.get(entity_id) in ACTOR_KINDS and entity_id not in named:
            events.setdefault(str(name[entity_id]), set()).add(event_id)
    return Counter({n: len(ids) for n, ids in events.items()})


def has_work(corpus: Corpus, number: int) -> bool:
    """Whether ``corpus`` gives exercise ``number`` a non-empty right answer."""
    if number == 1:
        return not corpus.facts.empty
    if number == 2:
        return not _events_by_year(corpus.facts).empty
    if number == 3:
        return bool(unnamed_actors(corpus))
    if number == 4:
        quoted = corpus.sentences[corpus.sentences["fact_ids"].map(len) > 0]
        return not analysis.hedging(quoted, {"hedging": analysis.HEDGING_TERMS}).empty
    raise ValueError(f"no exercise {number}")


def exercise_corpus(session: Corpus, number: int, data_dir: str | os.PathLike[str] | None = None,
                    everything: Corpus | None = None) -> Corpus:
    """The corpus exercise ``number`` works on: the session's, or the whole corpus (of
    ``data_dir``, without the model answers) when the session has nothing for it to find.

    The whole corpus is loaded only then, so that a session that has work for every
    exercise holds no claim of another theme.
    """
    if has_work(session, number):
        return session
    if everything is None:
        from rupak_lib.data.load import load
        from rupak_lib.teaching.questions import without_answers

        everything = without_answers(load(data_dir))
    return everything


def session_year(corpus: Corpus) -> int:
    """The year exercise 2 is about: the year before the latest source when the claims have
    events in it, else the year with most events (the latest of equals)."""
    before = int(corpus.sources["date"].max().year) - 1
    counts = _events_by_year(corpus.facts)
    if counts.empty or before in counts.index:
        return before
    best = counts.max()
    return int(max(y for y, n in counts.items() if n == best))


def exercise_scope(session: Corpus, number: int,
                   data_dir: str | os.PathLike[str] | None = None) -> str:
    """One line for the handout: what the exercise works on, and for exercise 2 the year."""
    if has_work(session, number):
        scope = "this session's claims"
    else:
        scope = (f"the claims of the whole corpus, since this session has no "
                 f"{NEEDS[number]} (`work` holds them)")
    extra = ""
    if number == 2:
        extra = f"; the year is {session_year(exercise_corpus(session, 2, data_dir))}"
    return f"*This exercise works on {scope}{extra}.*"
