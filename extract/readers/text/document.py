"""Bytes of a text conversion in, one Document out: decode, drop watermarks, number the pages,
find the tables and read each grid with the layout's reader (tab-separated or space-aligned)."""

from __future__ import annotations

import re

from extract.model import Document, ParseError, Table
from extract.readers.table_context import CHINESE_NUMERALS
from extract.readers.text.lines import TextLine
from extract.readers.text.pages import assign_pages, parse_toc
from extract.readers.text.single_spaced import single_spaced_grid
from extract.readers.text.tab_separated import tab_separated_grid
from extract.readers.text.table_finder import find_tables
from extract.textnorm import compact, drop_watermark_lines, strip_markdown, strip_watermark, undouble


def read_text_document(data: bytes, file_name: str, source_uri: str, document_id: str) -> Document:
    text = _decode(data)
    if not text.strip():
        raise ParseError(f"{file_name}: the text conversion is empty (no characters)")
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # form feeds are page breaks when a conversion keeps them
    has_ff = "\f" in text
    lines_ff: list[tuple[str, int]] = []
    page = 1
    for ln in raw_lines:
        if has_ff and "\f" in ln:
            pieces = ln.split("\f")
            for k, piece in enumerate(pieces):
                if k > 0:
                    page += 1
                lines_ff.append((piece, page))
        else:
            lines_ff.append((ln, page))
    kept = drop_watermark_lines([ln for ln, _ in lines_ff])
    # drop_watermark_lines keeps order; rebuild pages by walking both lists
    lines_pages = _realign(lines_ff, kept)
    plain = [ln for ln, _ in lines_pages]
    toc_entries, toc_lines = parse_toc(plain)
    if has_ff:
        pages = [p for _, p in lines_pages]
    else:
        pages = assign_pages(plain, toc_entries, toc_lines)
    lines = [TextLine(i, strip_watermark(ln) if "仅供内部审核" in ln else ln, pages[i])
             for i, ln in enumerate(plain)]
    tab_mode = sum(1 for i, ln in enumerate(plain) if "\t" in ln and i not in toc_lines) >= 5
    built = find_tables(lines, toc_lines, tab_mode)

    doc = Document(document_id=document_id, source_uri=source_uri, file_name=file_name,
                   format="text", page_count=max(pages) if pages else 1)
    tid = 0
    for b in built:
        grid = tab_separated_grid(b) if tab_mode else single_spaced_grid(b, doc.warnings)
        if not grid:
            continue
        tid += 1
        page_to = max([b.page] + [c.page for row in grid for c in row])
        doc.tables.append(Table(
            table_id=tid, title=b.title, grid=grid, page_from=b.page, page_to=page_to,
            unit_as_printed=b.unit_as_printed, is_empty=b.is_empty, unit_name=b.unit_name,
            number_label=b.number_label, notes=list(b.notes)))
    _labels_from_toc(doc.tables, toc_entries)
    doc.pages_text = _pages_text(lines, doc.page_count, tab_mode)
    from extract.metadata import fill_metadata
    fill_metadata(doc)
    return doc


def _labels_from_toc(tables: list[Table], toc: list[tuple[str, int]]) -> None:
    """The contents list prints the table numbers ("表二2026年预算收入总表 …… 4"): give a table
    without a printed label the one its contents entry shows."""
    labelled: dict[str, str] = {}
    for entry, _ in toc:
        m = re.match(rf"^(表[{CHINESE_NUMERALS}]+)\s*(.+)$", compact(entry))
        if m:
            labelled.setdefault(m.group(2), m.group(1))
    for t in tables:
        if t.number_label is None:
            t.number_label = labelled.get(compact(t.title))


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ParseError("the text conversion is neither UTF-8 nor GB18030 text")


def _realign(orig: list[tuple[str, int]], kept: list[str]) -> list[tuple[str, int]]:
    out = []
    j = 0
    for ln in kept:
        while j < len(orig) and orig[j][0] != ln:
            j += 1
        if j < len(orig):
            out.append((ln, orig[j][1]))
            j += 1
        else:
            out.append((ln, out[-1][1] if out else 1))
    return out


def _pages_text(lines: list[TextLine], page_count: int, tab_mode: bool) -> list[str]:
    buckets: list[list[str]] = [[] for _ in range(max(1, page_count))]
    for ln in lines:
        s = ln.raw.rstrip()
        if not tab_mode:
            s = undouble(s.strip()) if s.strip() else ""
        else:
            s = strip_markdown(s) if "\t" not in s else s
        buckets[min(max(ln.page, 1), len(buckets)) - 1].append(s)
    return ["\n".join(b).strip("\n") for b in buckets]
