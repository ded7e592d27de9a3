"""Runs one submitted notebook inside its sandbox and reports each exercise as it goes.

``python -m rupak_lib.teaching.runner`` reads a job (JSON on stdin: the cells, the exercises,
the limits, the run's key) and writes one signed JSON line per event on stdout. It starts a
fresh kernel, runs the cells one by one, and right after each exercise's cell asks the
kernel for the exercise's result as data (:mod:`rupak_lib.teaching.values`); the grader
checks it in its own process. How a cell ended (not attempted, an error, a timeout) is
reported as a mark. Each event is sent the moment it is known, so a notebook that later
hangs, floods its output or kills its kernel keeps what ran before.

The runner, its kernel client and the kernel run together in one sandbox (a kernel in its
own network namespace cannot be reached from outside it). Only ``jupyter_client`` is
imported here, not nbformat or nbclient, so that a runner starts quickly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import queue
import resource
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from rupak_lib.teaching.marking import CellOutcome, cell_status, not_reached

GRACE = 5.0  # seconds a kernel gets to stop after an interrupt
WRITABLE = ("HOME", "MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_RUNTIME_DIR")  # made in scratch


_KEY: list[bytes] = []  # the run's key, given by the grader on stdin: never in a file


def sign(event: dict[str, Any], key: bytes) -> str:
    """The event's line: its JSON with an HMAC of it, so that the grader can tell the
    runner's events from lines the student's code manages to write to the same stream."""
    body = json.dumps(event, sort_keys=True)
    return json.dumps({"event": event, "mac": hmac.new(key, body.encode(),
                                                       hashlib.sha256).hexdigest()})


def verify(line: Any, key: bytes) -> dict[str, Any] | None:
    """The event of a line of the runner's stream when it carries the run's HMAC, else None."""
    if not isinstance(line, dict):
        return None
    event, mac = line.get("event"), line.get("mac")
    if not isinstance(event, dict) or not isinstance(mac, str):
        return None
    body = json.dumps(event, sort_keys=True).encode()
    good = hmac.new(key, body, hashlib.sha256).hexdigest()
    return event if hmac.compare_digest(good, mac) else None


def emit(**event: Any) -> None:
    sys.stdout.write(sign(event, _KEY[0] if _KEY else b"") + "\n")
    sys.stdout.flush()


def undumpable() -> None:
    """Keep processes of the same user (the kernel) out of this one's /proc entries: its
    descriptors (the channel to the grader) and its memory (the key)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except (OSError, AttributeError):
        pass


def apply_limits(limits: dict[str, int]) -> None:
    """Hard resource limits for this process and the kernel it starts (inherited, and not
    raisable again without privileges)."""
    wanted = {
        resource.RLIMIT_AS: limits["memory"],
        resource.RLIMIT_FSIZE: limits["file_size"],
        resource.RLIMIT_NPROC: limits["processes"],  # binds any user but root
        resource.RLIMIT_CORE: 0,
    }
    for kind, value in wanted.items():
        _, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))


@dataclass
class Kernel:
    """A fresh kernel and its client, for one notebook."""

    output_limit: int
    km: Any = None
    kc: Any = None
    alive: bool = field(default=False)

    def start(self, cwd: str) -> None:
        from jupyter_client import KernelManager

        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"], cwd=cwd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.alive = True

    def run(self, code: str, timeout: float, keep_text: bool = False) -> CellOutcome:
        """Run ``code``; stop it at ``timeout`` seconds or past the output limit."""
        msg_id = self.kc.execute(code, store_history=not keep_text, allow_stdin=False,
                                 stop_on_error=False)
        deadline = time.monotonic() + timeout
        stopping: str | None = None  # "timeout" or "output" once interrupted
        size, text = 0, []
        ename = evalue = None
        while True:
            if time.monotonic() > deadline:
                if stopping is not None:  # it ignored the interrupt: stop the kernel
                    self.stop()
                    return CellOutcome(stopping, ename, evalue)
                stopping, deadline = "timeout", time.monotonic() + GRACE
                self.km.interrupt_kernel()
            try:
                msg = self.kc.iopub_channel.get_msg(timeout=0.2)
            except queue.Empty:
                if not self.km.is_alive():
                    self.alive = False
                    return CellOutcome("dead", ename, evalue)
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content.get("execution_state") == "idle":
                break
            if kind == "error":
                ename, evalue = content.get("ename"), content.get("evalue")
            elif kind in ("stream", "display_data", "execute_result", "update_display_data"):
                size += len(json.dumps(content.get("data", content.get("text", ""))))
                if keep_text and kind == "stream" and size <= self.output_limit:
                    text.append(content.get("text", ""))
                if size > self.output_limit and stopping is None:
                    stopping, deadline = "output", time.monotonic() + GRACE
                    self.km.interrupt_kernel()
        return CellOutcome(stopping or ("error" if ename else "ok"), ename, evalue,
                           "".join(text))

    def stop(self) -> None:
        self.alive = False
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=True)


def value_code(nonce: str, exercise: dict[str, Any]) -> str:
    """The cell that asks the kernel for the exercise's result, as data (values.py)."""
    return ("import rupak_lib.teaching.values as __rupak_values\n"
            f"__rupak_values.export({nonce!r}, {exercise['result']!r}, globals())\n"
            "del __rupak_values")


def value_of(outcome: CellOutcome, nonce: str) -> dict[str, Any] | None:
    """The encoded value the kernel printed after ``nonce``, or None when it printed none."""
    for line in outcome.text.splitlines():
        if line.startswith(nonce):
            try:
                found = json.loads(line[len(nonce):])
            except ValueError:
                return None
            return found if isinstance(found, dict) else None
    return None


def grade(job: dict[str, Any], kernel: Kernel) -> None:
    """Run the cells in order; emit each exercise's mark as soon as it is known."""
    limit = float(job["limits"]["cell_timeout"])
    handouts = set(job.get("handout_cells", []))
    exercises = {e["cell"]: e for e in job["exercises"]}
    pending = [e["number"] for e in job["exercises"]]
    # (status, the cell, its limit) once the kernel is dead
    stopped: tuple[str, str, float] | None = None
    for index, source in enumerate(job["cells"]):
        exercise = exercises.get(index)
        cell_limit = float(job["limits"]["handout_timeout"]) \
            if index in handouts and exercise is None else limit
        outcome = kernel.run(source, cell_limit)
        if exercise is not None:
            status, message = cell_status(outcome, source, exercise, limit,
                                          job["limits"]["output"])
            if status == "ran":
                nonce = secrets.token_hex(16)
                sent = kernel.run(value_code(nonce, exercise), limit, keep_text=True)
                found = value_of(sent, nonce)
                if found is not None:  # the grader checks it, in its own process
                    emit(event="value", exercise=exercise["number"], value=found)
                else:
                    status, message = cell_status(sent, "", exercise, limit,
                                                  job["limits"]["output"], checking=True)
                    emit(event="mark", exercise=exercise["number"], status=status,
                         message=message)
            else:
                emit(event="mark", exercise=exercise["number"], status=status, message=message)
            pending.remove(exercise["number"])
        if not kernel.alive:
            stopped = (outcome.status if outcome.status != "ok" else "dead", source,
                       cell_limit)
            break
    if stopped is not None:
        for number in pending:
            status, message = not_reached(*stopped)
            emit(event="mark", exercise=number, status=status, message=message)


def main() -> int:
    undumpable()
    job = json.load(sys.stdin)
    _KEY.append(bytes.fromhex(job.pop("key", "")))
    apply_limits(job["limits"])
    scratch = job["scratch"]
    for folder in (scratch, *(os.environ.get(k, "") for k in WRITABLE)):
        if folder.startswith(scratch):
            os.makedirs(folder, exist_ok=True)
    os.chdir(scratch)
    kernel = Kernel(output_limit=int(job["limits"]["output"]))
    try:
        kernel.start(scratch)
        emit(event="started", pid=kernel.km.provisioner.pid)
        grade(job, kernel)
    finally:
        kernel.stop()
    emit(event="done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
