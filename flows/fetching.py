"""The run's fetch stage: every source's bytes into the raw store beside the warehouse (flows.fetch
does the requests: retries, conditional requests, per-host limits), the fetch cache read and
written, and the attachments a fetched web page links followed. Returns one Fetched per source;
the bytes stay in the store (the parse workers read them there).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from flows import progress
from flows import warehouse as wh
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


def fetch_into_store(sources: list[Source], warehouse: Optional[Path] = None) -> list[Fetched]:
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
