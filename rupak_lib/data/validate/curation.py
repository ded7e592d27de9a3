"""The curation rules the codebook states, beyond types and quotes.

Each is a promise the reports rely on: a stance is only ever a position or an assessment (the
narrative counts them apart from things done); a date word is always resolved (the timeline
places every dated claim); a seminar question rests on exactly the facts its answer cites,
all of its own theme (a theme's session shows only them); an alias names something a text
actually says (a generic word would tag the wrong thing in the next text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rupak_lib.data import text as tx
from rupak_lib.data.contract import COMPLETENESS, GENRES
from rupak_lib.data.validate.problems import Problem, Row

#: The kinds of claim whose modality is ``stance``, and only theirs.
STANCE_KINDS = ("position", "assessment")

_CITATION = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)*)\]")


def check_kind_modality(row: Row, out: list[Problem]) -> None:
    """``stance`` if and only if a position or an assessment; a mechanism never achieved."""
    kind, modality = row.get("kind"), row.get("modality")
    if kind is None or modality is None:
        return
    if modality == "stance" and kind not in STANCE_KINDS:
        out.append(Problem.error(row.file, row.number, "modality",
                                 f"modality stance is only for positions and assessments, "
                                 f"not for kind {kind}"))
    elif modality != "stance" and kind in STANCE_KINDS:
        out.append(Problem.error(row.file, row.number, "modality",
                                 f"kind {kind} takes modality stance, not {modality}"))
    elif kind == "mechanism" and modality == "achieved":
        out.append(Problem.error(row.file, row.number, "modality",
                                 "a mechanism is a standing channel: ongoing (or planned or "
                                 "potential while proposed), never achieved"))


def check_date_words(row: Row, out: list[Problem]) -> None:
    """Date words need a resolved date (precision ``none`` with blank dates is the reverse)."""
    words, precision = row.get("date_text"), row.get("date_precision")
    if words is not None and precision == "none":
        out.append(Problem.error(row.file, row.number, "date_precision",
                                 f'date_text "{words}" dates the claim, so resolve it: a '
                                 "precision other than none, with date_start and date_end"))


def check_question(row: Row, fact_themes: dict[str, str | None],
                   event_ids: set[str] | None, out: list[Problem]) -> None:
    """A question rests on facts of its own theme, exactly those its answer cites.

    Events of the record (``event_ids``) may be cited too; ``fact_themes`` maps every known
    fact to its theme, and ``event_ids`` is None when the package has no record.
    """
    def error(column: str, message: str) -> None:
        out.append(Problem.error(row.file, row.number, column, message))

    facts = _listed(row.get("fact_ids"))
    events = _listed(row.get("event_ids"))
    theme = row.get("theme_id")
    for fact in facts:
        own = fact_themes.get(fact)
        if theme is not None and own is not None and own != theme:
            error("fact_ids", f'fact "{fact}" is in theme {own}, not {theme}; a question '
                              "that joins themes is a corpus question (blank theme_id)")
    if event_ids is not None:
        for event in events:
            if event not in event_ids:
                error("event_ids", f'chronology.csv has no event_id "{event}"')
    answer = row.get("answer")
    if answer is None or not row.has("fact_ids"):
        return
    cited = list(dict.fromkeys(_CITATION.findall(answer)))
    for item in cited:
        if item not in facts and item not in events:
            column = "event_ids" if item not in fact_themes and row.has("event_ids") \
                else "fact_ids"
            error(column, f"the answer cites [{item}], which {column} does not list")
    for item in facts:
        if item in fact_themes and item not in cited:
            error("fact_ids", f'fact "{item}" is listed, but the answer does not cite it '
                              f"as [{item}]")
    for item in events:
        if (event_ids is None or item in event_ids) and item not in cited:
            error("event_ids", f'event "{item}" is listed, but the answer does not cite it '
                               f"as [{item}]")


def check_aliases(rows: Iterable[Row], texts: list[str], out: list[Problem]) -> None:
    """Warn about an alias that occurs, exactly so, in none of ``texts``."""
    haystack = [tx.normalize(t) for t in texts]
    for row in rows:
        for alias in _listed(row.get("aliases")):
            wanted = tx.normalize(alias)
            if not any(tx.find_words(wanted, text) >= 0 for text in haystack):
                out.append(Problem.warning(
                    row.file, row.number, "aliases",
                    f'alias "{alias}" occurs in no source body or chronology summary; list '
                    "only the forms the texts use"))


def _listed(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split("|") if item.strip()]


def check_other_theme(row: Row, own_theme: dict[str | None, str | None],
                      out: list[Problem]) -> None:
    """A row of fact_themes names a theme the claim touches besides its own: its own theme
    listed again would count the claim twice in that theme's report."""
    theme = row.get("theme_id")
    if theme is not None and own_theme.get(row.get("fact_id")) == theme:
        out.append(Problem.error(row.file, row.number, "theme_id",
                                 f"{theme} is the own theme_id of {row.get('fact_id')} in "
                                 "facts.csv; list only the other themes it touches"))


def check_provenance(row: Row, columns: Iterable[str], out: list[Problem]) -> None:
    """A source says whether its text is whole, and which of its fields the curators
    inferred: pages mark those fields as inferred, and the silences of an excerpt as its."""
    completeness = row.get("completeness")
    if completeness is not None and completeness not in COMPLETENESS:
        out.append(Problem.error(row.file, row.number, "completeness",
                                 f'"{completeness}" is not one of {", ".join(COMPLETENESS)}'))
    genre = row.get("genre")
    if genre is not None and genre not in GENRES:
        out.append(Problem.error(row.file, row.number, "genre",
                                 f'"{genre}" is not one of {", ".join(GENRES)}'))
    inferred = row.get("inferred")
    known = set(columns) - {"source_id", "inferred", "notes", "sha256", "text_path", "genre"}
    for name in inferred.split("|") if inferred else ():
        if name.strip() not in known:
            out.append(Problem.error(row.file, row.number, "inferred",
                                     f'"{name.strip()}" is not a field of sources.csv a curator '
                                     f"can infer (one of {', '.join(sorted(known))})"))
