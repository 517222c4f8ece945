"""A disclosure page's attachments: the tables a portal publishes beside its web page.

Kunming-style portals publish the explanation as a web page and the tables as .xls/.xlsx (or PDF)
attachments linked from it. They are one disclosure: when a fetched source is an HTML page, the
attachments it links are fetched too and land as documents of their own whose source records the
page as its parent (``parent_source_uri`` in the attempt's metadata, ``marts.dim_source``). The
page's manifest metadata (unit, year, type) goes with them, and what an attachment does not say
of itself (a workbook of tables rarely names its unit) is taken from the page when it is parsed
(flows.parse_worker).

Links are followed one level deep (an attachment's own links are not), only to the page's own
site: the same host, or a host of the same registered domain (www.km.gov.cn → file.km.gov.cn),
or a host the run allows (--allow-host). A local HTML file's relative links are followed to the
files beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import unquote, urlparse

from flows.sources import Source

# second-level labels under which the registered domain is three labels long (km.gov.cn)
_SECOND_LEVEL = {"gov", "com", "org", "net", "edu", "ac"}
# manifest fields an attachment inherits from its page (kind=listing is the page's own business)
INHERITED_FIELDS = ("unit_name", "fiscal_year", "doc_type", "region_code")


def registered_domain(host: str) -> str:
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(page_host: str, link_host: str, allowed: Iterable[str] = ()) -> bool:
    page_host, link_host = (page_host or "").lower(), (link_host or "").lower()
    if not link_host:
        return False
    return (link_host == page_host or link_host in {h.lower() for h in allowed}
            or registered_domain(link_host) == registered_domain(page_host))


def looks_like_html(head: bytes) -> bool:
    """An HTML page by its first bytes (a portal serves pages under any name)."""
    from extract.pipeline import detect_format

    try:
        return detect_format(head, "page.html") == "html"
    except Exception:  # noqa: BLE001 - not a page we can tell: no attachments
        return False


def attachment_uris(page: bytes, page_uri: str, allowed_hosts: Iterable[str] = ()) -> list[str]:
    """The attachments a disclosure page links (extract.readers.html.attachment_links: .xls,
    .xlsx, .pdf, also behind a download script), in page order, once each: URLs on the page's
    site, or local files beside a local page."""
    from extract.readers.html import attachment_links

    is_url = page_uri.startswith(("http://", "https://"))
    base = page_uri if is_url else Path(page_uri).resolve().as_uri()
    page_host = urlparse(page_uri).hostname or ""
    out: list[str] = []
    for url in attachment_links(page, base):
        parsed = urlparse(url)
        if is_url:
            if parsed.scheme not in ("http", "https") or not same_site(
                    page_host, parsed.hostname or "", allowed_hosts):
                continue
            uri = url
        else:
            if parsed.scheme != "file":
                continue
            path = Path(unquote(parsed.path))
            if not path.is_file():
                continue
            uri = str(path)
        if uri != page_uri and uri not in out:
            out.append(uri)
    return out


def attachment_sources(page_source: Source, page: bytes, already: set[str],
                       allowed_hosts: Iterable[str] = ()) -> list[Source]:
    """Sources for a page's attachments not given to the run already, each naming the page."""
    meta = {k: v for k, v in page_source.metadata.items() if k in INHERITED_FIELDS and v}
    out = []
    for uri in attachment_uris(page, page_source.uri, allowed_hosts):
        if uri in already:
            continue
        already.add(uri)
        out.append(Source(uri, {**meta, "parent_source_uri": page_source.uri}))
    return out


def parent_of(source: Source) -> Optional[str]:
    return source.metadata.get("parent_source_uri")
