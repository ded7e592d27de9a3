"""The package itself: a light import, lazy chart helpers, locations and exceptions."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import rupak_lib as rk
from rupak_lib.data import paths
from rupak_lib.exceptions import ReportExecutionError, RupakError

REPO = Path(__file__).resolve().parent.parent
CHARTS = ["timeline", "modality_by_theme", "theme_balance", "entity_mentions",
          "entity_network", "places_map", "verification_status"]


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = ("import sys, rupak_lib; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'frictionless', 'papermill', "
            "'nbconvert', 'jupyter_client') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_the_public_api_is_exported() -> None:
    for name in ["load", "validate", "check", "coverage", "Corpus", "Problem", "RupakError",
                 "DataValidationError", "ReportExecutionError", "DATA_DIR", "__version__"]:
        assert hasattr(rk, name), name
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert rk.__version__ == project["version"]  # the installed version, not a copy of it


def test_chart_helpers_are_listed_and_load_on_first_use() -> None:
    assert set(CHARTS + ["charts", "analysis"]) <= set(dir(rk))
    assert rk.analysis is sys.modules["rupak_lib.analysis"]
    for name in CHARTS:
        assert getattr(rk, name) is getattr(rk.charts, name)


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nonsense'"):
        rk.nonsense  # noqa: B018


def test_the_default_data_is_found_from_the_package_not_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert paths.resolve_data_dir(None) == Path(rk.__file__).resolve().parent.parent / "data"
    assert rk.DATA_DIR.is_absolute()


def test_rupak_data_overrides_the_default(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUPAK_DATA", str(tmp_path))
    assert paths.resolve_data_dir(None) == tmp_path


def test_an_empty_cache_setting_turns_the_disk_cache_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUPAK_CACHE_DIR", "")
    assert paths.cache_dir() is None


def test_a_report_error_keeps_its_fields_across_processes() -> None:
    err = ReportExecutionError("trade", 7, "1 / 0", "ZeroDivisionError", "division by zero")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.report_id, copy.cell_index, copy.source, copy.ename, copy.evalue) == \
        ("trade", 7, "1 / 0", "ZeroDivisionError", "division by zero")
    assert isinstance(copy, RupakError)
    assert str(copy) == ("report trade failed in cell 7 (1 / 0): "
                         "ZeroDivisionError: division by zero")


def test_the_module_runs_as_the_command() -> None:
    out = subprocess.run([sys.executable, "-m", "rupak_lib.cli", "--version"],
                         capture_output=True, text=True, env=os.environ.copy())
    assert out.stdout == f"rupak {rk.__version__}\n"
