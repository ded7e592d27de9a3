"""A source's body indexed, so that checking a quote costs as much in a long text as in a short one.

Validation looks up every fact's quote in its source. Scanning the body for each quote, and
every sentence for the ones it cites, makes checking N facts of one source cost N times the
source, which grows with N: 30,000 facts of one source took minutes. Here the body is split
into its whitespace-separated tokens once; a quote of three tokens or more is looked up by
its rarest inner token (an inner token of a match is always a whole token of the text, even
when the quote cuts the words at its ends), and its sentences by bisection. A quote of one
or two tokens falls back to a scan. The result is the same as ``text.find_quote`` over the
blocks: the first match, in the first block that has one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from rupak_lib.data.text import (
    QuoteMatch,
    Sentence,
    _joined,
    body_blocks,
    closest_sentence,
    find_quote,
    fold_quotes,
    normalize,
)

_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"\w+")
_SEPARATOR = "\n"  # between blocks in the joined text: never in a normalized quote

#: Sources with at most this many body sentences are searched exhaustively for the sentence
#: closest to a broken quote; longer ones only among the sentences sharing its rarest words.
EXHAUSTIVE_CLOSEST = 400
_CLOSEST_CANDIDATES = 12
_CLOSEST_BUDGET = 20_000  # word occurrences counted per broken quote, at most


@dataclass
class _Tokens:
    """The joined body text and where each token of it starts."""

    text: str
    starts: dict[str, list[int]]


@dataclass
class BodyIndex:
    """The body blocks of one source, with look-ups that do not scan them."""

    sentences: list[Sentence]
    blocks: list[str] = field(init=False)
    _bases: list[int] = field(init=False)  # offset of each block in the joined text
    _sentence_starts: dict[int, list[int]] = field(init=False)
    _sentence_ends: dict[int, list[int]] = field(init=False)
    _sentence_numbers: dict[int, list[int]] = field(init=False)
    _plain: _Tokens | None = field(default=None, init=False)
    _folded: _Tokens | None = field(default=None, init=False)
    _words: dict[str, list[int]] | None = field(default=None, init=False)
    _body: list[Sentence] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.blocks = body_blocks(self.sentences)
        self._bases, at = [], 0
        for block in self.blocks:
            self._bases.append(at)
            at += len(block) + len(_SEPARATOR)
        self._sentence_starts, self._sentence_ends, self._sentence_numbers = {}, {}, {}
        for s in self.sentences:
            if s.kind == "body":
                self._sentence_starts.setdefault(s.block, []).append(s.start)
                self._sentence_ends.setdefault(s.block, []).append(s.end)
                self._sentence_numbers.setdefault(s.block, []).append(s.number)

    def find(self, quote: str, *, whole_words: bool = True,
             folded: bool = False) -> QuoteMatch | None:
        """Where a quote stands in the body (as ``text.find_quote``), or None.

        With ``folded``, curly quotation marks count as straight ones on both sides.
        """
        q = normalize(quote)
        if folded:
            q = fold_quotes(q)
        tokens = q.split(" ")
        if len(tokens) < 3:
            blocks = [fold_quotes(b) for b in self.blocks] if folded else self.blocks
            return find_quote(q, blocks, whole_words=whole_words)
        index = self._tokens(folded)
        inner = [(len(index.starts.get(t, ())), i) for i, t in enumerate(tokens[1:-1], 1)]
        count, rarest = min(inner)
        if not count:
            return None
        offset = sum(len(t) + 1 for t in tokens[:rarest])  # of the rarest token within q
        text = index.text
        for at in index.starts[tokens[rarest]]:  # in increasing order: the first is wanted
            start = at - offset
            end = start + len(q)
            if start < 0 or not text.startswith(q, start):
                continue
            if whole_words and (_joined(text[start - 1:start], q[:1])
                                or _joined(q[-1:], text[end:end + 1])):
                continue
            block = bisect_right(self._bases, start) - 1
            base = self._bases[block]
            return QuoteMatch(block, start - base, end - base)
        return None

    def cited(self, match: QuoteMatch) -> list[int]:
        """Numbers of the body sentences a match overlaps (as ``text.cited_sentences``)."""
        starts = self._sentence_starts.get(match.block, [])
        ends = self._sentence_ends.get(match.block, [])
        numbers = self._sentence_numbers.get(match.block, [])
        out = []
        i = bisect_right(ends, match.start)  # the first sentence ending after the start
        while i < len(starts) and starts[i] < match.end:
            out.append(numbers[i])
            i += 1
        return out

    def closest(self, quote: str) -> Sentence | None:
        """The body sentence most like a quote (as ``text.closest_sentence``).

        In a long source only the sentences sharing the quote's rarest words are scored:
        comparing a quote with every sentence of a 10,000-sentence text took seconds.
        """
        if self._body is None:
            self._body = [s for s in self.sentences if s.kind == "body"]
        body = self._body
        if len(body) <= EXHAUSTIVE_CLOSEST:
            return closest_sentence(quote, body)
        words = self._word_index(body)
        wanted = sorted({w for w in _WORD.findall(quote.lower()) if w in words},
                        key=lambda w: (len(words[w]), w))
        scores: Counter[int] = Counter()
        spent = 0
        for word in wanted:
            places = words[word]
            if scores and spent + len(places) > _CLOSEST_BUDGET:
                break
            spent += len(places)
            for at in places:
                scores[at] += 1.0 / len(places)
        ranked = sorted(scores, key=lambda at: (-scores[at], at))[:_CLOSEST_CANDIDATES]
        return closest_sentence(quote, [body[at] for at in sorted(ranked)])

    def _tokens(self, folded: bool) -> _Tokens:
        cached = self._folded if folded else self._plain
        if cached is not None:
            return cached
        text = _SEPARATOR.join(self.blocks)
        if folded:
            text = fold_quotes(text)
        starts: dict[str, list[int]] = {}
        for m in _TOKEN.finditer(text):
            starts.setdefault(m.group(), []).append(m.start())
        index = _Tokens(text, starts)
        if folded:
            self._folded = index
        else:
            self._plain = index
        return index

    def _word_index(self, body: list[Sentence]) -> dict[str, list[int]]:
        """Each lower-case word of the body: the positions (in ``body``) of its sentences."""
        if self._words is None:
            words: dict[str, list[int]] = {}
            for at, s in enumerate(body):
                for word in set(_WORD.findall(s.text.lower())):
                    words.setdefault(word, []).append(at)
            self._words = words
        return self._words
