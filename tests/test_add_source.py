"""rupak add-source and rupak accept: a document in, its drafts moved into the package only
when it still validates; bad input refused in one line with nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from datapkg import DataPackage, warnings

import rupak_lib as rk
from rupak_lib.cli import main
from rupak_lib.curation.add_source import propose_segments

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
# A note written by the team for these tests.
NOTE = ("Briefing of the ministry, Islamabad\n"
        "\n"
        "The Intergovernmental Commission will meet in Islamabad from 25 to 27 November.\n"
        "(The commission was set up in 2000.)\n"
        "Pakistan and Russia signed a protocol on the Pakistan Steel Mills on 11 July 2025.\n"
        "Read also: the weather this week\n")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "data")
    (tmp_path / "note.txt").write_text(NOTE, "utf-8")
    return tmp_path / "data"


def add(data: Path, *extra: str) -> int:
    return main(["add-source", str(data.parent / "note.txt"), "--id", "ministry-2025-11-20",
                 "--title", "Briefing", "--author", "Ministry spokesperson", "--date",
                 "2025-11-20", "--genre", "briefing", "--data", str(data), *extra])


def snapshot(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file()}


def test_lines_that_are_not_body_are_proposed_with_why() -> None:
    found = [(s.line, s.kind) for s in propose_segments(NOTE.splitlines())]
    assert found == [(1, "header"), (4, "editorial"), (6, "extraneous")]


def test_a_stray_headline_among_body_lines_is_proposed() -> None:
    lines = ["The talks went well.", "Markets rally on Friday", "The visit ended today."]
    assert [(s.line, s.kind) for s in propose_segments(lines)] == [(2, "extraneous")]


def test_add_source_copies_the_text_byte_for_byte_and_adds_its_rows(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add(data) == 0
    assert (data / "sources" / "ministry-2025-11-20.txt").read_text("utf-8") == NOTE
    out = capsys.readouterr().out
    assert "segments.csv: line 4: editorial" in out
    corpus = rk.load(data)  # the package still validates
    row = corpus.sources.set_index("source_id").loc["ministry-2025-11-20"]
    assert (row["genre"], row["date"].date().isoformat()) == ("briefing", "2025-11-20")
    kinds = corpus.segments[corpus.segments["source_id"] == "ministry-2025-11-20"]
    assert kinds["kind"].astype(str).tolist() == ["header", "editorial", "extraneous"]


@pytest.mark.parametrize(("args", "message"), [
    (["--id", "Not A Slug"], "Not A Slug: an id is a slug"),
    (["--id", "orlov-2024-03-12"], "orlov-2024-03-12: a source with this id exists"),
    (["--date", "20/11/2025"], "20/11/2025: the date is not an ISO date"),
    (["--genre", "novel"], "novel: not a genre"),
])
def test_bad_input_is_one_line_and_writes_nothing(
        data: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    before = snapshot(data)
    assert add(data, *args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert snapshot(data) == before


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"), (b"\xff\xfe bad bytes", "not UTF-8 text")])
def test_a_file_that_is_not_text_is_refused(
        data: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str) -> None:
    (data.parent / "note.txt").write_bytes(content)
    before = snapshot(data)
    assert add(data) == 1
    assert message in capsys.readouterr().err
    assert snapshot(data) == before


def test_a_missing_file_is_refused(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data.parent / "note.txt").unlink()
    assert add(data) == 1
    assert "no such file" in capsys.readouterr().err


def test_draft_then_accept_moves_the_claims_and_their_links_in(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add(data) == 0
    assert main(["draft", "ministry-2025-11-20", "--data", str(data)]) == 0
    assert "2 proposed claims for 2 body sentences of ministry-2025-11-20" in \
        capsys.readouterr().out
    drafts = pd.read_csv(data / "drafts" / "ministry-2025-11-20.csv", dtype=str)
    assert len(drafts) == 2
    assert main(["accept", "ministry-2025-11-20", "--all", "--data", str(data)]) == 0
    assert "accepted 2 claim(s)" in capsys.readouterr().out
    corpus = rk.load(data)
    mine = corpus.facts[corpus.facts["source_id"] == "ministry-2025-11-20"]
    assert len(mine) == 2
    links = corpus.fact_events[corpus.fact_events["fact_id"].isin(mine["fact_id"])]
    assert "pakistan-steel-mills-protocol-2025" in set(links["event_id"])
    assert pd.read_csv(data / "drafts" / "ministry-2025-11-20.csv").empty


def test_accepting_a_draft_edited_into_an_invalid_state_writes_nothing(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add(data) == 0
    assert main(["draft", "ministry-2025-11-20", "--data", str(data)]) == 0
    path = data / "drafts" / "ministry-2025-11-20.csv"
    drafts = pd.read_csv(path, dtype=str, keep_default_na=False)
    drafts.loc[0, "quote"] = "Words the note never says"
    drafts.to_csv(path, index=False)
    before = snapshot(data)
    assert main(["accept", "ministry-2025-11-20", "--all", "--data", str(data)]) == 1
    captured = capsys.readouterr()
    assert "facts.csv:" in captured.out and "quote" in captured.out
    assert "nothing was moved" in captured.err
    assert snapshot(data) == before


def test_accepting_an_unknown_draft_is_refused(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add(data) == 0
    assert main(["draft", "ministry-2025-11-20", "--data", str(data)]) == 0
    assert main(["accept", "ministry-2025-11-20", "nope", "--data", str(data)]) == 1
    assert "no draft with id nope" in capsys.readouterr().err


def test_accepting_by_confidence_keeps_the_rest(data: Path) -> None:
    assert add(data) == 0
    assert main(["draft", "ministry-2025-11-20", "--data", str(data)]) == 0
    path = data / "drafts" / "ministry-2025-11-20.csv"
    drafts = pd.read_csv(path, dtype=str, keep_default_na=False)
    drafts.loc[0, "confidence"] = "0.99"
    drafts.loc[1, "confidence"] = "0.10"
    drafts.to_csv(path, index=False)
    assert main(["accept", "ministry-2025-11-20", "--min-confidence", "0.9",
                 "--data", str(data)]) == 0
    assert len(pd.read_csv(path)) == 1


# --- what a curator missed -------------------------------------------------------------------

def test_a_dated_event_with_no_record_link_is_a_warning(pkg: DataPackage) -> None:
    linked = {r["fact_id"] for r in pkg.rows("fact_events.csv")}
    facts = pkg.rows("facts.csv")
    target = next(f for f in facts if f["kind"] == "event" and f["date_precision"] != "none"
                  and f["fact_id"] in linked)
    pkg.write_rows("fact_events.csv", [r for r in pkg.rows("fact_events.csv")
                                       if r["fact_id"] != target["fact_id"]])
    assert any(w[2] == "fact_id" and "no link to the record" in w[3]
               and target["fact_id"] in w[3] for w in warnings(pkg))


def test_a_planned_event_with_no_record_link_is_no_warning(pkg: DataPackage) -> None:
    linked = {r["fact_id"] for r in pkg.rows("fact_events.csv")}
    facts = pkg.rows("facts.csv")
    target = next(f for f in facts if f["kind"] == "event" and f["date_precision"] != "none"
                  and f["fact_id"] in linked)
    target["modality"] = "planned"  # a visit announced for next month
    pkg.write_rows("facts.csv", facts)
    pkg.write_rows("fact_events.csv", [r for r in pkg.rows("fact_events.csv")
                                       if r["fact_id"] != target["fact_id"]])
    assert not any("no link to the record" in w[3] and target["fact_id"] in w[3]
                   for w in warnings(pkg))


def test_a_claim_with_no_entity_whose_quote_names_one_is_a_warning(pkg: DataPackage) -> None:
    fact = pkg.rows("facts.csv")[0]["fact_id"]
    pkg.write_rows("fact_entities.csv", [r for r in pkg.rows("fact_entities.csv")
                                         if r["fact_id"] != fact])
    found = [w for w in warnings(pkg) if "is linked to no entity" in w[3]]
    assert found and fact in found[0][3]
