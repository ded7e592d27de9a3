"""Small hand-built frames shaped like those of ``rk.load()``, for the analysis and chart tests.

tests/test_contract.py checks that their columns and dtypes are those load() gives.
"""

from __future__ import annotations

import copy
import functools
from types import SimpleNamespace

import pandas as pd

from rupak_lib.data import contract

# The categories of the enum columns, from the data contract (as load() makes them).
MODALITY = list(contract.MODALITIES)
PRECISION = list(contract.DATE_PRECISIONS)
VERIFICATION = list(contract.VERIFICATIONS)
FACT_KIND = list(contract.FACT_KINDS)
ENTITY_KIND = list(contract.ENTITY_KINDS)
SEGMENT_KIND = list(contract.SEGMENT_KINDS)
ROLE = list(contract.ROLES)


def _cat(values, categories) -> pd.Categorical:
    return pd.Categorical(values, categories=categories, ordered=True)


def themes(*rows: tuple[str, str]) -> pd.DataFrame:
    """Themes from (theme_id, title) pairs, positioned in the order given."""
    return pd.DataFrame({
        "theme_id": [r[0] for r in rows], "title": [r[1] for r in rows],
        "description": ["" for _ in rows],
        "position": pd.array(range(1, len(rows) + 1), dtype="int64"),
    })


def facts(*rows: dict) -> pd.DataFrame:
    """Facts from dicts; unspecified columns get neutral values (undated, stance, ...)."""
    default = {
        "source_id": "speech", "theme_id": "history", "kind": "event", "modality": "achieved",
        "summary": "A fact.", "quote": "A quote.", "date_start": None, "date_end": None,
        "date_precision": "none", "date_text": None, "value": float("nan"), "unit": None,
        "verification": "unverified", "reference": None, "notes": None,
        "sentence_numbers": (), "source_label": None,
    }
    full = [{**default, **r} for r in rows]
    cols = ["fact_id", *default]
    df = pd.DataFrame({c: [r[c] for r in full] for c in cols})
    for c in ("date_start", "date_end"):
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    df["kind"] = _cat(df["kind"], FACT_KIND)
    df["modality"] = _cat(df["modality"], MODALITY)
    df["date_precision"] = _cat(df["date_precision"], PRECISION)
    df["verification"] = _cat(df["verification"], VERIFICATION)
    df["value"] = df["value"].astype("float64")
    text = ("fact_id", "source_id", "theme_id", "summary", "quote", "date_text", "unit",
            "reference", "notes", "source_label")
    return df.astype(dict.fromkeys(text, "str"))


def entities(*rows: tuple) -> pd.DataFrame:
    """Entities from (entity_id, name, kind[, lat, lon]) tuples."""
    full = [(*r, float("nan"), float("nan"))[:5] for r in rows]
    return pd.DataFrame({
        "entity_id": [r[0] for r in full], "name": [r[1] for r in full],
        "kind": _cat([r[2] for r in full], ENTITY_KIND),
        "country": pd.Series([None for _ in full], dtype="str"),
        "aliases": pd.Series([None for _ in full], dtype="str"),
        "lat": pd.array([r[3] for r in full], dtype="float64"),
        "lon": pd.array([r[4] for r in full], dtype="float64"),
        "description": ["" for _ in full],
    })


def fact_entities(*rows: tuple) -> pd.DataFrame:
    """Links from (fact_id, entity_id[, role]) tuples; the role defaults to subject."""
    full = [(*r, "subject")[:3] for r in rows]
    return pd.DataFrame({
        "fact_id": [r[0] for r in full], "entity_id": [r[1] for r in full],
        "role": _cat([r[2] for r in full], ROLE),
    })


def sentences(*rows: tuple) -> pd.DataFrame:
    """Sentences from (line, text, kind, fact_ids) tuples, numbered in order."""
    return pd.DataFrame({
        "source_id": ["speech" for _ in rows],
        "line": pd.array([r[0] for r in rows], dtype="int64"),
        "sentence": pd.array(range(1, len(rows) + 1), dtype="int64"),
        "text": [r[1] for r in rows],
        "kind": _cat([r[2] for r in rows], SEGMENT_KIND),
        "fact_ids": [tuple(r[3]) for r in rows],
        "n_words": pd.array([len(r[1].split()) for r in rows], dtype="int64"),
    })


def corpus() -> SimpleNamespace:
    """A fresh copy of the tiny corpus (built once: a test may change its copy)."""
    return copy.deepcopy(_corpus())


@functools.cache
def _corpus() -> SimpleNamespace:
    """A tiny corpus: two themes, five facts, a header line and some places far apart; a
    record of four events naming actors no claim names (Ayub Khan and Alexei Kosygin in two
    events before the speech, India in two, the United Nations in one) and one after it."""
    th = themes(("history", "History"), ("trade", "Trade and economy"))
    fa = facts(
        {"fact_id": "relations-1948", "date_start": "1948-05-01", "date_end": "1948-05-01",
         "date_precision": "day", "verification": "corroborated", "sentence_numbers": (2,)},
        {"fact_id": "energy-1960s", "date_start": "1960-01-01", "date_end": "1969-12-31",
         "date_precision": "decade", "modality": "achieved", "sentence_numbers": (3, 4)},
        {"fact_id": "islamic-republic", "date_start": "1948-01-01", "date_end": "1948-12-31",
         "date_precision": "year", "verification": "contested",
         "notes": "Anachronism: the Dominion of Pakistan until 1956.", "reference": "ref",
         "sentence_numbers": (3,)},
        {"fact_id": "igc-meeting", "theme_id": "trade", "date_start": "2025-11-01",
         "date_end": "2025-11-30", "date_precision": "month", "modality": "ongoing",
         "kind": "mechanism", "sentence_numbers": (5,)},
        {"fact_id": "brics-potential", "theme_id": "trade", "modality": "potential",
         "kind": "position", "verification": "not-applicable", "sentence_numbers": (5,)},
    )
    en = entities(
        ("russia", "Russia", "country"), ("pakistan", "Pakistan", "country"),
        ("islamabad", "Islamabad", "place", 33.69, 73.06),
        ("pnca", "PNCA", "facility", 33.72, 73.08),
        ("karachi", "Karachi", "place", 24.86, 67.01),
        ("new-york", "New York", "place", 40.71, -74.01),
        ("moscow", "Moscow", "place", 55.76, 37.62),
        ("ayub-khan", "Ayub Khan", "person"), ("kosygin", "Alexei Kosygin", "person"),
        ("india", "India", "country"), ("un", "United Nations", "organization"),
        ("later-envoy", "A Later Envoy", "person"),
    )
    fe = fact_entities(
        ("relations-1948", "russia"), ("relations-1948", "pakistan"),
        ("relations-1948", "new-york", "location"),
        ("energy-1960s", "russia"), ("energy-1960s", "pakistan"),
        ("energy-1960s", "karachi", "location"),
        ("igc-meeting", "russia"), ("igc-meeting", "islamabad", "location"),
        ("igc-meeting", "pnca", "location"), ("igc-meeting", "islamabad", "participant"),
    )
    se = sentences(
        (1, "Header line of the speech", "header", ()),
        (2, "On May 1, 1948, relations were established.", "body", ("relations-1948",)),
        (3, "Shortly after the Islamic Republic of Pakistan gained independence.", "body",
         ("islamic-republic", "energy-1960s")),
        (3, "The USSR assisted Pakistan in the 1960s.", "body", ("energy-1960s",)),
        (4, "We see potential for cooperation with BRICS.", "body",
         ("brics-potential", "igc-meeting")),
        (5, "Page furniture", "extraneous", ()),
    )
    chronology = pd.DataFrame({
        "event_id": ["tashkent-1966", "ayub-visit-1965", "un-session-1957", "envoy-2027"],
        "date_start": pd.to_datetime(["1966-01-10", "1965-04-03", "1957-02-20", "2027-01-01"]),
    })
    chronology_entities = pd.DataFrame({
        "event_id": ["tashkent-1966", "tashkent-1966", "tashkent-1966", "tashkent-1966",
                     "ayub-visit-1965", "ayub-visit-1965", "ayub-visit-1965",
                     "un-session-1957", "un-session-1957", "envoy-2027"],
        "entity_id": ["ayub-khan", "kosygin", "india", "pakistan", "ayub-khan", "kosygin",
                      "moscow", "un", "india", "later-envoy"],
    })
    sources = pd.DataFrame({"source_id": ["speech"], "date": pd.to_datetime(["2026-02-09"])})
    return SimpleNamespace(themes=th, facts=fa, entities=en, fact_entities=fe, sentences=se,
                           chronology=chronology, chronology_entities=chronology_entities,
                           sources=sources)
