"""rk.load: typed frames of a valid data package, and a refusal listing every error."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from datapkg import SOURCE_ID, TEXT_PATH, DataPackage

import rupak_lib as rk
from rupak_lib.data.corpus import UnknownIdError


def test_load_refuses_invalid_data_and_lists_every_error(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "modality", "done")
    pkg.set("themes.csv", 3, "position", "one")
    with pytest.raises(rk.DataValidationError) as caught:
        rk.load(pkg.path)
    err = caught.value
    assert err.data_dir == pkg.path
    assert [str(p) for p in err.errors] == [
        'facts.csv:2: modality: "done" is not one of achieved, ongoing, planned, potential, '
        'stance',
        'themes.csv:3: position: "one" is not a whole number',
    ]
    assert str(err).splitlines() == [
        f"{pkg.path} has 2 errors:",
        *(f"  {p}" for p in err.errors),
    ]


def test_load_accepts_data_with_warnings_only(pkg: DataPackage) -> None:
    pkg.drop_row("facts.csv", 5)
    assert len(rk.load(pkg.path).facts) == 3


def test_a_validation_error_survives_pickling(pkg: DataPackage) -> None:
    pkg.set("facts.csv", 2, "modality", "done")
    with pytest.raises(rk.DataValidationError) as caught:
        rk.load(pkg.path)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.problems, copy.data_dir, str(copy)) == \
        (caught.value.problems, pkg.path, str(caught.value))


def test_dates_are_datetimes_and_blank_dates_are_missing(pkg: DataPackage) -> None:
    facts = rk.load(pkg.path).facts
    assert facts["date_start"].dtype == np.dtype("datetime64[ns]")
    assert facts["date_end"].dtype == np.dtype("datetime64[ns]")
    assert facts["date_start"].iloc[0] == pd.Timestamp("1948-05-01")
    assert pd.isna(facts["date_start"].iloc[3])
    assert rk.load(pkg.path).sources["date"].dtype == np.dtype("datetime64[ns]")


def test_enum_columns_are_categoricals_ordered_as_in_the_schema(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    schema = json.loads(pkg.read("datapackage.json"))
    enums = {(res["name"], f["name"]): f["constraints"]["enum"]
             for res in schema["resources"] for f in res["schema"]["fields"]
             if "enum" in f.get("constraints", {})}
    assert len(enums) == 14
    for (table, column), values in enums.items():
        dtype = getattr(corpus, table)[column].dtype
        assert isinstance(dtype, pd.CategoricalDtype), (table, column)
        assert dtype.ordered and list(dtype.categories) == values, (table, column)


def test_numbers_are_floats_with_nan_for_blanks(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    assert corpus.facts["value"].dtype == np.float64
    assert corpus.facts["value"].tolist()[2] == 152.0
    assert corpus.facts["value"].isna().tolist() == [True, True, False, True]
    assert corpus.entities["lat"].dtype == np.float64
    assert corpus.entities["lat"].isna().tolist() == [True, True, False]


def test_integers_are_int64(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    assert corpus.segments["line"].dtype == np.int64
    assert corpus.themes["position"].dtype == np.int64


def test_text_columns_are_strings_with_missing_values_for_blanks(pkg: DataPackage) -> None:
    entities = rk.load(pkg.path).entities
    assert pd.api.types.is_string_dtype(entities["aliases"])
    assert entities["aliases"].isna().tolist() == [True, False, True]
    assert entities["aliases"].iloc[1] == "Beta|students of Beta"


def test_themes_are_sorted_by_position(pkg: DataPackage) -> None:
    assert rk.load(pkg.path).themes["theme_id"].tolist() == ["education", "history"]


def test_facts_know_the_sentences_their_quotes_cite(pkg: DataPackage) -> None:
    facts = rk.load(pkg.path).facts
    assert facts["sentence_numbers"].tolist() == [(2,), (3,), (4,), (7, 8)]


def test_questions_list_their_facts_and_whole_corpus_questions_have_no_theme(
        pkg: DataPackage) -> None:
    questions = rk.load(pkg.path).questions
    assert questions["fact_ids"].tolist() == [
        ("relations-1948",), ("trade-1960s", "relations-1948"), ("scholarships",)]
    assert questions["theme_id"].isna().tolist() == [False, False, True]


def test_sentences_cover_every_line_with_their_kind_and_citing_facts(pkg: DataPackage) -> None:
    sentences = rk.load(pkg.path).sentences
    assert list(sentences.columns) == \
        ["source_id", "line", "sentence", "text", "kind", "fact_ids", "n_words"]
    assert sentences[["line", "sentence", "kind", "fact_ids"]].values.tolist() == [
        [1, 1, "header", ()],
        [2, 2, "body", ("relations-1948",)],
        [2, 3, "body", ("trade-1960s",)],
        [3, 4, "body", ("scholarships",)],
        [4, 5, "extraneous", ()],
        [5, 6, "editorial", ()],
        [6, 7, "body", ("keep-working",)],
        [6, 8, "body", ("keep-working",)],
    ]
    assert (sentences["source_id"] == SOURCE_ID).all()
    assert sentences["text"].iloc[7] == "Thank you for your attention."
    assert sentences["n_words"].tolist() == [13, 9, 5, 10, 8, 9, 5, 5]
    assert sentences["kind"].dtype == rk.load(pkg.path).segments["kind"].dtype


def test_frames_have_a_fresh_range_index(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    for frame in (corpus.sources, corpus.themes, corpus.facts, corpus.sentences):
        assert isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0


def test_subset_by_theme_keeps_its_facts_entities_and_questions(pkg: DataPackage) -> None:
    sub = rk.load(pkg.path).subset(theme_id="history")
    assert sub.facts["fact_id"].tolist() == ["relations-1948", "trade-1960s"]
    assert sub.fact_entities["fact_id"].tolist() == ["relations-1948", "relations-1948"]
    assert sub.questions["question_id"].tolist() == ["when-relations", "what-grew"]
    assert len(sub.sentences) == 8
    assert sub.sentences["fact_ids"].tolist()[1:4] == [("relations-1948",), ("trade-1960s",), ()]
    assert sub.themes["theme_id"].tolist() == ["history"]
    assert len(sub.entities) == 3 and len(sub.sources) == 1


def test_subset_by_source_keeps_that_source_s_sentences(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    sub = corpus.subset(source_id=SOURCE_ID)
    assert sub.facts.equals(corpus.facts)
    assert len(sub.sentences) == 8 and len(sub.questions) == 3


def test_subset_rejects_an_unknown_id(pkg: DataPackage) -> None:
    with pytest.raises(UnknownIdError, match="unknown theme_id 'sport'; known: education, "
                                             "history"):
        rk.load(pkg.path).subset(theme_id="sport")


def test_load_reads_rupak_data_when_given_no_path(pkg: DataPackage,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUPAK_DATA", str(pkg.path))
    assert rk.load().data_dir == pkg.path


def test_a_relative_path_is_resolved_once(pkg: DataPackage,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(pkg.path.parent)
    assert rk.load("data").data_dir == pkg.path


def test_unchanged_data_loads_in_a_new_process_without_frictionless(pkg: DataPackage) -> None:
    rk.validate(pkg.path)  # fills the cache on disk
    code = ("import sys, rupak_lib as rk; rk.load(sys.argv[1]); "
            "print('frictionless' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(pkg.path)], capture_output=True,
                         text=True, check=True, env=os.environ.copy())
    assert out.stdout.strip() == "False"


def test_text_files_are_checked_even_when_tables_are_cached(pkg: DataPackage) -> None:
    rk.validate(pkg.path)
    Path(pkg.file(TEXT_PATH)).write_text("changed\n")
    with pytest.raises(rk.DataValidationError, match="sha256"):
        rk.load(pkg.path)


def test_loading_unchanged_data_again_gives_an_equal_corpus_of_its_own(
        pkg: DataPackage) -> None:
    first = rk.load(pkg.path)
    first.facts.loc[0, "summary"] = "Changed by a notebook."
    second = rk.load(pkg.path)
    assert second.facts.loc[0, "summary"] == "Alpha and Beta established ties."
    assert second.facts is not first.facts


def test_loading_again_after_an_edit_reads_the_edit(pkg: DataPackage) -> None:
    rk.load(pkg.path)
    pkg.set("facts.csv", 2, "summary", "Edited.")
    assert rk.load(pkg.path).facts.loc[0, "summary"] == "Edited."
    pkg.set("facts.csv", 2, "kind", "nonsense")
    with pytest.raises(rk.DataValidationError):
        rk.load(pkg.path)
