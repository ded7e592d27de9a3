"""Loading a validated data package into typed DataFrames.

Column types come from the Table Schemas in datapackage.json, which validation holds to the
data contract (``contract.py``): dates are datetime64[ns], integers int64 (Int64 when a
value is missing), numbers float64, enum columns ordered categoricals in contract order, and
other text the pandas string type. Blank cells are missing values. A new enum value is added
in ``contract.py`` and the descriptor; nothing here changes.

pandas is imported on the first load, not with the package, so that the ``rupak`` command
starts quickly. The last corpus loaded is kept, keyed by the bytes of every file of its data
directory, and each later load of unchanged data gets a copy of it: a build's kernel runs
many reports on one corpus, and validating 100,000 facts again for each took seconds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rupak_lib.data.contract import CONTRACT
from rupak_lib.data.corpus import Corpus
from rupak_lib.data.package import Field, RawTable, ResourceSchema
from rupak_lib.data.paths import resolve_data_dir
from rupak_lib.data.validate import Checked, run_checks
from rupak_lib.exceptions import DataValidationError

if TYPE_CHECKING:
    import pandas as pd


def load(data_dir: str | os.PathLike[str] | None = None) -> Corpus:
    """The corpus in ``data_dir`` (default: the bundled data, or ``$RUPAK_DATA``).

    Raises DataValidationError, listing every error, when the data does not validate;
    warnings (such as uncited sentences) do not stop loading.
    """
    directory = resolve_data_dir(data_dir)
    key = content_key(directory)
    if key is not None and key == _last[0]:
        return _copy(_last[1])
    corpus = _load(directory)
    if key is not None:
        _last[:] = [key, corpus]
    return _copy(corpus)


_last: list = [None, None]  # [content key, Corpus] of the last load


def content_key(directory: Path) -> str | None:
    """A hash of the path and bytes of every file under ``directory``; None when unreadable."""
    h = hashlib.sha256(str(directory).encode() + b"\0")
    try:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            h.update(path.relative_to(directory).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return h.hexdigest()


def _copy(corpus: Corpus) -> Corpus:
    """A corpus whose tables can be changed without changing the one kept."""
    return dataclasses.replace(corpus, **{
        f.name: getattr(corpus, f.name).copy() for f in dataclasses.fields(corpus)
        if f.name != "data_dir"})


def _load(directory: Path) -> Corpus:
    checked = run_checks(directory)
    if checked.report.errors:
        raise DataValidationError(checked.report.problems, directory)
    frames = {name: table_frame(checked.schemas[name], checked.tables[name])
              if name in checked.schemas else _empty_frame(name) for name in CONTRACT}

    facts = frames["facts"]
    facts["sentence_numbers"] = [checked.fact_sentences.get(number, ())
                                 for number, _ in checked.tables["facts"].rows]
    questions = frames["questions"]
    for column in ("fact_ids", "event_ids"):
        questions[column] = [_id_list(ids) for ids in questions[column]]
    frames["themes"] = frames["themes"].sort_values("position", kind="stable") \
        .reset_index(drop=True)
    _attribute(frames)
    sentences = _sentences(checked, frames["sources"], facts,
                           frames["segments"]["kind"].dtype)
    return Corpus(data_dir=directory, **frames, sentences=sentences)  # a field per table


def _attribute(frames: dict[str, pd.DataFrame]) -> None:
    """Derived columns that say whose a claim is: ``sources.label`` (the short label pages
    cite a source by), ``facts.source_label`` (blank when the package has one source, whose
    pages need no label) and ``fact_events.source_id`` (the source of the linked claim)."""
    import pandas as pd

    from rupak_lib.data.citation import all_words

    sources, facts, links = frames["sources"], frames["facts"], frames["fact_events"]
    names = all_words(sources)
    sources["label"] = pd.Series([names[s].label for s in sources["source_id"]],
                                 index=sources.index, dtype="str")
    several = len(sources) > 1
    facts["source_label"] = pd.Series(
        [names[s].label if several and s in names else None for s in facts["source_id"]],
        index=facts.index, dtype="str")
    owner = dict(zip(facts["fact_id"], facts["source_id"], strict=True))
    links["source_id"] = pd.Series([owner.get(f) for f in links["fact_id"]],
                                   index=links.index, dtype="str")


def _empty_frame(name: str) -> pd.DataFrame:
    """An optional table the package leaves out, as a frame with its columns and no row."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype="str") for c in CONTRACT[name].columns})


def _id_list(ids: object) -> tuple[str, ...]:
    """A |-separated cell as a tuple of ids; a blank cell as no id."""
    if not isinstance(ids, str):
        return ()
    return tuple(i.strip() for i in ids.split("|") if i.strip())


def table_frame(schema: ResourceSchema, raw: RawTable) -> pd.DataFrame:
    """One table as a DataFrame typed by its schema, columns in schema order."""
    import pandas as pd

    columns = {}
    for fld in schema.fields:
        at = raw.header.index(fld.name) if fld.name in raw.header else None
        values = [cells[at] or None if at is not None else None for _, cells in raw.rows]
        columns[fld.name] = typed(values, fld)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(raw.rows)))


def typed(values: Sequence[str | None], fld: Field) -> pd.Series:
    """A column of cells converted to the pandas type of its schema field."""
    import pandas as pd

    if fld.enum is not None:
        return pd.Series(pd.Categorical(values, categories=list(fld.enum), ordered=True))
    if fld.type == "date":
        return pd.to_datetime(pd.Series(values, dtype=object),
                              format="%Y-%m-%d").astype("datetime64[ns]")
    if fld.type == "integer":
        numbers = pd.to_numeric(pd.Series(values, dtype=object))
        return numbers.astype("Int64" if numbers.isna().any() else "int64")
    if fld.type == "number":
        return pd.to_numeric(pd.Series(values, dtype=object)).astype("float64")
    if fld.type == "string":
        return pd.Series(values, dtype="str")
    return pd.Series(values, dtype=object)


def _sentences(checked: Checked, sources: pd.DataFrame, facts: pd.DataFrame,
               kind_dtype: pd.CategoricalDtype) -> pd.DataFrame:
    """Every sentence of every source, with the facts whose quotes overlap it."""
    import pandas as pd

    citing: dict[tuple[str, int], list[str]] = {}
    for fact_id, source_id, numbers in zip(facts["fact_id"], facts["source_id"],
                                           facts["sentence_numbers"], strict=True):
        for number in numbers:
            citing.setdefault((source_id, number), []).append(fact_id)
    records = [
        (source_id, s.line, s.number, s.text, s.kind,
         tuple(citing.get((source_id, s.number), ())), len(s.text.split()))
        for source_id in sources["source_id"]
        for s in checked.sentences.get(source_id, [])
    ]
    frame = pd.DataFrame(records, columns=["source_id", "line", "sentence", "text", "kind",
                                           "fact_ids", "n_words"])
    return frame.astype({"source_id": "str", "line": "int64", "sentence": "int64",
                         "text": "str", "kind": kind_dtype, "n_words": "int64"})
