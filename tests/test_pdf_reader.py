"""The PDF reader (extract/readers/pdf/) on the real corpus PDFs.

One test per quirk of a real PDF; every expected row was read by hand from the PDF (file and
1-based page in the comment, pages as a PDF viewer numbers them). Corpus files are read from
../shared/corpus, never copied into the repo. A few quirks the corpus does not show (watermark,
letter-spaced and wrapped titles, fake bold, damaged / encrypted / scanned files) are checked on
small PDFs drawn here with reportlab.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache

import pytest

from extract.amounts import parse_amount
from extract.model import ParseError
from extract.readers.pdf import read_pdf_document
from tests.conftest import CORPUS

SH = "shanghai-putuo"
JS = "jiangsu-province"


@lru_cache(maxsize=None)
def _doc(rel: str):
    path = CORPUS / rel
    if not path.exists():
        pytest.skip(f"corpus file {path} not available")
    return read_pdf_document(path.read_bytes(), file_name=path.name, source_uri=str(path),
                             document_id=rel)


def _table(doc, title: str):
    found = [t for t in doc.tables if t.title == title]
    assert found, f"no table titled {title!r}; titles: {[t.title for t in doc.tables]}"
    return found[0]


def _row(table, *lead: str):
    """(texts, page) of the first grid row that starts with ``lead``."""
    for row in table.grid:
        texts = [c.text for c in row]
        if texts[: len(lead)] == list(lead):
            return texts, row[0].page
    raise AssertionError(f"no row starting with {lead!r} in {table.title!r}")


def _aligned(table) -> bool:
    return len({len(r) for r in table.grid}) == 1 and all(
        c.row == i and c.col == j for i, r in enumerate(table.grid) for j, c in enumerate(r))


# --------------------------------------------------------------------------------------------
# shanghai-putuo/putuo-justice-bureau-2026-budget.pdf (landscape, amounts in 元, codes 类/款/项)

JUSTICE = f"{SH}/putuo-justice-bureau-2026-budget.pdf"


def test_justice_budget_every_standard_table_with_title_pages_and_unit():
    doc = _doc(JUSTICE)
    got = [(t.title, t.page_from, t.page_to, t.unit_as_printed) for t in doc.tables]
    assert got == [
        ("2026年部门财务收支预算总表", 10, 10, "元"),
        ("2026年部门收入预算总表", 11, 11, "元"),
        ("2026年部门支出预算总表", 12, 13, "元"),
        ("2026年部门财政拨款收支预算总表", 14, 14, "元"),
        ("2026年部门一般公共预算支出功能分类预算表", 15, 16, "元"),
        ("2026年部门政府性基金预算支出功能分类预算表", 17, 17, "元"),
        ("2026年部门国有资本经营预算支出功能分类预算表", 18, 18, "元"),
        ("2026年部门一般公共预算基本支出部门预算经济分类预算表", 19, 20, "元"),
        # the unit changes table to table: the 三公 table is printed in 万元 (page 21)
        ("2026年部门“三公”经费和机关运行经费预算表", 21, 21, "万元"),
    ]
    assert all(t.unit_name == "上海市普陀区司法局" for t in doc.tables)  # "编制部门：上海市普陀区司法局"
    assert all(_aligned(t) for t in doc.tables)


def test_justice_budget_codes_in_lei_kuan_xiang_columns():
    # page 11: "204 06 01 行政运行 16726725.44 16726725.44 0.00 0.00 0.00"
    t = _table(_doc(JUSTICE), "2026年部门收入预算总表")
    assert _row(t, "204", "06", "01") == (
        ["204", "06", "01", "行政运行", "16726725.44", "16726725.44", "0.00", "0.00", "0.00"], 11)
    # a 类 row leaves 款 and 项 empty, in their columns
    assert _row(t, "208", "") == (
        ["208", "", "", "社会保障和就业支出", "3343704.00", "3343704.00", "0.00", "0.00", "0.00"], 11)
    # header: merged cells keep their text in the first column of the span; a header cell
    # wrapped inside its cell ("事业单位 / 经营收入") is joined
    assert t.rows_text()[:3] == [
        ["项目", "", "", "", "收入预算", "", "", "", ""],
        ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "财政拨款收入", "事业收入",
         "事业单位经营收入", "其他收入"],
        ["类", "款", "项", "", "", "", "", "", ""],
    ]


def test_justice_budget_table_continues_without_repeated_header():
    # 支出预算总表 starts on page 12 and goes on at the top of page 13 without a header
    t = _table(_doc(JUSTICE), "2026年部门支出预算总表")
    assert (t.page_from, t.page_to) == (12, 13)
    assert _row(t, "204", "06", "01") == (
        ["204", "06", "01", "行政运行", "16726725.44", "16726725.44", "0.00"], 12)
    assert _row(t, "208", "05", "06") == (
        ["208", "05", "06", "机关事业单位职业年金缴费支出", "919739.00", "919739.00", "0.00"], 13)
    assert _row(t, "合计") == (["合计", "", "", "", "96282213.44", "25741666.44", "70540547.00"], 13)


def test_justice_budget_repeated_header_on_next_page_is_dropped():
    # pages 15-16: page 16 repeats "项目 / 功能分类科目编码 … / 类 款 项" above its rows
    t = _table(_doc(JUSTICE), "2026年部门一般公共预算支出功能分类预算表")
    assert (t.page_from, t.page_to) == (15, 16)
    assert sum(1 for r in t.rows_text() if r[0] == "功能分类科目编码") == 1
    assert sum(1 for r in t.rows_text() if r[0] == "类") == 1
    assert _row(t, "210", "11", "01") == (
        ["210", "11", "01", "行政单位医疗", "1149678.00", "1149678.00", "0.00"], 16)
    assert _row(t, "208", "05", "99")[1] == 15
    assert len(t.grid) == 25  # 3 header rows + 21 subject rows + 合计


def test_justice_budget_empty_table_keeps_its_header_grid():
    # page 17: a header, a row "无", "合计", and under the table
    # "注:本部门2026年无政府性基金预算财政拨款安排的预算，故本表为空表。"
    t = _table(_doc(JUSTICE), "2026年部门政府性基金预算支出功能分类预算表")
    assert t.is_empty
    assert t.rows_text() == [
        ["项目", "", "", "", "政府性基金预算支出", "", ""],
        ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
        ["无", "", "", "", "", "", ""],
        ["合计", "", "", "", "", "", ""],
    ]
    assert t.notes == ["注:本部门2026年无政府性基金预算财政拨款安排的预算，故本表为空表。"]


def test_justice_budget_three_public_table_in_wan_yuan_with_merged_header():
    # page 21: "单位:万元"; header cell "机关运行经费预算 / 数" wraps inside its cell
    t = _table(_doc(JUSTICE), "2026年部门“三公”经费和机关运行经费预算表")
    assert t.unit_as_printed == "万元"
    assert t.rows_text() == [
        ["“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
        ["", "", "", "小计", "购置费", "运行费", ""],
        ["10.81", "0", "0.83", "9.98", "0", "9.98", "217.83"],
    ]


def test_justice_budget_two_sided_summary_table():
    # page 10: income and expenditure side by side, amounts with thousands separators
    t = _table(_doc(JUSTICE), "2026年部门财务收支预算总表")
    assert t.rows_text()[0] == ["本年收入", "", "本年支出", ""]
    assert _row(t, "一、财政拨款收入") == (
        ["一、财政拨款收入", "96,282,213.44", "一、公共安全支出", "87,267,272.44"], 10)
    assert _row(t, "二、事业收入") == (["二、事业收入", "0.00", "", ""], 10)
    assert _row(t, "收入总计") == (["收入总计", "96,282,213.44", "支出总计", "96,282,213.44"], 10)


def test_justice_budget_metadata_and_pages_text():
    doc = _doc(JUSTICE)
    assert doc.format == "pdf" and doc.page_count == 23
    assert (doc.fiscal_year, doc.doc_type, doc.scope) == (2026, "budget", "department")
    assert doc.unit_name == "上海市普陀区司法局"  # page 1: "预算主管部门：上海市普陀区司法局"
    assert len(doc.pages_text) == 23
    # page 8: the explanation text stays available for the text checks
    assert "收入预算9628.22万元" in doc.pages_text[7]


# --------------------------------------------------------------------------------------------
# shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf (unit level, thousands separators)

UNIT = f"{SH}/putuo-justice-bureau-unit-2026-budget.pdf"


def test_unit_budget_rows_and_continuation():
    doc = _doc(UNIT)
    assert doc.scope == "unit"
    t = _table(doc, "2026年预算单位收入预算总表")
    assert (t.page_from, t.page_to) == (9, 10)
    # page 9
    assert _row(t, "204", "06", "01") == (
        ["204", "06", "01", "行政运行", "14,348,853.34", "14,348,853.34", "0.00", "0.00", "0.00"], 9)
    # page 10, the table goes on without a header
    assert _row(t, "208", "05", "06") == (
        ["208", "05", "06", "机关事业单位职业年金缴费支出", "786,150.00", "786,150.00", "0.00", "0.00",
         "0.00"], 10)
    assert _row(t, "合计") == (
        ["合计", "", "", "", "86,959,408.34", "86,959,408.34", "0.00", "0.00", "0.00"], 10)


def test_unit_budget_keeps_figures_as_printed_even_when_wrong():
    # page 11 prints 64,840,547.00 as 行政运行's 项目支出 (a slip of the publisher): kept as printed
    t = _table(_doc(UNIT), "2026年预算单位支出预算总表")
    assert _row(t, "204", "06", "01") == (
        ["204", "06", "01", "行政运行", "14,348,853.34", "14,348,853.34", "64,840,547.00"], 11)
    # page 12: "合计 86,959,408.34 22,118,861 64,840,547.00" (no decimals on 基本支出)
    assert _row(t, "合计") == (["合计", "", "", "", "86,959,408.34", "22,118,861", "64,840,547.00"], 12)


def test_unit_budget_summary_with_three_header_rows():
    # page 8: expenditure side split into 合计 / 基本支出 (人员经费, 公用经费) / 项目支出
    t = _table(_doc(UNIT), "2026年预算单位财务收支预算总表")
    assert t.rows_text()[2:4] == [
        ["", "", "", "合计", "基本支出", "", "项目支出"],
        ["", "", "", "", "人员经费", "公用经费", ""],
    ]
    assert _row(t, "一、财政拨款收入") == (
        ["一、财政拨款收入", "86,959,408.34", "一、公共安全支出", "79,189,400.34", "12,604,173",
         "1,744,680", "64,840,547"], 8)


# --------------------------------------------------------------------------------------------
# shanghai-putuo/wanli-subdistrict-2024-budget.pdf (tables over up to five pages)


WANLI = f"{SH}/wanli-subdistrict-2024-budget.pdf"


def test_wanli_table_over_five_pages_last_page_one_row():
    # 收入预算总表 runs from page 11 to page 15; page 15 holds only its 合计 row
    t = _table(_doc(WANLI), "2024年部门收入预算总表")
    assert (t.page_from, t.page_to) == (11, 15)
    assert _row(t, "201", "") == (
        ["201", "", "", "一般公共服务支出", "2,932,700", "2,932,700", "0", "0", "0"], 11)
    assert _row(t, "221", "02", "01") == (
        ["221", "02", "01", "住房公积金", "3,503,499", "3,503,499", "0", "0", "0"], 14)
    assert _row(t, "", "", "", "合计") == (
        ["", "", "", "合计", "156,211,123", "156,211,123", "0", "0", "0"], 15)
    assert _aligned(t)


def test_wanli_empty_three_public_table_title_without_year():
    # page 31: the title is printed without the year; "…故本表为空表。" under the table
    t = _table(_doc(WANLI), "部门“三公”经费和机关运行经费预算表")
    assert t.is_empty and t.page_from == 31 and t.unit_as_printed == "万元"
    assert t.unit_name == "上海市普陀区人民政府万里街道办事处"


# --------------------------------------------------------------------------------------------
# shanghai-putuo/putuo-finance-bureau-2024-final-account.pdf (final account, 万元, portrait and
# landscape pages, a blank page 14)

FINANCE = f"{SH}/putuo-finance-bureau-2024-final-account.pdf"


def test_finance_final_account_tables():
    doc = _doc(FINANCE)
    assert (doc.fiscal_year, doc.doc_type) == (2024, "final_account")
    titled = [(t.title, t.page_from, t.page_to) for t in doc.tables if t.unit_as_printed]
    assert titled == [
        ("收入支出决算总表", 6, 7),
        ("收入决算表", 8, 9),
        ("支出决算表", 10, 11),
        ("财政拨款收入支出决算总表", 12, 13),
        ("一般公共预算财政拨款支出决算表", 15, 15),
        ("一般公共预算财政拨款基本支出决算表", 16, 17),
        ("财政拨款“三公”经费支出决算表", 18, 18),
        ("政府性基金预算财政拨款收入支出决算表", 19, 19),
        ("国有资本经营预算财政拨款收入支出决算表", 20, 20),
    ]
    assert all(t.unit_as_printed == "万元" for t in doc.tables if t.unit_as_printed)


def test_finance_landscape_page_income_table():
    # page 8 (landscape 842x595): "201 06 01 行政运行 1,511.90 1,511.89 0.01"; the 其他收入 column
    # is the last one, the empty 上级补助/事业/经营/附属单位 columns stay empty in place
    t = _table(_doc(FINANCE), "收入决算表")
    assert _row(t, "201", "06", "01") == (
        ["201", "06", "01", "行政运行", "1,511.90", "1,511.89", "", "", "", "", "0.01"], 8)
    assert t.rows_text()[0] == ["项目", "", "", "", "本年收入合计", "财政拨款收入", "上级补助收入",
                                "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]


def test_finance_continuation_keeps_columns_when_next_page_has_fewer_filled():
    # page 11 continues 支出决算表; its rows fill only 合计 and 基本支出: they stay in those columns
    t = _table(_doc(FINANCE), "支出决算表")
    assert _row(t, "208", "05", "99") == (
        ["208", "05", "99", "其他行政事业单位养老支出", "0.94", "0.94", "", "", "", ""], 11)
    assert _row(t, "221", "02", "03") == (
        ["221", "02", "03", "购房补贴", "258.50", "258.50", "", "", "", ""], 11)


def test_finance_two_block_economic_table_and_letter_spaced_cell():
    # page 16: two blocks side by side; "因 公 出 国 （ 境 ） 费 / 用" is justified and wrapped
    t = _table(_doc(FINANCE), "一般公共预算财政拨款基本支出决算表")
    assert _row(t, "301", "01") == (["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"], 16)
    assert _row(t, "301", "13") == (
        ["301", "13", "住房公积金", "187.19", "302", "12", "因公出国（境）费用", ""], 16)
    # page 17
    assert _row(t, "人员经费合计") == (["人员经费合计", "", "", "2,152.26", "公用经费合计", "", "", "184.65"], 17)


def test_finance_three_public_budget_against_final():
    # page 18: 预算数/决算数 pairs; 0.95 under 合计·预算数 and 公务接待费·预算数
    t = _table(_doc(FINANCE), "财政拨款“三公”经费支出决算表")
    rows = t.rows_text()
    assert rows[3] == ["预算数", "决算数"] * 6
    assert rows[4] == ["0.95", "", "", "", "", "", "", "", "", "", "0.95", ""]


def test_finance_empty_tables_say_so_under_the_table():
    doc = _doc(FINANCE)
    t = _table(doc, "政府性基金预算财政拨款收入支出决算表")
    assert t.is_empty and t.page_from == 19
    assert t.notes == ["注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。"]
    assert _row(t, "合计")[1] == 19
    assert _table(doc, "国有资本经营预算财政拨款收入支出决算表").is_empty


def test_finance_summary_continues_on_next_page():
    # 收入支出决算总表: page 6 up to 本年收入合计, page 7 holds the closing rows
    t = _table(_doc(FINANCE), "收入支出决算总表")
    assert _row(t, "本年收入合计") == (["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"], 6)
    assert _row(t, "年初结转和结余") == (["年初结转和结余", "49.14", "年末结转和结余", "55.34"], 7)
    assert _row(t, "总计") == (["总计", "2,995.39", "总计", "2,995.39"], 7)


# --------------------------------------------------------------------------------------------
# shanghai-putuo/final-account-template-2024.pdf (placeholders, no figures)

TEMPLATE = f"{SH}/final-account-template-2024.pdf"


def test_template_tables_present_without_figures():
    doc = _doc(TEMPLATE)
    assert [t.title for t in doc.tables] == [
        "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
        "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款收入支出决算表"]
    for t in doc.tables:
        assert not any(parse_amount(c.text) and "." in c.text for r in t.grid for c in r), t.title
    # pages 8-9: 财政拨款收入支出决算总表 goes on over the page
    t = _table(doc, "财政拨款收入支出决算总表")
    assert (t.page_from, t.page_to) == (8, 9)
    assert _row(t, "", "", "十九、住房保障支出")[1] == 9
    # page 13: "说明：上海市XX局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"
    assert _table(doc, "政府性基金预算财政拨款收入支出决算表").is_empty


def test_template_economic_table_codes():
    # page 11: "301 工资福利支出 302 商品和服务支出" / "30101 基本工资 30201 办公费"
    t = _table(_doc(TEMPLATE), "一般公共预算财政拨款基本支出决算表")
    assert _row(t, "30101") == (["30101", "基本工资", "", "30201", "办公费", ""], 11)


# --------------------------------------------------------------------------------------------
# jiangsu-province/procuratorate-2019-budget.pdf (portrait; spreadsheet export: each cell drawn
# with its own borders and white fills; page number printed at the top)

P2019 = f"{JS}/procuratorate-2019-budget.pdf"


def test_2019_labels_titles_units():
    doc = _doc(P2019)
    got = [(t.number_label, t.title, t.page_from, t.page_to) for t in doc.tables]
    assert got == [
        ("公开01表", "收支预算总表", 14, 14),
        ("公开02表", "收入预算总表", 15, 15),
        ("公开03表", "支出预算总表", 15, 15),
        # page 16: the label "公开04表" is printed at the foot of page 15, the title on page 16
        ("公开04表", "财政拨款收支预算总表", 16, 16),
        ("公开05表", "财政拨款支出预算表（功能科目）", 16, 16),
        ("公开06表", "财政拨款基本支出预算表（经济科目）", 17, 17),
        ("公开07表", "一般公共预算支出预算表（功能科目）", 18, 18),
        ("公开08表", "一般公共预算基本支出预算表（经济科目）", 18, 19),
        ("公开09表", "“三公”经费、会议费、培训费支出预算表", 20, 20),
        ("公开10表", "政府性基金预算财政拨款支出预算表", 20, 20),
        ("公开11表", "一般公共预算机关运行经费支出预算表", 21, 21),
        ("公开12表", "政府采购支出预算表", 22, 24),
    ]
    assert all(t.unit_as_printed == "万元" and t.unit_name == "江苏省人民检察院" for t in doc.tables)
    assert all(_aligned(t) for t in doc.tables)


def test_2019_header_cells_cut_elsewhere_than_data_cells():
    # page 16: the header cells (功能科目代码 | 功能科目名称 | 金额) are drawn at other x positions
    # than the data cells under them; "合 计" is letter-spaced in a cell merged over code and
    # name (so it sits in the first column of the span); codes and amounts stay in columns
    t = _table(_doc(P2019), "财政拨款支出预算表（功能科目）")
    assert t.rows_text()[:2] == [["功能科目代码", "功能科目名称", "金额"], ["合计", "", "24,169.74"]]
    assert _row(t, "2040401") == (["2040401", "行政运行", "12,268.62"], 16)
    assert _row(t, "2210202") == (["2210202", "提租补贴", "4,243.61"], 16)


def test_2019_padding_strips_do_not_split_rows():
    # page 21: the 合计 amount sits in a cell drawn inside a taller row: one row, not three
    t = _table(_doc(P2019), "一般公共预算机关运行经费支出预算表")
    assert t.rows_text()[:3] == [["科目编码", "科目名称", "机关运行经费支出"], ["合计", "", "2,391.92"],
                                 ["302", "商品和服务支出", "2,391.92"]]


def test_2019_table_spills_over_three_pages():
    # 公开12表 政府采购支出预算表: page 22 → 23 → 24, the header is not repeated
    t = _table(_doc(P2019), "政府采购支出预算表")
    assert t.rows_text()[0] == ["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"]
    assert _row(t, "合计") == (["合计", "", "", "", "", "2,744.84"], 22)
    assert _row(t, "三、服务C") == (["三、服务C", "", "", "", "", "2,441.44"], 23)
    assert _row(t, "", "检察教育培训经费") == (["", "检察教育培训经费", "培训费", "", "", "630.00"], 24)
    assert t.notes[0] == "注：1.采购组织形式为：集中采购、部门集中采购和分散采购。"


def test_2019_summary_table_and_three_public():
    doc = _doc(P2019)
    t = _table(doc, "收支预算总表")  # page 14
    assert _row(t, "一、财政拨款") == (
        ["一、财政拨款", "24,169.74", "一、一般公共服务支出", "", "一、基本支出", "15,844.04"], 14)
    assert _row(t, "2.政府性基金预算") == (
        ["2.政府性基金预算", "", "三、国防支出", "", "三、单位预留机动经费", "3,990.40"], 14)
    t = _table(doc, "“三公”经费、会议费、培训费支出预算表")  # page 20
    assert t.rows_text()[-1] == ["1276.7", "418.26", "80", "237", "", "237", "101.26", "158.44", "700"]


def test_2019_empty_table_marker_inside_grid():
    # page 20: "此表为空" printed in the table's first data row
    t = _table(_doc(P2019), "政府性基金预算财政拨款支出预算表")
    assert t.is_empty
    assert t.rows_text() == [["功能科目编码", "功能科目名称", "金额"], ["合计", "", ""], ["此表为空", "", ""]]


def test_2019_page_numbers_not_in_pages_text():
    doc = _doc(P2019)
    # page 14 starts with its page number "14" (top of the page)
    assert not doc.pages_text[13].lstrip().startswith("14")
    assert "第二部分" in doc.pages_text[13]


# --------------------------------------------------------------------------------------------
# jiangsu-province/procuratorate-2018-budget.pdf and -2017-budget.pdf

P2018 = f"{JS}/procuratorate-2018-budget.pdf"
P2017 = f"{JS}/procuratorate-2017-budget.pdf"


@pytest.mark.slow
def test_2018_label_and_title_on_one_line():
    # page 13: "公开 01 表：收支预算总表"
    t = _doc(P2018).tables[0]
    assert (t.number_label, t.title, t.page_from, t.page_to) == ("公开01表", "收支预算总表", 13, 14)


def test_2018_text_wrapped_inside_cells_of_a_two_sided_table():
    # page 13: "1.一般公共预 / 算" and "三、单位预留机动 / 经费" wrap inside their cells
    t = _table(_doc(P2018), "收支预算总表")
    assert _row(t, "1.一般公共预算") == (
        ["1.一般公共预算", "21,940.96", "二、外交支出", "", "二、项目支出", "5,573.00"], 13)
    assert _row(t, "2.政府性基金预算") == (
        ["2.政府性基金预算", "", "三、国防支出", "", "三、单位预留机动经费", "2,388.04"], 13)
    assert _row(t, "", "", "九、医疗卫生与计划生育支出")[1] == 13


def test_2018_rows():
    doc = _doc(P2018)
    assert _row(_table(doc, "财政拨款支出预算表"), "2040401") == (["2040401", "行政运行", "10,883.36"], 15)
    assert _row(_table(doc, "财政拨款基本支出预算表"), "30101") == (["30101", "基本工资", "2,117.68"], 16)
    t = _table(doc, "一般公共预算“三公”经费、会议费、培训费支出预算表")  # page 19
    assert t.rows_text()[-1] == ["1,384.74", "484.30", "100.00", "267.80", "", "267.80", "116.50",
                                 "200.44", "700.00"]
    assert _table(doc, "政府性基金支出预算表").notes == ["说明：本部门无相关收支项目。"]


def test_2017_wrapped_title_with_raised_quotes():
    # page 16: "十一、一般公共预算“三公”经费、会议费、培训费支出预 / 算表" (the quotes sit higher)
    doc = _doc(P2017)
    t = _table(doc, "十一、一般公共预算“三公”经费、会议费、培训费支出预算表")
    assert t.rows_text()[-1] == ["1,452.35", "584.35", "110.00", "317.80", "50.00", "267.80", "156.55",
                                 "168.00", "700.00"]
    assert t.page_from == 16


def test_2017_rows_and_continuation():
    doc = _doc(P2017)
    t = _table(doc, "五、财政拨款支出预算表")
    assert _row(t, "2040401") == (["2040401", "行政运行", "7,968.14"], 12)
    t = _table(doc, "六、财政拨款基本支出预算表")
    assert (t.page_from, t.page_to) == (12, 13)
    assert _row(t, "30101") == (["30101", "基本工资", "2,010.25"], 12)
    assert _row(t, "30302") == (["30302", "退休费", "1,652.57"], 13)


# --------------------------------------------------------------------------------------------
# jiangsu-province/cppcc-office-2018-budget-*.pdf (one disclosure in two PDFs)

CPPCC_T = f"{JS}/cppcc-office-2018-budget-tables.pdf"
CPPCC_X = f"{JS}/cppcc-office-2018-budget-text.pdf"


def test_cppcc_tables_title_drawn_inside_the_ruled_area():
    # page 1: "公开01表" above; title "收支预算总表" and "部门：江苏省政协办公厅 单位：万元" sit in the
    # top cell of the ruled area (and come last in the PDF's text order)
    doc = _doc(CPPCC_T)
    assert [t.number_label for t in doc.tables] == [f"公开{i:02d}表" for i in range(1, 13)]
    t = doc.tables[0]
    assert (t.title, t.unit_as_printed, t.unit_name) == ("收支预算总表", "万元", "江苏省政协办公厅")
    assert t.rows_text()[0] == ["收入", "", "支出", "", "", ""]
    assert _row(t, "三、其他资金") == (["三、其他资金", "80.00", "五、教育支出", "", "", ""], 1)


def test_cppcc_tables_rows():
    doc = _doc(CPPCC_T)
    assert _row(doc.tables[4], "2010201") == (["2010201", "行政运行", "4,432.78"], 5)
    assert _row(doc.tables[5], "30101") == (["30101", "基本工资", "854.47"], 6)
    assert doc.tables[8].rows_text()[-1] == ["1,656.86", "675.10", "106.00", "156.60", "", "156.60",
                                             "412.50", "884.16", "97.60"]  # page 9


def test_cppcc_tables_empty_table():
    # page 10: "注：本部门无该项目"
    t = _doc(CPPCC_T).tables[9]
    assert (t.number_label, t.title, t.is_empty) == ("公开10表", "财政拨款政府性基金支出预算表", True)
    assert t.notes == ["注：本部门无该项目"]


def test_cppcc_text_half_has_no_tables_but_its_text():
    doc = _doc(CPPCC_X)
    assert doc.tables == []
    assert doc.page_count == 17 and "江苏省政协办公厅" in "".join(doc.pages_text[:2])


# --------------------------------------------------------------------------------------------
# self-check over the corpus: in every function-classified table 合计 = Σ 类 rows


CORPUS_FILES = [JUSTICE, UNIT, WANLI, FINANCE, TEMPLATE, P2017, P2018, P2019, CPPCC_T]


def _class_rows(rows):
    total, classes = None, []
    for r in rows:
        lead = r[:4]
        if total is None and any(c in ("合计", "总计") for c in lead) and not any(
                c.isdigit() and len(c) >= 3 for c in lead):
            total = r
            continue
        codes = [c for c in r[:3] if c]
        if codes and codes[0].isdigit() and len(codes[0]) == 3 and not any(
                c.isdigit() and len(c) == 2 for c in r[1:3]):
            classes.append(r)
    return total, classes


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_function_tables_total_equals_sum_of_classes(rel):
    checked = 0
    for t in _doc(rel).tables:
        total, classes = _class_rows(t.rows_text())
        if total is None or not classes:
            continue
        for j, cell in enumerate(total):
            parsed = parse_amount(cell)
            if parsed is None:
                continue
            value, dec = parsed
            parts = [parse_amount(r[j]) for r in classes if parse_amount(r[j])]
            tol = Decimal(5) / Decimal(10) ** (dec + 1) + sum(
                (Decimal(5) / Decimal(10) ** (d + 1) for _, d in parts), Decimal(0))
            assert abs(sum((v for v, _ in parts), Decimal(0)) - value) <= tol, (t.title, j)
            checked += 1
    if rel not in (TEMPLATE,):
        assert checked, "no function-classified table checked"


# --------------------------------------------------------------------------------------------
# small PDFs drawn here: quirks the corpus does not show, and broken files


def _canvas():
    rl = pytest.importorskip("reportlab")
    del rl
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    return buf, canvas, landscape(A4)


def _table_rows(c, rows, x, y, widths, bold=False):
    for r in rows:
        cx = x
        for text, w in zip(r, widths, strict=False):
            c.rect(cx, y - 20, w, 20)
            if text:
                c.drawString(cx + 4, y - 14, text)
                if bold:  # fake bold: the same text again, 0.3 pt to the right
                    c.drawString(cx + 4.3, y - 14, text)
            cx += w
        y -= 20
    return y


def _watermark(c, w, h):
    c.saveState()
    c.setFillColorRGB(0.85, 0.85, 0.85)
    c.translate(w / 2, h / 2)
    c.rotate(30)
    c.setFont("STSong-Light", 40)
    c.drawCentredString(0, 0, "仅供内部审核")
    c.restoreState()


def _read(data: bytes, name="synthetic.pdf"):
    return read_pdf_document(data, file_name=name, source_uri=name, document_id="synthetic")


def test_synthetic_watermark_fake_bold_letter_spaced_title_page_number():
    buf, canvas, (w, h) = _canvas()
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setFont("STSong-Light", 16)
    c.drawCentredString(w / 2, h - 60, "预 算 收 支 总 表")
    c.setFont("STSong-Light", 10)
    c.drawString(60, h - 85, "单位名称：某某局")
    c.drawString(w - 160, h - 85, "金额单位：元")
    _watermark(c, w, h)
    _table_rows(c, [["项目", "金额"], ["一、一般公共服务支出", "15,844.04"], ["合计", "15,844.04"]],
                60, h - 100, [200, 120], bold=True)
    c.drawCentredString(w / 2, 30, "-1-")
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert (t.title, t.unit_as_printed, t.unit_name) == ("预算收支总表", "元", "某某局")
    assert t.rows_text() == [["项目", "金额"], ["一、一般公共服务支出", "15,844.04"], ["合计", "15,844.04"]]
    # pages_text: no page number, no watermark, no doubled text
    assert "-1-" not in doc.pages_text[0]
    assert "仅供内部审核" not in doc.pages_text[0]
    assert doc.pages_text[0].count("一、一般公共服务支出") == 1


def test_synthetic_table_without_rules():
    buf, canvas, (w, h) = _canvas()
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setFont("STSong-Light", 14)
    c.drawCentredString(w / 2, h - 60, "一般公共预算支出预算表")
    c.setFont("STSong-Light", 10)
    c.drawString(60, h - 85, "部门：某某局")
    c.drawString(w - 150, h - 85, "单位：万元")
    y = h - 110
    for code, name, amount in [("科目编码", "科目名称", "金额"), ("", "合计", "1,234.50"),
                               ("201", "一般公共服务支出", "1,000.00"), ("20101", "人大事务", "1,000.00"),
                               ("208", "社会保障和就业支出", "234.50")]:
        c.drawString(60, y, code)
        c.drawString(150, y, name)
        c.drawRightString(450, y, amount)
        y -= 18
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert (t.title, t.unit_as_printed, t.unit_name) == ("一般公共预算支出预算表", "万元", "某某局")
    assert t.rows_text() == [["科目编码", "科目名称", "金额"], ["", "合计", "1,234.50"],
                             ["201", "一般公共服务支出", "1,000.00"], ["20101", "人大事务", "1,000.00"],
                             ["208", "社会保障和就业支出", "234.50"]]
    assert any("without rules" in w for w in doc.warnings)


@pytest.mark.parametrize("second_title", [None, "续表", "2026年部门一般公共预算基本支出部门预算经济分类预算表（续）"])
def test_synthetic_title_wrapped_over_two_lines_and_continuation_with_repeated_header(second_title):
    buf, canvas, (w, h) = _canvas()
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setFont("STSong-Light", 14)
    c.drawString(60, h - 50, "2026年部门一般公共预算基本支出部门预算经济分类预")
    c.drawString(60, h - 68, "算表")
    c.setFont("STSong-Light", 10)
    c.drawString(w - 160, h - 85, "单位：万元")
    header = [["科目编码", "科目名称", "金额"]]
    widths = [80, 200, 100]
    y = _table_rows(c, header + [["301", "工资福利支出", "1,000.00"]] * 1, 60, h - 100, widths)
    y = _table_rows(c, [[f"301{i:02d}", f"项目{i}", "10.00"] for i in range(1, 23)], 60, y, widths)
    c.drawCentredString(w / 2, 30, "- 1 -")
    c.showPage()
    c.setFont("STSong-Light", 10)
    if second_title:
        c.drawString(60, h - 45, second_title)
    y = _table_rows(c, header + [["302", "商品和服务支出", "5.00"], ["", "合计", "1,005.00"]],
                    60, h - 60, widths)
    c.drawCentredString(w / 2, 30, "- 2 -")
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert t.title == "2026年部门一般公共预算基本支出部门预算经济分类预算表"
    assert (t.page_from, t.page_to, t.unit_as_printed) == (1, 2, "万元")
    rows = t.rows_text()
    assert rows.count(["科目编码", "科目名称", "金额"]) == 1
    assert _row(t, "302") == (["302", "商品和服务支出", "5.00"], 2)
    assert rows[-1] == ["", "合计", "1,005.00"]
    assert len(rows) == 1 + 1 + 22 + 2


@pytest.mark.parametrize("turn", [90, -90])
def test_synthetic_landscape_table_set_sideways_on_a_portrait_page(turn):
    buf, canvas, (w, h) = _canvas()
    c = canvas.Canvas(buf, pagesize=(h, w))  # portrait page
    if turn == 90:
        c.translate(h, 0)
    else:
        c.translate(0, w)
    c.rotate(turn)  # the table is drawn sideways, as a landscape table printed on a portrait page
    c.setFont("STSong-Light", 14)
    c.drawCentredString(w / 2, h - 60, "收入决算表")
    c.setFont("STSong-Light", 10)
    c.drawString(w - 150, h - 85, "单位：万元")
    _table_rows(c, [["项目", "合计"], ["201", "2,112.86"], ["合计", "2,946.25"]], 60, h - 100, [200, 120])
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert (t.title, t.unit_as_printed) == ("收入决算表", "万元")
    assert t.rows_text() == [["项目", "合计"], ["201", "2,112.86"], ["合计", "2,946.25"]]
    assert "收入决算表" in doc.pages_text[0]


def test_damaged_pdf_raises_parse_error():
    data = (CORPUS / JUSTICE).read_bytes()
    with pytest.raises(ParseError, match="damaged"):
        _read(data[:3000], "truncated.pdf")
    with pytest.raises(ParseError):
        _read(b"%PDF-1.4\n" + b"\x00garbage" * 200, "garbage.pdf")


def test_encrypted_pdf_raises_parse_error():
    buf, canvas, (w, h) = _canvas()
    c = canvas.Canvas(buf, pagesize=(w, h), encrypt="secret")
    c.setFont("STSong-Light", 10)
    c.drawString(60, h - 60, "单位：万元")
    c.showPage()
    c.save()
    with pytest.raises(ParseError, match="encrypted"):
        _read(buf.getvalue(), "encrypted.pdf")


def test_pdf_without_text_layer_raises_parse_error():
    buf, canvas, (w, h) = _canvas()
    c = canvas.Canvas(buf, pagesize=(w, h))
    for _ in range(3):
        c.rect(60, 60, 300, 300, fill=1)  # a "scan": pictures only, no text
        c.showPage()
    c.save()
    # pictures with no letters in them: OCR finds nothing either
    with pytest.raises(ParseError, match=r"no text layer and OCR found no text \(scanned\?\)"):
        _read(buf.getvalue(), "scan.pdf")
