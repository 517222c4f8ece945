"""End to end on the four seed documents: `govbudget ingest` → marts, values read by hand.

Each expected value below was read by hand from the seed text (table named in the comment).
Seeds are text conversions: they carry no page numbers, so values are located by table_kind,
code or row label, and measure.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import SEEDS, line_item_amounts

pytestmark = pytest.mark.slow

D = Decimal


def _amounts(con, doc_id, table_kind, measure, code=None, name=None, side=None):
    return line_item_amounts(con, doc_id, table_kind, measure, code, name, side)


# (seed, table_kind, measure, code, item_name, side, expected 万元)
HAND_READ = [
    # seed 001 阳泉市司法局 2026 budget
    ("001", "income_expenditure_summary", "total", "208", None, "expenditure", "458.02"),  # 表1
    ("001", "income_expenditure_summary", "total", None, "收入总计", "income", "2963.41"),  # 表1
    ("001", "income_summary", "total", "2040601", None, None, "612.11"),  # 表2 预算收入总表
    ("001", "income_summary", "general_budget", "2040601", None, None, "612.11"),  # 表2
    ("001", "expenditure_summary", "basic", "20406", None, None, "612.11"),  # 表3 预算支出总表
    ("001", "expenditure_summary", "project", "20406", None, None, "340.10"),  # 表3
    ("001", "expenditure_summary", "project", "2040802", None, None, "81.14"),  # 表3
    ("001", "expenditure_summary", "total", "20408", None, None, "1272.70"),  # 表3
    ("001", "fiscal_summary", "general_budget", "221", None, "expenditure", "186.79"),  # 表4
    ("001", "general_budget_expenditure", "basic", "2080506", None, None, "96.00"),  # 表5
    ("001", "general_budget_expenditure", "total", "2101101", None, None, "89.77"),  # 表5
    ("001", "basic_expenditure_economic", "personnel", "30101", None, None, "596.21"),  # 表6 基本工资
    ("001", "basic_expenditure_economic", "total", "301", None, None, "2026.90"),  # 表6 工资福利支出
    ("001", "basic_expenditure_economic", "public_funds", "30208", None, None, "99.95"),  # 表6 取暖费
    ("001", "three_public", "total", None, "公务用车购置及运行费", None, "21.60"),  # 表10
    ("001", "operating_cost", "total", None, "阳泉市强制隔离戒毒所", None, "203.90"),  # 表11
    ("001", "project_expenditure", "total", None, "戒毒场所水电运行费", None, "21.00"),  # 表12
    # seed 002 阳城县司法局 2024 final account
    ("002", "income_expenditure_summary", "total", None, "一、一般公共预算财政拨款收入", "income",
     "1199.89"),  # 公开01表
    ("002", "income_expenditure_summary", "total", "204", None, "expenditure", "927.95"),  # 公开01表
    ("002", "income_summary", "fiscal_appropriation", "2040650", None, None, "142.77"),  # 公开02表
    ("002", "income_summary", "total", "2089999", None, None, "0.96"),  # 公开02表
    ("002", "expenditure_summary", "basic", None, "合计", None, "870.54"),  # 公开03表
    ("002", "expenditure_summary", "project", None, "合计", None, "329.35"),  # 公开03表
    ("002", "expenditure_summary", "project", "2040605", None, None, "28.22"),  # 公开03表
    ("002", "expenditure_summary", "basic", "2080505", None, None, "71.36"),  # 公开03表
    ("002", "fiscal_summary", "general_budget", "210", None, "expenditure", "34.73"),  # 公开04表
    ("002", "general_budget_expenditure", "basic", "2210201", None, None, "61.99"),  # 公开05表
    ("002", "basic_expenditure_economic", "total", "30101", None, None, "210.26"),  # 公开06表
    ("002", "basic_expenditure_economic", "total", "30239", None, None, "27.35"),  # 公开06表
    ("002", "basic_expenditure_economic", "total", "31002", None, None, "9.24"),  # 公开06表 4th block
    ("002", "basic_expenditure_economic", "total", "30305", None, None, "1.12"),  # 公开06表
    ("002", "three_public", "budget", None, "公务用车购置费", None, "32.68"),  # 公开09表
    ("002", "three_public", "final", None, "公务接待费", None, "0.36"),  # 公开09表
    # seed 003 长治市屯留区司法局 2024 budget (raw layout text, fake bold)
    ("003", "income_expenditure_summary", "total", "204", None, "expenditure", "751.19"),  # 表1
    ("003", "income_expenditure_summary", "current_year", "204", None, "expenditure", "629.29"),
    ("003", "income_expenditure_summary", "carry_over", "204", None, "expenditure", "121.90"),
    ("003", "income_expenditure_summary", "total", None, "收入总计", "income", "886.39"),  # 表1
    ("003", "income_summary", "carry_over", "2040602", None, None, "78.73"),  # 表2
    ("003", "income_summary", "general_budget", "2040602", None, None, "144.72"),  # 表2
    ("003", "income_summary", "carry_over", None, "合计", None, "121.90"),  # 表2
    ("003", "expenditure_summary", "total", None, "合计", None, "886.39"),  # 表3
    ("003", "expenditure_summary", "project", "2040607", None, None, "58.66"),  # 表3
    ("003", "general_budget_expenditure", "project", "2040602", None, None, "144.72"),  # 表5
    ("003", "general_budget_expenditure", "basic", "2040650", None, None, "91.52"),  # 表5
    ("003", "basic_expenditure_economic", "personnel", "30101", None, None, "161.57"),  # 表6 基本工资
    ("003", "basic_expenditure_economic", "public_funds", "30201", None, None, "21.20"),  # 表6 办公费
    ("003", "operating_cost", "total", None, "长治市屯留区司法局", None, "48.75"),  # 表11
    ("003", "project_expenditure", "total", None, "人民调解员经费", None, "20.00"),  # 表12
]


@pytest.mark.parametrize("seed,kind,measure,code,name,side,expected", HAND_READ)
def test_hand_read_value(seed_warehouse, seed_docs, seed, kind, measure, code, name, side,
                         expected):
    con = seed_warehouse
    got = _amounts(con, seed_docs[seed], kind, measure, code=code, name=name, side=side)
    assert got and set(got) == {D(expected)}, (seed, kind, measure, code, name, got)


def test_ingest_exit_status_is_zero(seed_ingest_result):
    assert seed_ingest_result["exit_code"] == 0, seed_ingest_result["output"]


@pytest.mark.parametrize("seed,unit,year,doc_type", [
    ("001", "阳泉市司法局", 2026, "budget"),
    ("002", "阳城县司法局", 2024, "final_account"),
    ("003", "长治市屯留区司法局", 2024, "budget"),
    ("004", "滦平县司法局", 2026, "performance"),  # printed 溧平县 (OCR); corrected by codes 130824
])
def test_document_metadata(seed_warehouse, seed_docs, seed, unit, year, doc_type):
    row = seed_warehouse.execute(
        "SELECT unit_name, fiscal_year, doc_type, status FROM marts.dim_document "
        "WHERE document_id = ?", [seed_docs[seed]]).fetchone()
    assert row[1:] == (year, doc_type, "landed")
    if seed != "004":
        assert row[0] == unit
    else:
        assert row[0] in (unit, "溧平县司法局")


STANDARD_KINDS = {
    "001": {"income_expenditure_summary", "income_summary", "expenditure_summary",
            "fiscal_summary", "general_budget_expenditure", "basic_expenditure_economic",
            "government_fund", "state_capital", "three_public", "operating_cost",
            "project_expenditure", "project_expenditure_carry_over"},
    "002": {"income_expenditure_summary", "income_summary", "expenditure_summary",
            "fiscal_summary", "general_budget_expenditure", "basic_expenditure_economic",
            "government_fund", "state_capital", "three_public", "disclosure_statistics"},
    "003": {"income_expenditure_summary", "income_summary", "expenditure_summary",
            "fiscal_summary", "general_budget_expenditure", "basic_expenditure_economic",
            "government_fund", "state_capital", "three_public", "operating_cost",
            "project_expenditure", "project_expenditure_carry_over"},
}


@pytest.mark.parametrize("seed", ["001", "002", "003"])
def test_every_standard_table_is_recognised(seed_warehouse, seed_docs, seed):
    kinds = {r[0] for r in seed_warehouse.execute(
        "SELECT table_kind FROM marts.fct_table WHERE document_id = ?",
        [seed_docs[seed]]).fetchall()}
    assert STANDARD_KINDS[seed] <= kinds, STANDARD_KINDS[seed] - kinds


@pytest.mark.parametrize("seed,empty_kind", [
    ("001", "project_expenditure_carry_over"),  # 表十三 注：本表无数据
    ("002", "state_capital"),  # 公开08表 说明：本表无数据
    ("003", "three_public"),  # 表十 注：本表无数据
])
def test_empty_tables_are_present_and_empty(seed_warehouse, seed_docs, seed, empty_kind):
    rows = seed_warehouse.execute(
        "SELECT is_empty FROM marts.fct_table WHERE document_id = ? AND table_kind = ?",
        [seed_docs[seed], empty_kind]).fetchall()
    assert rows and all(r[0] for r in rows)


def test_seeds_raise_no_error_level_check_failure(seed_warehouse):
    failures = seed_warehouse.execute(
        "SELECT check_name, table_kind, subject_code, item_name, expected, actual, tolerance "
        "FROM dq.latest_check_results WHERE severity = 'error' AND status = 'fail'").fetchall()
    assert failures == []
    n = seed_warehouse.execute("SELECT count(*) FROM dq.latest_check_results WHERE status='pass'"
                               ).fetchone()[0]
    assert n > 100


def test_contract_checker_finds_no_violation(seed_ingest_result):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(SEEDS.parent / "tools" / "check_contract.py"),
                          str(seed_ingest_result["warehouse"])], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
