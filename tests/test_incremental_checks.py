"""Incremental checks (issue 9): a run checks the documents it landed (and their cross-document
neighbours), not the whole warehouse, and the standing results equal those of one full run."""

from __future__ import annotations

import re

import duckdb
import pytest

from expectations import runner
from tests.conftest import run_cli, seed_path

pytestmark = pytest.mark.slow


def _checks_line(output: str) -> str:
    """The summary's standing figures, without the note on what this run re-checked."""
    line = next(ln for ln in output.splitlines() if ln.strip().startswith("checks:"))
    return re.sub(r"\s*\(this run re-checked.*\)$", "", line.strip())


@pytest.fixture(scope="module")
def one_then_more(tmp_path_factory):
    d = tmp_path_factory.mktemp("incremental-checks")
    step = d / "step" / "govbudget.duckdb"
    whole = d / "whole" / "govbudget.duckdb"
    first = [str(seed_path(p)) for p in ("001", "002")]
    later = [str(seed_path("003"))]
    out = {"step": step, "whole": whole}
    out["code1"], out["out1"] = run_cli(["ingest", *first, "--warehouse", str(step)])
    out["code2"], out["out2"] = run_cli(["ingest", *first, *later, "--warehouse", str(step)])
    out["code3"], out["out3"] = run_cli(["ingest", *first, *later, "--warehouse", str(whole)])
    return out


def test_the_second_run_checks_only_the_document_it_landed(one_then_more):
    assert (one_then_more["code1"], one_then_more["code2"]) == (0, 0), one_then_more["out2"]
    con = duckdb.connect(str(one_then_more["step"]), read_only=True)
    runs = con.execute("SELECT scope, documents FROM dq.check_runs ORDER BY checked_at").fetchall()
    seed3 = con.execute("SELECT document_id FROM raw.documents WHERE file_name = ?",
                        [seed_path("003").name]).fetchone()[0]
    last_run_docs = con.execute(
        "SELECT DISTINCT document_id FROM dq.check_results WHERE checked_at = "
        "(SELECT max(checked_at) FROM dq.check_results)").fetchall()
    con.close()
    # the first run checked everything; the second only seed 003 (no other document of its unit)
    assert runs == [("all", 2), ("changed", 1)]
    assert last_run_docs == [(seed3,)]
    assert "this run re-checked 1 documents" in one_then_more["out2"]


def test_standing_results_equal_one_full_run(one_then_more):
    assert one_then_more["code3"] == 0
    assert _checks_line(one_then_more["out2"]) == _checks_line(one_then_more["out3"])

    def latest(path):
        con = duckdb.connect(str(path), read_only=True)
        rows = con.execute(
            "SELECT document_id, check_name, status, page_number, subject_code, item_name, "
            "expected, actual FROM dq.latest_check_results").fetchall()
        con.close()
        return sorted(map(repr, rows))

    assert latest(one_then_more["step"]) == latest(one_then_more["whole"])


def test_a_document_landed_without_its_checks_is_checked_next_time(one_then_more, tmp_path):
    # a run killed between landing and its checks leaves a document newer than its results
    import shutil

    path = tmp_path / "copy.duckdb"
    shutil.copy(one_then_more["step"], path)
    con = duckdb.connect(str(path))
    assert runner.unchecked_document_ids(con) == []
    doc = con.execute("SELECT min(document_id) FROM raw.documents").fetchone()[0]
    con.execute("UPDATE raw.documents SET ingested_at = now()::TIMESTAMP + INTERVAL 1 HOUR "
                "WHERE document_id = ?", [doc])
    assert runner.unchecked_document_ids(con) == [doc]
    con.close()


def test_changed_checks_ask_for_a_full_check(one_then_more, tmp_path, monkeypatch):
    import shutil

    path = tmp_path / "copy.duckdb"
    shutil.copy(one_then_more["step"], path)
    con = duckdb.connect(str(path))
    assert runner.full_check_reason(con) is None
    monkeypatch.setattr(runner, "checks_code_version", lambda: "another version")
    assert runner.full_check_reason(con) == ("the checks changed since the last run that checked "
                                             "every document")
    con.close()
    fresh = duckdb.connect(str(tmp_path / "new.duckdb"))
    assert runner.full_check_reason(fresh) == "no run has checked every document yet"
    fresh.close()


def test_checking_one_document_per_chunk_gives_the_same_results(one_then_more, tmp_path,
                                                                monkeypatch):
    # results are written and counted chunk by chunk (bounded memory): the chunking must not
    # change them
    import shutil

    path = tmp_path / "copy.duckdb"
    shutil.copy(one_then_more["whole"], path)
    con = duckdb.connect(str(path))
    before = con.execute("SELECT count(*), count(*) FILTER (WHERE status = 'fail') "
                         "FROM dq.latest_check_results").fetchone()
    monkeypatch.setattr(runner, "CHUNK_DOCUMENTS", 1)
    summary = runner.run_checks(con, "one-per-chunk", use_gx=False)
    after = con.execute(
        "SELECT document_id, check_name, status, page_number, subject_code, item_name, expected, "
        "actual FROM dq.check_results WHERE run_id = 'one-per-chunk'").fetchall()
    previous = con.execute(
        "SELECT document_id, check_name, status, page_number, subject_code, item_name, expected, "
        "actual FROM dq.check_results WHERE run_id <> 'one-per-chunk' AND checked_at = "
        "(SELECT max(checked_at) FROM dq.check_results WHERE run_id <> 'one-per-chunk')").fetchall()
    con.close()
    assert summary["documents"] == 3
    assert (summary["checks"], summary["failed"]) == before
    assert sorted(map(repr, after)) == sorted(map(repr, previous))
