"""The loaded corpus: one typed DataFrame per table, plus the sentences of the sources."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rupak_lib.exceptions import UnknownIdError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Corpus", "UnknownIdError"]


@dataclass(frozen=True, eq=False)
class Corpus:
    """Every table of a data package as typed DataFrames (see ``rupak_lib.data.load``).

    Dates are datetime64[ns], enum columns ordered categoricals, blank cells missing values.
    ``facts.sentence_numbers`` and ``sentences.fact_ids`` link claims to the sentences they
    quote; ``questions.fact_ids`` and ``questions.event_ids`` list the facts and the events
    of the record an answer rests on. ``chronology`` is the record: dated, referenced events,
    which ``fact_events`` links to the claims of the sources.
    """

    data_dir: Path
    sources: pd.DataFrame
    segments: pd.DataFrame
    themes: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame
    fact_entities: pd.DataFrame
    fact_themes: pd.DataFrame
    chronology: pd.DataFrame
    chronology_entities: pd.DataFrame
    fact_events: pd.DataFrame
    questions: pd.DataFrame
    sentences: pd.DataFrame

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(getattr(self, f.name))} {f.name}"
                          for f in dataclasses.fields(self) if f.name != "data_dir")
        return f"Corpus({self.data_dir}: {sizes})"

    def subset(self, theme_id: str | None = None, source_id: str | None = None) -> Corpus:
        """The facts of one theme and/or one source, with what is tied to them.

        A theme's facts are its own (``theme_id``) first, then those filed under another
        theme that ``fact_themes`` says touch it; ``facts.theme_id`` tells them apart.

        fact_entities follow the kept facts; questions keep the theme's rows (and, for a
        source, those resting on its facts); sentences keep every row of the chosen sources,
        their ``fact_ids`` narrowed to the kept facts; themes narrow to the chosen theme and
        the themes of the claims filed elsewhere that touch it.
        entities, sources and segments are unchanged, so labels and lookups still work.

        The record follows the theme, not the source (it is no source's): chronology keeps
        the theme's events and those the kept facts are linked to; fact_events keeps the
        links of the chosen sources' facts that touch a kept fact or an event of the theme,
        so that an event of the theme alluded to from another theme is not taken for one
        left out; chronology_entities follow the kept events.
        """
        if theme_id is not None and theme_id not in set(self.themes["theme_id"]):
            raise UnknownIdError(f"unknown theme_id {theme_id!r}; known: "
                                 + ", ".join(self.themes["theme_id"]))
        if source_id is not None and source_id not in set(self.sources["source_id"]):
            raise UnknownIdError(f"unknown source_id {source_id!r}; known: "
                                 + ", ".join(self.sources["source_id"]))
        facts = self.facts
        if theme_id is not None:
            own = facts["theme_id"] == theme_id
            touching = facts["fact_id"].isin(set(
                self.fact_themes.loc[self.fact_themes["theme_id"] == theme_id, "fact_id"]))
            facts = facts[own | touching]
            facts = facts.iloc[(facts["theme_id"] != theme_id).to_numpy().argsort(kind="stable")]
        if source_id is not None:
            facts = facts[facts["source_id"] == source_id]
        keep = set(facts["fact_id"])

        questions = self.questions
        if theme_id is not None:
            questions = questions[questions["theme_id"] == theme_id]
        if source_id is not None:
            rests = questions["fact_ids"].map(lambda ids: bool(keep & set(ids))).astype(bool)
            questions = questions.loc[rests]  # an empty mask is still a mask, not columns

        sentences = self.sentences
        if source_id is not None:
            sentences = sentences[sentences["source_id"] == source_id]
        sentences = sentences.assign(
            fact_ids=sentences["fact_ids"].map(lambda ids: tuple(i for i in ids if i in keep)))

        fact_entities = self.fact_entities[self.fact_entities["fact_id"].isin(keep)]
        fact_themes = self.fact_themes[self.fact_themes["fact_id"].isin(keep)]
        chronology, chronology_entities, fact_events = self._record(theme_id, source_id, keep)
        themes = self.themes
        if theme_id is not None:  # the theme, and those its claims filed elsewhere are under
            themes = themes[themes["theme_id"].isin({theme_id, *facts["theme_id"]})]
        return dataclasses.replace(
            self,
            themes=themes.reset_index(drop=True),
            facts=facts.reset_index(drop=True),
            fact_entities=fact_entities.reset_index(drop=True),
            fact_themes=fact_themes.reset_index(drop=True),
            chronology=chronology.reset_index(drop=True),
            chronology_entities=chronology_entities.reset_index(drop=True),
            fact_events=fact_events.reset_index(drop=True),
            questions=questions.reset_index(drop=True),
            sentences=sentences.reset_index(drop=True),
        )

    def _record(self, theme_id: str | None, source_id: str | None,
                keep: set[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The record's tables as :meth:`subset` narrows them."""
        links = self.fact_events
        if source_id is not None:
            said = set(self.facts.loc[self.facts["source_id"] == source_id, "fact_id"])
            links = links[links["fact_id"].isin(said)]
        chronology = self.chronology
        if theme_id is not None:
            own = chronology["theme_id"] == theme_id
            links = links[links["fact_id"].isin(keep)
                          | links["event_id"].isin(set(chronology.loc[own, "event_id"]))]
            linked = set(links.loc[links["fact_id"].isin(keep), "event_id"])
            chronology = chronology[own | chronology["event_id"].isin(linked)]
        events = set(chronology["event_id"])
        chronology_entities = self.chronology_entities[
            self.chronology_entities["event_id"].isin(events)]
        return chronology, chronology_entities, links
