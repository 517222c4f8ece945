"""Items printed as columns (三公 tables): each figure is its column's item (因公出国（境）费用,
公务接待费 …) and the column group, a 预算数/决算数 row or a year row gives the measure."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional, cast

from extract.amounts import parse_amount, to_wan
from extract.model import Document, LineItem, Table
from extract.tables.cell_text import (
    ORG_RE,
    PERCENT_HEADER_RE,
    TOTAL_LABEL_RE,
    without_year,
    normalised,
    clean_label,
)
from extract.tables.columns import Column, Segment
from extract.tables.grid_matrix import Grid
from extract.tables.header_rows import is_column_number_row
from extract.tables.unit_rows import units_of_rows, unit_text


_NOT_ITEM_RE = re.compile(r"^(预算数|决算数|预算|决算|金额|数|本年预算数|全年预算数|财政拨款|三公经费|"
                          r"财政拨款三公经费|三公经费预算数|三公经费决算数|三公经费支出|小计|)$")


def _item_column_line(doc: Document, table: Table, grid: Grid, r: int, col_index: int, text: str,
                      amount: tuple, measure: str, item: str, unit_name: Optional[str]) -> None:
    """One figure of a 三公 table read item by column: the column names the item."""
    value, decimals = amount
    doc.line_items.append(LineItem(
        table_id=table.table_id,
        page_number=grid.page(r, col_index, table.page_from),
        row_number=r,
        measure=measure,
        amount_wan=to_wan(value, table.unit_as_printed),
        amount_as_printed=text.strip(),
        decimals=decimals,
        item_name=item,
        is_total=bool(TOTAL_LABEL_RE.search(without_year(normalised(item)))),
        unit_name=unit_name,
        col_number=col_index,
    ))


def interpret_transposed(doc: Document, table: Table, grid: Grid, cols: list[Column],
                         data_rows: list[int], all_header: str) -> None:
    """Line items of a table without row labels whose columns are the items (三公 tables)."""
    texts = grid.texts
    has_budget = "预算" in all_header
    has_final = "决算" in all_header
    # column groups by year (Yantai's 三公: 2025年预算数 | 2026年预算数): an earlier year's group
    # is prior_year, a 增减 group change, a rate no money
    years = [int(m.group(1)) for c in cols for p in c.path
             for m in [re.match(r"^((?:19|20)\d{2})年", normalised(p))] if m]
    current = doc.fiscal_year if doc.fiscal_year in years else (max(years) if years else None)
    for r in data_rows:
        row = texts[r]
        if is_column_number_row(row):
            continue
        row_label = None
        for col in cols:
            t = row[col.index]
            amount = parse_amount(t)
            if amount is None:
                if t and not row_label:
                    row_label = t
                continue
            if col.role in ("rownum", "code", "code_part"):
                continue
            path = [p for p in col.path if p]
            items = [p for p in path if not _NOT_ITEM_RE.match(without_year(normalised(p)))]
            if not items:
                items = [p for p in path if normalised(p) not in ("小计",)] or ["合计"]
            item = clean_label(items[-1])
            short = re.sub(r"(预算数|决算数|预算|决算)$", "", re.sub(r"^(19|20)\d{2}年度?", "", item))
            item = short or item  # '2024年机关运行经费预算数' → '机关运行经费'
            # 小计 under a group names the group itself
            joined = normalised("".join(path))
            period = _column_period(path, current)
            if period == "percent":
                continue
            if period in ("prior_year", "change"):
                measure = period
            elif has_budget and has_final and "决算" in joined:
                measure = "final"
            elif has_budget and has_final and "预算" in joined:
                measure = "budget"
            else:
                measure = "total"
            _item_column_line(doc, table, grid, r, col.index, t, amount, measure, item,
                              clean_label(row_label) if row_label else None)


_ITEM_COLUMN_WORDS = ("因公出国", "公务接待", "公务用车", "会议费", "培训费")
_MEASURE_ROW_RE = re.compile(r"^(本年|全年|年初)?(预算|决算)数?$")
_ITEM_NAMES = ("公务用车购置及运行维护费", "公务用车运行维护费", "公务用车购置费", "公务接待费", "会议费",
               "培训费", "因公出国（境）费用")


def _whole_item_name(item: str) -> str:
    """A 三公 item name as printed in full where the page cut it: spreadsheet exports clip a header
    wider than its cell, and the hidden glyphs land in the neighbour cell (Xi'an 2019: '费会议费',
    '公公务接待费', '务用车购置及运行维护'). A name that is whole stays as printed."""
    n = unicodedata.normalize("NFKC", item).replace("(", "（").replace(")", "）")
    if n in _ITEM_NAMES:
        return item
    for name in _ITEM_NAMES:
        if n.endswith(name) and len(n) - len(name) <= 2:
            return name
    if len(n) >= 4 and not re.search(r"(费|费用|经费|）|购置)$", n):  # 公务用车购置 is whole
        for name in _ITEM_NAMES:
            if n in name:
                return name
    return item


def _items_beside(col: Column, value_cols: list[Column]) -> bool:
    """Items printed outside the group a 小计 sums (Xi'an's final account: 财政拨款安排的“三公”经费:
    小计 … | 会议费 | 培训费): the 小计 is that group's, not the table's total."""
    group = [normalised(t) for t in col.path[:-1]]
    return any([normalised(t) for t in c.path[:len(group)]] != group
               and any(w in normalised("".join(c.path)) for w in _ITEM_COLUMN_WORDS) for c in value_cols)


def _column_period(path: list[str], current: Optional[int]) -> Optional[str]:
    """The period a 三公 column group names: 上年 / an earlier year → prior_year, 当年 / this year →
    total, 增减变化情况 → change, 增减率 → percent (no money); None when the path names none."""
    for p in path:
        n = normalised(p)
        if PERCENT_HEADER_RE.search(n):
            return "percent"
        if re.match(r"^(比上年)?(增减|增减变化|增减变动|变化|变动)(金额|额|数|情况)?$", n):
            return "change"
        if re.match(r"^上(一)?年(度)?(预算数?|执行数?)?$", n):
            return "prior_year"
        if re.match(r"^(当年|本年)(度)?(预算数?)?$", n):
            return "total"
        m = re.match(r"^((?:19|20)\d{2})年?度?(预算数?)?$", n)
        if m and current is not None:
            return "total" if int(m.group(1)) >= current else "prior_year"
    return None


def interpret_item_columns(doc: Document, table: Table, grid: Grid, cols: list[Column],
                           data_rows: list[int]) -> bool:
    """三公 items printed as columns beside row labels (Xi'an: 单位编码 | 单位名称 | 上年: 合计, 因公出国
    （境）费用 … 会议费, 培训费 | 当年: … | 增减变化情况: …, one row per unit; Xi'an's final account:
    预算数 and 决算数 rows). Each figure is its column's item; the column group gives the measure
    (上年 or an earlier year `prior_year`, 当年 or this year `total`, 增减变化情况 `change`; 增减率 is
    no money), a 预算数/决算数 row gives `budget`/`final`; a unit row gives the unit.
    False when the columns name no items."""
    texts = grid.texts
    label_roles = ("name", "code", "code_part", "unit_code", "gov_name", "rownum")
    value_cols = [c for c in cols if c.role not in label_roles]
    item_cols = {w for c in value_cols for w in _ITEM_COLUMN_WORDS if w in normalised("".join(c.path))}
    if len(item_cols) < 3:
        return False
    years = [int(m.group(1)) for c in value_cols for p in c.path
             for m in [re.match(r"^((?:19|20)\d{2})年", normalised(p))] if m]
    current = doc.fiscal_year if doc.fiscal_year in years else (max(years) if years else None)
    periods = {c.index: _column_period(c.path, current) for c in value_cols}
    label_cols = [c for c in cols if c.role in ("name", "unit_code", "code")]
    rows_measured = False
    rows: list[tuple[int, str]] = []
    for r in data_rows:
        if is_column_number_row(texts[r]):
            continue
        label = next((texts[r][c.index] for c in label_cols if c.role == "name" and texts[r][c.index]),
                     "") or next((texts[r][c.index] for c in label_cols if texts[r][c.index]
                                  and parse_amount(texts[r][c.index]) is None), "")
        if not any(parse_amount(texts[r][c.index]) is not None for c in value_cols):
            continue
        rows.append((r, label))
        rows_measured = rows_measured or bool(_MEASURE_ROW_RE.match(without_year(normalised(label))))
    # one row per unit under 部门名称 (Changsha: 合计, 长沙市信访局) is this layout too
    unit_rows = bool(rows) and all(TOTAL_LABEL_RE.search(normalised(lb)) or ORG_RE.search(normalised(lb))
                                   for _, lb in rows)
    if not rows or not (rows_measured or unit_rows
                        or any(p in ("prior_year", "change") for p in periods.values())):
        return False
    # column groups with a 合计 of their own (Xi'an): a 小计 under a group there is that group's
    own_total = {periods[c.index] for c in value_cols if c.path and normalised(c.path[-1]) in ("合计", "总计")}
    for r, label in rows:
        nlabel = without_year(normalised(label))
        row_measure = None
        if _MEASURE_ROW_RE.match(nlabel):
            row_measure = "final" if "决算" in nlabel else "budget"
        unit = None if row_measure or not label or TOTAL_LABEL_RE.search(nlabel) else unit_text(label)
        for col in value_cols:
            t = texts[r][col.index]
            amount = parse_amount(t)
            period = periods[col.index]
            if amount is None or period == "percent":
                continue
            path = [p for p in col.path if p and _column_period([p], current) is None]
            items = [p for p in path if not _NOT_ITEM_RE.match(without_year(normalised(p)))] or path or ["合计"]
            if path and TOTAL_LABEL_RE.search(normalised(path[-1])) and period not in own_total and not any(
                    w in normalised(items[-1]) for w in _ITEM_COLUMN_WORDS) and not _items_beside(col, value_cols):
                items = [path[-1]]  # 小计 under "三公经费预（决）算数": the table's total, as printed
            item = _whole_item_name(re.sub(r"^其中[:：]", "", clean_label(items[-1])))
            measure = period if period in ("prior_year", "change") else (row_measure or "total")
            _item_column_line(doc, table, grid, r, col.index, t, amount, measure, item, unit)
    return True


_YEAR_ROW_RE = re.compile(r"^((?:19|20)\d{2})年?度?(预算数?|决算数?|执行数)?$")
_CHANGE_ROW_RE = re.compile(r"^(比上年)?(增减|增减变化|增减变动|变化|变动)(金额|额|数|情况)?$")
_SOURCE_WORDS = ("一般公共预算", "政府性基金", "国有资本经营", "财政拨款")


def interpret_year_rows(doc: Document, table: Table, grid: Grid, segs: list[Segment],
                        data_rows: list[int]) -> bool:
    """三公 items printed as columns (each split by source) and years as rows, unit by unit
    (Shenzhen: 预算单位 | 年度: 2025年, 2026年, 增减变化金额 | 总计 | 因公出国(境)费 | …): each
    figure is its column's item; this year's row gives the column's measure (一般公共预算 …), the
    year before's `prior_year`, the change row `change`. False when the rows are not years."""
    texts = grid.texts
    label_cols = [c for s in segs for c in s.cols if c.role in ("name", "text", "code")]
    amount_cols = [c for s in segs for c in s.amount_cols if c.measure is not None]
    rows = [r for r in data_rows
            if any(parse_amount(texts[r][c.index]) is not None for c in amount_cols)]
    if not rows or not amount_cols:
        return False
    year_col, kinds = None, {}
    for col in label_cols:
        found: dict[int, int | str] = {}
        for r in rows:
            t = normalised(texts[r][col.index])
            m = _YEAR_ROW_RE.match(t)
            if m:
                found[r] = int(m.group(1))
            elif _CHANGE_ROW_RE.match(t):
                found[r] = "change"
            else:
                break
        else:
            if any(isinstance(v, int) for v in found.values()):
                year_col, kinds = col, found
                break
    if year_col is None:
        return False
    years = [v for v in kinds.values() if isinstance(v, int)]
    current = doc.fiscal_year if doc.fiscal_year in years else max(years)
    units = units_of_rows(doc, table, texts, data_rows, segs, table.table_kind or "three_public")
    for r in rows:
        k = kinds[r]
        if isinstance(k, int) and k > current:
            continue
        for col in amount_cols:
            t = texts[r][col.index]
            amount = parse_amount(t)
            if amount is None:
                continue
            path = [p for p in col.path if p and not any(w in normalised(p) for w in _SOURCE_WORDS)]
            path = [p for p in path if normalised(p) not in ("小计",)] or path or ["合计"]
            item = clean_label(path[-1])
            measure = cast(str, col.measure) if k == current else ("change" if k == "change" else "prior_year")
            _item_column_line(doc, table, grid, r, col.index, t, amount, measure, item,
                              units.get(r, (None, False))[0])
    return True
