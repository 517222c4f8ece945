"""dbt's unit tests (the `unit_tests:` in dbt_project/models/**/*.yml: given rows in, exact rows
out) all run and pass on a scratch warehouse; an altered expectation fails; an ingest's build
leaves them out while its parse keeps them. And the key test of staging and intermediate models
(tests/staging_intermediate_keys.sql) fails for a model without a declared key or not listed.

dbt runs as a command (`.venv/bin/dbt`, as by hand), with --project-dir/--profiles-dir
dbt_project, GOVBUDGET_WAREHOUSE and its target/ and logs/ in the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows import dbt_runner
from flows.warehouse import connect

pytestmark = pytest.mark.slow  # four dbt commands and a parse: ~1 min on two cores

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"

# the models whose rules the issue asked to pin with unit tests
TRICKY = {"int_line_items__hierarchy", "int_documents__versions", "int_budget_execution__sides",
          "int_year_over_year__amounts"}


def _dbt(args: list[str], warehouse: Path, project: Path, state: Path) -> subprocess.CompletedProcess:
    state.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOVBUDGET_WAREHOUSE": str(warehouse)}
    return subprocess.run(
        [str(DBT), *args, "--project-dir", str(project), "--profiles-dir", str(project),
         "--target-path", str(state / "target"), "--log-path", str(state / "logs"),
         "--no-use-colors", "--no-version-check", "--no-send-anonymous-usage-stats"],
        env=env, cwd=state, capture_output=True, text=True, timeout=600)


def _results(state: Path) -> dict[str, str]:
    """unique_id -> status of the unit tests in the invocation's run_results.json."""
    results = json.loads((state / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    return {r["unique_id"]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> tuple[Path, Path]:
    """An empty warehouse (raw tables only) where `dbt run --empty` made the staging and
    intermediate relations and `dbt seed` the reference lists: a unit test reads its inputs'
    column types from them."""
    root = tmp_path_factory.mktemp("dbt-unit")
    warehouse = root / "w.duckdb"
    connect(warehouse).close()
    done = _dbt(["seed"], warehouse, PROJECT, root / "seed")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    done = _dbt(["run", "--empty", "--select", "staging", "intermediate"], warehouse, PROJECT,
                root / "empty-run")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return warehouse, root


def test_every_unit_test_runs_and_passes(scratch):
    warehouse, root = scratch
    state = root / "unit"
    done = _dbt(["test", "--select", "test_type:unit"], warehouse, PROJECT, state)
    assert done.returncode == 0, done.stdout[-4000:]
    manifest = json.loads((state / "target" / "manifest.json").read_text(encoding="utf-8"))
    declared = manifest["unit_tests"]
    ran = _results(state)
    assert set(ran) == set(declared)  # every declared unit test ran...
    assert set(ran.values()) == {"pass"}  # ...and passed
    per_model: dict[str, int] = {}
    for test in declared.values():
        per_model[test["model"]] = per_model.get(test["model"], 0) + 1
    assert TRICKY <= set(per_model), per_model
    assert all(per_model[m] >= 2 for m in TRICKY), per_model


def _copy_project(tmp_path: Path) -> Path:
    """A copy of dbt_project (as `<tmp>/repo/dbt_project`, with the seed path it reads beside it)."""
    copy = tmp_path / "repo"
    shutil.copytree(PROJECT, copy / "dbt_project",
                    ignore=shutil.ignore_patterns("target", "logs", ".user.yml", "dbt_packages"))
    (copy / "extract").mkdir()
    (copy / "extract" / "reference").symlink_to(REPO / "extract" / "reference")  # the seed path
    return copy


def test_a_wrong_expectation_fails(scratch, tmp_path):
    """The same unit tests in a copy of the project where one expected row is altered (the old
    version of a re-delivered document said to be current): that one fails, the others pass."""
    warehouse, _root = scratch
    copy = _copy_project(tmp_path)
    yml = copy / "dbt_project" / "models" / "intermediate" / "int_documents__versions.yml"
    text = yml.read_text(encoding="utf-8")
    right = "- {document_id: v1, is_current: false, superseded_by_document_id: v2,"
    assert text.count(right) == 1
    yml.write_text(text.replace(right, "- {document_id: v1, is_current: true, superseded_by_document_id: v2,"),
                   encoding="utf-8")

    state = tmp_path / "state"
    done = _dbt(["test", "--select", "test_type:unit,int_documents__versions"], warehouse,
                copy / "dbt_project", state)
    assert done.returncode != 0
    ran = _results(state)
    failed = {uid for uid, status in ran.items() if status != "pass"}
    assert failed == {"unit_test.govbudget.int_documents__versions."
                      "versions_source_delivers_new_content_so_the_old_is_superseded"}, ran
    assert ran[next(iter(failed))] == "fail"
    assert len(ran) >= 4
    assert "actual differs from expected" in done.stdout


def test_the_ingest_build_leaves_unit_tests_out_and_its_parse_keeps_them(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVBUDGET_CACHE_DIR", str(tmp_path / "cache"))  # not the user's parse cache
    warehouse = tmp_path / "w.duckdb"
    build = dbt_runner._build_args(warehouse, "build")
    parse = dbt_runner._build_args(warehouse, "parse")
    assert build[build.index("--exclude-resource-type") + 1] == "unit_test"
    assert "--exclude-resource-type" not in parse
    # the parse done ahead (prepare_build) still serves the build: same key without the flag
    assert dbt_runner._prepared_key(warehouse, build) == dbt_runner._prepared_key(warehouse, parse)

    assert dbt_runner.prepare_build(warehouse)
    manifest = dbt_runner._prepared.pop(dbt_runner._prepared_key(warehouse, parse))
    unit_tests = manifest.unit_tests  # type: ignore[attr-defined]
    assert {t.model for t in unit_tests.values()} >= TRICKY


def test_the_key_test_fails_for_a_model_without_a_key_or_not_listed(scratch, tmp_path):
    """tests/staging_intermediate_keys.sql in a copy of the project where one model's yml lost its
    key and another model is missing from the test's list: both are failures of the key test."""
    warehouse, _root = scratch
    copy = _copy_project(tmp_path) / "dbt_project"
    yml = copy / "models" / "intermediate" / "int_units__observed.yml"
    text = yml.read_text(encoding="utf-8")
    assert "      key: [unit_name, document_id]\n" in text
    yml.write_text(text.replace("      key: [unit_name, document_id]\n", ""), encoding="utf-8")
    sql = copy / "tests" / "staging_intermediate_keys.sql"
    text = sql.read_text(encoding="utf-8")
    assert text.count("'stg_raw__regions', ") == 1
    sql.write_text(text.replace("'stg_raw__regions', ", ""), encoding="utf-8")

    state = tmp_path / "state"
    done = _dbt(["test", "--select", "staging_intermediate_keys"], warehouse, copy, state)
    assert done.returncode != 0
    assert "Got 2 results, configured to fail if != 0" in done.stdout, done.stdout[-3000:]
    compiled = state / "target" / "compiled" / "govbudget" / "tests" / "staging_intermediate_keys.sql"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        failed = {r[0] for r in con.execute(compiled.read_text(encoding="utf-8")).fetchall()}
    finally:
        con.close()
    assert failed == {"int_units__observed: no meta key declared in its yml",
                      "stg_raw__regions: not listed in tests/staging_intermediate_keys.sql"}
