"""Finding tables in a text conversion: titles, number labels (表一, 公开01表), units, unit names
and notes above or below a grid; running headers, page numbers and prose skipped; the lines of
each grid collected for the layout's reader."""

from __future__ import annotations

import re
from typing import Optional

from extract.amounts import find_unit
from extract.readers.table_context import (
    CHINESE_NUMERALS,
    TEXT_EMPTY_RE,
    TEXT_LABEL_RE,
    TEXT_NOTE_RE,
    TEXT_PART_RE,
    TEXT_TITLE_RE,
    TEXT_TITLE_WORDS_RE,
    TEXT_UNIT_NAME_RE,
    TEXT_YEAR_LINE_RE,
)
from extract.readers.text.lines import TableDraft, TextLine
from extract.readers.text.pages import PAGE_MARK_RE
from extract.textnorm import clean_cell, compact, strip_markdown, undouble


# A conversion's page furniture: running headers ("第二部分 …报表", "…2026年部门预算公开") and
# "第 3 页" lines, passed over wherever they fall
_RUNNING_PART_RE = re.compile(rf"^第[{CHINESE_NUMERALS}]+部分.*报表$")
_RUNNING_REPORT_RE = re.compile(r"^\S{2,40}\d{4}年度?(部门|单位)(预算|决算)公开(报告)?$")
_PAGE_WORD_RE = re.compile(r"^第\s*\d+\s*页(共\s*\d+\s*页)?$")


def _title_of(line: str) -> Optional[tuple[Optional[str], str]]:
    """(label, title) when the line is a table title, else None."""
    if "\t" in line:
        return None
    t = undouble(strip_markdown(line).strip(" \u3000"))
    if re.fullmatch(r"(\S[ \u3000]+)+\S", t) and len(t) >= 9:
        t = re.sub(r"[ \u3000]+", "", t)  # letter-spaced title "收 入 支 出 决 算 总 表"
    if not t or len(t) > 70 or TEXT_PART_RE.match(t):
        return None
    bare = re.sub(r"[（(][^）)]*单位[^）)]*[）)]$", "", t)  # "…总表（单位：万元）"
    if re.search(r"[，。；：:]|\.{3,}|…", bare) or "见附件" in t:
        return None
    t = bare
    m = TEXT_TITLE_RE.match(t)
    if not m:
        return None
    title = m.group("title").strip()
    label = (m.group("label") or "").strip() or None
    if TEXT_LABEL_RE.match(compact(title)) or len(compact(title)) < 5:
        return None
    if not TEXT_TITLE_WORDS_RE.search(title):
        return None
    return label, title


def _is_label(line: str) -> Optional[str]:
    if "\t" in line:
        return None
    c = undouble(compact(strip_markdown(line)))
    return c if TEXT_LABEL_RE.match(c) else None


def find_tables(lines: list[TextLine], toc_lines: set, tab_mode: bool) -> list[TableDraft]:
    """The tables in the text's lines: titles, labels, units and notes, and each grid's lines."""
    tables: list[TableDraft] = []
    cur: Optional[TableDraft] = None
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
        if PAGE_MARK_RE.match(raw) or _PAGE_WORD_RE.match(c):
            continue
        if _RUNNING_PART_RE.match(c) or (cur is not None and _RUNNING_REPORT_RE.match(c)):
            continue
        if TEXT_PART_RE.match(c):
            cur = None
            continue
        tt = _title_of(raw)
        if tt is not None:
            label, title = tt
            if cur is not None and not cur.rows and compact(cur.title) == compact(title):
                if label and not cur.number_label:
                    cur.number_label = label
                continue
            cur = TableDraft(title=title, page=ln.page)
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
            nm = TEXT_UNIT_NAME_RE.search(undouble(strip_markdown(raw)))
            if nm:
                cur.unit_name = clean_cell(nm.group(1))
                handled = True
            unit = find_unit(c)
            if unit and len(c) <= 40:
                cur.unit_as_printed = unit
                handled = True
            if handled or TEXT_YEAR_LINE_RE.match(c):
                continue
        if TEXT_NOTE_RE.match(c):
            cur.notes.append(undouble(s.split("\t")[0].strip()))
            if TEXT_EMPTY_RE.search(c):
                cur.is_empty = True
            cur.after_note = True
            continue
        if TEXT_EMPTY_RE.search(c) and len(c) <= 30:
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
    return u != s and bool(re.match(rf"^([{CHINESE_NUMERALS}]+、|[（(][{CHINESE_NUMERALS}]+[）)])", u))


def _is_prose(raw: str) -> bool:
    return bool(re.search(r"[，。；]", raw)) and len(raw.strip()) > 30
