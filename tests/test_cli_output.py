"""What a person sees from `govbudget ingest`: the summary and no Prefect INFO lines by default,
Prefect's lines back with -v, progress bars only on a terminal or with --progress; the snapshot
named after its warehouse with the warehouse's permissions; `govbudget query` on it.

The runs are real command lines (a subprocess each, as a user starts them), into a warehouse of
a name other than the default, under a umask that lets the group read."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import REPO, seed_path, sha256_of

pytestmark = pytest.mark.slow

PREFECT_INFO = " | INFO "


def govbudget(*args, input=None, umask=None, timeout=600):
    env = {**os.environ, "GOVBUDGET_WORKERS": "2"}
    env.pop("PREFECT_API_URL", None)
    return subprocess.run([sys.executable, "-m", "flows.cli", *map(str, args)], cwd=REPO,
                          env=env, input=input, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    wh = tmp_path_factory.mktemp("cli-output") / "province.duckdb"
    quiet = govbudget("ingest", seed_path("001"), "--warehouse", wh, umask=0o027)
    # the second run adds a document, so it builds and checks: every stage has a bar
    loud = govbudget("ingest", seed_path("001"), seed_path("002"), "--warehouse", wh, "-v",
                     "--progress", umask=0o027)
    return {"warehouse": wh, "quiet": quiet, "loud": loud}


def test_default_run_prints_the_summary_and_no_prefect_info_lines(runs):
    run = runs["quiet"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert "govbudget run " in run.stdout and "checks:" in run.stdout
    assert "1 landed" in run.stdout
    both = run.stdout + run.stderr
    assert PREFECT_INFO not in both, both
    assert "View at http" not in both and "Finished in state" not in both
    # stderr is not a terminal here and --progress was not given: no bars
    assert "docs/s" not in run.stderr and "fetch  " not in run.stderr, run.stderr


def test_verbose_brings_back_prefect_info_lines_and_progress_shows_counts(runs):
    run = runs["loud"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert PREFECT_INFO in run.stderr and "Finished in state Completed()" in run.stderr
    assert "1 landed, 1 unchanged" in run.stdout
    bars = run.stderr.replace("\r", "\n")
    assert "fetch" in bars and "2/2 docs" in bars, bars
    assert "parse" in bars and "1/1 docs" in bars, bars  # the unchanged one is not parsed again
    assert "checks" in bars and "families" in bars, bars
    assert "<00:00" in bars  # elapsed<remaining: the ETA
    # bars go to stderr: stdout holds only the summary
    assert "docs/s" not in run.stdout


def test_snapshot_is_named_after_its_warehouse_with_its_permissions(runs):
    wh = runs["warehouse"]
    snap = wh.with_name("province-snapshot.duckdb")
    assert snap.is_file()
    assert not (wh.parent / "govbudget-snapshot.duckdb").exists()
    assert f"snapshot:  {snap}" in runs["quiet"].stdout
    mode = stat.S_IMODE(wh.stat().st_mode)
    assert mode == 0o640  # the umask's
    assert stat.S_IMODE(snap.stat().st_mode) == mode


def test_query_reads_the_snapshot_as_a_table_csv_and_json(runs):
    wh = runs["warehouse"]
    doc = sha256_of(seed_path("001"))
    sql = (f"SELECT unit_name, fiscal_year, doc_type FROM marts.dim_document "
           f"WHERE document_id = '{doc}'")
    table = govbudget("query", "--warehouse", wh, sql)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["unit_name", "|", "fiscal_year", "|", "doc_type"]
    assert "阳泉市司法局" in lines[2] and "2026" in lines[2] and "budget" in lines[2]
    assert lines[-1] == "(1 row)"

    csv_out = govbudget("query", "--warehouse", wh, "--format", "csv", sql)
    assert csv_out.stdout.splitlines() == ["unit_name,fiscal_year,doc_type",
                                           "阳泉市司法局,2026,budget"]

    total = govbudget("query", "--warehouse", wh, "--format", "json",
                      "SELECT amount_wan FROM marts.fct_line_item WHERE document_id = "
                      f"'{doc}' AND table_kind = 'income_expenditure_summary' "
                      "AND item_name LIKE '一、一般公共预算%' ORDER BY page_number LIMIT 1")
    assert total.returncode == 0, total.stderr
    assert json.loads(total.stdout) == [{"amount_wan": "2963.410000"}]  # exact, as a string

    # the same figures as DuckDB reads from the snapshot itself
    con = duckdb.connect(str(wh.with_name("province-snapshot.duckdb")), read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM marts.fct_line_item").fetchone()[0]
    finally:
        con.close()
    piped = govbudget("query", "--warehouse", wh, "--format", "csv", "-",
                      input="SELECT count(*) AS n FROM marts.fct_line_item\n")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.splitlines() == ["n", str(n)]


def test_query_refuses_writes_and_reports_sql_errors_with_status_2(runs):
    wh = runs["warehouse"]
    write = govbudget("query", "--warehouse", wh, "DELETE FROM marts.dim_document")
    assert write.returncode == 2
    assert "read-only" in write.stderr and write.stdout == ""
    bad = govbudget("query", "--warehouse", wh, "SELEC 1")
    assert bad.returncode == 2 and "syntax error" in bad.stderr
    empty = govbudget("query", "--warehouse", wh, "-", input="  \n")
    assert empty.returncode == 2 and "no SQL" in empty.stderr
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM marts.dim_document").fetchone()[0] == 2
    finally:
        con.close()


def test_query_falls_back_to_the_warehouse_when_there_is_no_snapshot(runs, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(runs["warehouse"], copy)
    got = govbudget("query", "--warehouse", copy, "--format", "csv",
                    "SELECT count(*) AS n FROM marts.dim_document")
    assert got.returncode == 0, got.stderr
    assert got.stdout.splitlines() == ["n", "2"]
    assert not (tmp_path / "copy-snapshot.duckdb").exists()  # read, never written
    missing = govbudget("query", "--warehouse", tmp_path / "none.duckdb", "SELECT 1")
    assert missing.returncode == 2 and "no warehouse" in missing.stderr
