"""The preview's curation endpoint: ``POST /__rupak__/curate``, the only request that writes.

A write is refused, before its body is read and with nothing written, when the preview is
read-only (``--allow-remote``: 405), when the Host header is not the server's own (DNS
rebinding: 421), when an Origin header names another site (403), when the per-run token is
missing or wrong (403), or when the body is not JSON of at most ``MAX_BODY`` bytes (400,
411, 413). No file name comes from the request: the source id must be one of sources.csv,
and the files written are those of that source.
"""

from __future__ import annotations

import csv
import hmac
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from rupak_lib.exceptions import CurationConflict, CurationError, CurationInvalid

MAX_BODY = 256 * 1024
TOKEN_HEADER = "X-Rupak-Token"
ACTIONS = ("accept", "reject", "save-draft", "save-fact")


def _source_ids(data_dir: Path) -> set[str]:
    try:
        with open(Path(data_dir) / "sources.csv", encoding="utf-8", newline="") as f:
            return {row.get("source_id", "") for row in csv.DictReader(f)}
    except OSError:
        return set()


def refusal(headers: Mapping[str, str], token: str | None,
            hosts: set[str] | None) -> tuple[int, str] | None:
    """Why a write request is refused before its body is read; None when it may go on."""
    if token is None:
        return 405, "this preview is read-only: it listens beyond this machine"
    host = (headers.get("Host") or "").strip().lower()
    if hosts is not None and host not in hosts:
        return 421, "this preview answers only to its own address"
    origin = headers.get("Origin")
    if origin is not None and origin.strip().lower() not in {f"http://{h}" for h in hosts or ()}:
        return 403, "a write must come from the preview's own pages"
    if not hmac.compare_digest(headers.get(TOKEN_HEADER) or "", token):
        return 403, "the write carries no valid token: reload the page"
    if (headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
        return 400, "a write is a JSON body"
    length = headers.get("Content-Length")
    if length is None:
        return 411, "a write says its length"
    if not length.isdigit():
        return 400, "a bad Content-Length"
    if int(length) > MAX_BODY:
        return 413, f"a write is at most {MAX_BODY} bytes"
    return None


def _problem_line(p: Any) -> str:
    where = ":".join(str(x) for x in (p.file, p.row) if x is not None)
    return f"{where}: {p.column}: {p.message}" if p.column else f"{where}: {p.message}"


def _strings(value: Any, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CurationError(name, "must be an object of strings")
    return {str(k): v for k, v in value.items()}


def _link_rows(value: Any, name: str) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise CurationError(name, "must be a list")
    return [_strings(v, name) for v in value]


def apply(data_dir: Path, body: bytes) -> tuple[int, dict[str, Any]]:
    """Carry out one write; the HTTP status and the JSON answer."""
    from rupak_lib.curation import edit

    try:
        request = json.loads(body)
    except ValueError:
        return 400, {"errors": ["the body is not JSON"]}
    if not isinstance(request, dict):
        return 400, {"errors": ["the body is not a JSON object"]}
    action, fact_id, source = request.get("action"), request.get("id"), request.get("source")
    if action not in ACTIONS:
        return 400, {"errors": [f"action: one of {', '.join(ACTIONS)}"]}
    if not isinstance(source, str) or source not in _source_ids(data_dir):
        return 400, {"errors": ["source: not a source of the package"]}
    if not isinstance(fact_id, str) or not fact_id:
        return 400, {"errors": ["id: the draft or fact to change"]}
    try:
        seen = _strings(request.get("versions"), "versions")
        writes: dict[str, Callable[[], None]] = {
            "accept": lambda: edit.accept_draft(data_dir, source, fact_id, seen),
            "reject": lambda: edit.reject_draft(data_dir, source, fact_id, seen),
            "save-draft": lambda: edit.save_draft(
                data_dir, source, fact_id, _strings(request.get("changes", {}), "changes"),
                _link_rows(request.get("entities", []), "entities"),
                _link_rows(request.get("events", []), "events"), seen),
            "save-fact": lambda: edit.save_fact(
                data_dir, source, fact_id, _strings(request.get("changes", {}), "changes"),
                _link_rows(request.get("entities", []), "entities"),
                _link_rows(request.get("events", []), "events"), seen),
        }
        writes[action]()
    except CurationConflict as err:
        return 409, {"errors": [str(err)]}
    except CurationInvalid as err:
        return 422, {"errors": [_problem_line(p) for p in err.problems]}
    except CurationError as err:
        return 400, {"errors": [str(err)]}
    return 200, {"ok": True, "versions": edit.versions(data_dir, source)}


def curate_links(page: bytes, name: str, data_dir: Path) -> bytes:
    """A served source page or index with links to the curation pages (never on disk)."""
    ids = sorted(_source_ids(data_dir))
    if name.startswith("speech-"):
        chosen = [name.removeprefix("speech-").removesuffix(".html")]
    elif name == "index.html":
        chosen = ids
    else:
        return page
    links = " ".join(f'<a href="/curate/{i}">Curate {i}</a>' for i in chosen if i in ids)
    if not links:
        return page
    bar = (f'<p class="rupak-curate" style="margin:.5rem 1rem">{links}</p>').encode()
    at = page.find(b"<main")
    return page[:at] + bar + page[at:] if at >= 0 else page
