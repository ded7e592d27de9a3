"""A rupak process defers the IRI grammar nbformat's imports would build (build/startup.py):
the grammar is built only when an IRI is first checked, and the check answers as before."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from datapkg import DataPackage

try:  # asked of the installed distributions: this test process defers the module itself
    distribution("rfc3987-syntax")
except PackageNotFoundError:  # installed with JupyterLab; without it there is nothing to defer
    pytest.skip("rfc3987-syntax is not installed", allow_module_level=True)

pytestmark = pytest.mark.slow  # each test starts an interpreter, some build the grammar

GRAMMAR = "rfc3987_syntax.syntax_helpers"
IRI_CHECKS = """
from jsonschema import Draft202012Validator as V
v = V({"format": "iri"}, format_checker=V.FORMAT_CHECKER)
answers = [v.is_valid(x) for x in ("https://example.org/caf\\u00e9", "two words", "a:b")]
"""


DEFER = "from rupak_lib.build.startup import defer_slow_imports\ndefer_slow_imports()\n"
BUILT = f"{GRAMMAR!r} in sys.modules"


def run(code: str) -> dict:
    """``code`` in a fresh interpreter; the dict it prints as JSON."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return json.loads(out.splitlines()[-1])


def test_reading_a_notebook_does_not_build_the_iri_grammar() -> None:
    seen = run(f"import json, sys\n{DEFER}import nbformat\nnbformat.v4.new_notebook()\n"
               f"print(json.dumps({{'built': {BUILT}}}))")
    assert seen == {"built": False}


def test_the_first_iri_check_builds_it_and_answers_as_without_the_deferral() -> None:
    plain = run(f"import json\n{IRI_CHECKS}\nprint(json.dumps({{'answers': answers}}))")
    deferred = run(f"import json, sys\n{DEFER}{IRI_CHECKS}\n"
                   f"print(json.dumps({{'answers': answers, 'built': {BUILT}}}))")
    assert deferred == {"answers": plain["answers"], "built": True}
    assert plain["answers"][0] is True and plain["answers"][1] is False


def test_any_other_name_of_the_module_is_the_real_one() -> None:
    seen = run(f"import json\n{DEFER}import rfc3987_syntax as r\n"
               "print(json.dumps({'iri': r.is_valid_syntax_iri('https://example.org/'),"
               " 'path': r.__name__}))")
    assert seen == {"iri": True, "path": "rfc3987_syntax"}


def test_a_module_already_imported_is_left_alone() -> None:
    seen = run("import json, rfc3987_syntax\nfrom rupak_lib.build import startup\n"
               "print(json.dumps({'put': startup.defer_slow_imports()}))")
    assert seen == {"put": False}


def test_a_rupak_command_that_checks_json_schemas_does_not_build_it(
        pkg: DataPackage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUPAK_CACHE_DIR", str(tmp_path / "cache"))  # a validation not cached
    seen = run("import json, sys\nfrom rupak_lib.cli import main\n"
               f"status = main(['validate', '--data', {str(pkg.path)!r}])\n"
               "print(json.dumps({'status': status, 'jsonschema': 'jsonschema' in sys.modules,"
               f" 'built': {BUILT}}}))")
    assert seen == {"status": 0, "jsonschema": True, "built": False}
