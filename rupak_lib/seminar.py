"""The helpers ``notebooks/seminar.ipynb`` calls: questions, answers, stray lines in context,
and the checks of the exercises.

The notebook is written once and gives both handouts (see ``handouts.py``). What the
student's version runs holds no answer: its corpus and its session are built without the
``answer`` column, which only the cells tagged ``answer`` load; and the checks compare a
result with one computed here, so that no check cell shows how to compute it.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import pandas as pd

from . import analysis
from .answer_cells import ask
from .corpus import Corpus
from .exceptions import ExerciseCheckError, SolutionRegionError
from .exercise_data import exercise_corpus, exercise_scope, session_year
from .handouts import (
    ALL_SESSIONS,
    ANSWER_TAG,
    BEGIN_SOLUTION,
    CODE_STUB,
    CORPUS_SESSION,
    END_SOLUTION,
    EXERCISE_TAG,
    NOTEBOOK,
    RAISES_TAG,
    TEXT_STUB,
    TEXT_TAG,
    Session,
    has_solution,
    sessions,
    strip_solutions,
    student_version,
    write_handouts,
)
from .markup import md
from .words import plural

__all__ = [  # the handout names are kept here for the callers of the earlier single module
    "ALL_SESSIONS", "ANSWER_TAG", "BEGIN_SOLUTION", "CODE_STUB", "CORPUS_SESSION",
    "END_SOLUTION", "EXERCISE_TAG", "NOTEBOOK", "RAISES_TAG", "SESSION_ORDER", "TEXT_STUB",
    "TEXT_TAG", "ExerciseCheckError", "Session", "SolutionRegionError", "answers", "ask",
    "attempted", "check_exercise", "exercise_corpus", "exercise_scope", "has_solution",
    "in_context", "intro", "questions", "session_questions", "session_year", "sessions",
    "strip_solutions", "student_version", "without_answers", "write_handouts",
]

_T = TypeVar("_T")

#: The order in which the session takes the kinds of question (every kind of the
#: contract): first reading the source critically, then what it says, then what it means.
SESSION_ORDER = ("source-criticism", "recall", "analysis", "discussion")

_FACT_REF = re.compile(r"\[([a-z0-9][a-z0-9-]*)\]")


def intro(corpus: Corpus, theme_id: str | None) -> str:
    """Title and scope of the session, for the top of the handout."""
    if theme_id is None:
        title = "the whole corpus"
        scope = ("Every theme of the speech: "
                 + "; ".join(md(t.lower()) for t in corpus.themes["title"]) + ".")
    else:
        theme = corpus.themes.set_index("theme_id").loc[theme_id]
        title, scope = md(theme["title"]), md(theme["description"])
    facts = corpus.facts if theme_id is None else \
        corpus.facts[corpus.facts["theme_id"] == theme_id]
    n_questions = len(session_questions(corpus.questions, theme_id))
    src = corpus.sources.sort_values("date").iloc[-1]
    return (f"# Seminar: {title}\n\n{scope}\n\n"
            f"We work on **{len(facts)} curated claims** drawn from {md(src['author'])}'s "
            f"“{md(src['title'])}” ({src['date'].day} {src['date']:%B %Y}), with "
            f"{plural(n_questions, 'question')} for discussion.")


def without_answers(corpus: Corpus) -> Corpus:
    """``corpus`` without the model answers, for the objects a student's notebook builds."""
    return dataclasses.replace(
        corpus, questions=corpus.questions.drop(columns="answer", errors="ignore"))


def session_questions(questions: pd.DataFrame, theme_id: str | None) -> pd.DataFrame:
    """The questions of a session, numbered Q1, Q2, … in the order the session takes them,
    without their answers (see :func:`answers`).

    A theme's session has the theme's questions; the whole corpus's session has those that
    belong to no theme (a blank ``theme_id`` means the whole corpus).
    """
    return _numbered(questions, theme_id).drop(columns="answer", errors="ignore")


def _numbered(questions: pd.DataFrame, theme_id: str | None) -> pd.DataFrame:
    mine = questions["theme_id"].isna() if theme_id is None else \
        questions["theme_id"] == theme_id
    rows = questions[mine.fillna(False).astype(bool)]
    kinds = [k for k in SESSION_ORDER if k in set(rows["kind"].astype("string"))]
    kinds += sorted(set(rows["kind"].astype("string").dropna()) - set(kinds))
    rank = rows["kind"].astype("string").map({k: i for i, k in enumerate(kinds)})
    rows = rows.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank")
    rows = rows.reset_index(drop=True)
    rows.insert(0, "label", [f"Q{i}" for i in range(1, len(rows) + 1)])
    return rows


def _of_kinds(questions: pd.DataFrame, kinds: Iterable[str]) -> pd.DataFrame:
    return questions[questions["kind"].astype("string").isin(list(kinds))]


def _kind_words(kinds: Sequence[str]) -> str:
    words = [k.replace("-", " ") for k in kinds]
    return " or ".join(words)


def questions(session: pd.DataFrame, kinds: Sequence[str]) -> str:
    """The session's questions of some kinds, as Markdown (``session`` from
    :func:`session_questions`, so that the numbers match the answers)."""
    rows = _of_kinds(session, kinds)
    if rows.empty:
        return f"*This session has no {_kind_words(kinds)} questions.*"
    return "\n\n".join(_question_markdown(q) for q in rows.itertuples())


def _question_markdown(q: object) -> str:
    return f"**{q.label}** ({str(q.kind).replace('-', ' ')}). {md(q.prompt)}"


def answers(questions: pd.DataFrame, theme_id: str | None, kinds: Sequence[str]) -> str:
    """The model answers to :func:`questions`, as Markdown; the facts they rest on in code.

    ``questions`` are the corpus's, answers included: only a cell that shows answers loads
    them, so that the session the other cells use never carries one.
    """
    rows = _of_kinds(_numbered(questions, theme_id), kinds)
    if rows.empty:
        return "*No model answers for this part.*"
    items = [f"**{q.label}.** " + _answer_text(str(q.answer)) for q in rows.itertuples()]
    return "\n\n".join(["**Model answers** (instructor's version only)", *items])


def _answer_text(answer: str) -> str:
    """An answer as Markdown: its text escaped, the facts it cites (``[fact-id]``) as code."""
    parts = _FACT_REF.split(answer)  # text, fact id, text, fact id, ..., text
    return "".join(f"`{part}`" if odd else md(part)
                   for odd, part in ((i % 2 == 1, p) for i, p in enumerate(parts)))


def in_context(sentences: pd.DataFrame, around: int = 1,
               kinds: Sequence[str] = ("editorial", "extraneous")) -> pd.DataFrame:
    """The lines of ``kinds`` with ``around`` non-blank lines either side, in text order.

    A stray headline or a publisher's gloss is easiest to spot, and its effect on a reader
    easiest to judge, between the lines of speech that surround it.
    """
    lines = analysis.text_lines(sentences)
    keep: set[int] = set()
    for _, group in lines.groupby("source_id", sort=True):
        positions = list(group.index)
        for i, idx in enumerate(positions):
            if str(group.at[idx, "kind"]) in kinds:
                keep.update(positions[max(0, i - around): i + around + 1])
    out = lines.loc[sorted(keep), ["source_id", "line", "kind", "text"]]
    return out.reset_index(drop=True)


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
        3: lambda: _check_mentions(value, corpus.fact_entities, corpus.entities),
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


def _check_mentions(mentions: object, fact_entities: pd.DataFrame,
                    entities: pd.DataFrame) -> str:
    mentions = _of_type(mentions, pd.Series, "mentions", "indexed by entity name")
    name_of = dict(zip(entities["entity_id"], entities["name"], strict=True))
    named = {(f, name_of[e]) for f, e in zip(fact_entities["fact_id"],
                                             fact_entities["entity_id"], strict=True)
             if e in name_of}
    expected = Counter(name for _, name in named)
    top = sorted(expected.values(), reverse=True)[:10]
    _fail_unless(not mentions.empty or not expected,
                 f"mentions is empty, but the claims of this session name "
                 f"{plural(len(expected), 'entity', 'entities')}.")
    strangers = [str(n) for n in mentions.index if n not in expected]
    _fail_unless(not strangers, f"mentions should be indexed by the names of the entities "
                 f"that the claims name; {', '.join(strangers[:3])} is not one.")
    _fail_unless(mentions.index.is_unique, "mentions should name each entity once.")
    counts = pd.to_numeric(mentions, errors="coerce")
    for name, count in counts.items():
        _fail_unless(pd.isna(count) or count <= expected[name],
                     f"{name} is counted {count:g} times, but fewer claims name it: "
                     "a claim naming an entity in two roles counts once.")
        _fail_unless(count == expected[name], f"the count of {name} is not right: count "
                     "the claims that name it.")
    _fail_unless(counts.is_monotonic_decreasing, "sort mentions from the most named down.")
    _fail_unless(len(counts) == len(top), f"mentions should hold the {len(top)} most named "
                 f"entities, not {len(counts)}.")
    _fail_unless(list(counts) == top, "mentions misses some of the most named entities.")
    return ""


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
