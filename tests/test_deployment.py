"""The scheduled deployment (`govbudget serve`) in Prefect's test harness: it is registered with
its cron schedule and concurrency limit, a run of it (created from the deployment, executed by a
Prefect runner as `serve` would) ingests a tiny source, and the run summary is published as a
markdown artifact."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import duckdb
import pytest

from flows.snapshot import snapshot_path

pytestmark = pytest.mark.slow

TINY = ("阳泉市司法局2026年部门预算\n\n2026年预算支出总表\n单位：万元\n"
        "科目编码\t科目名称\t合计\n合计\t\t1.00\n204\t公共安全支出\t1.00\n")
CRON = "15 3 * * *"


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def _sync(value):
    return asyncio.run(value) if inspect.isawaitable(value) else value


@pytest.fixture()
def tiny_source(tmp_path):
    src = tmp_path / "sources" / "yangquan-2026-budget.txt"
    src.parent.mkdir()
    src.write_text(TINY, encoding="utf-8")
    return src


def test_deployment_object_has_the_cron_schedule(tiny_source, tmp_path):
    from flows.deployments import build_deployment

    dep = build_deployment([str(tiny_source)], str(tmp_path / "wh" / "gb.duckdb"), CRON)
    assert dep.name == "province-ingest"
    assert [s.schedule.cron for s in dep.schedules] == [CRON]
    assert dep.parameters["sources"] == [str(tiny_source)]
    limit = dep.concurrency_limit
    assert getattr(limit, "limit", limit) == 1


def test_serve_refuses_without_sources_or_server(monkeypatch):
    from flows.cli import main

    monkeypatch.delenv("GOVBUDGET_SCHEDULE_SOURCES", raising=False)
    assert main(["serve"]) == 2
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert main(["serve", "some/dir"]) == 2


def test_scheduled_deployment_is_registered_and_runs(prefect_harness, tiny_source, tmp_path,
                                                      monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.runner import Runner

    from flows.deployments import build_deployment, scheduled_ingest

    monkeypatch.chdir(Path(__file__).resolve().parents[1])  # the entrypoint is repo-relative
    wh = tmp_path / "wh" / "gb.duckdb"
    dep = build_deployment([str(tiny_source)], str(wh), CRON)
    deployment_id = _sync(dep.apply())

    async def register_and_run():
        async with get_client() as client:
            registered = await client.read_deployment(deployment_id)
            flow_run = await client.create_flow_run_from_deployment(deployment_id)
            await Runner().execute_flow_run(flow_run.id)
            flow_run = await client.read_flow_run(flow_run.id)
            # (read_artifacts with empty run filters joins task runs and finds none: ask plainly)
            resp = await client._client.post("/artifacts/filter", json={
                "artifacts": {"key": {"any_": ["govbudget-run-summary"]}},
                "sort": "CREATED_DESC", "limit": 10})
            artifacts = resp.json()
            return registered, flow_run, artifacts

    registered, flow_run, artifacts = asyncio.run(register_and_run())
    assert registered.name == "province-ingest"
    assert [s.schedule.cron for s in registered.schedules] == [CRON]
    assert all(s.active for s in registered.schedules)
    assert registered.parameters["warehouse"] == str(wh)
    print(f"\nscheduled run {flow_run.name}: {flow_run.state.type.value}")
    assert flow_run.state.is_completed(), flow_run.state
    con = duckdb.connect(str(snapshot_path(wh)), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM marts.fct_line_item").fetchone()[0] == 2
        assert con.execute("SELECT status FROM marts.dim_source").fetchall() == [("landed",)]
    finally:
        con.close()
    assert artifacts and "| landed | 1 |" in artifacts[0]["data"], artifacts
    assert artifacts[0]["type"] == "markdown"
    assert scheduled_ingest.name == "govbudget-scheduled-ingest"
