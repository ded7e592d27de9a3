"""The page of one source: its whole text as received, each sentence anchored (``S21``) and
marked with the claims that quote it. The model of the page (lines, sentences, claims) is
:mod:`rupak_lib.analysis.speech`; this module only renders it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rupak_lib.analysis.narrative import inferred_fields, is_excerpt
from rupak_lib.analysis.speech import lines
from rupak_lib.data.citation import text_title, words
from rupak_lib.data.contract import MODALITY_COLORS
from rupak_lib.pages.bidi import isolate
from rupak_lib.pages.export import TEMPLATES

if TYPE_CHECKING:
    from rupak_lib.data.corpus import Corpus


def page(corpus: Corpus, source_id: str) -> str:
    """The annotated text of one source as a whole HTML page (no script, no request)."""
    import jinja2

    src = corpus.sources.set_index("source_id").loc[source_id]
    said_by = words(corpus.sources[corpus.sources["source_id"] == source_id].iloc[0],
                    only=True)
    views = lines(corpus, source_id)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             keep_trailing_newline=True)
    n_body = sum(len(v.sentences) for v in views if v.kind == "body")
    n_cited = sum(bool(s.claims) for v in views if v.kind == "body" for s in v.sentences)
    return isolate(env.get_template("speech.html.j2").render(
        title=text_title(src), source=src, lines=views,
        person=said_by.person, noun=said_by.noun,
        date=f"{src['date'].day} {src['date']:%B %Y}",
        n_body=n_body, n_cited=n_cited, modality_colors=MODALITY_COLORS,
        inferred=inferred_fields(src), excerpt=is_excerpt(src),
        css=(TEMPLATES / "rupak.css").read_text("utf-8")))
