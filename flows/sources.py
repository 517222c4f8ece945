"""Sources: what `govbudget ingest SOURCE...` is given, expanded into documents to fetch.

A source is a file, a directory (walked recursively), an http(s) URL, or a manifest (.csv/.yaml)
listing sources with metadata. Fetching returns the bytes or a reason a person understands.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence
from urllib.parse import urlparse

import yaml  # type: ignore[import-untyped]  # PyYAML has no types; types-PyYAML is not installed

DOCUMENT_SUFFIXES = {".pdf", ".txt", ".md", ".html", ".htm", ".xlsx", ".xls"}
MANIFEST_SUFFIXES = {".csv", ".yaml", ".yml"}
MANIFEST_FIELDS = ("unit_name", "fiscal_year", "doc_type", "region_code", "kind")
# Files a directory walk skips: they describe a folder, they are not disclosures.
SKIPPED_NAMES = {"readme.md", "readme.txt", "license", "license.txt", "license.md"}
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def max_bytes_limit() -> int:
    """Size limit per document (GOVBUDGET_MAX_BYTES), read at call time so runs can set it."""
    from extract.settings import settings  # here: the command line imports this module

    return settings().max_bytes


class SourceError(Exception):
    """A source that cannot be read; recorded against the source, the run goes on."""


@dataclass
class Source:
    uri: str  # absolute path or URL: the key of marts.dim_source
    metadata: dict = field(default_factory=dict)  # from a manifest; wins over the document

    @property
    def is_url(self) -> bool:
        return self.uri.startswith(("http://", "https://"))

    @property
    def file_name(self) -> str:
        if self.is_url:
            return Path(urlparse(self.uri).path).name or "index.html"
        return Path(self.uri).name


class UsageError(Exception):
    """A command-line mistake (exit status 2)."""


def expand_sources(args: list[str]) -> list[Source]:
    """Expand command-line sources. A missing path is a source that will fail, not a usage error,
    so the rest of the run still lands."""
    out: list[Source] = []
    seen: set[str] = set()

    def add(src: Source) -> None:
        if src.uri not in seen:
            seen.add(src.uri)
            out.append(src)

    for arg in args:
        if arg.startswith(("http://", "https://")):
            if is_manifest_url(arg):
                for src in read_manifest_url(arg):
                    add(src)
            else:
                add(Source(arg))
            continue
        if "://" in arg:
            raise UsageError(f"unsupported URL scheme in {arg!r}: only http and https")
        path = Path(arg).expanduser()
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if (p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                        and p.name.lower() not in SKIPPED_NAMES
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)):
                    add(Source(os.path.abspath(p)))
        elif path.is_file() and path.suffix.lower() in MANIFEST_SUFFIXES:
            for src in read_manifest(path):
                add(src)
        else:
            # the path as the user gave it, made absolute (symlinks kept: the name they know)
            add(Source(os.path.abspath(path)))
    return out


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UsageError("manifest is neither UTF-8 nor GB18030 text")


def read_manifest(path: Path) -> list[Source]:
    """A local manifest: its rows' paths are relative to the manifest's directory."""

    def resolve(url: str) -> str:
        if url.startswith(("http://", "https://")):
            return url
        p = Path(url)
        return os.path.abspath(path.parent / p if not p.is_absolute() else p)

    return _manifest_sources(path.read_bytes(), str(path), path.suffix.lower(), resolve)


def is_manifest_url(url: str) -> bool:
    return Path(urlparse(url).path).suffix.lower() in MANIFEST_SUFFIXES


def read_manifest_url(url: str) -> list[Source]:
    """A manifest given by URL, fetched as any source is (flows.fetch: the private-network rule,
    retries, size limit). Its rows are URLs, relative ones resolved against the manifest's own
    URL; a row that names no http(s) URL (a local path, file://) is refused, recorded against
    that row: a page on the web never reads this machine's files. A manifest that cannot be
    fetched is recorded as a failed source (exit 1); one that is not a manifest is a usage error."""
    from urllib.parse import urljoin

    from flows.fetch import fetch_url

    try:
        data = fetch_url(url).data or b""
    except SourceError as exc:
        return [Source(url, {"_error": f"manifest: {exc}"})]

    def resolve(row_url: str) -> str:
        return urljoin(url, row_url)

    out = []
    for src in _manifest_sources(data, url, Path(urlparse(url).path).suffix.lower(), resolve):
        if not src.is_url:
            src.metadata["_error"] = (f"refused: {src.uri} is not an http(s) URL (listed in "
                                      f"the manifest {url})")
        out.append(src)
    return out


def _manifest_sources(data: bytes, name: str, suffix: str, resolve) -> list[Source]:
    text = _decode(data)
    rows: Optional[list[Any]]
    if suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        if rows and "url" not in rows[0]:
            raise UsageError(f"manifest {name} has no 'url' column")
    else:
        try:
            loaded = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise UsageError(f"manifest {name} is not YAML: {exc}") from exc
        rows = loaded.get("sources") if isinstance(loaded, dict) else None
        if not isinstance(rows, list):
            raise UsageError(f"manifest {name} must hold a list under 'sources:'")
    out = []
    for row in rows:
        if not isinstance(row, dict) or not str(row.get("url") or "").strip():
            raise UsageError(f"manifest {name}: every row needs a url")
        meta = {k: str(row[k]).strip() for k in MANIFEST_FIELDS
                if row.get(k) not in (None, "")}
        out.append(Source(resolve(str(row["url"]).strip()), meta))
    return out


def _is_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise SourceError(f"cannot resolve host {host!r}: {exc}") from exc
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
                or addr.is_multicast or addr.is_unspecified):
            return True
    return False


def check_url_allowed(url: str) -> None:
    host = urlparse(url).hostname or ""
    from extract.settings import settings

    if settings().allow_private_networks:
        return
    if _is_private(host):
        raise SourceError(f"refused: {host} resolves to a loopback or private-network address "
                          "(set GOVBUDGET_ALLOW_PRIVATE_NETWORKS=1 to allow)")


def fetch(source: Source, timeout: float = 30.0, max_bytes: Optional[int] = None) -> bytes:
    """The bytes of a source, or SourceError with the reason."""
    max_bytes = max_bytes or max_bytes_limit()
    if source.is_url:
        return _fetch_url(source.uri, timeout, max_bytes)
    path = Path(source.uri)
    if not path.exists():
        raise SourceError(f"file not found: {path}")
    if not path.is_file():
        raise SourceError(f"not a regular file: {path}")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(f"file too large: {size} bytes (limit {max_bytes})")
    return path.read_bytes()


def _fetch_url(url: str, timeout: float, max_bytes: int) -> bytes:
    import httpx

    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for _ in range(6):  # redirects are followed by hand so each hop is checked
            check_url_allowed(current)
            try:
                with client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        current = str(resp.url.join(resp.headers.get("location", "")))
                        continue
                    if resp.status_code != 200:
                        raise SourceError(f"HTTP {resp.status_code} for {current}")
                    chunks, total = [], 0
                    for chunk in resp.iter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise SourceError(f"too large: more than {max_bytes} bytes")
                        chunks.append(chunk)
                    return b"".join(chunks)
            except httpx.HTTPError as exc:
                raise SourceError(f"cannot fetch {current}: {exc.__class__.__name__}: {exc}") from exc
    raise SourceError(f"too many redirects from {url}")


def parse_metadata_overrides(meta: dict) -> Optional[dict]:
    out = {k: v for k, v in meta.items() if k in ("unit_name", "fiscal_year", "doc_type",
                                                  "region_code")}
    return out or None


def crawl_listings(listings: list[str], allow_hosts: list[str], link_pattern) -> list:
    from flows.crawl import crawl  # flows.crawl reads this module's Source: imported when used

    out = []
    for url in listings:
        try:
            out += crawl(url, allow_hosts, link_pattern)
        except SourceError as exc:  # recorded against the listing; the rest of the run goes on
            out.append(Source(url, {"kind": "listing", "_error": f"listing page: {exc}"}))
    return out


def resolve_sources(args: list[str], crawl: Sequence[str] = (), allow_hosts: Sequence[str] = (),
                    link_pattern=None) -> list:
    """Command-line sources and listings (--crawl, manifest rows of kind `listing`) → documents.
    Shared by `govbudget ingest` and the scheduled deployment."""
    sources = expand_sources(list(args))
    listings = list(crawl) + [s.uri for s in sources if s.metadata.get("kind") == "listing"]
    sources = [s for s in sources if s.metadata.get("kind") != "listing"]
    out, seen = [], set()
    for src in sources + crawl_listings(listings, list(allow_hosts), link_pattern):
        if src.uri not in seen:  # a document linked from a listing and a manifest: once
            seen.add(src.uri)
            out.append(src)
    return out
