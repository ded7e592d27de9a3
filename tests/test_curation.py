"""The curation rules on single rows: events of the record cited by seminar questions."""

from __future__ import annotations

from rupak_lib.data.validate.curation import check_aliases, check_question
from rupak_lib.data.validate.problems import Problem, Row

FACTS = {"relations-1948": "history"}


def question(**cells: str | None) -> Row:
    base = {"question_id": "q", "theme_id": "history", "answer": "[relations-1948]",
            "fact_ids": "relations-1948", "event_ids": None}
    return Row("questions.csv", 2, {**base, **cells})


def messages(row: Row, events: set[str] | None) -> list[str]:
    out: list[Problem] = []
    check_question(row, FACTS, events, out)
    return [f"{p.column}: {p.message}" for p in out]


def test_an_answer_may_cite_a_listed_event_of_the_record() -> None:
    row = question(answer="[relations-1948] then [war-1971].", event_ids="war-1971")
    assert messages(row, {"war-1971"}) == []


def test_an_unknown_event_is_refused_once() -> None:
    row = question(answer="[relations-1948] then [war-1972].", event_ids="war-1972")
    assert messages(row, {"war-1971"}) == ['event_ids: chronology.csv has no event_id "war-1972"']


def test_a_listed_event_the_answer_never_cites_is_refused() -> None:
    row = question(event_ids="war-1971")
    assert messages(row, {"war-1971"}) == [
        'event_ids: event "war-1971" is listed, but the answer does not cite it as [war-1971]']


def test_an_alias_found_in_a_chronology_summary_is_enough() -> None:
    out: list[Problem] = []
    row = Row("entities.csv", 2, {"aliases": "Tashkent"})
    check_aliases([row], ["Nothing here.", "The Tashkent Declaration was signed."], out)
    assert out == []
