"""What a line above (or around) a table says: the table's number label (公开01表, 预算公开表1,
表一), its title (…收支总表), its unit (单位：万元, 金额单位：元), the name of the unit it is for
(部门名称：…, 编制单位：…), a year or date line, a note under it (注：…), an empty-table marker
(本表无数据), a part heading (第一部分 …), a continuation mark (续表), a page number.

One vocabulary for every reader that finds tables among lines of text: the PDF reader
(``extract/readers/pdf``: the lines above a ruled grid, unruled tables, page triage), the HTML
reader (rows around a ``<table>``, ``html_markup``), the spreadsheet reader (title, unit and
note rows around a grid, ``spreadsheet``) and the text-conversion reader
(``extract/readers/text/table_finder``).

It is grouped by what a line says; under each heading the rule all formats share comes first.
Where a format reads a line its own way, its variant stands beside the shared rule, named for
the format (``SHEET_…`` for a spreadsheet's cells, ``TEXT_…`` for a text conversion's lines),
with the reason. A PDF's or an HTML page's lines arrive normalised (``normalise_text``: white
space folded, none next to a Chinese character); a spreadsheet's cell is its text as typed; a
text conversion's line keeps the spaces that stood for the printed layout's columns.
"""

from __future__ import annotations

import re
from typing import Callable, Optional, Protocol

from extract.amounts import find_unit

# The Chinese numerals of table and part numbers (表一, 第三部分).
CHINESE_NUMERALS = "一二三四五六七八九十"

# ----------------------------------------------------------------------------------------------
# Number label: 预算公开表1, 公开01表, 部门公开3-1表, 附表3, 表一

# Searched inside a line (a PDF prints "预算公开表1 收支总表" or "公开01表 … 单位：万元" on one
# line); 表N stands alone only between non-Chinese characters, so 报表3 or 表二十栏 is no label.
TABLE_LABEL_RE = re.compile(
    r"(预算公开表\s*\d+(?:-\d+)?|(?:部门|单位)?公开\s*\d+(?:-\d+)?\s*表|附表\s*\d+(?:-\d+)?"
    rf"|(?<![\u4e00-\u9fff])表\s*[0-9{CHINESE_NUMERALS}]+(?:-\d+)?(?![\u4e00-\u9fff]))")


def label_in(text: str) -> Optional[str]:
    """The number label a line carries, its spaces dropped ('预算公开表 1' → '预算公开表1'), else None."""
    m = TABLE_LABEL_RE.search(text)
    return re.sub(r"\s+", "", m.group(1)) if m else None


# Text conversions: matched against the whole line with its spaces removed, since a conversion
# prints a label on a line of its own (a label before a title, 表一…, is TEXT_TITLE_RE's), and
# with the spellings the conversions print (决算公开表1, 公开01 without 表).
TEXT_LABEL_RE = re.compile(
    rf"^(?:(?:预算|部门|单位|决算)?公开表\d+|公开\d+表?|表[{CHINESE_NUMERALS}]+|附表\d+)$")

# ----------------------------------------------------------------------------------------------
# Unit line: 单位：万元, 金额单位：元, （单位：亿元）. The unit itself is extract.amounts.find_unit's.

# A unit line: "单位：万元", "单位 元", or "单位：" however it goes on.
UNIT_LINE_RE = re.compile(r"单位\s*[:：]?\s*(?:万元|元|亿元)|单位\s*[:：]")
UNITS_OF_AMOUNT = ("元", "万元", "亿元")

# Spreadsheets: the unit as part of a title cell ("2026年收支总表（单位：万元）"), cut off to leave
# the title; a sheet often puts title and unit in one merged cell where a PDF prints two lines.
SHEET_UNIT_PART_RE = re.compile(r"[（(]?\s*(?:金额)?单位\s*[:：]?\s*(?:亿元|万元|元)\s*[）)]?")

# ----------------------------------------------------------------------------------------------
# Unit name: 部门名称：…, 单位名称：…, 编制单位：…, 部门（单位）：…, 单位：…

# The name runs to the unit of amounts printed after it on the same line ("部门：某某局 单位：万元")
# or to the line's end.
UNIT_NAME_RE = re.compile(
    r"(?:部门名称|单位名称|编制单位|编制部门|预算单位|预算部门|主管部门|部门\s*[（(]\s*单位\s*[）)]|部门|单位)"
    r"\s*[:：]\s*"
    r"(.+?)(?=\s*(?:金额单位|单位\s*[:：]|单位\s*(?:万元|元|亿元)|$))")


def unit_name_in(text: str, clean: Callable[[str], str]) -> Optional[str]:
    """The unit's name a line prints (UNIT_NAME_RE), cleaned by the reader's ``clean``; a
    "单位：万元" is the unit of amounts, no name, and is passed over. None when there is none.
    ``clean`` is the format's: a PDF's name is normalised as its lines are, a cell's is as typed."""
    for m in UNIT_NAME_RE.finditer(text):
        name = clean(m.group(1))
        if name and name not in UNITS_OF_AMOUNT and not find_unit(name):
            return name
    return None


class TableAbove(Protocol):
    """What the lines above a table have told of it so far (a PDF's piece, a sheet's block)."""

    label: Optional[str]
    unit: Optional[str]
    unit_name: Optional[str]


def take_label_unit_and_name(table: TableAbove, text: str, clean_name: Callable[[str], str]) -> None:
    """What a line above ``table`` says of it: its number label (``label_in``), its unit
    (``find_unit``), the unit's name (``unit_name_in`` with ``clean_name``); each kept as it was
    when the line does not say it."""
    table.label = label_in(text) or table.label
    table.unit = find_unit(text) or table.unit
    table.unit_name = unit_name_in(text, clean_name) or table.unit_name


# Text conversions: only the "…名称：" spellings, and the name ends at the first space: a
# conversion keeps the layout's spaces, so in "单位名称：某某局      单位：万元" the spaces part
# the name from the unit.
TEXT_UNIT_NAME_RE = re.compile(r"(?:部门|单位|预算单位)名称\s*[:：]\s*(\S+)")


def is_meta_line(text: str) -> bool:
    """A unit line or a unit-name line (of a PDF's or an HTML page's normalised text)."""
    return bool(find_unit(text) or UNIT_NAME_RE.search(text) or UNIT_LINE_RE.search(text))


# ----------------------------------------------------------------------------------------------
# Part heading: 第一部分 部门概况, 第2部分 …: no table's title; it ends the table before it

PART_HEADING_RE = re.compile(rf"^第[{CHINESE_NUMERALS}\d]+部分")
# Text conversions: Chinese numerals only, as the text reader has always read them (a
# "第1部分" line there is read as any other line; making the two one would change results:
# a change of its own, not this module's).
TEXT_PART_RE = re.compile(rf"^第[{CHINESE_NUMERALS}]+部分")

# ----------------------------------------------------------------------------------------------
# Title: a line ending in 表, maybe with a parenthesised remark ("…支出预算表（按功能分类）")

TITLE_END_RE = re.compile(r"表\s*(?:[（(][^）)]{0,20}[）)])?$")


def is_table_title(text: str) -> bool:
    """A table's title (of a PDF's or an HTML page's normalised line): with its label taken off,
    at most 60 characters ending in 表, no note, part heading, unit or unit-name line."""
    t = TABLE_LABEL_RE.sub("", text).strip()
    if not t or len(t) > 60 or t.startswith(("注", "说明", "备注")) or PART_HEADING_RE.match(t):
        return False
    if is_meta_line(t):
        return False
    return bool(TITLE_END_RE.search(t))


# Text conversions: the whole line is the title, maybe after its label (表一…) or a number
# ("1. …"); the remark in brackets is 1 to 24 characters. A conversion's title carries no
# position or font size to tell it from a sentence ending in 表, so TEXT_TITLE_WORDS_RE must
# find a budget word in it as well.
TEXT_TITLE_RE = re.compile(
    rf"^(?P<label>表[{CHINESE_NUMERALS}]+(?=\S)|\d+[.．、]\s*)?"
    r"(?P<title>\S.*?表(?:[（(][^）)]{1,24}[）)])?)$")
TEXT_TITLE_WORDS_RE = re.compile(r"预算|决算|收支|收入|支出|经费|绩效|统计|拨款|采购|资产|目标")
# Spreadsheets: the words of a title without 表 ("2026年部门收支总体情况"), accepted as a title
# only in a single-cell row above a table (a sheet's row has no font size to show a heading).
SHEET_TITLE_WORDS_RE = re.compile(r"预算|决算|收支|收入|支出|经费|拨款|采购|绩效|情况")

# ----------------------------------------------------------------------------------------------
# Year and date lines above a table: "2026年度", "（2026年）", "编制日期：2026-01-20"

# Spreadsheets: a year of 19xx/20xx alone in its cell (in a table it is a header: "项目 | 2026年"),
# and a date cell, typed or as a date value (read as ISO text).
SHEET_YEAR_LINE_RE = re.compile(r"^[（(]?\s*(?:19|20)\d{2}\s*年度?\s*[）)]?$")
SHEET_DATE_RE = re.compile(r"^(?:(?:19|20)\d{2}-\d{2}-\d{2}(?: [\d:]+)?|(?:编制|填报|制表)?日期\s*[:：]?.*)$")
# Text conversions: the year as the conversions print it under a title, brackets around the
# figures or around the whole ("（2026）年度", "(2026年度)").
TEXT_YEAR_LINE_RE = re.compile(r"^[（(]?\s*\d{4}\s*[）)]?\s*年度?\s*[）)]?$|^[（(]\d{4}年度[）)]$")

# ----------------------------------------------------------------------------------------------
# Notes under a table: 注：…, 说明：…, 备注1：…
# (PDF and HTML: a line starting 注 or 说明 under the grid, in pdf/assembly.py.)

# Spreadsheets: also 附注, and "注1 …" without a colon (a note numbered in its own cell).
SHEET_NOTE_RE = re.compile(r"^(?:注|说明|备注|附注)\s*\d*\s*[:：]|^注\s*\d")
# Text conversions: also 注释, not 附注, and always with the colon: the spellings the text reader
# was written for (making the two one would change results: a change of its own).
TEXT_NOTE_RE = re.compile(r"^(注|说明|备注|注释)\s*\d*\s*[:：]")

# ----------------------------------------------------------------------------------------------
# Empty-table markers: 本表无数据, 此表为空, 本单位无此项 …

# A line of its own around a PDF's or an HTML page's table: the long list, with the looser
# phrases ("不涉及", "没有…安排", "无数据") that the lists for cells and rows leave out.
EMPTY_MARKER_RE = re.compile(
    r"本表无数据|无数据|此表为空|本表为空|为空表|空表|本单位无此项|本部门无此项|无此项|本部门无该项|"
    r"本单位无该项|无该项目|本表无|无发生额|没有.{0,20}(?:数据|安排|支出|收入)|不涉及")
# In a grid's cells (a PDF's, a spreadsheet's) or a spreadsheet's note rows: the short list only.
EMPTY_IN_GRID_RE = re.compile(r"本表无数据|此表为空|本表为空|为空表|(?:本单位|本部门)无(?:此|该)?项|无此项|本表无")
# Text conversions: tried on a note line, and on every line of at most 30 characters under a
# title (in a conversion every such line that is no note is a grid row), so narrower still:
# 无此项 only as "无此项…数据".
TEXT_EMPTY_RE = re.compile(r"本表无数据|此表为空|为空表|本单位无此项|本部门无此项|无此项(收支|支出|收入)?数据|本表无内容")

# ----------------------------------------------------------------------------------------------
# Page furniture and continuation (PDF and HTML lines)

PAGE_NUMBER_RE = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,4}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?"
                            r"|\d+\s*/\s*\d+)$")
CONTINUED_RE = re.compile(r"^续表\s*\d*|[（(]续[表]?[）)]|续表$")
