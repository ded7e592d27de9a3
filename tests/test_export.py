"""Exporting executed notebooks to pages: one exporter per template, kept between pages."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from rupak_lib.pages import export


def _notebook(heading: str, value: str):
    cell = new_code_cell("x", id="c1", execution_count=1)
    cell.outputs = [new_output("execute_result", {"text/plain": value}, execution_count=1)]
    return new_notebook(cells=[new_markdown_cell(f"# {heading}\n\n## A\n\n## B", id="m1"),
                               cell])


def test_a_kept_exporter_gives_every_page_what_a_new_exporter_gives() -> None:
    first, second = _notebook("One", "'1'"), _notebook("Two", "'2'")
    export._exporter.cache_clear()
    fresh = export.reader_html(first, "One")
    export._exporter.cache_clear()
    export.reader_html(second, "Two")
    assert export.reader_html(first, "One") == fresh
    assert "One" in fresh and "Two" not in fresh


def test_exporting_many_pages_builds_one_exporter_for_each_template() -> None:
    export._exporter.cache_clear()
    for n in range(3):
        export.reader_html(_notebook(f"N{n}", str(n)), f"N{n}")
        export.handout_html(_notebook(f"H{n}", str(n)), f"H{n}")
    assert export._exporter.cache_info().misses == 2
