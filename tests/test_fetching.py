"""Fetching against a loopback portal that misbehaves like real ones: 404, a timeout, a slow server,
5xx then success, a redirect, wrong types, oversize files, ETag revalidation (304), per-host
limits, the content-addressed raw store — and a whole `govbudget ingest` over a manifest with a
paged listing, run twice with one file replaced in between."""

from __future__ import annotations

import hashlib
import http.server
import threading
import time

import duckdb
import pytest

from flows.fetch import CacheEntry, FetchPolicy, HostLimiter, RawStore, fetch_all, fetch_url
from flows.sources import Source, SourceError
from tests.conftest import run_cli, seed_path


class Portal:
    """A tiny programmable HTTP server on 127.0.0.1 (one thread per request)."""

    def __init__(self):
        self.routes: dict[str, dict] = {}
        self.hits: list[tuple[str, dict]] = []
        self.starts: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        portal = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                with portal.lock:
                    portal.hits.append((path, dict(self.headers)))
                    portal.starts.append(time.monotonic())
                    portal.in_flight += 1
                    portal.max_in_flight = max(portal.max_in_flight, portal.in_flight)
                try:
                    portal.respond(self, path)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with portal.lock:
                        portal.in_flight -= 1

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.hits if p == path)

    def headers_of(self, path: str) -> list[dict]:
        return [h for p, h in self.hits if p == path]

    def respond(self, h, path: str) -> None:
        r = self.routes.get(path)
        if r is None:
            body = b"not found"
            h.send_response(404)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            return
        if r.get("delay"):
            time.sleep(r["delay"])
        if r.get("fail_times", 0) > 0:
            r["fail_times"] -= 1
            h.send_response(r.get("fail_status", 503))
            if r.get("retry_after") is not None:
                h.send_header("Retry-After", str(r["retry_after"]))
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if "location" in r:
            h.send_response(302)
            h.send_header("Location", r["location"])
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        etag = r.get("etag")
        if etag and h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return
        modified = r.get("last_modified")
        if modified and not etag and h.headers.get("If-Modified-Since") == modified:
            h.send_response(304)
            h.end_headers()
            return
        body = r["body"]
        h.send_response(200)
        h.send_header("Content-Type", r.get("type", "text/plain; charset=utf-8"))
        h.send_header("Content-Length", str(r.get("length", len(body))))
        h.send_header("Content-Disposition", 'attachment; filename="../../etc/evil.pdf"')
        if etag:
            h.send_header("ETag", etag)
        if modified:
            h.send_header("Last-Modified", modified)
        h.end_headers()
        if r.get("trickle"):
            for i in range(0, len(body), 64):
                h.wfile.write(body[i:i + 64])
                h.wfile.flush()
                time.sleep(r["trickle"])
        else:
            h.wfile.write(body)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def portal(monkeypatch):
    monkeypatch.setenv("GOVBUDGET_ALLOW_PRIVATE_NETWORKS", "1")
    p = Portal()
    yield p
    p.close()


def quick_policy(**kw) -> FetchPolicy:
    base = dict(timeout=2.0, deadline=10.0, retries=2, backoff=0.02, backoff_cap=0.1, threads=4,
                per_host=2, min_interval=0.0, max_bytes=1_000_000)
    base.update(kw)
    return FetchPolicy(**base)


def fetch1(portal, path, store, policy=None, cache=None):
    policy = policy or quick_policy()
    return fetch_url(portal.url(path), cache, store, policy,
                     HostLimiter(policy.per_host, policy.min_interval))


def test_404_fails_at_once_without_retries(portal, tmp_path):
    with pytest.raises(SourceError, match="HTTP 404"):
        fetch1(portal, "/missing.pdf", RawStore(tmp_path))
    assert portal.count("/missing.pdf") == 1


def test_timeout_is_retried_with_backoff_then_recorded(portal, tmp_path):
    portal.routes["/hang.pdf"] = {"body": b"%PDF-1.4", "delay": 1.5}
    t0 = time.perf_counter()
    with pytest.raises(SourceError, match=r"timed out.*gave up after 2 attempts"):
        fetch1(portal, "/hang.pdf", RawStore(tmp_path), quick_policy(timeout=0.3, retries=1))
    assert portal.count("/hang.pdf") == 2
    assert time.perf_counter() - t0 < 5


def test_slow_server_within_limits_is_fetched(portal, tmp_path):
    body = seed_path("001").read_bytes()[:2000]
    portal.routes["/slow.txt"] = {"body": body, "delay": 0.4, "trickle": 0.005}
    res = fetch1(portal, "/slow.txt", RawStore(tmp_path), quick_policy(timeout=2.0))
    assert res.data == body and res.attempts == 1


def test_server_trickling_past_the_deadline_fails(portal, tmp_path):
    portal.routes["/trickle.txt"] = {"body": b"x" * 4096, "trickle": 0.05}
    with pytest.raises(SourceError, match="too slow"):
        fetch1(portal, "/trickle.txt", RawStore(tmp_path),
               quick_policy(deadline=0.3, retries=0))


def test_5xx_is_retried_until_it_succeeds(portal, tmp_path):
    portal.routes["/flaky.txt"] = {"body": b"ok", "fail_times": 2}
    res = fetch1(portal, "/flaky.txt", RawStore(tmp_path))
    assert res.data == b"ok" and res.attempts == 3
    assert portal.count("/flaky.txt") == 3


def test_429_with_retry_after_is_retried(portal, tmp_path):
    portal.routes["/busy.txt"] = {"body": b"ok", "fail_times": 1, "fail_status": 429,
                                  "retry_after": 0}
    res = fetch1(portal, "/busy.txt", RawStore(tmp_path))
    assert res.data == b"ok" and res.attempts == 2


def test_redirect_is_followed_and_each_hop_checked(portal, tmp_path, monkeypatch):
    portal.routes["/old/report.txt"] = {"location": "/new/report.txt"}
    portal.routes["/new/report.txt"] = {"body": b"moved"}
    res = fetch1(portal, "/old/report.txt", RawStore(tmp_path))
    assert res.data == b"moved"
    assert res.source.uri == portal.url("/old/report.txt")
    monkeypatch.delenv("GOVBUDGET_ALLOW_PRIVATE_NETWORKS")
    with pytest.raises(SourceError, match="private"):
        fetch1(portal, "/old/report.txt", RawStore(tmp_path))


def test_wrong_type_and_too_large_fail_without_retries(portal, tmp_path):
    portal.routes["/photo.pdf"] = {"body": b"\x89PNG....", "type": "image/png"}
    portal.routes["/huge.pdf"] = {"body": b"%PDF", "length": 5_000_000,
                                  "type": "application/pdf"}
    with pytest.raises(SourceError, match="wrong type"):
        fetch1(portal, "/photo.pdf", RawStore(tmp_path))
    with pytest.raises(SourceError, match="too large"):
        fetch1(portal, "/huge.pdf", RawStore(tmp_path))
    assert portal.count("/photo.pdf") == 1 and portal.count("/huge.pdf") == 1


def test_etag_revalidation_reuses_stored_bytes(portal, tmp_path):
    store = RawStore(tmp_path / "raw_store")
    portal.routes["/budget.txt"] = {"body": b"v1 bytes", "etag": '"v1"'}
    first = fetch1(portal, "/budget.txt", store)
    assert first.etag == '"v1"' and not first.not_modified
    cache = CacheEntry(first.etag, first.last_modified, first.sha256)
    second = fetch1(portal, "/budget.txt", store, cache=cache)
    assert second.not_modified and second.data == b"v1 bytes"
    assert portal.headers_of("/budget.txt")[-1].get("If-None-Match") == '"v1"'
    portal.routes["/budget.txt"] = {"body": b"v2 bytes", "etag": '"v2"'}
    third = fetch1(portal, "/budget.txt", store, cache=cache)
    assert not third.not_modified and third.data == b"v2 bytes" and third.etag == '"v2"'


def test_last_modified_revalidation_without_etag(portal, tmp_path):
    store = RawStore(tmp_path / "raw_store")
    stamp = "Wed, 01 Oct 2025 08:00:00 GMT"
    portal.routes["/final.txt"] = {"body": b"final account", "last_modified": stamp}
    first = fetch1(portal, "/final.txt", store)
    assert first.last_modified == stamp and first.etag is None
    second = fetch1(portal, "/final.txt", store,
                    cache=CacheEntry(None, first.last_modified, first.sha256))
    assert second.not_modified and second.data == b"final account"
    assert portal.headers_of("/final.txt")[-1].get("If-Modified-Since") == stamp


def test_missing_stored_bytes_fall_back_to_a_plain_get(portal, tmp_path):
    store = RawStore(tmp_path / "raw_store")
    portal.routes["/gone.txt"] = {"body": b"fresh", "etag": '"g"'}
    cache = CacheEntry('"g"', None, hashlib.sha256(b"fresh").hexdigest())  # never stored
    res = fetch1(portal, "/gone.txt", store, cache=cache)
    assert res.data == b"fresh" and not res.not_modified
    assert "If-None-Match" not in portal.headers_of("/gone.txt")[-1]


def test_raw_store_is_content_addressed(portal, tmp_path):
    store = RawStore(tmp_path / "raw_store")
    portal.routes["/report.pdf"] = {"body": b"%PDF-1.4 doc", "type": "application/pdf"}
    res = fetch1(portal, "/report.pdf", store)
    sha = hashlib.sha256(b"%PDF-1.4 doc").hexdigest()
    assert res.sha256 == sha
    files = [p for p in (tmp_path / "raw_store").rglob("*") if p.is_file()]
    assert files == [tmp_path / "raw_store" / sha[:2] / sha]
    assert not (tmp_path / "etc").exists()
    with pytest.raises(ValueError):
        store.path_of("../../etc/passwd")


def test_per_host_concurrency_limit_holds_under_a_thread_pool(portal, tmp_path):
    for i in range(8):
        portal.routes[f"/d{i}.txt"] = {"body": f"doc {i}".encode(), "delay": 0.15}
    policy = quick_policy(threads=8, per_host=2, min_interval=0.02)
    sources = [Source(portal.url(f"/d{i}.txt")) for i in range(8)] + [
        Source(portal.url("/missing.txt")), Source(str(tmp_path / "no-such-file.pdf"))]
    results = fetch_all(sources, RawStore(tmp_path / "store"), {}, policy)
    assert [r.data for r in results[:8]] == [f"doc {i}".encode() for i in range(8)]
    assert "HTTP 404" in results[8].error and "not found" in results[9].error
    assert portal.max_in_flight == 2


def test_per_host_rate_spaces_request_starts(portal, tmp_path):
    for i in range(5):
        portal.routes[f"/r{i}.txt"] = {"body": b"r"}
    policy = quick_policy(threads=5, per_host=5, min_interval=0.1)
    results = fetch_all([Source(portal.url(f"/r{i}.txt")) for i in range(5)],
                        RawStore(tmp_path), {}, policy)
    assert all(r.error is None for r in results)
    starts = sorted(portal.starts)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    print(f"\nrequest start gaps on one host: {[round(g, 3) for g in gaps]}")
    assert starts[-1] - starts[0] >= 0.35


@pytest.mark.slow
def test_ingest_manifest_and_listing_twice_with_a_replaced_file(portal, tmp_path, monkeypatch):
    """The acceptance run: a manifest (with a paged listing row), 404, a timeout, a wrong type,
    a redirect; then a second run where one file was replaced at its URL (re-fetched, a new
    version, the old one no longer current) and the others answer 304 to their ETag."""
    monkeypatch.setenv("GOVBUDGET_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("GOVBUDGET_FETCH_RETRIES", "1")
    monkeypatch.setenv("GOVBUDGET_FETCH_BACKOFF", "0.05")
    monkeypatch.setenv("GOVBUDGET_HOST_INTERVAL", "0")
    s1, s2, s3, s4 = (seed_path(p).read_bytes() for p in ("001", "002", "003", "004"))
    portal.routes.update({
        "/docs/yangquan.txt": {"body": s1, "etag": '"a1"'},
        "/docs/replaced.txt": {"body": s3, "etag": '"b1"'},
        "/docs/moved.txt": {"location": "/docs/yangcheng.txt"},
        "/docs/yangcheng.txt": {"body": s2, "etag": '"c1"'},
        "/docs/slow.txt": {"body": b"never", "delay": 1.2},
        "/docs/logo.pdf": {"body": b"\x89PNG", "type": "image/png"},
        "/list/index.html": {"body": ("<html><meta charset='utf-8'><a href='/docs/extra.txt'>"
                                      "预算</a><a href='index_2.html'>下一页</a></html>").encode(),
                             "type": "text/html; charset=utf-8"},
        "/list/index_2.html": {
            "body": b"<html><a href='/docs/yangquan.txt'>again</a></html>", "type": "text/html"},
        "/docs/extra.txt": {"body": s4, "etag": '"d1"'},
    })
    manifest = tmp_path / "province.csv"
    manifest.write_text(
        "url,unit_name,kind\n"
        f"{portal.url('/docs/yangquan.txt')},,\n"
        f"{portal.url('/docs/replaced.txt')},,\n"
        f"{portal.url('/docs/moved.txt')},,\n"
        f"{portal.url('/docs/missing.pdf')},,\n"
        f"{portal.url('/docs/slow.txt')},,\n"
        f"{portal.url('/docs/logo.pdf')},,\n"
        f"{portal.url('/list/index.html')},,listing\n", encoding="utf-8")
    wh = tmp_path / "wh" / "govbudget.duckdb"

    t0 = time.perf_counter()
    code, out = run_cli(["ingest", str(manifest), "--warehouse", str(wh)])
    first = time.perf_counter() - t0
    print(f"\nfirst run over the portal: {first:.1f} s\n{out[-1500:]}")
    assert code == 1, out
    assert "(4 landed, 0 unchanged, 3 failed)" in out
    con = duckdb.connect(str(wh), read_only=True)
    status = dict(con.execute("SELECT source_uri, status || ':' || coalesce(error_message, '') "
                              "FROM marts.dim_source").fetchall())
    con.close()
    assert status[portal.url("/docs/yangquan.txt")] == "landed:"
    assert status[portal.url("/docs/extra.txt")] == "landed:"  # found through the listing
    assert status[portal.url("/docs/moved.txt")] == "landed:"
    assert "HTTP 404" in status[portal.url("/docs/missing.pdf")]
    assert "timed out" in status[portal.url("/docs/slow.txt")]
    assert "wrong type" in status[portal.url("/docs/logo.pdf")]
    store = wh.parent / "raw_store"
    for body in (s1, s2, s3, s4):
        sha = hashlib.sha256(body).hexdigest()
        assert (store / sha[:2] / sha).read_bytes() == body

    old_sha = hashlib.sha256(s3).hexdigest()
    new_body = s3.replace("合计".encode(), "合计 ".encode(), 1)
    assert new_body != s3
    new_sha = hashlib.sha256(new_body).hexdigest()
    portal.routes["/docs/replaced.txt"] = {"body": new_body, "etag": '"b2"'}
    hits_before = len(portal.hits)
    t0 = time.perf_counter()
    code, out = run_cli(["ingest", str(manifest), "--warehouse", str(wh)])
    second = time.perf_counter() - t0
    print(f"second run (one file replaced): {second:.1f} s\n{out[-1500:]}")
    assert code == 1
    assert "(1 landed, 3 unchanged, 3 failed)" in out
    second_hits = portal.hits[hits_before:]
    yq = [h for p, h in second_hits if p == "/docs/yangquan.txt"]
    assert yq and all(h.get("If-None-Match") == '"a1"' for h in yq)
    assert "3 not modified (304)" in out  # yangquan, yangcheng (after the redirect), extra
    con = duckdb.connect(str(wh), read_only=True)
    docs = dict(con.execute("SELECT document_id, is_current FROM marts.dim_document "
                            "WHERE status = 'landed'").fetchall())
    assert docs[old_sha] is False and docs[new_sha] is True
    assert con.execute("SELECT superseded_by_document_id FROM marts.dim_document "
                       "WHERE document_id = ?", [old_sha]).fetchone()[0] == new_sha
    assert con.execute("SELECT document_id FROM marts.dim_source WHERE source_uri = ?",
                       [portal.url("/docs/replaced.txt")]).fetchone()[0] == new_sha
    assert con.execute("SELECT count(*) FROM raw.fetch_cache").fetchone()[0] == 4
    con.close()


def test_a_source_keeps_the_path_given_not_its_link_target(tmp_path):
    # ../shared may be a link (a CI checkout): sources are named as the user named them
    from flows.sources import expand_sources

    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text("x", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(real)
    assert [s.uri for s in expand_sources([str(link / "a.txt")])] == [str(link / "a.txt")]
    assert [s.uri for s in expand_sources([str(link)])] == [str(link / "a.txt")]
    assert [s.uri for s in expand_sources([str(link / "sub" / ".." / "a.txt")])] == [str(link / "a.txt")]
