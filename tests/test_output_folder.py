"""Nothing is written outside --out, two builds never mix their files, and every file-system
error is one line naming the path.

Real conditions where the machine allows them: a read-only and a full file system are
tmpfs mounts made in a private mount namespace (``unshare``), which vanish with the command.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from datapkg import DataPackage, one_cell_notebooks

from rupak_lib.build import manifest, outdir
from rupak_lib.build.outdir import OutputError
from rupak_lib.build.run import build

RUPAK = str(Path(sys.executable).parent / "rupak")


def rupak(*args: str, wrap: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "RUPAK_DATA"}
    return subprocess.run([*(wrap or []), RUPAK, *args], capture_output=True, text=True,
                          env=env, timeout=600)


def in_tmpfs(mountpoint: Path, options: str, then: str = "") -> list[str]:
    """A command prefix that runs the command with a tmpfs mounted on ``mountpoint``, then
    the shell command ``then`` (which sees the tmpfs too); the command's status is kept."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a private tmpfs")
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this system does not allow private mount namespaces")
    mountpoint.mkdir(parents=True, exist_ok=True)
    script = (f'mount -t tmpfs -o {options} tmpfs "{mountpoint}" || exit 99; "$@"; '
              f'status=$?; {then or "true"}; exit $status')
    return ["unshare", "--mount", "--map-root-user", "sh", "-c", script, "sh"]


# --- paths inside --out -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../victim.txt", "sub/dir.html", "/etc/passwd", "..", ".",
                                  "", "a\0b", "x" * 256, "a\\b"])
def test_only_plain_file_names_are_written_in_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        outdir.inside(tmp_path, name)


def test_a_plain_name_stays_in_the_folder(tmp_path: Path) -> None:
    assert outdir.inside(tmp_path, "theme-x.html") == tmp_path / "theme-x.html"


@pytest.mark.slow  # runs a report on a worker's kernel
def test_a_manifest_entry_naming_a_file_outside_is_never_acted_on(
        pkg: DataPackage, tmp_path: Path, warm_build) -> None:
    out = tmp_path / "out" / "reports"
    out.mkdir(parents=True)
    victim = tmp_path / "out" / "victim.txt"
    victim.write_text("keep me")
    digest = "0" * 64
    (out / manifest.MANIFEST).write_text(json.dumps({"version": manifest.VERSION, "reports": {
        "gone": {"files": {"../victim.txt": digest}, "fingerprint": "x"},
        "../x": {"files": {}, "fingerprint": "x"},
    }}))
    notebooks = one_cell_notebooks(tmp_path / "notebooks")
    result = warm_build(pkg.path, out, jobs=1, only=["overview"], notebooks_dir=notebooks,
                   progress=False)
    result = warm_build(pkg.path, out, jobs=1, notebooks_dir=notebooks, progress=False)
    assert result.ok and victim.read_text() == "keep me"
    assert set(json.loads((out / manifest.MANIFEST).read_text())["reports"]) == {
        "overview", "compare", "theme-history", "theme-education", "critique-doe-2025-03-01"}


# --- the folder itself ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "seminar"])
def test_an_out_that_is_a_file_is_one_line_and_writes_nothing(pkg: DataPackage,
                                                             tmp_path: Path,
                                                             command: str) -> None:
    target = tmp_path / "file"
    target.write_text("not a folder")
    result = rupak(command, "--data", str(pkg.path), "--out", str(target))
    assert result.returncode == 1
    assert result.stderr == f"rupak: error: {target}: not a directory; give a folder to " \
                            "write to\n"
    assert target.read_text() == "not a folder"


def test_a_read_only_out_is_refused_before_any_work(pkg: DataPackage, tmp_path: Path) -> None:
    mount = tmp_path / "ro"
    result = rupak("build", "--data", str(pkg.path), "--out", str(mount / "reports"),
                   wrap=in_tmpfs(mount, "ro"))
    assert result.returncode == 1
    assert result.stderr == (f"rupak: error: {mount}: not writable (read-only?); nothing "
                             "was written\n")
    assert result.stdout == ""


@pytest.mark.slow  # the real reports, through the command: they are what fills the disk
def test_a_full_disk_is_one_line_naming_the_path_and_leaves_no_partial_file(
        pkg: DataPackage, tmp_path: Path) -> None:
    mount = tmp_path / "full"
    out = mount / "reports"
    script = in_tmpfs(mount, "size=96k", then=f'echo LISTING; ls -A "{out}"')
    result = rupak("build", "--quiet", "--jobs", "1", "--data", str(pkg.path), "--out",
                   str(out), wrap=script)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "no space left on the device" in result.stdout + result.stderr
    assert str(out) in result.stdout + result.stderr
    listing = result.stdout.split("LISTING\n", 1)[1].split()
    assert [name for name in listing if name.endswith(".tmp")] == []


# --- two builds, one folder --------------------------------------------------------------


@pytest.mark.slow  # starts a worker and its kernel
def test_a_second_build_into_a_folder_in_use_is_refused(pkg: DataPackage,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    with outdir.locked(out), pytest.raises(OutputError, match="another rupak run"):
        build(pkg.path, out, jobs=1, progress=False)
    assert list(out.iterdir()) == []


def test_a_process_forked_during_a_build_does_not_keep_its_folder_locked(
        tmp_path: Path) -> None:
    import multiprocessing
    import time

    out = tmp_path / "reports"
    out.mkdir()
    with outdir.locked(out):  # a worker of a kept pool, started by the build's first report
        child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
        child.start()
    try:
        with outdir.locked(out):  # the next build
            pass
    finally:
        child.kill()
        child.join()


@pytest.mark.slow  # starts a worker and its kernel
def test_a_report_rewritten_by_another_build_is_not_taken_as_up_to_date(
        pkg: DataPackage, tmp_path: Path, warm_build) -> None:
    out = tmp_path / "reports"
    notebooks = one_cell_notebooks(tmp_path / "notebooks")
    warm_build(pkg.path, out, jobs=1, only=["history"], notebooks_dir=notebooks, progress=False)
    (out / "theme-history.html").write_text("written by another build from other data")
    again = warm_build(pkg.path, out, jobs=1, only=["history"], notebooks_dir=notebooks,
                  progress=False)
    assert again.built == ["theme-history"]
    assert "another build" not in (out / "theme-history.html").read_text()


@pytest.mark.slow  # starts a worker and its kernel
def test_a_report_built_while_the_data_changed_is_marked_stale(
        pkg: DataPackage, tmp_path: Path, warm_build) -> None:
    import nbformat

    out, notebooks = tmp_path / "reports", one_cell_notebooks(tmp_path / "notebooks")
    note = pkg.path / "note.txt"  # an edit made while the report runs (once: the next is clean)
    path = notebooks / "theme_report.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].source = (f"import pathlib\nnote = pathlib.Path({str(note)!r})\n"
                           "if not note.exists():\n    note.write_text('edited')")
    nbformat.write(nb, path)
    first = warm_build(pkg.path, out, jobs=1, only=["history"], notebooks_dir=notebooks,
                  progress=False)
    assert first.stale == ["theme-history"] and "marked stale" in first.summary()
    recorded = json.loads((out / manifest.MANIFEST).read_text())["reports"]
    assert recorded["theme-history"]["fingerprint"] == ""
    again = warm_build(pkg.path, out, jobs=1, only=["history"], notebooks_dir=notebooks,
                  progress=False)
    assert (again.built, again.stale) == (["theme-history"], [])


def test_an_out_inside_the_data_folder_is_refused_in_one_line(
        pkg: DataPackage, capsys: pytest.CaptureFixture[str]) -> None:
    from rupak_lib.cli import main

    for out in (pkg.path, pkg.path / "reports"):
        assert main(["build", "--data", str(pkg.path), "--out", str(out), "-q"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "inside the data folder" in err[0]
    assert not (pkg.path / "reports").exists()
