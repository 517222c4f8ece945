"""The listing-page crawler: a portal's index page (and its next pages) → disclosure file URLs.

`govbudget ingest --crawl URL [--allow-host HOST] [--link-pattern REGEX]`: links are followed only
on allowed hosts (the listing's own host by default); a link is a document when its path ends in a
document suffix or matches --link-pattern; a link is a next page when its text says so (下一页, 下页,
后页, next, >) or it looks like the listing's own paging (index_2.html, ?page=2). Bounded: at most
max_pages listing pages per crawl. Listing pages are fetched like documents (flows.fetch: retries
with backoff, per-host limits, size limit) but are not kept in the raw store.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional, cast
from urllib.parse import urldefrag, urljoin, urlparse

from flows.sources import DOCUMENT_SUFFIXES, Source, SourceError

NEXT_TEXTS = ("下一页", "下页", "后页", "next", "›", "»", ">")
# HTML links on a listing are mostly navigation: they count as documents only by --link-pattern
CRAWLED_SUFFIXES = DOCUMENT_SUFFIXES - {".html", ".htm"}
PAGING_RE = re.compile(r"(index|list|default)?_\d+\.s?html?$|[?&](page|p|pageNo|pageIndex)=\d+",
                       re.I)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: Optional[str] = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def _decode(data: bytes) -> str:
    head = data[:2048].decode("ascii", "ignore").lower()
    m = re.search(r"charset=['\"]?([a-z0-9_-]+)", head)
    for enc in ([m.group(1)] if m else []) + ["utf-8", "gb18030"]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def links_of(html_text: str, base_url: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html_text)
    out = []
    for href, text in parser.links:
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        out.append((urldefrag(urljoin(base_url, href.strip()))[0], text))
    return out


def classify_links(links: list[tuple[str, str]], allowed_hosts: set[str],
                   link_pattern: Optional[str]) -> tuple[list[str], list[str]]:
    """(document URLs, next listing pages) among a listing page's links."""
    pattern = re.compile(link_pattern) if link_pattern else None
    docs, pages = [], []
    for url, text in links:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or parsed.hostname not in allowed_hosts:
            continue
        suffix = "." + parsed.path.rsplit(".", 1)[-1].lower() if "." in parsed.path else ""
        is_next = text.strip().lower() in NEXT_TEXTS or bool(PAGING_RE.search(
            parsed.path + ("?" + parsed.query if parsed.query else "")))
        if pattern and pattern.search(url):
            docs.append(url)
        elif is_next:
            pages.append(url)
        elif not pattern and suffix in CRAWLED_SUFFIXES:
            docs.append(url)
    return docs, pages


def crawl(listing_url: str, allow_hosts: list[str], link_pattern: Optional[str],
          max_pages: int = 200) -> list[Source]:
    """Follow a listing and its paging; return the documents it links, in order, once each."""
    from flows.fetch import FetchPolicy, HostLimiter, fetch_url

    policy = FetchPolicy.from_env()
    limiter = HostLimiter(policy.per_host, policy.min_interval)
    allowed = cast(set[str], set(allow_hosts) | {urlparse(listing_url).hostname})
    queue, docs = [listing_url], []
    seen_pages: set[str] = set()
    while queue and len(seen_pages) < max_pages:
        page = queue.pop(0)
        if page in seen_pages:
            continue
        seen_pages.add(page)
        try:
            body = cast(bytes, fetch_url(page, policy=policy, limiter=limiter).data)  # fetched, not cached
        except SourceError:
            if page == listing_url:
                raise
            continue
        found, next_pages = classify_links(links_of(_decode(body), page), allowed, link_pattern)
        for url in found:
            if url not in docs:
                docs.append(url)
        queue.extend(p for p in next_pages if p not in seen_pages)
    return [Source(u, {"listing": listing_url}) for u in docs]
