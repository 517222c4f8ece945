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
from typing import Optional, cast

# Prefect's SubprocessASGIServer sets these for its temporary server (no UI, ephemeral mode)
_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1"}


class ServerStartError(RuntimeError):
    pass


def create_app():  # pragma: no cover - runs in the temporary server's process
    """The temporary server's application (uvicorn's factory): Prefect's own ``create_app``,
    imported and built with the garbage collector paused (flows.collector: ~1 CPU-second of its
    ~4 s start). Prefect reads the same environment as with its own factory (ephemeral, final,
    no UI). GOVBUDGET_FAST_START=0: the collector runs as usual."""
    from flows.startup_trace import mark

    mark("server: factory called")
    from extract.settings import settings  # pydantic: Prefect's import loads it anyway
    from flows.collector import paused_while_loading

    with paused_while_loading(settings().fast_start):
        from prefect.server.api.server import create_app as prefect_create_app

        mark("server: Prefect imported")
        app = prefect_create_app()
    mark("server: app created")
    return app


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
        self._template: Optional[tuple[Path, Path]] = None
        self._save_template = False
        self._seeded = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _spawn(self) -> None:
        spec = importlib.util.find_spec("prefect")
        if spec is None or not spec.submodule_search_locations:
            raise ServerStartError("prefect is not installed")
        app_dir = Path(list(spec.submodule_search_locations)[0]).parent
        self._template = _database_template()
        self._save_template = self._seeded = False
        if self._template is not None:
            home, entry = self._template
            home.mkdir(parents=True, exist_ok=True, mode=0o700)  # the server's working folder
            if not (home / DB_FILE).exists():
                # a new warehouse's Prefect home: start from the cached empty database
                self._save_template = not _seed_home(home, entry)
                self._seeded = not self._save_template
        self.port = _free_port()
        database: dict[str, str] = {}
        if self._template is not None:
            # The default database, named relative to the server's working folder (the home):
            # Prefect's memo that the block types are registered is a hash that includes the
            # database's URL, so with the home's absolute path in it a new warehouse's server
            # never matched the memo copied with the database and registered every block type
            # again (~1 s of its start). Same file, same database; a URL the same for every home.
            database = {"PREFECT_API_DATABASE_CONNECTION_URL": RELATIVE_DATABASE_URL}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
             "flows.prefect_server:create_app", "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, **_SERVER_ENV,
                 # a database copied from the cache was migrated by this very Prefect version
                 # (its key): alembic need not load every migration to find nothing to do
                 **({"PREFECT_API_DATABASE_MIGRATE_ON_START": "false"} if self._seeded else {}),
                 **database},
            cwd=str(self._template[0]) if self._template is not None else None,
            stdin=subprocess.DEVNULL,
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
            code = cast(subprocess.Popen, self.process).poll()  # started, not yet exited
            if code is not None:
                self.process = None
                raise ServerStartError(
                    f"the temporary Prefect server exited with status {code} at start-up "
                    f"(its log is above; PREFECT_HOME={os.environ.get('PREFECT_HOME', '~/.prefect')})")
            if self.ready():
                if self._save_template:
                    _save_database_template(*cast(tuple[Path, Path], self._template))  # saved only when one was made
                    self._save_template = False
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


DB_FILE = "prefect.db"
MEMO_FILE = "memo_store.toml"  # Prefect's note that the block types are registered
RELATIVE_DATABASE_URL = f"sqlite+aiosqlite:///{DB_FILE}"  # DB_FILE in the server's working folder


def _database_template() -> Optional[tuple[Path, Path]]:
    """(PREFECT_HOME, cache entry) when a new home may start from a cached empty database
    (flows.startup_cache): the default SQLite database in PREFECT_HOME, no database named by the
    user. The entry is keyed by the versions of what creates and migrates it."""
    from flows import startup_cache

    if not startup_cache.enabled():
        return None
    if any(os.environ.get(name) for name in ("PREFECT_API_DATABASE_CONNECTION_URL",
                                             "PREFECT_SERVER_DATABASE_CONNECTION_URL",
                                             "PREFECT_API_DATABASE_NAME",
                                             "PREFECT_SERVER_DATABASE_NAME")):
        return None
    home = os.environ.get("PREFECT_HOME")
    if not home:
        return None
    # the URL is in the key: the memo cached with the database holds a hash of it
    key = startup_cache.digest(["prefect-db", RELATIVE_DATABASE_URL] + [
        startup_cache.version_of(d) for d in ("prefect", "sqlalchemy", "alembic", "aiosqlite")])
    return Path(home), startup_cache.cache_root() / "prefect-db" / key


def _seed_home(home: Path, entry: Path) -> bool:
    """Copy the cached database (and the memo that its block types are registered) into a new
    Prefect home. False when the cache has none yet."""
    if not (entry / DB_FILE).is_file() or not (entry / MEMO_FILE).is_file():
        return False
    from flows import startup_cache

    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    # the memo first: a database without it only costs the server a re-registration
    return (startup_cache.fetch(entry, MEMO_FILE, home / MEMO_FILE)
            and startup_cache.fetch(entry, DB_FILE, home / DB_FILE))


def _save_database_template(home: Path, entry: Path) -> None:
    """Cache the new home's database as the server left it once ready (migrated, block types
    registered, no run yet): a consistent copy through SQLite's backup, renamed into place."""
    import sqlite3
    import tempfile

    from flows import startup_cache

    if not (home / MEMO_FILE).is_file() or not (home / DB_FILE).is_file():
        return
    try:
        entry.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry, prefix=f".{DB_FILE}.")
        os.close(fd)
        try:
            src = sqlite3.connect(f"file:{home / DB_FILE}?mode=ro", uri=True, timeout=10)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
                src.close()
            startup_cache.publish(home / MEMO_FILE, entry, MEMO_FILE)
            os.replace(tmp, entry / DB_FILE)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, sqlite3.Error):
        pass  # best effort: the next new warehouse migrates its own database


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
