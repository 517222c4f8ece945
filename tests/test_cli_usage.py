"""Usage: help with examples, exit status and environment for every subcommand; a source that
does not exist is told at once (exit 2), before a Prefect server, dbt or a warehouse file."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from flows.cli import main
from tests.conftest import REPO, run_cli, seed_path


@pytest.mark.parametrize("command", [[], ["ingest"], ["check"], ["serve"], ["query"]])
def test_help_has_examples_exit_status_and_environment(command, capsys):
    with pytest.raises(SystemExit) as exc:
        from flows.cli import _parser

        _parser().parse_args([*command, "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "exit status:" in text
    assert "  2  usage error" in text or "2  usage error" in text
    if command:
        assert "examples:" in text and f"govbudget {command[0]}" in text
        assert "environment:" in text and "GOVBUDGET_WAREHOUSE" in text
    else:
        for sub in ("ingest", "check", "serve", "query"):
            assert sub in text


def test_help_returns_status_0():
    assert main(["query", "--help"]) == 0


def test_ingest_help_names_its_flags_and_variables(capsys):
    main(["ingest", "--help"])
    text = capsys.readouterr().out
    for word in ("--verbose", "--progress", "--crawl", "GOVBUDGET_ALLOW_PRIVATE_NETWORKS",
                 "GOVBUDGET_WORKERS", "PREFECT_API_URL", "  3  another run holds"):
        assert word in text, word


def _cli(*args):
    env = {**os.environ}
    env.pop("PREFECT_API_URL", None)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "flows.cli", *map(str, args)], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)
    return done, time.perf_counter() - t0


def test_a_missing_source_fails_at_once_with_status_2_and_creates_nothing(tmp_path):
    wh = tmp_path / "new" / "gb.duckdb"
    done, seconds = _cli("ingest", tmp_path / "no-such.pdf", tmp_path / "nor-this-dir",
                         "--warehouse", wh)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "no such file or directory" in done.stderr
    assert str(tmp_path / "no-such.pdf") in done.stderr
    assert seconds < 2.0, seconds
    assert not wh.parent.exists()  # no warehouse, no lock file, no Prefect home
    assert done.stdout == ""


def test_a_directory_without_documents_fails_at_once(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.json").write_text("{}")
    wh = tmp_path / "new" / "gb.duckdb"
    done, seconds = _cli("ingest", empty, "--warehouse", wh)
    assert done.returncode == 2 and "no documents found" in done.stderr
    assert seconds < 2.0, seconds
    assert not wh.parent.exists()


def test_a_bad_local_manifest_is_a_usage_error_before_anything_starts(tmp_path):
    manifest = tmp_path / "list.csv"
    manifest.write_text("path,unit_name\nx.pdf,某单位\n", encoding="utf-8")
    wh = tmp_path / "new" / "gb.duckdb"
    done, seconds = _cli("ingest", manifest, "--warehouse", wh)
    assert done.returncode == 2 and "no 'url' column" in done.stderr
    assert seconds < 2.0, seconds
    assert not wh.parent.exists()


def test_a_missing_source_beside_existing_ones_is_warned_and_recorded(tmp_path, monkeypatch):
    """CONTRACT: a source that cannot be read beside others is recorded and the others land
    (exit 1), as tests/test_ingest_failures.py holds; it is named on stderr at once."""
    from flows import cli

    told = []
    monkeypatch.setattr(cli, "_start_prefect_early", lambda: told.append("started") or None)
    monkeypatch.setattr(cli, "resolve_sources", lambda *a, **k: [])  # stop before the run
    code, out = run_cli(["ingest", str(seed_path("001")), str(tmp_path / "gone.pdf"),
                         "--warehouse", str(tmp_path / "wh.duckdb")])
    assert "warning: no such file or directory: " + str(tmp_path / "gone.pdf") in out
    assert told == ["started"]  # it went on


def test_query_needs_sql():
    assert main(["query"]) == 2


def test_query_without_a_snapshot_on_a_warehouse_a_run_holds_exits_3(tmp_path):
    held = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"c = duckdb.connect({str(held)!r}); c.execute('CREATE TABLE t AS SELECT 1 AS x')\n"
         "c.execute('CHECKPOINT'); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        done, _seconds = _cli("query", "--warehouse", held, "SELECT * FROM t")
        assert done.returncode == 3, done.stderr
        assert "held by a running ingestion" in done.stderr
    finally:
        holder.kill()
        holder.wait()
