"""`govbudget serve`: the scheduled (cron) ingestion deployment, served against a Prefect server.

Start a server first (`prefect server start`, then `export PREFECT_API_URL=http://127.0.0.1:4200/api`).
What to ingest comes from the command line or the environment, so one deployment serves a whole
province: `govbudget serve [SOURCE...] [--crawl URL] [--cron "0 2 * * *"] [--warehouse PATH]`, or
GOVBUDGET_SCHEDULE_SOURCES (space-separated sources: manifests, directories, URLs),
GOVBUDGET_SCHEDULE_CRAWL (space-separated listing pages), GOVBUDGET_SCHEDULE_CRON (default
"0 2 * * *"), GOVBUDGET_WAREHOUSE.

The deployment has a concurrency limit of 1 (a run that comes due while the previous one still
runs waits), and each run takes the warehouse lock like `govbudget ingest`, so a manual ingest and
a scheduled one never write at once.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

from prefect import flow

from extract.settings import settings

DEFAULT_CRON = "0 2 * * *"
DEPLOYMENT_NAME = "province-ingest"


@flow(name="govbudget-scheduled-ingest")
def scheduled_ingest(sources: list[str], warehouse: str, crawl: Optional[list[str]] = None,
                     allow_hosts: Optional[list[str]] = None, link_pattern: Optional[str] = None,
                     runner: str = "local") -> dict:
    from pathlib import Path

    from flows.sources import resolve_sources
    from flows.warehouse_lock import warehouse_lock
    from flows.ingest_flow import ingest_flow

    docs = resolve_sources(sources, crawl or [], allow_hosts or [], link_pattern)
    with warehouse_lock(Path(warehouse), wait_seconds=3600):
        summary = ingest_flow(docs, warehouse, runner=runner)
    print(summary.render())
    return {"run_id": summary.run_id, "sources": summary.sources, "landed": summary.landed,
            "unchanged": summary.unchanged, "failed": summary.failed,
            "line_items": summary.line_items, "snapshot": summary.snapshot}


def build_deployment(sources: list[str], warehouse: str, cron: str = DEFAULT_CRON,
                     crawl: Optional[list[str]] = None, name: str = DEPLOYMENT_NAME,
                     runner: str = "local"):
    """The scheduled deployment (a RunnerDeployment: `prefect.serve` registers and runs it)."""
    return scheduled_ingest.to_deployment(
        name=name,
        cron=cron,
        concurrency_limit=1,
        parameters={"sources": list(sources), "warehouse": str(warehouse),
                    "crawl": list(crawl or []), "runner": runner},
        description="govbudget: scheduled ingestion of a province's disclosures",
        tags=["govbudget"],
    )


def serve(sources: Optional[list[str]] = None, crawl: Optional[list[str]] = None,
          cron: Optional[str] = None, warehouse: Optional[str] = None) -> int:
    sources = list(sources or settings().schedule_sources)
    crawl = list(crawl or settings().schedule_crawl)
    if not sources and not crawl:
        print("govbudget serve: give SOURCE... or --crawl URL (or set GOVBUDGET_SCHEDULE_SOURCES)"
              " for what the schedule ingests", file=sys.stderr)
        return 2
    if not os.environ.get("PREFECT_API_URL"):
        print("govbudget serve: set PREFECT_API_URL to a running Prefect server "
              "(prefect server start)", file=sys.stderr)
        return 2
    from pathlib import Path

    from prefect import serve as prefect_serve

    from flows.sources import expand_sources
    from flows.warehouse import warehouse_path

    # paths are made absolute now: the served runs may start in another directory
    sources = [s if "://" in s else str(Path(s).absolute()) for s in sources]
    expand_sources(sources)  # a usage error (bad manifest) shows now, not at 2 a.m.
    deployment = build_deployment(
        sources, str(warehouse_path(warehouse).absolute()),
        cron or settings().schedule_cron, crawl)
    prefect_serve(deployment)
    return 0
