"""The record beside the sources: what they mention, allude to and leave out, and what
became of their promises.

Every function takes Corpus frames (``chronology``, ``fact_events``, ``facts``,
``sources``) and returns a new DataFrame. An event's *standing* says how the sources treat
it, from the strongest link down:

- ``disputed``: a claim refers to it and the record disputes the claim (a dispute is never
  hidden by another claim that reports the event well);
- ``mentioned``: a claim reports it;
- ``fulfils``: it carries out what a claim planned or hoped for;
- ``alluded``: a claim refers to it only indirectly ("a difficult period");
- ``left out``: no claim refers to it, though it happened before the source;
- ``later``: no claim refers to it and it began after the (latest) source.

"Unmentioned" events are those alluded to or left out: what a reader of the sources alone
would not learn.
"""

from __future__ import annotations

import re

import pandas as pd

from rupak_lib.analysis.tables import DASH, format_period

#: The standings of an event, in the order tables and legends show them.
STANDINGS = ("mentioned", "disputed", "fulfils", "alluded", "left out", "later")
#: The standings from the strongest: the one an event's links give is the strongest of them.
_STRENGTH = ("disputed", "mentioned", "fulfils", "alluded", "left out", "later")
#: The link that gives each standing (the strongest one an event has wins).
_BY_RELATION = {"mentions": "mentioned", "contradicts": "disputed", "fulfils": "fulfils",
                "alludes": "alluded"}
#: The modalities of a claim that a later event can fulfil.
PROMISES = ("planned", "potential")
#: Standings of events a reader of the source would not learn of.
UNMENTIONED = ("alluded", "left out")
#: The kinds of event that name a silence best, most telling first; other kinds follow in
#: the contract's order.
TELLING_KINDS = ("crisis", "military", "agreement", "visit")
#: How many words of a summary name an event that has no title.
NAME_WORDS = 7


def _said_on(sources: pd.DataFrame) -> pd.Timestamp | None:
    """The date of the latest source: events starting after it cannot be left out."""
    return None if sources.empty else pd.Timestamp(sources["date"].max())


def standing(chronology: pd.DataFrame, fact_events: pd.DataFrame,
             sources: pd.DataFrame) -> pd.Series:
    """The standing of each event (see the module's docstring), aligned with ``chronology``."""
    rank = {s: i for i, s in enumerate(_STRENGTH)}
    best: dict[str, str] = {}
    for event_id, relation in zip(fact_events["event_id"],
                                  fact_events["relation"].astype("string"), strict=True):
        s = _BY_RELATION[str(relation)]
        if event_id not in best or rank[s] < rank[best[event_id]]:
            best[event_id] = s
    for part, parent in _parts(chronology).items():  # a part's links count for its whole
        if part in best and (parent not in best or rank[best[part]] < rank[best[parent]]):
            best[parent] = best[part]
    said = _said_on(sources)
    values = [best.get(e, "later" if said is not None and start > said else "left out")
              for e, start in zip(chronology["event_id"], chronology["date_start"], strict=True)]
    return pd.Series(pd.Categorical(values, categories=list(STANDINGS), ordered=True),
                     index=chronology.index, name="standing")


def _parts(chronology: pd.DataFrame) -> dict[str, str]:
    """Each event that is part of a longer event of the record (``part_of``), and that event."""
    if "part_of" not in chronology:
        return {}
    present = set(chronology["event_id"])
    return {e: p for e, p in zip(chronology["event_id"], chronology["part_of"], strict=True)
            if isinstance(p, str) and p in present}


def once(chronology: pd.DataFrame) -> pd.DataFrame:
    """The record as it is counted: an event that is part of a longer one (an invasion within
    its war) is counted with it, once, and carries its links to the whole (:func:`standing`)."""
    parts = _parts(chronology)
    return chronology[~chronology["event_id"].isin(set(parts))] if parts else chronology


def _name(title: object, summary: object) -> str:
    if isinstance(title, str) and title.strip():
        return title.strip()
    words = re.split(r"(?<=[.;:!?])\s", str(summary).strip(), maxsplit=1)[0].split()
    if len(words) <= NAME_WORDS:
        return " ".join(words).rstrip(".;:!?")
    return " ".join(words[:NAME_WORDS]).rstrip(",;:") + "…"


def event_names(chronology: pd.DataFrame) -> pd.Series:
    """What reports call each event: its title, or (a package without titles, a blank
    title) the first words of its summary's first sentence."""
    titles = chronology["title"] if "title" in chronology else \
        pd.Series(None, index=chronology.index, dtype=object)
    return pd.Series([_name(t, s) for t, s in zip(titles, chronology["summary"], strict=True)],
                     index=chronology.index, name="event", dtype="str")


def _years(start: pd.Timestamp, end: pd.Timestamp, precision: object) -> str:
    """ "1971", "1979–1989" or "1980s": when an event happened, to the year at most."""
    return format_period(start, end, "decade" if str(precision) == "decade" else "year")


def _periods(frame: pd.DataFrame) -> list[str]:
    return [format_period(s, e, p) for s, e, p in
            zip(frame["date_start"], frame["date_end"], frame["date_precision"], strict=True)]


def _linked_facts(fact_events: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Per event, the claims linked to it as "fact-id (relation)", in file order; with
    several sources, each after its source's label ("Orlov, 12 Mar 2024: fact-id (...)")."""
    labels = (dict(zip(sources["source_id"], sources["label"], strict=True))
              if len(sources) > 1 and "label" in sources and "source_id" in fact_events
              else {})
    owners = fact_events["source_id"] if labels else [None] * len(fact_events)
    out: dict[str, list[str]] = {}
    for f, e, r, s in zip(fact_events["fact_id"], fact_events["event_id"],
                          fact_events["relation"].astype("string"), owners, strict=True):
        out.setdefault(e, []).append(f"{labels[s]}: {f} ({r})" if s in labels else f"{f} ({r})")
    return {e: "; ".join(v) for e, v in out.items()}


def theme_record(chronology: pd.DataFrame, fact_events: pd.DataFrame, sources: pd.DataFrame,
                 theme_id: str | None = None) -> pd.DataFrame:
    """The record of a theme (every theme when None), oldest first, with each event's
    standing and the claims linked to it."""
    counted = once(chronology)
    events = counted if theme_id is None else counted[counted["theme_id"] == theme_id]
    events = events.sort_values(["date_start", "date_end", "event_id"], kind="stable")
    linked = _linked_facts(fact_events, sources)
    out = pd.DataFrame({
        "event_id": events["event_id"].to_list(),
        "period": _periods(events),
        "event": event_names(events).to_list(),
        "theme_id": events["theme_id"].to_list(),
        "kind": events["kind"].to_list(),
        "summary": events["summary"].to_list(),
        "standing": standing(chronology, fact_events, sources).loc[events.index].to_list(),
        "claims": [linked.get(e, DASH) for e in events["event_id"]],
        "reference": events["reference"].to_list(),
        "date_start": events["date_start"].to_list(),
    })
    out["kind"] = pd.Categorical(out["kind"], categories=chronology["kind"].cat.categories,
                                 ordered=True)
    out["standing"] = pd.Categorical(out["standing"], categories=list(STANDINGS), ordered=True)
    return out


def left_out(chronology: pd.DataFrame, fact_events: pd.DataFrame, sources: pd.DataFrame,
             theme_id: str | None = None) -> pd.DataFrame:
    """Events of the record before the source that no claim mentions, alludes to or
    disputes: the silences, oldest first."""
    rec = theme_record(chronology, fact_events, sources, theme_id)
    return rec[rec["standing"] == "left out"].reset_index(drop=True)


def _tally(groups: pd.Series, standings: pd.Series, index: list) -> pd.DataFrame:
    table = pd.crosstab(groups, standings, dropna=False)
    table = table.reindex(index=index, columns=list(STANDINGS), fill_value=0).astype("int64")
    table.columns = pd.Index(list(STANDINGS), name="standing")
    table.insert(0, "events", table.sum(axis=1).astype("int64"))
    return table


def selection_by_decade(chronology: pd.DataFrame, fact_events: pd.DataFrame,
                        sources: pd.DataFrame) -> pd.DataFrame:
    """Events of the record by the decade they start in (empty decades included), with how
    many the sources mention, dispute, fulfil, allude to or leave out."""
    st = standing(chronology, fact_events, sources)
    chronology = once(chronology)
    years = (chronology["date_start"].dt.year // 10 * 10).astype("int64")
    span = list(range(int(years.min()), int(years.max()) + 10, 10)) if len(years) else []
    table = _tally(years.rename("decade"), st.loc[chronology.index], span)
    table.index = pd.Index([f"{y}s" for y in span], name="decade")
    return table


def selection_by_theme(chronology: pd.DataFrame, fact_events: pd.DataFrame,
                       sources: pd.DataFrame, themes: pd.DataFrame,
                       facts: pd.DataFrame | None = None,
                       fact_themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events of the record by theme (display order), with their standings; with ``facts``,
    also the sources' claims filed under each theme, and with ``fact_themes`` the claims
    filed under another theme that touch it ("touching")."""
    ordered = themes.sort_values(["position", "theme_id"], kind="stable")
    st = standing(chronology, fact_events, sources)
    chronology = once(chronology)
    table = _tally(chronology["theme_id"].rename("theme"), st.loc[chronology.index],
                   ordered["theme_id"].to_list())
    if facts is not None:
        counts = facts["theme_id"].value_counts()
        table["claims"] = [int(counts.get(t, 0)) for t in table.index]
        if fact_themes is not None:
            known = fact_themes[fact_themes["fact_id"].isin(set(facts["fact_id"]))]
            touching = known["theme_id"].value_counts()
            table["touching"] = [int(touching.get(t, 0)) for t in table.index]
    table.insert(0, "theme", ordered["title"].to_list())
    table.index.name = "theme_id"
    return table


def silences(chronology: pd.DataFrame, fact_events: pd.DataFrame, sources: pd.DataFrame,
             themes: pd.DataFrame) -> pd.DataFrame:
    """The themes whose events the sources leave unmentioned (alluded to or left out),
    largest silence first: the largest share of the theme's events before the source, then
    the most events. With how many, over which years, and how many are mentioned."""
    st = standing(chronology, fact_events, sources)
    chronology = once(chronology)
    st = st.loc[chronology.index]
    quiet = chronology[st.isin(UNMENTIONED)].assign(standing=st[st.isin(UNMENTIONED)])
    titles = dict(zip(themes["theme_id"], themes["title"], strict=True))
    rows = []
    for theme_id, group in quiet.groupby("theme_id", sort=True):
        in_theme = st[chronology["theme_id"] == theme_id]
        before = int((in_theme != "later").sum())
        rows.append((theme_id, titles.get(theme_id, theme_id), before, len(group),
                     int((group["standing"] == "alluded").sum()),
                     int(in_theme.isin(["mentioned", "disputed"]).sum()),
                     int(group["date_start"].dt.year.min()),
                     int(group["date_end"].dt.year.max())))
    out = pd.DataFrame(rows, columns=["theme_id", "theme", "before", "unmentioned", "alluded",
                                      "mentioned", "first", "last"])
    out = out.astype({c: "int64" for c in ("before", "unmentioned", "alluded", "mentioned",
                                           "first", "last")})
    out["share"] = (out["unmentioned"] / out["before"]).astype("float64")
    return out.sort_values(["share", "unmentioned", "theme_id"], ascending=[False, False, True],
                           kind="stable").reset_index(drop=True)


def notable_silences(chronology: pd.DataFrame, fact_events: pd.DataFrame,
                     sources: pd.DataFrame, per_theme: int = 3) -> pd.DataFrame:
    """The events that name each theme's silence: up to ``per_theme`` unmentioned events
    of each theme, most telling first (rank 1).

    Telling means, in turn: a kind of :data:`TELLING_KINDS` before the others, in that
    order; more whole years from its first day to its last (a war of nine years before a
    visit of four days, even one across New Year, or an event dated to the year);
    documented by more references; earlier. An event within the dates of one already named
    (the invasion within the war) is not named again. ``label`` is the name with its year
    or span, unless the name already says it.
    """
    st = standing(chronology, fact_events, sources)
    quiet = chronology[st.isin(UNMENTIONED)]
    kinds = list(TELLING_KINDS) + [k for k in quiet["kind"].cat.categories
                                   if k not in TELLING_KINDS]
    quiet = quiet.assign(
        _kind=quiet["kind"].astype("string").map({k: i for i, k in enumerate(kinds)}),
        _years=-((quiet["date_end"] - quiet["date_start"]).dt.days // 365.25),
        _refs=-quiet["reference"].astype("string").str.count(r"\|"),
        event=event_names(quiet))
    quiet = quiet.sort_values(["theme_id", "_kind", "_years", "_refs", "date_start",
                               "event_id"], kind="stable")
    rows = []
    for theme_id, group in quiet.groupby("theme_id", sort=True):
        named: list[tuple] = []
        for e in group.itertuples():
            if len(named) == per_theme:
                break
            if any(n.date_start <= e.date_start and e.date_end <= n.date_end for n in named):
                continue
            named.append(e)
        for rank, e in enumerate(named, start=1):
            years = _years(e.date_start, e.date_end, e.date_precision)
            label = e.event if years in e.event else f"{e.event} ({years})"
            rows.append((theme_id, rank, e.event_id, e.event, years, label, e.date_start))
    out = pd.DataFrame(rows, columns=["theme_id", "rank", "event_id", "event", "years",
                                      "label", "date_start"])
    return out.astype({"rank": "int64", "date_start": "datetime64[ns]"})


def claims_against_record(facts: pd.DataFrame, fact_events: pd.DataFrame,
                          chronology: pd.DataFrame) -> pd.DataFrame:
    """Each link of a claim to the record: the claim, how it relates, and the event."""
    links = fact_events[fact_events["fact_id"].isin(facts["fact_id"])]
    events = chronology.set_index("event_id")
    known = links["event_id"].isin(events.index)
    links = links[known]
    ev = events.loc[links["event_id"]]
    return pd.DataFrame({
        "fact_id": links["fact_id"].to_list(),
        "relation": links["relation"].to_list(),
        "event_id": links["event_id"].to_list(),
        "period": _periods(ev),
        "event": ev["summary"].to_list(),
        "note": links["note"].to_list(),
    })


def allusions(facts: pd.DataFrame, fact_events: pd.DataFrame,
              chronology: pd.DataFrame) -> pd.DataFrame:
    """Selection and euphemism: the claims that refer to events only indirectly, with the
    words they use (the quote) and the events they pass over, one row per claim."""
    links = fact_events[(fact_events["relation"].astype("string") == "alludes")
                        & fact_events["fact_id"].isin(facts["fact_id"])
                        & fact_events["event_id"].isin(chronology["event_id"])]
    start = dict(zip(chronology["event_id"], chronology["date_start"], strict=True))
    quote = dict(zip(facts["fact_id"], facts["quote"], strict=True))
    rows = []
    for fact_id, group in links.groupby("fact_id", sort=False):
        ids = sorted(group["event_id"], key=lambda e: (start[e], e))
        years = [start[e].year for e in ids]
        rows.append((fact_id, quote[fact_id], len(ids),
                     str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}",
                     ", ".join(ids)))
    out = pd.DataFrame(rows, columns=["fact_id", "quote", "events", "years", "event_ids"])
    out["events"] = out["events"].astype("int64")
    return out.sort_values(["events", "fact_id"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def promises(facts: pd.DataFrame, fact_events: pd.DataFrame,
             chronology: pd.DataFrame) -> pd.DataFrame:
    """The planned and hoped-for claims, and what became of them: the events that fulfil
    each ("none yet" when the record has none) and those it otherwise refers to."""
    kept = facts[facts["modality"].astype("string").isin(PROMISES)]
    periods = dict(zip(chronology["event_id"], _periods(chronology), strict=True))

    links: dict[str, list[tuple[str, str]]] = {}  # by fact: one pass, not one per claim
    for f, e, r in zip(fact_events["fact_id"], fact_events["event_id"],
                       fact_events["relation"].astype("string"), strict=True):
        links.setdefault(f, []).append((e, r))

    def events(fact_id: str, relations: tuple[str, ...]) -> list[str]:
        return [f"{e} ({periods[e]})" for e, r in links.get(fact_id, ())
                if r in relations and e in periods]

    fulfilled = [events(f, ("fulfils",)) for f in kept["fact_id"]]
    return pd.DataFrame({
        "fact_id": kept["fact_id"].to_list(),
        "source": (kept["source_label"] if "source_label" in kept else
                   pd.Series(None, index=kept.index, dtype="str")).to_list(),
        "modality": kept["modality"].to_list(),
        "summary": kept["summary"].to_list(),
        "fulfilled_by": ["; ".join(f) if f else "none yet" for f in fulfilled],
        "related": ["; ".join(events(f, ("mentions", "alludes", "contradicts"))) or DASH
                    for f in kept["fact_id"]],
        "fulfilled": [bool(f) for f in fulfilled],
    })


def key_figures(chronology: pd.DataFrame, fact_events: pd.DataFrame, sources: pd.DataFrame,
                theme_id: str | None = None) -> str:
    """The record's figures a report rests on, in one stable line a notebook test compares:
    events by standing (every standing, zeros included) and links by relation."""
    counted = once(chronology)
    events = counted if theme_id is None else counted[counted["theme_id"] == theme_id]
    tally = standing(chronology, fact_events, sources).loc[events.index].value_counts()
    relations = fact_events["relation"].astype("string").value_counts()
    return (f"{len(events)} events | standing: "
            + ", ".join(f"{int(tally.get(s, 0))} {s}" for s in STANDINGS)
            + " | links: " + ", ".join(f"{int(relations.get(r, 0))} {r}"
                                       for r in fact_events["relation"].cat.categories))
