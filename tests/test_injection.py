"""No script from the data runs: every report, the index and every handout of a data package
whose every text field is hostile, opened in Chromium.

One build and one set of handouts (one of them printed to PDF) are made from the package of
hostile.py; each page is opened offline. No dialog may fire, no element or attribute from a
payload may exist, and after each field's label the page must show the payload exactly as
written.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser import chromium_or_skip
from hostile import TEXT_FIELDS, build_hostile_package, labelled_payloads
from playwright.sync_api import Browser

from rupak_lib.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABLES = "|".join(name.removesuffix(".csv") for name in TEXT_FIELDS)
LABEL = re.compile(rf"\b((?:{TABLES})\d-[a-z_]+|text\d+) ")

# Elements or attributes that only a payload interpreted as markup would create.
PAYLOAD_ELEMENTS_JS = """() => {
  const found = [];
  for (const s of document.querySelectorAll('script'))
    if (s.textContent.includes('alert')) found.push('script: ' + s.textContent);
  for (const e of document.querySelectorAll('*'))
    for (const a of e.getAttributeNames())
      if (/^on/i.test(a)) found.push(e.tagName + '[' + a + ']');
  for (const a of document.querySelectorAll('a[href]'))
    if (/^\\s*javascript:/i.test(a.getAttribute('href'))) found.push('a ' + a.href);
  for (const i of document.querySelectorAll('img[src="x"], svg:not([class]) ~ svg, b, i'))
    found.push(i.tagName);
  for (const e of document.querySelectorAll('em, strong, code'))
    if (['em', 'under', 'code', 'bold'].includes(e.textContent.trim()))
      found.push(e.tagName + ': ' + e.textContent);
  return found;
}"""


@dataclass
class Visit:
    name: str
    dialogs: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    text: str = ""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, warm_build) -> dict[str, Path]:
    """The reports and the handouts (all sessions) of the hostile package, and one handout
    printed as `rupak seminar --pdf` prints it (test_seminar.py prints every version).

    The reports are built on the test process's warm workers and the handouts written by
    the seminar command run in this process: what is tested is what the pages show."""
    root = tmp_path_factory.mktemp("hostile")
    pkg = build_hostile_package(root / "data")
    result = warm_build(pkg.path, root / "reports", progress=False)
    assert result.ok, result.summary()
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        status = main(["seminar", "--data", str(pkg.path), "--theme", "all",  # one kernel
                       "--out", str(root / "handouts"), "--jobs", "1"])
    assert status == 0, said.getvalue()
    from rupak_lib.teaching.pdf import print_pdf

    handout = root / "handouts" / "seminar-history-instructor.html"
    (root / "printed").mkdir()
    print_pdf(handout, root / "printed" / handout.with_suffix(".pdf").name)
    return {"reports": root / "reports", "handouts": root / "handouts",
            "printed": root / "printed"}


@pytest.fixture(scope="module")
def visits(outputs: dict[str, Path], browser: Browser) -> dict[str, Visit]:
    pages = sorted(outputs["reports"].glob("*.html")) + sorted(outputs["handouts"].glob("*.html"))
    out: dict[str, Visit] = {}
    context = browser.new_context(offline=True)
    try:
        for path in pages:
            out[path.name] = _visit(browser, context, path)
    finally:
        context.close()
    return out


def _visit(browser: Browser, context, path: Path) -> Visit:
    visit = Visit(path.name)
    page = context.new_page()

    def on_dialog(dialog) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(200)  # an onerror of a broken image fires after load
    visit.elements = page.evaluate(PAYLOAD_ELEMENTS_JS)
    visit.text = page.inner_text("body")
    page.close()
    return visit


def test_every_report_and_handout_is_opened(visits: dict[str, Visit]) -> None:
    names = set(visits)
    assert {"index.html", "overview.html", "theme-history.html", "theme-education.html",
            "critique-doe-2025-03-01.html"} <= names
    assert {f"seminar-{s}-{v}.html" for s in ("corpus", "history", "education")
            for v in ("student", "instructor")} <= names


def test_no_page_opens_a_dialog(visits: dict[str, Visit]) -> None:
    assert {n: v.dialogs for n, v in visits.items() if v.dialogs} == {}


def test_no_page_holds_an_element_or_attribute_from_the_data(visits: dict[str, Visit]) -> None:
    assert {n: v.elements for n, v in visits.items() if v.elements} == {}


def _misshown(text: str) -> list[tuple[str, str]]:
    """Each label on the page whose payload is not shown exactly after it."""
    expected = labelled_payloads()
    wrong = []
    for match in LABEL.finditer(text):
        label, after = match.group(1), text[match.end():]
        want = expected.get(label)
        if want is None or not after.startswith(want):
            wrong.append((label, after[:60]))
    return wrong


def test_every_page_shows_the_data_exactly_as_written(visits: dict[str, Visit]) -> None:
    assert {n: _misshown(v.text) for n, v in visits.items() if _misshown(v.text)} == {}


@pytest.mark.parametrize("page, labels", [
    ("theme-history.html", ["themes0-title", "themes0-description", "sources0-author"]),
    ("critique-doe-2025-03-01.html", ["sources0-title", "sources0-author", "text0"]),
    ("seminar-history-student.html", ["themes0-title", "questions0-prompt"]),
    ("seminar-history-instructor.html", ["questions0-prompt", "questions0-answer"]),
])
def test_the_fields_each_page_shows_are_there(visits: dict[str, Visit], page: str,
                                               labels: list[str]) -> None:
    shown = {m.group(1) for m in LABEL.finditer(visits[page].text)}
    assert set(labels) <= shown


def test_the_printed_handouts_show_the_data_as_written(outputs: dict[str, Path]) -> None:
    from pypdf import PdfReader

    pdf = outputs["printed"] / "seminar-history-instructor.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "questions0-answer" in text and "<script>alert(1)</script>" in text



def _page_with_a_slipped_script(tmp_path: Path, kind: str) -> Path:
    """A handout or report page with a script in its body, as if one had escaped the rule."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    from rupak_lib.pages import export

    html = getattr(export, f"{kind}_html")(new_notebook(cells=[new_markdown_cell("before")]),
                                          "page")
    html = html.replace("</main>", "<script>alert(1); document.body.append('RAN')</script>"
                        "<img src=x onerror=alert(2)><p>after</p></main>")
    page = tmp_path / f"{kind}.html"
    page.write_text(html, encoding="utf-8")
    return page


def test_printing_a_handout_runs_none_of_its_scripts(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A script waiting on a dialog would hang the printer until its time-out."""
    from pypdf import PdfReader

    from rupak_lib.teaching import pdf

    monkeypatch.setattr(pdf, "TIMEOUT", 30)
    chromium_or_skip()  # skips, or fails on CI, without Chromium
    out = pdf.print_pdf(_page_with_a_slipped_script(tmp_path, "handout"), tmp_path / "p.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "before" in text and "after" in text and "RAN" not in text


@pytest.mark.parametrize("kind", ["reader", "handout"])
def test_a_page_runs_no_script_that_slipped_into_it(tmp_path: Path, kind: str,
                                                    browser: Browser) -> None:
    page_file = _page_with_a_slipped_script(tmp_path, kind)
    context = browser.new_context(offline=True)
    try:
        visit = _visit(browser, context, page_file)
    finally:
        context.close()
    assert visit.dialogs == [] and "RAN" not in visit.text and "after" in visit.text
