"""The sentences a report writes about its data, as Markdown.

Reports read as analyses, not data dumps: each section opens with a sentence or two that
states the figures the tables and charts below then show. Keeping that text here means the
figures in the prose are computed from the same frames as the charts, and are tested.
"""

from __future__ import annotations

import pandas as pd

from rupak_lib.analysis.markup import join, md, plural  # noqa: F401 - the counting words
from rupak_lib.analysis.tables import body_sentences
from rupak_lib.data.citation import words as words_of
from rupak_lib.data.contract import BODY, SEGMENT_KINDS
from rupak_lib.data.corpus import Corpus

#: How the narrative words each modality and verification status (every value of the
#: contract, in its order: tests/test_contract.py checks).
MODALITY_WORDS = {
    "achieved": "done",
    "ongoing": "continuing",
    "planned": "decided or identified",
    "potential": "only hoped for or explored",
    "stance": "stances and evaluations",
}
VERIFICATION_WORDS = {
    "corroborated": "corroborated by public references",
    "contested": "contested by them",
    "unverified": "not checked or not found",
    "not-applicable": "stances and evaluations, which no reference can check",
}


def _counted(values: pd.Series, words: dict[str, str]) -> list[str]:
    counts = values.astype("string").value_counts()
    return [f"{w} {int(counts[k])}" for k, w in words.items() if counts.get(k, 0)]


def source_line(corpus: Corpus) -> str:
    """Who said it, where and when: the citation every report ends with."""
    return "**Source.** " + " ".join(md(cite(s)) for s in corpus.sources.itertuples()) + (
        " Facts, dates and verdicts are those curated in the rupak data package; the "
        "references behind each verdict are listed with the fact.")


def cite(source: object) -> str:
    """A row of sources.csv as a reader cites it, in plain text: speaker, role, title, venue,
    place, date. A field the curators inferred rather than read says so, and so does an
    excerpt; the reports' last line and every page's footer use it."""
    guessed = inferred_fields(source)

    def field(name: str) -> list[str]:
        value = getattr(source, name, None)
        if not isinstance(value, str):
            return []
        return [value + (f" ({name} inferred)" if name in guessed else "")]

    title = f"“{source.title}”" + (" (title inferred)" if "title" in guessed else "")
    date = source.date
    return (f"{', '.join(field('author') + field('author_role'))}: {title}, "
            + ", ".join([*field("venue"), *field("place"), f"{date.day} {date:%B %Y}"]) + "."
            + (" An excerpt: the text is not the whole document." if is_excerpt(source) else ""))


def inferred_fields(source: object) -> set[str]:
    """The fields of a row of sources.csv that the curators inferred (``inferred``)."""
    value = getattr(source, "inferred", None)
    return {f.strip() for f in value.split("|") if f.strip()} if isinstance(value, str) else set()


def is_excerpt(source: object) -> bool:
    """Whether a row of sources.csv is an excerpt of its document (``completeness``)."""
    return getattr(source, "completeness", None) == "excerpt"


def excerpt_note(sources: pd.DataFrame) -> str:
    """What a count of silences must add when a source is an excerpt: the silence may be
    the excerpt's, not the speaker's. Empty when every source is whole."""
    parts = [s for s in sources.itertuples() if is_excerpt(s)]
    if not parts:
        return ""
    which = "The text" if len(sources) == 1 else join([f"“{md(s.title)}”" for s in parts])
    return (f"{which} {'is an excerpt' if len(parts) == 1 else 'are excerpts'}, not the whole "
            "document: what it leaves out may stand in the part that is missing.")


def theme_intro(corpus: Corpus, theme_id: str) -> str:
    """Title, scope and size of a theme, for the top of its report: the claims filed under
    it and those filed under other themes that touch it, counted apart."""
    theme = corpus.themes.set_index("theme_id").loc[theme_id]
    own, elsewhere = own_and_touching(corpus.facts, theme_id)
    body = body_sentences(corpus.sentences)
    cited = body[body["fact_ids"].map(bool)]
    words = int(body["n_words"].sum())
    share = 100 * int(cited["n_words"].sum()) / words if words else 0.0
    head = f"# {md(theme['title'])}\n\n{md(theme['description'])}\n\n"
    if len(corpus.sources) > 1:  # a line per source: no count mixes two sources
        from rupak_lib.analysis.per_source import intro_lines

        return head + intro_lines(corpus, theme_id) + "\n\n" + excerpt_note(corpus.sources)
    said_by = words_of(corpus.sources.iloc[0], only=True)  # "the speech", "the article"
    if own.empty and elsewhere.empty:
        return (head + f"{said_by.Name} makes **no claim** on this theme: none of its "
                f"{len(body)} body sentences is about it."
                + _with(_record_line(corpus, theme_id, said_by.name))
                + _with(excerpt_note(corpus.sources)))
    quoted = (f"quoted from {plural(len(cited), 'sentence')} of its {len(body)} body sentences "
              f"({share:.0f} % of the {said_by.person}'s words)")
    touching = ""
    if not elsewhere.empty:
        titles = dict(zip(corpus.themes["theme_id"], corpus.themes["title"], strict=True))
        counts = elsewhere["theme_id"].astype("string").value_counts(sort=False)
        where = join([f"{md(titles.get(t, t))} {int(n)}" for t, n in counts.items() if n])
        touching = (f"{plural(len(elsewhere), 'claim')} filed under other themes "
                    f"{'touches' if len(elsewhere) == 1 else 'touch'} it ({where})")
    if own.empty:
        return (head + f"{said_by.Name} makes **no claim of its own** on this theme; "
                f"{touching}, {quoted}." + _with(excerpt_note(corpus.sources)))
    also = f", and {touching}" if touching else ""
    return (head + f"{said_by.Name} makes **{plural(len(own), 'claim')}** on this theme{also}, "
            f"{quoted}." + _with(excerpt_note(corpus.sources)))


def _record_line(corpus: Corpus, theme_id: str, who: str) -> str:
    """What the record holds for a theme the source says nothing of: the page's subject."""
    from rupak_lib.analysis.record import once

    events = once(corpus.chronology)
    events = events[events["theme_id"] == theme_id]
    if events.empty:
        return "The record holds no event on it either."
    first, last = int(events["date_start"].dt.year.min()), int(events["date_end"].dt.year.max())
    span = f"in {first}" if first == last else f"from {first} to {last}"
    return (f"The record holds {plural(len(events), 'event')} on it, {span}: this page shows "
            f"them, and what {who} leaves out.")


def own_and_touching(facts: pd.DataFrame, theme_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A theme's claims: those filed under it, and those filed elsewhere that touch it."""
    mine = (facts["theme_id"] == theme_id).to_numpy()
    return facts[mine], facts[~mine]


#: The one explanation of the verdict words, shown on every page that shows a verdict.
VERDICTS = (
    "**Verdicts and standings.** A *claim's verdict* says what public references say of it: "
    "*corroborated* (a reference confirms it), *contested* (a reference disputes it), "
    "*unverified* (none found either way) or *not-applicable* (a stance or an evaluation: "
    "nothing to check). An *event's standing* says how the source treats an event of the "
    "record: *mentioned*, *alluded* (pointed to without being named), *disputed* (the record "
    "contradicts a claim about it), *fulfils* (it carries out a plan or hope the source "
    "voiced), *left out* or *later* (after the source). They meet where a claim is linked to "
    "an event: a claim that mentions or fulfils an event of the record takes that event's "
    "references and is corroborated (or contested), and a claim the record disputes is "
    "contested, unless its notes say why not.")


def commitments(facts: pd.DataFrame) -> str:
    """What the text commits to, in words: done, continuing, decided, hoped for, stance."""
    if facts.empty:
        return "There are no claims to classify."
    parts = _counted(facts["modality"], MODALITY_WORDS)
    firm = int(facts["modality"].isin(["achieved", "ongoing"]).sum())
    soft = int(facts["modality"].isin(["planned", "potential"]).sum())
    return (f"Of {plural(len(facts), 'claim')}: {'; '.join(parts)}. "
            f"Against {plural(firm, 'claim')} of things done or under way "
            f"{'stands' if soft == 1 else 'stand'} {soft} of things decided or merely hoped "
            "for.")


def verification(facts: pd.DataFrame) -> str:
    """How the claims fared against public references."""
    if facts.empty:
        return "There are no claims to check."
    return (f"Of {plural(len(facts), 'claim')}: "
            + "; ".join(_counted(facts["verification"], VERIFICATION_WORDS)) + ".")


def overview_intro(corpus: Corpus) -> str:
    """The corpus in one paragraph: sources, claims, themes, coverage."""
    body = body_sentences(corpus.sentences)
    cited = int(body["fact_ids"].map(bool).sum())
    pct = 100 * cited / len(body) if len(body) else 0.0
    return (f"# Overview: the whole corpus\n\n"
            f"{plural(len(corpus.sources), 'source')}, {plural(len(corpus.facts), 'claim')} in "
            f"{plural(len(corpus.themes), 'theme')}, naming "
            f"{plural(len(corpus.entities), 'entity', 'entities')}. The claims cite {cited} "
            f"of {len(body)} body sentences ({pct:.0f} %)." + _with(excerpt_note(corpus.sources))
            + _per_source(corpus))


def _per_source(corpus: Corpus) -> str:
    if len(corpus.sources) < 2:
        return ""
    from rupak_lib.analysis.per_source import intro_lines

    return "\n\n" + intro_lines(corpus)


def _with(sentence: str) -> str:
    return f" {sentence}" if sentence else ""


def critique_intro(corpus: Corpus, source_id: str) -> str:
    """What a source critique examines, with the size of the source."""
    src = corpus.sources.set_index("source_id").loc[source_id]
    sents = corpus.sentences[corpus.sentences["source_id"] == source_id]
    kinds = sents.drop_duplicates("line")["kind"].astype("string").value_counts()
    other = [f"{int(kinds[k])} {k}" for k in SEGMENT_KINDS
             if k != BODY and kinds.get(k, 0)]
    n_other = sum(int(kinds[k]) for k in SEGMENT_KINDS if k != BODY and kinds.get(k, 0))
    from rupak_lib.data.citation import words

    person = words(corpus.sources[corpus.sources["source_id"] == source_id].iloc[0]).person
    return (f"# Source critique: {md(src['title'])}\n\n"
            f"{md(src['author'])}, {src['date'].day} {src['date']:%B %Y}. The text has "
            f"{plural(int(kinds.get('body', 0)), 'line')} of the {person}'s words"
            + (f" and {plural(n_other, 'line')} that {'is' if n_other == 1 else 'are'} not "
               f"({join(other)})" if other else "")
            + ". This report separates the two, shows which sentences the curated facts "
              f"cover, where the {person} hedges or evaluates, and which claims public "
              "references contest."
            + _with(excerpt_note(corpus.sources[corpus.sources["source_id"] == source_id])))


def key_figures(facts: pd.DataFrame, theme_id: str | None = None) -> str:
    """The figures a report rests on, in one stable line that a notebook test compares.

    Claims by modality and by verification, in category order, zeros included; with
    ``theme_id``, how many of the claims are filed under another theme.
    """
    def counts(column: str) -> str:
        values = facts[column]
        tally = values.astype("string").value_counts()
        return ", ".join(f"{int(tally.get(c, 0))} {c}" for c in values.cat.categories)

    elsewhere = _elsewhere(facts, theme_id, " ({} filed under other themes)")
    return (f"{plural(len(facts), 'claim')}{elsewhere} | modality: {counts('modality')} | "
            f"verification: {counts('verification')}")


def _elsewhere(facts: pd.DataFrame, theme_id: str | None, form: str) -> str:
    if theme_id is None:
        return ""
    n = int((facts["theme_id"] != theme_id).sum())
    return form.format(n) if n else ""


def key_figures_list(facts: pd.DataFrame, theme_id: str | None = None) -> str:
    """The figures a report rests on, as a Markdown list a reader can scan: the claims (with
    ``theme_id``, how many are filed under another theme), then how many of them have each
    modality and each verdict (zeros included)."""
    def counts(column: str) -> str:
        tally = facts[column].astype("string").value_counts()
        return ", ".join(f"{int(tally.get(c, 0))}\u00a0{c}" for c in facts[column].cat.categories)

    return (f"- **Claims:** {len(facts)}"
            f"{_elsewhere(facts, theme_id, ', of which {} filed under other themes')}\n"
            f"- **What they commit to:** {counts('modality')}\n"
            f"- **Against public references:** {counts('verification')}\n")


def record_figures(chronology: pd.DataFrame, fact_events: pd.DataFrame,
                   sources: pd.DataFrame, theme_id: str | None = None) -> str:
    """The record's figures as one more item of the key figures list: its events (of one
    theme, or all) by how the sources treat them, zeros included, in the words of the
    findings (:func:`findings.rule_record`): "mentioned" counts the disputed too."""
    from rupak_lib.analysis.record import STANDINGS, once, standing

    counted = once(chronology)
    events = counted if theme_id is None else counted[counted["theme_id"] == theme_id]
    tally = standing(chronology, fact_events, sources).loc[events.index].astype(
        "string").value_counts()
    n = {s: int(tally.get(s, 0)) for s in STANDINGS}
    disputed = f"{n['disputed']} of them disputed" if n["disputed"] else "none disputed"
    return (f"- **Events of the record:** {len(events)}: "
            f"{n['mentioned'] + n['disputed']}\u00a0mentioned ({disputed}), "
            f"{n['fulfils']}\u00a0carrying out a plan of an earlier source, "
            f"{n['alluded']}\u00a0alluded to, {n['left out']}\u00a0left out, "
            f"{n['later']}\u00a0later\n")


def time_span(facts: pd.DataFrame) -> str:
    """Where in time the dated claims fall: their range and the busiest decade, a claim
    counted in every decade its period spans (:func:`tables.decades`)."""
    from rupak_lib.analysis.tables import decades

    dated = facts[facts["date_start"].notna()]
    if dated.empty:
        return "No claim is dated."
    first, last = dated["date_start"].dt.year.min(), dated["date_end"].dt.year.max()
    by_decade = decades(facts)
    busiest = str(by_decade["facts"].idxmax())
    most, undated = int(by_decade["facts"].max()), len(facts) - len(dated)
    spanning = int(by_decade.attrs.get("spanning", 0))
    verb = "spans several decades and counts" if spanning == 1 else \
        "span several decades and count"
    across = f" ({plural(spanning, 'claim')} {verb} in each)" if spanning else ""
    return (f"The {plural(len(dated), 'dated claim')} run from {first} to {last}; "
            f"{most} of them {'falls' if most == 1 else 'fall'} in the {busiest}{across}. "
            f"{plural(undated, 'claim')} {'gives' if undated == 1 else 'give'} no date.")


def coverage(sentences: pd.DataFrame) -> str:
    """How many body sentences the claims cite: gaps in curation show here."""
    body = body_sentences(sentences)
    if body.empty:
        return "The source has no body sentences."
    cited = int(body["fact_ids"].map(bool).sum())
    return (f"{cited} of {len(body)} body sentences are cited by at least one claim "
            f"({100 * cited / len(body):.0f} %).")


#: The heading of a theme's silences: of the one source, or of a corpus of several.
LEFT_OUT_HEADINGS = ("What the speech leaves out", "What no source mentions")


def left_out_intro(corpus: Corpus) -> str:
    """The heading and first line of a theme's silences: the speech's, or, with several
    sources, the corpus's (what no source refers to; each source's are in "The record,
    source by source")."""
    if len(corpus.sources) < 2:
        return (f"## {LEFT_OUT_HEADINGS[0]}\n\nThe events of this theme's record before the "
                "speech that no claim mentions, alludes to or disputes.")
    return (f"## {LEFT_OUT_HEADINGS[1]}\n\nThe events of this theme's record before the "
            "latest source that no claim of any source mentions, alludes to or disputes; "
            "what each source leaves out is counted in *The record, source by source*.")


def left_out_none(corpus: Corpus) -> str:
    """What the silences section says when there is none."""
    return ("The speech leaves out no event of the record on this theme."
            if len(corpus.sources) < 2 else
            "Every event of the record on this theme is referred to by some source.")
