"""The seminar's questions and model answers as a session shows them, and the stray lines of a
text in their context.

The lowest module of the seminar: the handouts, the answer cells and the exercise data all
build on it, and it imports none of them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from rupak_lib.analysis import tables as analysis
from rupak_lib.analysis.markup import md
from rupak_lib.analysis.narrative import plural
from rupak_lib.data.corpus import Corpus

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
