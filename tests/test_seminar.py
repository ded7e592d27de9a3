"""Seminar handouts: one notebook, a student's version without answers or solutions that
runs with only its exercises open, and an instructor's version that runs clean.

Unit tests build small notebooks in memory. The end-to-end tests run ``rupak seminar`` once
on a small data package (every theme, Chromium hidden) and once on the bundled data for one
theme (with PDFs where Chromium is installed), and read the files it wrote.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import frames
import nbformat
import pandas as pd
import pytest
from browser import chromium_or_skip
from datapkg import DataPackage, build_package
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from once import trade_handouts

import rupak_lib as rk
from rupak_lib.cli import main
from rupak_lib.data.corpus import UnknownIdError
from rupak_lib.data.paths import BUNDLED_DATA_DIR
from rupak_lib.teaching import seminar
from rupak_lib.teaching.handouts import Session
from rupak_lib.teaching.pdf import CHROMIUM_ENV
from rupak_lib.teaching.seminar import (
    CODE_STUB,
    ExerciseCheckError,
    SolutionRegionError,
    student_version,
)

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "seminar.ipynb"

#: Model answers of the small package: long and distinctive, unlike any text around them.
FIXTURE_ANSWERS = {
    "when-relations": "The instructor explains that ties began with the notes of 1 May 1948 "
                      "[relations-1948].",
    "what-grew": "The instructor points out that commerce expanded throughout that decade "
                 "[trade-1960s], once ties stood [relations-1948], under a pact "
                 "[trade-pact-1965].",
    "how-many": "The instructor notes that the figure of one hundred fifty-two is unchecked "
                "[scholarships].",
}


# --- reading what was written -----------------------------------------------------------------

def _flat(text: str) -> str:
    """Whitespace collapsed, ligatures (as PDF text has them) written out."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def visible_text(path: Path) -> str:
    """Everything a reader of the file could find in it, whitespace collapsed."""
    if path.suffix == ".ipynb":
        strings: list[str] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    strings.append(str(key))
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
            else:
                strings.append(str(node))

        walk(json.loads(path.read_text(encoding="utf-8")))
        return _flat("\n".join(strings))
    if path.suffix == ".html":
        raw = path.read_text(encoding="utf-8")
        return _flat(html.unescape(re.sub(r"<[^>]+>", "", raw)))
    from pypdf import PdfReader

    return _flat("\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def answer_passages(answers: pd.Series) -> list[str]:
    """The passages of the model answers between sentence ends and fact references (five
    words or more): what an answer shown in any form would contain verbatim."""
    out = []
    for answer in answers.dropna():
        for passage in re.split(r"\[[a-z0-9-]+\]|(?<=[.!?])\s", str(answer)):
            if len(passage.split()) >= 5:
                out.append(_flat(passage))
    return out


def solution_lines(nb: nbformat.NotebookNode) -> list[str]:
    """Every line inside a solution region of the notebook."""
    lines = []
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            if line.strip().startswith(seminar.BEGIN_SOLUTION):
                inside = True
            elif line.strip().startswith(seminar.END_SOLUTION):
                inside = False
            elif inside and line.strip():
                lines.append(_flat(line))
    return lines


# --- small notebooks in memory ----------------------------------------------------------------

def exercise_notebook() -> nbformat.NotebookNode:
    """An executed instructor's notebook: a question, its answer cell, an exercise, a check."""
    question = new_code_cell("show_question()", execution_count=1,
                             metadata={"tags": ["handout-text"]},
                             outputs=[new_output("display_data",
                                                 {"text/markdown": "**Q1** Why?"})])
    answer = new_code_cell("show_answer()", execution_count=2, metadata={"tags": ["answer"]},
                           outputs=[new_output("display_data",
                                               {"text/markdown": "Because of the 1948 notes."})])
    exercise = new_code_cell(
        "year = 2025\n### BEGIN SOLUTION\nevents = facts[facts.year == year]\n"
        "### END SOLUTION", execution_count=3,
        metadata={"tags": [], "papermill": {"duration": 0.1}, "scrolled": True},
        outputs=[new_output("execute_result", {"text/plain": "3 events"}, execution_count=3)])
    check = new_code_cell("assert len(events) == 3", execution_count=4)
    nb = new_notebook(cells=[new_markdown_cell("# Seminar"), question, answer, exercise, check],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"},
                                "language_info": {"name": "python"},
                                "papermill": {"parameters": {"theme_id": "history"}}})
    return nb


def test_a_solution_region_becomes_the_stub_at_its_indent() -> None:
    source = ("def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION\n"
              "\nprint(f(1))")
    assert seminar.strip_solutions(source) == (
        "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\nprint(f(1))")


def test_every_region_of_a_cell_is_stubbed_and_the_code_around_them_kept() -> None:
    source = ("a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\nc = 3\n"
              "### BEGIN SOLUTION\nd = 4\n### END SOLUTION")
    assert seminar.strip_solutions(source) == f"a = 1\n{CODE_STUB}\nc = 3\n{CODE_STUB}"


@pytest.mark.parametrize("source", [
    "### BEGIN SOLUTION\nx = 1",
    "x = 1\n### END SOLUTION",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
])
def test_an_unbalanced_region_is_an_error(source: str) -> None:
    with pytest.raises(SolutionRegionError):
        seminar.strip_solutions(source)


def test_the_error_names_the_cell_of_an_unbalanced_region() -> None:
    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("### BEGIN SOLUTION\ny")])
    with pytest.raises(SolutionRegionError, match="cell 1"):
        student_version(nb)


def test_the_student_version_drops_the_answer_cells() -> None:
    student = student_version(exercise_notebook())
    assert [c.source for c in student.cells].count("show_answer()") == 0
    assert "1948" not in nbformat.writes(student)


def test_the_student_version_stubs_the_exercise_and_tags_it() -> None:
    exercise = student_version(exercise_notebook()).cells[2]
    assert exercise.source == f"year = 2025\n{CODE_STUB}"
    assert exercise.metadata == {"tags": ["exercise", "raises-exception"]}


def test_the_student_version_has_no_outputs_or_execution_counts() -> None:
    student = student_version(exercise_notebook())
    code = [c for c in student.cells if c.cell_type == "code"]
    assert [(c.outputs, c.execution_count) for c in code] == [([], None)] * 2


def test_a_cell_tagged_handout_text_becomes_the_markdown_it_displayed() -> None:
    question = student_version(exercise_notebook()).cells[1]
    assert (question.cell_type, question.source, question.metadata) == (
        "markdown", "**Q1** Why?", {})


def test_the_student_version_keeps_only_tags_and_the_kernel_in_metadata() -> None:
    student = student_version(exercise_notebook())
    assert set(student.metadata) == {"kernelspec", "language_info"}
    assert all(set(c.metadata) <= {"tags"} for c in student.cells)


def test_the_student_version_is_a_valid_notebook_and_the_original_is_untouched() -> None:
    original = exercise_notebook()
    before = nbformat.writes(original)
    nbformat.validate(student_version(original))
    assert nbformat.writes(original) == before


def test_a_solution_region_in_markdown_becomes_a_space_for_the_answer() -> None:
    nb = new_notebook(cells=[new_markdown_cell(
        "Your reading:\n\n### BEGIN SOLUTION\nThe headline is page furniture.\n"
        "### END SOLUTION")])
    cell = student_version(nb).cells[0]
    assert cell.source == "Your reading:\n\nYOUR ANSWER HERE"
    assert "tags" not in cell.metadata


# --- the notebook's helpers -------------------------------------------------------------------

def test_a_theme_session_has_the_theme_questions_numbered_in_session_order(
        pkg: DataPackage) -> None:
    questions = rk.load(pkg.path).questions
    session = seminar.session_questions(questions, "history")
    assert session[["label", "question_id", "kind"]].astype(str).values.tolist() == [
        ["Q1", "when-relations", "recall"], ["Q2", "what-grew", "analysis"]]


def test_the_corpus_session_has_the_questions_of_no_theme(pkg: DataPackage) -> None:
    questions = rk.load(pkg.path).questions
    assert seminar.session_questions(questions, None)["question_id"].tolist() == ["how-many"]


def test_a_session_carries_no_answers(pkg: DataPackage) -> None:
    session = seminar.session_questions(rk.load(pkg.path).questions, "history")
    assert "answer" not in session.columns


def test_a_corpus_without_answers_keeps_everything_else(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    bare = seminar.without_answers(corpus)
    assert list(bare.questions.columns) == [c for c in corpus.questions.columns
                                            if c != "answer"]
    assert bare.facts is corpus.facts and bare.sentences is corpus.sentences


def test_questions_show_prompts_and_never_answers(pkg: DataPackage) -> None:
    session = seminar.session_questions(rk.load(pkg.path).questions, "history")
    text = seminar.questions(session, ["recall", "analysis"])
    assert text == ("**Q1** (recall). When were relations established?\n\n"
                    "**Q2** (analysis). What grew in the 1960s?")


def test_answers_carry_the_question_numbers_and_cite_facts_as_code(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 3, "answer",
            "Trade [trade-1960s] after [relations-1948] under [trade-pact-1965].")
    questions = rk.load(pkg.path).questions
    assert seminar.answers(questions, "history", ["analysis"]).splitlines()[-1] == (
        "**Q2.** Trade `trade-1960s` after `relations-1948` under `trade-pact-1965`.")


def test_a_part_without_questions_says_so(pkg: DataPackage) -> None:
    session = seminar.session_questions(rk.load(pkg.path).questions, "education")
    assert seminar.questions(session, ["source-criticism"]) == (
        "*This session has no source criticism questions.*")


def test_stray_lines_are_shown_between_their_neighbours(pkg: DataPackage) -> None:
    lines = seminar.in_context(rk.load(pkg.path).sentences)
    assert lines[["line", "kind"]].astype(str).values.tolist() == [
        ["3", "body"], ["4", "extraneous"], ["5", "editorial"], ["6", "body"]]


def test_a_check_waits_for_its_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    assert seminar.attempted({"shares": 1}, "shares")
    assert not seminar.attempted({}, "shares")
    assert capsys.readouterr().out.startswith("Not done yet: shares is not defined.")


# --- the exercise checks (on the tiny corpus of frames.py) ------------------------------------

def right_results() -> dict[int, object]:
    """A right result of each exercise on ``frames.corpus()``; exercise 2 for 1948."""
    c = frames.corpus()
    return {
        1: pd.Series([0.6, 0.2, 0.0, 0.2, 0.0], index=frames.MODALITY),
        2: c.facts.set_index("fact_id", drop=False).loc[["islamic-republic", "relations-1948"]],
        3: pd.Series({"Alexei Kosygin": 2, "Ayub Khan": 2, "India": 2, "United Nations": 1}),
        4: c.sentences[c.sentences["sentence"] == 5],
    }


def check(number: int, value: object) -> None:
    seminar.check_exercise(number, value, frames.corpus(), year=1948)


@pytest.mark.parametrize(("number", "said"), [
    (1, "Exercise 1: correct."), (2, "Exercise 2: correct, 2 events in 1948."),
    (3, "Exercise 3: correct, 4 actors of the record go unnamed."),
    (4, "Exercise 4: correct, 1 of the 4 quoted sentences hedge."),
])
def test_a_right_result_is_declared_correct(number: int, said: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    check(number, right_results()[number])
    assert capsys.readouterr().out == said + "\n"


@pytest.mark.parametrize(("number", "empty", "message"), [
    (1, pd.Series(dtype="float64"), "Exercise 1: shares is empty: it needs one share per"),
    (2, frames.corpus().facts.iloc[:0], "Exercise 2: events is empty, but 2 claims of this "
                                        "session are events of 1948."),
    (3, pd.Series(dtype="int64"), "Exercise 3: unnamed is empty, but the record of this "
                                  "session involves 4 actors that no claim names."),
    (4, frames.corpus().sentences.iloc[:0], "Exercise 4: hedged is empty, but 1 of the 4 "
                                            "sentences"),
])
def test_an_empty_result_fails_and_says_what_there_is_to_find(number: int, empty: object,
                                                              message: str) -> None:
    with pytest.raises(ExerciseCheckError, match=re.escape(message)):
        check(number, empty)


def test_a_failed_check_is_an_assertion_error() -> None:
    with pytest.raises(AssertionError):
        check(1, [0.6, 0.2, 0.0, 0.2, 0.0])


def test_counts_are_not_shares() -> None:
    with pytest.raises(ExerciseCheckError, match="the share of achieved, ongoing, potential "
                                                 "is not right"):
        check(1, right_results()[1] * 5)


def test_shares_need_every_modality_in_order() -> None:
    with pytest.raises(ExerciseCheckError, match="indexed by every modality, in the order"):
        check(1, right_results()[1].iloc[::-1])


def test_events_must_be_events_of_the_year() -> None:
    events = frames.corpus().facts.iloc[[0, 1, 2]]  # with energy-1960s
    with pytest.raises(ExerciseCheckError, match="events holds energy-1960s, not an event that "
                                                 "starts and ends in 1948"):
        check(2, events)


def test_events_must_be_in_the_order_of_their_start() -> None:
    with pytest.raises(ExerciseCheckError, match="sort events by date_start"):
        check(2, right_results()[2].iloc[::-1])


def test_an_actor_a_claim_names_is_not_unnamed() -> None:
    rows = pd.Series({"Pakistan": 3, "Alexei Kosygin": 2, "Ayub Khan": 2, "India": 2})
    with pytest.raises(ExerciseCheckError, match="Pakistan is named by a claim of this "
                                                 "session"):
        check(3, rows)


def test_a_place_is_not_an_actor() -> None:
    rows = pd.Series({"Alexei Kosygin": 2, "Ayub Khan": 2, "India": 2, "Moscow": 1})
    with pytest.raises(ExerciseCheckError, match="Moscow is not a country, an organization "
                                                 "or a person"):
        check(3, rows)


def test_an_event_after_the_source_is_not_counted() -> None:
    rows = pd.Series({"Alexei Kosygin": 2, "Ayub Khan": 2, "India": 2, "A Later Envoy": 1})
    with pytest.raises(ExerciseCheckError, match="A Later Envoy is in no event of the record "
                                                 "up to the source's date"):
        check(3, rows)


def test_an_actor_counts_events_not_links() -> None:
    rows = pd.Series({"Alexei Kosygin": 2, "Ayub Khan": 2, "India": 3, "United Nations": 1})
    with pytest.raises(ExerciseCheckError, match="the count of India is not right"):
        check(3, rows)


def test_unnamed_must_start_with_the_most_involved_and_break_ties_by_name() -> None:
    with pytest.raises(ExerciseCheckError, match="sort unnamed from the most events down, "
                                                 "equal counts by name"):
        check(3, right_results()[3].iloc[[1, 0, 2, 3]])


def test_the_notebook_s_solution_of_exercise_3_is_what_the_check_expects() -> None:
    c = frames.corpus()
    before = c.chronology.loc[c.chronology["date_start"] <= c.sources["date"].max(), ["event_id"]]
    actors = c.entities[c.entities["kind"].isin(["country", "organization", "person"])]
    involved = (c.chronology_entities.merge(before, on="event_id")
                .merge(actors[["entity_id", "name"]], on="entity_id"))
    unclaimed = involved[~involved["entity_id"].isin(c.fact_entities["entity_id"])]
    unnamed = (unclaimed.groupby("name")["event_id"].nunique().sort_index()
               .sort_values(ascending=False, kind="stable").head(10))
    check(3, unnamed)


def test_hedged_sentences_are_quoted_ones() -> None:
    sentences = frames.corpus().sentences
    with pytest.raises(ExerciseCheckError, match="no claim of this session quotes: S1"):
        check(4, sentences[sentences["sentence"].isin([1, 5])])


def test_a_sentence_without_a_hedging_word_is_not_hedged() -> None:
    sentences = frames.corpus().sentences  # S2: "On May 1, 1948", a month, not a modal verb
    with pytest.raises(ExerciseCheckError, match="without a hedging word: S2"):
        check(4, sentences[sentences["sentence"].isin([2, 5])])


def test_sessions_default_to_the_whole_corpus_and_all_means_every_theme(
        pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    assert [s.session_id for s in seminar.sessions(corpus)] == ["corpus"]
    assert [s.session_id for s in seminar.sessions(corpus, ["history", "all", "history"])] == [
        "history", "corpus", "education"]


def test_an_unknown_theme_names_the_known_ones(pkg: DataPackage) -> None:
    with pytest.raises(UnknownIdError, match="known: corpus, all, education, history"):
        seminar.sessions(rk.load(pkg.path), ["histroy"])


# --- the notebook -----------------------------------------------------------------------------

def test_the_notebook_takes_theme_and_data_as_parameters() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    namespace: dict[str, object] = {}
    exec(parameters[0].source, namespace)
    assert (namespace["theme_id"], namespace["data_dir"]) == (None, None)


def test_the_notebook_has_exercises_each_followed_by_a_check() -> None:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    exercises = [i for i, c in enumerate(cells) if seminar.has_solution(c)]
    assert len(exercises) >= 3
    assert all(cells[i + 1].source.startswith("# Check exercise") for i in exercises)


def test_the_notebook_shows_answers_only_in_cells_tagged_answer() -> None:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    showing = [c for c in cells if "seminar.answers(" in c.source]
    assert showing and all(c.metadata.get("tags") == ["answer"] for c in showing)


def test_a_check_cell_only_asks_the_library_and_so_gives_no_solution_away() -> None:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    checks = [c.source for c in cells if c.source.startswith("# Check exercise")]
    pattern = (r"# Check exercise (\d)\nif rk\.seminar\.attempted\(globals\(\), \"\w+\"\):\n"
               r"    rk\.seminar\.check_exercise\(\1, \w+, work(, year=year)?\)")
    assert checks and [c for c in checks if not re.fullmatch(pattern, c)] == []


def test_the_hedges_of_the_notebook_are_the_library_lexicon() -> None:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    given = [line for c in cells for line in seminar.strip_solutions(c.source, "").splitlines()
             if line.startswith("HEDGES =")]
    namespace: dict[str, object] = {"rk": rk}
    exec("\n".join(given), namespace)
    sentences = rk.load().sentences
    body = sentences[sentences["kind"] == "body"]
    matched = body[body["text"].str.contains(str(namespace["HEDGES"]), case=False)]
    lexicon = rk.analysis.hedging(body, {"hedging": rk.analysis.HEDGING_TERMS})
    assert matched["sentence"].tolist() == lexicon["sentence"].tolist()


def test_make_seminar_runs_the_command_for_the_theme_given() -> None:
    dry = subprocess.run(["make", "-n", "seminar", "THEME=trade-economy", "PDF=1"], cwd=REPO,
                         capture_output=True, text=True, check=True)
    assert "rupak seminar --theme trade-economy --pdf" in dry.stdout


# --- the command, end to end ------------------------------------------------------------------

@dataclass
class Run:
    out: Path
    status: int
    stdout: str
    stderr: str

    def file(self, session: str, version: str, suffix: str) -> Path:
        return self.out / f"seminar-{session}-{version}.{suffix}"


def run_rupak(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``rupak ARGS`` in this process, with a clean environment of its own."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("RUPAK_DATA", raising=False)
        for key, value in (env or {}).items():
            mp.setenv(key, value)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(list(args))
    return status, stdout.getvalue(), stderr.getvalue()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Handouts of every session of the small package, asked for with PDFs but no Chromium."""
    base = tmp_path_factory.mktemp("seminar-small")
    package = build_package(base / "data")
    rows = package.rows("questions.csv")
    for row in rows:
        row["answer"] = FIXTURE_ANSWERS[row["question_id"]]
    package.write_rows("questions.csv", rows)
    out = base / "handouts"
    status, stdout, stderr = run_rupak(
        "seminar", "--data", str(package.path), "--theme", "all", "--out", str(out), "--pdf",
        "--jobs", "2",  # two sessions at once, on any machine
        env={CHROMIUM_ENV: str(base / "no-chromium")})
    return Run(out, status, stdout, stderr)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Handouts of one theme of the bundled data, with PDFs where Chromium is installed
    (written once for the modules that read them)."""
    return Run(trade_handouts(tmp_path_factory), 0, "", "")


@pytest.fixture
def chromium() -> str:
    """Chromium, under the rule of every browser test: skipped without it, failed on CI."""
    return chromium_or_skip()


@pytest.mark.slow
def test_each_theme_and_the_corpus_get_their_own_handouts(small: Run) -> None:
    assert sorted(p.name for p in small.out.iterdir()) == sorted(
        f"seminar-{s}-{v}.{x}" for s in ("corpus", "education", "history")
        for v in ("student", "instructor") for x in ("ipynb", "html"))
    first = small.stdout.splitlines()[0]
    assert Path(first.removeprefix("wrote ")).resolve() == small.file("corpus", "student", "ipynb")


@pytest.mark.slow
def test_sessions_run_at_once_are_written_as_one_worker_writes_them(small: Run,
                                                                   tmp_path: Path) -> None:
    one = tmp_path / "one"
    status, _, stderr = run_rupak("seminar", "--data", str(small.out.parent / "data"),
                                  "--theme", "all", "--out", str(one), "--jobs", "1")
    assert status == 0, stderr
    assert {p.name: p.read_bytes() for p in one.iterdir()} == {
        p.name: p.read_bytes() for p in small.out.iterdir()}


@pytest.mark.slow
def test_a_session_that_raises_names_itself_and_writes_none_of_its_files(
        pkg: DataPackage, tmp_path: Path) -> None:
    from rupak_lib.exceptions import ReportExecutionError
    from rupak_lib.teaching.handouts import NOTEBOOK, write_handouts

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(new_code_cell('if theme_id == "history":\n    raise ValueError("no")'))
    broken = tmp_path / "notebooks" / NOTEBOOK.name
    broken.parent.mkdir()
    nbformat.write(nb, broken)
    out = tmp_path / "handouts"
    with pytest.raises(ReportExecutionError) as caught:
        write_handouts(pkg.path, out, themes=["history", "education"], notebook=broken, jobs=2)
    assert (caught.value.report_id, caught.value.ename) == ("seminar-history", "ValueError")
    assert not list(out.glob("seminar-history-*")) and not list(out.glob("*.tmp"))


@pytest.mark.slow
def test_a_theme_handout_is_about_its_theme_and_asks_its_questions(small: Run) -> None:
    history = visible_text(small.file("history", "student", "html"))
    assert "Seminar: History" in history
    assert "When were relations established?" in history
    assert "How many scholarships?" not in history
    corpus = visible_text(small.file("corpus", "student", "html"))
    assert "How many scholarships?" in corpus
    assert "When were relations established?" not in corpus


@pytest.mark.slow
def test_without_chromium_pdf_fails_with_how_to_install_it_after_the_rest(small: Run) -> None:
    assert small.status == 1
    assert "PDF needs Chromium: install it with `apt-get install chromium`" in small.stderr
    assert "Traceback" not in small.stderr
    assert not list(small.out.glob("*.pdf"))


@pytest.mark.slow
def test_no_model_answer_reaches_a_student_file_of_the_small_package(small: Run) -> None:
    sentences = answer_passages(pd.Series(list(FIXTURE_ANSWERS.values())))
    for path in small.out.glob("*-student.*"):
        text = visible_text(path)
        assert [s for s in sentences if s in text] == [], path.name
    instructor = visible_text(small.file("corpus", "instructor", "html"))
    assert answer_passages(pd.Series([FIXTURE_ANSWERS["how-many"]]))[0] in instructor


@pytest.mark.slow
def test_the_instructor_version_shows_every_answer_and_solution(bundled: Run) -> None:
    answers = rk.load().subset(theme_id="trade-economy").questions["answer"]
    solutions = solution_lines(nbformat.read(NOTEBOOK, as_version=4))
    for suffix in ("ipynb", "html"):
        text = visible_text(bundled.file("trade-economy", "instructor", suffix))
        assert [s for s in answer_passages(answers) if s not in text] == []
        assert [line for line in solutions if line not in text] == []


@pytest.mark.slow
def test_no_answer_and_no_solution_line_reaches_a_student_file(bundled: Run) -> None:
    answers = answer_passages(rk.load().questions["answer"])
    solutions = solution_lines(nbformat.read(NOTEBOOK, as_version=4))
    assert answers and solutions
    for suffix in ("ipynb", "html"):
        text = visible_text(bundled.file("trade-economy", "student", suffix))
        assert [s for s in answers if s in text] == []
        assert [line for line in solutions if line in text] == []
        assert "BEGIN SOLUTION" not in text


@pytest.mark.slow
def test_the_instructor_version_runs_clean_under_nbval(bundled: Run) -> None:
    notebook = bundled.file("trade-economy", "instructor", "ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
         "--rootdir", str(bundled.out), str(notebook)],
        cwd=bundled.out, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]


#: Run after the student's version: the columns of every frame it built (in a Corpus too),
#: as JSON on the first line, then each frame in full.
PROBE = """\
import dataclasses as _dc
import json as _json
import pandas as _pd

def _frames(name, value):
    if isinstance(value, (_pd.DataFrame, _pd.Series)):
        yield name, value
    elif _dc.is_dataclass(value) and not isinstance(value, type):
        for field in _dc.fields(value):
            yield from _frames(f"{name}.{field.name}", getattr(value, field.name))

_built = {n: f for k, v in list(globals().items()) if not k.startswith("_")
          for n, f in _frames(k, v)}
print(_json.dumps({n: [str(c) for c in (f.columns if f.ndim == 2 else [f.name])]
                   for n, f in _built.items()}))
for _frame in _built.values():
    print(_frame.to_string())
"""


@pytest.fixture(scope="module")
def student_run(bundled: Run) -> nbformat.NotebookNode:
    """The bundled theme's student version run through, as "Run All" would, then the probe."""
    from nbclient import NotebookClient

    nb = nbformat.read(bundled.file("trade-economy", "student", "ipynb"), as_version=4)
    nb.cells.append(new_code_cell(PROBE))
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(bundled.out)}}).execute()
    return nb


def outputs_text(cell: nbformat.NotebookNode) -> str:
    return "\n".join(str(o.get("text", "")) + "\n".join(map(str, o.get("data", {}).values()))
                      for o in cell.outputs)


@pytest.mark.slow
def test_the_student_version_runs_with_only_its_exercises_raising(
        student_run: nbformat.NotebookNode) -> None:
    nb = student_run
    errors = {i: o.ename for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"}
    exercises = [i for i, c in enumerate(nb.cells) if "exercise" in c.metadata.get("tags", [])]
    assert len(exercises) >= 3
    assert errors == dict.fromkeys(exercises, "NotImplementedError")


@pytest.mark.slow
def test_no_frame_the_student_version_builds_has_the_answers(
        student_run: nbformat.NotebookNode) -> None:
    columns = json.loads(outputs_text(student_run.cells[-1]).splitlines()[0])
    assert {"session", "corpus.questions", "facts"} <= set(columns)
    assert [name for name, cols in columns.items() if "answer" in cols] == []


@pytest.mark.slow
def test_no_answer_shows_when_the_student_version_is_run(
        student_run: nbformat.NotebookNode) -> None:
    shown = _flat("\n".join(outputs_text(c) for c in student_run.cells
                             if c.cell_type == "code"))
    answers = answer_passages(rk.load().questions["answer"])
    assert answers and [s for s in answers if s in shown] == []


@pytest.mark.slow
@pytest.mark.browser
def test_both_versions_are_printed_to_pdf(chromium: str, bundled: Run) -> None:
    for version in ("student", "instructor"):
        pdf = bundled.file("trade-economy", version, "pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
        assert "Seminar: Trade and economy" in visible_text(pdf)


@pytest.mark.slow
@pytest.mark.browser
def test_the_instructor_pdf_shows_every_answer_and_solution(chromium: str, bundled: Run) -> None:
    text = visible_text(bundled.file("trade-economy", "instructor", "pdf"))
    answers = rk.load().subset(theme_id="trade-economy").questions["answer"]
    assert [s for s in answer_passages(answers) if s not in text] == []
    solutions = solution_lines(nbformat.read(NOTEBOOK, as_version=4))
    assert [line for line in solutions if line not in text] == []


@pytest.mark.slow
@pytest.mark.browser
def test_the_student_pdf_has_no_answer_and_no_solution_line(chromium: str, bundled: Run) -> None:
    text = visible_text(bundled.file("trade-economy", "student", "pdf"))
    assert "YOUR CODE HERE" in text
    assert [s for s in answer_passages(rk.load().questions["answer"]) if s in text] == []
    solutions = solution_lines(nbformat.read(NOTEBOOK, as_version=4))
    assert [line for line in solutions if line in text] == []


def test_an_unknown_theme_is_refused_before_anything_is_written(pkg: DataPackage,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "handouts"
    status, stdout, stderr = run_rupak("seminar", "--data", str(pkg.path), "--theme", "histroy",
                                       "--out", str(out))
    assert (status, stdout) == (1, "")
    assert stderr == ("rupak: error: unknown theme 'histroy'; known: corpus, all, education, "
                      "history\n")
    assert not out.exists()


def test_invalid_data_is_refused_before_anything_is_written(pkg: DataPackage,
                                                            tmp_path: Path) -> None:
    pkg.set("facts.csv", 2, "modality", "done")
    out = tmp_path / "handouts"
    status, stdout, stderr = run_rupak("seminar", "--data", str(pkg.path), "--out", str(out))
    assert status == 1
    assert "facts.csv:2: modality" in stdout
    assert "nothing was written" in stderr
    assert not out.exists()


def test_a_handout_of_the_bundled_data_names_no_data_path_however_it_was_named() -> None:
    session = Session("history", "history", "History")
    for named in (BUNDLED_DATA_DIR, BUNDLED_DATA_DIR / ".." / "data"):
        assert session.parameters(named) == {"theme_id": "history"}


def test_a_handout_of_other_data_names_its_absolute_path(tmp_path: Path) -> None:
    corpus_session = Session("corpus", None, "the whole corpus")
    assert corpus_session.parameters(tmp_path / "x" / ".." / "data") == \
        {"data_dir": str((tmp_path / "data").resolve())}
