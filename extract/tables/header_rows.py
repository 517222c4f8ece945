"""Header rows: the leading rows of a grid until the first row that looks like data; 栏次 rows
(column numbers) and unit/department lines caught inside a grid."""

from __future__ import annotations

import re

from extract.amounts import is_blank_amount, normalise_number_text, parse_amount
from extract.codes import split_code_prefix
from extract.tables.cell_text import (
    NUMBERED_RE,
    TOTAL_LABEL_RE,
    is_code_text,
    is_int_text,
    looks_amount,
    normalised,
)


_HEADER_WORDS = ("项目", "科目", "编码", "代码", "名称", "行次", "栏次", "金额", "单位", "功能分类",
                 "经济分类", "预算数", "决算数", "合计", "小计", "收入", "支出", "类", "款", "项")


def is_column_number_row(row: list[str]) -> bool:
    """'栏次 | | 1 | 2' or '1 | 2 | 3': column numbers, a header row without meaning."""
    vals = [t for t in row if t]
    if not vals:
        return False
    ints = [t for t in vals if is_int_text(t)]
    words = [t for t in vals if normalised(t) in ("栏次", "行次", "甲", "乙", "丙", "*", "**", "***")]
    stars = len(vals) >= 2 and all(normalised(t) in ("*", "**", "***") for t in vals)  # Xi'an: ** | ** | ** | **
    return (len(ints) >= 2 or stars) and len(ints) + len(words) == len(vals)


def is_meta_row(row: list[str]) -> bool:
    """'单位：万元', '部门名称：…' caught inside a grid."""
    vals = [t for t in row if t]
    if not vals:
        return False
    joined = normalised("".join(vals))
    return bool(re.search(r"(金额)?单位[:：]|部门名称[:：]|单位名称[:：]|编制部门[:：]|部门[:：]", joined)) \
        and not any(looks_amount(t) for t in vals)


def _looks_data_row(row: list[str], first_row: bool) -> bool:
    vals = [(i, t) for i, t in enumerate(row) if t]
    if not vals:
        return False
    if is_column_number_row(row):
        return False
    if any(looks_amount(t) for _, t in vals):
        return True
    first_col, first = vals[0]
    if is_code_text(first) or split_code_prefix(first)[0] is not None:
        return True
    if NUMBERED_RE.match(first) and not any(w == normalised(first) for w in _HEADER_WORDS):
        return True
    rest = vals[1:]
    rest_blank_or_numbers = all(parse_amount(t) is not None or normalise_number_text(t) in ("-", "——", "—")
                                for _, t in rest)
    if first_col == 0 and TOTAL_LABEL_RE.search(normalised(first)) and rest_blank_or_numbers:
        return True
    if not first_row and rest_blank_or_numbers and first_col <= 1:
        n = normalised(first)
        if not any(w in n for w in _HEADER_WORDS) or TOTAL_LABEL_RE.search(n):
            return True
    return False


def _is_strong_data_row(row: list[str]) -> bool:
    vals = [(i, t) for i, t in enumerate(row) if t]
    if not vals or is_column_number_row(row):
        return False
    if any(looks_amount(t) for _, t in vals):
        return True
    first_col, first = vals[0]
    if is_code_text(first) or split_code_prefix(first)[0] is not None:
        return True
    rest_blank = all(parse_amount(t) is not None or is_blank_amount(t) for _, t in vals[1:])
    return first_col == 0 and bool(TOTAL_LABEL_RE.search(normalised(first))) and rest_blank


def count_header_rows(texts: list[list[str]]) -> int:
    """Leading header rows. Rows before the first row that must be data (an amount, a code, a
    合计 line) are header rows, except the label-only rows just above it (items printed blank);
    without such a row, the first row that looks like data ends the header."""
    strong = next((r for r, row in enumerate(texts) if _is_strong_data_row(row)), None)
    if strong is None:
        n = 0
        for r, row in enumerate(texts):
            if not any(row):
                n = r + 1
                continue
            if _looks_data_row(row, first_row=(r == 0)):
                return r
            n = r + 1
        return n
    r = strong
    while r - 1 > 0 and (not any(texts[r - 1]) or _looks_data_row(texts[r - 1], first_row=False)):
        r -= 1
    while r < strong and not any(texts[r]):
        r += 1
    return r
