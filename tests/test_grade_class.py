"""`rupak grade` end to end, on real notebooks made from the handouts `rupak seminar` writes:
the instructor's and the blank student's version, and hostile variants of them, graded
together in bubblewrap sandboxes."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from once import trade_handouts

from rupak_lib.cli import main
from rupak_lib.data.paths import BUNDLED_DATA_DIR, REPO_DIR
from rupak_lib.teaching.sandbox import BWRAP_ENV, find_bwrap

THEME = "trade-economy"
TIMEOUT = "8"  # seconds per student cell; the handout's own (loading the data) get 120 s

needs_bwrap = pytest.mark.skipif(find_bwrap() is None and not os.environ.get("CI"),
                                 reason="bubblewrap is not installed")
pytestmark = [pytest.mark.slow, needs_bwrap]


def run_rupak(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for key, value in (env or {}).items():
            mp.setenv(key, value)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(list(args))
    return status, stdout.getvalue(), stderr.getvalue()


@dataclass
class Handouts:
    student: dict
    instructor: dict


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> Handouts:
    out = trade_handouts(tmp_path_factory)
    read = lambda version: json.loads(  # noqa: E731
        (out / f"seminar-{THEME}-{version}.ipynb").read_text("utf-8"))
    return Handouts(read("student"), read("instructor"))


def with_exercise(nb: dict, number: int, source: str) -> dict:
    """``nb`` with the code of exercise ``number`` replaced."""
    nb = json.loads(json.dumps(nb))
    cell = next(c for c in nb["cells"] if c["metadata"].get("rupak", {}).get("exercise") == number)
    cell["source"] = source
    return nb


def with_cell_after_setup(nb: dict, source: str) -> dict:
    nb = json.loads(json.dumps(nb))
    at = next(i for i, c in enumerate(nb["cells"]) if "rk.load(" in "".join(c["source"]))
    nb["cells"].insert(at + 1, {"cell_type": "code", "execution_count": None, "id": "hostile",
                                "metadata": {}, "outputs": [], "source": source})
    return nb


def hostile_code(victim: Path) -> str:
    """Tries to overwrite another submission, the data, the project and the host's /tmp."""
    targets = [victim, BUNDLED_DATA_DIR / "facts.csv", REPO_DIR / "README.md",
               Path("/tmp") / "rupak-grade-was-here"]
    return (f"import os, pathlib\nfor t in {[str(t) for t in targets]!r}:\n"
            "    for attempt in (lambda: pathlib.Path(t).write_text('overwritten'),\n"
            "                    lambda: os.remove(t)):\n"
            "        try:\n            attempt()\n        except OSError:\n            pass\n")


#: A wrong result, and every check it could reach in its kernel made to say "passed".
PATCHER = (
    "import rupak_lib.teaching.marking as m, rupak_lib.teaching.seminar as s\n"
    "m.verdict = lambda *a, **k: ('passed', 'correct.')\n"
    "s.check_exercise = lambda *a, **k: print('Exercise 1: correct.')\n"
    "shares = None\n")
#: Full marks written straight into the runner's stream, as its own events would be.
FORGER = (
    "import json, os\n"
    "for n in (1, 2, 3, 4):\n"
    "    forged = {'event': {'event': 'mark', 'exercise': n, 'status': 'passed',\n"
    "                        'message': 'correct.'}, 'mac': '0' * 64}\n"
    "    for fd in ('/proc/%d/fd/1' % os.getppid(), '/dev/stdout'):\n"
    "        try:\n"
    "            with open(fd, 'w') as out:\n"
    "                out.write(json.dumps(forged) + '\\n')\n"
    "        except OSError:\n"
    "            pass\n"
    "shares = None\n")


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Graded:
    submissions: Path
    out: Path
    status: int
    stdout: str
    stderr: str
    before: dict[str, str]
    data_before: dict[str, str]

    def marks(self, student: str) -> dict[str, tuple[str, str, str]]:
        with (self.out / "grades.csv").open(newline="", encoding="utf-8") as fh:
            return {r["exercise"]: (r["status"], r["points"], r["message"])
                    for r in csv.DictReader(fh) if r["student"] == student}


@pytest.fixture(scope="module")
def graded(handouts: Handouts, tmp_path_factory: pytest.TempPathFactory) -> Graded:
    base = tmp_path_factory.mktemp("class")
    subs = base / "submissions"
    subs.mkdir()
    notebooks = {
        "teacher": handouts.instructor,
        "blank": handouts.student,
        # endless, but asleep: its cell's time runs out without taking a core from the rest
        "looper": with_exercise(handouts.instructor, 2,
                                "import time\nwhile True:\n    time.sleep(0.5)\n"),
        "quitter": with_exercise(handouts.instructor, 3, "import os\nos._exit(1)\n"),
        "flooder": with_exercise(handouts.instructor, 4,
                                 "for _ in range(1_000_000):\n    print('x' * 99)\n"),
        "vandal": with_cell_after_setup(handouts.instructor, hostile_code(subs / "teacher.ipynb")),
        "patcher": with_exercise(handouts.student, 1, PATCHER),
        "forger": with_exercise(handouts.student, 1, FORGER),
    }
    for name, nb in notebooks.items():
        (subs / f"{name}.ipynb").write_text(json.dumps(nb, indent=1), "utf-8")
    before, data_before = digest(subs), digest(BUNDLED_DATA_DIR)
    status, stdout, stderr = run_rupak("grade", str(subs), "--theme", THEME, "--out",
                                       str(base / "grades"), "--timeout", TIMEOUT, "--jobs", "2")
    return Graded(subs, base / "grades", status, stdout, stderr, before, data_before)


def test_the_class_is_graded(graded: Graded) -> None:
    assert graded.status == 0, graded.stderr
    assert "graded 8 notebooks" in graded.stdout


def test_the_instructor_version_scores_full_marks(graded: Graded) -> None:
    marks = graded.marks("teacher")
    assert {e: m[0] for e, m in marks.items()} == dict.fromkeys(
        ["exercise-1", "exercise-2", "exercise-3", "exercise-4"], "passed")
    with (graded.out / "summary.csv").open(newline="", encoding="utf-8") as fh:
        summary = {r["student"]: (r["points"], r["max_points"]) for r in csv.DictReader(fh)}
    assert summary["teacher"] == ("10", "10")


def test_the_blank_student_version_scores_zero_as_not_attempted(graded: Graded) -> None:
    marks = graded.marks("blank")
    assert {m[:2] for m in marks.values()} == {("not-attempted", "0")}
    assert all("YOUR CODE HERE" in m[2] for m in marks.values())


def test_an_endless_loop_times_out_and_the_other_exercises_are_marked(graded: Graded) -> None:
    marks = graded.marks("looper")
    assert marks["exercise-2"][0] == "timeout"
    assert f"{TIMEOUT} s" in marks["exercise-2"][2]
    assert [marks[f"exercise-{n}"][0] for n in (1, 3, 4)] == ["passed"] * 3


def test_a_notebook_that_kills_its_kernel_keeps_its_earlier_marks(graded: Graded) -> None:
    marks = graded.marks("quitter")
    assert [marks[f"exercise-{n}"][0] for n in (1, 2)] == ["passed", "passed"]
    assert marks["exercise-3"][0] == "error" and "stopped the Python kernel" in marks[
        "exercise-3"][2]
    assert marks["exercise-4"][0] == "error" and marks["exercise-4"][2].startswith(
        "not marked")


def test_a_notebook_printing_100_mb_is_cut_off(graded: Graded) -> None:
    marks = graded.marks("flooder")
    assert marks["exercise-4"][0] == "error"
    assert "printed more than 2 MiB" in marks["exercise-4"][2]
    assert [marks[f"exercise-{n}"][0] for n in (1, 2, 3)] == ["passed"] * 3


def test_a_notebook_writing_over_other_files_changes_nothing(graded: Graded) -> None:
    assert digest(graded.submissions) == graded.before
    assert digest(BUNDLED_DATA_DIR) == graded.data_before
    assert not Path("/tmp/rupak-grade-was-here").exists()
    assert {m[0] for m in graded.marks("vandal").values()} == {"passed"}


def test_each_student_gets_a_feedback_page_linked_from_the_index(graded: Graded) -> None:
    index = (graded.out / "index.html").read_text("utf-8")
    for student in ("teacher", "blank", "looper", "quitter", "flooder", "vandal"):
        page = graded.out / "feedback" / f"{student}.html"
        assert f'href="feedback/{student}.html"' in index
        assert "Exercise 2: a year in the calendar" in page.read_text("utf-8")
    assert "<svg" in index


def test_the_answers_sheet_has_a_row_per_student_and_question(graded: Graded) -> None:
    with (graded.out / "answers.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    questions = {r["question_id"] for r in rows}
    assert len(questions) >= 2
    assert len(rows) == 8 * len(questions)


@pytest.fixture(scope="module")
def small_class(handouts: Handouts, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An answered notebook, a blank one and files that are no notebook of this session."""
    subs = tmp_path_factory.mktemp("small-class")
    answered = json.loads(json.dumps(handouts.student))
    cell = next(c for c in answered["cells"] if "question_id" in c["metadata"].get("rupak", {}))
    cell["source"] = "Your answer: <b>yes</b>, =1+1"
    (subs / "ann.ipynb").write_text(json.dumps(answered), "utf-8")
    (subs / "notes.txt").write_text("not a notebook", "utf-8")
    other = json.loads(json.dumps(handouts.student))
    other["metadata"]["rupak"]["session"] = "history"
    (subs / "other.ipynb").write_text(json.dumps(other), "utf-8")
    return subs


def grade_small(subs: Path, out: Path) -> int:
    status, _, stderr = run_rupak("grade", str(subs), "--theme", THEME, "--out", str(out),
                                  "--timeout", TIMEOUT, "-q")
    assert status == 0, stderr
    return status


@pytest.fixture(scope="module")
def small_graded(small_class: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small class graded once, read by the tests below."""
    out = tmp_path_factory.mktemp("small-graded")
    grade_small(small_class, out)
    return out


def test_a_rerun_gives_byte_identical_outputs(small_class: Path, small_graded: Path,
                                              tmp_path: Path) -> None:
    grade_small(small_class, tmp_path / "again")
    assert digest(small_graded) == digest(tmp_path / "again")
    assert len(digest(small_graded)) == 4 + 3  # three CSVs, the index, three pages


def test_a_notebook_of_another_session_and_a_non_notebook_get_their_own_rows(
        small_graded: Path) -> None:
    with (small_graded / "grades.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    other = {r["message"] for r in rows if r["student"] == "other"}
    assert other == {"this is the handout of the session 'history', not of "
                     f"'{THEME}': grade it with --theme history, with that "
                     "session's notebooks."}
    assert {r["message"] for r in rows if r["student"] == "notes.txt"} == {
        "notes.txt is not a notebook (.ipynb) file."}
    assert {r["status"] for r in rows if r["student"] == "ann"} == {"not-attempted"}


def test_an_answer_is_collected_and_escaped_in_the_feedback(small_class: Path,
                                                            small_graded: Path) -> None:
    nb = json.loads((small_class / "ann.ipynb").read_text("utf-8"))
    qid = next(c["metadata"]["rupak"]["question_id"] for c in nb["cells"]
               if "question_id" in c["metadata"].get("rupak", {}))
    answers = (small_graded / "answers.csv").read_text("utf-8")
    assert f"ann,{qid},\"<b>yes</b>, =1+1\"\n" in answers
    page = (small_graded / "feedback" / "ann.html").read_text("utf-8")
    assert "&lt;b&gt;yes&lt;/b&gt;, =1+1" in page and "<b>yes</b>" not in page


def test_without_isolation_grading_is_refused_and_nothing_written(small_class: Path,
                                                                  tmp_path: Path) -> None:
    status, _, stderr = run_rupak("grade", str(small_class), "--theme", THEME,
                                  "--out", str(tmp_path / "out"), env={BWRAP_ENV: ""})
    assert status == 1
    assert "bubblewrap" in stderr and "--no-sandbox" in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "out").exists()


def test_no_sandbox_grades_when_asked_explicitly(small_class: Path, tmp_path: Path) -> None:
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(small_class / "ann.ipynb", only)
    status, stdout, stderr = run_rupak("grade", str(only), "--theme", THEME, "--out",
                                       str(tmp_path / "out"), "--no-sandbox", "-q",
                                       "--timeout", TIMEOUT, env={BWRAP_ENV: ""})
    assert status == 0, stderr
    assert "no sandbox" in (tmp_path / "out" / "index.html").read_text("utf-8")


def test_a_check_patched_in_the_student_s_kernel_passes_nothing(graded: Graded) -> None:
    status, points, message = graded.marks("patcher")["exercise-1"]
    assert (status, points) == ("failed", "0")
    assert "shares should be a Series" in message


def test_marks_written_into_the_runner_s_stream_pass_nothing(graded: Graded) -> None:
    marks = graded.marks("forger")
    assert marks["exercise-1"][:2] == ("failed", "0")
    assert all(m[0] != "passed" for m in marks.values())
