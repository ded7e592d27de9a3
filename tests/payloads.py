"""Hostile text for every text field of the data: what must show as written, and run nothing.

Each payload is one attack a browser, a Markdown renderer or matplotlib would act on if the
text reached it unescaped: script tags, event handlers with unquoted and quoted arguments,
``javascript:`` links, closing tags, entities, Markdown emphasis and code, and ``$`` signs
that mathtext would parse.
"""

from __future__ import annotations

PAYLOADS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<img src=x onerror=alert(\"x\")>",
    "<svg onload='alert(`y`)'>",
    "[x](javascript:alert(1))",
    "</div></td></table></p>",
    "&amp; &lt;b&gt; &#60;i&#62;",
    "*em* _under_ `code` **bold**",
    "Pak $\\undefinedcmd$ and $\\frac{1}{$",
    "from $1 bn to $2 bn",
)

#: What no page built from the payloads may contain as an element or attribute.
FORBIDDEN_SELECTORS: tuple[str, ...] = (
    "script:not([type='application/json']):not([type='text/x-mathjax-config'])",
    "img[src='x']", "svg[onload]", "[onerror]", "[onload]", "a[href^='javascript' i]",
    "em", "strong", "code", "i",
)


def payload(n: int, label: str = "") -> str:
    """The ``n``-th payload (cycling), after a readable label such as a field name."""
    text = PAYLOADS[n % len(PAYLOADS)]
    return f"{label} {text}" if label else text
