"""Incremental runs and the analysts' snapshot.

A second run over unchanged sources parses nothing (the sha256 is already landed by this parser
version), lands nothing new, skips dbt and the checks, and takes a fraction of the first run (both
times are printed: run with -s to see them; no timed assertion). A parser version bump parses
again. After every run a read-only snapshot is published atomically beside the warehouse."""

from __future__ import annotations

import time

import duckdb
import pytest

from flows.snapshot import snapshot_path
from tests.conftest import run_cli, seed_path

pytestmark = pytest.mark.slow

COUNTS = ("SELECT (SELECT count(*) FROM raw.documents), (SELECT count(*) FROM raw.line_items), "
          "(SELECT count(*) FROM raw.cells), (SELECT count(*) FROM marts.fct_line_item)")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    wh = tmp_path_factory.mktemp("incremental") / "govbudget.duckdb"
    files = [str(seed_path(p)) for p in ("001", "002", "003", "004")]
    out = {"warehouse": wh, "files": files}
    t0 = time.perf_counter()
    out["code1"], out["out1"] = run_cli(["ingest", *files, "--warehouse", str(wh)])
    out["first"] = time.perf_counter() - t0
    con = duckdb.connect(str(wh), read_only=True)
    out["counts1"] = con.execute(COUNTS).fetchone()
    con.close()
    # an analyst holds the snapshot open while the second run goes on
    reader = duckdb.connect(str(snapshot_path(wh)), read_only=True)
    t0 = time.perf_counter()
    out["code2"], out["out2"] = run_cli(["ingest", *files, "--warehouse", str(wh)])
    out["second"] = time.perf_counter() - t0
    out["reader_rows_during"] = reader.execute(
        "SELECT count(*) FROM marts.fct_line_item").fetchone()[0]
    reader.close()
    con = duckdb.connect(str(wh), read_only=True)
    out["counts2"] = con.execute(COUNTS).fetchone()
    con.close()
    print(f"\nincremental: first run {out['first']:.1f} s, second run over the same 4 seeds "
          f"{out['second']:.1f} s ({out['second'] / out['first']:.0%} of the first)\n"
          f"--- first ---\n{out['out1']}\n--- second ---\n{out['out2']}")
    return out


def test_second_run_lands_nothing_new_and_parses_nothing(two_runs):
    assert two_runs["code1"] == 0 and two_runs["code2"] == 0, two_runs["out2"]
    assert "(4 landed, 0 unchanged, 0 failed)" in two_runs["out1"]
    assert "(0 landed, 4 unchanged, 0 failed)" in two_runs["out2"]
    assert "parse skipped for 4 already landed" in two_runs["out2"]
    assert "dbt build and checks skipped" in two_runs["out2"]
    assert two_runs["counts2"] == two_runs["counts1"]
    print(f"first {two_runs['first']:.1f} s, second {two_runs['second']:.1f} s")


def test_second_run_still_records_every_attempt(two_runs):
    con = duckdb.connect(str(two_runs["warehouse"]), read_only=True)
    try:
        per_source = con.execute("SELECT count(*), count(DISTINCT source_uri), "
                                 "bool_and(status = 'landed') FROM raw.source_attempts").fetchone()
        runs = con.execute("SELECT changed, built FROM raw.ingest_runs ORDER BY started_at"
                           ).fetchall()
    finally:
        con.close()
    assert per_source == (8, 4, True)
    assert runs == [(True, True), (False, False)]


def test_snapshot_is_readable_while_the_warehouse_is_held_by_a_writer(two_runs):
    wh = two_runs["warehouse"]
    snap = snapshot_path(wh)
    assert snap.is_file()
    assert not list(wh.parent.glob(".snapshot-*"))  # no temporary copy left behind
    assert two_runs["reader_rows_during"] == two_runs["counts1"][3]
    writer = duckdb.connect(str(wh))  # as an ingest run holds it
    try:
        reader = duckdb.connect(str(snap), read_only=True)
        rows = reader.execute("SELECT count(*) FROM marts.fct_line_item").fetchone()[0]
        docs = reader.execute("SELECT count(*) FROM marts.dim_document WHERE is_current"
                              ).fetchone()[0]
        with pytest.raises(duckdb.Error):
            reader.execute("CREATE TABLE raw.x (i INTEGER)")
        reader.close()
    finally:
        writer.close()
    assert rows == two_runs["counts2"][3] and docs == 4


def test_a_new_parser_version_parses_again(two_runs, monkeypatch):
    import extract
    from flows import warehouse

    monkeypatch.setattr(extract, "PARSER_VERSION", extract.PARSER_VERSION + "+test")
    monkeypatch.setattr(warehouse, "PARSER_VERSION", extract.PARSER_VERSION)
    wh = two_runs["warehouse"]
    code, out = run_cli(["ingest", *two_runs["files"], "--warehouse", str(wh)])
    assert code == 0, out
    assert "(4 landed, 0 unchanged, 0 failed)" in out and "parse skipped for 0" in out
    con = duckdb.connect(str(wh), read_only=True)
    try:
        versions = {r[0] for r in con.execute(
            "SELECT parser_version FROM raw.documents").fetchall()}
        assert con.execute(COUNTS).fetchone() == two_runs["counts1"]
    finally:
        con.close()
    assert versions == {extract.PARSER_VERSION}
