"""Fetching at province scale: retries with backoff, conditional requests, per-host limits, and a
content-addressed store of the raw bytes.

- Transient failures (timeouts, connection errors, HTTP 5xx and 429) are retried with exponential
  backoff (a Retry-After header is honoured up to the backoff cap); permanent ones (404 and other
  4xx, too large, wrong content type, refused address) fail at once. Every failure is a
  `SourceError` recorded against its source; the run goes on.
- Conditional requests: the ETag and Last-Modified of every URL are remembered in
  `raw.fetch_cache` (with the sha256 of what was received); the next fetch sends If-None-Match /
  If-Modified-Since, and a 304 reuses the stored bytes.
- Per host: at most `per_host` requests in flight and at least `min_interval` seconds between two
  request starts; URLs on different hosts are fetched concurrently on a small thread pool.
- Raw bytes are kept in `<warehouse dir>/raw_store/<sha256[:2]>/<sha256>`: the path is derived
  from the content only — names from URLs or headers never become paths.

Settings (environment, read at call time): GOVBUDGET_FETCH_TIMEOUT (s, per connect/read, 30),
GOVBUDGET_FETCH_DEADLINE (s, whole response, 600), GOVBUDGET_FETCH_RETRIES (extra attempts, 3),
GOVBUDGET_FETCH_BACKOFF (s, first backoff, 1.0), GOVBUDGET_FETCH_THREADS (8),
GOVBUDGET_HOST_CONCURRENCY (2), GOVBUDGET_HOST_INTERVAL (s between requests to one host, 0.2),
GOVBUDGET_MAX_BYTES (size limit).
"""

from __future__ import annotations

import hashlib
import os
import random
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Optional, cast
from urllib.parse import urlparse

from extract.settings import settings

from flows.schema import migrate
from flows.sources import Source, SourceError, check_url_allowed, fetch as fetch_file, \
    max_bytes_limit


# Content types a disclosure may come as; anything else (images, archives, JSON …) is the wrong
# type. A missing Content-Type is accepted: the parser names what the bytes are.
ACCEPTED_TYPES = (
    "application/pdf", "application/x-pdf", "text/", "application/xhtml+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream", "binary/octet-stream", "application/x-download",
    "application/force-download", "application/download", "application/unknown",
    # a manifest given by URL (flows.sources.read_manifest_url)
    "application/yaml", "application/x-yaml", "application/csv",
)
RETRY_STATUSES = {429, 500, 502, 503, 504, 520, 521, 522, 523, 524}


class TransientFetchError(SourceError):
    """A failure worth retrying (timeout, connection error, 5xx, 429)."""

    retry_after: Optional[float] = None  # seconds, when the server sent Retry-After


@dataclass
class FetchPolicy:
    timeout: float = 30.0
    deadline: float = 600.0
    retries: int = 3
    backoff: float = 1.0
    backoff_cap: float = 30.0
    threads: int = 8
    per_host: int = 2
    min_interval: float = 0.2
    max_bytes: int = 200 * 1024 * 1024
    max_redirects: int = 5

    @classmethod
    def from_env(cls) -> "FetchPolicy":
        env = settings()
        return cls(timeout=env.fetch_timeout, deadline=env.fetch_deadline,
                   retries=env.fetch_retries, backoff=env.fetch_backoff,
                   threads=max(1, env.fetch_threads), per_host=max(1, env.host_concurrency),
                   min_interval=env.host_interval,
                   max_bytes=max_bytes_limit())


# ------------------------------------------------------------------------------------------------
# content-addressed store


class RawStore:
    """`<root>/<sha256[:2]>/<sha256>`: written once, atomically (temp file, then rename)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def beside(cls, warehouse: Path) -> "RawStore":
        return cls(Path(warehouse).parent / "raw_store")

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha)
        if path.is_file() and path.stat().st_size == len(data):
            return sha
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return sha

    def get(self, sha256: str) -> Optional[bytes]:
        path = self.path_of(sha256)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == sha256 else None


# ------------------------------------------------------------------------------------------------
# per-host limits


class HostLimiter:
    """At most `per_host` requests in flight per host, request starts `min_interval` apart."""

    def __init__(self, per_host: int, min_interval: float):
        self.per_host, self.min_interval = per_host, min_interval
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self.max_in_flight: dict[str, int] = {}
        self._in_flight: dict[str, int] = {}

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.per_host)
            return self._slots[host]

    def acquire(self, host: str) -> None:
        self._slot(host).acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + self.min_interval
            self._in_flight[host] = self._in_flight.get(host, 0) + 1
            self.max_in_flight[host] = max(self.max_in_flight.get(host, 0),
                                           self._in_flight[host])
        if start > now:
            time.sleep(start - now)

    def release(self, host: str) -> None:
        with self._lock:
            self._in_flight[host] -= 1
        self._slot(host).release()


# ------------------------------------------------------------------------------------------------
# results


@dataclass
class FetchResult:
    source: Source
    data: Optional[bytes] = None
    sha256: Optional[str] = None
    error: Optional[str] = None
    not_modified: bool = False  # a 304: the stored bytes were reused
    attempts: int = 0
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    content_type: Optional[str] = None
    seconds: float = 0.0
    size: Optional[int] = None  # bytes fetched (kept when `data` is dropped after storing)


@dataclass
class CacheEntry:
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    sha256: Optional[str] = None


def _content_type_ok(content_type: Optional[str]) -> bool:
    if not content_type:
        return True
    ct = content_type.split(";")[0].strip().lower()
    return any(ct.startswith(a) if a.endswith("/") else ct == a for a in ACCEPTED_TYPES)


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _one_request(client, url: str, cache: Optional[CacheEntry], store: Optional[RawStore],
                 policy: FetchPolicy, limiter: HostLimiter) -> FetchResult:
    """One GET (redirect hops checked and followed by hand). Raises SourceError."""
    import httpx

    current = url
    headers = {}
    if store is not None and cache and cache.sha256 and store.has(cache.sha256):
        if cache.etag:
            headers["If-None-Match"] = cache.etag
        if cache.last_modified:
            headers["If-Modified-Since"] = cache.last_modified
    for _ in range(policy.max_redirects + 1):
        check_url_allowed(current)
        host = urlparse(current).hostname or ""
        limiter.acquire(host)
        try:
            started = time.monotonic()
            with client.stream("GET", current, headers=headers) as resp:
                if resp.status_code == 304 and headers:
                    # conditional headers are sent only for a copy the store holds
                    assert store is not None and cache is not None and cache.sha256 is not None
                    data = store.get(cache.sha256)
                    if data is None:  # the stored copy is gone: ask again, unconditionally
                        headers = {}
                        continue
                    return FetchResult(Source(url), data=data, sha256=cache.sha256,
                                       not_modified=True, etag=cache.etag,
                                       last_modified=cache.last_modified)
                if resp.status_code in (301, 302, 303, 307, 308):
                    location = resp.headers.get("location", "")
                    if not location:
                        raise SourceError(f"HTTP {resp.status_code} without a Location from "
                                          f"{current}")
                    current = str(resp.url.join(location))
                    if urlparse(current).scheme not in ("http", "https"):
                        raise SourceError(f"redirect to an unsupported scheme: {current}")
                    continue
                if resp.status_code in RETRY_STATUSES:
                    err = TransientFetchError(f"HTTP {resp.status_code} for {current}")
                    err.retry_after = _retry_after(resp.headers.get("retry-after"))
                    raise err
                if resp.status_code != 200:
                    raise SourceError(f"HTTP {resp.status_code} for {current}")
                content_type = resp.headers.get("content-type")
                if not _content_type_ok(content_type):
                    raise SourceError(f"wrong type: {current} is {content_type}, not a disclosure "
                                      "document (PDF, text, HTML or XLSX)")
                length = resp.headers.get("content-length")
                if length and length.isdigit() and int(length) > policy.max_bytes:
                    raise SourceError(f"too large: {length} bytes (limit {policy.max_bytes})")
                chunks, total = [], 0
                for chunk in resp.iter_bytes():
                    total += len(chunk)
                    if total > policy.max_bytes:
                        raise SourceError(f"too large: more than {policy.max_bytes} bytes")
                    if time.monotonic() - started > policy.deadline:
                        raise TransientFetchError(
                            f"too slow: {current} took more than {policy.deadline:g} s")
                    chunks.append(chunk)
                data = b"".join(chunks)
                sha = store.put(data) if store is not None else hashlib.sha256(data).hexdigest()
                return FetchResult(Source(url), data=data, sha256=sha,
                                   etag=resp.headers.get("etag"),
                                   last_modified=resp.headers.get("last-modified"),
                                   content_type=content_type)
        except httpx.TimeoutException as exc:
            raise TransientFetchError(
                f"timed out fetching {current} ({exc.__class__.__name__}, limit "
                f"{policy.timeout:g} s)") from exc
        except (httpx.TransportError, httpx.RemoteProtocolError) as exc:
            raise TransientFetchError(
                f"cannot fetch {current}: {exc.__class__.__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"cannot fetch {current}: {exc.__class__.__name__}: {exc}") from exc
        finally:
            limiter.release(host)
    raise SourceError(f"too many redirects from {url}")


def fetch_url(url: str, cache: Optional[CacheEntry] = None, store: Optional[RawStore] = None,
              policy: Optional[FetchPolicy] = None, limiter: Optional[HostLimiter] = None,
              client=None,
              sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """GET with retries and exponential backoff (with jitter) on transient failures."""
    import httpx

    policy = policy or FetchPolicy.from_env()
    limiter = limiter or HostLimiter(policy.per_host, policy.min_interval)
    own = client is None
    if own:
        client = httpx.Client(timeout=policy.timeout, follow_redirects=False)
    try:
        attempt = 0
        while True:
            attempt += 1
            try:
                result = _one_request(client, url, cache, store, policy, limiter)
                result.attempts = attempt
                return result
            except TransientFetchError as exc:
                if attempt > policy.retries:
                    raise SourceError(f"{exc} (gave up after {attempt} attempts)") from exc
                delay = min(policy.backoff_cap, policy.backoff * 2 ** (attempt - 1))
                delay *= 1 + random.uniform(0, 0.25)
                ra = getattr(exc, "retry_after", None)
                if ra is not None:
                    delay = min(policy.backoff_cap, max(delay, ra))
                sleep(delay)
    finally:
        if own:
            client.close()


# ------------------------------------------------------------------------------------------------
# the fetch cache in the warehouse (read before fetching, written after, by the one writer)


def read_cache(con, urls: list[str]) -> dict[str, CacheEntry]:
    migrate(con)  # raw.fetch_cache is flows/schema's (a no-op on a connection from wh.connect)
    if not urls:
        return {}
    rows = con.execute(
        "SELECT url, etag, last_modified, document_sha256 FROM raw.fetch_cache "
        "WHERE url IN (SELECT unnest(?::VARCHAR[]))", [urls]).fetchall()
    return {r[0]: CacheEntry(r[1], r[2], r[3]) for r in rows}


def write_cache(con, results: list[FetchResult]) -> None:
    from flows.warehouse import now_utc

    migrate(con)
    now = now_utc()
    rows = [r for r in results if r.source.is_url and r.sha256 and r.error is None]
    if not rows:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for r in rows:
            if r.not_modified:
                con.execute("UPDATE raw.fetch_cache SET checked_at = ? WHERE url = ?",
                            [now, r.source.uri])
                continue
            con.execute("DELETE FROM raw.fetch_cache WHERE url = ?", [r.source.uri])
            con.execute("INSERT INTO raw.fetch_cache VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [r.source.uri, r.etag, r.last_modified, r.sha256,
                         r.size if r.size is not None else len(cast(bytes, r.data)), r.content_type,
                         now, now])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


# ------------------------------------------------------------------------------------------------
# many sources at once


def fetch_all(sources: list[Source], store: RawStore, cache: dict[str, CacheEntry],
              policy: Optional[FetchPolicy] = None,
              limiter: Optional[HostLimiter] = None, keep_bytes: bool = True,
              on_done: Optional[Callable[[FetchResult], None]] = None) -> list[FetchResult]:
    """Fetch every source (URLs concurrently across hosts, within the per-host limits); results
    in input order, one per source, failures included. Never raises for a source.
    With keep_bytes=False a result holds no bytes, only its sha256 and size: the bytes are in
    `store` (a province run would otherwise hold every document's bytes at once).
    ``on_done`` is called with each result as it finishes (from the fetch threads: progress)."""
    import httpx

    policy = policy or FetchPolicy.from_env()
    limiter = limiter or HostLimiter(policy.per_host, policy.min_interval)
    limits = httpx.Limits(max_connections=policy.threads * 2,
                          max_keepalive_connections=policy.threads)

    with httpx.Client(timeout=policy.timeout, follow_redirects=False, limits=limits) as client:
        def one(src: Source) -> FetchResult:
            t0 = time.perf_counter()
            try:
                if src.metadata.get("_error"):
                    return FetchResult(src, error=src.metadata["_error"])
                if src.is_url:
                    res = fetch_url(src.uri, cache.get(src.uri), store, policy, limiter, client)
                    res.source = src
                else:
                    data = fetch_file(src, max_bytes=policy.max_bytes)
                    res = FetchResult(src, data=data, sha256=store.put(data), attempts=1)
            except SourceError as exc:
                res = FetchResult(src, error=str(exc))
            except OSError as exc:
                res = FetchResult(src, error=f"cannot read: {exc}")
            except Exception as exc:  # a bug or an odd server must cost one source only
                res = FetchResult(src, error=f"fetch error ({exc.__class__.__name__}): {exc}")
            res.seconds = time.perf_counter() - t0
            if res.data is not None:
                res.size = len(res.data)
                if not keep_bytes:
                    res.data = None
            if on_done is not None:
                on_done(res)
            return res

        if len(sources) <= 1 or policy.threads <= 1:
            return [one(s) for s in sources]
        with ThreadPoolExecutor(max_workers=policy.threads,
                                thread_name_prefix="govbudget-fetch") as pool:
            return list(pool.map(one, sources))
