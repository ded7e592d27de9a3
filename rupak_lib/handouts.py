"""Seminar handouts: one notebook, and a student's and an instructor's version of it.

``notebooks/seminar.ipynb`` is written once. Its exercises carry their solutions between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the convention of nbgrader), and the model
answers to the seminar questions are shown by cells tagged ``answer``. The instructor's
version is that notebook executed. The student's version is derived from the executed one:
answer cells removed, each solution region replaced by a stub that raises
NotImplementedError, every output and execution count cleared. Because the answers and
solutions leave with whole cells and whole outputs, no trace of them reaches a student file.
Cells tagged ``handout-text`` (the title, the questions) become Markdown cells holding the
text they displayed, so that a student reads the questions on paper and before running
anything.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import outdir
from .answer_cells import META, answer_cells
from .corpus import Corpus
from .exceptions import SolutionRegionError, UnknownIdError
from .files import write_atomic
from .paths import HANDOUTS_DIR, NOTEBOOKS_DIR, data_parameter, resolve_data_dir

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

CORPUS_SESSION = "corpus"  # the session on the whole corpus (questions with no theme)
ALL_SESSIONS = "all"  # the whole corpus and every theme


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
    (:mod:`rupak_lib.answer_cells`). ``nb`` is left unchanged.
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


@dataclass(frozen=True)
class Session:
    """One seminar session: a theme, or the whole corpus (``theme_id`` None)."""

    session_id: str  # the theme_id, or "corpus"
    theme_id: str | None
    title: str

    def file(self, version: str, suffix: str) -> str:
        return f"seminar-{self.session_id}-{version}.{suffix}"

    def parameters(self, data_dir: Path) -> dict[str, str]:
        """The notebook's parameters; the bundled data is named by no path (see paths)."""
        theme = {} if self.theme_id is None else {"theme_id": self.theme_id}
        return {**theme, **data_parameter(data_dir)}


def sessions(corpus: Corpus, requested: Sequence[str | None] = ()) -> list[Session]:
    """The sessions asked for, in order, without repeats: theme ids, ``corpus`` (or None)
    for the whole corpus, ``all`` for the whole corpus and every theme; none: the corpus."""
    titles = dict(zip(corpus.themes["theme_id"], corpus.themes["title"], strict=True))
    wanted: list[str | None] = []
    for item in requested or [None]:
        if item == ALL_SESSIONS:
            wanted += [None, *titles]
        else:
            wanted.append(None if item in (None, CORPUS_SESSION) else item)
    unknown = [w for w in wanted if w is not None and w not in titles]
    if unknown:
        raise UnknownIdError(f"unknown theme {', '.join(map(repr, unknown))}; known: "
                             f"{CORPUS_SESSION}, {ALL_SESSIONS}, {', '.join(titles)}")
    out: list[Session] = []
    for theme_id in dict.fromkeys(wanted):
        out.append(Session(CORPUS_SESSION, None, "the whole corpus") if theme_id is None
                   else Session(theme_id, theme_id, str(titles[theme_id])))
    return out


def write_handouts(
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    themes: Sequence[str | None] = (),
    pdf: bool = False,
    notebook: Path = NOTEBOOK,
    on_write: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write the student's and the instructor's handout of each session asked for.

    Each version is written as ``.ipynb`` and HTML (and, with ``pdf``, as PDF printed by
    headless Chromium) into ``out_dir`` (default: the repository's ``handouts/``), each file
    atomically; ``on_write`` hears of every file as it lands. Unknown themes and invalid
    data raise before anything is written; without Chromium the other files are written
    and ChromiumNotFoundError, which says how to install it, is raised at the end.
    """
    from . import export
    from .execute import WarmKernel, run
    from .load import load
    from .paper import for_paper
    from .pdf import ChromiumNotFoundError, find_chromium, print_pdf

    out = outdir.check(out_dir if out_dir is not None else HANDOUTS_DIR)
    directory = resolve_data_dir(data_dir)
    corpus = load(directory)
    chosen = sessions(corpus, themes)
    chromium = find_chromium() if pdf else None
    written: list[Path] = []

    def put(path: Path, data: str | None = None, html: Path | None = None) -> None:
        if html is not None:
            print_pdf(html, path, chromium)
        else:
            write_atomic(path, data or "")
        written.append(path)
        if on_write is not None:
            on_write(path)

    with outdir.reporting(out):
        out = outdir.prepare(out)
        with outdir.locked(out):
            kernel = WarmKernel()
            try:
                for session in chosen:
                    instructor = run(f"seminar-{session.session_id}", notebook,
                                     session.parameters(directory), kernel)
                    instructor.metadata[META] = {"session": session.session_id}  # `rupak grade`
                    student = for_paper(student_version(instructor), instructor)
                    for version, nb in (("student", student),
                                        ("instructor", instructor)):
                        title = f"Seminar: {session.title} ({version}'s version)"
                        put(outdir.inside(out, session.file(version, "ipynb")),
                            export.notebook_text(nb))
                        html = outdir.inside(out, session.file(version, "html"))
                        put(html, export.handout_html(nb, title))
                        if chromium is not None:
                            put(outdir.inside(out, session.file(version, "pdf")), html=html)
            finally:
                kernel.shutdown()
    if pdf and chromium is None:
        raise ChromiumNotFoundError()
    return written
