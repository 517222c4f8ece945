"""`govbudget` — the command line of CONTRACT.md.

Exit status: 0 every source landed; 1 a source could not be fetched or parsed (the rest landed);
2 usage error; 3 another run holds the warehouse and this one gave up waiting; 4 Prefect's
temporary local server did not start (nothing was run).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
EXIT_NO_ORCHESTRATOR = 4  # Prefect's temporary local server did not start: nothing was run


class WarehouseBusy(Exception):
    pass


@contextmanager
def warehouse_lock(warehouse: Path, wait_seconds: float):
    """One run per warehouse: an advisory lock file beside the DuckDB file.
    The kernel drops the lock when the process dies, so a killed run never blocks the next."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    fh = open(lock_path, "a+")
    deadline = time.monotonic() + max(0.0, wait_seconds)
    announced = False
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                fh.close()
                raise WarehouseBusy(
                    f"another govbudget run holds {warehouse} (lock {lock_path}); gave up after "
                    f"{wait_seconds:g} s")
            if not announced:
                print(f"waiting for another run to release {warehouse} …", file=sys.stderr)
                announced = True
            time.sleep(0.5)
    try:
        yield
    finally:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


def crawl_listings(listings: list[str], allow_hosts: list[str], link_pattern) -> list:
    from flows.crawl import crawl
    from flows.sources import Source, SourceError

    out = []
    for url in listings:
        try:
            out += crawl(url, allow_hosts, link_pattern)
        except SourceError as exc:  # recorded against the listing; the rest of the run goes on
            out.append(Source(url, {"kind": "listing", "_error": f"listing page: {exc}"}))
    return out


def resolve_sources(args: list[str], crawl: list[str] = (), allow_hosts: list[str] = (),
                    link_pattern=None) -> list:
    """Command-line sources and listings (--crawl, manifest rows of kind `listing`) → documents.
    Shared by `govbudget ingest` and the scheduled deployment."""
    from flows.sources import expand_sources

    sources = expand_sources(list(args))
    listings = list(crawl) + [s.uri for s in sources if s.metadata.get("kind") == "listing"]
    sources = [s for s in sources if s.metadata.get("kind") != "listing"]
    out, seen = [], set()
    for src in sources + crawl_listings(listings, list(allow_hosts), link_pattern):
        if src.uri not in seen:  # a document linked from a listing and a manifest: once
            seen.add(src.uri)
            out.append(src)
    return out


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govbudget", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("--warehouse", help="DuckDB file (default: $GOVBUDGET_WAREHOUSE or "
                                            "warehouse/govbudget.duckdb)")
        sp.add_argument("--wait", type=float, default=600.0,
                        help="seconds to wait for another run holding the warehouse (default 600)")

    ing = sub.add_parser("ingest", help="fetch, parse, land, build and check disclosures")
    ing.add_argument("sources", nargs="*", metavar="SOURCE",
                     help="file (.pdf, scanned or not; .html web page; .xlsx/.xls; .txt/.md "
                          "text conversion: the format is told from the bytes), directory, "
                          "http(s) URL (a web page's .xls/.xlsx/.pdf attachments come with it), "
                          "or manifest (.csv/.yaml)")
    ing.add_argument("--crawl", action="append", default=[], metavar="URL",
                     help="a listing page whose links lead to disclosure files")
    ing.add_argument("--allow-host", action="append", default=[], metavar="HOST")
    ing.add_argument("--link-pattern", metavar="REGEX")
    ing.add_argument("--runner", choices=["local", "dask"], default="local")
    ing.add_argument("--dask-address", metavar="tcp://HOST:PORT")
    ing.add_argument("--workers", type=int, help="parse worker processes (default: cores)")
    common(ing)

    chk = sub.add_parser("check", help="re-run the reconciliation checks on the warehouse")
    common(chk)

    srv = sub.add_parser("serve", help="run the scheduled ingestion deployment(s) against a "
                                       "Prefect server (PREFECT_API_URL)")
    srv.add_argument("sources", nargs="*", metavar="SOURCE",
                     help="what each run ingests (default: $GOVBUDGET_SCHEDULE_SOURCES)")
    srv.add_argument("--crawl", action="append", default=[], metavar="URL")
    srv.add_argument("--cron", help='schedule (default: $GOVBUDGET_SCHEDULE_CRON or "0 2 * * *")')
    srv.add_argument("--warehouse", help="DuckDB file (default: $GOVBUDGET_WAREHOUSE or "
                                         "warehouse/govbudget.duckdb)")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    from flows.prefect_server import ServerStartError
    from flows.sources import UsageError
    from flows.warehouse import warehouse_path

    if args.command == "serve":
        from flows.deployments import serve

        return serve(args.sources, args.crawl, args.cron, args.warehouse)

    warehouse = warehouse_path(args.warehouse).absolute()
    # Prefect's local mode keeps its state in a SQLite file; one per warehouse (runs on one
    # warehouse are serialised by its lock) so runs on different warehouses never contend.
    os.environ.setdefault("PREFECT_HOME", str(warehouse.parent / ".prefect"))
    # a first run migrates a fresh Prefect database: allow a slow machine more than 20 s
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    # nothing may call out at run time (telemetry would only log connection errors here)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    server = None
    try:
        if args.command == "ingest":
            if not args.sources and not args.crawl:
                print("govbudget ingest: give at least one SOURCE or --crawl URL", file=sys.stderr)
                return EXIT_USAGE
            if args.dask_address and args.runner != "dask":
                print("govbudget ingest: --dask-address needs --runner dask", file=sys.stderr)
                return EXIT_USAGE
            server = _start_prefect_early()
            sources = resolve_sources(args.sources, args.crawl, args.allow_host,
                                      args.link_pattern)
            if not sources:
                print("govbudget ingest: no documents found in the sources given",
                      file=sys.stderr)
                return EXIT_USAGE
            with warehouse_lock(warehouse, args.wait):
                _warm_up_while_server_starts(server)
                from flows.ingest_flow import ingest_flow

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
                from flows.ingest_flow import check_flow

                result = check_flow(str(warehouse))
            print(f"checks: {result.get('checks', 0)} run, {result.get('passed', 0)} passed, "
                  f"{result.get('failed', 0)} failed")
            if result.get("data_docs"):
                print(f"data docs: {result['data_docs']}")
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
    return EXIT_USAGE


def _start_prefect_early():
    """Prefect's temporary local server, started before the heavy imports (flows.prefect_server)."""
    from flows.prefect_server import start_if_local_mode

    return start_if_local_mode()


# Imported while the temporary server boots, in this order, each only if the server is still not
# ready: the run needs them all later (a run that changes nothing needs only the first).
_WARM_IMPORTS = ("flows.ingest_flow", "dbt.cli.main", "great_expectations")


def _warm_up_while_server_starts(server) -> None:
    import importlib

    from flows.prefect_server import startup_timeout

    for i, module in enumerate(_WARM_IMPORTS):
        if i and (server is None or server.ready()):
            break
        importlib.import_module(module)
    if server is not None:
        server.wait_ready(startup_timeout())


if __name__ == "__main__":
    sys.exit(main())
