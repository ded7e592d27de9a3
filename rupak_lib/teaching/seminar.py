"""The helpers ``notebooks/seminar.ipynb`` calls: questions, answers, stray lines in context,
and the checks of the exercises.

The notebook is written once and gives both handouts (see ``handouts.py``). What the
student's version runs holds no answer: its corpus and its session are built without the
``answer`` column, which only the cells tagged ``answer`` load; and the checks compare a
result with one computed here, so that no check cell shows how to compute it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TypeVar

import pandas as pd

from rupak_lib.analysis import tables as analysis
from rupak_lib.analysis.narrative import plural
from rupak_lib.data.corpus import Corpus
from rupak_lib.exceptions import ExerciseCheckError, SolutionRegionError
from rupak_lib.teaching.answer_cells import ask
from rupak_lib.teaching.exercise_data import (
    ACTOR_KINDS,
    exercise_corpus,
    exercise_scope,
    session_year,
    unnamed_actors,
)
from rupak_lib.teaching.handouts import (
    ALL_SESSIONS,
    CORPUS_SESSION,
    Session,
    sessions,
    write_handouts,
)
from rupak_lib.teaching.questions import (
    SESSION_ORDER,
    answers,
    in_context,
    intro,
    questions,
    session_questions,
    without_answers,
)
from rupak_lib.teaching.solutions import (
    ANSWER_TAG,
    BEGIN_SOLUTION,
    CODE_STUB,
    END_SOLUTION,
    EXERCISE_TAG,
    NOTEBOOK,
    RAISES_TAG,
    TEXT_STUB,
    TEXT_TAG,
    has_solution,
    strip_solutions,
    student_version,
)

__all__ = [  # what the notebook calls, and the handout names, in one place for it
    "ALL_SESSIONS", "ANSWER_TAG", "BEGIN_SOLUTION", "CODE_STUB", "CORPUS_SESSION",
    "END_SOLUTION", "EXERCISE_TAG", "NOTEBOOK", "RAISES_TAG", "SESSION_ORDER", "TEXT_STUB",
    "TEXT_TAG", "ExerciseCheckError", "Session", "SolutionRegionError", "answers", "ask",
    "attempted", "check_exercise", "exercise_corpus", "exercise_scope", "has_solution",
    "in_context", "intro", "questions", "session_questions", "session_year", "sessions",
    "strip_solutions", "student_version", "without_answers", "write_handouts",
]

_T = TypeVar("_T")


def attempted(namespace: Mapping[str, object], *names: str) -> bool:
    """Whether an exercise has defined its results; if not, say so rather than fail.

    A check cell runs its assertions only after the exercise above it has run, so the
    student's notebook runs through with its exercises still open.
    """
    missing = [n for n in names if n not in namespace]
    if missing:
        print(f"Not done yet: {', '.join(missing)} is not defined. "
              "Write the exercise above, run it, then run this check again.")
        return False
    return True


def check_exercise(number: int, value: object, corpus: Corpus, *,
                   year: int | None = None) -> None:
    """Check the result of exercise ``number`` of the notebook against ``corpus``; print
    that it is correct, or raise ExerciseCheckError saying what is wrong.

    The expected result is computed here, by other means than the notebook's solution, so
    that the check cell a student sees calls this and gives nothing of the solution away.
    Exercise 2 is about one ``year``.
    """
    checks: dict[int, Callable[[], str]] = {
        1: lambda: _check_shares(value, corpus.facts),
        2: lambda: _check_events(value, corpus.facts, year),
        3: lambda: _check_unnamed(value, corpus),
        4: lambda: _check_hedged(value, corpus.sentences),
    }
    if number not in checks:
        raise ValueError(f"no exercise {number}; the notebook has {len(checks)}")
    try:
        print(f"Exercise {number}: correct{checks[number]()}.")
    except ExerciseCheckError as err:
        raise ExerciseCheckError(f"Exercise {number}: {err}") from None


def _fail_unless(ok: bool, message: str) -> None:
    if not ok:
        raise ExerciseCheckError(message)


def _of_type(value: object, kind: type[_T], name: str, what: str) -> _T:
    if not isinstance(value, kind):
        raise ExerciseCheckError(f"{name} should be a {kind.__name__} {what}, "
                                 f"not {type(value).__name__}.")
    return value


def _check_shares(shares: object, facts: pd.DataFrame) -> str:
    shares = _of_type(shares, pd.Series, "shares", "indexed by modality")
    modalities = [str(m) for m in facts["modality"].cat.categories]
    _fail_unless(not shares.empty, "shares is empty: it needs one share per modality, "
                 "zero for a modality that no claim has.")
    _fail_unless([str(m) for m in shares.index] == modalities,
                 "shares should be indexed by every modality, in the order of the "
                 f"categories ({', '.join(modalities)}), with zero for a missing one.")
    counts = Counter(str(m) for m in facts["modality"].dropna())
    got = pd.to_numeric(shares, errors="coerce").to_numpy(dtype=float)
    wrong = [m for m, v in zip(modalities, got, strict=True)
             if not math.isclose(v, counts[m] / max(len(facts), 1), abs_tol=1e-9)]
    _fail_unless(not wrong, f"the share of {', '.join(wrong)} is not right: a share is the "
                 "number of claims of that modality divided by the number of all claims.")
    return ""


def _check_events(events: object, facts: pd.DataFrame, year: int | None) -> str:
    if year is None:
        raise ValueError("exercise 2 is checked for a year: pass year=")
    events = _of_type(events, pd.DataFrame, "events", "of rows of facts")
    _fail_unless({"fact_id", "date_start"} <= set(events.columns),
                 "events should keep the columns of facts: select rows, not columns.")
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year + 1, 1, 1)
    inside = (facts["date_start"].between(start, end, inclusive="left")
              & facts["date_end"].between(start, end, inclusive="left"))
    expected = set(facts.loc[inside & (facts["kind"].astype("string") == "event"), "fact_id"])
    got = list(events["fact_id"])
    _fail_unless(bool(got) or not expected,
                 f"events is empty, but {plural(len(expected), 'claim')} of this session "
                 f"{'is an event' if len(expected) == 1 else 'are events'} of {year}.")
    extra = sorted(set(got) - expected)
    _fail_unless(not extra, f"events holds {', '.join(extra)}, not an event that starts and "
                 f"ends in {year}.")
    missing = expected - set(got)
    _fail_unless(not missing, f"events misses {plural(len(missing), 'event')} of {year}: "
                 "look at both ends of each claim's period.")
    _fail_unless(len(got) == len(expected), "events holds some claims more than once.")
    _fail_unless(events["date_start"].is_monotonic_increasing, "sort events by date_start.")
    return f", {plural(len(got), 'event')} in {year}"


def _check_unnamed(unnamed: object, corpus: Corpus) -> str:
    unnamed = _of_type(unnamed, pd.Series, "unnamed", "indexed by entity name")
    expected = unnamed_actors(corpus)
    top = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:10]
    _fail_unless(not unnamed.empty or not expected,
                 f"unnamed is empty, but the record of this session involves "
                 f"{plural(len(expected), 'actor')} that no claim names.")
    claimed = set(corpus.entities.loc[corpus.entities["entity_id"].isin(
        corpus.fact_entities["entity_id"]), "name"])
    actors = set(corpus.entities.loc[corpus.entities["kind"].astype(str).isin(ACTOR_KINDS),
                                     "name"])
    for name in unnamed.index:
        _fail_unless(name not in claimed, f"{name} is named by a claim of this session: keep "
                     "only the actors no claim names.")
        _fail_unless(name in actors, f"{name} is not a country, an organization or a "
                     "person: keep only the actors.")
        _fail_unless(name in expected, f"{name} is in no event of the record up to the "
                     "source's date.")
    _fail_unless(unnamed.index.is_unique, "unnamed should name each actor once.")
    counts = pd.to_numeric(unnamed, errors="coerce")
    for name, count in counts.items():
        _fail_unless(count == expected[name], f"the count of {name} is not right: count the "
                     "events of the record, up to the source's date, that involve it.")
    _fail_unless(list(counts.index) == [n for n, _ in top][:len(counts)],
                 "sort unnamed from the most events down, equal counts by name.")
    _fail_unless(len(counts) == len(top), f"unnamed should hold the first {len(top)} actors, "
                 f"not {len(counts)}.")
    return f", {plural(len(expected), 'actor')} of the record go unnamed"


def _check_hedged(hedged: object, sentences: pd.DataFrame) -> str:
    hedged = _of_type(hedged, pd.DataFrame, "hedged", "of rows of corpus.sentences")
    _fail_unless({"source_id", "sentence"} <= set(hedged.columns),
                 "hedged should keep the columns of corpus.sentences: select rows, not columns.")
    quoted = sentences[sentences["fact_ids"].map(len) > 0]
    found = analysis.hedging(quoted, {"hedging": analysis.HEDGING_TERMS})
    expected = set(zip(found["source_id"], found["sentence"], strict=True))
    got = list(zip(hedged["source_id"], hedged["sentence"], strict=True))
    _fail_unless(bool(got) or not expected,
                 f"hedged is empty, but {len(expected)} of the {len(quoted)} sentences that "
                 "the claims of this session quote hedge.")
    quoted_keys = set(zip(quoted["source_id"], quoted["sentence"], strict=True))
    unquoted = sorted(n for _, n in set(got) - quoted_keys)
    _fail_unless(not unquoted, "hedged holds sentences that no claim of this session quotes: "
                 + ", ".join(f"S{n}" for n in unquoted) + ".")
    plain = sorted(n for _, n in (set(got) & quoted_keys) - expected)
    _fail_unless(not plain, "hedged holds sentences without a hedging word: "
                 + ", ".join(f"S{n}" for n in plain) + ".")
    missing = expected - set(got)
    _fail_unless(not missing, f"hedged misses {plural(len(missing), 'sentence')} that "
                 "hedge: match HEDGES ignoring case.")
    _fail_unless(len(got) == len(expected), "hedged holds some sentences more than once.")
    return f", {len(got)} of the {len(quoted)} quoted sentences hedge"
