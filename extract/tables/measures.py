"""Measures: what an amount column holds (total, basic, project, carry_over …), read from its
header words, most specific first."""

from __future__ import annotations

import re
from typing import Optional

from extract.tables.cell_text import without_year, normalised


MEASURES = (
    "total", "basic", "project", "personnel", "public_funds", "general_budget", "government_fund",
    "state_capital", "special_account", "unit_funds", "carry_over", "year_end_carry_over", "income",
    "fiscal_appropriation", "upper_grant", "business_income", "operating_income",
    "affiliated_income", "other_income", "remittance", "operating_expenditure",
    "subsidy_to_affiliates", "reserve", "budget", "final", "current_year", "prior_year", "change",
)

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


def measure_for_header(text: str) -> Optional[str]:
    t = without_year(normalised(text))
    if not t:
        return None
    for pattern, measure in _MEASURE_RULES:
        if re.search(pattern, t):
            return measure
    return None


def is_generic_amount_header(text: str) -> bool:
    """Whether an amount header names no measure of its own (金额, 预算数, 本年预算数 …)."""
    t = without_year(normalised(text))
    t = re.sub(r"^(本年|当年|全年|年初)", "", t) if t not in ("本年收入", "本年支出") else t
    return bool(_GENERIC_AMOUNT_RE.match(t))
