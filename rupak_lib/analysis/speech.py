"""The speech itself: a source's whole text as received, each sentence numbered and anchored.

Reports cite sentences as ``S21``; each such reference links to ``speech-<source>.html#S21``
(:func:`rupak_lib.analysis.display.speech_file`), where the sentence stands in its paragraph
with the words the claims quote marked and, under it, those claims coloured by modality. Lines that
are not the speaker's words (header, editorial gloss, page furniture) are set apart. The
same marking gives the key quotes of a report: the whole sentence, the quoted words marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from rupak_lib.analysis.display import Html, SentenceRef, speech_file
from rupak_lib.data import text as tx

if TYPE_CHECKING:
    import pandas as pd

    from rupak_lib.data.corpus import Corpus

__all__ = ["marked", "quote_spans", "quotes_in_context", "source_sentences",
           "speech_file", "uncited"]

#: How the page names a line that is not the source's own words (a speech's or an article's).
STRAY_LABELS = {
    "header": "Header: added by whoever collected the text, not part of it",
    "editorial": "Editorial gloss: the publisher's words, not the source's",
    "extraneous": "Page furniture: picked up from the web page, not part of the text",
}


def source_sentences(corpus: Corpus, source_id: str) -> list[tx.Sentence]:
    """Every sentence of a source with its place in the body (as validation reads them)."""
    src = corpus.sources.set_index("source_id").loc[source_id]
    raw = (corpus.data_dir / str(src["text_path"])).read_bytes()
    segs = corpus.segments[corpus.segments["source_id"] == source_id]
    kinds = {int(line): str(kind) for line, kind in zip(segs["line"], segs["kind"],
                                                          strict=True)}
    return tx.sentences(tx.read_lines(raw), kinds)


@dataclass(frozen=True)
class Span:
    """Where a claim's quote falls in one sentence (offsets in its normalized text)."""

    start: int
    end: int
    fact_id: str


def quote_spans(facts: pd.DataFrame, sents: list[tx.Sentence]) -> dict[int, list[Span]]:
    """For each sentence number, the stretches of it that claims quote."""
    blocks = tx.body_blocks(sents)
    out: dict[int, list[Span]] = {}
    for fact_id, quote in zip(facts["fact_id"], facts["quote"], strict=True):
        match = tx.find_quote(str(quote), blocks)
        if match is None:
            continue
        for s in sents:
            if s.kind == "body" and s.block == match.block and \
                    s.start < match.end and match.start < s.end:
                out.setdefault(s.number, []).append(
                    Span(max(match.start, s.start) - s.start,
                         min(match.end, s.end) - s.start, str(fact_id)))
    return out


def marked(text: str, spans: list[Span]) -> str:
    """``text`` (normalized) as escaped HTML with the quoted stretches in ``<mark>``."""
    cuts = sorted(_union([(s.start, s.end) for s in spans]))
    out, at = [], 0
    for start, end in cuts:
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _union(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def quotes_in_context(corpus: Corpus, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sentences the claims quote, each once, in the order of the text, with the words
    the claims quote marked.

    Columns: ``sentences`` (links to the speech page), ``passage`` (HTML), ``claims`` (how
    many claims quote it). A claim whose quote spans two sentences gives one passage of both;
    a quote not found in the text is shown marked as it stands, last.
    """
    import pandas as pd

    facts = corpus.facts if facts is None else facts
    rows = []
    for source_id, group in facts.groupby("source_id", sort=True, observed=True):
        label = _label(group)
        sents = source_sentences(corpus, str(source_id))
        by_number = {s.number: s for s in sents}
        spans = quote_spans(group, sents)
        passages: dict[tuple[int, ...], set[str]] = {}
        for fact in group.itertuples():
            numbers = tuple(n for n in sorted(spans) if any(
                sp.fact_id == fact.fact_id for sp in spans[n]))
            passages.setdefault(numbers, set()).add(str(fact.fact_id))
        for numbers, ids in passages.items():
            if numbers:
                html = " ".join(marked(tx.normalize(by_number[n].text),
                                       [sp for sp in spans[n] if sp.fact_id in ids])
                                for n in numbers)
                ref = SentenceRef(str(source_id), numbers, label)
                rows.append((str(source_id), numbers[0], ref, Html(html), len(ids)))
            else:
                for fact in group[group["fact_id"].isin(ids)].itertuples():
                    rows.append((str(source_id), 10**9, SentenceRef(str(source_id), (), label),
                                 Html(f"<mark>{escape(tx.normalize(str(fact.quote)))}</mark>"),
                                 1))
    rows.sort(key=lambda r: (r[0], r[1], r[2].numbers))
    return pd.DataFrame([r[2:] for r in rows], columns=["sentences", "passage", "claims"])


def _label(facts: pd.DataFrame) -> str | None:
    """The short label of these claims' one source; None for a package of one source."""
    if "source_label" not in facts or facts.empty:
        return None
    label = facts["source_label"].iloc[0]
    return label if isinstance(label, str) else None


def uncited(corpus: Corpus):
    """The body sentences no claim quotes (a table with links), or a sentence saying there
    are none, pointing to the annotated text where every sentence shows its claims."""
    from rupak_lib.analysis.display import Prose, linked, table
    from rupak_lib.analysis.tables import body_sentences

    body = body_sentences(corpus.sentences)
    gaps = body[~body["fact_ids"].map(bool)]
    titles = dict(zip(corpus.sources["source_id"], corpus.sources["title"], strict=True))
    sources = list(dict.fromkeys(body["source_id"]))
    link = ", ".join(f'<a href="{escape(speech_file(s))}">{escape(str(titles[s]))}</a>'
                     for s in sources)
    if gaps.empty:
        return Prose("No body sentence is left uncited. The annotated text shows the claims "
                     "quoting each sentence: " + ", ".join(str(titles[s]) for s in sources)
                     + ".",
                     "No body sentence is left uncited. The annotated text shows the claims "
                     f"quoting each sentence: {link}.")
    return table(linked(gaps[["source_id", "sentence", "text"]]),
                 caption="Body sentences no claim quotes")


# --- the page ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Claim:
    fact_id: str
    modality: str
    summary: str
    theme: str
    theme_href: str
    verification: str


@dataclass(frozen=True)
class SentenceView:
    number: int
    html: str
    claims: list[Claim]


@dataclass(frozen=True)
class LineView:
    line: int
    kind: str
    label: str
    note: str
    sentences: list[SentenceView]


def lines(corpus: Corpus, source_id: str) -> list[LineView]:
    """The text line by line, each sentence with its marks and the claims that quote it."""
    sents = source_sentences(corpus, source_id)
    facts = corpus.facts[corpus.facts["source_id"] == source_id]
    spans = quote_spans(facts, sents)
    titles = dict(zip(corpus.themes["theme_id"], corpus.themes["title"], strict=True))
    claims: dict[str, Claim] = {
        str(f.fact_id): Claim(str(f.fact_id), str(f.modality), str(f.summary),
                              str(titles.get(f.theme_id, f.theme_id)),
                              f"theme-{f.theme_id}.html", str(f.verification))
        for f in facts.itertuples()}
    segs = corpus.segments[corpus.segments["source_id"] == source_id]
    notes = {int(line): str(note) for line, note in zip(segs["line"], segs["note"],
                                                          strict=True) if isinstance(note, str)}
    out: list[LineView] = []
    for s in sents:
        if not out or out[-1].line != s.line:
            out.append(LineView(s.line, s.kind, STRAY_LABELS.get(s.kind, ""),
                                notes.get(s.line, ""), []))
        cited = list(dict.fromkeys(sp.fact_id for sp in spans.get(s.number, [])))
        out[-1].sentences.append(SentenceView(
            s.number, marked(tx.normalize(s.text), spans.get(s.number, [])),
            [claims[f] for f in cited if f in claims]))
    return out
