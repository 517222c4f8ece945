"""Reconciliation identities over line items (DOMAIN.md "Identities that must hold").

Pure functions: they take line items (a pandas DataFrame or a list of dicts with the columns of
``marts.fct_line_item``) and return one ``CheckResult`` per identity instance. Nothing here touches
a database; ``expectations.runner`` reads the marts, calls ``check_document`` and stores results.

Arithmetic is exact (``Decimal``). The tolerance rule is DOMAIN.md's: an identity holds when its two
sides differ by at most half a unit of the last printed digit of every printed number taking part in
it, i.e. Σ 0.5 × 10^(−decimals) over the printed total and the printed addends, expressed in 万元
(a number printed in 元 contributes 0.5 × 10^(−decimals) 元 = that × 0.0001 万元). A blank (missing)
addend counts as 0 and adds no tolerance. Every check name is documented in ``CHECKS.md``.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Iterable, Optional, Sequence, Union

import pandas as pd

from expectations.results import (  # noqa: F401  (the names callers import from here)
    ERROR, FAIL, NOT_APPLICABLE, PASS, UNIT_FACTORS_TO_WAN, WARNING, ZERO, CheckResult, judge,
    tolerance)

DEFAULT_DECIMALS = 2

# measures (DOMAIN.md) that are parts of a row's total
EXPENDITURE_PARTS = ("basic", "project", "remittance", "operating_expenditure",
                     "subsidy_to_affiliates", "reserve")
SOURCE_PARTS = ("general_budget", "government_fund", "state_capital", "special_account",
                "unit_funds", "fiscal_appropriation", "upper_grant", "business_income",
                "operating_income", "affiliated_income", "other_income")
FISCAL_PARTS = ("general_budget", "government_fund", "state_capital")  # the parts of 财政拨款
# a prior year's figure and the change printed beside this year's: never a part of this year's sums
COMPARISON_MEASURES = ("prior_year", "change")
ECONOMIC_KINDS = ("basic_expenditure_economic", "fiscal_basic_expenditure_economic",
                  "general_budget_expenditure_economic")
FUNCTION_KINDS_EXCLUDED = ECONOMIC_KINDS + ("three_public", "operating_cost", "procurement",
                                            "government_purchase_service", "disclosure_statistics")
TWO_SIDED_KINDS = ("income_expenditure_summary", "fiscal_summary")
PROJECT_KINDS = ("project_expenditure", "project_expenditure_carry_over")

# 类 of the economic classification, for tables that print names without codes (seed 001)
ECONOMIC_CLASS_NAMES = {
    "工资福利支出": "301", "商品和服务支出": "302", "对个人和家庭的补助": "303",
    "债务利息及费用支出": "307", "资本性支出（基本建设）": "309", "资本性支出": "310",
    "对企业补助（基本建设）": "311", "对企业补助": "312", "对社会保障基金补助": "313",
    "其他支出": "399",
    "机关工资福利支出": "501", "机关商品和服务支出": "502", "机关资本性支出（一）": "503",
    "机关资本性支出（二）": "504", "对事业单位经常性补助": "505", "对事业单位资本性补助": "506",
    "对企业资本性支出": "508", "对个人和家庭的补助支出": "509",
}
# 人员经费 is 工资福利 + 对个人和家庭的补助; 公用经费 the other classes (seed 002's 公开06表)
PERSONNEL_CLASSES = {"301", "303", "501", "509"}

REQUIRED_TABLES = {
    "budget": ("income_expenditure_summary", "income_summary", "expenditure_summary",
               "fiscal_summary", "general_budget_expenditure", "basic_expenditure_economic",
               "three_public"),
    "final_account": ("income_expenditure_summary", "income_summary", "expenditure_summary",
                      "fiscal_summary", "general_budget_expenditure",
                      "basic_expenditure_economic", "three_public"),
}

DESCRIPTIONS = {
    "table_total_equals_sum_of_classes": "合计 = Σ 类 (3-digit subject codes), per amount column",
    "table_total_equals_sum_of_top_level_lines":
        "合计 = Σ top-level subject lines (table prints no 类 rows), per amount column",
    "class_equals_sum_of_sections": "类 = Σ its 款 (5-digit subject codes), per amount column",
    "section_equals_sum_of_items": "款 = Σ its 项 (7-digit subject codes), per amount column",
    "row_total_equals_basic_plus_project":
        "row 合计 = 基本支出 + 项目支出 (+ 上缴上级 + 经营 + 对附属单位补助 + 单位预留机动经费)",
    "row_total_equals_sum_of_sources": "row 合计 = Σ printed funding sources (+ 上年结转 where "
                                       "the total includes it)",
    "row_total_equals_current_year_plus_carry_over": "row 合计 = 当年预算安排 + 上年结转安排",
    "row_fiscal_appropriation_equals_sum_of_funds":
        "row 财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营 (where printed as its parts)",
    "row_total_equals_personnel_plus_public_funds": "row 合计 = 人员经费 + 公用经费",
    "row_basic_equals_personnel_plus_public_funds": "row 基本支出 = 人员经费 + 公用经费",
    "economic_total_equals_sum_of_classes": "经济分类表 合计 = Σ 经济分类 类 lines",
    "economic_personnel_total_equals_sum_of_classes":
        "人员经费合计 = Σ personnel 类 (工资福利支出 + 对个人和家庭的补助)",
    "economic_public_funds_total_equals_sum_of_classes":
        "公用经费合计 = Σ the other 类 (商品和服务支出, 资本性支出, …)",
    "economic_class_equals_sum_of_items": "经济分类 类 (3 digits) = Σ its 款 (5 digits)",
    "income_total_equals_expenditure_total": "收入总计 = 支出总计",
    "income_current_total_equals_sum_of_lines": "本年收入合计 = Σ income lines",
    "expenditure_current_total_equals_sum_of_lines":
        "本年支出合计 = Σ the lines of a listing printed beside the 类 (基本支出, 项目支出, …)",
    "expenditure_current_total_equals_sum_of_classes": "本年支出合计 = Σ 类 lines",
    "income_grand_total_equals_current_plus_carry_over":
        "收入总计 = 本年收入合计 + 上年结转 (+ 使用非财政拨款结余, 年初结转和结余)",
    "expenditure_grand_total_equals_current_plus_carry_forward":
        "支出总计 = 本年支出合计 + 年终结转 (+ 结余分配, 年末结转和结余)",
    "three_public_total_equals_sum_of_items":
        "三公 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费 (+ 会议费 + 培训费 where printed)",
    "three_public_vehicle_equals_purchase_plus_operation":
        "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费",
    "project_unit_subtotal_equals_sum_of_projects": "项目支出表 unit subtotal = Σ its projects",
    "table_total_equals_sum_of_units":
        "a table printed unit by unit: the department's 合计 line = Σ the units' lines",
    "project_total_equals_sum_of_units": "项目支出表 total = Σ unit subtotals (or Σ projects)",
    "operating_cost_total_equals_sum_of_units": "机关运行经费 合计 = Σ units",
    "summary_expenditure_equals_expenditure_summary_total":
        "收支总表 本年支出合计 = 支出总表 合计",
    "expenditure_summary_total_equals_income_summary_total":
        "支出总表 合计 = 收入总表 本年收入 (+ 上年结转)",
    "general_budget_basic_equals_economic_total":
        "一般公共预算支出表 基本支出 合计 = 基本支出经济分类表 合计",
    "general_budget_expenditure_equals_fiscal_summary_general_budget":
        "一般公共预算支出表 合计 (不含上年结转) = 财政拨款收支总表 本年收入 一般公共预算",
    "project_table_equals_general_budget_project":
        "项目支出表（本年） 合计 = 一般公共预算支出表 合计 项目支出 (all project money is general "
        "budget)",
    "project_tables_equal_expenditure_summary_project":
        "项目支出表（本年） + 项目支出表（上年结转） = 支出总表 合计 项目支出",
    "operating_cost_equals_public_funds":
        "机关运行经费 = 公用经费 (基本支出经济分类表) of the administrative units",
    "final_account_balance":
        "决算: 年初结转和结余 + 本年收入 + 使用非财政拨款结余 = 本年支出 + 结余分配 + 年末结转和结余",
    "subject_code_valid": "function codes have 3/5/7 digits and their parent (类/款) is printed "
                          "in the same table",
    "economic_code_valid": "economic codes have 3/5 digits and their 类 is printed in the same "
                           "table",
    "one_name_per_code": "a code carries one name within a document",
    "text_figure_equals_table": "a figure the explanation states (收入总计, 基本支出, 人员经费, "
                                "三公 …) equals the table's printed figure",
    "text_share_equals_table": "a share the explanation states (基本支出…占85.66%) equals the "
                               "tables' ratio",
    "required_table_present": "a table the doc_type must publish is present (or declared empty)",
    "nonempty_table_has_line_items": "a table not declared empty yields line items",
}


# ----------------------------------------------------------------------------- normalising input

LINE_ITEM_COLUMNS = ("document_id", "table_id", "table_kind", "table_title", "page_number",
                     "row_number", "side", "unit_name", "subject_code", "economic_code",
                     "item_name", "is_total", "measure", "amount_wan", "unit_as_printed",
                     "decimals", "amount_as_printed", "col_number")


def _missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, Decimal) and v.is_nan():
        return True
    return False


def _to_decimal(v) -> Optional[Decimal]:
    if _missing(v):
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, float):
        return Decimal(repr(v))
    return Decimal(str(v).replace(",", ""))


def _digits(v) -> Optional[str]:
    if _missing(v):
        return None
    s = re.sub(r"\D", "", str(v))
    return s or None


def _text(v) -> Optional[str]:
    if _missing(v):
        return None
    return str(v)


def _decimals_of(printed: Optional[str]) -> Optional[int]:
    if not printed:
        return None
    t = printed.strip().replace(",", "")
    if re.fullmatch(r"[+\-(（]?\d+(\.\d+)?[)）]?", t):
        return len(t.split(".", 1)[1].rstrip(")）")) if "." in t else 0
    return None


def normalise(line_items: Union[pd.DataFrame, Sequence[dict]]) -> list[dict]:
    """Line items as a list of plain dicts with Decimal amounts, int decimals and digit codes."""
    records = (line_items.to_dict("records") if isinstance(line_items, pd.DataFrame)
               else [dict(r) for r in line_items])
    out = []
    for r in records:
        amount = _to_decimal(r.get("amount_wan"))
        if amount is None or _missing(r.get("measure")):
            continue  # an empty cell is no line item
        decimals = r.get("decimals")
        decimals = None if _missing(decimals) else int(decimals)
        if decimals is None:
            decimals = _decimals_of(_text(r.get("amount_as_printed")))
        if decimals is None:
            decimals = DEFAULT_DECIMALS
        is_total = r.get("is_total")
        table_id = r.get("table_id")
        out.append({
            "document_id": _text(r.get("document_id")),
            "table_id": None if _missing(table_id) else table_id,
            "table_kind": _text(r.get("table_kind")),
            "table_title": _text(r.get("table_title")),
            "page_number": None if _missing(r.get("page_number")) else int(r["page_number"]),
            "row_number": None if _missing(r.get("row_number")) else int(r["row_number"]),
            "side": _text(r.get("side")),
            "unit_name": _text(r.get("unit_name")),
            "subject_code": _digits(r.get("subject_code")),
            "economic_code": _digits(r.get("economic_code")),
            "item_name": _text(r.get("item_name")) or "",
            "is_total": bool(is_total) if not _missing(is_total) else False,
            "measure": str(r["measure"]),
            "amount": amount,
            "unit_as_printed": _text(r.get("unit_as_printed")) or "万元",
            "decimals": decimals,
            "col_number": None if _missing(r.get("col_number")) else int(r["col_number"]),
        })
    return out


def number_tolerance(item: dict) -> Decimal:
    """Half a unit of the last printed digit, in 万元 (``expectations.results.tolerance``)."""
    return tolerance(item)


def tolerance_for(numbers: Iterable[Optional[dict]]) -> Decimal:
    return tolerance(*numbers)


# ----------------------------------------------------------------------------- building results

def _name(s: Optional[str]) -> str:
    return re.sub(r"\s+", "", s or "")


def identity(check_name: str, total: Optional[dict], addends: Sequence[Optional[dict]], *,
             anchor: Optional[dict] = None, severity: str = ERROR,
             description: Optional[str] = None, expected_extra: Sequence[dict] = ()
             ) -> Optional[CheckResult]:
    """One instance of `total = Σ addends`. ``total``/addends are normalised line items or None
    (blank). ``anchor`` gives document/table/page/code/name when the total is blank.
    Returns None when every number is blank (nothing printed, nothing to check)."""
    present = [a for a in addends if a is not None]
    if total is None and not present:
        return None
    expected = (total["amount"] if total is not None else ZERO) + sum(
        (e["amount"] for e in expected_extra), ZERO)
    actual = sum((a["amount"] for a in present), ZERO)
    tol = tolerance_for([total, *present, *expected_extra])
    diff = actual - expected
    ref = total or anchor or present[0]
    text = description or DESCRIPTIONS.get(check_name, check_name)
    if ref.get("measure"):
        text = f"{text} [measure {ref['measure']}]"
    return CheckResult(
        document_id=ref.get("document_id"), check_name=check_name,
        description=text, severity=severity,
        status=judge(diff, tol), table_kind=ref.get("table_kind"),
        page_number=ref.get("page_number"), subject_code=ref.get("subject_code"),
        item_name=ref.get("item_name"), expected=expected, actual=actual, difference=diff,
        tolerance=tol, table_id=ref.get("table_id"), measure=ref.get("measure"),
    )


def _with_measure(anchor: Optional[dict], measure: str) -> Optional[dict]:
    if anchor is None:
        return None
    a = dict(anchor)
    a["measure"] = measure
    return a


def _group(items: Iterable[dict], *keys: str) -> dict:
    out: dict = {}
    for it in items:
        out.setdefault(tuple(it.get(k) for k in keys), []).append(it)
    return out


def _rows(items: Sequence[dict]) -> list[dict]:
    """One representative item per printed row, in printed order."""
    by_row: dict = {}
    for it in sorted(items, key=lambda i: (i["row_number"] is None, i["row_number"] or 0,
                                           i["col_number"] or 0)):
        by_row.setdefault(it["row_number"], it)
    return list(by_row.values())


def _by_measure(items: Sequence[dict]) -> dict:
    out: dict = {}
    for it in items:
        out.setdefault(it["measure"], it)  # first printed wins
    return out


def _measures(items: Sequence[dict]) -> list[str]:
    seen: dict = {}
    for it in sorted(items, key=lambda i: i["col_number"] or 0):
        seen.setdefault(it["measure"], None)
    return list(seen)


# ----------------------------------------------------------------------------- within a table

def check_function_hierarchy(items: Sequence[dict]) -> list[CheckResult]:
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 for every measure of a function-classified table.
    ``items``: the line items of one printed table (one side)."""
    results: list[CheckResult] = []
    coded = [i for i in items if i["subject_code"] and len(i["subject_code"]) in (3, 5, 7)]
    if not coded:
        return results
    # multi-unit tables repeat codes: check each unit on its own
    dup = any(len(v) > 1 for v in _group(coded, "measure", "subject_code").values())
    partitions = _unit_blocks(items) if dup else [items]
    for part in partitions:
        results.extend(_function_partition(part))
    return results


def _unit_blocks(items: Sequence[dict]) -> list[list[dict]]:
    """The blocks of a table printed unit by unit, in printed order: one starts at each unit's own
    line (is_total, item_name = unit_name) and wherever the row's unit changes. Not by unit_name
    alone: the marts give a row without a unit the document's unit, the name its own (本级) unit
    often prints too (Zhuhai: 合计, then 珠海市商务局 and its lines)."""
    blocks: list[list[dict]] = []
    cur: list[dict] = []
    row, unit = object(), object()
    for it in sorted(items, key=lambda i: (i["row_number"] is None, i["row_number"] or 0,
                                           i["col_number"] or 0)):
        if it["row_number"] != row:
            head = bool(it["is_total"] and it["unit_name"]
                        and _name(it["item_name"]) == _name(it["unit_name"]))
            if cur and (head or it["unit_name"] != unit):
                blocks.append(cur)
                cur = []
            row, unit = it["row_number"], it["unit_name"]
        cur.append(it)
    if cur:
        blocks.append(cur)
    return blocks


def _function_partition(items: Sequence[dict]) -> list[CheckResult]:
    results: list[CheckResult] = []
    measures = _measures(items)
    coded = [i for i in items if i["subject_code"] and len(i["subject_code"]) in (3, 5, 7)]
    by_code_measure = {(i["subject_code"], i["measure"]): i for i in coded}
    rows_by_code = {r["subject_code"]: r for r in _rows(coded)}
    codes = list(rows_by_code)
    totals = [i for i in items if not i["subject_code"]
              and (i["is_total"] or _is_sum_row(_name(i["item_name"])))]
    total_rows = _rows(totals)
    # table total = Σ top level
    if total_rows and codes:
        top_len = min(len(c) for c in codes)
        top_codes = [c for c in codes if len(c) == top_len]
        name = ("table_total_equals_sum_of_classes" if top_len == 3
                else "table_total_equals_sum_of_top_level_lines")
        total_row = total_rows[0]
        total_by_m = _by_measure([t for t in totals if t["row_number"] == total_row["row_number"]])
        for m in measures:
            r = identity(name, total_by_m.get(m), [by_code_measure.get((c, m)) for c in top_codes],
                         anchor=_with_measure(total_row, m))
            if r:
                results.append(r)
    # 类 = Σ 款, 款 = Σ 项
    for parent_len, child_len, name in ((3, 5, "class_equals_sum_of_sections"),
                                        (5, 7, "section_equals_sum_of_items")):
        for pc in (c for c in codes if len(c) == parent_len):
            children = [c for c in codes if len(c) == child_len and c.startswith(pc)]
            if not children:
                continue
            for m in measures:
                r = identity(name, by_code_measure.get((pc, m)),
                             [by_code_measure.get((c, m)) for c in children],
                             anchor=_with_measure(rows_by_code[pc], m))
                if r:
                    results.append(r)
    return results


def check_row_identities(items: Sequence[dict]) -> list[CheckResult]:
    """Per printed row: 合计 = Σ its parts, for every part family whose columns the table has."""
    results: list[CheckResult] = []
    table_measures = set(i["measure"] for i in items)
    split_basic = bool(table_measures & {"personnel", "public_funds"})
    families = []  # (check name, total measure, parts, may add carry_over)
    if table_measures & {"basic", "project"}:
        parts = EXPENDITURE_PARTS
        if "basic" not in table_measures and split_basic:
            # 基本支出 printed as its 人员经费 and 公用经费 columns (Shanghai's 收支总表)
            parts = ("personnel", "public_funds") + EXPENDITURE_PARTS[1:]
        families.append(("row_total_equals_basic_plus_project", "total", parts, False))
    if table_measures & set(SOURCE_PARTS):
        sources = SOURCE_PARTS
        if "fiscal_appropriation" in table_measures and table_measures & set(FISCAL_PARTS):
            # 财政拨款 printed with its parts (合计 | 一般公共预算 | 政府性基金 | 国有资本经营): the
            # parts count once, in the 财政拨款 figure
            sources = tuple(p for p in SOURCE_PARTS if p not in FISCAL_PARTS)
            families.append(("row_fiscal_appropriation_equals_sum_of_funds", "fiscal_appropriation",
                             FISCAL_PARTS, False))
        families.append(("row_total_equals_sum_of_sources", "total", sources, True))
    if "current_year" in table_measures:
        families.append(("row_total_equals_current_year_plus_carry_over", "total",
                         ("current_year", "carry_over"), False))
    if split_basic:
        if "basic" in table_measures:
            families.append(("row_basic_equals_personnel_plus_public_funds", "basic",
                             ("personnel", "public_funds"), False))
        elif "project" not in table_measures:
            families.append(("row_total_equals_personnel_plus_public_funds", "total",
                             ("personnel", "public_funds"), False))
    if not families or "total" not in table_measures:
        return results
    lines: dict = {}  # a printed line = its row and its name (items-as-columns share a row)
    for it in items:
        lines.setdefault((it["row_number"], _name(it["item_name"])), []).append(it)
    for _, row_items in sorted(lines.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or 0)):
        row_items.sort(key=lambda i: i["col_number"] or 0)
        by_m = _by_measure(row_items)
        for name, total_measure, parts, may_add_carry_over in families:
            anchor = _with_measure(row_items[0], total_measure)
            present_parts = [p for p in parts if p in table_measures]
            addends = [by_m.get(p) for p in present_parts]
            if name == "row_total_equals_sum_of_sources":
                # 财政专户 printed as its kinds (Guangdong: 教育收费, 其他专户收入拨款): each counts
                addends += [i for i in row_items if i["measure"] == "special_account"
                            and i is not by_m.get("special_account")]
            total = by_m.get(total_measure)
            if total is None and not any(addends):
                continue
            r = identity(name, total, addends, anchor=anchor)
            if (r is not None and r.status == FAIL and may_add_carry_over
                    and by_m.get("carry_over") is not None):
                # the total includes 上年结转 (DOMAIN.md: "and, where printed, + 上年结转")
                r2 = identity(name, total, addends + [by_m["carry_over"]], anchor=anchor)
                if r2 is not None and r2.status == PASS:
                    r = r2
            if r:
                results.append(r)
    return results


def _total_category(name: str) -> str:
    return "personnel" if "人员经费" in name else "public" if "公用经费" in name else "all"


def check_economic(items: Sequence[dict]) -> list[CheckResult]:
    """基本支出经济分类表: 合计 = Σ 类 (and 人员经费合计 / 公用经费合计 = Σ their 类);
    each 类 = Σ its 款 — by economic code where the table has codes (seed 002's four-block layout
    puts several codes on one printed row), else by printed order under 类 names (seed 001).
    A table printed unit by unit (Guangdong, Shenzhen) is checked unit by unit: each unit's line
    is its 合计."""
    if len({i["unit_name"] for i in items}) > 1:
        return [r for part in _unit_blocks(items) for r in _economic_one(part)]
    return _economic_one(items)


def _economic_one(items: Sequence[dict]) -> list[CheckResult]:
    results: list[CheckResult] = []
    measures = _measures(items)
    entries: dict = {}  # key -> {measure: item}
    anchors: dict = {}
    classes: list = []  # (class code, key)
    children: dict = {}  # class key -> [child keys]
    totals: dict = {}  # category -> key
    ordered = sorted(items, key=lambda i: (i["row_number"] or 0, i["col_number"] or 0))
    if any(i["economic_code"] for i in items):
        # a table of 类 lines only (Zhuhai's 工资和福利支出 … 其他资本性等支出): a line without a
        # code is a 类 of its own
        classes_only = not any(len(i["economic_code"] or "") in (5, 7) for i in items)
        printed_5 = {i["economic_code"] for i in items if len(i["economic_code"] or "") == 5}
        for i in ordered:
            nm = _name(i["item_name"])
            if i["is_total"] or _is_sum_row(nm):
                key = ("T", _total_category(nm))
            elif i["economic_code"] and len(i["economic_code"]) == 3:
                # a 类 printed once per government class (Yantai: 301 under 501, then under 505)
                key = ("K", i["economic_code"], i["row_number"])
            elif i["economic_code"] and (len(i["economic_code"]) == 5 or (
                    len(i["economic_code"]) == 7 and i["economic_code"][:5] not in printed_5)):
                # every printed line is an item: Xi'an prints 30101 基本工资 twice, once per
                # government class (50101, 50501), and 3010201 / 3010202 where 30102 is not printed
                key = ("C", i["economic_code"], i["row_number"])
            elif classes_only and not i["economic_code"]:
                key = ("U", str(i["row_number"]))
            else:
                continue
            entries.setdefault(key, {}).setdefault(i["measure"], i)
            anchors.setdefault(key, i)
        for key in entries:
            if key[0] == "T":
                totals.setdefault(key[1], key)
            elif key[0] == "U":
                classes.append((None, key))
            elif key[0] == "K":
                classes.append((key[1], key))
                children[key] = [k for k in entries if k[0] == "C" and k[1][:3] == key[1]]
                again = sorted(k[2] or 0 for k in entries if k[0] == "K" and k[1] == key[1])
                if len(again) > 1:
                    # printed more than once: its 款 are those from it to its next printing
                    start = key[2] or 0
                    nxt = next((r for r in again if r > start), None)
                    children[key] = [k for k in children[key] if (k[2] or 0) >= start
                                     and (nxt is None or (k[2] or 0) < nxt)]
    else:
        current = None
        for r in _rows(items):
            key = ("R", r["row_number"])
            nm = _name(r["item_name"])
            entries[key] = _by_measure([i for i in items if i["row_number"] == r["row_number"]])
            anchors[key] = r
            if r["is_total"] or _is_sum_row(nm):
                totals.setdefault(_total_category(nm), key)
                current = None
                continue
            cls = ECONOMIC_CLASS_NAMES.get(nm)
            if cls:
                classes.append((cls, key))
                children[key] = []
                current = key
            elif current is not None:
                children[current].append(key)

    def item_of(key, m):
        return None if key is None else entries.get(key, {}).get(m)

    for cat, name, wanted in (
            ("all", "economic_total_equals_sum_of_classes", lambda c: True),
            ("personnel", "economic_personnel_total_equals_sum_of_classes",
             lambda c: c in PERSONNEL_CLASSES),
            ("public", "economic_public_funds_total_equals_sum_of_classes",
             lambda c: c not in PERSONNEL_CLASSES)):
        tkey = totals.get(cat)
        if tkey is None or not classes:
            continue
        for m in measures:
            r = identity(name, item_of(tkey, m), [item_of(k, m) for c, k in classes if wanted(c)],
                         anchor=_with_measure(anchors[tkey], m))
            if r:
                results.append(r)
    for cls, ckey in classes:
        kids = children.get(ckey) or []
        if not kids:
            continue
        for m in measures:
            r = identity("economic_class_equals_sum_of_items", item_of(ckey, m),
                         [item_of(k, m) for k in kids], anchor=_with_measure(anchors[ckey], m))
            if r:
                r.subject_code = anchors[ckey].get("economic_code") or cls
                results.append(r)
    return results


def _is_sum_row(nm: str) -> bool:
    return "合计" in nm or "总计" in nm


_TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_LEVEL = re.compile(r"^(\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|其中)")


def _side_lines(lines: list[dict], marker_idx: int) -> list[dict]:
    """The lines printed above a 本年合计 line; where lines are numbered 一、二、… their
    sub-lines (1. 一般公共预算, （一）…, 其中…) are parts of them and are left out."""
    out = [r for r in lines[:marker_idx]
           if not r["is_total"] and not _is_sum_row(_name(r["item_name"]))
           and not _name(r["item_name"]).startswith("其中")]
    listings = _group(out, "col_number")
    if len(listings) > 1:
        # listings printed side by side (Xi'an's 收支总表: 功能分类 | 部门经济分类 | 政府经济分类):
        # each one's levels on their own
        keep = {id(r) for part in listings.values() for r in _side_lines(part, len(part))}
        return [r for r in out if id(r) in keep]
    if any(_TOP_LEVEL.match(_name(r["item_name"])) for r in out):
        # numbered lines 一、二、…: their sub-lines are parts of them, numbered (1. （一）) or not
        # (Yantai: 一、财政拨款收入 / 一般公共预算收入 / 政府性基金预算收入, then 二、…)
        kept, numbered_seen = [], False
        for r in out:
            nm = _name(r["item_name"])
            if _TOP_LEVEL.match(nm):
                numbered_seen = True
            elif _SUB_LEVEL.match(nm) or (numbered_seen and not r["subject_code"]):
                continue
            kept.append(r)
        out = kept
    else:
        # an unnumbered heading with numbered parts under it (Shenzhen's 财政拨款收支总表: 财政拨款,
        # 1.一般公共预算拨款, 2.政府性基金预算拨款 …): the parts are in the heading's figure
        kept, parent = [], None
        for r in out:
            if not _SUB_LEVEL.match(_name(r["item_name"])):
                parent = r
            elif parent is not None:
                continue
            kept.append(r)
        out = kept
    return _arabic_levels(out)


_ARABIC_TOP = re.compile(r"^\d+[、.．](?!\d)")
_PAREN_SUB = re.compile(r"^[（(](\d+)[)）]")


def _arabic_levels(out: list[dict]) -> list[dict]:
    """1、财政拨款 then (1)一般公共预算拨款收入, (2)政府性基金收入 (Xi'an): a (n) line is a part of the
    n、 line above it and counts only where that line printed no figure (its parts stand for it;
    Xi'an's 2020 收支总表 leaves 1、财政拨款 blank, its 2019 one prints it)."""
    names = [_name(r["item_name"]) for r in out]
    if not (any(_ARABIC_TOP.match(n) for n in names) and any(_PAREN_SUB.match(n) for n in names)):
        return out
    kept, parent_printed, last = [], False, 0
    for r, nm in zip(out, names):
        m = _PAREN_SUB.match(nm)
        if m:
            if int(m.group(1)) <= last:
                parent_printed = False  # numbering starts again: under a parent printed blank
            last = int(m.group(1))
            if parent_printed:
                continue
        elif _ARABIC_TOP.match(nm):
            parent_printed, last = True, 0
        kept.append(r)
    return kept


def _between(lines: list[dict], start: int, end: int) -> list[dict]:
    """Lines between 本年合计 and 总计; where a 结转/结余 heading carries an amount, its
    un-labelled breakdown lines (一、一般公共预算 …) are its children and are left out."""
    out: list[dict] = []
    heading_printed = False
    for r in lines[start + 1:end]:
        nm = _name(r["item_name"])
        if heading_printed and _SUB_LEVEL.match(nm) and not _SUB_LEVEL.match(_name(out[-1]["item_name"])):
            # 上年结余、结转 then 1.财政拨款结余、结转, 2.非财政拨款结余、结转 (Shenzhen): its parts
            continue
        if "结转" in nm or "结余" in nm or "分配" in nm:
            heading_printed = True
            out.append(r)
        elif not heading_printed and not nm.startswith("其中"):
            out.append(r)
    return out


def _side_entries(items: Sequence[dict]) -> tuple[list[dict], dict]:
    """One entry per printed line of one side, keyed by (row, name): a line's measures share its
    row and name, while a listing printed beside another (Jiangsu's 支出用途 next to 功能分类)
    shares the row but not the name. Returns (representative items in printed order,
    {entry index: {measure: item}})."""
    entries: dict = {}
    for it in sorted(items, key=lambda i: (i["row_number"] is None, i["row_number"] or 0,
                                           i["col_number"] or 0)):
        entries.setdefault((it["row_number"], _name(it["item_name"])), []).append(it)
    reps = [v[0] for v in entries.values()]
    by_idx = {n: _by_measure(v) for n, v in enumerate(entries.values())}
    return reps, by_idx


def check_two_sided(items: Sequence[dict]) -> list[CheckResult]:
    """收支总表 / 财政拨款收支总表 identities."""
    results: list[CheckResult] = []
    sides = {s: [i for i in items if i["side"] == s] for s in ("income", "expenditure")}
    info = {}
    for side, its in sides.items():
        lines, by_idx = _side_entries(its)
        cur = grand = None
        names = [_name(r["item_name"]) for r in lines]
        for idx, nm in enumerate(names):
            if cur is None and ("本年" in nm or "当年" in nm) and ("合计" in nm or "小计" in nm):
                cur = idx  # 本年收入合计 / 本年支出合计 (Jiangsu: 当年收入小计)
            elif "总计" in nm:
                grand = idx
        if grand is None and cur is not None:
            # Jiangsu: 当年收入小计 … 收入合计 (no 总计 row)
            grand = next((i for i in range(cur + 1, len(lines)) if "合计" in names[i]), None)
        info[side] = (lines, by_idx, cur, grand, _measures(its))

    def item(side, idx, m):
        if idx is None:
            return None
        return info[side][1][idx].get(m)

    def index_of(side, line):
        return next(n for n, r in enumerate(info[side][0]) if r is line)

    def main_measure(side):
        ms = [m for m in info[side][4] if m not in COMPARISON_MEASURES]
        return "total" if "total" in ms else (ms[0] if ms else None)

    # 收入总计 = 支出总计
    if sides["income"] and sides["expenditure"]:
        gi, ge = info["income"][3], info["expenditure"][3]
        if gi is not None and ge is not None:
            r = identity("income_total_equals_expenditure_total",
                         item("income", gi, main_measure("income")),
                         [item("expenditure", ge, main_measure("expenditure"))],
                         anchor=info["income"][0][gi])
            if r:
                results.append(r)
    for side in ("income", "expenditure"):
        lines, by_idx, cur, grand, measures = info[side]
        if not lines:
            continue
        if cur is not None:
            parts = _side_lines(lines, cur)
            name = "income_current_total_equals_sum_of_lines"
            if side == "expenditure":
                name = "expenditure_current_total_equals_sum_of_classes"
                # the 类 lines, also those under a heading line (Xi'an: 一、部门预算, then
                # 1、一般公共服务支出 …, the other listings beside them)
                classes = [r for r in lines[:cur] if r["subject_code"] and len(r["subject_code"]) == 3
                           and not r["is_total"]]
                class_cols = {r["col_number"] for r in classes}
                others = [r for r in parts if not r["subject_code"] and r["col_number"] not in class_cols]
                for _, listing in sorted(_group(others, "col_number").items(),
                                         key=lambda kv: (kv[0][0] is None, kv[0][0] or 0)):
                    if not classes:
                        break
                    # a second listing beside the 类 (Jiangsu: 基本支出, 项目支出, 单位预留机动经费;
                    # Xi'an: 部门 and 政府 economic classes), each summed on its own
                    for m in measures:
                        r = identity("expenditure_current_total_equals_sum_of_lines",
                                     item(side, cur, m),
                                     [item(side, index_of(side, ln), m) for ln in listing],
                                     anchor=_with_measure(lines[cur], m))
                        if r:
                            results.append(r)
                parts = classes or parts
            for m in measures:
                r = identity(name, item(side, cur, m),
                             [item(side, index_of(side, ln), m) for ln in parts],
                             anchor=_with_measure(lines[cur], m))
                if r:
                    results.append(r)
        if cur is not None and grand is not None and grand > cur:
            between = _between(lines, cur, grand)
            name = ("income_grand_total_equals_current_plus_carry_over" if side == "income"
                    else "expenditure_grand_total_equals_current_plus_carry_forward")
            for m in measures:
                addends = [item(side, cur, m)] + [item(side, index_of(side, b), m)
                                                  for b in between]
                r = identity(name, item(side, grand, m), addends,
                             anchor=_with_measure(lines[grand], m))
                if r:
                    results.append(r)
    return results


def check_three_public(items: Sequence[dict]) -> list[CheckResult]:
    """三公: lines are told apart by name, not by printed row — a table whose items are columns
    (seed 002's 公开09表) yields every item on one printed row. A table printed unit by unit
    (Shenzhen) is checked unit by unit."""
    rows = _group(items, "row_number")
    if len(rows) > 1 and all(len({_name(i["item_name"]) for i in its}) >= 3 for its in rows.values()):
        # items printed as columns, one printed row per unit (or per 预算数/决算数): row by row
        # (Xi'an's department line 116 and its 局机关 116001 both read 西安市财政局)
        return [r for part in rows.values() for r in _three_public_one(part)]
    if len({i["unit_name"] for i in items}) > 1:
        return [r for part in _unit_blocks(items) for r in _three_public_one(part)]
    return _three_public_one(items)


def _three_public_one(items: Sequence[dict]) -> list[CheckResult]:
    results: list[CheckResult] = []
    entries: dict = {}  # normalised item name -> {measure: item}
    for it in sorted(items, key=lambda i: (i["row_number"] or 0, i["col_number"] or 0)):
        entries.setdefault(_name(it["item_name"]), {}).setdefault(it["measure"], it)
    total = vehicle = purchase = operation = None
    parts: list[str] = []
    for nm, by_m in entries.items():
        is_total = any(i["is_total"] for i in by_m.values())
        if "合计" in nm or "总计" in nm or re.sub(r"[“”\"]", "", nm) == "三公经费":
            total = total or nm  # Guangdong prints the total as a line “三公”经费 under 行政经费
        elif "公务用车购置及运行" in nm or (nm == "小计" and vehicle is None and total is not None):
            # 小计 after the 合计 is the vehicles' subtotal; a 小计 first is the table's total
            vehicle = nm
            parts.append(nm)
        elif ("购置费" in nm or nm.endswith("购置")) and "运行" not in nm:
            purchase = nm
        elif "运行维护费" in nm or "运行费" in nm:
            operation = nm
        elif any(k in nm for k in ("因公出国", "公务接待", "会议费", "培训费")):
            parts.append(nm)
        elif is_total and total is None:
            total = nm
    measures = _measures(items)

    def item_of(nm, m):
        return None if nm is None else entries[nm].get(m)

    def anchor(nm, m):
        return _with_measure(next(iter(entries[nm].values())), m)

    for m in measures:
        if total is not None and (parts or purchase or operation):
            addends = [item_of(p, m) for p in parts]
            if vehicle is None:
                addends += [item_of(purchase, m), item_of(operation, m)]
            r = identity("three_public_total_equals_sum_of_items", item_of(total, m), addends,
                         anchor=anchor(total, m))
            if r:
                results.append(r)
        if vehicle is not None and (purchase is not None or operation is not None):
            r = identity("three_public_vehicle_equals_purchase_plus_operation",
                         item_of(vehicle, m), [item_of(purchase, m), item_of(operation, m)],
                         anchor=anchor(vehicle, m))
            if r:
                results.append(r)
    return results


def _block_checks(items: Sequence[dict], is_head, unit_name: str, total_name: str,
                  nested: bool = False) -> list[CheckResult]:
    """Tables of heads (totals/subtotals) each followed by their lines, in printed order.
    ``nested``: a block's lines may be levels of their own (``_top_lines``)."""
    results: list[CheckResult] = []
    rows = _rows(items)
    by_row = _group(items, "row_number")
    heads = [i for i, r in enumerate(rows) if is_head(r)]
    if not heads:
        return results
    blocks = {}
    for n, h in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(rows)
        blocks[h] = [rows[i] for i in range(h + 1, end)]
    # a head with no lines under it is the grand total (printed first or last)
    grand = [h for h in heads if not blocks[h]]
    units = [h for h in heads if blocks[h]]
    if len(heads) == 1 and heads[0] == len(rows) - 1 and heads[0] > 0:
        # only a bottom total: it sums every line above it
        grand, units = heads, []
        blocks[heads[0]] = rows[:heads[0]]
    measures = _measures(items)

    def item_of(row, m):
        return _by_measure(by_row[(row["row_number"],)]).get(m)

    if nested and measures:
        main = "total" if "total" in measures else measures[0]
        for h in units:
            blocks[h] = _top_lines(item_of(rows[h], main), blocks[h],
                                   [item_of(x, main) for x in blocks[h]])
    for h in units:
        for m in measures:
            r = identity(unit_name, item_of(rows[h], m), [item_of(x, m) for x in blocks[h]],
                         anchor=_with_measure(rows[h], m))
            if r:
                results.append(r)
    for g in grand:
        addend_rows = [rows[h] for h in units] if units else blocks[g]
        if not addend_rows:
            continue
        for m in measures:
            r = identity(total_name, item_of(rows[g], m), [item_of(x, m) for x in addend_rows],
                         anchor=_with_measure(rows[g], m))
            if r:
                results.append(r)
    return results


def check_units_total(items: Sequence[dict]) -> list[CheckResult]:
    """A table printed unit by unit (a unit's line, then its lines; Shenzhen, Guangzhou, Zhuhai):
    the 合计 (or department) line printed just above the first unit = Σ the units' lines."""
    def is_head(r):
        return bool(r["is_total"] and r["unit_name"] and _name(r["item_name"]) == _name(r["unit_name"]))
    rows = _rows(items)
    if len(rows) < 3 or not rows[0]["is_total"] or not is_head(rows[1]):
        return []
    units = [r for r in rows[1:] if is_head(r)]
    if len(units) < 2:
        return []
    by_row = _group(items, "row_number")
    results: list[CheckResult] = []
    for m in _measures(items):
        r = identity("table_total_equals_sum_of_units",
                     _by_measure(by_row[(rows[0]["row_number"],)]).get(m),
                     [_by_measure(by_row[(u["row_number"],)]).get(m) for u in units],
                     anchor=_with_measure(rows[0], m))
        if r:
            results.append(r)
    return results


def _top_lines(head: Optional[dict], lines: list[dict], items: list[Optional[dict]]) -> list[dict]:
    """The top level of a unit's lines printed in levels without a mark (Xi'an's 项目支出表: 通用项目
    / 专用项目, under each its 一级项目, under each its 二级项目, one column of figures): the
    lines whose figure is the sum of the lines under them down to the next line of their level.
    The lines as printed where they sum flat or no such reading adds up."""
    if head is None or len(lines) < 2:
        return lines
    values = [i["amount"] if i is not None else ZERO for i in items]
    tol = number_tolerance(head) * (len(lines) + 1)
    if abs(head["amount"] - sum(values, ZERO)) <= tol:
        return lines
    memo: dict = {}
    budget = [20000]

    def roots(i: int, end: int, target: Decimal) -> Optional[list[int]]:
        """Lines i..end-1 as trees whose roots sum to target: the roots, or None."""
        key = (i, end, target)
        if key in memo:
            return memo[key]
        budget[0] -= 1
        if budget[0] < 0:
            return None
        found = None
        if i == end:
            found = [] if abs(target) <= tol else None
        elif target - values[i] >= -tol:
            for j in range(i + 1, end + 1):  # line i heads lines i+1 … j-1
                if j > i + 1 and roots(i + 1, j, values[i]) is None:
                    continue
                rest = roots(j, end, target - values[i])
                if rest is not None:
                    found = [i] + rest
                    break
        memo[key] = found
        return found

    top = roots(0, len(lines), head["amount"])
    return [lines[k] for k in top] if top else lines


def check_project_table(items: Sequence[dict]) -> list[CheckResult]:
    def is_head(r):
        return r["is_total"] or (r["unit_name"] and _name(r["item_name"]) == _name(r["unit_name"]))
    return _block_checks(items, is_head, "project_unit_subtotal_equals_sum_of_projects",
                         "project_total_equals_sum_of_units", nested=True)


def check_operating_cost(items: Sequence[dict]) -> list[CheckResult]:
    """机关运行经费 by unit (seed 001: 部门合计 then units) or by economic class (Jiangsu: 合计,
    商品和服务支出, its items): the latter gets the economic-table identities."""
    if any(i["economic_code"] or _name(i["item_name"]) in ECONOMIC_CLASS_NAMES for i in items):
        return check_economic(items)

    def is_head(r):
        return r["is_total"] or _is_sum_row(_name(r["item_name"]))
    res = _block_checks(items, is_head, "operating_cost_total_equals_sum_of_units",
                        "operating_cost_total_equals_sum_of_units")
    return res


def check_table(items: Sequence[dict]) -> list[CheckResult]:
    """Every within-table identity that applies to one printed table's line items."""
    if not items:
        return []
    kind = items[0]["table_kind"]
    results: list[CheckResult] = []
    two_sided = kind in TWO_SIDED_KINDS or any(i["side"] for i in items)
    if two_sided:
        results += check_two_sided(items)
        for side in ("income", "expenditure"):
            results += check_row_identities([i for i in items if i["side"] == side])
        return results
    if kind in ECONOMIC_KINDS:
        results += check_economic(items)
    elif kind == "three_public":
        results += check_three_public(items)
    elif kind in PROJECT_KINDS:
        results += check_project_table(items)
    elif kind == "operating_cost":
        results += check_operating_cost(items)
    elif kind not in FUNCTION_KINDS_EXCLUDED:
        results += check_function_hierarchy(items)
    if kind not in PROJECT_KINDS and kind not in ("operating_cost", "three_public"):
        results += check_units_total(items)
    results += check_row_identities(items)
    return results


# ----------------------------------------------------------------------------- across tables

def _first_total(items: Sequence[dict], measure: str) -> Optional[dict]:
    tot = [i for i in items if i["is_total"] and not i["subject_code"] and i["measure"] == measure
           and not i["side"]]
    tot.sort(key=lambda i: i["row_number"] or 0)
    return tot[0] if tot else None


def check_across_tables(items: Sequence[dict], doc_type: Optional[str] = None
                        ) -> list[CheckResult]:
    """Identities between tables of one document (severity warning: they depend on the scope a
    table declares, e.g. 不含上年结转). ``doc_type``: 收入 = 支出 between 收入总表 and 支出总表
    holds for budgets only (a final account's difference is the change in 结转结余)."""
    results: list[CheckResult] = []
    tables = _group(items, "table_id")
    by_kind: dict = {}
    for (tid,), its in sorted(tables.items(), key=lambda kv: str(kv[0][0])):
        by_kind.setdefault(its[0]["table_kind"], []).append(its)

    def one(kind):
        lst = by_kind.get(kind) or []
        return lst[0] if len(lst) == 1 else None  # ambiguous when a kind is printed twice

    summary, exp, inc = (one("income_expenditure_summary"), one("expenditure_summary"),
                         one("income_summary"))
    gbe, econ = one("general_budget_expenditure"), one("basic_expenditure_economic")
    if summary and exp:
        cur = [i for i in summary if i["side"] == "expenditure" and i["measure"] == "total"
               and "本年" in _name(i["item_name"]) and "合计" in _name(i["item_name"])]
        t = _first_total(exp, "total")
        if cur and t:
            r = identity("summary_expenditure_equals_expenditure_summary_total", cur[0], [t],
                         severity=WARNING)
            results.append(r)
    if exp and inc and doc_type != "final_account":
        t_exp, t_inc = _first_total(exp, "total"), _first_total(inc, "total")
        if t_exp and t_inc:
            r = identity("expenditure_summary_total_equals_income_summary_total", t_exp, [t_inc],
                         severity=WARNING)
            co = _first_total(inc, "carry_over")
            if r.status == FAIL and co is not None:
                r2 = identity("expenditure_summary_total_equals_income_summary_total", t_exp,
                              [t_inc, co], severity=WARNING)
                r = r2 if r2.status == PASS else r
            results.append(r)
    if gbe and econ:
        basic = _first_total(gbe, "basic")
        etot = [i for i in econ if i["measure"] == "total"
                and (i["is_total"] or _is_sum_row(_name(i["item_name"])))]
        etot.sort(key=lambda i: i["row_number"] or 0)
        overall = [i for i in etot if "人员经费" not in _name(i["item_name"])
                   and "公用经费" not in _name(i["item_name"])]
        if basic and (overall or etot):
            addends = overall[:1] if overall else etot
            r = identity("general_budget_basic_equals_economic_total", basic, addends,
                         severity=WARNING)
            results.append(r)
    fiscal = one("fiscal_summary")
    # 一般公共预算支出表 (不含上年结转) = 财政拨款收支总表 本年收入 一般公共预算
    if gbe and fiscal:
        t = _first_total(gbe, "total")
        line = _fiscal_current_general_budget(fiscal)
        if t is not None and line is not None:
            results.append(identity(
                "general_budget_expenditure_equals_fiscal_summary_general_budget", line, [t],
                severity=WARNING))
    # 项目支出表（本年） = 一般公共预算支出表 项目支出; （本年）+（上年结转） = 支出总表 项目支出
    proj, carry = one("project_expenditure"), one("project_expenditure_carry_over")
    proj_total = _project_grand_total(proj) if proj else None
    carry_total = _project_grand_total(carry) if carry else None
    if proj_total is not None and gbe and _all_general_budget(proj, proj_total, inc):
        gp = _first_total(gbe, "project")
        if gp is not None:
            results.append(identity("project_table_equals_general_budget_project", gp,
                                    [proj_total], severity=WARNING))
    if proj_total is not None and exp:
        ep = _first_total(exp, "project")
        if ep is not None:
            addends = [proj_total] + ([carry_total] if carry_total is not None else [])
            results.append(identity("project_tables_equal_expenditure_summary_project", ep,
                                    addends, severity=WARNING))
    # 机关运行经费 = 公用经费 of the administrative units
    op = _operating_cost_total(by_kind)
    pf = _public_funds_total(econ) if econ else None
    if op is not None and pf is not None:
        results.append(identity("operating_cost_equals_public_funds", op, [pf],
                                severity=WARNING))
    # 决算 balance
    if doc_type == "final_account" and summary:
        r = _final_account_balance(summary)
        if r is not None:
            results.append(r)
    return results


def _fiscal_current_general_budget(fiscal: Sequence[dict]) -> Optional[dict]:
    """财政拨款收支总表, income side: the 一般公共预算 line printed above 本年收入合计."""
    lines, by_idx = _side_entries([i for i in fiscal if i["side"] == "income"])
    for n, r in enumerate(lines):
        nm = _name(r["item_name"])
        if ("本年" in nm or "当年" in nm) and ("合计" in nm or "小计" in nm):
            return None
        if "一般公共预算" in nm and not r["is_total"]:
            by_m = by_idx[n]
            return by_m.get("total") or by_m.get("general_budget") or next(
                (v for k, v in by_m.items() if k not in COMPARISON_MEASURES), None)
    return None


def _project_grand_total(items: Sequence[dict]) -> Optional[dict]:
    """The department total of a 项目支出表: the first head (a total or unit line) with no
    projects printed under it, else the only head; a table without heads has none."""
    def is_head(r):
        return r["is_total"] or (r["unit_name"] and _name(r["item_name"]) == _name(r["unit_name"]))
    rows = _rows([i for i in items if i["measure"] == "total"])
    heads = [n for n, r in enumerate(rows) if is_head(r)]
    if not heads:
        return None
    for n, h in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(rows)
        if end == h + 1 and len(heads) > 1:
            return rows[h]
    if len(heads) == 1:
        return rows[heads[0]]
    return None


def _all_general_budget(proj: Sequence[dict], total: dict, inc: Optional[Sequence[dict]]) -> bool:
    """Every yuan of project money is general budget: the project table's total prints no other
    source, or (no source columns) the income table's total has none."""
    others = [s for s in SOURCE_PARTS if s not in ("general_budget", "fiscal_appropriation")]
    row = [i for i in proj if i["row_number"] == total["row_number"]]
    if any(i["measure"] in SOURCE_PARTS for i in row):
        return not any(i["measure"] in others and i["amount"] != 0 for i in row)
    if inc:
        t = [i for i in inc if i["is_total"] and not i["subject_code"]]
        return not any(i["measure"] in others and i["amount"] != 0 for i in t)
    return True


def _operating_cost_total(by_kind: dict) -> Optional[dict]:
    """机关运行经费: the operating_cost table's (部门)合计, or a 相关信息统计表 line naming it."""
    tables = by_kind.get("operating_cost") or []
    if len(tables) == 1:
        t = [i for i in tables[0] if i["measure"] == "total"
             and (i["is_total"] or _is_sum_row(_name(i["item_name"])))]
        t.sort(key=lambda i: i["row_number"] or 0)
        if t:
            return t[0]
        lines = [i for i in tables[0] if i["measure"] == "total"]
        return lines[0] if len(lines) == 1 else None
    stats = [i for its in by_kind.get("disclosure_statistics") or [] for i in its
             if "机关运行经费" in _name(i["item_name"]) and i["measure"] == "total"]
    return stats[0] if len(stats) == 1 else None


def _public_funds_total(econ: Sequence[dict]) -> Optional[dict]:
    """公用经费 of the basic-expenditure economic table: the 合计 row's public_funds column, or
    the 公用经费合计 row (four-block layout)."""
    t = _first_total(econ, "public_funds")
    if t is not None:
        return t
    rows = [i for i in econ if i["measure"] == "total" and "公用经费" in _name(i["item_name"])
            and (i["is_total"] or _is_sum_row(_name(i["item_name"])))]
    return rows[0] if len(rows) == 1 else None


def _final_account_balance(summary: Sequence[dict]) -> Optional[CheckResult]:
    """收入支出决算总表: 年初结转和结余 + 本年收入 + 使用非财政拨款结余 = 本年支出 + 结余分配 +
    年末结转和结余 (main amount column; blank lines count 0)."""
    found: dict = {}
    for side in ("income", "expenditure"):
        lines, by_idx = _side_entries([i for i in summary if i["side"] == side])
        for n, r in enumerate(lines):
            nm = _name(r["item_name"])
            it = by_idx[n].get("total") or next(
                (v for k, v in by_idx[n].items() if k not in COMPARISON_MEASURES), None)
            if it is None:
                continue
            if ("本年" in nm or "当年" in nm) and ("合计" in nm or "小计" in nm):
                found.setdefault((side, "current"), it)
            elif "非财政拨款结余" in nm:
                found.setdefault((side, "use_surplus"), it)
            elif "年初结转" in nm:
                found.setdefault((side, "opening"), it)
            elif "结余分配" in nm:
                found.setdefault((side, "distribution"), it)
            elif "年末结转" in nm:
                found.setdefault((side, "closing"), it)
    inc, exp = found.get(("income", "current")), found.get(("expenditure", "current"))
    if inc is None or exp is None:
        return None
    addends = [inc, found.get(("income", "use_surplus")), found.get(("income", "opening"))]
    extra = [x for x in (found.get(("expenditure", "distribution")),
                         found.get(("expenditure", "closing"))) if x is not None]
    return identity("final_account_balance", exp, addends, expected_extra=extra)


# ----------------------------------------------------------------------------- codes

# tables whose codes tag lines that are not classification lines (政府采购 items by economic code,
# projects, 三公 items, statistics): their codes need no parent and their names are their own
CODE_CHECK_EXCLUDED = ("procurement", "disclosure_statistics", "three_public") + PROJECT_KINDS


def _name_key(s: Optional[str]) -> str:
    nm = _name(s)
    nm = re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])", "", nm)
    return nm.strip("：:")


def check_codes(doc_items: Sequence[dict]) -> list[CheckResult]:
    """Completeness of codes (severity warning): a function code has 3, 5 or 7 digits and its
    parent (款 of a 项, 类 of a 款) is printed in the same table (and side/unit); an economic code
    has 3 or 5 digits and its 类 is printed; a code carries one name within the document. One
    passing row per table (and per document for names), one failing row per offending code."""
    results: list[CheckResult] = []
    doc_items = [i for i in doc_items if i["table_kind"] not in CODE_CHECK_EXCLUDED]
    by_table = _group(doc_items, "table_id")
    for (tid,), its in sorted(by_table.items(), key=lambda kv: str(kv[0][0])):
        kind = its[0]["table_kind"]
        for field, check, lengths in (("subject_code", "subject_code_valid", (3, 5, 7)),
                                      ("economic_code", "economic_code_valid", (3, 5))):
            coded = [i for i in its if i[field]]
            if not coded:
                continue
            present = {(i["side"], i["unit_name"], i[field]) for i in coded}
            failures = []
            seen = set()
            for i in sorted(coded, key=lambda i: (i["row_number"] or 0, i["col_number"] or 0)):
                code = i[field]
                key = (i["side"], i["unit_name"], code)
                if key in seen:
                    continue
                seen.add(key)
                if len(code) not in lengths:
                    failures.append((i, f"{code} has {len(code)} digits (expected "
                                        f"{'/'.join(map(str, lengths))})"))
                    continue
                parent = code[:len(code) - 2] if len(code) > 3 else None
                if parent and (i["side"], i["unit_name"], parent) not in present:
                    failures.append((i, f"{code}'s parent {parent} is not printed in the table"))
            ref = coded[0]
            if not failures:
                results.append(CheckResult(
                    document_id=ref["document_id"], check_name=check,
                    description=f"{DESCRIPTIONS[check]} ({len(seen)} codes)", severity=WARNING,
                    status=PASS, table_kind=kind, page_number=ref["page_number"], table_id=tid))
            for i, why in failures:
                results.append(CheckResult(
                    document_id=i["document_id"], check_name=check,
                    description=f"{DESCRIPTIONS[check]}: {why}", severity=WARNING, status=FAIL,
                    table_kind=kind, page_number=i["page_number"], subject_code=i[field],
                    item_name=i["item_name"], table_id=tid))
    # one name per code within the document (per classification)
    for field in ("subject_code", "economic_code"):
        names: dict = {}
        for i in sorted(doc_items, key=lambda i: (str(i["table_id"]), i["row_number"] or 0)):
            code = i[field]
            if not code or _is_sum_row(_name(i["item_name"])):
                continue
            key = _name_key(i["item_name"])
            if not key:
                continue
            names.setdefault(code, {}).setdefault(key, i)
        if not names:
            continue
        bad = {c: v for c, v in names.items() if len(v) > 1}
        ref = next(iter(next(iter(names.values())).values()))
        if not bad:
            results.append(CheckResult(
                document_id=ref["document_id"], check_name="one_name_per_code",
                description=f"{DESCRIPTIONS['one_name_per_code']} ({field}, {len(names)} codes)",
                severity=WARNING, status=PASS))
        for code, variants in bad.items():
            first, *others = list(variants.values())
            for o in others:
                results.append(CheckResult(
                    document_id=o["document_id"], check_name="one_name_per_code",
                    description=f"{field} {code} is {first['item_name']!r} on page "
                                f"{first['page_number']} ({first['table_kind']}) but "
                                f"{o['item_name']!r} here", severity=WARNING, status=FAIL,
                    table_kind=o["table_kind"], page_number=o["page_number"], subject_code=code,
                    item_name=o["item_name"], table_id=o["table_id"]))
    return results


# ----------------------------------------------------------------------------- completeness

def check_completeness(document_id: str, doc_type: Optional[str], tables: Sequence[dict],
                       table_ids_with_items: set) -> list[CheckResult]:
    """``tables``: rows of marts.fct_table for the document (dicts)."""
    results: list[CheckResult] = []
    kinds = {t.get("table_kind") for t in tables}
    for kind in REQUIRED_TABLES.get(doc_type or "", ()):
        results.append(CheckResult(
            document_id=document_id, check_name="required_table_present",
            description=f"a {doc_type} document publishes a {kind} table (present or declared "
                        "empty)",
            severity=WARNING, status=PASS if kind in kinds else FAIL, table_kind=kind,
        ))
    for t in tables:
        if t.get("is_empty") is True or _missing(t.get("table_kind")):
            continue
        if t.get("table_kind") in ("disclosure_statistics",):
            continue
        tid = t.get("table_id")
        page = t.get("page_from")
        results.append(CheckResult(
            document_id=document_id, check_name="nonempty_table_has_line_items",
            description=DESCRIPTIONS["nonempty_table_has_line_items"], severity=WARNING,
            status=PASS if tid in table_ids_with_items else FAIL,
            table_kind=t.get("table_kind"),
            page_number=None if _missing(page) else int(page),
            item_name=t.get("table_title"), table_id=tid,
        ))
    return results


# ----------------------------------------------------------------------------- entry points

def check_line_items(line_items: Union[pd.DataFrame, Sequence[dict]], *,
                     across_tables: bool = True, doc_types: Optional[dict] = None
                     ) -> list[CheckResult]:
    """Every identity instance over the given line items (any number of documents/tables).
    ``doc_types``: document_id -> doc_type, where known (some cross-table identities depend on
    it)."""
    items = normalise(line_items)
    doc_types = doc_types or {}
    results: list[CheckResult] = []
    for (doc,), doc_items in _group(items, "document_id").items():
        for _, t_items in sorted(_group(doc_items, "table_id").items(),
                                 key=lambda kv: str(kv[0][0])):
            results += check_table(t_items)
        if across_tables:
            results += check_across_tables(doc_items, doc_types.get(doc))
            results += check_codes(doc_items)
    return results


def results_frame(results: Sequence[CheckResult]) -> pd.DataFrame:
    cols = list(CheckResult.__dataclass_fields__)
    return pd.DataFrame([r.as_dict() for r in results], columns=cols)
