"""Which reports the data calls for, and what their fingerprints notice."""

from __future__ import annotations

import dataclasses

from datapkg import SOURCE_ID, DataPackage

import rupak_lib as rk
from rupak_lib.build import reports
from rupak_lib.data.paths import BUNDLED_DATA_DIR


def test_the_plan_has_an_overview_a_comparison_a_report_per_theme_and_a_critique_per_source(
        pkg: DataPackage) -> None:
    plan = reports.plan(rk.load(pkg.path))
    assert [r.report_id for r in plan] == [
        "overview", "compare", "theme-education", "theme-history", f"critique-{SOURCE_ID}"]
    assert plan[2].parameters == {"theme_id": "education"}


def test_reports_of_the_bundled_data_carry_no_data_path() -> None:
    corpus = rk.load()
    assert all("data_dir" not in r.parameters for r in reports.plan(corpus, BUNDLED_DATA_DIR))


def test_reports_of_other_data_are_told_where_it_is(pkg: DataPackage) -> None:
    plan = reports.plan(rk.load(pkg.path), pkg.path)
    assert {r.parameters["data_dir"] for r in plan} == {str(pkg.path)}


def test_the_digest_notices_a_new_category_with_no_values(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    facts = corpus.facts.copy()
    facts["verification"] = facts["verification"].cat.add_categories(["disputed"])
    changed = dataclasses.replace(corpus, facts=facts)
    assert changed.facts.to_csv() == corpus.facts.to_csv()
    assert reports.corpus_digest(changed) != reports.corpus_digest(corpus)


def test_a_theme_report_does_not_depend_on_other_themes_facts(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    education = next(r for r in reports.plan(corpus) if r.report_id == "theme-education")
    facts = corpus.facts.copy()
    facts.loc[facts["fact_id"] == "trade-1960s", "summary"] = "Changed."
    changed = dataclasses.replace(corpus, facts=facts)
    assert reports.fingerprint(changed, education) == reports.fingerprint(corpus, education)


def test_the_index_summary_counts_modalities_and_contested_facts(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    overview = reports.plan(corpus)[0]
    assert reports.summary(corpus, overview) == "4 claims: 3 achieved, 1 stance."


def test_the_scope_of_a_report_follows_its_parameters(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    both = reports.Report("x", "custom", "theme_report.ipynb", "X", "Themes",
                          {"theme_id": "history", "source_id": SOURCE_ID, "data_dir": "elsewhere"})
    scoped = reports.scope(corpus, both)
    expected = corpus.subset(theme_id="history", source_id=SOURCE_ID)
    assert list(scoped.facts["fact_id"]) == list(expected.facts["fact_id"])
    assert set(scoped.facts["theme_id"]) == {"history"}


def test_a_report_without_narrowing_parameters_reads_the_whole_corpus(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    overview = reports.plan(corpus, pkg.path)[0]
    assert reports.scope(corpus, overview) is corpus


def test_an_upgrade_of_a_library_the_reports_use_changes_every_fingerprint(
        pkg: DataPackage, monkeypatch) -> None:
    corpus = rk.load(pkg.path)
    planned = reports.plan(corpus)
    before = reports.fingerprints(corpus, planned)
    installed = reports.library_versions()
    assert {"pandas", "matplotlib", "nbconvert", "python"} <= set(installed)
    monkeypatch.setattr(reports, "library_versions",
                        lambda: {**installed, "nbconvert": "999.0"})
    after = reports.fingerprints(corpus, planned)
    assert all(after[r] != before[r] for r in before)


def test_a_theme_report_notices_a_change_to_its_sources_text(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    history = next(r for r in reports.plan(corpus) if r.report_id == "theme-history")
    sentences = corpus.sentences.copy()
    sentences.loc[0, "text"] = "Changed."
    changed = dataclasses.replace(corpus, sentences=sentences)
    assert reports.fingerprint(changed, history) != reports.fingerprint(corpus, history)


def test_fingerprints_together_equal_fingerprints_one_by_one(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    planned = reports.plan(corpus)
    assert reports.fingerprints(corpus, planned) == {
        r.report_id: reports.fingerprint(corpus, r) for r in planned}


def test_the_index_summary_of_a_theme_of_silence_counts_its_events(pkg: DataPackage) -> None:
    pkg.write_rows("themes.csv", [*pkg.rows("themes.csv"), {
        "theme_id": "energy", "title": "Energy", "description": "Oil and gas.",
        "position": "3"}])
    pkg.set("chronology.csv", 4, "theme_id", "energy")
    corpus = rk.load(pkg.path)
    energy = next(r for r in reports.plan(corpus) if r.report_id == "theme-energy")
    assert reports.summary(corpus, energy) == "No claims; 1 event in the record."


def test_the_reports_with_most_claims_run_first_and_ties_keep_the_plan_order() -> None:
    from types import SimpleNamespace

    import pandas as pd

    facts = pd.DataFrame({"theme_id": ["a", "b", "b", "b", "c", "c"],
                          "source_id": ["s"] * 5 + ["t"]})
    planned = [reports.Report("overview", "overview", "o.ipynb", "O", "Overview"),
               *(reports.Report(f"theme-{t}", "theme", "t.ipynb", t, "Themes",
                                {"theme_id": t}) for t in "abcd"),
               reports.Report("critique-s", "critique", "c.ipynb", "S", "Sources",
                              {"source_id": "s"}),
               reports.Report("critique-t", "critique", "c.ipynb", "T", "Sources",
                              {"source_id": "t"})]
    ordered = reports.longest_first(SimpleNamespace(facts=facts), planned)
    assert [r.report_id for r in ordered] == [
        "overview", "critique-s", "theme-b", "theme-c", "theme-a", "critique-t", "theme-d"]
