"""The ingestion flow: sources → bytes → parse (worker processes) → land raw → dbt build → checks.

Prefect tasks here are thin: retries, concurrency and timing live here; logic lives in `extract`
(parsing), `flows.warehouse` (landing), `dbt_project` (models) and `expectations` (checks).
Workers only parse; this process is the one writer of the DuckDB file.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from prefect import flow, task

from extract.model import Document
from extract.pipeline import document_id_of
from flows import warehouse as wh
from flows.parse_pool import parse_in_workers
from flows.parse_worker import Parsed, parse_failed, parse_one
from flows.sources import Source, SourceError, fetch


@dataclass
class Fetched:
    source: Source
    data: Optional[bytes] = None
    error: Optional[str] = None


@dataclass
class RunSummary:
    run_id: str
    sources: int = 0
    landed: int = 0
    unchanged: int = 0
    failed: int = 0
    tables: int = 0
    line_items: int = 0
    checks: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)  # (source_uri, error)
    timings: dict = field(default_factory=dict)
    data_docs: Optional[str] = None

    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def render(self) -> str:
        c = self.checks
        lines = [
            f"govbudget run {self.run_id}",
            f"  sources:   {self.sources} ({self.landed} landed, {self.unchanged} unchanged, "
            f"{self.failed} failed)",
            f"  tables:    {self.tables}",
            f"  rows:      {self.line_items} line items",
            f"  checks:    {c.get('checks', 0)} run, {c.get('passed', 0)} passed, "
            f"{c.get('failed', 0)} failed ({c.get('failed_errors', 0)} error-level), "
            f"{c.get('not_applicable', 0)} not applicable",
        ]
        if self.timings:
            lines.append("  timings:   " + ", ".join(f"{k} {v:.1f}s" for k, v in
                                                      self.timings.items()))
        for uri, err in self.failures:
            lines.append(f"  FAILED {uri}: {err}")
        if self.data_docs:
            lines.append(f"  data docs: {self.data_docs}")
        return "\n".join(lines)


@task(name="fetch-sources", retries=0)
def fetch_sources(sources: list[Source]) -> list[Fetched]:
    out = []
    for src in sources:
        if src.metadata.get("_error"):
            out.append(Fetched(src, error=src.metadata["_error"]))
            continue
        try:
            out.append(Fetched(src, data=fetch(src)))
        except SourceError as exc:
            out.append(Fetched(src, error=str(exc)))
        except OSError as exc:
            out.append(Fetched(src, error=f"cannot read: {exc}"))
    return out


@task(name="parse-document")
def parse_document_task(item: tuple[Source, bytes]) -> Parsed:
    return parse_one(item)


def parse_on_dask(todo: list, address: Optional[str], workers: int) -> list[Parsed]:
    """Parse on a Dask cluster through prefect-dask (a local cluster when no address is given).
    Workers only parse; results come back here, to the one process that writes DuckDB."""
    from prefect_dask import DaskTaskRunner

    runner = (DaskTaskRunner(address=address) if address else DaskTaskRunner(
        cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                        "dashboard_address": None}))

    @flow(name="govbudget-parse-dask", task_runner=runner)
    def parse_flow(items: list) -> list[Parsed]:
        futures = parse_document_task.map(items)
        return [f.result() for f in futures]

    return parse_flow(todo) if todo else []


@task(name="parse-documents")
def parse_documents(fetched: list[Fetched], workers: int, runner: str = "local",
                    dask_address: Optional[str] = None) -> list[Parsed]:
    todo = [(f.source, f.data) for f in fetched if f.data is not None]
    if runner == "dask":
        return parse_on_dask(todo, dask_address, workers)
    # Always in worker processes, even for one document: a hostile file may only cost its own
    # worker (time and memory limits), never this process, which holds the warehouse.
    return parse_in_workers(todo, parse_one, parse_failed, workers=workers)


@task(name="land-raw")
def land(warehouse: Path, run_id: str, fetched: list[Fetched], parsed: list[Parsed],
         summary: RunSummary) -> list[str]:
    """One writer: every document in its own transaction. Returns the landed document ids."""
    con = wh.connect(warehouse)
    landed_ids: list[str] = []
    try:
        for f in fetched:
            if f.error is not None:
                doc_id = document_id_of(f.source.uri.encode("utf-8"))
                wh.land_failure(con, run_id, f.source.uri, doc_id, f.source.file_name, f.error)
                summary.failed += 1
                summary.failures.append((f.source.uri, f.error))
        for p in parsed:
            if p.document is None:
                wh.land_failure(con, run_id, p.source.uri, p.document_id, p.source.file_name,
                                p.error or "unknown error", p.byte_size)
                summary.failed += 1
                summary.failures.append((p.source.uri, p.error))
                continue
            changed = wh.land_document(con, run_id, p.document, p.byte_size, p.source.metadata)
            if changed:
                summary.landed += 1
            else:
                summary.unchanged += 1
            landed_ids.append(p.document_id)
        summary.tables, summary.line_items = con.execute(
            "SELECT (SELECT count(*) FROM raw.tables t JOIN raw.documents d USING (document_id)"
            "        WHERE d.document_id IN (SELECT unnest(?::VARCHAR[]))),"
            "       (SELECT count(*) FROM raw.line_items WHERE document_id IN "
            "        (SELECT unnest(?::VARCHAR[])))", [landed_ids, landed_ids]).fetchone()
    finally:
        con.close()
    return landed_ids


@task(name="dbt-build")
def dbt_build(warehouse: Path) -> None:
    from flows.dbt_runner import run_dbt_build

    run_dbt_build(warehouse)


@task(name="reconciliation-checks")
def reconcile(warehouse: Path, run_id: str, document_ids: Optional[list[str]]) -> dict:
    from expectations.runner import run_checks

    con = wh.connect(warehouse)
    try:
        result = run_checks(con, run_id, document_ids=document_ids,
                            docs_dir=warehouse.parent / "data_docs")
        from flows.dashboard import build_dashboard

        result["dashboard"] = str(build_dashboard(con, warehouse.parent / "dashboard.html"))
        return result
    finally:
        con.close()


def default_workers() -> int:
    return max(1, min(int(os.environ.get("GOVBUDGET_WORKERS", os.cpu_count() or 1)), 8))


@flow(name="govbudget-ingest", log_prints=False)
def ingest_flow(sources: list[Source], warehouse: str, workers: Optional[int] = None,
                skip_checks: bool = False, runner: str = "local",
                dask_address: Optional[str] = None) -> RunSummary:
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    summary = RunSummary(run_id=run_id, sources=len(sources))
    wpath = Path(warehouse)
    t0 = time.perf_counter()
    fetched = fetch_sources(sources)
    t1 = time.perf_counter()
    parsed = parse_documents(fetched, workers or default_workers(), runner, dask_address)
    t2 = time.perf_counter()
    landed_ids = land(wpath, run_id, fetched, parsed, summary)
    t3 = time.perf_counter()
    dbt_build(wpath)
    t4 = time.perf_counter()
    if not skip_checks:
        result = reconcile(wpath, run_id, None)
        summary.checks = result
        summary.data_docs = result.get("data_docs")
    t5 = time.perf_counter()
    summary.timings = {"fetch": t1 - t0, "parse": t2 - t1, "land": t3 - t2, "dbt": t4 - t3,
                       "checks": t5 - t4}
    return summary


@flow(name="govbudget-check")
def check_flow(warehouse: str) -> dict:
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    wpath = Path(warehouse)
    dbt_build(wpath)
    return reconcile(wpath, run_id, None)
