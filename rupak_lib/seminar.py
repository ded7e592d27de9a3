"""Seminar handouts: one notebook, and a student's and an instructor's version of it.

``notebooks/seminar.ipynb`` is written once. Its exercises carry their solutions between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the convention of nbgrader), and the model
answers to the seminar questions are shown by cells tagged ``answer``. The instructor's
version is that notebook executed. The student's version is derived from the executed one:
answer cells removed, each solution region replaced by a stub that raises
NotImplementedError, every output and execution count cleared. Because the answers and
solutions leave with whole cells and whole outputs, no trace of them reaches a student file.
Cells tagged ``handout-text`` (the title, the questions) become Markdown cells holding the
text they displayed, so that a student reads the questions on paper and before running
anything.

The notebook itself calls the helpers at the top of this module (questions, answers, the
stray lines in context, the exercise checks), so that it stays a sequence of short calls.
What the student's version runs holds no answer: its corpus and its session are built
without the ``answer`` column, which only the cells tagged ``answer`` load; and the checks
compare a result with one computed here, so that no check cell shows how to compute it.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from . import analysis
from .corpus import Corpus, UnknownIdError
from .exceptions import RupakError
from .markup import md
from .paths import HANDOUTS_DIR, NOTEBOOKS_DIR

if TYPE_CHECKING:
    import nbformat

NOTEBOOK = NOTEBOOKS_DIR / "seminar.ipynb"
_T = TypeVar("_T")

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
ANSWER_TAG = "answer"  # cells showing model answers: instructor's version only
TEXT_TAG = "handout-text"  # cells whose Markdown output the student's version keeps as text
EXERCISE_TAG = "exercise"  # given to the cells whose solution a student must write
RAISES_TAG = "raises-exception"  # lets "Run All" (and nbval) go past an unsolved exercise

CORPUS_SESSION = "corpus"  # the session on the whole corpus (questions with no theme)
ALL_SESSIONS = "all"  # the whole corpus and every theme
VERSIONS = ("student", "instructor")

#: The order in which the session takes the kinds of question: first reading the source
#: critically, then what it says, then what it means.
SESSION_ORDER = ("source-criticism", "recall", "analysis", "discussion")

_FACT_REF = re.compile(r"\[([a-z0-9][a-z0-9-]*)\]")


# --- the notebook's helpers -------------------------------------------------------------------

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
            f"{n_questions} question{'s' * (n_questions != 1)} for discussion.")


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
    return "\n\n".join(f"**{q.label}** ({str(q.kind).replace('-', ' ')}). {md(q.prompt)}"
                       for q in rows.itertuples())


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


class ExerciseCheckError(RupakError, AssertionError):
    """An exercise's result is not the expected one; the message says where to look."""


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


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


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
                 f"events is empty, but {_plural(len(expected), 'claim')} of this session "
                 f"{'is an event' if len(expected) == 1 else 'are events'} of {year}.")
    extra = sorted(set(got) - expected)
    _fail_unless(not extra, f"events holds {', '.join(extra)}, not an event that starts and "
                 f"ends in {year}.")
    missing = expected - set(got)
    _fail_unless(not missing, f"events misses {_plural(len(missing), 'event')} of {year}: "
                 "look at both ends of each claim's period.")
    _fail_unless(len(got) == len(expected), "events holds some claims more than once.")
    _fail_unless(events["date_start"].is_monotonic_increasing, "sort events by date_start.")
    return f", {_plural(len(got), 'event')} in {year}"


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
                 f"{_plural(len(expected), 'entity', 'entities')}.")
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
    _fail_unless(not missing, f"hedged misses {_plural(len(missing), 'sentence')} that "
                 "hedge: match HEDGES ignoring case.")
    _fail_unless(len(got) == len(expected), "hedged holds some sentences more than once.")
    return f", {len(got)} of the {len(quoted)} quoted sentences hedge"


# --- the student's version --------------------------------------------------------------------

class SolutionRegionError(RupakError, ValueError):
    """A solution region is not closed, or closed without being opened."""


def strip_solutions(source: str, stub: str = CODE_STUB) -> str:
    """``source`` with every solution region replaced by ``stub``, at the region's indent."""
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        marker = line.strip()
        if marker.startswith(BEGIN_SOLUTION):
            if inside:
                raise SolutionRegionError(f"line {number}: {BEGIN_SOLUTION} inside a region")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(f"{indent}{s}\n" for s in stub.splitlines())
        elif marker.startswith(END_SOLUTION):
            if not inside:
                raise SolutionRegionError(f"line {number}: {END_SOLUTION} without "
                                          f"{BEGIN_SOLUTION}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise SolutionRegionError(f"{BEGIN_SOLUTION} without {END_SOLUTION}")
    text = "".join(out)
    return text if source.endswith("\n") else text.removesuffix("\n")


def has_solution(cell: Mapping) -> bool:
    """Whether a cell holds a solution region (an exercise, or a written answer)."""
    return any(line.strip().startswith(BEGIN_SOLUTION)
               for line in str(cell.get("source", "")).splitlines())


def student_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student's notebook derived from the instructor's (executed or not).

    Cells tagged ``answer`` are dropped; code cells tagged ``handout-text`` become Markdown
    cells with the Markdown they displayed; solution regions become stubs (code: ``# YOUR
    CODE HERE`` raising NotImplementedError; Markdown: ``YOUR ANSWER HERE``), and such code
    cells are tagged ``exercise`` and ``raises-exception``; outputs, execution counts and
    all metadata but the tags and the kernel's are removed. ``nb`` is left unchanged.
    """
    from nbformat.v4 import new_markdown_cell

    nb = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = list(cell.get("metadata", {}).get("tags", []))
        if ANSWER_TAG in tags:
            continue
        text = _markdown_output(cell) if TEXT_TAG in tags else None
        if text is not None:
            cell = new_markdown_cell(text, id=cell.get("id"))
            tags = [t for t in tags if t != TEXT_TAG]
        if has_solution(cell):
            stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
            try:
                cell.source = strip_solutions(cell.source, stub)
            except SolutionRegionError as err:
                raise SolutionRegionError(f"cell {index}: {err}") from None
            if cell.cell_type == "code":
                tags += [t for t in (EXERCISE_TAG, RAISES_TAG) if t not in tags]
        cell.metadata = {"tags": tags} if tags else {}
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in ("kernelspec", "language_info")}
    return nb


def _markdown_output(cell: Mapping) -> str | None:
    """The Markdown a code cell displayed, or None when it displayed none."""
    if cell.get("cell_type") != "code":
        return None
    parts = [str(out["data"]["text/markdown"]) for out in cell.get("outputs", [])
             if out.get("output_type") in ("display_data", "execute_result")
             and "text/markdown" in out.get("data", {})]
    return "\n\n".join(parts) if parts else None


# --- writing the handouts ---------------------------------------------------------------------

@dataclass(frozen=True)
class Session:
    """One seminar session: a theme, or the whole corpus (``theme_id`` None)."""

    session_id: str  # the theme_id, or "corpus"
    theme_id: str | None
    title: str

    def file(self, version: str, suffix: str) -> str:
        return f"seminar-{self.session_id}-{version}.{suffix}"


def sessions(corpus: Corpus, requested: Sequence[str | None] = ()) -> list[Session]:
    """The sessions asked for, in order, without repeats: theme ids, ``corpus`` (or None)
    for the whole corpus, ``all`` for the whole corpus and every theme; none: the corpus."""
    titles = dict(zip(corpus.themes["theme_id"], corpus.themes["title"], strict=True))
    wanted: list[str | None] = []
    for item in requested or [None]:
        if item == ALL_SESSIONS:
            wanted += [None, *titles]
        else:
            wanted.append(None if item in (None, CORPUS_SESSION) else item)
    unknown = [w for w in wanted if w is not None and w not in titles]
    if unknown:
        raise UnknownIdError(f"unknown theme {', '.join(map(repr, unknown))}; known: "
                             f"{CORPUS_SESSION}, {ALL_SESSIONS}, {', '.join(titles)}")
    out: list[Session] = []
    for theme_id in dict.fromkeys(wanted):
        out.append(Session(CORPUS_SESSION, None, "the whole corpus") if theme_id is None
                   else Session(theme_id, theme_id, str(titles[theme_id])))
    return out


def write_handouts(
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    themes: Sequence[str | None] = (),
    pdf: bool = False,
    notebook: Path = NOTEBOOK,
    on_write: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write the student's and the instructor's handout of each session asked for.

    Each version is written as ``.ipynb`` and HTML (and, with ``pdf``, as PDF printed by
    headless Chromium) into ``out_dir`` (default: the repository's ``handouts/``), each file
    atomically; ``on_write`` hears of every file as it lands. Unknown themes and invalid
    data raise before anything is written; without Chromium the other files are written
    and ChromiumNotFoundError, which says how to install it, is raised at the end.
    """
    from . import export
    from .execute import Execution, WarmKernel, run
    from .load import load
    from .paths import resolve_data_dir
    from .pdf import ChromiumNotFoundError, find_chromium, print_pdf

    explicit = Path(data_dir).expanduser().resolve() if data_dir is not None else None
    corpus = load(resolve_data_dir(explicit))
    chosen = sessions(corpus, themes)
    out = Path(out_dir).expanduser().resolve() if out_dir is not None else HANDOUTS_DIR
    chromium = find_chromium() if pdf else None
    written: list[Path] = []

    def put(path: Path, data: str | None = None, html: Path | None = None) -> None:
        if html is not None:
            print_pdf(html, path, chromium)
        else:
            export.write_atomic(path, data or "")
        written.append(path)
        if on_write is not None:
            on_write(path)

    kernel = WarmKernel()
    try:
        for session in chosen:
            # the bundled data is named by no path, so the handouts carry none of this machine
            parameters: dict[str, object] = {}
            if session.theme_id is not None:
                parameters["theme_id"] = session.theme_id
            if explicit is not None:
                parameters["data_dir"] = str(explicit)
            instructor = run(Execution(f"seminar-{session.session_id}", notebook, parameters),
                             kernel)
            for version, nb in (("student", student_version(instructor)),
                                ("instructor", instructor)):
                title = f"Seminar: {session.title} ({version}'s version)"
                put(out / session.file(version, "ipynb"), export.notebook_text(nb))
                html = out / session.file(version, "html")
                put(html, export.handout_html(nb, title))
                if chromium is not None:
                    put(out / session.file(version, "pdf"), html=html)
    finally:
        kernel.shutdown()
    if pdf and chromium is None:
        raise ChromiumNotFoundError()
    return written
