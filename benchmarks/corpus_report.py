"""Corpus report: how well a folder of real disclosures is read, per document and in total.

Ingests the folder(s) into a scratch warehouse (or reads an existing one with ``--warehouse``
and no folder) and prints, per document: landed or the reason, unit, year, doc_type, tables by
kind, unknown tables (their titles), line items, checks and error-level failures; then the
totals, including how many of the seven core tables were found where the document prints them.

    .venv/bin/python benchmarks/corpus_report.py [DIR ...]          (default: ../shared/corpus)
    .venv/bin/python benchmarks/corpus_report.py --warehouse W.duckdb   (report only)
    ... --failures                                                    (list every error-level failure)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from extract.tables.classify import non_financial_family  # noqa: E402
from flows.landing import unknown_title_key  # noqa: E402
CORE_KINDS = ("income_expenditure_summary", "income_summary", "expenditure_summary",
              "fiscal_summary", "general_budget_expenditure", "basic_expenditure_economic",
              "three_public")


def ingest(dirs: list[str], warehouse: Path) -> None:
    exe = Path(sys.executable).with_name("govbudget")
    cmd = [str(exe), "ingest", *dirs, "--warehouse", str(warehouse)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ})
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"ingest failed with exit status {proc.returncode}")


def report(warehouse: Path, show_failures: bool) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    docs = con.execute("""
        select document_id, source_uri, status, error_message, unit_name, fiscal_year, doc_type,
               scope, page_count
        from marts.dim_document where is_current or status = 'failed' order by source_uri
    """).fetchall()
    tables = con.execute("""
        select document_id, table_kind, table_title, is_empty, page_from from marts.fct_table
    """).fetchall()
    items = dict(con.execute(
        "select document_id, count(*) from marts.fct_line_item group by 1").fetchall())
    checks = {d: (n, f) for d, n, f in con.execute("""
        select document_id, count(*) filter (where status <> 'not_applicable'),
               count(*) filter (where status = 'fail' and severity = 'error')
        from dq.latest_check_results group by 1""").fetchall()}
    by_doc: dict[str, list] = {}
    for t in tables:
        by_doc.setdefault(t[0], []).append(t)

    totals = Counter()
    unknown_titles = Counter()
    root = os.path.commonpath([d[1] for d in docs]) if docs else ""
    for doc_id, uri, status, err, unit, year, doc_type, scope, pages in docs:
        name = os.path.relpath(uri, root) if root and not uri.startswith("http") else uri
        totals["documents"] += 1
        if status != "landed":
            totals["failed"] += 1
            print(f"{name}\n  FAILED: {err}")
            continue
        totals["landed"] += 1
        ts = by_doc.get(doc_id, [])
        kinds = Counter(t[1] for t in ts if t[1])
        families = Counter(non_financial_family(t[2] or "") for t in ts if not t[1])
        unknown = [f"p{t[4]} {t[2]}" for t in ts if not t[1] and not non_financial_family(t[2] or "")]
        for t in ts:
            if not t[1] and not non_financial_family(t[2] or ""):
                unknown_titles[unknown_title_key(t[2])] += 1
        totals["performance_tables"] += families.get("performance", 0)
        n_checks, n_fail = checks.get(doc_id, (0, 0))
        found_core = [k for k in CORE_KINDS if kinds.get(k)]
        totals["tables"] += len(ts)
        totals["unknown"] += len(unknown)
        totals["line_items"] += items.get(doc_id, 0)
        totals["checks"] += n_checks
        totals["error_failures"] += n_fail
        if ts and doc_type in ("budget", "final_account"):
            totals["core_found"] += len(found_core)
            totals["core_possible"] += len(CORE_KINDS)
        print(f"{name}\n  {unit} | {year} | {doc_type} | {scope} | {pages} pages | "
              f"{items.get(doc_id, 0)} line items | checks {n_checks}, error-level failed {n_fail}")
        print("  tables: " + (", ".join(f"{k}×{n}" if n > 1 else k
                                         for k, n in sorted(kinds.items())) or "none")
              + (f"; performance tables ×{families['performance']}" if families.get("performance") else ""))
        missing = [k for k in CORE_KINDS if k not in kinds]
        if ts and doc_type in ("budget", "final_account") and missing:
            print("  core tables not found: " + ", ".join(missing))
        if unknown:
            print("  unknown tables: " + "; ".join(unknown))
    print("\nTOTAL")
    print(f"  documents {totals['documents']}: landed {totals['landed']}, failed {totals['failed']}")
    print(f"  tables {totals['tables']} (performance {totals['performance_tables']}, "
          f"unknown kind {totals['unknown']}), "
          f"line items {totals['line_items']}")
    if totals["core_possible"]:
        print(f"  core tables found {totals['core_found']} of {totals['core_possible']} "
              f"({100 * totals['core_found'] / totals['core_possible']:.1f}%) in budget and "
              f"final-account documents with tables (a table the document does not print counts "
              f"as not found here)")
    if totals["checks"]:
        print(f"  checks {totals['checks']}, error-level failed {totals['error_failures']} "
              f"({100 * (1 - totals['error_failures'] / totals['checks']):.2f}% pass)")
    if unknown_titles:
        print("  unknown titles: " + "; ".join(f"{t} ×{n}" for t, n in unknown_titles.most_common()))
    if show_failures:
        print("\nERROR-LEVEL FAILURES")
        for row in con.execute("""
            select d.source_uri, r.check_name, r.table_kind, r.page_number, r.subject_code,
                   r.item_name, r.measure, r.expected, r.actual, r.difference
            from dq.latest_check_results r join marts.dim_document d using (document_id)
            where r.status = 'fail' and r.severity = 'error'
            order by 1, 4, 2""").fetchall():
            uri = os.path.relpath(row[0], root) if root else row[0]
            print(f"  {uri} p{row[3]} {row[1]} {row[2]} {row[4] or ''} {row[5] or ''} "
                  f"[{row[6] or ''}] expected {row[7]} actual {row[8]} diff {row[9]}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*")
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--failures", action="store_true", help="list error-level failures")
    args = parser.parse_args(argv)
    if args.warehouse and not args.dirs:
        report(args.warehouse, args.failures)
        return
    dirs = args.dirs or [str(REPO.parent / "shared" / "corpus")]
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = args.warehouse or Path(tmp) / "corpus.duckdb"
        ingest(dirs, warehouse)
        report(warehouse, args.failures)


if __name__ == "__main__":
    main(sys.argv[1:])
