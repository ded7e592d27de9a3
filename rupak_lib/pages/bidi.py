"""Right-to-left text isolated on the pages, so that it never reorders what surrounds it.

A name written in Urdu or Arabic script inside an English sentence pulls the neutral
characters next to it (a comma, a bracket, a number) into its own direction, and a
finding reads scrambled. Each run of right-to-left text in a page's text — a table cell,
a finding, a heading — is wrapped in ``<bdi>``, which the browser lays out apart from
its neighbours. Pages without such text are left byte for byte as they were.
"""

from __future__ import annotations

import re

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"  # Hebrew, Arabic (and its supplements)
_NEUTRAL = r"\s\d.,:;'\"()\-\u060c\u061b\u061f\u066b\u066c"
#: a run: right-to-left letters, with the spaces, digits and punctuation between them
_RUN = re.compile(f"[{_RTL}](?:[{_RTL}{_NEUTRAL}]*[{_RTL}])?")
_ANY = re.compile(f"[{_RTL}]")
_TAG = re.compile(r"(<[^>]*>)")
#: elements whose content is no page text: code, style, a document title, drawings, controls
_RAW = ("script", "style", "title", "textarea", "svg", "option", "bdi")


def isolate(html: str) -> str:
    """``html`` with each run of right-to-left text outside tags wrapped in ``<bdi>``."""
    if not _ANY.search(html):
        return html
    parts = _TAG.split(html)
    inside: str | None = None  # the raw element being skipped
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            name = part[1:].split(None, 1)[0].rstrip("/>").lower() if len(part) > 2 else ""
            if inside is None and name in _RAW and not part.endswith("/>"):
                inside = name
            elif inside is not None and name == f"/{inside}":
                inside = None
        elif inside is None and _ANY.search(part):
            parts[i] = _RUN.sub(lambda m: f"<bdi>{m.group(0)}</bdi>", part)
    return "".join(parts)
