"""pyproject.toml declares what the code imports and nothing it does not, and environment.yml
installs the same set for conda users."""

from __future__ import annotations

import ast
import functools
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent


def _normalized(specs: list[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        req = Requirement(spec)
        out[canonicalize_name(req.name)] = str(req.specifier)
    return out


def _environment() -> tuple[list[str], list[str]]:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return conda, pip


def test_pip_section_matches_the_dependencies_and_the_dev_extra() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    _, pip = _environment()
    listed = [p for p in pip if not p.startswith("-")]
    assert _normalized(listed) == _normalized(declared)
    assert len(listed) == len(_normalized(listed))


def test_the_environment_installs_the_project_itself() -> None:
    _, pip = _environment()
    assert "-e ." in pip


def test_python_version_matches_requires_python() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    conda, _ = _environment()
    python = next(d for d in conda if d.startswith("python"))
    assert python.removeprefix("python") == project["requires-python"]


@functools.cache
def _imported(folder: Path) -> frozenset[str]:
    """Top-level names of the modules the Python files under ``folder`` import."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return frozenset(names)


#: Which installed distribution provides each module (a scan of every installed one: 1 s)
_providers = functools.cache(packages_distributions)


def _distributions(folder: Path, local: set[str]) -> set[str]:
    """The installed distributions providing the third-party modules ``folder`` imports."""
    providers = _providers()
    third_party = _imported(folder) - set(sys.stdlib_module_names) - local
    missing = sorted(m for m in third_party if m not in providers)
    assert not missing, f"imported but not installed: {missing}"
    return {canonicalize_name(d) for m in third_party for d in providers[m]}


def _declared(*extras: str) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + [s for e in extras
                                       for s in project["optional-dependencies"][e]]
    return set(_normalized(specs))


def test_the_library_declares_every_library_it_imports() -> None:
    used = _distributions(REPO / "rupak_lib", {"rupak_lib"})
    assert used - _declared() == set()


def _local() -> set[str]:
    """The project's own importable names: the library and the helper modules of tests and
    benchmarks (a test module may borrow another's fixtures)."""
    return {"rupak_lib"} | {p.stem for folder in ("tests", "benchmarks")
                            for p in (REPO / folder).rglob("*.py")}


def test_the_tests_declare_every_library_they_import() -> None:
    used = (_distributions(REPO / "tests", _local())
            | _distributions(REPO / "benchmarks", _local()))
    assert used - _declared("dev") == set()


def test_every_declared_library_is_used() -> None:
    """Each dependency is imported, or is a tool the Makefile or the tests run."""
    run_not_imported = {"jupyterlab", "nbval", "ruff", "ipykernel", "pytest", "pytest-xdist",
                        "openpyxl"}  # pandas' Excel engine: to_excel and rupak export
    used = (_distributions(REPO / "rupak_lib", {"rupak_lib"})
            | _distributions(REPO / "tests", _local()))
    assert _declared("dev") - used - run_not_imported == set()
