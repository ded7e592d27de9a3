"""What a reader sees in a browser: the built reports and a student's handout.

The reports are built once from the bundled data, opened from disk in an offline browser
(index.html and every report it links), and each page is checked and screenshotted.
explore.ipynb in JupyterLab is test_lab.py's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import REPO, artifacts_dir, whole_pages
from once import trade_handouts
from playwright.sync_api import Browser, Page

import rupak_lib as rk

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> rk.Corpus:
    return rk.load()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every report of the bundled data, built by `rupak build` as `make reports` runs it.

    The build runs in its own process: its workers are forked, and a fork of this process,
    which may already drive a browser, could inherit a lock held by one of its threads.
    """
    out = tmp_path_factory.mktemp("reports")
    env = {k: v for k, v in os.environ.items() if k != "RUPAK_DATA"}
    proc = subprocess.run([str(Path(sys.executable).parent / "rupak"), "build", "--quiet",
                           "--out", str(out)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


# --- the reports ---------------------------------------------------------------------------

WIDTHS = (1280, 390)  # a desktop and a phone
DEFAULT_ALT = "No description has been provided for this image"


@dataclass
class Visit:
    """What one page showed and asked for, at one width."""

    name: str
    width: int = 0
    title: str = ""
    heading: str = ""
    links: list[str] = field(default_factory=list)  # absolute URLs of a[href]
    ids: set[str] = field(default_factory=set)
    images: list[dict] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # th texts
    toc: list[str] = field(default_factory=list)  # hrefs of the contents list
    loose_refs: list[str] = field(default_factory=list)  # "S21" written outside a link
    scroll_width: int = 0
    client_width: int = 0
    text: str = ""
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


PAGE_FACTS = """() => {
  const loose = [];
  const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                           NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('a, code, pre, .rupak-scroll-hint')) continue;
    const found = node.textContent.match(/\\bS\\d+\\b/g);
    if (found) loose.push(...found);
  }
  return {
    title: document.title,
    heading: (document.querySelector('h1') || {}).textContent || '',
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    images: [...document.images].map(i => {
      const box = i.getBoundingClientRect();
      const style = getComputedStyle(i);
      return {src: i.getAttribute('src').slice(0, 40), alt: i.getAttribute('alt'),
              loaded: i.complete && i.naturalWidth > 0, width: box.width, height: box.height,
              shown: style.display !== 'none' && style.visibility !== 'hidden'
                     && style.opacity !== '0'};
    }),
    headers: [...document.querySelectorAll('th')].map(t => t.textContent.trim()),
    toc: [...document.querySelectorAll('nav.rupak-toc a')].map(a => a.getAttribute('href')),
    loose: loose,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    text: document.body.innerText,
  };
}"""


def _visit(page: Page, path: Path, shots: Path, width: int) -> Visit:
    """Open one page, note what it showed and asked for, and screenshot it.

    The tab is the width's one tab (see ``_visit_site``): what it logs and asks for while
    this page loads is this visit's."""
    visit = Visit(path.name, width)
    listeners = {
        "console": lambda m: m.type == "error" and visit.console_errors.append(m.text),
        "pageerror": lambda e: visit.console_errors.append(str(e)),
        "request": lambda r: visit.requests.append(r.url),
        "requestfailed": lambda r: visit.failed_requests.append(r.url),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        page.goto(path.as_uri(), wait_until="load")
        facts = page.evaluate(PAGE_FACTS)
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    visit.title, visit.heading = facts["title"], facts["heading"].strip().rstrip("¶").strip()
    visit.links, visit.ids, visit.images = facts["links"], set(facts["ids"]), facts["images"]
    visit.headers, visit.toc, visit.loose_refs = facts["headers"], facts["toc"], facts["loose"]
    visit.scroll_width, visit.client_width = facts["scrollWidth"], facts["clientWidth"]
    visit.text = facts["text"]
    _screenshot(page, shots / f"{path.stem}-{width}.png")
    return visit


def _screenshot(page: Page, target: Path) -> None:
    """The page's first screen, or the whole page (``RUPAK_WHOLE_SCREENSHOTS=1``), for a
    person to look at; Chromium under load sometimes cannot capture a page 20,000 px tall at
    once, and then the visible part is kept instead."""
    from playwright.sync_api import Error

    for whole in (True, True, False) if whole_pages() else (False,):
        try:
            page.screenshot(path=target, full_page=whole)
            return
        except Error:
            continue


def _visit_site(browser: Browser, index: Path, shots: Path, width: int) -> dict[str, Visit]:
    """index.html and every page it links, each opened once, in turn, in one offline tab: as
    a reader follows links (a new tab per page cost a renderer each, a third of the time)."""
    context = browser.new_context(offline=True, viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        pages = {"index.html": _visit(tab, index, shots, width)}
        for url in pages["index.html"].links:
            target = Path(unquote(urlsplit(url).path))
            if target.suffix == ".html" and target.name not in pages and target.exists():
                pages[target.name] = _visit(tab, target, shots, width)
    finally:
        context.close()
    return pages


@pytest.fixture(scope="module")
def sites(browser: Browser, built: Path) -> dict[int, dict[str, Visit]]:
    """Every page, at a desktop's width and at a phone's."""
    shots = artifacts_dir("reports")
    return {w: _visit_site(browser, built / "index.html", shots, w) for w in WIDTHS}


@pytest.fixture(scope="module")
def visits(sites: dict[int, dict[str, Visit]]) -> dict[str, Visit]:
    return sites[WIDTHS[0]]


def _all(sites: dict[int, dict[str, Visit]]) -> list[Visit]:
    return [v for pages in sites.values() for v in pages.values()]


def _reports(visits: dict[str, Visit]) -> list[Visit]:
    return [v for name, v in visits.items()
            if name != "index.html" and not name.startswith("speech-")]


def test_the_index_links_every_report_built(visits: dict[str, Visit], built: Path) -> None:
    assert set(visits) == {p.name for p in built.glob("*.html")}


def test_the_index_names_every_theme_by_its_title(browser: Browser, built: Path,
                                                 corpus: rk.Corpus) -> None:
    page = browser.new_page()
    try:
        page.goto((built / "index.html").as_uri())
        titles = {page.locator(f"#theme-{t} .title").inner_text()
                  for t in corpus.themes["theme_id"]}
    finally:
        page.close()
    assert titles == set(corpus.themes["title"])


def test_each_theme_report_is_headed_by_its_theme_title(visits: dict[str, Visit],
                                                        corpus: rk.Corpus) -> None:
    for theme in corpus.themes.itertuples():
        visit = visits[f"theme-{theme.theme_id}.html"]
        assert (visit.title, visit.heading) == (theme.title, theme.title)


def test_no_page_logs_a_console_error(sites: dict[int, dict[str, Visit]]) -> None:
    assert {(v.name, v.width): v.console_errors for v in _all(sites) if v.console_errors} == {}


def test_no_page_requests_anything_from_the_network(sites: dict[int, dict[str, Visit]]) -> None:
    remote = {(v.name, v.width): [u for u in v.requests if not u.startswith(("file:", "data:"))]
              for v in _all(sites)}
    assert {key: urls for key, urls in remote.items() if urls} == {}
    assert {(v.name, v.width): v.failed_requests for v in _all(sites)
            if v.failed_requests} == {}


def test_every_link_points_to_a_file_or_an_anchor_that_exists(
        visits: dict[str, Visit]) -> None:
    broken = []
    for name, visit in visits.items():
        for url in visit.links:
            parts = urlsplit(url)
            if parts.scheme != "file":
                continue  # a link to the web is for the reader to follow
            target = Path(unquote(parts.path))
            if not target.exists():
                broken.append((name, url))
            elif parts.fragment and target.name in visits \
                    and parts.fragment not in visits[target.name].ids:
                broken.append((name, url))
    assert broken == []


def test_every_sentence_reference_is_a_link_to_its_sentence(visits: dict[str, Visit],
                                                            corpus: rk.Corpus) -> None:
    refs = [(v.name, url) for v in visits.values() for url in v.links
            if re.search(r"speech-[\w-]+\.html#S\d+$", url)]
    citing = {name for name, _ in refs}
    with_claims = {f"theme-{t}.html" for t in corpus.facts["theme_id"]}
    assert with_claims <= citing
    unresolved = [(name, url) for name, url in refs
                  if urlsplit(url).fragment not in visits[Path(urlsplit(url).path).name].ids]
    assert unresolved == []
    assert {v.name: v.loose_refs for v in _reports(visits) if v.loose_refs} == {}


def test_the_speech_page_holds_every_sentence_of_the_source(visits: dict[str, Visit],
                                                            corpus: rk.Corpus) -> None:
    for source_id, group in corpus.sentences.groupby("source_id"):
        page = visits[f"speech-{source_id}.html"]
        text = " ".join(page.text.split())
        missing = [s for s in group["text"] if " ".join(s.split()) not in text]
        assert missing == [], source_id
        assert {f"S{n}" for n in group["sentence"]} <= page.ids


def test_each_report_has_a_contents_list_of_its_sections(visits: dict[str, Visit]) -> None:
    for visit in _reports(visits):
        if "The package holds one source" in visit.text:
            continue  # the comparison of a package of one source: one line, no sections
        assert len(visit.toc) >= 3, visit.name
        assert [h for h in visit.toc if h.lstrip("#") not in visit.ids] == [], visit.name


def test_each_page_ends_with_its_neighbours_and_the_data_version(
        visits: dict[str, Visit]) -> None:
    for name, visit in visits.items():
        if name == "index.html":
            continue
        assert re.search(r"Data version [0-9a-f]{12}", visit.text), name
        assert "All reports" in visit.text, name


def test_no_table_header_is_a_raw_field_name(sites: dict[int, dict[str, Visit]]) -> None:
    raw = {(v.name, h) for v in _all(sites) for h in v.headers
           if re.fullmatch(r"[a-z]+(_[a-z]+)+|[a-z]+_id", h)}
    assert raw == set()


def test_every_chart_says_what_it_shows(visits: dict[str, Visit]) -> None:
    charts = [(v.name, i["alt"]) for v in visits.values() for i in v.images]
    assert charts
    assert [(n, a) for n, a in charts
            if not a or a == DEFAULT_ALT or not re.search(r"\d", a)] == []


def test_every_figure_is_loaded_and_shown(visits: dict[str, Visit]) -> None:
    hidden = [(v.name, i["src"]) for v in visits.values() for i in v.images
              if not (i["loaded"] and i["shown"] and i["width"] > 100 and i["height"] > 50)]
    assert hidden == []
    assert len(visits["overview.html"].images) >= 5


def test_no_page_scrolls_sideways_on_a_phone(sites: dict[int, dict[str, Visit]]) -> None:
    wide = {v.name: v.scroll_width for v in sites[390].values()
            if v.scroll_width > v.client_width}
    assert wide == {}


def test_charts_keep_readable_labels_on_a_phone(sites: dict[int, dict[str, Visit]]) -> None:
    # a wide chart keeps at least 720 px and scrolls in its box rather than shrinking
    shrunk = [(v.name, round(i["width"])) for v in sites[390].values() for i in v.images
              if i["width"] < 330]
    assert shrunk == []


def test_no_report_talks_about_its_tests(visits: dict[str, Visit]) -> None:
    assert [v.name for v in visits.values() if "notebook tests" in v.text] == []


def test_the_index_search_narrows_the_claims(browser: Browser, built: Path) -> None:
    page = browser.new_context(offline=True).new_page()
    try:
        page.goto((built / "index.html").as_uri())
        rows = page.locator("#claim-rows tr")
        total = rows.count()
        page.fill("#q", "steel mills")
        shown = page.locator("#claim-rows tr:not([hidden])")
        assert 0 < shown.count() < total
        assert all("steel mills" in t.lower() or "steel" in t.lower()
                   for t in shown.all_inner_texts())
        assert page.inner_text("#claim-count") == f"{shown.count()} of {total} claims"
        page.fill("#q", "")
        page.select_option("#modality", "planned")
        modalities = page.locator("#claim-rows tr:not([hidden]) td:nth-child(3)")
        assert modalities.count() > 0 and set(modalities.all_inner_texts()) == {"planned"}
    finally:
        page.close()


# --- a student's handout -----------------------------------------------------------------


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trade theme's student handout, written by `rupak seminar` as `make seminar`
    runs it."""
    return trade_handouts(tmp_path_factory) / "seminar-trade-economy-student.html"


STUDENT_FACTS = """() => {
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const firstCode = cells.findIndex(c => c.classList.contains('jp-CodeCell'));
  const title = cells.findIndex(c => c.querySelector('h1'));
  return {title: title, firstCode: firstCode,
          tables: document.querySelectorAll('table.rupak-table tbody tr').length,
          answers: cells.filter(c => c.classList.contains('jp-MarkdownCell')
                                && c.innerText.trim().startsWith('Your answer:')).length,
          text: document.body.innerText,
          scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_student_handout_shows_its_reading_tables_and_answer_cells_after_its_title(
        browser: Browser, handout: Path, width: int, corpus: rk.Corpus) -> None:
    page = browser.new_context(offline=True, viewport={"width": width, "height": 900}).new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto(handout.as_uri())
        facts = page.evaluate(STUDENT_FACTS)
        page.screenshot(path=artifacts_dir("handouts") / f"{handout.stem}-{width}.png",
                        full_page=True)
    finally:
        page.close()
    assert 0 <= facts["title"] < facts["firstCode"]
    assert facts["tables"] >= 5  # the stray lines, in context, and the key quotes
    assert "Why Armenia is Getting Diplomatic Concessions" in facts["text"]
    assert "YOUR CODE HERE" in facts["text"] and errors == []
    asked = rk.seminar.session_questions(corpus.questions, "trade-economy")
    assert facts["answers"] == len(asked) > 0  # a place to write each answer
    assert facts["scroll"] <= 0
