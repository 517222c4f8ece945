"""Bad input is recorded against its source while the others land; re-ingesting changes nothing;
a doctored amount fails exactly the identities it takes part in."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import run_cli, seed_path, sha256_of


def _counts(wh):
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("raw.documents", "raw.tables", "raw.cells", "raw.line_items",
                          "marts.fct_line_item", "marts.fct_table", "marts.dim_document")}
    finally:
        con.close()


@pytest.mark.slow
def test_unreadable_files_are_recorded_failed_while_good_one_lands(tmp_path):
    bad_pdf = tmp_path / "random-bytes.pdf"
    bad_pdf.write_bytes(bytes(range(256)) * 8)  # not a PDF: no %PDF- header
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    html_named_pdf = tmp_path / "portal-error.pdf"
    html_named_pdf.write_bytes(b"<!DOCTYPE html><html><body>404</body></html>")
    missing = tmp_path / "does-not-exist.pdf"
    wh = tmp_path / "wh.duckdb"
    code, out = run_cli(["ingest", str(seed_path("002")), str(bad_pdf), str(empty),
                         str(html_named_pdf), str(missing), "--warehouse", str(wh)])
    assert code == 1, out
    con = duckdb.connect(str(wh), read_only=True)
    rows = dict(con.execute("SELECT source_uri, status || ': ' || coalesce(error_message, '') "
                            "FROM marts.dim_source").fetchall())
    assert rows[str(seed_path("002"))] == "landed: "
    assert rows[str(bad_pdf)].startswith("failed: ") and "PDF" in rows[str(bad_pdf)]
    assert "empty" in rows[str(empty)]
    assert rows[str(html_named_pdf)].startswith("failed: ")
    assert "not found" in rows[str(missing)]
    landed = con.execute("SELECT count(*) FROM marts.fct_line_item WHERE document_id = ?",
                         [sha256_of(seed_path("002"))]).fetchone()[0]
    assert landed > 100
    failed_docs = con.execute("SELECT count(*) FROM marts.dim_document WHERE status = 'failed' "
                              "AND error_message IS NOT NULL").fetchone()[0]
    assert failed_docs == 4
    con.close()


@pytest.mark.slow
def test_reingesting_identical_bytes_changes_nothing(tmp_path):
    wh = tmp_path / "wh.duckdb"
    src = str(seed_path("001"))
    code1, _ = run_cli(["ingest", src, "--warehouse", str(wh)])
    before = _counts(wh)
    code2, out2 = run_cli(["ingest", src, "--warehouse", str(wh)])
    assert (code1, code2) == (0, 0)
    assert _counts(wh) == before
    assert "1 unchanged" in out2


def test_usage_errors_exit_2(tmp_path):
    assert run_cli(["ingest"])[0] == 2
    assert run_cli(["ingest", "ftp://example.org/x.pdf", "--warehouse",
                    str(tmp_path / "w.duckdb")])[0] == 2
    assert run_cli(["frobnicate"])[0] == 2


@pytest.mark.slow
def test_doctored_amount_fails_exactly_the_identities_it_takes_part_in(tmp_path):
    """Seed 001, 预算支出总表 row 2040601 行政运行: 合计 612.11 → 612.51 (基本支出 stays 612.11).
    That cell takes part in two identities of its table: its row (合计 = 基本 + 项目) and its
    款 20406 司法 (952.21 = Σ 项), plus any cross-table comparison of subject 2040601."""
    text = seed_path("001").read_text(encoding="utf-8")
    anchor = text.index("## 2026年预算支出总表")
    line = "2040601\t行政运行\t612.11\t612.11\t"
    i = text.index(line, anchor)
    doctored = tmp_path / "001-doctored.txt"
    doctored.write_text(text[:i] + "2040601\t行政运行\t612.51\t612.11\t" + text[i + len(line):],
                        encoding="utf-8")
    wh = tmp_path / "wh.duckdb"
    code, out = run_cli(["ingest", str(doctored), "--warehouse", str(wh)])
    assert code == 0, out  # failing checks are findings, not errors
    con = duckdb.connect(str(wh), read_only=True)
    failed = con.execute(
        "SELECT check_name, table_kind, subject_code, expected, actual, difference, tolerance "
        "FROM dq.latest_check_results WHERE status = 'fail' AND severity = 'error'").fetchall()
    con.close()
    by_key = {(r[0], r[1], r[2]): r for r in failed}
    row = by_key[("row_total_equals_basic_plus_project", "expenditure_summary", "2040601")]
    assert (str(row[3]), str(row[4]), str(row[6])) == ("612.510000", "612.110000", "0.010000")
    section = by_key[("section_equals_sum_of_items", "expenditure_summary", "20406")]
    assert (str(section[3]), str(section[4]), str(section[6])) == (
        "952.210000", "952.610000", "0.030000")  # 5 items + the total: 6 × 0.005
    others = [k for k in by_key if k not in {
        ("row_total_equals_basic_plus_project", "expenditure_summary", "2040601"),
        ("section_equals_sum_of_items", "expenditure_summary", "20406")}]
    assert all(k[2] == "2040601" for k in others), others
