"""Characters a reader cannot see: bidirectional controls (U+202E turns the rest of a line
around) and zero-width marks. In ids, names, titles and aliases they make two values that
look the same differ, or text read backwards on every page; they are errors there, named by
their code point. (A source's text is kept as received; its quotes must match it.)"""

from __future__ import annotations

import re
import unicodedata

from rupak_lib.data.package import RawTable
from rupak_lib.data.validate.problems import Problem

HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: The columns a reader sees as names (every ``*_id`` column too).
NAMED = frozenset({"name", "title", "aliases", "author", "author_role", "venue", "place",
                   "summary", "theme", "unit", "date_text"})


def hidden_characters(tables: dict[str, RawTable]) -> list[Problem]:
    """An error for each cell of a named column that holds a hidden character."""
    out: list[Problem] = []
    for raw in tables.values():
        columns = [(at, c) for at, c in enumerate(raw.header)
                   if c in NAMED or c.endswith("_id") or c.endswith("_ids")]
        for number, cells in raw.rows:
            for at, column in columns:
                if at < len(cells) and (found := HIDDEN.search(cells[at])):
                    char = found.group(0)
                    out.append(Problem.error(
                        raw.file, number, column,
                        f"holds the invisible character U+{ord(char):04X} "
                        f"({unicodedata.name(char, 'a control')}) at position "
                        f"{found.start() + 1}; remove it"))
    return out
