"""A real JupyterLab server for tests: the command `make lab` runs, on loopback with a token.

The server runs with its own Jupyter and IPython folders in a temporary directory, without
the test environment's bin folder on PATH and without PYTHONPATH: the kernel has to find
rupak_lib through the environment it was installed in, as it does for a user of `make lab`.
Kernels are driven over the server's REST API and kernel websocket, as JupyterLab does.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import websocket

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 90.0  # seconds; a cold start on a small CI machine takes several


def make_lab_command() -> list[str]:
    """The command of `make lab`, as `make --dry-run` prints it (nothing is run or installed)."""
    # under `make test` this is a sub-make: keep it from announcing the directory
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    out = subprocess.run(["make", "--no-print-directory", "--dry-run", "lab"], cwd=REPO,
                         capture_output=True, text=True, check=True, env=env).stdout
    return shlex.split(out.strip().splitlines()[-1])


@dataclass
class Lab:
    """A running server: its address, token and log."""

    url: str  # http://127.0.0.1:PORT/
    token: str
    log: Path

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call the REST API with the token; the decoded JSON answer, or None."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path.lstrip("/"), data=data, method=method,
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text("utf-8", "replace").splitlines()[-lines:])


def _quiet_settings(config_dir: Path) -> None:
    """JupyterLab user settings: never ask about, or fetch, news and updates."""
    folder = config_dir / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")


def _server_env(home: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("JUPYTER") and k not in {"PYTHONPATH", "RUPAK_DATA"}}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and p != bin_dir)
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
        env[var] = str(home / sub)
    return env


@contextmanager
def running_lab(cwd: Path, home: Path) -> Iterator[Lab]:
    """Run `make lab`'s command in ``cwd`` (it serves ``cwd/notebooks``) until the block ends.

    The command is run from the environment running the tests (for a `make test` run, the
    same .venv), on a loopback port the server picks itself (port 0: the system gives a free
    one, so no other process can take it first) and reports in its runtime file, with a
    random token, no browser, no news or update checks over the network, and
    ``--allow-root`` where CI runs as root.
    """
    command = make_lab_command()
    command[0] = str(Path(sys.executable).parent / Path(command[0]).name)
    token = secrets.token_hex(16)
    command += [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in command:
        command.append("--allow-root")
    _quiet_settings(home / "config")
    env = _server_env(home)
    lab = Lab("", token, home / "server.log")
    with lab.log.open("wb") as log:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        _wait_until_up(lab, proc, Path(env["JUPYTER_RUNTIME_DIR"]))
        yield lab
    finally:
        _stop(lab, proc)


def _wait_until_up(lab: Lab, proc: subprocess.Popen, runtime: Path) -> None:
    """Read the port from the server's runtime file, then wait until its API answers."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {proc.returncode}:\n{lab.log_tail()}")
        if not lab.url:
            lab.url = _served_url(runtime)
        try:
            if lab.url:
                lab.api("GET", "api/status")
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"jupyter lab did not answer in {START_TIMEOUT:.0f} s:\n{lab.log_tail()}")


def _served_url(runtime: Path) -> str:
    """The address in the runtime file the server writes once it listens, or "" before."""
    for info in runtime.glob("jpserver-*.json"):
        try:
            port = json.loads(info.read_text("utf-8"))["port"]
        except (OSError, ValueError, KeyError):
            continue  # being written
        return f"http://127.0.0.1:{port}/"
    return ""


def _stop(lab: Lab, proc: subprocess.Popen) -> None:
    """Shut the server down through its API (it stops its kernels); kill it if it hangs."""
    if proc.poll() is None:
        if not lab.url:  # it never said where it listens
            proc.kill()
            proc.wait()
            return
        try:
            lab.api("POST", "api/shutdown")
            proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()


@dataclass
class Execution:
    """What one execute request produced: the reply and the output messages, in order."""

    reply: dict[str, Any]
    outputs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [m for m in self.outputs if m["msg_type"] == "error"]

    def stdout(self) -> str:
        return "".join(m["content"]["text"] for m in self.outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}


class Kernel:
    """A kernel started through the REST API and driven over its websocket channel."""

    def __init__(self, lab: Lab, name: str, timeout: float = 180.0) -> None:
        self.lab = lab
        self.session = uuid.uuid4().hex
        self.id = lab.api("POST", "api/kernels", {"name": name})["id"]
        ws_url = lab.url.replace("http", "ws", 1)
        self.ws = websocket.create_connection(
            f"{ws_url}api/kernels/{self.id}/channels?session_id={self.session}",
            header=[f"Authorization: token {lab.token}"], timeout=timeout)

    def execute(self, code: str) -> Execution:
        """Run ``code``; wait for its reply and for the kernel to be idle again."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                       "session": self.session, "version": "5.3",
                       "date": datetime.now(UTC).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        reply: dict[str, Any] | None = None
        outputs: list[dict[str, Any]] = []
        idle = False
        while reply is None or not idle:
            frame = self.ws.recv()
            if isinstance(frame, bytes):  # binary frames carry buffers, which we never ask for
                continue
            msg = json.loads(frame)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell":
                reply = msg
            elif msg["msg_type"] == "status":
                idle = msg["content"]["execution_state"] == "idle"
            elif msg["msg_type"] in OUTPUT_TYPES:
                outputs.append(msg)
        return Execution(reply, outputs)

    def shutdown(self) -> None:
        self.ws.close()
        self.lab.api("DELETE", f"api/kernels/{self.id}")


@contextmanager
def kernel(lab: Lab, name: str) -> Iterator[Kernel]:
    k = Kernel(lab, name)
    try:
        yield k
    finally:
        k.shutdown()
