"""environment.yml installs what pyproject.toml declares, so conda users get the same set."""

from __future__ import annotations

import tomllib
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
