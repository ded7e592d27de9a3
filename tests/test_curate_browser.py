"""The curation page in Chromium: accept, reject, edit, an invalid save and a conflict, each
checked in the files on disk; and the page at desktop and phone width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import artifacts_dir
from datapkg import SOURCE_ID, DataPackage
from playwright.sync_api import Browser, Page
from test_curate_server import TOKEN, drafted, serve  # noqa: F401 - the fixture
from test_curation_edit import files

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser, drafted: DataPackage) -> Iterator[Page]:  # noqa: F811
    for port in serve(drafted, TOKEN):
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(f"http://127.0.0.1:{port}/curate/{SOURCE_ID}")
        yield tab
        tab.close()


def test_accepting_a_draft_moves_it_into_the_facts(page: Page,
                                                   drafted: DataPackage) -> None:  # noqa: F811
    page.locator('[data-draft-id="students-of-beta"] [data-action=accept]').click()
    page.wait_for_selector('[data-fact-id="students-of-beta"]')
    assert "students-of-beta" in drafted.read("facts.csv")
    assert "students-of-beta" not in drafted.read(f"drafts/{SOURCE_ID}.csv")


def test_rejecting_a_draft_removes_it_and_remembers_it(page: Page,
                                                       drafted: DataPackage) -> None:  # noqa: F811
    page.locator('[data-draft-id="keep-on"] [data-action=reject]').click()
    page.wait_for_selector('[data-draft-id="keep-on"]', state="detached")
    assert "keep-on" in drafted.read(f"drafts/{SOURCE_ID}.rejected.csv")


def test_editing_a_fact_saves_the_form(page: Page, drafted: DataPackage) -> None:  # noqa: F811
    fact = page.locator('[data-fact-id="scholarships"]')
    fact.locator("[data-action=edit]").click()
    form = page.locator('form[data-edit="scholarships"]')
    form.locator('[name="summary"]').fill("Alpha granted 152 scholarships to Beta.")
    form.locator('[name="modality"]').select_option("ongoing")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('[data-fact-id="scholarships"] >> text=ongoing')
    row = next(r for r in drafted.rows("facts.csv") if r["fact_id"] == "scholarships")
    assert row["summary"] == "Alpha granted 152 scholarships to Beta."
    assert row["modality"] == "ongoing"


def test_an_invalid_save_shows_the_column_and_writes_nothing(
        page: Page, drafted: DataPackage) -> None:  # noqa: F811
    before = files(drafted)
    page.locator('[data-fact-id="scholarships"] [data-action=edit]').click()
    form = page.locator('form[data-edit="scholarships"]')
    form.locator('[name="date_start"]').fill("2024-13-45")
    form.locator("button[type=submit]").click()
    alert = page.locator('[role="alert"]')
    alert.wait_for(state="visible")
    assert "date_start" in alert.inner_text()
    assert files(drafted) == before


def test_a_conflict_asks_to_reload_and_keeps_the_disk_s_version(
        page: Page, drafted: DataPackage) -> None:  # noqa: F811
    drafted.edit_fact("trade-1960s", "notes", "edited in another editor")
    before = files(drafted)
    page.locator('[data-draft-id="students-of-beta"] [data-action=accept]').click()
    alert = page.locator('[role="alert"]')
    alert.wait_for(state="visible")
    assert "reload" in alert.inner_text()
    assert files(drafted) == before


def test_keys_move_between_drafts_and_the_filter_keeps_the_uncertain(
        page: Page) -> None:
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.draftId") == "students-of-beta"
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.draftId") == "keep-on"
    page.check("#only-low")
    assert page.locator("[data-draft-id]:visible").count() == 0  # both drafts say 0.8


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_fits_the_screen(browser: Browser, drafted: DataPackage,  # noqa: F811
                                  width: int) -> None:
    for port in serve(drafted, TOKEN):
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.goto(f"http://127.0.0.1:{port}/curate/{SOURCE_ID}")
        tab.screenshot(path=str(artifacts_dir("curate") / f"curate-{width}.png"),
                       full_page=True)
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        tab.close()
