"""The page a reader has open is built with the machine to itself, then the rest."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from rupak_lib.build import run
from rupak_lib.build.reports import Report


class RecordingPool:
    """A pool whose work is done as soon as it is given: it only records the order."""

    def __init__(self) -> None:
        self.submitted: list[str] = []

    def submit(self, fn, report: Report, *args) -> Future:
        self.submitted.append(report.report_id)
        done: Future = Future()
        done.set_result({})
        return done


def report(report_id: str) -> Report:
    return Report(report_id, "theme", "theme_report.ipynb", report_id, "Themes")


def test_the_open_page_s_report_runs_before_the_others_are_started(tmp_path: Path) -> None:
    pool = RecordingPool()
    todo = [(report(r), "fp") for r in ("overview", "theme-a", "theme-b")]
    built = run._execute(todo, tmp_path, tmp_path, 2, False, pool, alone={"theme-a"})
    first = next(built)
    assert first[0].report_id == "theme-a" and pool.submitted == ["theme-a"]
    assert sorted(r.report_id for r, _, _ in built) == ["overview", "theme-b"]
    assert pool.submitted[1:] == ["overview", "theme-b"]


def test_without_open_pages_every_report_is_started_at_once(tmp_path: Path) -> None:
    pool = RecordingPool()
    todo = [(report(r), "fp") for r in ("overview", "theme-a")]
    built = run._execute(todo, tmp_path, tmp_path, 2, False, pool)
    next(built)
    assert pool.submitted == ["overview", "theme-a"]


def test_what_runs_later_is_worked_out_once_the_open_page_s_report_is_in_place(
        tmp_path: Path) -> None:
    pool = RecordingPool()
    asked: list[str] = []

    def later() -> list:
        asked.append("later")
        return [(report("overview"), "fp")]

    built = run._execute([(report("theme-a"), "fp")], tmp_path, tmp_path, 2, False, pool,
                         alone={"theme-a"}, later=later)
    assert next(built)[0].report_id == "theme-a" and asked == []  # the page first
    assert [r.report_id for r, _, _ in built] == ["overview"] and asked == ["later"]
