"""Reading source texts: line numbers as an editor shows them."""

from __future__ import annotations

from rupak_lib.text import read_lines


def test_lines_end_at_newlines_only() -> None:
    assert read_lines("one\x0cstill one\u2028too\r\ntwo\n\nfour\n".encode()) == \
        ["one\x0cstill one\u2028too", "two", "", "four"]


def test_a_last_line_without_newline_is_kept() -> None:
    assert read_lines(b"a\nb") == ["a", "b"]
    assert read_lines(b"") == []
