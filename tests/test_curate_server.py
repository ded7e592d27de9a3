"""The preview's curation page and its one writing endpoint: a write from the page goes
through; a forged one (another Host, another Origin, no token, too large, read-only) is
refused before its body is read, and no file changes."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from datapkg import SOURCE_ID, DataPackage
from test_curation_edit import DRAFT, OTHER, files

from rupak_lib.build import curate_api
from rupak_lib.build.server import Status, handler
from rupak_lib.curation import edit
from rupak_lib.curation.draft import DRAFT_COLUMNS

TOKEN = "a-secret-of-this-run"


def serve(pkg: DataPackage, token: str | None,
          written: threading.Event | None = None) -> Iterator[int]:
    out = pkg.path.parent / "reports"
    out.mkdir(exist_ok=True)
    (out / "index.html").write_text("<!DOCTYPE html><html><body><main>i</main></body></html>")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(out, Status(), pkg.path, token,
                                                          written))
    threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def drafted(pkg: DataPackage) -> DataPackage:
    (pkg.path / "drafts").mkdir()
    pkg.write_rows(f"drafts/{SOURCE_ID}.csv", [DRAFT, OTHER], list(DRAFT_COLUMNS))
    return pkg


@pytest.fixture
def port(drafted: DataPackage) -> Iterator[int]:
    yield from serve(drafted, TOKEN)


def post(port: int, body: dict | bytes, headers: dict[str, str] | None = None
         ) -> tuple[int, dict]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json",
            "X-Rupak-Token": TOKEN, "Origin": f"http://127.0.0.1:{port}",
            "Content-Length": str(len(raw))}
    for k, v in (headers or {}).items():
        if v is None:
            sent.pop(k, None)
        else:
            sent[k] = v
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("POST", "/__rupak__/curate", skip_host=True, skip_accept_encoding=True)
    for k, v in sent.items():
        conn.putheader(k, v)
    conn.endheaders()
    conn.send(raw)
    response = conn.getresponse()
    answer = json.loads(response.read() or b"{}")
    conn.close()
    return response.status, answer


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    return response.status, text


def accept(pkg: DataPackage) -> dict:
    return {"action": "accept", "id": "students-of-beta", "source": SOURCE_ID,
            "versions": edit.versions(pkg.path, SOURCE_ID)}


def test_the_page_shows_each_draft_and_fact_beside_its_sentence(port: int) -> None:
    status, text = get(port, f"/curate/{SOURCE_ID}")
    assert status == 200
    assert 'data-draft-id="students-of-beta"' in text and 'data-fact-id="scholarships"' in text
    assert 'form data-edit="students-of-beta"' in text and TOKEN in text
    section = text[text.index('id="S4"'):text.index('id="S5"')]
    assert "students-of-beta" in section and 'data-fact-id="scholarships"' in section


def test_the_index_links_the_curation_page_of_each_source(port: int) -> None:
    assert f'href="/curate/{SOURCE_ID}"' in get(port, "/index.html")[1]


def test_an_unknown_source_has_no_page(port: int) -> None:
    assert get(port, "/curate/nope")[0] == 404
    assert get(port, "/curate/..%2Fsources.csv")[0] == 404


def test_a_write_from_the_page_is_carried_out(port: int, drafted: DataPackage) -> None:
    status, answer = post(port, accept(drafted))
    assert status == 200 and answer["ok"]
    assert "students-of-beta" in drafted.read("facts.csv")


def test_a_write_carried_out_tells_the_watcher_and_a_refused_one_does_not(
        drafted: DataPackage) -> None:
    written = threading.Event()
    for port in serve(drafted, TOKEN, written):
        assert post(port, accept(drafted), {"X-Rupak-Token": "guessed"})[0] == 403
        assert not written.is_set()
        assert post(port, accept(drafted))[0] == 200
        assert written.is_set()


@pytest.mark.parametrize(("headers", "code"), [
    ({"Host": "evil.example"}, 421),
    ({"Origin": "http://evil.example"}, 403),
    ({"X-Rupak-Token": None}, 403),
    ({"X-Rupak-Token": "guessed"}, 403),
    ({"Content-Type": "text/plain"}, 400),
    ({"Content-Length": str(curate_api.MAX_BODY + 1)}, 413),
])
def test_a_forged_write_is_refused_and_nothing_changes(port: int, drafted: DataPackage,
                                                       headers: dict, code: int) -> None:
    before = files(drafted)
    status, answer = post(port, accept(drafted), headers)
    assert status == code and answer["errors"]
    assert files(drafted) == before


def test_a_write_of_an_invalid_claim_says_which_column_and_writes_nothing(
        port: int, drafted: DataPackage) -> None:
    before = files(drafted)
    body = accept(drafted) | {"action": "save-fact", "id": "scholarships",
                              "changes": {"date_start": "not a date"}, "entities": [],
                              "events": []}
    status, answer = post(port, body)
    assert status == 422
    assert any("date_start" in line for line in answer["errors"])
    assert files(drafted) == before


def test_a_write_on_a_file_changed_meanwhile_is_a_conflict(port: int,
                                                          drafted: DataPackage) -> None:
    body = accept(drafted)
    drafted.edit_fact("trade-1960s", "notes", "changed in an editor")
    before = files(drafted)
    status, answer = post(port, body)
    assert status == 409 and "reload" in answer["errors"][0]
    assert files(drafted) == before


def test_a_source_that_is_not_in_the_package_is_refused(port: int, drafted: DataPackage) -> None:
    before = files(drafted)
    assert post(port, accept(drafted) | {"source": "../../etc"})[0] == 400
    assert files(drafted) == before


def test_a_read_only_preview_serves_the_page_without_writes(drafted: DataPackage) -> None:
    for port in serve(drafted, None):
        status, text = get(port, f"/curate/{SOURCE_ID}")
        assert status == 200 and 'data-action="accept"' not in text
        before = files(drafted)
        assert post(port, accept(drafted))[0] == 405
        assert files(drafted) == before
