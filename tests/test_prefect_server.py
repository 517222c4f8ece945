"""The command line starts Prefect's temporary local server itself, before its heavy imports
(flows/prefect_server.py): the run must work as with Prefect's own, and never leave a server
behind, whether the run ends, fails to start, or is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.prefect_server import EarlyPrefectServer, ServerStartError

GOVBUDGET = Path(sys.executable).parent / "govbudget"

TINY = ("阳泉市司法局2026年部门预算\n\n2026年预算支出总表\n单位：万元\n"
        "科目编码\t科目名称\t合计\n合计\t\t1.00\n204\t公共安全支出\t1.00\n")


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env.update(extra)
    return env


def _servers_for(prefect_home: Path) -> list[int]:
    """Pids of live uvicorn processes whose environment names this PREFECT_HOME."""
    found = []
    needle = f"PREFECT_HOME={prefect_home}".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if b"uvicorn" not in (proc / "cmdline").read_bytes():
                continue
            if needle in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _wait_gone(prefect_home: Path, timeout: float = 15) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = _servers_for(prefect_home)
        if not left:
            return []
        time.sleep(0.2)
    return _servers_for(prefect_home)


pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")]


def test_ingest_runs_on_the_early_server_and_leaves_none_behind(tmp_path):
    doc = tmp_path / "tiny.txt"
    doc.write_text(TINY, encoding="utf-8")
    warehouse = tmp_path / "wh" / "govbudget.duckdb"
    proc = subprocess.run([str(GOVBUDGET), "ingest", str(doc), "--warehouse", str(warehouse)],
                          capture_output=True, text=True, timeout=300, env=_env())
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "1 landed" in output
    # Prefect did not start a server of its own: the flow talked to ours
    assert "Starting temporary server" not in output
    # its log workers flushed before the server stopped (else: "Error logging to API")
    assert "Error logging to API" not in output
    assert _wait_gone(warehouse.parent / ".prefect") == []


def test_a_killed_run_takes_its_server_with_it(tmp_path):
    doc = tmp_path / "tiny.txt"
    doc.write_text(TINY, encoding="utf-8")
    warehouse = tmp_path / "wh" / "govbudget.duckdb"
    home = warehouse.parent / ".prefect"
    proc = subprocess.Popen([str(GOVBUDGET), "ingest", str(doc), "--warehouse", str(warehouse)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    try:
        deadline = time.monotonic() + 60
        while not _servers_for(home) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert _servers_for(home), "the run did not start its server"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert _wait_gone(home) == [], "the server outlived the run killed with -9"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_server_that_cannot_start_is_a_clear_error_and_nothing_runs(tmp_path):
    doc = tmp_path / "tiny.txt"
    doc.write_text(TINY, encoding="utf-8")
    warehouse = tmp_path / "wh" / "govbudget.duckdb"
    # Prefect's database on a path that cannot be created: the server exits at start-up
    bad_db = "sqlite+aiosqlite:////proc/no-such-dir/prefect.db"
    proc = subprocess.run([str(GOVBUDGET), "ingest", str(doc), "--warehouse", str(warehouse)],
                          capture_output=True, text=True, timeout=300,
                          env=_env(PREFECT_API_DATABASE_CONNECTION_URL=bad_db))
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "nothing was run" in proc.stderr
    assert "temporary Prefect server exited" in proc.stderr
    assert not warehouse.exists()
    assert _wait_gone(warehouse.parent / ".prefect") == []


def test_wait_ready_times_out_with_a_clear_error():
    server = EarlyPrefectServer()
    # a process that never answers HTTP stands in for a server that hangs at start-up
    server.port = 9  # discard: nothing listens
    server.process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with pytest.raises(ServerStartError, match="did not answer within 1 s"):
            server.wait_ready(1)
        assert server.process is None  # stopped
    finally:
        if server.process is not None:
            server.process.kill()


def _block_types_updated(db: Path) -> list:
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT id, updated FROM block_type ORDER BY id").fetchall()
    finally:
        con.close()


def test_a_new_home_seeded_from_the_cache_does_not_register_block_types_again(tmp_path, monkeypatch):
    """A new warehouse's server starts from the cached empty database and Prefect's memo that its
    block types are registered. The memo is a hash that includes the database URL, so the server
    names its database relative to its working folder (the home): with the home's absolute path
    the memo never matched and every start re-registered ~100 block types (~1 s)."""
    import json
    import urllib.request

    from flows.prefect_server import DB_FILE

    monkeypatch.setenv("GOVBUDGET_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("GOVBUDGET_FAST_START", "GOVBUDGET_STARTUP_CACHE", "PREFECT_API_URL",
                 "PREFECT_API_DATABASE_CONNECTION_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)

    def start(home: Path) -> EarlyPrefectServer:
        monkeypatch.setenv("PREFECT_HOME", str(home))
        server = EarlyPrefectServer()
        server.start()
        server.wait_ready(180)
        return server

    first = start(tmp_path / "a")  # migrates, registers, fills the cache
    first.stop()
    [cached] = list((tmp_path / "cache" / "prefect-db").glob(f"*/{DB_FILE}"))
    seeded = _block_types_updated(cached)
    assert len(seeded) > 10

    home = tmp_path / "b"
    server = start(home)
    try:
        assert server._seeded
        # the server works on the home's database file, not one in some other folder
        request = urllib.request.Request(f"{server.api_url}/flows/", method="POST",
                                         data=json.dumps({"name": "seeded-home-check"}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201)
    finally:
        server.stop()
    import sqlite3

    con = sqlite3.connect(f"file:{home / DB_FILE}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT count(*) FROM flow WHERE name = 'seeded-home-check'").fetchone() == (1,)
    finally:
        con.close()
    # no block type was written again at start-up
    assert _block_types_updated(home / DB_FILE) == seeded
    assert not (tmp_path / DB_FILE).exists()  # nothing in the test's own working folder
