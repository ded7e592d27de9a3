"""The one rule for data text in a page: it is shown literally, never interpreted.

Data reaches HTML three ways, and each has its guard:

- Markdown that the library writes (narrative, handout questions and answers) puts every
  piece of data through :func:`md`, which backslash-escapes what Markdown or HTML would read
  as markup (CommonMark's escapes, honoured by nbconvert and JupyterLab alike) and folds line
  breaks, so that a value can neither open a block nor end one.
- Tables (display.py) and the index page (a Jinja template) escape as HTML.
- The exporter renders Markdown with raw HTML disabled and only http(s) and in-page links
  (:class:`SafeRenderer`), so that even a string that missed :func:`md` runs nothing.

Chart text is drawn literally as well: the house style turns off matplotlib's mathtext.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# Characters with a meaning anywhere in a line: emphasis, code, links, raw HTML, entities,
# math, strikethrough, table cells, and the backslash itself.
_INLINE = re.compile(r"([\\`*_\[\]<>&$~|])")
# What opens a block at the start of a line: a heading, a list item, a quote, a definition.
_BLOCK_START = re.compile(r"[#+\-=:]|\d+[.)]")
_SPACE = re.compile(r"\s+")

SAFE_SCHEMES = ("http", "https")


def md(value: object) -> str:
    """``value`` as Markdown text that renders as exactly its characters.

    Runs of whitespace, line breaks included, become one space, as they would in HTML.
    What would open a block at the start of a line (``#``, ``-``, ``1.``) is escaped too.
    """
    text = _INLINE.sub(r"\\\1", _SPACE.sub(" ", str(value)))
    lead = len(text) - len(text.lstrip(" "))
    start = _BLOCK_START.match(text, lead)
    if start:
        text = text[:start.end() - 1] + "\\" + text[start.end() - 1:]
    return text


def safe_url(url: str) -> str:
    """``url`` when it is an http(s) link or an in-page anchor, else ``#`` (a dead link)."""
    url = url.strip()
    if url.startswith("#"):
        return url
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in SAFE_SCHEMES else "#"


def html_text(value: object) -> str:
    """``value`` escaped for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def safe_renderer_class():
    """nbconvert's Markdown renderer with raw HTML escaped and unsafe links disabled.

    Built on demand, since nbconvert is slow to import and only exports need it.
    """
    from nbconvert.filters.markdown_mistune import IPythonRenderer

    class SafeRenderer(IPythonRenderer):
        def __init__(self, **kwargs) -> None:
            kwargs["escape"] = True
            super().__init__(**kwargs)

        def safe_url(self, url: str) -> str:
            return self.escape_attribute(safe_url(url))

        def link(self, text: str, url: str, title: str | None = None) -> str:
            return super().link(text, safe_url(url), title)

        def image(self, text: str, url: str, title: str | None = None) -> str:
            return super().image(text, safe_url(url), title)

        def block_mermaidjs(self, code: str) -> str:
            return f"<pre>{self.escape_html(code.strip())}</pre>"

    return SafeRenderer


# --- counting words in English: "1 claim", "2 claims", "a, b and c" ---------------

def plural(count: int, word: str, words: str | None = None) -> str:
    """``count`` and the noun it counts: ``word`` for one, else ``words`` (default: word+s)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def join(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]

