"""The run's checks stage: the reconciliation checks (expectations.runner) on the documents the
run changed (or all), Great Expectations' validation and Data Docs through them, then the
dashboard; or, when a run changed nothing, the standing results as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from extract.settings import settings
from flows import progress
from flows import warehouse as wh


def check_documents(warehouse: Path, run_id: str, full: bool = False) -> dict:
    """Check the documents not checked since they last landed (expectations.runner.
    unchecked_document_ids: this run's, and any a killed run left) with their cross-document
    neighbours; or every document when ``full``, when GOVBUDGET_FULL_CHECKS=1, when no run has
    checked them all yet, or when the checks' code changed since one did. A scheduled run that
    adds a few documents to a province's warehouse checks a few documents, not the province.
    Returns the run's figures, with the warehouse's standing counts (dq.latest_check_results)
    in checks / passed / failed / failed_errors / not_applicable."""
    from expectations.runner import full_check_reason, run_checks, unchecked_document_ids

    con = wh.connect(warehouse)
    try:
        scope = None
        if not (full or settings().full_checks or full_check_reason(con)):
            scope = unchecked_document_ids(con)
        with progress.bar("checks", unit="families") as bar:
            result = run_checks(con, run_id, document_ids=scope,
                                docs_dir=warehouse.parent / "data_docs",
                                **_counted_families(con, scope, bar))
        result["scope"] = "all" if scope is None else "changed"
        result["checks_run"] = result["checks"]
        from flows.dashboard import build_dashboard
        from flows.startup_trace import mark

        mark("checks and GE done")
        result["dashboard"] = str(build_dashboard(con, warehouse.parent / "dashboard.html"))
        mark("dashboard built")
    finally:
        con.close()
    if result["scope"] == "changed":  # the warehouse's standing figures, as a full run gives
        result.update(latest_check_counts(warehouse), reused=False)
    return result


def _counted_families(con, scope, bar) -> dict:
    """run_checks' families, counted by the checks' progress bar (when progress is on)."""
    if not progress.enabled():
        return {}
    from expectations.registry import FAMILIES
    from expectations.runner import CHUNK_DOCUMENTS, _all_document_ids

    documents = len(scope) if scope is not None else len(_all_document_ids(con))
    return {"families": progress.counted_families(FAMILIES, bar, CHUNK_DOCUMENTS, documents)}


def latest_check_counts(warehouse: Path) -> dict:
    """The standing check results (dq.latest_check_results) when a run did not re-check."""
    con = wh.connect(warehouse)
    try:
        row = cast(tuple, con.execute(  # aggregates: one row
            "SELECT count(*), count(*) FILTER (WHERE status = 'pass'), "
            "count(*) FILTER (WHERE status = 'fail'), "
            "count(*) FILTER (WHERE status = 'fail' AND severity = 'error'), "
            "count(*) FILTER (WHERE status = 'not_applicable') "
            "FROM dq.latest_check_results").fetchone())
    finally:
        con.close()
    return {"checks": row[0], "passed": row[1], "failed": row[2], "failed_errors": row[3],
            "not_applicable": row[4], "reused": True}
