"""The preview's server answers only to itself and serves only the reports folder: forged
Host headers, paths out of the folder, listings, NUL bytes, long names and idle connections
(each request made with the standard library's http.client, byte for byte)."""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from rupak_lib.build import server
from rupak_lib.build.server import Status, handler, with_script

PAGE = (b'<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        b"content=\"script-src 'none'; object-src 'none'\"><title>T</title></head>"
        b"<body><p>report</p></body></html>")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Path]]:
    monkeypatch.setattr(server, "IDLE_SECONDS", 1.0)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "overview.html").write_bytes(PAGE)
    (out / "overview.ipynb").write_text('{"cells": []}')
    (out / "sub").mkdir()
    (tmp_path / "secret.txt").write_text("not a report")
    os.symlink(tmp_path / "secret.txt", out / "link.txt")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(out, Status()))
    # a short poll lets the server stop at once when the test is over
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield httpd.server_address[1], out
    httpd.shutdown()
    httpd.server_close()


def request(port: int, path: str, method: str = "GET", host: str | None = None
            ) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def test_a_page_is_served_to_its_own_address(site: tuple[int, Path]) -> None:
    port, _ = site
    assert request(port, "/overview.html")[0] == 200
    assert request(port, "/overview.html", host=f"localhost:{port}")[0] == 200


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1:1", "", "evil.example"])
def test_a_request_for_another_host_is_refused(site: tuple[int, Path], host: str) -> None:
    port, _ = site
    status, _, body = request(port, "/overview.html", host=host.format(port=port))
    assert status == 421 and b"report" not in body
    assert request(port, "/__rupak__/status?page=overview.html",
                   host=host.format(port=port))[0] == 421


def test_a_symlink_out_of_the_folder_is_not_followed(site: tuple[int, Path]) -> None:
    port, _ = site
    status, _, body = request(port, "/link.txt")
    assert status == 404 and b"not a report" not in body


def test_a_path_climbing_out_of_the_folder_is_not_served(site: tuple[int, Path]) -> None:
    port, _ = site
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt"):
        status, _, body = request(port, path)
        assert status == 404 and b"not a report" not in body, path


def test_a_folder_is_never_listed(site: tuple[int, Path]) -> None:
    port, _ = site
    assert request(port, "/sub/")[0] == 404


def test_a_nul_byte_is_a_bad_request_and_a_long_name_not_found(site: tuple[int, Path]) -> None:
    port, _ = site
    assert request(port, "/overview%00.html")[0] == 400
    assert request(port, "/" + "a" * 300 + ".html")[0] == 404
    assert request(port, "/" + "a" * 3000)[0] == 414


def test_head_gives_the_length_get_sends(site: tuple[int, Path]) -> None:
    port, _ = site
    for path in ("/overview.html", "/overview.ipynb"):
        status, headers, body = request(port, path)
        head_status, head_headers, head_body = request(port, path, method="HEAD")
        assert (status, head_status) == (200, 200) and head_body == b""
        assert head_headers["Content-Length"] == headers["Content-Length"] == str(len(body))


def test_an_idle_connection_is_closed(site: tuple[int, Path]) -> None:
    port, _ = site
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        start = time.monotonic()
        assert sock.recv(1) == b""  # closed by the server, without a request
        assert time.monotonic() - start < 5


def test_a_title_that_says_script_src_leaves_the_policy_alone() -> None:
    page = PAGE.replace(b"<title>T</title>", b"<title>On script-src and more</title>")
    served = with_script(page, 1)
    assert b"<title>On script-src and more</title>" in served
    policy = served.split(b'content="', 1)[1].split(b'"', 1)[0].decode()
    directives = server.policy(policy)
    assert directives["object-src"] == ["'none'"]
    assert len(directives["script-src"]) == 1 and directives["script-src"][0].startswith(
        "'sha256-")


def test_the_policy_is_found_whatever_the_order_of_its_attributes() -> None:
    page = (b"<html><head><meta content=\"script-src 'none'; base-uri 'none'\" "
            b'http-equiv="Content-Security-Policy"/></head><body></body></html>')
    served = with_script(page, 1)
    text = served.split(b'content="', 1)[1].split(b'"', 1)[0].decode()
    assert server.policy(text)["script-src"][0].startswith("'sha256-")
    assert server.policy(text)["base-uri"] == ["'none'"]

