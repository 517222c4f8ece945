"""Spreadsheet reader: the bytes of an .xlsx or legacy .xls workbook → a ``Document`` of grids.

Portals publish a budget's tables as spreadsheet attachments. What a person sees is read:
- Each visible worksheet is a page (``Cell.page`` = its 1-based number among the visible sheets,
  ``Table.sheet_name`` its name); hidden and very hidden sheets, hidden rows and hidden columns
  are left out (calamine tells sheet visibility; rows and columns come from the file's own records,
  ``spreadsheet_layout`` / ``spreadsheet_biff``). Empty rows and columns are dropped.
- Values: text as typed (whitespace trimmed, in-cell line breaks joined as a wrap), numbers as the
  cell's number format shows them (``#,##0.00`` → "3.00", "1234.56" for the float
  1234.5600000001; never fewer digits than the value holds, so no cent is lost), percentages as
  "85.66%", dates ISO, formulas by their cached values.
- Merged cells read as a PDF's spanning cells: the text in the first visible cell of the span,
  '' in the rest.
- A sheet holds one table or several: a table starts at its title / label / unit lines and runs to
  the next title or unit line, prose after a blank row, or the sheet's end (a blank row alone
  inside a table is dropped, not a split); "注：" lines under it are its
  notes, "本表无数据" and the like make it empty on purpose. The unit ("单位：万元") is read from
  those lines, from the title ("…总表（单位：元）") or from a header cell. A table without a title
  line under one with the same header row is that table for the next unit (its title kept);
  otherwise it takes the sheet's name as its title (unless the name is "Sheet1").
- ``pages_text`` holds one text per visible sheet, one line per row (cells apart by a space), so
  titles and explanation sheets feed ``extract.metadata`` and the text checks as a PDF page does.
The reader does not decide what columns mean: ``extract.tables.interpret`` reads the grids.
Not covered: an error cell (#DIV/0!) reads as blank (calamine gives ''); a formula of a legacy
.xls is read by the value Excel cached (a writer that caches none, such as xlwt, leaves it blank).
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, cast

from extract.amounts import find_unit, parse_amount
from extract.model import Cell, Document, ParseError, Table
from extract.readers.spreadsheet_layout import NumberFormat, SheetLayout
# the title, label, unit, unit-name, note and empty-marker rows around a grid: read as the PDF
# reader reads the lines around a table, with the SHEET_ variants a cell needs
from extract.readers.table_context import (
    EMPTY_IN_GRID_RE,
    SHEET_DATE_RE,
    SHEET_NOTE_RE,
    SHEET_TITLE_WORDS_RE,
    SHEET_UNIT_PART_RE,
    SHEET_YEAR_LINE_RE,
    TABLE_LABEL_RE,
    TITLE_END_RE,
    UNIT_NAME_RE,
    take_label_unit_and_name,
)

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_CELLS_PER_SHEET = 5_000_000  # a sheet's used range beyond this is no disclosure table

# ----------------------------------------------------------------------------------------------
# Cell values as shown


def number_text(value: float, fmt: Optional[NumberFormat] = None) -> str:
    """A number as a person sees it: binary noise dropped (1234.5600000001 → '1234.56'), padded
    to the decimals its format shows (3.0 under '0.00' → '3.00'), never fewer digits than it
    holds (the format '0' over 1234.56 still gives '1234.56': no cent is lost)."""
    if not math.isfinite(value):
        return ""
    if fmt is not None and fmt.percent:
        value *= 100
    exact = _trimmed(value)
    held = max(0, -cast(int, exact.as_tuple().exponent))  # finite: an int
    shown = max(held, fmt.decimals if fmt else 0)
    text = f"{exact:.{shown}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # -0.00
    if fmt is not None and fmt.min_digits > 1 and not text.startswith("-"):
        whole, _, frac = text.partition(".")
        text = whole.zfill(fmt.min_digits) + ("." + frac if frac else "")
    return text + "%" if fmt is not None and fmt.percent else text


def _trimmed(value: float) -> Decimal:
    """The shortest decimal (at most 6 places) the float stands for: noise below a
    ten-thousandth of the last kept digit is the float's, not the figure's."""
    ulp = math.ulp(value)
    for places in range(0, 7):
        rounded = round(value, places)
        if abs(value - rounded) <= max(10.0 ** -(places + 4), 2 * ulp):
            return Decimal(repr(rounded)).quantize(Decimal(1).scaleb(-places))
    return Decimal(repr(value)).normalize()


def _join_wraps(text: str) -> str:
    """In-cell line breaks (Alt+Enter) are wraps: joined, with a space only between words."""
    parts = [p.strip(" \t\u3000") for p in re.split(r"\r\n|\r|\n", text)]
    out = ""
    for p in parts:
        if not p:
            continue
        if out and re.match(r"[A-Za-z0-9]", p) and re.search(r"[A-Za-z0-9]$", out):
            out += " "
        out += p
    return out


def cell_text(value, fmt: Optional[NumberFormat] = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return number_text(float(value), fmt) if fmt else str(value)
    if isinstance(value, float):
        return number_text(value, fmt)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return _join_wraps(str(value).strip(" \t\u3000\r\n"))


# ----------------------------------------------------------------------------------------------
# A sheet as seen: visible rows of visible columns, merged spans as a PDF grid shows them


def _visible_rows(sheet, layout: SheetLayout) -> list[list[str]]:
    """The sheet's used range as shown: values as text, merged spans as a PDF grid shows them,
    hidden rows and columns left out. Coordinates of the layout and of the merged ranges are the
    sheet's (from A1); calamine's values start at the used range's first cell."""
    if sheet.start is None:
        return []
    if sheet.height * sheet.width > MAX_CELLS_PER_SHEET:
        raise ParseError(f"sheet {sheet.name!r} spans {sheet.height} × {sheet.width} cells: "
                         "too large for a disclosure table")
    r_off, c_off = sheet.start
    values = sheet.to_python(skip_empty_area=True)
    height, width = len(values), max((len(row) for row in values), default=0)
    texts = [[cell_text(v, layout.formats.get((r + r_off, c + c_off))) for c, v in enumerate(row)]
             + [""] * (width - len(row)) for r, row in enumerate(values)]
    hidden_rows = {r - r_off for r in layout.hidden_rows}
    hidden_cols = {c - c_off for c in layout.hidden_cols}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        r0, c0, r1, c1 = max(r0 - r_off, 0), max(c0 - c_off, 0), min(r1 - r_off, height - 1), \
            min(c1 - c_off, width - 1)
        if r0 > r1 or c0 > c1:
            continue
        top = texts[r0][c0]
        for r in range(r0, r1 + 1):
            texts[r][c0:c1 + 1] = [""] * (c1 + 1 - c0)
        # the span's text shows in its first visible cell (a hidden first column or row does
        # not hide what the rest of the span shows)
        first_col = next((c for c in range(c0, c1 + 1) if c not in hidden_cols), None)
        first_row = next((r for r in range(r0, r1 + 1) if r not in hidden_rows), None)
        if first_col is not None and first_row is not None:
            texts[first_row][first_col] = top
    keep_cols = [c for c in range(width) if c not in hidden_cols]
    return [[row[c] for c in keep_cols] for r, row in enumerate(texts) if r not in hidden_rows]


# ----------------------------------------------------------------------------------------------
# Rows → tables


@dataclass
class _Block:
    title_lines: list[str] = field(default_factory=list)
    label: Optional[str] = None
    unit: Optional[str] = None
    unit_name: Optional[str] = None
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty_marker: bool = False


def _is_amount(text: str) -> bool:
    return parse_amount(text) is not None and bool(re.search(r"[.,]", text))


def _title_part(text: str) -> str:
    """A cell's text without its label and unit: '预算公开表1 2026年收支总表（单位：万元）' → the title."""
    t = SHEET_UNIT_PART_RE.sub("", TABLE_LABEL_RE.sub("", text)).strip(" :：、.．\u3000")
    return t


def _is_title_cell(text: str) -> bool:
    """A title cell. Not table_context.is_table_title (a PDF line's): a sheet often types title
    and unit in one merged cell ("…总表（单位：万元）"), which that rule refuses as a unit line,
    so the unit part is cut off first, and a note cell may be numbered without a colon."""
    t = _title_part(text)
    return bool(t) and len(t) <= 60 and not SHEET_NOTE_RE.match(t) and not UNIT_NAME_RE.search(t) \
        and bool(TITLE_END_RE.search(t))


def _is_meta_cell(text: str, in_table: bool = False) -> bool:
    """A unit, unit-name, label or date line; a year alone ("2026年") only above a table (in a
    table it is a header: "项目 | 2026年")."""
    t = text.replace(" ", "")
    return bool(find_unit(t) or UNIT_NAME_RE.search(text) or TABLE_LABEL_RE.fullmatch(t) or SHEET_DATE_RE.match(t)
                or (not in_table and SHEET_YEAR_LINE_RE.match(t)))


def _row_kind(cells: list[str], in_table: bool) -> str:
    """title | meta | note | text | grid | blank, for one visible row."""
    vals = [t for t in cells if t]
    if not vals:
        return "blank"
    if len(vals) <= 3 and not any(_is_amount(t) for t in vals):
        if any(_is_title_cell(t) for t in vals) and all(_is_title_cell(t) or _is_meta_cell(t) for t in vals):
            return "title"
        if all(_is_meta_cell(t, in_table) for t in vals):
            return "meta"
    if len(vals) == 1:
        t = vals[0]
        if SHEET_NOTE_RE.match(t) or (EMPTY_IN_GRID_RE.search(t) and len(t) < 120):
            return "note"
        if len(t) > 40 or "。" in t:
            return "text"
        if not in_table and len(t) <= 50 and SHEET_TITLE_WORDS_RE.search(t) and not re.search(r"[，。；]", t):
            return "title"  # a title without 表 ("2026年部门收支总体情况") above a table
    return "grid"


def _take_meta(block: _Block, cells: list[str]) -> None:
    for t in (c for c in cells if c):
        take_label_unit_and_name(block, t, lambda found: found.strip("：: \u3000"))
        if _is_title_cell(t) or (not _is_meta_cell(t) and _title_part(t)):
            block.title_lines.append(_title_part(t))


def _blocks(rows: list[list[str]]) -> list[_Block]:
    blocks: list[_Block] = []
    cur = _Block()
    in_notes = saw_blank = False

    def close() -> None:
        nonlocal cur, in_notes
        if any(sum(1 for t in r if t) >= 2 for r in cur.rows):
            blocks.append(cur)
        cur, in_notes = _Block(), False

    for cells in rows:
        started = bool(cur.rows)
        kind = _row_kind(cells, started)
        if kind == "blank":
            saw_blank = True
            continue
        if started and (kind in ("title", "meta") or (kind == "grid" and in_notes)):
            close()  # the next table: its title or unit line, or rows after the notes
            started = False
        if kind in ("title", "meta"):
            if kind == "title" and cur.title_lines and saw_blank:
                cur = _Block()  # a heading with no table under it, then a table's title
            _take_meta(cur, cells)
        elif kind == "note" and started:
            t = next(t for t in cells if t)
            cur.notes.append(t)
            cur.empty_marker = cur.empty_marker or bool(EMPTY_IN_GRID_RE.search(t))
            in_notes = True
        elif kind == "text":
            if started and in_notes:
                cur.notes.append(next(t for t in cells if t))
            elif started and saw_blank:
                close()  # prose under a table: the table has ended
            elif started:
                cur.rows.append(cells)
            else:
                cur = _Block()  # prose under a heading: the heading is no table's title
        elif kind == "grid":
            cur.rows.append(cells)
        saw_blank = False
    close()
    return blocks


def _drop_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    keep = [c for c in range(width) if any(c < len(r) and r[c] for r in rows)]
    return [[r[c] if c < len(r) else "" for c in keep] for r in rows]


def _unit_from_header(rows: list[list[str]]) -> Optional[str]:
    """'金额单位：万元' or '（万元）' in a header cell above the first figures."""
    for row in rows:
        if any(_is_amount(t) for t in row):
            return None
        for t in row:
            unit = find_unit(t)
            if unit:
                return unit
    return None


def _tables_of_sheet(rows: list[list[str]], page: int, sheet_name: str, first_id: int) -> list[Table]:
    tables: list[Table] = []
    for block in _blocks(rows):
        grid_rows = _drop_empty_columns(block.rows)
        title = "".join(block.title_lines)
        before = tables[-1] if tables else None
        if not title and before is not None and before.rows_text()[:1] == grid_rows[:1]:
            # the same table for the next unit ("单位名称：…" and the same header, no title)
            title, block.label = before.title, block.label or before.number_label
            block.unit = block.unit or before.unit_as_printed
        elif not title and not re.fullmatch(r"(?i)sheet\s*\d*|工作表\s*\d*", sheet_name.strip()):
            title = sheet_name.strip()
        empty = block.empty_marker or any(EMPTY_IN_GRID_RE.search(t) for r in grid_rows for t in r if t and len(t) < 60)
        grid = [[Cell(text=t, page=page, row=i, col=j) for j, t in enumerate(r)]
                for i, r in enumerate(grid_rows)]
        tables.append(Table(
            table_id=first_id + len(tables), title=title, grid=grid, page_from=page, page_to=page,
            unit_as_printed=block.unit or _unit_from_header(grid_rows), is_empty=empty,
            unit_name=block.unit_name, number_label=block.label, notes=block.notes,
            read_by="text", sheet_name=sheet_name))
    return tables


def _page_text(rows: list[list[str]]) -> str:
    """A sheet's text as a PDF page's: one line per row, its cells apart by a space."""
    return "\n".join(" ".join(t for t in row if t) for row in rows if any(row))


# ----------------------------------------------------------------------------------------------
# The workbook


def _open_workbook(data: bytes, fmt: str):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine says little ("Cannot detect file format")
        raise ParseError(f"{_what_is_wrong(data, fmt)} ({type(exc).__name__}: {str(exc)[:160]})") from None


def _what_is_wrong(data: bytes, fmt: str) -> str:
    """Why a workbook cannot be opened, in words: truncated, not a workbook, encrypted."""
    if fmt == "xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            return "a truncated or damaged .xlsx workbook: its ZIP archive cannot be opened"
        if "xl/workbook.xml" not in names:
            return "a ZIP archive without a workbook (no xl/workbook.xml): not an .xlsx spreadsheet"
        return "a damaged .xlsx workbook"
    from extract.readers.spreadsheet_biff import compound_streams

    try:
        streams = compound_streams(data)
    except Exception:  # noqa: BLE001 - the container itself is broken
        return "a truncated or damaged .xls workbook: its OLE2 container cannot be read"
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        return "an encrypted (password-protected) workbook"
    if not streams & {"Workbook", "Book"}:
        return "an OLE2 file without a Workbook stream (a Word or other Office file?): not an .xls spreadsheet"
    return "a damaged .xls workbook"


def _layouts(data: bytes, fmt: str, warnings: list[str]) -> dict[str, SheetLayout]:
    try:
        if fmt == "xlsx":
            from extract.readers.spreadsheet_layout import xlsx_layouts

            return xlsx_layouts(data)
        from extract.readers.spreadsheet_biff import xls_layouts

        return xls_layouts(data)
    except Exception as exc:  # noqa: BLE001 - the values are read; only visibility/formats are lost
        warnings.append(f"hidden rows/columns and number formats not read ({type(exc).__name__}: {exc}): "
                        "every row and column is shown, numbers as the General format shows them")
        return {}


def read_spreadsheet_document(data: bytes, file_name: str, source_uri: str, document_id: str) -> Document:
    if not data:
        raise ParseError("empty file (0 bytes)")
    fmt = "xls" if data[:8] == _OLE2_MAGIC else "xlsx"
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    book = _open_workbook(data, fmt)
    warnings: list[str] = []
    layouts = _layouts(data, fmt, warnings)
    pages_text: list[str] = []
    tables: list[Table] = []
    skipped = []
    try:
        for meta in book.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                skipped.append(meta.name)
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
                rows = _visible_rows(sheet, layouts.get(meta.name, SheetLayout()))
            except ParseError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise ParseError(f"damaged .{fmt} workbook: sheet {meta.name!r} cannot be read "
                                 f"({type(exc).__name__}: {str(exc)[:200]})") from None
            page = len(pages_text) + 1
            pages_text.append(_page_text(rows))
            tables.extend(_tables_of_sheet(rows, page, meta.name, len(tables) + 1))
    finally:
        book.close()
    if not pages_text:
        raise ParseError(f"a .{fmt} workbook without a visible worksheet")
    doc = Document(document_id=document_id, source_uri=source_uri, file_name=file_name, format=fmt,
                   page_count=len(pages_text), pages_text=pages_text, tables=tables, warnings=warnings)
    if skipped:
        doc.warnings.append(f"hidden sheets left out: {skipped}")
    from extract.metadata import fill_metadata

    fill_metadata(doc)
    return doc
