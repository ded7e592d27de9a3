"""The data contract is the one list of tables, columns and enum values: the descriptor, the
loaded frames, the chart palettes, the narrative's words and the test frames all follow it,
and a value missing from any of them fails here."""

from __future__ import annotations

import json

import frames
import pandas as pd
import pytest
from datapkg import DataPackage

import rupak_lib as rk
from rupak_lib import charts
from rupak_lib.analysis import narrative
from rupak_lib.data import contract
from rupak_lib.data.contract import CONTRACT
from rupak_lib.data.paths import BUNDLED_DATA_DIR
from rupak_lib.teaching import seminar

#: Everything keyed by the values of an enum column, and the column whose values it needs.
KEYED_BY_ENUM = {
    "charts.MODALITY_COLORS": (charts.MODALITY_COLORS, "facts", "modality"),
    "charts.VERIFICATION_COLORS": (charts.VERIFICATION_COLORS, "facts", "verification"),
    "charts.ENTITY_KIND_COLORS": (charts.ENTITY_KIND_COLORS, "entities", "kind"),
    "narrative.MODALITY_WORDS": (narrative.MODALITY_WORDS, "facts", "modality"),
    "narrative.VERIFICATION_WORDS": (narrative.VERIFICATION_WORDS, "facts", "verification"),
    "seminar.SESSION_ORDER": (seminar.SESSION_ORDER, "questions", "kind"),
}


@pytest.mark.parametrize("name", sorted(KEYED_BY_ENUM))
def test_every_enum_value_has_its_colour_word_or_place(name: str) -> None:
    keyed, table, column = KEYED_BY_ENUM[name]
    values = contract.enum(table, column)
    assert sorted(keyed) == sorted(values), f"{name} must have exactly {', '.join(values)}"


@pytest.mark.parametrize("name", [n for n in sorted(KEYED_BY_ENUM) if "COLORS" in n])
def test_legends_follow_the_contract_order(name: str) -> None:
    keyed, table, column = KEYED_BY_ENUM[name]
    assert tuple(keyed) == contract.enum(table, column)


def test_the_bundled_descriptor_declares_the_contract() -> None:
    descriptor = json.loads((BUNDLED_DATA_DIR / "datapackage.json").read_text("utf-8"))
    declared = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]}
                for r in descriptor["resources"]}
    for table, spec in CONTRACT.items():
        assert set(spec.columns) <= set(declared[table]), table
        for column, values in spec.enums.items():
            assert tuple(declared[table][column]["constraints"]["enum"]) == values, \
                f"{table}.{column}"
        for column, kind in spec.optional.items():
            assert declared[table][column]["type"] == kind, f"{table}.{column}"


def test_an_unknown_enum_column_is_named() -> None:
    with pytest.raises(KeyError, match="facts.summary is not an enum column"):
        contract.enum("facts", "summary")


def test_the_corpus_has_a_frame_for_every_table(pkg: DataPackage) -> None:
    corpus = rk.load(pkg.path)
    for table, spec in CONTRACT.items():
        frame = getattr(corpus, table)
        assert tuple(frame.columns[:len(spec.columns)]) == spec.columns, table
        for column, values in spec.enums.items():
            assert tuple(frame[column].cat.categories) == values, f"{table}.{column}"


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {c: repr(t) for c, t in frame.dtypes.items()}


@pytest.mark.parametrize("table", ["themes", "facts", "entities", "fact_entities",
                                   "sentences"])
def test_the_test_frames_have_the_columns_and_dtypes_load_gives(pkg: DataPackage,
                                                               table: str) -> None:
    loaded = getattr(rk.load(pkg.path), table)
    built = getattr(frames.corpus(), table)
    assert _dtypes(built) == _dtypes(loaded)


def test_test_frames_keep_their_dtypes_when_a_text_column_is_all_blank(
        pkg: DataPackage) -> None:
    loaded = rk.load(pkg.path)
    assert _dtypes(frames.facts({"fact_id": "x"})) == _dtypes(loaded.facts)
    assert _dtypes(frames.entities(("x", "X", "place"))) == _dtypes(loaded.entities)


def test_a_table_added_to_the_contract_needs_a_corpus_field() -> None:
    """Adding a table is a row in CONTRACT and a field of Corpus of the same name."""
    fields = set(rk.Corpus.__dataclass_fields__)
    assert set(CONTRACT) <= fields
