"""The whole report set of a three-source package (tests/fixtures/corpus), built once: every
page is there, every claim it shows names its source, and each page cites its own sources."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
THEMES = 12


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, warm_build) -> Path:
    """Built on the test process's warm workers: what is tested is what the pages say."""
    base = tmp_path_factory.mktemp("corpus-site")
    shutil.copytree(FIXTURE, base / "data")
    result = warm_build(data_dir=base / "data", out_dir=base / "reports", progress=False)
    assert not result.failed
    return base / "reports"


def page(site: Path, name: str) -> str:
    return (site / name).read_text("utf-8")


def test_every_report_of_three_sources_is_built(site: Path) -> None:
    built = sorted(p.stem for p in site.glob("*.html"))
    assert len([b for b in built if b.startswith("theme-")]) == THEMES
    assert {"overview", "compare", "index", "critique-orlov-2024-03-12",
            "critique-fo-2025-07-18", "critique-rahman-2026-01-15",
            "speech-orlov-2024-03-12", "speech-fo-2025-07-18",
            "speech-rahman-2026-01-15"} <= set(built)


def test_no_claim_on_a_theme_page_lacks_its_source(site: Path) -> None:
    html = page(site, "theme-trade-economy.html")
    assert html.count('class="sref-source"') >= 6  # the claims table and the key quotes
    assert not re.search(r'<span dir="auto"><a class="sref" ', html)  # a link with no label


def test_a_theme_page_opens_with_a_line_per_source_and_reads_the_record_by_source(
        site: Path) -> None:
    html = page(site, "theme-trade-economy.html")
    assert re.search(r"Orlov(&#39;|'|’)s speech makes <strong>3 claims</strong>", html)
    assert "The briefing of 18 July 2025 makes" in html
    assert '<h2 id="The-record,-source-by-source">' in html
    assert "Events two or more sources refer to" in html


def test_a_page_cites_only_the_sources_whose_claims_it_shows(site: Path) -> None:
    footer = re.search(r'<footer class="rupak-footer">.*?</footer>',
                       page(site, "theme-political-dialogue.html"), re.S).group(0)
    assert "Nadia Rahman" in footer and "Foreign Office spokesperson" in footer
    assert "Pavel Orlov" not in footer


def test_the_comparison_is_built_and_listed_in_the_index(site: Path) -> None:
    html = page(site, "compare.html")
    assert '<h2 id="Where-the-sources-differ">' in html
    assert "date: 10 July 2025 against June 2025" in html
    index = page(site, "index.html")
    assert '<a class="title" href="compare.html">The sources compared</a>' in index
    assert '<select id="source" name="source">' in index


def text_of(site: Path, name: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", page(site, name))))


def figures(text: str) -> dict[str, int]:
    """The record's figures of a page's key figures list."""
    m = re.search(r"Events of the record: (\d+): (\d+)\xa0mentioned \((\d+|none)[^)]*\), "
                  r"(\d+)\xa0carrying out a plan of an earlier source, (\d+)\xa0alluded to, "
                  r"(\d+)\xa0left out, (\d+)\xa0later", text)
    assert m, "no record figures on the page"
    values = [0 if v == "none" else int(v) for v in m.groups()]
    return dict(zip(["events", "mentioned", "disputed", "fulfils", "alluded", "left out",
                     "later"], values, strict=True))


def finding_figures(sentence: str) -> dict[str, int]:
    """The figures of a record finding ("The record holds … leaves out 6 …")."""
    def number(pattern: str) -> int:
        m = re.search(pattern, sentence)
        return int(m.group(1)) if m else 0

    return {"events": number(r"holds (\d+) events?"), "mentioned": number(r"mentions (\d+)"),
            "disputed": number(r"\((\d+) of them disputed"),
            "fulfils": number(r"sees (\d+) of its plans"), "alluded": number(r"alludes to (\d+)"),
            "left out": number(r"leaves out (\d+)"), "later": number(r"(\d+) events? came after")}


def test_the_overview_s_findings_key_figures_tables_and_theme_pages_count_alike(
        site: Path) -> None:
    text = text_of(site, "overview.html")
    key = figures(text)
    together = [s for s in re.findall(r"The record holds [^.]*\.", text) if "the corpus" in s]
    assert len(together) == 1, together
    assert finding_figures(together[0]) == key
    table = text[text.index("Events of the record by decade"):]
    table = table[:table.index("Events of the record by theme")]
    decades = re.findall(r" (\d{4})s" + r" (\d+)" * 7 + r"(?= )", table)
    assert decades, "no table of the record by decade"
    columns = list(zip(*[[int(v) for v in row[1:]] for row in decades], strict=True))
    events, mentioned, disputed, fulfils, alluded, left_out, later = map(sum, columns)
    assert (events, mentioned + disputed, disputed, fulfils, alluded, left_out, later) == (
        key["events"], key["mentioned"], key["disputed"], key["fulfils"], key["alluded"],
        key["left out"], key["later"])
    themes = [figures(text_of(site, p.name)) for p in site.glob("theme-*.html")]
    assert len(themes) == THEMES
    for name, total in key.items():
        assert sum(t[name] for t in themes) == total, name
