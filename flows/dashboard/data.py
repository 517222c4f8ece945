"""The dashboard's figures: one query per section, each one ordered (same warehouse, same page)."""

from __future__ import annotations

from decimal import Decimal

_NO_CHECKS = ("SELECT NULL::VARCHAR AS run_id, NULL::VARCHAR AS document_id, "
              "NULL::VARCHAR AS check_name, NULL::VARCHAR AS status, NULL::VARCHAR AS severity, "
              "NULL::VARCHAR AS description, NULL::VARCHAR AS table_kind, "
              "NULL::INTEGER AS page_number, NULL::VARCHAR AS subject_code, "
              "NULL::VARCHAR AS item_name, NULL::DECIMAL(20,6) AS expected, "
              "NULL::DECIMAL(20,6) AS actual, NULL::DECIMAL(20,6) AS difference, "
              "NULL::DECIMAL(20,6) AS tolerance, NULL::INTEGER AS table_id, "
              "NULL::VARCHAR AS measure WHERE false")


def _exists(con, schema: str, name: str) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? "
                       "AND table_name = ?", [schema, name]).fetchone()[0] > 0


def _dicts(cur) -> list[dict]:
    names = [x[0] for x in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _num(v):
    return float(v) if isinstance(v, Decimal) else v


def load(con) -> dict:
    has = {n: _exists(con, *n.split(".")) for n in (
        "dq.latest_check_results", "dq.check_runs", "dq.check_results", "marts.dim_document",
        "marts.dim_source", "marts.dim_subject", "marts.fct_line_item", "raw.regions",
        "raw.tables", "raw.pages")}
    checks_sql = ("SELECT * FROM dq.latest_check_results" if has["dq.latest_check_results"]
                  else _NO_CHECKS)
    regions_sql = ("SELECT region_code, region_name FROM raw.regions" if has["raw.regions"] else
                   "SELECT NULL::VARCHAR AS region_code, NULL::VARCHAR AS region_name WHERE false")
    tables_sql = ("SELECT document_id, count(*) AS n FROM raw.tables GROUP BY ALL"
                  if has["raw.tables"] else
                  "SELECT NULL::VARCHAR AS document_id, 0 AS n WHERE false")
    items_sql = ("SELECT document_id, count(*) AS n FROM marts.fct_line_item GROUP BY ALL"
                 if has["marts.fct_line_item"] else
                 "SELECT NULL::VARCHAR AS document_id, 0 AS n WHERE false")
    out: dict = {"docs": [], "failing": [], "family_counts": [], "failed_sources": [],
                 "money": [], "three_public": [], "runs": [], "has": has}
    if has["marts.dim_document"]:
        # section: documents (with their check counts, tables, line items and region)
        out["docs"] = _dicts(con.execute(
            "WITH c AS (" + checks_sql + "), r AS (" + regions_sql + "), "  # noqa: S608 — checks_sql, regions_sql, tables_sql, items_sql are constant queries
            "t AS (" + tables_sql + "), li AS (" + items_sql + "), "
            "cc AS (SELECT document_id, count(check_name) AS checks, "
            "  count(*) FILTER (WHERE status = 'pass') AS passed, "
            "  count(*) FILTER (WHERE status = 'fail' AND severity = 'error') AS failed_errors, "
            "  count(*) FILTER (WHERE status = 'fail' AND severity = 'warning') "
            "    AS failed_warnings, "
            "  count(*) FILTER (WHERE status NOT IN ('pass', 'fail')) AS not_applicable "
            "  FROM c GROUP BY ALL) "
            "SELECT d.document_id, d.unit_name, d.fiscal_year, d.doc_type, d.file_name, "
            "  d.source_uri, d.status, d.error_message, d.is_current, d.region_code, "
            "  d.format, d.page_count, r.region_name, "
            "  coalesce(cc.checks, 0) AS checks, coalesce(cc.passed, 0) AS passed, "
            "  coalesce(cc.failed_errors, 0) AS failed_errors, "
            "  coalesce(cc.failed_warnings, 0) AS failed_warnings, "
            "  coalesce(cc.not_applicable, 0) AS not_applicable, "
            "  coalesce(t.n, 0) AS tables, coalesce(li.n, 0) AS line_items "
            "FROM marts.dim_document d LEFT JOIN cc USING (document_id) "
            "LEFT JOIN t USING (document_id) LEFT JOIN li USING (document_id) "
            "LEFT JOIN (SELECT DISTINCT ON (region_code) * FROM r ORDER BY region_code, "
            "  region_name) r ON r.region_code = d.region_code "
            "ORDER BY d.unit_name NULLS LAST, d.fiscal_year NULLS LAST, d.doc_type, "
            "  d.is_current DESC, d.file_name, d.document_id"))
    # section: failing checks (the drill-down and the evidence)
    out["failing"] = _dicts(con.execute(
        "SELECT document_id, check_name, severity, table_kind, page_number, subject_code, "
        "  item_name, expected, actual, difference, tolerance, description, table_id, measure "
        "FROM (" + checks_sql + ") WHERE status = 'fail' "
        "ORDER BY document_id, severity, page_number NULLS LAST, table_kind NULLS LAST, "
        "  check_name, subject_code NULLS LAST, item_name NULLS LAST, measure NULLS LAST"))
    # section: checks by name and status (the families are grouped in Python from the registry)
    out["family_counts"] = con.execute(
        "SELECT check_name, status, severity, count(*) FROM (" + checks_sql + ") "  # noqa: S608 — checks_sql is one of two constant queries
        "GROUP BY ALL ORDER BY ALL").fetchall()
    if has["marts.dim_source"]:
        out["failed_sources"] = con.execute(
            "SELECT source_uri, error_message FROM marts.dim_source "
            "WHERE status = 'failed' ORDER BY source_uri").fetchall()
    if has["marts.fct_line_item"] and has["marts.dim_document"]:
        # section: money by function class — per current document one expenditure table (支出总表,
        # else 一般公共预算支出表), its 类 rows (3-digit subject codes), measure total
        subj = ("SELECT subject_code, subject_name FROM marts.dim_subject"
                if has["marts.dim_subject"] else
                "SELECT NULL::VARCHAR AS subject_code, NULL::VARCHAR AS subject_name WHERE false")
        out["money"] = [(a, b, c, _num(d), e) for a, b, c, d, e in con.execute(
            "WITH s AS (" + subj + "), li AS ("  # noqa: S608 — subj is one of two constant queries
            "  SELECT f.document_id, f.doc_type, f.table_kind, f.table_id, f.subject_code, "
            "    f.amount_wan FROM marts.fct_line_item f "
            "  JOIN marts.dim_document d USING (document_id) "
            "  WHERE d.status = 'landed' AND d.is_current IS NOT FALSE "
            "    AND f.table_kind IN ('expenditure_summary', 'general_budget_expenditure') "
            "    AND f.measure = 'total' AND length(f.subject_code) = 3 "
            "    AND f.amount_wan IS NOT NULL), "
            "pick AS (SELECT document_id, arg_min(table_id, (CASE table_kind WHEN "
            "  'expenditure_summary' THEN 0 ELSE 1 END, table_id)) AS table_id FROM li "
            "  GROUP BY ALL) "
            "SELECT li.doc_type, li.subject_code, any_value(s.subject_name) AS subject_name, "
            "  sum(li.amount_wan) AS amount, count(DISTINCT li.document_id) AS documents "
            "FROM li JOIN pick USING (document_id, table_id) "
            "LEFT JOIN (SELECT DISTINCT ON (subject_code) * FROM s ORDER BY subject_code, "
            "  subject_name) s USING (subject_code) "
            "GROUP BY ALL ORDER BY li.doc_type, amount DESC, li.subject_code").fetchall()]
        # section: 三公 over years — per current document the three parent items (final
        # accounts: 决算数), summed per year and doc_type
        out["three_public"] = [(a, b, c, _num(d), e) for a, b, c, d, e in con.execute(
            "WITH li AS (SELECT f.document_id, f.fiscal_year, f.doc_type, f.measure, "
            "  f.amount_wan, CASE "
            "    WHEN f.item_name LIKE '%出国%' THEN '因公出国（境）费' "
            "    WHEN f.item_name LIKE '%公务用车购置及运行%' THEN '公务用车购置及运行费' "
            "    WHEN f.item_name LIKE '%公务接待%' THEN '公务接待费' END AS item "
            "  FROM marts.fct_line_item f JOIN marts.dim_document d USING (document_id) "
            "  WHERE d.status = 'landed' AND d.is_current IS NOT FALSE "
            "    AND f.table_kind = 'three_public' AND f.amount_wan IS NOT NULL "
            "    AND f.measure = CASE WHEN f.doc_type = 'final_account' THEN 'final' "
            "                         ELSE 'total' END), "
            "one AS (SELECT document_id, fiscal_year, doc_type, item, max(amount_wan) AS amount "
            "  FROM li WHERE item IS NOT NULL GROUP BY ALL) "
            "SELECT fiscal_year, doc_type, item, sum(amount) AS amount, "
            "  count(DISTINCT document_id) AS documents FROM one "
            "GROUP BY ALL ORDER BY fiscal_year, doc_type, item").fetchall()]
    if has["dq.check_runs"] and has["dq.check_results"]:
        # section: the trend over runs
        out["runs"] = con.execute(
            "SELECT r.run_id, strftime(r.checked_at, '%Y-%m-%d %H:%M') AS checked_at, r.scope, "
            "  r.documents, count(c.check_name) FILTER (WHERE c.status = 'pass') AS passed, "
            "  count(c.check_name) FILTER (WHERE c.status = 'fail') AS failed, "
            "  count(c.check_name) FILTER (WHERE c.status = 'fail' AND c.severity = 'error') "
            "    AS failed_errors "
            "FROM dq.check_runs r LEFT JOIN dq.check_results c USING (run_id) "
            "GROUP BY r.run_id, r.checked_at, r.scope, r.documents "
            "ORDER BY r.checked_at, r.run_id").fetchall()
    return out


def page_texts(con, pairs: list[tuple[str, int]]) -> dict:
    """{(document_id, page_number): text} from raw.pages for the given pages (one query)."""
    if not pairs or not _exists(con, "raw", "pages"):
        return {}
    keys = sorted({f"{d}:{int(n)}" for d, n in pairs})
    rows = con.execute("SELECT document_id, page_number, text FROM raw.pages "
                       "WHERE list_contains(?, document_id || ':' || page_number::VARCHAR)",
                       [keys]).fetchall()
    return {(d, n): t for d, n, t in rows}
