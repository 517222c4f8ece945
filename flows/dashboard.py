"""The data-quality dashboard: one static HTML page written beside the warehouse on every run.

- **Units and years**: one row per (unit, fiscal year), one cell per doc_type listing its
  documents, each marked reconciles / does not (an error-level check fails) / has warnings, linked to
  the document's section.
- **Documents**: per document (current ones first) the counts of passed and failed checks; a
  `<details>` section per document (the drill-down) lists every failing check with table, page, code,
  row, expected, actual, difference and tolerance (enough to open the PDF at that page). Opening
  `dashboard.html#doc-<first 12 hex of document_id>` opens that section (a few lines of script).
- **Sources that could not be read**: failed documents and sources, with the reason.

No server needed: open warehouse/dashboard.html in a browser. Every element a test or a reader may
look for has an id or a data- attribute: `#units`, `#documents`, `#failed-sources`,
`details.document[data-document-id]`, `tr.failing-check[data-check][data-page]`.
"""

from __future__ import annotations

import html
from pathlib import Path

import duckdb

_CSS = """
body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.25em .6em;font-size:.9em;text-align:left;vertical-align:top}
th{background:#f3f3f3} .ok{color:#17692c;font-weight:600} .bad{color:#b00020;font-weight:600}
.warn{color:#8a5a00} details{margin:.3em 0} summary{cursor:pointer}
details:target,details.focus{outline:2px solid #b00020}
td.num{text-align:right;font-variant-numeric:tabular-nums} a.doc{display:block}
"""

_JS = """
function openTarget(){var id=decodeURIComponent(location.hash.slice(1));if(!id)return;
var el=document.getElementById(id);if(el&&el.tagName==='DETAILS'){el.open=true;
el.classList.add('focus');el.scrollIntoView();}}
window.addEventListener('hashchange',openTarget);
document.addEventListener('DOMContentLoaded',openTarget);
"""


def _e(v) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def _exists(con, schema: str, name: str) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? "
                       "AND table_name = ?", [schema, name]).fetchone()[0] > 0


def anchor_of(document_id: str) -> str:
    return f"doc-{(document_id or '')[:12]}"


def _verdict(d: dict) -> tuple[str, str]:
    if d["status"] != "landed":
        return "bad", "failed to parse"
    if d["checks"] == 0:
        return "warn", "not checked"
    if d["failed_errors"]:
        return "bad", "does not reconcile"
    if d["failed_warnings"]:
        return "warn", "reconciles (warnings)"
    return "ok", "reconciles"


def build_dashboard(con: duckdb.DuckDBPyConnection, out_path: Path) -> Path:
    out_path = Path(out_path)
    has_dq = _exists(con, "dq", "latest_check_results")
    checks_sql = ("SELECT * FROM dq.latest_check_results" if has_dq else
                  "SELECT NULL::VARCHAR AS document_id, NULL::VARCHAR AS check_name, "
                  "NULL::VARCHAR AS status, NULL::VARCHAR AS severity WHERE false")
    docs = []
    if _exists(con, "marts", "dim_document"):
        cur = con.execute(f"""
            WITH c AS ({checks_sql})
            SELECT d.document_id, d.unit_name, d.fiscal_year, d.doc_type, d.file_name,
                   d.source_uri, d.status, d.error_message, d.is_current,
                   count(c.check_name) AS checks,
                   count(c.check_name) FILTER (WHERE c.status = 'pass') AS passed,
                   count(c.check_name) FILTER (WHERE c.status = 'fail' AND c.severity = 'error')
                       AS failed_errors,
                   count(c.check_name) FILTER (WHERE c.status = 'fail'
                                                 AND c.severity = 'warning') AS failed_warnings
            FROM marts.dim_document d
            LEFT JOIN c USING (document_id)
            GROUP BY ALL
            ORDER BY d.unit_name NULLS LAST, d.fiscal_year NULLS LAST, d.doc_type,
                     d.is_current DESC, d.file_name
        """)
        names = [x[0] for x in cur.description]
        docs = [dict(zip(names, r)) for r in cur.fetchall()]
    failing: list = []
    if has_dq:
        failing = con.execute("""
            SELECT document_id, check_name, severity, table_kind, page_number, subject_code,
                   item_name, expected, actual, difference, tolerance, description
            FROM dq.latest_check_results WHERE status = 'fail'
            ORDER BY document_id, severity, page_number NULLS LAST, table_kind, check_name
        """).fetchall()
    by_doc: dict[str, list] = {}
    for row in failing:
        by_doc.setdefault(row[0], []).append(row)
    failed_sources = []
    if _exists(con, "marts", "dim_source"):
        failed_sources = con.execute(
            "SELECT source_uri, error_message, last_seen_at FROM marts.dim_source "
            "WHERE status = 'failed' ORDER BY source_uri").fetchall()

    landed = [d for d in docs if d["status"] == "landed"]
    reconciled = sum(1 for d in landed if d["failed_errors"] == 0 and d["checks"])
    parts = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'>"
             f"<title>govbudget — data quality</title><style>{_CSS}</style>"
             f"<script>{_JS}</script></head><body>",
             "<h1>govbudget — reconciliation dashboard</h1>",
             f"<p id='overview'>{len(landed)} documents landed, <span class='ok'>{reconciled}"
             f" reconcile</span>, <span class='bad'>{len(landed) - reconciled} do not (or are "
             f"not checked)</span>; {len(failed_sources)} sources could not be read.</p>"]

    # units and years
    doc_types = sorted({d["doc_type"] or "unknown" for d in landed})
    parts.append("<h2>Units and years</h2><table id='units'><tr><th>unit</th><th>year</th>"
                 + "".join(f"<th>{_e(t)}</th>" for t in doc_types) + "</tr>")
    grid: dict = {}
    for d in landed:
        grid.setdefault((d["unit_name"], d["fiscal_year"]), {}).setdefault(
            d["doc_type"] or "unknown", []).append(d)
    for (unit, year), cells in grid.items():
        parts.append(f"<tr data-unit='{_e(unit)}' data-year='{_e(year)}'><td>{_e(unit)}</td>"
                     f"<td>{_e(year)}</td>")
        for t in doc_types:
            links = []
            for d in cells.get(t, []):
                cls, verdict = _verdict(d)
                stale = "" if d["is_current"] is not False else " (superseded)"
                links.append(f"<a class='doc {cls}' href='#{anchor_of(d['document_id'])}' "
                             f"data-document-id='{_e(d['document_id'])}'>{_e(d['file_name'])}: "
                             f"{verdict}{stale}</a>")
            parts.append(f"<td>{''.join(links)}</td>")
        parts.append("</tr>")
    parts.append("</table>")

    # documents
    parts.append("<h2>Documents</h2><table id='documents'><tr><th>unit</th><th>year</th>"
                 "<th>type</th><th>file</th><th>current</th><th>checks</th><th>passed</th>"
                 "<th>failed (error)</th><th>failed (warning)</th><th>reconciles</th></tr>")
    for d in landed:
        cls, verdict = _verdict(d)
        parts.append(
            f"<tr data-document-id='{_e(d['document_id'])}'><td>{_e(d['unit_name'])}</td>"
            f"<td>{_e(d['fiscal_year'])}</td><td>{_e(d['doc_type'])}</td>"
            f"<td><a href='#{anchor_of(d['document_id'])}'>{_e(d['file_name'])}</a></td>"
            f"<td>{_e(d['is_current'])}</td><td class='num'>{d['checks']}</td>"
            f"<td class='num'>{d['passed']}</td><td class='num'>{d['failed_errors']}</td>"
            f"<td class='num'>{d['failed_warnings']}</td><td class='{cls}'>{verdict}</td></tr>")
    parts.append("</table>")

    # drill-down
    parts.append("<h2>Failing checks by document</h2>")
    for d in landed:
        rows = by_doc.get(d["document_id"], [])
        cls, verdict = _verdict(d)
        parts.append(
            f"<details class='document' id='{anchor_of(d['document_id'])}' "
            f"data-document-id='{_e(d['document_id'])}'><summary><span class='{cls}'>"
            f"{verdict}</span> — {_e(d['unit_name'])} {_e(d['fiscal_year'])} "
            f"{_e(d['doc_type'])} — {_e(d['file_name'])}: {len(rows)} failing of "
            f"{d['checks']} checks</summary>")
        parts.append(f"<p>document_id <code>{_e(d['document_id'])}</code>, source "
                     f"<code>{_e(d['source_uri'])}</code></p>")
        if rows:
            parts.append("<table class='failing'><tr><th>check</th><th>severity</th>"
                         "<th>table</th><th>page</th><th>code</th><th>row</th><th>expected</th>"
                         "<th>actual</th><th>difference</th><th>tolerance</th><th>what</th>"
                         "</tr>")
            for r in rows:
                parts.append(
                    f"<tr class='failing-check' data-check='{_e(r[1])}' data-page='{_e(r[4])}'>"
                    f"<td>{_e(r[1])}</td><td class='{'bad' if r[2] == 'error' else 'warn'}'>"
                    f"{_e(r[2])}</td><td>{_e(r[3])}</td><td class='num page'>{_e(r[4])}</td>"
                    f"<td>{_e(r[5])}</td><td>{_e(r[6])}</td><td class='num'>{_e(r[7])}</td>"
                    f"<td class='num'>{_e(r[8])}</td><td class='num'>{_e(r[9])}</td>"
                    f"<td class='num'>{_e(r[10])}</td><td>{_e(r[11])}</td></tr>")
            parts.append("</table>")
        else:
            parts.append("<p class='ok'>every check passes</p>")
        parts.append("</details>")

    # parse failures
    parts.append("<h2>Sources that could not be read</h2><table id='failed-sources'>"
                 "<tr><th>source</th><th>reason</th></tr>")
    listed = set()
    for d in docs:
        if d["status"] != "landed":
            listed.add(d["source_uri"])
            parts.append(f"<tr class='failed-source'><td>{_e(d['source_uri'] or d['file_name'])}"
                         f"</td><td>{_e(d['error_message'])}</td></tr>")
    for uri, err, _seen in failed_sources:
        if uri not in listed:
            parts.append(f"<tr class='failed-source'><td>{_e(uri)}</td><td>{_e(err)}</td></tr>")
    parts.append("</table></body></html>")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text("\n".join(parts), encoding="utf-8")
    return out_path
