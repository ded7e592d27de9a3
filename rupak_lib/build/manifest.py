"""The build's record of its output: for each report, the fingerprint of the inputs it was
built from, and the files written with a digest of their contents.

A report counts as up to date only when its files on disk still have the recorded digests,
so a record can never vouch for files that another build (one that bypassed the lock) or
a person has since written. The record is read as untrusted data: an entry whose report id
or file names could point outside the output folder is dropped, never acted upon.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from rupak_lib.build.outdir import OutputError, inside, reporting
from rupak_lib.data.paths import write_atomic

MANIFEST = ".manifest.json"
VERSION = 2
_REPORT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DIGEST = re.compile(r"[0-9a-f]{64}")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def read(out: Path) -> dict[str, dict[str, Any]]:
    """The valid entries of the folder's manifest (none when it is missing or unreadable)."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION \
            or not isinstance(data.get("reports"), dict):
        return {}
    return {report_id: entry for report_id, entry in data["reports"].items()
            if _valid(out, report_id, entry)}


def _valid(out: Path, report_id: object, entry: object) -> bool:
    if not (isinstance(report_id, str) and _REPORT_ID.fullmatch(report_id)
            and len(report_id) <= 200 and isinstance(entry, dict)):
        return False
    files = entry.get("files")
    if not isinstance(files, dict) or set(files) - {f"{report_id}.ipynb", f"{report_id}.html"}:
        return False
    if not all(isinstance(d, str) and _DIGEST.fullmatch(d) for d in files.values()):
        return False
    try:
        for name in files:
            inside(out, name)
    except OutputError:
        return False
    return all(isinstance(entry.get(k, ""), str) for k in ("fingerprint", "failed"))


def write(out: Path, manifest: dict[str, dict[str, Any]]) -> None:
    text = json.dumps({"version": VERSION, "reports": manifest}, indent=1, sort_keys=True)
    with reporting(out / MANIFEST):
        write_atomic(out / MANIFEST, text + "\n")


def current(out: Path, entry: dict[str, Any], fingerprint: str, names: tuple[str, ...]) -> bool:
    """Whether ``entry`` was built from exactly these inputs and its files are still those
    it wrote."""
    files = entry.get("files", {})
    return (entry.get("fingerprint") == fingerprint and not entry.get("failed")
            and set(files) == set(names)
            and all(file_digest(out / name) == files[name] for name in names))
