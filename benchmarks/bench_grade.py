"""Time `rupak grade` on a class of 30 notebooks, with 1 and 2 jobs, against a plain
papermill loop over the same notebooks, in one run on one machine.

    .venv/bin/python benchmarks/bench_grade.py [--notebooks 30] [--theme trade-economy]

The class: the instructor's handout of the theme (every exercise solved, charts drawn),
once per student. (a) the loop a lecturer might write without rupak: the `papermill` CLI on
each notebook, unsandboxed and unmarked; (b) `rupak grade --jobs 1`; (c) `--jobs 2`. Prints
each time and the ratios b/a and c/a. Absolute times on shared machines vary by about 20 %;
the ratios, measured in the same run, are what to compare.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def make_class(base: Path, theme: str, size: int) -> Path:
    handouts = base / "handouts"
    subprocess.run([str(BIN / "rupak"), "seminar", "--theme", theme, "--out", str(handouts)],
                   check=True, stdout=subprocess.DEVNULL)
    folder = base / "class"
    folder.mkdir()
    for n in range(1, size + 1):
        shutil.copy(handouts / f"seminar-{theme}-instructor.ipynb", folder / f"s{n:02}.ipynb")
    return folder


def plain_loop(folder: Path, theme: str, out: Path) -> float:
    out.mkdir()
    start = time.perf_counter()
    for notebook in sorted(folder.glob("*.ipynb")):
        subprocess.run([str(BIN / "papermill"), str(notebook), str(out / notebook.name),
                        "-p", "theme_id", theme, "--cwd", str(out), "--no-progress-bar"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def grade(folder: Path, theme: str, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "rupak"), "grade", str(folder), "--theme", theme,
                           "--out", str(out), "--jobs", str(jobs), "-q"],
                          check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    print(f"    {done.stdout.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=int, default=30)
    parser.add_argument("--theme", default="trade-economy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        base = Path(tmp)
        folder = make_class(base, args.theme, args.notebooks)
        print(f"{args.notebooks} notebooks of the {args.theme} session")
        plain = plain_loop(folder, args.theme, base / "plain")
        print(f"(a) plain papermill loop:        {plain:7.1f} s")
        one = grade(folder, args.theme, base / "grades-1", 1)
        print(f"(b) rupak grade --jobs 1:        {one:7.1f} s   b/a = {one / plain:.2f}")
        two = grade(folder, args.theme, base / "grades-2", 2)
        print(f"(c) rupak grade --jobs 2:        {two:7.1f} s   c/a = {two / plain:.2f}")


if __name__ == "__main__":
    main()
