"""Tables and prose as reports show them: plain, escaped HTML with the same bytes on every run.

pandas' Styler gives every table a random id and does not escape cell text; a report must
be byte-identical from one build to the next and must show a ``<script>`` in the data as
text. :func:`table` wraps a DataFrame so that notebooks display it that way, for people:
headers in words ("Share of words", not ``words_pct``), whole numbers without ".0",
percentages with "%", and no column that is empty in most rows.

A cell holding :class:`Html` (anything with ``__html__``, such as a sentence link) is
written as it is; every other cell is escaped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape

import pandas as pd

DASH = "—"
_TAG = re.compile(r"<[^>]+>")

#: Column headers in words; other names are written with spaces and a capital.
HEADERS: dict[str, str] = {
    "fact_id": "Claim",
    "fact_ids": "Claims",
    "touching": "Claims filed elsewhere touching it",
    "theme_id": "Theme",
    "source_id": "Source",
    "entity_id": "Entity",
    "question_id": "Question",
    "words_pct": "Share of words",
    "facts_pct": "Share of claims",
    "pct": "Share",
    "facts": "Claims",
    "n_words": "Words",
    "n_terms": "Terms",
    "sentence": "Sentence",
    "sentences": "Sentences",
    "date_text": "Date in the text",
    "prompt": "Question",
    "text": "Text",
    "note": "Note",
    "notes": "Notes",
    "reference": "References",
    "filed_under": "Filed under",
}

#: Columns kept whenever any row has a value: the one row that has it is the point (a claim
#: filed under another theme; the event a plan refers to).
SHOWN_IF_ANY = frozenset({"filed_under", "related"})


def header(name: object) -> str:
    """A column name as a reader's header: ``words_pct`` -> "Share of words"."""
    text = str(name)
    if text in HEADERS:
        return HEADERS[text]
    words = text.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else text


def _is_percent(name: object) -> bool:
    text = str(name)
    return text == "pct" or text.endswith("_pct") or text.endswith("%")


def _is_fraction(name: object, values: pd.Series) -> bool:
    """A "share" column of fractions (0 to 1), which a reader reads as a percentage."""
    if str(name) != "share" and not str(name).endswith("_share"):
        return False
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return not numbers.empty and bool(numbers.between(0, 1).all())


#: Columns of references: web addresses become links named by their site.
REFERENCE_COLUMNS = {"reference", "references"}
_REF_SPLIT = re.compile(r"\s*\|\s*|;\s+")


def references_html(value: str) -> str:
    """References (``|``- or ``;``-separated) as HTML: each http(s) address a link named by its
    site ("tass.com"), anything else as text."""
    from urllib.parse import urlsplit

    parts = []
    for ref in (r for r in _REF_SPLIT.split(value.strip()) if r):
        url = urlsplit(ref)
        if url.scheme in ("http", "https") and url.netloc:
            site = url.netloc.removeprefix("www.")
            parts.append(f'<a href="{escape(ref, quote=True)}">{escape(site)}</a>')
        else:
            parts.append(escape(ref))
    return "; ".join(parts)


class Html(str):
    """Markup the library wrote itself (links, marks), inserted into a page as it is."""

    def __html__(self) -> str:
        return str(self)

    _repr_html_ = __html__  # a notebook cell that ends in one shows it as HTML


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", DASH)


#: A longer table is shown in pages of this many rows: the first open, each other one folded
#: in a ``<details>`` element (no script needed, every row still in the report), so that a
#: theme with thousands of claims opens on its first hundred.
PAGE_ROWS = 100
#: A page shows at most this many rows of a table, and says how many it leaves out: the
#: 20,000 plans of a 100,000-claim corpus made an 11 MB overview. A notebook run in
#: JupyterLab still holds the whole frame the table is made from.
MAX_ROWS = 2000


@dataclass(frozen=True)
class Table:
    """A DataFrame to display: HTML in notebooks and reports, plain text elsewhere.

    Columns empty in more than half of the rows are left out unless ``sparse``, and a note
    under the table says which; those of :data:`SHOWN_IF_ANY` only when empty in every row.
    """

    frame: pd.DataFrame
    caption: str | None = None
    index: bool = False
    precision: int = 1
    sparse: bool = False
    empty: str = "Nothing to list."
    dropped: tuple[str, ...] = field(default=(), init=False)
    percent: tuple[str, ...] = field(default=(), init=False)  # fractions shown as %
    total: int = field(default=0, init=False)  # rows before the first MAX_ROWS were kept

    def __post_init__(self) -> None:
        frame = self.frame
        object.__setattr__(self, "total", len(frame))
        frame = frame.head(MAX_ROWS)
        if self.index:  # show row labels under their name, as a first column
            frame = frame.reset_index()
            object.__setattr__(self, "index", False)
        headers = [header(c) for c in frame.columns]
        twins = [c for c, h in zip(frame.columns, headers, strict=True)
                 if str(c).endswith("_id") and headers.count(h) > 1]
        frame = frame.drop(columns=twins)  # "theme_id" beside the theme's title: the title
        if not self.sparse and len(frame) > 1:
            def unused(c: object) -> bool:
                missing = sum(_missing(v) for v in frame[c])
                return missing == len(frame) if c in SHOWN_IF_ANY else 2 * missing > len(frame)

            empty = [c for c in frame.columns if unused(c)]
            object.__setattr__(self, "dropped", tuple(str(c) for c in empty))
            frame = frame.drop(columns=empty)
        fractions = [c for c in frame.columns if _is_fraction(c, frame[c])]
        if fractions:  # shown as percentages, in place
            frame = frame.assign(**{c: 100 * pd.to_numeric(frame[c]) for c in fractions})
        object.__setattr__(self, "percent", tuple(str(c) for c in fractions))
        object.__setattr__(self, "frame", frame)

    def cell(self, column: object, value: object) -> str:
        """One value as text: integers whole, floats rounded, percentages with "%"."""
        if _missing(value):
            return DASH
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, (tuple, list)):
            return ", ".join(str(v) for v in value) or DASH
        if isinstance(value, float) or hasattr(value, "is_integer"):
            number = float(value)  # numpy floats too
            pct = _is_percent(column) or str(column) in self.percent
            digits = 0 if pct or number.is_integer() else self.precision
            text = f"{number:.{digits}f}"
            return f"{text}%" if pct else text
        return str(value)

    def _html_cell(self, column: object, value: object) -> str:
        if hasattr(value, "__html__"):
            return value.__html__()
        if str(column) in REFERENCE_COLUMNS and isinstance(value, str) and value.strip():
            return references_html(value)
        return escape(self.cell(column, value))

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return f'<p class="rupak-prose">{escape(self.empty)}</p>'
        rows = []
        numeric = {c: pd.api.types.is_numeric_dtype(self.frame[c])
                   and not pd.api.types.is_bool_dtype(self.frame[c])
                   for c in self.frame.columns}
        head = "".join(f'<th scope="col"{_num(numeric[c])}>{escape(header(c))}</th>'
                       for c in self.frame.columns)
        for values in self.frame.itertuples(index=False, name=None):
            cells = "".join(f'<td data-label="{escape(header(c))}"{_num(numeric[c])}>'
                            f'<span dir="auto">{self._html_cell(c, v)}</span></td>'
                            for c, v in zip(self.frame.columns, values, strict=True))
            rows.append(f"<tr>{cells}</tr>")
        caption = f"<caption>{escape(self.caption)}</caption>" if self.caption else ""
        note = self._note()
        long_text = any(len(_TAG.sub("", self._html_cell(c, v))) > 60
                        for c in self.frame.columns for v in self.frame[c])
        # a table of text becomes cards on a phone; a table of figures stays a table
        cards = " cards" if len(self.frame.columns) >= 3 and long_text else ""

        def page(body: list[str]) -> str:
            return (f'<table class="rupak-table{cards}">{caption}'
                    f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

        pages = [page(rows[:PAGE_ROWS])]
        for start in range(PAGE_ROWS, len(rows), PAGE_ROWS):
            end = min(start + PAGE_ROWS, len(rows))
            pages.append(f'<details class="rupak-page"><summary>Rows {start + 1}–{end} of '
                         f"{len(rows)}</summary>{page(rows[start:end])}</details>")
        html = ('<div class="rupak-table-wrap">' + "".join(pages)
                + (f'<p class="rupak-table-note">{escape(note)}</p>' if note else "")
                + "</div>")
        return html

    def _note(self) -> str:
        notes = []
        if self.total > len(self.frame):
            notes.append(f"The first {len(self.frame):,} of {self.total:,} rows are shown; run "
                         "the notebook to work with them all.")
        if self.dropped:
            names = ", ".join(header(c).lower() for c in self.dropped)
            notes.append(f"Left out, being empty in most rows: {names}.")
        return " ".join(notes)

    def __repr__(self) -> str:
        if self.frame.empty:
            return self.empty
        frame = pd.DataFrame({header(c): [self.cell(c, _plain(v)) for v in self.frame[c]]
                              for c in self.frame.columns})
        text = frame.to_string(index=False)
        lines = [self.caption or "", text, self._note()]
        return "\n".join(line for line in lines if line)


def _num(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _plain(value: object) -> object:
    """What a cell reads as in plain text: the words of a link, without its markup."""
    if isinstance(value, Html):
        return _TAG.sub("", str(value))
    if hasattr(value, "__html__") and hasattr(value, "text"):
        return value.text
    return value


def table(frame: pd.DataFrame, caption: str | None = None, *, index: bool | None = None,
          precision: int = 1, sparse: bool = False, empty: str = "Nothing to list.") -> Table:
    """Show ``frame`` as a plain table for a reader.

    Row labels are shown when they mean something: by default, unless they are the plain
    0, 1, 2... of a RangeIndex. Columns empty in most rows are left out unless ``sparse``.
    """
    if index is None:
        index = not isinstance(frame.index, pd.RangeIndex)
    return Table(frame, caption, index, precision, sparse, empty)


# --- sentence references ----------------------------------------------------------------

def speech_file(source_id: str) -> str:
    """The file name of a source's annotated text, which ``S21`` links to."""
    return f"speech-{source_id}.html"


def format_sentences(numbers: Iterable[int]) -> str:
    """Sentence numbers as runs: (5, 6) -> "S5–S6", (3, 5) -> "S3, S5", () -> "—"."""
    runs = _runs(numbers)
    return ", ".join(f"S{a}" if a == b else f"S{a}–S{b}" for a, b in runs) if runs else DASH


@dataclass(frozen=True)
class SentenceRef:
    """Sentences of a source as "S5–S6, S9", each number a link to the speech page."""

    source_id: str
    numbers: tuple[int, ...]
    label: str | None = None  # the source's short label, when the package has several

    @property
    def text(self) -> str:
        refs = format_sentences(self.numbers)
        return f"{self.label}: {refs}" if self.label else refs

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        runs = _runs(self.numbers)
        if not runs:
            return DASH
        page = escape(speech_file(self.source_id), quote=True)
        parts = []
        if self.label:
            parts.append(f'<a class="sref-source" href="{page}">{escape(self.label)}</a>:')
        for a, b in runs:
            first = f'<a class="sref" href="{page}#S{a}">S{a}</a>'
            parts.append(first if a == b else
                         f'{first}–<a class="sref" href="{page}#S{b}">S{b}</a>')
        if self.label:
            return parts[0] + " " + ", ".join(parts[1:])
        return ", ".join(parts)

    _repr_html_ = __html__


def _runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    nums = sorted({int(n) for n in numbers})
    runs: list[list[int]] = []
    for n in nums:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(a, b) for a, b in runs]


def sentence_refs(source_ids: Iterable[str], numbers: Iterable[Iterable[int]],
                  labels: Iterable[object] | None = None) -> list[SentenceRef]:
    """A column of sentence links, one per row of (source, sentence numbers); with
    ``labels`` (``facts.source_label``, blank for a package of one source), each names its
    source."""
    source_ids, numbers = list(source_ids), list(numbers)
    named = list(labels) if labels is not None else [None] * len(source_ids)
    return [SentenceRef(str(s), tuple(int(n) for n in ns), lb if isinstance(lb, str) else None)
            for s, ns, lb in zip(source_ids, numbers, named, strict=True)]


def linked(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``sentence`` (a number) or ``sentences`` (numbers) column made into
    links to the speech, read with its ``source_id`` column (which is then left out)."""
    out = frame.copy()
    for column in ("sentence", "sentences"):
        if column in out and "source_id" in out:
            numbers = [(n,) if isinstance(n, (int, float)) or hasattr(n, "is_integer") else n
                       for n in out[column]]
            out[column] = pd.Series(sentence_refs(out["source_id"], numbers), index=out.index,
                                    dtype=object)
    return out.drop(columns="source_id", errors="ignore")


# --- prose ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Prose:
    """A paragraph a report shows in place of a chart that would say nothing.

    ``html`` may hold links (:class:`Html`); ``text`` is the same words, plain.
    """

    text: str
    html: str | None = None
    attrs: Mapping[str, str] = field(default_factory=dict)

    def _repr_html_(self) -> str:
        body = self.html if self.html is not None else escape(self.text)
        return f'<p class="rupak-prose">{body}</p>'

    def __repr__(self) -> str:
        return self.text


def if_any(facts: pd.DataFrame, shown: object) -> object | None:
    """``shown`` when there are claims, else nothing: a section of a page with no claim to
    show is left out, heading and all, rather than shown empty."""
    return shown if len(facts) else None
