"""The grade sheet: grades.csv, summary.csv, answers.csv, a feedback page per student, and
an index page with the class's results per exercise.

Everything a student wrote (ids, answers, error messages quoting their code) is untrusted:
the pages escape it (jinja2 autoescape), the links quote it, and a CSV cell that a
spreadsheet would take for a formula is prefixed with an apostrophe. Rows are sorted and
the chart drawn with fixed SVG ids, so two runs on the same notebooks give the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from rupak_lib.exceptions import GradeError
from rupak_lib.pages.export import TEMPLATES as PAGE_TEMPLATES
from rupak_lib.teaching.marking import STATUSES

if TYPE_CHECKING:
    import pandas as pd

    from rupak_lib.teaching.grade import Exercise, Graded

TEMPLATES = PAGE_TEMPLATES / "grade"
COLORS = {"passed": "#2e7d32", "failed": "#c62828", "not-attempted": "#9e9e9e",
          "error": "#ef6c00", "timeout": "#6a1b9a"}
_FORMULA = ("=", "+", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def feedback_name(student: str) -> str:
    """The file of a student's feedback page: the id itself when it is a short, plain file
    name; else a shortened, cleaned form with a hash of the id (a 251-character file name
    is legal for a submission, not once ".html" and a folder are added)."""
    plain = re.sub(r"[^\w.-]", "_", student)[:100]
    if plain != student or plain.startswith("."):
        plain = f"{plain.lstrip('.')[:80]}-{hashlib.sha256(student.encode()).hexdigest()[:10]}"
    return f"{plain}.html"


def chart_svg(graded: Sequence[Graded], exercises: Sequence[Exercise]) -> str:
    """A horizontal bar per exercise, split by status: how the class did."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    counts = {e.exercise_id: Counter(m.status for g in graded for m in g.marks
                                     if m.exercise == e.exercise_id) for e in exercises}
    with mpl.rc_context({"svg.hashsalt": "rupak-grade", "svg.fonttype": "path",
                         "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"],
                         "font.size": 10}):
        fig = Figure(figsize=(7, 0.6 + 0.45 * len(exercises)))
        ax = fig.add_subplot()
        labels = [f"Exercise {e.number} ({e.points} pt{'s' * (e.points != 1)})"
                  for e in exercises]
        left = [0] * len(exercises)
        for status in STATUSES:
            widths = [counts[e.exercise_id][status] for e in exercises]
            ax.barh(labels, widths, left=left, color=COLORS[status], label=status)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.invert_yaxis()
        ax.set_xlabel("students")
        ax.set_xlim(0, max(len(graded), 1))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(ncols=len(STATUSES), loc="lower center", bbox_to_anchor=(0.5, 1.0),
                  frameon=False, fontsize=8)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["url"] = lambda s: quote(str(s), safe="")
    return env


def write(out: Path, graded: Sequence[Graded], exercises: Sequence[Exercise],
          questions: pd.DataFrame, session_title: str, isolation: str) -> list[Path]:
    """Write the grade sheet into ``out``; feedback pages of students no longer graded go."""
    total = sum(e.points for e in exercises)
    titles = {e.exercise_id: e for e in exercises}
    files: dict[str, str] = {
        "grades.csv": csv_text(
            ["student", "exercise", "points", "max_points", "status", "message"],
            [(m.student, m.exercise, m.points, m.max_points, m.status, m.message)
             for g in graded for m in g.marks]),
        "summary.csv": csv_text(
            ["student", "points", "max_points"],
            [(g.student, sum(m.points for m in g.marks), total) for g in graded]),
        "answers.csv": csv_text(
            ["student", "question_id", "answer"],
            [(g.student, q, g.answers.get(q, "")) for g in graded
             for q in questions["question_id"]]),
    }
    env = _environment()
    prompts = [(str(q.label), str(q.question_id), str(q.prompt))
               for q in questions.itertuples()]
    page = env.get_template("feedback.html.j2")
    for g in graded:
        files[f"feedback/{feedback_name(g.student)}"] = page.render(
            student=g.student, session=session_title, marks=g.marks, exercises=titles,
            points=sum(m.points for m in g.marks), total=total, questions=prompts,
            answers=g.answers)
    stats = []
    for e in exercises:
        marks = [m for g in graded for m in g.marks if m.exercise == e.exercise_id]
        by_status = Counter(m.status for m in marks)
        mean = sum(m.points for m in marks) / len(marks) if marks else 0.0
        stats.append((e, [by_status[s] for s in STATUSES], f"{mean:.1f}"))
    files["index.html"] = env.get_template("index.html.j2").render(
        session=session_title, graded=graded, total=total, statuses=STATUSES, stats=stats,
        chart=chart_svg(graded, exercises), isolation=isolation,
        feedback={g.student: feedback_name(g.student) for g in graded},
        points={g.student: sum(m.points for m in g.marks) for g in graded})
    return _swap_in(out, files)


#: What a grade sheet's folder holds; a folder holding anything else is not replaced.
SHEET = {"grades.csv", "summary.csv", "answers.csv", "index.html", "feedback"}


def _swap_in(out: Path, files: dict[str, str]) -> list[Path]:
    """Write every file into a new folder beside ``out``, then put it in ``out``'s place:
    the grade sheet is whole or not there, and never mixed with an earlier run's pages."""
    if out.exists():
        other = sorted(p.name for p in out.iterdir() if p.name not in SHEET)
        if other:
            listed = ", ".join(other[:3]) + (", ..." if len(other) > 3 else "")
            raise GradeError(f"{out}: holds files that are not a grade sheet ({listed}); "
                             "give a folder of its own")
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    old = out.parent / f".{out.name}.old-{fresh.name.rsplit('-', 1)[-1]}"
    try:
        for name, text in files.items():
            (fresh / name).parent.mkdir(parents=True, exist_ok=True)
            (fresh / name).write_text(text, "utf-8")
        if out.exists():
            os.replace(out, old)
        os.replace(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not out.exists():
            os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return [out / name for name in files]
