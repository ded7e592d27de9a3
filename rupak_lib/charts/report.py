"""What a report shows in place of each chart: the chart when it has something to show, a
sentence when it would say nothing, or nothing when the text above already says it.

A chart of one bar, one point or no data tells a reader less than a sentence and takes a
screen of space; these functions decide, from the same data, and always give a report
something true to show (or None, which a notebook displays as nothing).
"""

from __future__ import annotations

from html import escape

import pandas as pd
from matplotlib.figure import Figure

from rupak_lib.analysis import tables as an
from rupak_lib.analysis.display import Prose, SentenceRef
from rupak_lib.analysis.narrative import join, plural
from rupak_lib.charts import bars, dates, maps, memo
from rupak_lib.charts import record as record_charts
from rupak_lib.charts.accessible import alt_text, describe
from rupak_lib.charts.style import _wrap


def _ref(fact: pd.Series) -> SentenceRef:
    label = fact.get("source_label")
    return SentenceRef(str(fact["source_id"]), tuple(fact["sentence_numbers"]),
                       label if isinstance(label, str) else None)


def _claim_html(fact: pd.Series) -> str:
    return f"“{escape(str(fact['summary']).rstrip('.'))}” ({_ref(fact).__html__()})"


def _claim_text(fact: pd.Series) -> str:
    return f"“{str(fact['summary']).rstrip('.')}” ({_ref(fact).text})"


def _attributed(facts: pd.DataFrame) -> pd.DataFrame:
    """Claims whose summaries name their source ("Orlov, 12 Mar 2024: ..."), when the
    package has several sources (``source_label`` is blank when it has one)."""
    if "source_label" not in facts or not facts["source_label"].notna().any():
        return facts
    return facts.assign(summary=[f"{lb}: {s}" if isinstance(lb, str) else s for lb, s in
                                 zip(facts["source_label"], facts["summary"], strict=True)])


@memo.memoized
def timeline(facts: pd.DataFrame, **kwargs) -> Figure | Prose:
    """The timeline when two or more claims are dated; else the one date, or that none is."""
    dated = facts[(facts["date_precision"].astype("string") != "none")
                  & facts["date_start"].notna()]
    undated = len(facts) - len(dated)
    if len(dated) >= 2:
        return dates.timeline(_attributed(facts), **kwargs)
    if dated.empty:
        text = ("There are no claims to place in time." if facts.empty else
                f"None of the {plural(len(facts), 'claim')} gives a date, so there is no "
                "timeline to draw." if len(facts) > 1 else "The claim gives no date.")
        return Prose(text)
    fact = dated.iloc[0]
    when = an.format_period(fact["date_start"], fact["date_end"], fact["date_precision"])
    rest = f" The other {plural(undated, 'claim')} {'gives' if undated == 1 else 'give'} " \
           "no date, so there is no timeline to draw." if undated else ""
    lead = f"Only one claim is dated, to {when}"
    return Prose(f"{lead}: {_claim_text(fact)}.{rest}",
                 f"Only one claim is dated, to <strong>{escape(when)}</strong>: "
                 f"{_claim_html(fact)}.{escape(rest)}")


def verification(facts: pd.DataFrame, **kwargs) -> Figure | None:
    """The verification chart when the claims fall in two statuses or more; else nothing,
    since the sentence above it already gives the one status."""
    # kept by the columns it counts alone: an edited summary or note leaves it as it was
    counted = ["verification"] + [c for c in [kwargs.get("by")] if c and c != "verification"]
    return _verification(facts[counted], **kwargs)


@memo.memoized
def _verification(facts: pd.DataFrame, **kwargs) -> Figure | None:
    if facts["verification"].astype("string").nunique() < 2:
        return None
    return bars.verification_status(facts, **kwargs)


@memo.memoized
def entities(fact_entities: pd.DataFrame, entities: pd.DataFrame, **kwargs) -> Figure | Prose:
    """The entities chart when the claims name two or more; else a sentence.

    Those named by more than half of the claims (the two countries, in most sources) tell a
    reader nothing drawn as the longest bars: the chart shows who else is named, and its title
    says how often they were.
    """
    named = an.entity_mentions(fact_entities, entities)
    claims = fact_entities["fact_id"].nunique()
    common = named[named["facts"] * 2 > claims]
    if len(common) and len(named) - len(common) >= 2:
        rest = fact_entities[~fact_entities["entity_id"].isin(set(common["entity_id"]))]
        besides = join([f"{n} ({k} of {claims} claims)"
                        for n, k in zip(common["name"], common["facts"], strict=True)])
        fig = bars.entity_mentions(rest, entities, **{
            "title": _wrap(f"Who else the claims name, besides {besides}", 70), **kwargs})
        return describe(fig, f"{alt_text(fig)} Not drawn: {besides}.")
    if len(named) >= 2:
        return bars.entity_mentions(fact_entities, entities, **kwargs)
    if named.empty:
        return Prose("The claims name no person, country, organization or place.")
    return Prose("The claims name " + join([f"{n} ({plural(int(k), 'claim')})" for n, k in
                                            zip(named["name"], named["facts"], strict=True)])
                 + ".")


@memo.memoized
def places(entities: pd.DataFrame, fact_entities: pd.DataFrame, **kwargs) -> Figure | Prose:
    """The map when the claims name two places or more; else a sentence."""
    pl = an.places(entities, fact_entities)
    if len(pl) >= 2:
        return maps.places_map(entities, fact_entities, **kwargs)
    if pl.empty:
        return Prose("The claims name no place or facility that could be put on a map.")
    row = pl.iloc[0]
    return Prose(f"The claims name one place: {row['name']} "
                 f"({plural(int(row['facts']), 'claim')}), so there is no map to draw.")


@memo.memoized
def network(fact_entities: pd.DataFrame, entities: pd.DataFrame, **kwargs) -> Figure | Prose:
    """The entity network when two entities or more share a claim; else a sentence."""
    if an.cooccurrence(fact_entities, entities).empty:
        return Prose("No two entities are named by the same claim.")
    return bars.entity_network(fact_entities, entities, **kwargs)


@memo.memoized
def record_timeline(chronology: pd.DataFrame, fact_events: pd.DataFrame,
                    sources: pd.DataFrame, themes: pd.DataFrame, **kwargs) -> Figure | Prose:
    """The record's timeline when it holds two events or more; else a sentence."""
    if len(chronology) >= 2:
        return record_charts.record_timeline(chronology, fact_events, sources, themes,
                                             **kwargs)
    if chronology.empty:
        return Prose("The record holds no event on this theme yet.")
    event = chronology.iloc[0]
    when = an.format_period(event["date_start"], event["date_end"], event["date_precision"])
    return Prose(f"The record holds one event on this theme, in {when}: "
                 f"{str(event['summary']).rstrip('.')}.")
