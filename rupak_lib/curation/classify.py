"""Theme, kind and modality of a drafted claim: a model learned from the package's curated
claims, and the cues the contract's definitions imply.

The model is TF-IDF over the words and character n-grams of the quotes with a logistic
regression (scikit-learn), trained when a draft runs on whatever the package holds; for the
theme, each theme's title and description are one more example of it, so that a theme with
few curated claims is still known. The cues come from the definitions in the contract and
from English, never from one document: a future or modal verb makes a plan (planned) or a
hope (potential); "continues", "regularly", "since" something under way (ongoing); a first
person stance or an evaluative word a stance; a standing body (commission, council,
consultations) a mechanism. Where a cue speaks it decides; the model decides the rest.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import pandas as pd

#: Cues of each modality, strongest first (the first that matches decides).
MODALITY_CUES: tuple[tuple[str, re.Pattern], ...] = (
    # a sentence the speaker frames as a judgement of theirs is a stance, whatever it reports
    # so is a doubt someone voices about what is to come ("experts doubt that …")
    ("stance", re.compile(r"\b((we|I) can (confidently |safely |rightly )?say|"
                          r"(we are|I am) (confident|convinced|certain)|confidently|"
                          r"doubts? (that|whether)|doubted (that|whether))\b", re.I)),
    # "may" only as the modal verb, never the month; "would like to" not before a verb of
    # speaking ("I would like to reiterate" announces what is said, it hopes for nothing)
    # "potential" as a noun one has ("its full potential") grades; it hopes for nothing
    ("potential", re.compile(r"\b(hope[sd]?|hoping|could|might|(?-i:may)|"
                             r"(?<!its )(?<!their )(?<!our )(?<!full )potential(ly)?|"
                             # (studying a plan; "studying in Kazan" is where one studies)
                             r"studying(?! (in|at) )|examining|weighing|"
                             r"prospects?|possibilit(y|ies)|explor(e|es|ed|ing)|"
                             r"consider(s|ed|ing)?|under (discussion|consideration)|"
                             r"being (discussed|considered|studied)|looking into|"
                             r"(is|are) (also )?discussing|"
                             r"would like(?! to (reiterate|note|stress|emphasi[sz]e|say|thank|"
                             r"recall|remind|add|point out|mention|begin|start|conclude))|"
                             r"wish|interested in|opportunit(y|ies)|"
                             r"(ready|willing|prepared) to)\b", re.I)),
    ("planned", re.compile(r"\b(will|shall|plans?|planned|planning|intends?|intended|is to|"
                           r"are to|(is|are) (expected|due|set) to|scheduled|agreed to|"
                           r"decided to|to be (held|signed|"
                           r"launched|built)|envisage[sd]?|identified|upcoming|next)\b", re.I)),
    ("ongoing", re.compile(r"\b(continues?|continuing|ongoing|under way|underway|is working|"
                           r"are working|regularly|annually|every year|each year|remains?|"
                           r"still|currently|is being|are being|now|actively|engaged in|"
                           r"(is|are) (cooperating|working|developing|coordinating|"
                           r"operating|promoting)|(?<!to )(maintains?|operates?|participates?|"
                           r"coordinates?|cooperates?|interacts?|collaborates?)|"
                           r"(focus is|focuses|is focused|are focused) on|"
                           r"(is|are) (sent|held|organi[sz]ed|provided|offered|conducted|"
                           r"granted|awarded|taught))\b|"
                           r"\bhas been\b.*\bsince\b",
                           re.I)),
    ("stance", re.compile(r"\b(we (believe|support|oppose|advocate|stand|welcome|condemn|"
                          r"reject|value|share|are united|call|prioriti[sz]e)|united by|"
                          # a state's stance told in the third person
                          r"(welcomes|welcomed|supports|opposes|condemns|rejects)|"
                          r"(they|sides|countries|states) (also )?(support|oppose|welcome|"
                          r"condemn|reject)|"
                          r"(share|shares) (a|the|their) (commitment|view|position|concern)|"
                          r"(is|are) committed to|"
                          r"must|should|"
                          r"important|strong|excellent|good|great|remarkable|pivotal|"
                          r"unprecedented|friendly|trust(ed|ing)?)\b", re.I)),
    ("achieved", re.compile(r"\b(signed|held|met|established|visited|opened|built|"
                            r"delivered|launched|took place|completed|inaugurated|"
                            r"concluded|adopted|was|were|had|became|did|organi[sz]ed|"
                            r"attended|assisted|helped|hosted|installed|exchanged|tripled|"
                            r"doubled|increased|received|sent|provided|reached|created|began|"
                            r"started|ended)\b",
                            re.I)),
)
#: Cues of each kind, given the modality; the model decides when none matches.
MECHANISM = re.compile(r"\b(commission|council|consultations?|mechanism|dialogue|forum|"
                       r"working group|committee|mission|channel|friendship group)s?\b", re.I)
PROJECT = re.compile(r"\b(project|plant|pipeline|railway|corridor|construction|production|"
                     r"mill|station|factory|build|building|modernis|modernization|restor|"
                     r"exploration|extraction|drilling|deposit|oil and gas field|pilot|"
                     r"joint venture)\w*", re.I)
#: Signing or adopting a text is an act of a day, whatever the text is about.
SIGNING = re.compile(r"\b(signed|concluded|adopted|ratified|initialled|initialed)\b", re.I)
#: A channel named as what is being made ("developing payment mechanisms") is a project
#: until it stands.
MAKING = re.compile(r"\b(develop|creat|establish|setting up|build)ing\s+(?:[\w-]+\s+){0,3}?"
                    r"(mechanisms?|channels?|commissions?|councils?|forums?|committees?)\b",
                    re.I)
#: Help given in doing something ("assisted Pakistan in developing its energy sector") is
#: aid to a project.
AID = re.compile(r"\b(assist(ed|s)?|help(ed|s)?|aid(ed|s)?)\b[^.;]*?\bin\s+[a-z]+ing\b", re.I)
#: A standing body's meeting, or a visit by its members, is an event; the body, or a
#: channel set up, is a mechanism.
MEETING = re.compile(r"\b(met|meets|meeting|session|convened|held|took place|gathered|"
                     r"visit(ed|s)?|delegations?)\b", re.I)
#: A phrase led by a gerund ("restoring the mill", "and launching a railway") asserts no
#: deed: a project so named, with no cue of its modality, is to be done.
TENSELESS = re.compile(r"^\W*(?:(?:and|or|including|such as|these include)\s+)?"
                       r"([a-z]+ing)\b", re.I)
#: Words that grade something (an assessment), as against stating a principle (a position).
EVALUATIVE = re.compile(r"\b(important|strong(er|ly)?|excellent|good|great|remarkable|"
                        r"pivotal|unprecedented|friendly|positive|effective(ly)?|successful|"
                        r"dynamic|constructive|fruitful|confident(ly)?|difficult|momentum|"
                        r"best|poor|weak|growing|significant|key)\b", re.I)
#: What recurs on a schedule is a standing arrangement.
RECURRING = re.compile(r"\b(annually|every year|each year|regularly|alternating|"
                       r"rotating|on a regular basis)\b", re.I)
POSITION = re.compile(r"\b(we (believe|support|oppose|advocate|stand|call|reject|condemn)|"
                      r"united by|oppose|principles?|position)\b", re.I)


#: Models already trained, by the sha256 of their examples (fitting takes a second or more).
_fitted: dict[str, object] = {}


@dataclass(frozen=True)
class Guess:
    value: str
    confidence: float
    why: str


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, stop_words="english"),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2))
    return make_pipeline(features, LogisticRegression(max_iter=2000, C=4.0,
                                                      class_weight="balanced"))


class Classifier:
    """Theme, kind and modality of sentences, learned from curated facts and themes."""

    def __init__(self, facts: pd.DataFrame, themes: pd.DataFrame,
                 entities: pd.DataFrame | None = None) -> None:
        texts = [str(q) for q in facts["quote"]]
        self.models = {}
        for column in ("kind", "modality"):
            labels = facts[column].astype(str).tolist()
            self.models[column] = self._fit(texts, labels)
        theme_texts = texts + [f"{t.title}. {t.description}" for t in themes.itertuples()]
        theme_labels = facts["theme_id"].astype(str).tolist() + list(themes["theme_id"])
        self.models["theme_id"] = self._fit(theme_texts, theme_labels)
        self.described = Described(themes, entities) if len(themes) > 1 else None

    @staticmethod
    def _fit(texts: list[str], labels: list[str]):
        if len(set(labels)) < 2:
            return labels[0] if labels else None  # one class: nothing to learn
        import warnings

        key = hashlib.sha256(json.dumps([texts, labels]).encode()).hexdigest()
        if key in _fitted:  # a session drafting source after source learns from the same claims
            return _fitted[key]
        model = _pipeline()
        with warnings.catch_warnings():  # few examples per class is what a package has
            warnings.simplefilter("ignore", UserWarning)
            model.fit(texts, labels)
        _fitted[key] = model
        while len(_fitted) > 6:
            del _fitted[next(iter(_fitted))]
        return model

    def _predict(self, column: str, texts: list[str]) -> list[tuple[str, float]]:
        model = self.models[column]
        if model is None or isinstance(model, str):
            return [(model or "", 0.5)] * len(texts)
        probs = model.predict_proba(texts)
        classes = [str(c) for c in model.classes_]
        if column == "theme_id" and self.described:
            probs = probs + DESCRIPTION_WEIGHT * self.described.scores(texts, classes)
            probs = probs / probs.sum(axis=1, keepdims=True)
        return [(classes[row.argmax()], float(row.max())) for row in probs]

    def classify(self, sentences: list[str]) -> list[dict[str, Guess]]:
        """For each sentence, its theme, kind and modality with a confidence and the cue."""
        out = []
        themes = self._predict("theme_id", sentences)
        kinds = self._predict("kind", sentences)
        modalities = self._predict("modality", sentences)
        for text, theme, kind, modality in zip(sentences, themes, kinds, modalities,
                                               strict=True):
            m = modality_of(text, modality)
            tenseless = TENSELESS.match(text)
            if tenseless and m.why.startswith("learned") and PROJECT.search(text):
                m = Guess("planned", 0.6, f'a project named by "{tenseless.group(1)}", with '
                                          "no tense: what is to be done")
            k = kind_of(text, m.value, kind)
            if k.value == "mechanism" and m.value == "achieved":  # the contract's rule
                m = Guess("ongoing", m.confidence, f"{m.why}; a standing channel set up "
                                                   "stays in place")
            out.append({"theme_id": Guess(theme[0], theme[1], "learned from the curated "
                                                              "claims and theme descriptions"),
                        "kind": k, "modality": m})
        return out


#: How much the words a theme's description shares with a sentence add to the model's
#: probability of that theme (the overlap is scaled to sum to 1 over the themes).
DESCRIPTION_WEIGHT = 0.5
_WORD = re.compile(r"[a-z][a-z-]+")
_STOP = frozenset("""a an and are as at be between by for from has have how in into is its it
of on or such the their them these this those to was were what with which who its said
two country countries year years month months today""".split())


def stems(text: str) -> set[str]:
    """Words reduced to a crude stem, so that "scholarships" meets "scholarship" and
    "educational" meets "education"."""
    out = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOP or len(word) < 3:
            continue
        for suffix in ("ational", "ations", "ation", "ings", "ing", "ies", "es", "s", "al",
                       "ed"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.add(word)
    return out


def _spelled_out(text: str, entities: pd.DataFrame | None) -> str:
    """A description with the full names of the entities it names by a short one ("IGC" ->
    "Intergovernmental Commission on Trade, …"), so that a sentence naming them in full
    leans to its theme too. Countries are left out: their names are everywhere."""
    if entities is None or entities.empty:
        return text
    more = []
    for e in entities[entities["kind"].astype(str) != "country"].itertuples():
        names = [str(e.name), *(a for a in str(getattr(e, "aliases", "") or "").split("|")
                                if a and a != "nan")]
        if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text) for n in names):
            more += names
    return " ".join([text, *more])


class Described:
    """What a theme's title and description say it covers, as weighted words: a sentence
    that uses a theme's own words (scholarships, sanctions, parliaments) leans to it, the
    rarer the word among the themes, the more."""

    def __init__(self, themes: pd.DataFrame, entities: pd.DataFrame | None = None) -> None:
        import math

        self.words = {str(t.theme_id): stems(_spelled_out(f"{t.title} {t.description}",
                                                          entities))
                      for t in themes.itertuples()}
        counts: dict[str, int] = {}
        for words in self.words.values():
            for w in words:
                counts[w] = counts.get(w, 0) + 1
        n = len(self.words)
        self.weight = {w: math.log(n / c) for w, c in counts.items()}

    def scores(self, texts: list[str], classes: list[str]):
        import numpy as np

        out = np.zeros((len(texts), len(classes)))
        for i, text in enumerate(texts):
            words = stems(text)
            row = [sum(self.weight[w] for w in words & self.words.get(c, set()))
                   for c in classes]
            total = sum(row)
            if total > 0:
                out[i] = [r / total for r in row]
        return out


def modality_of(text: str, learned: tuple[str, float]) -> Guess:
    """A cue of the contract's definitions decides; else the model."""
    for modality, cue in MODALITY_CUES:
        match = cue.search(text)
        if match:
            agree = learned[0] == modality
            return Guess(modality, 0.9 if agree else 0.7, f'cue "{match.group(0)}"')
    return Guess(learned[0], learned[1], "learned from the curated claims")


def kind_of(text: str, modality: str, learned: tuple[str, float]) -> Guess:
    """The kind that fits the modality: a stance is a position or an assessment; a standing
    body a mechanism; a thing to build a project; a dated deed an event."""
    if modality == "stance":
        match = POSITION.search(text)
        if match:
            return Guess("position", 0.8, f'stance cue "{match.group(0)}"')
        match = EVALUATIVE.search(text)
        return Guess("assessment", 0.75, f'evaluative "{match.group(0)}"') if match else \
            Guess("position", 0.6, "a stance that grades nothing: a position held")
    match = RECURRING.search(text)
    if match and modality in ("ongoing", "achieved"):
        return Guess("mechanism", 0.7, f'a standing practice: "{match.group(0)}"')
    match = SIGNING.search(text)
    if match and modality == "achieved":
        return Guess("event", 0.75, f'an act done on a day: "{match.group(0)}"')
    match = MAKING.search(text)
    if match and modality != "achieved":
        return Guess("project", 0.7, f'a channel still to be made: "{match.group(0)}"')
    match = MECHANISM.search(text)
    if match and modality in ("ongoing", "achieved", "planned"):
        if modality == "achieved" and MEETING.search(text):
            return Guess("event", 0.7, f'a meeting of "{match.group(0)}"')
        return Guess("mechanism", 0.8, f'cue "{match.group(0)}"')
    match = PROJECT.search(text) or AID.search(text)
    if match:
        return Guess("project", 0.75, f'cue "{match.group(0)}"')
    if modality == "potential":
        return Guess("project", 0.6, "what is hoped for or explored is a thing to do")
    if modality == "achieved":
        return Guess("event", 0.7, "a deed reported as done")
    return Guess(learned[0] if learned[0] not in ("position", "assessment") else "project",
                 learned[1], "learned from the curated claims")
