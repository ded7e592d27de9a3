"""The data contract: the tables, columns, types, enum values and keys rupak relies on.

This is the one place where they are written down. The descriptor (datapackage.json) must
declare them (``datapackage.contract_gaps``), enum columns load as ordered categoricals in
this order, and everything keyed by an enum value (chart palettes, the words of the
narrative, the test frames) is checked against these tuples by ``tests/test_contract.py``,
so that a new value cannot silently vanish from a chart legend or a sentence.

To add a value, add it to its tuple here and in the descriptor; the contract test then
names every palette or word map that lacks it. To add a table, add its enums as tuples and
its row to :data:`CONTRACT`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- ids --------------------------------------------------------------------------------------

#: An id (the key of sources, themes, entities, facts, questions...) is a slug, whatever the
#: descriptor's patterns say: report and handout file names are made from ids.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: The longest id: "seminar-ID-instructor.ipynb" then stays well within a file name's
#: 255 bytes.
ID_MAX_LENGTH = 64


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id, or None when it is one."""
    if not SLUG.fullmatch(value):
        return (f'"{value[:80]}" is not a slug (lowercase letters and digits, joined by '
                "single hyphens)")
    if len(value) > ID_MAX_LENGTH:
        return (f'"{value[:80]}…" is {len(value)} characters long; an id has at most '
                f"{ID_MAX_LENGTH}, as file names are made from ids")
    return None


# --- enum values, in the order they are shown ----------------------------------------------

SEGMENT_KINDS = ("header", "body", "editorial", "extraneous")
BODY = "body"  # the segment kind of the speaker's own words
ENTITY_KINDS = ("country", "person", "organization", "place", "facility", "programme")
FACT_KINDS = ("event", "project", "mechanism", "position", "assessment")
MODALITIES = ("achieved", "ongoing", "planned", "potential", "stance")
DATE_PRECISIONS = ("day", "month", "year", "decade", "none")
VERIFICATIONS = ("corroborated", "contested", "unverified", "not-applicable")
ROLES = ("participant", "location", "subject")
QUESTION_KINDS = ("recall", "analysis", "discussion", "source-criticism")
#: Whether a source's text is the whole document; blank reads as full.
COMPLETENESS = ("full", "excerpt")
#: The kind of document a source is; blank reads as a speech (the bundled source).
GENRES = ("speech", "interview", "briefing", "article", "statement", "report", "other")
#: The record: an event is always dated, at most to the decade.
EVENT_PRECISIONS = ("day", "month", "year", "decade")
EVENT_KINDS = ("visit", "meeting", "agreement", "project", "trade", "military", "crisis",
               "multilateral", "statement")
#: How a source's claim relates to an event of the record: it reports it, refers to it
#: indirectly, is disputed by it, or announced what the (later) event carried out.
RELATIONS = ("mentions", "alludes", "contradicts", "fulfils")


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableContract:
    """What the library relies on in one table: columns, their types and enums, keys.

    A descriptor may give a table more columns, but not fewer, nor other enum values (they
    become ordered categories), nor other keys: the analyses and reports depend on them.
    ``optional`` columns (name and type) are used when a descriptor declares them, with
    that type; reports do without them otherwise.
    """

    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    types: dict[str, str] = field(default_factory=dict)  # columns that are not strings
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    foreign_keys: tuple[ForeignKey, ...] = ()
    optional: dict[str, str] = field(default_factory=dict)
    #: A table a package may leave out; it then loads as an empty frame of its columns.
    optional_table: bool = False


def _refers(column: str, resource: str) -> ForeignKey:
    return ForeignKey((column,), resource, (column,))


#: Every table of the package, in loading order.
CONTRACT: dict[str, TableContract] = {
    "sources": TableContract(
        ("source_id", "title", "author", "author_role", "venue", "place", "date", "language",
         "text_path", "sha256", "url", "notes"),
        ("source_id",), types={"date": "date"},
        optional={"completeness": "string", "inferred": "string", "genre": "string"}),
    "segments": TableContract(
        ("source_id", "line", "kind", "note"), ("source_id", "line"),
        types={"line": "integer"},
        enums={"kind": SEGMENT_KINDS},
        foreign_keys=(_refers("source_id", "sources"),)),
    "themes": TableContract(
        ("theme_id", "title", "description", "position"), ("theme_id",),
        types={"position": "integer"}),
    "entities": TableContract(
        ("entity_id", "name", "kind", "country", "aliases", "lat", "lon", "description"),
        ("entity_id",), types={"lat": "number", "lon": "number"},
        enums={"kind": ENTITY_KINDS}),
    "facts": TableContract(
        ("fact_id", "source_id", "theme_id", "kind", "modality", "summary", "quote",
         "date_start", "date_end", "date_precision", "date_text", "value", "unit",
         "verification", "reference", "notes"),
        ("fact_id",), types={"date_start": "date", "date_end": "date", "value": "number"},
        enums={"kind": FACT_KINDS, "modality": MODALITIES, "date_precision": DATE_PRECISIONS,
               "verification": VERIFICATIONS},
        foreign_keys=(_refers("source_id", "sources"), _refers("theme_id", "themes"))),
    "fact_entities": TableContract(
        ("fact_id", "entity_id", "role"), ("fact_id", "entity_id", "role"),
        enums={"role": ROLES},
        foreign_keys=(_refers("fact_id", "facts"), _refers("entity_id", "entities"))),
    "fact_themes": TableContract(
        ("fact_id", "theme_id"), ("fact_id", "theme_id"),
        foreign_keys=(_refers("fact_id", "facts"), _refers("theme_id", "themes")),
        optional_table=True),  # the other themes a claim touches besides its own
    "chronology": TableContract(
        ("event_id", "date_start", "date_end", "date_precision", "theme_id", "kind", "summary",
         "reference", "notes"),
        ("event_id",), types={"date_start": "date", "date_end": "date"},
        enums={"date_precision": EVENT_PRECISIONS, "kind": EVENT_KINDS},
        foreign_keys=(_refers("theme_id", "themes"),),
        # a short name (reports fall back on the summary); the longer event it belongs to
        optional={"title": "string", "part_of": "string"}),
    "chronology_entities": TableContract(
        ("event_id", "entity_id", "role"), ("event_id", "entity_id", "role"),
        enums={"role": ROLES},
        foreign_keys=(_refers("event_id", "chronology"), _refers("entity_id", "entities"))),
    "fact_events": TableContract(
        ("fact_id", "event_id", "relation", "note"), ("fact_id", "event_id", "relation"),
        enums={"relation": RELATIONS},
        foreign_keys=(_refers("fact_id", "facts"), _refers("event_id", "chronology"))),
    "questions": TableContract(
        ("question_id", "theme_id", "kind", "prompt", "answer", "fact_ids", "event_ids"),
        ("question_id",),
        enums={"kind": QUESTION_KINDS},
        foreign_keys=(_refers("theme_id", "themes"),)),
}


def enum(table: str, column: str) -> tuple[str, ...]:
    """The values of an enum column, in order; KeyError names what is not in the contract."""
    try:
        return CONTRACT[table].enums[column]
    except KeyError:
        raise KeyError(f"{table}.{column} is not an enum column of the data contract") \
            from None


# --- the house colours -------------------------------------------------------------------
# Keyed by the enum values above, in their order (the order of the legends); kept here so that
# pages (the annotated source, the index) use the chart colours without loading matplotlib.

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
#: Colour of each modality (what the text commits to).
MODALITY_COLORS: dict[str, str] = {
    "achieved": "#0072B2",
    "ongoing": "#009E73",
    "planned": "#E69F00",
    "potential": "#CC79A7",
    "stance": "#999999",
}
#: Colour of each verification status.
VERIFICATION_COLORS: dict[str, str] = {
    "corroborated": "#009E73",
    "contested": "#D55E00",
    "unverified": "#E69F00",
    "not-applicable": "#BBBBBB",
}
#: Colour of each kind of entity.
ENTITY_KIND_COLORS: dict[str, str] = {
    "country": "#0072B2",
    "person": "#D55E00",
    "organization": "#009E73",
    "place": "#E69F00",
    "facility": "#CC79A7",
    "programme": "#56B4E9",
}
