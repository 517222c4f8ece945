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


def detect_format(data: bytes, file_name: str) -> str:
    """Tell the format from the bytes first (extensions lie), then from the name."""
    head = data[:1024].lstrip()
    if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return "pdf"
    if head[:2] == b"PK":
        suffix = PurePosixPath(file_name.lower()).suffix
        if suffix in (".xlsx", ".xlsm"):
            return "xlsx"
        raise ParseError("a ZIP archive (not a PDF or a text conversion): unsupported format")
    lowered = head[:200].lower()
    looks_html = (lowered.startswith(b"<!doctype html") or lowered.startswith(b"<html")
                  or b"<html" in lowered)
    suffix = PurePosixPath(file_name.lower()).suffix
    if suffix == ".pdf":  # an extension that lies: say what the bytes are
        what = "an HTML page (a portal error page?)" if looks_html else "not a PDF"
        raise ParseError(f"named .pdf but the bytes are {what}: no %PDF- header")
    if looks_html:
        return "html"
    if suffix in (".txt", ".md", ".text", ".markdown", ""):
        return "text"
    raise ParseError(f"unsupported file type {suffix!r}")


def parse_document(data: bytes, file_name: str, source_uri: str,
                   overrides: Optional[dict] = None) -> Document:
    """Parse one disclosure. Raises ParseError with a message a person understands."""
    if not data:
        raise ParseError("empty file (0 bytes)")
    fmt = detect_format(data, file_name)
    doc_id = document_id_of(data)
    if fmt == "text":
        from extract.readers.text import read_text_document
        doc = read_text_document(data, file_name=file_name, source_uri=source_uri, document_id=doc_id)
    elif fmt == "pdf":
        from extract.readers.pdf import read_pdf_document
        doc = read_pdf_document(data, file_name=file_name, source_uri=source_uri, document_id=doc_id)
    else:
        raise ParseError(f"format {fmt!r} is not supported yet")
    from extract.tables.interpret import interpret_document
    interpret_document(doc)
    try:
        from extract.performance import read_performance
    except ImportError:  # the performance reader arrives with its own issue
        read_performance = None
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
