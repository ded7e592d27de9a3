"""The grade sheet: its CSV files, the feedback pages and the index, from marks made here."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from rupak_lib.teaching import gradebook
from rupak_lib.teaching.grade import Exercise, Graded, Mark

EXERCISES = [Exercise(1, "shares", 2, "shares"), Exercise(2, "a year", 3, "events")]
QUESTIONS = pd.DataFrame({"label": ["Q1"], "question_id": ["why"], "kind": ["recall"],
                          "prompt": ["Why <then>?"]})


def graded(student: str, statuses: tuple[str, str], answer: str = "") -> Graded:
    marks = [Mark(student, e.exercise_id, e.points if s == "passed" else 0, e.points, s,
                  f"{s} message") for e, s in zip(EXERCISES, statuses, strict=True)]
    return Graded(student, marks, {"why": answer} if answer else {})


CLASS = [graded("amy", ("passed", "passed"), "Because."),
         graded("bob", ("failed", "timeout")),
         graded("<img src=x onerror=alert(1)>", ("error", "not-attempted"),
                "<script>alert('hi')</script>")]


def write(out: Path, students: list[Graded] = CLASS) -> None:
    gradebook.write(out, students, EXERCISES, QUESTIONS, "History", "bubblewrap")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_grades_have_a_row_per_student_and_exercise(tmp_path: Path) -> None:
    write(tmp_path)
    got = rows(tmp_path / "grades.csv")
    assert list(got[0]) == ["student", "exercise", "points", "max_points", "status", "message"]
    assert [(r["student"], r["exercise"], r["points"], r["status"]) for r in got[:4]] == [
        ("amy", "exercise-1", "2", "passed"), ("amy", "exercise-2", "3", "passed"),
        ("bob", "exercise-1", "0", "failed"), ("bob", "exercise-2", "0", "timeout")]


def test_the_summary_totals_each_students_points(tmp_path: Path) -> None:
    write(tmp_path)
    assert [(r["student"], r["points"], r["max_points"])
            for r in rows(tmp_path / "summary.csv")][:2] == [("amy", "5", "5"), ("bob", "0", "5")]


def test_answers_have_a_row_per_student_and_question_blank_when_none(tmp_path: Path) -> None:
    write(tmp_path)
    assert [(r["student"], r["question_id"], r["answer"])
            for r in rows(tmp_path / "answers.csv")][:2] == [
        ("amy", "why", "Because."), ("bob", "why", "")]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(text: str) -> None:
    assert gradebook.csv_cell(text) == "'" + text


def test_ordinary_text_is_left_as_it_is() -> None:
    assert gradebook.csv_cell("- a list, 3 = 3") == "- a list, 3 = 3"


def test_student_text_is_escaped_in_the_feedback(tmp_path: Path) -> None:
    write(tmp_path)
    page = (tmp_path / "feedback" / "<img src=x onerror=alert(1)>.html").read_text("utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;" in page


def test_the_index_links_each_page_with_the_id_quoted_and_escaped(tmp_path: Path) -> None:
    write(tmp_path)
    index = (tmp_path / "index.html").read_text("utf-8")
    assert 'href="feedback/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.html"' in index
    assert "<img" not in index
    assert 'href="feedback/amy.html"' in index


def test_the_index_shows_the_class_per_exercise_as_a_chart_and_a_table(tmp_path: Path) -> None:
    write(tmp_path)
    index = (tmp_path / "index.html").read_text("utf-8")
    assert index.count("<svg") == 1
    rows = re.findall(r"<tr><td>Exercise (\d)[^<]*</td>((?:<td class=\"n\">[\d.]+</td>)+)",
                      index)
    numbers = {n: re.findall(r">([\d.]+)<", cells) for n, cells in rows}
    # passed, failed, not-attempted, error, timeout, mean points
    assert numbers == {"1": ["1", "1", "0", "1", "0", "0.7"],
                       "2": ["1", "0", "1", "0", "1", "1.0"]}


def test_writing_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    write(tmp_path / "a")
    write(tmp_path / "b")
    for path in sorted((tmp_path / "a").rglob("*.*")):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")
                                     ).read_bytes(), path.name


def test_the_page_of_a_student_no_longer_graded_is_removed(tmp_path: Path) -> None:
    write(tmp_path)
    write(tmp_path, CLASS[:1])
    assert sorted(p.name for p in (tmp_path / "feedback").iterdir()) == ["amy.html"]
