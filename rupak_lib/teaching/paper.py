"""A student's handout that works on paper: what it must show before anyone runs it.

``solutions.student_version`` clears every output, so that no result of an exercise reaches a
student. On paper that leaves the reading without its tables ("read the stray lines" with no
lines to read). The reading comes before the first exercise and is computed from the data
alone, so its outputs can be shown: :func:`with_reading` puts back the outputs of the code
cells above the first exercise, taken from the executed instructor's notebook, leaving out
cells that show answers. :func:`title_first` moves the setup code below the title and the
instructions, so that a reader meets the session before any code.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from rupak_lib.teaching.solutions import EXERCISE_TAG, has_solution

if TYPE_CHECKING:
    import nbformat

SETUP_NOTE = ("**Setup.** Run the code cell below first: it loads the library and the claims "
              "of this session. The tables further down were computed from the same data.")
_NO_OUTPUT_TAGS = {"answer", "handout-text", "parameters", "injected-parameters"}


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _is_exercise(cell) -> bool:
    return EXERCISE_TAG in _tags(cell) or has_solution(cell)


def with_reading(student: nbformat.NotebookNode,
                 instructor: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``student`` with the outputs of its reading cells (code above the first exercise)
    restored from ``instructor``, matched by cell id; errors and answers are never restored."""
    nb = copy.deepcopy(student)
    executed = {c.get("id"): c for c in instructor.cells if c.cell_type == "code"}
    for cell in nb.cells:
        if _is_exercise(cell):
            break
        source = executed.get(cell.get("id"))
        if cell.cell_type != "code" or source is None or _tags(cell) & _NO_OUTPUT_TAGS \
                or _tags(source) & _NO_OUTPUT_TAGS or source.source != cell.source:
            continue
        shown = [o for o in source.get("outputs", [])
                 if o.get("output_type") in ("display_data", "execute_result", "stream")
                 and o.get("name") != "stderr"]
        cell.outputs = [_without_count(o) for o in shown]
    return nb


def _without_count(output):
    out = copy.deepcopy(output)
    if "execution_count" in out:
        out["execution_count"] = None
    return out


def title_first(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` with its opening code cells (parameters, setup) moved after the Markdown that
    follows them (title, how the session works), announced by a setup note."""
    from nbformat.v4 import new_markdown_cell

    nb = copy.deepcopy(nb)
    cells = list(nb.cells)
    lead = 0
    while lead < len(cells) and cells[lead].cell_type == "code":
        lead += 1
    text = lead
    while text < len(cells) and cells[text].cell_type == "markdown":
        text += 1
    if lead == 0 or text == lead:
        return nb
    # the instructions end before the first numbered part ("## 1. ...") when there is one
    end = next((i for i in range(lead, text)
                if cells[i].source.lstrip().startswith("## 1.")), text)
    note = new_markdown_cell(SETUP_NOTE, id="setup-note")
    nb.cells = cells[lead:end] + [note] + cells[:lead] + cells[end:]
    return nb


def for_paper(student: nbformat.NotebookNode,
              instructor: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student's handout as printed and opened: title first, the reading rendered."""
    return title_first(with_reading(student, instructor))
