"""The events of the record a drafted claim points to: those sharing a person, body,
facility or programme with it in its period, those of its date and theme, those whose rare
words it uses, and, for a period judged hard, its events of discord; each as `mentions`,
`alludes` or, for a plan carried out after the source, `fulfils`, with a note saying why.
"""

from __future__ import annotations

import re

import pandas as pd

from rupak_lib.curation.classify import stems
from rupak_lib.curation.entities import PARTNERS, PREDECESSOR
from rupak_lib.data.corpus import Corpus

#: The kinds of entity that tie a claim to an event of the record: a country or a city
#: is named by too many events to say which.
TYING = ("person", "organization", "facility", "programme")
#: Events proposed for a claim at most, the best fitting first (bench_draft measures these);
#: twice as many for a claim of a period longer than five years, which alludes to more, and
#: three times as many for such a period judged hard (its crises, vetoes, rival pacts)
RECORD_LINKS = 5
#: Words that judge a period hard, and the kinds of event of the record such a period
#: alludes to.
HARD = re.compile(r"\b(difficult|tense|tensions?|strained|troubled|turbulent|"
                  r"complicated|crisis|crises|conflicts?|frosty|cool(ing)?)\b", re.I)
HARD_KINDS = ("crisis", "military")
#: Words by which an event's title or summary tells of discord: it too is one of a hard
#: period's events, whatever its kind (a veto, a rival's alliance, a clash, a warning).
DISCORD = re.compile(r"\b(vetoe?s?|vetoed|alliance|pact|war|wars|clash\w*|shot down|warn\w*|"
                     r"hostil\w*|against|opposed|rival\w*|expell?\w*|protest\w*|"
                     r"tensions?|crisis|downed|invasion|uprising)\b", re.I)
#: A word of an event's title or summary is rare when at most one event in RARE_SHARE
#: uses it; a claim sharing WORDS_SHARED rare words with an event points to it.
RARE_SHARE, WORDS_SHARED = 20, 2
#: A word used by at most this many events points to them alone in the claim's theme.
RAREST = 2


def record_index(corpus: Corpus) -> tuple[dict, dict, dict]:
    """What :func:`record_links` looks up, built once per draft: entity kinds, the events
    of each entity, and each event's dates, theme and words (those few events use)."""
    kinds = dict(zip(corpus.entities["entity_id"], corpus.entities["kind"].astype(str),
                     strict=True))
    by_entity: dict[str, set[str]] = {}
    for e, ent in zip(corpus.chronology_entities["event_id"],
                      corpus.chronology_entities["entity_id"], strict=True):
        by_entity.setdefault(ent, set()).add(e)
    chronology = corpus.chronology
    titles = chronology["title"].fillna("") if "title" in chronology else [""] * len(chronology)
    events = {e: {"date_start": s, "date_end": d, "theme_id": t, "kind": str(k),
                  "words": stems(f"{title} {summary}"),
                  "hard": str(k) in HARD_KINDS or bool(DISCORD.search(f"{title} {summary}"))}
              for e, s, d, t, k, title, summary in zip(
                  chronology["event_id"], chronology["date_start"], chronology["date_end"],
                  chronology["theme_id"], chronology["kind"], titles, chronology["summary"],
                  strict=True)}
    counts: dict[str, int] = {}
    for ev in events.values():
        for w in ev["words"]:
            counts[w] = counts.get(w, 0) + 1
    common = max(2, len(events) // RARE_SHARE)
    for ev in events.values():
        ev["rare"] = {w for w in ev["words"] if counts[w] <= common}
        ev["rarest"] = {w for w in ev["words"] if counts[w] <= RAREST}
    return kinds, by_entity, events


def record_links(corpus: Corpus, entity_ids: list[str], start, end, precision: str,
                 words: dict[str, str], said: pd.Timestamp, limit: int | None = None,
                 theme_id: str | None = None, index: tuple | None = None,
                 modality: str | None = None, text: str = ""
                 ) -> list[tuple[str, str, str]]:
    """Events of the record whose entities and period fit a claim: (event, relation, note).

    An event fits when it shares with the claim a named entity that ties it to few events
    (a person, body, facility or programme) and, if the claim is dated, overlaps its period;
    or, for a claim dated to the day, month or year, when it overlaps that period, is of the
    claim's theme and shares any entity with it (a country, a city). The claim mentions an
    event it shares a tying entity with and is dated within; otherwise it alludes to it, the
    note naming the words that point to it. Events after the source are left out, but for
    a plan or hope, which the event of its body and period that came after fulfils; the
    best fitting first, then the nearest in time.
    """
    kinds, by_entity, events = index or record_index(corpus)
    found: dict[str, set[str]] = {}
    for ent in entity_ids:
        for e in by_entity.get(ent, ()):
            found.setdefault(e, set()).add(ent)
    claim = stems(text)
    # what the words point to, besides the entities: (event -> the note saying why)
    told = {e: f"shares the words {', '.join(sorted(claim & ev['rare']))} with it"
            for e, ev in events.items() if len(claim & ev["rare"]) >= WORDS_SHARED}
    # one word of very few events is enough in an event of the claim's own theme
    # ("barter", in payments)
    told |= {e: f"shares the word {', '.join(sorted(claim & ev['rarest']))} and its theme"
             for e, ev in events.items() if e not in told and theme_id is not None
             and ev["theme_id"] == theme_id and claim & ev["rarest"]}
    long = start is not None and end is not None and \
        pd.Timestamp(end) - pd.Timestamp(start) > pd.Timedelta(days=5 * 365)
    hard = HARD.search(text)
    if hard and long:
        # a long period judged hard alludes to its crises and conflicts
        told |= {e: f'"{hard.group(0)}": an event of discord in the period'
                 for e, ev in events.items() if ev["hard"] and e not in told}
    for e in told:
        found.setdefault(e, set())
    if not entity_ids and start is not None and precision in ("day", "month", "year"):
        # a dated claim that names no one ("their history began in 1948"): every event of
        # the record is one of the two countries', so those of its date are candidates
        found |= {e: set() for e, ev in events.items()
                  if e not in found and ev["date_start"] <= pd.Timestamp(end) and
                  pd.Timestamp(start) <= ev["date_end"]}
    scored = []
    for e, shared in found.items():
        ev = events[e]
        tying = {s for s in shared if kinds.get(s) in TYING}
        dated = start is not None
        overlaps = dated and ev["date_start"] <= pd.Timestamp(end) and \
            pd.Timestamp(start) <= ev["date_end"]
        after = ev["date_start"] > said
        if after and not (modality in ("planned", "potential") and overlaps and tying):
            # after the source, an event cannot be what the source reports; it may be what
            # a plan of that period and of that body came to ("will meet later this year")
            continue
        precise = precision in ("day", "month", "year")
        if tying and dated and not overlaps:
            continue
        # without a tying entity the dates must meet, and something more must point to the
        # event: a place or another party than the two countries, a day, or the theme
        specific = shared - {*PARTNERS, PREDECESSOR[1]}
        alike = told.get(e, "")
        if alike and dated and not overlaps:
            continue
        # an event of the claim's very period ("in the 2000s") is the claim's own
        same = dated and end is not None and ev["date_start"] == pd.Timestamp(start) \
            and ev["date_end"] == pd.Timestamp(end) and bool(shared)
        # a day points to an event of that day or month, not to one of a whole year
        on_the_day = precision == "day" and \
            ev["date_end"] - ev["date_start"] <= pd.Timedelta(days=31)
        if not tying and not alike and not same and not (overlaps and (
                (precise and (specific or on_the_day or ev["theme_id"] == theme_id
                              or not entity_ids))
                # a decade is a long time: only a place or party it shares narrows it
                or (precision == "decade" and specific))):
            continue
        distance = abs((ev["date_start"] - pd.Timestamp(start)).days) if dated \
            else abs((said - ev["date_start"]).days)
        names = ", ".join(f'"{words.get(s, s)}"' for s in sorted(tying or shared))
        mentions = (bool(tying) or not entity_ids) and overlaps and precise
        note = (alike if alike and not shared else
                "its date is the event's" if not shared else
                f"names {names}, dated within the event" if mentions else
                f"the words {names} and its date point to it" if overlaps else
                f"the words {names} point to it")
        # an undated plan or hope speaks of where things stand: the latest events first
        current = not dated and modality in ("planned", "potential", "ongoing")
        order = (distance, -len(shared)) if current else (-len(shared), distance)
        if after:
            mentions, note = False, f"held after the source, within its period: {note}"
        scored.append((not tying and not alike and not same and bool(entity_ids),
                       not overlaps, *order, e,
                       "fulfils" if after else "mentions" if mentions else "alludes", note))
    # a long period alludes to more events, and one judged hard to more still
    kept = (limit or RECORD_LINKS) * (1 + long + bool(hard and long))
    return [(e, r, n) for *_, e, r, n in sorted(scored)[:kept]]
