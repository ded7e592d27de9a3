"""The sources read against each other: where they agree, where they differ, what one leaves
out that another reports, and what became of one source's promises in a later one.

Two claims are about the same thing when they are linked to the same event of the record
(any relation), or, for promises, when they name the same facility or programme as their
subject. Every row shows both claims, each linked to its sentence.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from rupak_lib.analysis import per_source
from rupak_lib.analysis.display import Html, SentenceRef, table
from rupak_lib.analysis.findings import SECTIONS, Finding, markdown
from rupak_lib.analysis.markup import join, plural
from rupak_lib.analysis.record import PROMISES, event_names
from rupak_lib.analysis.tables import format_period
from rupak_lib.data.corpus import Corpus

#: The sections of the comparison, by the key a finding links with, and their headings.
HEADINGS = {k: SECTIONS[k] for k in ("agree", "differ", "unshared", "carried")}
#: Entity kinds that make two claims about the same undertaking (a mill, a pipeline).
UNDERTAKINGS = ("facility", "programme")
#: What a later claim says of an earlier promise, by its modality.
OUTCOMES = {"achieved": "done", "ongoing": "under way", "planned": "still planned",
            "potential": "still hoped for", "stance": "commented on"}


def claim_html(fact: pd.Series, labels: dict[str, str]) -> Html:
    """A claim as a cell: its source's label and sentences (links), then its summary."""
    source = str(fact["source_id"])
    ref = SentenceRef(source, tuple(fact["sentence_numbers"]), labels.get(source))
    return Html(f"{ref.__html__()} {escape(str(fact['summary']))}")


def _pairs(corpus: Corpus) -> pd.DataFrame:
    """Every pair of claims of two different sources linked to one event: the older source
    first. Columns: event_id, a, b (fact ids), relation_a, relation_b."""
    links = corpus.fact_events.merge(corpus.sources[["source_id", "date"]], on="source_id")
    rows = []
    for event_id, group in links.groupby("event_id", sort=True):
        g = group.sort_values(["date", "source_id", "fact_id"], kind="stable")
        items = list(g.itertuples())
        for i, x in enumerate(items):
            for y in items[i + 1:]:
                if x.source_id != y.source_id:
                    rows.append((event_id, x.fact_id, y.fact_id, str(x.relation),
                                 str(y.relation)))
    return pd.DataFrame(rows, columns=["event_id", "a", "b", "relation_a", "relation_b"])


def _overlap(x: pd.Series, y: pd.Series) -> bool | None:
    """Whether two claims' periods overlap; None when either is undated."""
    if pd.isna(x["date_start"]) or pd.isna(y["date_start"]):
        return None
    return bool(x["date_start"] <= y["date_end"] and y["date_start"] <= x["date_end"])


def _differences(x: pd.Series, y: pd.Series, rx: str, ry: str) -> list[str]:
    out = []
    if _overlap(x, y) is False:
        out.append(f"date: {format_period(x['date_start'], x['date_end'], x['date_precision'])}"
                   f" against {format_period(y['date_start'], y['date_end'], y['date_precision'])}")
    if pd.notna(x["value"]) and pd.notna(y["value"]) and x["value"] != y["value"]:
        out.append(f"figure: {x['value']:g} against {y['value']:g}")
    firm = {"achieved", "ongoing"}
    mx, my = str(x["modality"]), str(y["modality"])
    if (mx in firm) != (my in firm) and "stance" not in (mx, my) \
            and "fulfils" not in (rx, ry):
        out.append(f"modality: {mx} against {my}")
    if "contradicts" in (rx, ry) and rx != ry:
        out.append("the record disputes one of them")
    return out


def agreements_and_differences(corpus: Corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pairs of claims of two sources on one event that agree (no difference in date,
    figure or modality, and the record disputes neither) and those that differ, and how."""
    facts = corpus.facts.set_index("fact_id", drop=False)
    events = corpus.chronology.set_index("event_id")
    names = event_names(corpus.chronology)
    name = dict(zip(corpus.chronology["event_id"], names, strict=True))
    labels = per_source.labels(corpus)
    agree, differ = [], []
    for p in _pairs(corpus).itertuples():
        if p.event_id not in events.index or "fulfils" in (p.relation_a, p.relation_b):
            continue
        x, y = facts.loc[p.a], facts.loc[p.b]
        e = events.loc[p.event_id]
        when = format_period(e["date_start"], e["date_end"], e["date_precision"])
        row = (p.event_id, f"{name[p.event_id]} ({when})", claim_html(x, labels),
               claim_html(y, labels))
        found = _differences(x, y, p.relation_a, p.relation_b)
        if found:
            differ.append((*row, "; ".join(found)))
        elif "contradicts" not in (p.relation_a, p.relation_b):
            agree.append(row)
    columns = ["event_id", "event", "earlier_claim", "later_claim"]
    return (pd.DataFrame(agree, columns=columns),
            pd.DataFrame(differ, columns=[*columns, "difference"]))


def carried_promises(corpus: Corpus) -> pd.DataFrame:
    """Each plan or hope of a source, and what each later source says of the same event or
    undertaking: done, still planned, ... or nothing ("silent")."""
    facts = corpus.facts
    dates = dict(zip(corpus.sources["source_id"], corpus.sources["date"], strict=True))
    labels = per_source.labels(corpus)
    kind = dict(zip(corpus.entities["entity_id"], corpus.entities["kind"].astype("string"),
                    strict=True))
    events: dict[str, set[str]] = {}
    for f, e in zip(corpus.fact_events["fact_id"], corpus.fact_events["event_id"], strict=True):
        events.setdefault(f, set()).add(e)
    subjects: dict[str, set[str]] = {}
    for f, e, r in zip(corpus.fact_entities["fact_id"], corpus.fact_entities["entity_id"],
                       corpus.fact_entities["role"].astype("string"), strict=True):
        if r == "subject" and kind.get(e) in UNDERTAKINGS:
            subjects.setdefault(f, set()).add(e)
    by_id = facts.set_index("fact_id", drop=False)
    rows = []
    promised = facts[facts["modality"].astype("string").isin(PROMISES)]
    for _, promise in promised.iterrows():
        said = dates[promise["source_id"]]
        for later in corpus.sources[corpus.sources["date"] > said].itertuples():
            theirs = facts[facts["source_id"] == later.source_id]
            pid = promise["fact_id"]
            same = [f for f in theirs["fact_id"]
                    if events.get(f, set()) & events.get(pid, set())
                    or subjects.get(f, set()) & subjects.get(pid, set())]
            head = (pid, claim_html(promise, labels), labels[later.source_id])
            for f in same:
                answer = by_id.loc[f]
                rows.append((*head, OUTCOMES[str(answer["modality"])],
                             claim_html(answer, labels)))
            if not same:
                rows.append((*head, "silent", None))
    return pd.DataFrame(rows, columns=["fact_id", "promise", "later_source", "says",
                                       "later_claim"])


def compare_findings(corpus: Corpus) -> list[Finding]:
    """The comparison's findings: how many events the sources agree and differ on, the
    first difference, what is left out by one and reported by another, promises kept."""
    if not per_source.several(corpus):
        return []
    agree, differ = agreements_and_differences(corpus)
    found = [Finding(f"The sources agree on {plural(agree['event_id'].nunique(), 'event')} of "
                     "the record they both report.", "agree")]
    if len(differ):
        first = differ.iloc[0]
        found.append(Finding(f"They differ on {plural(differ['event_id'].nunique(), 'event')}; "
                             f"first, {escape(str(first['event']))}: "
                             f"{escape(str(first['difference']))}.", "differ"))
    unshared = per_source.left_out_by_source(corpus)
    unshared = unshared[unshared["reported_by"].notna()]
    if len(unshared):
        found.append(Finding(f"{plural(len(unshared), 'time')} a source leaves out an event "
                             "that another source reports.", "unshared"))
    carried = carried_promises(corpus)
    if len(carried):
        says = carried["says"].value_counts()
        parts = [f"{int(n)} {s}" for s, n in says.items()]
        found.append(Finding(f"Read in a later source, the plans and hopes of earlier ones "
                             f"are: {join(parts)}.", "carried"))
    return found


def findings_markdown(corpus: Corpus) -> str:
    """The findings section, or nothing with one source (the intro says why)."""
    return markdown(compare_findings(corpus)) if per_source.several(corpus) else ""


def intro(corpus: Corpus) -> str:
    """The first lines of the comparison: which sources, or that there is only one."""
    names = per_source.names(corpus)
    if not per_source.several(corpus):
        return ("# The sources compared\n\nThe package holds one source, so there is nothing "
                "to compare yet. Add another document beside it with\n\n"
                "    rupak add-source PATH --id ID --title TITLE --author AUTHOR "
                "--date YYYY-MM-DD\n\nthen curate its claims and build the reports again.")
    listed = join([f"{w.Name} ({w.label})" for w in names.values()])
    return (f"# The sources compared\n\n{plural(len(names), 'source')}: {listed}. Two claims "
            "are compared when they are linked to the same event of the record; promises "
            "also when they name the same facility or programme.")


def section(corpus: Corpus, key: str) -> Html | None:
    """One section of the comparison (heading, line and table); nothing with one source."""
    if not per_source.several(corpus):
        return None
    heading = per_source.heading_html(HEADINGS[key])
    if key in ("agree", "differ"):
        agree, differ = agreements_and_differences(corpus)
        frame = (agree if key == "agree" else differ).drop(columns="event_id")
        empty = ("No event is reported alike by two sources." if key == "agree" else
                 "No two sources differ on an event of the record.")
    elif key == "unshared":
        left = per_source.left_out_by_source(corpus)
        frame = left[left["reported_by"].notna()].drop(columns=["source_id", "event_id"]) \
            .reset_index(drop=True)
        empty = "No source leaves out an event another source reports."
    else:
        frame = carried_promises(corpus).drop(columns="fact_id")
        empty = "No source voices a plan or a hope that a later source could take up."
    return Html(heading + table(frame, empty=empty)._repr_html_())
