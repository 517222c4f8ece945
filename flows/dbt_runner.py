"""Build the dbt project (staging, intermediate, marts) against one warehouse file.

dbt runs in this process through its programmatic entry point. The warehouse path reaches the
profile through the environment variable GOVBUDGET_WAREHOUSE; dbt's target and log folders live
beside the warehouse (``<warehouse folder>/.dbt/<warehouse name>/``), never in the repository.
The caller must not hold a DuckDB connection open on the warehouse while dbt builds it.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from pathlib import Path
from typing import Optional

PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
ECONOMIC_REFERENCE = PROJECT_DIR.parent / "extract" / "reference" / "economic_codes.csv"

_lock = threading.Lock()  # dbt's global state is per process: one build at a time


def _release_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after a build, so that the
    caller (read-only or not) and other processes can open the warehouse again."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - dbt-duckdb is a dependency
        return
    with DuckDBConnectionManager._LOCK:
        env = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
        if env is not None:
            try:
                env.close()
            except Exception:  # closing is best effort; the next build opens a fresh one
                pass
    gc.collect()


def dbt_state_dir(warehouse: Path) -> Path:
    """Where dbt's target/ and logs/ go for this warehouse."""
    warehouse = Path(warehouse).resolve()
    return warehouse.parent / ".dbt" / warehouse.stem


def run_dbt_build(warehouse: Path, select: Optional[str] = None) -> None:
    """Run ``dbt build`` (seeds, models, tests) on ``warehouse``.

    Raises RuntimeError naming the failing nodes (models that errored, tests that failed) when the
    build does not succeed, or dbt's own error when it could not start.
    """
    from dbt.cli.main import dbtRunner  # imported lazily: dbt is slow to import

    warehouse = Path(warehouse).resolve()
    state = dbt_state_dir(warehouse)
    state.mkdir(parents=True, exist_ok=True)
    dbt_vars = {"economic_reference": ECONOMIC_REFERENCE.is_file()}
    args = [
        "build",
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(state / "target"),
        "--log-path", str(state / "logs"),
        "--vars", json.dumps(dbt_vars),
        "--quiet",
        "--no-use-colors",
        "--no-send-anonymous-usage-stats",
        "--no-version-check",
    ]
    if select:
        args += ["--select", select]

    with _lock:
        previous = os.environ.get("GOVBUDGET_WAREHOUSE")
        os.environ["GOVBUDGET_WAREHOUSE"] = str(warehouse)
        try:
            result = dbtRunner().invoke(args)
        finally:
            _release_warehouse()
            if previous is None:
                os.environ.pop("GOVBUDGET_WAREHOUSE", None)
            else:
                os.environ["GOVBUDGET_WAREHOUSE"] = previous

    if result.success:
        return
    if result.exception is not None:
        raise RuntimeError(f"dbt build could not run: {result.exception}") from result.exception
    failed = []
    for node_result in getattr(result.result, "results", None) or []:
        status = str(getattr(node_result, "status", "")).lower()
        if status in ("error", "fail", "runtime error"):
            message = (getattr(node_result, "message", "") or "").strip().splitlines()
            failed.append(f"{node_result.node.unique_id} ({status}"
                          + (f": {message[0]}" if message else "") + ")")
    raise RuntimeError("dbt build failed: " + ("; ".join(failed) or "see dbt logs in "
                                                + str(state / "logs")))
