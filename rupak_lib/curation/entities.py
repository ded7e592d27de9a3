"""The known entities a sentence names: by name and alias, possessive, plural and the
adjective of a country, and, where it is safe, by a near spelling (rapidfuzz).

Forms come from entities.csv alone: its names and aliases, and for a country the adjective
the language derives from its name (Russia -> Russian, Pakistan -> Pakistani, Ukraine ->
Ukrainian, Afghanistan -> Afghan; irregular ones, "Chinese", are the aliases' to give). A
longer form wins over a shorter one inside it ("Pakistan Steel Mills" is the mill, not the
country). Fuzzy matching is kept to names of two words or more and ten letters
or more, at a high score, so that "Karachi Steel Mill" finds the mills and "Iran" never finds
"Oman". A role is the one the package's own curation gives most often to that kind of entity.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

#: The role of an entity kind when the package has no curated link of that kind yet.
DEFAULT_ROLES = {"country": "participant", "person": "participant", "organization":
                 "participant", "place": "location", "facility": "subject",
                 "programme": "subject"}
#: The lowest rapidfuzz score (0-100) at which a near spelling counts (the phrase's words
#: against a name's: a name the phrase shortens scores 100), and the shortest phrase.
FUZZY_SCORE, FUZZY_LENGTH = 95, 10
#: The two countries whose relations the project follows, and the state that was Russia's
#: until 1991: "our two countries" in a claim about 1948 are the USSR and Pakistan.
PARTNERS = ("russia", "pakistan")
PREDECESSOR = ("russia", "ussr", 1992)  # before 1992, Russia means the USSR
#: The countries whose deeds the project follows: a part of a sentence naming them is done
#: by them too.
ACTORS = (*PARTNERS, PREDECESSOR[1])
#: Words that name the two partners together; "Russia-Pakistan" and "Russian-Pakistani" are
#: added from the partners' own names and adjectives (see ``EntityMatcher.both``).
BOTH_WORDS = (r"our (two )?countries|both countries|the two countries|(our|the) two states|"
              r"both sides|the two sides|bilateral|our (two )?nations|our peoples|"
              r"both peoples|"
              # an inclusive "we": what the speaker does together with the partner
              r"together,? we|we (?:are|were|remain) united|united by|we jointly|we both|"
              # a relation has two sides: "our ties", "our interparliamentary contacts"
              r"our (?:[\w-]+ )?(?:ties|relations|relationship|partnership|friendship|"
              r"contacts|cooperation)|"
              # people of both sides who meet or agree: a meeting has two parties
              r"our (?:[\w-]+ )?(?:leaders|ministers|heads of state|presidents|delegations)"
              r"(?= (?:have |had )?(?:met|agreed|signed|exchanged|held talks))")
#: How a mention reads when the sentence named no one and the two countries stand in.
UNNAMED = "the two countries, named by no other"
#: Words of a relation between parties: with a partner's "we" ("we prioritize cultural
#: exchanges"), the other party is the partner the corpus pairs it with.
RELATION = re.compile(r"\b(?:cooperat(?:ion|ing|e)|dialogue|contacts|exchanges?|trade|"
                      r"relations|ties|partnership|engagement|payments?|settlements|"
                      r"consultations|talks)\b", re.I)
#: Parties of a relation: "cooperation between Moscow and Islamabad", "relations between
#: Islamabad and BRICS"; not places ("held alternately between Moscow and Islamabad").
BETWEEN = re.compile(r"\b(?:cooperation|relations|ties|trade|talks|dialogue|partnership|"
                     r"contacts|exchanges|interaction|engagement|agreements?)\s+between\s+"
                     r"([^,;.]+?)\s+and\s+([^,;.]+)", re.I)
#: An envoy's "we" doing what a mission does: organising, hosting, keeping contacts.
MISSION_DEEDS = re.compile(r"\bwe\s+(?:[a-z]+\s+){0,2}?(?:organi[sz]ed?|host(?:ed)?|"
                           r"held|arranged?|maintain(?:ed)?\s+(?:[a-z]+\s+)?contacts?)\b",
                           re.I)
#: Words of an author's role that make the source a diplomatic mission's.
ENVOY = re.compile(r"\b(?:Ambassador|Embassy|Charg[ée] d'Affaires)\b", re.I)
THE_HEAD = re.compile(r"\bthe ([A-Z][\w-]+(?: [A-Z][\w-]+)?)\b")
WE = re.compile(r"\b(we|our|us)\b", re.I)
_CAPITALISED = re.compile(r"\b(?:[A-Z][\w’'-]+(?:\s+(?:of|the|for|and)\s+|\s+)?){2,}")


@dataclass(frozen=True)
class Mention:
    entity_id: str
    role: str
    words: str  # as the sentence writes it
    how: str  # "name", "alias", "adjective", "near spelling (score)"


def named(mentions: list[Mention]) -> list[str]:
    """The entities a sentence names: not the two countries standing in for no one (the
    record links a claim that names no one by its date alone)."""
    return [m.entity_id for m in mentions if not m.how.startswith(UNNAMED)]


def adjectives(name: str) -> list[str]:
    """The adjectives English derives from a country's name."""
    out = []
    if name.endswith("a"):
        out.append(name + "n")  # Russia -> Russian, India -> Indian
    if name.endswith("istan") and len(name) - 5 >= 4:
        out.append(name[:-5])  # Afghanistan -> Afghan
    if name.endswith("stan"):
        out.append(name + "i")  # Pakistan -> Pakistani
    if name.endswith("y"):
        out.append(name[:-1] + "ian")  # Hungary -> Hungarian
    if name.endswith("e"):
        out.append(name[:-1] + "ian")  # Ukraine -> Ukrainian
    if name.endswith("n") and not name.endswith("stan"):
        out.append(name + "ian")  # Iran -> Iranian, Jordan -> Jordanian
    if name.endswith("sh"):
        out.append(name + "i")  # Bangladesh -> Bangladeshi
    return out


def authors_country(source: object, entities: pd.DataFrame) -> str | None:
    """The country whose "we" a source speaks: the one its author's role names ("Ambassador
    of the Russian Federation"), by name, alias or adjective."""
    role = " ".join(str(getattr(source, f, "") or "") for f in ("author_role", "author"))
    countries = entities[entities["kind"].astype(str) == "country"]
    for e in countries.itertuples():
        forms = [str(e.name), *adjectives(str(e.name))]
        if isinstance(e.aliases, str):
            forms += [a.strip() for a in e.aliases.split("|") if a.strip()]
        if any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", role) for f in forms):
            return str(e.entity_id)
    return None


def authors_mission(source: object, matcher: EntityMatcher, we: str | None) -> str | None:
    """The embassy an envoy's source speaks from: the organisation of the author's country
    whose name opens with "Embassy", when the author's role is a diplomat's."""
    role = " ".join(str(getattr(source, f, "") or "") for f in ("author_role", "author"))
    code = matcher.country.get(we) if we else None
    if not ENVOY.search(role) or not isinstance(code, str):
        return None
    return matcher.heads.get(("Embassy", code))


def _pairs(entities: pd.DataFrame) -> str:
    """The partners named as a pair, in either order, by name or adjective, joined by a
    hyphen or a dash ("Russia–Pakistan relations", "Pakistani-Russian ties")."""
    forms = []
    for partner in PARTNERS:
        row = entities[entities["entity_id"] == partner]
        if len(row):
            name = str(row["name"].iloc[0])
            forms.append([name, *adjectives(name)])
    if len(forms) < 2:
        return r"(?!x)x"
    first, second = (r"(?:" + "|".join(map(re.escape, f)) + ")" for f in forms)
    return rf"{first}\s*[-–—]\s*{second}|{second}\s*[-–—]\s*{first}"


class EntityMatcher:
    """Finds the package's entities in sentences; built once per draft."""

    def __init__(self, entities: pd.DataFrame, fact_entities: pd.DataFrame | None = None
                 ) -> None:
        kinds = dict(zip(entities["entity_id"], entities["kind"].astype(str), strict=True))
        self.roles = dict(DEFAULT_ROLES)
        if fact_entities is not None and len(fact_entities):
            by_kind: dict[str, Counter] = {}
            for e, r in zip(fact_entities["entity_id"], fact_entities["role"].astype(str),
                            strict=True):
                by_kind.setdefault(kinds.get(e, ""), Counter())[r] += 1
            self.roles |= {k: c.most_common(1)[0][0] for k, c in by_kind.items() if k}
        self.kind = kinds
        self.country = dict(zip(entities["entity_id"], entities["country"], strict=True))
        self.countries: dict[str, list[str]] = {}
        for e, k, c in zip(entities["entity_id"], entities["kind"].astype(str),
                           entities["country"], strict=True):
            if k == "country" and isinstance(c, str):
                self.countries.setdefault(c, []).append(str(e))
        forms: dict[str, tuple[str, str]] = {}
        for e in entities.itertuples():
            names = [(str(e.name), "name")]
            if isinstance(e.aliases, str):
                names += [(a.strip(), "alias") for a in e.aliases.split("|") if a.strip()]
            if str(e.kind) == "country":
                names += [(a, "adjective") for a in adjectives(str(e.name))]
            for form, how in names:
                if len(form) >= 2 and form not in forms:
                    forms[form] = (str(e.entity_id), how)
        self.forms = forms
        ordered = sorted(forms, key=len, reverse=True)
        self.pattern = re.compile(
            # "anti-Russian sanctions", "pro-Pakistani voices" name the country too
            r"(?<![\w-])(?:anti-|pro-)?(" + "|".join(re.escape(f) for f in ordered)
            + r")(?:s|['’]s)?(?![\w-])")
        # a place or person inside a longer name ("the Russian House in Karachi", "a monument
        # to Yuri Gagarin") is named too
        places = [f for f in ordered if kinds.get(forms[f][0]) in ("place", "person")]
        self.places = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(f) for f in places) + r")(?:['’]s)?(?![\w-])"
            if places else r"(?!x)x")
        self.names = dict(zip(entities["entity_id"], entities["name"].astype(str), strict=True))
        #: a capital (its description opens "Capital of <country>") and its country: named
        #: as a party to a relation, the capital is its government
        by_name = {str(e.name): str(e.entity_id) for e in entities.itertuples()
                   if str(e.kind) == "country"}
        self.capital_of = {}
        for e in entities.itertuples():
            said = re.match(r"Capital of (?:the )?([A-Z][\w ]+?)[.,;]",
                            str(getattr(e, "description", "")))
            if str(e.kind) == "place" and said and said.group(1) in by_name:
                self.capital_of[str(e.entity_id)] = by_name[said.group(1)]
        #: "the Embassy" in a source whose author speaks for Russia: the one organisation of
        #: that country whose name opens with the word ("Embassy of the Russian Federation")
        heads: dict[tuple[str, str], list[str]] = {}
        for e in entities.itertuples():
            head = re.match(r"([A-Z][\w-]+(?: [A-Z][\w-]+)?) (?:of|in) ", str(e.name))
            if str(e.kind) == "organization" and head and isinstance(e.country, str):
                heads.setdefault((head.group(1), e.country), []).append(str(e.entity_id))
        self.heads = {k: v[0] for k, v in heads.items() if len(v) == 1}
        self.fuzzy = {f: v for f, v in forms.items()
                      if len(f) >= FUZZY_LENGTH and len(f.split()) >= 2}
        self.both = re.compile(rf"\b({BOTH_WORDS}|{_pairs(entities)})\b", re.I)
        self.pair = re.compile(_pairs(entities), re.I)
        #: a capital, or two, as the subject of a deed: "Moscow lifted", "Moscow and
        #: Islamabad have agreed" (a verb in -ed or one of a government's usual deeds)
        capitals = "|".join(re.escape(f) for f in ordered if forms[f][0] in self.capital_of)
        self._doers = re.compile(
            # (not one a preposition places: "the meeting in Moscow ended")
            r"(?<!\bin )(?<!\bat )(?<!\bfrom )(?<!\bto )(?<!\bof )(?<!\bnear )"
            rf"(?<![\w-])(?:{capitals})(?:\s+and\s+(?:{capitals}))?\s+(?:has\s+|have\s+|"
            # (a city that hosted something is its place too: it stays one)
            r"had\s+|will\s+|would\s+)?(?:(?!hosted)[a-z]+ed|said|says|sent|sends|took|gave|made|"
            r"wants|supports|opposes|welcomes|believes|hopes|insists|seeks)\b"
            if capitals else r"(?!x)x")

    def find(self, sentence: str, year: int | None = None, we: str | None = None,
             mission: str | None = None) -> tuple[list[Mention], list[str]]:
        """The entities the sentence names, in order, each once; and capitalised phrases
        that name no known entity (candidates for new entities). ``year``: the first year
        the claim speaks of (Russia before 1992 is the USSR); ``we``: the country of the
        source's author, whom "we" and "our" name; ``mission``: the embassy of an envoy's
        source, the "we" that organises, hosts and keeps contacts."""
        hits: list[tuple[int, int, str, str, str]] = []  # start, end, entity, words, how
        for phrase in self._near(sentence):
            hits.append(phrase)
        for m in self.pattern.finditer(sentence):
            if any(a <= m.start() < b for a, b, *_ in hits):
                continue  # inside a longer name found by its near spelling
            entity, how = self.forms[m.group(1)]
            hits.append((m.start(), m.end(), entity, m.group(0), how))
        for m in self.places.finditer(sentence):  # inside a longer name it counts too
            entity, how = self.forms[m.group(1)]
            if not any(
                    h[0] == m.start() and h[2] == entity for h in hits):
                hits.append((m.start(), m.end(), entity, m.group(0), how))
        codes = {self.country.get(h[2]) for h in hits if self.kind.get(h[2]) == "place"}
        for partner in PARTNERS:  # "Moscow and Islamabad": the two governments
            if partner in self.kind and self.country.get(partner) in codes and len(codes) > 1:
                hits.append((len(sentence), len(sentence), partner, "its capital",
                             "a city for its country"))
        parties = self.parties(sentence)
        hits = [(h[0], h[1], self.capital_of[h[2]], h[3], "a capital for its government")
                if (h[0], h[2]) in parties else h for h in hits]
        code = self.country.get(we) if we else None
        for m in THE_HEAD.finditer(sentence):  # "at the Embassy": the author's own
            entity = self.heads.get((m.group(1), code)) if isinstance(code, str) else None
            if entity and not any(a <= m.start(1) < b for a, b, *_ in hits):
                hits.append((m.start(1), m.end(1), entity, m.group(0), "the author's own"))
        for h in list(hits):  # a facility stands in its country
            if self.kind.get(h[2]) == "facility":
                hits += [(h[1], h[1], c, h[3], "the facility's country")
                         for c in self.countries.get(self.country.get(h[2]), [])]
            if self.kind.get(h[2]) in ("facility", "organization"):  # and in its city
                hits += [(h[1], h[1], self.forms[p.group(1)][0], p.group(1),
                          "named in its full name")
                         for p in self.places.finditer(self.names[h[2]])
                         if self.kind.get(self.forms[p.group(1)][0]) == "place"]
        implied = self.both.search(sentence)
        if implied:
            how = "named as a pair" if self.pair.fullmatch(implied.group(0)) \
                else "the two countries"
            hits += [(implied.start(), implied.end(), e, implied.group(0), how)
                     for e in PARTNERS if e in self.kind]
        hit = WE.search(sentence) if we and we in self.kind else None
        deed = MISSION_DEEDS.search(sentence) if mission in self.kind else None
        if implied and implied.group(0).lower() == "bilateral" and (deed or any(
                h[2] == mission for h in hits)):
            hits = [h for h in hits if h[4] != "the two countries"]
        if deed and not any(h[2] == mission for h in hits):
            # "we organized a seminar": the envoy's mission did
            hits.append((deed.start(), deed.end(), str(mission), deed.group(0),
                         "the author's mission"))
            # where it acted is its seat, unless the sentence says where ("circles in
            # Pakistan", "a concert in Lahore")
            placed = any(self.kind.get(h[2]) in ("place", "country") and re.search(
                r"\b(?:in|at|across|throughout)\s+(?:the\s+)?$", sentence[:h[0]], re.I)
                for h in hits)
            hits += [(deed.end(), deed.end(), self.forms[p.group(1)][0], p.group(1),
                      "named in its full name")
                     for p in self.places.finditer(self.names[str(mission)])
                     if self.kind.get(self.forms[p.group(1)][0]) == "place" and not placed]
        if hit and not any(h[4] in ("the author's own", "the author's mission") for h in hits):
            # "we organized a conference at the Embassy": the author's own organisation is
            # "we", not its country
            hits.append((hit.start(), hit.end(), we, hit.group(0), "the author's country"))
            relation = RELATION.search(sentence)
            # "we prioritize exchanges": with the partner, unless a third country is named
            # ("we expand trade with China")
            third = any(self.kind.get(h[2]) == "country" and h[2] not in ACTORS
                        for h in hits)
            if relation and we in PARTNERS and not third:
                partner = next(p for p in PARTNERS if p != we)
                hits += [(relation.start(), relation.end(), partner, relation.group(0),
                          f'the partner of "{hit.group(0)}" in a relation')] \
                    if partner in self.kind else []
        if not hits:  # a claim naming no one is one of the relation the corpus follows
            hits += [(len(sentence), len(sentence), e, "", UNNAMED) for e in PARTNERS
                     if e in self.kind]
        found: dict[str, Mention] = {}
        for _, _, entity, words, how in sorted(hits):
            if year is not None and year < PREDECESSOR[2] and entity == PREDECESSOR[0] \
                    and PREDECESSOR[1] in self.kind:
                if how in ("name", "alias", "adjective", "named as a pair") \
                        and entity not in found:
                    # named as Russia: the name is linked, and the state it then was
                    found[entity] = Mention(entity, "subject", words, how)
                entity, how = PREDECESSOR[1], f"{how}, before 1992: the USSR"
            if entity not in found:
                found[entity] = Mention(entity, self.roles.get(self.kind[entity], "subject"),
                                        words, how)
        unknown = []
        for p in _CAPITALISED.finditer(sentence):
            if any(a < p.end() and p.start() < b for a, b, *_ in hits):
                continue
            words = p.group(0).strip()
            if p.start() == 0:  # a sentence's first word is capitalised anyway
                words = re.sub(r"^\S+\s+(?:(?:of|the|for|and)\s+)?", "", words)
            if len(re.findall(r"\b[A-Z]", words)) >= 2:
                unknown.append(words)
        return list(found.values()), unknown

    def parties(self, sentence: str) -> set[tuple[int, str]]:
        """Capitals named as parties to a relation ("cooperation between Moscow and
        Islamabad") or as the doers of a deed ("Moscow lifted its embargo", "Moscow and
        Islamabad agreed"), as (position, place): each stands for its government, though
        the record still places events there."""
        spans = [(b.start(1), b.end(2)) for b in BETWEEN.finditer(sentence)]
        spans += [(d.start(), d.end()) for d in self._doers.finditer(sentence)]
        out = set()
        for start, end in spans:
            for m in self.pattern.finditer(sentence, start, end):
                place = self.forms[m.group(1)][0]
                if place in self.capital_of:
                    out.add((m.start(), place))
        return out

    def _near(self, sentence: str) -> list[tuple[int, int, str, str, str]]:
        """Capitalised phrases of two words or more that spell a long name nearly (or
        shorten it), which no name or alias matches exactly."""
        if not self.fuzzy:
            return []
        from rapidfuzz import fuzz, process

        out = []
        for phrase in _CAPITALISED.finditer(sentence):
            words = phrase.group(0).strip()
            start = phrase.start()
            article = re.match(r"(?:The|A|An)\s+", words)
            if article:  # "The Intergovernmental Commission" shortens a name without "The"
                words, start = words[article.end():], start + article.end()
            if len(words) < FUZZY_LENGTH or len(words.split()) < 2 or any(
                    len(m.group(1).split()) >= 2 for m in self.pattern.finditer(words)):
                continue  # too short to be safe, or a long name found exactly
            best = process.extractOne(words, list(self.fuzzy), scorer=fuzz.token_set_ratio,
                                      score_cutoff=FUZZY_SCORE)
            if best:
                entity, _ = self.fuzzy[best[0]]
                out.append((start, start + len(words), entity, words,
                            f"near spelling ({best[1]:.0f})"))
        return out
