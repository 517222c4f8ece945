"""The run's landing stage: parse results into the warehouse's raw tables, in batches, with one
writer (this process) while the workers go on parsing; what each source's attempt was; the run's
own record (raw.ingest_runs).

    already_landed   which fetched bytes this parser version landed before (not parsed again)
    parse_and_land   workers' results → raw tables (flows.warehouse), one transaction per batch
    record_run       raw.ingest_runs; whether the marts are up to date without a build

Each returns what it found or did (LandingOutcome for parse_and_land); the flow assembles the
run's summary from those.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Optional, cast

from extract.model import Document
from extract.pipeline import document_id_of
from extract.settings import settings
from flows import progress
from flows import warehouse as wh
from flows.fetching import Fetched
from flows.parse_worker import Parsed
from flows.run_summary import RunSummary
from flows.sources import Source


@dataclass
class LandingOutcome:
    """What parse_and_land did with a run's fetched sources."""
    landed: int = 0  # documents landed anew (new bytes, or landed by an older parser)
    unchanged: int = 0  # sources whose bytes were already landed
    failed: int = 0
    parse_skipped: int = 0  # unchanged bytes not parsed again (incremental run)
    failures: list[tuple[str, Optional[str]]] = field(default_factory=list)  # (source_uri, error)
    changed: bool = True  # whether anything the marts show (beyond last-seen times) changed
    tables: int = 0  # tables and line items of every document the run's sources hold
    line_items: int = 0
    unknown_tables: dict[str, int] = field(default_factory=dict)  # title → count: no known kind
    fresh_ids: list[str] = field(default_factory=list)  # the documents landed anew
    parsed_at: float = 0.0  # perf_counter when the last parse result arrived

    def add_failure(self, uri: str, error: Optional[str]) -> None:
        self.failed += 1
        self.failures.append((uri, error))


def already_landed(warehouse: Path, fetched: list[Fetched]) -> list[Fetched]:
    """Incremental runs: the fetched sources, those whose bytes (sha256) already landed with this
    parser version marked ``skipped`` (not parsed again; the cache key is content +
    PARSER_VERSION, see flows.warehouse.landed_version)."""
    from extract import PARSER_VERSION

    shas = sorted({f.sha256 for f in fetched if f.path is not None and f.sha256})
    if not shas:
        return list(fetched)
    con = wh.connect(warehouse)
    try:
        landed = {r[0] for r in con.execute(
            "SELECT document_id FROM raw.documents WHERE status = 'landed' AND parser_version = ?"
            " AND document_id IN (SELECT unnest(?::VARCHAR[]))", [PARSER_VERSION, shas]
        ).fetchall()}
    finally:
        con.close()
    return [replace(f, skipped=True) if f.path is not None and f.sha256 in landed else f
            for f in fetched]


class BatchLander:
    """Lands parse results in batches on a thread of its own while the workers go on parsing.

    A batch lands when it holds GOVBUDGET_LAND_BATCH documents (default 50) or its first result
    waited GOVBUDGET_LAND_SECONDS (default 10): each batch is one transaction
    (flows.warehouse.land_documents), and at most two batches wait behind the one landing, so the
    run's memory does not grow with the number of documents. What it landed and what failed is
    counted in ``outcome``."""

    def __init__(self, con, run_id: str, outcome: Optional[LandingOutcome] = None):
        import queue
        import threading

        self.con, self.run_id = con, run_id
        self.outcome = outcome if outcome is not None else LandingOutcome()
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
        outcome = self.outcome
        for p in batch:
            if p.document is None:
                wh.land_failure(self.con, self.run_id, p.source.uri, p.document_id,
                                p.source.file_name, p.error or "unknown error", p.byte_size)
                outcome.add_failure(p.source.uri, p.error)
                self.failed[p.document_id] = p.error or "unknown error"
        good = [p for p in batch if p.document is not None]
        changed = wh.land_documents(self.con, self.run_id,
                                    [(cast(Document, p.document), p.byte_size, p.source.metadata)
                                     for p in good],
                                    batch_size=len(good) or 1)
        outcome.landed += sum(changed)
        outcome.unchanged += len(changed) - sum(changed)
        self.landed_ids += [p.document_id for p in good]
        self.fresh_ids += [p.document_id for p, fresh in zip(good, changed, strict=False) if fresh]


def parse_and_land(warehouse: Path, run_id: str, fetched: list[Fetched],
                   parse: Callable[[list[tuple[Source, Path]]], Iterable[Parsed]]) -> LandingOutcome:
    """``parse`` (worker processes, or a Dask cluster) turns (source, stored bytes' path) pairs
    into Parsed results; this process, the one writer, lands them in batches as they come (one
    transaction per batch, never part of a document). Failed fetches and failed parses are
    recorded against their sources; sources whose bytes already landed get a landed attempt."""
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
    outcome = LandingOutcome()
    con = wh.connect(warehouse)
    landed_ids: list[str] = []
    try:
        before = _source_states(con, [f.source.uri for f in fetched])
        for f in fetched:
            if f.error is not None:
                doc_id = document_id_of(f.source.uri.encode("utf-8"))
                wh.land_failure(con, run_id, f.source.uri, doc_id, f.source.file_name, f.error)
                outcome.add_failure(f.source.uri, f.error)
        skipped = [f for f in fetched if f.skipped]
        if skipped:
            _record_skipped(con, run_id, skipped)
            outcome.unchanged += len(skipped)
            outcome.parse_skipped += len(skipped)
            landed_ids += [cast(str, f.sha256) for f in skipped]  # unchanged: known bytes
        results = parse(todo)
        lander = BatchLander(con, run_id, outcome)
        try:
            with progress.bar("parse", len(todo)) as bar:
                for parsed in results:
                    lander.add(parsed)
                    bar.advance()
            outcome.parsed_at = time.perf_counter()
        finally:
            lander.close()
        landed_ids += lander.landed_ids
        _record_copies(con, run_id, copies, lander.failed, outcome)
        landed_ids += [cast(str, f.sha256) for f in copies if f.sha256 not in lander.failed]
        after = _source_states(con, [f.source.uri for f in fetched])
        outcome.changed = outcome.landed > 0 or before != after
        outcome.tables, outcome.line_items = cast(tuple, con.execute(  # an aggregate: one row
            "SELECT (SELECT count(*) FROM raw.tables t JOIN raw.documents d USING (document_id)"
            "        WHERE d.document_id IN (SELECT unnest(?::VARCHAR[]))),"
            "       (SELECT count(*) FROM raw.line_items WHERE document_id IN "
            "        (SELECT unnest(?::VARCHAR[])))", [landed_ids, landed_ids]).fetchone())
        outcome.unknown_tables = unknown_table_titles(con, landed_ids)
    finally:
        con.close()
    outcome.fresh_ids = lander.fresh_ids
    return outcome


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


def _source_states(con, uris: list[str]) -> dict:
    """(status, document_id) of each source's latest attempt."""
    rows = con.execute(
        "SELECT source_uri, arg_max(status, attempted_at), arg_max(document_id, attempted_at) "
        "FROM raw.source_attempts WHERE source_uri IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY source_uri", [sorted(set(uris))]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def record_run(warehouse: Path, summary: RunSummary, started_at, built: bool) -> bool:
    """Record the run in raw.ingest_runs. Returns whether the marts are up to date without a
    build: this run changed nothing, and a build finished after the last run that did change
    something (a run that crashed before its build leaves the marts stale: the next one builds)."""
    con = wh.connect(warehouse)  # raw.ingest_runs is flows/schema's (migrations 0001, 0003)
    try:
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


def _record_copies(con, run_id: str, copies: list[Fetched], failed: dict[str, str],
                   outcome: LandingOutcome) -> None:
    """Sources whose bytes another source of this run already offered: the same outcome."""
    for f in copies:
        if f.sha256 in failed:
            wh.land_failure(con, run_id, f.source.uri, f.sha256, f.source.file_name,
                            failed[f.sha256], f.size)
            outcome.add_failure(f.source.uri, failed[f.sha256])
    landed = [f for f in copies if f.sha256 not in failed]
    if landed:
        _record_skipped(con, run_id, landed)
        outcome.unchanged += len(landed)


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
