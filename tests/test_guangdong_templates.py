"""Guangdong's templates (Shenzhen, Guangzhou, Zhuhai): read as printed, identities hold.

Values read by hand from the PDFs of ../shared/corpus/guangdong (page in each comment: 1-based,
as a viewer numbers them), asserted against ``parse_document`` (no ingest), and the error-level
identities of each document (``expectations.identities``) computed from the parsed line items.

Quirks covered:
- Shenzhen's 262-page human-resources budget prints its tables unit by unit (a 预算单位 column
  filled on the unit's line only; or unit lines among the 经济分类 lines; or one unit per row),
  with long continuations: every row carries its unit, and the units never merge or mix.
- Guangdong's 部门预算基本支出预算表 / 项目支出预算表: 总计 | 财政拨款 (合计, 一般公共预算, 政府性基金,
  国有资本经营) | 财政专户拨款 | 其他资金, unit lines among 类 lines (工资和福利支出, 其他资本性等支出).
- Shenzhen's 收支总表 / 财政拨款收支总表 income side: numbered parts under an unnumbered heading
  (财政拨款 / 1.一般公共预算拨款), 上年结余、结转 / 1.财政拨款结余、结转 / 2.非财政拨款结余、结转.
- Shenzhen's 三公 table: years as rows (2025年, 2026年, 增减变化金额) → prior_year and change.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from expectations import identities as ids
from extract.tables.measures import measure_for_header
from tests.conftest import parsed_corpus
from tests.parsed_documents import check_results, items_of, one_item, table_of_kind

GUANGDONG = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "guangdong"
HR = "shenzhen-human-resources-bureau-2026-budget.pdf"
FINANCE = "shenzhen-finance-bureau-2026-budget.pdf"
ZHUHAI = "zhuhai-commerce-bureau-2026-budget.pdf"
GUANGZHOU = "guangzhou-justice-bureau-2026-budget.pdf"

D = Decimal

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not GUANGDONG.is_dir(), reason="corpus not available")]


def _doc(name: str):
    return parsed_corpus(f"guangdong/{name}")


_table, _items, _one = table_of_kind, items_of, one_item


def _results(doc, table_id=None):
    res = check_results(doc, fill_unit=True)
    return [r for r in res if table_id is None or r.table_id == table_id]


# ---------------------------------------------------------------------------------------------
# comparison columns: measures, not money


@pytest.mark.parametrize("header,measure", [
    ("上年预算数", "prior_year"), ("上年执行数", "prior_year"), ("上年决算数", "prior_year"),
    ("增减额", "change"), ("增减变化金额", "change"), ("比上年增减", "change"),
    ("上年结余、结转", "carry_over"), ("上年结转", "carry_over"), ("其他资金", "unit_funds"),
])
def test_comparison_and_guangdong_headers_map_to_measures(header, measure):
    assert measure_for_header(header) == measure


# ---------------------------------------------------------------------------------------------
# Shenzhen human resources: 262 pages, 21 units and the department, unit by unit


UNITS = 22  # the department's line and its 21 units (收入总表, p62-64)


def test_multi_unit_tables_repeat_unit_by_unit():
    doc = _doc(HR)
    exp = _table(doc, "expenditure_summary")  # 支出总表, p65-113
    assert (exp.page_from, exp.page_to) == (65, 113)
    # p65: the department's line, then 深圳市人力资源和社会保障局（本级） and its lines
    dept = _one(doc, exp, item_name="深圳市人力资源和社会保障局", measure="total")
    assert dept.amount_wan == D("571347.93") and dept.is_total and dept.page_number == 65
    own = _one(doc, exp, item_name="深圳市人力资源和社会保障局（本级）", measure="total")
    assert own.amount_wan == D("156491.01") and own.is_total
    assert own.unit_name == "深圳市人力资源和社会保障局（本级）"
    # 205 教育支出 is printed under every unit that spends on it: 13,184.10 (本级, p65) and 3.08
    # (数据管理中心, p69)
    edu = {li.unit_name: li.amount_wan for li in _items(doc, exp, subject_code="205", measure="total")}
    assert edu["深圳市人力资源和社会保障局（本级）"] == D("13184.10")
    assert edu["深圳市人力资源和社会保障数据管理中心"] == D("3.08")
    # p66: 2080101 行政运行 8,855.71 of the 本级, on a continuation page without its unit line
    run = _items(doc, exp, subject_code="2080101", measure="basic")[0]
    assert (run.amount_wan, run.page_number) == (D("8855.71"), 66)
    assert run.unit_name == "深圳市人力资源和社会保障局（本级）"
    # every table printed unit by unit has the same units, and none merges into another
    income_units = {li.unit_name for li in _items(doc, _table(doc, "income_summary"))}
    assert len(income_units) == UNITS and None not in income_units
    for kind in ("expenditure_summary", "basic_expenditure_economic", "project_expenditure",
                 "general_budget_expenditure", "general_budget_expenditure_economic",
                 "three_public", "government_fund", "state_capital"):
        t = _table(doc, kind)
        assert {li.unit_name for li in _items(doc, t)} == income_units, kind


def test_rows_per_unit_carry_unit_name():
    doc = _doc(HR)
    econ = _table(doc, "basic_expenditure_economic")  # 基本支出总表: unit lines among 类 lines
    # p116: 深圳市人力资源和社会保障数据管理中心 2,161.63; its 工资福利支出 2,019.66, 绩效工资 730.62
    unit = "深圳市人力资源和社会保障数据管理中心"
    head = _one(doc, econ, item_name=unit, measure="total")
    assert head.amount_wan == D("2161.63") and head.is_total and head.unit_name == unit
    wages = _one(doc, econ, unit_name=unit, economic_code="301", measure="total")
    assert (wages.amount_wan, wages.page_number) == (D("2019.66"), 116)
    perf = _one(doc, econ, unit_name=unit, item_name="绩效工资", measure="total")
    assert perf.amount_wan == D("730.62") and perf.economic_code == "30107"
    # p62: 收入总表 prints one unit per row; the department's row is the total of the others
    inc = _table(doc, "income_summary")
    exam = _one(doc, inc, item_name="深圳市考试院", measure="total")
    assert exam.amount_wan == D("15368.50") and exam.unit_name == "深圳市考试院"
    assert not exam.is_total
    assert _one(doc, inc, unit_name="深圳市考试院", measure="business_income").amount_wan == D("6035.54")
    assert _one(doc, inc, item_name="深圳市人力资源和社会保障局", measure="total").is_total
    # 项目支出总表: 深圳鹏城技师学院 19,532.59 (p152) and its project 技工教育管理 12,406.53 (p153)
    proj = _table(doc, "project_expenditure")
    p = [li for li in _items(doc, proj, item_name="技工教育管理", measure="total")
         if li.unit_name == "深圳鹏城技师学院"]
    assert [li.amount_wan for li in p] == [D("12406.53")]


def test_procurement_subtotal_column_is_no_total():
    """支出总表 p65: 2026年政府采购项目 | 小计 39,591.53 beside 支出总计 571,347.93 is no `total`."""
    doc = _doc(HR)
    exp = _table(doc, "expenditure_summary")
    dept = _items(doc, exp, item_name="深圳市人力资源和社会保障局")
    assert [li.amount_wan for li in dept if li.measure == "total"] == [D("571347.93")]
    assert D("39591.53") not in {li.amount_wan for li in dept}


def test_multi_unit_identities_hold_unit_by_unit():
    doc = _doc(HR)
    res = _results(doc)
    assert [(r.check_name, r.page_number, r.item_name, r.measure) for r in res
            if r.severity == "error" and r.status == "fail"] == []
    by_name = {}
    for r in res:
        by_name.setdefault((r.table_kind, r.check_name), []).append(r)
    # the department's line = Σ the units' lines, per measure (支出总表: total, basic, project,
    # operating, subsidy, remittance)
    units_total = by_name[("expenditure_summary", "table_total_equals_sum_of_units")]
    assert len(units_total) == 6 and all(r.status == "pass" for r in units_total)
    # each unit's line = Σ its 类 (21 units × 6 measures)
    assert len(by_name[("expenditure_summary", "table_total_equals_sum_of_classes")]) == 21 * 6
    # 三公 of each unit (and the department): 5 measures (3 sources, prior_year, change)
    assert len(by_name[("three_public", "three_public_total_equals_sum_of_items")]) == UNITS * 5


def test_three_public_years_as_rows_give_prior_year_and_change():
    """Shenzhen finance p38: 预算单位 | 年度 (2025年, 2026年, 增减变化金额) | 总计 | 因公出国(境)费 | …,
    each split into 一般公共预算 | 政府性基金预算 | 国有资本经营预算."""
    doc = _doc(FINANCE)
    tp = _table(doc, "three_public")
    gb = {(li.item_name, li.measure): li.amount_wan for li in _items(doc, tp)
          if li.col_number in (2, 5, 8, 11, 14, 17)}  # the 一般公共预算 columns
    assert gb[("总计", "prior_year")] == D("59.66")
    assert gb[("总计", "general_budget")] == D("58.46")
    assert gb[("总计", "change")] == D("-1.20")
    assert gb[("因公出国(境)费", "general_budget")] == D("41.60")
    assert gb[("公务接待费", "general_budget")] == D("9.46")
    assert gb[("公务用车购置及运行维护费", "general_budget")] == D("7.40")
    assert gb[("公务用车运行维护费", "prior_year")] == D("8.60")
    assert {li.unit_name for li in _items(doc, tp)} == {"深圳市财政局（本级）"}
    assert not [li for li in _items(doc, tp) if li.item_name in ("2025年", "2026年", "增减变化金额")]


def test_summary_income_side_numbered_parts_under_heading():
    """Shenzhen finance 财政拨款收支总表 p28-30: 财政拨款 36,989.05 over 1.一般公共预算拨款 36,989.05,
    2./3. 0.00; 本年收入合计 36,989.05; 上年结余、结转 396.83 over 1.一般公共预算拨款结余、结转 396.83;
    收入总计 37,385.88 (收支总表 p16-18 alike, with 1.财政拨款结余、结转 / 2.非财政拨款结余、结转)."""
    doc = _doc(FINANCE)
    for kind in ("fiscal_summary", "income_expenditure_summary"):
        t = _table(doc, kind)
        inc = {li.item_name: li.amount_wan for li in _items(doc, t, side="income")}
        assert inc["本年收入合计"] == D("36989.05")
        assert inc["上年结余、结转"] == D("396.83")
        assert inc["收入总计"] == D("37385.88")
        res = {r.check_name: r for r in _results(doc, t.table_id)}
        for name in ("income_current_total_equals_sum_of_lines",
                     "income_grand_total_equals_current_plus_carry_over",
                     "income_total_equals_expenditure_total"):
            assert res[name].status == "pass", (kind, name, res[name])
            assert res[name].expected in (D("36989.05"), D("37385.88"))


# ---------------------------------------------------------------------------------------------
# Zhuhai / Guangzhou: 部门预算基本支出预算表 and 项目支出预算表


def test_basic_expenditure_by_unit_with_class_names():
    """Zhuhai commerce p21: 合计 7,519.44; 珠海市贸易服务中心 1,069.53 = 工资和福利支出 703.41 +
    商品和服务支出 69.17 + 对个人和家庭的补助 294.79 + 其他资本性等支出 2.16."""
    doc = _doc(ZHUHAI)
    t = [t for t in doc.tables if t.title == "部门预算基本支出预算表"][0]
    unit = "珠海市贸易服务中心"
    lines = [li for li in _items(doc, t, unit_name=unit, measure="total")]
    assert [(li.item_name, li.amount_wan, li.economic_code, li.is_total) for li in lines] == [
        (unit, D("1069.53"), None, True),
        ("工资和福利支出", D("703.41"), "301", False),
        ("商品和服务支出", D("69.17"), "302", False),
        ("对个人和家庭的补助", D("294.79"), "303", False),
        ("其他资本性等支出", D("2.16"), None, False),
    ]
    assert _one(doc, t, item_name="合计", measure="total").unit_name is None
    res = [r for r in _results(doc, t.table_id) if r.check_name == "economic_total_equals_sum_of_classes"]
    assert res and all(r.status == "pass" for r in res)
    assert {r.item_name for r in res} == {"珠海市商务局", unit, "珠海市会议展览局"}


def test_fiscal_appropriation_group_subtotal_and_other_funds():
    """Zhuhai commerce p22, 部门预算项目支出及其他支出预算表, 合计 row: 总计 58,788.54 | 财政拨款 合计
    58,786.90 | 一般公共预算 58,689.10 | 政府性基金预算 97.80 | 国有资本经营预算 0.00 | 财政专户拨款 0.00 |
    其他资金 1.64."""
    doc = _doc(ZHUHAI)
    t = _table(doc, "project_expenditure")
    row = {li.measure: li.amount_wan for li in _items(doc, t, item_name="合计")}
    assert row == {"total": D("58788.54"), "fiscal_appropriation": D("58786.90"),
                   "general_budget": D("58689.10"), "government_fund": D("97.80"),
                   "state_capital": D("0.00"), "special_account": D("0.00"), "unit_funds": D("1.64")}
    # p22: 市特色会展产业链党委党建工作经费 0.84, all of it 其他资金, in 珠海市商务局
    p = _one(doc, t, item_name="市特色会展产业链党委党建工作经费", measure="unit_funds")
    assert p.amount_wan == D("0.84") and p.unit_name == "珠海市商务局"


@pytest.mark.parametrize("name", [ZHUHAI, GUANGZHOU, FINANCE])
def test_guangdong_documents_reconcile(name):
    doc = _doc(name)
    fails = [(r.check_name, r.page_number, r.item_name, r.measure, r.expected, r.actual)
             for r in _results(doc) if r.severity == "error" and r.status == "fail"]
    assert fails == []


def test_three_public_line_san_gong_is_the_total():
    """Zhuhai commerce p18: 行政经费 10,884.55; “三公”经费 19.84 = 因公出国（境）13.20 + 公务用车 0.00 +
    公务接待 6.64."""
    doc = _doc(ZHUHAI)
    t = _table(doc, "three_public")
    res = [r for r in _results(doc, t.table_id) if r.check_name == "three_public_total_equals_sum_of_items"]
    assert res and all(r.status == "pass" for r in res)
    assert {r.expected for r in res if r.measure == "total"} == {D("19.84")}


def test_prior_year_and_change_are_no_parts_of_this_years_sums():
    """A row printing 合计 | 基本支出 | 项目支出 beside 上年预算数 and 增减额: only this year's figures
    take part in 合计 = 基本支出 + 项目支出."""
    def item(measure, amount, col):
        return {"document_id": "d", "table_id": 1, "table_kind": "general_budget_expenditure",
                "page_number": 1, "row_number": 3, "item_name": "合计", "is_total": True,
                "measure": measure, "amount_wan": D(amount), "decimals": 2, "col_number": col}
    items = [item("prior_year", "90.00", 2), item("total", "100.00", 3), item("basic", "60.00", 4),
             item("project", "40.00", 5), item("change", "10.00", 6)]
    res = [r for r in ids.check_line_items(items, across_tables=False)
           if r.check_name == "row_total_equals_basic_plus_project"]
    assert [(r.status, r.expected, r.actual) for r in res] == [("pass", D("100.00"), D("100.00"))]


def test_bracketed_codes_are_codes():
    """Guangzhou justice p15 一般公共预算支出情况表: [20407]监狱 41,937.75, [2040699]其他司法支出 项目支出
    3,014.96; Zhuhai commerce p15 基本支出 by 经济分类: [30102]津贴补贴 2,532.78."""
    gz = _doc(GUANGZHOU)
    t = _table(gz, "general_budget_expenditure")
    prison = _one(gz, t, subject_code="20407", measure="total")
    assert (prison.amount_wan, prison.item_name, prison.page_number) == (D("41937.75"), "监狱", 15)
    assert _one(gz, t, subject_code="2040699", measure="project").amount_wan == D("3014.96")
    zh = _doc(ZHUHAI)
    e = [t for t in zh.tables if t.table_kind == "basic_expenditure_economic" and t.page_from == 15][0]
    assert _one(zh, e, economic_code="30102", measure="total").amount_wan == D("2532.78")
    res = {(r.check_name, r.status) for r in _results(gz, t.table_id)}
    assert ("section_equals_sum_of_items", "pass") in res
    assert not any(s == "fail" for _, s in res if _ != "one_name_per_code")


def test_special_account_kinds_are_no_total():
    """Guangzhou justice p9 收入总体情况表, 合计 row: 合计 174,177.85 | … | 财政专户拨款收入: 教育收费 0.00,
    其他专户收入拨款 0.00 | …: only the first is the row's total."""
    doc = _doc(GUANGZHOU)
    t = _table(doc, "income_summary")
    row = _items(doc, t, item_name="合计")
    assert [li.amount_wan for li in row if li.measure == "total"] == [D("174177.85")]
    assert [(li.col_number, li.amount_wan) for li in row if li.measure == "special_account"] == [
        (5, D("0.00")), (6, D("0.00"))]


def test_unit_blocks_survive_the_document_unit_filled_in():
    """The marts give a row without a unit the document's unit: Zhuhai's 合计 line (p21) then gets
    珠海市商务局, the name of the first unit printed under it. The checks go by printed blocks."""
    def item(row, name, amount, unit, is_total=False, code=None):
        return {"document_id": "d", "table_id": 11, "table_kind": "basic_expenditure_economic",
                "page_number": 21, "row_number": row, "item_name": name, "is_total": is_total,
                "unit_name": unit, "economic_code": code, "measure": "total",
                "amount_wan": D(amount), "decimals": 2, "col_number": 1}
    a, b = "珠海市商务局", "珠海市会议展览局"
    items = [item(2, "合计", "300.00", a, True), item(3, a, "200.00", a, True),
             item(4, "工资福利支出", "150.00", a, code="301"), item(5, "商品和服务支出", "50.00", a, code="302"),
             item(6, b, "100.00", b, True), item(7, "工资福利支出", "100.00", b, code="301")]
    res = ids.check_line_items(items, across_tables=False)
    assert sorted((r.check_name, r.item_name, r.status) for r in res) == [
        ("economic_total_equals_sum_of_classes", b, "pass"),
        ("economic_total_equals_sum_of_classes", a, "pass"),
        ("table_total_equals_sum_of_units", "合计", "pass")]
