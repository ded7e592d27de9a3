"""A notebook's processes share one memory and process limit where control groups exist."""

from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

import pytest

from rupak_lib.data.paths import BUNDLED_DATA_DIR
from rupak_lib.teaching import cgroup, sandbox
from rupak_lib.teaching.grade import outcome_marks, verified


def v1_root(root: Path) -> Path:
    """A stand-in for a cgroup v1 mount: the memory and pids hierarchies' root files."""
    (root / "memory").mkdir(parents=True)
    (root / "memory" / "memory.limit_in_bytes").write_text("9223372036854771712\n")
    (root / "pids").mkdir()
    (root / "pids" / "cgroup.procs").write_text("")
    return root


def test_a_v1_layout_gets_a_memory_and_a_pids_group_with_their_limits(tmp_path: Path) -> None:
    group = cgroup.create(300 * 2**20, 40, root=v1_root(tmp_path))
    assert group is not None and not group.v2
    memory, pids = group.dirs
    assert (memory / "memory.limit_in_bytes").read_text() == str(300 * 2**20)
    assert (pids / "pids.max").read_text() == "40"
    assert memory.parent.name == "memory" and pids.parent.name == "pids"


def test_a_v2_root_enabling_both_controllers_gets_one_group(tmp_path: Path) -> None:
    (tmp_path / "cgroup.subtree_control").write_text("cpu memory pids\n")
    group = cgroup.create(2**30, 64, root=tmp_path)
    assert group is not None and group.v2
    (folder,) = group.dirs
    assert (folder / "memory.max").read_text() == str(2**30)
    assert (folder / "memory.swap.max").read_text() == "0"
    assert (folder / "pids.max").read_text() == "64"


@pytest.mark.parametrize("controllers", ["", "cpu memory\n", "pids\n"])
def test_no_group_where_the_controllers_are_not_there(tmp_path: Path, controllers: str) -> None:
    (tmp_path / "cgroup.subtree_control").write_text(controllers)
    assert cgroup.create(2**30, 64, root=tmp_path) is None


def test_a_group_that_cannot_be_set_up_is_removed_and_none_is_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = v1_root(tmp_path)
    monkeypatch.setattr(cgroup, "_serial", itertools.count(7))
    (root / "pids" / f"rupak-grade-{os.getpid()}-7").write_text("")  # its folder cannot be made
    assert cgroup.create(2**30, 64, root=root) is None
    assert sorted(p.name for p in (root / "memory").iterdir()) == ["memory.limit_in_bytes"]


def test_the_group_s_argv_joins_it_before_running_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    group = cgroup.Group((folder,), v2=True)
    done = subprocess.run(group.argv(["/bin/sh", "-c", "echo $$"]), capture_output=True,
                          text=True, check=True)
    assert (folder / "cgroup.procs").read_text().strip() == done.stdout.strip()


def test_a_group_it_cannot_join_runs_nothing(tmp_path: Path) -> None:
    group = cgroup.Group((tmp_path / "missing",), v2=True)
    done = subprocess.run(group.argv(["/bin/echo", "ran"]), capture_output=True, text=True)
    assert done.returncode == 126 and "ran" not in done.stdout


def test_an_out_of_memory_kill_is_read_from_the_group(tmp_path: Path) -> None:
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    v1.mkdir()
    v2.mkdir()
    (v1 / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
    (v2 / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\n")
    assert cgroup.Group((v1,), v2=False).out_of_memory()
    assert not cgroup.Group((v2,), v2=True).out_of_memory()


def test_the_mark_of_a_notebook_stopped_for_memory_says_so() -> None:
    finished = sandbox.Finished([], killed=False, returncode=-9, stderr="", out_of_memory=True)
    _, fallback = outcome_marks(finished, sandbox.Limits(total_memory=2**30))
    assert fallback == ("error", "not marked: the notebook's processes used more than 1 GiB "
                                 "of memory together and were stopped.")


#: Four processes of 150 MiB each, started one after the other and all kept alive.
HOGS = ("import subprocess, sys, time\n"
        "code = 'b = bytearray(150 * 2**20); import time; time.sleep(30)'\n"
        "procs = [subprocess.Popen([sys.executable, '-c', code]) for _ in range(4)]\n"
        "time.sleep(3)\n"
        "print('alive', sum(p.poll() is None for p in procs))\n")


@pytest.mark.slow
def test_processes_that_together_pass_the_notebook_s_memory_are_stopped() -> None:
    probe = cgroup.create(2**30, 16)
    if probe is None:
        pytest.skip("this machine does not let the grader make control groups")
    probe.close()
    box = sandbox.choose([BUNDLED_DATA_DIR], [], no_sandbox=sandbox.find_bwrap() is None)
    assert box.grouped
    job = {"cells": [HOGS], "exercises": [], "data_dir": "", "theme_id": None}
    limits = sandbox.Limits(cell_timeout=20, total_memory=450 * 2**20)
    finished = sandbox.run(box, job, limits)
    assert finished.out_of_memory
    assert [e["event"] for e in verified(finished, b"")][0] == "started"


def test_groups_left_by_a_grader_that_is_gone_are_removed(tmp_path: Path) -> None:
    root = v1_root(tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = root / "memory" / f"rupak-grade-{dead.pid}-0"
    ours = root / "memory" / f"rupak-grade-{os.getpid()}-99"
    left.mkdir()
    ours.mkdir()
    cgroup.create(2**30, 64, root=root)
    assert not left.exists() and ours.exists()
