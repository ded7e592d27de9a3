"""Time `rupak build` against a plain papermill + nbconvert loop, in one run on one machine.

    .venv/bin/python benchmarks/bench_build.py [--data DIR]

``--data`` names the package to build (default: the bundled one-source package); the
three-source package of the tests is ``tests/fixtures/corpus``.

(a) the shell-style loop a user would write: for every report, the `papermill` CLI, then
    `jupyter nbconvert --to html` on its output;
(b) a cold `rupak build`;  (c) a no-op rebuild;  (d) a rebuild after one theme's fact changed;
(e) `rupak preview`: from saving one edited fact to its theme's page served updated (what the
    page's script waits for before it reloads), the median of five edits;
(f) the same edit saved from the open curation page (one POST, validated before it writes).
Prints each time and the ratios b/a, c/a, d/a. Absolute times on shared machines vary by
about 20 %; the ratios, measured in the same run, are what to compare.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def plain_loop(data: Path, out: Path) -> float:
    """The baseline: one papermill CLI and one nbconvert CLI process per report."""
    sys.path.insert(0, str(ROOT))
    import rupak_lib as rk
    from rupak_lib.build import reports

    corpus = rk.load(data)
    start = time.perf_counter()
    for report in reports.plan(corpus, data):
        target = out / f"{report.report_id}.ipynb"
        cmd = [str(BIN / "papermill"), str(ROOT / "notebooks" / report.notebook), str(target),
               "--cwd", str(ROOT / "notebooks"), "--no-progress-bar"]
        for key, value in report.parameters.items():
            cmd += ["-p", key, str(value)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(target)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def touch_one_fact(data: Path, mark: str = "edited") -> str:
    """Edit the summary of the first fact of the first theme; return that theme."""
    path = data / "facts.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["summary"] = rows[0]["summary"].rstrip(".") + f" ({mark})."
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows[0]["theme_id"]


def rows_of(path: Path, fact_id: str) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["fact_id"] == fact_id]


def first_fact(data: Path) -> dict[str, str]:
    with (data / "facts.csv").open(newline="", encoding="utf-8") as fh:
        return next(csv.DictReader(fh))


def curation_state(url: str, data: Path) -> dict:
    """What the open curation page of the first fact's source holds: its token and versions."""
    page = urllib.request.urlopen(f"{url}curate/{first_fact(data)['source_id']}").read()
    return json.loads(re.search(r'id="rupak-state">(.*?)</script>', page.decode(),
                                re.S).group(1))


def save_in_curation_page(url: str, data: Path, mark: str, state: dict) -> None:
    """Edit the first fact's summary as the open curation page does: one POST."""
    fact = first_fact(data)
    body = json.dumps({
        "action": "save-fact", "id": fact["fact_id"], "source": fact["source_id"],
        "versions": state["versions"],
        "changes": {"summary": fact["summary"].rstrip(".") + f" ({mark})."},
        "entities": [{k: r[k] for k in ("entity_id", "role")}
                     for r in rows_of(data / "fact_entities.csv", fact["fact_id"])],
        "events": [{k: r[k] for k in ("event_id", "relation", "note")}
                   for r in rows_of(data / "fact_events.csv", fact["fact_id"])]}).encode()
    host = url.split("/")[2]
    request = urllib.request.Request(f"{url}__rupak__/curate", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Rupak-Token": state["token"],
        "Origin": f"http://{host}"})
    urllib.request.urlopen(request).read()


def preview_latency(data: Path, out: Path, edits: int = 9, curate: bool = False
                    ) -> list[float]:
    """Seconds from saving an edited fact (in an editor, or with ``curate`` in the curation
    page) to its theme's page served with the edit."""
    proc = subprocess.Popen([str(BIN / "rupak"), "preview", "--data", str(data), "--out",
                             str(out), "--port", "0", "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        url = next(line for line in proc.stdout if "Serving" in line).split()[4]
        next(line for line in proc.stdout if "Watching" in line)  # built, and ready for edits
        times = []
        with (data / "facts.csv").open(newline="", encoding="utf-8") as fh:
            page = f"theme-{next(csv.DictReader(fh))['theme_id']}.html"
        for n in range(edits):
            view = json.load(urllib.request.urlopen(f"{url}__rupak__/status?page={page}"))
            state = curation_state(url, data) if curate else {}  # the page is open already
            start = time.perf_counter()
            if curate:
                save_in_curation_page(url, data, f"edit {n}", state)
            else:
                touch_one_fact(data, f"edit {n}")
            json.load(urllib.request.urlopen(f"{url}__rupak__/wait?page={page}&version="
                                             f"{view['version']}&state={view['state']}"))
            body = urllib.request.urlopen(url + page).read().decode()
            times.append(time.perf_counter() - start)
            assert f"(edit {n})" in body, "the served page lacks the edit"
            next(line for line in proc.stdout if " built, " in line)  # idle again
        return times
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C, as a terminal sends it
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            print("rupak preview did not stop within 60 s of Ctrl-C", file=sys.stderr)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", metavar="DIR", type=Path, default=ROOT / "data",
                        help="the data package to build (copied first; default: data/)")
    parser.add_argument("--preview-only", action="store_true",
                        help="measure (e) and (f) alone, after one build (no plain loop)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(args.data, data)
        with open(data / "sources.csv", encoding="utf-8") as f:
            print(f"package: {args.data.name}, {sum(1 for _ in csv.DictReader(f))} source(s)")
        (tmp / "plain").mkdir()
        rupak = [str(BIN / "rupak"), "build", "--data", str(data), "--out", str(tmp / "out")]

        if args.preview_only:
            timed(rupak)
        else:
            a = plain_loop(data, tmp / "plain")
            b = timed(rupak)
            c = timed(rupak)
            theme = touch_one_fact(data)
            d = timed(rupak)
            report(a, b, c, d, theme)
        e = preview_latency(data, tmp / "out")
        f = preview_latency(data, tmp / "out", curate=True)
    print(f"(e) rupak preview, edit to updated page {statistics.median(e):5.2f} s   (median of "
          f"{len(e)}: {', '.join(f'{t:.2f}' for t in e)}; target <= 1.5 s)")
    print(f"(f) curation page, save to updated page {statistics.median(f):5.2f} s   (median of "
          f"{len(f)}: {', '.join(f'{t:.2f}' for t in f)}; target <= 2 s)")


def report(a: float, b: float, c: float, d: float, theme: str) -> None:
    print(f"(a) plain papermill + nbconvert loop  {a:7.2f} s")
    print(f"(b) rupak build, cold                 {b:7.2f} s   b/a = {b / a:.3f}  (target <= 0.10)")
    print(f"(c) rupak build, nothing changed      {c:7.2f} s   c/a = {c / a:.3f}  (target <= 0.02)")
    print(f"(d) rupak build, one fact of {theme!r} edited {d:5.2f} s   d/a = {d / a:.3f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
