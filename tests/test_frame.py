"""The frame of every page: previous and next, the way back, the data version and the
source; the contents list of a report; the index with its claim search."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from datapkg import DataPackage

import rupak_lib as rk
from rupak_lib.pages import export, frame

PAGE = "<html><body><main>x</main>\n<!--rupak:frame-->\n<!--/rupak:frame-->\n</body></html>"


def _frame(**kw) -> frame.Frame:
    args = dict(previous=frame.Link("a.html", "A"), next=frame.Link("c.html", "C"),
                data_version="0123456789ab", source="Jane Doe: “Speech”, 1 March 2025.")
    return frame.Frame(**{**args, **kw})


def test_the_frame_links_previous_next_and_back_and_names_data_and_source() -> None:
    html = frame.apply(PAGE, _frame())
    assert '<a class="prev" rel="prev" href="a.html">&larr; A</a>' in html
    assert '<a class="next" rel="next" href="c.html">C &rarr;</a>' in html
    assert '<a class="back" href="index.html">All reports</a>' in html
    assert "Data version 0123456789ab" in html and "Jane Doe: “Speech”" in html


def test_filling_a_frame_twice_gives_the_same_page() -> None:
    once = frame.apply(PAGE, _frame())
    assert frame.apply(once, _frame()) == once
    assert frame.apply(once, _frame(next=None)) == frame.apply(PAGE, _frame(next=None))


def test_a_page_without_a_frame_region_is_left_as_it_is() -> None:
    assert frame.apply("<p>x</p>", _frame()) == "<p>x</p>"


def test_the_first_and_last_pages_have_one_neighbour() -> None:
    pages = frame.pages([frame.Link("a.html", "A"), frame.Link("b.html", "B")], "v", "s")
    assert (pages["a.html"].previous, pages["a.html"].next) == (None, frame.Link("b.html", "B"))
    assert pages["b.html"].next is None


def test_the_data_version_changes_with_any_file_of_the_package(pkg: DataPackage) -> None:
    before = frame.data_version(pkg.path)
    assert frame.data_version(pkg.path) == before
    (pkg.path / "facts.csv").write_text((pkg.path / "facts.csv").read_text() + "\n")
    assert frame.data_version(pkg.path) != before


def test_the_citation_names_speaker_title_venue_and_date(pkg: DataPackage) -> None:
    assert frame.citation(rk.load(pkg.path).sources) == (
        "Jane Doe, Minister of Alpha: “Speech at the Testville forum”, Testville Forum, "
        "Testville, 1 March 2025.")


def test_a_report_gets_a_contents_list_of_its_sections_after_its_title() -> None:
    html = ('<h1 id="T">T<a class="anchor-link" href="#T">¶</a></h1><p>x</p>'
            '<h2 id="One">One &amp; two<a class="anchor-link" href="#One">¶</a></h2>'
            '<h2 id="Three">Three</h2>')
    out = export.with_contents(html)
    assert out.index('<nav class="rupak-toc"') == out.index("</h1>") + len("</h1>")
    assert '<li><a href="#One">One &amp; two</a></li><li><a href="#Three">Three</a></li>' in out


def test_a_page_of_one_section_gets_no_contents_list() -> None:
    html = '<h1 id="T">T</h1><h2 id="One">One</h2>'
    assert export.with_contents(html) == html


def _index(pkg: DataPackage) -> str:
    corpus = rk.load(pkg.path)
    entry = export.IndexEntry("overview", "Overview", "Overview", "4 claims.", "overview.html",
                              "overview.ipynb")
    return export.index_html([entry], claims=export.claims(corpus))


def test_the_index_offers_the_notebook_as_a_download(pkg: DataPackage) -> None:
    assert '<a href="overview.ipynb" download="overview.ipynb"' in _index(pkg)


def test_the_index_lists_every_claim_with_its_filters_and_sentence_links(
        pkg: DataPackage) -> None:
    html = _index(pkg)
    rows = re.findall(r'<tr data-source="" data-theme="([^"]+)" data-modality="(\w+)" '
                      r'data-verification="([\w-]+)"', html)
    assert sorted(rows) == sorted([("History", "achieved", "corroborated"),
                                   ("History", "achieved", "unverified"),
                                   ("Education", "achieved", "unverified"),
                                   ("Education", "stance", "not-applicable")])
    assert 'href="speech-doe-2025-03-01.html#S3"' in html
    assert '<option value="stance">stance</option>' in html


def test_the_index_explains_the_verdicts_it_filters_by(pkg: DataPackage) -> None:
    legend = re.search(r'<p class="legend">(.*?)</p>', _index(pkg), re.S)
    assert legend and "corroborated (a reference confirms it)" in legend.group(1)
    assert "left out" in legend.group(1) and "*" not in legend.group(1)


def test_an_index_of_more_claims_than_a_page_can_search_says_where_to_search_them(
        pkg: DataPackage, monkeypatch) -> None:
    monkeypatch.setattr(export, "SEARCHABLE_CLAIMS", 3)
    html = _index(pkg)
    assert "data-modality=" not in html  # no claim listed
    assert "The corpus holds 4 claims, too many to search in one page." in html
    assert '<a href="#claims">Search the claims</a>' in html and 'id="claims"' in html


def test_the_index_runs_its_own_script_and_no_other(pkg: DataPackage) -> None:
    html = _index(pkg)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html
    assert script == (Path(export.TEMPLATES) / "claims-filter.js").read_text("utf-8")
