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

from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from rupak_lib.build import outdir
from rupak_lib.data.corpus import Corpus
from rupak_lib.data.paths import HANDOUTS_DIR, data_parameter, resolve_data_dir, write_atomic
from rupak_lib.exceptions import UnknownIdError
from rupak_lib.teaching.answer_cells import META
from rupak_lib.teaching.paper import for_paper
from rupak_lib.teaching.solutions import NOTEBOOK, student_version

CORPUS_SESSION = "corpus"  # the session on the whole corpus (questions with no theme)
VERSIONS = ("student", "instructor")
ALL_SESSIONS = "all"  # the whole corpus and every theme


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
    versions: Sequence[str] = VERSIONS,
    jobs: int | None = None,
) -> list[Path]:
    """Write the student's and the instructor's handout of each session asked for.

    Each version is written as ``.ipynb`` and HTML (and, with ``pdf``, as PDF printed by
    headless Chromium) into ``out_dir`` (default: the repository's ``handouts/``), each file
    atomically; ``on_write`` hears of every file as it lands. The sessions run on ``jobs``
    warm workers at once (default: one per core), and are written in their order. Unknown
    themes and invalid data raise before anything is written; without Chromium the other
    files are written and ChromiumNotFoundError, which says how to install it, is raised
    at the end.
    """
    out = outdir.check(out_dir if out_dir is not None else HANDOUTS_DIR)
    # papermill, nbconvert and pandas load only once the folder is known to be usable
    from rupak_lib.build.run import run_in_workers
    from rupak_lib.data.load import load
    from rupak_lib.pages import export
    from rupak_lib.teaching.pdf import ChromiumNotFoundError, find_chromium, print_pdf

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
            runs = [(f"seminar-{s.session_id}", notebook, s.parameters(directory))
                    for s in chosen]
            executed = run_in_workers(runs, jobs)
            with closing(executed):  # a failed write stops the workers at once
                for session, instructor in zip(chosen, executed, strict=True):
                    instructor.metadata[META] = {"session": session.session_id}  # `rupak grade`
                    student = for_paper(student_version(instructor), instructor)
                    for version, nb in (("student", student),
                                        ("instructor", instructor)):
                        if version not in versions:  # e.g. students' alone, for the reports
                            continue
                        title = f"Seminar: {session.title} ({version}'s version)"
                        put(outdir.inside(out, session.file(version, "ipynb")),
                            export.notebook_text(nb))
                        html = outdir.inside(out, session.file(version, "html"))
                        put(html, export.handout_html(nb, title))
                        if chromium is not None:
                            put(outdir.inside(out, session.file(version, "pdf")), html=html)
    if pdf and chromium is None:
        raise ChromiumNotFoundError()
    return written
