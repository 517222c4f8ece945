"""The ingestion flow: sources → bytes → parse (worker processes) → land raw → dbt build → checks.

Prefect tasks here are thin: retries, concurrency and timing live here; logic lives in `extract`
(parsing), `flows.warehouse` (landing), `dbt_project` (models) and `expectations` (checks).
Workers only parse; this process is the one writer of the DuckDB file.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, cast

from prefect import flow, task
# The flow's tasks carry documents' bytes and parsed tables: Prefect's default cache policy would
# hash every input on every call (seconds per thousand documents). Caching by content and parser
# version is the warehouse's job (raw.documents), so the tasks keep no Prefect cache.
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from extract.model import Document
from extract.pipeline import document_id_of
from extract.settings import settings
from flows import progress
from flows import warehouse as wh
from flows.parse_pool import iter_parse_in_workers
from flows.parse_worker import Parsed, parse_failed, parse_one
from flows.sources import Source


@dataclass
class Fetched:
    source: Source
    path: Optional[Path] = None  # the bytes, in the raw store (read by the parse worker)
    size: Optional[int] = None
    error: Optional[str] = None
    sha256: Optional[str] = None
    not_modified: bool = False  # HTTP 304: the stored bytes were reused
    attempts: int = 0
    skipped: bool = False  # already landed by this parser version: not parsed again


@dataclass
class RunSummary:
    run_id: str
    sources: int = 0
    landed: int = 0
    unchanged: int = 0
    failed: int = 0
    parse_skipped: int = 0  # unchanged bytes not parsed again (incremental run)
    not_modified: int = 0  # URLs answered 304 Not Modified (conditional request)
    fetch_retries: int = 0
    snapshot: Optional[str] = None
    changed: bool = True  # whether this run changed what the marts show
    build_skipped: bool = False  # nothing changed and the marts were built: dbt, checks skipped
    tables: int = 0
    line_items: int = 0
    unknown_tables: dict = field(default_factory=dict)  # title → count: tables of no known kind
    checks: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)  # (source_uri, error)
    timings: dict = field(default_factory=dict)
    data_docs: Optional[str] = None
    dashboard: Optional[str] = None

    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def render(self) -> str:
        c = self.checks
        lines = [
            f"govbudget run {self.run_id}",
            f"  sources:   {self.sources} ({self.landed} landed, {self.unchanged} unchanged, "
            f"{self.failed} failed)",
            f"  fetch:     {self.not_modified} not modified (304), {self.fetch_retries} retries; "
            f"parse skipped for {self.parse_skipped} already landed",
            f"  tables:    {self.tables}",
            f"  rows:      {self.line_items} line items",
            *([f"  unknown:   {sum(self.unknown_tables.values())} tables of no known kind: "
               + "; ".join(f"{t} ×{n}" for t, n in sorted(
                   self.unknown_tables.items(), key=lambda kv: (-kv[1], kv[0]))[:12])]
              if self.unknown_tables else []),
            f"  checks:    {c.get('checks', 0)} run, {c.get('passed', 0)} passed, "
            f"{c.get('failed', 0)} failed ({c.get('failed_errors', 0)} error-level), "
            f"{c.get('not_applicable', 0)} not applicable"
            + (f" (this run re-checked {c.get('documents', 0)} documents: {c.get('checks_run', 0)} "
               "checks)" if c.get("scope") == "changed" else ""),
        ]
        if self.timings:
            lines.append("  timings:   " + ", ".join(f"{k} {v:.1f}s" for k, v in
                                                      self.timings.items()))
        for uri, err in self.failures:
            lines.append(f"  FAILED {uri}: {err}")
        if self.data_docs:
            lines.append(f"  data docs: {self.data_docs}")
        if self.dashboard:
            lines.append(f"  dashboard: {self.dashboard}")
        if self.build_skipped:
            lines.append("  marts:     nothing changed: dbt build and checks skipped")
        if self.snapshot:
            lines.append(f"  snapshot:  {self.snapshot} (open it read-only while runs go on)")
        return "\n".join(lines)


@task(name="fetch-sources", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def fetch_sources(sources: list[Source], warehouse: Optional[Path] = None) -> list[Fetched]:
    """Fetch every source (flows.fetch: retries with backoff per request, conditional requests,
    per-host limits, bytes kept in the content-addressed raw store beside the warehouse).
    A source's failure is recorded against it; the task itself is retried by Prefect only if the
    stage as a whole breaks (e.g. the fetch cache cannot be read)."""
    from flows.fetch import RawStore, fetch_all, read_cache, write_cache

    if warehouse is None:  # no warehouse, no store: a throwaway one
        import tempfile

        store = RawStore(Path(tempfile.mkdtemp(prefix="govbudget-raw-")))
        cache = {}
    else:
        store = RawStore.beside(warehouse)
        con = wh.connect(warehouse)
        try:
            cache = read_cache(con, [s.uri for s in sources if s.is_url])
        finally:
            con.close()
    # the bytes stay in the store; workers read them there (a province run never holds them all)
    with progress.bar("fetch", len(sources)) as bar:
        results = fetch_all(sources, store, cache, keep_bytes=False,
                            on_done=lambda _r: bar.advance())
        attachments = _attachments_of_pages(results, store, {s.uri for s in sources})
        if attachments:  # a disclosure page's tables, published beside it (flows.attachments)
            if warehouse is not None:
                con = wh.connect(warehouse)
                try:
                    cache.update(read_cache(con, [s.uri for s in attachments if s.is_url]))
                finally:
                    con.close()
            bar.grow(len(sources) + len(attachments))
            results += fetch_all(attachments, store, cache, keep_bytes=False,
                                 on_done=lambda _r: bar.advance())
    if warehouse is not None:
        con = wh.connect(warehouse)
        try:
            write_cache(con, results)
        finally:
            con.close()
    return [Fetched(r.source, path=store.path_of(r.sha256) if r.error is None and r.sha256 else None,
                    size=r.size, error=r.error, sha256=r.sha256, not_modified=r.not_modified,
                    attempts=r.attempts) for r in results]


def _attachments_of_pages(results, store, given: set[str]) -> list[Source]:
    """Sources for the attachments linked by the fetched sources that are web pages."""
    from flows.attachments import attachment_sources, looks_like_html, parent_of

    out: list[Source] = []
    for r in results:
        if r.error is not None or not r.sha256 or parent_of(r.source):
            continue
        try:
            with open(store.path_of(r.sha256), "rb") as fh:
                if not looks_like_html(fh.read(4096)):
                    continue
                fh.seek(0)
                page = fh.read()
        except OSError:
            continue
        found = attachment_sources(r.source, page, given)
        for src in found:
            src.metadata["parent_sha256"] = r.sha256  # the worker reads what the page says
        out += found
    return out


@task(name="skip-landed", cache_policy=NO_CACHE)
def skip_landed(warehouse: Path, fetched: list[Fetched]) -> int:
    """Incremental runs: bytes whose sha256 already landed with this parser version are not
    parsed again (the cache key is content + PARSER_VERSION; see flows.warehouse.landed_version).
    Returns how many were skipped."""
    from extract import PARSER_VERSION

    shas = sorted({f.sha256 for f in fetched if f.path is not None and f.sha256})
    if not shas:
        return 0
    con = wh.connect(warehouse)
    try:
        landed = {r[0] for r in con.execute(
            "SELECT document_id FROM raw.documents WHERE status = 'landed' AND parser_version = ?"
            " AND document_id IN (SELECT unnest(?::VARCHAR[]))", [PARSER_VERSION, shas]
        ).fetchall()}
    finally:
        con.close()
    skipped = 0
    for f in fetched:
        if f.path is not None and f.sha256 in landed:
            f.skipped = True
            skipped += 1
    return skipped


@task(name="parse-document", cache_policy=NO_CACHE)
def parse_document_task(item: tuple[Source, bytes]) -> Parsed:
    return parse_one(item)


def parse_on_dask(todo: list, address: Optional[str], workers: int) -> list[Parsed]:
    """Parse on a Dask cluster through prefect-dask (a local cluster when no address is given).
    Workers only parse; results come back here, to the one process that writes DuckDB."""
    from prefect_dask import DaskTaskRunner

    runner = (DaskTaskRunner(address=address) if address else DaskTaskRunner(
        cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                        "dashboard_address": None}))

    @flow(name="govbudget-parse-dask", task_runner=runner)
    def parse_flow(items: list) -> list[Parsed]:
        futures = parse_document_task.map(items)
        return [f.result() for f in futures]

    return parse_flow(todo) if todo else []


def parse_on_local_workers(todo: list, workers: int) -> Iterator[Parsed]:
    """Parse in worker processes on this machine, each result as it finishes. Always in workers,
    even for one document: a hostile file may only cost its own worker (time and memory limits),
    never this process, which holds the warehouse."""
    for _index, parsed in iter_parse_in_workers(todo, parse_one, parse_failed, workers=workers):
        yield parsed


class BatchLander:
    """Lands parse results in batches on a thread of its own while the workers go on parsing.

    A batch lands when it holds GOVBUDGET_LAND_BATCH documents (default 50) or its first result
    waited GOVBUDGET_LAND_SECONDS (default 10): each batch is one transaction
    (flows.warehouse.land_documents), and at most two batches wait behind the one landing, so the
    run's memory does not grow with the number of documents."""

    def __init__(self, con, run_id: str, summary: RunSummary):
        import queue
        import threading

        self.con, self.run_id, self.summary = con, run_id, summary
        self.batch_size = max(1, settings().land_batch)
        self.max_wait = settings().land_seconds
        self.landed_ids: list[str] = []
        self.fresh_ids: list[str] = []  # landed now: new bytes, or landed by an older parser
        self.failed: dict[str, str] = {}  # document id → why it could not be parsed
        self._batch: list[Parsed] = []
        self._batch_started = 0.0
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, name="govbudget-lander", daemon=True)
        self._thread.start()

    def add(self, parsed: Parsed) -> None:
        self._raise_if_failed()
        if not self._batch:
            self._batch_started = time.monotonic()
        self._batch.append(parsed)
        if (len(self._batch) >= self.batch_size
                or time.monotonic() - self._batch_started >= self.max_wait):
            self._queue.put(self._batch)
            self._batch = []

    def close(self) -> None:
        """Land what is left and wait for the landing thread; re-raises a landing error."""
        if self._batch:
            self._queue.put(self._batch)
            self._batch = []
        self._queue.put(None)
        self._thread.join()
        self._raise_if_failed()

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            if batch is None:
                return
            if self._error is not None:
                continue  # drain: the run stops at the next add() or close()
            try:
                self._land(batch)
            except BaseException as exc:  # noqa: BLE001 - handed to the flow's thread
                self._error = exc

    def _land(self, batch: list[Parsed]) -> None:
        summary = self.summary
        for p in batch:
            if p.document is None:
                wh.land_failure(self.con, self.run_id, p.source.uri, p.document_id,
                                p.source.file_name, p.error or "unknown error", p.byte_size)
                summary.failed += 1
                summary.failures.append((p.source.uri, p.error))
                self.failed[p.document_id] = p.error or "unknown error"
        good = [p for p in batch if p.document is not None]
        changed = wh.land_documents(self.con, self.run_id,
                                    [(cast(Document, p.document), p.byte_size, p.source.metadata)
                                     for p in good],
                                    batch_size=len(good) or 1)
        summary.landed += sum(changed)
        summary.unchanged += len(changed) - sum(changed)
        self.landed_ids += [p.document_id for p in good]
        self.fresh_ids += [p.document_id for p, fresh in zip(good, changed, strict=False) if fresh]


@task(name="parse-and-land", cache_policy=NO_CACHE)
def parse_and_land(warehouse: Path, run_id: str, fetched: list[Fetched], workers: int,
                   summary: RunSummary, runner: str = "local",
                   dask_address: Optional[str] = None) -> tuple[list[str], float]:
    """Workers parse; this process, the one writer, lands their results in batches as they come
    (one transaction per batch, never part of a document). Returns the ids of the documents this
    run landed anew, and the moment the last parse result arrived (what follows it is landing's
    own time). Sets summary.tables / line_items for every document the run's sources hold.
    Sets summary.changed: whether anything the marts show (beyond last-seen times) changed."""
    # identical bytes from several sources are parsed once, for the first of them in input order:
    # results land in the order they finish, so which source names the document must not
    # depend on which worker was quicker
    firsts: dict[str, Fetched] = {}
    copies: list[Fetched] = []
    for f in fetched:
        if f.path is None or f.skipped:
            continue
        if f.sha256 in firsts:
            copies.append(f)
        else:
            firsts[cast(str, f.sha256)] = f  # fetched bytes: their sha256 is known
    todo = [(f.source, cast(Path, f.path)) for f in firsts.values()]
    con = wh.connect(warehouse)
    landed_ids: list[str] = []
    try:
        before = _source_states(con, [f.source.uri for f in fetched])
        for f in fetched:
            if f.error is not None:
                doc_id = document_id_of(f.source.uri.encode("utf-8"))
                wh.land_failure(con, run_id, f.source.uri, doc_id, f.source.file_name, f.error)
                summary.failed += 1
                summary.failures.append((f.source.uri, f.error))
        skipped = [f for f in fetched if f.skipped]
        if skipped:
            _record_skipped(con, run_id, skipped)
            summary.unchanged += len(skipped)
            summary.parse_skipped += len(skipped)
            landed_ids += [cast(str, f.sha256) for f in skipped]  # unchanged: known bytes
        results: Iterable[Parsed]
        if runner == "dask":
            # a remote cluster may not see this machine's raw store: the bytes travel
            results = parse_on_dask([(s, path.read_bytes()) for s, path in todo], dask_address,
                                    workers)
        else:
            results = parse_on_local_workers(todo, workers)
        lander = BatchLander(con, run_id, summary)
        try:
            with progress.bar("parse", len(todo)) as bar:
                for parsed in results:
                    lander.add(parsed)
                    bar.advance()
            parsed_at = time.perf_counter()
        finally:
            lander.close()
        landed_ids += lander.landed_ids
        _record_copies(con, run_id, copies, lander.failed, summary)
        landed_ids += [cast(str, f.sha256) for f in copies if f.sha256 not in lander.failed]
        after = _source_states(con, [f.source.uri for f in fetched])
        summary.changed = summary.landed > 0 or before != after
        summary.tables, summary.line_items = cast(tuple, con.execute(  # an aggregate: one row
            "SELECT (SELECT count(*) FROM raw.tables t JOIN raw.documents d USING (document_id)"
            "        WHERE d.document_id IN (SELECT unnest(?::VARCHAR[]))),"
            "       (SELECT count(*) FROM raw.line_items WHERE document_id IN "
            "        (SELECT unnest(?::VARCHAR[])))", [landed_ids, landed_ids]).fetchone())
        summary.unknown_tables = unknown_table_titles(con, landed_ids)
    finally:
        con.close()
    return lander.fresh_ids, parsed_at


def unknown_table_titles(con, document_ids: list[str]) -> dict[str, int]:
    """Titles of the tables of no known kind (performance tables and contents pages are known,
    not financial), counted, so that a new recurring kind is noticed in the run summary."""
    from extract.tables.classify import non_financial_family

    counts: dict[str, int] = {}
    for (title,) in con.execute(
            "SELECT coalesce(table_title, '') FROM raw.tables WHERE table_kind IS NULL "
            "AND document_id IN (SELECT unnest(?::VARCHAR[]))", [document_ids]).fetchall():
        if non_financial_family(title) is None:
            key = unknown_title_key(title)
            counts[key] = counts.get(key, 0) + 1
    return counts


def unknown_title_key(title: str) -> str:
    """A title of no known kind, counted with the same title of other years."""
    return re.sub(r"(19|20)\d{2}年度?", "", title or "").strip()[:40] or "(untitled)"


RUN_LOG_DDL = """
CREATE TABLE IF NOT EXISTS raw.ingest_runs (
    run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, changed BOOLEAN, built BOOLEAN,
    sources INTEGER, landed INTEGER, unchanged INTEGER, failed INTEGER
);
"""


def _source_states(con, uris: list[str]) -> dict:
    """(status, document_id) of each source's latest attempt."""
    rows = con.execute(
        "SELECT source_uri, arg_max(status, attempted_at), arg_max(document_id, attempted_at) "
        "FROM raw.source_attempts WHERE source_uri IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY source_uri", [sorted(set(uris))]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


@task(name="log-run", cache_policy=NO_CACHE)
def log_run(warehouse: Path, summary: RunSummary, started_at, built: bool) -> bool:
    """Record the run in raw.ingest_runs. Returns whether the marts are up to date without a
    build: this run changed nothing, and a build finished after the last run that did change
    something (a run that crashed before its build leaves the marts stale: the next one builds)."""
    con = wh.connect(warehouse)
    try:
        con.execute(RUN_LOG_DDL)
        con.execute("ALTER TABLE raw.ingest_runs ADD COLUMN IF NOT EXISTS logged_at TIMESTAMP")
        con.execute("INSERT OR REPLACE INTO raw.ingest_runs BY NAME SELECT ? AS run_id, "
                    "? AS started_at, ? AS changed, ? AS built, ? AS sources, ? AS landed, "
                    "? AS unchanged, ? AS failed, ? AS logged_at",
                    [summary.run_id, started_at, summary.changed, built, summary.sources,
                     summary.landed, summary.unchanged, summary.failed, wh.now_utc()])
        last_change, last_build = cast(tuple, con.execute(  # aggregates: one row
            "SELECT max(started_at) FILTER (WHERE changed), max(logged_at) FILTER (WHERE built) "
            "FROM raw.ingest_runs").fetchone())
        # a run killed after landing but before logging leaves documents newer than any build
        last_landing = cast(tuple, con.execute("SELECT max(ingested_at) FROM raw.documents").fetchone())[0]
        return (not summary.changed and last_build is not None
                and (last_change is None or last_change <= last_build)
                and (last_landing is None or last_landing <= last_build))
    finally:
        con.close()


def _latest_check_counts(warehouse: Path) -> dict:
    """The standing check results (dq.latest_check_results) when a run did not re-check."""
    con = wh.connect(warehouse)
    try:
        row = cast(tuple, con.execute(  # aggregates: one row
            "SELECT count(*), count(*) FILTER (WHERE status = 'pass'), "
            "count(*) FILTER (WHERE status = 'fail'), "
            "count(*) FILTER (WHERE status = 'fail' AND severity = 'error'), "
            "count(*) FILTER (WHERE status = 'not_applicable') "
            "FROM dq.latest_check_results").fetchone())
    finally:
        con.close()
    return {"checks": row[0], "passed": row[1], "failed": row[2], "failed_errors": row[3],
            "not_applicable": row[4], "reused": True}


def _record_copies(con, run_id: str, copies: list[Fetched], failed: dict[str, str],
                   summary: RunSummary) -> None:
    """Sources whose bytes another source of this run already offered: the same outcome."""
    for f in copies:
        if f.sha256 in failed:
            wh.land_failure(con, run_id, f.source.uri, f.sha256, f.source.file_name,
                            failed[f.sha256], f.size)
            summary.failed += 1
            summary.failures.append((f.source.uri, failed[f.sha256]))
    landed = [f for f in copies if f.sha256 not in failed]
    if landed:
        _record_skipped(con, run_id, landed)
        summary.unchanged += len(landed)


def _record_skipped(con, run_id: str, skipped: list[Fetched]) -> None:
    """A landed attempt per source whose bytes were already landed (as land_document records for
    unchanged bytes), written in one bulk insert."""
    import json

    import pandas as pd

    now = wh.now_utc()
    frame = pd.DataFrame(
        [[run_id, f.source.uri, now, "landed", None, f.sha256,
          json.dumps(f.source.metadata or {}, ensure_ascii=False)] for f in skipped],
        columns=["run_id", "source_uri", "attempted_at", "status", "error_message",
                 "document_id", "metadata_json"], dtype=object)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_skipped_attempts", frame)
        con.execute("INSERT INTO raw.source_attempts BY NAME SELECT run_id, source_uri, "
                    "attempted_at::TIMESTAMP AS attempted_at, status, error_message, document_id, "
                    "metadata_json FROM _skipped_attempts")
        con.unregister("_skipped_attempts")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


@task(name="publish-snapshot", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=1)
def snapshot(warehouse: Path) -> str:
    from flows.snapshot import publish_snapshot

    return str(publish_snapshot(warehouse))


def publish_summary_artifact(summary: RunSummary) -> None:
    """The run summary as a Prefect markdown artifact (key govbudget-run-summary)."""
    from prefect.artifacts import create_markdown_artifact

    c = summary.checks or {}
    md = [f"# govbudget run {summary.run_id}", "",
          "| | |", "|---|---|",
          f"| sources | {summary.sources} |", f"| landed | {summary.landed} |",
          f"| unchanged | {summary.unchanged} (parse skipped {summary.parse_skipped}) |",
          f"| not modified (304) | {summary.not_modified} |",
          f"| failed | {summary.failed} |", f"| tables | {summary.tables} |",
          f"| line items | {summary.line_items} |",
          f"| checks | {c.get('checks', 0)} run, {c.get('passed', 0)} passed, "
          f"{c.get('failed', 0)} failed |"]
    if summary.timings:
        md.append("| timings | " + ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items())
                  + " |")
    if summary.snapshot:
        md.append(f"| snapshot | `{summary.snapshot}` |")
    if summary.failures:
        md += ["", "## Failed sources", ""]
        md += [f"- `{uri}`: {str(err).replace(chr(10), ' ')}" for uri, err in summary.failures]
    try:
        create_markdown_artifact(key="govbudget-run-summary", markdown="\n".join(md),
                                 description=f"govbudget run {summary.run_id}")
    except Exception as exc:  # an artifact must never fail a run that landed
        print(f"govbudget: could not publish the run summary artifact: {exc}")


@task(name="dbt-build", cache_policy=NO_CACHE)
def dbt_build(warehouse: Path) -> None:
    from flows.dbt_runner import run_dbt_build
    from flows.startup_trace import mark

    mark("dbt start")
    from flows import gx_process

    gx_process.start_prepared()  # GE's process, when the command line asked for one
    run_dbt_build(warehouse)
    mark("dbt done")


@task(name="reconciliation-checks", cache_policy=NO_CACHE)
def reconcile(warehouse: Path, run_id: str, full: bool = False) -> dict:
    """Check the documents not checked since they last landed (expectations.runner.
    unchecked_document_ids: this run's, and any a killed run left) with their cross-document
    neighbours; or every document when ``full``, when GOVBUDGET_FULL_CHECKS=1, when no run has
    checked them all yet, or when the checks' code changed since one did. A scheduled run that
    adds a few documents to a province's warehouse checks a few documents, not the province.
    Returns the run's figures, with the warehouse's standing counts (dq.latest_check_results)
    in checks / passed / failed / failed_errors / not_applicable."""
    from expectations.runner import full_check_reason, run_checks, unchecked_document_ids

    con = wh.connect(warehouse)
    try:
        scope = None
        if not (full or settings().full_checks or full_check_reason(con)):
            scope = unchecked_document_ids(con)
        with progress.bar("checks", unit="families") as bar:
            result = run_checks(con, run_id, document_ids=scope,
                                docs_dir=warehouse.parent / "data_docs",
                                **_counted_families(con, scope, bar))
        result["scope"] = "all" if scope is None else "changed"
        result["checks_run"] = result["checks"]
        from flows.dashboard import build_dashboard
        from flows.startup_trace import mark

        mark("checks and GE done")
        result["dashboard"] = str(build_dashboard(con, warehouse.parent / "dashboard.html"))
        mark("dashboard built")
    finally:
        con.close()
    if result["scope"] == "changed":  # the warehouse's standing figures, as a full run gives
        result.update(_latest_check_counts(warehouse), reused=False)
    return result


def _counted_families(con, scope, bar) -> dict:
    """run_checks' families, counted by the checks' progress bar (when progress is on)."""
    if not progress.enabled():
        return {}
    from expectations.registry import FAMILIES
    from expectations.runner import CHUNK_DOCUMENTS, _all_document_ids

    documents = len(scope) if scope is not None else len(_all_document_ids(con))
    return {"families": progress.counted_families(FAMILIES, bar, CHUNK_DOCUMENTS, documents)}


def default_workers() -> int:
    workers = settings().workers
    return max(1, min(workers if workers is not None else (os.cpu_count() or 1), 8))


@flow(name="govbudget-ingest", log_prints=False)
def ingest_flow(sources: list[Source], warehouse: str, workers: Optional[int] = None,
                skip_checks: bool = False, runner: str = "local",
                dask_address: Optional[str] = None) -> RunSummary:
    from flows.startup_trace import mark

    mark("flow start")
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    summary = RunSummary(run_id=run_id, sources=len(sources))
    wpath = Path(warehouse)
    started_at = wh.now_utc()
    t0 = time.perf_counter()
    fetched = fetch_sources(sources, wpath)
    summary.sources = len(fetched)  # the given sources and the attachments their pages link
    summary.not_modified = sum(1 for f in fetched if f.not_modified)
    summary.fetch_retries = sum(max(0, f.attempts - 1) for f in fetched)
    # quote(): Prefect would otherwise walk every dataclass inside (every cell of every document)
    # looking for futures: seconds per thousand documents
    skip_landed(wpath, quote(fetched))
    t1 = time.perf_counter()
    # parsing and landing overlap: "parse" runs until the last result arrives, "land" is what
    # landing takes after it (and the run log)
    _fresh_ids, t2 = parse_and_land(wpath, run_id, quote(fetched), workers or default_workers(),
                                    summary, runner, dask_address)
    up_to_date = log_run(wpath, summary, started_at, False)
    t3 = time.perf_counter()
    if up_to_date and not settings().always_build:
        # nothing landed and no source changed state: the marts and check results stand (the
        # new attempts are in raw.source_attempts; the next build shows their times)
        summary.build_skipped = True
        t4 = time.perf_counter()
        if not skip_checks:
            summary.checks = _latest_check_counts(wpath)
    else:
        progress.note("dbt", "building the models …")
        dbt_build(wpath)
        t4 = time.perf_counter()
        if not skip_checks:
            result = reconcile(wpath, run_id)
            summary.checks = result
            summary.data_docs = result.get("data_docs")
            summary.dashboard = result.get("dashboard")
        log_run(wpath, summary, started_at, True)
    t5 = time.perf_counter()
    try:
        summary.snapshot = snapshot(wpath)
    except OSError as exc:  # the run landed; only the analysts' copy is stale
        print(f"govbudget: could not publish the snapshot: {exc}")
    t6 = time.perf_counter()
    summary.timings = {"fetch": t1 - t0, "parse": t2 - t1, "land": t3 - t2, "dbt": t4 - t3,
                       "checks": t5 - t4, "snapshot": t6 - t5}
    publish_summary_artifact(summary)
    mark("flow end")
    return summary


@flow(name="govbudget-check")
def check_flow(warehouse: str) -> dict:
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    wpath = Path(warehouse)
    dbt_build(wpath)
    result = reconcile(wpath, run_id, full=True)
    snapshot(wpath)
    return result
