"""Columns: each column's header path and role (code, name, government economic name, 行次,
amount with a measure …), and the segments they fall into (label columns followed by amount
columns; two side by side are a two-sided summary or repeated blocks)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from extract.amounts import is_blank_amount, normalise_number_text, parse_amount
from extract.codes import economic_code_for_name
from extract.tables.cell_text import ITEM_WORDS, PERCENT_HEADER_RE, looks_amount, without_year, normalised
from extract.tables.header_rows import is_column_number_row, is_meta_row
from extract.tables.measures import is_generic_amount_header, measure_for_header


_CODE_HEADER_RE = re.compile(r"(编码|代码|编号)$|^(类|款|项)$")
_NAME_HEADER_RE = re.compile(r"(名称|项目|科目|单位|内容|品目|用途|类别|支出项目)$|^项目|^科目")
_ROWNUM_HEADER_RE = re.compile(r"^(行次|栏次|序号|行)$")


@dataclass
class Column:
    """One grid column: its header path, role and measure."""
    index: int
    path: list[str]  # header texts top-down (raw, stripped)
    role: str = "text"  # code | code_part | name | gov_name | unit | rownum | amount | of_which | unit_code | text
    measure: Optional[str] = None
    generic: bool = False

    @property
    def low(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass
class Segment:
    """A run of columns read together: label columns followed by their amount columns."""
    cols: list[Column] = field(default_factory=list)
    side: Optional[str] = None

    @property
    def amount_cols(self) -> list[Column]:
        return [c for c in self.cols if c.role == "amount"]

    def role_cols(self, role: str) -> list[Column]:
        return [c for c in self.cols if c.role == role]


def header_paths(texts: list[list[str]], header_rows: list[int], width: int) -> list[list[str]]:
    """Each column's header texts top-down, group headers carried over the columns they span."""
    rows = [list(texts[r]) for r in header_rows if not is_column_number_row(texts[r]) and not is_meta_row(texts[r])]
    # carry a group header right over the sub-columns printed under it, but never across the
    # start of a group printed in a row above (a new span begins there)
    orig = [list(r) for r in rows]
    for i in range(len(rows) - 1):
        below = rows[i + 1:]
        for c in range(1, width):
            boundary = any(orig[k][c] for k in range(i))
            if not rows[i][c] and rows[i][c - 1] and not boundary and any(b[c] for b in below):
                rows[i][c] = rows[i][c - 1]
    paths = []
    for c in range(width):
        path: list[str] = []
        for row in rows:
            t = row[c].strip()
            if t and (not path or normalised(path[-1]) != normalised(t)):
                path.append(t)
        paths.append(path)
    return paths


def classify_column(col: Column, data_texts: list[str]) -> None:
    """Set the column's role (and measure) from its header and the texts under it."""
    low = normalised(col.low)
    lown = without_year(low)
    amounts = sum(1 for t in data_texts if parse_amount(t) is not None)
    texts = sum(1 for t in data_texts if t and parse_amount(t) is None
                and normalise_number_text(t) not in ("-", "——", "—", "--", "－", "/"))
    if _ROWNUM_HEADER_RE.match(low):
        col.role = "rownum"
        return
    if low and _CODE_HEADER_RE.search(low) and "名称" not in low:
        col.role = "code_part" if low in ("类", "款", "项") else "code"
        if re.match(r"^(预算)?单位(编码|代码|编号)$", low):
            col.role = "unit_code"  # Xi'an: 116 / 116001 are units, not classification codes
        return
    if "政府" in low and "经济" in low:
        col.role = "gov_name"
        return
    if PERCENT_HEADER_RE.search(lown):
        col.role = "text"  # 增减率, 占比: no money, no line item
        return
    measure = measure_for_header(col.low) if col.low else None
    codes = [t for t in data_texts if t and re.fullmatch(r"\d{3}(\d{2}){0,2}", normalise_number_text(t))]
    filled = [t for t in data_texts if t and not is_blank_amount(t)]
    if len(codes) >= 2 and any(len(normalise_number_text(t)) > 3 for t in codes) \
            and len(codes) * 2 > len(filled) and not any(looks_amount(t) for t in filled):
        col.role = "code"  # a column of 204 / 20406 / 2040601 whatever its header says
        return
    if low and measure is None and _NAME_HEADER_RE.search(lown) and not is_generic_amount_header(low) \
            and not low.startswith("其中"):  # 其中：专项资金列入部门预算项目 is money
        col.role = "name"
        return
    if measure is None and low.startswith("其中") and not any(w in low for w in ITEM_WORDS):
        # "其中：经费拨款" under 本级财政拨款: a part of its neighbour that names no measure of its
        # own; read as the group's measure it would count that money twice, so it is no line item
        col.role = "of_which"
        return
    if measure is None:
        # look further up the path for a measure (vertically merged group header)
        if not low or is_generic_amount_header(low):
            for t in reversed(col.path[:-1]):
                m = measure_for_header(t)
                if m:
                    measure = m
                    break
        elif len(col.path) >= 2 and measure_for_header(col.path[-2]) == "special_account" \
                and amounts > texts:
            # the kinds of 财政专户 money under their group (Guangdong 收入总体情况表: 财政专户拨款收入:
            # 教育收费, 其他专户收入拨款) are 财政专户 money, not the table's total
            measure = "special_account"
    if measure is not None:
        col.role, col.measure = "amount", measure
        return
    if (not low or is_generic_amount_header(low)) and (amounts or not texts):
        if low or amounts:
            col.role, col.generic = "amount", True
            return
    if amounts > texts and amounts > 0:
        col.role, col.generic = "amount", True
        return
    # mostly words under a header that names no measure: a label column
    col.role = "name" if texts > amounts else "text"


def detect_code_parts(cols: list[Column], texts: list[list[str]], data_rows: list[int]) -> None:
    """款/项 printed in their own columns ('06', '01') right of the 类 code column, whatever
    their header says: the code is the 类/款/项 columns joined."""
    for i, col in enumerate(cols):
        if col.role not in ("code", "code_part"):
            continue
        parts = [col]
        for nxt in cols[i + 1:i + 3]:
            vals = [normalise_number_text(texts[r][nxt.index]) for r in data_rows if texts[r][nxt.index]]
            if nxt.role in ("code", "code_part"):
                parts.append(nxt)
                continue
            two = sum(1 for v in vals if re.fullmatch(r"\d{2}", v))
            if vals and two * 5 >= len(vals) * 4 and nxt.measure is None:
                parts.append(nxt)
            else:
                break
        if len(parts) > 1:
            for c in parts:
                c.role, c.measure, c.generic = "code_part", None, False
        break


def detect_government_names(cols: list[Column], texts: list[list[str]], data_rows: list[int]) -> None:
    """A second name column whose words are 政府预算支出经济分类 names (工资奖金津补贴, 办公经费)
    is the government economic name printed beside the 部门 name, whatever its header says."""
    names = [c for c in cols if c.role == "name"]
    if len(names) < 2:
        return
    for col in names[1:]:
        vals = [texts[r][col.index] for r in data_rows if texts[r][col.index]]
        if len(vals) < 2:
            continue
        gov = sum(1 for v in vals if economic_code_for_name(v, scheme="government"))
        dept_only = sum(1 for v in vals if economic_code_for_name(v, scheme="department")
                        and not economic_code_for_name(v, scheme="government"))
        if gov * 2 > len(vals) and dept_only * 4 < len(vals):
            col.role = "gov_name"


def segments_of(cols: list[Column]) -> list[Segment]:
    """Split the columns into segments: a new one starts at a label column after amount columns."""
    segs: list[Segment] = []
    cur = Segment()
    seen_amount = False
    for col in cols:
        if col.role == "gov_name" and seen_amount:
            col.role = "name"  # a listing of its own beside the figures (Xi'an 收支总表: 政府预算支出经济分类科目)
        if col.role in ("code", "code_part", "name") and seen_amount:
            segs.append(cur)
            cur, seen_amount = Segment(), False
        cur.cols.append(col)
        if col.role == "amount":
            seen_amount = True
    if cur.cols:
        segs.append(cur)
    return [s for s in segs if s.cols]


def group_subtotals(segs: list[Segment]) -> None:
    """A 合计/小计 column printed under a group header is the group's figure, not the table's
    total, when the block has a total column of its own (Guangdong: 总计 | 财政拨款: 合计, 一般公共预算
    …): it takes the group's measure (财政拨款 → fiscal_appropriation, 基本支出 → basic), and under a
    group that names none (2026年政府采购项目: 小计, 其中…) it is no line item."""
    for seg in segs:
        amount = seg.amount_cols
        for col in amount:
            if col.measure != "total" or normalised(col.low) not in ("合计", "小计") or len(col.path) < 2:
                continue
            own = [c for c in amount if c is not col and c.measure == "total" and c.index < col.index
                   and (len(c.path) < 2 or normalised(c.low) not in ("合计", "小计"))]
            if not own and not _of_which_beside(seg, col):
                continue
            group = next((m for m in (measure_for_header(t) for t in reversed(col.path[:-1])) if m),
                         None)
            if group and group != "total":
                col.measure = group
            elif group is None:
                # no line item, and no figure to hand to a neighbour (Xi'an: 总计 | 部门预算: 合计)
                col.role, col.measure = "of_which", None


def _of_which_beside(seg: Segment, col: Column) -> bool:
    """A 小计 whose group's other columns are 其中 parts (Xi'an: 一般公共预算拨款: 小计 | 其中：专项资金
    列入部门预算项目): the 小计 is the group's figure."""
    group = [normalised(t) for t in col.path[:-1]]
    beside = [c for c in seg.cols if c is not col and [normalised(t) for t in c.path[:-1]] == group]
    return bool(beside) and all(c.role == "of_which" for c in beside)


def finalise_measures(segs: list[Segment], all_header_text: str) -> None:
    """Give every amount column without a measure one: total when alone, else from the headers."""
    has_budget = "预算数" in all_header_text or "预算" in all_header_text
    has_final = "决算数" in all_header_text or "决算" in all_header_text
    for seg in segs:
        amount_cols = seg.amount_cols
        if len(amount_cols) == 1:
            amount_cols[0].measure = "total"  # a table's (or block's) only amount column
            continue
        for col in amount_cols:
            if col.measure is None:
                joined = normalised("".join(col.path))
                if has_budget and has_final and "决算" in joined:
                    col.measure = "final"
                elif has_budget and has_final and "预算" in joined:
                    col.measure = "budget"
                elif col.generic and col.path:
                    col.measure = "total"  # 金额 / 2026年 beside other columns


def side_of(seg: Segment) -> Optional[str]:
    """A segment's side from its top header: income, expenditure, or None."""
    for col in seg.cols:
        for t in col.path[:1]:
            n = normalised(t)
            if "收入" in n and "支出" not in n:
                return "income"
            if "支出" in n and "收入" not in n:
                return "expenditure"
    return None
