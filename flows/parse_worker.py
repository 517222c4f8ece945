"""What a parse worker process runs: bytes → Document, never an exception.

Kept free of Prefect and DuckDB imports so worker processes start fast.

Limits per document (environment variables, read at call time so a run or a test can set them):

- ``GOVBUDGET_MAX_BYTES`` — size of one document's bytes (default 200 MiB); enforced when fetching
  (flows.sources / flows.fetch), before a worker sees the bytes: "file too large: N bytes (limit M)".
- ``GOVBUDGET_MAX_PAGES`` — pages of one PDF (default 1000; 0 disables); enforced here, before
  parsing, by counting pages with pypdfium2 (cheap: only the page tree is read):
  "too many pages: N (limit M)".
- ``GOVBUDGET_PARSE_TIMEOUT`` — seconds one document may take to parse (default 300); the worker
  is killed at the limit (flows.parse_pool): "parse time limit exceeded (N s)".
- ``GOVBUDGET_PARSE_MEMORY_MB`` — address space of one parse worker (default 900 MB; RLIMIT_AS,
  flows.parse_pool); ``GOVBUDGET_OCR_MEMORY_MB`` (default 2048) while it reads scanned pages
  by OCR (onnxruntime reserves address space it does not use; resident stays under 1 GB): an allocation past it fails ("parser ran out of memory") or the worker dies
  ("the parser process died (out of memory? limit N MB …)").

Each limit costs only its own document: it is recorded failed with the message, the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from extract.model import Document, ParseError
from extract.pipeline import document_id_of, parse_document
from extract.settings import settings
from flows.sources import Source, parse_metadata_overrides

DEFAULT_MAX_PAGES = 1000


def max_pages_limit() -> int:
    """Pages one PDF may have (GOVBUDGET_MAX_PAGES, default 1000; 0 or less: no limit)."""
    return settings().max_pages


def pdf_page_count(data: bytes) -> Optional[int]:
    """Pages of a PDF, read cheaply (pypdfium2 loads the page tree only); None when the bytes are
    not a PDF or cannot be opened (the parser then says why)."""
    if b"%PDF-" not in data[:1024]:
        return None
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
    except Exception:
        return None
    try:
        return len(pdf)
    except Exception:
        return None
    finally:
        try:
            pdf.close()
        except Exception:
            pass


def check_page_limit(data: bytes) -> None:
    limit = max_pages_limit()
    if limit <= 0:
        return
    pages = pdf_page_count(data)
    if pages is not None and pages > limit:
        raise ParseError(f"too many pages: {pages} (limit {limit}; set GOVBUDGET_MAX_PAGES to "
                         "raise it)")


@dataclass
class Parsed:
    source: Source
    document_id: str
    byte_size: Optional[int]
    document: Optional[Document] = None
    error: Optional[str] = None


def _stored_bytes(path: Path) -> tuple[bytes, str]:
    """A document's bytes from the run's content-addressed raw store (file name = sha256), read
    here in the worker so the run's own process never holds every document's bytes; with their
    sha256, checked against the name."""
    data = path.read_bytes()
    sha = document_id_of(data)
    if _looks_like_sha256(path.name) and sha != path.name:
        raise ParseError(f"stored bytes do not match their sha256 ({path}): the raw store was "
                         "changed under the run")
    return data, sha


def _looks_like_sha256(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


def parse_one(item: tuple[Source, Union[bytes, Path]]) -> Parsed:
    """(source, bytes) or (source, path of the bytes in the raw store) → Parsed."""
    source, data = item
    if isinstance(data, Path):
        path = data
        try:
            data, doc_id = _stored_bytes(path)
        except ParseError as exc:
            return Parsed(source, path.name, None, error=str(exc))
        except OSError as exc:
            return Parsed(source, path.name, None, error=f"cannot read the stored bytes: {exc}")
    else:
        doc_id = document_id_of(data)
    try:
        check_page_limit(data)
        doc = parse_document(data, source.file_name, source.uri,
                             overrides=parse_metadata_overrides(source.metadata))
        if source.metadata.get("parent_sha256") and isinstance(item[1], Path):
            _inherit_from_page(doc, source, item[1])
        return Parsed(source, doc_id, len(data), document=doc)
    except ParseError as exc:
        return Parsed(source, doc_id, len(data), error=str(exc))
    except MemoryError:
        return Parsed(source, doc_id, len(data), error="parser ran out of memory")
    except RecursionError:
        return Parsed(source, doc_id, len(data), error="document nests too deeply to parse")
    except Exception as exc:  # a parser bug must not stop the run: record it against the source
        return Parsed(source, doc_id, len(data),
                      error=f"parser error ({exc.__class__.__name__}): {exc}")


PAGE_FIELDS = ("unit_name", "fiscal_year", "doc_type", "scope")


def _inherit_from_page(doc: Document, source: Source, stored: Path) -> None:
    """An attachment of a disclosure page (flows.attachments) is part of that disclosure: what
    it does not say of itself (a workbook of tables rarely names its unit) is what the page
    says. The page's bytes are beside the attachment's in the raw store."""
    if all(getattr(doc, f) for f in PAGE_FIELDS):
        return
    sha = source.metadata["parent_sha256"]
    if not _looks_like_sha256(sha):
        return
    try:
        page_bytes = (stored.parent.parent / sha[:2] / sha).read_bytes()
        page_uri = source.metadata.get("parent_source_uri") or "page.html"
        page = parse_document(page_bytes, Source(page_uri).file_name, page_uri)
    except Exception:  # noqa: BLE001 - a page that says nothing leaves the attachment as it is
        return
    filled = [f for f in PAGE_FIELDS if not getattr(doc, f) and getattr(page, f)]
    for f in filled:
        setattr(doc, f, getattr(page, f))
    if "unit_name" in filled:
        from extract.regions import fill_region

        fill_region(doc)
    if filled:
        doc.warnings.append(f"taken from the disclosure page it is attached to: {filled}")


def parse_failed(item: tuple[Source, Union[bytes, Path]], reason: str) -> Parsed:
    source, data = item
    if isinstance(data, Path):  # a stored copy is named by its sha256
        try:
            size = data.stat().st_size
        except OSError:
            size = None
        doc_id = data.name if _looks_like_sha256(data.name) else document_id_of(str(data).encode())
        return Parsed(source, doc_id, size, error=reason)
    return Parsed(source, document_id_of(data), len(data), error=reason)
