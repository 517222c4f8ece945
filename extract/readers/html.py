"""HTML reader: bytes of a web page → a ``Document`` of printed grids, as the PDF reader gives.

Portals publish disclosures as web pages of two kinds, each read by a module of its own:

* ``html_markup``: ``<table>`` markup (rowspan/colspan expanded as the PDF grids hold a spanning
  cell: its text in the first row and column of the span, '' in the rest), the title and unit
  line above a table (a caption, a preceding paragraph, or the table's first rows), notes under
  it, and the page's explanation text (情况说明 prose: one page of ``pages_text``);
* ``html_positioned``: a PDF converted to HTML, every character or run an absolutely positioned
  ``<div>``/``<span>`` and the rules bordered or filled empty divs: each page is rebuilt as chars
  and rules and read by the PDF reader's own table finder (``pdf.tables_from_pages``).

The bytes are decoded by BOM, as UTF-8 when they are valid UTF-8, else by ``<meta charset>``,
else as GB18030 (Chinese portals still serve GBK); ``<script>``, ``<style>`` and hidden elements
(``display:none``, ``visibility:hidden``, ``hidden``, inline or by a class rule) are not
printed, so they are not read. A page with neither a table nor a budget/final-account title (a
portal's "系统维护中" page saved under a .pdf name) is no disclosure and fails with a reason that
says it is an HTML page. ``attachment_links`` lists the spreadsheets and PDFs a page links to.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import parse_qs, urljoin, urlparse

import lxml.html
from lxml import etree

from extract.model import Document, ParseError

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ATTACHMENT_RE = re.compile(r"\.(?:xlsx?|xlsm|pdf)$", re.I)
# elements whose content is never printed
_UNPRINTED = ("script", "style", "noscript", "template", "head", "title", "iframe", "object",
              "select", "button", "input", "textarea")


def decode_html(data: bytes) -> str:
    """The page's text: a BOM wins; then UTF-8 when the bytes are valid UTF-8 (Chinese text in
    GBK almost never is, and portals re-encode pages without mending their <meta>); then the
    ``<meta charset>`` (GBK/GB2312 read as GB18030, their superset); then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET_RE.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        if name in ("gbk", "gb2312", "gb_2312-80", "x-gbk", "gb18030", "cp936"):
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a meta that lies: the bytes decide
    return data.decode("gb18030", "replace")


def parse_tree(data: bytes):
    """The page's element tree with what is not printed removed (scripts, styles, hidden
    elements); None for a page with no body at all."""
    text = decode_html(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses an encoding declaration in str
    if not text.strip():
        return None
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
    return root


def printed_tree(root):
    """Drop what a browser does not print: scripts, styles, comments and hidden elements (their
    tail text stays: it belongs to the parent). The <style> text is returned first: positioned
    pages may set positions by class."""
    from extract.readers.html_positioned import class_rules

    styles = "\n".join(s.text_content() for s in root.iter("style"))
    hidden_classes = {name for name, decls in class_rules(styles).items()
                      if decls.get("display") == "none" or decls.get("visibility") == "hidden"}
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        el.drop_tree()
    for el in list(root.iter(*_UNPRINTED)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.get("hidden") is not None or _HIDDEN_STYLE_RE.search(el.get("style") or "") or (
                hidden_classes and hidden_classes & set((el.get("class") or "").split())):
            el.drop_tree()
    return styles


def attachment_links(data: bytes, base_url: str) -> list[str]:
    """The spreadsheets and PDFs a disclosure page links to (``.xls``, ``.xlsx``, ``.pdf``), as
    absolute URLs in page order, each once; a link's query or fragment does not hide its type
    ("…/4174854.xlsx?v=2"); a download script names it in a query value ("downfile.jsp?
    filename=附表.xls") or in the link's text. Hidden links count too: portals fold attachment
    lists. Word documents are not followed: they hold no tables the readers read."""
    root = parse_tree(data)
    if root is None:
        return []
    out: list[str] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "#")):
            continue
        url = urljoin(base_url, href)
        parts = urlparse(url)
        if parts.scheme not in ("http", "https", "file", ""):
            continue
        # the type is in the path, or (a download script) in a query value or the link's text
        named = [parts.path] + [v for vs in parse_qs(parts.query).values() for v in vs] + [
            a.text_content().strip()]
        if any(_ATTACHMENT_RE.search(n) for n in named) and url not in out:
            out.append(url)
    return out


def read_html_document(data: bytes, file_name: str, source_uri: str, document_id: str) -> Document:
    from extract.metadata import fill_metadata
    from extract.readers import html_markup, html_positioned

    root = parse_tree(data)
    if root is None:
        raise ParseError("an HTML page with no content (empty or unreadable markup)")
    styles = printed_tree(root)
    pages = html_positioned.positioned_pages(root, styles)
    tables: list = []
    if pages:
        pages_text, tables, warnings = html_positioned.read_pages(pages)
    if not tables:
        # an ordinary page, or one whose floating boxes (menus, pop-ups) pass for a converted
        # PDF: its <table> markup and its text, unless the boxes sit in sized page containers
        # (a converted PDF without tables: its pages are the text)
        markup_text, markup_tables = html_markup.read_markup(root)
        if markup_tables or not pages or any(p.container is None for p in pages):
            pages_text, tables, warnings = markup_text, markup_tables, []
    doc = Document(document_id=document_id, source_uri=source_uri, file_name=file_name,
                   format="html", page_count=max(1, len(pages_text)), pages_text=pages_text,
                   tables=tables, warnings=warnings)
    fill_metadata(doc)
    if not doc.tables and (doc.doc_type is None or doc.fiscal_year is None):
        raise ParseError("an HTML page with no disclosure tables and no budget title "
                         f"(a portal error page?): {_gist(pages_text)!r}")
    return doc


def _gist(pages_text: list[str], limit: int = 60) -> Optional[str]:
    text = re.sub(r"\s+", " ", " ".join(pages_text)).strip()
    return text[:limit] + ("…" if len(text) > limit else "")
