"""No per-user or generated file is committed: dbt's per-user id (.user.yml), dbt's target/ and
logs/, DuckDB files, Prefect's home (.prefect/)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

GENERATED = re.compile(r"(^|/)(\.user\.yml$|target/|logs/|\.prefect/|dbt_packages/)"
                       r"|\.duckdb(\.wal)?$")


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(),
                    reason="not a git checkout")
def test_no_per_user_or_generated_file_is_tracked():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert files  # the listing worked
    assert [f for f in files if GENERATED.search(f)] == []


def test_a_hand_run_dbt_writes_no_user_id():
    """dbt writes `<profiles dir>/.user.yml` (the profiles dir is dbt_project) unless anonymous
    usage statistics are off: dbt_project.yml turns them off for every invocation."""
    import yaml  # type: ignore[import-untyped]

    project = yaml.safe_load((REPO / "dbt_project" / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["flags"]["send_anonymous_usage_stats"] is False
