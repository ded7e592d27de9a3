"""Who the record of a source's decade names and the source never does."""

from __future__ import annotations

from datapkg import DataPackage

import rupak_lib as rk
from rupak_lib.analysis import actors, critique, per_source


def add_actors(pkg: DataPackage) -> None:
    """A minister the record's 2024 event involves, one of 1965 (outside the decade), the
    speaker herself, a city, and Alpha, whom the text names."""
    pkg.write_rows("entities.csv", [*pkg.rows("entities.csv"),
        {"entity_id": "omar-vey", "name": "Omar Vey", "kind": "person", "country": "BET",
         "aliases": "", "lat": "", "lon": "", "description": "A minister of Beta."},
        {"entity_id": "old-envoy", "name": "Old Envoy", "kind": "person", "country": "ALP",
         "aliases": "", "lat": "", "lon": "", "description": "An envoy of 1965."},
        {"entity_id": "jane-doe", "name": "Jane Doe", "kind": "person", "country": "ALP",
         "aliases": "", "lat": "", "lon": "", "description": "The speaker."},
        {"entity_id": "gamma-bank", "name": "Gamma Bank", "kind": "organization",
         "country": "ALP", "aliases": "GB", "lat": "", "lon": "", "description": "A bank."}])
    pkg.write_rows("chronology_entities.csv", [*pkg.rows("chronology_entities.csv"),
        {"event_id": "scholarships-granted-2024", "entity_id": "omar-vey", "role": "participant"},
        {"event_id": "scholarships-granted-2024", "entity_id": "jane-doe", "role": "participant"},
        {"event_id": "scholarships-granted-2024", "entity_id": "alpha", "role": "participant"},
        {"event_id": "scholarships-granted-2024", "entity_id": "testville", "role": "location"},
        {"event_id": "trade-pact-1965", "entity_id": "old-envoy", "role": "participant"}])


def test_an_actor_of_the_decade_the_text_never_names_is_listed(pkg: DataPackage) -> None:
    add_actors(pkg)
    unnamed = actors.unnamed_actors(rk.load(pkg.path))
    assert list(unnamed["entity_id"]) == ["omar-vey"]
    assert unnamed.iloc[0][["events", "years", "event_ids"]].tolist() == [
        1, "2024", "scholarships-granted-2024"]


def test_an_actor_only_the_text_names_without_a_claim_linking_it_is_not_listed(
        pkg: DataPackage) -> None:
    add_actors(pkg)
    pkg.replace("fact_entities.csv", "scholarships,beta,subject\n", "")
    pkg.write_rows("chronology_entities.csv", [*pkg.rows("chronology_entities.csv"), {
        "event_id": "scholarships-granted-2024", "entity_id": "beta", "role": "participant"}])
    assert "beta" not in set(actors.unnamed_actors(rk.load(pkg.path))["entity_id"])


def test_a_longer_period_reaches_older_events(pkg: DataPackage) -> None:
    add_actors(pkg)
    unnamed = actors.unnamed_actors(rk.load(pkg.path), years=80)
    assert set(unnamed["entity_id"]) == {"omar-vey", "old-envoy"}


def test_the_critique_says_whom_the_text_leaves_unnamed(pkg: DataPackage) -> None:
    add_actors(pkg)
    corpus = per_source.alone(rk.load(pkg.path), "doe-2025-03-01")
    texts = [f.text for f in critique.critique_findings(corpus)]
    assert ("The record of 2015–2025 involves 1 actor that the speech never names: "
            "Omar Vey (1 event).") in texts


def test_a_text_that_names_every_actor_has_no_such_finding(pkg: DataPackage) -> None:
    corpus = per_source.alone(rk.load(pkg.path), "doe-2025-03-01")
    assert actors.unnamed_actors(corpus).empty
    assert not any("never names" in f.text for f in critique.critique_findings(corpus))


def test_an_excerpt_s_silence_on_an_actor_is_the_excerpt_s(pkg: DataPackage) -> None:
    add_actors(pkg)
    pkg.set("sources.csv", 2, "completeness", "excerpt")
    corpus = per_source.alone(rk.load(pkg.path), "doe-2025-03-01")
    assert any("that the speech, in the part received, never names: Omar Vey" in f.text
               for f in critique.critique_findings(corpus))
