"""`govbudget serve`: the scheduled (cron) ingestion deployment, served against a Prefect server.

Start a server first (`prefect server start`, then `export PREFECT_API_URL=http://127.0.0.1:4200/api`).
What to ingest comes from the environment, so one deployment serves a whole province:
GOVBUDGET_SCHEDULE_SOURCES (space-separated sources: manifests, directories, URLs),
GOVBUDGET_SCHEDULE_CRON (default "0 2 * * *"), GOVBUDGET_WAREHOUSE.
"""

from __future__ import annotations

import os
import sys

from prefect import flow


@flow(name="govbudget-scheduled-ingest")
def scheduled_ingest(sources: list[str], warehouse: str) -> dict:
    from flows.cli import warehouse_lock
    from flows.ingest_flow import ingest_flow
    from flows.sources import expand_sources
    from pathlib import Path

    with warehouse_lock(Path(warehouse), wait_seconds=3600):
        summary = ingest_flow(expand_sources(sources), warehouse)
    return {"landed": summary.landed, "failed": summary.failed, "unchanged": summary.unchanged}


def serve() -> int:
    sources = os.environ.get("GOVBUDGET_SCHEDULE_SOURCES", "").split()
    if not sources:
        print("govbudget serve: set GOVBUDGET_SCHEDULE_SOURCES to what the schedule ingests",
              file=sys.stderr)
        return 2
    if not os.environ.get("PREFECT_API_URL"):
        print("govbudget serve: set PREFECT_API_URL to a running Prefect server "
              "(prefect server start)", file=sys.stderr)
        return 2
    from flows.warehouse import warehouse_path

    scheduled_ingest.serve(
        name="province-ingest",
        cron=os.environ.get("GOVBUDGET_SCHEDULE_CRON", "0 2 * * *"),
        parameters={"sources": sources, "warehouse": str(warehouse_path().absolute())},
    )
    return 0
