"""Which reports exist, what each one reads, and a fingerprint of those inputs.

The list follows from the data: one overview, one comparison of the sources, one report per
theme, one critique per source.
A report's fingerprint hashes its notebook, its parameters, the library's code, the versions
of the libraries that run and render it, and the part of the corpus it reads, so that
editing a fact of one theme rebuilds that theme's report, the overview and the source's
critique, and nothing else, and an upgrade of pandas or nbconvert rebuilds everything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from rupak_lib.analysis.narrative import plural
from rupak_lib.data.corpus import Corpus
from rupak_lib.data.paths import NOTEBOOKS_DIR, REPORT_NOTEBOOKS, data_parameter

LIBRARY_DIR = Path(__file__).parent.parent


@dataclass(frozen=True)
class Report:
    report_id: str
    kind: str  # "overview" | "compare" | "theme" | "critique"
    notebook: str  # file name in the notebooks folder
    title: str
    group: str  # heading on the index page
    parameters: dict[str, Any] = field(default_factory=dict)

    def files(self) -> tuple[str, str]:
        return f"{self.report_id}.ipynb", f"{self.report_id}.html"

    @property
    def ipynb(self) -> str:
        return self.files()[0]

    @property
    def html(self) -> str:
        return self.files()[1]



#: The notebook parameters that narrow the corpus, as ``Corpus.subset`` takes them.
SCOPE_PARAMETERS = ("theme_id", "source_id")


def plan(corpus: Corpus, data_dir: Path | None = None) -> list[Report]:
    """Every report the corpus calls for, in index order.

    ``data_dir`` is passed to the notebooks only when it is not the bundled data (see
    ``paths.data_parameter``).
    """
    extra = data_parameter(data_dir) if data_dir is not None else {}
    nb = REPORT_NOTEBOOKS
    reports = [Report("overview", "overview", nb["overview"],
                      "Overview: the whole corpus", "Overview", dict(extra)),
               Report("compare", "compare", nb["compare"], "The sources compared",
                      "Overview", dict(extra))]
    for theme in corpus.themes.itertuples():
        reports.append(Report(f"theme-{theme.theme_id}", "theme", nb["theme"],
                              str(theme.title), "Themes",
                              {"theme_id": theme.theme_id, **extra}))
    for source in corpus.sources.itertuples():
        reports.append(Report(f"critique-{source.source_id}", "critique",
                              nb["critique"], f"Source critique: {source.title}",
                              "Sources", {"source_id": source.source_id, **extra}))
    return reports


def scope(corpus: Corpus, report: Report) -> Corpus:
    """The part of the corpus a report reads: the subset its parameters name.

    Each notebook narrows the corpus by its ``theme_id`` or ``source_id`` parameter, so the
    scope follows from the parameters rather than from restating each notebook.
    """
    narrowing = _narrowing(report)
    return corpus.subset(**narrowing) if narrowing else corpus


def longest_first(corpus: Corpus, planned: list[Report]) -> list[Report]:
    """``planned`` in the order that lets a pool of workers finish soonest: the reports
    with the most claims to draw first, so that the short ones fill the end.

    A build's last report started alone keeps one worker busy while the others idle.
    """
    facts = corpus.facts
    counts = {column: facts[column].value_counts() for column in SCOPE_PARAMETERS}

    def claims(report: Report) -> int:
        narrowing = _narrowing(report)
        if not narrowing:
            return len(facts)
        return min(int(counts[k].get(v, 0)) for k, v in narrowing.items())

    return sorted(planned, key=claims, reverse=True)


def _narrowing(report: Report) -> dict[str, Any]:
    return {k: v for k, v in report.parameters.items() if k in SCOPE_PARAMETERS}


def summary(corpus: Corpus, report: Report) -> str:
    """One line for the index: how many facts, what they commit to, what is contested."""
    if report.kind == "compare":
        n = len(corpus.sources)
        return (f"{plural(n, 'source')} read against each other: where they agree, differ "
                "and leave out what another reports, and promises carried across them."
                if n > 1 else "One source: nothing to compare until another is added.")
    scoped = scope(_without_sentences(corpus), report)
    facts = scoped.facts
    if facts.empty:
        theme = report.parameters.get("theme_id")
        events = scoped.chronology if theme is None else \
            scoped.chronology[scoped.chronology["theme_id"] == theme]
        return (f"No claims; {plural(len(events), 'event')} in the record." if len(events)
                else "No claims.")
    counts = facts["modality"].value_counts()
    parts = [f"{int(counts[m])} {m}" for m in facts["modality"].cat.categories if counts.get(m)]
    contested = int((facts["verification"] == "contested").sum())
    line = f"{plural(len(facts), 'claim')}: " + ", ".join(parts)
    if contested:
        line += f"; {contested} contested by references"
    return line + "."


#: The distributions whose versions can change a report's output: an upgrade rebuilds it.
LIBRARIES = ("pandas", "numpy", "matplotlib", "matplotlib-inline", "papermill", "nbclient",
             "nbformat", "nbconvert", "ipykernel", "ipython", "jinja2", "mistune", "pygments")


def fingerprint(corpus: Corpus, report: Report, notebooks_dir: Path = NOTEBOOKS_DIR) -> str:
    """Content hash of everything the report's output depends on."""
    return fingerprints(corpus, [report], notebooks_dir)[report.report_id]


def fingerprints(corpus: Corpus, planned: list[Report],
                 notebooks_dir: Path = NOTEBOOKS_DIR) -> dict[str, str]:
    """The fingerprints of many reports, hashing what they share once.

    Every report reads the sentences of its sources; hashing them again for each of 300
    reports was most of a large corpus's build planning. A scoped report's sentences are
    hashed without their ``fact_ids``, which follow from the kept facts' ``sentence_numbers``
    (``load`` derives one from the other), and those are in the facts' hash.
    """
    digests = _Digests()
    common = hashlib.sha256()
    common.update(library_digest().encode())
    common.update(versions_digest().encode())
    light = _without_sentences(corpus)
    out = {}
    for report in planned:
        h = common.copy()
        h.update(digests.file(notebooks_dir / report.notebook).encode())
        h.update(json.dumps(report.parameters, sort_keys=True).encode())
        if not _narrowing(report):
            h.update(digests.corpus(corpus).encode())
        else:
            h.update(digests.corpus(scope(light, report)).encode())
            source_id = report.parameters.get("source_id")
            h.update(digests.sentences(corpus.sentences, source_id).encode())
        out[report.report_id] = h.hexdigest()
    return out


def _without_sentences(corpus: Corpus) -> Corpus:
    """The corpus with no sentence rows: ``subset`` then narrows the rest alone, quickly."""
    return dataclasses.replace(corpus, sentences=corpus.sentences.iloc[:0])


class _Digests:
    """Digests of files, tables and sentences, each computed once per object."""

    def __init__(self) -> None:
        self._memo: dict[object, tuple[object, str]] = {}

    def _once(self, key: object, keep: object, compute: Callable[[], str]) -> str:
        hit = self._memo.get(key)
        if hit is None:  # ``keep`` holds the object, so that its id is not reused
            hit = self._memo[key] = (keep, compute())
        return hit[1]

    def file(self, path: Path) -> str:
        return self._once(("file", path), None,
                          lambda: hashlib.sha256(path.read_bytes()).hexdigest())

    def table(self, frame: pd.DataFrame) -> str:
        return self._once(("table", id(frame)), frame, lambda: table_digest(frame))

    def corpus(self, corpus: Corpus) -> str:
        h = hashlib.sha256()
        for f in fields(corpus):
            value = getattr(corpus, f.name)
            if isinstance(value, pd.DataFrame):
                h.update(f.name.encode())
                h.update(self.table(value).encode())
        return h.hexdigest()

    def sentences(self, sentences: pd.DataFrame, source_id: str | None) -> str:
        def compute() -> str:
            rows = sentences if source_id is None \
                else sentences[sentences["source_id"] == source_id]
            return table_digest(rows.drop(columns="fact_ids"))

        return self._once(("sentences", id(sentences), source_id), sentences, compute)


def library_digest() -> str:
    """Hash of the library's code and templates: a change there may change any report."""
    h = hashlib.sha256()
    for path in sorted(LIBRARY_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".json", ".css", ".js"}:
            h.update(path.relative_to(LIBRARY_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    """The Python version and the installed version of each of ``LIBRARIES``."""
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def versions_digest() -> str:
    return hashlib.sha256(json.dumps(library_versions(), sort_keys=True).encode()).hexdigest()


def corpus_digest(corpus: Corpus) -> str:
    """Hash of every table of a (sub)corpus: values, column types and category lists."""
    return _Digests().corpus(corpus)


def table_digest(frame: pd.DataFrame) -> str:
    """Hash of one table: values, column types and category lists.

    The categories come from the schema's enums: adding or reordering one changes tables
    and charts (a zero row, another order) without changing any value.
    """
    h = hashlib.sha256()
    h.update(frame.to_csv(index=False).encode())
    for column, dtype in frame.dtypes.items():
        h.update(f"{column}:{dtype}".encode())
        if isinstance(dtype, pd.CategoricalDtype):
            h.update(repr(list(dtype.categories)).encode())
    return h.hexdigest()
