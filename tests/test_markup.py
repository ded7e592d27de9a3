"""Data text in Markdown and charts is shown as written: the escaping rule of markup.py."""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from datapkg import DataPackage
from nbconvert.filters.markdown_mistune import MarkdownWithMath
from payloads import PAYLOADS

import rupak_lib as rk
from rupak_lib.analysis import narrative
from rupak_lib.analysis.markup import md, safe_renderer_class, safe_url
from rupak_lib.teaching import seminar


def render(markdown: str) -> str:
    """Markdown as the report and handout exporter renders it."""
    return MarkdownWithMath(renderer=safe_renderer_class()()).render(markdown)


def plain_renderer(markdown: str) -> str:
    """Markdown as nbconvert renders it by default (raw HTML passes)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


@pytest.mark.parametrize("text", PAYLOADS)
def test_escaped_data_renders_as_exactly_its_characters(text: str) -> None:
    out = plain_renderer(md(text))
    assert out == f"<p>{html.escape(text, quote=False)}</p>\n" or \
        html.unescape(out.removeprefix("<p>").removesuffix("</p>\n")) == text


@pytest.mark.parametrize("text", ["# heading", "- item", "1. item", "+ x", "= x", ": x"])
def test_escaped_data_opens_no_block(text: str) -> None:
    assert plain_renderer(md(text)) == f"<p>{text}</p>\n"


def test_escaped_data_cannot_break_out_of_its_line() -> None:
    assert plain_renderer(md("a\n\n# b\n\n    c")) == "<p>a # b c</p>\n"


def test_the_exporter_escapes_raw_html_that_missed_the_rule() -> None:
    out = render("<script>alert(1)</script> <img src=x onerror=alert(1)>")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                 " javascript:x", "data:text/html,<b>", "vbscript:x",
                                 "file:///etc/passwd"])
def test_the_exporter_disables_links_of_other_schemes(url: str) -> None:
    assert safe_url(url) == "#"
    assert 'href="#"' in render(f"[x]({url})")


@pytest.mark.parametrize("url", ["https://example.org/a?b=1", "http://example.org", "#top"])
def test_the_exporter_keeps_http_and_in_page_links(url: str) -> None:
    assert f'href="{html.escape(url)}"' in render(f"[x]({url})")


def test_a_mermaid_block_is_shown_as_text() -> None:
    out = render("```mermaid\n</pre><script>alert(1)</script>\n```")
    assert "<script" not in out


def test_the_narrative_escapes_theme_and_source_text(pkg: DataPackage) -> None:
    pkg.set("themes.csv", 2, "title", "<script>alert(1)</script>")
    pkg.set("themes.csv", 2, "description", "[x](javascript:alert(1)) *em*")
    pkg.set("sources.csv", 2, "author", '"><svg onload=alert(1)>')
    pkg.set("sources.csv", 2, "title", "</div> &amp;")
    corpus = rk.load(pkg.path)
    for text in (narrative.theme_intro(corpus, "history"), narrative.source_line(corpus),
                 narrative.critique_intro(corpus, corpus.sources["source_id"].iloc[0]),
                 seminar.intro(corpus, "history"), seminar.intro(corpus, None)):
        out = plain_renderer(text)
        for tag in ("<script", "<svg", 'href="javascript', "<em", "</div>"):
            assert tag not in out, (tag, out)
    shown = html.unescape(plain_renderer(narrative.theme_intro(corpus, "history")))
    assert "<script>alert(1)</script>" in shown and "[x](javascript:alert(1)) *em*" in shown


def test_handout_questions_and_answers_escape_the_data(pkg: DataPackage) -> None:
    pkg.set("questions.csv", 2, "prompt", "<img src=x onerror=alert(1)> _u_")
    pkg.set("questions.csv", 2, "answer", "See [relations-1948]; <script>alert(1)</script>")
    corpus = rk.load(pkg.path)
    session = seminar.session_questions(corpus.questions, "history")
    asked = plain_renderer(seminar.questions(session, ["recall"]))
    answered = plain_renderer(seminar.answers(corpus.questions, "history", ["recall"]))
    assert "<img" not in asked and "<em" not in asked
    assert "<script" not in answered
    assert "<code>relations-1948</code>" in answered  # cited facts still shown as code
    assert "&lt;img src=x onerror=alert(1)&gt; _u_" in asked


@pytest.mark.parametrize("label", ["Pak $\\undefinedcmd$", "$\\frac{1}{$", "from $1 bn to $2 bn"])
def test_chart_text_is_drawn_literally(label: str) -> None:
    entities = pd.DataFrame({"entity_id": ["a"], "name": [label], "kind": ["country"],
                             "country": [""], "aliases": [""], "lat": [None], "lon": [None],
                             "description": [""]})
    links = pd.DataFrame({"fact_id": ["f"], "entity_id": ["a"], "role": ["subject"]})
    fig = rk.entity_mentions(links, entities)
    fig.canvas.draw()  # mathtext would raise on the first two and eat the dollars of the third
    texts = [t for ax in fig.axes for t in ax.get_yticklabels()]
    assert [t.get_text() for t in texts] == [label]
    assert not any(t.get_parse_math() for t in texts)
    plt.close(fig)
