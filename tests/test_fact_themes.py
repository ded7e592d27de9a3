"""A claim may touch several themes: fact_themes.csv names the others, a theme's report shows
them after its own, and every count says which is which."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from datapkg import DataPackage, add_energy_theme, errors

import rupak_lib as rk
from rupak_lib.analysis import display, findings, narrative, record, tables


def touching(pkg: DataPackage, *rows: tuple[str, str]) -> None:
    pkg.write_rows("fact_themes.csv", [{"fact_id": f, "theme_id": t} for f, t in rows],
                   ["fact_id", "theme_id"])


# --- the table and its checks -------------------------------------------------------------------

def test_a_claim_listed_under_its_own_theme_is_an_error(pkg: DataPackage) -> None:
    touching(pkg, ("scholarships", "education"))
    assert errors(pkg) == [
        ("fact_themes.csv", 2, "theme_id", "education is the own theme_id of scholarships in "
                                           "facts.csv; list only the other themes it touches")]


def test_an_unknown_fact_or_theme_is_an_error(pkg: DataPackage) -> None:
    touching(pkg, ("nope", "history"), ("scholarships", "sport"))
    assert errors(pkg) == [
        ("fact_themes.csv", 2, "fact_id", 'facts.csv has no fact_id "nope"'),
        ("fact_themes.csv", 3, "theme_id", 'themes.csv has no theme_id "sport"')]


def test_a_duplicate_row_is_an_error(pkg: DataPackage) -> None:
    touching(pkg, ("scholarships", "history"), ("scholarships", "history"))
    [(file, row, _, message)] = errors(pkg)
    assert (file, row) == ("fact_themes.csv", 3) and "duplicate key" in message


def test_a_package_without_the_table_loads_with_no_claim_touching_another_theme(
        pkg: DataPackage) -> None:
    descriptor = json.loads(pkg.read("datapackage.json"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "fact_themes"]
    pkg.write("datapackage.json", json.dumps(descriptor))
    pkg.remove("fact_themes.csv")
    corpus = rk.load(pkg.path)
    assert list(corpus.fact_themes.columns) == ["fact_id", "theme_id"]
    assert corpus.fact_themes.empty


# --- a theme's claims --------------------------------------------------------------------------

def test_a_theme_subset_holds_its_own_claims_first_then_those_that_touch_it(
        pkg: DataPackage) -> None:
    touching(pkg, ("scholarships", "history"))
    facts = rk.load(pkg.path).subset(theme_id="history").facts
    assert list(facts["fact_id"]) == ["relations-1948", "trade-1960s", "scholarships"]
    assert list(facts["theme_id"]) == ["history", "history", "education"]


def test_a_theme_with_no_claim_of_its_own_says_which_claims_touch_it(pkg: DataPackage) -> None:
    add_energy_theme(pkg)
    touching(pkg, ("trade-1960s", "energy"), ("scholarships", "energy"))
    corpus = rk.load(pkg.path).subset(theme_id="energy")
    intro = narrative.theme_intro(corpus, "energy")
    assert "no claim of its own" in intro and "makes **no claim** on" not in intro
    assert "2 claims filed under other themes touch it (History 1 and Education 1)" in intro


def test_a_theme_no_claim_touches_makes_no_claim(pkg: DataPackage) -> None:
    add_energy_theme(pkg)
    intro = narrative.theme_intro(rk.load(pkg.path).subset(theme_id="energy"), "energy")
    assert "The speech makes **no claim** on this theme" in intro


def test_a_theme_with_claims_of_its_own_counts_those_that_touch_it_apart(
        pkg: DataPackage) -> None:
    touching(pkg, ("scholarships", "history"))
    corpus = rk.load(pkg.path).subset(theme_id="history")
    assert "makes **2 claims** on this theme, and 1 claim filed under other themes touches " \
           "it (Education 1)" in narrative.theme_intro(corpus, "history")
    assert narrative.key_figures(corpus.facts, "history").startswith(
        "3 claims (1 filed under other themes) | ")
    assert "- **Claims:** 3, of which 1 filed under other themes" in \
        narrative.key_figures_list(corpus.facts, "history")


def test_the_claims_table_names_the_theme_a_touching_claim_is_filed_under(
        pkg: DataPackage) -> None:
    touching(pkg, ("scholarships", "history"))
    corpus = rk.load(pkg.path).subset(theme_id="history")
    claims = tables.theme_claims(corpus.facts, corpus.themes, "history", ("summary",))
    assert list(claims["filed_under"].fillna("")) == ["", "", "Education"]


def test_a_column_kept_when_any_row_has_a_value_survives_a_mostly_empty_table() -> None:
    frame = pd.DataFrame({"summary": list("abcde"), "filed_under": [None] * 4 + ["Energy"],
                          "notes": [None] * 4 + ["x"]})
    html = display.table(frame)._repr_html_()
    assert "Filed under" in html and "Energy" in html
    assert "Notes</th>" not in html


def test_findings_do_not_call_a_theme_silent_when_a_claim_touches_it(pkg: DataPackage) -> None:
    add_energy_theme(pkg)
    corpus = rk.load(pkg.path)
    args = (corpus.chronology, corpus.fact_events, corpus.sources, corpus.themes, corpus.facts)
    assert findings.rule_silent_themes(record.selection_by_theme(*args)) is not None
    touching(pkg, ("trade-1960s", "energy"))
    corpus = rk.load(pkg.path)
    args = (corpus.chronology, corpus.fact_events, corpus.sources, corpus.themes, corpus.facts)
    by_theme = record.selection_by_theme(*args, corpus.fact_themes)
    assert by_theme.at["energy", "touching"] == 1
    assert findings.rule_silent_themes(by_theme) is None


@pytest.mark.parametrize("theme_id, own, elsewhere", [("energy", 0, 8), ("trade-economy", 13, 4)])
def test_the_bundled_energy_and_trade_reports_see_the_claims_that_touch_them(
        theme_id: str, own: int, elsewhere: int) -> None:
    facts = rk.load().subset(theme_id=theme_id).facts
    assert (int((facts["theme_id"] == theme_id).sum()), int((facts["theme_id"] != theme_id).sum())
            ) == (own, elsewhere)
