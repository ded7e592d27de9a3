"""Counting words in English: "1 claim", "2 claims", "a, b and c"."""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """``count`` and the noun it counts: ``word`` for one, else ``words`` (default: word+s)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def join(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
