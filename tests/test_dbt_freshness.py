"""`dbt source freshness` on a freshly ingested warehouse (the seeds'): every raw source with a
loaded_at_field is fresh. And the ingest's own build ran no unit test (they run in
tests/test_dbt_unit_tests.py) and passed every data test, the key test of staging and
intermediate included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.dbt_runner import dbt_state_dir

pytestmark = pytest.mark.slow  # the seeds' ingest (shared with other modules) and one dbt command

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"


def test_source_freshness_passes_on_a_fresh_ingest(seed_ingest_result, tmp_path):
    assert seed_ingest_result["exit_code"] == 0, seed_ingest_result["output"]
    # a copy: other modules of the session hold the seeds' warehouse open read-only
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(seed_ingest_result["warehouse"], warehouse)
    env = {**os.environ, "GOVBUDGET_WAREHOUSE": str(warehouse)}
    done = subprocess.run(
        [str(DBT), "source", "freshness", "--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
         "--no-use-colors", "--no-version-check"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:]
    results = json.loads((tmp_path / "target" / "sources.json").read_text(encoding="utf-8"))["results"]
    status = {r["unique_id"]: r["status"] for r in results}
    assert status == {"source.govbudget.raw.documents": "pass",
                      "source.govbudget.raw.source_attempts": "pass"}, status


def test_the_ingest_build_ran_no_unit_test_and_the_key_test(seed_ingest_result):
    assert seed_ingest_result["exit_code"] == 0, seed_ingest_result["output"]
    target = dbt_state_dir(seed_ingest_result["warehouse"]) / "target"
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    assert results["args"]["which"] == "build"
    assert "unit_test" in results["args"]["exclude_resource_types"]
    status = {r["unique_id"]: r["status"] for r in results["results"]}
    assert not [uid for uid in status if uid.startswith("unit_test.")]
    assert status["test.govbudget.staging_intermediate_keys"] == "pass"
    assert not [uid for uid, s in status.items() if s not in ("success", "pass", "warn")], status
