"""The loaded corpus: one typed DataFrame per table, plus the sentences of the sources."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .exceptions import UnknownIdError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Corpus", "UnknownIdError"]


@dataclass(frozen=True, eq=False)
class Corpus:
    """Every table of a data package as typed DataFrames (see ``rupak_lib.load``).

    Dates are datetime64[ns], enum columns ordered categoricals, blank cells missing values.
    ``facts.sentence_numbers`` and ``sentences.fact_ids`` link claims to the sentences they
    quote; ``questions.fact_ids`` lists the facts an answer rests on.
    """

    data_dir: Path
    sources: pd.DataFrame
    segments: pd.DataFrame
    themes: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame
    fact_entities: pd.DataFrame
    questions: pd.DataFrame
    sentences: pd.DataFrame

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(getattr(self, f.name))} {f.name}"
                          for f in dataclasses.fields(self) if f.name != "data_dir")
        return f"Corpus({self.data_dir}: {sizes})"

    def subset(self, theme_id: str | None = None, source_id: str | None = None) -> Corpus:
        """The facts of one theme and/or one source, with what is tied to them.

        fact_entities follow the kept facts; questions keep the theme's rows (and, for a
        source, those resting on its facts); sentences keep every row of the chosen sources,
        their ``fact_ids`` narrowed to the kept facts; themes narrow to the chosen theme.
        entities, sources and segments are unchanged, so labels and lookups still work.
        """
        if theme_id is not None and theme_id not in set(self.themes["theme_id"]):
            raise UnknownIdError(f"unknown theme_id {theme_id!r}; known: "
                                 + ", ".join(self.themes["theme_id"]))
        if source_id is not None and source_id not in set(self.sources["source_id"]):
            raise UnknownIdError(f"unknown source_id {source_id!r}; known: "
                                 + ", ".join(self.sources["source_id"]))
        facts = self.facts
        if theme_id is not None:
            facts = facts[facts["theme_id"] == theme_id]
        if source_id is not None:
            facts = facts[facts["source_id"] == source_id]
        keep = set(facts["fact_id"])

        questions = self.questions
        if theme_id is not None:
            questions = questions[questions["theme_id"] == theme_id]
        if source_id is not None:
            questions = questions[questions["fact_ids"].map(lambda ids: bool(keep & set(ids)))]

        sentences = self.sentences
        if source_id is not None:
            sentences = sentences[sentences["source_id"] == source_id]
        sentences = sentences.assign(
            fact_ids=sentences["fact_ids"].map(lambda ids: tuple(i for i in ids if i in keep)))

        fact_entities = self.fact_entities[self.fact_entities["fact_id"].isin(keep)]
        themes = self.themes
        if theme_id is not None:
            themes = themes[themes["theme_id"] == theme_id]
        return dataclasses.replace(
            self,
            themes=themes.reset_index(drop=True),
            facts=facts.reset_index(drop=True),
            fact_entities=fact_entities.reset_index(drop=True),
            questions=questions.reset_index(drop=True),
            sentences=sentences.reset_index(drop=True),
        )
