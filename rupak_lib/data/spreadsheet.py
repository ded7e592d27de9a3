"""The claims as a spreadsheet: one CSV, or an Excel workbook with a sheet per table.

An analyst's first request is a table to open in a spreadsheet program: every claim with
its source (label, title, date), its theme (and the others it touches), the entities it
names and its links to the record, each list ``|``-separated as in the package's own CSVs.
Files are written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rupak_lib.data.paths import replacing
from rupak_lib.exceptions import ExportError

if TYPE_CHECKING:
    import pandas as pd

    from rupak_lib.data.corpus import Corpus

FORMATS = ("csv", "xlsx")
#: The tables of the workbook besides the claims, in sheet order.
SHEETS = ("sources", "themes", "entities", "fact_entities", "fact_themes", "fact_events",
          "chronology")


def _listed(pairs: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for k, v in zip(pairs[key], pairs[value], strict=True):
        out.setdefault(str(k), []).append(str(v))
    return {k: "|".join(v) for k, v in out.items()}


def claims(corpus: Corpus) -> pd.DataFrame:
    """Every claim with its source, theme, other themes, entities and record links."""
    import pandas as pd

    facts = corpus.facts
    sources = corpus.sources.set_index("source_id")
    titles = dict(zip(corpus.themes["theme_id"], corpus.themes["title"], strict=True))
    links = corpus.fact_events.assign(
        link=corpus.fact_events["event_id"] + ":" + corpus.fact_events["relation"].astype(str))
    out = pd.DataFrame({
        "fact_id": facts["fact_id"],
        "source_id": facts["source_id"],
        "source": [sources.at[s, "label"] if "label" in sources else s
                   for s in facts["source_id"]],
        "source_title": [sources.at[s, "title"] for s in facts["source_id"]],
        "source_date": [sources.at[s, "date"].date().isoformat() for s in facts["source_id"]],
        "theme_id": facts["theme_id"],
        "theme": [titles.get(t, t) for t in facts["theme_id"]],
        "other_themes": facts["fact_id"].map(_listed(corpus.fact_themes, "fact_id",
                                                     "theme_id")),
        "sentences": ["|".join(f"S{n}" for n in ns) for ns in facts["sentence_numbers"]],
    })
    columns = ["kind", "modality", "summary", "quote", "date_start", "date_end",
               "date_precision", "date_text", "value", "unit", "verification", "reference",
               "notes"]
    out[columns] = _plain(facts[columns]).astype(object).to_numpy()
    out["entity_ids"] = facts["fact_id"].map(_listed(corpus.fact_entities, "fact_id",
                                                     "entity_id"))
    out["event_ids"] = facts["fact_id"].map(_listed(links, "fact_id", "link"))
    return out.reset_index(drop=True)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as a sheet holds it: dates as ISO text, lists ``|``-joined, no derived ids."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if str(values.dtype).startswith("datetime64"):
            out[column] = values.dt.strftime("%Y-%m-%d")
        elif values.map(lambda v: isinstance(v, tuple)).any():
            out[column] = values.map(lambda v: "|".join(map(str, v))
                                     if isinstance(v, tuple) else v)
    return out


def export(corpus: Corpus, fmt: str, out: str | Path) -> Path:
    """Write the claims to ``out`` as CSV, or the claims and every table as an Excel
    workbook (a sheet per table). Nothing is left at ``out`` when writing fails."""
    path = Path(out)
    if fmt not in FORMATS:
        raise ExportError(str(out), f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if path.is_dir():
        raise ExportError(str(out), "is a folder; name the file to write")
    if not path.parent.is_dir():
        raise ExportError(str(out), f"folder {path.parent} does not exist")
    with replacing(path) as tmp:
        if fmt == "csv":
            claims(corpus).to_csv(tmp, index=False, lineterminator="\n")
        else:
            import pandas as pd

            with pd.ExcelWriter(tmp, engine="openpyxl") as book:
                claims(corpus).to_excel(book, sheet_name="claims", index=False)
                for name in SHEETS:
                    _plain(getattr(corpus, name)).to_excel(book, sheet_name=name, index=False)
    return path
