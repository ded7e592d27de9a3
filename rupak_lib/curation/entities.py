"""The known entities a sentence names: by name and alias, possessive, plural and the
adjective of a country, and, where it is safe, by a near spelling (rapidfuzz).

Forms come from entities.csv alone: its names and aliases, and for a country the adjective
the language derives from its name (Russia -> Russian, Pakistan -> Pakistani, Afghanistan ->
Afghan). A longer form wins over a shorter one inside it ("Pakistan Steel Mills" is the
mill, not the country). Fuzzy matching is kept to names of two words or more and ten letters
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
_CAPITALISED = re.compile(r"\b(?:[A-Z][\w’'-]+(?:\s+(?:of|the|for|and)\s+|\s+)?){2,}")


@dataclass(frozen=True)
class Mention:
    entity_id: str
    role: str
    words: str  # as the sentence writes it
    how: str  # "name", "alias", "adjective", "near spelling (score)"


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
    return out


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
            r"(?<![\w-])(" + "|".join(re.escape(f) for f in ordered) + r")(?:s|['’]s)?(?![\w-])")
        self.fuzzy = {f: v for f, v in forms.items()
                      if len(f) >= FUZZY_LENGTH and len(f.split()) >= 2}

    def find(self, sentence: str) -> tuple[list[Mention], list[str]]:
        """The entities the sentence names, in order, each once; and capitalised phrases
        that name no known entity (candidates for new entities)."""
        hits: list[tuple[int, int, str, str, str]] = []  # start, end, entity, words, how
        for phrase in self._near(sentence):
            hits.append(phrase)
        for m in self.pattern.finditer(sentence):
            if any(a <= m.start() < b for a, b, *_ in hits):
                continue  # inside a longer name found by its near spelling
            entity, how = self.forms[m.group(1)]
            hits.append((m.start(), m.end(), entity, m.group(0), how))
        found: dict[str, Mention] = {}
        for _, _, entity, words, how in sorted(hits):
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

    def _near(self, sentence: str) -> list[tuple[int, int, str, str, str]]:
        """Capitalised phrases of two words or more that spell a long name nearly (or
        shorten it), which no name or alias matches exactly."""
        if not self.fuzzy:
            return []
        from rapidfuzz import fuzz, process

        out = []
        for phrase in _CAPITALISED.finditer(sentence):
            words = phrase.group(0).strip()
            if len(words) < FUZZY_LENGTH or len(words.split()) < 2 or any(
                    len(m.group(1).split()) >= 2 for m in self.pattern.finditer(words)):
                continue  # too short to be safe, or a long name found exactly
            best = process.extractOne(words, list(self.fuzzy), scorer=fuzz.token_set_ratio,
                                      score_cutoff=FUZZY_SCORE)
            if best:
                entity, _ = self.fuzzy[best[0]]
                out.append((phrase.start(), phrase.start() + len(words), entity, words,
                            f"near spelling ({best[1]:.0f})"))
        return out
