"""The data-quality dashboard: one static HTML page written beside the warehouse on every run.

Per unit and year: which documents reconcile; for each document its failing checks with table,
page, row, expected, actual, difference and tolerance (enough to open the PDF at that page); and the
sources that could not be read. No server needed: open warehouse/dashboard.html in a browser.
"""

from __future__ import annotations

import html
from pathlib import Path

import duckdb

_CSS = """
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.25em .6em;font-size:.9em;text-align:left}
th{background:#f3f3f3} .ok{color:#17692c;font-weight:600} .bad{color:#b00020;font-weight:600}
.warn{color:#8a5a00} details{margin:.3em 0} summary{cursor:pointer}
td.num{text-align:right;font-variant-numeric:tabular-nums}
"""


def _e(v) -> str:
    return html.escape("" if v is None else str(v))


def build_dashboard(con: duckdb.DuckDBPyConnection, out_path: Path) -> Path:
    docs = con.execute("""
        SELECT d.document_id, d.unit_name, d.fiscal_year, d.doc_type, d.file_name, d.status,
               d.error_message, d.is_current,
               count(c.check_name) FILTER (WHERE c.status = 'pass') AS passed,
               count(c.check_name) FILTER (WHERE c.status = 'fail' AND c.severity = 'error')
                   AS failed_errors,
               count(c.check_name) FILTER (WHERE c.status = 'fail' AND c.severity = 'warning')
                   AS failed_warnings
        FROM marts.dim_document d
        LEFT JOIN dq.latest_check_results c USING (document_id)
        GROUP BY ALL
        ORDER BY d.unit_name NULLS LAST, d.fiscal_year NULLS LAST, d.doc_type, d.file_name
    """).fetchall()
    failing = con.execute("""
        SELECT document_id, check_name, severity, table_kind, page_number, subject_code,
               item_name, expected, actual, difference, tolerance, description
        FROM dq.latest_check_results WHERE status = 'fail'
        ORDER BY document_id, severity, table_kind, page_number, check_name
    """).fetchall()
    by_doc: dict[str, list] = {}
    for row in failing:
        by_doc.setdefault(row[0], []).append(row)

    parts = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'>"
             f"<title>govbudget — data quality</title><style>{_CSS}</style></head><body>",
             "<h1>govbudget — reconciliation dashboard</h1>"]
    landed = [d for d in docs if d[5] == "landed"]
    failed_sources = [d for d in docs if d[5] != "landed"]
    reconciled = sum(1 for d in landed if d[9] == 0)
    parts.append(f"<p id='overview'>{len(landed)} documents landed, <span class='ok'>{reconciled}"
                 f" reconcile</span>, <span class='bad'>{len(landed) - reconciled} with failing "
                 f"checks</span>; {len(failed_sources)} sources could not be read.</p>")
    parts.append("<h2>Documents by unit and year</h2><table id='documents'><tr><th>unit</th>"
                 "<th>year</th><th>type</th><th>file</th><th>current</th><th>passed</th>"
                 "<th>failed (error)</th><th>failed (warning)</th><th>reconciles</th></tr>")
    for d in landed:
        ok = d[9] == 0
        anchor = f"doc-{d[0][:12]}"
        parts.append(
            f"<tr data-document-id='{_e(d[0])}'><td>{_e(d[1])}</td><td>{_e(d[2])}</td>"
            f"<td>{_e(d[3])}</td><td><a href='#{anchor}'>{_e(d[4])}</a></td><td>{_e(d[7])}</td>"
            f"<td class='num'>{d[8]}</td><td class='num'>{d[9]}</td><td class='num'>{d[10]}</td>"
            f"<td class='{'ok' if ok else 'bad'}'>{'yes' if ok else 'no'}</td></tr>")
    parts.append("</table>")
    parts.append("<h2>Failing checks</h2>")
    for d in landed:
        rows = by_doc.get(d[0], [])
        if not rows:
            continue
        parts.append(f"<details id='doc-{d[0][:12]}' open><summary>{_e(d[1])} {_e(d[2])} "
                     f"{_e(d[3])} — {_e(d[4])}: {len(rows)} failing</summary><table>"
                     "<tr><th>check</th><th>severity</th><th>table</th><th>page</th>"
                     "<th>code</th><th>row</th><th>expected</th><th>actual</th>"
                     "<th>difference</th><th>tolerance</th><th>what</th></tr>")
        for r in rows:
            parts.append(
                f"<tr class='failing-check'><td>{_e(r[1])}</td><td class='"
                f"{'bad' if r[2] == 'error' else 'warn'}'>{_e(r[2])}</td><td>{_e(r[3])}</td>"
                f"<td class='num'>{_e(r[4])}</td><td>{_e(r[5])}</td><td>{_e(r[6])}</td>"
                f"<td class='num'>{_e(r[7])}</td><td class='num'>{_e(r[8])}</td>"
                f"<td class='num'>{_e(r[9])}</td><td class='num'>{_e(r[10])}</td>"
                f"<td>{_e(r[11])}</td></tr>")
        parts.append("</table></details>")
    parts.append("<h2>Sources that could not be read</h2><table id='failed-sources'>"
                 "<tr><th>file</th><th>reason</th></tr>")
    for d in failed_sources:
        parts.append(f"<tr><td>{_e(d[4])}</td><td>{_e(d[6])}</td></tr>")
    parts.append("</table></body></html>")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text("\n".join(parts), encoding="utf-8")
    return out_path
