"""Unit, year, doc_type and scope come from what a document prints, never from its file name.

Two real documents are parsed under names that lie (scrapers save a 2025 budget as "2026年…", a
final account as "…部门预算"); the covers below are the ones of the corpus documents named in
each test, typed as text conversions (page 1 as printed, line by line).
"""

from __future__ import annotations

import pytest

from extract.pipeline import parse_document
from tests.conftest import CORPUS


def _text_doc(cover: str, name: str = "cover.txt"):
    return parse_document(cover.encode("utf-8"), name, name)


@pytest.mark.parametrize("real,lying_name,unit,year,doc_type", [
    # p1: 长沙市公安局2025 年部门预算公开 — a 2025 budget saved as a 2026 one
    ("hunan/changsha-public-security-bureau-2025-budget.pdf", "长沙市公安局2026年部门预算.pdf",
     "长沙市公安局", 2025, "budget"),
    # p1: 2019 年佛山市轨道交通局 部门决算 — a final account saved as a budget of another year
    ("guangdong/foshan-rail-transit-bureau-2019-final-account.pdf",
     "2026年佛山市交通运输局部门预算.pdf", "佛山市轨道交通局", 2019, "final_account"),
])
@pytest.mark.slow
def test_misleading_file_name(real, lying_name, unit, year, doc_type):
    data = (CORPUS / real).read_bytes()
    doc = parse_document(data, lying_name, f"https://portal.example.gov.cn/{lying_name}")
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type) == (unit, year, doc_type)


def test_cover_title_over_two_lines_with_unit_after_year():
    # guangdong/guangzhou-justice-bureau-2026-budget.pdf p1: "2026年" / "广州市司法局部门预算"
    doc = _text_doc("2026年\n广州市司法局部门预算\n\n目 录\n第二部分 2026年部门预算表\n一、收支总体情况表\n")
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type, doc.scope) == (
        "广州市司法局", 2026, "budget", "department")


def test_cover_title_with_year_first_on_one_line():
    # shandong/yantai-finance-bureau-2026-budget.pdf p1: "2026年烟台市财政局部门预算"
    doc = _text_doc("2026年烟台市财政局部门预算\n\n目 录\n第一部分 部门概况\n")
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type) == ("烟台市财政局", 2026, "budget")


@pytest.mark.parametrize("cover,unit", [
    # shaanxi/xian-finance-bureau-2026-budget.pdf p1: the department, consolidated
    ("西安市财政局（汇总）\n2026年部门预算公开说明\n", "西安市财政局"),
    # guangdong/shenzhen-justice-bureau-2026-budget.pdf p1: the bureau without its units
    ("2026 年深圳市司法局（本级）部门预\n算\n", "深圳市司法局"),
])
def test_scope_note_in_brackets_is_no_part_of_the_unit_name(cover, unit):
    doc = _text_doc(cover)
    assert doc.unit_name == unit
    assert doc.doc_type == "budget" and doc.scope == "department"


def test_comprehensive_budget_tables_half_is_a_department_budget():
    # shaanxi/xian-work-safety-bureau-2019-budget-tables.pdf p1
    doc = _text_doc("附件2\n2019年部门综合预算公开报表\n 部门名称：西安市安全生产监督管理局\n")
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type, doc.scope) == (
        "西安市安全生产监督管理局", 2019, "budget", "department")


def test_performance_evaluation_report_is_a_performance_document():
    # hunan/changsha-sasac-2020-evaluation-report.pdf p1 (and p3's title)
    doc = _text_doc("— 1 —\n长沙市财政项目支出绩效评价报告\n评价项目类型：项目实施过程评价 项目完成结果评价\n"
                    "评价项目名称：2020 年度长沙市人民政府国有资产监督管理委\n员会国企改革稳定专项资金绩效评价\n"
                    "评价项目单位： 长沙市人民政府国有资产监督管理委员会\n")
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type) == (
        "长沙市人民政府国有资产监督管理委员会", 2020, "performance")


def test_department_label_without_colon():
    # guangdong/guangzhou-data-bureau-2026-department-targets.pdf p1
    doc = _text_doc("2026年部门整体预算绩效目标申报表\n部门名称 广州市政务服务和数据管理局\n预算整体情况\n")
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type) == (
        "广州市政务服务和数据管理局", 2026, "performance")
