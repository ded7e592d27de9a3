"""Analysis: the tables, findings and prose that reports make of a corpus.

``rk.analysis`` is the tables (:mod:`.tables`) an analyst calls most, e.g.
``rk.analysis.hedging(corpus.sentences)``; the record read against the sources, the
findings, the narrative and the model of a source's page are its sibling modules.
"""

from rupak_lib.analysis.tables import (
    DASH,
    EVALUATIVE_TERMS,
    FACT_TABLE_COLUMNS,
    HEDGING_TERMS,
    LEXICON,
    anachronisms,
    body_sentences,
    commitment_profile,
    contested,
    cooccurrence,
    coverage,
    decades,
    entity_mentions,
    fact_table,
    format_period,
    hedging,
    key_quotes,
    modality_by_theme,
    periods,
    places,
    segments_table,
    text_lines,
    theme_balance,
    theme_claims,
    verification_summary,
)

__all__ = [
    "DASH", "EVALUATIVE_TERMS", "FACT_TABLE_COLUMNS", "HEDGING_TERMS", "LEXICON",
    "anachronisms", "body_sentences", "commitment_profile", "contested", "cooccurrence",
    "coverage", "decades", "entity_mentions", "fact_table", "format_period", "hedging",
    "key_quotes", "modality_by_theme", "periods", "places", "segments_table", "text_lines",
    "theme_balance", "theme_claims", "verification_summary",
]
