"""Drafting the claims of a source: a proposed claim for each claim a body sentence lists (at
least one per sentence), with its date, entities, theme, kind, modality, figure and links to
the record, each with the cue behind it.

``rupak draft ID`` writes them to ``data/drafts/ID.csv`` for a curator to correct; ``rupak
accept`` moves the accepted ones into the package. Nothing here changes a table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pandas as pd

from rupak_lib.curation.classify import Classifier, Guess, kind_of
from rupak_lib.curation.clauses import Part, clauses
from rupak_lib.curation.dates import Resolved, resolve
from rupak_lib.curation.entities import (
    ACTORS,
    PREDECESSOR,
    UNNAMED,
    EntityMatcher,
    Mention,
    authors_country,
    authors_mission,
    named,
)
from rupak_lib.curation.record import TYING, record_index, record_links
from rupak_lib.data.contract import CONTRACT
from rupak_lib.data.corpus import Corpus
from rupak_lib.data.paths import write_atomic
from rupak_lib.exceptions import CurationError, UnknownIdError

#: The columns of a drafts file: those of facts.csv, then what the draft adds.
DRAFT_COLUMNS = (*CONTRACT["facts"].columns, "entity_ids", "event_ids", "confidence", "why")
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
#: Words that scale the number before them ("one billion dollars").
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FIGURE = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS)
                     + r")\s+(?:(" + "|".join(SCALES) + r")\s+)?"
                     r"(?:(?:new|more|joint|bilateral|Pakistani|Russian|US)\s+)?"
                     r"([a-z][a-z-]+)\b", re.I)
_NOT_UNITS = {"of", "and", "to", "the", "in", "on", "at", "a", "per", "years", "year", "or"}
#: "the two countries", "our two sides": the pair a text speaks of, not a figure it states.
_THE_PAIR = re.compile(r"\b(?:the|our|these|those|both)\s+two\s+(?:sides|countries|states|"
                       r"nations|governments|leaders|parties|peoples|capitals|ministers|"
                       r"presidents|delegations)\b", re.I)


def figure(sentence: str) -> tuple[float | None, str | None, str]:
    """A figure the sentence states ("152 scholarships", "three times"), with its unit; not
    a year, a day of a month or a number inside a name."""
    pairs = [p.span() for p in _THE_PAIR.finditer(sentence)]
    for m in _FIGURE.finditer(sentence):
        number, scale, unit = m.group(1), m.group(2), m.group(3)
        if unit.lower() in _NOT_UNITS or unit[:1].isupper() or any(
                a <= m.start() < b for a, b in pairs):
            continue
        value = _NUMBER_WORDS.get(number.lower())
        if value is None:
            value = float(number.replace(",", ""))
            if 1800 <= value <= 2100 and "." not in number and not scale:
                continue  # a year
        return float(value) * SCALES.get((scale or "").lower(), 1), unit.lower(), \
            f'figure "{m.group(0)}"'
    return None, None, ""


def dated_modality(modality: str, start, said: pd.Timestamp) -> str:
    """The modality its date allows: a deed dated after the source is a plan."""
    if modality == "achieved" and start is not None and pd.Timestamp(start) > said:
        return "planned"
    return modality


#: A clause that opens on a relative ("through which teachers are sent") speaks of the last
#: person, body, facility or programme the part before it named.
RELATIVE = re.compile(r"(?:which|through which|in which|under which|by which|whose|who)\b",
                      re.I)
#: "this project", "the same commission": the one the sentence before named with that word.
THIS = re.compile(r"\b(?:this|that|the same)\s+([a-z]+)\b", re.I)
#: The word a name is introduced by: "the federal project “Teacher Abroad”" -> project.
_INTRODUCED = re.compile(r"\b([a-z]+)\s*[“\"‘']?\s*$")


def _introduced(text: str, mentions: list[Mention], kinds: dict[str, str]) -> dict:
    """The people, bodies, facilities and programmes a text names, by the common noun that
    introduces each name ("project" for "the project “Teacher Abroad”")."""
    out = {}
    for m in mentions:
        at = text.find(m.words) if m.words else -1
        word = _INTRODUCED.search(text[:at]) if at > 0 and kinds.get(m.entity_id) in TYING \
            else None
        if word:
            out[word.group(1).lower()] = m
    return out


def _referred(text: str, introduced: dict[str, Mention], last: Mention | None
              ) -> list[Mention]:
    """Whom a part speaks of without naming: "this project" (``introduced`` by the sentence
    before), and the ``last`` one the part before named, for a clause opening on "which"."""
    out = [replace(introduced[m.group(1).lower()],
                   how=f'"{m.group(0)}", named in the sentence before')
           for m in THIS.finditer(text) if m.group(1).lower() in introduced]
    relative = RELATIVE.match(text)
    if last is not None and relative:
        out.append(replace(last, how=f'"{relative.group(0)}", named in the part before'))
    return out


class Drafter:
    """What drafting a source needs, learned and indexed once: the model of theme, kind and
    modality, the entity matcher and the record's index. ``curated`` and ``linked`` are the
    claims and entity links learned from (those of the other sources, when drafting one)."""

    def __init__(self, corpus: Corpus, source_id: str, curated: pd.DataFrame,
                 linked: pd.DataFrame) -> None:
        self.corpus, self.source_id = corpus, source_id
        self.said = pd.Timestamp(corpus.sources.set_index("source_id").at[source_id, "date"])
        self.classifier = Classifier(curated, corpus.themes, corpus.entities)
        self.matcher = EntityMatcher(corpus.entities, linked)
        source = corpus.sources[corpus.sources["source_id"] == source_id].iloc[0]
        self.we = authors_country(source, corpus.entities)
        self.mission = authors_mission(source, self.matcher, self.we)
        self.index = record_index(corpus)

    def sentences(self, numbered: list[tuple[int, str]], split: bool = True) -> list[dict]:
        """The drafted claims of numbered sentences: one per claim a sentence lists (see
        :func:`clauses`), or one per sentence when not ``split``."""
        parts = [clauses(t) if split else [Part(t)] for _, t in numbered]
        # a sentence cut into parts is classified whole too: its parts share its theme
        several = [t for (_, t), ps in zip(numbered, parts, strict=True) if len(ps) > 1]
        guesses = iter(self.classifier.classify(several + [p.text for ps in parts
                                                           for p in ps]))
        wholes = iter([next(guesses) for _ in several])
        claims: list[tuple[int, dict]] = []  # (sentence number, drafted claim)
        introduced: dict[str, Mention] = {}  # by the sentence before: "this project"
        for (number, text), ps in zip(numbered, parts, strict=True):
            sentence = self._sentence(text, next(wholes)) if len(ps) > 1 else None
            before, dated = None, None
            last: Mention | None = None  # the last one named in the part before
            named_here: dict[str, Mention] = {}
            for part in ps:
                guess = next(guesses)
                if part.situated:
                    guess = _situated(guess, part.text)
                governed = _governed(guess, before, part.text) if part.item else guess
                # a relative clause speaks of what it refers to, not of its sentence's actors
                own = part.own_actors or bool(RELATIVE.match(part.text))
                refers = _referred(part.text, introduced, last)
                row = self._claim(part.text, governed, sentence, dated, part.elsewhen, own,
                                  refers=refers)
                tying = [m for m in row["mentions"] if self.matcher.kind.get(m.entity_id)
                         in TYING and m.words and m.words in part.text]
                last = tying[-1] if tying else None
                named_here |= _introduced(part.text, row["mentions"], self.matcher.kind)
                if governed is guess:  # an item governed by a lead leaves it the lead
                    before = row["guess"]
                if row["when"].start is not None:
                    dated = row["when"]
                # facilities listed together ("the Guddu and Jamshoro plants were built")
                # are a claim each: each has its own record, and may be checked apart
                listed = [m.entity_id for m in row["mentions"]
                          if self.matcher.kind.get(m.entity_id) == "facility"
                          and not m.how.startswith(("named in", "the "))]
                drafted = [self._claim(part.text, governed, sentence, dated, part.elsewhen,
                                       own, only=f, refers=refers)
                           for f in listed] if len(listed) > 1 else [row]
                for each in drafted:
                    claims.append((number, each))
            introduced = named_here
        drafted_of = Counter(n for n, _ in claims)
        numbered_so_far: Counter = Counter()
        for number, row in claims:
            numbered_so_far[number] += 1
            row["fact_id"] = f"{self.source_id}-s{int(number)}" + (
                f"-{numbered_so_far[number]}" if drafted_of[number] > 1 else "")
        return [row for _, row in claims]

    def _sentence(self, text: str, guess: dict) -> dict:
        """What the parts of a sentence take from it: its theme and whom it names."""
        when = resolve(text, self.said.date())
        mentions, _ = self.matcher.find(text, when.start.year if when.start else None,
                                        self.we, self.mission)
        return {"theme_id": guess["theme_id"], "mentions": mentions}

    def _claim(self, text: str, guess: dict, sentence: dict | None = None,
               dated: Resolved | None = None, elsewhen: bool = False,
               own_actors: bool = False, only: str | None = None,
               refers: list[Mention] | None = None) -> dict:
        """The drafted claim of a text; a part of a longer sentence takes from the
        ``sentence``'s draft what it does not say itself (its theme, who acts), and with no
        date of its own the date of the nearest part before it that has one (``dated``),
        unless it tells what happened at another time (``elsewhen``: "shortly after
        Pakistan gained independence"), an event with a date and actors of its own. A
        part with ``own_actors`` (a scene set for the speaker's clause, a clause telling
        when) takes no actors from it either.
        ``only``: of the facilities the text lists, the one this claim is about;
        ``refers``: those it speaks of by "which" or "this project"."""
        said = self.said
        when = resolve(text, said.date())
        if sentence is not None:
            guess = {**guess, "theme_id": sentence["theme_id"]}
            if when.start is None and dated is not None and not elsewhen:
                when = replace(dated, rule=f'"{dated.text}", said in the part before: '
                                           f"{dated.rule}")
        mentions, unknown = self.matcher.find(text, when.start.year if when.start else None,
                                              self.we, self.mission)
        if sentence is not None and not elsewhen and not own_actors:
            # a part is done by the partners its sentence names (and by the envoy's mission
            # acting in it) as well as by those it names; the sentence's places, things and
            # third countries ("the situation in Afghanistan") belong to the parts that
            # name them
            own = set(named(mentions))
            actors = [m for m in sentence["mentions"] if m.entity_id in (*ACTORS, self.mission)
                      and m.entity_id in named(sentence["mentions"]) and m.entity_id not in own
                      # the USSR of a sentence acts in none of its parts after 1991
                      and not (m.entity_id == PREDECESSOR[1] and when.start is not None
                               and when.start.year >= PREDECESSOR[2])]
            if actors:
                mentions = [m for m in mentions if m.entity_id in own] + [
                    replace(m, how=f"named in its sentence, {m.how}") for m in actors]
        others: set[str] = set()  # the events of the other facilities listed
        if refers:  # the one it refers to is named: no stand-ins for a claim naming no one
            mentions = [m for m in mentions if not m.how.startswith(UNNAMED)]
        own_ids = {m.entity_id for m in mentions}
        mentions += [m for m in dict.fromkeys(refers or []) if m.entity_id not in own_ids]
        if only is not None:
            kind = self.matcher.kind.get
            rest = [m for m in mentions if m.entity_id != only and kind(m.entity_id) == "facility"]
            others = {e for m in rest for e in self.index[1].get(m.entity_id, ())}
            # nor the place named in another's words ("the plant in Karachi, as well as …")
            theirs = [m.words for m in rest if m.words]
            mentions = [m for m in mentions if m.entity_id == only or (
                kind(m.entity_id) != "facility" and not (
                    kind(m.entity_id) == "place" and m.words
                    and any(m.words in w for w in theirs)))]
        value, unit, figure_why = figure(text)
        words = {m.entity_id: m.words for m in mentions}
        modality = dated_modality(guess["modality"].value, when.start, said)
        # a capital standing for its government still places the record's events
        places = [p for _, p in sorted(self.matcher.parties(text))]
        links = record_links(self.corpus, named(mentions) + places, when.start, when.end,
                             when.precision, words, said, theme_id=guess["theme_id"].value,
                             index=self.index, modality=modality, text=text)
        links = [link for link in links if link[0] not in others]
        why = [f"theme: {guess['theme_id'].why}", f"kind: {guess['kind'].why}",
               f"modality: {guess['modality'].why}", f"date: {when.rule}"]
        why += [f"entity {m.entity_id}: {m.how}" + (f' "{m.words}"' if m.words else "")
                for m in mentions]
        if figure_why:
            why.append(figure_why)
        why += [f"record {e}: {note}" for e, _, note in links]
        if unknown:
            why.append("not a known entity: " + "; ".join(dict.fromkeys(unknown)))
        confidence = min(g.confidence for g in guess.values()) * (1.0 if mentions else 0.8)
        return {
            "source_id": self.source_id,
            "theme_id": guess["theme_id"].value, "kind": guess["kind"].value,
            "modality": modality, "summary": text, "quote": text,
            "date_start": when.start.isoformat() if when.start else "",
            "date_end": when.end.isoformat() if when.end else "",
            "date_precision": when.precision, "date_text": when.text,
            "value": "" if value is None else f"{value:.15g}", "unit": unit or "",
            "verification": "unverified", "reference": "",
            "notes": "Drafted: summary and verdict to be written by the curator.",
            "entity_ids": "|".join(f"{m.entity_id}:{m.role}" for m in mentions),
            "event_ids": "|".join(f"{e}:{r}" for e, r, _ in links),
            "confidence": round(confidence, 2), "why": "; ".join(why),
            # what the next parts of its sentence take from it: its lead, its date
            "guess": guess, "when": when, "mentions": mentions}


def _governed(guess: dict[str, Guess], before: dict[str, Guess] | None,
              part: str) -> dict[str, Guess]:
    """An item that goes on from the part before it ("…; fair world trade", ", including
    creating a company"), with no cue of its own, takes that part's modality: a stance
    stays a stance, a deed done stays done."""
    if before is None or guess["modality"].why.startswith("cue") or \
            not before["modality"].why.startswith("cue"):
        return guess
    lead = before["modality"]
    return _with_modality(guess, part, Guess(lead.value, lead.confidence,
                                             f"{lead.why}, in the clause it goes on from"))


def _situated(guess: dict[str, Guess], part: str) -> dict[str, Guess]:
    """A subject placed by a participle of place ("the centres operating in Lahore") tells
    where something stands now: under way, unless a cue of its own says otherwise."""
    if guess["modality"].why.startswith("cue"):
        return guess
    return _with_modality(guess, part, Guess("ongoing", 0.7,
                                             "a participle of place: where it stands"))


def _with_modality(guess: dict[str, Guess], part: str, modality: Guess) -> dict[str, Guess]:
    """The guess with another modality, and the kind that fits it."""
    return {**guess, "modality": modality, "kind": kind_of(part, modality.value, (
        guess["kind"].value, guess["kind"].confidence))}


def draft(corpus: Corpus, source_id: str) -> pd.DataFrame:
    """The proposed claims of a source, one per claim its body sentences list, at least one
    per sentence (``DRAFT_COLUMNS``)."""
    if source_id not in set(corpus.sources["source_id"]):
        raise UnknownIdError(f"unknown source_id {source_id!r}; known: "
                             + ", ".join(corpus.sources["source_id"]))
    body = corpus.sentences[(corpus.sentences["source_id"] == source_id)
                            & (corpus.sentences["kind"].astype(str) == "body")]
    curated = corpus.facts[corpus.facts["source_id"] != source_id]
    if curated.empty:
        raise CurationError(source_id, "the package holds no curated claim of another "
                                       "source to learn from")
    drafter = Drafter(corpus, source_id, curated, corpus.fact_entities)
    rows = drafter.sentences(list(zip(body["sentence"], (str(t) for t in body["text"]),
                                      strict=True)))
    return pd.DataFrame(rows, columns=list(DRAFT_COLUMNS))


def drafts_path(data_dir: Path, source_id: str) -> Path:
    return Path(data_dir) / "drafts" / f"{source_id}.csv"


def rejected_path(data_dir: Path, source_id: str) -> Path:
    """Where the quotes of the drafts a curator rejected are kept (fact_id, quote)."""
    return Path(data_dir) / "drafts" / f"{source_id}.rejected.csv"


def rejected(data_dir: Path, source_id: str) -> dict[str, set[str]]:
    """The quotes a curator rejected, each with the ids of the drafts rejected with it."""
    path = rejected_path(data_dir, source_id)
    if not path.is_file():
        return {}
    out: dict[str, set[str]] = {}
    for row in pd.read_csv(path, dtype=str, keep_default_na=False).itertuples():
        out.setdefault(row.quote, set()).add(row.fact_id)
    return out


def not_rejected(frame: pd.DataFrame, refused: dict[str, set[str]]) -> pd.DataFrame:
    """The drafts a curator has not rejected: by their quote, or, where several drafts
    quote the same words (one per facility a list names), by quote and id."""
    shared = frame["quote"].duplicated(keep=False)
    gone = [q in refused and (not several or i in refused[q]) for q, i, several in
            zip(frame["quote"], frame["fact_id"], shared, strict=True)]
    return frame[[not g for g in gone]]


def counted(drafts: pd.DataFrame) -> str:
    """How many claims were drafted for how many sentences, in words: "5 proposed claims
    for 3 body sentences (1 cut into several claims)"."""
    from rupak_lib.analysis.markup import plural

    numbers = drafts["fact_id"].astype(str).str.extract(r"-s(\d+)(?:-\d+)?$")[0]
    cut = int((numbers.value_counts() > 1).sum())
    said = (f"{plural(len(drafts), 'proposed claim')} for "
            f"{plural(numbers.nunique(), 'body sentence')}")
    return said + (f" ({cut} cut into several claims)" if cut else "")


def write_drafts(corpus: Corpus, source_id: str, replace: bool = False
                 ) -> tuple[Path, pd.DataFrame]:
    """Write the drafts file of a source, and return it with the drafts written; an
    existing one (a curator's edits) is kept unless ``replace``. A draft a curator rejected
    is not proposed again."""
    path = drafts_path(corpus.data_dir, source_id)
    if path.exists() and not replace:
        raise CurationError(str(path), "exists and may hold a curator's edits; pass "
                                       "--replace to draft it anew")
    frame = draft(corpus, source_id)
    frame = not_rejected(frame, rejected(corpus.data_dir, source_id))
    write_atomic(path, frame.to_csv(index=False, lineterminator="\n"))
    return path, frame
