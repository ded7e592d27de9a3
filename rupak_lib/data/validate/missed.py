"""What a curator may have missed: warnings, never errors, since the data is consistent and
only the curation may be incomplete.

- a claim of kind ``event`` with a date and no link to the record: the event it reports is
  either in the record (link it) or missing from it (a silence of the record to fill); an
  event still planned or hoped for is in no record yet;
- a claim linked to no entity whose quote names a known entity by its name or an alias.
"""

from __future__ import annotations

import re

from rupak_lib.data.validate.problems import Problem, Row

#: Modalities of what has not happened yet: a planned visit is in no record.
UNDONE = ("planned", "potential")


def missed_checks(rows: dict[str, list[Row]]) -> list[Problem]:
    """The warnings of both rules, in file order."""
    out: list[Problem] = []
    linked_events = {r.get("fact_id") for r in rows.get("fact_events", [])}
    linked_entities = {r.get("fact_id") for r in rows.get("fact_entities", [])}
    names = _names(rows.get("entities", []))
    for row in rows.get("facts", []):
        fact = row.get("fact_id")
        if (row.get("kind") == "event" and row.get("date_precision") not in (None, "none")
                and row.get("modality") not in UNDONE and fact not in linked_events):
            out.append(Problem.warning(
                row.file, row.number, "fact_id",
                f"{fact} reports an event dated {row.get('date_start')} with no link to the "
                "record; link the event in fact_events.csv, or add it to the record"))
        if fact not in linked_entities and names is not None:
            found = names.search(row.get("quote") or "")
            if found:
                out.append(Problem.warning(
                    row.file, row.number, "fact_id",
                    f'{fact} is linked to no entity, but its quote names "{found.group(0)}" '
                    "(a known entity); link it in fact_entities.csv"))
    return out


def _names(entities: list[Row]) -> re.Pattern | None:
    forms = set()
    for row in entities:
        forms.add(row.get("name") or "")
        forms.update(a.strip() for a in (row.get("aliases") or "").split("|"))
    forms = sorted((f for f in forms if len(f) >= 2), key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w-])")
