"""Reader for text conversions (.txt, .md) of disclosure PDFs.

Three kinds of conversion are known (see the seeds):

- tab-separated tables (seeds 001, 002, 004): one printed row per line, cells split on ``\\t``
  keeping empties; a blank line inside a table is a page break.
- raw layout text (seed 003): cells separated by single spaces, an empty cell shows as an extra
  space, fake-bold text is doubled ("764.49764.49") and so are the spaces of empty bold cells;
  label cells wrap over lines; running headers, page numbers ("-11-") and split watermarks sit
  between and inside tables. Rows are aligned to the table's column count by a small dynamic
  programme over the gap widths and the column types (amount / text).

Header rows of layout text come out as fragments in reading order; when the fragments join into
known column names as many as the table has columns, the header is rebuilt as one row of leaf names
(two-sided summaries keep a "收入 | 支出" row above the two 项目 columns). Other header fragments are
kept as rows padded to the table's width. A third, "wide" layout (columns separated by runs of
spaces, as pdftotext -layout prints them) places cells by their display position.

Pages: form feeds when present; else printed page numbers ("-11-") anchored with the layout
conversion's page starts; else the contents list (目录 "表一…… 2") plus blank lines inside
tab-separated tables; else page 1.

The reader returns grids only (every printed row, header rows included); it does not decide what
a column means (``extract.tables.interpret`` does).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from extract.amounts import find_unit
from extract.model import Cell, Document, ParseError, Table
from extract.textnorm import (
    clean_cell,
    compact,
    drop_watermark_lines,
    split_glued,
    strip_markdown,
    strip_watermark,
    undouble,
)

_CN_NUM = "一二三四五六七八九十"
_PART_RE = re.compile(rf"^第[{_CN_NUM}]+部分")
_RUNNING_PART_RE = re.compile(rf"^第[{_CN_NUM}]+部分.*报表$")
_RUNNING_REPORT_RE = re.compile(r"^\S{2,40}\d{4}年度?(部门|单位)(预算|决算)公开(报告)?$")
_PAGE_MARK_RE = re.compile(r"^\s*[-－—]\s*(\d{1,4})\s*[-－—]\s*$")
_PAGE_WORD_RE = re.compile(r"^第\s*\d+\s*页(共\s*\d+\s*页)?$")
_LABEL_RE = re.compile(
    rf"^(?:(?:预算|部门|单位|决算)?公开表\d+|公开\d+表?|表[{_CN_NUM}]+|附表\d+)$")
_TITLE_RE = re.compile(
    rf"^(?P<label>表[{_CN_NUM}]+(?=\S)|\d+[.．、]\s*)?"
    r"(?P<title>\S.*?表(?:[（(][^）)]{1,24}[）)])?)$")
_TITLE_KEYWORDS = re.compile(r"预算|决算|收支|收入|支出|经费|绩效|统计|拨款|采购|资产|目标")
_YEAR_LINE_RE = re.compile(r"^[（(]?\s*\d{4}\s*[）)]?\s*年度?\s*[）)]?$|^[（(]\d{4}年度[）)]$")
_NAME_RE = re.compile(r"(?:部门|单位|预算单位)名称\s*[:：]\s*(\S+)")
_NOTE_RE = re.compile(r"^(注|说明|备注|注释)\s*\d*\s*[:：]")
_EMPTY_RE = re.compile(r"本表无数据|此表为空|为空表|本单位无此项|本部门无此项|无此项(收支|支出|收入)?数据|本表无内容")
_TOC_HEAD_RE = re.compile(r"^目\s*录$")
_TOC_ENTRY_RE = re.compile(r"^(?P<title>.*?\S)\s*(?:\.{2,}|…+|·{2,})?\s*\t\s*(?P<page>\d{1,4})\s*$|"
                           r"^(?P<title2>.*?\S)\s*(?:\.{3,}|…+|·{3,})\s*(?P<page2>\d{1,4})\s*$")
_DEC_AMOUNT_RE = re.compile(r"^[+-]?\d[\d,]*\.\d+$")
_CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_TOTAL_WORDS = ("合计", "总计", "部门合计", "单位合计", "小计")


@dataclass
class _Line:
    idx: int
    raw: str
    page: int


@dataclass
class _Building:
    title: str
    page: int
    number_label: Optional[str] = None
    label_from_prefix: bool = False
    unit_as_printed: Optional[str] = None
    unit_name: Optional[str] = None
    notes: list = field(default_factory=list)
    is_empty: bool = False
    rows: list = field(default_factory=list)  # list of _Line (row lines as printed)
    closed: bool = False
    after_note: bool = False

    @property
    def is_performance(self) -> bool:
        return "绩效" in self.title


# ---------------------------------------------------------------------------------------------
# public entry point


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
    toc_entries, toc_lines = _parse_toc(plain)
    if has_ff:
        pages = [p for _, p in lines_pages]
    else:
        pages = _assign_pages(plain, toc_entries, toc_lines)
    lines = [_Line(i, strip_watermark(ln) if "仅供内部审核" in ln else ln, pages[i])
             for i, ln in enumerate(plain)]
    tab_mode = sum(1 for i, ln in enumerate(plain) if "\t" in ln and i not in toc_lines) >= 5
    built = _find_tables(lines, toc_lines, tab_mode)

    doc = Document(document_id=document_id, source_uri=source_uri, file_name=file_name,
                   format="text", page_count=max(pages) if pages else 1)
    tid = 0
    for b in built:
        grid = _grid_tab(b) if tab_mode else _grid_layout(b, doc.warnings)
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
    labelled = {}
    for entry, _ in toc:
        m = re.match(rf"^(表[{_CN_NUM}]+)\s*(.+)$", compact(entry))
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


# ---------------------------------------------------------------------------------------------
# pages


def _norm_heading(text: str) -> str:
    t = compact(strip_markdown(text))
    t = re.sub(rf"^(表[{_CN_NUM}]+|[{_CN_NUM}]+、|\d+[.．、]|[（(][{_CN_NUM}\d]+[）)])", "", t)
    return t


def _parse_toc(lines: list[str]) -> tuple[list[tuple[str, int]], set]:
    """Entries ("表一2026年预算收支总表", 2) of the contents list and the line indices it covers."""
    start = None
    for i, ln in enumerate(lines[:200]):
        if _TOC_HEAD_RE.match(compact(strip_markdown(ln))):
            start = i
            break
    if start is None:
        return [], set()
    entries: list[tuple[str, int]] = []
    covered = {start}
    misses = 0
    last_entry = start
    for i in range(start + 1, min(len(lines), start + 200)):
        ln = lines[i]
        if not ln.strip():
            continue
        m = _TOC_ENTRY_RE.match(strip_markdown(ln).replace("</b>", ""))
        if m and ln.count("\t") <= 1:
            title = m.group("title") or m.group("title2")
            pg = int(m.group("page") or m.group("page2"))
            entries.append((strip_markdown(title).strip(" .…"), pg))
            covered.add(i)
            last_entry = i
            misses = 0
            continue
        misses += 1
        if misses > 2 or len(ln.strip()) > 40:
            break
    for i in range(start, last_entry + 1):
        covered.add(i)
    return entries, covered


def _assign_pages(lines: list[str], toc: list[tuple[str, int]], toc_lines: set) -> list[int]:
    n = len(lines)
    marks = [(i, int(m.group(1))) for i, ln in enumerate(lines) if (m := _PAGE_MARK_RE.match(ln))]
    if marks:
        return _pages_from_marks(lines, marks)
    pages = [1] * n
    if not toc:
        return pages
    keyed = [(_norm_heading(t), p) for t, p in toc]
    ptr = 0
    page = 1
    prev_nonblank_tab = False
    blank_since = False
    for i, ln in enumerate(lines):
        if i in toc_lines:
            pages[i] = page
            continue
        s = ln.strip()
        if not s:
            blank_since = True
            pages[i] = page
            continue
        has_tab = "\t" in ln
        if has_tab and prev_nonblank_tab and blank_since:
            page += 1  # a blank line inside a tab-separated table: the table went on a new page
        key = _norm_heading(ln) if not has_tab else ""
        if key:
            for j in range(ptr, min(len(keyed), ptr + 6)):
                if keyed[j][0] and keyed[j][0] == key:
                    page = max(page, keyed[j][1])
                    ptr = j + 1
                    break
        pages[i] = page
        prev_nonblank_tab = has_tab
        blank_since = False
    return pages


def _pages_from_marks(lines: list[str], marks: list[tuple[int, int]]) -> list[int]:
    """Printed page numbers ("-11-") anchor the pages; between them a new page starts where a line
    that begins with a space directly follows a non-blank line (how the layout conversion starts
    each page)."""
    n = len(lines)
    mark_idx = {i for i, _ in marks}
    starts = [0]
    for i in range(1, n):
        ln = lines[i]
        if i in mark_idx or not ln.strip():
            continue
        if (i - 1) in mark_idx:
            starts.append(i)
            continue
        if ln.startswith(" ") and lines[i - 1].strip() and (i - 1) not in mark_idx:
            starts.append(i)
    starts = sorted(set(starts + [i + 1 for i in mark_idx if i + 1 < n]))
    seg_of = [0] * n
    s = 0
    for i in range(n):
        while s + 1 < len(starts) and starts[s + 1] <= i:
            s += 1
        seg_of[i] = s
    seg_page: dict[int, int] = {}
    for i, num in marks:
        seg_page[seg_of[i]] = num
    # fill forward and backward from anchors
    nseg = len(starts)
    pages_by_seg = [None] * nseg
    for sg, num in seg_page.items():
        pages_by_seg[sg] = num
    first_anchor = min(seg_page)
    for sg in range(first_anchor - 1, -1, -1):
        pages_by_seg[sg] = max(1, pages_by_seg[sg + 1] - 1)
    for sg in range(first_anchor + 1, nseg):
        if pages_by_seg[sg] is None:
            pages_by_seg[sg] = pages_by_seg[sg - 1] + 1
    return [pages_by_seg[seg_of[i]] for i in range(n)]


def _pages_text(lines: list[_Line], page_count: int, tab_mode: bool) -> list[str]:
    buckets: list[list[str]] = [[] for _ in range(max(1, page_count))]
    for ln in lines:
        s = ln.raw.rstrip()
        if not tab_mode:
            s = undouble(s.strip()) if s.strip() else ""
        else:
            s = strip_markdown(s) if "\t" not in s else s
        buckets[min(max(ln.page, 1), len(buckets)) - 1].append(s)
    return ["\n".join(b).strip("\n") for b in buckets]


# ---------------------------------------------------------------------------------------------
# finding tables


def _title_of(line: str) -> Optional[tuple[Optional[str], str]]:
    """(label, title) when the line is a table title, else None."""
    if "\t" in line:
        return None
    t = undouble(strip_markdown(line).strip(" \u3000"))
    if re.fullmatch(r"(\S[ \u3000]+)+\S", t) and len(t) >= 9:
        t = re.sub(r"[ \u3000]+", "", t)  # letter-spaced title "收 入 支 出 决 算 总 表"
    if not t or len(t) > 70 or _PART_RE.match(t):
        return None
    bare = re.sub(r"[（(][^）)]*单位[^）)]*[）)]$", "", t)  # "…总表（单位：万元）"
    if re.search(r"[，。；：:]|\.{3,}|…", bare) or "见附件" in t:
        return None
    t = bare
    m = _TITLE_RE.match(t)
    if not m:
        return None
    title = m.group("title").strip()
    label = (m.group("label") or "").strip() or None
    if _LABEL_RE.match(compact(title)) or len(compact(title)) < 5:
        return None
    if not _TITLE_KEYWORDS.search(title):
        return None
    return label, title


def _is_label(line: str) -> Optional[str]:
    if "\t" in line:
        return None
    c = undouble(compact(strip_markdown(line)))
    return c if _LABEL_RE.match(c) else None


def _find_tables(lines: list[_Line], toc_lines: set, tab_mode: bool) -> list[_Building]:
    tables: list[_Building] = []
    cur: Optional[_Building] = None
    pending_label: Optional[str] = None
    for ln in lines:
        if ln.idx in toc_lines:
            continue
        raw = ln.raw
        s = raw.strip()
        if not s:
            if raw and not tab_mode and cur is not None and cur.rows and not cur.after_note \
                    and not cur.is_performance:
                cur.rows.append(ln)  # whitespace-only: empty cells of a wrapped row
            continue
        c = undouble(compact(strip_markdown(raw)))
        if _PAGE_MARK_RE.match(raw) or _PAGE_WORD_RE.match(c):
            continue
        if _RUNNING_PART_RE.match(c) or (cur is not None and _RUNNING_REPORT_RE.match(c)):
            continue
        if _PART_RE.match(c):
            cur = None
            continue
        tt = _title_of(raw)
        if tt is not None:
            label, title = tt
            if cur is not None and not cur.rows and compact(cur.title) == compact(title):
                if label and not cur.number_label:
                    cur.number_label = label
                continue
            cur = _Building(title=title, page=ln.page)
            cur.unit_as_printed = find_unit(c)
            if pending_label:
                cur.number_label = pending_label
                pending_label = None
            elif label and label.startswith("表"):
                cur.number_label, cur.label_from_prefix = label, True
            elif label:
                cur.number_label = label.rstrip(" ")
            tables.append(cur)
            continue
        lab = _is_label(raw)
        if lab:
            if cur is not None and not cur.rows:
                if not cur.number_label or cur.label_from_prefix:
                    cur.number_label, cur.label_from_prefix = lab, False
            else:
                pending_label = lab
            continue
        if c == "表" and cur is not None and cur.number_label and not cur.number_label.endswith("表") \
                and not cur.rows:
            cur.number_label += "表"
            continue
        if cur is None:
            continue
        # metadata lines above the grid
        if "\t" not in raw and not cur.rows:
            handled = False
            nm = _NAME_RE.search(undouble(strip_markdown(raw)))
            if nm:
                cur.unit_name = clean_cell(nm.group(1))
                handled = True
            unit = find_unit(c)
            if unit and len(c) <= 40:
                cur.unit_as_printed = unit
                handled = True
            if handled or _YEAR_LINE_RE.match(c):
                continue
        if _NOTE_RE.match(c):
            cur.notes.append(undouble(s.split("\t")[0].strip()))
            if _EMPTY_RE.search(c):
                cur.is_empty = True
            cur.after_note = True
            continue
        if _EMPTY_RE.search(c) and len(c) <= 30:
            cur.is_empty = True
            cur.notes.append(undouble(s))
            cur.after_note = True
            continue
        if cur.after_note or cur.closed:
            cur = None
            continue
        if tab_mode:
            if "\t" in raw:
                cur.rows.append(ln)
            elif cur.rows:
                cur = None  # prose after the grid ends the table
            continue
        # layout mode: every other line is part of the grid
        if cur.is_performance and cur.rows and _is_bold_heading(raw):
            cur = None
            continue
        if not cur.rows and not cur.is_performance and _is_prose(raw):
            continue
        cur.rows.append(ln)
    return [t for t in tables if t.rows]


def _is_bold_heading(raw: str) -> bool:
    s = raw.strip()
    u = undouble(s)
    return u != s and bool(re.match(rf"^([{_CN_NUM}]+、|[（(][{_CN_NUM}]+[）)])", u))


def _is_prose(raw: str) -> bool:
    return bool(re.search(r"[，。；]", raw)) and len(raw.strip()) > 30


# ---------------------------------------------------------------------------------------------
# tab-separated grids


def _grid_tab(b: _Building) -> list[list[Cell]]:
    rows = [[clean_cell(x) for x in ln.raw.rstrip("\n").split("\t")] for ln in b.rows]
    pages = [ln.page for ln in b.rows]
    if not rows:
        return []
    if b.is_performance:
        width = max(len(r) for r in rows)
    else:
        width = Counter(len(r) for r in rows).most_common(1)[0][0]
    out = []
    for r, (cells, pg) in enumerate(zip(rows, pages)):
        cells = _fit_width(cells, width)
        out.append([Cell(text=t, page=pg, row=r, col=j) for j, t in enumerate(cells)])
    return out


def _fit_width(cells: list[str], width: int) -> list[str]:
    cells = list(cells)
    while len(cells) > width and cells and cells[-1] == "":
        cells.pop()
    while len(cells) > width:
        # a merged cell printed with extra separators: drop one empty from the longest run
        best, best_len, i = None, 0, 0
        while i < len(cells):
            if cells[i] == "":
                j = i
                while j < len(cells) and cells[j] == "":
                    j += 1
                if j - i > best_len:
                    best, best_len = i, j - i
                i = j
            else:
                i += 1
        if best is None:
            break
        del cells[best]
    if len(cells) < width:
        cells += [""] * (width - len(cells))
    return cells


# ---------------------------------------------------------------------------------------------
# layout grids (seed 003 style)


@dataclass
class _Tok:
    cells: list  # cell texts
    gaps: list  # len(cells)+1 gap widths (leading, interior…, trailing); 0 = glued
    bold: bool


def _tokenize(row: str) -> _Tok:
    s = row.replace("\t", " ").rstrip("\n")
    spans = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^ ]+", s)]
    cells: list[str] = []
    gaps: list[int] = []
    bold = False
    prev_end = 0
    for k, (a, e, tok) in enumerate(spans):
        pieces = split_glued(tok)
        if sum(len(p) for p in pieces) < len(tok):
            bold = True
        gaps.append(a - prev_end)
        for q, p in enumerate(pieces):
            if q > 0:
                gaps.append(0)
            cells.append(clean_cell(p))
        prev_end = e
    gaps.append(len(s) - prev_end)
    if not cells:
        gaps = [len(s)]
    return _Tok(cells, gaps, bold)


def _natural(tok: _Tok) -> list[str]:
    if not tok.cells:
        return []
    out = [""] * tok.gaps[0]
    for k, cell in enumerate(tok.cells):
        if k > 0:
            out += [""] * max(tok.gaps[k] - 1, 0)
        out.append(cell)
    out += [""] * max(tok.gaps[-1] - 1, 0)
    return out


def _natural_count(tok: _Tok, halve_bold: bool = False) -> int:
    if not tok.cells:
        return 0
    if halve_bold and tok.bold:
        n = len(tok.cells) + tok.gaps[0] // 2
        n += sum(max(g - 1, 0) // 2 for g in tok.gaps[1:-1])
        n += max(tok.gaps[-1] - 1, 0) // 2
        return n
    return len(_natural(tok))


def _cell_type(text: str) -> str:
    if not text:
        return ""
    return "amt" if _DEC_AMOUNT_RE.match(text.replace(" ", "")) else "text"


def _gap_cost(g: int, e: int, kind: str, bold: bool) -> float:
    if kind == "interior" and g == 0:
        return 0.0 if e == 0 else 5.0 * e
    if kind == "interior":
        cands = [(g - 1, 0.0), ((g - 1) / 2, 0.1 if bold else 0.6)]
    elif kind == "leading":
        if g == 0:
            return 1.1 * e  # a merged label cell leaves its empty after it, not before
        cands = [(g, 0.0), (g / 2, 0.2 if bold else 0.6), (g + 1, 0.6)]
    else:
        if g == 0:
            cands = [(0, 0.0)]
        else:
            cands = [(g - 1, 0.0), (g, 0.3), ((g - 1) / 2, 0.2 if bold else 0.6)]
    return min(pen + abs(e - v) for v, pen in cands)


def _align(tok: _Tok, width: int, profile: list[Counter]) -> Optional[list[str]]:
    k = len(tok.cells)
    if k == 0 or k > width:
        return None
    types = [_cell_type(c) for c in tok.cells]

    def type_cost(i: int, col: int) -> float:
        prof = profile[col] if col < len(profile) else Counter()
        t = types[i]
        if t == "amt" and prof.get("text", 0) > 0 and prof.get("amt", 0) == 0:
            return 2.0
        if t == "text" and prof.get("amt", 0) > 0 and prof.get("text", 0) == 0:
            return 2.0
        return 0.0

    INF = float("inf")
    dp = [[INF] * width for _ in range(k)]
    back = [[-1] * width for _ in range(k)]
    for c in range(width - k + 1):
        dp[0][c] = _gap_cost(tok.gaps[0], c, "leading", tok.bold) + type_cost(0, c)
    for i in range(1, k):
        for c in range(i, width - (k - 1 - i)):
            tc = type_cost(i, c)
            best, arg = INF, -1
            for cp in range(i - 1, c):
                if dp[i - 1][cp] == INF:
                    continue
                v = dp[i - 1][cp] + _gap_cost(tok.gaps[i], c - cp - 1, "interior", tok.bold)
                if v < best - 1e-9:
                    best, arg = v, cp
            dp[i][c] = best + tc
            back[i][c] = arg
    best, arg = INF, -1
    for c in range(k - 1, width):
        if dp[k - 1][c] == INF:
            continue
        v = dp[k - 1][c] + _gap_cost(tok.gaps[-1], width - 1 - c, "trailing", tok.bold)
        if v < best - 1e-9:
            best, arg = v, c
    cols = [0] * k
    c = arg
    for i in range(k - 1, -1, -1):
        cols[i] = c
        c = back[i][c]
    out = [""] * width
    for i, col in enumerate(cols):
        out[col] = tok.cells[i]
    return out


def _is_headerish(raw: str, tok: _Tok) -> bool:
    if not tok.cells:
        return False
    if any(_cell_type(c) == "amt" for c in tok.cells):
        return False
    if _CODE_RE.match(tok.cells[0]):
        return False
    if tok.cells[0] in _TOTAL_WORDS and all(not c for c in tok.cells[1:]):
        return False  # the 合计 row of an empty table
    if all(re.fullmatch(r"\d{1,2}", c) for c in tok.cells) and len(tok.cells) >= 2:
        return True  # 栏次 row 1 2 3 …
    s = raw.strip()
    if " " not in raw:
        return True  # a wrapped header fragment
    return tok.bold and all(undouble(p) != p for p in s.split() if p)


def _is_ws(raw: str) -> bool:
    return raw.strip() == "" and raw != ""


def _is_frag(raw: str) -> bool:
    s = raw.rstrip()
    if not s.strip() or " " in s.strip():
        return False
    t = s.strip(" \u3000")
    return not _DEC_AMOUNT_RE.match(t) and not _CODE_RE.match(t)


def _is_suffix(raw: str) -> bool:
    if _is_ws(raw):
        return True
    first = raw.strip().split(" ")[0]
    return bool(split_glued(first) and _DEC_AMOUNT_RE.match(split_glued(first)[0]))


def _is_open(raw: str) -> bool:
    if _is_ws(raw):
        return True
    if raw.endswith(" "):
        return False
    last = raw.strip().split(" ")[-1]
    return not _DEC_AMOUNT_RE.match(last)


def _group_rows(lines: list[_Line]) -> list[tuple[str, int]]:
    """Join wrapped rows: [prefix or partial row] + label fragments + [suffix]."""
    out: list[tuple[str, int]] = []
    i = 0
    n = len(lines)
    while i < n:
        start = lines[i]
        j = i + 1
        frags: list[str] = []
        if _is_open(start.raw):
            while j < n and _is_frag(lines[j].raw):
                frags.append(lines[j].raw.strip(" "))
                j += 1
        suffix = None
        if frags and j < n and _is_suffix(lines[j].raw):
            suffix = lines[j].raw
            j += 1
        if not frags and _is_ws(start.raw):
            i = j  # an all-empty printed row
            continue
        text = start.raw.rstrip("\n") + "".join(frags)
        if suffix is not None:
            text = text + suffix if _is_ws(suffix) else text + " " + suffix.lstrip(" ")
        out.append((text, start.page))
        i = j
    return out


def _grid_layout(b: _Building, warnings: list) -> list[list[Cell]]:
    lines = [ln for ln in b.rows if ln.raw.strip() or _is_ws(ln.raw)]
    # drop blank ("") lines but keep whitespace-only lines (they carry empty cells)
    lines = [ln for ln in lines if ln.raw != ""]
    if b.is_performance:
        grid_rows = []
        for ln in lines:
            if not ln.raw.strip():
                continue
            cells = [clean_cell(p) for p in re.split(r"[ \t]+", ln.raw.strip())]
            grid_rows.append((cells, ln.page))
        width = max((len(r) for r, _ in grid_rows), default=0)
        return [[Cell(t, pg, r, j) for j, t in enumerate(cells + [""] * (width - len(cells)))]
                for r, (cells, pg) in enumerate(grid_rows)]
    header: list[_Line] = []
    k = 0
    while k < len(lines):
        raw = lines[k].raw
        if _is_ws(raw):
            break
        if _is_headerish(raw, _tokenize(raw)):
            header.append(lines[k])
            k += 1
            continue
        break
    if _is_wide_layout(lines[k:]):
        return _grid_wide(header + lines[k:])
    data = _group_rows(lines[k:])
    toks = [(_tokenize(text), pg) for text, pg in data]
    toks = [(t, pg) for t, pg in toks if t.cells]
    header_toks = [(_tokenize(ln.raw), ln.page) for ln in header]
    h_width = max((len(t.cells) for t, _ in header_toks), default=0)
    if len(toks) >= 3:
        counts = Counter(_natural_count(t) for t, _ in toks)
        width = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    else:
        width = max([h_width] + [_natural_count(t, halve_bold=True) for t, _ in toks] + [1])
    profile = [Counter() for _ in range(width)]
    for t, _ in toks:
        nat = _natural(t)
        if len(nat) == width:
            for j, cell in enumerate(nat):
                if cell:
                    profile[j][_cell_type(cell)] += 1
    synth = _synthesize_leaf_header(header, width)
    if synth is not None:
        header_toks = [(_Tok(cells, [0] * (len(cells) + 1), False), pg) for cells, pg in synth]
    side_row = _two_sided_group_row(header, header_toks, width)
    if side_row is not None:
        if synth is not None:
            header_toks.insert(0, side_row)
        else:
            header_toks[0] = side_row
    grid: list[list[Cell]] = []
    for t, pg in header_toks:
        cells = list(t.cells)
        if len(cells) == width and not any(t.gaps):
            pass
        elif len(cells) < width:
            pad = [""] * (width - len(cells))
            # a leaf header line of amount columns ("合计 人员经费 公用经费") sits on the right
            cells = pad + cells if cells[0] in ("合计", "小计") else cells + pad
        grid.append([Cell(x, pg, len(grid), j) for j, x in enumerate(cells)])
    for t, pg in toks:
        nat = _natural(t)
        if len(nat) == width:
            cells = nat
        else:
            cells = _align(t, width, profile)
            if cells is None:
                warnings.append(f"table {b.title!r}: a row has {len(t.cells)} cells for "
                                f"{width} columns: {' | '.join(t.cells)}")
                cells = nat
        grid.append([Cell(x, pg, len(grid), j) for j, x in enumerate(cells)])
    return grid


def _is_wide_layout(lines: list[_Line]) -> bool:
    """pdftotext -layout style: columns separated by runs of spaces, not single spaces."""
    gaps = []
    for ln in lines:
        t = _tokenize(ln.raw)
        gaps += [g for g in t.gaps[1:-1] if g > 0]
    return len(gaps) >= 8 and sum(1 for g in gaps if g == 1) < 0.3 * len(gaps)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _grid_wide(lines: list[_Line]) -> list[list[Cell]]:
    """Cells split on runs of 2+ spaces; a row with fewer cells is placed by the display
    positions of its cells against the column starts of the complete rows."""
    rows = []
    for ln in lines:
        raw = ln.raw.replace("\t", "  ").rstrip()
        if not raw.strip():
            continue
        cells = []
        for m in re.finditer(r"\S+(?: \S+)*", raw):
            x = _display_width(raw[:m.start()])
            cells.append((x, clean_cell(m.group(0))))
        rows.append((cells, ln.page))
    if not rows:
        return []
    width = Counter(len(r) for r, _ in rows).most_common(1)[0][0]
    full = [r for r, _ in rows if len(r) == width]
    anchors = [sum(r[j][0] for r in full) / len(full) for j in range(width)]
    grid = []
    for r, (cells, pg) in enumerate(rows):
        if len(cells) >= width:
            texts = _fit_width([t for _, t in cells], width)
        else:
            texts = [""] * width
            prev = -1
            for k, (x, t) in enumerate(cells):
                left = len(cells) - k - 1
                choices = range(prev + 1, width - left)
                j = min(choices, key=lambda c: abs(anchors[c] - x))
                texts[j] = t
                prev = j
        grid.append([Cell(x, pg, r, j) for j, x in enumerate(texts)])
    return grid


# ---------------------------------------------------------------------------------------------
# layout headers: wrapped header cells come out as fragments in reading order ("国有资本经营预" /
# "算"), and cells spanning several header rows come out before the sub-cells of a group. When the
# fragments can be joined into known column names and their number is the table's column count,
# the header is rebuilt as one row of leaf names (plus the printed 栏次 row).

_LABEL_COLUMNS = ("科目编码", "科目名称", "收入科目编码", "支出科目编码", "科目代码", "项目", "项目名称",
                  "单位名称", "部门预算支出经济科目名称", "政府预算支出经济科目名称", "经济科目名称",
                  "功能科目名称", "单位编码", "单位代码", "行次")
# canonical left-to-right order of the amount columns of the national templates
_AMOUNT_ORDER = ("合计", "小计", "本年收入合计", "本年支出合计", "基本支出", "项目支出", "人员经费", "公用经费",
                 "一般公共预算", "政府性基金", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
                 "单位资金", "上年结转", "当年预算安排", "上年结转安排")
_GROUP_RE = re.compile(r"^(收入|支出|本年收入|本年支出|金额|\d{4}年?(度)?(预算数|财政拨款|预算)?|"
                       r"\d{4}年?(预算数|财政拨款)|\d{4}预算数|财政拨款)$")
_KNOWN_TERMS = _LABEL_COLUMNS + _AMOUNT_ORDER + (
    "国有资本经营收入预算", "政府性基金收入预算", "政府性基金预算", "财政拨款收入", "上级补助收入", "事业收入",
    "经营收入", "附属单位上缴收入", "其他收入", "上缴上级支出", "经营支出", "对附属单位补助支出",
    "年初结转和结余", "年末结转和结余", "预算数", "决算数", "金额")


def _join_fragments(items: list[str]) -> list[str]:
    """Join wrapped header fragments into known column names ("政府性" + "基金预" + "算")."""
    out: list[str] = []
    i = 0
    while i < len(items):
        cur = items[i]
        j = i + 1
        last_known = (cur, j) if cur in _KNOWN_TERMS else None
        while j < len(items):
            cand = cur + items[j]
            if any(term.startswith(cand) for term in _KNOWN_TERMS):
                cur = cand
                j += 1
                if cur in _KNOWN_TERMS:
                    last_known = (cur, j)
            else:
                break
        if cur not in _KNOWN_TERMS and last_known is not None:
            cur, j = last_known
        out.append(cur)
        i = j
    return out


def _synthesize_leaf_header(header: list[_Line], width: int):
    if not header or width < 2:
        return None
    lines = [(_tokenize(ln.raw).cells, ln.page) for ln in header]
    col_numbers = [(c, pg) for c, pg in lines
                   if len(c) >= 2 and all(re.fullmatch(r"\d{1,2}", x) for x in c)]
    lines = [(c, pg) for c, pg in lines if c and not (len(c) >= 2 and all(
        re.fullmatch(r"\d{1,2}", x) for x in c))]
    if not lines:
        return None
    leaf_idx = max(range(len(lines)), key=lambda k: (len(lines[k][0]), -k))
    leaf = lines[leaf_idx][0]
    if len(leaf) >= width:
        return None
    if len(leaf) < 2 and len(lines) > 1:
        return None
    before = [x for c, _ in lines[:leaf_idx] for x in (c if len(c) == 1 else [])]
    after = [x for c, _ in lines[leaf_idx + 1:] for x in c]
    before = [x for x in _join_fragments(before) if not _GROUP_RE.match(x)]
    after = [x for x in _join_fragments(after) if not _GROUP_RE.match(x)]
    names = list(leaf) + after + before
    if len(names) != width or len(set(names)) != len(names) and not any(
            n in ("项目", "金额") for n in names):
        return None
    if len(set(names)) != len(names):
        # two-sided (收入 | 支出) tables repeat 项目 / 金额: keep the reading order
        return [(names, header[0].page)] + [(c, pg) for c, pg in col_numbers if len(c) == width]
    labels = [n for n in names if n in _LABEL_COLUMNS or n.endswith("名称") or n.endswith("编码")]
    amounts = [n for n in names if n not in labels]
    if any(n not in _AMOUNT_ORDER and not re.search(r"收入|支出|经费|预算|结转|资金|费", n)
           for n in amounts):
        return None
    order = {n: k for k, n in enumerate(_AMOUNT_ORDER)}
    known = [n for n in amounts if n in order]
    if len(known) == len(amounts):
        amounts = sorted(amounts, key=lambda n: order[n])
    row = labels + amounts
    page = header[0].page
    out = [(row, page)]
    out += [(c, pg) for c, pg in col_numbers if len(c) == width]
    return out


def _two_sided_group_row(header: list[_Line], header_toks, width: int):
    """The "收入 | 支出" row of a two-sided summary table, placed above the two 项目 columns."""
    if not header:
        return None
    first = _tokenize(header[0].raw).cells
    if len(first) != 2 or not (first[0].startswith("收入") and first[1].startswith("支出")):
        return None
    leaf = max((t.cells for t, _ in header_toks), key=len)
    pos = [j for j, x in enumerate(leaf) if x == "项目"]
    if len(leaf) != width or len(pos) != 2:
        pos = [0, width // 2 - (1 if width % 2 == 0 and width > 4 else 0)]
        if len(pos) != 2 or pos[1] <= 0:
            return None
    cells = [""] * width
    cells[pos[0]], cells[pos[1]] = first[0], first[1]
    return (_Tok(cells, [0] * (width + 1), False), header[0].page)
