"""Answer cells: where a student writes the answer to each seminar question, and reading them
back for the lecturer.

The seminar notebook shows its questions with :func:`ask`, whose Markdown output carries
each question's id and text in its metadata. The student's version (solutions.py) turns such
an output into one Markdown cell per question, each followed by an answer cell: Markdown
starting ``Your answer:``, the question's id in the cell's metadata. ``rupak grade`` finds
the answers by that id (:func:`answers_of`), wherever the student moved the cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import nbformat
    import pandas as pd

META = "rupak"  # the notebook and cell metadata of rupak, kept in the student's version
ANSWER_PROMPT = "Your answer:"
ANSWER_STUB = "YOUR ANSWER HERE"


class Questions:
    """Markdown with the questions' ids and texts in its display metadata."""

    def __init__(self, markdown: str, items: list[dict[str, str]]) -> None:
        self.markdown, self.items = markdown, items

    def _repr_markdown_(self) -> tuple[str, dict[str, object]]:
        return self.markdown, {META: {"questions": self.items}}

    def __repr__(self) -> str:  # the plain text of the output: no address, same every run
        return self.markdown


def ask(session: pd.DataFrame, kinds: Sequence[str]) -> Questions:
    """The session's questions of some kinds, as seminar.questions shows them, each with its
    id, for a notebook cell tagged ``handout-text``."""
    from rupak_lib.teaching.questions import _of_kinds, _question_markdown, questions

    rows = _of_kinds(session, kinds)
    items = [{"question_id": str(q.question_id), "markdown": _question_markdown(q)}
             for q in rows.itertuples()]
    return Questions(questions(session, kinds), items)


def answer_cells(cell: Mapping[str, Any]) -> list[nbformat.NotebookNode]:
    """For a cell that showed :func:`ask`: a Markdown cell per question, each followed by
    its answer cell; none for any other cell."""
    from nbformat.v4 import new_markdown_cell

    out = []
    for output in cell.get("outputs", []):
        # IPython files the metadata a _repr_markdown_ returns under the MIME type
        meta = output.get("metadata", {}).get("text/markdown", {})
        for item in meta.get(META, {}).get("questions", []):
            qid = str(item["question_id"])
            out.append(new_markdown_cell(str(item["markdown"]), id=f"question-{qid}"))
            out.append(new_markdown_cell(f"{ANSWER_PROMPT} {ANSWER_STUB}", id=f"answer-{qid}",
                                         metadata={META: {"question_id": qid}}))
    return out


def answer_text(source: str) -> str:
    """What the student wrote in an answer cell: without the prompt, empty if untouched."""
    text = source.strip().removeprefix(ANSWER_PROMPT).strip()
    return "" if text == ANSWER_STUB else text


def answers_of(cells: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The answers of a notebook's cells (plain JSON), by question id; the first cell of a
    question counts when the student copied one."""
    found: dict[str, str] = {}
    for cell in cells:
        meta = cell.get("metadata")
        ours = meta.get(META) if isinstance(meta, Mapping) else None
        qid = ours.get("question_id") if isinstance(ours, Mapping) else None
        if cell.get("cell_type") == "markdown" and isinstance(qid, str) and qid not in found:
            source = cell.get("source", "")
            found[qid] = answer_text("".join(source) if isinstance(source, list) else source)
    return found
