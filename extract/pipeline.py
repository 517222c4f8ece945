"""Bytes in, one canonical Document out: detect format → read grids → interpret → metadata.

Pure: no I/O beyond the bytes given, so it runs in worker processes and in tests alike.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath
from typing import Optional

from extract.model import Document, ParseError


def document_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a legacy .xls (an OLE2 compound file)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body", b"<div", b"<table",
                b"<title", b"<!--")


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2:].lstrip()
    return head.startswith(_HTML_STARTS) or b"<html" in head[:1024]


def detect_format(data: bytes, file_name: str) -> str:
    """Tell the format from the bytes (extensions lie: portals serve HTML under a .pdf name),
    then from the name only for plain text."""
    if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:8] == _OLE2_MAGIC:
        return "xls"
    if data[:2] == b"PK":
        if b"xl/" in data[:65536] or PurePosixPath(file_name.lower()).suffix in (".xlsx", ".xlsm"):
            return "xlsx"
        raise ParseError("a ZIP archive (not a PDF, a web page or a spreadsheet): unsupported format")
    if _looks_like_html(data):
        return "html"
    suffix = PurePosixPath(file_name.lower()).suffix
    if suffix == ".pdf":
        raise ParseError("named .pdf but the bytes are not a PDF (no %PDF- header)")
    if suffix in (".txt", ".md", ".text", ".markdown", ""):
        return "text"
    raise ParseError(f"unsupported file type {suffix!r}")


def _reader(fmt: str):
    """The reader of one format: bytes → Document of grids (extract/readers/, one module each)."""
    if fmt == "text":
        from extract.readers.text import read_text_document
        return read_text_document
    if fmt == "pdf":
        from extract.readers.pdf import read_pdf_document
        return read_pdf_document
    if fmt == "html":
        from extract.readers.html import read_html_document
        return read_html_document
    if fmt in ("xlsx", "xls"):
        from extract.readers.spreadsheet import read_spreadsheet_document
        return read_spreadsheet_document
    raise ParseError(f"format {fmt!r} is not supported")


def parse_document(data: bytes, file_name: str, source_uri: str,
                   overrides: Optional[dict] = None) -> Document:
    """Parse one disclosure. Raises ParseError with a message a person understands."""
    if not data:
        raise ParseError("empty file (0 bytes)")
    fmt = detect_format(data, file_name)
    doc_id = document_id_of(data)
    try:
        read = _reader(fmt)
    except ImportError:  # a reader arriving with issue 14
        raise ParseError(f"format {fmt!r} is not supported yet") from None
    doc = read(data, file_name=file_name, source_uri=source_uri, document_id=doc_id)
    from extract.tables.interpret import interpret_document
    interpret_document(doc)
    from extract.statements import statements_of_document
    doc.text_figures = statements_of_document(doc)  # the explanation's statements (issue 15)
    try:
        from extract.performance import read_performance
    except ImportError:  # the performance reader arrives with its own issue
        read_performance = None  # type: ignore[assignment]  # optional reader, absent
    if read_performance is not None:
        read_performance(doc)
    from extract.regions import fill_region

    fill_region(doc)
    for key, value in (overrides or {}).items():
        if value not in (None, "") and hasattr(doc, key):
            setattr(doc, key, int(value) if key == "fiscal_year" else value)
    # A disclosure's text half (tables published as a separate PDF) has no tables but says what
    # it is; a file that neither holds tables nor names a budget document is no disclosure.
    if not doc.tables and not doc.performance_projects and (
            doc.doc_type is None or doc.fiscal_year is None):
        raise ParseError("no disclosure tables and no budget/final-account title found: this "
                         "does not look like a budget, final-account or performance disclosure")
    return doc
