"""Which standard table a printed table is (DOMAIN.md's ``table_kind``), by meaning.

Titles vary by place and year ("2026年预算收支总表", "部门财务收支预算总表", "收入支出决算总表" are one
kind), so the title is reduced to its words (no year, no table number, no spaces) and matched by the
ideas it carries; the header texts help when the title is missing or generic.
Performance tables (绩效目标表, 绩效自评表) are not financial: ``None``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

KINDS = (
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
    "fiscal_expenditure", "fiscal_basic_expenditure_economic", "general_budget_expenditure",
    "basic_expenditure_economic", "general_budget_expenditure_economic", "government_fund",
    "state_capital", "three_public", "operating_cost", "project_expenditure",
    "project_expenditure_carry_over", "procurement", "government_purchase_service",
    "disclosure_statistics",
)

# kinds grouped by what their rows list: function subjects, economic classes, projects
FUNCTION_KINDS = {
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
    "fiscal_expenditure", "general_budget_expenditure", "government_fund", "state_capital",
}
ECONOMIC_KINDS = {"basic_expenditure_economic", "fiscal_basic_expenditure_economic",
                  "general_budget_expenditure_economic"}
PROJECT_KINDS = {"project_expenditure", "project_expenditure_carry_over"}

# What may stand before the words of a title: a year, a table number in any of the provinces'
# styles (预算01表, 公开05表, 表3-1, 附表2, （六）, 六、, 1.), a scope (市级部门, 部门综合预算, 预算单位) —
# none of it changes the kind.
_NUMERAL = r"(?:\d+|[一二三四五六七八九十]+(?!般))"  # never the 一 of 一般公共预算
_TABLE_NO = rf"(?:(?:预算|决算)?(?:公开)?附?表{_NUMERAL}(?:[-—－]\d+)?表?|(?:预算|决算)?(?:公开)?\d+(?:[-—－]\d+)?表)"
_PREFIX_RE = re.compile(
    rf"^(?:(?:19|20)\d{{2}}(?:年度|年)?|{_TABLE_NO}|[（(][一二三四五六七八九十\d]+[）)]"
    r"|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．](?!\d)|[:：、.．\s])+")
_NUMBER_SUFFIX_RE = re.compile(
    rf"(?:[（(](?:(?:预算|决算)?(?:公开)?附?表?[\d一二三四五六七八九十]+(?:[-—－]\d+)?表?)[）)]|{_TABLE_NO})$")


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"\s+", "", t)
    t = re.sub("[\u201c\u201d\u2018\u2019\"'「」『』]", "", t)
    t = _PREFIX_RE.sub("", t)
    t = _NUMBER_SUFFIX_RE.sub("", t)
    t = re.sub(r"(19|20)\d{2}(年度|年)?", "", t)  # a year anywhere ("XX局2026年…")
    t = re.sub(r"(预算)?公开\d*表?|公开表\d+", "", t)
    return t


def classify_table(title: str, header_texts: list[str], doc_type: Optional[str]) -> Optional[str]:
    if doc_type == "performance":
        # a stand-alone performance document (绩效评价报告, 绩效目标表) prints none of the disclosure's
        # tables: its money tables are the evaluated fund's (Changsha SASAC 2020 p7 项目支出情况表:
        # 预算批复 | 预算到位 | 实际执行 | 执行率 | 指标结余 of one special fund's components)
        return None
    t = _norm(title)
    h = _norm(" ".join(header_texts or []))
    kind = _by_title(t, doc_type)
    if kind is None and (not t or t in ("表", "续表")):
        kind = _by_header(h, doc_type)
    return kind


def non_financial_family(title: str) -> Optional[str]:
    """A recognised table that is no financial table: ``performance`` (绩效目标表, 绩效自评表 —
    read by extract.performance) or ``contents`` (目录). None for a financial or unknown title.
    Lets the run summary list only the titles nobody recognises."""
    t = _norm(title)
    if "绩效" in t:
        return "performance"
    if re.fullmatch(r"(报表|公开|附表|表格)?目录", t):
        return "contents"
    return None


def _by_title(t: str, doc_type: Optional[str]) -> Optional[str]:
    if not t:
        return None
    if "绩效" in t:  # 绩效目标表 / 绩效自评表: not financial tables
        return None
    if t.endswith("目录"):
        return None
    if "相关信息统计" in t or ("信息统计表" in t):
        return "disclosure_statistics"
    if "三公" in t:
        return "three_public"
    if "购买服务" in t and "政府采购" not in t:
        return "government_purchase_service"
    if "机关运行经费" in t:
        return "operating_cost"
    if "政府采购" in t:
        return "procurement"
    if re.search(r"(会议费|培训费)(明细|支出)", t):  # Xi'an's 会议费明细表: no kind of DOMAIN's list
        return None
    by_function = "功能" in t
    by_economic = "经济" in t and not by_function
    if "项目支出" in t or "专项业务经费" in t or "专项经费" in t:
        if by_economic or by_function:
            # 一般公共预算项目支出情况表（按经济分类科目）: project money by class, not a project list
            return None
        if "上年结转" in t or "以前年度结转" in t or "结转项目" in t:
            return "project_expenditure_carry_over"
        if "表" in t or "预算" in t or "决算" in t:
            return "project_expenditure"
    if "政府性基金" in t:
        return "government_fund"
    if "国有资本经营" in t:
        return "state_capital"
    if "基本支出" in t:
        if by_function:  # 一般公共预算基本支出明细表（按支出功能分类科目）: no kind of DOMAIN's list
            return None
        if "财政拨款" in t and "一般公共预算" not in t:
            return "fiscal_basic_expenditure_economic"
        return "basic_expenditure_economic"
    if by_economic and ("分类" in t or "科目" in t):
        if "一般公共预算" in t and "支出" in t:
            # basic and project spending together, by economic class
            return "general_budget_expenditure_economic"
        if "财政拨款" in t and "一般公共预算" not in t:
            return "fiscal_basic_expenditure_economic"
        return "basic_expenditure_economic"
    two_sided = (("收支" in t or "收入支出" in t) and ("总表" in t or "总体情况" in t)) \
        or "收支预算总表" in t or "收入支出决算" in t or "收支决算" in t or "收支预算表" in t
    if two_sided:
        if "财政拨款" in t:
            return "fiscal_summary"
        return "income_expenditure_summary"
    if "结转" in t and "财政拨款" in t and "支出" in t:
        return None  # 财政拨款上年结转资金支出表 (Xi'an): carry-over only, no kind of the list
    if "财政拨款" in t and "支出" in t and "一般公共预算" not in t:
        return "fiscal_expenditure"
    if "一般公共预算" in t and "支出" in t:
        return "general_budget_expenditure"
    if "收入" in t and ("总表" in t or "预算表" in t or "决算表" in t or "预算" in t
                       or "总体情况" in t or "情况表" in t):
        return "income_summary"
    if "支出" in t and ("总表" in t or "预算表" in t or "决算表" in t or "预算" in t
                       or "总体情况" in t):
        return "expenditure_summary"
    return None


def _by_header(h: str, doc_type: Optional[str]) -> Optional[str]:
    """Fallback for an untitled table: what its header says."""
    if not h:
        return None
    if "绩效" in h or "指标" in h:
        return None
    if "因公出国" in h and "公务接待" in h:
        return "three_public"
    if "人员经费" in h and "公用经费" in h:
        return "basic_expenditure_economic"
    if "收入" in h and "支出" in h and ("项目" in h or "金额" in h):
        return "income_expenditure_summary"
    return None
