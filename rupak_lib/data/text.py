"""Reading a source text: its lines, their segment kinds, its sentences, and finding quotes.

Quotes are matched after whitespace normalization only, as whole words, inside one *block*
of consecutive body lines, so that a quote can never borrow words from a header, an editorial
gloss or page furniture that sits between two body lines, nor start or end mid-word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

# A sentence ends at . ! or ? followed by whitespace and a capital, digit or opening mark;
# a single capital before the full stop is an initial ("Albert P. Khorev"), not an end.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)\s+(?=[\"“‘(\[]?[A-Z0-9])")


def normalize(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())  # the same whitespace as ``\s``, three times faster


def read_lines(raw: bytes) -> list[str]:
    """Decode a source text kept byte for byte and split it into lines (no line endings).

    Only ``\\n`` (with an optional ``\\r``) ends a line, as in an editor's line numbers;
    ``str.splitlines`` would also break at form feeds and Unicode separators and shift them.
    """
    text = raw.decode("utf-8")
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def split_sentences(line: str) -> list[str]:
    """Split one line of text into sentences."""
    text = line.strip()
    if not text:
        return []
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


@dataclass(frozen=True, slots=True)
class Sentence:
    line: int  # 1-based line number in the text file
    number: int  # 1-based position among all sentences of the source
    text: str
    kind: str  # segment kind of its line
    block: int  # index of the body block it belongs to (-1 outside the body)
    start: int  # offset of the sentence in its normalized block text
    end: int


def sentences(lines: list[str], kinds: Mapping[int, str]) -> list[Sentence]:
    """Every sentence of a source, in order, with its line's kind and its place in the body.

    ``kinds`` maps 1-based line numbers to a segment kind; non-blank lines it omits are body.
    """
    out: list[Sentence] = []
    block, length, in_block = -1, 0, False  # length: of the block's normalized text so far
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        kind = kinds.get(lineno, "body")
        if kind == "body":
            if not in_block:
                block, length, in_block = block + 1, 0, True
        else:
            in_block = False
        for s in split_sentences(line):
            start = end = 0
            if kind == "body":
                start = length + 1 if length else 0
                end = length = start + len(normalize(s))
            out.append(Sentence(lineno, len(out) + 1, s, kind, block if kind == "body" else -1,
                                start, end))
    return out


def body_blocks(sents: Iterable[Sentence]) -> list[str]:
    """The normalized text of each block of consecutive body lines."""
    blocks: dict[int, list[str]] = {}
    for s in sents:
        if s.kind == "body":
            blocks.setdefault(s.block, []).append(normalize(s.text))
    return [" ".join(blocks[b]) for b in sorted(blocks)]


@dataclass(frozen=True)
class QuoteMatch:
    block: int
    start: int
    end: int


def find_quote(quote: str, blocks: list[str], *, whole_words: bool = True,
               ) -> QuoteMatch | None:
    """Where a quote stands in the body, or None when it is not there verbatim.

    With ``whole_words`` (the rule for evidence) a match may not begin or end inside a word:
    "aditional valu" is not a quote of "traditional values".
    """
    q = normalize(quote)
    if not q:
        return None
    for i, text in enumerate(blocks):
        at = find_words(q, text) if whole_words else text.find(q)
        if at >= 0:
            return QuoteMatch(i, at, at + len(q))
    return None


def find_words(needle: str, text: str) -> int:
    """The first offset of ``needle`` in ``text`` that cuts no word in two, or -1."""
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        if not (_joined(text[at - 1:at], needle[:1]) or _joined(needle[-1:], text[end:end + 1])):
            return at
        at = text.find(needle, at + 1)
    return -1


def _joined(left: str, right: str) -> bool:
    """Whether two adjacent characters belong to one word (both letters or digits)."""
    return left.isalnum() and right.isalnum()


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` widened to whole words, to show what a quote cutting words cut."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


# Typographic quotation marks and their plain forms, which a copied quote often swaps.
_PLAIN_QUOTES = str.maketrans("’‘“”", "''\"\"")


def fold_quotes(text: str) -> str:
    """``text`` with curly quotation marks made straight (the length is unchanged)."""
    return text.translate(_PLAIN_QUOTES)


def cited_sentences(match: QuoteMatch, sents: Iterable[Sentence]) -> list[int]:
    """Numbers of the body sentences a matched quote overlaps."""
    return [s.number for s in sents
            if s.kind == "body" and s.block == match.block
            and s.start < match.end and match.start < s.end]


def closest_sentence(quote: str, sents: Iterable[Sentence]) -> Sentence | None:
    """The sentence most like a quote, to point a curator at what they probably meant.

    A quote is usually a clause of a longer sentence, so each sentence is scored by its
    stretch that best matches the quote, not as a whole (which would favour short sentences).
    """
    q = normalize(quote)
    best, best_score = None, (0.0, 0.0)
    for s in sents:
        text = normalize(s.text)
        score = (_window_ratio(q, text), _ratio(q, text))
        if score > best_score:
            best, best_score = s, score
    return best


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _window_ratio(q: str, text: str) -> float:
    """How like ``q`` the best stretch of ``text`` of ``q``'s length is (1.0 = identical).

    Candidate stretches are aligned on the blocks ``q`` shares with ``text``.
    """
    if len(text) <= len(q):
        return _ratio(q, text)
    best = 0.0
    for a, b, size in SequenceMatcher(None, text, q, autojunk=False).get_matching_blocks():
        if not size:
            continue
        start = min(max(a - b, 0), len(text) - len(q))
        best = max(best, _ratio(q, text[start:start + len(q)]))
    return best
