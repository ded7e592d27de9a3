"""The schema checks, by frictionless, translated into rupak's problems and cached.

Frictionless validates its descriptor with jsonschema, whose import alone takes a second or
two, so the outcome is cached, one verdict per table, keyed by a hash of the table's schema,
its CSV file and this package's code: in the process, and on disk under
``paths.cache_dir()``. An edit of one file is checked by frictionless alone. A notebook kernel
that loads unchanged data therefore never imports frictionless.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from rupak_lib.data.package import DESCRIPTOR, RawTable, ResourceSchema
from rupak_lib.data.paths import cache_dir, write_atomic
from rupak_lib.data.validate.problems import WHOLE_ROW, Problem

_CACHE_FORMAT = 3  # one verdict per table
_memory_cache: dict[str, dict[str, Any]] = {}


def schema_check(data_dir: Path, descriptor: dict[str, Any],
                  schemas: dict[str, ResourceSchema], tables: dict[str, RawTable],
                  ) -> tuple[list[Problem], dict[str, dict[int, set[str]]]]:
    """Frictionless' verdict on the readable tables, with rows mapped as read by rupak.

    Each table's verdict is cached on its own, so that an edit of one CSV file sends only
    that file to frictionless (foreign keys, which span tables, are rupak's own check).
    """
    adapted = _adapted_descriptor(descriptor, schemas, tables)
    code = _source_digest()
    keys = {res["name"]: _cache_key(data_dir, adapted, res, schemas[res["name"]], code)
            for res in adapted["resources"]}
    results: dict[str, dict[str, Any]] = {}
    for name, key in keys.items():
        found = _memory_cache.get(key) or _read_disk_cache(key)
        if found is not None:
            results[name] = found
    missing = [res for res in adapted["resources"] if res["name"] not in results]
    if missing:
        fresh, package_problems = _run_frictionless(data_dir, {**adapted, "resources": missing},
                                                    schemas, tables)
        if package_problems:  # the descriptor itself is wrong: nothing to cache per table
            return [Problem.error(*p) for p in package_problems], {}
        for name, result in fresh.items():
            _write_disk_cache(keys[name], result)
        results.update(fresh)
    for name, key in keys.items():
        if not _on_disk(key):  # kept from a run whose cache was elsewhere, or off
            _write_disk_cache(key, results[name])
        _memory_cache[key] = results[name]
    while len(_memory_cache) > 256:
        del _memory_cache[next(iter(_memory_cache))]
    problems: list[Problem] = []
    bad: dict[str, dict[int, set[str]]] = {}
    for res in adapted["resources"]:
        result = results[res["name"]]
        problems += [Problem.error(*p) for p in result["problems"]]
        for file, row, column in result["bad"]:
            bad.setdefault(file, {}).setdefault(row, set()).add(column)
    return problems, bad


def _adapted_descriptor(descriptor: dict[str, Any], schemas: dict[str, ResourceSchema],
                        tables: dict[str, RawTable]) -> dict[str, Any]:
    """The descriptor restricted to readable tables, each schema following its file's header.

    Header problems are reported by rupak, once; following the header lets frictionless
    check every row instead of flagging each one as shifted. Foreign keys are left to
    ``rules.check_references``.
    """
    out = copy.deepcopy(descriptor)
    resources = []
    for res in out["resources"]:
        raw = tables.get(res["name"])
        if raw is None:
            continue
        schema = res["schema"]
        by_name = {f["name"]: f for f in schema["fields"]}
        schema["fields"] = [by_name.get(label, {"name": label, "type": "string"})
                            for label in raw.header]
        header = set(raw.header)
        pk = schemas[res["name"]].primary_key
        if pk and not set(pk) <= header:
            schema.pop("primaryKey", None)
        schema.pop("foreignKeys", None)  # rules.check_references checks them, faster
        resources.append(res)
    out["resources"] = resources
    return out


def _source_digest() -> str:
    """Hash of the code a cached result depends on: this package, the reader, the contract.

    Read again only when a file's size or time changed (a preview outlives library edits).
    """
    here = Path(__file__).parent
    paths = [*sorted(here.glob("*.py")), here.parent / "package.py", here.parent / "contract.py"]
    return _digest_of(tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths))


@functools.lru_cache(maxsize=8)
def _digest_of(files: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for path, _, _ in files:
        h.update(Path(path).read_bytes())
    return h.hexdigest()


@functools.cache
def _frictionless_version() -> str:
    """Read once: looking the installed version up costs 2 ms, and a check makes one key a
    table."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frictionless")
    except PackageNotFoundError:
        return "?"


def _cache_key(data_dir: Path, adapted: dict[str, Any], resource: dict[str, Any],
               schema: ResourceSchema, code: str) -> str:
    """What one table's verdict depends on: its schema and file, the package's other
    descriptor properties, frictionless and this code."""
    rest = {k: v for k, v in adapted.items() if k != "resources"}
    h = hashlib.sha256()
    h.update(json.dumps([_CACHE_FORMAT, _frictionless_version(), code, rest, resource],
                        sort_keys=True).encode())
    h.update(schema.path.encode() + b"\0")
    h.update(hashlib.sha256((data_dir / schema.path).read_bytes()).digest())
    return h.hexdigest()


def _on_disk(key: str) -> bool:
    directory = cache_dir()
    return directory is None or (directory / f"validation-{key}.json").is_file()


def _read_disk_cache(key: str) -> dict[str, Any] | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        return json.loads((directory / f"validation-{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _write_disk_cache(key: str, result: dict[str, Any], keep: int = 512) -> None:
    """Store a result atomically; a cache that cannot be written is silently skipped."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        write_atomic(directory / f"validation-{key}.json", json.dumps(result))
        entries = list(directory.glob("validation-*.json"))
        if len(entries) > keep + keep // 4:  # pruned in batches: sorting by age stats each
            entries.sort(key=lambda p: p.stat().st_mtime)
            for old in entries[:-keep]:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def warm_up() -> None:
    """Run frictionless once on a package of one row: its first validation in a process
    costs about 2 s (imports, plugins, parsers), which a long-lived process (the preview)
    pays now instead of on the first edit."""
    import tempfile

    import frictionless

    with tempfile.TemporaryDirectory(prefix="rupak-warm-") as tmp:
        Path(tmp, "t.csv").write_text("a,b\n1,x\n", encoding="utf-8")
        fields = [{"name": "a", "type": "integer"},
                  {"name": "b", "type": "string", "constraints": {"enum": ["x"]}}]
        frictionless.Package({"resources": [{"name": "t", "path": "t.csv", "schema": {
            "fields": fields, "primaryKey": ["a"]}}]}, basepath=tmp).validate()


def _run_frictionless(data_dir: Path, adapted: dict[str, Any],
                      schemas: dict[str, ResourceSchema], tables: dict[str, RawTable],
                      ) -> tuple[dict[str, dict[str, Any]], list[tuple[Any, ...]]]:
    """Each table's verdict, by name, and the problems of the descriptor as a whole."""
    if not adapted["resources"]:
        return {}, []
    import frictionless

    try:
        package = frictionless.Package(adapted, basepath=str(data_dir))
        report = package.validate(limit_errors=10**9)
    except frictionless.FrictionlessException as exc:
        errors = exc.reasons or [exc.error]
        return {}, [(DESCRIPTOR, None, None, _note(e)) for e in errors]
    if report.errors:
        return {}, [(DESCRIPTOR, None, None, _note(e)) for e in report.errors]
    out: dict[str, dict[str, Any]] = {}
    for task in report.tasks:
        schema, raw = schemas[task.name], tables[task.name]
        task_problems, task_bad = _translate(task.errors, schema, raw, schemas)
        out[task.name] = {"problems": task_problems, "bad": sorted(task_bad)}
    return out, []


def _note(error: Any) -> str:
    return str(getattr(error, "note", "") or getattr(error, "message", error))


TYPE_PHRASES = {
    "date": "is not a date (expected YYYY-MM-DD)",
    "integer": "is not a whole number",
    "number": "is not a number",
    "boolean": "is not true or false",
}
_PATTERN_PHRASES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "is not a slug (lowercase letters and digits, joined by "
                                "single hyphens)",
    "^[a-z]{2}$": "is not two lowercase letters",
    "^[A-Z]{3}$": "is not three capital letters",
    "^[0-9a-f]{64}$": "is not 64 lowercase hexadecimal digits",
}


def _translate(errors: list[Any], schema: ResourceSchema, raw: RawTable,
               schemas: dict[str, ResourceSchema],
               ) -> tuple[list[tuple[str, int | None, str | None, str]], set[tuple[str, int, str]]]:
    """Frictionless errors of one table as rupak problems, one per cause.

    A row with too many or too few cells, or a blank one, gets a single problem: the cell
    errors frictionless also reports for it are consequences.
    """
    file = raw.file
    cells_of = dict(raw.rows)
    out: list[tuple[str, int | None, str | None, str]] = []
    bad: set[tuple[str, int, str]] = set()
    broken: set[int] = set()
    for e in errors:
        row = getattr(e, "row_number", None)
        if e.type in ("extra-cell", "missing-cell", "blank-row") and row not in broken:
            broken.add(row)
            bad.add((file, row, WHOLE_ROW))
            n = len(cells_of.get(row, ()))
            out.append((file, row, None, "row is blank" if e.type == "blank-row" else
                        f"row has {n} values but the header has {len(raw.header)} columns"))
    for e in errors:
        row = getattr(e, "row_number", None)
        if e.type in ("extra-cell", "missing-cell", "blank-row") or row in broken:
            continue
        column = getattr(e, "field_name", None) or None
        if e.type in ("type-error", "constraint-error"):
            message = _cell_message(e, schema.field(column) if column else None)
            bad.add((file, row, column))
        elif e.type == "primary-key":
            if "all \"None\"" in _note(e):  # key cells blank: already a required-value error
                continue
            column, message = _key_message(schema.primary_key, raw.header, cells_of[row],
                                           _note(e))
        elif e.type == "foreign-key":
            names, values = list(e.field_names), list(e.field_cells)
            target = schemas.get(e.reference_name)
            ref_file = target.path if target else e.reference_name
            ref = ", ".join(e.reference_field_names)
            column = names[0] if len(names) == 1 else None
            shown = values[0] if len(values) == 1 else ", ".join(map(str, values))
            message = f'{ref_file} has no {ref} "{shown}"'
            bad.update((file, row, name) for name in names)
        else:
            message = f"{e.title}: {_note(e)}" if _note(e) else str(e.message)
        out.append((file, row, column, message))
    return out, bad


def _cell_message(e: Any, fld: Any) -> str:
    cell = e.cell
    if e.type == "type-error":
        kind = fld.type if fld else "value"
        return f'"{cell}" {TYPE_PHRASES.get(kind, f"is not a valid {kind}")}'
    match = re.search(r'constraint "(\w+)"', _note(e))
    constraint = match.group(1) if match else ""
    limits = fld.constraints if fld else {}
    if constraint == "required":
        return "a value is required"
    if constraint == "enum" and fld and fld.enum:
        return f'"{cell}" is not one of {", ".join(fld.enum)}'
    if constraint == "pattern":
        pattern = limits.get("pattern", "")
        return f'"{cell}" ' + _PATTERN_PHRASES.get(pattern,
                                                   f"does not match the pattern {pattern}")
    if constraint == "minimum":
        return f'"{cell}" is below the minimum {limits.get("minimum")}'
    if constraint == "maximum":
        return f'"{cell}" is above the maximum {limits.get("maximum")}'
    if constraint == "unique":
        return f'"{cell}" appears in an earlier row; values must be unique'
    return f'"{cell}" breaks a constraint: {_note(e)}'


def _key_message(key: tuple[str, ...], header: tuple[str, ...], cells: tuple[str, ...],
                 note: str) -> tuple[str | None, str]:
    values = [cells[header.index(k)] if k in header and header.index(k) < len(cells) else ""
              for k in key]
    first = re.search(r"position (\d+)", note)
    where = f" (first used on row {first.group(1)})" if first else ""
    if len(key) == 1:
        return key[0], f'duplicate {key[0]} "{values[0]}"{where}'
    return None, f"duplicate key ({', '.join(key)}) = ({', '.join(values)}){where}"


