"""The pages around the reports: the index, each source's annotated text, and the frame
(pager and footer) every page gets after the run."""

from __future__ import annotations

import re
from pathlib import Path

from rupak_lib.analysis.display import speech_file
from rupak_lib.build import manifest, outdir, reports
from rupak_lib.data.citation import text_title
from rupak_lib.data.paths import write_atomic
from rupak_lib.pages import export


def write_index(out: Path, corpus, planned: list[reports.Report], recorded: dict,
                 fingerprints: dict[str, str]) -> None:
    entries = []
    for r in planned:
        ipynb, html = r.files()
        entry = recorded.get(r.report_id, {})
        if entry.get("failed"):
            status = "failed"
        elif not current(out, recorded, r, fingerprints[r.report_id]):
            status = "stale"
        else:
            status = "ok"
        entries.append(export.IndexEntry(
            report_id=r.report_id,
            group=r.group,
            title=r.title,
            summary=reports.summary(corpus, r),
            html=html if outdir.inside(out, html).exists() else None,
            notebook=ipynb if outdir.inside(out, ipynb).exists() else None,
            status=status,
        ))
    for source in corpus.sources.itertuples():
        entries.append(export.IndexEntry(
            report_id=f"speech-{source.source_id}", group="Sources",
            title=text_title(source),
            summary="The whole text as received, each sentence numbered, with the claims "
                    "that quote it.",
            html=speech_file(source.source_id), notebook=None))
    entries += _student_handouts(corpus, out)
    with outdir.reporting(out / "index.html"):
        write_atomic(outdir.inside(out, "index.html"),
                     export.index_html(entries, claims=export.claims(corpus),
                                       sources=export.sources_rows(corpus)))


#: A student's handout written beside the reports (``rupak seminar --students-only``).
_HANDOUT = re.compile(r"seminar-([a-z0-9]+(?:-[a-z0-9]+)*)-student\.html")


def _student_handouts(corpus, out: Path) -> list:
    """Index entries of the students' handouts in the folder, theme order; never an
    instructor's version, which holds the answers."""
    titles = dict(zip(corpus.themes["theme_id"], corpus.themes["title"], strict=True))
    found = {m.group(1): m.group(0) for p in out.glob("seminar-*-student.html")
             if (m := _HANDOUT.fullmatch(p.name))}
    order = [s for s in ("corpus", *titles) if s in found]
    return [export.IndexEntry(
        report_id=f"seminar-{s}", group="Student handouts",
        title=f"Seminar: {'the whole corpus' if s == 'corpus' else titles[s]}",
        summary="The questions and exercises of the session, without the answers; "
                "the notebook runs in JupyterLab.",
        html=found[s], notebook=found[s].replace(".html", ".ipynb")
        if (out / found[s].replace(".html", ".ipynb")).exists() else None)
        for s in order]


def frames(corpus, planned: list[reports.Report]) -> tuple[dict, dict[str, str]]:
    """The frame (pager, footer) of every page in reading order, and the speech pages' file
    names with their sources."""
    from rupak_lib.pages import frame

    speeches = {speech_file(s.source_id): (s.source_id, text_title(s))
                for s in corpus.sources.itertuples()}
    texts = tuple(frame.Link(href, title) for href, (_, title) in speeches.items())
    order = [frame.Link(r.html, r.title) for r in planned] + list(texts)
    cited = {}  # a page cites the sources whose claims it shows (all, if it shows none)
    if len(corpus.sources) > 1:
        for r in planned:
            ids = set(reports.scope(corpus, r).facts["source_id"])
            if ids and r.kind == "theme":
                cited[r.html] = _citing(corpus, ids, texts)
        for href, (source_id, _) in speeches.items():
            cited[href] = _citing(corpus, {source_id}, texts)
            cited[f"critique-{source_id}.html"] = cited[href]
    frames = frame.pages(order, frame.data_version(corpus.data_dir),
                         frame.citation(corpus.sources), texts, cited)
    return frames, {href: source for href, (source, _) in speeches.items()}


def _citing(corpus, ids: set[str], texts: tuple) -> tuple[str, tuple]:
    from rupak_lib.pages import frame

    kept = corpus.sources[corpus.sources["source_id"].isin(ids)]
    return frame.citation(kept), tuple(t for t in texts if t.href in
                                       {speech_file(s) for s in kept["source_id"]})


def frame_page(out: Path, name: str, page_frame, html: str | None = None) -> str:
    """Fill the frame of page ``name`` (written only when its bytes change); its digest."""
    from rupak_lib.pages import frame

    path = outdir.inside(out, name)
    current = path.read_text("utf-8") if path.exists() else None
    framed = frame.apply(html if html is not None else current or "", page_frame)
    if framed != current:
        write_atomic(path, framed)
    return manifest.digest(framed.encode("utf-8"))


def write_pages(out: Path, corpus, frames: dict, speeches: dict[str, str]) -> dict[str, str]:
    """The annotated speech of each source, and the frame (pager, footer) of every page.

    A file is written only when its bytes change, so that an unchanged build touches nothing.
    Returns the digest of every framed page, by file name.
    """
    from rupak_lib.pages import source

    for stale in {p.name for p in out.glob("speech-*.html")} - set(speeches):
        outdir.inside(out, stale).unlink()
    digests: dict[str, str] = {}
    for href, page_frame in frames.items():
        if href in speeches:
            digests[href] = frame_page(out, href, page_frame,
                                        source.page(corpus, speeches[href]))
        elif outdir.inside(out, href).exists():
            digests[href] = frame_page(out, href, page_frame)
    return digests


def current(out: Path, recorded: dict, report: reports.Report, fingerprint: str) -> bool:
    """Whether the report's files are those built from exactly these inputs."""
    return manifest.current(out, recorded.get(report.report_id, {}), fingerprint,
                            report.files())
