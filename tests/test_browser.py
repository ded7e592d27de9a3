"""What a reader sees in a browser: the built reports, and explore.ipynb run in JupyterLab.

The reports are built once from the bundled data, opened from disk in an offline browser
(index.html and every report it links), and each page is checked and screenshotted. The
JupyterLab test opens explore.ipynb in a real JupyterLab on a copy of the notebooks, runs
every cell from the Run menu and looks at what was rendered.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from browser import REPO, artifacts_dir, chromium
from labserver import Lab, running_lab
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

import rupak_lib as rk

VIEWPORT = {"width": 1200, "height": 900}
LAB_TIMEOUT_MS = 120_000  # a cold JupyterLab and a first kernel take a while on 2 cores

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> rk.Corpus:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RUPAK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("RUPAK_DATA", raising=False)
        return rk.load()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every report of the bundled data, built by `rupak build` as `make reports` runs it.

    The build runs in its own process: its workers are forked, and a fork of this process,
    which may already drive a browser, could inherit a lock held by one of its threads.
    """
    out = tmp_path_factory.mktemp("reports")
    env = {k: v for k, v in os.environ.items() if k != "RUPAK_DATA"}
    env["RUPAK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    proc = subprocess.run([str(Path(sys.executable).parent / "rupak"), "build", "--quiet",
                           "--out", str(out)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


# --- the reports ---------------------------------------------------------------------------


@dataclass
class Visit:
    """What one page showed and asked for."""

    name: str
    title: str = ""
    heading: str = ""
    links: list[str] = field(default_factory=list)  # absolute URLs of a[href]
    ids: set[str] = field(default_factory=set)
    images: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


PAGE_FACTS = """() => ({
  title: document.title,
  heading: (document.querySelector('h1') || {}).textContent || '',
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  images: [...document.images].map(i => {
    const box = i.getBoundingClientRect();
    const style = getComputedStyle(i);
    return {src: i.getAttribute('src').slice(0, 40), loaded: i.complete && i.naturalWidth > 0,
            width: box.width, height: box.height,
            shown: style.display !== 'none' && style.visibility !== 'hidden'
                   && style.opacity !== '0'};
  }),
})"""


def _visit(page: Page, path: Path, shots: Path) -> Visit:
    """Open one page, note what it showed and asked for, and screenshot it whole."""
    visit = Visit(path.name)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda e: visit.console_errors.append(str(e)))
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("requestfailed", lambda r: visit.failed_requests.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    facts = page.evaluate(PAGE_FACTS)
    visit.title, visit.heading = facts["title"], facts["heading"].strip().rstrip("¶").strip()
    visit.links, visit.ids, visit.images = facts["links"], set(facts["ids"]), facts["images"]
    page.screenshot(path=shots / f"{path.stem}.png", full_page=True)
    return visit


@pytest.fixture(scope="module")
def visits(browser: Browser, built: Path) -> dict[str, Visit]:
    """index.html and every report it links, each opened once in a fresh offline page."""
    shots = artifacts_dir("reports")
    context = browser.new_context(offline=True, viewport=VIEWPORT)
    try:
        pages = {"index.html": _visit(context.new_page(), built / "index.html", shots)}
        for url in pages["index.html"].links:
            target = Path(unquote(urlsplit(url).path))
            if target.suffix == ".html" and target.name not in pages and target.exists():
                pages[target.name] = _visit(context.new_page(), target, shots)
    finally:
        context.close()
    return pages


def _reports(visits: dict[str, Visit]) -> list[Visit]:
    return [v for name, v in visits.items() if name != "index.html"]


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


def test_no_page_logs_a_console_error(visits: dict[str, Visit]) -> None:
    assert {name: v.console_errors for name, v in visits.items() if v.console_errors} == {}


def test_no_page_requests_anything_from_the_network(visits: dict[str, Visit]) -> None:
    remote = {name: [u for u in v.requests if not u.startswith(("file:", "data:"))]
              for name, v in visits.items()}
    assert {name: urls for name, urls in remote.items() if urls} == {}
    assert {name: v.failed_requests for name, v in visits.items() if v.failed_requests} == {}


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
            elif parts.fragment and target.name == name and parts.fragment not in visit.ids:
                broken.append((name, url))
    assert broken == []


def test_every_report_shows_its_figures(visits: dict[str, Visit]) -> None:
    for visit in _reports(visits):
        assert visit.images, f"{visit.name} has no figure"
        hidden = [i for i in visit.images
                  if not (i["loaded"] and i["shown"] and i["width"] > 100 and i["height"] > 50)]
        assert hidden == [], visit.name


# --- explore.ipynb in JupyterLab -----------------------------------------------------------


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab on a copy of the notebooks, so that saving in the browser leaves them be."""
    workdir = tmp_path_factory.mktemp("lab-workdir")
    shutil.copytree(REPO / "notebooks", workdir / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with running_lab(workdir, tmp_path_factory.mktemp("lab-home")) as server:
        yield server


KERNEL_READY = """() => {
  const panel = document.querySelector('.jp-NotebookPanel');
  const name = panel && panel.querySelector('.jp-Toolbar-kernelName');
  const status = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return !!name && !!status && panel.querySelector('.jp-CodeCell') !== null
      && !['', 'No Kernel'].includes(name.textContent.trim())
      && status.dataset.status === 'idle';
}"""

# JupyterLab renders an error as stderr text holding the traceback; Run All stops there.
ERRORS_JS = """[...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map(e => e.textContent).filter(t => t.includes('Traceback'))"""
PROMPTS_JS = """[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
  .map(p => p.textContent.trim())"""

# Done when no cell waits to run and either every cell has run or one has failed.
ALL_CELLS_DONE = f"""() => {{
  const prompts = {PROMPTS_JS}, failed = {ERRORS_JS}.length > 0;
  return prompts.length > 0 && !prompts.some(p => p.includes('*'))
      && (failed || prompts.every(p => /^\\[\\d+\\]/.test(p)));
}}"""


@dataclass
class LabRun:
    """explore.ipynb after Run All Cells, and every URL the page asked for."""

    page: Page
    requests: list[str]


@pytest.fixture(scope="module")
def explore_in_lab(browser: Browser, lab: Lab) -> Iterator[LabRun]:
    """explore.ipynb opened in JupyterLab and run with Run > Run All Cells."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(LAB_TIMEOUT_MS)
    run = LabRun(page, [])
    page.on("request", lambda r: run.requests.append(r.url))
    try:
        page.goto(f"{lab.url}lab/tree/explore.ipynb?reset&token={lab.token}")
        page.wait_for_function(KERNEL_READY)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        page.wait_for_function(ALL_CELLS_DONE)
        yield run
    finally:
        with suppress(PlaywrightError):  # a screenshot must not hide why the run failed
            figure = page.locator(".jp-OutputArea-output img").first
            if figure.count():
                figure.scroll_into_view_if_needed()
            page.screenshot(path=artifacts_dir("jupyterlab") / "explore.png")
        page.close()


def test_running_explore_in_jupyterlab_shows_no_error(explore_in_lab: LabRun) -> None:
    assert explore_in_lab.page.evaluate(f"() => {ERRORS_JS}") == []


def test_running_explore_in_jupyterlab_runs_every_code_cell(explore_in_lab: LabRun) -> None:
    prompts = explore_in_lab.page.evaluate(f"() => {PROMPTS_JS}")
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(
        REPO / "notebooks" / "explore.ipynb", as_version=4).cells)
    assert len(prompts) == code_cells
    assert [bool(re.fullmatch(r"\[\d+\]:", p)) for p in prompts] == [True] * code_cells


def test_running_explore_in_jupyterlab_renders_a_chart(explore_in_lab: LabRun) -> None:
    figures = explore_in_lab.page.locator(
        ".jp-OutputArea-output[data-mime-type='image/png'] img")
    assert figures.count() >= 1
    loaded = figures.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert all(loaded)


def test_jupyterlab_loads_nothing_from_outside_the_local_server(
        explore_in_lab: LabRun, lab: Lab) -> None:
    outside = [u for u in explore_in_lab.requests if not u.startswith((lab.url, "data:"))]
    assert outside == []
