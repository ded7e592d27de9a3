"""`rupak grade`: mark a class's seminar notebooks, each in its own sandbox, in parallel.

A submission is one ``.ipynb`` file; its stem is the student's id. Each is read here (the
sandbox gets a copy of its code cells, never the file), checked (a notebook, of the session
graded, with its exercise cells), parameterized with the session's theme and data, run by
runner.py in a sandbox (sandbox.py), which hands each exercise's result over as data
(values.py) on a channel signed with a key of the run, and marked here, exercise by
exercise, in the grader's own process (marking.py), with the points the seminar notebook
declares. Whatever goes wrong with one submission becomes its
own rows of the grade sheet; the others are marked all the same.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rupak_lib.data.paths import REPO_DIR, resolve_data_dir
from rupak_lib.exceptions import GradeError
from rupak_lib.teaching.answer_cells import META, answers_of
from rupak_lib.teaching.marking import STATUSES
from rupak_lib.teaching.sandbox import Finished, Limits, Sandbox

#: What a runner may report by itself: how a cell ended. Passing is the grader's to say.
RUNNER_STATUSES = tuple(s for s in STATUSES if s not in ("passed", "failed"))

NOTEBOOK = REPO_DIR / "notebooks" / "seminar.ipynb"
GRADES_DIR = REPO_DIR / "grades"
MAX_SIZE = 20 * 2**20  # bytes: a larger file is refused without being parsed
_HEADING = re.compile(r"^#+\s*Exercise\s+(\d+):\s*(.*?)\s*(?:\((\d+) points?\))?\s*$", re.M)


@dataclass(frozen=True)
class Exercise:
    """An exercise of the seminar notebook, with the points it declares."""

    number: int
    title: str
    points: int
    result: str  # the variable holding the result the check reads

    @property
    def exercise_id(self) -> str:
        return f"exercise-{self.number}"


@dataclass(frozen=True)
class Mark:
    """One row of grades.csv."""

    student: str
    exercise: str
    points: int
    max_points: int
    status: str
    message: str


@dataclass
class Graded:
    """One student's marks and answers."""

    student: str
    marks: list[Mark]
    answers: dict[str, str] = field(default_factory=dict)


def exercises(notebook: Path = NOTEBOOK) -> list[Exercise]:
    """The exercises the seminar notebook declares in its cells' ``rupak`` metadata, titled
    by the heading above each."""
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    titles = {int(m[1]): m[2] for c in cells if c["cell_type"] == "markdown"
              for m in _HEADING.finditer("".join(c["source"]))}
    found = []
    for cell in cells:
        meta = cell.get("metadata", {}).get(META, {})
        if "exercise" in meta:
            number = int(meta["exercise"])
            found.append(Exercise(number, titles.get(number, f"Exercise {number}"),
                                  int(meta["points"]), str(meta["result"])))
    if not found:
        raise GradeError(f"{notebook} declares no exercise (cell metadata '{META}')")
    return sorted(found, key=lambda e: e.number)


@dataclass(frozen=True)
class Submission:
    """A file of the submissions folder, read: its code cells, or why it cannot be graded."""

    student: str
    cells: list[dict[str, Any]] = field(default_factory=list)
    session: str | None = None
    problem: str | None = None


def submissions(folder: Path) -> list[Path]:
    """The files to grade: every file of the folder but hidden ones, sorted by name."""
    if not folder.is_dir():
        raise GradeError(f"{folder}: no such folder of submissions")
    files = sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file())
    if not files:
        raise GradeError(f"{folder}: no submissions (the folder has no .ipynb file)")
    return files


def read_submission(path: Path) -> Submission:
    """Read one file; a file that is not a notebook gets a problem, not an exception."""
    if path.suffix != ".ipynb":
        return Submission(path.name, problem=f"{path.name} is not a notebook (.ipynb) file.")
    student = path.stem
    if path.stat().st_size > MAX_SIZE:
        return Submission(student, problem=f"{path.name} is larger than "
                                           f"{MAX_SIZE // 2**20} MiB: not marked.")
    try:
        nb = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return Submission(student, problem=f"{path.name} is not a notebook: not UTF-8 text.")
    except json.JSONDecodeError as err:
        return Submission(student, problem=f"{path.name} is not a notebook: invalid JSON at "
                                           f"line {err.lineno}, column {err.colno}.")
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return Submission(student, problem=f"{path.name} is not a notebook: it has no cells.")
    if nb.get("nbformat") != 4:
        return Submission(student, problem=f"{path.name} is a notebook of format "
                          f"{nb.get('nbformat')}: open and save it in JupyterLab (format 4).")
    cells = []
    for number, cell in enumerate(nb["cells"], 1):
        source = cell.get("source") if isinstance(cell, dict) else None
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str) or not isinstance(cell.get("metadata", {}), dict):
            return Submission(student, problem=f"{path.name} is not a notebook: cell "
                                               f"{number} is malformed.")
        tags = cell.get("metadata", {}).get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            return Submission(student, problem=f"{path.name} is not a notebook: the tags of "
                                               f"cell {number} are not a list of words.")
        cells.append({**cell, "source": source})
    meta = nb.get("metadata", {})
    ours = meta.get(META) if isinstance(meta, dict) else None
    session = ours.get("session") if isinstance(ours, dict) else None
    return Submission(student, cells, session if isinstance(session, str) else None)


def parameters_code(theme_id: str | None, data_dir: Path) -> str:
    return (f"# Parameters (rupak grade)\ntheme_id = {theme_id!r}\n"
            f"data_dir = {str(data_dir)!r}\n")


def handout_code(notebook: Path = NOTEBOOK) -> frozenset[str]:
    """The code of the seminar notebook's own cells, the exercises' left out: a submitted
    cell that is one of them, word for word, runs under the handout's time limit."""
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    return frozenset("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                     for c in cells if c["cell_type"] == "code"
                     and "exercise" not in c.get("metadata", {}).get(META, {}))


def job_of(sub: Submission, exs: Sequence[Exercise], theme_id: str | None,
           data_dir: Path, handout: frozenset[str] = frozenset()
           ) -> tuple[dict[str, Any], dict[int, str]]:
    """The runner's job for a submission: its code cells with the grading parameters in
    place of the handout's, where each exercise's cell is, which cells are the handout's
    own code (``handout``) as it wrote it; and the exercises it lacks."""
    code = [c for c in sub.cells if c.get("cell_type") == "code"]
    tags = [c.get("metadata", {}).get("tags", []) for c in code]
    injected = parameters_code(theme_id, data_dir)
    sources = [injected if "injected-parameters" in t else c["source"]
               for c, t in zip(code, tags, strict=True)]
    if not any("injected-parameters" in t for t in tags):
        at = next((i + 1 for i, t in enumerate(tags) if "parameters" in t), 0)
        sources.insert(at, injected)
        code.insert(at, {"metadata": {}})
    where: dict[int, int] = {}
    for index, cell in enumerate(code):
        ours = cell.get("metadata", {}).get(META)
        if isinstance(ours, dict) and isinstance(ours.get("exercise"), int):
            where[ours["exercise"]] = index  # a copied cell: the last one counts
    missing = {e.number: (f"the cell of exercise {e.number} is missing from the notebook: "
                          "copy it back from the handout and write your code in it.")
               for e in exs if e.number not in where}
    job = {"cells": sources, "theme_id": theme_id, "data_dir": str(data_dir),
           "exercises": [{"number": e.number, "result": e.result, "cell": where[e.number]}
                         for e in exs if e.number in where],
           "handout_cells": [i for i, source in enumerate(sources)
                             if source in handout or source == injected]}
    return job, missing


def marks_of(student: str, exs: Sequence[Exercise], found: Mapping[int, tuple[str, str]],
             fallback: tuple[str, str]) -> list[Mark]:
    """A row per exercise: the mark found, else ``fallback``; points only when passed."""
    rows = []
    for e in exs:
        status, message = found.get(e.number, fallback)
        rows.append(Mark(student, e.exercise_id, e.points if status == "passed" else 0,
                         e.points, status, message))
    return rows


def verified(finished: Finished, key: bytes) -> list[dict[str, Any]]:
    """The events the runner signed with the run's key; any other line (one the student's
    code wrote to the runner's stream) is dropped."""
    from rupak_lib.teaching.runner import verify

    return [e for e in (verify(line, key) for line in finished.events) if e is not None]


def outcome_marks(finished: Finished, limits: Limits, exs: Sequence[Exercise] = (),
                  works: Mapping[int, Any] | None = None, key: bytes = b""
                  ) -> tuple[dict[int, tuple[str, str]], tuple[str, str]]:
    """The marks of a run: each value the runner handed over, checked here against the
    exercise's corpus (``works``); the runner's own marks, which can only say how a cell
    ended, never that it passed; and the mark of the exercises it never reached."""
    from rupak_lib.teaching.marking import verdict
    from rupak_lib.teaching.values import decode

    results = {e.number: e.result for e in exs}
    found: dict[int, tuple[str, str]] = {}
    for e in verified(finished, key):  # a malformed event is no mark: it never stops the class
        number = e.get("exercise")
        if not isinstance(number, int) or isinstance(number, bool) or number in found:
            continue
        if e.get("event") == "value" and number in results and works and number in works:
            try:
                defined, value = decode(e.get("value"))
            except ValueError as err:
                found[number] = ("error", f"your result could not be read: {err}.")
                continue
            name = results[number]
            found[number] = verdict(number, name, {name: value} if defined else {},
                                    works[number])
        elif e.get("event") == "mark" and e.get("status") in RUNNER_STATUSES and \
                isinstance(e.get("message"), str):
            found[number] = (e["status"], e["message"])
    if finished.out_of_memory and not finished.killed:
        fallback = ("error", "not marked: the notebook's processes used more than "
                             f"{limits.total_memory / 2**30:g} GiB of memory together and "
                             "were stopped.")
    elif finished.killed:
        fallback = ("timeout", f"not marked: the notebook ran past {limits.total:g} s in all "
                               "and was stopped.")
    else:
        fallback = ("error", "not marked: the notebook could not be run "
                             f"(the grader's runner stopped with status {finished.returncode}).")
    return found, fallback


def exercise_corpora(data_dir: Path, theme_id: str | None) -> dict[int, Any]:
    """The corpus each exercise is checked against, loaded by the grader from the data the
    students see (the answer-free copy): the session's, or the whole corpus where the
    session has nothing for the exercise to find (exercise_data.py)."""
    from rupak_lib.data.load import load
    from rupak_lib.teaching.exercise_data import NEEDS, exercise_corpus
    from rupak_lib.teaching.questions import without_answers

    everything = without_answers(load(data_dir))
    session = everything.subset(theme_id=theme_id) if theme_id else everything
    return {n: exercise_corpus(session, n, everything=everything) for n in NEEDS}


def grade_one(path: Path, exs: Sequence[Exercise], session_id: str, theme_id: str | None,
              data_dir: Path, sandbox: Sandbox, limits: Limits,
              works: Mapping[int, Any] | None = None,
              handout: frozenset[str] = frozenset()) -> Graded:
    """Mark one file; never raises for anything the file holds."""
    from rupak_lib.teaching import sandbox as sandboxing

    sub = read_submission(path)
    if sub.problem is None and sub.session not in (None, session_id):
        sub = Submission(sub.student, problem=f"this is the handout of the session "
                         f"'{sub.session}', not of '{session_id}': grade it with --theme "
                         f"{sub.session}, with that session's notebooks.")
    if sub.problem is not None:
        return Graded(sub.student, marks_of(sub.student, exs, {}, ("error", sub.problem)))
    job, missing = job_of(sub, exs, theme_id, data_dir, handout)
    key = secrets.token_bytes(32)  # signs this run's events: the student's code never sees it
    finished = sandboxing.run(sandbox, {**job, "key": key.hex()}, limits)
    found, fallback = outcome_marks(finished, limits, exs,
                                    works if works is not None else
                                    exercise_corpora(data_dir, theme_id), key)
    found.update({n: ("error", m) for n, m in missing.items()})
    return Graded(sub.student, marks_of(sub.student, exs, found, fallback),
                  answers_of(sub.cells))


@dataclass
class GradeResult:
    graded: list[Graded]
    out: Path

    def summary(self) -> str:
        total = sum(m.max_points for m in self.graded[0].marks) if self.graded else 0
        full = sum(1 for g in self.graded if sum(m.points for m in g.marks) == total)
        return (f"graded {len(self.graded)} notebook{'s' * (len(self.graded) != 1)}, "
                f"{full} with full marks ({total} points); grade sheet in {self.out}")


def grade(
    folder: str | Path,
    theme: str | None = None,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    limits: Limits | None = None,
    jobs: int | None = None,
    no_sandbox: bool = False,
    progress: bool = True,
    notebook: Path = NOTEBOOK,
) -> GradeResult:
    """Grade every file of ``folder`` for the session ``theme`` (None: the whole corpus) and
    write the grade sheet into ``out_dir`` (default: the repository's ``grades/``).

    Raises before anything runs when the folder is empty, the theme unknown, the data
    invalid or, without ``no_sandbox``, no sandbox can be made.
    """
    from rupak_lib.build.outdir import not_inside
    from rupak_lib.data.load import load
    from rupak_lib.data.paths import cache_in
    from rupak_lib.data.validate import validate
    from rupak_lib.teaching import gradebook
    from rupak_lib.teaching.handouts import CORPUS_SESSION, sessions
    from rupak_lib.teaching.questions import session_questions
    from rupak_lib.teaching.sandbox import choose

    source = Path(folder).expanduser().resolve()
    files = submissions(source)
    data = resolve_data_dir(data_dir)
    corpus = load(data)
    session = sessions(corpus, [theme or CORPUS_SESSION])[0]
    out = Path(out_dir).expanduser().resolve() if out_dir is not None else GRADES_DIR
    not_inside(out, source, "the submissions folder")
    not_inside(out, data, "the data folder")
    exs = exercises(notebook)
    limits = limits or Limits()
    workers = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    step = _progress(len(files), progress)
    graded: list[Graded] = []
    with tempfile.TemporaryDirectory(prefix="rupak-grade-") as tmp, \
            ThreadPoolExecutor(workers) as pool:
        # the students' code sees a copy of the data without the model answers, and
        # neither the repository's notebooks (the solutions) nor the real data folder
        seen = answer_free_copy(data, Path(tmp) / "data")
        # checked once here: each notebook's load reads these verdicts (1.4 s less each)
        with cache_in(Path(tmp) / "cache") as cache:
            validate(seen)
        works = exercise_corpora(seen, session.theme_id)
        sandbox = choose([seen], [source, out, REPO_DIR / "notebooks", data], no_sandbox,
                         cache)
        own = handout_code(notebook)
        futures = {pool.submit(grade_one, path, exs, session.session_id, session.theme_id,
                               seen, sandbox, limits, works, own): path for path in files}
        for future in as_completed(futures):
            try:
                graded.append(future.result())
            except Exception as err:  # noqa: BLE001 - one notebook never stops the class
                student = futures[future].stem
                graded.append(Graded(student, marks_of(student, exs, {}, (
                    "error", f"not marked: the grader could not read this notebook "
                             f"({type(err).__name__}: {str(err)[:200]})."))))
            step(graded[-1].student)
    graded.sort(key=lambda g: g.student)
    questions = session_questions(corpus.questions, session.theme_id)
    gradebook.write(out, graded, exs, questions, session.title, sandbox.describe())
    return GradeResult(graded, out)


def answer_free_copy(data: Path, dest: Path) -> Path:
    """The data package as a student's notebook sees it while graded: every table as it is,
    but the instructor's model answers of questions.csv replaced by the ids they cite (so
    the package still validates) and no drafts."""
    import csv
    import io
    import shutil

    shutil.copytree(data, dest, ignore=shutil.ignore_patterns("drafts", ".*"))
    path = dest / "questions.csv"
    if path.is_file():
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            fields, rows = reader.fieldnames or [], list(reader)
        for row in rows:
            ids = [i.strip() for column in ("fact_ids", "event_ids")
                   for i in (row.get(column) or "").split("|") if i.strip()]
            row["answer"] = "Hidden while grading. " + " ".join(f"[{i}]" for i in ids)
        out = io.StringIO()
        writer = csv.DictWriter(out, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), "utf-8")
    return dest


def _progress(total: int, enabled: bool) -> Callable[[str], None]:
    if not enabled:
        return lambda student: None
    from tqdm import tqdm

    tqdm.monitor_interval = 0
    bar = tqdm(total=total, unit="notebook", file=sys.stderr, dynamic_ncols=True)

    def step(student: str) -> None:
        bar.set_postfix_str(student[:30])
        bar.update(1)
        if bar.n == total:
            bar.close()

    return step
