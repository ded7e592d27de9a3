"""Validation and loading at scale: rupak against plain frictionless, in one run.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000 30000 100000] [--sources 10]

For each size, generates a valid synthetic package (``rupak_lib.data.synthetic``: 200 themes, the
facts spread over ``--sources`` sources) and runs, each in a fresh process with no
validation cache: (f) `frictionless validate` on the package;  (v) `rupak validate`;
(l) `rk.load()`;  (b) `rupak validate` on a copy where ``--broken`` facts misquote their
sentence (each problem then names the sentence closest to the quote).
Prints each wall time and peak memory, the ratios v/f and l/f (target: at most 2 at
100,000 facts), and v per 1,000 facts, which stays flat when the work grows linearly.
Absolute times on shared machines vary by about 20 %; compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from rupak_lib.data.synthetic import write_package  # noqa: E402

LOAD = "import sys, rupak_lib; rupak_lib.load(sys.argv[1])"


def measured(cmd: list[str], status: int = 0) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one process, which must exit with ``status``."""
    env = {**os.environ, "RUPAK_CACHE_DIR": ""}  # no cached validation: every run is cold
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, code, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(code)  # reaped by wait4
    if proc.returncode != status:
        raise SystemExit(f"{' '.join(cmd)} exited with {proc.returncode}, not {status}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--sources", type=int, default=10)
    parser.add_argument("--broken", type=int, default=10,
                        help="facts whose quote is misspelt (each gets a closest-sentence hint)")
    args = parser.parse_args()
    print(f"{'facts':>7}  {'(f) frictionless':>17}  {'(v) rupak validate':>18}  "
          f"{'(l) rk.load()':>17}  {'(b) broken quotes':>17}  {'v/f':>5}  {'l/f':>5}  "
          f"{'v per 1k':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            package = write_package(Path(tmp) / f"data-{size}", size, n_sources=args.sources)
            broken = write_package(Path(tmp) / f"broken-{size}", size, n_sources=args.sources,
                                   broken=args.broken)
            descriptor = str(package.path / "datapackage.json")
            f, f_mem = measured([str(BIN / "frictionless"), "validate", descriptor])
            v, v_mem = measured([str(BIN / "rupak"), "validate", "--data", str(package.path)])
            ld, l_mem = measured([sys.executable, "-c", LOAD, str(package.path)])
            b, b_mem = measured([str(BIN / "rupak"), "validate", "--data", str(broken.path)],
                                status=1 if args.broken else 0)
            print(f"{size:>7}  {f:7.2f} s {f_mem:5.0f} MiB  {v:8.2f} s {v_mem:5.0f} MiB  "
                  f"{ld:7.2f} s {l_mem:5.0f} MiB  {b:7.2f} s {b_mem:5.0f} MiB  "
                  f"{v / f:5.2f}  {ld / f:5.2f}  {v / size * 1000:6.3f} s", flush=True)
    print(f"({args.sources} sources, 200 themes, {args.broken} broken quotes per package; "
          "one fresh process each, no validation cache)")


if __name__ == "__main__":
    main()
