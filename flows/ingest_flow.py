"""The ingestion flow: sources → bytes → parse (worker processes) → land raw → dbt build → checks.

Prefect tasks here are thin: retries, concurrency and timing live here, and each returns what it
produced; the flow assembles the run's summary (flows.run_summary) from what they return. Logic
lives in the stages (flows.fetching, flows.landing, flows.checking), `extract` (parsing),
`flows.warehouse` (landing rows), `dbt_project` (models) and `expectations` (checks).
Workers only parse; this process is the one writer of the DuckDB file.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from typing import Iterator, Optional

from prefect import flow, task
# The flow's tasks carry documents' bytes and parsed tables: Prefect's default cache policy would
# hash every input on every call (seconds per thousand documents). Caching by content and parser
# version is the warehouse's job (raw.documents), so the tasks keep no Prefect cache.
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from extract.settings import settings
from flows import checking, fetching, landing, progress
from flows import warehouse as wh
from flows.fetching import Fetched
from flows.landing import LandingOutcome
from flows.parse_pool import iter_parse_in_workers
from flows.parse_worker import Parsed, parse_failed, parse_one
from flows.run_summary import RunSummary, publish_summary_artifact
from flows.sources import Source

# names other modules and tests import from here
__all__ = ["Fetched", "LandingOutcome", "RunSummary", "check_flow", "ingest_flow"]


@task(name="fetch-sources", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def fetch_sources(sources: list[Source], warehouse: Optional[Path] = None) -> list[Fetched]:
    """flows.fetching.fetch_into_store. A source's failure is recorded against it; the task is
    retried by Prefect only if the stage as a whole breaks (e.g. the fetch cache cannot be read)."""
    return fetching.fetch_into_store(sources, warehouse)


@task(name="skip-landed", cache_policy=NO_CACHE)
def skip_landed(warehouse: Path, fetched: list[Fetched]) -> list[Fetched]:
    """flows.landing.already_landed: the fetched sources, those landed before marked skipped."""
    return landing.already_landed(warehouse, fetched)


@task(name="parse-document", cache_policy=NO_CACHE)
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


def parse_on_local_workers(todo: list, workers: int) -> Iterator[Parsed]:
    """Parse in worker processes on this machine, each result as it finishes. Always in workers,
    even for one document: a hostile file may only cost its own worker (time and memory limits),
    never this process, which holds the warehouse."""
    for _index, parsed in iter_parse_in_workers(todo, parse_one, parse_failed, workers=workers):
        yield parsed


@task(name="parse-and-land", cache_policy=NO_CACHE)
def parse_and_land(warehouse: Path, run_id: str, fetched: list[Fetched], workers: int,
                   runner: str = "local", dask_address: Optional[str] = None) -> LandingOutcome:
    """flows.landing.parse_and_land, parsing in local worker processes or on a Dask cluster."""
    def parse(todo: list[tuple[Source, Path]]):
        if runner == "dask":
            # a remote cluster may not see this machine's raw store: the bytes travel
            return parse_on_dask([(s, path.read_bytes()) for s, path in todo], dask_address,
                                 workers)
        return parse_on_local_workers(todo, workers)

    return landing.parse_and_land(warehouse, run_id, fetched, parse)


@task(name="log-run", cache_policy=NO_CACHE)
def log_run(warehouse: Path, summary: RunSummary, started_at, built: bool) -> bool:
    """flows.landing.record_run: returns whether the marts are up to date without a build."""
    return landing.record_run(warehouse, summary, started_at, built)


@task(name="publish-snapshot", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=1)
def snapshot(warehouse: Path) -> str:
    from flows.snapshot import publish_snapshot

    return str(publish_snapshot(warehouse))


@task(name="dbt-build", cache_policy=NO_CACHE)
def dbt_build(warehouse: Path) -> None:
    from flows.dbt_runner import run_dbt_build
    from flows.startup_trace import mark

    mark("dbt start")
    from flows import gx_process

    gx_process.start_prepared()  # GE's process, when the command line asked for one
    run_dbt_build(warehouse)
    mark("dbt done")


@task(name="reconciliation-checks", cache_policy=NO_CACHE)
def reconcile(warehouse: Path, run_id: str, full: bool = False) -> dict:
    """flows.checking.check_documents: the run's figures, with the warehouse's standing counts."""
    return checking.check_documents(warehouse, run_id, full)


def default_workers() -> int:
    workers = settings().workers
    return max(1, min(workers if workers is not None else (os.cpu_count() or 1), 8))


@flow(name="govbudget-ingest", log_prints=False)
def ingest_flow(sources: list[Source], warehouse: str, workers: Optional[int] = None,
                skip_checks: bool = False, runner: str = "local",
                dask_address: Optional[str] = None) -> RunSummary:
    from flows.startup_trace import mark

    mark("flow start")
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    summary = RunSummary(run_id=run_id, sources=len(sources))
    wpath = Path(warehouse)
    started_at = wh.now_utc()
    t0 = time.perf_counter()
    fetched = fetch_sources(sources, wpath)
    summary.sources = len(fetched)  # the given sources and the attachments their pages link
    summary.not_modified = sum(1 for f in fetched if f.not_modified)
    summary.fetch_retries = sum(max(0, f.attempts - 1) for f in fetched)
    # quote(): Prefect would otherwise walk every dataclass inside (every cell of every document)
    # looking for futures: seconds per thousand documents
    fetched = skip_landed(wpath, quote(fetched))
    t1 = time.perf_counter()
    # parsing and landing overlap: "parse" runs until the last result arrives, "land" is what
    # landing takes after it (and the run log)
    landed = parse_and_land(wpath, run_id, quote(fetched), workers or default_workers(),
                            runner, dask_address)
    summary.add_landing(landed)
    t2 = landed.parsed_at
    up_to_date = log_run(wpath, summary, started_at, False)
    t3 = time.perf_counter()
    if up_to_date and not settings().always_build:
        # nothing landed and no source changed state: the marts and check results stand (the
        # new attempts are in raw.source_attempts; the next build shows their times)
        summary.build_skipped = True
        t4 = time.perf_counter()
        if not skip_checks:
            summary.checks = checking.latest_check_counts(wpath)
    else:
        progress.note("dbt", "building the models …")
        dbt_build(wpath)
        t4 = time.perf_counter()
        if not skip_checks:
            result = reconcile(wpath, run_id)
            summary.checks = result
            summary.data_docs = result.get("data_docs")
            summary.dashboard = result.get("dashboard")
        log_run(wpath, summary, started_at, True)
    t5 = time.perf_counter()
    try:
        summary.snapshot = snapshot(wpath)
    except OSError as exc:  # the run landed; only the analysts' copy is stale
        print(f"govbudget: could not publish the snapshot: {exc}")
    t6 = time.perf_counter()
    summary.timings = {"fetch": t1 - t0, "parse": t2 - t1, "land": t3 - t2, "dbt": t4 - t3,
                       "checks": t5 - t4, "snapshot": t6 - t5}
    publish_summary_artifact(summary)
    mark("flow end")
    return summary


@flow(name="govbudget-check")
def check_flow(warehouse: str) -> dict:
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    wpath = Path(warehouse)
    dbt_build(wpath)
    result = reconcile(wpath, run_id, full=True)
    snapshot(wpath)
    return result
