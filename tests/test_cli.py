"""The ``rupak`` command: ``rupak validate`` prints every problem and a summary, exits 1 on
errors, and never shows a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from datapkg import TEXT_PATH, DataPackage

import rupak_lib
from rupak_lib.cli import COMMANDS, main


def rupak(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rupak_lib", *args], capture_output=True,
                          text=True, cwd=cwd, env=os.environ.copy())


def rupak_here(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
               cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``rupak ARGS`` run in this process (frictionless is imported once, not per test)."""
    if cwd is not None:
        monkeypatch.chdir(cwd)
    code = main(list(args))
    out = capsys.readouterr()
    return subprocess.CompletedProcess(["rupak", *args], code, out.out, out.err)


def test_validate_on_valid_data_prints_the_summary_and_exits_0(pkg: DataPackage) -> None:
    result = rupak("validate", "--data", str(pkg.path))
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "11 tables, 30 rows, 0 errors, 0 warnings, coverage 5/5 body sentences (100 %)\n", "")


def test_validate_prints_each_problem_under_the_directory_given(
        pkg: DataPackage, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    pkg.set("facts.csv", 2, "modality", "done")
    pkg.set("facts.csv", 4, "unit", "")
    pkg.drop_row("facts.csv", 5)
    result = rupak_here(capsys, monkeypatch, "validate", "--data", "data/",
                        cwd=pkg.path.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'data/facts.csv:2: modality: "done" is not one of achieved, ongoing, planned, '
        'potential, stance',
        "data/facts.csv:4: unit: value 152 needs a unit",
        f'data/{TEXT_PATH}:6: warning: body sentence 7 is cited by no fact: '
        '"We will keep working together."',
        f'data/{TEXT_PATH}:6: warning: body sentence 8 is cited by no fact: '
        '"Thank you for your attention."',
        "11 tables, 29 rows, 2 errors, 2 warnings, coverage 3/5 body sentences (60 %)",
    ]
    assert "Traceback" not in result.stderr


def test_warnings_alone_exit_0(pkg: DataPackage, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    pkg.drop_row("facts.csv", 5)
    assert rupak_here(capsys, monkeypatch, "validate", "--data", str(pkg.path)).returncode == 0


def test_malformed_data_is_reported_without_a_traceback(pkg: DataPackage) -> None:
    pkg.replace("themes.csv", "education,Education", 'education,"Education')
    pkg.remove(TEXT_PATH)
    pkg.write("questions.csv", "")
    result = rupak("validate", "--data", str(pkg.path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        f"{pkg.path}/questions.csv:1: file has no header row",
        f"{pkg.path}/sources.csv:2: text_path: text file {TEXT_PATH} is missing",
        f"{pkg.path}/themes.csv:3: malformed CSV: a quoted value is never closed "
        "(its closing quote is missing)",
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_a_directory_without_a_data_package_is_one_error(tmp_path: Path) -> None:
    result = rupak("validate", "--data", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path}/nowhere/datapackage.json: file is missing "
        f"(no data package in {tmp_path / 'nowhere'})")
    assert "Traceback" not in result.stderr


def test_the_bundled_data_is_shown_relative_to_the_repository(tmp_path: Path) -> None:
    code = "from rupak_lib.cli import shown_data_dir; print(shown_data_dir(None))"
    repo = Path(rupak_lib.__file__).parent.parent
    here = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=repo, check=True)
    elsewhere = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               cwd=tmp_path, check=True)
    assert (here.stdout, elsewhere.stdout) == ("data\n", f"{repo / 'data'}\n")


def test_version_prints_the_package_version() -> None:
    result = rupak("--version")
    assert (result.returncode, result.stdout) == (0, f"rupak {rupak_lib.__version__}\n")


def test_help_lists_the_subcommands() -> None:
    result = rupak("--help")
    assert result.returncode == 0 and "validate" in result.stdout


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "rupak"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.stdout == f"rupak {rupak_lib.__version__}\n"


HEAVY = ("pandas", "numpy", "matplotlib", "frictionless", "papermill", "nbconvert",
         "jupyter_client", "sklearn")


def heavy_modules_after(*argvs: list[str]) -> dict[str, list[str]]:
    """The heavy libraries imported by running each ``rupak ARGV`` in turn, in one fresh
    interpreter: a command that imports one is the first whose entry is not empty."""
    code = ("import sys\nfrom rupak_lib.cli import main\nseen = {}\n"
            f"for argv in {[list(a) for a in argvs]!r}:\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            f"    seen[' '.join(argv)] = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
            "print(seen)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=os.environ.copy())
    return eval(out.stdout.strip().splitlines()[-1])


def test_help_imports_no_heavy_library() -> None:
    argvs = [["--help"]] + [[command.name, "--help"] for command in COMMANDS]
    seen = heavy_modules_after(*argvs)
    assert len(seen) == len(argvs)
    assert {argv: heavy for argv, heavy in seen.items() if heavy} == {}


def test_an_argument_error_imports_no_heavy_library() -> None:
    seen = heavy_modules_after(["build", "--no-such-option"], ["build", "--jobs", "0"])
    assert {argv: heavy for argv, heavy in seen.items() if heavy} == {}


@pytest.mark.parametrize("command", ["build", "seminar"])
def test_jobs_below_one_is_a_usage_error(command: str) -> None:
    result = rupak(command, "--jobs", "0")
    assert result.returncode == 2
    assert result.stderr.startswith(f"usage: rupak {command} ")
    assert result.stderr.endswith(f"rupak {command}: error: argument --jobs/-j: must be at "
                                  "least 1, not 0\n")


def test_an_unknown_option_of_a_subcommand_shows_that_subcommand_s_usage() -> None:
    result = rupak("build", "--bogus")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: rupak build ")
    assert result.stderr.endswith("rupak build: error: unrecognized arguments: --bogus\n")


def test_an_unknown_option_without_a_subcommand_shows_the_top_usage() -> None:
    result = rupak("--bogus")
    assert result.returncode == 2 and result.stderr.startswith("usage: rupak [")


def test_an_empty_out_is_a_usage_error() -> None:
    for command in ("build", "seminar"):
        result = rupak(command, "--out", "")
        assert result.returncode == 2, command
        assert result.stderr.endswith(f"rupak {command}: error: argument --out: an empty "
                                      "path; name a folder\n"), result.stderr


def test_a_notebooks_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    for command in ("build", "preview"):
        result = rupak(command, "--notebooks", str(tmp_path / "nowhere"), "--out",
                       str(tmp_path / "reports"))
        assert result.returncode == 2, command
        assert result.stderr.endswith(f"rupak {command}: error: argument --notebooks: no such "
                                      f"folder: {tmp_path / 'nowhere'}\n"), result.stderr
    assert not (tmp_path / "reports").exists()


def test_a_notebooks_folder_without_a_report_s_notebook_names_what_it_lacks(
        tmp_path: Path) -> None:
    (tmp_path / "overview.ipynb").write_text("{}")
    (tmp_path / "compare.ipynb").write_text("{}")
    result = rupak("build", "--notebooks", str(tmp_path), "--out", str(tmp_path / "reports"))
    assert result.returncode == 2
    assert result.stderr.endswith(f"argument --notebooks: {tmp_path} has no "
                                  "theme_report.ipynb, source_critique.ipynb\n")
    assert not (tmp_path / "reports").exists()
