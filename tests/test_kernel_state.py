"""A reused kernel is put back as it was between two reports."""

from __future__ import annotations

import importlib
import os
import random
import sys
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from rupak_lib.build import kernel_state


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



def test_restore_undoes_environment_changes(snapshot) -> None:
    os.environ["RUPAK_TEST_LEAK"] = "yes"
    kernel_state.restore()
    assert "RUPAK_TEST_LEAK" not in os.environ


def test_restore_moves_to_the_folder_given(snapshot, tmp_path: Path) -> None:
    before = os.getcwd()
    try:
        os.chdir("/")
        kernel_state.restore(str(tmp_path))
        assert os.getcwd() == str(tmp_path)
    finally:
        os.chdir(before)


def test_restore_puts_sys_path_back_with_the_new_folder_for_the_old(snapshot,
                                                                     tmp_path: Path) -> None:
    before, start = list(sys.path), os.getcwd()
    sys.path.insert(0, "/leak")
    try:
        kernel_state.restore(str(tmp_path))
        assert sys.path == [str(tmp_path) if p == start else p for p in before]
    finally:
        os.chdir(start)
        sys.path[:] = before


def test_restore_gives_pandas_options_their_defaults(snapshot) -> None:
    pd.set_option("display.max_rows", 3)
    kernel_state.restore()
    assert pd.get_option("display.max_rows") == 60


def test_restore_reseeds_the_global_random_generators(snapshot) -> None:
    np.random.seed(0)
    random.seed(0)
    seeded = (np.random.rand(), random.random())
    np.random.seed(0)
    random.seed(0)
    kernel_state.restore()
    assert (np.random.rand(), random.random()) != seeded


def test_restore_undoes_attributes_set_on_imported_modules(snapshot) -> None:
    import rupak_lib

    rupak_lib.leak = 42
    original = rupak_lib.load
    rupak_lib.load = None
    kernel_state.restore()
    assert not hasattr(rupak_lib, "leak") and rupak_lib.load is original


def test_restore_names_the_modules_imported_since_the_snapshot(snapshot,
                                                               tmp_path: Path) -> None:
    (tmp_path / "rupak_fresh_module.py").write_text("x = 1\n")
    sys.path.insert(0, str(tmp_path))
    try:
        importlib.import_module("rupak_fresh_module")
        assert kernel_state.restore() == ["rupak_fresh_module"]
    finally:
        sys.modules.pop("rupak_fresh_module", None)


def test_the_kernel_s_own_machinery_is_left_alone_and_namesakes_are_not() -> None:
    assert not kernel_state._restorable("zmq")
    assert not kernel_state._restorable("zmq.sugar.socket")
    assert not kernel_state._restorable("_private_c_module")
    assert kernel_state._restorable("zmqlike")
    assert kernel_state._restorable("pandas.core.frame")
    assert kernel_state._restorable("rupak_lib.build.run")
