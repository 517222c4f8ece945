"""Reconciliation checks (expectations/) on real figures of seed 001.

Seed 001 = /work/shared/seeds/001_29bc11f50629710f.txt, 阳泉市司法局 2026年部门预算 (budget, 万元).
Pages are the report's own page numbers from its table of contents (表一 p.2, 表二 p.4, 表三 p.6,
表六 p.10, 表十 p.13, 表十一 p.14, 表十二 p.15).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from expectations import identities as ids
from expectations.runner import run_checks

DOC = "29bc11f50629710f" * 4
CHECKS_MD = Path(__file__).resolve().parents[1] / "expectations" / "CHECKS.md"
CODE_CHECKS = ("subject_code_valid", "economic_code_valid", "one_name_per_code")


def _amount(text: str, unit: str):
    if text in ("", None):
        return None
    value = Decimal(text.replace(",", ""))
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    factor = ids.UNIT_FACTORS_TO_WAN[unit]
    return value * factor, decimals


def make_items(table_id: int, kind: str, title: str, page: int, measures: list[str],
               rows: list[tuple], unit: str = "万元", doc: str = DOC) -> list[dict]:
    """rows: (subject_code | None, item_name, is_total, *amounts as printed ('' = blank))."""
    out = []
    for n, (code, name, is_total, *amounts) in enumerate(rows, start=1):
        for col, (measure, text) in enumerate(zip(measures, amounts, strict=False), start=3):
            parsed = _amount(text, unit)
            if parsed is None:
                continue
            out.append(dict(
                document_id=doc, table_id=table_id, table_kind=kind, table_title=title,
                page_number=page, row_number=n, side=None, unit_name="阳泉市司法局",
                subject_code=code, economic_code=None, item_name=name, is_total=is_total,
                measure=measure, amount_wan=parsed[0], unit_as_printed=unit,
                decimals=parsed[1], amount_as_printed=text, col_number=col))
    return out


# 表二 2026年预算收入总表 (p.4): 合计, 一般公共预算 (the other source columns and 上年结转 blank)
INCOME_SUMMARY_ROWS = [
    (None, "合计", True, "2963.41", "2963.41"),
    ("201", "一般公共服务支出", False, "3.39", "3.39"),
    ("20132", "组织事务", False, "3.39", "3.39"),
    ("2013299", "其他组织事务支出", False, "3.39", "3.39"),
    ("204", "公共安全支出", False, "2224.91", "2224.91"),
    ("20406", "司法", False, "952.21", "952.21"),
    ("2040601", "行政运行", False, "612.11", "612.11"),
    ("2040602", "一般行政管理事务", False, "320.70", "320.70"),
    ("2040604", "基层司法业务", False, "1.00", "1.00"),
    ("2040607", "公共法律服务", False, "8.40", "8.40"),
    ("2040608", "国家统一法律职业资格考试", False, "10.00", "10.00"),
    ("20408", "强制隔离戒毒", False, "1272.70", "1272.70"),
    ("2040801", "行政运行", False, "1187.71", "1187.71"),
    ("2040802", "一般行政管理事务", False, "81.14", "81.14"),
    ("2040899", "其他强制隔离戒毒支出", False, "3.85", "3.85"),
    ("208", "社会保障和就业支出", False, "458.02", "458.02"),
    ("20805", "行政事业单位养老支出", False, "458.02", "458.02"),
    ("2080501", "行政单位离退休", False, "170.02", "170.02"),
    ("2080505", "机关事业单位基本养老保险缴费支出", False, "192.00", "192.00"),
    ("2080506", "机关事业单位职业年金缴费支出", False, "96.00", "96.00"),
    ("210", "卫生健康支出", False, "90.31", "90.31"),
    ("21007", "计划生育事务", False, "0.54", "0.54"),
    ("2100799", "其他计划生育事务支出", False, "0.54", "0.54"),
    ("21011", "行政事业单位医疗", False, "89.77", "89.77"),
    ("2101101", "行政单位医疗", False, "89.77", "89.77"),
    ("221", "住房保障支出", False, "186.79", "186.79"),
    ("22102", "住房改革支出", False, "186.79", "186.79"),
    ("2210201", "住房公积金", False, "186.79", "186.79"),
]

# 表三 2026年预算支出总表 (p.6): 合计, 基本支出, 项目支出
EXPENDITURE_SUMMARY_ROWS = [
    (None, "合计", True, "2963.41", "2538.32", "425.09"),
    ("201", "一般公共服务支出", False, "3.39", "3.39", ""),
    ("20132", "组织事务", False, "3.39", "3.39", ""),
    ("2013299", "其他组织事务支出", False, "3.39", "3.39", ""),
    ("204", "公共安全支出", False, "2224.91", "1799.82", "425.09"),
    ("20406", "司法", False, "952.21", "612.11", "340.10"),
    ("2040601", "行政运行", False, "612.11", "612.11", ""),
    ("2040602", "一般行政管理事务", False, "320.70", "", "320.70"),
    ("2040604", "基层司法业务", False, "1.00", "", "1.00"),
    ("2040607", "公共法律服务", False, "8.40", "", "8.40"),
    ("2040608", "国家统一法律职业资格考试", False, "10.00", "", "10.00"),
    ("20408", "强制隔离戒毒", False, "1272.70", "1187.71", "84.99"),
    ("2040801", "行政运行", False, "1187.71", "1187.71", ""),
    ("2040802", "一般行政管理事务", False, "81.14", "", "81.14"),
    ("2040899", "其他强制隔离戒毒支出", False, "3.85", "", "3.85"),
    ("208", "社会保障和就业支出", False, "458.02", "458.02", ""),
    ("20805", "行政事业单位养老支出", False, "458.02", "458.02", ""),
    ("2080501", "行政单位离退休", False, "170.02", "170.02", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", False, "192.00", "192.00", ""),
    ("2080506", "机关事业单位职业年金缴费支出", False, "96.00", "96.00", ""),
    ("210", "卫生健康支出", False, "90.31", "90.31", ""),
    ("21007", "计划生育事务", False, "0.54", "0.54", ""),
    ("2100799", "其他计划生育事务支出", False, "0.54", "0.54", ""),
    ("21011", "行政事业单位医疗", False, "89.77", "89.77", ""),
    ("2101101", "行政单位医疗", False, "89.77", "89.77", ""),
    ("221", "住房保障支出", False, "186.79", "186.79", ""),
    ("22102", "住房改革支出", False, "186.79", "186.79", ""),
    ("2210201", "住房公积金", False, "186.79", "186.79", ""),
]

# 表六 一般公共预算安排基本支出分经济科目表 (p.10): names without codes; 合计/人员经费/公用经费
ECONOMIC_ROWS = [
    (None, "合计", True, "2538.32", "2194.96", "343.36"),
    (None, "工资福利支出", False, "2026.90", "2026.90", ""),
    (None, "基本工资", False, "596.21", "596.21", ""),
    (None, "津贴补贴", False, "650.85", "650.85", ""),
    (None, "奖金", False, "213.58", "213.58", ""),
    (None, "机关事业单位基本养老保险缴费", False, "192.00", "192.00", ""),
    (None, "职业年金缴费", False, "96.00", "96.00", ""),
    (None, "职工基本医疗保险缴费", False, "88.73", "88.73", ""),
    (None, "其他社会保障缴费", False, "2.76", "2.76", ""),
    (None, "住房公积金", False, "186.79", "186.79", ""),
    (None, "商品和服务支出", False, "343.36", "", "343.36"),
    (None, "办公费", False, "43.18", "", "43.18"),
    (None, "印刷费", False, "5.99", "", "5.99"),
    (None, "水费", False, "2.17", "", "2.17"),
    (None, "电费", False, "7.99", "", "7.99"),
    (None, "邮电费", False, "4.99", "", "4.99"),
    (None, "取暖费", False, "99.95", "", "99.95"),
    (None, "差旅费", False, "17.68", "", "17.68"),
    (None, "会议费", False, "0.90", "", "0.90"),
    (None, "工会经费", False, "18.88", "", "18.88"),
    (None, "公务用车运行维护费", False, "21.60", "", "21.60"),
    (None, "其他交通费用", False, "96.15", "", "96.15"),
    (None, "其他商品和服务支出", False, "23.88", "", "23.88"),
    (None, "对个人和家庭的补助", False, "168.06", "168.06", ""),
    (None, "退休费", False, "167.52", "167.52", ""),
    (None, "奖励金", False, "0.54", "0.54", ""),
]

# 表十 财政拨款安排“三公”经费支出预算表 (p.13): 合计, 一般公共预算 (other columns blank)
THREE_PUBLIC_ROWS = [
    (None, "因公出国（境）费", False, "", ""),
    (None, "公务接待费", False, "", ""),
    (None, "公务用车购置及运行费", False, "21.60", "21.60"),
    (None, "①公务用车购置费", False, "", ""),
    (None, "②公务用车运行维护费", False, "21.60", "21.60"),
    (None, "合计", True, "21.60", "21.60"),
]

# 表十二 项目支出预算表（本年预算） (p.15): 合计, 一般公共预算
PROJECT_ROWS = [
    (None, "阳泉市司法局", True, "425.09", "425.09"),
    (None, "阳泉市司法局", True, "331.70", "331.70"),
    (None, "提前下达2026年政法转移支付资金（省级）-司法局", False, "195.00", "195.00"),
    (None, "晋东公证处政府购买服务经费", False, "56.70", "56.70"),
    (None, "司法业务大楼运行维护费", False, "45.00", "45.00"),
    (None, "国家统一法律职业资格考试经费", False, "10.00", "10.00"),
    (None, "刑满释放人员安置帮教工作经费", False, "1.00", "1.00"),
    (None, "司法行政业务工作经费", False, "6.00", "6.00"),
    (None, "专业人员聘用补贴", False, "18.00", "18.00"),
    (None, "阳泉市强制隔离戒毒所", True, "84.99", "84.99"),
    (None, "专业人员聘用补贴", False, "23.50", "23.50"),
    (None, "强制隔离戒毒业务费", False, "3.85", "3.85"),
    (None, "戒毒场所水电运行费", False, "21.00", "21.00"),
    (None, "市关爱中心项目建设经费", False, "21.00", "21.00"),
    (None, "遗属补助", False, "1.00", "1.00"),
    (None, "援疆干部工作经费", False, "7.80", "7.80"),
    (None, "单位场所运行费", False, "6.84", "6.84"),
    (None, "阳泉市法律援助中心", True, "8.40", "8.40"),
    (None, "法律援助业务经费", False, "8.40", "8.40"),
]

# 表十一 机关运行经费预算表 (p.14)
OPERATING_COST_ROWS = [
    (None, "部门合计", True, "343.36", "343.36"),
    (None, "阳泉市司法局", False, "128.85", "128.85"),
    (None, "阳泉市强制隔离戒毒所", False, "203.90", "203.90"),
    (None, "阳泉市法律援助中心", False, "10.61", "10.61"),
]

CLASS_NAMES = {"201": "一般公共服务支出", "204": "公共安全支出", "208": "社会保障和就业支出",
               "210": "卫生健康支出", "221": "住房保障支出"}


def summary_items(doc: str = DOC) -> list[dict]:
    """表一 2026年预算收支总表 (p.2): two-sided; the 类 lines mapped to codes by name."""
    items = []

    def add(row, side, code, name, is_total, measure, text, col):
        parsed = _amount(text, "万元")
        items.append(dict(
            document_id=doc, table_id=1, table_kind="income_expenditure_summary",
            table_title="2026年预算收支总表", page_number=2, row_number=row, side=side,
            unit_name="阳泉市司法局", subject_code=code, economic_code=None, item_name=name,
            is_total=is_total, measure=measure, amount_wan=parsed[0], unit_as_printed="万元",
            decimals=parsed[1], amount_as_printed=text, col_number=col))

    add(1, "income", None, "一、一般公共预算", False, "total", "2963.41", 1)
    for row, code in ((1, "201"), (4, "204"), (8, "208"), (10, "210"), (20, "221")):
        amount = {"201": "3.39", "204": "2224.91", "208": "458.02", "210": "90.31",
                  "221": "186.79"}[code]
        add(row, "expenditure", code, CLASS_NAMES[code], False, "total", amount, 3)
        add(row, "expenditure", code, CLASS_NAMES[code], False, "current_year", amount, 4)
    add(31, "income", None, "本年收入合计", True, "total", "2963.41", 1)
    add(31, "expenditure", None, "本年支出合计", True, "total", "2963.41", 3)
    add(31, "expenditure", None, "本年支出合计", True, "current_year", "2963.41", 4)
    add(33, "income", None, "收入总计", True, "total", "2963.41", 1)
    add(33, "expenditure", None, "支出总计", True, "total", "2963.41", 3)
    add(33, "expenditure", None, "支出总计", True, "current_year", "2963.41", 4)
    return items


def seed_001_items(doc: str = DOC) -> list[dict]:
    return (summary_items(doc)
            + make_items(2, "income_summary", "2026年预算收入总表", 4,
                         ["total", "general_budget"], INCOME_SUMMARY_ROWS, doc=doc)
            + make_items(3, "expenditure_summary", "2026年预算支出总表", 6,
                         ["total", "basic", "project"], EXPENDITURE_SUMMARY_ROWS, doc=doc)
            + make_items(5, "general_budget_expenditure",
                         "2026年一般公共预算支出预算表（不含上年结转）", 9,
                         ["total", "basic", "project"], EXPENDITURE_SUMMARY_ROWS, doc=doc)
            + make_items(6, "basic_expenditure_economic",
                         "2026年一般公共预算安排基本支出分经济科目表（不含上年结转）", 10,
                         ["total", "personnel", "public_funds"], ECONOMIC_ROWS, doc=doc)
            + make_items(10, "three_public", "2026年财政拨款安排“三公”经费支出预算表", 13,
                         ["total", "general_budget"], THREE_PUBLIC_ROWS, doc=doc)
            + make_items(11, "operating_cost", "2026年财政拨款安排机关运行经费预算表", 14,
                         ["total", "general_budget"], OPERATING_COST_ROWS, doc=doc)
            + make_items(12, "project_expenditure", "2026年项目支出预算表（本年预算）", 15,
                         ["total", "general_budget"], PROJECT_ROWS, doc=doc))


def by_name(results, name):
    return [r for r in results if r.check_name == name]


# ----------------------------------------------------------------------------- pure identities

def test_seed_001_reconciles():
    results = ids.check_line_items(seed_001_items())
    failed = [r for r in results if r.status != ids.PASS]
    assert not failed, failed
    names = {r.check_name for r in results}
    for expected in ("table_total_equals_sum_of_classes", "class_equals_sum_of_sections",
                     "section_equals_sum_of_items", "row_total_equals_basic_plus_project",
                     "row_total_equals_sum_of_sources", "row_total_equals_personnel_plus_public_funds",
                     "row_total_equals_current_year_plus_carry_over",
                     "economic_total_equals_sum_of_classes", "economic_class_equals_sum_of_items",
                     "income_total_equals_expenditure_total",
                     "income_current_total_equals_sum_of_lines",
                     "expenditure_current_total_equals_sum_of_classes",
                     "income_grand_total_equals_current_plus_carry_over",
                     "expenditure_grand_total_equals_current_plus_carry_forward",
                     "three_public_total_equals_sum_of_items",
                     "three_public_vehicle_equals_purchase_plus_operation",
                     "project_unit_subtotal_equals_sum_of_projects",
                     "project_total_equals_sum_of_units",
                     "operating_cost_total_equals_sum_of_units",
                     "summary_expenditure_equals_expenditure_summary_total",
                     "expenditure_summary_total_equals_income_summary_total",
                     "general_budget_basic_equals_economic_total"):
        assert expected in names, expected
    # 表二: 合计 2963.41 vs 3.39 + 2224.91 + 458.02 + 90.31 + 186.79 = 2963.42 (a printed
    # rounding difference, within 6 × 0.005), for both amount columns
    tot = [r for r in by_name(results, "table_total_equals_sum_of_classes") if r.table_id == 2]
    assert len(tot) == 2
    assert all(r.expected == Decimal("2963.41") and r.actual == Decimal("2963.42") for r in tot)
    assert all(r.difference == Decimal("0.01") for r in tot)
    assert all(r.tolerance == Decimal("0.030") for r in tot)  # 5 addends + 1 total
    assert all(r.page_number == 4 and r.document_id == DOC for r in tot)
    # 表十二: three unit subtotals and the department total
    units = by_name(results, "project_unit_subtotal_equals_sum_of_projects")
    assert sorted(r.expected for r in units if r.measure == "total") == [
        Decimal("8.40"), Decimal("84.99"), Decimal("331.70")]
    dept = [r for r in by_name(results, "project_total_equals_sum_of_units")
            if r.measure == "total"]
    assert [(r.expected, r.actual) for r in dept] == [(Decimal("425.09"), Decimal("425.09"))]


def test_input_may_be_a_dataframe():
    frame = pd.DataFrame(make_items(2, "income_summary", "2026年预算收入总表", 4,
                                    ["total", "general_budget"], INCOME_SUMMARY_ROWS))
    frame["amount_wan"] = frame["amount_wan"].astype(float)  # floats are read exactly too
    results = ids.check_line_items(frame)
    assert results and all(r.status == ids.PASS for r in results)


def test_wage_class_rounding_holds():
    """表六: 工资福利支出 2026.90 vs its eight items summing to 2026.92 — within 9 × 0.005."""
    results = ids.check_line_items(seed_001_items())
    wage = [r for r in by_name(results, "economic_class_equals_sum_of_items")
            if r.item_name == "工资福利支出"]
    assert {r.measure for r in wage} == {"total", "personnel"}
    for r in wage:
        assert r.status == ids.PASS
        assert r.expected == Decimal("2026.90") and r.actual == Decimal("2026.92")
        assert r.difference == Decimal("0.02") and r.tolerance == Decimal("0.045")
        assert r.subject_code == "301" and r.page_number == 10


def test_doctored_amount_fails_exactly_its_identities():
    """表二's 204 公共安全支出 合计 2224.91 → 2224.81: fails 合计=Σ类, 204=Σ款 and its row
    (合计 = 一般公共预算); the cross-table and every other identity still hold."""
    items = seed_001_items()
    for it in items:
        if it["table_id"] == 2 and it["subject_code"] == "204" and it["measure"] == "total":
            it["amount_wan"], it["amount_as_printed"] = Decimal("2224.81"), "2224.81"
    results = ids.check_line_items(items)
    failed = sorted((r.check_name, r.subject_code, r.measure)
                    for r in results if r.status == ids.FAIL)
    assert failed == [
        ("class_equals_sum_of_sections", "204", "total"),
        ("row_total_equals_sum_of_sources", "204", "total"),
        ("table_total_equals_sum_of_classes", None, "total"),
    ]
    for r in results:
        if r.status == ids.FAIL:
            assert r.table_id == 2 and r.page_number == 4 and r.severity == ids.ERROR
            assert r.expected is not None and r.actual is not None
            assert r.difference is not None and r.tolerance > 0
    cls = next(r for r in results if r.status == ids.FAIL
               and r.check_name == "class_equals_sum_of_sections")
    assert (cls.expected, cls.actual, cls.difference, cls.tolerance) == (
        Decimal("2224.81"), Decimal("2224.91"), Decimal("0.10"), Decimal("0.015"))
    tot = next(r for r in results if r.status == ids.FAIL
               and r.check_name == "table_total_equals_sum_of_classes")
    assert (tot.expected, tot.actual, tot.difference, tot.tolerance) == (
        Decimal("2963.41"), Decimal("2963.32"), Decimal("-0.09"), Decimal("0.030"))


def test_two_item_total_off_by_two_cents_fails():
    rows = [(None, "合计", True, "100.02"), ("201", "一般公共服务支出", False, "60.00"),
            ("204", "公共安全支出", False, "40.00")]
    (r,) = by_name(ids.check_line_items(
        make_items(1, "expenditure_summary", "支出总表", 3, ["total"], rows)),
        "table_total_equals_sum_of_classes")
    assert r.status == ids.FAIL
    assert r.difference == Decimal("-0.02") and r.tolerance == Decimal("0.015")
    # off by 0.01 holds
    rows[0] = (None, "合计", True, "100.01")
    (r,) = by_name(ids.check_line_items(
        make_items(1, "expenditure_summary", "支出总表", 3, ["total"], rows)),
        "table_total_equals_sum_of_classes")
    assert r.status == ids.PASS


def test_blank_addend_counts_zero_and_adds_no_tolerance():
    # 表三 row 2040602: 合计 320.70, 基本支出 blank, 项目支出 320.70 → tolerance of two numbers
    results = ids.check_line_items(make_items(3, "expenditure_summary", "2026年预算支出总表", 6,
                                              ["total", "basic", "project"],
                                              EXPENDITURE_SUMMARY_ROWS))
    (r,) = [r for r in by_name(results, "row_total_equals_basic_plus_project")
            if r.subject_code == "2040602"]
    assert r.status == ids.PASS and r.tolerance == Decimal("0.010")


def test_yuan_tolerance_converted_to_wan():
    """A table printed in 元 (Shanghai's budgets): half a 分 per number = 0.00005 元… in 万元."""
    rows = [(None, "合计", True, "1,234,567.89"), ("201", "一般公共服务支出", False, "1,000,000.00"),
            ("204", "公共安全支出", False, "234,567.90")]
    items = make_items(1, "expenditure_summary", "支出总表", 3, ["total"], rows, unit="元")
    assert items[0]["amount_wan"] == Decimal("123.4567890000")
    (r,) = by_name(ids.check_line_items(items), "table_total_equals_sum_of_classes")
    # off by 0.01 元 against a tolerance of 3 × 0.005 元 = 0.015 元 = 0.0000015 万元
    assert r.status == ids.PASS
    assert r.tolerance == Decimal("0.0000015")
    assert r.difference == Decimal("0.000001")
    rows[2] = ("204", "公共安全支出", False, "234,567.91")  # off by 0.02 元
    (r,) = by_name(ids.check_line_items(
        make_items(1, "expenditure_summary", "支出总表", 3, ["total"], rows, unit="元")),
        "table_total_equals_sum_of_classes")
    assert r.status == ids.FAIL and r.difference == Decimal("0.000002")
    # integer 元 amounts: half a 元 each
    rows = [(None, "合计", True, "1001"), ("201", "一般公共服务支出", False, "1000"),
            ("204", "公共安全支出", False, "2")]
    (r,) = by_name(ids.check_line_items(
        make_items(1, "expenditure_summary", "支出总表", 3, ["total"], rows, unit="元")),
        "table_total_equals_sum_of_classes")
    assert r.status == ids.PASS and r.tolerance == Decimal("0.00015")


def test_three_public_doctored():
    items = make_items(10, "three_public", "“三公”经费支出预算表", 13, ["total", "general_budget"],
                       [(None, "因公出国（境）费", False, "", ""), (None, "公务接待费", False, "1.00", "1.00"),
                        (None, "公务用车购置及运行费", False, "21.60", "21.60"),
                        (None, "①公务用车购置费", False, "", ""),
                        (None, "②公务用车运行维护费", False, "21.50", "21.50"),
                        (None, "合计", True, "22.60", "22.60")])
    results = ids.check_line_items(items)
    failed = {(r.check_name, r.measure) for r in results if r.status == ids.FAIL}
    assert failed == {("three_public_vehicle_equals_purchase_plus_operation", "total"),
                      ("three_public_vehicle_equals_purchase_plus_operation", "general_budget")}
    assert {r.check_name for r in results if r.status == ids.PASS} >= {
        "three_public_total_equals_sum_of_items"}


def test_checks_md_documents_every_check_name():
    text = CHECKS_MD.read_text(encoding="utf-8")
    for name in ids.DESCRIPTIONS:
        assert f"`{name}`" in text, name


# ----------------------------------------------------------------------------- runner + GE

MARTS_DDL = """
CREATE SCHEMA IF NOT EXISTS marts;
CREATE TABLE marts.dim_document (document_id VARCHAR, source_uri VARCHAR, doc_type VARCHAR,
    status VARCHAR, is_current BOOLEAN, unit_name VARCHAR, fiscal_year INTEGER);
CREATE TABLE marts.fct_table (document_id VARCHAR, table_id INTEGER, table_kind VARCHAR,
    table_title VARCHAR, page_from INTEGER, page_to INTEGER, unit_as_printed VARCHAR,
    is_empty BOOLEAN, row_count INTEGER);
CREATE TABLE marts.fct_line_item (document_id VARCHAR, table_id INTEGER, table_kind VARCHAR,
    table_title VARCHAR, page_number INTEGER, row_number INTEGER, side VARCHAR,
    unit_name VARCHAR, subject_code VARCHAR, economic_code VARCHAR, item_name VARCHAR,
    is_total BOOLEAN, measure VARCHAR, amount_wan DECIMAL(20, 6), unit_as_printed VARCHAR,
    decimals INTEGER, amount_as_printed VARCHAR, col_number INTEGER);
"""

LI_COLS = ["document_id", "table_id", "table_kind", "table_title", "page_number", "row_number",
           "side", "unit_name", "subject_code", "economic_code", "item_name", "is_total",
           "measure", "amount_wan", "unit_as_printed", "decimals", "amount_as_printed",
           "col_number"]


def build_warehouse(path: Path, doctor: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute(MARTS_DDL)
    other = "0" * 64
    items = seed_001_items() + seed_001_items(doc=other)
    if doctor:
        for it in items:
            if (it["document_id"] == other and it["table_id"] == 2
                    and it["subject_code"] == "204" and it["measure"] == "total"):
                it["amount_wan"], it["amount_as_printed"] = Decimal("2224.81"), "2224.81"
    frame = pd.DataFrame([[it[c] for c in LI_COLS] for it in items], columns=LI_COLS)
    frame["amount_wan"] = frame["amount_wan"].map(lambda v: format(v, "f"))
    con.register("li_frame", frame)
    con.execute("INSERT INTO marts.fct_line_item SELECT * REPLACE "
                "(CAST(amount_wan AS DECIMAL(20, 6)) AS amount_wan) FROM li_frame")
    con.unregister("li_frame")
    con.executemany("INSERT INTO marts.dim_document VALUES (?, ?, 'budget', 'landed', true, "
                    "'阳泉市司法局', 2026)", [[DOC, "seeds/001.txt"], [other, "other.txt"]])
    tables = [(1, "income_expenditure_summary", 2), (2, "income_summary", 4),
              (3, "expenditure_summary", 6), (4, "fiscal_summary", 7),
              (5, "general_budget_expenditure", 9), (6, "basic_expenditure_economic", 10),
              (7, "government_fund", 11), (10, "three_public", 13), (11, "operating_cost", 14),
              (12, "project_expenditure", 15)]
    for doc in (DOC, other):
        for tid, kind, page in tables:
            if doc == other and kind == "three_public":
                continue  # the other document misses its 三公 table
            con.execute("INSERT INTO marts.fct_table VALUES (?, ?, ?, ?, ?, ?, '万元', ?, 0)",
                        [doc, tid, kind, kind, page, page, kind in ("government_fund",
                                                                    "fiscal_summary")])
    return con


def test_run_checks_writes_results_and_latest_view(tmp_path):
    con = build_warehouse(tmp_path / "wh.duckdb", doctor=True)
    first = run_checks(con, "run-1", gx_dir=tmp_path / "gx")
    assert first["checks"] > 0 and first["failed"] > 0 and first["not_applicable"] > 0
    assert first["checks"] == first["passed"] + first["failed"] + first["not_applicable"]
    assert Path(first["data_docs"]).name == "index.html" and Path(first["data_docs"]).exists()
    assert first["validation_success"] is False  # the doctored document fails error checks
    stored = con.execute("SELECT count(*) FROM dq.check_results").fetchone()[0]
    assert stored == first["checks"]

    other = "0" * 64
    fails = con.execute(
        "SELECT check_name, severity, table_kind, page_number, subject_code, expected, actual, "
        "difference, tolerance, table_id FROM dq.check_results WHERE status = 'fail' "
        "ORDER BY check_name, subject_code").fetchall()
    # a required table that is absent is an error (issue 15)
    assert ("required_table_present", "error", "three_public", None, None, None, None, None,
            None, None) in fails
    assert con.execute(
        "SELECT measure, description FROM dq.check_results WHERE status = 'fail' "
        "AND check_name = 'class_equals_sum_of_sections'").fetchall() == [
        ("total", "类 = Σ its 款 (5-digit subject codes), per amount column [measure total]")]
    cls = [f for f in fails if f[0] == "class_equals_sum_of_sections"]
    assert cls == [("class_equals_sum_of_sections", "error", "income_summary", 4, "204",
                    Decimal("2224.810000"), Decimal("2224.910000"), Decimal("0.100000"),
                    Decimal("0.015000"), 2)]
    per_doc = dict(con.execute(
        "SELECT document_id, count(*) FILTER (WHERE status = 'fail' AND severity = 'error') "
        "FROM dq.check_results GROUP BY 1").fetchall())
    assert per_doc == {DOC: 0, other: 4}  # 3 broken identities + its missing 三公 table

    second = run_checks(con, "run-2", document_ids=[DOC], gx_dir=tmp_path / "gx")
    assert second["failed"] == 0 and second["validation_success"] is True
    latest = dict(con.execute(
        "SELECT document_id, string_agg(DISTINCT run_id, ',') FROM dq.latest_check_results "
        "GROUP BY 1").fetchall())
    assert latest == {DOC: "run-2", other: "run-1"}
    third = run_checks(con, "run-3", gx_dir=tmp_path / "gx")
    latest = con.execute("SELECT DISTINCT run_id FROM dq.latest_check_results").fetchall()
    assert latest == [("run-3",)]
    assert con.execute("SELECT count(*) FROM dq.latest_check_results").fetchone()[0] == \
        third["checks"]
    assert con.execute("SELECT count(DISTINCT run_id) FROM dq.check_results").fetchone()[0] == 3
    index = tmp_path / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert index.exists() or Path(third["data_docs"]).exists()


def test_run_checks_on_empty_marts(tmp_path):
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    con.execute(MARTS_DDL)
    summary = run_checks(con, "empty", gx_dir=tmp_path / "gx")
    assert summary["checks"] == 0
    assert con.execute("SELECT count(*) FROM dq.check_results").fetchone()[0] == 0


# ----------------------------------------------------------------------------- seeds 002 and 003

# seed 002 (阳城县司法局 2024年部门决算) 公开06表 一般公共预算财政拨款基本支出决算明细表: four blocks
# of (科目代码, 科目名称, 决算数) side by side; (printed row, block, code, name, amount)
SEED_002_ECONOMIC = [
    (1, 0, "301", "工资福利支出", "760.70"), (1, 1, "302", "商品和服务支出", "96.50"),
    (2, 0, "30101", "基本工资", "210.26"), (2, 1, "30201", "办公费", "11.44"),
    (3, 0, "30102", "津贴补贴", "182.10"), (3, 1, "30202", "印刷费", "0.67"),
    (3, 3, "31013", "公务用车购置", "2.68"), (4, 0, "30103", "奖金", "51.44"),
    (6, 0, "30107", "绩效工资", "34.64"), (7, 0, "30108", "机关事业单位基本养老保险缴费", "71.36"),
    (8, 0, "30109", "职业年金缴费", "58.52"), (8, 1, "30207", "邮电费", "1.04"),
    (9, 0, "30110", "职工基本医疗保险缴费", "34.43"), (10, 0, "30111", "公务员医疗补助缴费", "7.43"),
    (11, 0, "30112", "其他社会保障缴费", "6.36"), (11, 1, "30211", "差旅费", "4.46"),
    (12, 0, "30113", "住房公积金", "61.99"), (14, 0, "30199", "其他工资福利支出", "42.17"),
    (15, 0, "303", "对个人和家庭的补助", "1.42"), (15, 1, "30215", "会议费", "0.95"),
    (17, 1, "30217", "公务接待费", "0.32"), (19, 2, "310", "资本性支出", "11.91"),
    (20, 0, "30305", "生活补助", "1.12"), (20, 1, "30226", "劳务费", "6.20"),
    (20, 2, "31002", "办公设备购置", "9.24"), (22, 1, "30228", "工会经费", "12.75"),
    (23, 0, "30309", "奖励金", "0.30"), (23, 1, "30229", "福利费", "24.06"),
    (24, 1, "30231", "公务用车运行维护费", "5.96"), (25, 1, "30239", "其他交通费用", "27.35"),
    (26, 1, "30299", "其他商品和服务支出", "1.30"),
    (27, 0, None, "人员经费合计", "762.12"), (27, 1, None, "公用经费合计", "108.42"),
]


def seed_002_economic_items(doc="002" * 20):
    out = []
    for row, block, code, name, text in SEED_002_ECONOMIC:
        parsed = _amount(text, "万元")
        out.append(dict(document_id=doc, table_id=6, table_kind="basic_expenditure_economic",
                        table_title="一般公共预算财政拨款基本支出决算明细表", page_number=13,
                        row_number=row, side=None, unit_name="阳城县司法局",
                        subject_code=None, economic_code=code, item_name=name,
                        is_total=code is None, measure="total", amount_wan=parsed[0],
                        unit_as_printed="万元", decimals=2, amount_as_printed=text,
                        col_number=3 * block + 2))
    return out


def test_seed_002_four_block_economic_table():
    results = ids.check_line_items(seed_002_economic_items())
    assert results and all(r.status == ids.PASS for r in results), [
        r for r in results if r.status != ids.PASS]
    got = {(r.check_name, r.subject_code): (r.expected, r.actual) for r in results}
    assert got[("economic_class_equals_sum_of_items", "301")] == (Decimal("760.70"),
                                                                   Decimal("760.70"))
    # 310 资本性支出 11.91 vs 31002 9.24 + 31013 2.68 = 11.92: within 3 × 0.005
    assert got[("economic_class_equals_sum_of_items", "310")] == (Decimal("11.91"),
                                                                   Decimal("11.92"))
    assert got[("economic_personnel_total_equals_sum_of_classes", None)] == (
        Decimal("762.12"), Decimal("762.12"))
    # 公用经费合计 108.42 vs 302 96.50 + 310 11.91 = 108.41
    assert got[("economic_public_funds_total_equals_sum_of_classes", None)] == (
        Decimal("108.42"), Decimal("108.41"))


def test_seed_002_three_public_budget_and_final():
    """公开09表: 预算数 and 决算数 column groups read as rows × measures budget/final."""
    rows = [(None, "合计", True, "38.99", "38.99"), (None, "因公出国（境）费", False, "", ""),
            (None, "公务用车购置及运行维护费", False, "38.64", "38.64"),
            (None, "公务用车购置费", False, "32.68", "32.68"),
            (None, "公务用车运行维护费", False, "5.96", "5.96"),
            (None, "公务接待费", False, "0.36", "0.36")]
    results = ids.check_line_items(make_items(9, "three_public", "财政拨款“三公”经费支出决算表", 17,
                                              ["budget", "final"], rows))
    assert sorted((r.check_name, r.measure, r.status) for r in results) == [
        ("three_public_total_equals_sum_of_items", "budget", "pass"),
        ("three_public_total_equals_sum_of_items", "final", "pass"),
        ("three_public_vehicle_equals_purchase_plus_operation", "budget", "pass"),
        ("three_public_vehicle_equals_purchase_plus_operation", "final", "pass"),
    ]
    total = next(r for r in results if r.check_name == "three_public_total_equals_sum_of_items")
    assert (total.expected, total.actual, total.tolerance) == (
        Decimal("38.99"), Decimal("39.00"), Decimal("0.015"))


def test_seed_003_summary_with_carry_over():
    """seed 003 (长治市屯留区司法局 2024) 预算收支总表: 上年结转 121.90 closes 收入总计."""
    doc = "003" * 20
    items = []

    def add(row, side, code, name, is_total, measures):
        for col, (measure, text) in enumerate(measures.items(), start=1):
            if not text:
                continue
            items.append(dict(document_id=doc, table_id=1, table_kind="income_expenditure_summary",
                              table_title="2024年预算收支总表", page_number=3, row_number=row,
                              side=side, unit_name="长治市屯留区司法局", subject_code=code,
                              economic_code=None, item_name=name, is_total=is_total,
                              measure=measure, amount_wan=Decimal(text), unit_as_printed="万元",
                              decimals=2, amount_as_printed=text, col_number=col))

    add(1, "income", None, "一、一般公共预算", False, {"total": "764.49"})
    for row, code, name, t, c, co in ((4, "204", "公共安全支出", "751.19", "629.29", "121.90"),
                                      (8, "208", "社会保障和就业支出", "68.83", "68.83", ""),
                                      (10, "210", "卫生健康支出", "24.00", "24.00", ""),
                                      (20, "221", "住房保障支出", "42.36", "42.36", "")):
        add(row, "expenditure", code, name, False,
            {"total": t, "current_year": c, "carry_over": co})
    add(31, "income", None, "本年收入合计", True, {"total": "764.49"})
    add(31, "expenditure", None, "本年支出合计", True,
        {"total": "886.39", "current_year": "764.49", "carry_over": "121.90"})
    add(32, "income", None, "上年结转", False, {"total": "121.90"})
    add(33, "income", None, "收入总计", True, {"total": "886.39"})
    add(33, "expenditure", None, "支出总计", True,
        {"total": "886.39", "current_year": "764.49", "carry_over": "121.90"})
    results = ids.check_line_items(items)
    assert results and all(r.status == ids.PASS for r in results), [
        r for r in results if r.status != ids.PASS]
    got = {(r.check_name, r.measure): r for r in results if r.subject_code is None}
    grand = got[("income_grand_total_equals_current_plus_carry_over", "total")]
    assert (grand.expected, grand.actual) == (Decimal("886.39"), Decimal("886.39"))
    exp = got[("expenditure_current_total_equals_sum_of_classes", "total")]
    assert (exp.expected, exp.actual, exp.tolerance) == (
        Decimal("886.39"), Decimal("886.38"), Decimal("0.025"))
    assert ("income_total_equals_expenditure_total", "total") in got
    # a doctored 上年结转 breaks 收入总计 only
    for it in items:
        if it["item_name"] == "上年结转":
            it["amount_wan"] = Decimal("121.80")
    failed = [r.check_name for r in ids.check_line_items(items) if r.status == ids.FAIL]
    assert failed == ["income_grand_total_equals_current_plus_carry_over"]


def test_seed_002_three_public_items_as_columns_on_one_row():
    """公开09表 prints its items as columns of one printed row: the checks go by item name."""
    items = make_items(9, "three_public", "财政拨款“三公”经费支出决算表", 17, ["budget", "final"],
                       [(None, "合计", True, "38.99", "38.99")])
    names = ["公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    amounts = ["38.64", "32.68", "5.96", "0.36"]
    for col, (name, text) in enumerate(zip(names, amounts, strict=True), start=2):
        for measure, offset in (("budget", 0), ("final", 6)):
            items.append(dict(items[0], item_name=name, is_total=False, measure=measure,
                              amount_wan=Decimal(text), amount_as_printed=text,
                              col_number=col + offset))
    results = ids.check_line_items(items)
    assert sorted((r.check_name, r.measure, r.status) for r in results) == [
        ("three_public_total_equals_sum_of_items", "budget", "pass"),
        ("three_public_total_equals_sum_of_items", "final", "pass"),
        ("three_public_vehicle_equals_purchase_plus_operation", "budget", "pass"),
        ("three_public_vehicle_equals_purchase_plus_operation", "final", "pass"),
    ]


def test_run_checks_docs_dir_and_text_statements(tmp_path):
    """Data Docs go where the caller says (flows pass ``docs_dir``); the explanation's statements
    (raw.text_figures, read by extract/statements/) are checked against the tables, a figure
    that disagrees as an error with the statement's page, both figures and the sentence."""
    from dataclasses import asdict

    from extract.statements import read_statements

    con = build_warehouse(tmp_path / "wh.duckdb")
    explanation = ("第三部分 2026年度部门预算情况说明\n一、收支预算总体情况\n"
                   "2026年度收入总计{}万元，支出总计2,963.41万元。\n")
    rows = []
    for doc, total in ((DOC, "2,963.41"), ("0" * 64, "2,963.51")):
        for f in read_statements([""] * 16 + [explanation.format(total)]):
            rows.append({**asdict(f), "document_id": doc})
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute("CREATE TABLE raw.text_figures (document_id VARCHAR, statement_index INTEGER, "
                "page_number INTEGER, sentence VARCHAR, section VARCHAR, subsection VARCHAR, "
                "subject VARCHAR, subject_code VARCHAR, figure_kind VARCHAR, "
                "figure DECIMAL(20,6), figure_as_printed VARCHAR, decimals INTEGER, "
                "unit_as_printed VARCHAR, amount_wan DECIMAL(20,6), direction VARCHAR, "
                "compared_to VARCHAR, comparison VARCHAR, measure VARCHAR)")
    columns = [c[0] for c in con.execute("DESCRIBE raw.text_figures").fetchall()]
    con.executemany(f"INSERT INTO raw.text_figures VALUES ({', '.join('?' for _ in columns)})",
                    [[r.get(c) for c in columns] for r in rows])
    summary = run_checks(con, "with-text", gx_dir=tmp_path / "gx",
                         docs_dir=tmp_path / "data_docs")
    assert summary["data_docs"] == str((tmp_path / "data_docs" / "index.html").resolve())
    assert Path(summary["data_docs"]).exists()
    rows = con.execute(
        "SELECT document_id, item_name, status, severity, page_number, expected, actual "
        "FROM dq.check_results WHERE check_name = 'text_amount_equals_table' "
        ).fetchall()
    assert set(rows) == {
        ("0" * 64, "收入总计", "fail", "error", 17, Decimal("2963.41"), Decimal("2963.51")),
        ("0" * 64, "支出总计", "pass", "error", 17, Decimal("2963.41"), Decimal("2963.41")),
        (DOC, "收入总计", "pass", "error", 17, Decimal("2963.41"), Decimal("2963.41")),
        (DOC, "支出总计", "pass", "error", 17, Decimal("2963.41"), Decimal("2963.41")),
    }
    description, = con.execute(
        "SELECT description FROM dq.check_results WHERE check_name = 'text_amount_equals_table' "
        "AND status = 'fail'").fetchone()
    assert "收入总计2,963.51万元" in description and "p17" in description
    # the stated 收入总计 and the other document's missing 三公 table
    assert summary["errors_failed"] == 2


# ----------------------------------------------------------------------------- corpus layouts

def cells(doc, table_id, kind, page, unit, entries):
    """entries: (row, col, side, subject_code, item_name, is_total, measure, printed)."""
    out = []
    for row, col, side, code, name, is_total, measure, text in entries:
        value, decimals = _amount(text, unit)
        out.append(dict(document_id=doc, table_id=table_id, table_kind=kind, table_title=kind,
                        page_number=page, row_number=row, side=side, unit_name=None,
                        subject_code=code, economic_code=None, item_name=name,
                        is_total=is_total, measure=measure, amount_wan=value,
                        unit_as_printed=unit, decimals=decimals, amount_as_printed=text,
                        col_number=col))
    return out


def test_jiangsu_summary_two_listings_and_numbered_income_lines():
    """corpus jiangsu-province/cppcc-office-2018-budget-tables.pdf 公开01表 收支预算总表 (p.1):
    支出 by 功能分类 and, beside it, by 支出用途 on the same printed rows; income lines
    一、财政拨款 with its sub-line 1.一般公共预算; 当年收入小计 / 收入合计 instead of 本年/总计."""
    INC, E = "income", "expenditure"
    items = cells("js" * 32, 1, "income_expenditure_summary", 1, "万元", [
        (3, 1, INC, None, "一、财政拨款", False, "total", "10,070.48"),
        (3, 3, E, "201", "一、一般公共服务支出", False, "total", "7,827.46"),
        (3, 5, E, None, "一、基本支出", False, "total", "5,678.17"),
        (4, 1, INC, None, "1.一般公共预算", False, "total", "10,070.48"),
        (4, 5, E, None, "二、项目支出", False, "total", "3,314.68"),
        (5, 5, E, None, "三、单位预留机动经费", False, "total", "1,157.63"),
        (7, 1, INC, None, "三、其他资金", False, "total", "80.00"),
        (10, 3, E, "208", "八、社会保障和就业支出", False, "total", "823.76"),
        (20, 3, E, "221", "十八、住房保障支出", False, "total", "1,499.26"),
        (23, 1, INC, None, "当年收入小计", True, "total", "10,150.48"),
        (23, 5, E, None, "当年支出小计", True, "total", "10,150.48"),
        (25, 1, INC, None, "收入合计", True, "total", "10,150.48"),
        (25, 5, E, None, "支出合计", True, "total", "10,150.48"),
    ])
    results = ids.check_line_items(items)
    got = {r.check_name: (r.expected, r.actual, r.status) for r in results
           if r.check_name not in CODE_CHECKS}  # code checks: test_codes_valid_…
    ok = Decimal("10150.48")
    assert got == {
        "income_total_equals_expenditure_total": (ok, ok, "pass"),
        "income_current_total_equals_sum_of_lines": (ok, ok, "pass"),  # 1.一般公共预算 not added
        "expenditure_current_total_equals_sum_of_classes": (ok, ok, "pass"),
        "expenditure_current_total_equals_sum_of_lines": (ok, ok, "pass"),
        "income_grand_total_equals_current_plus_carry_over": (ok, ok, "pass"),
        "expenditure_grand_total_equals_current_plus_carry_forward": (ok, ok, "pass"),
    }


def test_shanghai_yuan_summary_basic_split_into_personnel_and_public_funds():
    """corpus shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf 财务收支预算总表 (p.8, 元):
    支出 合计 = 基本支出 (人员经费 + 公用经费, printed as integers) + 项目支出."""
    E = "expenditure"
    items = cells("sh" * 32, 1, "income_expenditure_summary", 8, "元", [
        (4, 3, E, "204", "一、公共安全支出", False, "total", "79,189,400.34"),
        (4, 4, E, "204", "一、公共安全支出", False, "personnel", "12,604,173"),
        (4, 5, E, "204", "一、公共安全支出", False, "public_funds", "1,744,680"),
        (4, 6, E, "204", "一、公共安全支出", False, "project", "64,840,547"),
    ])
    (r,) = [r for r in ids.check_line_items(items) if r.check_name not in CODE_CHECKS]
    assert r.check_name == "row_total_equals_basic_plus_project" and r.status == ids.PASS
    # 0.34 元 apart; tolerance 0.005 元 + 3 × 0.5 元 (integers) = 1.505 元
    assert r.difference == Decimal("-0.000034") and r.tolerance == Decimal("0.0001505")


def test_shanghai_published_error_is_found():
    """The same document's 支出预算总表 (p.11) prints 64,840,547.00 as 行政运行's 项目支出 (the
    204/20406 project figure): a genuine error in the published table, which the checks report on
    exactly the row and the 款 it belongs to."""
    rows = [
        ("204", "公共安全支出", False, "79,189,400.34", "14,348,853.34", "64,840,547.00"),
        ("20406", "司法", False, "79,189,400.34", "14,348,853.34", "64,840,547.00"),
        ("2040601", "行政运行", False, "14,348,853.34", "14,348,853.34", "64,840,547.00"),
        ("2040604", "基层司法业务", False, "21,703,947.00", "0.00", "21,703,947.00"),
        ("2040605", "普法宣传", False, "1,242,900.00", "0.00", "1,242,900.00"),
        ("2040607", "公共法律服务", False, "1,160,000.00", "0.00", "1,160,000.00"),
        ("2040613", "信息化建设", False, "2,278,800.00", "0.00", "2,278,800.00"),
        ("2040699", "其他司法支出", False, "38,454,900.00", "0.00", "38,454,900.00"),
    ]
    results = ids.check_line_items(make_items(3, "expenditure_summary", "2026年预算单位支出预算总表",
                                              11, ["total", "basic", "project"], rows, unit="元"))
    failed = sorted((r.check_name, r.subject_code, r.measure) for r in results
                    if r.status == ids.FAIL)
    assert failed == [("row_total_equals_basic_plus_project", "2040601", "total"),
                      ("section_equals_sum_of_items", "20406", "project")]


def test_jiangsu_operating_cost_by_economic_class():
    """corpus jiangsu-province/procuratorate-2019-budget.pdf 机关运行经费支出预算表 (p.21): 合计,
    商品和服务支出 and its items — economic identities, not units."""
    rows = [(None, "合计", True, "2391.92"), (None, "商品和服务支出", False, "2391.92")] + [
        (None, name, False, amount) for name, amount in (
            ("办公费", "158.00"), ("水费", "16.79"), ("电费", "354.00"), ("邮电费", "42.00"),
            ("差旅费", "37.00"), ("维修（护）费", "55.00"), ("会议费", "158.44"),
            ("培训费", "70.00"), ("公务接待费", "33.26"), ("专用材料费", "10.00"),
            ("工会经费", "130.05"), ("福利费", "13.00"), ("公务用车运行维护费", "237.00"),
            ("其他交通费用", "473.82"), ("其他商品和服务支出", "603.56"))]
    results = ids.check_line_items(make_items(11, "operating_cost", "一般公共预算机关运行经费支出预算表",
                                              21, ["total"], rows))
    assert sorted((r.check_name, r.status) for r in results) == [
        ("economic_class_equals_sum_of_items", "pass"),
        ("economic_total_equals_sum_of_classes", "pass")]


def test_final_account_income_and_expenditure_summaries_may_differ():
    """A final account's 收入决算表 合计 and 支出决算表 合计 differ by the change in 结转结余
    (corpus putuo-finance-bureau-2024-final-account: 2946.25 against 2940.05)."""
    items = (make_items(2, "income_summary", "收入决算表", 3, ["total"],
                        [(None, "合计", True, "2946.25")])
             + make_items(3, "expenditure_summary", "支出决算表", 4, ["total"],
                          [(None, "合计", True, "2940.05")]))
    doc_types = {DOC: "final_account"}
    assert not by_name(ids.check_line_items(items, doc_types=doc_types),
                       "expenditure_summary_total_equals_income_summary_total")
    (r,) = by_name(ids.check_line_items(items, doc_types={DOC: "budget"}),
                   "expenditure_summary_total_equals_income_summary_total")
    assert r.status == ids.FAIL and r.severity == ids.WARNING


# ----------------------------------------------------------------------------- issue 5: the rest
# of DOMAIN.md's identities (across tables of one document, the 决算 balance, codes)

# seed 001 表四 2026年财政拨款收支总表 (p.7, lines 224–262 of the seed): income side
def fiscal_summary_items(doc: str = DOC, general_budget: str = "2963.41") -> list[dict]:
    items = []
    for row, name, is_total, text in ((3, "一、一般公共预算", False, general_budget),
                                      (33, "本年收入合计", True, "2963.41"),
                                      (38, "收入总计", True, "2963.41")):
        parsed = _amount(text, "万元")
        items.append(dict(
            document_id=doc, table_id=4, table_kind="fiscal_summary",
            table_title="2026年财政拨款收支总表", page_number=7, row_number=row, side="income",
            unit_name="阳泉市司法局", subject_code=None, economic_code=None, item_name=name,
            is_total=is_total, measure="total", amount_wan=parsed[0], unit_as_printed="万元",
            decimals=parsed[1], amount_as_printed=text, col_number=1))
    return items


def _doctor(items, table_id, item_name, text, measures=None):
    hit = 0
    for it in items:
        if it["table_id"] == table_id and it["item_name"] == item_name and (
                measures is None or it["measure"] in measures):
            it["amount_wan"], it["amount_as_printed"] = Decimal(text), text
            hit += 1
    assert hit, (table_id, item_name)
    return items


def _fails(results):
    return sorted((r.check_name, r.table_id, r.measure) for r in results if r.status == ids.FAIL)


NEW_ACROSS = ("general_budget_expenditure_equals_fiscal_summary_general_budget",
              "project_table_equals_general_budget_project",
              "project_tables_equal_expenditure_summary_project",
              "operating_cost_equals_public_funds")


def test_seed_001_new_cross_table_identities_hold():
    results = ids.check_line_items(seed_001_items() + fiscal_summary_items())
    assert not [r for r in results if r.status == ids.FAIL]
    got = {r.check_name: r for r in results if r.check_name in NEW_ACROSS}
    assert set(got) == set(NEW_ACROSS)
    # 表五 一般公共预算支出表 合计 2963.41 (p.9) = 表四 一、一般公共预算 2963.41 (p.7)
    r = got["general_budget_expenditure_equals_fiscal_summary_general_budget"]
    assert (r.table_kind, r.page_number, r.item_name) == ("fiscal_summary", 7, "一、一般公共预算")
    assert (r.expected, r.actual, r.difference, r.tolerance, r.severity) == (
        Decimal("2963.41"), Decimal("2963.41"), Decimal("0"), Decimal("0.010"), ids.WARNING)
    # 表十二 项目支出表 阳泉市司法局 425.09 (p.15) = 表五 合计 项目支出 425.09 (p.9)
    r = got["project_table_equals_general_budget_project"]
    assert (r.table_kind, r.page_number, r.expected, r.actual, r.tolerance) == (
        "general_budget_expenditure", 9, Decimal("425.09"), Decimal("425.09"), Decimal("0.010"))
    # 表十三 (上年结转) is declared empty: 425.09 = 表三 支出总表 合计 项目支出 425.09 (p.6)
    r = got["project_tables_equal_expenditure_summary_project"]
    assert (r.table_kind, r.page_number, r.expected, r.actual) == (
        "expenditure_summary", 6, Decimal("425.09"), Decimal("425.09"))
    # 表十一 机关运行经费 部门合计 343.36 (p.14) = 表六 合计 公用经费 343.36 (p.10)
    r = got["operating_cost_equals_public_funds"]
    assert (r.table_kind, r.page_number, r.item_name, r.expected, r.actual) == (
        "operating_cost", 14, "部门合计", Decimal("343.36"), Decimal("343.36"))
    # a budget has no 决算 balance
    assert not by_name(results, "final_account_balance")


def test_doctored_fiscal_general_budget_fails_its_identities_only():
    """表四's 一、一般公共预算 2963.41 → 2963.31: the fiscal summary's 本年收入合计 and the general
    budget identity fail, nothing else."""
    results = ids.check_line_items(seed_001_items() + fiscal_summary_items(
        general_budget="2963.31"))
    assert _fails(results) == [
        ("general_budget_expenditure_equals_fiscal_summary_general_budget", 4, "total"),
        ("income_current_total_equals_sum_of_lines", 4, "total")]
    (r,) = [r for r in results if r.status == ids.FAIL and r.check_name.startswith("general")]
    assert (r.page_number, r.expected, r.actual, r.difference, r.tolerance) == (
        7, Decimal("2963.31"), Decimal("2963.41"), Decimal("0.10"), Decimal("0.010"))


def test_doctored_project_total_fails_its_identities_only():
    """表十二's department line 阳泉市司法局 425.09 → 425.19 (both columns)."""
    items = seed_001_items() + fiscal_summary_items()
    for it in items:
        if it["table_id"] == 12 and it["row_number"] == 1:
            it["amount_wan"], it["amount_as_printed"] = Decimal("425.19"), "425.19"
    results = ids.check_line_items(items)
    assert _fails(results) == [
        ("project_table_equals_general_budget_project", 5, "project"),
        ("project_tables_equal_expenditure_summary_project", 3, "project"),
        ("project_total_equals_sum_of_units", 12, "general_budget"),
        ("project_total_equals_sum_of_units", 12, "total")]
    r = next(r for r in results if r.check_name == "project_table_equals_general_budget_project")
    assert (r.expected, r.actual, r.difference, r.tolerance) == (
        Decimal("425.09"), Decimal("425.19"), Decimal("0.10"), Decimal("0.010"))


def test_doctored_operating_cost_fails_its_identities_only():
    items = _doctor(seed_001_items() + fiscal_summary_items(), 11, "部门合计", "343.46")
    results = ids.check_line_items(items)
    assert _fails(results) == [
        ("operating_cost_equals_public_funds", 11, "total"),
        ("operating_cost_total_equals_sum_of_units", 11, "general_budget"),
        ("operating_cost_total_equals_sum_of_units", 11, "total")]
    r = next(r for r in results if r.check_name == "operating_cost_equals_public_funds")
    assert (r.page_number, r.expected, r.actual, r.difference, r.tolerance) == (
        14, Decimal("343.46"), Decimal("343.36"), Decimal("-0.10"), Decimal("0.010"))


def test_project_money_not_all_general_budget_skips_the_general_budget_identity():
    items = seed_001_items() + fiscal_summary_items()
    head = next(i for i in items if i["table_id"] == 12 and i["row_number"] == 1)
    items.append(dict(head, measure="government_fund", amount_wan=Decimal("5.00"),
                      amount_as_printed="5.00", col_number=9))
    results = ids.check_line_items(items)
    assert not by_name(results, "project_table_equals_general_budget_project")


# seed 003 长治市屯留区司法局 2024年部门预算 (raw layout text): 预算支出总表 p.5, 一般公共预算支出表 p.8,
# 项目支出表（本年） p.14, 项目支出表（上年结转） p.15
SEED_003 = "35c5a0398c26c376" * 4
SEED_003_PROJECTS = [
    (None, "长治市屯留区司法局", True, "191.52", "191.52"),
    (None, "长治市屯留区司法局", True, "191.52", "191.52"),
    (None, "司法行政辅助人员", False, "46.93", "46.93"),
    (None, "普法依法治理专项经费", False, "3.00", "3.00"),
    (None, "人民调解员经费", False, "20.00", "20.00"),
    (None, "刑事案件法律援助补助", False, "23.80", "23.80"),
    (None, "提前下达2024年政法转移支付资金-长财政法【2023】60号", False, "75.50", "75.50"),
    (None, "死亡抚恤金", False, "22.29", "22.29"),
]
SEED_003_CARRY_OVER = [
    (None, "长治市屯留区司法局", True, "120.66", "120.66"),
    (None, "长治市屯留区司法局", True, "120.66", "120.66"),
    (None, "普法依法治理专项经费", False, "7.06", "7.06"),
    (None, "刑事案件法律援助补助", False, "20.96", "20.96"),
    (None, "提前下达2023年中央和省级政法转移支付资金", False, "50.56", "50.56"),
    (None, "依法治区政府法制建设和普法依法治理专项经费", False, "15.00", "15.00"),
    (None, "乡镇(街道)综合行政执法培训费", False, "5.00", "5.00"),
    (None, "2023年免费法律咨询值班补贴", False, "2.94", "2.94"),
    (None, "2023年司法行政系统专项资金--法律援助", False, "13.90", "13.90"),
    (None, "2023年司法行政系统专项资金--社区矫正", False, "4.00", "4.00"),
    (None, "2023年司法行政系统专项资金--人民调解", False, "1.23", "1.23"),
]


def seed_003_project_items(carry_total="120.66"):
    carry = [list(r) for r in SEED_003_CARRY_OVER]
    carry[0][3] = carry[0][4] = carry_total
    items = (make_items(3, "expenditure_summary", "预算支出总表", 5, ["total", "basic", "project"],
                        [(None, "合计", True, "886.39", "574.22", "312.17")], doc=SEED_003)
             + make_items(5, "general_budget_expenditure", "一般公共预算支出表", 8,
                          ["total", "basic", "project"],
                          [(None, "合计", True, "764.49", "572.97", "191.52")], doc=SEED_003)
             + make_items(12, "project_expenditure", "项目支出表（本年）", 14,
                          ["total", "general_budget"], SEED_003_PROJECTS, doc=SEED_003)
             + make_items(13, "project_expenditure_carry_over", "项目支出表（上年结转）", 15,
                          ["total", "general_budget"], [tuple(r) for r in carry], doc=SEED_003))
    for it in items:
        it["unit_name"] = "长治市屯留区司法局"
    return items


def test_seed_003_projects_with_carry_over_reconcile_with_expenditure_summary():
    results = ids.check_line_items(seed_003_project_items())
    (r,) = by_name(results, "project_tables_equal_expenditure_summary_project")
    # 191.52 + 120.66 = 312.18 against 支出总表 项目支出 312.17: printed rounding, 3 × 0.005
    assert (r.status, r.page_number, r.expected, r.actual, r.difference, r.tolerance) == (
        ids.PASS, 5, Decimal("312.17"), Decimal("312.18"), Decimal("0.01"), Decimal("0.015"))
    (g,) = by_name(results, "project_table_equals_general_budget_project")
    assert (g.status, g.expected, g.actual) == (ids.PASS, Decimal("191.52"), Decimal("191.52"))
    # the carry-over total off by 0.02 (120.68): 0.03 > 0.015 fails; the carry-over table's own
    # department total (= Σ units, 120.66 → 120.68 against 120.66) fails too
    results = ids.check_line_items(seed_003_project_items(carry_total="120.68"))
    (r,) = by_name(results, "project_tables_equal_expenditure_summary_project")
    assert (r.status, r.difference, r.tolerance) == (ids.FAIL, Decimal("0.03"), Decimal("0.015"))
    assert {f[0] for f in _fails(results)} == {"project_tables_equal_expenditure_summary_project",
                                               "project_total_equals_sum_of_units"}


# seed 002 阳城县司法局 2024年部门决算 公开01表 收入支出决算总表 (p.3–4): 本年收入合计 1199.89,
# 本年支出合计 1199.89, 总计 1199.89 (no carry-over lines printed)
SEED_002 = "51f782b7ebafb0ae" * 4


def final_summary_items(lines):
    """lines: (row, side, name, is_total, amount as printed)."""
    out = []
    for row, side, name, is_total, text in lines:
        parsed = _amount(text, "万元")
        out.append(dict(
            document_id=SEED_002, table_id=1, table_kind="income_expenditure_summary",
            table_title="收入支出决算总表", page_number=4 if row > 20 else 3, row_number=row,
            side=side, unit_name="阳城县司法局", subject_code=None, economic_code=None,
            item_name=name, is_total=is_total, measure="total", amount_wan=parsed[0],
            unit_as_printed="万元", decimals=parsed[1], amount_as_printed=text,
            col_number=1 if side == "income" else 3))
    return out


SEED_002_SUMMARY = [
    (3, "income", "一、一般公共预算财政拨款收入", False, "1199.89"),
    (3, "expenditure", "一、一般公共服务支出", False, "67.32"),
    (6, "expenditure", "四、公共安全支出", False, "927.95"),
    (10, "expenditure", "八、社会保障和就业支出", False, "107.89"),
    (11, "expenditure", "九、卫生健康支出", False, "34.73"),
    (21, "expenditure", "十九、住房保障支出", False, "61.99"),
    (29, "income", "本年收入合计", True, "1199.89"),
    (29, "expenditure", "本年支出合计", True, "1199.89"),
    (33, "income", "总计", True, "1199.89"),
    (33, "expenditure", "总计", True, "1199.89"),
]


def test_final_account_balance_on_seed_002():
    results = ids.check_line_items(final_summary_items(SEED_002_SUMMARY),
                                   doc_types={SEED_002: "final_account"})
    assert not _fails(results)
    (r,) = by_name(results, "final_account_balance")
    assert (r.status, r.severity, r.page_number, r.item_name) == (
        ids.PASS, ids.ERROR, 4, "本年支出合计")
    assert (r.expected, r.actual, r.tolerance) == (
        Decimal("1199.89"), Decimal("1199.89"), Decimal("0.010"))
    # 本年支出合计 doctored to 1199.79
    lines = [line if line[2] != "本年支出合计" else (29, "expenditure", "本年支出合计", True, "1199.79")
             for line in SEED_002_SUMMARY]
    results = ids.check_line_items(final_summary_items(lines),
                                   doc_types={SEED_002: "final_account"})
    (r,) = by_name(results, "final_account_balance")
    assert (r.status, r.expected, r.actual, r.difference, r.tolerance) == (
        ids.FAIL, Decimal("1199.79"), Decimal("1199.89"), Decimal("0.10"), Decimal("0.010"))
    assert {f[0] for f in _fails(results)} == {
        "final_account_balance", "expenditure_grand_total_equals_current_plus_carry_forward",
        "expenditure_current_total_equals_sum_of_classes"}


def test_final_account_balance_with_carry_over_terms():
    """DOMAIN.md: 年初结转和结余 + 本年收入 + 使用非财政拨款结余 = 本年支出 + 结余分配 + 年末结转和结余."""
    lines = [(29, "income", "本年收入合计", True, "100.00"),
             (30, "income", "使用非财政拨款结余", False, "1.00"),
             (31, "income", "年初结转和结余", False, "10.00"),
             (29, "expenditure", "本年支出合计", True, "95.00"),
             (30, "expenditure", "结余分配", False, "0.50"),
             (31, "expenditure", "年末结转和结余", False, "15.50")]
    (r,) = by_name(ids.check_line_items(final_summary_items(lines),
                                        doc_types={SEED_002: "final_account"}),
                   "final_account_balance")
    assert (r.status, r.expected, r.actual, r.tolerance) == (
        ids.PASS, Decimal("111.00"), Decimal("111.00"), Decimal("0.030"))
    # six numbers: off by 0.02 is within 6 × 0.005 = 0.030 (printed rounding); by 0.04 is not
    for text, status, diff in (("15.52", ids.PASS, "-0.02"), ("15.54", ids.FAIL, "-0.04")):
        lines[-1] = (31, "expenditure", "年末结转和结余", False, text)
        (r,) = by_name(ids.check_line_items(final_summary_items(lines),
                                            doc_types={SEED_002: "final_account"}),
                       "final_account_balance")
        assert (r.status, r.difference, r.tolerance) == (status, Decimal(diff), Decimal("0.030"))


def test_codes_valid_on_seed_001_and_doctored():
    results = ids.check_line_items(seed_001_items())
    codes = by_name(results, "subject_code_valid")
    assert codes and all(r.status == ids.PASS for r in codes)
    assert {r.table_id for r in codes} == {1, 2, 3, 5}
    assert all(r.status == ids.PASS for r in by_name(results, "one_name_per_code"))
    # a row removed: 表二's 20406 司法 (p.4) — its 项 lose their parent, 204 ≠ Σ 款
    items = [i for i in seed_001_items() if not (i["table_id"] == 2
                                                 and i["subject_code"] == "20406")]
    results = ids.check_line_items(items)
    bad = sorted((r.subject_code, r.page_number) for r in by_name(results, "subject_code_valid")
                 if r.status == ids.FAIL)
    assert bad == [("2040601", 4), ("2040602", 4), ("2040604", 4), ("2040607", 4),
                   ("2040608", 4)]
    assert {(r.check_name, r.subject_code) for r in results if r.status == ids.FAIL
            and r.severity == ids.ERROR} == {("class_equals_sum_of_sections", "204")}
    # a malformed code and a second name for a code
    items = seed_001_items()
    for it in items:
        if it["table_id"] == 3 and it["subject_code"] == "2040601":
            it["item_name"] = "行政运行费"
        if it["table_id"] == 5 and it["subject_code"] == "2210201":
            it["subject_code"] = "221020"
    results = ids.check_line_items(items)
    (n,) = [r for r in by_name(results, "one_name_per_code") if r.status == ids.FAIL]
    assert (n.subject_code, n.item_name, n.table_kind, n.page_number) == (
        "2040601", "行政运行费", "expenditure_summary", 6)
    (c,) = [r for r in by_name(results, "subject_code_valid") if r.status == ids.FAIL]
    assert (c.subject_code, c.table_id, c.page_number) == ("221020", 5, 9)
    assert "6 digits" in c.description
