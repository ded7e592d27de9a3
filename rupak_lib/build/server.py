"""The preview's web server: the report pages, each with a small script that long-polls for
the page's version and reloads it when its report is rewritten, and the status the pages poll.

The script is added to pages as they are served, never to the files on disk.
"""

from __future__ import annotations

import base64
import hashlib
import html
import ipaddress
import json
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from rupak_lib.exceptions import RupakError

if TYPE_CHECKING:
    from rupak_lib.build.watch import Written

DEFAULT_PORT = 8765
API = "/__rupak__/"
WAIT_SECONDS = 20.0  # the longest a page's long poll is held open


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse to listen beyond this machine unless the user asked for it."""
    if allow_remote or host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise RupakError(f"--host {host} is not a loopback address: the preview would be "
                         "open to other machines; add --allow-remote if that is meant")


# --- what the pages are told --------------------------------------------------------------

@dataclass
class Status:
    """The state every page polls: each page's version, and what went wrong last."""

    versions: dict[str, int] = field(default_factory=dict)
    state: int = 0  # bumped whenever problems or failures change
    problems: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # by HTML file name
    changed: threading.Condition = field(default_factory=threading.Condition)
    watchers: dict[str, int] = field(default_factory=dict)  # open pages waiting, by page

    def bump(self, page: str) -> None:
        with self.changed:
            self.versions[page] = self.versions.get(page, 0) + 1
            self.changed.notify_all()

    def report(self, problems: list[str], failed: dict[str, str] | None = None) -> None:
        with self.changed:
            if problems != self.problems or (failed is not None and failed != self.failed):
                self.state += 1
            self.problems = problems
            if failed is not None:
                self.failed = failed
            self.changed.notify_all()

    def view(self, page: str) -> dict[str, Any]:
        return {"version": self.versions.get(page, 0), "state": self.state,
                "problems": self.problems, "failed": self.failed.get(page)}

    def wait(self, page: str, version: int, state: int, timeout: float) -> dict[str, Any]:
        """The page's view once its version or the state differs from those given."""
        with self.changed:
            self.watchers[page] = self.watchers.get(page, 0) + 1
            try:
                self.changed.wait_for(lambda: self.versions.get(page, 0) != version
                                      or self.state != state, timeout)
            finally:
                self.watchers[page] -= 1
                if not self.watchers[page]:
                    del self.watchers[page]
            return self.view(page)

    def watched(self) -> set[str]:
        """The pages open in a browser now: the ones whose reports a rebuild runs first."""
        with self.changed:
            return set(self.watchers)


_SCRIPT = """(() => {
  const page = decodeURIComponent(location.pathname.split("/").pop()) || "index.html";
  let version = %(version)d, state = -1;
  const show = (s) => {
    let box = document.getElementById("rupak-preview-problems");
    const lines = s.problems.length ? s.problems : (s.failed ? [s.failed] : []);
    if (!lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "rupak-preview-problems";
      box.style.cssText = "position:fixed;inset:0;overflow:auto;z-index:99999;" +
        "background:#fff;color:#111;padding:2em;font:14px/1.5 sans-serif";
      document.body.appendChild(box);
    }
    const title = document.createElement("h1");
    title.textContent = s.problems.length
      ? "The data has problems; the reports are those of the last good build"
      : "This report failed to rebuild; this is its last good version";
    const list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = lines.join("\\n");
    box.replaceChildren(title, list);
  };
  const poll = async () => {
    for (;;) {
      try {
        const r = await fetch("%(api)swait?page=" + encodeURIComponent(page) +
                              "&version=" + version + "&state=" + state, {cache: "no-store"});
        const s = await r.json();
        if (s.version !== version) { location.reload(); return; }
        state = s.state;
        show(s);
      } catch (e) {
        await new Promise((done) => setTimeout(done, 1000));
      }
    }
  };
  poll();
})();"""

_EMPTY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>rupak preview</title></head>
<body><h1>rupak preview</h1><p>No report has been built yet.</p></body></html>
"""


_META = re.compile(rb"<meta\b[^>]*>", re.I)


class _Attributes(HTMLParser):
    """The attributes of the one tag it is fed, by lower-case name."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.update((k.lower(), v) for k, v in attrs)

    handle_startendtag = handle_starttag


def _policy_meta(page: bytes) -> tuple[int, int, str] | None:
    """Where the head's Content-Security-Policy meta element is, and its policy text: read
    as HTML attributes, in any order (nbconvert writes ``content`` first)."""
    head_end = page.find(b"</head>")
    for m in _META.finditer(page, 0, head_end if head_end >= 0 else len(page)):
        parser = _Attributes()
        parser.feed(m.group(0).decode("utf-8", "replace"))
        if (parser.found.get("http-equiv") or "").lower() == "content-security-policy":
            return m.start(), m.end(), parser.found.get("content") or ""
    return None


def policy(text: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as its directives, each with its sources."""
    out: dict[str, list[str]] = {}
    for part in text.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), words[1:])
    return out


def policy_text(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def with_script(page: bytes, version: int) -> bytes:
    """A served page with the reloading script before its closing body tag.

    Report pages forbid scripts in their Content-Security-Policy; the served copy allows
    this one script, by its hash, and no other (the files on disk keep their policy). The
    policy is read as directives and written back whole, so that no text of the page (a
    title that says "script-src") can change it.
    """
    body = (_SCRIPT % {"version": version, "api": API}).encode()
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    found = _policy_meta(page)
    if found:
        start, end, text = found
        directives = policy(text)
        sources = [s for s in directives.get("script-src", []) if s != "'none'"]
        directives["script-src"] = [*sources, f"'sha256-{digest}'"]
        meta = ('<meta http-equiv="Content-Security-Policy" content="'
                + html.escape(policy_text(directives), quote=False).replace('"', "&quot;")
                + '">').encode()
        page = page[:start] + meta + page[end:]
    script = b'<script id="rupak-preview">' + body + b"</script>\n"
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


#: Seconds a connection may stay idle (or a request take to arrive) before it is closed;
#: longer than a page's long poll.
IDLE_SECONDS = 30.0
#: The longest request target and file name the server reads; longer ones are refused.
MAX_TARGET, MAX_NAME = 2048, 255


def own_hosts(address: tuple) -> set[str] | None:
    """The Host headers a request to this server may carry (DNS rebinding: a page of another
    site whose name now points at 127.0.0.1 sends its own); None when the server listens
    beyond loopback (``--allow-remote``), where any name of the machine may be used."""
    bound, port = str(address[0]), int(address[1])
    try:
        loopback = bound == "localhost" or ipaddress.ip_address(bound).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        return None
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def handler(out: Path, status: Status, data_dir: Path | None = None,
            token: str | None = None, written: Written | None = None
            ) -> type[SimpleHTTPRequestHandler]:
    """The request handler of a preview of ``out``; with ``data_dir`` it serves the curation
    pages too, writable with ``token`` (read-only without). ``written`` is set after each
    write, so that the rebuild need not wait for the files to settle."""
    root = out.resolve()

    class Handler(SimpleHTTPRequestHandler):
        timeout = IDLE_SECONDS

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.timeout = IDLE_SECONDS  # read when the connection is set up
            super().__init__(*args, directory=str(out), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            self._answer(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(head=True)

        def _answer(self, head: bool) -> None:
            self._head = head
            allowed = own_hosts(self.server.server_address)
            host = (self.headers.get("Host") or "").strip().lower()
            if allowed is not None and host not in allowed:
                return self.send_error(421, "this preview answers only to its own address")
            if len(self.path) > MAX_TARGET:
                return self.send_error(414, "request target too long")
            url = urlsplit(self.path)
            path = unquote(url.path)
            if "\0" in path or "\\" in path:
                return self.send_error(400, "bad request target")
            if any(len(part.encode()) > MAX_NAME for part in path.split("/")):
                return self.send_error(404, "no such file")
            if url.path.startswith(API):
                return self._api(url.path[len(API):], parse_qs(url.query))
            if data_dir is not None and path.startswith("/curate/"):
                return self._curate(path.removeprefix("/curate/"))
            name = path.lstrip("/") or "index.html"
            if name.endswith(".html") and "/" not in name:
                return self._page(name)
            return self._file(url.path)

        def do_POST(self) -> None:  # noqa: N802
            from rupak_lib.build.curate_api import apply, refusal

            self._head = False
            if urlsplit(self.path).path != API + "curate" or data_dir is None:
                return self.send_error(404, "nothing to post here")
            refused = refusal(self.headers, token, own_hosts(self.server.server_address))
            if refused:
                self.close_connection = True
                return self._send(json.dumps({"errors": [refused[1]]}).encode(),
                                  "application/json", refused[0])
            body = self.rfile.read(int(self.headers["Content-Length"]))
            code, answer = apply(data_dir, body)
            if code == 200 and written is not None:
                written.set()
            self._send(json.dumps(answer).encode(), "application/json", code)

        def _curate(self, source_id: str) -> None:
            from rupak_lib.build.curate_api import _source_ids

            if "/" in source_id or source_id not in _source_ids(data_dir):
                return self.send_error(404, "no such source")
            from rupak_lib.curation.page import page
            from rupak_lib.data.load import load

            try:
                body = page(load(data_dir), source_id, token).encode()
            except Exception as err:  # the data does not load: say why, as the status does
                body = (f"<!DOCTYPE html><title>Curate</title><h1>The data does not load</h1>"
                        f"<pre>{html.escape(str(err))}</pre>").encode()
            self._send(body, "text/html")

        def _file(self, path: str) -> None:
            """A file under the reports folder, never outside it, never a listing (``path``
            as requested: ``translate_path`` unquotes it once)."""
            target = Path(self.translate_path(path))
            try:
                resolved = target.resolve()
            except (OSError, RuntimeError):
                return self.send_error(404, "no such file")
            if not resolved.is_relative_to(root) or not resolved.is_file():
                return self.send_error(404, "no such file")
            return super().do_HEAD() if self._head else super().do_GET()

        def list_directory(self, path: Any) -> None:
            self.send_error(404, "no such file")
            return None

        def _page(self, name: str) -> None:
            path = out / name
            if path.is_file() and path.resolve().is_relative_to(root):
                body = path.read_bytes()
            elif name == "index.html":
                body = _EMPTY_PAGE.encode()
            else:
                return self.send_error(404, "no such report")
            if data_dir is not None:
                from rupak_lib.build.curate_api import curate_links

                body = curate_links(body, name, data_dir)
            self._send(with_script(body, status.versions.get(name, 0)), "text/html")

        def _api(self, what: str, query: dict[str, list[str]]) -> None:
            page = query.get("page", ["index.html"])[0]
            if what == "status":
                view = status.view(page)
            elif what == "wait":
                try:
                    version = int(query.get("version", ["0"])[0])
                    state = int(query.get("state", ["-1"])[0])
                except ValueError:
                    return self.send_error(400, "version and state are numbers")
                view = status.wait(page, version, state, WAIT_SECONDS)
            elif what == "problems":
                lines = "\n".join(html.escape(p) for p in status.problems) or "No problem."
                body = f"<!DOCTYPE html><title>Problems</title><pre>{lines}</pre>\n"
                return self._send(body.encode(), "text/html")
            else:
                return self.send_error(404)
            self._send(json.dumps(view).encode(), "application/json")

        def _send(self, body: bytes, kind: str, code: int = 200) -> None:
            self.send_response(code)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not getattr(self, "_head", False):
                self.wfile.write(body)

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # the terminal shows builds and problems, not every request

    return Handler
