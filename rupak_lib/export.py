"""Writing reports to disk: the executed notebook, its HTML (reader or handout), the index page.

Every file is written with ``files.write_atomic``, so a failed or interrupted build never
leaves half a report where a good one was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .files import write_atomic

if TYPE_CHECKING:
    import nbformat

__all__ = ["IndexEntry", "handout_html", "index_html", "notebook_text", "reader_html",
           "write_atomic"]

TEMPLATES = Path(__file__).parent / "templates"


def notebook_text(nb: nbformat.NotebookNode) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def _html(nb: nbformat.NotebookNode, title: str, template: str, **options: bool) -> str:
    """Export with one of rupak's templates (they load nothing from the network).

    The title is given, not taken from a file name, so the same notebook always gives the
    same page.
    """
    exporter = _safe_exporter()(extra_template_basedirs=[str(TEMPLATES)], template_name=template,
                            exclude_input_prompt=True, exclude_output_prompt=True, **options)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _safe_exporter():
    """nbconvert's HTML exporter, rendering Markdown by the rule of markup.py."""
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import MarkdownWithMath

    from .markup import safe_renderer_class

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
    """The report as a reader sees it: outputs and narrative, no code."""
    return _html(nb, title, "reader", exclude_input=True)


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


def index_html(entries: Iterable[IndexEntry], title: str = "rupak reports") -> str:
    """The index page linking every report, grouped, with a one-line summary each."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
    )
    groups: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    return env.get_template("index.html.j2").render(title=title, groups=groups)
