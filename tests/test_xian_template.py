"""Xi'an's 部门综合预算 template (陕西 西安): read as printed, identities hold.

Values read by hand from the PDFs of ../shared/corpus/shaanxi (page in each comment: 1-based, as a
viewer numbers them; pdfplumber's text of the page, and the page rendered where a cell was cut),
asserted against ``parse_document`` (no ingest); the error-level identities of each document
(``expectations.identities``) are computed from the parsed line items.

Quirks covered:
- tables in 元 in a document whose text speaks 万元 (2026 finance and justice bureaus);
- a 单位编码 | 单位名称 pair of columns: every row is a unit (收入总表, 支出总表, 三公), the codes
  116 / 116001 are no function codes; a unit column '[242001]西安市人力资源和社会保障局' beside the
  project names; tables printed unit by unit with the unit's code in the 功能科目编码 column
  (2019: 125001 西安市安全生产监督管理局, then its 208 / 05 / 2080505 lines);
- 一般公共预算拨款 over 小计 | 其中：专项资金列入部门预算项目: the 小计 is the group's money, the 其中
  column is part of it (no line item); 上年实户资金余额 is the unit's own money;
- 专项业务经费支出 is Xi'an's 项目支出 beside 人员经费支出 and 公用经费支出;
- the 收支总表 lists 功能分类, 部门经济分类 and 政府经济分类 side by side on its expenditure side;
- 款 printed as two digits under its 类 ('10' under 201 is 20110);
- a 部门经济科目 printed once per 政府经济科目 (30101 基本工资 with 50101 and with 50501), and
  seven-digit items (3010201 津贴补贴) where their 款 is not printed;
- the 三公 table: 上年 (or the year before) | 当年 | 增减变化情况 column groups, one row per unit
  (prior_year, total, change); the final account's 预算数 / 决算数 rows (budget, final);
- a label wider than its cell, clipped on the page, whose hidden glyphs sat over the next cell.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from expectations import identities as ids
from extract.tables.measures import measure_for_header
from tests.conftest import parsed_corpus
from tests.parsed_documents import check_results, items_of, one_item, table_of_kind

SHAANXI = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "shaanxi"
FINANCE = "xian-finance-bureau-2026-budget.pdf"
JUSTICE = "xian-justice-bureau-2026-budget.pdf"
HR = "xian-human-resources-bureau-2020-budget.pdf"
SAFETY = "xian-work-safety-bureau-2019-budget-tables.pdf"
HEALTH = "xian-health-commission-2022-final-account.pdf"

D = Decimal

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not SHAANXI.is_dir(), reason="corpus not available")]


def yuan(printed: str) -> Decimal:
    """A figure printed in 元 as its exact 万元 value."""
    return D(printed.replace(",", "")).scaleb(-4)


def _doc(name: str):
    return parsed_corpus(f"shaanxi/{name}")


_table, _items, _one = table_of_kind, items_of, one_item


def _errors(doc) -> list[tuple]:
    res = check_results(doc)
    return sorted((r.page_number, r.check_name, r.item_name, r.measure) for r in res
                  if r.severity == "error" and r.status == "fail")


# ---------------------------------------------------------------------------------------------
# headers


@pytest.mark.parametrize("header,measure", [
    ("专项业务经费支出", "project"), ("人员经费支出", "personnel"), ("公用经费支出", "public_funds"),
    ("上年实户资金余额", "unit_funds"), ("用事业基金弥补收支差额", "unit_funds"),
    ("公共预算拨款", "general_budget"), ("上年结转", "carry_over"),
])
def test_xian_headers_map_to_measures(header, measure):
    assert measure_for_header(header) == measure


@pytest.mark.parametrize("header,measure", [
    ("上年预算数", "prior_year"), ("上年执行数", "prior_year"), ("上年决算数", "prior_year"),
    ("增减额", "change"), ("比上年增减", "change"), ("增减率", None), ("增减率（%）", None),
])
def test_comparison_headers(header, measure):
    assert measure_for_header(header) == measure


def test_comparison_columns_leave_the_sums_alone():
    """合计 | 基本支出 | 项目支出 | 上年预算数 | 增减额 | 增减率: prior_year and change are figures of
    their own (no part of 合计), 增减率 is no money; the row and 类/款 identities hold."""
    from extract.model import Cell, Document, Table
    from extract.tables.interpret import interpret_document
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上年预算数", "增减额", "增减率"],
            ["", "合计", "120.00", "100.00", "20.00", "110.00", "10.00", "9.09%"],
            ["201", "一般公共服务支出", "120.00", "100.00", "20.00", "110.00", "10.00", "9.09%"],
            ["20101", "人大事务", "120.00", "100.00", "20.00", "110.00", "10.00", "9.09%"]]
    grid = [[Cell(t, 3, r, c) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    table = Table(table_id=1, title="一般公共预算支出表", grid=grid, page_from=3, page_to=3,
                  unit_as_printed="万元")
    doc = Document(document_id="x", source_uri="x", file_name="x", format="pdf", page_count=3,
                   doc_type="budget", tables=[table])
    interpret_document(doc)
    assert {li.measure for li in doc.line_items} == {"total", "basic", "project", "prior_year",
                                                     "change"}
    assert not [li for li in doc.line_items if "%" in li.amount_as_printed]
    res = ids.check_line_items([dict(li.__dict__, document_id="x", table_kind=table.table_kind,
                                     unit_as_printed="万元") for li in doc.line_items])
    assert res and all(r.status == "pass" for r in res)
    assert {r.measure for r in res if r.check_name == "class_equals_sum_of_sections"} >= {
        "prior_year", "change"}


# ---------------------------------------------------------------------------------------------
# 元 tables


def test_yuan_table_in_wan_document():
    doc = _doc(FINANCE)
    gbe = _table(doc, "general_budget_expenditure")
    assert gbe.unit_as_printed == "元"
    # p29 表5: 2010601 行政运行 47,020,229.82 | 人员经费支出 43,288,157.34 | 公用经费支出 3,732,072.48
    run = _one(doc, gbe, subject_code="2010601", measure="total")
    assert (run.amount_wan, run.amount_as_printed, run.page_number) == (
        yuan("47,020,229.82"), "47,020,229.82", 29)
    assert _one(doc, gbe, subject_code="2010601", measure="personnel").amount_wan == yuan("43,288,157.34")
    assert _one(doc, gbe, subject_code="2010601", measure="public_funds").amount_wan == yuan("3,732,072.48")


def test_special_business_funds_are_project_spending():
    doc = _doc(FINANCE)
    gbe = _table(doc, "general_budget_expenditure")
    # p29: 合计 303,312,586.17 = 人员经费支出 74,582,857.23 + 公用经费支出 4,525,392.94
    #      + 专项业务经费支出 224,204,336.00
    total = {li.measure: li.amount_wan for li in _items(doc, gbe, item_name="合计")}
    assert total == {"total": yuan("303,312,586.17"), "personnel": yuan("74,582,857.23"),
                     "public_funds": yuan("4,525,392.94"), "project": yuan("224,204,336.00")}
    # p29: 20504 成人教育 专项业务经费支出 704,000.00
    assert _one(doc, gbe, subject_code="20504", measure="project").amount_wan == yuan("704,000.00")


# ---------------------------------------------------------------------------------------------
# units


def test_unit_column_gives_each_row_its_unit():
    doc = _doc(FINANCE)
    inc = _table(doc, "income_summary")
    # p26 表2 收入总表: 116003 西安市财政投资评审中心 33,443,514.04; 116008 西安市政府债务管理中心
    # 2,763,107.95 (合计 and 一般公共预算拨款 小计 alike)
    review = _one(doc, inc, unit_name="西安市财政投资评审中心", measure="total")
    assert review.amount_wan == yuan("33,443,514.04") and review.subject_code is None
    debt = _one(doc, inc, unit_name="西安市政府债务管理中心", measure="general_budget")
    assert debt.amount_wan == yuan("2,763,107.95")
    # the unit codes are no function codes
    assert not [li for li in _items(doc, inc) if li.subject_code]
    # 116 (the department) and 116001 (its 局机关) both print 西安市财政局: two rows of that unit
    own = sorted(li.amount_wan for li in _items(doc, inc, unit_name="西安市财政局", measure="total"))
    assert own == [yuan("243,320,262.84"), yuan("303,312,586.17")]


def test_unit_column_beside_project_names():
    doc = _doc(HR)
    proj = _table(doc, "project_expenditure")
    # p42 表11: [242001]西安市人力资源和社会保障局 | 高技能人才奖励资金 | 480
    award = _one(doc, proj, item_name="高技能人才奖励资金")
    assert (award.amount_wan, award.unit_name) == (D("480"), "西安市人力资源和社会保障局")


def test_tables_printed_unit_by_unit_with_unit_codes():
    doc = _doc(SAFETY)
    gbe = _table(doc, "general_budget_expenditure")
    # p7 表5: 125001 西安市安全生产监督管理局 2,080.32, then its lines: 224 / 01 应急管理事务 1,861.49
    head = _one(doc, gbe, item_name="西安市安全生产监督管理局", measure="total")
    assert head.amount_wan == D("2080.32") and head.is_total and head.subject_code is None
    bureau = _one(doc, gbe, subject_code="22401", unit_name="西安市安全生产监督管理局",
                  measure="total")
    assert (bureau.amount_wan, bureau.page_number) == (D("1861.49"), 7)
    # p9: 125004 西安市安全生产应急救援中心 2240108 应急救援 人员经费支出 93.49
    rescue = _one(doc, gbe, subject_code="2240108", measure="personnel")
    assert (rescue.amount_wan, rescue.unit_name) == (D("93.49"), "西安市安全生产应急救援中心")
    # 2240106 安全监管 is printed under three units: 1,008.45 (p7), 413.58 (p8), 747.66 (p9)
    by_unit = {li.unit_name: li.amount_wan
               for li in _items(doc, gbe, subject_code="2240106", measure="total")}
    assert by_unit == {"西安市安全生产监督管理局": D("1008.45"),
                       "西安市安全生产宣传教育中心": D("413.58"),
                       "西安市安全生产执法监察支队": D("747.66")}


# ---------------------------------------------------------------------------------------------
# group subtotal, 其中 column, the unit's own money


def test_group_subtotal_and_of_which_column():
    doc = _doc(JUSTICE)
    inc = _table(doc, "income_summary")
    # p31 表2: 154002 西安市法律援助中心 合计 12,370,648.27 | 一般公共预算拨款 小计 12,370,648.27 |
    # 其中：专项资金列入部门预算项目 1,130,000.00 (part of the 小计: no line item)
    got = {li.measure: li.amount_wan for li in _items(doc, inc, unit_name="西安市法律援助中心")}
    assert got == {"total": yuan("12,370,648.27"), "general_budget": yuan("12,370,648.27")}
    assert not [li for li in doc.line_items if li.amount_as_printed == "1,130,000.00"
                and li.table_id == inc.table_id]


def test_prior_balance_is_the_units_own_money():
    doc = _doc(SAFETY)
    inc = _table(doc, "income_summary")
    # p4 表2: 125001 西安市安全生产监督管理局 总计 2,123.93 = 一般公共预算拨款 2,080.32 + 上年结转 11.61
    # + 上年实户资金余额 32.00
    got = {li.measure: li.amount_wan for li in _items(doc, inc, unit_name="西安市安全生产监督管理局")}
    assert got == {"total": D("2123.93"), "general_budget": D("2080.32"), "carry_over": D("11.61"),
                   "unit_funds": D("32.00")}


# ---------------------------------------------------------------------------------------------
# 收支总表: three listings on the expenditure side


def test_summary_lists_function_and_economic_classes_side_by_side():
    doc = _doc(HR)
    ies = _table(doc, "income_expenditure_summary")
    # p29 表1: 5、教育 3873.12 (功能分类) | (2)商品和服务支出 621.37 (部门经济分类) |
    # 3、机关资本性支出（一） 254.55 (政府经济分类), on one printed line with 3、国防 0
    assert _one(doc, ies, subject_code="205").amount_wan == D("3873.12")
    dept = _items(doc, ies, economic_code="302")
    assert [li.amount_wan for li in dept] == [D("621.37"), D("4074.39")]  # 基本 and 专项 blocks
    assert _one(doc, ies, item_name="3、机关资本性支出（一）").economic_code == "503"
    assert _one(doc, ies, item_name="1、机关工资福利支出").amount_wan == D("5900.98")


def test_clipped_label_stays_in_its_cell():
    doc = _doc(SAFETY)
    ies = _table(doc, "income_expenditure_summary")
    # p3 (rendered): '1、人员经费和公用经费支' is cut at its cell's edge; the hidden 出 was drawn over
    # the figure's cell (2,022.39)
    line = _one(doc, ies, item_name="1、人员经费和公用经费支出")
    assert line.amount_wan == D("2022.39")
    assert _one(doc, ies, item_name="3、机关资本性支出（一）").amount_wan == D("104.31")


# ---------------------------------------------------------------------------------------------
# codes


def test_section_printed_as_two_digits_under_its_class():
    doc = _doc(HR)
    gbe = _table(doc, "general_budget_expenditure")
    # p33 表5: 201 一般公共服务支出 / 10 人力资源事务 56.52 / 03 (under 205) 职业教育 3523.12
    assert _one(doc, gbe, subject_code="20110", measure="total").amount_wan == D("56.52")
    assert _one(doc, gbe, subject_code="20503", measure="total").item_name == "职业教育"
    # p34 (continued): 26 财政对基本养老保险基金的补助 30000 under 208
    assert _one(doc, gbe, subject_code="20826", measure="total").amount_wan == D("30000")


def test_economic_code_printed_once_per_government_class():
    doc = _doc(HR)
    econ = _table(doc, "general_budget_expenditure_economic")
    # p35 表6: 30101 基本工资 50501 347.14 and 50101 1242.25; 3010201 津贴补贴 1342.73 and 132.41
    basic = _items(doc, econ, economic_code="30101", measure="total")
    assert [(li.government_economic_name, li.amount_wan) for li in basic] == [
        ("工资福利支出", D("347.14")), ("工资奖金津补贴", D("1242.25"))]
    allowance = _items(doc, econ, economic_code="3010201", measure="total")
    assert [li.amount_wan for li in allowance] == [D("1342.73"), D("132.41")]
    # 301 工资福利支出 7804.52 = Σ every printed 301xx line
    res = [r for r in ids.check_line_items(
        [dict(li.__dict__, document_id="d", table_kind=econ.table_kind, unit_as_printed="万元")
         for li in _items(doc, econ)]) if r.check_name == "economic_class_equals_sum_of_items"]
    assert res and all(r.status == "pass" for r in res)
    wages = [r for r in res if r.subject_code == "301" and r.measure == "total"]
    assert wages[0].expected == D("7804.52")


# ---------------------------------------------------------------------------------------------
# 三公


def test_comparison_columns_prior_year_and_change():
    doc = _doc(FINANCE)
    tp = _table(doc, "three_public")
    # p43 表13 (rendered): 116005 西安市财政国库支付中心 上年 合计 270,000.00 / 会议费 30,000.00 /
    # 培训费 240,000.00; 当年 254,900.00 / 26,000.00 / 228,900.00; 增减变化情况 -15,100.00 /
    # -4,000.00 / -11,100.00
    unit = "西安市财政国库支付中心"
    got = {(li.item_name, li.measure): li.amount_wan for li in _items(doc, tp, unit_name=unit)}
    assert got == {
        ("合计", "prior_year"): yuan("270,000.00"), ("会议费", "prior_year"): yuan("30,000.00"),
        ("培训费", "prior_year"): yuan("240,000.00"),
        ("合计", "total"): yuan("254,900.00"), ("会议费", "total"): yuan("26,000.00"),
        ("培训费", "total"): yuan("228,900.00"),
        ("合计", "change"): yuan("-15,100.00"), ("会议费", "change"): yuan("-4,000.00"),
        ("培训费", "change"): yuan("-11,100.00")}


def test_year_column_groups_in_wan():
    doc = _doc(HR)
    tp = _table(doc, "three_public")
    # p49 表13 (rendered): 242004 西安市人事考试中心 2019年 会议费 25.40, 2020年 10.50, 增减 -14.90
    got = {li.measure: li.amount_wan
           for li in _items(doc, tp, unit_name="西安市人事考试中心", item_name="会议费")}
    assert got == {"prior_year": D("25.40"), "total": D("10.50"), "change": D("-14.90")}


def test_cut_item_names_printed_whole():
    doc = _doc(SAFETY)
    tp = _table(doc, "three_public")
    # p32 表13 (rendered): the headers are cut ('务用车购置及运行维护', '公务用车运行维护'); 125002
    # 西安市安全生产宣传教育中心 2018年 公务用车运行维护费 9.22
    got = _one(doc, tp, unit_name="西安市安全生产宣传教育中心", item_name="公务用车运行维护费",
               measure="prior_year")
    assert got.amount_wan == D("9.22")
    names = {li.item_name for li in _items(doc, tp)}
    assert {"会议费", "公务接待费", "公务用车购置及运行维护费"} <= names
    assert not names & {"费会议费", "公公务接待费", "务用车购置及运行维护"}


def test_final_account_budget_and_final_rows():
    doc = _doc(HEALTH)
    tp = _table(doc, "three_public")
    # p161 公开09表 (rendered): 预算数 / 决算数 rows; 公务接待费 1.86 / 0.11; 培训费 2,795.78 / 2,795.78
    got = {(li.item_name, li.measure): li.amount_wan for li in _items(doc, tp)}
    assert got[("公务接待费", "budget")] == D("1.86")
    assert got[("公务接待费", "final")] == D("0.11")
    assert got[("培训费", "final")] == D("2795.78")
    assert {li.measure for li in _items(doc, tp)} == {"budget", "final"}


def test_final_account_line_numbers_are_no_amounts():
    doc = _doc(HEALTH)
    ies = _table(doc, "income_expenditure_summary")
    # p146 公开01表: 行次 1…60 beside the labels; 五、事业收入 (行次 5) 1,110,972.11
    assert _one(doc, ies, item_name="五、事业收入").amount_wan == D("1110972.11")
    assert not [li for li in _items(doc, ies) if li.decimals == 0]


# ---------------------------------------------------------------------------------------------
# identities


@pytest.mark.parametrize("name", [FINANCE, JUSTICE, HEALTH])
def test_identities_hold(name):
    assert _errors(_doc(name)) == []


def test_identities_fail_only_where_the_document_is_wrong():
    # HR p29 / p32: 支出总计 182,157.13 (181,807.13) but 本年支出合计 182,066.56 (181,716.56) and
    # 结转下年 0: the 上年结转 90.57 spent is on the income side only
    assert _errors(_doc(HR)) == [
        (29, "expenditure_grand_total_equals_current_plus_carry_forward", "支出总计", "total"),
        (32, "expenditure_grand_total_equals_current_plus_carry_forward", "支出总计", "total")]
    # work safety p32 (rendered): the 2018年 合计 leaves out 会议费 and 培训费 (合计 24.08 = 2.86 +
    # 21.22, beside 会议费 4.32 and 培训费 29.79), and the 增减 合计 follows it (83.74 − 24.08)
    errors = _errors(_doc(SAFETY))
    assert {(p, c, m) for p, c, _, m in errors} == {
        (32, "three_public_total_equals_sum_of_items", "prior_year"),
        (32, "three_public_total_equals_sum_of_items", "change")}


def test_project_table_continues_on_a_page_of_prose():
    # p28 opens with a project row and holds one page-tall 项目简介 cell full of 。: still the table
    doc = _doc(SAFETY)
    proj = _table(doc, "project_expenditure")
    # p27-p28 表10: 125004 西安市安全生产应急救援中心 148.17 = 35.00 + 40.00 (p27) + 30.00 + 43.17 (p28)
    lines = _items(doc, proj, unit_name="西安市安全生产应急救援中心", is_total=False)
    assert sorted(li.amount_wan for li in lines) == [D("30.00"), D("35.00"), D("40.00"), D("43.17")]
