"""The analysis tables: what each one counts, and how it treats the edge cases."""

from __future__ import annotations

import frames
import pandas as pd
import pytest

from rupak_lib.analysis import display
from rupak_lib.analysis import tables as an


@pytest.fixture
def c():
    return frames.corpus()


@pytest.mark.parametrize(("start", "end", "precision", "expected"), [
    ("1960-01-01", "1969-12-31", "decade", "1960s"),
    ("1970-01-01", "1999-12-31", "decade", "1970s–1990s"),
    ("2025-05-01", "2025-05-31", "month", "May 2025"),
    ("2025-09-01", "2025-12-31", "month", "September–December 2025"),
    ("2024-11-01", "2025-01-31", "month", "November 2024 – January 2025"),
    ("2025-01-01", "2025-12-31", "year", "2025"),
    ("2024-01-01", "2025-12-31", "year", "2024–2025"),
    ("1948-05-01", "1948-05-01", "day", "1 May 1948"),
    ("1948-05-01", None, "day", "1 May 1948"),
    ("2025-07-10", "2025-11-18", "day", "10 July – 18 November 2025"),
    (None, None, "none", "—"),
    ("2025-01-01", "2025-12-31", "none", "—"),
])
def test_format_period_writes_no_more_precision_than_the_data(start, end, precision, expected):
    assert an.format_period(pd.Timestamp(start) if start else pd.NaT,
                            pd.Timestamp(end) if end else pd.NaT, precision) == expected


def test_format_sentences_joins_consecutive_numbers_into_runs():
    assert [display.format_sentences(t) for t in [(5, 6), (3,), (3, 5, 6), ()]] == \
        ["S5–S6", "S3", "S3, S5–S6", "—"]


def test_modality_by_theme_lists_every_theme_and_modality_in_order(c):
    table = an.modality_by_theme(c.facts, c.themes)
    assert list(table.index) == ["History", "Trade and economy"]
    assert list(table.columns) == frames.MODALITY
    assert table.loc["History", "achieved"] == 3
    assert table.loc["Trade and economy"].to_dict() == \
        {"achieved": 0, "ongoing": 1, "planned": 0, "potential": 1, "stance": 0}


def test_modality_by_theme_shows_a_theme_without_facts_as_zeros(c):
    th = frames.themes(("history", "History"), ("trade", "Trade"), ("culture", "Culture"))
    assert an.modality_by_theme(c.facts, th).loc["Culture"].sum() == 0


def test_theme_balance_shares_sum_to_100_when_every_sentence_is_cited(c):
    bal = an.theme_balance(c.sentences, c.facts, c.themes)
    assert bal["words_pct"].sum() == pytest.approx(100)
    assert bal["facts_pct"].sum() == pytest.approx(100)
    assert bal.loc["History", "facts"] == 3


def test_theme_balance_splits_a_sentence_cited_by_two_themes_evenly(c):
    se = frames.sentences((2, "one two three four", "body", ("relations-1948", "igc-meeting")))
    bal = an.theme_balance(se, c.facts, c.themes)
    assert bal["words"].to_list() == [2.0, 2.0]


def test_commitment_profile_counts_each_modality_with_shares(c):
    prof = an.commitment_profile(c.facts)
    assert prof["facts"].to_list() == [3, 1, 0, 1, 0]
    assert prof.loc["achieved", "pct"] == pytest.approx(60)


def test_entity_mentions_count_a_fact_once_whatever_its_roles(c):
    m = an.entity_mentions(c.fact_entities, c.entities).set_index("entity_id")["facts"]
    assert m["islamabad"] == 1
    assert m["russia"] == 3
    assert m.index[0] == "russia"
    assert "moscow" not in m.index


def test_cooccurrence_counts_facts_shared_by_each_pair(c):
    edges = an.cooccurrence(c.fact_entities, c.entities)
    pairs = {(a, b): n for a, b, n in edges[["entity_a", "entity_b", "shared"]].itertuples(
        index=False)}
    assert pairs[("pakistan", "russia")] == 2
    assert pairs[("islamabad", "pnca")] == 1
    assert ("islamabad", "islamabad") not in pairs


def test_cooccurrence_drops_pairs_below_min_shared(c):
    edges = an.cooccurrence(c.fact_entities, c.entities, min_shared=2)
    assert edges[["entity_a", "entity_b"]].values.tolist() == [["pakistan", "russia"]]


def test_places_keep_only_places_named_by_the_given_facts(c):
    fe = c.fact_entities[c.fact_entities["fact_id"] == "igc-meeting"]
    assert set(an.places(c.entities, fe)["entity_id"]) == {"islamabad", "pnca"}
    assert an.places(c.entities)["facts"].isna().all()
    assert len(an.places(c.entities)) == 5


def test_verification_summary_lists_every_status(c):
    v = an.verification_summary(c.facts)
    assert list(v.index) == frames.VERIFICATION
    assert v["facts"].sum() == 5
    assert an.verification_summary(c.facts, by="kind").to_numpy().sum() == 5


def test_contested_facts_carry_their_reference_and_notes(c):
    out = an.contested(c.facts)
    assert out["fact_id"].to_list() == ["islamic-republic"]
    assert {"reference", "notes", "quote"} <= set(out.columns)


def test_anachronisms_need_a_contested_status_and_a_note_saying_so(c):
    fa = c.facts.copy()
    assert an.anachronisms(fa)["fact_id"].to_list() == ["islamic-republic"]
    fa.loc[fa["fact_id"] == "relations-1948", "notes"] = "Not contested: no anachronism."
    assert an.anachronisms(fa)["fact_id"].to_list() == ["islamic-republic"]


def test_key_quotes_follow_the_text_and_name_their_sentences(c):
    q = an.key_quotes(c.facts)
    assert q["fact_id"].to_list()[:2] == ["relations-1948", "energy-1960s"]
    assert q.set_index("fact_id").loc["energy-1960s", "sentences"] == "S3–S4"
    assert len(an.key_quotes(c.facts, n=2)) == 2


def test_hedging_flags_potential_as_hedging(c):
    h = an.hedging(c.sentences)
    row = h[h["sentence"] == 5].iloc[0]
    assert (row["category"], row["terms"]) == ("hedging", "potential")


def test_hedging_does_not_take_the_month_may_for_the_modal_verb():
    se = frames.sentences((2, "On May 1, 1948, relations began.", "body", ()),
                          (3, "Trade may grow and ties are very strong.", "body", ()))
    h = an.hedging(se)
    assert h[["sentence", "category", "terms"]].values.tolist() == \
        [[2, "hedging", "may"], [2, "evaluative", "very strong"]]


def test_hedging_finds_plans_under_discussion_across_words():
    se = frames.sentences((2, "Plans to implement pilot barter are under discussion.", "body", ()))
    assert an.hedging(se)["terms"].to_list() == ["plans … under discussion"]


def test_hedging_accepts_a_custom_lexicon_and_skips_non_body_lines(c):
    h = an.hedging(c.sentences, lexicon={"furniture": {"page": r"\bpage\b"}})
    assert h.empty


def test_decades_count_by_start_and_fill_empty_decades(c):
    d = an.decades(c.facts)
    assert d.loc["1940s", "facts"] == 2
    assert d.loc["1960s", "facts"] == 1
    assert d.loc["1970s", "facts"] == 0
    assert d.index[-1] == "2020s"
    assert d.attrs["undated"] == 1


def test_a_claim_spanning_decades_counts_in_each_of_them():
    d = an.decades(frames.facts(
        {"fact_id": "plants", "date_start": "1970-01-01", "date_end": "1999-12-31",
         "date_precision": "decade"},
        {"fact_id": "visit", "date_start": "1982-11-15", "date_end": "1982-11-15",
         "date_precision": "day"}))
    assert d["facts"].to_dict() == {"1970s": 1, "1980s": 2, "1990s": 1}
    assert d.attrs["spanning"] == 1


def test_decades_of_undated_facts_is_empty():
    assert an.decades(frames.facts({"fact_id": "x"})).empty


def test_segments_table_lists_the_lines_outside_the_body(c):
    seg = an.segments_table(c.sentences)
    assert seg[["line", "kind"]].astype(str).values.tolist() == [["1", "header"],
                                                                 ["5", "extraneous"]]


def test_text_lines_join_the_sentences_of_each_line_in_text_order(c):
    lines = an.text_lines(c.sentences)
    assert lines["line"].to_list() == [1, 2, 3, 4, 5]
    assert lines.loc[2, "text"] == ("Shortly after the Islamic Republic of Pakistan gained "
                                    "independence. The USSR assisted Pakistan in the 1960s.")


def test_coverage_marks_each_body_sentence_cited_or_not():
    se = frames.sentences((2, "Cited.", "body", ("a", "b")), (3, "Not cited.", "body", ()))
    cov = an.coverage(se)
    assert cov["cited"].to_list() == [True, False]
    assert cov["fact_ids"].to_list() == ["a, b", ""]


def test_fact_table_writes_dates_by_precision(c):
    t = an.fact_table(c.facts, columns=("fact_id", "period", "sentences"))
    assert t["period"].to_list() == ["1 May 1948", "1960s", "1948", "November 2025", "—"]
    assert t["sentences"].to_list()[1] == "S3–S4"
