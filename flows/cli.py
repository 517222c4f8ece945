"""`govbudget` — the command line of CONTRACT.md.

Exit status: 0 every source landed; 1 a source could not be fetched or parsed (the rest landed);
2 usage error; 3 another run holds the warehouse and this one gave up waiting; 4 Prefect's
temporary local server did not start (nothing was run).

Quiet by default: progress (on a terminal, or with --progress) and the summary; Prefect's INFO
lines (a line per task, a "View at" link to the run's temporary server) only with -v. Prefect's
logging is configured when Prefect is imported, so the level is set in the environment first.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# the lock beside the warehouse and source resolution live in modules of their own, so that the
# scheduled deployment (flows/deployments.py) shares them without importing the command line
from flows.sources import resolve_sources
from flows.warehouse_lock import WarehouseBusy, warehouse_lock

EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
EXIT_NO_ORCHESTRATOR = 4  # Prefect's temporary local server did not start: nothing was run
EXIT_WAREHOUSE_TOO_NEW = 5  # a newer govbudget made the warehouse: nothing was run (flows/schema)


EXIT_CODES_HELP = """\
exit status:
  0  every source landed (failing checks are findings, not errors)
  1  a source could not be fetched or parsed (the others landed; the failure is recorded)
  2  usage error (bad option, no given source exists, bad manifest, SQL error in query)
  3  another run holds the warehouse and this one gave up waiting (--wait)
  4  Prefect's temporary local server did not start (nothing was run)
  5  the warehouse was made by a newer govbudget (nothing was run; upgrade govbudget)"""

COMMON_ENV_HELP = """\
  GOVBUDGET_WAREHOUSE      the warehouse file when --warehouse is not given
                           (default warehouse/govbudget.duckdb under the current directory)
  PREFECT_API_URL          a running Prefect server to report to (default: a temporary one per run)
  PREFECT_HOME             Prefect's state (default: .prefect beside the warehouse)"""

INGEST_EPILOG = f"""\
examples:
  govbudget ingest report.pdf                       one file into warehouse/govbudget.duckdb
  govbudget ingest sample_data/ --warehouse w/g.duckdb   every document under a directory
  govbudget ingest sources.csv                      a manifest (url,unit_name,fiscal_year,...)
  govbudget ingest https://example.gov.cn/list.csv  a manifest fetched by URL
  govbudget ingest https://example.gov.cn/a.pdf     one document by URL
  govbudget ingest --crawl https://example.gov.cn/yjs/ --allow-host files.example.gov.cn \\
      --link-pattern '/2026/.*\\.pdf$'             the documents a listing page links to
  govbudget ingest -v report.pdf                    with Prefect's INFO lines

output: progress bars on stderr when it is a terminal (or with --progress), then the run's summary
on stdout: sources landed/unchanged/failed, tables, line items, checks passed/failed, timings, and
where the Data Docs, the dashboard and the read-only snapshot are (<warehouse stem>-snapshot.duckdb, which
`govbudget query` reads). A source that does not exist beside others that do is recorded as failed
(exit 1); when no given source exists, nothing starts (exit 2).

{EXIT_CODES_HELP}

environment:
{COMMON_ENV_HELP}
  GOVBUDGET_ALLOW_PRIVATE_NETWORKS=1   allow URLs on loopback/private addresses (refused otherwise)
  GOVBUDGET_WORKERS        parse worker processes (default: cores, at most 8)
  GOVBUDGET_MAX_BYTES      size limit per document (default 200 MiB)
  GOVBUDGET_MAX_PAGES, GOVBUDGET_PARSE_TIMEOUT, GOVBUDGET_PARSE_MEMORY_MB   limits per document
  GOVBUDGET_FETCH_TIMEOUT, GOVBUDGET_FETCH_RETRIES, GOVBUDGET_FETCH_BACKOFF,
  GOVBUDGET_FETCH_THREADS, GOVBUDGET_HOST_CONCURRENCY, GOVBUDGET_HOST_INTERVAL   fetching
  GOVBUDGET_FULL_CHECKS=1  re-check every document, not only the changed ones
  GOVBUDGET_ALWAYS_BUILD=1 run dbt and the checks even when nothing changed
  GOVBUDGET_CACHE_DIR      the start-up cache: dbt's parse, Prefect's empty database
                           (default $XDG_CACHE_HOME/govbudget or ~/.cache/govbudget)
  GOVBUDGET_STARTUP_CACHE=0   neither read nor write that cache
  GOVBUDGET_FAST_START=0   no start-up measures (no cache, GE in this process, full exit)
  every GOVBUDGET_* variable, its type and default: README.md, section Settings"""

CHECK_EPILOG = f"""\
examples:
  govbudget check                                   re-run every check on the default warehouse
  govbudget check --warehouse w/g.duckdb -v         another warehouse, with Prefect's INFO lines

Re-runs dbt's build and every reconciliation check on what is in the warehouse, rebuilds the
Data Docs and the dashboard, and publishes the snapshot. Prints the checks' counts.

{EXIT_CODES_HELP}
  (check: 0 when the checks ran, whatever they found; 2 when there is no warehouse)

environment:
{COMMON_ENV_HELP}"""

SERVE_EPILOG = f"""\
examples:
  PREFECT_API_URL=http://127.0.0.1:4200/api govbudget serve sources.csv --cron "0 2 * * *"
  GOVBUDGET_SCHEDULE_SOURCES="https://example.gov.cn/list.csv" govbudget serve

Registers the scheduled ingestion deployment with the Prefect server and runs its flow runs
until interrupted (Ctrl-C). Each scheduled run ingests the sources as `govbudget ingest` does.
A long-lived process: it logs Prefect's INFO lines (the runs it starts and how they end).

exit status:
  0  stopped
  2  usage error (no sources, PREFECT_API_URL not set, bad manifest)

environment:
{COMMON_ENV_HELP}
  GOVBUDGET_SCHEDULE_SOURCES   what each run ingests when no SOURCE is given (space-separated)
  GOVBUDGET_SCHEDULE_CRAWL     listing pages each run crawls (space-separated)
  GOVBUDGET_SCHEDULE_CRON      the schedule when --cron is not given (default "0 2 * * *")"""

QUERY_EPILOG = """\
examples:
  govbudget query "SELECT doc_type, count(*) FROM marts.dim_document GROUP BY 1"
  govbudget query --format csv "SELECT * FROM marts.fct_line_item LIMIT 100" > items.csv
  govbudget query --format json "SELECT * FROM dq.latest_check_results WHERE status = 'fail'"
  echo "SELECT count(*) FROM marts.fct_line_item" | govbudget query -

Opens <warehouse stem>-snapshot.duckdb (the read-only copy every run publishes beside the
warehouse, so queries never wait for a run) read-only, or the warehouse itself read-only when
there is no snapshot yet. Statements that write are refused. json: a list of objects, one per
row; DECIMAL amounts as strings (exact), dates and times in ISO 8601.

exit status:
  0  the statement ran (its rows are printed)
  2  usage error: SQL error (the message is printed), a statement that writes, no SQL, no warehouse
  3  no snapshot yet and a run holds the warehouse: try again when it ends

environment:
  GOVBUDGET_WAREHOUSE      the warehouse file when --warehouse is not given
                           (default warehouse/govbudget.duckdb under the current directory)"""


def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(
        prog="govbudget", formatter_class=fmt,
        description="govbudget: Chinese public budget and final-account disclosures → a "
                    "reconciled DuckDB warehouse.",
        epilog="run `govbudget COMMAND --help` for a command's examples, exit status and "
               "environment.\n\n" + EXIT_CODES_HELP)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def warehouse_opt(sp):
        sp.add_argument("--warehouse", help="DuckDB file (default: $GOVBUDGET_WAREHOUSE or "
                                            "warehouse/govbudget.duckdb)")

    def output_opts(sp):
        sp.add_argument("-v", "--verbose", action="store_true",
                        help="show Prefect's INFO lines (a line per task run, the run's link); "
                             "warnings and errors show either way")
        sp.add_argument("--progress", action="store_true",
                        help="progress bars on stderr even when it is not a terminal "
                             "(default: only on a terminal)")

    def common(sp):
        warehouse_opt(sp)
        sp.add_argument("--wait", type=float, default=600.0,
                        help="seconds to wait for another run holding the warehouse (default 600)")
        output_opts(sp)

    ing = sub.add_parser("ingest", help="fetch, parse, land, build and check disclosures",
                         description="Fetch, parse, land, build (dbt) and check disclosures, "
                                     "then print a summary.",
                         epilog=INGEST_EPILOG, formatter_class=fmt)
    ing.add_argument("sources", nargs="*", metavar="SOURCE",
                     help="file (.pdf, scanned or not; .html web page; .xlsx/.xls; .txt/.md "
                          "text conversion: the format is told from the bytes), directory, "
                          "http(s) URL (a web page's .xls/.xlsx/.pdf attachments come with it), "
                          "or manifest (.csv/.yaml, a path or an http(s) URL)")
    ing.add_argument("--crawl", action="append", default=[], metavar="URL",
                     help="a listing page whose links lead to disclosure files")
    ing.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                     help="a host besides the listing page's own whose links --crawl follows "
                          "(repeatable)")
    ing.add_argument("--link-pattern", metavar="REGEX",
                     help="links whose URL matches REGEX are the documents (--crawl; default: "
                          "links to document files)")
    ing.add_argument("--runner", choices=["local", "dask"], default="local",
                     help="where parsing runs (default local worker processes)")
    ing.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                     help="a Dask scheduler (--runner dask; default a local Dask cluster)")
    ing.add_argument("--workers", type=int, help="parse worker processes (default: cores)")
    common(ing)

    chk = sub.add_parser("check", help="re-run the reconciliation checks on the warehouse",
                         description="Re-run dbt's build and the reconciliation checks on what "
                                     "is in the warehouse.",
                         epilog=CHECK_EPILOG, formatter_class=fmt)
    common(chk)

    srv = sub.add_parser("serve", help="run the scheduled ingestion deployment(s) against a "
                                       "Prefect server (PREFECT_API_URL)",
                         description="Run the scheduled ingestion deployment against a Prefect "
                                     "server (PREFECT_API_URL).",
                         epilog=SERVE_EPILOG, formatter_class=fmt)
    srv.add_argument("sources", nargs="*", metavar="SOURCE",
                     help="what each run ingests (default: $GOVBUDGET_SCHEDULE_SOURCES)")
    srv.add_argument("--crawl", action="append", default=[], metavar="URL")
    srv.add_argument("--cron", help='schedule (default: $GOVBUDGET_SCHEDULE_CRON or "0 2 * * *")')
    warehouse_opt(srv)

    qry = sub.add_parser("query", help="run SQL on the warehouse's read-only snapshot",
                         description="Run one SQL statement (or several; the last one's rows "
                                     "are printed) on the warehouse's snapshot, read-only.",
                         epilog=QUERY_EPILOG, formatter_class=fmt)
    qry.add_argument("sql", metavar="SQL", help='the statement, or "-" to read it from stdin')
    warehouse_opt(qry)
    qry.add_argument("--format", choices=["table", "csv", "json"], default="table",
                     help="output format (default table)")
    return p


def _configure_output(args) -> None:
    """Quiet by default: Prefect's console handler shows warnings and errors only; -v shows its
    INFO lines too. Set in the environment before Prefect is imported (it reads its logging
    settings once, then); a Prefect already imported in this process (a caller's, a test's) has
    its console handler set directly. Progress bars: on a terminal, or with --progress."""
    import logging

    verbose = getattr(args, "verbose", False)
    name = "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"
    if verbose:
        os.environ.pop(name, None)  # logging.yml's own: everything the loggers pass (INFO)
    else:
        os.environ.setdefault(name, "WARNING")  # a level the user set stands
    if "prefect" in sys.modules:
        level = logging.NOTSET if verbose else logging.WARNING
        for handler in logging.getLogger().handlers + logging.getLogger("uvicorn").handlers:
            if type(handler).__name__ == "PrefectConsoleHandler":
                handler.setLevel(level)
    from flows import progress

    progress.configure(getattr(args, "progress", False) or _stderr_is_terminal())


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _warehouse_path(explicit: str | None) -> Path:
    """flows.warehouse.warehouse_path without its imports (DuckDB, the parsers): usage errors are
    told before anything heavy is loaded (pydantic, for the settings, only when --warehouse is
    not given)."""
    if explicit:
        return Path(explicit).absolute()
    from extract.settings import settings

    return Path(settings().warehouse).absolute()


def _absent_sources(sources: list[str]) -> list[str]:
    """The given local paths that do not exist (URLs are the fetch's to judge)."""
    return [s for s in sources if "://" not in s and not os.path.lexists(os.path.expanduser(s))]


def _local_only(args) -> bool:
    return not args.crawl and all("://" not in s for s in args.sources)


def main(argv: list[str] | None = None) -> int:
    from flows.startup_trace import mark

    mark("cli")
    global _command_line
    _command_line = argv is None
    code = _main(argv)
    mark("summary")
    if argv is None and _ran_a_flow:
        _exit_now(code)  # the command line (not a caller in-process): no interpreter teardown
    return code


_ran_a_flow = False
_command_line = False  # main() of the command line (not a caller's in-process call)


def _exit_now(code: int) -> None:
    """End the process as the interpreter would, less its teardown: the threads' exit hooks
    (Prefect's log and event services send what they hold), then the atexit hooks (Prefect's
    worker threads, dbt-duckdb's connections, the temporary server's stop), the streams flushed;
    then ``os._exit``, skipping the destruction of every module and object that dbt, Prefect and
    Great Expectations loaded (1–3 s after the summary). GOVBUDGET_FAST_START=0: a normal exit."""
    from flows.startup_cache import fast_start

    if not fast_start():
        return
    import atexit
    import threading

    try:
        threading._shutdown()  # type: ignore[attr-defined]  # joins non-daemon threads; runs threading._register_atexit hooks
    except Exception:
        pass
    atexit._run_exitfuncs()
    from flows.startup_trace import mark

    mark("exit")
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


def _main(argv: list[str] | None = None) -> int:
    global _ran_a_flow
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    if args.command == "query":
        return run_query(args)
    if args.command != "serve":  # a long-lived server's log keeps Prefect's INFO lines
        _configure_output(args)
    if args.command == "ingest":
        # usage errors first, before a server, dbt or a warehouse file: a mistyped path is told
        # in a fraction of a second
        if not args.sources and not args.crawl:
            print("govbudget ingest: give at least one SOURCE or --crawl URL", file=sys.stderr)
            return EXIT_USAGE
        if args.dask_address and args.runner != "dask":
            print("govbudget ingest: --dask-address needs --runner dask", file=sys.stderr)
            return EXIT_USAGE
        absent = _absent_sources(args.sources)
        if absent and len(absent) == len(args.sources) and not args.crawl:
            print("govbudget ingest: no such file or directory: " + ", ".join(absent)
                  + " (nothing was run)", file=sys.stderr)
            return EXIT_USAGE
        for path in absent:  # beside sources that exist: recorded as failed, the rest lands
            print(f"govbudget ingest: warning: no such file or directory: {path} (recorded as "
                  "failed; the other sources go on)", file=sys.stderr)
    from flows.prefect_server import ServerStartError
    from flows.schema import WarehouseTooNew
    from flows.sources import UsageError

    if args.command == "serve":
        from flows.deployments import serve

        return serve(args.sources, args.crawl, args.cron, args.warehouse)

    warehouse = _warehouse_path(args.warehouse)
    # Prefect's local mode keeps its state in a SQLite file; one per warehouse (runs on one
    # warehouse are serialised by its lock) so runs on different warehouses never contend.
    os.environ.setdefault("PREFECT_HOME", str(warehouse.parent / ".prefect"))
    # a first run migrates a fresh Prefect database: allow a slow machine more than 20 s
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    # nothing may call out at run time (telemetry would only log connection errors here)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # nor Prefect's client-side telemetry (on a terminal its first run also prints a notice)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    server = None
    try:
        if args.command == "ingest":
            if _local_only(args):
                # local sources only: expanding them is cheap and reads no network, so an empty
                # directory or a bad manifest is a usage error before the server starts
                from flows.sources import expand_sources

                if not expand_sources(list(args.sources)):
                    print("govbudget ingest: no documents found in the sources given",
                          file=sys.stderr)
                    return EXIT_USAGE
            server = _start_prefect_early()
            sources = resolve_sources(args.sources, args.crawl, args.allow_host,
                                      args.link_pattern)
            if not sources:
                print("govbudget ingest: no documents found in the sources given",
                      file=sys.stderr)
                return EXIT_USAGE
            with warehouse_lock(warehouse, args.wait):
                _warm_up_while_server_starts(server, build_for=warehouse)
                _migrate_warehouse(warehouse)
                _start_gx_process(warehouse)
                from flows.ingest_flow import ingest_flow

                _ran_a_flow = True
                with _no_heartbeats_for_a_temporary_server(server):
                    summary = ingest_flow(sources, str(warehouse), workers=args.workers,
                                          runner=args.runner, dask_address=args.dask_address)
            print(summary.render())
            print(f"  warehouse: {warehouse}")
            return summary.exit_code()
        if args.command == "check":
            if not warehouse.exists():
                print(f"govbudget check: no warehouse at {warehouse}", file=sys.stderr)
                return EXIT_USAGE
            server = _start_prefect_early()
            with warehouse_lock(warehouse, args.wait):
                _warm_up_while_server_starts(server)
                _migrate_warehouse(warehouse)
                _start_gx_process(warehouse)
                from flows.ingest_flow import check_flow

                _ran_a_flow = True
                with _no_heartbeats_for_a_temporary_server(server):
                    result = check_flow(str(warehouse))
            print(f"checks: {result.get('checks', 0)} run, {result.get('passed', 0)} passed, "
                  f"{result.get('failed', 0)} failed")
            if result.get("data_docs"):
                print(f"data docs: {result['data_docs']}")
            if result.get("dashboard"):
                print(f"dashboard: {result['dashboard']}")
            return EXIT_OK
    except UsageError as exc:
        print(f"govbudget: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WarehouseBusy as exc:
        print(f"govbudget: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except ServerStartError as exc:
        print(f"govbudget: nothing was run: {exc}", file=sys.stderr)
        return EXIT_NO_ORCHESTRATOR
    except WarehouseTooNew as exc:
        print(f"govbudget: nothing was run: {exc}", file=sys.stderr)
        return EXIT_WAREHOUSE_TOO_NEW
    return EXIT_USAGE


def _migrate_warehouse(warehouse: Path) -> None:
    """Bring the warehouse's raw and dq schemas up to date before the flow starts (flows/schema),
    or raise WarehouseTooNew, the file untouched, before any task runs (no Prefect traceback).
    Called once the server is up: a run that cannot start (exit 4) neither creates nor upgrades
    a warehouse."""
    from flows.warehouse import connect

    connect(warehouse).close()


def run_query(args) -> int:
    """`govbudget query`: no Prefect, no lock; the snapshot (or the warehouse) read-only."""
    from flows.query import run

    sql = sys.stdin.read() if args.sql == "-" else args.sql
    return run(sql, _warehouse_path(args.warehouse), args.format)


def _start_prefect_early():
    """Prefect's temporary local server, started before the heavy imports (flows.prefect_server)."""
    from flows.prefect_server import start_if_local_mode

    return start_if_local_mode()


# Imported while the temporary server boots, in this order, each only if the server is still not
# ready: the run needs them all later (a run that changes nothing needs only the first). Great
# Expectations is imported here only when it has no process of its own (_start_gx_process).
_WARM_IMPORTS = ("flows.ingest_flow", "dbt.cli.main", "dbt.task.build", "expectations.runner",
                 "great_expectations")


def _start_gx_process(warehouse: Path) -> None:
    """Great Expectations imported, and the warehouse's context built, in a process of its own
    on the other core (flows.gx_process), for the run's validation (its Data Docs go where the
    run's checks put them: data_docs/ beside the warehouse, GE's project gx/ there too). Started
    by the flow when dbt's build begins (flows.gx_process.prepare), not earlier: the server's
    start and Prefect's creating the run would compete with it for the other core."""
    if not _gx_in_own_process():  # a caller in-process (a test) imports GE once for all runs
        return
    from flows.gx_process import prepare

    prepare(warehouse.parent, warehouse.parent / "data_docs")


def _gx_in_own_process() -> bool:
    from flows.startup_cache import fast_start

    return _command_line and fast_start()


def _no_heartbeats_for_a_temporary_server(server):
    """No flow-run heartbeats when the server is the run's own temporary one. Heartbeats tell a
    long-lived server that a run it cannot see has crashed; this server ends with the run, so
    nobody reads them, and the flow's end waits up to a second for the heartbeat thread's sleep.
    A user's server (PREFECT_API_URL) keeps them."""
    import contextlib

    if server is None:
        return contextlib.nullcontext()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def _warm_up_while_server_starts(server, build_for: Path | None = None) -> None:
    """While the temporary server boots: the run's imports, then (``build_for``, with the start-up
    measures on) dbt's parse of the project for that warehouse's build (dbt_runner.prepare_build),
    each only while the server is still not ready; then wait for it."""
    from flows.collector import paused_while_loading
    from flows.startup_cache import fast_start

    # the command line's own process only (a test calling main() in-process keeps its collector)
    with paused_while_loading(_command_line and fast_start()):
        _warm_up(server, build_for)
    if server is not None:
        from flows.prefect_server import startup_timeout
        from flows.startup_trace import mark

        server.wait_ready(startup_timeout())
        mark("server ready")


def _warm_up(server, build_for: Path | None) -> None:
    import importlib

    from flows.startup_trace import mark

    mark("warm-up start")
    own = _gx_in_own_process()
    for i, module in enumerate(_WARM_IMPORTS):
        if module == "great_expectations" and own:
            continue
        if i and (server is None or server.ready()):
            break
        importlib.import_module(module)
        mark(f"imported {module}")
    if build_for is not None and server is not None and not server.ready():
        from flows.startup_cache import fast_start

        if fast_start():
            from flows.dbt_runner import prepare_build

            prepare_build(build_for)
            mark("dbt parsed ahead")


if __name__ == "__main__":
    sys.exit(main())
