"""PDF reader: bytes of a disclosure PDF → a ``Document`` whose tables are aligned grids.

Pipeline per document, one module a step:
1. ``triage``: pypdfium2 opens the file (damaged / encrypted → ``ParseError``) and gives each
   page's plain text → ``pages_text``, the /Rotate each page is read under (text upright), and
   the choice of pages that may hold tables. Scanned pages without a text layer are read by OCR
   (``extract.readers.ocr``).
2. ``pages``: pdfplumber's table finding runs only on those pages, on chars, rules and curves
   built from pypdfium2 (``objects``: pdfminer's geometry, several times faster than pdfminer
   reading the page; a page read under a /Rotate is built in its own space and turned as it is
   shown; pdfminer still reads a page ``objects`` cannot stand in for). ``glyphs``: watermark
   chars dropped (light, slanted, or large and turned; small text turned by 90° is a vertical
   header and is kept); ``dedupe_chars()`` drops fake bold.
3. ``assembly``: ``find_tables()`` on rules, and ``ruled.build_grid`` for an aligned grid
   (``grid``: merged cells' text in the first column of the span, '' in the rest). A page without
   rules: each table runs from under its title / unit line to the next title, label, note or
   prose, and ``unruled.build_unruled_grid`` finds its columns from the x positions of its words
   (``unruled_columns``). Text above each table (``lines``: what a line says) gives title, number
   label, unit and unit name; text under it gives notes and the "本表无数据" family.
4. ``assembly``: a table that starts a page without any title above it continues the previous
   page's table (same columns, a repeated header, or data rows first).
5. ``extract.metadata`` reads the document's unit, year, type, scope and title, as for every
   other format.

``read_pdf_document`` is the reader; ``tables_from_pages`` is its table finder on pages of any
origin (a PDF-converted web page, OCR'd text boxes).
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from extract.model import Document, ParseError, Table
from extract.readers.pdf.assembly import assemble_tables, Piece, pieces_of_page
from extract.readers.pdf.glyphs import keep_object
from extract.readers.pdf.pages import TablePages
from extract.readers.pdf.triage import clean_pages_text, pdfium_pages, candidate_pages
from extract.settings import settings

__all__ = ["PAGE_OBJECTS", "ParseError", "read_pdf_document", "tables_from_pages"]


# "pdfium": chars, lines, rects and curves built from pypdfium2 (``objects``; turned by
# ``pages._turn_objects`` on a page read under a /Rotate); pdfminer only for the pages
# ``objects`` leaves to it (a media box away from the origin; a lone glyph in a font that is not
# embedded, which pdfium's text page misses). "pdfminer": pdfplumber's own pages throughout.
# (GOVBUDGET_PDF_OBJECTS, read at import.)
PAGE_OBJECTS = settings().pdf_objects


def read_pdf_document(data: bytes, file_name: str, source_uri: str, document_id: str) -> Document:
    if not data:
        raise ParseError("empty file (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise ParseError("not a PDF (no %PDF- header)")
    raw_texts, paths, rotations, reset = pdfium_pages(data)
    n_pages = len(raw_texts)
    visible = [len(re.sub(r"\s", "", t)) for t in raw_texts]
    no_text_layer = (sum(visible) < 10 * max(1, min(n_pages, 3))
                     and sum(v > 0 for v in visible) <= max(1, n_pages // 10))
    ocr = _read_scans(data, raw_texts, paths, visible, rotations, reset, no_text_layer)
    turned = sorted(i for i, rotation in rotations.items() if rotation)
    doc = Document(document_id=document_id, source_uri=source_uri, file_name=file_name, format="pdf",
                   page_count=n_pages, pages_text=clean_pages_text(raw_texts))
    if reset:
        doc.warnings.append(f"sideways pages read turned upright: {[i + 1 for i in reset]}")
    no_text = [i + 1 for i, v in enumerate(visible) if v == 0 and i not in ocr]
    if no_text:
        doc.warnings.append(f"pages without a text layer (images or blank): {no_text}")
    if ocr:
        doc.warnings.append(f"pages without a text layer read by OCR: {[i + 1 for i in sorted(ocr)]}")
    candidates = candidate_pages(raw_texts, paths, visible, turned)

    pieces_by_page: list[tuple[int, list[Piece]]] = []
    use_pdfium = PAGE_OBJECTS != "pdfminer"
    with TablePages(data, rotations, reset, use_pdfium) as table_pages:
        for i in candidates:
            if i >= n_pages:
                break
            page = ocr[i].page() if i in ocr else table_pages.page(i)
            try:
                pieces = pieces_of_page(page, i + 1)
                if i in rotations:  # pdfium's text of a sideways page can miss glyphs
                    doc.pages_text[i] = page.dedupe_chars().filter(keep_object).extract_text() or doc.pages_text[i]
            except ParseError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise ParseError(f"damaged PDF: page {i + 1} cannot be read "
                                 f"({type(exc).__name__}: {exc})") from None
            finally:
                page.close()
            pieces_by_page.append((i + 1, pieces))
    # pages that were skipped break continuity: represent them as pages without pieces
    by_page = dict(pieces_by_page)
    full = [(p, by_page.get(p, [])) for p in range(1, n_pages + 1)]
    unruled = [p for p, pieces in pieces_by_page if any(pc.grid.unruled for pc in pieces)]
    if unruled:
        doc.warnings.append(f"tables without rules read by text alignment on pages {unruled}")
    doc.tables = assemble_tables(full)
    if ocr:
        from extract.readers.ocr import mark_ocr_tables

        mark_ocr_tables(doc.tables, {i + 1: page for i, page in ocr.items()})
    from extract.metadata import fill_metadata

    fill_metadata(doc)  # metadata: one reader of it for every format
    return doc


def _read_scans(data: bytes, raw_texts: list[str], paths: list[int], visible: list[int],
                rotations: dict[int, int], reset: list[int], no_text_layer: bool) -> dict:
    """OCR the scanned pages without a text layer (``extract.readers.ocr``): their text and
    rule counts replace the empty ones in place; a scan set upright by rendering is read under
    no other /Rotate. By page index. A document without a text layer whose scan OCR cannot read,
    or that is an official notice, fails here."""
    no_text = [i for i, v in enumerate(visible) if v == 0 or no_text_layer]
    if not no_text:
        return {}
    from extract.readers.ocr import official_notice, read_scanned_pages

    ocr = read_scanned_pages(data, no_text)
    for i, page in ocr.items():
        raw_texts[i] = page.text()
        paths[i] = len(page.rules)
        visible[i] = len(re.sub(r"\s", "", raw_texts[i]))
        rotations.pop(i, None)  # rendered as a person sees it: upright already
        if i in reset:
            reset.remove(i)
    if no_text_layer:
        if sum(visible) < 10:
            raise ParseError(f"no text layer and OCR found no text (scanned?): {len(raw_texts)} "
                             "page(s) and no extractable or recognisable text")
        notice = official_notice([raw_texts[i] for i in sorted(ocr)])
        if notice:
            raise ParseError(f"an official notice ({notice}), not a budget disclosure")
    return ocr


def tables_from_pages(pages: Sequence[tuple[int, Any]], n_pages: int) -> tuple[list[Table], list[int]]:
    """The PDF table finder on pages of any origin: (1-based page number, a pdfplumber ``Page``
    such as ``objects.PdfiumPage`` built from chars and rules of a PDF-converted web page or
    of OCR'd text boxes and ruling lines). Tables continue over the pages as in a PDF; pages not
    given break continuity. Returns the tables and the pages read by text alignment (no rules)."""
    by_page: dict[int, list[Piece]] = {}
    for page_no, page in pages:
        try:
            by_page[page_no] = pieces_of_page(page, page_no)
        finally:
            page.close()
    full = [(p, by_page.get(p, [])) for p in range(1, n_pages + 1)]
    unruled = [p for p, pieces in by_page.items() if any(pc.grid.unruled for pc in pieces)]
    return assemble_tables(full), sorted(unruled)
