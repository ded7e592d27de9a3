"""A package of several sources, read source by source: counts, the record and silences.

A count about "the source" is always about one source. With one source in the package the
functions here return nothing to add (empty text, None), so that its pages stay as they
were; with several, each source gets its own line, row or table, named by its label.
"""

from __future__ import annotations

import pandas as pd

from rupak_lib.analysis import record as rec
from rupak_lib.analysis.display import Html, table
from rupak_lib.analysis.markup import join, md, plural
from rupak_lib.analysis.tables import body_sentences, format_period
from rupak_lib.data.citation import SourceWords, all_words
from rupak_lib.data.citation import subject as citation_subject
from rupak_lib.data.corpus import Corpus

#: The headings of the sections this module writes (findings link to the first).
BY_SOURCE_HEADING = "The record, source by source"
SOURCES_HEADING = "The sources"
#: How each relation of a claim to an event is counted in the per-source table.
COUNTED = {"mentions": "mentions", "alludes": "alludes to", "contradicts": "contradicts",
           "fulfils": "fulfils"}


def several(corpus: Corpus) -> bool:
    """Whether the package holds more than one source (pages then name every source)."""
    return len(corpus.sources) > 1


def alone(corpus: Corpus, source_id: str) -> Corpus:
    """The corpus as one source sees it: its claims and links (``Corpus.subset``), and that
    source alone in ``sources``, so that the record is read against its own date (an event
    after it is *later*, not left out). Its claims keep their label."""
    import dataclasses

    one = corpus.subset(source_id=source_id)
    return dataclasses.replace(one, sources=corpus.sources[
        corpus.sources["source_id"] == source_id].reset_index(drop=True))


def subject(corpus: Corpus) -> str:
    """What a sentence about the whole package calls it: its one source by its genre ("the
    speech", "the article"), or, with several, "the corpus"."""
    return citation_subject(corpus.sources)


def labels(corpus: Corpus) -> dict[str, str]:
    """Each source's short label ("Orlov, 12 Mar 2024"), by id (``sources.label``)."""
    return dict(zip(corpus.sources["source_id"], corpus.sources["label"], strict=True))


def names(corpus: Corpus) -> dict[str, SourceWords]:
    """The words for each source of the package, by id, in sources.csv order."""
    return all_words(corpus.sources)


def _of(frame: pd.DataFrame, source_id: str) -> pd.DataFrame:
    return frame[frame["source_id"] == source_id]


def claims_line(w: SourceWords, facts: pd.DataFrame, sentences: pd.DataFrame,
                theme_id: str | None = None) -> str:
    """One source's share of a theme (or of the corpus), in a sentence: "Orlov's speech
    makes 3 claims on this theme (1 filed under another theme), in 3 of its 6 body
    sentences." Counts only this source's claims and sentences."""
    body = body_sentences(sentences)
    quoted = body[body["fact_ids"].map(bool)]
    scope = " on this theme" if theme_id is not None else ""
    if facts.empty:
        return (f"{md(w.Name)} makes no claim{scope} (none of its "
                f"{plural(len(body), 'body sentence')}).")
    elsewhere = int((facts["theme_id"] != theme_id).sum()) if theme_id is not None else 0
    filed = (f" ({elsewhere} of them filed under another theme that "
             f"{'touches' if elsewhere == 1 else 'touch'} it)" if elsewhere else "")
    return (f"{md(w.Name)} makes **{plural(len(facts), 'claim')}**{scope}{filed}, in "
            f"{len(quoted)} of its {plural(len(body), 'body sentence')}.")


def intro_lines(corpus: Corpus, theme_id: str | None = None) -> str:
    """A line per source for the top of a page, each source named with its label; empty
    for a package of one source."""
    if not several(corpus):
        return ""
    lines = []
    for sid, w in names(corpus).items():
        line = claims_line(w, _of(corpus.facts, sid), _of(corpus.sentences, sid), theme_id)
        lines.append(f"- {line} *({md(w.label)}, {w.noun})*")
    return "\n".join(lines)


def sources_table(corpus: Corpus) -> pd.DataFrame:
    """The package's sources: label, genre, date, place, claims, body sentences and the
    share of them the claims cite (the index and the overview show it)."""
    rows = []
    for s, w in zip(corpus.sources.itertuples(), names(corpus).values(), strict=True):
        body = body_sentences(_of(corpus.sentences, s.source_id))
        cited = int(body["fact_ids"].map(bool).sum())
        rows.append((s.source_id, w.label, w.noun, s.date, getattr(s, "place", None),
                     int((corpus.facts["source_id"] == s.source_id).sum()), len(body),
                     cited / len(body) if len(body) else 0.0))
    out = pd.DataFrame(rows, columns=["source_id", "source", "genre", "date", "place",
                                      "claims", "body_sentences", "coverage_share"])
    out["date"] = [f"{d.day} {d:%B %Y}" for d in out["date"]]
    return out.astype({"claims": "int64", "body_sentences": "int64",
                       "coverage_share": "float64"})


def _events(chronology: pd.DataFrame, theme_id: str | None) -> pd.DataFrame:
    counted = rec.once(chronology)
    return counted if theme_id is None else counted[counted["theme_id"] == theme_id]


def record_by_source(corpus: Corpus, theme_id: str | None = None) -> pd.DataFrame:
    """One row per source: how many events of the record (of a theme, or all) its claims
    mention, allude to, contradict and fulfil, and how many before its date it leaves out.
    An event counts once per relation, whatever the number of claims."""
    events = _events(corpus.chronology, theme_id)
    ids = set(events["event_id"])
    parts = rec._parts(corpus.chronology)
    rows = []
    for sid, w in names(corpus).items():
        links = _of(corpus.fact_events, sid)
        linked = links.assign(event_id=links["event_id"].map(lambda e: parts.get(e, e)))
        linked = linked[linked["event_id"].isin(ids)]
        counts = {r: linked.loc[linked["relation"].astype("string") == r, "event_id"].nunique()
                  for r in COUNTED}
        said = corpus.sources.loc[corpus.sources["source_id"] == sid, "date"].iloc[0]
        before = events[events["date_start"] <= said]
        left = int((~before["event_id"].isin(set(linked["event_id"]))).sum())
        rows.append((sid, w.label, *(int(counts[r]) for r in COUNTED), left))
    out = pd.DataFrame(rows, columns=["source_id", "source", *COUNTED.values(), "leaves out"])
    return out.astype({c: "int64" for c in [*COUNTED.values(), "leaves out"]})


def shared_events(corpus: Corpus, theme_id: str | None = None) -> pd.DataFrame:
    """The events of the record that two or more sources refer to (mention, fulfil or
    dispute): the event's period, its summary as the record writes it, and the sources by
    label with how each relates to it."""
    events = _events(corpus.chronology, theme_id).set_index("event_id")
    label = labels(corpus)
    links = corpus.fact_events[corpus.fact_events["relation"].astype("string") != "alludes"]
    rows = []
    for event_id, group in links.groupby("event_id", sort=False):
        if event_id not in events.index or group["source_id"].nunique() < 2:
            continue
        e = events.loc[event_id]
        who = []
        for sid, g in group.groupby("source_id", sort=False):
            rel = join(sorted(set(g["relation"].astype("string"))))
            who.append(f"{label.get(sid, sid)} ({rel})")
        rows.append((event_id, format_period(e["date_start"], e["date_end"],
                                             e["date_precision"]), e["summary"],
                     "; ".join(who), e["date_start"]))
    out = pd.DataFrame(rows, columns=["event_id", "period", "summary", "sources", "start"])
    return out.sort_values(["start", "event_id"], kind="stable").drop(columns="start") \
        .reset_index(drop=True)


def left_out_by_source(corpus: Corpus, theme_id: str | None = None) -> pd.DataFrame:
    """Per source, the events of the record before its date that it does not refer to, with
    ``reported_by`` the other sources that report them (mention or dispute)."""
    events = _events(corpus.chronology, theme_id)
    parts = rec._parts(corpus.chronology)
    label = labels(corpus)
    links = corpus.fact_events.assign(
        event_id=corpus.fact_events["event_id"].map(lambda e: parts.get(e, e)))
    referred: dict[str, set[str]] = {}  # any link: the source does not leave it out
    reported: dict[str, set[str]] = {}  # a claim that reports it (mentions or disputes)
    for sid, e, r in zip(links["source_id"], links["event_id"],
                         links["relation"].astype("string"), strict=True):
        referred.setdefault(e, set()).add(sid)
        if r in ("mentions", "contradicts"):
            reported.setdefault(e, set()).add(sid)
    rows = []
    for s in corpus.sources.itertuples():
        for e in events[events["date_start"] <= s.date].itertuples():
            who = referred.get(e.event_id, set())
            if s.source_id in who:
                continue
            others = [label[o] for o in label if o in reported.get(e.event_id, set())]
            rows.append((s.source_id, label[s.source_id], e.event_id,
                         format_period(e.date_start, e.date_end, e.date_precision),
                         e.summary, "; ".join(others) or None, e.date_start))
    out = pd.DataFrame(rows, columns=["source_id", "source", "event_id", "period", "summary",
                                      "reported_by", "start"])
    return out.sort_values(["source_id", "start", "event_id"], kind="stable") \
        .drop(columns="start").reset_index(drop=True)


def record_section(corpus: Corpus, theme_id: str | None = None) -> Html | None:
    """The record source by source, for a theme page or the overview: a heading, a line,
    the per-source table, the events two or more sources refer to, and what each leaves
    out that another reports. Nothing for a package of one source."""
    if not several(corpus):
        return None
    by_source = record_by_source(corpus, theme_id)
    shared = shared_events(corpus, theme_id)
    left = left_out_by_source(corpus, theme_id)
    differ = left[left["reported_by"].notna()]
    quiet = no_source(corpus, theme_id)
    scope = "this theme's record" if theme_id is not None else "the record"
    parts = [
        heading_html(BY_SOURCE_HEADING),
        f'<p class="rupak-prose">How each source treats the events of {scope}. Each source '
        "is read against the events before its own date; an event counts once per relation "
        "whatever the number of claims.</p>",
        table(by_source.drop(columns="source_id"),
              caption="Events of the record each source refers to or leaves out")._repr_html_(),
        table(shared.drop(columns="event_id"),
              caption="Events two or more sources refer to",
              empty="No event of the record is referred to by two sources.")._repr_html_(),
        table(differ.drop(columns=["source_id", "event_id"]).reset_index(drop=True),
              caption="Events a source leaves out that another source reports",
              empty="No source leaves out an event another reports.")._repr_html_(),
        f'<p class="rupak-prose">{plural(len(quiet), "event")} of {scope} before the latest '
        f"source {'is' if len(quiet) == 1 else 'are'} referred to by no source.</p>",
    ]
    return Html("".join(parts))


def no_source(corpus: Corpus, theme_id: str | None = None) -> pd.DataFrame:
    """The events before the latest source that no source refers to: the corpus's silence."""
    record = rec.theme_record(corpus.chronology, corpus.fact_events, corpus.sources, theme_id)
    return record[record["standing"] == "left out"].reset_index(drop=True)


def sources_section(corpus: Corpus) -> Html | None:
    """The table of the package's sources, for the overview; nothing for one source."""
    if not several(corpus):
        return None
    return Html(heading_html(SOURCES_HEADING) + table(
        sources_table(corpus).drop(columns="source_id"),
        caption="The sources of the package, oldest first in sources.csv order")._repr_html_())


def heading_html(text: str) -> str:
    """A heading as nbconvert writes one from Markdown, with the id findings link to."""
    return f'<h2 id="{text.replace(" ", "-")}">{text}</h2>'
