"""Prefect's local mode, started early: the run's temporary Prefect server boots on the other core
while this process imports Prefect, dbt and Great Expectations.

Without PREFECT_API_URL, Prefect starts a temporary server itself (``SubprocessASGIServer``)
the first time a flow needs its API, and waits for it: about 5 s of a 20 s start-up in which this
process does nothing. Starting the same server (same uvicorn command and environment as Prefect's
own) before the heavy imports hides most of that wait. With PREFECT_API_URL set, the user's server
is used and nothing is started.

Only the standard library is imported here, so the server starts within a few hundred ms of the
command line.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

# Prefect's SubprocessASGIServer sets these for its temporary server (no UI, ephemeral mode)
_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1"}


class ServerStartError(RuntimeError):
    pass


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the server gets SIGTERM when the run's process dies, even by kill -9, so a killed
    run never leaves a server behind."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EarlyPrefectServer:
    """A temporary Prefect server for one command-line run: `start()` returns at once,
    `wait_ready()` blocks until its health endpoint answers, `stop()` ends it."""

    def __init__(self) -> None:
        self.process: Optional[subprocess.Popen] = None
        self.port: Optional[int] = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _spawn(self) -> None:
        spec = importlib.util.find_spec("prefect")
        if spec is None or not spec.submodule_search_locations:
            raise ServerStartError("prefect is not installed")
        app_dir = Path(list(spec.submodule_search_locations)[0]).parent
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, **_SERVER_ENV}, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)

    def start(self) -> str:
        """Start the server and point this process's Prefect client at it (PREFECT_API_URL).
        It stops at exit: registered now, before Prefect's log and event workers register their
        own exit hooks, so it stops after they have sent what they hold (hooks run last-in,
        first-out); stopped earlier, they would retry a dead address for a minute and more."""
        self._spawn()
        atexit.register(self.stop)
        os.environ["PREFECT_API_URL"] = self.api_url
        return self.api_url

    def ready(self) -> bool:
        """Whether the server answers its health check now (never blocks for long)."""
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=0.5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_ready(self, timeout: float) -> None:
        # No second try on another port: Prefect has read PREFECT_API_URL by now (the port comes
        # from the kernel, so losing it before uvicorn binds it is rare).
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                self.process = None
                raise ServerStartError(
                    f"the temporary Prefect server exited with status {code} at start-up "
                    f"(its log is above; PREFECT_HOME={os.environ.get('PREFECT_HOME', '~/.prefect')})")
            if self.ready():
                return
            time.sleep(0.05)
        self.stop()
        raise ServerStartError(f"the temporary Prefect server did not answer within {timeout:g} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def startup_timeout() -> float:
    """Prefect's own setting for how long to wait for its temporary server."""
    try:
        return float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "20"))
    except ValueError:
        return 20.0


def start_if_local_mode() -> Optional[EarlyPrefectServer]:
    """Start a temporary server unless the user named a Prefect API (PREFECT_API_URL) or turned
    Prefect's ephemeral mode off (then Prefect itself says what is missing)."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    if "prefect" in sys.modules:
        # Prefect reads its settings once, when imported: an address set now would not reach
        # it (a caller that imported Prefect first, e.g. a test calling the CLI in-process).
        # Prefect then starts its own temporary server when the flow runs.
        return None
    for name in ("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "PREFECT_SERVER_EPHEMERAL_ENABLED"):
        if os.environ.get(name, "true").strip().lower() in ("0", "false", "no", "off"):
            return None
    server = EarlyPrefectServer()
    server.start()
    return server
