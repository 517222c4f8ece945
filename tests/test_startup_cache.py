"""The start-up caches (flows.startup_cache): dbt's parse and Prefect's empty database reused by a
new warehouse, keyed so that a changed project never reuses a stale parse, and a run with them
gives the same warehouse as a run without them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, seed_path

ARGS = ["build", "--target-path", "t", "--vars", '{"economic_reference": true}']


@pytest.fixture()
def project_copy(tmp_path, monkeypatch):
    """A copy of the dbt project, as flows.dbt_runner's project."""
    from flows import dbt_runner

    copy = tmp_path / "dbt_project"
    shutil.copytree(dbt_runner.PROJECT_DIR, copy,
                    ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    monkeypatch.setattr(dbt_runner, "PROJECT_DIR", copy)
    monkeypatch.setenv("GOVBUDGET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVBUDGET_FAST_START", raising=False)
    monkeypatch.delenv("GOVBUDGET_STARTUP_CACHE", raising=False)
    return copy


def test_parse_cache_is_keyed_by_the_project_and_the_database(project_copy, tmp_path):
    from flows.dbt_runner import parse_cache_entry

    a = parse_cache_entry(tmp_path / "a" / "w.duckdb", ARGS)
    assert a is not None and str(a).startswith(str(tmp_path / "cache"))
    # another folder, same file name: the same database name, the same parse
    assert parse_cache_entry(tmp_path / "b" / "w.duckdb", ARGS) == a
    # another database name (dbt writes it into every node): another entry
    assert parse_cache_entry(tmp_path / "a" / "g.duckdb", ARGS) != a
    # other vars: another entry
    assert parse_cache_entry(tmp_path / "a" / "w.duckdb",
                             ARGS[:-1] + ['{"economic_reference": false}']) != a
    # a changed model file: another entry (the old parse is never reused)
    model = sorted((project_copy / "models").rglob("*.sql"))[0]
    model.write_text(model.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    changed = parse_cache_entry(tmp_path / "a" / "w.duckdb", ARGS)
    assert changed != a
    # a new file (a macro, a test): another entry again
    (project_copy / "macros" / "new_macro.sql").write_text("{% macro m() %}1{% endmacro %}\n")
    assert parse_cache_entry(tmp_path / "a" / "w.duckdb", ARGS) not in (a, changed)


def test_parse_cache_off(project_copy, tmp_path, monkeypatch):
    from flows.dbt_runner import parse_cache_entry

    monkeypatch.setenv("GOVBUDGET_STARTUP_CACHE", "0")
    assert parse_cache_entry(tmp_path / "w.duckdb", ARGS) is None
    monkeypatch.setenv("GOVBUDGET_STARTUP_CACHE", "1")
    monkeypatch.setenv("GOVBUDGET_FAST_START", "0")
    assert parse_cache_entry(tmp_path / "w.duckdb", ARGS) is None


def test_profile_checksum_is_dbts_own(tmp_path):
    """The checksum the cached parse is given is the one dbt computes for that warehouse: a
    parse made on one warehouse path has it (else nothing would be cached)."""
    from flows.dbt_runner import _profile_hash

    a, b = _profile_hash(tmp_path / "a" / "w.duckdb"), _profile_hash(tmp_path / "b" / "w.duckdb")
    assert a and b and a != b  # dbt's checksum holds the path: it is rewritten per warehouse


def test_publish_and_fetch_are_whole_files(tmp_path):
    from flows import startup_cache

    src = tmp_path / "src.bin"
    src.write_bytes(b"x" * 100_000)
    entry = tmp_path / "cache" / "k"
    startup_cache.publish(src, entry, "f")
    assert (entry / "f").read_bytes() == src.read_bytes()
    assert [p.name for p in entry.iterdir()] == ["f"]  # no temporary file left
    assert startup_cache.fetch(entry, "f", tmp_path / "out" / "f")
    assert not startup_cache.fetch(entry, "missing", tmp_path / "out" / "g")


def _ingest(warehouse: Path, env: dict) -> str:
    env = {**os.environ, "GOVBUDGET_WORKERS": "1", **env}
    for name in ("PREFECT_API_URL", "PREFECT_HOME"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(seed_path("004")),
                           "--warehouse", str(warehouse)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _contents(warehouse: Path) -> dict:
    """Every mart and the check results, less what differs from run to run by design (the run's
    id and times)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema IN ('marts', 'dq') ORDER BY 1, 2").fetchall()
        for schema, name in tables:
            cols = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND "
                "table_name = ? ORDER BY ordinal_position", [schema, name]).fetchall()
                # the checks' code digest: the same code gives the same digest, but others may
                # edit expectations/ between the runs of a shared working tree
                if not (c.endswith("_at") or c == "run_id"
                        or (name == "check_runs" and "version" in c)
                        or c.startswith("last_run") or c.startswith("first_run"))]
            if not cols:
                continue
            rows = con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} '
                               f'FROM "{schema}"."{name}"').fetchall()
            out[f"{schema}.{name}"] = sorted(map(repr, rows))
        return out
    finally:
        con.close()


@pytest.mark.slow
def test_same_warehouse_with_and_without_the_caches(tmp_path):
    cache = tmp_path / "cache"
    without = tmp_path / "without" / "w.duckdb"
    warm = tmp_path / "warm" / "w.duckdb"
    cached = tmp_path / "cached" / "w.duckdb"
    _ingest(without, {"GOVBUDGET_FAST_START": "0", "GOVBUDGET_CACHE_DIR": str(cache)})
    assert not cache.exists()  # the switch turns the caches off: nothing written
    _ingest(warm, {"GOVBUDGET_CACHE_DIR": str(cache)})  # fills the cache
    assert list((cache / "dbt-parse").glob("*/partial_parse.msgpack"))
    assert list((cache / "prefect-db").glob("*/prefect.db"))
    out = _ingest(cached, {"GOVBUDGET_CACHE_DIR": str(cache)})
    log = (cached.parent / ".dbt" / "w" / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert "Unable to do partial parsing" not in log  # the cached parse was used
    assert "skipping parsing" in log or "Partial parsing enabled" in log
    assert "dashboard:" in out and "snapshot:" in out
    expected = _contents(without)
    assert expected["dq.check_results"]  # the checks ran
    assert any(k.startswith("marts.") for k in expected)
    assert _contents(cached) == expected
    assert _contents(warm) == expected


def test_the_collector_is_paused_while_loading_then_its_survivors_frozen():
    import gc

    from flows.collector import paused_while_loading

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with paused_while_loading():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]  # objects the collector tracks
        with paused_while_loading():  # nested: nothing changes inside, nothing frozen early
            assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)
    gc.unfreeze()  # give the test process its collector back as it was
    with paused_while_loading(False):  # GOVBUDGET_FAST_START=0: the collector runs as usual
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_no_heartbeats_only_for_the_runs_own_temporary_server():
    from prefect.settings import get_current_settings

    from flows.cli import _no_heartbeats_for_a_temporary_server

    default = get_current_settings().flows.heartbeat_frequency
    assert default is not None  # Prefect's default: a heartbeat every few minutes
    with _no_heartbeats_for_a_temporary_server(object()):  # the run's own server
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == default
    with _no_heartbeats_for_a_temporary_server(None):  # a user's server (PREFECT_API_URL)
        assert get_current_settings().flows.heartbeat_frequency == default


@pytest.mark.slow
def test_a_build_parsed_ahead_starts_from_that_parse(tmp_path, monkeypatch):
    """dbt_runner.prepare_build parses the project while the server starts; the build then uses
    that manifest once (no parse of its own) and builds the same warehouse."""
    from flows import dbt_runner

    monkeypatch.setenv("GOVBUDGET_CACHE_DIR", str(tmp_path / "cache"))
    from flows.warehouse import connect

    warehouse = tmp_path / "w.duckdb"
    assert dbt_runner.prepare_build(warehouse)
    assert not warehouse.exists()  # parsing opens no database
    assert len(dbt_runner._prepared) == 1
    log = dbt_runner.dbt_state_dir(warehouse) / "logs" / "dbt.log"
    parsed = log.read_text(encoding="utf-8").count("Running with dbt=")
    connect(warehouse).close()  # the raw and dq tables, empty
    dbt_runner.run_dbt_build(warehouse)
    assert dbt_runner._prepared == {}  # used once
    text = log.read_text(encoding="utf-8")
    assert text.count("Running with dbt=") == parsed + 1  # the build ran...
    build_log = text.split("Running with dbt=")[-1]
    # ...without parsing: none of dbt's messages of a (partial or full) parse
    parse_log = text.split("Running with dbt=")[-2]
    assert "Performance info:" in parse_log  # the parse ahead did parse
    for message in ("Unable to do partial parsing", "Starting full parse", "Partial parsing enabled",
                    "Performance info:"):
        assert message not in build_log, message
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM marts.dim_doc_type").fetchone()[0] > 0
    finally:
        con.close()
