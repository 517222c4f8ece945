"""Which page each line of a text conversion is on.

Form feeds when present (read in ``document``); else printed page numbers ("-11-") anchored with
the layout conversion's page starts; else the contents list (目录 "表一…… 2") plus blank lines
inside tab-separated tables; else page 1."""

from __future__ import annotations

import re

from extract.readers.table_context import CHINESE_NUMERALS
from extract.textnorm import compact, strip_markdown


PAGE_MARK_RE = re.compile(r"^\s*[-－—]\s*(\d{1,4})\s*[-－—]\s*$")
_TOC_HEAD_RE = re.compile(r"^目\s*录$")
_TOC_ENTRY_RE = re.compile(r"^(?P<title>.*?\S)\s*(?:\.{2,}|…+|·{2,})?\s*\t\s*(?P<page>\d{1,4})\s*$|"
                           r"^(?P<title2>.*?\S)\s*(?:\.{3,}|…+|·{3,})\s*(?P<page2>\d{1,4})\s*$")


def _norm_heading(text: str) -> str:
    t = compact(strip_markdown(text))
    t = re.sub(rf"^(表[{CHINESE_NUMERALS}]+|[{CHINESE_NUMERALS}]+、|\d+[.．、]|[（(][{CHINESE_NUMERALS}\d]+[）)])", "", t)
    return t


def parse_toc(lines: list[str]) -> tuple[list[tuple[str, int]], set]:
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


def assign_pages(lines: list[str], toc: list[tuple[str, int]], toc_lines: set) -> list[int]:
    """The page number of each line: from printed page marks, else from the contents list."""
    n = len(lines)
    marks = [(i, int(m.group(1))) for i, ln in enumerate(lines) if (m := PAGE_MARK_RE.match(ln))]
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
    pages_by_seg: list = [None] * nseg  # every one filled below
    for sg, num in seg_page.items():
        pages_by_seg[sg] = num
    first_anchor = min(seg_page)
    for sg in range(first_anchor - 1, -1, -1):
        pages_by_seg[sg] = max(1, pages_by_seg[sg + 1] - 1)
    for sg in range(first_anchor + 1, nseg):
        if pages_by_seg[sg] is None:
            pages_by_seg[sg] = pages_by_seg[sg - 1] + 1
    return [pages_by_seg[seg_of[i]] for i in range(n)]
