"""Data that tries to reach outside its package, or to flood or corrupt what rupak prints,
is refused and located, whatever the descriptor says."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
from datapkg import TEXT_PATH, DataPackage, errors, warnings

from rupak_lib.data.contract import ID_MAX_LENGTH
from rupak_lib.data.validate.problems import Problem
from rupak_lib.exceptions import listing


def without_patterns(pkg: DataPackage) -> None:
    """The descriptor with every pattern constraint removed, as a careless edit would."""
    descriptor = json.loads(pkg.read("datapackage.json"))
    for resource in descriptor["resources"]:
        for fld in resource["schema"]["fields"]:
            (fld.get("constraints") or {}).pop("pattern", None)
    pkg.write("datapackage.json", json.dumps(descriptor, indent=1))


@pytest.mark.parametrize("file, column, value", [
    ("themes.csv", "theme_id", "x/../../../../../tmp/ESCAPED"),
    ("sources.csv", "source_id", "sub/dir"),
    ("entities.csv", "entity_id", "Alpha Country"),
])
def test_an_id_that_is_no_slug_is_an_error_without_the_descriptor_s_pattern(
        pkg: DataPackage, file: str, column: str, value: str) -> None:
    without_patterns(pkg)
    pkg.set(file, 2, column, value)
    assert (file, 2, column, f'"{value}" is not a slug (lowercase letters and digits, '
            "joined by single hyphens)") in errors(pkg)


def test_an_id_too_long_for_a_file_name_is_an_error(pkg: DataPackage) -> None:
    long_id = "-".join(["theme"] * 50)  # a slug of 299 characters
    pkg.set("themes.csv", 2, "theme_id", long_id)
    found = [e for e in errors(pkg) if e[:3] == ("themes.csv", 2, "theme_id")]
    assert found == [("themes.csv", 2, "theme_id",
                      f'"{long_id[:80]}…" is {len(long_id)} characters long; an id has at '
                      f"most {ID_MAX_LENGTH}, as file names are made from ids")]


def test_an_id_that_breaks_the_descriptor_s_pattern_too_is_reported_once(
        pkg: DataPackage) -> None:
    pkg.set("themes.csv", 2, "theme_id", "a/b")
    assert len([e for e in errors(pkg) if e[:3] == ("themes.csv", 2, "theme_id")]) == 1


@pytest.mark.parametrize("path", ["../outside.csv", "/etc/passwd", "sub/../../outside.csv",
                                  "https://example.org/x.csv", "C:\\x.csv"])
def test_a_resource_outside_the_package_is_refused_before_any_read(
        pkg: DataPackage, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (pkg.path.parent / "outside.csv").write_text("SECRET,line\n")
    descriptor = json.loads(pkg.read("datapackage.json"))
    descriptor["resources"][0]["path"] = path
    pkg.write("datapackage.json", json.dumps(descriptor))
    from rupak_lib.data.validate import api

    read = []
    original = api.read_csv
    monkeypatch.setattr(api, "read_csv", lambda p, f: read.append(f) or original(p, f))
    found = errors(pkg)
    assert read == []
    assert found == [("datapackage.json", None, None,
                      f'resource "{descriptor["resources"][0]["name"]}" has the path '
                      f'"{path}"; a table must be a file inside the package\'s folder')]


def test_a_nul_byte_in_a_table_is_refused_and_located(pkg: DataPackage) -> None:
    pkg.replace("themes.csv", "Before 2000.", "Before\0 2000.")
    assert [e for e in errors(pkg) if e[0] == "themes.csv"] == [
        ("themes.csv", 2, None, "the file contains a NUL byte (line 2, character 23)")]


def test_a_nul_byte_in_a_source_text_is_refused_and_located(pkg: DataPackage) -> None:
    text = pkg.read(TEXT_PATH).replace("Trade grew", "Trade\0 grew")
    pkg.write(TEXT_PATH, text)
    pkg.set("sources.csv", 2, "sha256", hashlib.sha256(text.encode()).hexdigest())
    assert ("sources.csv", 2, "text_path",
            f"{TEXT_PATH} contains a NUL byte (line 2, byte {text.index(chr(0))})") \
        in errors(pkg)


def test_a_value_over_the_field_size_limit_is_refused_with_the_limit(pkg: DataPackage) -> None:
    pkg.set("themes.csv", 2, "description", "x" * 140_000)
    assert [e for e in errors(pkg) if e[0] == "themes.csv"] == [
        ("themes.csv", 2, None, "malformed CSV: a value is longer than 131,072 characters "
                                "(128 KiB), the most a cell may hold")]


def test_a_listing_shows_a_limited_number_of_each_severity_and_counts_the_rest() -> None:
    problems = [Problem.warning("t.txt", n, None, "w") for n in range(1, 1006)]
    problems += [Problem.error("f.csv", 2, "c", "e")]
    lines = listing(problems, limit=3)
    assert lines == ["t.txt:1: warning: w", "t.txt:2: warning: w", "t.txt:3: warning: w",
                     "f.csv:2: c: e", "… and 1,002 more warnings"]


def test_validate_caps_the_warnings_it_prints(pkg: DataPackage) -> None:
    text = pkg.read(TEXT_PATH) + "".join(f"Sentence number {n} stands here.\n"
                                         for n in range(1, 501))
    pkg.write(TEXT_PATH, text)
    pkg.set("sources.csv", 2, "sha256", hashlib.sha256(text.encode()).hexdigest())
    assert len(warnings(pkg)) >= 500
    result = subprocess.run([sys.executable, "-m", "rupak_lib", "validate", "--data",
                             str(pkg.path)], capture_output=True, text=True,
                            env=os.environ.copy())
    lines = result.stdout.splitlines()
    assert len([ln for ln in lines if ": warning: " in ln]) == 200
    assert f"… and {len(warnings(pkg)) - 200:,} more warnings" in lines
