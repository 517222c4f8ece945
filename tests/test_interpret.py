"""The table interpreter on real rows of seeds 001 and 002 (and small grids for other layouts).

Grids are built from the seeds' tab-separated tables exactly as printed (split on tabs, empties
kept): a table is the run of tab lines after its title line. Each expected value was read by hand
from the seed; the comment names the table.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extract.amounts import find_unit
from extract.codes import (
    code_level,
    economic_code_for_name,
    economic_reference,
    function_code_for_name,
    join_code_parts,
    normalise_code,
    parent_code,
    split_code_prefix,
)
from extract.model import Cell, Document, LineItem, Table
from extract.tables.classify import classify_table
from extract.tables.interpret import interpret_document
from extract.tables.measures import MEASURES, measure_for_header

D = Decimal
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
S001 = next(SEEDS.glob("001_*.txt"))
S002 = next(SEEDS.glob("002_*.txt"))

T001 = ["2026年预算收支总表", "2026年预算收入总表", "2026年预算支出总表", "2026年财政拨款收支总表",
        "2026年一般公共预算支出预算表（不含上年结转）",
        "2026年一般公共预算安排基本支出分经济科目表（不含上年结转）",
        "2026年政府性基金预算收入表（不含上年结转）", "2026年政府性基金预算支出表（不含上年结转）",
        "2026年国有资本经营预算收支预算表（不含上年结转）", "2026年财政拨款安排“三公”经费支出预算表",
        "2026年财政拨款安排机关运行经费预算表", "2026年项目支出预算表（本年预算）",
        "2026年项目支出预算表（上年结转）"]
T002 = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算明细表",
        "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表",
        "财政拨款“三公”经费支出决算表", "部门决算公开相关信息统计表"]


# --- helpers ---------------------------------------------------------------------------------

def grid_from_tsv(text: str, page: int = 1) -> list[list[Cell]]:
    """Tab-separated printed rows → a grid (empty cells kept in their column)."""
    grid: list[list[Cell]] = []
    for line in text.splitlines():
        if "\t" not in line:
            continue
        r = len(grid)
        grid.append([Cell(t.strip(), page, r, c) for c, t in enumerate(line.split("\t"))])
    return grid


def table_from_seed(path: Path, title: str, table_id: int = 1, page: int = 1) -> Table:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().lstrip("#").strip() == title)
    unit, rows, started = None, [], False
    for line in lines[start + 1:]:
        if "\t" in line:
            started = True
            rows.append(line)
            continue
        s = line.strip()
        if not s or s == "仅供内部审核":  # blank lines / watermark inside a table (page breaks)
            continue
        if started:
            break
        unit = unit or find_unit(s)
    return Table(table_id=table_id, title=title, grid=grid_from_tsv("\n".join(rows), page),
                 page_from=page, page_to=page, unit_as_printed=unit)


def seed_doc(seed: str) -> Document:
    path, titles = (S001, T001) if seed == "001" else (S002, T002)
    doc = Document(document_id=seed, source_uri=str(path), file_name=path.name, format="text",
                   page_count=1, doc_type="budget" if seed == "001" else "final_account",
                   unit_name="阳泉市司法局" if seed == "001" else "阳城县司法局")
    doc.tables = [table_from_seed(path, t, i + 1, page=i + 1) for i, t in enumerate(titles)]
    interpret_document(doc)
    return doc


@pytest.fixture(scope="module")
def doc001() -> Document:
    return seed_doc("001")


@pytest.fixture(scope="module")
def doc002() -> Document:
    return seed_doc("002")


def items(doc: Document, table_id: int, **where) -> list[LineItem]:
    out = [li for li in doc.line_items if li.table_id == table_id]
    for k, v in where.items():
        out = [li for li in out if getattr(li, k) == v]
    return out


def one(doc: Document, table_id: int, **where) -> LineItem:
    found = items(doc, table_id, **where)
    assert len(found) == 1, (where, found)
    return found[0]


def simple_doc(rows: list[list[str]], title: str, unit: str | None = None,
               doc_type: str = "budget") -> Document:
    grid = [[Cell(t, 3, r, c) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    table = Table(table_id=1, title=title, grid=grid, page_from=3, page_to=3, unit_as_printed=unit)
    doc = Document(document_id="x", source_uri="x", file_name="x", format="pdf", page_count=3,
                   doc_type=doc_type, tables=[table])
    interpret_document(doc)
    return doc


# --- table kinds -----------------------------------------------------------------------------

@pytest.mark.parametrize("title,kind", [
    ("2026年预算收支总表", "income_expenditure_summary"),
    ("2026年部门财务收支预算总表", "income_expenditure_summary"),
    ("收入支出决算总表", "income_expenditure_summary"),
    ("收支预算总表", "income_expenditure_summary"),
    ("2026年预算收入总表", "income_summary"),
    ("收入决算表", "income_summary"),
    ("2026年部门收入预算总表", "income_summary"),
    ("2026年预算支出总表", "expenditure_summary"),
    ("支出决算表", "expenditure_summary"),
    ("2026年财政拨款收支总表", "fiscal_summary"),
    ("财政拨款收入支出决算总表", "fiscal_summary"),
    ("2026年部门财政拨款收支预算总表", "fiscal_summary"),
    ("财政拨款支出预算表（功能科目）", "fiscal_expenditure"),
    ("财政拨款基本支出预算表（经济科目）", "fiscal_basic_expenditure_economic"),
    ("2026年一般公共预算支出预算表（不含上年结转）", "general_budget_expenditure"),
    ("一般公共预算支出预算表（功能科目）", "general_budget_expenditure"),
    ("一般公共预算财政拨款支出决算表", "general_budget_expenditure"),
    ("2026年部门一般公共预算支出功能分类预算表", "general_budget_expenditure"),
    ("2026年一般公共预算安排基本支出分经济科目表（不含上年结转）", "basic_expenditure_economic"),
    ("一般公共预算财政拨款基本支出决算明细表", "basic_expenditure_economic"),
    ("一般公共预算基本支出（经济分类）表", "basic_expenditure_economic"),
    ("2026年部门一般公共预算基本支出部门预算经济分类预算表", "basic_expenditure_economic"),
    ("2026年政府性基金预算收入表（不含上年结转）", "government_fund"),
    ("政府性基金预算财政拨款收入支出决算表", "government_fund"),
    ("2026年国有资本经营预算收支预算表（不含上年结转）", "state_capital"),
    ("国有资本经营预算财政拨款支出决算表", "state_capital"),
    ("2026年财政拨款安排“三公”经费支出预算表", "three_public"),
    ("财政拨款“三公”经费支出决算表", "three_public"),
    ("“三公”经费、会议费、培训费支出预算表", "three_public"),
    ("2026年部门“三公”经费和机关运行经费预算表", "three_public"),
    ("2026年财政拨款安排机关运行经费预算表", "operating_cost"),
    ("一般公共预算机关运行经费支出预算表", "operating_cost"),
    ("2026年项目支出预算表（本年预算）", "project_expenditure"),
    ("2026年项目支出预算表（上年结转）", "project_expenditure_carry_over"),
    ("政府采购预算表", "procurement"),
    ("政府采购支出预算表", "procurement"),
    ("部门决算公开相关信息统计表", "disclosure_statistics"),
    ("项目支出绩效目标表", None),
    ("2024年度项目支出绩效自评表", None),
    ("部门整体支出绩效目标表", None),
])
def test_classify_table_by_meaning(title, kind):
    assert classify_table(title, [], None) == kind


def test_performance_document_prints_no_disclosure_table():
    # Changsha SASAC's 2020 绩效评价报告 p7: the evaluated fund's 项目支出情况表 (预算批复, 预算到位, 实际执行 …)
    assert classify_table("项目支出情况表", ["预算批复", "预算到位", "实际执行"], "performance") is None
    assert classify_table("项目支出情况表", [], "final_account") == "project_expenditure"


def test_classify_untitled_table_by_header():
    assert classify_table("", ["合计", "因公出国（境）费", "公务接待费"], "final_account") == "three_public"


def test_seed_tables_get_their_kinds(doc001, doc002):
    assert [t.table_kind for t in doc001.tables] == [
        "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
        "general_budget_expenditure", "basic_expenditure_economic", "government_fund",
        "government_fund", "state_capital", "three_public", "operating_cost",
        "project_expenditure", "project_expenditure_carry_over"]
    assert [t.table_kind for t in doc002.tables] == [
        "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
        "general_budget_expenditure", "basic_expenditure_economic", "government_fund",
        "state_capital", "three_public", "disclosure_statistics"]
    assert doc001.warnings == [] and doc002.warnings == []


# --- codes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,code", [
    ("一、一般公共服务支出", "201"), ("二、外交支出", "202"), ("四、公共安全支出", "204"),
    ("七、文化旅游体育与传媒支出", "207"), ("八、社会保障和就业支出", "208"),
    ("九、社会保险基金支出", "209"), ("十、卫生健康支出", "210"), ("二十、住房保障支出", "221"),
    ("十四、资源勘探工业信息等支出", "215"), ("十八、自然资源海洋气象等支出", "220"),
    ("二十一、粮油物资储备支出", "222"), ("二十一、国有资本经营预算支出", "223"),
    ("二十三、灾害防治及应急管 理支出", "224"), ("二十四、预备费", "227"), ("二十五、其他支出", "229"),
    ("二十六、转移性支出", "230"), ("二十七、债务还本支出", "231"), ("二十八、债务付息支出", "232"),
    ("二十九、债务发行费用支出", "233"), ("三十、抗疫特别国债安排的支出", "234"),
    ("公共安全支出（类）", "204"), ("医疗卫生与计划生育支出", "210"), ("一、一般公共预算", None),
    ("本年支出合计", None),
])
def test_function_code_for_name(name, code):
    assert function_code_for_name(name) == code


def test_code_normalisation_level_parent():
    assert normalise_code("204 06 01") == "2040601"
    assert normalise_code("２０４０６０１") == "2040601"
    assert normalise_code("合计") is None and normalise_code("12") is None
    assert join_code_parts(["208", "05", "06"]) == "2080506"
    assert join_code_parts(["208", "05", ""]) == "20805"
    assert split_code_prefix("2040601 行政运行") == ("2040601", "行政运行")
    assert split_code_prefix("204 06 01行政运行") == ("2040601", "行政运行")
    assert split_code_prefix("2026年预算数")[0] is None
    assert [code_level(c) for c in ("204", "20406", "2040601")] == [1, 2, 3]
    assert parent_code("2040601") == "20406" and parent_code("20406") == "204"
    assert parent_code("204") is None and parent_code("30101") == "301"


def test_economic_reference_and_lookup():
    ref = {(r["economic_code"], r["scheme"]): r for r in economic_reference()}
    assert ref[("30101", "department")]["economic_name"] == "基本工资"
    assert ref[("30101", "department")]["level"] == "2"
    assert ref[("30101", "department")]["parent_code"] == "301"
    assert ref[("301", "department")]["level"] == "1"
    assert ref[("50101", "government")]["economic_name"] == "工资奖金津补贴"
    assert ref[("502", "government")]["economic_name"] == "机关商品和服务支出"
    depts = {c for c, s in ref if s == "department" and len(c) == 3}
    assert {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399"} <= depts
    assert economic_code_for_name("基本工资") == "30101"
    assert economic_code_for_name("维修(护)费") == "30213"
    assert economic_code_for_name("住房公积金") == "30113"  # 部门 scheme first
    assert economic_code_for_name("住房公积金", scheme="government") == "50103"
    assert economic_code_for_name("工资奖金津补贴") == "50101"
    assert economic_code_for_name("办公设备购置") == "31002"
    assert economic_code_for_name("办公设备购置", parent="309") == "30902"
    assert economic_code_for_name("不存在的科目") is None


# --- measures --------------------------------------------------------------------------------

@pytest.mark.parametrize("header,measure", [
    ("合计", "total"), ("小计", "total"), ("本年收入合计", "total"), ("本年支出合计", "total"),
    ("2026年合计", "total"), ("基本支出", "basic"), ("项目支出", "project"),
    ("人员经费", "personnel"), ("公用经费", "public_funds"), ("一般公共预算", "general_budget"),
    ("一般公共预算财政拨款", "general_budget"), ("政府性基金预算", "government_fund"),
    ("国有资本经营预算", "state_capital"), ("财政专户管理资金", "special_account"),
    ("单位资金", "unit_funds"), ("上年结转", "carry_over"), ("年初结转和结余", "carry_over"),
    ("上年结转安排", "carry_over"), ("年末结转和结余", "year_end_carry_over"),
    ("本年收入", "income"), ("财政拨款收入", "fiscal_appropriation"), ("上级补助收入", "upper_grant"),
    ("事业收入", "business_income"), ("经营收入", "operating_income"),
    ("事业单位经营收入", "operating_income"), ("附属单位上缴收入", "affiliated_income"),
    ("其他收入", "other_income"), ("上缴上级支出", "remittance"),
    ("经营支出", "operating_expenditure"), ("对附属单位补助支出", "subsidy_to_affiliates"),
    ("单位预留机动经费", "reserve"), ("当年预算安排", "current_year"), ("金额", None),
    ("科目名称", None),
])
def test_measure_for_header(header, measure):
    assert measure_for_header(header) == measure


def test_every_measure_is_from_the_list(doc001, doc002):
    for doc in (doc001, doc002):
        assert doc.line_items
        assert {li.measure for li in doc.line_items} <= set(MEASURES)


# --- one-sided function tables ---------------------------------------------------------------

def test_001_income_summary_row(doc001):
    # 001 2026年预算收入总表: 2040601 行政运行 612.11 | 612.11 (本年收入 合计 | 一般公共预算)
    row = items(doc001, 2, subject_code="2040601")
    assert [(li.measure, li.amount_wan, li.item_name) for li in row] == [
        ("total", D("612.11"), "行政运行"), ("general_budget", D("612.11"), "行政运行")]
    li = row[0]
    assert (li.page_number, li.row_number, li.col_number) == (2, 8, 2)
    assert (li.amount_as_printed, li.decimals, li.is_total, li.side, li.unit_name) == (
        "612.11", 2, False, None, None)
    total = items(doc001, 2, item_name="合计")
    assert [(li.measure, li.amount_wan, li.is_total, li.subject_code) for li in total] == [
        ("total", D("2963.41"), True, None), ("general_budget", D("2963.41"), True, None)]
    # empty 政府性基金/…/上年结转 cells give no line items
    assert {li.measure for li in items(doc001, 2)} == {"total", "general_budget"}
    assert len(items(doc001, 2)) == 2 * 28


def test_001_expenditure_summary_basic_and_project(doc001):
    # 001 2026年预算支出总表: 20406 司法 952.21 | 612.11 | 340.10; 2040602 has no 基本支出 printed
    assert [(li.measure, li.amount_wan) for li in items(doc001, 3, subject_code="20406")] == [
        ("total", D("952.21")), ("basic", D("612.11")), ("project", D("340.10"))]
    assert [(li.measure, li.amount_wan) for li in items(doc001, 3, subject_code="2040602")] == [
        ("total", D("320.70")), ("project", D("320.70"))]


def test_002_income_table_with_column_numbers_row(doc002):
    # 002 公开02表: 栏次 row is a header; 2040650 事业运行 142.77 | 142.77 (本年收入合计 | 财政拨款收入)
    assert [(li.measure, li.amount_wan) for li in items(doc002, 2, subject_code="2040650")] == [
        ("total", D("142.77")), ("fiscal_appropriation", D("142.77"))]
    assert all(li.row_number >= 3 for li in items(doc002, 2))


def test_002_expenditure_table(doc002):
    # 002 公开03表 合计 1199.89 | 870.54 | 329.35
    assert [(li.measure, li.amount_wan, li.is_total) for li in items(doc002, 3, item_name="合计")] == [
        ("total", D("1199.89"), True), ("basic", D("870.54"), True), ("project", D("329.35"), True)]


# --- two-sided summary tables ----------------------------------------------------------------

def test_001_income_expenditure_summary_sides(doc001):
    # 001 2026年预算收支总表
    got = [(li.side, li.item_name, li.subject_code, li.measure, li.amount_wan, li.is_total)
           for li in items(doc001, 1)]
    assert got == [
        ("income", "一、一般公共预算", None, "total", D("2963.41"), False),
        ("expenditure", "一、一般公共服务支出", "201", "total", D("3.39"), False),
        ("expenditure", "一、一般公共服务支出", "201", "current_year", D("3.39"), False),
        ("expenditure", "四、公共安全支出", "204", "total", D("2224.91"), False),
        ("expenditure", "四、公共安全支出", "204", "current_year", D("2224.91"), False),
        ("expenditure", "八、社会保障和就业支出", "208", "total", D("458.02"), False),
        ("expenditure", "八、社会保障和就业支出", "208", "current_year", D("458.02"), False),
        ("expenditure", "十、卫生健康支出", "210", "total", D("90.31"), False),
        ("expenditure", "十、卫生健康支出", "210", "current_year", D("90.31"), False),
        ("expenditure", "二十、住房保障支出", "221", "total", D("186.79"), False),
        ("expenditure", "二十、住房保障支出", "221", "current_year", D("186.79"), False),
        ("income", "本年收入合计", None, "total", D("2963.41"), True),
        ("expenditure", "本年支出合计", None, "total", D("2963.41"), True),
        ("expenditure", "本年支出合计", None, "current_year", D("2963.41"), True),
        ("income", "收入总计", None, "total", D("2963.41"), True),
        ("expenditure", "支出总计", None, "total", D("2963.41"), True),
        ("expenditure", "支出总计", None, "current_year", D("2963.41"), True),
    ]


def test_001_fiscal_summary_fund_columns(doc001):
    # 001 2026年财政拨款收支总表: 支出 小计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算
    got = [(li.measure, li.amount_wan, li.col_number) for li in items(doc001, 4, subject_code="221")]
    assert got == [("total", D("186.79"), 3), ("general_budget", D("186.79"), 4)]
    assert one(doc001, 4, item_name="一、一般公共预算").side == "income"


def test_002_summary_with_row_number_columns(doc002):
    # 002 公开01表: 项目 | 行次 | 金额 on both sides; 行次 figures are not amounts
    li = one(doc002, 1, subject_code="210")
    assert (li.side, li.item_name, li.measure, li.amount_wan, li.col_number) == (
        "expenditure", "九、卫生健康支出", "total", D("34.73"), 5)
    inc = one(doc002, 1, side="income", item_name="一、一般公共预算财政拨款收入")
    assert (inc.amount_wan, inc.col_number, inc.subject_code) == (D("1199.89"), 2, None)
    totals = [(li.side, li.item_name) for li in items(doc002, 1, is_total=True)]
    assert totals == [("income", "本年收入合计"), ("expenditure", "本年支出合计"),
                      ("income", "总计"), ("expenditure", "总计")]
    assert {li.amount_wan for li in items(doc002, 1)} <= {
        D("1199.89"), D("67.32"), D("927.95"), D("107.89"), D("34.73"), D("61.99")}


# --- economic classification -----------------------------------------------------------------

def test_002_four_block_economic_table(doc002):
    # 002 公开06表: 科目代码 | 科目名称 | 决算数 ×4 (人员经费 block, 公用经费 blocks)
    li = one(doc002, 6, economic_code="30101")
    assert (li.item_name, li.measure, li.amount_wan, li.col_number) == ("基本工资", "total", D("210.26"), 2)
    assert one(doc002, 6, economic_code="30239").amount_wan == D("27.35")  # 2nd block
    assert one(doc002, 6, economic_code="310").amount_wan == D("11.91")  # 3rd block
    assert one(doc002, 6, economic_code="31002").col_number == 8
    assert one(doc002, 6, economic_code="31013").amount_wan == D("2.68")  # 4th block
    assert items(doc002, 6, economic_code="30901") == []  # printed ——
    totals = [(li.item_name, li.amount_wan, li.col_number) for li in items(doc002, 6, is_total=True)]
    assert totals == [("人员经费合计", D("762.12"), 2), ("公用经费合计", D("108.42"), 11)]
    assert {li.measure for li in items(doc002, 6)} == {"total"}
    assert all(li.subject_code is None for li in items(doc002, 6))
    assert len(items(doc002, 6)) == 33  # 15+1 人员经费, 13+2+1+1 公用经费 printed figures


def test_001_economic_table_without_codes(doc001):
    # 001 基本支出分经济科目表: 部门 name | 政府 name | 合计 | 人员经费 | 公用经费
    got = [(li.economic_code, li.government_economic_name, li.measure, li.amount_wan)
           for li in items(doc001, 6, item_name="基本工资")]
    assert got == [("30101", "工资奖金津补贴", "total", D("596.21")),
                   ("30101", "工资奖金津补贴", "personnel", D("596.21"))]
    got = [(li.economic_code, li.measure, li.amount_wan) for li in items(doc001, 6, item_name="商品和服务支出")]
    assert got == [("302", "total", D("343.36")), ("302", "public_funds", D("343.36"))]
    assert one(doc001, 6, item_name="取暖费", measure="public_funds").economic_code == "30208"
    assert one(doc001, 6, item_name="奖励金", measure="personnel").economic_code == "30309"
    assert [(li.measure, li.amount_wan, li.is_total) for li in items(doc001, 6, item_name="合计")] == [
        ("total", D("2538.32"), True), ("personnel", D("2194.96"), True),
        ("public_funds", D("343.36"), True)]
    # every non-total row got a code from the reference
    assert all(li.economic_code for li in items(doc001, 6) if not li.is_total)


# --- items as columns / as rows (三公) ---------------------------------------------------------

def test_002_three_public_items_as_columns(doc002):
    # 002 公开09表: 预算数 and 决算数 groups; 因公出国（境）费 printed blank
    got = [(li.item_name, li.measure, li.amount_wan, li.is_total, li.col_number)
           for li in items(doc002, 9)]
    assert got == [
        ("合计", "budget", D("38.99"), True, 0),
        ("公务用车购置及运行维护费", "budget", D("38.64"), False, 2),
        ("公务用车购置费", "budget", D("32.68"), False, 3),
        ("公务用车运行维护费", "budget", D("5.96"), False, 4),
        ("公务接待费", "budget", D("0.36"), False, 5),
        ("合计", "final", D("38.99"), True, 6),
        ("公务用车购置及运行维护费", "final", D("38.64"), False, 8),
        ("公务用车购置费", "final", D("32.68"), False, 9),
        ("公务用车运行维护费", "final", D("5.96"), False, 10),
        ("公务接待费", "final", D("0.36"), False, 11),
    ]


def test_001_three_public_items_as_rows(doc001):
    # 001 三公经费支出预算表: items are rows; 合计 | 一般公共预算 | … columns
    got = [(li.item_name, li.measure, li.amount_wan, li.is_total) for li in items(doc001, 10)]
    assert got == [
        ("公务用车购置及运行费", "total", D("21.60"), False),
        ("公务用车购置及运行费", "general_budget", D("21.60"), False),
        ("②公务用车运行维护费", "total", D("21.60"), False),
        ("②公务用车运行维护费", "general_budget", D("21.60"), False),
        ("合计", "total", D("21.60"), True),
        ("合计", "general_budget", D("21.60"), True),
    ]


def test_shanghai_style_three_public_and_operating_cost_columns():
    # Shanghai prints 三公 and 机关运行经费 in one table, items as columns, one figure row
    rows = [["“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"],
            ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费", ""],
            ["", "", "小计", "购置费", "运行费", "", ""],
            ["10.81", "0.00", "9.98", "0.00", "9.98", "0.83", "156.20"]]
    doc = simple_doc(rows, "2026年部门“三公”经费和机关运行经费预算表", unit="万元")
    got = [(li.item_name, li.measure, li.amount_wan) for li in doc.line_items]
    assert got == [("合计", "total", D("10.81")), ("因公出国（境）费", "total", D("0.00")),
                   ("公务用车购置及运行费", "total", D("9.98")), ("购置费", "total", D("0.00")),
                   ("运行费", "total", D("9.98")), ("公务接待费", "total", D("0.83")),
                   ("机关运行经费", "total", D("156.20"))]


# --- multi-unit tables -----------------------------------------------------------------------

def test_001_project_table_units(doc001):
    # 001 项目支出预算表（本年预算）: 部门 row, then each unit's subtotal row and its projects
    got = [(li.item_name, li.unit_name, li.is_total, li.amount_wan)
           for li in items(doc001, 12, measure="total")]
    assert got[:4] == [("阳泉市司法局", "阳泉市司法局", True, D("425.09")),
                       ("阳泉市司法局", "阳泉市司法局", True, D("331.70")),
                       ("提前下达2026年政法转移支付资金（省级）-司法局", "阳泉市司法局", False, D("195.00")),
                       ("晋东公证处政府购买服务经费", "阳泉市司法局", False, D("56.70"))]
    assert ("专业人员聘用补贴", "阳泉市司法局", False, D("18.00")) in got
    assert ("专业人员聘用补贴", "阳泉市强制隔离戒毒所", False, D("23.50")) in got
    assert ("阳泉市强制隔离戒毒所", "阳泉市强制隔离戒毒所", True, D("84.99")) in got
    assert got[-2:] == [("阳泉市法律援助中心", "阳泉市法律援助中心", True, D("8.40")),
                        ("法律援助业务经费", "阳泉市法律援助中心", False, D("8.40"))]
    # 1..7 column-number row is a header: no line item from it
    assert all(li.row_number >= 3 for li in items(doc001, 12))
    projects = [li.amount_wan for li in items(doc001, 12, measure="total", is_total=False)]
    assert sum(projects) == D("425.09")


def test_001_operating_cost_per_unit(doc001):
    # 001 机关运行经费预算表: 部门合计 then one row per unit
    got = [(li.item_name, li.unit_name, li.is_total, li.amount_wan)
           for li in items(doc001, 11, measure="total")]
    assert got == [("部门合计", None, True, D("343.36")),
                   ("阳泉市司法局", "阳泉市司法局", False, D("128.85")),
                   ("阳泉市强制隔离戒毒所", "阳泉市强制隔离戒毒所", False, D("203.90")),
                   ("阳泉市法律援助中心", "阳泉市法律援助中心", False, D("10.61"))]


# --- empty tables ----------------------------------------------------------------------------

def test_empty_tables_give_no_line_items(doc001, doc002):
    for tid in (7, 8, 9, 13):  # 001 政府性基金 ×2, 国有资本经营, 项目支出（上年结转）: 本表无数据
        assert items(doc001, tid) == []
    for tid in (7, 8):  # 002 公开07表, 公开08表
        assert items(doc002, tid) == []


# --- 相关信息统计表 ----------------------------------------------------------------------------

def test_002_disclosure_statistics(doc002):
    # 002 公开10表: 机关运行经费 行政单位 108.42 (money); 车辆数 2 辆 (not money)
    got = [(li.item_name, li.measure, li.amount_wan, li.col_number) for li in items(doc002, 10)]
    assert got == [("机关运行经费：行政单位", "total", D("108.42"), 2)]
    stats = [(s.item_name, s.value, s.unit_as_printed) for s in doc002.statistics]
    assert stats == [("国有资产占用情况：车辆数合计(辆)", D("2"), "辆"),
                     ("国有资产占用情况：执法执勤用车", D("2"), "辆")]


# --- units, zeros, blanks, code forms ----------------------------------------------------------

def test_yuan_converted_exactly_and_zero_kept_blank_dropped():
    rows = [["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"],
            ["类", "款", "项", "", "", "", ""],
            ["", "", "", "合计", "96,282,213.44", "9,015,025.00", "-"],
            ["208", "", "", "社会保障和就业支出", "3,343,704.00", "3,343,704.00", "0.00"],
            ["208", "05", "", "行政事业单位养老支出", "3,343,704.00", "3,343,704.00", ""],
            ["208", "05", "06", "机关事业单位职业年金缴费支出", "919739.00", "919739.00", "0.00"]]
    doc = simple_doc(rows, "2026年部门支出预算总表", unit="元")
    got = [(li.subject_code, li.measure, li.amount_wan, li.amount_as_printed, li.page_number)
           for li in doc.line_items]
    assert got == [
        (None, "total", D("9628.2213440000"), "96,282,213.44", 3),
        (None, "basic", D("901.5025000000"), "9,015,025.00", 3),
        ("208", "total", D("334.3704000000"), "3,343,704.00", 3),
        ("208", "basic", D("334.3704000000"), "3,343,704.00", 3),
        ("208", "project", D("0"), "0.00", 3),
        ("20805", "total", D("334.3704000000"), "3,343,704.00", 3),
        ("20805", "basic", D("334.3704000000"), "3,343,704.00", 3),
        ("2080506", "total", D("91.9739000000"), "919739.00", 3),
        ("2080506", "basic", D("91.9739000000"), "919739.00", 3),
        ("2080506", "project", D("0"), "0.00", 3),
    ]
    assert doc.tables[0].table_kind == "expenditure_summary"


def test_spaced_and_prefixed_codes():
    rows = [["科目编码", "科目名称", "金额"],
            ["204 06 01", "行政运行", "612.11"],
            ["２０４０６０２", "一般行政管理事务", "320.70"]]
    doc = simple_doc(rows, "一般公共预算支出预算表（功能科目）")
    assert [(li.subject_code, li.measure, li.amount_wan) for li in doc.line_items] == [
        ("2040601", "total", D("612.11")), ("2040602", "total", D("320.70"))]
    rows = [["项目", "合计", "基本支出", "项目支出"],
            ["合计", "2963.41", "2538.32", "425.09"],
            ["2040601 行政运行", "612.11", "612.11", ""],
            ["204 08 02 一般行政管理事务", "81.14", "", "81.14"]]
    doc = simple_doc(rows, "2026年预算支出总表")
    assert [(li.subject_code, li.item_name, li.measure) for li in doc.line_items[3:]] == [
        ("2040601", "行政运行", "total"), ("2040601", "行政运行", "basic"),
        ("2040802", "一般行政管理事务", "total"), ("2040802", "一般行政管理事务", "project")]


def test_performance_tables_are_not_financial():
    rows = [["项目名称", "专业人员聘用补贴", "", ""], ["项目资金", "年度资金总额", "180000.00", ""]]
    doc = simple_doc(rows, "项目支出绩效目标表")
    assert doc.tables[0].table_kind is None and doc.line_items == []


# --- self-check: Σ 类 = 合计 in every function-classified table of seed 001 --------------------

@pytest.mark.parametrize("table_id", [2, 3, 5])
def test_001_sum_of_classes_equals_total(doc001, table_id):
    lis = items(doc001, table_id)
    measures = {li.measure for li in lis}
    assert "total" in measures
    for m in measures:
        classes = [li.amount_wan for li in lis if li.measure == m and li.subject_code
                   and len(li.subject_code) == 3]
        total = [li.amount_wan for li in lis if li.measure == m and li.item_name == "合计"]
        assert len(total) == 1 and classes
        assert abs(sum(classes) - total[0]) <= D("0.005") * (len(classes) + 1), (table_id, m)


@pytest.mark.parametrize("table_id", [1, 4])
def test_001_summary_sum_of_classes_equals_expenditure_total(doc001, table_id):
    lis = items(doc001, table_id, side="expenditure")
    for m in {li.measure for li in lis}:
        classes = [li.amount_wan for li in lis if li.measure == m and li.subject_code]
        total = [li.amount_wan for li in lis if li.measure == m and li.item_name == "本年支出合计"]
        # printed figures are rounded: 3.39+2224.91+458.02+90.31+186.79 = 2963.42 against 2963.41
        assert len(total) == 1 and abs(sum(classes) - total[0]) <= D("0.005") * (len(classes) + 1)
    income = [li.amount_wan for li in items(doc001, table_id, side="income", measure="total")
              if not li.is_total]
    assert sum(income) == one(doc001, table_id, item_name="本年收入合计").amount_wan


# --- layouts of the corpus PDFs (grids as the PDF reader prints them) ---------------------------

def test_items_as_columns_with_budget_and_final_under_each_item():
    # Shanghai final account 三公 table: 预算数 | 决算数 under every item; groups must not run on
    rows = [["财政拨款“三公”经费", "", "", "", "", "", "", "", "", "", "", ""],
            ["合计", "", "因公出国（境）费", "", "公务用车购置及运行费", "", "", "", "", "", "公务接待费", ""],
            ["", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行费", "", "", ""],
            ["预算数", "决算数"] * 6,
            ["0.95", "0.36", "", "", "", "", "", "", "", "", "0.95", "0.36"]]
    doc = simple_doc(rows, "财政拨款“三公”经费支出决算表", unit="万元", doc_type="final_account")
    assert [(li.item_name, li.measure, li.amount_wan, li.is_total) for li in doc.line_items] == [
        ("合计", "budget", D("0.95"), True), ("合计", "final", D("0.36"), True),
        ("公务接待费", "budget", D("0.95"), False), ("公务接待费", "final", D("0.36"), False)]


def test_class_item_columns_recognised_from_their_figures():
    # Shanghai 收入决算表: 类 | 款 | 项 columns under one 科目编码 header, 款/项 printed as '06'/'01'
    rows = [["项目", "", "", "", "本年收入合计", "财政拨款收入", "其他收入"],
            ["支出功能分类", "", "", "科目名称", "", "", ""],
            ["科目编码", "", "", "", "", "", ""],
            ["", "", "", "合计", "2,946.25", "2,940.05", "6.20"],
            ["201", "", "", "一般公共服务支出", "2,112.86", "2,106.66", "6.20"],
            ["201", "06", "", "财政事务", "2,112.86", "2,106.66", "6.20"],
            ["201", "06", "01", "行政运行", "1,511.90", "1,511.89", "0.01"],
            ["", "", "02", "一般行政管理事务", "16.19", "10.00", "6.19"]]
    doc = simple_doc(rows, "收入决算表", unit="万元", doc_type="final_account")
    got = [(li.subject_code, li.measure, li.amount_wan) for li in doc.line_items if li.measure == "total"]
    assert got == [(None, "total", D("2946.25")), ("201", "total", D("2112.86")),
                   ("20106", "total", D("2112.86")), ("2010601", "total", D("1511.90")),
                   ("2010602", "total", D("16.19"))]  # 类/款 printed once: taken from the row above
    assert {li.measure for li in doc.line_items} == {"total", "fiscal_appropriation", "other_income"}


def test_economic_class_and_item_columns():
    # Shanghai 经济分类 table: 科目编码 split into 类 | 款
    rows = [["项目", "", "", "一般公共预算基本支出", "", ""],
            ["部门预算经济分类科目编码", "", "经济分类科目名称", "合计", "人员经费", "公用经费"],
            ["类", "款", "", "", "", ""],
            ["301", "", "工资福利支出", "23084662.00", "23084662.00", "0.00"],
            ["301", "01", "基本工资", "2892504.00", "2892504.00", "0.00"]]
    doc = simple_doc(rows, "2026年部门一般公共预算基本支出部门预算经济分类预算表", unit="元")
    got = [(li.economic_code, li.subject_code, li.measure, li.amount_wan) for li in doc.line_items]
    assert got == [("301", None, "total", D("2308.4662")), ("301", None, "personnel", D("2308.4662")),
                   ("301", None, "public_funds", D("0")), ("30101", None, "total", D("289.2504")),
                   ("30101", None, "personnel", D("289.2504")), ("30101", None, "public_funds", D("0"))]


def test_one_unlabelled_row_under_measure_headers_is_the_total_row():
    # Jiangsu 支出预算总表: 合计 | 基本支出 | 项目支出 | 单位预留机动经费 | 结转下年资金, one figure row
    rows = [["合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"],
            ["24169.74", "15844.04", "4335.30", "3990.4", ""]]
    doc = simple_doc(rows, "支出预算总表", unit="万元")
    assert [(li.item_name, li.is_total, li.measure, li.amount_wan) for li in doc.line_items] == [
        ("合计", True, "total", D("24169.74")), ("合计", True, "basic", D("15844.04")),
        ("合计", True, "project", D("4335.30")), ("合计", True, "reserve", D("3990.4"))]


def test_summary_with_two_expenditure_blocks():
    # Jiangsu 收支预算总表: 收入 | 支出 (功能分类 block and 支出用途 block)
    rows = [["收入", "", "支出", "", "", ""],
            ["项目名称", "金额", "功能分类", "", "支出用途", ""],
            ["", "", "功能科目名称", "金额", "项目名称", "金额"],
            ["一、财政拨款", "24,169.74", "一、一般公共服务支出", "", "一、基本支出", "15,844.04"],
            ["", "", "四、公共安全支出", "16,593.12", "", ""],
            ["当年收入小计", "24,169.74", "当年支出小计", "", "", "24,169.74"]]
    doc = simple_doc(rows, "收支预算总表", unit="万元")
    got = [(li.side, li.item_name, li.subject_code, li.amount_wan, li.is_total, li.col_number)
           for li in doc.line_items]
    assert got == [
        ("income", "一、财政拨款", None, D("24169.74"), False, 1),
        ("expenditure", "一、基本支出", None, D("15844.04"), False, 5),
        ("expenditure", "四、公共安全支出", "204", D("16593.12"), False, 3),
        ("income", "当年收入小计", None, D("24169.74"), True, 1),
        ("expenditure", "当年支出小计", None, D("24169.74"), True, 5),
    ]


def test_government_name_column_recognised_from_its_words():
    # seed 003's header comes apart in the text conversion: the 政府 name column has no header
    rows = [["部门预算支出经济科目名称", "", "", "", ""],
            ["政府预算支出经济科目名", "", "", "", ""],
            ["2024年预算数", "", "合计", "人员经费", "公用经费"],
            ["合计", "", "572.97", "524.22", "48.75"],
            ["基本工资", "工资奖金津补贴", "161.57", "161.57", ""],
            ["办公费", "办公经费", "21.20", "", "21.20"],
            ["退休费", "离退休费", "12.35", "12.35", ""]]
    doc = simple_doc(rows, "2024年一般公共预算安排基本支出分经济科目表（不含上年结转）", unit="万元")
    got = [(li.item_name, li.economic_code, li.government_economic_name, li.measure)
           for li in doc.line_items if li.measure != "total"]
    assert got == [("合计", None, None, "personnel"), ("合计", None, None, "public_funds"),
                   ("基本工资", "30101", "工资奖金津补贴", "personnel"),
                   ("办公费", "30201", "办公经费", "public_funds"),
                   ("退休费", "30302", "离退休费", "personnel")]


def test_label_row_then_figure_row_and_figure_off_its_column():
    # PDF grids: a label printed on its own line above its figures; a figure left of its column
    rows = [["科目编码", "", "科目名称", "", "机关运行经费支出"],
            ["合计", "", "", "", ""],
            ["", "", "", "", "2,391.92"],
            ["302", "", "商品和服务支出", "", "2,391.92"],
            ["30201", "", "办公费", "158.00", ""],
            ["30205", "", "水费", "", "16.79"]]
    doc = simple_doc(rows, "一般公共预算机关运行经费支出预算表", unit="万元")
    got = [(li.item_name, li.economic_code, li.is_total, li.measure, li.amount_wan, li.row_number,
            li.col_number) for li in doc.line_items]
    assert got == [("合计", None, True, "total", D("2391.92"), 2, 4),
                   ("商品和服务支出", "302", False, "total", D("2391.92"), 3, 4),
                   ("办公费", "30201", False, "total", D("158.00"), 4, 3),  # printed in column 3
                   ("水费", "30205", False, "total", D("16.79"), 5, 4)]
    assert doc.warnings == []


def test_empty_marker_inside_grid_marks_table_empty():
    rows = [["功能科目编码", "功能科目名称", "金额"], ["合计", "", ""], ["此表为空", "", ""]]
    doc = simple_doc(rows, "政府性基金预算财政拨款支出预算表", unit="万元")
    assert doc.tables[0].is_empty and doc.line_items == []
    assert doc.tables[0].table_kind == "government_fund"


def test_one_bad_table_does_not_lose_the_document(monkeypatch):
    import extract.tables.interpret as interp

    def boom(*a, **k):
        raise ValueError("odd grid")

    doc = seed_doc("002")
    n = len(doc.line_items)
    monkeypatch.setattr(interp, "interpret_statistics", boom)
    doc2 = Document(document_id="y", source_uri="y", file_name="y", format="text", page_count=1,
                    doc_type="final_account", tables=[t for t in doc.tables])
    for t in doc2.tables:
        t.table_kind = None
    interp.interpret_document(doc2)
    assert len(doc2.line_items) == n - 1  # only the statistics table's money row is missing
    assert any("not interpreted" in w for w in doc2.warnings)


def test_procurement_economic_column_and_idempotence():
    # Jiangsu 政府采购支出预算表: the 经济科目 column names the economic class of a row
    rows = [["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"],
            ["合计", "", "", "", "", "2,744.84"],
            ["", "网络、电子检务运行维护费", "信息网络及软件购置更新", "", "", "100.00"],
            ["", "", "", "路由器", "部门集中采购", "25.00"]]
    doc = simple_doc(rows, "政府采购支出预算表", unit="万元")
    got = [(li.item_name, li.economic_code, li.is_total, li.amount_wan) for li in doc.line_items]
    assert got == [("合计", None, True, D("2744.84")),
                   ("网络、电子检务运行维护费", "31007", False, D("100.00")),
                   ("路由器", None, False, D("25.00"))]
    assert doc.tables[0].table_kind == "procurement"
    interpret_document(doc)  # a second run replaces, never doubles
    assert len(doc.line_items) == 3
