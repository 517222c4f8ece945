"""What calamine does not tell about a sheet: hidden rows and columns, and number formats.

python-calamine gives cell values (with formulas' cached values) and merged ranges, but not row /
column visibility nor the number format a cell is shown with. Both matter: a hidden row is not
what a person sees, and a money cell formatted ``#,##0.00`` holding 3.0 is shown as "3.00" (an
amount), while a function code stored as the number 2040601 is shown as "2040601".

- .xlsx: read from the workbook's XML with zipfile + xml.etree: ``<row hidden="1">`` (or
  ``ht="0"``), ``<col min max hidden="1">`` (or ``width="0"``), each number cell's style (``s``) → ``styles.xml`` cellXfs →
  numFmt.
- .xls: see ``spreadsheet_biff`` (the BIFF8 records ROW, COLINFO, XF, FORMAT and the number
  cells).

Layouts are keyed by sheet name. A layout that cannot be read is left out (the reader then shows
every row and column, numbers as Excel's General format shows them) and the reader warns.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Optional, cast
from xml.etree import ElementTree


@dataclass(frozen=True)
class NumberFormat:
    decimals: int  # digits after the decimal point the format shows
    percent: bool = False
    min_digits: int = 1  # digits before the point, zero-padded: '00' shows 6 as "06" (a 款 code)


@dataclass
class SheetLayout:
    hidden_rows: set[int] = field(default_factory=set)  # 0-based sheet row indices
    hidden_cols: set[int] = field(default_factory=set)  # 0-based sheet column indices
    formats: dict[tuple[int, int], NumberFormat] = field(default_factory=dict)  # (row, col) → format


# Excel's built-in number formats that show decimals or percent (ECMA-376 18.8.30).
BUILTIN_FORMATS = {
    2: NumberFormat(2), 4: NumberFormat(2), 9: NumberFormat(0, True), 10: NumberFormat(2, True),
    11: NumberFormat(2), 39: NumberFormat(2), 40: NumberFormat(2), 43: NumberFormat(2),
    44: NumberFormat(2), 7: NumberFormat(2), 8: NumberFormat(2),
}


def number_format_of(code: str) -> Optional[NumberFormat]:
    """The decimals and percent of a format code ('#,##0.00', '0.00%', '#,##0.00_);(#,##0.00)');
    None for formats that show no decimals (General, '0', '@', dates)."""
    section = code.split(";", 1)[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", section)  # literals, colours, padding
    if re.search(r"[ymdhs]", section, re.I) and not re.search(r"[0#]", section):
        return None  # a date or time format
    percent = "%" in section
    m = re.search(r"\.([0#?]+)", section)
    decimals = len(m.group(1)) if m else 0
    whole_m = re.match(r"[^0#?.]*([0#?,]*)", section)
    assert whole_m is not None  # always matches: both parts may be empty
    whole = whole_m.group(1)
    min_digits = max(1, whole.count("0")) if "#" not in whole else 1
    if not decimals and not percent and min_digits == 1:
        return None
    return NumberFormat(decimals, percent, min_digits)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _cell_ref(ref: str) -> Optional[tuple[int, int]]:
    m = re.match(r"([A-Z]+)(\d+)$", ref or "")
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML in the archive (workbook.xml + its relationships)."""
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        targets[rel.get("Id")] = path
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    out = {}
    for el in book.iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            if rid in targets:
                out[cast(str, el.get("name"))] = targets[rid]
    return out


def _style_formats(z: zipfile.ZipFile) -> list[Optional[NumberFormat]]:
    """cellXfs index → the number format it shows."""
    try:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return []
    custom = {}
    xfs: list[Optional[NumberFormat]] = []
    for el in styles:
        if _local(el.tag) == "numFmts":
            for nf in el:
                custom[int(nf.get("numFmtId", "-1"))] = number_format_of(nf.get("formatCode", ""))
        elif _local(el.tag) == "cellXfs":
            for xf in el:
                fid = int(xf.get("numFmtId", "0"))
                xfs.append(custom[fid] if fid in custom else BUILTIN_FORMATS.get(fid))
    return xfs


def _truthy(value: Optional[str]) -> bool:
    return value in ("1", "true", "True")


def _zero(size: Optional[str]) -> bool:
    """A row height or column width of 0: the row or column shows nothing (hidden by dragging)."""
    try:
        return size is not None and float(size) == 0
    except ValueError:
        return False


def _sheet_layout(xml: IO[bytes], xfs: list[Optional[NumberFormat]]) -> SheetLayout:
    layout = SheetLayout()
    next_row = 0
    for _event, el in ElementTree.iterparse(xml, events=("end",)):
        tag = _local(el.tag)
        if tag == "c":
            s = el.get("s")
            if s is not None and el.get("t") in (None, "n") and int(s) < len(xfs):
                xf = xfs[int(s)]
                pos = _cell_ref(el.get("r", "")) if xf else None
                if xf and pos is not None:
                    layout.formats[pos] = xf
            el.clear()
        elif tag == "row":
            r_attr = el.get("r")
            r = int(r_attr) - 1 if r_attr else next_row
            next_row = r + 1
            if _truthy(el.get("hidden")) or _zero(el.get("ht")):
                layout.hidden_rows.add(r)
            el.clear()
        elif tag == "col":
            if _truthy(el.get("hidden")) or _zero(el.get("width")):
                lo, hi = int(el.get("min", "1")), int(el.get("max", "1"))
                layout.hidden_cols.update(range(lo - 1, min(hi, 16384)))
    return layout


def xlsx_layouts(data: bytes) -> dict[str, SheetLayout]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xfs = _style_formats(z)
        out = {}
        for name, path in _sheet_paths(z).items():
            with z.open(path) as xml:
                out[name] = _sheet_layout(xml, xfs)
        return out
