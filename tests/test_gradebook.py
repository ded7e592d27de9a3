"""The grade sheet: its CSV files, the feedback pages and the index, from marks made here."""

from __future__ import annotations

import csv
import re
from dataclasses import astuple
from pathlib import Path

import pandas as pd
import pytest

from rupak_lib.exceptions import GradeError
from rupak_lib.teaching import gradebook
from rupak_lib.teaching.grade import Exercise, Graded, Mark
from rupak_lib.teaching.gradebook import feedback_name

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
    page = (tmp_path / "feedback" / feedback_name("<img src=x onerror=alert(1)>")).read_text(
        "utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;" in page


def test_the_index_links_each_page_with_the_id_quoted_and_escaped(tmp_path: Path) -> None:
    write(tmp_path)
    index = (tmp_path / "index.html").read_text("utf-8")
    assert 'href="feedback/_img_src_x_onerror_alert_1__-' in index
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


def test_a_legal_251_character_id_gets_a_feedback_page_of_a_short_name(tmp_path: Path) -> None:
    student = "s" * 251
    one = Graded(student, [m.__class__(student, *astuple(m)[1:]) for m in CLASS[0].marks])
    write(tmp_path / "sheet", [one])
    pages = list((tmp_path / "sheet" / "feedback").iterdir())
    assert len(pages) == 1 and len(pages[0].name) < 120
    assert pages[0].name == feedback_name(student)


def test_a_folder_holding_other_files_is_not_taken_for_a_grade_sheet(tmp_path: Path) -> None:
    (tmp_path / "sheet").mkdir()
    (tmp_path / "sheet" / "essay.docx").write_text("mine")
    with pytest.raises(GradeError, match="holds files that are not a grade sheet"):
        write(tmp_path / "sheet")
    assert [p.name for p in (tmp_path / "sheet").iterdir()] == ["essay.docx"]


def test_a_new_sheet_replaces_the_old_one_whole(tmp_path: Path) -> None:
    write(tmp_path / "sheet")
    write(tmp_path / "sheet", CLASS[:1])
    assert sorted(p.name for p in (tmp_path / "sheet" / "feedback").iterdir()) == [
        feedback_name(CLASS[0].student)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet"]  # no temporary left
