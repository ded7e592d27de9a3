"""The house charts: what they draw, that they take an Axes, and that they never flake."""

from __future__ import annotations

import io
from pathlib import Path

import frames
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from rupak_lib import charts as ch  # noqa: E402


@pytest.fixture
def c():
    return frames.corpus()


def _bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]


def _caption(fig: Figure) -> str:
    return " ".join(fig.get_supxlabel().split())


def _svg(fig: Figure) -> bytes:
    buf = io.BytesIO()
    with ch.house_style():
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def test_timeline_draws_a_decade_as_a_bar_about_ten_years_long(c):
    fig = ch.timeline(c.facts[c.facts["fact_id"] == "energy-1960s"])
    (bar,) = _bars(fig.axes[0])
    assert bar.get_width() == pytest.approx(3652, abs=2)  # days, 1960-01-01 to 1969-12-31


def test_timeline_draws_a_month_as_a_month_long_bar(c):
    fig = ch.timeline(c.facts[c.facts["fact_id"] == "igc-meeting"])
    assert [b.get_width() for b in _bars(fig.axes[0])] == [30]


def test_timeline_draws_a_single_day_as_a_point(c):
    fig = ch.timeline(c.facts[c.facts["fact_id"] == "relations-1948"])
    ax = fig.axes[0]
    assert _bars(ax) == []
    (points,) = [col for col in ax.collections if isinstance(col, PathCollection)]
    assert len(points.get_offsets()) == 1


def test_timeline_splits_history_from_recent_years_at_a_wide_gap(c):
    fig = ch.timeline(c.facts)
    assert len(fig.axes) == 2
    assert len(fig.axes[0].get_yticks()) == 3 and len(fig.axes[1].get_yticks()) == 1


def test_timeline_counts_the_undated_facts_it_leaves_out(c):
    fig = ch.timeline(c.facts)
    assert "1 undated claim not shown" in _caption(fig)


def test_timeline_colours_facts_by_modality(c):
    fig = ch.timeline(c.facts[c.facts["fact_id"] == "igc-meeting"])
    (bar,) = _bars(fig.axes[0])
    assert matplotlib.colors.to_hex(bar.get_facecolor()) == ch.MODALITY_COLORS["ongoing"].lower()


def test_timeline_without_dated_facts_says_so(c):
    fig = ch.timeline(c.facts[c.facts["date_precision"] == "none"])
    assert any("No dated claims" in t.get_text() for t in fig.axes[0].texts)


def test_decades_draw_a_bar_per_decade_with_empty_decades_as_gaps(c):
    ax = ch.decades(c.facts).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()][:3] == ["1940s", "1950s", "1960s"]
    assert [p.get_height() for p in ax.patches][:3] == [2, 0, 1]


def test_modality_bars_of_a_theme_add_up_to_its_facts(c):
    ax = ch.modality_by_theme(c.facts, c.themes).axes[0]
    totals: dict[float, float] = {}
    for bar in _bars(ax):
        y = round(bar.get_y() + bar.get_height() / 2, 6)
        totals[y] = totals.get(y, 0) + bar.get_width()
    assert sorted(totals.values()) == [2, 3]


def test_theme_balance_draws_a_word_share_and_a_fact_share_per_theme(c):
    ax = ch.theme_balance(c.sentences, c.facts, c.themes).axes[0]
    widths = sorted(round(b.get_width(), 1) for b in _bars(ax))
    assert widths == [23.3, 40.0, 60.0, 76.7]


def test_entity_mentions_keep_the_top_entities(c):
    ax = ch.entity_mentions(c.fact_entities, c.entities, top=2).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Russia", "Pakistan"]


def _lines(fig: Figure) -> LineCollection:
    (lines,) = [col for col in fig.axes[0].collections if isinstance(col, LineCollection)]
    return lines


def test_entity_network_draws_one_line_per_pair_of_entities_sharing_a_fact(c):
    lines = _lines(ch.entity_network(c.fact_entities, c.entities, hubs=None))
    assert len(lines.get_segments()) == 8  # 3 + 3 + 3 pairs, russia–pakistan twice
    assert max(lines.get_linewidths()) > min(lines.get_linewidths())


def test_entity_network_leaves_out_entities_named_by_most_facts_and_says_so(c):
    fig = ch.entity_network(c.fact_entities, c.entities)
    assert len(_lines(fig).get_segments()) == 1  # only Islamabad–PNCA is left
    assert "Russia and Pakistan, named by most claims, left out" in _caption(fig)
    assert "2 entities sharing no claim with another not shown" in _caption(fig)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["Islamabad", "PNCA"]


def test_a_long_entity_name_is_wrapped_whole_never_swapped_for_an_alias(c):
    en = c.entities.copy()
    en.loc[en["entity_id"] == "pnca", ["name", "aliases"]] = [
        "Pakistan National Council of the Arts, Islamabad, Pakistan", "the council|PNCA"]
    ax = ch.entity_mentions(c.fact_entities, en).axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert "Pakistan National Council of the Arts, Islamabad, Pakistan" in labels


def test_places_map_puts_places_abroad_and_in_pakistan_in_separate_panels(c):
    fig = ch.places_map(c.entities)
    world, pakistan = fig.axes
    labels = [t.get_text() for t in pakistan.texts]
    assert "Islamabad\nPNCA" in labels and "Karachi" in labels
    assert "Moscow" in [t.get_text() for t in world.texts]
    assert "Moscow" not in labels


def test_verification_status_draws_one_bar_per_status(c):
    ax = ch.verification_status(c.facts).axes[0]
    assert [b.get_width() for b in _bars(ax)] == [1, 1, 2, 1]
    assert [t.get_text() for t in ax.get_yticklabels()] == frames.VERIFICATION


def test_verification_status_by_group_stacks_statuses_that_add_up_to_the_facts(c):
    ax = ch.verification_status(c.facts, by="theme_id", themes=c.themes).axes[0]
    assert sum(b.get_width() for b in _bars(ax)) == 5
    assert [t.get_text() for t in ax.get_yticklabels()] == ["History", "Trade and economy"]


@pytest.mark.parametrize("draw", [
    lambda c, ax: ch.timeline(c.facts, ax=ax),
    lambda c, ax: ch.modality_by_theme(c.facts, c.themes, ax=ax),
    lambda c, ax: ch.theme_balance(c.sentences, c.facts, c.themes, ax=ax),
    lambda c, ax: ch.entity_mentions(c.fact_entities, c.entities, ax=ax),
    lambda c, ax: ch.entity_network(c.fact_entities, c.entities, ax=ax),
    lambda c, ax: ch.places_map(c.entities, c.fact_entities, ax=ax),
    lambda c, ax: ch.verification_status(c.facts, ax=ax),
    lambda c, ax: ch.decades(c.facts, ax=ax),
])
def test_charts_draw_into_a_given_axes_and_return_its_figure(c, draw):
    fig = Figure()
    ax = fig.add_subplot()
    assert draw(c, ax) is fig
    assert fig.axes == [ax] and ax.get_title(loc="left")


@pytest.mark.parametrize("draw", [
    lambda c: ch.timeline(c.facts.iloc[:0]),
    lambda c: ch.modality_by_theme(c.facts.iloc[:0], c.themes),
    lambda c: ch.theme_balance(c.sentences.iloc[:0], c.facts.iloc[:0], c.themes),
    lambda c: ch.entity_mentions(c.fact_entities.iloc[:0], c.entities),
    lambda c: ch.entity_network(c.fact_entities.iloc[:0], c.entities),
    lambda c: ch.places_map(c.entities.iloc[:0]),
    lambda c: ch.verification_status(c.facts.iloc[:0]),
    lambda c: ch.decades(c.facts.iloc[:0]),
])
def test_charts_of_empty_frames_render_a_note_instead_of_raising(c, draw):
    fig = draw(c)
    assert _svg(fig)
    assert fig.axes[0].texts


def test_rendering_a_chart_twice_gives_identical_svg_bytes(c):
    assert _svg(ch.places_map(c.entities)) == _svg(ch.places_map(c.entities))
    assert _svg(ch.timeline(c.facts)) == _svg(ch.timeline(c.facts))


def test_save_writes_the_same_png_bytes_on_every_run(c, tmp_path):
    a = ch.save(ch.modality_by_theme(c.facts, c.themes), tmp_path / "a.png").read_bytes()
    b = ch.save(ch.modality_by_theme(c.facts, c.themes), tmp_path / "b.png").read_bytes()
    assert a == b and a.startswith(b"\x89PNG")
    assert b"Software" not in a


def test_house_style_is_undone_after_the_block():
    before = matplotlib.rcParams["svg.hashsalt"]
    with ch.house_style():
        assert matplotlib.rcParams["svg.hashsalt"] == "rupak"
    assert matplotlib.rcParams["svg.hashsalt"] == before


def test_configure_inline_outside_ipython_only_sets_the_style():
    with matplotlib.rc_context():
        assert ch.configure_inline() is False
        assert matplotlib.rcParams["svg.hashsalt"] == "rupak"
        assert matplotlib.rcParams["figure.dpi"] == 100


def test_the_outline_of_pakistan_is_a_coarse_polygon_inside_its_panel():
    pts = np.array(ch.PAKISTAN_OUTLINE)
    lon0, lon1, lat0, lat1 = ch.PAKISTAN_EXTENT
    assert 25 <= len(pts) <= 60
    assert pts[:, 0].min() > lon0 and pts[:, 0].max() < lon1
    assert pts[:, 1].min() > lat0 and pts[:, 1].max() < lat1


@pytest.mark.slow
def test_a_chart_returned_by_a_notebook_cell_shows_once_as_a_stable_image(tmp_path):
    import nbclient
    import nbformat

    code = [
        "import frames\nfrom rupak_lib import charts as ch\nc = frames.corpus()",
        "ch.modality_by_theme(c.facts, c.themes)",  # before configure_inline and pyplot
        "fig = ch.modality_by_theme(c.facts, c.themes)",  # not returned: not shown
        "ch.configure_inline()\nch.modality_by_theme(c.facts, c.themes)",
        "ch.modality_by_theme(c.facts, c.themes)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in code])
    nbclient.NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(Path(frames.__file__).parent)}}
                            ).execute()
    images = [[o["data"].get("image/png") or o["data"].get("image/svg+xml")
               for o in cell.outputs] for cell in nb.cells]
    assert images[1][0] and images[2] == []
    assert images[3] == images[4]  # configured: SVG, the same bytes each time
    assert images[3][0].lstrip().startswith("<?xml") and "<dc:date>" not in images[3][0]
    described = nb.cells[3].outputs[0]["metadata"]["image/svg+xml"]
    assert described["alt"].startswith("Stacked bars of the claims of each theme")


def test_an_inline_chart_is_drawn_once_at_its_size_and_a_plain_figure_is_cropped() -> None:
    import base64

    from rupak_lib.charts.style import print_figure

    def pixels(fig: Figure) -> tuple[int, int]:
        png = base64.b64decode(print_figure(fig, "png", base64=True, bbox_inches="tight"))
        return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # IHDR

    house = Figure(figsize=(4, 3), dpi=100, layout="constrained")
    house.add_subplot().set_ylabel("a label")
    plain = Figure(figsize=(4, 3), dpi=100)
    plain.add_subplot().set_ylabel("a label")
    assert pixels(house) == (400, 300)
    assert pixels(plain) != (400, 300)


def test_the_map_draws_the_boundaries_in_kashmir_dashed_and_says_they_are_disputed(c):
    from rupak_lib.charts.maps import DISPUTED_SPAN

    fig = ch.places_map(c.entities)
    a, b = DISPUTED_SPAN
    kashmir = [tuple(p) for p in ch.PAKISTAN_OUTLINE[a:b]]
    dashed = [line for ax in fig.axes for line in ax.get_lines()
              if line.get_linestyle() not in ("-", "None")
              and list(zip(*line.get_data(), strict=True)) == kashmir]
    assert dashed  # drawn as a disputed line, not as a settled border
    assert "disputed" in " ".join(t.get_text() for t in fig.texts)


def test_who_is_named_leaves_out_those_most_claims_name_and_says_so() -> None:
    import rupak_lib as rk
    from rupak_lib.charts.accessible import alt_text

    corpus = rk.load()
    fig = ch.report.entities(corpus.fact_entities, corpus.entities)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Pakistan" not in labels and "Russia" not in labels and "USSR" in labels
    assert "besides Pakistan (61 of 74 claims)" in fig.axes[0].get_title(loc="left").replace(
        "\n", " ")
    assert alt_text(fig).endswith("Not drawn: Pakistan (61 of 74 claims) and Russia (53 of 74 "
                                  "claims).")


def test_a_character_no_font_has_warns_in_the_log_not_on_the_page(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys
    import warnings

    from matplotlib.figure import Figure

    from rupak_lib.charts.style import configure_inline

    page, log = io.StringIO(), io.StringIO()  # a notebook's output; the kernel's own stream
    monkeypatch.setattr(sys, "stderr", page)
    monkeypatch.setattr(sys, "__stderr__", log)
    shown: list[str] = []  # how other warnings are shown (a notebook: its output)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, *rest, **more: shown.append(str(message))
        configure_inline()
        fig = Figure()
        fig.subplots().set_title("Trade \U0001F6A2 and more")
        fig.savefig(io.BytesIO(), format="svg")
        warnings.warn("not about charts", UserWarning, stacklevel=1)
    assert "Glyph" not in page.getvalue()
    assert "rupak: while drawing a chart: UserWarning: Glyph 128674" in log.getvalue()
    assert shown == ["not about charts"] and "not about charts" not in log.getvalue()
