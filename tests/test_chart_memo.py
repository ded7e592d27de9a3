"""A build's kernel draws a chart once per content; an analyst's session always anew."""

from __future__ import annotations

from collections.abc import Iterator

import frames
import matplotlib
import pytest

matplotlib.use("Agg")

from rupak_lib.charts import accessible, memo, report, style  # noqa: E402


@pytest.fixture
def kept() -> Iterator[None]:
    memo.enable()
    try:
        yield
    finally:
        memo.enable(False)


def test_charts_are_drawn_anew_unless_enabled() -> None:
    facts = frames.corpus().facts
    assert not memo.enabled()
    assert report.verification(facts) is not report.verification(facts)


def test_the_same_tables_give_the_same_figure_while_enabled(kept: None) -> None:
    facts = frames.corpus().facts
    assert report.verification(facts) is report.verification(facts.copy())


def test_a_changed_value_gives_a_new_figure(kept: None) -> None:
    facts = frames.corpus().facts
    first = report.verification(facts)
    changed = facts.copy()
    changed.loc[changed.index[0], "verification"] = "contested"
    assert report.verification(changed) is not first


def test_a_change_to_a_column_a_chart_does_not_count_keeps_its_figure(kept: None) -> None:
    facts = frames.corpus().facts
    first = report.verification(facts, by="kind")
    changed = facts.assign(summary="Reworded.", notes="Another note.")
    assert report.verification(changed, by="kind") is first
    regrouped = facts.copy()
    regrouped.loc[regrouped.index[0], "kind"] = "assessment"
    assert report.verification(regrouped, by="kind") is not first


def test_another_column_type_gives_a_new_figure() -> None:
    facts = frames.corpus().facts
    assert memo.digest(facts) != memo.digest(facts.astype({"fact_id": "category"}))


def test_another_category_list_gives_a_new_figure() -> None:
    import pandas as pd

    facts = frames.corpus().facts
    wider = facts.copy()
    wider["verification"] = wider["verification"].astype(pd.CategoricalDtype(
        [*facts["verification"].cat.categories, "retracted"]))
    assert memo.digest(facts) != memo.digest(wider)


def test_an_input_without_a_digest_is_never_kept(kept: None) -> None:
    class Opaque:
        pass

    assert memo.digest(Opaque()) is None
    calls = []
    chart = memo.memoized(lambda thing: calls.append(thing) or len(calls))
    thing = Opaque()
    assert (chart(thing), chart(thing)) == (1, 2)


def test_a_kept_figure_is_drawn_once_and_gives_the_bytes_a_new_one_gives(
        kept: None, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = frames.corpus().facts
    options = {"metadata": style._metadata("svg")}  # as a build draws: no date in the file
    with style.house_style():
        fresh = accessible.svg_output(report.timeline(facts), **options)
        memo.enable(False)
        memo.enable()
        draws = []
        real = accessible._svg_output
        monkeypatch.setattr(accessible, "_svg_output",
                            lambda fig, **kw: draws.append(fig) or real(fig, **kw))
        fig = report.timeline(facts)
        again = accessible.svg_output(report.timeline(facts), **options)
        assert accessible.svg_output(fig, **options) == again == fresh
    assert len(draws) == 1


def test_turning_it_off_forgets_what_was_kept() -> None:
    facts = frames.corpus().facts
    memo.enable()
    first = report.verification(facts)
    memo.enable(False)
    memo.enable()
    try:
        assert report.verification(facts) is not first
    finally:
        memo.enable(False)
