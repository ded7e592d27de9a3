"""A reused kernel is put back as it was between two reports."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest

from rupak_lib import kernel_state


@pytest.fixture
def snapshot():
    matplotlib.use("Agg")
    with warnings.catch_warnings():
        kernel_state.snapshot()
        yield
        kernel_state.restore()


def test_restore_undoes_a_report_s_style_changes(snapshot) -> None:
    before = matplotlib.rcParams["figure.figsize"]
    matplotlib.rcParams["figure.figsize"] = (1.0, 1.0)
    kernel_state.restore()
    assert matplotlib.rcParams["figure.figsize"] == before


def test_restore_closes_the_figures_a_report_left_open(snapshot) -> None:
    plt.figure()
    kernel_state.restore()
    assert plt.get_fignums() == []


def test_restore_drops_warning_filters_a_report_added(snapshot) -> None:
    before = list(warnings.filters)
    warnings.simplefilter("ignore", UserWarning)
    kernel_state.restore()
    assert warnings.filters == before

