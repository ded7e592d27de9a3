"""Grading, piece by piece: reading submissions, the runner's job, the marks of each way a
cell can end, the points the seminar notebook declares, and the answer cells."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import frames
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from rupak_lib.cli import main
from rupak_lib.exceptions import GradeError
from rupak_lib.teaching import answer_cells, grade, marking, runner, seminar, values
from rupak_lib.teaching.sandbox import Finished, Limits, Sandbox

REPO = Path(__file__).resolve().parent.parent
EXERCISES = [grade.Exercise(1, "one", 2, "shares"), grade.Exercise(2, "two", 3, "events")]


def notebook(path: Path, cells: list[dict], session: str | None = "history") -> Path:
    meta = {"rupak": {"session": session}} if session else {}
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": meta,
                                "cells": cells}), "utf-8")
    return path


def code(source: str, exercise: int | None = None, tags: tuple[str, ...] = ()) -> dict:
    meta: dict = {"tags": list(tags)} if tags else {}
    if exercise is not None:
        meta["rupak"] = {"exercise": exercise, "points": 1, "result": "x"}
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [],
            "execution_count": None}


# --- the seminar notebook's exercises -------------------------------------------------------------

def test_the_seminar_notebook_declares_points_for_each_exercise() -> None:
    found = grade.exercises()
    assert [(e.number, e.result) for e in found] == [
        (1, "shares"), (2, "events"), (3, "unnamed"), (4, "hedged")]
    assert all(e.points > 0 for e in found)
    assert found[1].title == "a year in the calendar"


def test_each_exercise_heading_shows_the_points_it_declares() -> None:
    nb = nbformat.read(seminar.NOTEBOOK, as_version=4)
    headings = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for e in grade.exercises():
        assert f"### Exercise {e.number}: {e.title} ({e.points} points)" in headings


def test_a_notebook_without_exercises_cannot_be_graded(tmp_path: Path) -> None:
    with pytest.raises(GradeError, match="declares no exercise"):
        grade.exercises(notebook(tmp_path / "x.ipynb", [code("1")]))


# --- reading submissions --------------------------------------------------------------------------

def test_a_file_that_is_not_an_ipynb_is_named_by_its_file_name(tmp_path: Path) -> None:
    (tmp_path / "essay.docx").write_bytes(b"PK\x03\x04")
    sub = grade.read_submission(tmp_path / "essay.docx")
    assert (sub.student, sub.problem) == ("essay.docx",
                                          "essay.docx is not a notebook (.ipynb) file.")


@pytest.mark.parametrize(("content", "problem"), [
    (b'{"cells": [', "bob.ipynb is not a notebook: invalid JSON at line 1, column 12."),
    (b"\xff\xfe", "bob.ipynb is not a notebook: not UTF-8 text."),
    (b"[]", "bob.ipynb is not a notebook: it has no cells."),
    (b'{"nbformat": 3, "cells": []}',
     "bob.ipynb is a notebook of format 3: open and save it in JupyterLab (format 4)."),
    (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}',
     "bob.ipynb is not a notebook: cell 1 is malformed."),
])
def test_a_broken_notebook_gets_a_problem_that_says_what_is_wrong(
        tmp_path: Path, content: bytes, problem: str) -> None:
    (tmp_path / "bob.ipynb").write_bytes(content)
    sub = grade.read_submission(tmp_path / "bob.ipynb")
    assert (sub.student, sub.problem) == ("bob", problem)


def test_a_notebook_says_which_session_it_was_made_for(tmp_path: Path) -> None:
    sub = grade.read_submission(notebook(tmp_path / "amy.ipynb", [code("1")], "history"))
    assert (sub.student, sub.session, sub.problem) == ("amy", "history", None)


def test_hidden_files_are_not_submissions(tmp_path: Path) -> None:
    notebook(tmp_path / "amy.ipynb", [code("1")])
    (tmp_path / ".DS_Store").write_bytes(b"")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    assert [p.name for p in grade.submissions(tmp_path)] == ["amy.ipynb"]


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GradeError, match="no submissions"):
        grade.submissions(tmp_path)


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GradeError, match="no such folder"):
        grade.submissions(tmp_path / "nope")


# --- the runner's job -----------------------------------------------------------------------------

def test_the_grading_parameters_replace_the_handouts(tmp_path: Path) -> None:
    nb = notebook(tmp_path / "a.ipynb", [
        code("theme_id = None", tags=("parameters",)),
        code("theme_id = 'other'", tags=("injected-parameters",)),
        code("shares = 1", exercise=1), code("events = 2", exercise=2)])
    job, missing = grade.job_of(grade.read_submission(nb), EXERCISES, "history",
                                Path("/data"))
    assert job["cells"][1] == grade.parameters_code("history", Path("/data"))
    assert "theme_id = 'history'" in job["cells"][1] and "data_dir = '/data'" in job["cells"][1]
    assert [(e["number"], e["cell"]) for e in job["exercises"]] == [(1, 2), (2, 3)]
    assert missing == {}


def test_the_handout_s_own_cells_are_marked_as_such_when_kept_word_for_word(
        tmp_path: Path) -> None:
    nb = notebook(tmp_path / "a.ipynb", [
        code("theme_id = None", tags=("parameters",)), code("corpus = load()"),
        code("corpus = load()  # changed"), code("corpus = load()", exercise=1)])
    job, _ = grade.job_of(grade.read_submission(nb), EXERCISES[:1], None, Path("/d"),
                          frozenset({"corpus = load()"}))
    # the parameters the grader injects, and the setup as the handout wrote it
    assert job["handout_cells"] == [1, 2, 4]
    assert job["exercises"][0]["cell"] == 4


def test_the_handout_s_code_is_its_notebook_s_cells_but_the_exercises() -> None:
    own = grade.handout_code()
    assert any("rk.load(" in c for c in own)
    assert not any(c.startswith("work = rk.seminar.exercise_corpus") for c in own)


def test_the_handout_s_own_cells_run_under_its_limit_and_the_students_under_theirs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.teaching.marking import CellOutcome

    limits: list[float] = []

    class Kernel:
        alive = True

        def run(self, code: str, timeout: float, keep_text: bool = False) -> CellOutcome:
            limits.append(timeout)
            return CellOutcome("ok")

    monkeypatch.setattr(runner, "emit", lambda **event: None)
    job = {"cells": ["setup", "mine", "shares = 1"], "handout_cells": [0, 2],
           "exercises": [{"number": 1, "result": "shares", "cell": 2}],
           "limits": {"cell_timeout": 5.0, "handout_timeout": 120.0, "output": 2**20}}
    runner.grade(job, Kernel())
    # an exercise's cell is the student's, whatever its words; so is its check
    assert limits == [120.0, 5.0, 5.0, 5.0]


def test_an_exercise_after_a_handout_cell_past_its_time_names_the_handout_s_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from rupak_lib.teaching.marking import CellOutcome

    marks: list[dict] = []

    class Kernel:
        alive = True

        def run(self, code: str, timeout: float, keep_text: bool = False) -> CellOutcome:
            self.alive = False  # the setup ran past its time and would not stop
            return CellOutcome("timeout")

    monkeypatch.setattr(runner, "emit", lambda **event: marks.append(event))
    job = {"cells": ["setup", "shares = 1"], "handout_cells": [0],
           "exercises": [{"number": 1, "result": "shares", "cell": 1}],
           "limits": {"cell_timeout": 5.0, "handout_timeout": 120.0, "output": 2**20}}
    runner.grade(job, Kernel())
    assert [m["status"] for m in marks] == ["timeout"]
    assert "ran past 120 s" in marks[0]["message"]


def test_without_injected_parameters_they_go_after_the_parameters_cell(tmp_path: Path) -> None:
    nb = notebook(tmp_path / "a.ipynb", [
        {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
        code("theme_id = None", tags=("parameters",)), code("x = 1", exercise=1)])
    job, _ = grade.job_of(grade.read_submission(nb), EXERCISES[:1], None, Path("/d"))
    assert job["cells"] == ["theme_id = None", grade.parameters_code(None, Path("/d")), "x = 1"]
    assert job["exercises"] == [{"number": 1, "result": "shares", "cell": 2}]


def test_a_missing_exercise_cell_is_named(tmp_path: Path) -> None:
    nb = notebook(tmp_path / "a.ipynb", [code("shares = 1", exercise=1)])
    job, missing = grade.job_of(grade.read_submission(nb), EXERCISES, None, Path("/d"))
    assert [e["number"] for e in job["exercises"]] == [1]
    assert missing == {2: "the cell of exercise 2 is missing from the notebook: copy it back "
                          "from the handout and write your code in it."}


# --- marks ----------------------------------------------------------------------------------------

def test_points_are_given_only_for_a_passed_exercise() -> None:
    marks = grade.marks_of("amy", EXERCISES, {1: ("passed", "correct.")},
                           ("error", "not run"))
    assert [(m.exercise, m.points, m.max_points, m.status) for m in marks] == [
        ("exercise-1", 2, 2, "passed"), ("exercise-2", 0, 3, "error")]


KEY = b"k" * 32


def signed(*events: dict, key: bytes = KEY) -> list[dict]:
    """Events as the runner's stream carries them: each with its HMAC."""
    return [json.loads(runner.sign(e, key)) for e in events]


def outcome(events: list, killed: bool = False) -> dict[int, tuple[str, str]]:
    finished = Finished(events, killed=killed, returncode=0, stderr="")
    return grade.outcome_marks(finished, Limits(cell_timeout=5), EXERCISES,
                               {1: frames.corpus(), 2: frames.corpus()}, KEY)[0]


def right_shares() -> dict:
    return values.encode(pd.Series([0.6, 0.2, 0.0, 0.2, 0.0], index=frames.MODALITY))


def test_exercises_a_killed_notebook_never_reached_time_out() -> None:
    finished = Finished(signed({"event": "mark", "exercise": 1, "status": "error",
                                "message": "your code raised KeyError."}),
                        killed=True, returncode=-9, stderr="")
    found, fallback = grade.outcome_marks(finished, Limits(cell_timeout=5), EXERCISES,
                                          {}, KEY)
    assert found == {1: ("error", "your code raised KeyError.")}
    assert fallback == ("timeout", "not marked: the notebook ran past 50 s in all and was "
                                   "stopped.")


def test_a_value_handed_over_is_checked_by_the_grader() -> None:
    assert outcome(signed({"event": "value", "exercise": 1, "value": right_shares()})) == {
        1: ("passed", "correct.")}


def test_a_wrong_value_fails_with_the_check_s_hint() -> None:
    wrong = values.encode(pd.Series([1, 0, 0, 0, 0], index=frames.MODALITY))
    status, message = outcome(signed({"event": "value", "exercise": 1, "value": wrong}))[1]
    assert status == "failed" and message.startswith("the share of")


def test_a_name_never_assigned_fails_and_says_which() -> None:
    assert outcome(signed({"event": "value", "exercise": 1, "value": {"missing": True}})) == {
        1: ("failed", "your code ran but did not define `shares`: assign your result to it.")}


def test_the_runner_cannot_declare_an_exercise_passed() -> None:
    assert outcome(signed({"event": "mark", "exercise": 1, "status": "passed",
                           "message": "correct."})) == {}


def test_an_event_not_signed_with_the_run_s_key_is_no_mark() -> None:
    forged = signed({"event": "value", "exercise": 1, "value": right_shares()},
                    key=b"x" * 32)
    plain = [{"event": {"event": "value", "exercise": 1, "value": right_shares()}}]
    assert outcome(forged + plain) == {}


def test_the_first_signed_event_of_an_exercise_counts() -> None:
    events = signed({"event": "mark", "exercise": 1, "status": "error", "message": "raised"},
                    {"event": "value", "exercise": 1, "value": right_shares()})
    assert outcome(events) == {1: ("error", "raised")}


STUB = seminar.CODE_STUB


@pytest.mark.parametrize(("outcome", "source", "status", "says"), [
    (marking.CellOutcome("ok"), "x = 1", "ran", ""),
    (marking.CellOutcome("error", "NotImplementedError", ""), f"year = 1\n{STUB}",
     "not-attempted", "replace `# YOUR CODE HERE`"),
    (marking.CellOutcome("error", "NotImplementedError", "mine"),
     "raise NotImplementedError('mine')", "error", "raised NotImplementedError: mine"),
    (marking.CellOutcome("error", "KeyError", "'modalty'"), "x", "error",
     "your code raised KeyError: 'modalty'"),
    (marking.CellOutcome("timeout"), "while True: pass", "timeout", "more than 7 s"),
    (marking.CellOutcome("output"), "print", "error", "printed more than 2 MiB"),
    (marking.CellOutcome("dead"), "os._exit(1)", "error", "stopped the Python kernel"),
    (marking.CellOutcome("error", "MemoryError", ""), "x", "error", "ran out of the memory"),
])
def test_how_a_cell_ended_gives_the_exercise_its_status(
        outcome: marking.CellOutcome, source: str, status: str, says: str) -> None:
    got = marking.cell_status(outcome, source, {"number": 1}, 7, 2 * 2**20)
    assert got[0] == status and says in got[1]


def test_the_stub_the_marks_look_for_is_the_handouts() -> None:
    assert seminar.CODE_STUB.splitlines()[-1] == marking.STUB_RAISE


def test_an_exercise_after_the_kernel_stopped_is_not_marked_and_says_where() -> None:
    assert marking.not_reached("dead", "\nimport os\nos._exit(1)", 60) == (
        "error", "not marked: the cell starting `import os` stopped the Python kernel, "
                 "before this exercise ran.")
    assert marking.not_reached("timeout", "while True: pass", 60)[0] == "timeout"


def test_a_right_result_passes_the_same_check_the_notebook_calls() -> None:
    shares = pd.Series([0.6, 0.2, 0.0, 0.2, 0.0], index=frames.MODALITY)
    assert marking.verdict(1, "shares", {"shares": shares}, frames.corpus()) == (
        "passed", "correct.")


def test_a_wrong_result_fails_with_the_checks_hint() -> None:
    counts = pd.Series([3, 1, 0, 1, 0], index=frames.MODALITY)
    status, message = marking.verdict(1, "shares", {"shares": counts}, frames.corpus())
    assert status == "failed" and message.startswith("the share of achieved")


def test_a_result_never_assigned_fails_and_names_the_variable() -> None:
    assert marking.verdict(3, "unnamed", {}, frames.corpus()) == (
        "failed", "your code ran but did not define `unnamed`: assign your result to it.")


def test_a_result_that_breaks_the_check_is_an_error_not_a_crash() -> None:
    class Hostile(pd.Series):
        @property
        def empty(self) -> bool:
            raise RuntimeError("no")

    status, message = marking.verdict(1, "shares", {"shares": Hostile([1.0])},
                                      frames.corpus())
    assert (status, message) == ("error", "`shares` could not be checked: RuntimeError: no")


# --- answer cells ---------------------------------------------------------------------------------

def asked_notebook() -> nbformat.NotebookNode:
    session = pd.DataFrame({"label": ["Q1", "Q2"], "question_id": ["why", "how"],
                            "kind": ["recall", "analysis"], "prompt": ["Why?", "How?"]})
    shown = answer_cells.ask(session, ["recall", "analysis"])
    text, meta = shown._repr_markdown_()
    out = new_output("execute_result", {"text/markdown": text, "text/plain": repr(shown)},
                     metadata={"text/markdown": meta}, execution_count=1)
    cell = new_code_cell("rk.seminar.ask(session, kinds)", execution_count=1,
                         metadata={"tags": ["handout-text"]}, outputs=[out])
    return new_notebook(cells=[cell], metadata={"rupak": {"session": "history"}})


def test_each_question_gets_an_answer_cell_carrying_its_id() -> None:
    nb = seminar.student_version(asked_notebook())
    assert [(c.cell_type, c.source) for c in nb.cells] == [
        ("markdown", "**Q1** (recall). Why?"), ("markdown", "Your answer: YOUR ANSWER HERE"),
        ("markdown", "**Q2** (analysis). How?"), ("markdown", "Your answer: YOUR ANSWER HERE")]
    assert [c.metadata.get("rupak") for c in nb.cells[1::2]] == [
        {"question_id": "why"}, {"question_id": "how"}]
    assert nb.metadata["rupak"] == {"session": "history"}


def test_the_questions_output_has_no_address_in_its_plain_text() -> None:
    out = asked_notebook().cells[0].outputs[0]
    assert " at 0x" not in out.data["text/plain"]


def test_answers_are_read_by_question_id_without_the_prompt() -> None:
    cells = [{"cell_type": "markdown", "metadata": {"rupak": {"question_id": "why"}},
              "source": ["Your answer: Because\n", "of 1948."]},
             {"cell_type": "markdown", "metadata": {"rupak": {"question_id": "how"}},
              "source": "Your answer: YOUR ANSWER HERE"},
             {"cell_type": "markdown", "metadata": {"rupak": "garbled"}, "source": "x"}]
    assert answer_cells.answers_of(cells) == {"why": "Because\nof 1948.", "how": ""}


# --- the command ----------------------------------------------------------------------------------

def test_make_grade_runs_the_command_for_the_folder_and_theme_given() -> None:
    dry = subprocess.run(["make", "-n", "grade", "SUBMISSIONS=class", "THEME=trade-economy"],
                         cwd=REPO, capture_output=True, text=True, check=True)
    assert "rupak grade class --theme trade-economy" in dry.stdout


def test_a_notebook_of_another_session_is_not_run(tmp_path: Path) -> None:
    path = notebook(tmp_path / "amy.ipynb", [code("shares = 1", exercise=1)], "history")
    never = Sandbox("/nonexistent/bwrap")  # running it would fail loudly
    got = grade.grade_one(path, EXERCISES, "corpus", None, Path("/d"), never, Limits())
    assert {(m.status, m.points) for m in got.marks} == {("error", 0)}
    assert got.marks[0].message.startswith("this is the handout of the session 'history', "
                                           "not of 'corpus'")


@pytest.mark.parametrize(("args", "says"), [
    (["--jobs", "0"], "argument --jobs/-j: must be at least 1, not 0"),
    (["--timeout", "0"], "argument --timeout: must be a positive number of seconds, not 0"),
    (["--out", ""], "argument --out: an empty path; name a folder"),
])
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], says: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    notebook(tmp_path / "amy.ipynb", [code("1")])
    with pytest.raises(SystemExit) as stop:
        main(["grade", str(tmp_path), "--out", str(tmp_path / "out"), *args])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.startswith("usage: rupak grade") and says in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("args", "says"), [
    (["--theme", "nope"], "rupak: error: unknown theme 'nope'"),
])
def test_bad_options_are_refused_in_one_line(tmp_path: Path, args: list[str], says: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    notebook(tmp_path / "amy.ipynb", [code("1")])
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "out"), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith(says) and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_an_empty_folder_is_refused_by_the_command(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "class").mkdir()
    assert main(["grade", str(tmp_path / "class"), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == (f"rupak: error: {tmp_path / 'class'}: no submissions "
                                       "(the folder has no .ipynb file)\n")


def test_a_grade_sheet_inside_the_submissions_folder_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), folder / "s1.ipynb")
    before = sorted(p.name for p in folder.iterdir())
    for out in (folder, folder / "grades"):
        assert main(["grade", str(folder), "--out", str(out), "--no-sandbox", "-q"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "inside the submissions folder" in err[0]
    assert sorted(p.name for p in folder.iterdir()) == before


def test_cell_tags_that_are_not_a_list_make_a_problem_not_a_crash(tmp_path: Path) -> None:
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    nb.cells[0].metadata["tags"] = 5
    path = tmp_path / "eve.ipynb"
    path.write_text(json.dumps(nb))
    sub = grade.read_submission(path)
    assert sub.problem == "eve.ipynb is not a notebook: the tags of cell 1 are not a list of words."


def test_a_malformed_event_is_no_mark() -> None:
    events = signed({"event": "mark", "exercise": "all", "status": "error", "message": "x"},
                    {"event": "mark", "exercise": 1, "status": "full marks", "message": "x"},
                    {"event": "mark", "exercise": True, "status": "error", "message": "x"},
                    {"event": "value", "exercise": 1, "value": {"type": "Series"}},
                    {"event": "mark", "exercise": 2, "status": "timeout", "message": "slow"})
    found = outcome(events + ["not an event"])
    assert found[2] == ("timeout", "slow")
    assert found[1][0] == "error" and "could not be read" in found[1][1]


def test_the_notebooks_read_the_verdicts_the_grader_wrote_on_their_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datapkg import build_package

    package = build_package(tmp_path / "data")
    subs = tmp_path / "subs"
    subs.mkdir()
    notebook(subs / "amy.ipynb", [code("shares = 1", exercise=1)], "corpus")
    seen: list[tuple[Sandbox, list[str]]] = []

    def fake_grade_one(path, exs, session_id, theme_id, data_dir, sandbox, *rest):
        seen.append((sandbox, sorted(p.name for p in sandbox.cache.iterdir())))
        return grade.Graded(path.stem, [])

    monkeypatch.setattr(grade, "grade_one", fake_grade_one)
    grade.grade(subs, data_dir=package.path, out_dir=tmp_path / "grades", no_sandbox=True,
                progress=False, notebook=REPO / "notebooks" / "seminar.ipynb")
    (sandbox, verdicts), = seen
    assert sandbox.cache in sandbox.readable
    assert len(verdicts) == len(list(package.path.glob("*.csv")))
