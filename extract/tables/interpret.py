"""Grids → line items: one interpretation of headers, codes, units and measures for every reader.

``interpret_document(doc)`` sets ``table.table_kind`` on every table and appends one ``LineItem``
per (data row, amount column) to ``doc.line_items`` (non-money figures of the 相关信息统计表 go to
``doc.statistics``).

How a grid is read (DOMAIN.md):
1. Header rows are the leading rows until the first row that looks like data (a printed amount, a
   code, a 合计 label alone, a numbered line, or a label with nothing else). A 栏次 row ("1 2 3") is
   a header row and gives no meaning.
2. Each column gets a header *path* (its header texts top-down; a group header is carried right
   over the sub-columns it spans, and up-down over merged cells) and from it a role: code (科目编码,
   科目代码, 类/款/项), name (科目名称, 项目, 项目名称, 单位名称 …), government economic name, 行次,
   or amount with a measure (DOMAIN.md's mapping, most specific header first).
3. Columns fall into *segments* — label columns followed by amount columns. Two segments side by
   side are a two-sided summary (收入 | 支出 → ``side``) or repeated blocks (公开06表's four
   科目代码/科目名称/决算数 blocks); a segment with a single amount column has measure ``total``.
4. Items printed as columns (三公 tables of final accounts, Shanghai, Jiangsu) are turned so each
   item is a line item (``item_name``) and each amount a measure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from extract.amounts import find_unit, is_blank_amount, normalise_number_text, parse_amount, to_wan
from extract.codes import (
    economic_code_for_name,
    function_code_for_name,
    join_code_parts,
    normalise_code,
    split_code_prefix,
    strip_numbering,
)
from extract.model import Cell, Document, LineItem, Statistic, Table
from extract.tables.classify import classify_table

MEASURES = (
    "total", "basic", "project", "personnel", "public_funds", "general_budget", "government_fund",
    "state_capital", "special_account", "unit_funds", "carry_over", "year_end_carry_over", "income",
    "fiscal_appropriation", "upper_grant", "business_income", "operating_income",
    "affiliated_income", "other_income", "remittance", "operating_expenditure",
    "subsidy_to_affiliates", "reserve", "budget", "final", "current_year", "prior_year", "change",
)

FUNCTION_KINDS = {
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
    "fiscal_expenditure", "general_budget_expenditure", "government_fund", "state_capital",
}
ECONOMIC_KINDS = {"basic_expenditure_economic", "fiscal_basic_expenditure_economic",
                  "general_budget_expenditure_economic"}
PROJECT_KINDS = {"project_expenditure", "project_expenditure_carry_over"}

# Header word → measure, most specific first (checked on normalised header text).
_MEASURE_RULES: list[tuple[str, str]] = [
    (r"年末.*结转|年终结转|年末结余|结转下年", "year_end_carry_over"),
    # Xi'an: the unit's own money beside the appropriations (上年实户资金余额, 用事业基金弥补收支差额)
    (r"实户资金|用事业基金弥补|使用非财政拨款结余", "unit_funds"),
    (r"年初.*结转|上年.*结转|以前年度结转|上年结余", "carry_over"),
    # a prior year's figure printed beside this year's, and the change between them
    (r"上年(预算|执行|决算)|^上年数$|上年同期", "prior_year"),
    (r"增减(额|金额|变化金额|变化额|数)?$|^比上年增减|^变动(额|金额)$", "change"),
    (r"当年预算安排|本年预算安排|当年拨款", "current_year"),
    (r"(合计|小计|总计)$", "total"),
    (r"^合计|^小计|^总计", "total"),
    (r"基本支出", "basic"),
    (r"项目支出|专项业务经费", "project"),  # Xi'an: 专项业务经费支出 is its 项目支出
    (r"人员经费|^人员类$|^人员支出$", "personnel"),  # Yantai: 基本支出 → 人员支出, 日常公用支出
    (r"公用经费|^(日常)?公用支出$", "public_funds"),
    (r"上缴上级", "remittance"),
    (r"对附属单位补助", "subsidy_to_affiliates"),
    (r"经营支出", "operating_expenditure"),
    (r"附属单位上缴", "affiliated_income"),
    (r"上级补助", "upper_grant"),
    (r"经营收入", "operating_income"),
    (r"事业收入", "business_income"),
    (r"其他收入", "other_income"),
    (r"^其他资金$", "unit_funds"),  # Guangdong: the money beside 财政拨款 and 财政专户 (单位资金)
    (r"预留机动|机动经费", "reserve"),
    (r"财政专户", "special_account"),
    (r"单位资金", "unit_funds"),
    (r"一般公共预算|^公共预算拨款", "general_budget"),
    (r"政府性基金", "government_fund"),
    (r"国有资本经营", "state_capital"),
    (r"财政拨款", "fiscal_appropriation"),
    (r"^本年收入$", "income"),
    (r"^本年支出$", "total"),
]
_GENERIC_AMOUNT_RE = re.compile(r"^(金额|预算数|决算数|统计数|数|预算|决算|执行数|预算金额|决算金额|"
                                r"收入预算|支出预算|金额合计|本年预算数|全年预算数|年初预算数|项目金额|)$")

_PERCENT_HEADER_RE = re.compile(r"(增减|增长|变动|变化)(率|幅度|百分比)|增幅|降幅|占比|比重|百分比|[%％]$")
_TOTAL_LABEL_RE = re.compile(r"(合计|总计|小计)$")
_CODE_HEADER_RE = re.compile(r"(编码|代码|编号)$|^(类|款|项)$")
_NAME_HEADER_RE = re.compile(r"(名称|项目|科目|单位|内容|品目|用途|类别|支出项目)$|^项目|^科目")
_ROWNUM_HEADER_RE = re.compile(r"^(行次|栏次|序号|行)$")
_HEADER_WORDS = ("项目", "科目", "编码", "代码", "名称", "行次", "栏次", "金额", "单位", "功能分类",
                 "经济分类", "预算数", "决算数", "合计", "小计", "收入", "支出", "类", "款", "项")
_ITEM_WORDS = ("因公出国", "公务接待", "公务用车", "会议费", "培训费", "机关运行经费", "三公")
_ORG_RE = re.compile(r"(局|所|中心|处|院|馆|站|队|委员会|办公室|委|部|厅|室|社|会|学校|大学|医院|"
                     r"街道|街道办事处|政府|镇|乡|公司|监狱|法庭|协会|基金会|团|馆|台)$")
_EMPTY_RE = re.compile(r"本表无数据|此表为空|本表为空|为空表|本单位无此项|无此项(收支|支出|收入)?$|本表无内容")
_NUMBERED_RE = re.compile(r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))")
_STAT_UNIT_RE = re.compile(r"[（(]\s*(辆|台|套|台[（(]?套[）)]?|人|个|处|平方米|㎡|m2|亩|次|批次|人次)\s*[）)]")


# ---------------------------------------------------------------------------------------------
# small text helpers


def _n(text: Optional[str]) -> str:
    """Normalised text for matching: NFKC, no whitespace, no quotes."""
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"\s+", "", t)
    return t.replace("“", "").replace("”", "").replace('"', "")


def _no_year(t: str) -> str:
    return re.sub(r"(19|20)\d{2}(年度|年)?", "", t)


def clean_label(text: Optional[str]) -> str:
    """A label as printed but without wrap/letter spacing: '公务接待 费' → '公务接待费'."""
    t = (text or "").strip().replace("\u3000", " ")
    t = re.sub(r"\s*\n\s*", "", t)
    # drop spaces unless both neighbours are ASCII letters/digits
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", t)


def measure_for_header(text: str) -> Optional[str]:
    t = _no_year(_n(text))
    if not t:
        return None
    for pattern, measure in _MEASURE_RULES:
        if re.search(pattern, t):
            return measure
    return None


def _is_generic_amount_header(text: str) -> bool:
    t = _no_year(_n(text))
    t = re.sub(r"^(本年|当年|全年|年初)", "", t) if t not in ("本年收入", "本年支出") else t
    return bool(_GENERIC_AMOUNT_RE.match(t))


def _is_int_text(t: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}", normalise_number_text(t)))


def _looks_amount(text: str) -> bool:
    """A printed money figure: parses and shows a decimal point or a thousands separator."""
    t = normalise_number_text(text)
    if parse_amount(t) is None:
        return False
    return "." in t or "," in t


def _is_code_text(text: str) -> bool:
    return normalise_code(text) is not None


# ---------------------------------------------------------------------------------------------
# grid → matrix


@dataclass
class _Grid:
    texts: list[list[str]]  # padded, stripped
    cells: list[list[Optional[Cell]]]
    width: int

    def page(self, r: int, c: int, default: int) -> int:
        cell = self.cells[r][c]
        if cell is not None:
            return cell.page
        for other in self.cells[r]:
            if other is not None:
                return other.page
        return default


def _matrix(table: Table) -> _Grid:
    width = max((len(row) for row in table.grid), default=0)
    texts, cells = [], []
    for row in table.grid:
        by_col: dict[int, Cell] = {}
        for i, cell in enumerate(row):
            col = cell.col if isinstance(cell.col, int) and 0 <= cell.col < max(width, cell.col + 1) else i
            by_col.setdefault(col, cell)
        w = max([width] + [c + 1 for c in by_col])
        width = max(width, w)
        cells.append([by_col.get(c) for c in range(w)])
        texts.append([(by_col[c].text or "").strip() if c in by_col else "" for c in range(w)])
    for r in range(len(texts)):
        texts[r] += [""] * (width - len(texts[r]))
        cells[r] += [None] * (width - len(cells[r]))
    return _Grid(texts, cells, width)


# ---------------------------------------------------------------------------------------------
# header rows


def _is_colnum_row(row: list[str]) -> bool:
    """'栏次 | | 1 | 2' or '1 | 2 | 3': column numbers, a header row without meaning."""
    vals = [t for t in row if t]
    if not vals:
        return False
    ints = [t for t in vals if _is_int_text(t)]
    words = [t for t in vals if _n(t) in ("栏次", "行次", "甲", "乙", "丙", "*", "**", "***")]
    stars = len(vals) >= 2 and all(_n(t) in ("*", "**", "***") for t in vals)  # Xi'an: ** | ** | ** | **
    return (len(ints) >= 2 or stars) and len(ints) + len(words) == len(vals)


def _is_meta_row(row: list[str]) -> bool:
    """'单位：万元', '部门名称：…' caught inside a grid."""
    vals = [t for t in row if t]
    if not vals:
        return False
    joined = _n("".join(vals))
    return bool(re.search(r"(金额)?单位[:：]|部门名称[:：]|单位名称[:：]|编制部门[:：]|部门[:：]", joined)) \
        and not any(_looks_amount(t) for t in vals)


def _looks_data_row(row: list[str], first_row: bool) -> bool:
    vals = [(i, t) for i, t in enumerate(row) if t]
    if not vals:
        return False
    if _is_colnum_row(row):
        return False
    if any(_looks_amount(t) for _, t in vals):
        return True
    first_col, first = vals[0]
    if _is_code_text(first) or split_code_prefix(first)[0] is not None:
        return True
    if _NUMBERED_RE.match(first) and not any(w == _n(first) for w in _HEADER_WORDS):
        return True
    rest = vals[1:]
    rest_blank_or_numbers = all(parse_amount(t) is not None or normalise_number_text(t) in ("-", "——", "—")
                                for _, t in rest)
    if first_col == 0 and _TOTAL_LABEL_RE.search(_n(first)) and rest_blank_or_numbers:
        return True
    if not first_row and rest_blank_or_numbers and first_col <= 1:
        n = _n(first)
        if not any(w in n for w in _HEADER_WORDS) or _TOTAL_LABEL_RE.search(n):
            return True
    return False


def _is_strong_data_row(row: list[str]) -> bool:
    vals = [(i, t) for i, t in enumerate(row) if t]
    if not vals or _is_colnum_row(row):
        return False
    if any(_looks_amount(t) for _, t in vals):
        return True
    first_col, first = vals[0]
    if _is_code_text(first) or split_code_prefix(first)[0] is not None:
        return True
    rest_blank = all(parse_amount(t) is not None or is_blank_amount(t) for _, t in vals[1:])
    return first_col == 0 and bool(_TOTAL_LABEL_RE.search(_n(first))) and rest_blank


def _header_count(texts: list[list[str]]) -> int:
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


# ---------------------------------------------------------------------------------------------
# columns


@dataclass
class _Col:
    index: int
    path: list[str]  # header texts top-down (raw, stripped)
    role: str = "text"  # code | code_part | name | gov_name | unit | rownum | amount | of_which | unit_code | text
    measure: Optional[str] = None
    generic: bool = False

    @property
    def low(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass
class _Segment:
    cols: list[_Col] = field(default_factory=list)
    side: Optional[str] = None

    @property
    def amount_cols(self) -> list[_Col]:
        return [c for c in self.cols if c.role == "amount"]

    def role_cols(self, role: str) -> list[_Col]:
        return [c for c in self.cols if c.role == role]


def _header_paths(texts: list[list[str]], header_rows: list[int], width: int) -> list[list[str]]:
    rows = [list(texts[r]) for r in header_rows if not _is_colnum_row(texts[r]) and not _is_meta_row(texts[r])]
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
            if t and (not path or _n(path[-1]) != _n(t)):
                path.append(t)
        paths.append(path)
    return paths


def _classify_column(col: _Col, data_texts: list[str]) -> None:
    low = _n(col.low)
    lown = _no_year(low)
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
    if _PERCENT_HEADER_RE.search(lown):
        col.role = "text"  # 增减率, 占比: no money, no line item
        return
    measure = measure_for_header(col.low) if col.low else None
    codes = [t for t in data_texts if t and re.fullmatch(r"\d{3}(\d{2}){0,2}", normalise_number_text(t))]
    filled = [t for t in data_texts if t and not is_blank_amount(t)]
    if len(codes) >= 2 and any(len(normalise_number_text(t)) > 3 for t in codes) \
            and len(codes) * 2 > len(filled) and not any(_looks_amount(t) for t in filled):
        col.role = "code"  # a column of 204 / 20406 / 2040601 whatever its header says
        return
    if low and measure is None and _NAME_HEADER_RE.search(lown) and not _is_generic_amount_header(low) \
            and not low.startswith("其中"):  # 其中：专项资金列入部门预算项目 is money
        col.role = "name"
        return
    if measure is None and low.startswith("其中") and not any(w in low for w in _ITEM_WORDS):
        # "其中：经费拨款" under 本级财政拨款: a part of its neighbour that names no measure of its
        # own; read as the group's measure it would count that money twice, so it is no line item
        col.role = "of_which"
        return
    if measure is None:
        # look further up the path for a measure (vertically merged group header)
        if not low or _is_generic_amount_header(low):
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
    if (not low or _is_generic_amount_header(low)) and (amounts or not texts):
        if low or amounts:
            col.role, col.generic = "amount", True
            return
    if amounts > texts and amounts > 0:
        col.role, col.generic = "amount", True
        return
    # mostly words under a header that names no measure: a label column
    col.role = "name" if texts > amounts else "text"


def _detect_code_parts(cols: list[_Col], texts: list[list[str]], data_rows: list[int]) -> None:
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


def _detect_government_names(cols: list[_Col], texts: list[list[str]], data_rows: list[int]) -> None:
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


def _segments(cols: list[_Col]) -> list[_Segment]:
    segs: list[_Segment] = []
    cur = _Segment()
    seen_amount = False
    for col in cols:
        if col.role == "gov_name" and seen_amount:
            col.role = "name"  # a listing of its own beside the figures (Xi'an 收支总表: 政府预算支出经济分类科目)
        if col.role in ("code", "code_part", "name") and seen_amount:
            segs.append(cur)
            cur, seen_amount = _Segment(), False
        cur.cols.append(col)
        if col.role == "amount":
            seen_amount = True
    if cur.cols:
        segs.append(cur)
    return [s for s in segs if s.cols]


def _group_subtotals(segs: list[_Segment]) -> None:
    """A 合计/小计 column printed under a group header is the group's figure, not the table's
    total, when the block has a total column of its own (Guangdong: 总计 | 财政拨款: 合计, 一般公共预算
    …): it takes the group's measure (财政拨款 → fiscal_appropriation, 基本支出 → basic), and under a
    group that names none (2026年政府采购项目: 小计, 其中…) it is no line item."""
    for seg in segs:
        amount = seg.amount_cols
        for col in amount:
            if col.measure != "total" or _n(col.low) not in ("合计", "小计") or len(col.path) < 2:
                continue
            own = [c for c in amount if c is not col and c.measure == "total" and c.index < col.index
                   and (len(c.path) < 2 or _n(c.low) not in ("合计", "小计"))]
            if not own and not _of_which_beside(seg, col):
                continue
            group = next((m for m in (measure_for_header(t) for t in reversed(col.path[:-1])) if m),
                         None)
            if group and group != "total":
                col.measure = group
            elif group is None:
                # no line item, and no figure to hand to a neighbour (Xi'an: 总计 | 部门预算: 合计)
                col.role, col.measure = "of_which", None


def _of_which_beside(seg: _Segment, col: _Col) -> bool:
    """A 小计 whose group's other columns are 其中 parts (Xi'an: 一般公共预算拨款: 小计 | 其中：专项资金
    列入部门预算项目): the 小计 is the group's figure."""
    group = [_n(t) for t in col.path[:-1]]
    beside = [c for c in seg.cols if c is not col and [_n(t) for t in c.path[:-1]] == group]
    return bool(beside) and all(c.role == "of_which" for c in beside)


def _finalise_measures(segs: list[_Segment], all_header_text: str) -> None:
    has_budget = "预算数" in all_header_text or "预算" in all_header_text
    has_final = "决算数" in all_header_text or "决算" in all_header_text
    for seg in segs:
        amount_cols = seg.amount_cols
        if len(amount_cols) == 1:
            amount_cols[0].measure = "total"  # a table's (or block's) only amount column
            continue
        for col in amount_cols:
            if col.measure is None:
                joined = _n("".join(col.path))
                if has_budget and has_final and "决算" in joined:
                    col.measure = "final"
                elif has_budget and has_final and "预算" in joined:
                    col.measure = "budget"
                elif col.generic and col.path:
                    col.measure = "total"  # 金额 / 2026年 beside other columns
                # a column with no header at all beside other amount columns: no measure


def _side_of(seg: _Segment) -> Optional[str]:
    for col in seg.cols:
        for t in col.path[:1]:
            n = _n(t)
            if "收入" in n and "支出" not in n:
                return "income"
            if "支出" in n and "收入" not in n:
                return "expenditure"
    return None


# ---------------------------------------------------------------------------------------------
# the interpreter


def interpret_document(doc: Document) -> None:
    """Set ``table_kind`` on every table; append its line items and statistics to ``doc``.

    Idempotent: figures read earlier from these tables are replaced, not doubled."""
    ids = {t.table_id for t in doc.tables}
    doc.line_items[:] = [li for li in doc.line_items if li.table_id not in ids]
    doc.statistics[:] = [st for st in doc.statistics if st.table_id not in ids]
    for table in doc.tables:
        try:
            _interpret_table(doc, table)
            _mark_empty_without_amounts(doc, table)
        except Exception as exc:  # one odd table must not lose the document
            doc.warnings.append(f"table {table.table_id} ({table.title}): not interpreted: "
                                f"{type(exc).__name__}: {exc}")


def _cell_holds_amount(text: str) -> bool:
    """A printed figure, as opposed to a code, a code part ('06'), a label or a placeholder
    ('XX', '…', '-', '——'): it parses, and shows a decimal point or a thousands separator, or is a
    bare integer that is no subject/economic code."""
    if not text or is_blank_amount(text):
        return False
    if _looks_amount(text):
        return True
    t = normalise_number_text(text)
    if parse_amount(t) is None or not re.fullmatch(r"\d+", t):
        return False
    if _is_code_text(t) or (len(t) > 1 and t.startswith("0")):
        return False
    return True


def _mark_empty_without_amounts(doc: Document, table: Table) -> None:
    """A recognised table whose grid holds no figure at all (a template: blanks, XX, …) is empty
    on purpose, like one that says 本表无数据: present and empty. And the other way round: a table
    that prints figures is not empty, whatever note was copied under it (Wanli 2024 p.31 prints
    its 三公 figures above "故本表为空表") — unless every figure is 0.00 ("注：本表本年无发生额"
    under a table of zeros, Zhuhai and Guangzhou): that table is empty and keeps its zero rows."""
    has_rows = any(li.table_id == table.table_id and li.amount_wan != 0 for li in doc.line_items) \
        or any(st.table_id == table.table_id for st in doc.statistics)
    if table.is_empty and has_rows:
        table.is_empty = False
        doc.warnings.append(f"table {table.table_id} ({table.title}) says it is empty but prints "
                            "figures: kept as a table with rows")
        return
    if table.is_empty or table.table_kind is None:
        return
    if any(li.table_id == table.table_id for li in doc.line_items) or \
            any(st.table_id == table.table_id for st in doc.statistics):
        return
    texts = _matrix(table).texts
    for row in texts:
        if _is_colnum_row(row):
            continue
        if any(_cell_holds_amount(t) for t in row if t):
            return
    table.is_empty = True


def _interpret_table(doc: Document, table: Table) -> None:
    grid = _matrix(table)
    texts = grid.texts
    # leading title/unit lines caught inside the grid
    start = 0
    while start < len(texts) and (_is_meta_row(texts[start]) or
                                  (sum(1 for t in texts[start] if t) == 1 and _n(texts[start][0]) == _n(table.title)
                                   and table.title)):
        unit = find_unit(" ".join(texts[start]))
        if unit and not table.unit_as_printed:
            table.unit_as_printed = unit
        start += 1
    body = texts[start:]
    hcount = _header_count(body)
    header_rows = list(range(start, start + hcount))
    header_texts = [t for r in header_rows for t in texts[r] if t]
    kind = classify_table(table.title, header_texts, doc.doc_type)
    if kind is None and table.table_kind:
        kind = table.table_kind
    table.table_kind = kind
    if kind is None:
        return
    data_rows = [r for r in range(start + hcount, len(texts)) if any(texts[r])]
    if any(_EMPTY_RE.search(_n(t)) for r in data_rows for t in texts[r] if t):
        table.is_empty = True
    if not data_rows:
        return
    if kind == "disclosure_statistics":
        _interpret_statistics(doc, table, grid, start)
        return

    paths = _header_paths(texts, header_rows, grid.width)
    cols = [_Col(c, paths[c]) for c in range(grid.width)]
    for col in cols:
        _classify_column(col, [texts[r][col.index] for r in data_rows])
    _detect_code_parts(cols, texts, data_rows)
    _detect_government_names(cols, texts, data_rows)
    segs = _segments(cols)
    all_header = _n("".join(header_texts))
    _group_subtotals(segs)
    _finalise_measures(segs, all_header)

    label_cols = [c for c in cols if c.role in ("code", "code_part", "name")]
    has_row_labels = any(texts[r][c.index] for r in data_rows for c in label_cols)
    if not has_row_labels and not any(
            texts[r][c.index] and parse_amount(texts[r][c.index]) is None and not is_blank_amount(texts[r][c.index])
            for r in data_rows for c in cols if c.role != "rownum"):
        amount_cols = [c for c in cols if c.role == "amount"]
        if kind != "three_public" and amount_cols and all(not c.generic for c in amount_cols) \
                and not any(w in all_header for w in _ITEM_WORDS):
            # one unlabelled row under measure headers (Jiangsu 支出预算总表: 合计 | 基本支出 | …):
            # the table's total row, one line item per measure
            _interpret_rows(doc, table, grid, segs, data_rows, header_rows, kind, default_label="合计")
            return
        # no row labels at all: the items are the columns (三公 tables)
        _interpret_transposed(doc, table, grid, cols, data_rows, all_header)
        return
    if kind == "three_public" and _interpret_year_rows(doc, table, grid, segs, data_rows):
        return
    if kind == "three_public" and _interpret_item_columns(doc, table, grid, cols, data_rows):
        return

    if len(segs) >= 2:
        sides = [_side_of(s) for s in segs]
        if len(set(x for x in sides if x)) == 2:
            for s, side in zip(segs, sides):
                s.side = side
    _interpret_rows(doc, table, grid, segs, data_rows, header_rows, kind)


def _header_like_repeat(row: list[str], header_sets: list[list[str]]) -> bool:
    if _is_colnum_row(row):
        return True
    nrow = [_n(t) for t in row]
    for h in header_sets:
        if [_n(t) for t in h] == nrow:
            return True
    return False


@dataclass
class _RowPart:
    label: str
    code: Optional[str]
    gov_name: Optional[str]
    unit_label: Optional[str]
    econ_name: Optional[str]  # the value of a 经济科目 column beside the row label, if any
    amounts: list[tuple[_Col, str, int]]  # (column whose measure applies, text, printed column)


def _read_part(seg: _Segment, row: list[str], prev_code: list[Optional[str]]) -> _RowPart:
    code = None
    label = ""
    code_cols = seg.role_cols("code")
    part_cols = seg.role_cols("code_part")
    name_cols = seg.role_cols("name")
    if part_cols:
        # 类 | 款 printed twice (Yantai: 部门经济分类 类 款 | name | 政府经济分类 类 款 | name): the
        # first group is the row's code; a second 类 starts the other scheme's code
        lows = [_n(c.low) for c in part_cols]
        if lows.count("类") > 1:
            part_cols = part_cols[:lows.index("类", 1)]
        parts = [row[c.index] for c in part_cols]
        if any(parts):
            if not parts[0] and prev_code[0]:  # 类 (and 款) printed once, the rest below it
                k = next(i for i, p in enumerate(parts) if p)
                parts = [prev_code[0][:3 + 2 * (k - 1)]] + parts[k:]
            code = join_code_parts(parts)
            if code is None:
                label = " ".join(p for p in parts if p)
    for c in code_cols:
        t = row[c.index]
        if not t:
            continue
        nc = normalise_code(t)
        if nc:
            code = code or nc
        elif re.fullmatch(r"\d{2}", normalise_number_text(t)) and prev_code[0] and code is None:
            code = prev_code[0][:3] + normalise_number_text(t)  # 款 printed as '10' under its 类 (Xi'an)
        else:
            pc, rest = split_code_prefix(t)
            if pc:
                code, label = code or pc, label or rest
            else:
                label = label or t
    names = [row[c.index] for c in name_cols if row[c.index]]
    name = names[0] if names else ""
    unit_label = None
    if len(names) >= 2 and any("单位" in _n(c.low) for c in name_cols):
        # 单位名称 beside 项目名称
        for c in name_cols:
            if row[c.index] and "单位" in _n(c.low):
                unit_label = row[c.index]
        others = [row[c.index] for c in name_cols if row[c.index] and "单位" not in _n(c.low)]
        name = others[0] if others else name
    if name:
        if code is None:
            pc, rest = split_code_prefix(name)
            if pc:
                code, name = pc, rest
        label = name if name else label
    if not label:
        # label printed off its column (PDF grids): the first text cell of the block
        for c in seg.cols:
            t = row[c.index]
            if c.role in ("gov_name", "rownum") or not t or parse_amount(t) is not None:
                continue
            if is_blank_amount(t):
                continue
            pc, rest = split_code_prefix(t)
            label = rest if pc else t
            code = code or pc
            break
    if code is None:
        first_amount = min((c.index for c in seg.amount_cols), default=None)
        for c in seg.cols:
            if first_amount is not None and c.index >= first_amount:
                break
            nc = normalise_code(row[c.index]) if c.role in ("text", "name", "code") else None
            if nc:
                code = nc
                break
    if code:
        prev_code[0] = code
    gov = None
    for c in seg.role_cols("gov_name"):
        if row[c.index]:
            gov = row[c.index]
    if not label and not code and gov and _TOTAL_LABEL_RE.search(_n(gov)):
        label, gov = gov, None  # 合计 printed in the 政府经济科目名称 column (Xi'an)
    amounts = [(c, row[c.index], c.index) for c in seg.amount_cols
               if c.measure is not None and parse_amount(row[c.index]) is not None]
    # a figure printed off its column (PDF grids): give it to the nearest empty amount column
    taken = {c.index for c, _, _ in amounts}
    for c in seg.cols:
        t = row[c.index]
        if (c.role == "amount" and c.measure is not None) \
                or c.role in ("rownum", "code", "code_part", "of_which") \
                or not _looks_amount(t):
            continue
        free = [a for a in seg.amount_cols
                if a.measure is not None and a.index not in taken and not row[a.index]]
        if not free:
            continue
        target = min(free, key=lambda a: (abs(a.index - c.index), a.index < c.index))
        amounts.append((target, t, c.index))
        taken.add(target.index)
    amounts.sort(key=lambda a: a[0].index)
    econ_name = next((row[c.index] for c in name_cols
                      if row[c.index] and "经济" in _n(c.low) and "政府" not in _n(c.low)), None)
    return _RowPart(label=label, code=code, gov_name=gov, unit_label=unit_label, econ_name=econ_name,
                    amounts=amounts)


def _interpret_rows(doc: Document, table: Table, grid: _Grid, segs: list[_Segment],
                    data_rows: list[int], header_rows: list[int], kind: str,
                    default_label: Optional[str] = None) -> None:
    texts = grid.texts
    header_sets = [texts[r] for r in header_rows]
    economic = kind in ECONOMIC_KINDS or any(
        "经济" in _n(t) for s in segs for c in s.cols for t in c.path)
    unit_per_row = kind == "operating_cost" and any(
        c.role == "name" and "单位" in _n(c.low) for s in segs for c in s.cols)
    prev_codes = [[None] for _ in segs]
    econ_class = [None for _ in segs]
    seg_econ = [_segment_economic(s, economic) for s in segs]
    row_units = {} if unit_per_row else _row_units(doc, table, texts, data_rows, segs, kind)
    pending: Optional[list[_RowPart]] = None
    for r in data_rows:
        row = texts[r]
        if _header_like_repeat(row, header_sets) or _is_meta_row(row):
            continue
        parts = [_read_part(s, row, prev_codes[i]) for i, s in enumerate(segs)]
        # amounts printed in a block without a label belong to the nearest labelled block on the
        # left that printed none (公开06表: 公用经费合计 in col 3, its figure in the last column)
        for i, p in enumerate(parts):
            if p.amounts and not p.label and not p.code:
                for j in range(i - 1, -1, -1):
                    q = parts[j]
                    if (q.label or q.code) and not q.amounts:
                        q.amounts = list(p.amounts)  # provenance stays the printed column
                        p.amounts = []
                        break
        # a label printed on its own row with the figures on the next one (PDF wraps)
        if pending is not None:
            for i, p in enumerate(parts):
                q = pending[i]
                if p.amounts and not p.label and not p.code and (q.label or q.code):
                    p.label, p.code, p.gov_name = q.label, q.code, p.gov_name or q.gov_name
        if default_label:
            for p in parts:
                if p.amounts and not p.label and not p.code:
                    p.label = default_label
        label_only = all(not p.amounts for p in parts) and any(p.label or p.code for p in parts)
        pending = parts if label_only else None
        for i, (seg, p) in enumerate(zip(segs, parts)):
            if not p.amounts:
                continue
            label = clean_label(p.label)  # as printed (numbering kept), wraps/spaces removed
            nlabel = _n(p.label)
            is_total = bool(_TOTAL_LABEL_RE.search(nlabel)) or nlabel in ("合计", "总计")
            subject_code = economic_code = None
            if p.code:
                if p.code[0] in "35" and (len(p.code) in (3, 5) or (len(p.code) == 7 and seg_econ[i])):
                    economic_code = p.code  # 7 digits: 3010201 津贴补贴 under 301 (Xi'an)
                elif p.code[0] in "12" or len(p.code) == 7:
                    subject_code = p.code
                if economic_code and len(economic_code) == 3:
                    econ_class[i] = economic_code
            elif not is_total:
                if seg_econ[i]:
                    economic_code = economic_code_for_name(p.econ_name or p.label, parent=econ_class[i],
                                                           scheme=_segment_scheme(seg))
                    if economic_code and len(economic_code) == 3:
                        econ_class[i] = economic_code
                elif seg.side == "expenditure" or (
                        kind in FUNCTION_KINDS and seg.side is None and
                        (_NUMBERED_RE.match(p.label or "") or re.search(r"[（(]类[）)]$", _n(p.label)))):
                    subject_code = function_code_for_name(p.label)
            unit_name = None
            if r in row_units:
                unit_name, head = row_units[r]
                if head:  # the unit's own line: its subtotal (or the department's total)
                    is_total, subject_code, economic_code = True, None, None
                    econ_class[i] = None
            elif unit_per_row and not is_total:
                unit_name = label
            elif p.unit_label:
                unit_name = clean_label(p.unit_label)
            for col, text, printed_col in p.amounts:
                if col.measure is None:
                    _warn_once(doc, table, f"column {col.index} ({'/'.join(col.path)}) has no measure")
                    continue
                value, decimals = parse_amount(text)
                doc.line_items.append(LineItem(
                    table_id=table.table_id,
                    page_number=grid.page(r, printed_col, table.page_from),
                    row_number=r,
                    measure=col.measure,
                    amount_wan=to_wan(value, table.unit_as_printed),
                    amount_as_printed=text.strip(),
                    decimals=decimals,
                    item_name=label,
                    is_total=is_total,
                    side=seg.side,
                    subject_code=subject_code,
                    economic_code=economic_code,
                    government_economic_name=clean_label(p.gov_name) if p.gov_name else None,
                    unit_name=unit_name,
                    col_number=printed_col,
                ))


_UNIT_HEADER_RE = re.compile(r"^(预算)?(单位|部门)(名称)?$")


def _row_label(texts: list[list[str]], r: int, segs: list[_Segment]) -> str:
    """The first label printed on a row (name, code or text column, no figure)."""
    for s in segs:
        for c in s.cols:
            if c.role in ("name", "code", "text") and texts[r][c.index] and parse_amount(texts[r][c.index]) is None:
                return texts[r][c.index]
    return ""


def _first_values(texts: list[list[str]], data_rows: list[int], segs: list[_Segment]
                  ) -> tuple[dict[int, Optional[Decimal]], dict[int, int]]:
    """Each row's figure in the first amount column, and its printed decimals."""
    first_amount = [c for s in segs for c in s.amount_cols][:1]
    values: dict[int, Optional[Decimal]] = {}
    decimals: dict[int, int] = {}
    for r in data_rows:
        parsed = parse_amount(texts[r][first_amount[0].index]) if first_amount else None
        values[r] = parsed[0] if parsed else None
        decimals[r] = parsed[1] if parsed else 2
    return values, decimals


def _sums_to(total: Optional[Decimal], parts: list[Decimal], places: int) -> bool:
    if total is None or not parts:
        return False
    tol = Decimal(5) * Decimal(10) ** (-(places + 1)) * (len(parts) + 1)
    return abs(total - sum(parts)) <= tol


def _row_units(doc: Document, table: Table, texts: list[list[str]], data_rows: list[int],
               segs: list[_Segment], kind: str) -> dict[int, tuple[Optional[str], bool]]:
    """The unit each row of a multi-unit table belongs to: {row: (unit name, is the unit's line)}.

    Tables printed unit by unit (Shenzhen, Guangzhou, Zhuhai) show it three ways:
    - a 预算单位 column filled on the unit's line only, the classification lines under it carrying
      the unit on (the unit's line is its subtotal; the department's line above the first unit is
      their sum); a unit column filled beside another label (三公: 预算单位 | 年度) carries on too;
    - a unit column that is the only label of every row: each row is a unit, and the first one is
      the department's total where it is the sum of the others;
    - unit lines among the lines of the name column, told by their names and sums (``_org_rows``).
    Rows above the first unit (a 合计 line) belong to none."""
    out: dict[int, tuple[Optional[str], bool]] = {}
    if any(s.side for s in segs):
        return out
    label_cols = [c for s in segs for c in s.cols if c.role in ("name", "code", "code_part")]
    ucol = next((c for c in label_cols if c.role == "name" and _UNIT_HEADER_RE.match(_n(c.low))),
                None)
    if ucol is not None and any(texts[r][ucol.index] for r in data_rows):
        others = [c for c in label_cols if c is not ucol]
        amount_idx = [c.index for s in segs for c in s.amount_cols]
        rows = [r for r in data_rows if any(parse_amount(texts[r][i]) is not None for i in amount_idx)
                and not any(_TOTAL_LABEL_RE.search(_n(t)) for t in texts[r] if t)]
        only_unit = {r for r in data_rows if texts[r][ucol.index]
                     and not any(texts[r][c.index] for c in others)}
        if rows and all(r in only_unit for r in rows):
            values, decimals = _first_values(texts, rows, segs)
            first = rows[0]
            first_total = len(rows) > 2 and _sums_to(values[first], [values[r] for r in rows[1:]
                                                                      if values[r] is not None],
                                                     decimals[first])
            for r in rows:
                label = _unit_text(texts[r][ucol.index])
                if not _TOTAL_LABEL_RE.search(_n(label)):
                    out[r] = (label, r == first and first_total)
            return out
        current: Optional[str] = None
        for r in data_rows:
            t = texts[r][ucol.index]
            if t:
                current = _unit_text(t)
            if current is not None:
                out[r] = (current, r in only_unit and not _TOTAL_LABEL_RE.search(_n(t)))
        return out
    if kind not in PROJECT_KINDS and kind not in ECONOMIC_KINDS and kind not in FUNCTION_KINDS:
        return out
    heads = _unit_code_rows(texts, data_rows, segs)
    if heads:
        current = None
        for r in data_rows:
            current = heads.get(r, current)
            if current is not None:
                out[r] = (current, r in heads)
        return out
    orgs = _org_rows(doc, table, texts, data_rows, segs, strict=kind not in PROJECT_KINDS)
    current = None
    for r in data_rows:
        if r in orgs:
            current = clean_label(_row_label(texts, r, segs))
        if current is not None:
            out[r] = (current, r in orgs)
    return out


def _unit_text(text: str) -> str:
    """A unit name as printed in a unit column, without the unit code before it: '[242001]西安市人力
    资源和社会保障局' → '西安市人力资源和社会保障局'."""
    t = clean_label(text)
    rest = re.sub(r"^[\[【［(（]?\d{3,}[\]】］)）]?", "", t)
    rest = re.sub(r"^[_＿\-—·•*]+", "", rest)  # an indent mark ("_长沙市公安局", Changsha 2025 p21)
    return rest or t


def _unit_code_rows(texts: list[list[str]], data_rows: list[int], segs: list[_Segment]
                    ) -> dict[int, str]:
    """Rows that head a unit's block in a classification table printed unit by unit with the unit's
    code in the code column (Xi'an: 125001 西安市安全生产监督管理局, then its 208 / 05 / 2080505
    lines): {row: unit name}. Six digits are no function or economic code."""
    out: dict[int, str] = {}
    for seg in segs:
        codes = seg.role_cols("unit_code") or seg.role_cols("code")
        names = seg.role_cols("name")
        if not codes or not names:
            continue
        # a 单位编码 column holds the department's code (116) and its units' (116001); a
        # classification code column holds a unit's code only on the unit's line
        pattern = r"\d{3,}" if codes[0].role == "unit_code" else r"\d{6}"
        for r in data_rows:
            t = normalise_number_text(texts[r][codes[0].index])
            name = next((texts[r][c.index] for c in names if texts[r][c.index]), "")
            if re.fullmatch(pattern, t) and name:
                out[r] = clean_label(name)
        break
    return out


def _segment_economic(seg: _Segment, default: bool) -> bool:
    """Whether a block's lines are economic classes: its label header says 功能分类 or 经济分类
    (Xi'an's 收支总表 lists 支出功能分类科目, 部门预算支出经济分类科目 and 政府预算支出经济分类科目 side by
    side), else the table's kind and headers decide."""
    heads = _n("".join(t for c in seg.cols if c.role in ("name", "gov_name", "code") for t in c.path))
    if "功能" in heads:
        return False
    return True if "经济" in heads else default


def _segment_scheme(seg: _Segment) -> Optional[str]:
    """'government' for a block whose lines are 政府预算支出经济分类 names (the third listing of Xi'an's
    收支总表), else None (部门 scheme first)."""
    heads = _n("".join(t for c in seg.cols if c.role == "name" for t in c.path))
    return "government" if "政府" in heads and "经济" in heads and "部门" not in heads else None


def _org_name(label: str) -> bool:
    """A label that reads like an organisation: 深圳市考试院, 广州市司法局（本级）."""
    n = re.sub(r"[（(][^（）()]*[）)]$", "", _n(label))
    return bool(n) and bool(_ORG_RE.search(n))


def _org_rows(doc: Document, table: Table, texts: list[list[str]], data_rows: list[int],
              segs: list[_Segment], strict: bool = False) -> set[int]:
    """Rows of a multi-unit table that are units (subtotals) or the department total, not lines.

    A row is a unit when its label reads like an organisation (or is the document's unit) and its
    figure is the sum of the lines under it (or of its top-level lines: 类 of a classification
    printed in full); the department row above the first unit is the sum of the units. Without
    consistent sums, only names that are known units count (project tables; ``strict``: none, and a
    coded line is never a unit).
    """
    known = {_n(x) for x in (doc.unit_name, table.unit_name) if x}
    labels = {r: _row_label(texts, r, segs) for r in data_rows}
    values, decimals = _first_values(texts, data_rows, segs)

    def top_level(label: str) -> bool:
        pc, rest = split_code_prefix(label)
        code = pc or normalise_code(label) or economic_code_for_name(rest if pc else label)
        return code is not None and len(code) == 3

    def coded(label: str) -> bool:
        return normalise_code(label) is not None or split_code_prefix(label)[0] is not None

    top = {r: top_level(labels[r]) for r in data_rows}
    candidates = [r for r in data_rows if labels[r] and not _TOTAL_LABEL_RE.search(_n(labels[r]))
                  and (_n(labels[r]) in known or _org_name(labels[r]))
                  and not (strict and coded(labels[r]))]

    confirmed: list[int] = []
    order = list(data_rows)
    for r in reversed(candidates):
        pos = order.index(r)
        children, tops = [], []
        for q in order[pos + 1:]:
            if q in confirmed:
                break
            if values[q] is not None:
                children.append(values[q])
                if top[q]:
                    tops.append(values[q])
        if _sums_to(values[r], children, decimals[r]) or _sums_to(values[r], tops, decimals[r]):
            confirmed.append(r)
        elif not children:
            units = [values[q] for q in confirmed if values[q] is not None]
            if _sums_to(values[r], units, decimals[r]):
                confirmed.append(r)
    if not confirmed and not strict:
        return {r for r in candidates if _n(labels[r]) in known}
    return set(confirmed)


def _warn_once(doc: Document, table: Table, message: str) -> None:
    text = f"table {table.table_id} ({table.title}): {message}"
    if text not in doc.warnings:
        doc.warnings.append(text)


# ---------------------------------------------------------------------------------------------
# items printed as columns (三公)

_NOT_ITEM_RE = re.compile(r"^(预算数|决算数|预算|决算|金额|数|本年预算数|全年预算数|财政拨款|三公经费|"
                          r"财政拨款三公经费|三公经费预算数|三公经费决算数|三公经费支出|小计|)$")


def _item_column_line(doc: Document, table: Table, grid: _Grid, r: int, col_index: int, text: str,
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
        is_total=bool(_TOTAL_LABEL_RE.search(_no_year(_n(item)))),
        unit_name=unit_name,
        col_number=col_index,
    ))


def _interpret_transposed(doc: Document, table: Table, grid: _Grid, cols: list[_Col],
                          data_rows: list[int], all_header: str) -> None:
    texts = grid.texts
    has_budget = "预算" in all_header
    has_final = "决算" in all_header
    # column groups by year (Yantai's 三公: 2025年预算数 | 2026年预算数): an earlier year's group
    # is prior_year, a 增减 group change, a rate no money
    years = [int(m.group(1)) for c in cols for p in c.path
             for m in [re.match(r"^((?:19|20)\d{2})年", _n(p))] if m]
    current = doc.fiscal_year if doc.fiscal_year in years else (max(years) if years else None)
    for r in data_rows:
        row = texts[r]
        if _is_colnum_row(row):
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
            items = [p for p in path if not _NOT_ITEM_RE.match(_no_year(_n(p)))]
            if not items:
                items = [p for p in path if _n(p) not in ("小计",)] or ["合计"]
            item = clean_label(items[-1])
            short = re.sub(r"(预算数|决算数|预算|决算)$", "", re.sub(r"^(19|20)\d{2}年度?", "", item))
            item = short or item  # '2024年机关运行经费预算数' → '机关运行经费'
            # 小计 under a group names the group itself
            joined = _n("".join(path))
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


def _items_beside(col: _Col, value_cols: list[_Col]) -> bool:
    """Items printed outside the group a 小计 sums (Xi'an's final account: 财政拨款安排的“三公”经费:
    小计 … | 会议费 | 培训费): the 小计 is that group's, not the table's total."""
    group = [_n(t) for t in col.path[:-1]]
    return any([_n(t) for t in c.path[:len(group)]] != group
               and any(w in _n("".join(c.path)) for w in _ITEM_COLUMN_WORDS) for c in value_cols)


def _column_period(path: list[str], current: Optional[int]) -> Optional[str]:
    """The period a 三公 column group names: 上年 / an earlier year → prior_year, 当年 / this year →
    total, 增减变化情况 → change, 增减率 → percent (no money); None when the path names none."""
    for p in path:
        n = _n(p)
        if _PERCENT_HEADER_RE.search(n):
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


def _interpret_item_columns(doc: Document, table: Table, grid: _Grid, cols: list[_Col],
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
    item_cols = {w for c in value_cols for w in _ITEM_COLUMN_WORDS if w in _n("".join(c.path))}
    if len(item_cols) < 3:
        return False
    years = [int(m.group(1)) for c in value_cols for p in c.path
             for m in [re.match(r"^((?:19|20)\d{2})年", _n(p))] if m]
    current = doc.fiscal_year if doc.fiscal_year in years else (max(years) if years else None)
    periods = {c.index: _column_period(c.path, current) for c in value_cols}
    label_cols = [c for c in cols if c.role in ("name", "unit_code", "code")]
    rows_measured = False
    rows: list[tuple[int, str]] = []
    for r in data_rows:
        if _is_colnum_row(texts[r]):
            continue
        label = next((texts[r][c.index] for c in label_cols if c.role == "name" and texts[r][c.index]),
                     "") or next((texts[r][c.index] for c in label_cols if texts[r][c.index]
                                  and parse_amount(texts[r][c.index]) is None), "")
        if not any(parse_amount(texts[r][c.index]) is not None for c in value_cols):
            continue
        rows.append((r, label))
        rows_measured = rows_measured or bool(_MEASURE_ROW_RE.match(_no_year(_n(label))))
    # one row per unit under 部门名称 (Changsha: 合计, 长沙市信访局) is this layout too
    unit_rows = bool(rows) and all(_TOTAL_LABEL_RE.search(_n(lb)) or _ORG_RE.search(_n(lb))
                                   for _, lb in rows)
    if not rows or not (rows_measured or unit_rows
                        or any(p in ("prior_year", "change") for p in periods.values())):
        return False
    # column groups with a 合计 of their own (Xi'an): a 小计 under a group there is that group's
    own_total = {periods[c.index] for c in value_cols if c.path and _n(c.path[-1]) in ("合计", "总计")}
    for r, label in rows:
        nlabel = _no_year(_n(label))
        row_measure = None
        if _MEASURE_ROW_RE.match(nlabel):
            row_measure = "final" if "决算" in nlabel else "budget"
        unit = None if row_measure or not label or _TOTAL_LABEL_RE.search(nlabel) else _unit_text(label)
        for col in value_cols:
            t = texts[r][col.index]
            amount = parse_amount(t)
            period = periods[col.index]
            if amount is None or period == "percent":
                continue
            path = [p for p in col.path if p and _column_period([p], current) is None]
            items = [p for p in path if not _NOT_ITEM_RE.match(_no_year(_n(p)))] or path or ["合计"]
            if path and _TOTAL_LABEL_RE.search(_n(path[-1])) and period not in own_total and not any(
                    w in _n(items[-1]) for w in _ITEM_COLUMN_WORDS) and not _items_beside(col, value_cols):
                items = [path[-1]]  # 小计 under "三公经费预（决）算数": the table's total, as printed
            item = _whole_item_name(re.sub(r"^其中[:：]", "", clean_label(items[-1])))
            measure = period if period in ("prior_year", "change") else (row_measure or "total")
            _item_column_line(doc, table, grid, r, col.index, t, amount, measure, item, unit)
    return True


_YEAR_ROW_RE = re.compile(r"^((?:19|20)\d{2})年?度?(预算数?|决算数?|执行数)?$")
_CHANGE_ROW_RE = re.compile(r"^(比上年)?(增减|增减变化|增减变动|变化|变动)(金额|额|数|情况)?$")
_SOURCE_WORDS = ("一般公共预算", "政府性基金", "国有资本经营", "财政拨款")


def _interpret_year_rows(doc: Document, table: Table, grid: _Grid, segs: list[_Segment],
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
        found = {}
        for r in rows:
            t = _n(texts[r][col.index])
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
    units = _row_units(doc, table, texts, data_rows, segs, table.table_kind or "three_public")
    for r in rows:
        k = kinds[r]
        if isinstance(k, int) and k > current:
            continue
        for col in amount_cols:
            t = texts[r][col.index]
            amount = parse_amount(t)
            if amount is None:
                continue
            path = [p for p in col.path if p and not any(w in _n(p) for w in _SOURCE_WORDS)]
            path = [p for p in path if _n(p) not in ("小计",)] or path or ["合计"]
            item = clean_label(path[-1])
            measure = col.measure if k == current else ("change" if k == "change" else "prior_year")
            _item_column_line(doc, table, grid, r, col.index, t, amount, measure, item,
                              units.get(r, (None, False))[0])
    return True


# ---------------------------------------------------------------------------------------------
# 部门决算公开相关信息统计表: money rows are line items, counts are statistics

_MONEY_SECTION_RE = re.compile(r"政府采购|机关运行经费|经费|金额|支出|资金")


def _interpret_statistics(doc: Document, table: Table, grid: _Grid, start: int) -> None:
    texts = grid.texts
    rownum_cols = {c for row in texts for c, t in enumerate(row) if _n(t) in ("行次", "栏次")}
    section = ""
    stat_unit: Optional[str] = None
    for r in range(start, len(texts)):
        row = texts[r]
        vals = [(c, t) for c, t in enumerate(row) if t]
        if not vals:
            continue
        label_col, label = vals[0]
        if parse_amount(label) is not None:
            continue
        nlabel = _n(label)
        if nlabel in ("项目", "项目名称") or _is_colnum_row(row):
            continue
        values = [(c, t) for c, t in vals[1:] if c not in rownum_cols and parse_amount(t) is not None]
        if not rownum_cols:
            values = values[-1:]
        if re.match(r"^[一二三四五六七八九十]+[、.．]", nlabel) and not values:
            section = clean_label(strip_numbering(label))
            stat_unit = None
            continue
        unit_m = _STAT_UNIT_RE.search(unicodedata.normalize("NFKC", label))
        if unit_m:
            stat_unit = unit_m.group(1).replace("(", "（").replace(")", "）")
        if not values:
            continue
        c, t = values[-1]
        value, decimals = parse_amount(t)
        item = clean_label(strip_numbering(label))
        money = bool(_MONEY_SECTION_RE.search(_n(section))) and not unit_m and not (
            stat_unit and section and not _MONEY_SECTION_RE.search(_n(section)))
        if money:
            doc.line_items.append(LineItem(
                table_id=table.table_id,
                page_number=grid.page(r, c, table.page_from),
                row_number=r,
                measure="total",
                amount_wan=to_wan(value, table.unit_as_printed),
                amount_as_printed=t.strip(),
                decimals=decimals,
                item_name=f"{section}：{item}" if section else item,
                is_total=bool(_TOTAL_LABEL_RE.search(_n(item))),
                col_number=c,
            ))
        else:
            unit = unit_m.group(1) if unit_m else (stat_unit if "用车" in nlabel or "车" in nlabel else None)
            if unit is None and re.search(r"设备", nlabel):
                unit = "台（套）"
            doc.statistics.append(Statistic(
                table_id=table.table_id,
                page_number=grid.page(r, c, table.page_from),
                item_name=f"{section}：{item}" if section else item,
                value=value,
                unit_as_printed=unit,
            ))
