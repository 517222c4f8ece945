"""The DuckDB warehouse: the `raw` landing schema and the one writer that lands documents.

`raw` is lossless and append-only per document: every printed cell with its page, row and column,
plus the interpreted rows. A document lands in one transaction keyed by the sha256 of its bytes, so
a crash leaves nothing half-landed and re-landing identical bytes changes nothing.
Only this module writes `raw`; dbt builds `staging`, `intermediate` and `marts` from it. The
tables themselves, `raw`'s and `dq`'s, are defined by flows/schema's numbered migrations.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Optional

import duckdb

from extract import PARSER_VERSION
from extract.model import Document
from extract.settings import settings
from flows.schema import migrate

DEFAULT_WAREHOUSE = Path("warehouse") / "govbudget.duckdb"

# The raw and dq tables and views are defined in one place, flows/schema (numbered migrations),
# and connect() brings every warehouse it opens up to date.

# tables whose rows belong to one document; cleared before a document is (re)landed
PER_DOCUMENT_TABLES = (
    "raw.pages", "raw.tables", "raw.cells", "raw.line_items", "raw.statistics",
    "raw.performance_projects", "raw.performance_indicators", "raw.text_figures",
)


def warehouse_path(explicit: Optional[str] = None) -> Path:
    return Path(explicit or settings().warehouse)


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the warehouse, its schemas brought up to date
    (flows.schema.migrate). Raises flows.schema.WarehouseTooNew, the connection closed and the
    file untouched, when a newer govbudget made the warehouse."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        # bulk landing goes through DataFrames of Python objects: let DuckDB look at every row
        # when it types a column, not a sample (a column may be NULL for the first documents)
        con.execute("SET pandas_analyze_sample = 1000000000")
        migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def landed_version(con: duckdb.DuckDBPyConnection, document_id: str) -> Optional[tuple[str, str]]:
    row = con.execute(
        "SELECT status, parser_version FROM raw.documents WHERE document_id = ?", [document_id]
    ).fetchone()
    return (row[0], row[1]) if row else None


def record_attempt(con, run_id: str, source_uri: str, status: str, error_message: Optional[str],
                   document_id: Optional[str], metadata: Optional[dict] = None) -> None:
    con.execute(
        "INSERT INTO raw.source_attempts VALUES (?, ?, ?, ?, ?, ?, ?)",
        [run_id, source_uri, now_utc(), status, error_message, document_id,
         json.dumps(metadata or {}, ensure_ascii=False)],
    )


def land_failure(con, run_id: str, source_uri: str, document_id: str, file_name: str,
                 error_message: str, byte_size: Optional[int] = None) -> None:
    """Record a source that could not be read or parsed; never touches landed documents."""
    con.execute("BEGIN TRANSACTION")
    try:
        existing = landed_version(con, document_id)
        if existing is None:
            con.execute(
                "INSERT INTO raw.documents (document_id, source_uri, file_name, status, "
                "error_message, parser_version, ingested_at, byte_size) "
                "VALUES (?, ?, ?, 'failed', ?, ?, ?, ?)",
                [document_id, source_uri, file_name, error_message, PARSER_VERSION, now_utc(),
                 byte_size],
            )
        elif existing[0] == "failed":
            con.execute(
                "UPDATE raw.documents SET error_message = ?, parser_version = ?, ingested_at = ? "
                "WHERE document_id = ?",
                [error_message, PARSER_VERSION, now_utc(), document_id],
            )
        record_attempt(con, run_id, source_uri, "failed", error_message,
                       document_id if existing is None or existing[0] == "failed" else None)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def land_document(con, run_id: str, doc: Document, byte_size: Optional[int] = None,
                  metadata: Optional[dict] = None) -> bool:
    """Land one parsed document in one transaction. Returns False when it was already landed
    by this parser version (identical bytes change nothing)."""
    return land_documents(con, run_id, [(doc, byte_size, metadata)], batch_size=1)[0]


def land_documents(con, run_id: str, items: list[tuple[Document, Optional[int], Optional[dict]]],
                   batch_size: Optional[int] = None) -> list[bool]:
    """Land many parsed documents, one transaction per batch (GOVBUDGET_LAND_BATCH, default 50):
    a crash loses at most the batch in flight, never part of a document, and the next run lands
    it again. Each result is False where those bytes were already landed by this parser version.
    Batching is what keeps the one writer from becoming the bottleneck (~40 ms per document
    landed alone: a DELETE and an INSERT per raw table)."""
    batch_size = batch_size or settings().land_batch
    results: list[bool] = []
    attempt_cols = ["run_id", "source_uri", "attempted_at", "status", "error_message",
                    "document_id", "metadata_json"]
    for start in range(0, len(items), batch_size):
        batch = items[start:start + batch_size]
        con.execute("BEGIN TRANSACTION")
        try:
            ids = [doc.document_id for doc, _, _ in batch]
            existing = {r[0]: (r[1], r[2]) for r in con.execute(
                "SELECT document_id, status, parser_version FROM raw.documents "
                "WHERE document_id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
            new, seen, attempts = [], set(), []
            for doc, size, meta in batch:
                fresh = (existing.get(doc.document_id) != ("landed", PARSER_VERSION)
                         and doc.document_id not in seen)
                results.append(fresh)
                if fresh:
                    new.append((doc, size))
                    seen.add(doc.document_id)
                attempts.append([run_id, doc.source_uri, now_utc(), "landed", None,
                                 doc.document_id, json.dumps(meta or {}, ensure_ascii=False)])
            new_ids = [doc.document_id for doc, _ in new]
            if new_ids:
                for table in PER_DOCUMENT_TABLES + ("raw.documents",):
                    con.execute(f"DELETE FROM {table} WHERE document_id IN "  # noqa: S608 — table from PER_DOCUMENT_TABLES, constant names
                                "(SELECT unnest(?::VARCHAR[]))", [new_ids])
                combined: dict[str, tuple[list, list]] = {}
                for doc, size in new:
                    _insert_region(con, doc)
                    for table, (columns, rows) in _document_rows(doc, size).items():
                        combined.setdefault(table, (columns, []))[1].extend(rows)
                for table, (columns, rows) in combined.items():
                    _insert_rows(con, table, columns, rows)
            _insert_rows(con, "raw.source_attempts", attempt_cols, attempts)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return results


def _insert_region(con, doc: Document) -> None:
    if doc.region_code:
        from extract.regions import region_by_code

        reg = region_by_code(doc.region_code)
        if reg is not None:
            con.execute("INSERT OR REPLACE INTO raw.regions VALUES (?, ?, ?, ?)",
                        [reg.code, reg.name, reg.short_name, reg.admin_level])


def _document_rows(doc: Document, byte_size: Optional[int]) -> dict[str, tuple[list, list]]:
    """Every raw row of one document, by table: (columns, rows)."""
    d = doc.document_id
    out: dict[str, tuple[list, list]] = {}

    def _add(table, columns, rows):
        out[table] = (columns, rows)

    _add("raw.documents",
         ["document_id", "source_uri", "file_name", "format", "doc_title", "unit_name",
          "unit_code", "region_code", "fiscal_year", "doc_type", "scope", "page_count", "status",
          "error_message", "parser_version", "ingested_at", "byte_size", "warnings_json"],
         [[d, doc.source_uri, doc.file_name, doc.format, doc.doc_title, doc.unit_name,
           doc.unit_code, doc.region_code, doc.fiscal_year, doc.doc_type, doc.scope,
           doc.page_count, "landed", None, PARSER_VERSION, now_utc(), byte_size,
           json.dumps(doc.warnings, ensure_ascii=False)]])
    if doc.pages_text:
        _add("raw.pages", ["document_id", "page_number", "text"],
             [[d, i + 1, t] for i, t in enumerate(doc.pages_text)])
    body_rows: dict[int, set] = {}
    for li in doc.line_items:
        body_rows.setdefault(li.table_id, set()).add(li.row_number)
    _add("raw.tables",
         ["document_id", "table_id", "table_kind", "table_title", "page_from", "page_to",
          "unit_as_printed", "is_empty", "unit_name", "number_label", "notes_json",
          "row_count", "read_by", "sheet_name"],
         [[d, t.table_id, t.table_kind, t.title, t.page_from, t.page_to,
           t.unit_as_printed, t.is_empty, t.unit_name, t.number_label,
           json.dumps(t.notes, ensure_ascii=False), len(body_rows.get(t.table_id, ())),
           t.read_by, t.sheet_name]
          for t in doc.tables])
    _add("raw.cells",
         ["document_id", "table_id", "page_number", "row_index", "col_index", "text",
          "confidence"],
         [[d, t.table_id, c.page, c.row, c.col, c.text, c.confidence]
          for t in doc.tables for row in t.grid for c in row])
    _add("raw.line_items",
         ["document_id", "table_id", "page_number", "row_number", "col_number", "side",
          "unit_name", "subject_code", "economic_code", "government_economic_name",
          "item_name", "is_total", "measure", "amount_wan", "amount_as_printed",
          "decimals"],
         [[d, li.table_id, li.page_number, li.row_number, li.col_number, li.side,
           li.unit_name, li.subject_code, li.economic_code, li.government_economic_name,
           li.item_name, li.is_total, li.measure, li.amount_wan, li.amount_as_printed,
           li.decimals] for li in doc.line_items])
    _add("raw.statistics",
         ["document_id", "table_id", "page_number", "item_name", "value",
          "unit_as_printed"],
         [[d, s.table_id, s.page_number, s.item_name, s.value, s.unit_as_printed]
          for s in doc.statistics])
    _add("raw.performance_projects",
         ["document_id", "project_key", "page_number", "project_name", "project_code",
          "unit_name", "department_name", "kind", "annual_amount_wan",
          "total_amount_wan", "executed_amount_wan", "execution_rate", "total_score",
          "grade", "extra_json"],
         [[d, p.project_key, p.page_number, p.project_name, p.project_code, p.unit_name,
           p.department_name, p.kind, p.annual_amount_wan, p.total_amount_wan,
           p.executed_amount_wan, p.execution_rate, p.total_score, p.grade,
           json.dumps(p.extra, ensure_ascii=False, default=str)]
          for p in doc.performance_projects])
    _add("raw.performance_indicators",
         ["document_id", "project_key", "project_name", "period", "level1", "level2",
          "indicator_name", "target_value", "target_operator", "target_number",
          "target_unit", "actual_value", "weight", "score", "page_number"],
         [[d, i.project_key, i.project_name, i.period, i.level1, i.level2,
           i.indicator_name, i.target_value, i.target_operator, i.target_number,
           i.target_unit, i.actual_value, i.weight, i.score, i.page_number]
          for i in doc.performance_indicators])
    _add("raw.text_figures",
         ["document_id", "statement_index", "page_number", "sentence", "section", "subsection",
          "subject", "subject_code", "figure_kind", "figure", "figure_as_printed", "decimals",
          "unit_as_printed", "amount_wan", "direction", "compared_to", "comparison", "measure"],
         [[d, f.statement_index, f.page_number, f.sentence, f.section, f.subsection, f.subject,
           f.subject_code, f.figure_kind, f.figure, f.figure_as_printed, f.decimals,
           f.unit_as_printed, f.amount_wan, f.direction, f.compared_to, f.comparison, f.measure]
          for f in getattr(doc, "text_figures", [])])
    return out


def _insert_rows(con, table: str, columns: list[str], rows: list[list]) -> None:
    """Bulk insert through a DataFrame (row-by-row executemany is ~300× slower in DuckDB).
    Decimals travel as text and are cast by DuckDB, so amounts stay exact."""
    if not rows:
        return
    import pandas as pd

    frame = pd.DataFrame(
        [[str(v) if isinstance(v, Decimal) else v for v in row] for row in rows],
        columns=columns, dtype=object)
    con.register("_landing_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _landing_rows")  # noqa: S608 — table a literal raw.… name (tests/test_security.py checks the callers)
    finally:
        con.unregister("_landing_rows")
