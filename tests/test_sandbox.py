"""The sandbox a submission runs in: what it can reach and what it cannot, tried with real
bubblewrap and plain Python (no kernel), and the refusal when there is no isolation."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rupak_lib.data.paths import BUNDLED_DATA_DIR, REPO_DIR
from rupak_lib.exceptions import SandboxUnavailableError
from rupak_lib.teaching import sandbox
from rupak_lib.teaching.grade import verified

needs_bwrap = pytest.mark.skipif(sandbox.find_bwrap() is None and not os.environ.get("CI"),
                                 reason="bubblewrap is not installed")


@pytest.fixture
def box(tmp_path: Path) -> sandbox.Sandbox:
    """A sandbox like a grading run's: the data readable, submissions and grades hidden."""
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "amy.ipynb").write_text("{}", "utf-8")
    (tmp_path / "grades").mkdir()
    return sandbox.choose([BUNDLED_DATA_DIR], [tmp_path / "subs", tmp_path / "grades"],
                          no_sandbox=False)


def inside(box: sandbox.Sandbox, code: str) -> subprocess.CompletedProcess[str]:
    argv = sandbox.wrap(box, sandbox.Limits(), [sys.executable, "-c", code])
    return subprocess.run(argv, capture_output=True, text=True, timeout=60)


def outcome(box: sandbox.Sandbox, action: str) -> str:
    """What happens to ``action`` (a Python statement) inside: "ok" or the error's name."""
    done = inside(box, f"try:\n    {action}\n    print('ok')\n"
                       "except Exception as e:\n    print(type(e).__name__)")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@needs_bwrap
def test_the_network_is_unreachable(box: sandbox.Sandbox) -> None:
    action = ("import socket; socket.create_connection(('1.1.1.1', 53), timeout=5)")
    assert outcome(box, action) == "OSError"


@needs_bwrap
def test_only_a_loopback_of_its_own_is_there(box: sandbox.Sandbox) -> None:
    done = inside(box, "import socket; print(sorted(n for _, n in socket.if_nameindex()))")
    assert done.stdout.strip() == "['lo']"


@needs_bwrap
@pytest.mark.parametrize("target", [BUNDLED_DATA_DIR / "facts.csv", REPO_DIR / "README.md",
                                    REPO_DIR / "rupak_lib" / "new.py"])
def test_the_data_and_the_project_are_read_only(box: sandbox.Sandbox, target: Path) -> None:
    assert outcome(box, f"open({str(target)!r}, 'a').write('x')") == "OSError"


@needs_bwrap
def test_the_data_can_be_read(box: sandbox.Sandbox) -> None:
    assert outcome(box, f"open({str(BUNDLED_DATA_DIR / 'facts.csv')!r}).read()") == "ok"


@needs_bwrap
def test_the_submissions_are_hidden_and_read_only(box: sandbox.Sandbox, tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    assert outcome(box, f"assert not __import__('os').listdir({str(subs)!r})") == "ok"
    assert outcome(box, f"open({str(subs / 'bob.ipynb')!r}, 'w')") == "OSError"


@needs_bwrap
def test_the_scratch_folder_is_writable_and_private(box: sandbox.Sandbox,
                                                    tmp_path: Path) -> None:
    assert outcome(box, f"open({sandbox.SCRATCH + '/x'!r}, 'w').write('x')") == "ok"
    assert outcome(box, "open('/tmp/pwned', 'w').write('x')") == "ok"
    assert not Path("/tmp/pwned").exists()
    assert outcome(box, f"open({str(tmp_path / 'x')!r}).read()") == "FileNotFoundError"


@needs_bwrap
def test_home_folders_are_not_there(box: sandbox.Sandbox) -> None:
    assert outcome(box, "open('/root/.bashrc').read()") == "FileNotFoundError"


@needs_bwrap
def test_the_scratch_space_is_limited(box: sandbox.Sandbox) -> None:
    big = sandbox.Limits().scratch + 2**20
    action = f"open('/tmp/big', 'wb').write(b'x' * {big}); open('/tmp/big', 'ab').flush()"
    assert outcome(box, action) == "OSError"


def test_without_bubblewrap_grading_is_refused_with_what_to_do(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(sandbox.BWRAP_ENV, "")
    with pytest.raises(SandboxUnavailableError) as err:
        sandbox.choose([], [], no_sandbox=False)
    assert "apt-get install bubblewrap" in str(err.value) and "--no-sandbox" in str(err.value)


def test_a_bubblewrap_that_cannot_make_the_sandbox_is_refused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "bwrap"
    broken.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\n"
                      "exit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv(sandbox.BWRAP_ENV, str(broken))
    with pytest.raises(SandboxUnavailableError, match="No permissions"):
        sandbox.choose([], [], no_sandbox=False)


def test_no_sandbox_runs_the_command_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(sandbox.BWRAP_ENV, "")
    box = sandbox.choose([], [], no_sandbox=True)
    assert sandbox.wrap(box, sandbox.Limits(), ["python", "-V"]) == ["python", "-V"]
    assert "no sandbox" in box.describe()


def test_a_runner_past_the_notebooks_time_is_killed() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            start_new_session=True)
    events, killed = sandbox._collect(proc, b"{}", total=0.5, kill_kernel=True)
    assert (events, killed, proc.returncode) == ([], True, -9)


def running(argv: list[str]) -> bool:
    """Whether a process with exactly this command line runs on the host."""
    wanted = "\0".join(argv) + "\0"
    for proc in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if proc.name.isdigit() and (proc / "cmdline").read_text() == wanted:
                return True
    return False


@pytest.mark.slow
@needs_bwrap
def test_a_notebook_past_its_time_is_killed_with_everything_it_started(
        box: sandbox.Sandbox) -> None:
    marker = ["sleep", "1234.5"]
    job = {"cells": [f"import subprocess, time\nsubprocess.Popen({marker!r})\n"
                     "time.sleep(60)"], "exercises": [], "data_dir": "", "theme_id": None}
    finished = sandbox.run(box, job, sandbox.Limits(cell_timeout=60, notebook_timeout=5))
    assert finished.killed
    assert [e["event"] for e in verified(finished, b"")] == ["started"]
    time.sleep(0.5)
    assert not running(marker)


def test_the_graded_copy_of_the_data_has_no_model_answer_and_still_validates(
        tmp_path: Path) -> None:
    import csv

    import rupak_lib as rk
    from rupak_lib.teaching.grade import answer_free_copy

    seen = answer_free_copy(BUNDLED_DATA_DIR, tmp_path / "data")
    with open(BUNDLED_DATA_DIR / "questions.csv", encoding="utf-8") as f:
        answers = [r["answer"] for r in csv.DictReader(f)]
    copied = (seen / "questions.csv").read_text("utf-8")
    assert answers and not [a for a in answers if a[:40] in copied]
    assert [p for p in rk.validate(seen) if p.severity == "error"] == []


@needs_bwrap
def test_a_graded_notebook_cannot_read_the_solutions_or_the_answers(tmp_path: Path) -> None:
    from rupak_lib.teaching.grade import answer_free_copy

    seen = answer_free_copy(BUNDLED_DATA_DIR, tmp_path / "seen")
    box = sandbox.choose([seen], [REPO_DIR / "notebooks", BUNDLED_DATA_DIR], no_sandbox=False)
    for hidden in (REPO_DIR / "notebooks" / "seminar.ipynb", BUNDLED_DATA_DIR / "questions.csv"):
        assert outcome(box, f"open({str(hidden)!r}).read()") == "FileNotFoundError", hidden
    assert outcome(box, f"open({str(seen / 'questions.csv')!r}).read()") == "ok"


@needs_bwrap
def test_data_the_grader_checked_loads_inside_without_frictionless(tmp_path: Path) -> None:
    from rupak_lib.data.paths import cache_in
    from rupak_lib.data.validate import validate

    with cache_in(tmp_path / "cache") as cache:
        validate(BUNDLED_DATA_DIR)
    box = sandbox.choose([BUNDLED_DATA_DIR], [], no_sandbox=False, cache=cache)
    done = inside(box, "import sys, rupak_lib as rk\n"
                       f"rk.load({str(BUNDLED_DATA_DIR)!r})\n"
                       "print('frictionless' in sys.modules)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert outcome(box, f"open({str(cache / 'validation-forged.json')!r}, 'w')") == "OSError"


@needs_bwrap
def test_without_the_grader_s_verdicts_a_notebook_keeps_none(box: sandbox.Sandbox) -> None:
    done = inside(box, "import os; print(repr(os.environ['RUPAK_CACHE_DIR']))")
    assert done.stdout.strip() == "''"
