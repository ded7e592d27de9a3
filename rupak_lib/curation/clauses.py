"""The claims a sentence lists: where one sentence says several things, its parts.

A curator quotes "Our countries maintain regular contacts; last year, our leaders met" as
two claims, and "These include restoring the mill, launching a railway, and developing
fields" as three. The cuts here follow the language, not one document: a semicolon ends a
claim; so does a comma before a clause of its own (", yet", ", which", ", shortly after", ",
and the team visited …", and the speaker's ", we …" or ", I …" after a phrase of six words
or more) or before an item that extends the one before it (", including", ", as well as",
and the next of three or more gerund phrases: ", launching …", ", and developing …"); and
"as a result of" opens a cause that is a claim in itself, as a participle placing a
subject ("the centres operating in Lahore and Multan also draw crowds") tells where they are
before the predicate says something else of them. Every part is a verbatim piece of
the sentence, so that it is a valid quote; a part says whether it is an item of the one
before it, and whether it places itself at another time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words that, after a comma, begin a clause with a verb of its own.
CLAUSES = r"yet|but|whereas|while|which|through which|in which|where|shortly after|" \
          r"soon after|shortly before|after which"
#: Clauses that place what they say before or after the part they join: its date is not
#: that part's.
ELSEWHEN = re.compile(r"(shortly after|soon after|shortly before|after which|"
                      r"as a result of)\b", re.I)
#: Verbs of a deed told in the past: after ", and the …" they make a clause of its own.
DEEDS = r"visited|signed|met|held|opened|agreed|adopted|launched|delivered|completed|" \
        r"began|started|reached|arrived|attended|hosted|organi[sz]ed|took part|was|were"
#: Words that, after a comma, add an item to what the part before says.
ITEMS = r"including|as well as"
#: An occasion: a place and a time ("in Beijing in September", "in Kazan on 22 October").
#: Two or more of them after a deed ("met twice, in Beijing in September and in Ashgabat in
#: December") are as many claims, each of its own place and date.
OCCASION = (r"in\s+(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\s+(?:in|on)\s+(?:the\s+)?(?:\d|"
            r"January|February|March|April|May|June|July|August|September|October|"
            r"November|December|spring|summer|autumn|fall|winter)")
#: Closing quotation marks that may follow a comma.
QUOTES = "”’\"'"
#: Participles that place what a subject names ("the centres operating in Lahore and
#: Multan", "students studying in Kazan"): such a phrase in a subject tells a claim of its
#: own, where the thing is, before the predicate says something else of it.
SITUATED = r"operating|working|located|based|situated|stationed|functioning|residing|" \
           r"studying|living|active"
_NAME = r"(?-i:[A-Z][\w’'-]*)(?:\s+(?-i:[A-Z][\w’'-]*))*"
#: A subject placed by a participle opens its sentence: at most this many words before the
#: participle, none of them a verb or a word that opens a clause ("the firm said that …").
SITUATED_SUBJECT = 8
_NOT_SUBJECT = re.compile(
    r"\b(?:that|which|who|whom|whose|if|whether|because|when|while|said|says|say|told|tells|"
    r"thinks?|thought|believes?|knows?|knew|sees?|saw|finds?|found|makes?|made|gives?|gave|"
    r"takes?|took|begins?|began|meets?|met|holds?|held|builds?|built|sends?|sent|brings?|"
    r"brought|keeps?|kept|leaves?|left|gets?|got|goes|went)\b", re.I)
#: Words that go on with a subject after the places it names, not its predicate.
_NOT_PREDICATE = r"and|or|but|in|of|on|at|for|to|with|by|from|as|since|under|near|that|" \
                 r"which|who|whose|where|when|while"
#: Words ending in -ing that are not gerunds: a list item never begins with them.
NOT_GERUNDS = frozenset("""including during according regarding concerning following
excluding notwithstanding pending something nothing anything everything morning evening
bring king ring spring string thing wing""".split())
# a comma, with the quotation it closes or not (“Teacher Abroad,” through which)
_COMMA = ",[" + re.escape(QUOTES) + r"]?\s+"
_CUT = re.compile(
    r"(?P<semicolon>;)\s*"  # a semicolon ends a clause or an item of a long list
    r"|" + _COMMA + r"(?=(?P<clause>" + CLAUSES + r")\b)"
    r"|" + _COMMA + r"(?=(?P<item>" + ITEMS + r")\b)"
    r"|" + _COMMA + r"(?=(?:and\s+|or\s+)?(?P<gerund>[a-z]+ing)\b)"  # a gerund list's item
    r"|(?:" + _COMMA + r"|,?\s+and\s+)(?=(?P<occasion>" + OCCASION + r"))"  # a list of them
    # the next deed an example lists: "including a concert by the choir and the
    # installation of a monument" (kept only after "including", see below)
    r"|\s+(?=(?P<deed>and\s+(?:the|a|an)\s+[a-z]+(?:tion|ment|ance|ence|ure|al)\s+of)\b)"
    r"|\s+(?=(?P<cause>as a result of)\b)"  # a cause stated as the deed's origin
    # a phrase put before the speaker's own clause ("Given the new ties, we believe …")
    r"|" + _COMMA + r"(?=(?P<speaker>we|I)\s)"
    # a time told by a deed with a subject of its own ("… grew when the new state began …")
    r"|\s+(?=(?P<when>when)\s+(?:the|a|an|our|their|its|his|her|(?-i:[A-Z]))\w*\s)"
    # a clause with a subject of its own ("…, and a Russian team visited Karachi")
    r"|" + _COMMA + r"(?=(?P<joined>and|but)\s+(?:a|an|the|our|their|its|his|her)\s+"
    r"(?:(?!that\b|which\b|who\b)[\w’'-]+\s+){0,4}?(?:" + DEEDS + r")\b)"
    # a subject placed by a participle ("The centres operating in Lahore and Multan also
    # draw crowds"): the cut is before the predicate, at the group "situated"
    r"|\b(?:" + SITUATED + r")\s+(?:in|at|across|throughout)\s+" + _NAME
    + r"(?:(?:,\s+(?:and\s+)?|\s+and\s+)" + _NAME + r")*(?P<situated>\s+)"
    r"(?=(?:(?:also|still|now|all|both|together)\s+)*(?!(?:" + _NOT_PREDICATE + r")\b)"
    r"(?-i:[a-z]+)\b)",
    re.I)
_OCCASIONS = re.compile(r"\b" + OCCASION, re.I)
#: A part cut at a comma and shorter than this many words is not a claim of its own
#: ("in 2019"): it stays with the part before it. An item of a list cut at semicolons
#: stands, however short ("traditional values").
SHORTEST = 3
#: A phrase put before the speaker's own clause is a claim of its own from this many words.
FRONTED = 6
#: A relative clause ("which", "where") after fewer words than this and no verb is set
#: inside its sentence's subject, not after a claim ("The Commission, which met …, will").
SUBJECT = 5
FINITE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|shall|"
                    r"should|may|might|must|do|does|did|[a-z]+ed)\b", re.I)
RELATIVE_WORDS = re.compile(r"(?:which|through which|in which|where|after which)\b", re.I)
#: Gerund phrases after commas make a list of claims from this many items on.
LIST_ITEMS = 3


@dataclass(frozen=True)
class Part:
    """A claim of a sentence: its words, and whether it is an item of a list or an example
    that goes on from the part before ("…; fair world trade", ", including a concert"),
    which then says of it what it does not say itself, rather than a clause of its own."""

    text: str
    item: bool = False
    #: it places itself before or after the part it joins ("shortly after …", "as a
    #: result of …"), so it never takes that part's date
    elsewhen: bool = False
    #: its actors are its own, not its sentence's: it sets the scene for the speaker's
    #: clause after it ("Given the ties between A and B, we believe …"), or tells when the
    #: part before happened by a deed of its own ("… grew when the new state began …")
    own_actors: bool = False
    #: it is a subject placed by a participle of place ("the centres operating in Lahore"):
    #: where something stands, as it stands
    situated: bool = False


def clauses(sentence: str) -> list[Part]:
    """The parts of a sentence that are claims of their own, in order; the sentence itself
    when it says one thing. Each part is a verbatim substring, stripped of the spaces and
    punctuation that joined it to the next."""
    cuts = [m for m in _CUT.finditer(sentence)
            if (m.group("gerund") or "").lower() not in NOT_GERUNDS
            # a short phrase before the speaker's clause ("Last November, we …") only
            # places or times it; a long one ("Given the new ties, we …") says something
            and not ((m.group("speaker") or m.group("when"))
                     and len(sentence[:m.start()].split()) < FRONTED)
            # "The Commission, which met in May, will meet again": a relative clause set
            # inside a subject of a few words leaves no claim before it
            and not (RELATIVE_WORDS.match(m.group("clause") or "")
                     and len(sentence[:m.start()].split()) < SUBJECT
                     and not FINITE.search(sentence[:m.start()]))
            # "the plant in Karachi, as well as the power plants, were built": an item
            # added to a subject that has no verb yet joins it, and the verb is theirs
            and not ((m.group("item") or "").lower() == "as well as"
                     and not FINITE.search(sentence[:m.start()]))
            # a participle placing the subject that opens the sentence, not one after its
            # verb ("the firms said that teams working in Karachi and Lahore are busy")
            and not (m.group("situated") and (
                FINITE.search(sentence[:m.start()]) or _NOT_SUBJECT.search(sentence[:m.start()])
                or len(sentence[:m.start()].split()) > SITUATED_SUBJECT))]
    # a deed named by its noun is an example of its own only in a list of examples
    cuts = [m for m in cuts if not m.group("deed") or any(
        (c.group("item") or "").lower() == "including" and c.start() < m.start()
        for c in cuts)]
    if len(_OCCASIONS.findall(sentence)) < 2:
        # one place and time after a comma only says where and when the deed was
        cuts = [m for m in cuts if not m.group("occasion")]
    if sum(bool(m.group("gerund")) for m in cuts) < LIST_ITEMS - 1:
        # one participle after a comma ("held annually, alternating between …") goes on
        # with its clause; it takes three gerund phrases to make a list
        cuts = [m for m in cuts if not m.group("gerund")]
    # each span: start, end, whether a semicolon ends it, whether it is an item, whether
    # its actors are its own
    spans: list[list] = []
    start, item, own = 0, False, False
    for m in cuts:
        # a quotation closed after the comma closes in the part before
        cut = m.group(0)
        end = m.start("situated") if m.group("situated") else \
            m.start() + 2 if cut[0] == "," and cut[1] in QUOTES else m.start()
        # a scene set before the speaker's clause, or a clause telling when: its actors
        # are its own
        spans.append([start, end, bool(m.group("semicolon")), item,
                      own or bool(m.group("speaker")), bool(m.group("situated"))])
        start = m.end()
        item = not (m.group("clause") or m.group("cause") or m.group("speaker")
                    or m.group("joined") or m.group("when") or m.group("situated"))
        own = bool(m.group("when"))
    spans.append([start, len(sentence), True, item, own, False])
    merged: list[list] = []
    for span in spans:
        if merged and not merged[-1][2] and len(sentence[span[0]:span[1]].split()) < SHORTEST:
            # too short to stand alone: it ends the part before
            merged[-1][1:3], merged[-1][4:6] = span[1:3], span[4:6]
        else:
            merged.append(span)
    if len(merged) == 1:
        return [Part(sentence.strip())]
    parts = [Part(t, i, bool(ELSEWHEN.match(t)), own, placed) for t, i, own, placed in (
        (_trim(sentence[a:b]), i, own, placed) for a, b, _, i, own, placed in merged)]
    return [p for p in parts if p.text]


def _trim(part: str) -> str:
    """A part without the spaces, commas and final full stop around it."""
    return part.strip().strip(",;").strip().rstrip(".").strip()
