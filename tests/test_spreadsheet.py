"""`rupak export`: the claims as CSV or an Excel workbook, read back to check them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import rupak_lib as rk
from rupak_lib.cli import main
from rupak_lib.data.spreadsheet import SHEETS, export
from rupak_lib.exceptions import ExportError

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def corpus() -> rk.Corpus:
    return rk.load(FIXTURE)


def test_the_csv_has_every_claim_with_its_source_theme_entities_and_record_links(
        corpus: rk.Corpus, tmp_path: Path) -> None:
    back = pd.read_csv(export(corpus, "csv", tmp_path / "claims.csv"), dtype=str)
    assert len(back) == len(corpus.facts)
    row = back.set_index("fact_id").loc["rahman-fm-june"]
    assert (row["source"], row["source_date"], row["theme"]) == (
        "Rahman, 15 Jan 2026", "2026-01-15", "Political dialogue")
    assert (row["date_start"], row["entity_ids"], row["event_ids"]) == (
        "2025-06-01", "kuala-lumpur", "fm-meeting-kuala-lumpur-2025:contradicts")
    assert back.set_index("fact_id").loc["orlov-pipeline-hope", "other_themes"] == \
        "trade-economy"


def test_the_workbook_has_the_claims_and_a_sheet_per_table(
        corpus: rk.Corpus, tmp_path: Path) -> None:
    book = pd.read_excel(export(corpus, "xlsx", tmp_path / "rupak.xlsx"), sheet_name=None)
    assert list(book) == ["claims", *SHEETS]
    assert len(book["claims"]) == 14 and len(book["sources"]) == 3
    assert len(book["fact_events"]) == len(corpus.fact_events)
    assert book["sources"].set_index("source_id").loc["fo-2025-07-18", "genre"] == "briefing"


def test_the_facts_frame_writes_to_excel_as_analysts_expect(
        corpus: rk.Corpus, tmp_path: Path) -> None:
    corpus.facts.to_excel(tmp_path / "facts.xlsx")
    assert len(pd.read_excel(tmp_path / "facts.xlsx")) == 14


def test_an_unknown_format_is_refused_and_nothing_is_written(
        corpus: rk.Corpus, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown format 'ods'"):
        export(corpus, "ods", tmp_path / "x.ods")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_the_output_is_refused(corpus: rk.Corpus, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder; name the file to write") as err:
        export(corpus, "csv", tmp_path)
    assert err.value.path == str(tmp_path)


def test_a_failed_write_leaves_the_previous_file_and_no_temporary(
        corpus: rk.Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "claims.csv"
    target.write_text("the previous export\n")

    def broken(self, path, *args, **kwargs):  # half a file, then the disk is full
        Path(path).write_text("fact_id,sou")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    with pytest.raises(OSError, match="disk full"):
        export(corpus, "csv", target)
    assert target.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]


def test_the_command_writes_the_file_and_says_how_many_claims(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "claims.xlsx"
    assert main(["export", "--data", str(FIXTURE), "--format", "xlsx", "--out", str(out)]) == 0
    assert f"wrote 14 claims of 3 source(s) to {out}" in capsys.readouterr().out
    assert out.exists()


def test_the_command_refuses_a_missing_folder_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "missing" / "claims.csv"
    assert main(["export", "--data", str(FIXTURE), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"rupak: error: {out}: folder {out.parent} does not exist"]
