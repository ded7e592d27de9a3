"""The frame around every page of the reports: previous and next links, the way back to the
index, and a footer with the data version and the source cited.

The frame depends on the whole site (the list of pages, the whole data package), not on what
one report computes, so it is not part of a report's notebook run: pages carry an empty
``<!--rupak:frame-->`` region, which the build fills after every run. Filling it again with
the same frame gives the same bytes, and a page is rewritten only when its frame changed.
No date or time goes in: two builds of the same inputs give the same files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape
from pathlib import Path

from rupak_lib.analysis.narrative import cite
from rupak_lib.pages.bidi import isolate

START, END = "<!--rupak:frame-->", "<!--/rupak:frame-->"


@dataclass(frozen=True)
class Link:
    href: str
    title: str


@dataclass(frozen=True)
class Frame:
    """What surrounds one page."""

    previous: Link | None
    next: Link | None
    data_version: str
    source: str  # the source(s) cited, plain text
    speeches: tuple[Link, ...] = ()  # the annotated text of each source


def data_version(data_dir: Path) -> str:
    """A short hash of every file of the data package: equal hashes, equal data."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*") if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(data_dir).parts)):
        h.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:12]


def citation(sources) -> str:
    """The sources as a reader cites them (:func:`narrative.cite`)."""
    return " ".join(cite(s) for s in sources.itertuples())


def render(frame: Frame) -> str:
    """The frame's HTML: a pager, the back link, the footer."""
    prev = (f'<a class="prev" rel="prev" href="{escape(frame.previous.href)}">&larr; '
            f"{escape(frame.previous.title)}</a>" if frame.previous else "")
    nxt = (f'<a class="next" rel="next" href="{escape(frame.next.href)}">'
           f"{escape(frame.next.title)} &rarr;</a>" if frame.next else "")
    return (f'\n<nav class="rupak-pager" aria-label="Other reports">{prev}'
            f'<a class="back" href="index.html">All reports</a>{nxt}</nav>\n'
            f'<footer class="rupak-footer"><p>Source: {escape(frame.source)}'
            + "".join(f' <a href="{escape(s.href)}">Read the whole text, sentence by '
                      f"sentence.</a>" for s in frame.speeches if len(frame.speeches) == 1)
            + "".join(f' <a href="{escape(s.href)}">Read “{escape(_text_title(s))}”, sentence '
                      f"by sentence.</a>" for s in frame.speeches if len(frame.speeches) > 1)
            + "</p>"
            f"<p>Data version {escape(frame.data_version)} (a hash of the files of the data "
            "package this page was built from). Claims, dates and verdicts are those curated "
            "in the rupak data package.</p></footer>\n")


def _text_title(link: Link) -> str:
    return link.title.split(": ", 1)[-1]


def apply(html: str, frame: Frame) -> str:
    """``html`` with its frame region filled; unchanged when it has no such region."""
    start = html.find(START)
    end = html.find(END, start)
    if start < 0 or end < 0:
        return html
    return html[:start + len(START)] + isolate(render(frame)) + html[end:]


def pages(entries: list[Link], data_version: str, source: str,
          speeches: tuple[Link, ...] = (),
          cited: dict[str, tuple[str, tuple[Link, ...]]] | None = None) -> dict[str, Frame]:
    """The frame of each page of a site, in reading order (previous and next). ``cited``
    gives a page the sources it draws on (their citation and texts) instead of them all."""
    out = {}
    for i, link in enumerate(entries):
        own_source, own_texts = (cited or {}).get(link.href, (source, speeches))
        out[link.href] = Frame(entries[i - 1] if i else None,
                               entries[i + 1] if i + 1 < len(entries) else None,
                               data_version, own_source,
                               tuple(s for s in own_texts if s.href != link.href))
    return out
