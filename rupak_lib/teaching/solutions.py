"""Solution regions and the student's version of a notebook.

``notebooks/seminar.ipynb`` is written once. Its exercises carry their solutions between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the convention of nbgrader), and the model
answers to the seminar questions are shown by cells tagged ``answer``. The student's version
is derived from the executed notebook: answer cells removed, each solution region replaced by
a stub that raises NotImplementedError, every output and execution count cleared. Because the
answers and solutions leave with whole cells and whole outputs, no trace of them reaches a
student file. Cells tagged ``handout-text`` (the title, the questions) become Markdown cells
holding the text they displayed, so that a student reads the questions before running
anything.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rupak_lib.data.paths import NOTEBOOKS_DIR
from rupak_lib.exceptions import SolutionRegionError
from rupak_lib.teaching.answer_cells import META, answer_cells

if TYPE_CHECKING:
    import nbformat

NOTEBOOK = NOTEBOOKS_DIR / "seminar.ipynb"

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
ANSWER_TAG = "answer"  # cells showing model answers: instructor's version only
TEXT_TAG = "handout-text"  # cells whose Markdown output the student's version keeps as text
EXERCISE_TAG = "exercise"  # given to the cells whose solution a student must write
RAISES_TAG = "raises-exception"  # lets "Run All" (and nbval) go past an unsolved exercise



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
    all metadata but the tags, the kernel's and rupak's (the session, the exercises' points)
    are removed; questions shown with ``seminar.ask`` get an answer cell each
    (:mod:`rupak_lib.teaching.answer_cells`). ``nb`` is left unchanged.
    """
    from nbformat.v4 import new_markdown_cell

    nb = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = list(cell.get("metadata", {}).get("tags", []))
        kept = dict(cell.get("metadata", {}))
        if ANSWER_TAG in tags:
            continue
        text = _markdown_output(cell) if TEXT_TAG in tags else None
        if TEXT_TAG in tags and (asked := answer_cells(cell)):
            cells.extend(asked)  # each question, and a cell for its answer
            continue
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
        cell.metadata.update({k: v for k, v in kept.items() if k == META})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata = {k: v for k, v in nb.metadata.items()
                   if k in ("kernelspec", "language_info", META)}
    return nb


def _markdown_output(cell: Mapping) -> str | None:
    """The Markdown a code cell displayed, or None when it displayed none."""
    if cell.get("cell_type") != "code":
        return None
    parts = [str(out["data"]["text/markdown"]) for out in cell.get("outputs", [])
             if out.get("output_type") in ("display_data", "execute_result")
             and "text/markdown" in out.get("data", {})]
    return "\n\n".join(parts) if parts else None
