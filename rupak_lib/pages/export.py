"""Writing reports to disk: the executed notebook, its HTML (reader or handout), the index page.

Every file is written with ``files.write_atomic``, so a failed or interrupted build never
leaves half a report where a good one was.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rupak_lib.data.paths import write_atomic
from rupak_lib.pages.bidi import isolate

if TYPE_CHECKING:
    import nbformat

__all__ = ["IndexEntry", "handout_html", "index_html", "notebook_text", "reader_html",
           "write_atomic"]

TEMPLATES = Path(__file__).parent / "templates"


def notebook_text(nb: nbformat.NotebookNode) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


#: Cells a reader's version leaves out (the notebook tests' stored output, for one).
HIDDEN_TAG = "report-hidden"
_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def _html(nb: nbformat.NotebookNode, title: str, template: str, **options: bool) -> str:
    """Export with one of rupak's templates (they load nothing from the network).

    The title is given, not taken from a file name, so the same notebook always gives the
    same page.
    """
    exporter = _exporter(template, tuple(sorted(options.items())))
    resources = {"metadata": {"name": title},
                 "rupak_css": (TEMPLATES / "rupak.css").read_text("utf-8")}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return isolate(body)


@functools.cache
def _exporter(template: str, options: tuple[tuple[str, bool], ...]):
    """One exporter per template and options, kept: a new one compiles its Jinja templates
    again, most of an export's 0.1 s."""
    return _safe_exporter()(extra_template_basedirs=[str(TEMPLATES)], template_name=template,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            **dict(options))


@functools.cache
def _safe_exporter():
    """nbconvert's HTML exporter, rendering Markdown by the rule of markup.py."""
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import MarkdownWithMath

    from rupak_lib.analysis.markup import safe_renderer_class

    renderer = safe_renderer_class()

    class SafeHTMLExporter(HTMLExporter):
        @jinja2.pass_context
        def markdown2html(self, context, source):
            cell = context.get("cell", {})
            return MarkdownWithMath(renderer=renderer(
                attachments=cell.get("attachments", {}),
                anchor_link_text=self.anchor_link_text,
                exclude_anchor_links=self.exclude_anchor_links,
            )).render(source)

    return SafeHTMLExporter


def reader_html(nb: nbformat.NotebookNode, title: str) -> str:
    """The report as a reader sees it: outputs and narrative, no code, a contents list."""
    import copy

    nb = copy.copy(nb)
    nb.cells = [c for c in nb.cells if HIDDEN_TAG not in c.get("metadata", {}).get("tags", [])]
    return with_contents(_html(nb, title, "reader", exclude_input=True))


def with_contents(html: str) -> str:
    """``html`` with a list of its sections (its h2 headings) after its title."""
    sections = [(anchor, _TAGS.sub("", text).strip()) for anchor, text in _H2.findall(html)]
    at = html.find("</h1>")
    if len(sections) < 2 or at < 0:
        return html
    items = "".join(f'<li><a href="#{anchor}">{text}</a></li>' for anchor, text in sections)
    toc = (f'<nav class="rupak-toc" aria-label="Contents"><h2 class="toc-title">Contents</h2>'
           f"<ol>{items}</ol></nav>")
    # after the paragraph that follows the title, if it is in the same cell
    end = at + len("</h1>")
    return html[:end] + toc + html[end:]


def handout_html(nb: nbformat.NotebookNode, title: str) -> str:
    """A seminar handout: code kept (students work on it), printable."""
    return _html(nb, title, "handout")


@dataclass(frozen=True)
class IndexEntry:
    """One line of the index page."""

    report_id: str
    group: str  # "Overview", "Themes" or "Sources"
    title: str
    summary: str
    html: str | None  # file name, None when the report has never been built
    notebook: str | None
    status: str = "ok"  # "ok", "failed" (last build failed) or "stale" (inputs changed since)


@dataclass(frozen=True)
class ClaimRow:
    """One claim of the index's search list."""

    summary: str
    theme: str
    theme_href: str
    modality: str
    verification: str
    sentences: object  # a SentenceRef: links to the speech page
    search: str  # the lower-case words the search box matches
    source: str = ""  # the source's label, when the package has several


def claims(corpus) -> list[ClaimRow]:
    """Every claim of the corpus, for the index's search list, in theme order."""
    from rupak_lib.analysis.display import SentenceRef

    titles = dict(zip(corpus.themes["theme_id"], corpus.themes["title"], strict=True))
    position = {t: i for i, t in enumerate(corpus.themes["theme_id"])}
    facts = corpus.facts.assign(_pos=corpus.facts["theme_id"].map(position))
    facts = facts.sort_values(["_pos"], kind="stable")
    rows = []
    for f in facts.itertuples():
        theme = str(titles.get(f.theme_id, f.theme_id))
        label = f.source_label if isinstance(getattr(f, "source_label", None), str) else ""
        words = " ".join([str(f.summary), str(f.quote), str(f.fact_id), theme,
                          str(f.modality), str(f.verification), label])
        rows.append(ClaimRow(str(f.summary), theme, f"theme-{f.theme_id}.html",
                             str(f.modality), str(f.verification),
                             SentenceRef(str(f.source_id), tuple(f.sentence_numbers),
                                         label or None),
                             " ".join(words.lower().split()), label))
    return rows


#: The most claims the index's search lists: each is a row of the page (100,000 claims made
#: a 54 MB index). Beyond it, the index says where to search them instead.
SEARCHABLE_CLAIMS = 5000


def index_html(entries: Iterable[IndexEntry], title: str = "rupak reports",
               claims: list[ClaimRow] | None = None,
               sources: list[dict] | None = None) -> str:
    """The index page linking every report, grouped, with a one-line summary each, and a
    search over every claim (plain script in the page, allowed by its hash alone)."""
    import base64
    import hashlib

    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
    )
    groups: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    script = (TEMPLATES / "claims-filter.js").read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    claims = claims or []
    too_many = len(claims) if len(claims) > SEARCHABLE_CLAIMS else 0
    if too_many:
        claims = []
    from rupak_lib.analysis.narrative import VERDICTS
    from rupak_lib.data.contract import MODALITY_COLORS, VERIFICATION_COLORS

    present = {key: {getattr(c, key) for c in claims} for key in ("modality", "verification")}
    options = {"theme": list(dict.fromkeys(c.theme for c in claims)),
               "modality": [m for m in MODALITY_COLORS if m in present["modality"]],
               "verification": [v for v in VERIFICATION_COLORS if v in present["verification"]],
               "source": [c for c in dict.fromkeys(c.source for c in claims) if c]}
    return isolate(env.get_template("index.html.j2").render(
        title=title, groups=groups, claims=claims, claim_options=options, too_many=too_many,
        sources=sources or [],
        verdicts=VERDICTS.replace("*", ""),
        css=(TEMPLATES / "rupak.css").read_text("utf-8"),
        script=jinja2.utils.markupsafe.Markup(script), script_hash=f"sha256-{digest}"))


def sources_rows(corpus) -> list[dict]:
    """The index's table of sources (label, genre, date, place, claims, body sentences,
    coverage), when the package has several; none for one."""
    from rupak_lib.analysis import per_source

    if not per_source.several(corpus):
        return []
    table = per_source.sources_table(corpus)
    return [{"href": f"speech-{r.source_id}.html", "label": r.source, "genre": r.genre,
             "date": r.date, "place": r.place if isinstance(r.place, str) else "",
             "claims": r.claims, "sentences": r.body_sentences,
             "coverage": f"{100 * r.coverage_share:.0f}%"} for r in table.itertuples()]
