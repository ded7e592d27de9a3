"""Tables that the notebooks show: plain functions over the Corpus frames.

Every function takes the frames of :class:`rupak_lib.data.corpus.Corpus` (or a subset of them) and
returns a new DataFrame, so that the logic of a report lives here, is tested once, and the
notebooks stay a sequence of calls. Categorical columns keep all their categories, so that a
category with no facts shows as a zero rather than vanishing from a table or a chart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import combinations

import pandas as pd

from rupak_lib.analysis.display import format_sentences, sentence_refs
from rupak_lib.data.contract import BODY

DASH = "—"  # shown for a missing date or sentence reference

#: Words that soften a commitment: hoped-for, explored or undecided matters. Each label maps
#: to a regular expression matched case-insensitively; ``(?-i:...)`` keeps "may" lower-case
#: so that the month ("May 1, 1948") is not taken for the modal verb.
HEDGING_TERMS: dict[str, str] = {
    "potential": r"\bpotential\b",
    "exploring": r"\bexplor(?:e|es|ed|ing)\b",
    "promising": r"\bpromising\b",
    "opportunities": r"\bopportunit(?:y|ies)\b",
    "looking into": r"\blooking into\b",
    "identify ways": r"\bidentify ways\b",
    "hope": r"\bhop(?:e|es|ed|ing)\b",
    "may": r"(?-i:\bmay\b)",
    "might": r"\bmight\b",
    "could": r"\bcould\b",
    "we believe": r"\bwe believe\b",
    "plans … under discussion": r"\bplans?\b.*\bunder discussion\b",
}

#: Words by which the speaker grades rather than reports: praise, blame and emphasis.
EVALUATIVE_TERMS: dict[str, str] = {
    "very strong": r"\bvery strong\b",
    "stronger": r"\bstronger\b",
    "pivotal": r"\bpivotal\b",
    "good job": r"\bgood job\b",
    "effectively": r"\beffectively\b",
    "confidently": r"\bconfidently\b",
    "dynamic": r"\bdynamic\b",
    "constructive": r"\bconstructive\b",
    "positive": r"\bpositive\b",
    "illegal": r"\billegal\b",
    "important": r"\bimportant\b",
    "actively": r"\bactively\b",
    "prominent": r"\bprominent\b",
    "reliable": r"\breliable\b",
    "every effort": r"\bevery effort\b",
}

#: The default lexicon of :func:`hedging`: category -> {label: pattern}.
LEXICON: dict[str, dict[str, str]] = {"hedging": HEDGING_TERMS, "evaluative": EVALUATIVE_TERMS}

#: The columns :func:`fact_table` shows unless told otherwise; "period" and "sentences"
#: are derived (see :func:`format_period` and :func:`format_sentences`).
FACT_TABLE_COLUMNS = ("fact_id", "period", "kind", "modality", "summary", "verification")

_ANACHRONISM = re.compile(r"anachronis", re.IGNORECASE)


def body_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences of the speaker's own words: those on lines of segment kind body."""
    return sentences[sentences["kind"].astype("string") == BODY]


def _categories(values: pd.Series) -> list:
    """All categories of a categorical column (in their order), else the values present."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return list(values.cat.categories)
    return sorted(values.dropna().unique())


def _counts(values: pd.Series, name: str) -> pd.DataFrame:
    """Counts and percentage shares of each category, zeros included."""
    cats = _categories(values)
    counts = values.value_counts().reindex(cats, fill_value=0).astype("int64")
    total = int(counts.sum())
    out = pd.DataFrame({"facts": counts, "pct": (100 * counts / total) if total else 0.0})
    out.index.name = name
    return out


def _themes_ordered(themes: pd.DataFrame) -> pd.DataFrame:
    return themes.sort_values(["position", "theme_id"], kind="stable")


def _text(value: object) -> str:
    """A cell as text, missing values as the empty string."""
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) \
        else str(value)


# --- dates ------------------------------------------------------------------------------

def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%B %Y}"


def format_period(start: object, end: object = None, precision: object = "day") -> str:
    """A date or period as a reader would write it, no more precise than the data.

    ``("1960-01-01", "1969-12-31", "decade")`` gives "1960s", a month gives "May 2025", a day
    "1 May 1948"; periods of several units are joined by an en dash; no date gives "—".
    """
    prec = _text(precision) or "none"
    if prec == "none" or pd.isna(start):
        return DASH
    s = pd.Timestamp(start)
    e = s if end is None or pd.isna(end) else pd.Timestamp(end)
    if prec == "decade":
        a, b = f"{s.year // 10 * 10}s", f"{e.year // 10 * 10}s"
        return a if a == b else f"{a}–{b}"
    if prec == "year":
        return str(s.year) if s.year == e.year else f"{s.year}–{e.year}"
    if prec == "month":
        if (s.year, s.month) == (e.year, e.month):
            return f"{s:%B %Y}"
        if s.year == e.year:
            return f"{s:%B}–{e:%B %Y}"
        return f"{s:%B %Y} – {e:%B %Y}"
    if s == e:
        return _day(s)
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{e.day} {e:%B %Y}"
    if s.year == e.year:
        return f"{s.day} {s:%B} – {_day(e)}"
    return f"{_day(s)} – {_day(e)}"


def periods(facts: pd.DataFrame) -> pd.Series:
    """:func:`format_period` of every fact, aligned with ``facts``."""
    return pd.Series(
        [format_period(s, e, p) for s, e, p in
         zip(facts["date_start"], facts["date_end"], facts["date_precision"], strict=True)],
        index=facts.index, dtype="object", name="period")



def decades(facts: pd.DataFrame) -> pd.DataFrame:
    """Dated facts counted in every decade their period spans ("from the 1970s to the 1990s"
    counts in three), empty decades in between included; ``.attrs["spanning"]`` says how many
    count in more than one.

    Facts of precision "none" are left out even if they carry a date, since they do not
    claim one; how many were left out is in ``.attrs["undated"]``.
    """
    dated = facts[(facts["date_precision"].astype("string") != "none")
                  & facts["date_start"].notna()]
    first = (dated["date_start"].dt.year // 10 * 10).astype("int64")
    last = (dated["date_end"].fillna(dated["date_start"]).dt.year // 10 * 10).astype("int64")
    last = last.where(last >= first, first)
    spans = [range(a, b + 10, 10) for a, b in zip(first, last, strict=True)]
    if not spans:
        out = pd.DataFrame({"start": pd.Series(dtype="int64"), "facts": pd.Series(dtype="int64")})
    else:
        span = range(int(first.min()), int(last.max()) + 10, 10)
        counts = pd.Series([d for r in spans for d in r]).value_counts()
        out = pd.DataFrame({"start": list(span),
                            "facts": [int(counts.get(d, 0)) for d in span]}).astype("int64")
    out.index = pd.Index([f"{y}s" for y in out["start"]], name="decade")
    out.attrs["undated"] = int(len(facts) - len(dated))
    out.attrs["spanning"] = sum(len(r) > 1 for r in spans)
    return out


# --- themes and modality ----------------------------------------------------------------

def modality_by_theme(facts: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """Facts counted by theme (rows, in display order) and modality (all categories)."""
    ordered = _themes_ordered(themes)
    table = pd.crosstab(facts["theme_id"], facts["modality"], dropna=False)
    table = table.reindex(index=ordered["theme_id"], columns=_categories(facts["modality"]),
                          fill_value=0).astype("int64")
    table.index = pd.Index(ordered["title"].to_list(), name="theme")
    table.columns = pd.Index([str(c) for c in table.columns], name="modality")
    return table


def theme_balance(sentences: pd.DataFrame, facts: pd.DataFrame,
                  themes: pd.DataFrame) -> pd.DataFrame:
    """How much of the speech each theme takes, in words and in facts.

    A theme's words are those of the body sentences its facts cite; a sentence cited by facts
    of several themes splits its words evenly between them. ``words_pct`` is the share of all
    body words of ``sentences`` (so it sums to 100 only when every body sentence is cited);
    ``facts_pct`` is the share of ``facts``.
    """
    ordered = _themes_ordered(themes)
    theme_of = dict(zip(facts["fact_id"], facts["theme_id"], strict=True))
    body = body_sentences(sentences)
    words = dict.fromkeys(ordered["theme_id"], 0.0)
    for ids, n in zip(body["fact_ids"], body["n_words"], strict=True):
        cited = sorted({theme_of[f] for f in ids if f in theme_of})
        for t in cited:
            words[t] = words.get(t, 0.0) + n / len(cited)
    total_words = float(body["n_words"].sum())
    counts = facts["theme_id"].value_counts()
    out = pd.DataFrame({
        "theme_id": ordered["theme_id"].to_list(),
        "words": [words[t] for t in ordered["theme_id"]],
        "facts": [int(counts.get(t, 0)) for t in ordered["theme_id"]],
    }, index=pd.Index(ordered["title"].to_list(), name="theme"))
    out["words_pct"] = 100 * out["words"] / total_words if total_words else 0.0
    out["facts_pct"] = 100 * out["facts"] / len(facts) if len(facts) else 0.0
    return out[["theme_id", "words", "words_pct", "facts", "facts_pct"]]


def commitment_profile(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts by modality: how much is done, continuing, planned, hoped for, or a stance."""
    return _counts(facts["modality"], "modality")


# --- entities and places ----------------------------------------------------------------

def entity_mentions(fact_entities: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Each entity named by at least one fact, with the number of facts naming it.

    A fact naming an entity in two roles counts once. Sorted by facts, then name.
    """
    counts = fact_entities.drop_duplicates(["fact_id", "entity_id"])["entity_id"].value_counts()
    out = entities.loc[entities["entity_id"].isin(counts.index),
                       ["entity_id", "name", "kind"]].copy()
    out["facts"] = out["entity_id"].map(counts).astype("int64")
    return out.sort_values(["facts", "name"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def cooccurrence(fact_entities: pd.DataFrame, entities: pd.DataFrame,
                 min_shared: int = 1) -> pd.DataFrame:
    """Pairs of entities named by the same facts: an edge list for the entity network.

    ``entity_a`` sorts before ``entity_b``; ``shared`` counts the facts naming both; pairs
    sharing fewer than ``min_shared`` facts are dropped.
    """
    pairs: dict[tuple[str, str], int] = {}
    for _, ids in fact_entities.groupby("fact_id", sort=True)["entity_id"]:
        for a, b in combinations(sorted(set(ids)), 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    rows = [(a, b, names.get(a, a), names.get(b, b), n)
            for (a, b), n in pairs.items() if n >= min_shared]
    out = pd.DataFrame(rows, columns=["entity_a", "entity_b", "name_a", "name_b", "shared"])
    out["shared"] = out["shared"].astype("int64")
    return out.sort_values(["shared", "name_a", "name_b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def places(entities: pd.DataFrame, fact_entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Places and facilities that have coordinates, with the number of facts naming them.

    Given ``fact_entities`` (e.g. of one theme), only the places those facts name are kept;
    without it every place is listed and ``facts`` is missing.
    """
    kinds = entities["kind"].astype("string")
    out = entities.loc[kinds.isin(["place", "facility"]) & entities["lat"].notna()
                       & entities["lon"].notna(),
                       ["entity_id", "name", "kind", "country", "lat", "lon"]].copy()
    if fact_entities is None:
        out["facts"] = pd.array([pd.NA] * len(out), dtype="Int64")
        return out.sort_values("name", kind="stable").reset_index(drop=True)
    counts = fact_entities.drop_duplicates(["fact_id", "entity_id"])["entity_id"].value_counts()
    out["facts"] = pd.array(out["entity_id"].map(counts).fillna(0).astype("int64"),
                            dtype="Int64")
    out = out[out["facts"] > 0]
    return out.sort_values(["facts", "name"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


# --- verification -----------------------------------------------------------------------

def verification_summary(facts: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Facts by verification status; with ``by`` (e.g. "kind"), a table of counts per group."""
    if by is None:
        return _counts(facts["verification"], "verification")
    table = pd.crosstab(facts[by], facts["verification"], dropna=False)
    table = table.reindex(index=_categories(facts[by]),
                          columns=_categories(facts["verification"]), fill_value=0)
    table.columns = pd.Index([str(c) for c in table.columns], name="verification")
    return table.astype("int64")


def contested(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts whose claim public references dispute, with those references and notes."""
    cols = ["fact_id", "theme_id", "summary", "quote", "reference", "notes"]
    out = facts.loc[facts["verification"].astype("string") == "contested", cols]
    return out.reset_index(drop=True)


def anachronisms(facts: pd.DataFrame) -> pd.DataFrame:
    """Contested facts whose notes call them anachronistic.

    The rule reads the curators' verdict rather than guessing from dates: verification is
    "contested" and the notes contain "anachronism" or "anachronistic" (any case).
    """
    notes = facts["notes"].astype("string").fillna("")
    mask = ((facts["verification"].astype("string") == "contested")
            & notes.str.contains(_ANACHRONISM, regex=True))
    cols = ["fact_id", "theme_id", "summary", "quote", "date_text", "notes", "reference"]
    out = facts.loc[mask, cols].copy()
    out.insert(2, "period", periods(facts.loc[mask]))
    return out.reset_index(drop=True)


# --- quotes, sentences and language -----------------------------------------------------

def key_quotes(facts: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """Each fact's quote with the sentences it stands in, in the order of the text.

    ``n`` keeps the first n. Facts whose quote cites no sentence come last.
    """
    first = facts["sentence_numbers"].map(lambda t: min(t) if len(t) else float("inf"))
    order = pd.DataFrame({"first": first, "fact_id": facts["fact_id"]}).sort_values(
        ["first", "fact_id"], kind="stable").index
    f = facts.loc[order]
    out = pd.DataFrame({
        "fact_id": f["fact_id"].to_list(),
        "quote": f["quote"].to_list(),
        "sentences": [format_sentences(t) for t in f["sentence_numbers"]],
        "summary": f["summary"].to_list(),
    })
    return out if n is None else out.head(n)


def _compile(lexicon: Mapping[str, Mapping[str, str]]) -> dict[str, list[tuple[str, re.Pattern]]]:
    return {cat: [(label, re.compile(p, re.IGNORECASE)) for label, p in terms.items()]
            for cat, terms in lexicon.items()}


def hedging(sentences: pd.DataFrame,
            lexicon: Mapping[str, Mapping[str, str]] | None = None) -> pd.DataFrame:
    """Body sentences that hedge or evaluate, with the words that do it.

    One row per sentence and category (default :data:`LEXICON`: "hedging" and "evaluative")
    with at least one match; ``terms`` lists the matched labels in the order they occur.
    """
    compiled = _compile(LEXICON if lexicon is None else lexicon)
    body = body_sentences(sentences)
    rows = []
    for src, num, line, text in zip(body["source_id"], body["sentence"], body["line"],
                                    body["text"], strict=True):
        for cat, patterns in compiled.items():
            found = sorted((m.start(), label) for label, p in patterns
                           if (m := p.search(text)) is not None)
            if found:
                rows.append((src, int(num), int(line), cat, ", ".join(lb for _, lb in found),
                             len(found), text))
    out = pd.DataFrame(rows, columns=["source_id", "sentence", "line", "category", "terms",
                                      "n_terms", "text"])
    out["category"] = pd.Categorical(out["category"], categories=list(compiled))
    return out.astype({"sentence": "int64", "line": "int64", "n_terms": "int64"})


def text_lines(sentences: pd.DataFrame) -> pd.DataFrame:
    """The non-blank lines of the sources, in text order: a line's sentences joined again.

    Segments are classed by line, so a line, not a sentence, is what a reader of the source
    sees as a header, a gloss or a headline.
    """
    return (sentences.groupby(["source_id", "line"], sort=True, observed=True)
            .agg(kind=("kind", "first"), text=("text", " ".join)).reset_index())


def segments_table(sentences: pd.DataFrame,
                   segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """The lines that are not the speaker's body text: header, editorial gloss, page furniture.

    Given ``segments``, the curator's note on why each line is so classed is added.
    """
    out = text_lines(sentences[sentences["kind"].astype("string") != BODY])
    if segments is not None:
        out = out.merge(segments[["source_id", "line", "note"]], on=["source_id", "line"],
                        how="left")
    return out


def coverage(sentences: pd.DataFrame) -> pd.DataFrame:
    """Each body sentence, whether any fact cites it, and which."""
    body = body_sentences(sentences)
    return pd.DataFrame({
        "source_id": body["source_id"].to_list(),
        "sentence": body["sentence"].astype("int64").to_list(),
        "line": body["line"].astype("int64").to_list(),
        "n_words": body["n_words"].astype("int64").to_list(),
        "cited": [len(t) > 0 for t in body["fact_ids"]],
        "fact_ids": [", ".join(t) for t in body["fact_ids"]],
    })


# --- display ----------------------------------------------------------------------------

def fact_table(facts: pd.DataFrame, columns: Sequence[str] = FACT_TABLE_COLUMNS, *,
               links: bool = False) -> pd.DataFrame:
    """Facts as a table for reading: dates written out ("period"), sentences as "S5–S6".

    With ``links``, sentences are links to the annotated speech, and a period given for
    fewer than half of the facts goes in front of their summary ("November 2025: ...")
    rather than in a column that would be empty in most rows (unless the summary already
    names it).
    """
    derived = {
        "period": lambda: periods(facts),
        "sentences": lambda: facts["sentence_numbers"].map(format_sentences),
    }
    if links:
        derived["sentences"] = lambda: pd.Series(
            sentence_refs(facts["source_id"], facts["sentence_numbers"],
                          facts.get("source_label")), index=facts.index,
            dtype=object)
    data = {c: derived[c]() if c in derived else facts[c] for c in columns}
    out = pd.DataFrame(data, index=facts.index).reset_index(drop=True)
    if links and "period" in out and "summary" in out and \
            2 * int((out["period"] != DASH).sum()) < len(out):
        out["summary"] = [s if p == DASH or p in s else f"{p}: {s}"  # unless it says so
                          for p, s in zip(out["period"], out["summary"], strict=True)]
        out = out.drop(columns="period")
    return out


def theme_claims(facts: pd.DataFrame, themes: pd.DataFrame, theme_id: str,
                 columns: Sequence[str] = FACT_TABLE_COLUMNS) -> pd.DataFrame:
    """The claims of a theme's report as :func:`fact_table` shows them, with the theme each
    claim filed under another theme is filed under ("Filed under"; blank for its own)."""
    out = fact_table(facts, columns, links=True)
    titles = dict(zip(themes["theme_id"], themes["title"], strict=True))
    out["filed_under"] = [None if t == theme_id else titles.get(t, t)
                          for t in facts["theme_id"].astype("string")]
    return out
