"""Line items as the identities read them, and how one identity instance becomes a result.

``normalise`` turns rows of ``marts.fct_line_item`` (a DataFrame or dicts) into plain dicts with
exact ``Decimal`` amounts, int decimals and digit codes; ``identity`` builds the ``CheckResult`` of
one instance of ``total = Σ addends`` under DOMAIN.md's tolerance (``expectations.results``). The
constants name the measures, table kinds and classes the identities of ``table_identities``,
``summary_tables`` and ``document_identities`` speak of; ``DESCRIPTIONS`` their check names.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Iterable, Optional, Sequence, Union, overload

import pandas as pd

from expectations.results import CheckResult, ERROR, ZERO, judge, tolerance

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

# 类 of the economic classification, for tables that print the class names without codes
ECONOMIC_CLASS_NAMES = {
    "工资福利支出": "301", "商品和服务支出": "302", "对个人和家庭的补助": "303",
    "债务利息及费用支出": "307", "资本性支出（基本建设）": "309", "资本性支出": "310",
    "对企业补助（基本建设）": "311", "对企业补助": "312", "对社会保障基金补助": "313",
    "其他支出": "399",
    "机关工资福利支出": "501", "机关商品和服务支出": "502", "机关资本性支出（一）": "503",
    "机关资本性支出（二）": "504", "对事业单位经常性补助": "505", "对事业单位资本性补助": "506",
    "对企业资本性支出": "508", "对个人和家庭的补助支出": "509",
}
# 人员经费 is 工资福利 + 对个人和家庭的补助; 公用经费 the other classes (as an economic table
# headed 人员经费 | 公用经费 over its blocks of code, name and amount columns splits them)
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
    "required_table_present": "a table the doc_type must publish is present (or declared empty)",
    "nonempty_table_has_line_items": "a table not declared empty yields line items",
}


# ----------------------------------------------------------------------------- normalising input

LINE_ITEM_COLUMNS = ("document_id", "table_id", "table_kind", "table_title", "page_number",
                     "row_number", "side", "unit_name", "subject_code", "economic_code",
                     "item_name", "is_total", "measure", "amount_wan", "unit_as_printed",
                     "decimals", "amount_as_printed", "col_number")


def is_missing(v) -> bool:
    """None, pandas' NA/NaT or a float NaN: no value."""
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, Decimal) and v.is_nan():
        return True
    return False


def to_decimal(v) -> Optional[Decimal]:
    """An amount as Decimal, or None when missing."""
    if is_missing(v):
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, float):
        return Decimal(repr(v))
    return Decimal(str(v).replace(",", ""))


def _digits(v) -> Optional[str]:
    if is_missing(v):
        return None
    s = re.sub(r"\D", "", str(v))
    return s or None


def _text(v) -> Optional[str]:
    if is_missing(v):
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
        amount = to_decimal(r.get("amount_wan"))
        if amount is None or is_missing(r.get("measure")):
            continue  # an empty cell is no line item
        decimals = r.get("decimals")
        decimals = None if is_missing(decimals) else int(decimals)
        if decimals is None:
            decimals = _decimals_of(_text(r.get("amount_as_printed")))
        if decimals is None:
            decimals = DEFAULT_DECIMALS
        is_total = r.get("is_total")
        table_id = r.get("table_id")
        out.append({
            "document_id": _text(r.get("document_id")),
            "table_id": None if is_missing(table_id) else table_id,
            "table_kind": _text(r.get("table_kind")),
            "table_title": _text(r.get("table_title")),
            "page_number": None if is_missing(r.get("page_number")) else int(r["page_number"]),
            "row_number": None if is_missing(r.get("row_number")) else int(r["row_number"]),
            "side": _text(r.get("side")),
            "unit_name": _text(r.get("unit_name")),
            "subject_code": _digits(r.get("subject_code")),
            "economic_code": _digits(r.get("economic_code")),
            "item_name": _text(r.get("item_name")) or "",
            "is_total": bool(is_total) if not is_missing(is_total) else False,
            "measure": str(r["measure"]),
            "amount": amount,
            "unit_as_printed": _text(r.get("unit_as_printed")) or "万元",
            "decimals": decimals,
            "col_number": None if is_missing(r.get("col_number")) else int(r["col_number"]),
        })
    return out


def number_tolerance(item: dict) -> Decimal:
    """Half a unit of the last printed digit, in 万元 (``expectations.results.tolerance``)."""
    return tolerance(item)


def tolerance_for(numbers: Iterable[Optional[dict]]) -> Decimal:
    return tolerance(*numbers)


# ----------------------------------------------------------------------------- building results

def squeezed_name(s: Optional[str]) -> str:
    """A printed name without any whitespace (the PDF's spaces inside names are layout)."""
    return re.sub(r"\s+", "", s or "")


@overload
def identity(check_name: str, total: dict, addends: Sequence[Optional[dict]], *,
             anchor: Optional[dict] = None, severity: str = ERROR,
             description: Optional[str] = None, expected_extra: Sequence[dict] = ()
             ) -> CheckResult: ...


@overload
def identity(check_name: str, total: Optional[dict], addends: Sequence[Optional[dict]], *,
             anchor: Optional[dict] = None, severity: str = ERROR,
             description: Optional[str] = None, expected_extra: Sequence[dict] = ()
             ) -> Optional[CheckResult]: ...


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


def item_with_measure(anchor: Optional[dict], measure: str) -> Optional[dict]:
    """A copy of ``anchor`` with ``measure`` (None stays None)."""
    if anchor is None:
        return None
    a = dict(anchor)
    a["measure"] = measure
    return a


def grouped_by(items: Iterable[dict], *keys: str) -> dict:
    """Items grouped by the tuple of their ``keys`` values, in input order."""
    out: dict = {}
    for it in items:
        out.setdefault(tuple(it.get(k) for k in keys), []).append(it)
    return out


def printed_rows(items: Sequence[dict]) -> list[dict]:
    """One representative item per printed row, in printed order."""
    by_row: dict = {}
    for it in sorted(items, key=lambda i: (i["row_number"] is None, i["row_number"] or 0,
                                           i["col_number"] or 0)):
        by_row.setdefault(it["row_number"], it)
    return list(by_row.values())


def item_per_measure(items: Sequence[dict]) -> dict:
    """Measure → the first printed item of that measure."""
    out: dict = {}
    for it in items:
        out.setdefault(it["measure"], it)  # first printed wins
    return out


def measures_in_print_order(items: Sequence[dict]) -> list[str]:
    """The measures of a table's items, in the order of their columns."""
    seen: dict = {}
    for it in sorted(items, key=lambda i: i["col_number"] or 0):
        seen.setdefault(it["measure"], None)
    return list(seen)


def is_sum_row_name(nm: str) -> bool:
    """A row named as a sum (合计, 总计)."""
    return "合计" in nm or "总计" in nm


def first_total_item(items: Sequence[dict], measure: str) -> Optional[dict]:
    """The first printed total row (no code, no side) of ``measure``, or None."""
    tot = [i for i in items if i["is_total"] and not i["subject_code"] and i["measure"] == measure
           and not i["side"]]
    tot.sort(key=lambda i: i["row_number"] or 0)
    return tot[0] if tot else None


def line_name_key(s: Optional[str]) -> str:
    """A line's name for matching across tables: squeezed, enumeration (一、（一）1.) and a
    trailing colon removed."""
    nm = squeezed_name(s)
    nm = re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])", "", nm)
    return nm.strip("：:")
