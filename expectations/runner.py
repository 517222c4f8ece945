"""Run the check families on a warehouse and store their results in ``dq.check_results``.

``run_checks(con, run_id)`` reads the documents chunk by chunk through one ``WarehouseReader``,
runs every family of ``expectations.registry`` over it (a family that raises is recorded as an
error-level result per document, never only logged), appends the results to
``dq.check_results`` — one ``checked_at`` per run, so ``dq.latest_check_results`` (newest run per
document) is consistent — and validates them with Great Expectations (``expectations.gx_suite``:
one expectation per family).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import duckdb
import pandas as pd

from expectations import identities as ids
from expectations.gx_suite import (  # noqa: F401  (validate_with_gx: callers import it here)
    as_categories, default_gx_dir, ge_frame, validate_with_gx)
from expectations.reader import WarehouseReader, relation_exists
from expectations.registry import FAMILIES, CheckFamily, run_all
from expectations.results import CheckResult
from flows.schema import migrate

RESULT_COLUMNS = ("run_id", "checked_at", "document_id", "check_name", "description", "severity",
                  "status", "table_kind", "page_number", "subject_code", "item_name", "expected",
                  "actual", "difference", "tolerance", "table_id", "measure")

# dq.check_results, dq.latest_check_results and dq.check_runs are defined by flows/schema's
# numbered migrations; the runner brings a connection it is handed up to date (migrate: a no-op
# on a current warehouse, as any from flows.warehouse.connect is).

log = logging.getLogger(__name__)


def checks_code_version() -> str:
    """A digest of the checks' code (expectations/*.py) and the parser version: results computed
    by other code are not comparable, so a change here asks for a full check once."""
    import hashlib

    from extract import PARSER_VERSION

    digest = hashlib.sha256(PARSER_VERSION.encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def unchecked_document_ids(con) -> list[str]:
    """Landed documents with no check results newer than their landing: what a run landed, and
    what a run killed before its checks left unchecked."""
    if not _relation_exists(con, "dq", "check_results"):
        return sorted(r[0] for r in con.execute(
            "SELECT document_id FROM raw.documents WHERE status = 'landed'").fetchall())
    return sorted(r[0] for r in con.execute(
        "SELECT d.document_id FROM raw.documents d LEFT JOIN (SELECT document_id, "
        "max(checked_at) AS checked_at FROM dq.check_results GROUP BY document_id) c "
        "USING (document_id) WHERE d.status = 'landed' "
        "AND (c.checked_at IS NULL OR c.checked_at < d.ingested_at)").fetchall())


def full_check_reason(con) -> Optional[str]:
    """Why a run must check every document rather than only those it changed, or None: no run
    checked them all yet, or the checks' code changed since the last that did."""
    try:
        row = con.execute("SELECT code_version FROM dq.check_runs WHERE scope = 'all' "
                          "ORDER BY checked_at DESC LIMIT 1").fetchone()
    except duckdb.Error:
        return "no run has checked every document yet"
    if row is None:
        return "no run has checked every document yet"
    if row[0] != checks_code_version():
        return "the checks changed since the last run that checked every document"
    return None


def _relation_exists(con, schema: str, name: str) -> bool:
    return relation_exists(con, schema, name)


# ----------------------------------------------------------------------------- storing results

def _int_or_none(v):
    if ids.is_missing(v):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _dec_text(v: Optional[Decimal]) -> Optional[str]:
    return None if v is None else format(v, "f")


def results_to_frame(results: Sequence[CheckResult], run_id: str,
                     checked_at: datetime) -> pd.DataFrame:
    rows = []
    for r in results:
        rows.append({
            "run_id": run_id, "checked_at": checked_at, "document_id": r.document_id,
            "check_name": r.check_name, "description": r.description, "severity": r.severity,
            "status": r.status, "table_kind": r.table_kind,
            "page_number": _int_or_none(r.page_number), "subject_code": r.subject_code,
            "item_name": r.item_name, "expected": _dec_text(r.expected),
            "actual": _dec_text(r.actual), "difference": _dec_text(r.difference),
            "tolerance": _dec_text(r.tolerance), "table_id": _int_or_none(r.table_id),
            "measure": r.measure,
        })
    df = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    df["page_number"] = df["page_number"].astype("Int64")
    df["table_id"] = df["table_id"].astype("Int64")
    return df


def write_results(con, frame: pd.DataFrame) -> None:
    migrate(con)
    if frame.empty:
        return
    con.register("_gb_check_results", frame)
    try:
        con.execute(
            "INSERT INTO dq.check_results (" + ", ".join(RESULT_COLUMNS) + ") SELECT "  # noqa: S608 — RESULT_COLUMNS is a constant list of column names
            "run_id, CAST(checked_at AS TIMESTAMP), document_id, check_name, description, "
            "severity, status, table_kind, CAST(page_number AS INTEGER), subject_code, "
            "item_name, CAST(expected AS DECIMAL(20, 6)), CAST(actual AS DECIMAL(20, 6)), "
            "CAST(difference AS DECIMAL(20, 6)), CAST(tolerance AS DECIMAL(20, 6)), "
            "CAST(table_id AS INTEGER), measure FROM _gb_check_results")
    finally:
        con.unregister("_gb_check_results")


# ----------------------------------------------------------------------------- Great Expectations

# ----------------------------------------------------------------------------- entry point

def _all_document_ids(con) -> list[str]:
    parts = [f"SELECT DISTINCT document_id FROM marts.{name}"  # noqa: S608 — constant mart names
             for name in ("fct_line_item", "fct_table", "dim_document")
             if _relation_exists(con, "marts", name)]
    if not parts:
        return []
    rows = con.execute(" UNION ".join(parts)).fetchall()
    return sorted(r[0] for r in rows if r[0] is not None)


CHUNK_DOCUMENTS = 200


def _in_transaction(con, write) -> None:
    """Run ``write`` in a transaction of its own, or inside the caller's when it holds one."""
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.Error:  # the caller holds a transaction: write inside it
        write()
        return
    try:
        write()
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def run_checks(con, run_id: str, document_ids: Optional[list[str]] = None, *,
               gx_dir: Union[str, Path, None] = None, docs_dir: Union[str, Path, None] = None,
               use_gx: bool = True, families: Sequence[CheckFamily] = FAMILIES) -> dict:
    """Check the documents (all in the marts when ``document_ids`` is None), validate the results
    with Great Expectations, append them to ``dq.check_results`` and return a summary:
    {checks, passed, failed, not_applicable, errors_failed, warnings_failed, data_docs,
    validation_success, expectations, run_id, checked_at, documents}.

    Documents are read and checked in chunks of ``CHUNK_DOCUMENTS``; GE validates the whole run
    once; the rows are written in one transaction with one ``checked_at``.
    ``gx_dir``: GE's project root (default: the warehouse file's directory; GE writes ``gx/``
    there). ``docs_dir``: where Data Docs are written (default ``gx/uncommitted/data_docs/
    local_site`` under the root). ``families``: the check families to run (the registry's)."""
    migrate(con)  # dq's tables, before any transaction of the run's (flows/schema)
    checked_at = datetime.now(timezone.utc).replace(tzinfo=None)
    if document_ids is None:
        doc_ids = _all_document_ids(con)
    else:
        # a newly landed budget (or last year's document) changes the cross-document checks of
        # the same unit's neighbouring documents: re-check them too
        doc_ids = list(document_ids)
        try:
            from expectations.cross_document import related_document_ids
            doc_ids += related_document_ids(con, doc_ids)
        except Exception as exc:  # never lose the run over the neighbours
            log.warning("related documents not found: %s", exc)
    # Chunk by chunk: results are written and reduced to counts and GE's compact frame as they
    # come, so a province's first run never holds every check result of every document at once.
    # A chunk holds whole documents and lands in one transaction: dq.latest_check_results (the
    # newest results per document) stays whole per document even if a run dies half-way.
    counts: dict[tuple[str, str], int] = {}
    checked_docs: set[Optional[str]] = set()
    ge_frames: list[pd.DataFrame] = []
    for start in range(0, len(doc_ids), CHUNK_DOCUMENTS):
        chunk = doc_ids[start:start + CHUNK_DOCUMENTS]
        reader = WarehouseReader(con, chunk)
        results = [r for _family, found in run_all(reader, families) for r in found]
        del reader
        _in_transaction(con, lambda results=results: write_results(  # called at once
            con, results_to_frame(results, run_id, checked_at)))
        for r in results:
            counts[(r.status, r.severity)] = counts.get((r.status, r.severity), 0) + 1
            checked_docs.add(r.document_id)
        if use_gx and results:
            ge_frames.append(ge_frame(results))
        del results

    def record_run() -> None:
        migrate(con)  # the dq schema, at least
        con.execute("INSERT INTO dq.check_runs VALUES (?, ?, ?, ?, ?)",
                    [run_id, checked_at, "all" if document_ids is None else "changed",
                     checks_code_version(), len(doc_ids)])

    _in_transaction(con, record_run)
    # GE validates after the rows are stored: a GE failure must not lose the findings
    gx_summary: dict[str, Any] = {"success": None, "expectations": [], "data_docs": None,
                                  "error": None}
    if use_gx and ge_frames:
        root = Path(gx_dir) if gx_dir is not None else default_gx_dir(con)
        frame = pd.concat(ge_frames, ignore_index=True) if len(ge_frames) > 1 else ge_frames[0]
        del ge_frames
        frame = as_categories(frame)  # a concat of unlike categories is object
        try:
            gx_summary = validate_with_gx(frame, run_id, root,
                                          Path(docs_dir) if docs_dir is not None else None,
                                          families)
            gx_summary["error"] = None
        except Exception as exc:  # reported, not raised
            log.warning("Great Expectations validation failed: %s", exc)
            gx_summary["error"] = f"{type(exc).__name__}: {exc}"

    def count(status: Optional[str] = None, severity: Optional[str] = None) -> int:
        return sum(n for (st, sv), n in counts.items()
                   if (status is None or st == status) and (severity is None or sv == severity))

    return {
        "run_id": run_id,
        "checked_at": checked_at,
        "checks": count(),
        "passed": count(status=ids.PASS),
        "failed": count(status=ids.FAIL),
        "not_applicable": count(status=ids.NOT_APPLICABLE),
        "errors_failed": count(status=ids.FAIL, severity=ids.ERROR),
        "failed_errors": count(status=ids.FAIL, severity=ids.ERROR),  # alias (flows' summary)
        "warnings_failed": count(status=ids.FAIL, severity=ids.WARNING),
        "documents": len(checked_docs),
        "data_docs": gx_summary["data_docs"],
        "validation_success": gx_summary["success"],
        "expectations": gx_summary["expectations"],
        "gx_error": gx_summary["error"],
    }
