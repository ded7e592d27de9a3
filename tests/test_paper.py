"""The student's handout on paper: the reading rendered, the title first; and exercises
that no empty answer passes, whatever the session."""

from __future__ import annotations

import nbformat
import pytest
from datapkg import DataPackage
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import rupak_lib as rk
from rupak_lib.teaching import exercise_data, paper
from rupak_lib.teaching.handouts import student_version


def executed() -> nbformat.NotebookNode:
    """An executed instructor's notebook: setup, title, a reading table, an answer, an
    exercise with its output, and a table after it."""
    def shown(text: str) -> list:
        return [new_output("display_data", {"text/html": text, "text/plain": text})]

    cells = [
        new_code_cell("theme_id = None", id="params", metadata={"tags": ["parameters"]}),
        new_code_cell("import rupak_lib as rk", id="setup", execution_count=1),
        new_markdown_cell("# Seminar", id="title"),
        new_markdown_cell("How this session works.", id="how"),
        new_markdown_cell("## 1. Reading", id="part1"),
        new_code_cell("table()", id="reading", execution_count=2,
                      outputs=shown("<table><td>line 13</td></table>")),
        new_code_cell("answers()", id="answer", execution_count=3,
                      metadata={"tags": ["answer"]}, outputs=shown("The model answer")),
        new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", id="exercise",
                      execution_count=4, outputs=shown("solution chart")),
        new_code_cell("later()", id="later", execution_count=5, outputs=shown("after")),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3",
                                                              "display_name": "Python 3"}})


def test_the_reading_above_the_first_exercise_is_rendered_for_the_student() -> None:
    nb = paper.with_reading(student_version(executed()), executed())
    outputs = {c.id: [o.get("data", {}).get("text/plain") for o in c.get("outputs", [])]
               for c in nb.cells if c.cell_type == "code"}
    assert outputs["reading"] == ["<table><td>line 13</td></table>"]
    assert outputs["exercise"] == [] and outputs["later"] == []
    assert "answer" not in outputs  # the answer cell is gone, output and all


def test_restored_outputs_carry_no_execution_count() -> None:
    nb = paper.with_reading(student_version(executed()), executed())
    reading = next(c for c in nb.cells if c.id == "reading")
    assert reading.execution_count is None
    assert all(o.get("execution_count") is None for o in reading.outputs)


def test_the_title_and_instructions_come_before_any_code() -> None:
    nb = paper.title_first(student_version(executed()))
    kinds = [(c.cell_type, c.id) for c in nb.cells]
    assert kinds[:5] == [("markdown", "title"), ("markdown", "how"),
                         ("markdown", "setup-note"), ("code", "params"), ("code", "setup")]
    assert kinds[5] == ("markdown", "part1")
    nbformat.validate(nb)


def test_a_notebook_that_opens_with_text_is_left_as_it_is() -> None:
    nb = new_notebook(cells=[new_markdown_cell("# T"), new_code_cell("x = 1")])
    assert paper.title_first(nb) == nb


@pytest.fixture
def corpus(pkg: DataPackage) -> rk.Corpus:
    return rk.load(pkg.path)


def test_a_session_with_events_in_a_year_keeps_its_own_claims(corpus: rk.Corpus,
                                                               pkg: DataPackage) -> None:
    history = corpus.subset(theme_id="history")
    assert exercise_data.exercise_corpus(history, 2, pkg.path) is history
    assert exercise_data.session_year(history) == 1948  # no event in 2024: its busiest year


def test_a_session_without_an_event_works_on_the_whole_corpus(pkg: DataPackage) -> None:
    rows = pkg.rows("facts.csv")
    for row in rows:
        if row["theme_id"] == "education":
            row["kind"] = "project" if row["fact_id"] == "scholarships" else row["kind"]
    pkg.write_rows("facts.csv", rows)
    corpus = rk.load(pkg.path)
    education = corpus.subset(theme_id="education")
    assert not exercise_data.has_work(education, 2)
    assert exercise_data.exercise_corpus(education, 2, everything=corpus) is corpus
    assert "whole corpus, since this session has no events dated within a single year" in \
        exercise_data.exercise_scope(education, 2, pkg.path)


def test_the_year_before_the_speech_is_kept_when_it_has_events(corpus: rk.Corpus) -> None:
    assert exercise_data.session_year(corpus.subset(theme_id="education")) == 2024


def test_a_session_without_a_hedging_sentence_works_on_the_whole_corpus(
        corpus: rk.Corpus) -> None:
    # no sentence of the small package hedges: the corpus has no work either, and says so
    assert not exercise_data.has_work(corpus, 4)
    assert exercise_data.has_work(corpus, 1)


def test_exercise_3_has_work_only_where_the_record_involves_an_actor_no_claim_names(
        pkg: DataPackage) -> None:
    assert not exercise_data.has_work(rk.load(pkg.path), 3)  # Alpha and Beta are named
    pkg.write_rows("entities.csv", [*pkg.rows("entities.csv"), {
        "entity_id": "omar-vey", "name": "Omar Vey", "kind": "person", "country": "BET",
        "aliases": "", "lat": "", "lon": "", "description": "A minister."}])
    pkg.write_rows("chronology_entities.csv", [*pkg.rows("chronology_entities.csv"), {
        "event_id": "trade-pact-1965", "entity_id": "omar-vey", "role": "participant"}])
    corpus = rk.load(pkg.path)
    assert exercise_data.has_work(corpus, 3)
    assert exercise_data.unnamed_actors(corpus) == {"Omar Vey": 1}


def test_every_exercise_of_every_bundled_session_has_something_to_find() -> None:
    everything = rk.load()
    for theme_id in [None, *everything.themes["theme_id"]]:
        session = everything.subset(theme_id=theme_id) if theme_id else everything
        for number in (1, 2, 3, 4):
            work = exercise_data.exercise_corpus(session, number, everything=everything)
            assert exercise_data.has_work(work, number), (theme_id, number)
