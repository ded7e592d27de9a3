"""Right-to-left text on the pages is isolated from the text around it."""

from __future__ import annotations

from rupak_lib.pages.bidi import isolate

URDU = "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646"  # a country's name in Urdu script
ARABIC_TWO = "\u0628\u0627\u0628 \u0627\u0644\u0633\u0644\u0627\u0645"  # two words


def test_a_page_without_right_to_left_text_is_unchanged() -> None:
    html = "<p>Trade (2024): 1,000 <b>units</b> &gt; 900.</p><script>if (a < b) x()</script>"
    assert isolate(html) is html


def test_a_right_to_left_name_in_a_sentence_is_isolated() -> None:
    assert isolate(f"<p>The name {URDU} (3 claims).</p>") == \
        f"<p>The name <bdi>{URDU}</bdi> (3 claims).</p>"


def test_words_and_the_space_between_them_make_one_run() -> None:
    assert isolate(f"<td>{ARABIC_TWO}, then</td>") == f"<td><bdi>{ARABIC_TWO}</bdi>, then</td>"


def test_tags_attributes_and_raw_elements_are_left_alone() -> None:
    html = (f'<p title="{URDU}">x</p><title>{URDU}</title><script>var n = "{URDU}";</script>'
            f"<svg><text>{URDU}</text></svg><p>{URDU}</p>")
    assert isolate(html) == (f'<p title="{URDU}">x</p><title>{URDU}</title>'
                             f'<script>var n = "{URDU}";</script>'
                             f"<svg><text>{URDU}</text></svg><p><bdi>{URDU}</bdi></p>")


def test_text_already_isolated_is_not_wrapped_twice() -> None:
    assert isolate(f"<bdi>{URDU}</bdi>") == f"<bdi>{URDU}</bdi>"


def test_a_report_page_isolates_a_right_to_left_name_in_its_narrative() -> None:
    from nbformat.v4 import new_markdown_cell, new_notebook

    from rupak_lib.pages.export import reader_html

    nb = new_notebook(cells=[new_markdown_cell(f"# Report\n\nOne actor, {URDU}, is named.")])
    assert f"One actor, <bdi>{URDU}</bdi>, is named." in reader_html(nb, "Report")
