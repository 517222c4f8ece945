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

from extract.settings import settings

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


def dbt_threads() -> int:
    """dbt threads: GOVBUDGET_DBT_THREADS, else 4. DuckDB runs in this one process and each dbt
    thread gets its own cursor, so independent models and tests overlap (2–4 pay off even on 2
    cores: much of a node's time is dbt's own Python, not the query)."""
    return max(1, settings().dbt_threads)


def _failed_checks(warehouse: Path, node_results: list) -> dict[str, str]:
    """For failed tests built by the combined ``checks`` generic test, which checks failed:
    re-runs each test's compiled SQL read-only (it returns one row per failing check)."""
    out: dict[str, str] = {}
    todo = [(r.node.unique_id, getattr(r.node, "compiled_code", None)) for r in node_results
            if r.node.unique_id.startswith("test.") and str(getattr(r, "status", "")).lower() == "fail"]
    todo = [(uid, sql) for uid, sql in todo if sql]
    if not todo:
        return out
    try:
        import duckdb

        con = duckdb.connect(str(warehouse), read_only=True)
    except Exception:  # the message stays what dbt said
        return out
    try:
        for uid, sql in todo:
            try:
                rows = con.execute(f"select * from ({sql}) limit 20").fetchall()  # noqa: S608 — sql: a dbt test's compiled SQL (the project's), on a read-only connection
            except Exception:
                continue
            if rows and len(rows[0]) >= 3:
                out[uid] = ", ".join(f"{r[0]}: {r[1]} row(s)" + (f", e.g. {r[2]!r}" if r[2] is not None else "")
                                     for r in rows)
    finally:
        con.close()
    return out


# The build's own flags, after the shared ones: they choose which parsed nodes run, not what is
# parsed (the parse ahead, prepare_build, is keyed without them). dbt's unit tests (the yml's
# `unit_tests:`, fixed rows in and out) test the SQL, not the data: dbt's advice is to run them in
# development and CI and exclude them in production, so an ingest's build skips them
# (tests/test_dbt_unit_tests.py runs them; `parse` still parses them).
BUILD_ONLY_ARGS = ("--exclude-resource-type", "unit_test")


def _build_args(warehouse: Path, command: str) -> list[str]:
    """``command`` (build, parse, docs) with the flags every invocation on ``warehouse`` shares:
    dbt's target and logs beside it, the vars, threads, no colour, no telemetry; a build also
    leaves out the unit tests (BUILD_ONLY_ARGS)."""
    state = dbt_state_dir(warehouse)
    state.mkdir(parents=True, exist_ok=True)
    dbt_vars = {"economic_reference": ECONOMIC_REFERENCE.is_file()}
    build_only = list(BUILD_ONLY_ARGS) if command == "build" else []
    return [
        command,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(state / "target"),
        "--log-path", str(state / "logs"),
        "--vars", json.dumps(dbt_vars),
        "--threads", str(dbt_threads()),
        "--quiet",
        "--no-use-colors",
        "--no-send-anonymous-usage-stats",
        "--no-version-check",
        *build_only,
    ]


# Manifests parsed ahead of a build (prepare_build), by warehouse and the invocation's flags
_prepared: dict[tuple[str, ...], object] = {}


def prepare_build(warehouse: Path) -> bool:
    """Parse the project for the next ``run_dbt_build(warehouse)`` of this process, ahead of it:
    the command line calls this while the run's temporary Prefect server starts (this process
    would only wait). The manifest does not depend on the warehouse's data, only on the project,
    the vars and the warehouse's path; the build then starts from it instead of parsing (~1 s).
    Nothing is opened or created in the warehouse. False (and the build parses as before) when
    the parse fails."""
    from dbt.cli.main import dbtRunner  # noqa: F401 — imported here as before _invoke (dbt is slow to import)

    warehouse = Path(warehouse).resolve()
    args = _build_args(warehouse, "parse")
    try:
        result = _invoke(warehouse, args)
    except Exception:  # the build will parse, and say what is wrong
        return False
    if not result.success or result.result is None:
        return False
    _prepared[_prepared_key(warehouse, args)] = result.result
    return True


def _prepared_key(warehouse: Path, args: list[str]) -> tuple[str, ...]:
    """The parse's flags: the build's own (BUILD_ONLY_ARGS, at the end) do not change the parse."""
    rest = args[1:]
    if tuple(rest[-len(BUILD_ONLY_ARGS):]) == BUILD_ONLY_ARGS:
        rest = rest[:-len(BUILD_ONLY_ARGS)]
    return (str(warehouse), *rest)


def run_dbt_build(warehouse: Path, select: Optional[str] = None) -> None:
    """Run ``dbt build`` (seeds, models, tests) on ``warehouse``.

    Raises RuntimeError naming the failing nodes (models that errored, tests that failed, and for
    the combined ``checks`` tests which checks, e.g. ``accepted_values(measure)``) when the build
    does not succeed, or dbt's own error when it could not start.
    """
    from dbt.cli.main import dbtRunner  # noqa: F401 — imported here as before _invoke (dbt is slow to import)

    warehouse = Path(warehouse).resolve()
    state = dbt_state_dir(warehouse)
    args = _build_args(warehouse, "build")
    # a manifest parsed ahead for exactly these flags, used once (a later build parses again)
    manifest = _prepared.pop(_prepared_key(warehouse, args), None)
    if select:
        # a test runs only when all the models it reads are selected (a relationships check of a
        # partial build would otherwise read a dimension that was never built)
        args += ["--select", select, "--indirect-selection", "cautious"]

    result = _invoke(warehouse, args, manifest=manifest)

    if result.success:
        return
    if result.exception is not None:
        raise RuntimeError(f"dbt build could not run: {result.exception}") from result.exception
    failed = []
    node_results = list(getattr(result.result, "results", None) or [])
    checks = _failed_checks(warehouse, node_results)
    for node_result in node_results:
        status = str(getattr(node_result, "status", "")).lower()
        if status in ("error", "fail", "runtime error"):
            message = (getattr(node_result, "message", "") or "").strip().splitlines()
            detail = checks.get(node_result.node.unique_id) or (message[0] if message else "")
            failed.append(f"{node_result.node.unique_id} ({status}"
                          + (f": {detail}" if detail else "") + ")")
    raise RuntimeError("dbt build failed: " + ("; ".join(failed) or "see dbt logs in "
                                                + str(state / "logs")))


def run_dbt_docs(warehouse: Path) -> Path:
    """``dbt docs generate --static`` for ``warehouse``, offline: returns the one-file site
    (``<warehouse folder>/.dbt/<warehouse name>/target/static_index.html``) to open in a browser.
    Same rule as run_dbt_build: no other connection may hold the warehouse open for writing."""
    from dbt.cli.main import dbtRunner  # noqa: F401 — imported here as before _invoke (dbt is slow to import)

    warehouse = Path(warehouse).resolve()
    state = dbt_state_dir(warehouse)
    args = _build_args(warehouse, "docs")
    args[1:1] = ["generate", "--static"]  # `dbt docs generate --static`, then the shared flags
    result = _invoke(warehouse, args)
    if not result.success:
        raise RuntimeError(f"dbt docs generate failed: {result.exception or 'see ' + str(state / 'logs')}")
    return state / "target" / "static_index.html"


def parse_cache_entry(warehouse: Path, args: list[str]) -> Optional[Path]:
    """Where the cached parse of the project for this warehouse lives (flows.startup_cache), or
    None when the cache is off. Keyed by every file of the dbt project, dbt's and dbt-duckdb's
    versions, the command line's vars and the warehouse's database name (dbt-duckdb names the
    database after the file's stem and dbt writes it into every node at parse time; its own
    partial-parse check compares the profile's keys, not their values)."""
    from flows import startup_cache

    if not startup_cache.enabled():
        return None
    dbt_vars = args[args.index("--vars") + 1] if "--vars" in args else ""
    key = startup_cache.digest(
        ["dbt-parse", startup_cache.version_of("dbt-core"), startup_cache.version_of("dbt-duckdb"),
         str(PROJECT_DIR), dbt_vars, _database_name(warehouse)],
        startup_cache.project_files(PROJECT_DIR), relative_to=PROJECT_DIR)
    return startup_cache.cache_root() / "dbt-parse" / key


def _database_name(warehouse: Path) -> str:
    """The database name dbt-duckdb derives from the warehouse path (the file name up to its
    first dot), as the nodes of the parse carry it."""
    try:
        from dbt.adapters.duckdb.credentials import DuckDBCredentials

        return "db:" + DuckDBCredentials.path_derived_database_name(str(warehouse))
    except Exception:  # pragma: no cover - the whole file name: stricter, still right
        return "file:" + Path(warehouse).name


PARTIAL_PARSE = "partial_parse.msgpack"


def _profile_hash(warehouse: Path) -> Optional[str]:
    """The profile checksum dbt stores in a parse (ManifestLoader.build_manifest_state_check: the
    connection's keys and values, sorted), for this warehouse's path, computed from the output of
    profiles.yml as dbt renders it here (GOVBUDGET_WAREHOUSE is the only template in it). None when
    it cannot be computed. A parse is cached only when this equals what dbt itself stored, so a
    profile this does not render right is never cached: dbt parses in full, as without a cache."""
    try:
        import pprint

        import yaml  # type: ignore[import-untyped]  # PyYAML has no types; types-PyYAML is not installed
        from dbt.adapters.duckdb.credentials import DuckDBCredentials
        from dbt.contracts.files import FileHash

        profile = yaml.safe_load((PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"))
        profile = profile["govbudget"]
        output = dict(profile["outputs"][profile["target"]])
        if "GOVBUDGET_WAREHOUSE" not in str(output.get("path", "")):
            return None
        output["path"] = str(warehouse)
        if any("{{" in str(v) for v in output.values()):
            return None
        for key in ("type", "threads"):
            output.pop(key, None)
        creds = DuckDBCredentials.from_dict(output)
        return FileHash.from_contents(pprint.pformat(sorted(creds.connection_info()))).checksum
    except Exception:
        return None


def _parse_profile_hash(path: Path) -> Optional[str]:
    try:
        import msgpack

        data = msgpack.unpackb(path.read_bytes(), raw=False, strict_map_key=False)
        return data["state_check"]["profile_hash"]["checksum"]
    except Exception:
        return None


def _start_from_cached_parse(entry: Path, target: Path, warehouse: Path) -> None:
    """The cached parse, with the profile checksum of this warehouse's path in place of the path
    it was made with: the one difference the cache key leaves between them (the database name,
    which the nodes carry, is in the key; the path appears nowhere else in the parse). dbt still
    compares every file's checksum and re-parses what changed."""
    try:
        import msgpack

        profile_hash = _profile_hash(warehouse)
        source = entry / PARSE_CACHE_FILE
        if profile_hash is None or not source.is_file():
            return
        data = msgpack.unpackb(source.read_bytes(), raw=False, strict_map_key=False)
        data["state_check"]["profile_hash"]["checksum"] = profile_hash
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        tmp.write_bytes(msgpack.packb(data, use_bin_type=True))
        os.replace(tmp, target)
    except Exception:  # a damaged entry: dbt parses in full
        pass
PARSE_CACHE_FILE = PARTIAL_PARSE


def _invoke(warehouse: Path, args: list[str], manifest: Optional[object] = None):
    """Run dbt on `warehouse` (the profile reads GOVBUDGET_WAREHOUSE), one invocation per process
    at a time, and close dbt-duckdb's connection afterwards so others can open the file.
    A warehouse without a parse of its own starts from the cached one (parse_cache_entry), and a
    successful invocation's parse is cached when there is none. ``manifest``: one parsed ahead
    (prepare_build) for the same flags; dbt then does not parse."""
    from dbt.cli.main import dbtRunner

    from flows import startup_cache

    target = Path(args[args.index("--target-path") + 1]) / PARTIAL_PARSE
    entry = parse_cache_entry(warehouse, args)
    if entry is not None and not target.exists():
        _start_from_cached_parse(entry, target, warehouse)
    with _lock:
        previous = os.environ.get("GOVBUDGET_WAREHOUSE")
        os.environ["GOVBUDGET_WAREHOUSE"] = str(warehouse)
        try:
            result = dbtRunner(manifest=manifest).invoke(args)  # type: ignore[arg-type]  # a Manifest from prepare_build
            if (entry is not None and result.success and target.is_file()
                    and not (entry / PARSE_CACHE_FILE).is_file()
                    and _parse_profile_hash(target) == _profile_hash(warehouse)):
                startup_cache.publish(target, entry, PARSE_CACHE_FILE)
            return result
        finally:
            _release_warehouse()
            if previous is None:
                os.environ.pop("GOVBUDGET_WAREHOUSE", None)
            else:
                os.environ["GOVBUDGET_WAREHOUSE"] = previous
