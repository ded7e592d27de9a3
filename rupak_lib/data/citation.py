"""How a source is called on a page: a short label, and the words its genre takes.

A package may hold many sources; every claim a page shows carries the label of its source
("Khorev, 9 Feb 2026"), and every sentence about a source names it ("Khorev's speech", "the
briefing of 20 November 2025") in the words of its kind of document: a speech *says* and
has a *speaker*, an article *writes* and has an *author*.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Genres whose words are spoken; the others are written.
SPOKEN = frozenset({"speech", "interview", "briefing"})
#: What a genre is called in a sentence ("other": a document).
NOUNS = {"speech": "speech", "interview": "interview", "briefing": "briefing",
         "article": "article", "statement": "statement", "report": "report",
         "other": "document"}
#: The genre of a source whose ``genre`` is blank (the bundled source is a speech).
DEFAULT_GENRE = "speech"


@dataclass(frozen=True)
class SourceWords:
    """The words a page uses for one source."""

    source_id: str
    label: str  # "Khorev, 9 Feb 2026": short, for tables and charts
    name: str  # "Khorev's speech", or "the speech" when it is the package's only source
    noun: str  # "speech", "article", ...
    says: str  # "says" | "writes"
    person: str  # "speaker" | "author"

    @property
    def Name(self) -> str:  # noqa: N802 - the name at the start of a sentence
        return self.name[:1].upper() + self.name[1:]


def genre(source: object) -> str:
    """The genre of a row of sources.csv; blank reads as a speech."""
    value = getattr(source, "genre", None)
    return value if isinstance(value, str) and value in NOUNS else DEFAULT_GENRE


def _surname(author: object) -> str | None:
    """The surname of an author who is a person ("Albert P. Khorev" -> "Khorev"); None for
    an office or a body ("Foreign Office spokesperson"), whose words are not a name."""
    if not isinstance(author, str) or not author.strip():
        return None
    words = author.replace(",", " ").split()
    if not 2 <= len(words) <= 4 or any(not w[:1].isupper() for w in words):
        return None
    if any(w in {"Ministry", "Office", "Embassy", "Agency", "Department", "Council"}
           for w in words):
        return None
    return words[-1]


def _date(source: object, long: bool) -> str:
    date = getattr(source, "date", None)
    if date is None or str(date) in ("NaT", "nan", "None"):
        return ""
    return f"{date.day} {date:%B %Y}" if long else f"{date.day} {date:%b %Y}"


def words(source: object, only: bool = False) -> SourceWords:
    """The words for a row of sources.csv; ``only`` when it is the package's one source,
    which pages call plainly "the speech" (or "the article")."""
    kind = genre(source)
    noun = NOUNS[kind]
    surname = _surname(getattr(source, "author", None))
    who = surname or (str(getattr(source, "title", "") or "")[:40].strip())
    label = ", ".join(p for p in (who, _date(source, long=False)) if p)
    if only:
        name = f"the {noun}"
    elif surname:
        name = f"{surname}'s {noun}"
    else:
        name = f"the {noun} of {_date(source, long=True)}".strip()
    spoken = kind in SPOKEN
    return SourceWords(str(source.source_id), label, name, noun,
                       "says" if spoken else "writes", "speaker" if spoken else "author")


def subject(sources: object, several: str = "the corpus") -> str:
    """What a sentence about a whole package calls it: its one source by its genre ("the
    speech", "the article"), or ``several`` when it holds more than one."""
    rows = list(sources.itertuples())  # type: ignore[attr-defined]
    return words(rows[0], only=True).name if len(rows) == 1 else several


def text_title(source: object) -> str:
    """What the page of a source's whole text is called: "The speech: <title>", "The
    article: <title>"."""
    return f"The {NOUNS[genre(source)]}: {getattr(source, 'title', '')}"


def all_words(sources: object) -> dict[str, SourceWords]:
    """The words for every source of a package (a sources DataFrame), by ``source_id``;
    labels made unique (a second label the same gets its source's id)."""
    rows = list(sources.itertuples())  # type: ignore[attr-defined]
    out: dict[str, SourceWords] = {}
    seen: set[str] = set()
    for row in rows:
        w = words(row, only=len(rows) == 1)
        if w.label in seen:
            w = SourceWords(w.source_id, f"{w.label} ({w.source_id})", w.name, w.noun, w.says,
                            w.person)
        seen.add(w.label)
        out[w.source_id] = w
    return out
