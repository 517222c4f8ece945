"""The text-conversion reader (extract/readers/text/), its helpers (extract/textnorm.py) and the
metadata reader (extract/metadata.py) on the seeds.

One test per quirk of a real conversion; every expected row was read by hand from the seed text
(seed and line number in the comment; lines are 1-based as in `nl -ba`). Seeds are read from
../shared/seeds, never copied into the repo.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from extract.amounts import parse_amount
from extract.model import ParseError
from extract.readers.text import read_text_document
from extract.textnorm import drop_watermark_lines, split_glued, undouble
from tests.conftest import seed_path


def _read(prefix: str):
    path = seed_path(prefix)
    return read_text_document(path.read_bytes(), file_name=path.name, source_uri=str(path),
                              document_id=prefix)


@pytest.fixture(scope="module")
def d001():
    return _read("001")


@pytest.fixture(scope="module")
def d002():
    return _read("002")


@pytest.fixture(scope="module")
def d003():
    return _read("003")


@pytest.fixture(scope="module")
def d004():
    return _read("004")


def _table(doc, title_part: str, nth: int = 0):
    found = [t for t in doc.tables if title_part in t.title]
    assert len(found) > nth, f"no table {title_part!r} in {[t.title for t in doc.tables]}"
    return found[nth]


def _row(table, first: str, nth: int = 0, col: int = 0):
    rows = [r for r in table.rows_text() if r[col] == first]
    assert len(rows) > nth, f"no row {first!r} in {table.title}"
    return rows[nth]


def _assert_aligned(table):
    """Every row of a standard table has the header's column count."""
    widths = {len(r) for r in table.grid}
    assert len(widths) == 1, (table.title, widths)
    for r, row in enumerate(table.grid):
        assert [c.row for c in row] == [r] * len(row)
        assert [c.col for c in row] == list(range(len(row)))


# ---------------------------------------------------------------------------------------------
# textnorm


def test_undouble_fake_bold():
    # seed 003 lines 42, 137, 161: text drawn twice
    assert undouble("合计合计") == "合计"
    assert undouble("764.49764.49") == "764.49"
    assert undouble("2024年预算收支总表2024年预算收支总表") == "2024年预算收支总表"
    assert undouble("注：本表无数据注：本表无数据") == "注：本表无数据"  # seed 003 line 512
    assert undouble("算算") == "算"  # seed 003 line 155, a wrapped header fragment


def test_undouble_leaves_ordinary_text():
    for text in ("2020年", "1111", "2040601", "行政运行", "20.00", "1 2 3"):
        assert undouble(text) == text


def test_split_glued_cells():
    # seed 003 line 137: two doubled cells with no space between them
    assert split_glued("764.49764.49本年支出合计本年支出合计") == ["764.49", "本年支出合计"]
    # seed 003 line 139 and 50: an amount glued to the next label
    assert split_glued("121.90年终结转") == ["121.90", "年终结转"]
    assert split_glued("764.49一、一般公共服务支出") == ["764.49", "一、一般公共服务支出"]
    assert split_glued("2024年预算数2024年预算数") == ["2024年预算数"]


def test_split_watermark_lines_dropped():
    # seed 003 lines 537-551: the watermark split over three lines, repeated
    lines = ["注：本表无数据", "", "-11-", "", "仅供", "内部", "审核", "", "仅供", "内部", "审核", "",
             "表九2024年国有资本经营预算收支预算表"]
    out = drop_watermark_lines(lines)
    assert "仅供" not in out and "内部" not in out and "审核" not in out
    assert out[0] == "注：本表无数据" and out[-1] == "表九2024年国有资本经营预算收支预算表"
    # seed 001 line 3: the whole watermark on one line
    assert drop_watermark_lines(["仅供内部审核", "# 阳泉市司法局"]) == ["# 阳泉市司法局"]


# ---------------------------------------------------------------------------------------------
# seed 001: markdown-like, tab-separated

STANDARD_001 = [
    "2026年预算收支总表", "2026年预算收入总表", "2026年预算支出总表", "2026年财政拨款收支总表",
    "2026年一般公共预算支出预算表（不含上年结转）",
    "2026年一般公共预算安排基本支出分经济科目表（不含上年结转）",
    "2026年政府性基金预算收入表（不含上年结转）", "2026年政府性基金预算支出表（不含上年结转）",
    "2026年国有资本经营预算收支预算表（不含上年结转）", "2026年财政拨款安排“三公”经费支出预算表",
    "2026年财政拨款安排机关运行经费预算表", "2026年项目支出预算表（本年预算）",
    "2026年项目支出预算表（上年结转）",
]


def test_001_thirteen_standard_tables_in_order(d001):
    # seed 001 lines 29-41 (contents) and the titles at lines 104-436 ("###" headings or plain)
    assert [t.title for t in d001.tables[:13]] == STANDARD_001
    assert [t.table_id for t in d001.tables[:13]] == list(range(1, 14))
    for t in d001.tables[:13]:
        assert t.unit_as_printed == "万元"  # "单位：万元"
        assert t.unit_name == "阳泉市司法局"  # "部门名称：阳泉市司法局"
        _assert_aligned(t)


def test_001_tab_cells_keep_empty_positions(d001):
    # seed 001 line 202 (预算支出总表): 基本支出 printed empty between two tabs
    t = _table(d001, "2026年预算支出总表")
    assert _row(t, "2040602") == ["2040602", "一般行政管理事务", "320.70", "", "320.70"]
    # line 201: trailing empty 项目支出
    assert _row(t, "2040601") == ["2040601", "行政运行", "612.11", "612.11", ""]
    # line 195: the total row's merged 科目名称 stays an empty cell
    assert _row(t, "合计") == ["合计", "", "2963.41", "2538.32", "425.09"]


def test_001_header_rows_are_part_of_the_grid(d001):
    # seed 001 lines 110-111 (预算收支总表)
    t = d001.tables[0]
    assert t.rows_text()[0] == ["收入", "", "支出", "", "", ""]
    assert t.rows_text()[1] == ["项目", "2026年", "项目", "2026年合计", "当年预算安排", "上年结转安排"]


def test_001_two_sided_summary_leading_empties(d001):
    # seed 001 line 119: no income item on this line, so the first two cells are empty
    t = d001.tables[0]
    assert _row(t, "八、社会保障和就业支出", col=2) == ["", "", "八、社会保障和就业支出", "458.02",
                                                 "458.02", ""]
    # line 145
    assert _row(t, "收入总计") == ["收入总计", "2963.41", "支出总计", "2963.41", "2963.41", ""]


def test_001_blank_line_inside_table_is_a_page_break(d001):
    # seed 001 contents line 29: 表一 on page 2; line 133 is blank inside the table
    t = d001.tables[0]
    assert (t.page_from, t.page_to) == (2, 3)
    row21 = [r for r in t.grid if r[2].text == "二十一、粮油物资储备支出"][0]
    row22 = [r for r in t.grid if r[2].text == "二十二、国有资本经营预算支出"][0]
    assert (row21[0].page, row22[0].page) == (2, 3)
    # contents line 33: 表五 on page 9
    assert _table(d001, "一般公共预算支出预算表").page_from == 9


def test_001_number_labels(d001):
    # seed 001 line 102 prints "预算公开表1" above the first table; the others take the
    # contents list's "表二" … (lines 30-41)
    assert d001.tables[0].number_label == "预算公开表1"
    assert d001.tables[1].number_label == "表二"
    assert d001.tables[12].number_label == "表十三"


def test_001_empty_tables_flagged_with_header(d001):
    # seed 001 lines 355-364: header and 合计 row, then "注：本表无数据"
    t = _table(d001, "政府性基金预算支出表")
    assert t.is_empty and t.notes == ["注：本表无数据"]
    assert t.rows_text() == [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                             ["合计", "", "", "", ""]]
    empty = [t.title for t in d001.tables if t.is_empty]
    assert empty == [STANDARD_001[6], STANDARD_001[7], STANDARD_001[8], STANDARD_001[12]]


def test_001_economic_table_rows(d001):
    # seed 001 lines 318, 327, 339 (部门 name, 政府 name, 合计, 人员经费, 公用经费)
    t = _table(d001, "基本支出分经济科目表")
    assert _row(t, "基本工资") == ["基本工资", "工资奖金津补贴", "596.21", "596.21", ""]
    assert _row(t, "办公费") == ["办公费", "办公经费", "43.18", "", "43.18"]
    assert _row(t, "对个人和家庭的补助") == ["对个人和家庭的补助", "", "168.06", "168.06", ""]


def test_001_notes(d001):
    # seed 001 line 147
    assert d001.tables[0].notes == ["注：本套报表因取数时四舍五入，部分金额可能存在尾差"]


def test_001_performance_tables_as_grids(d001):
    # seed 001 lines 531-563: ten project target tables titled the same way
    perf = [t for t in d001.tables if t.title == "阳泉市市级预算部门（单位）项目支出绩效目标表"]
    assert len(perf) == 10
    assert perf[0].rows_text()[0] == ["项目名称", "", "国家统一法律职业资格考试经费", "", "", "", "",
                                      ""]
    assert perf[0].rows_text()[3][:6] == ["项目资金 (元)", "实施期资金总额:", "200,000", "",
                                          "年度资金总额:", "100,000"]


def test_001_watermarks_gone(d001):
    assert not any("仅供内部审核" in p for p in d001.pages_text)
    assert not any("仅供内部审核" in c.text for t in d001.tables for r in t.grid for c in r)


def test_001_metadata(d001):
    # seed 001 lines 11-13: "# 阳泉市司法局" / "## 2026年度部门预算公开"
    assert (d001.unit_name, d001.fiscal_year, d001.doc_type, d001.scope) == (
        "阳泉市司法局", 2026, "budget", "department")
    assert d001.format == "text"


def test_001_explanation_text_in_pages(d001):
    # seed 001 line 463, contents line 42: 第三部分 on page 17
    assert "基本支出2538.32万元，占85.66%" in d001.pages_text[16]


# ---------------------------------------------------------------------------------------------
# seed 002: tab-separated, 行次/栏次 columns, 公开01–10表

def test_002_ten_tables_with_labels(d002):
    # seed 002 lines 67-409: title, then the label "公开NN表"
    labels = [t.number_label for t in d002.tables[:10]]
    assert labels == [f"公开{n:02d}表" for n in range(1, 11)]
    assert d002.tables[0].title == "收入支出决算总表"
    assert d002.tables[9].title == "部门决算公开相关信息统计表"
    for t in d002.tables[:10]:
        assert t.unit_as_printed == "万元"  # "金额单位：万元" / "单位：万元"
        assert t.unit_name == "阳城县司法局"
        _assert_aligned(t)


def test_002_label_split_over_two_lines(d002):
    # seed 002 lines 117-119: "公开02" / "" / "表"
    assert d002.tables[1].number_label == "公开02表"


def test_002_row_numbers_column(d002):
    # seed 002 line 80 (公开01表: 项目 行次 金额 | 项目 行次 金额)
    t = d002.tables[0]
    assert t.rows_text()[3] == ["一、一般公共预算财政拨款收入", "1", "1199.89", "一、一般公共服务支出",
                                "32", "67.32"]
    # line 79: the 栏次 row
    assert t.rows_text()[2] == ["栏次", "", "1", "栏次", "", "2"]
    # line 88: an income line without an item
    assert t.rows_text()[11] == ["", "9", "", "九、卫生健康支出", "40", "34.73"]


def test_002_four_block_economic_table_keeps_twelve_columns(d002):
    t = _table(d002, "基本支出决算明细表")
    assert {len(r) for r in t.grid} == {12}
    # seed 002 line 318
    assert _row(t, "301") == ["301", "工资福利支出", "760.70", "302", "商品和服务支出", "96.50", "307",
                              "债务利息及费用支出", "", "31011", "地上附着物和青苗补偿", ""]
    # line 323: "——" as printed
    assert _row(t, "30107") == ["30107", "绩效工资", "34.64", "30205", "水费", "", "309",
                                "资本性支出（基本建设）", "——", "31022", "无形资产购置", ""]
    # line 346: the 人员经费 block has ended
    assert _row(t, "", col=0)[3:6] == ["30299", "其他商品和服务支出", "1.30"]
    # line 347 prints 13 cells (公用经费合计 spans the three blocks): trimmed to 12
    assert _row(t, "人员经费合计") == ["人员经费合计", "", "762.12", "公用经费合计", "", "", "", "", "", "",
                                 "", "108.42"]


def test_002_three_public_header_and_column_numbers(d002):
    # seed 002 lines 399-403: three header rows, the 栏次 row 1…12, one data row
    t = _table(d002, "三公")
    rows = t.rows_text()
    assert len(rows) == 5
    assert rows[1][:6] == ["合计", "因公出国 (境) 费", "公务用车购置及运行维护费", "", "", "公务接待 费"]
    assert rows[3] == [str(n) for n in range(1, 13)]
    assert rows[4] == ["38.99", "", "38.64", "32.68", "5.96", "0.36", "38.99", "", "38.64", "32.68",
                       "5.96", "0.36"]


def test_002_empty_tables_and_notes(d002):
    # seed 002 lines 364-368
    t = d002.tables[6]
    assert t.is_empty
    assert t.notes == ["注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。", "说明：本表无数据"]
    assert t.rows_text()[-1] == ["合计", "", "", "", "", "", "", ""]
    assert [t.number_label for t in d002.tables if t.is_empty] == ["公开07表", "公开08表"]


def test_002_statistics_table(d002):
    # seed 002 lines 411, 425, 433 (公开10表 under "单位名称：")
    t = d002.tables[9]
    assert _row(t, "(一) 行政单位") == ["(一) 行政单位", "5", "108.42"]
    assert _row(t, "5. 执法执勤用车") == ["5. 执法执勤用车", "12", "2"]


def test_002_pages_from_contents(d002):
    # seed 002 contents lines 13-14: 公开01 on page 3, 公开02 on page 5; blank line 103 breaks the page
    t = d002.tables[0]
    assert (t.page_from, t.page_to) == (3, 4)
    assert d002.tables[1].page_from == 5


def test_002_self_evaluation_tables(d002):
    # seed 002 lines 582-617 and ten more
    perf = [t for t in d002.tables if t.title.endswith("项目支出绩效自评表")]
    assert len(perf) == 11
    assert perf[0].title == "2024年中央和省级政法转移支付资金(办案费)项目支出绩效自评表"
    assert perf[0].rows_text()[0][:3] == ["项目名称", "", "2024年中央和省级政法转移支付资金(办案费)"]


def test_002_metadata(d002):
    # seed 002 lines 3-5: "阳城县司法局" / "2024年度单位决算公开"
    assert (d002.unit_name, d002.fiscal_year, d002.doc_type, d002.scope) == (
        "阳城县司法局", 2024, "final_account", "unit")


# ---------------------------------------------------------------------------------------------
# seed 003: raw layout text, fake bold, wrapped cells

STANDARD_003 = [
    "2024年预算收支总表", "2024年预算收入总表", "2024年预算支出总表", "2024年财政拨款收支总表",
    "2024年一般公共预算支出预算表（不含上年结转）",
    "2024年一般公共预算安排基本支出分经济科目表（不含上年结转）",
    "2024年政府性基金预算收入表（不含上年结转）", "2024年政府性基金预算支出表（不含上年结转）",
    "2024年国有资本经营预算收支预算表（不含上年结转）", "2024年财政拨款安排“三公”经费支出预算表",
    "2024年财政拨款安排机关运行经费预算表", "2024年项目支出预算表（本年预算）",
    "2024年项目支出预算表（上年结转）",
]


def test_003_thirteen_tables_titles_undoubled(d003):
    # seed 003 lines 42, 146, … ("2024年预算收支总表2024年预算收支总表")
    assert [t.title for t in d003.tables[:13]] == STANDARD_003
    assert [t.number_label for t in d003.tables[:13]] == [
        f"预算公开表{n}" for n in range(1, 9)] + ["部门公开表9"] + [
        f"预算公开表{n}" for n in range(10, 14)]
    for t in d003.tables[:13]:
        assert t.unit_as_printed == "万元"  # "单位：万元", "单位:万元"
        assert t.unit_name == "长治市屯留区司法局"
        _assert_aligned(t)


def test_003_empty_cell_is_an_extra_space(d003):
    # seed 003 line 408: "2040602 一般行政管理事务 144.72  144.72" — 基本支出 empty
    t = d003.tables[4]
    assert _row(t, "2040602") == ["2040602", "一般行政管理事务", "144.72", "", "144.72"]
    # line 406: "2040601 行政运行 346.25 346.25  " — trailing empty 项目支出
    assert _row(t, "2040601") == ["2040601", "行政运行", "346.25", "346.25", ""]


def test_003_doubled_bold_total_row(d003):
    # seed 003 line 400: "合计合计 764.49764.49 572.97572.97 191.52191.52"
    assert _row(d003.tables[4], "合计") == ["合计", "", "764.49", "572.97", "191.52"]
    # line 161: bold empties print two spaces each: "… 764.49764.49         121.90121.90"
    assert _row(d003.tables[1], "合计") == ["合计", "", "764.49", "764.49", "", "", "", "",
                                          "121.90"]


def test_003_carry_over_column(d003):
    # seed 003 line 167 (预算收入总表): four empty source columns, then 上年结转
    t = d003.tables[1]
    assert _row(t, "2040601") == ["2040601", "行政运行", "346.25", "346.25", "", "", "", "", "1.25"]
    assert _row(t, "2040604") == ["2040604", "基层司法业务", "20.00", "20.00", "", "", "", "", ""]


def test_003_partly_bold_row(d003):
    # seed 003 line 230: "208 社会保障和就业支出 68.83 68.8368.83   " (基本支出 bold)
    assert _row(d003.tables[2], "208") == ["208", "社会保障和就业支出", "68.83", "68.83", ""]
    # line 214: both 基本支出 and 项目支出 bold
    assert _row(d003.tables[2], "204") == ["204", "公共安全支出", "751.19", "439.02", "312.17"]


def test_003_two_sided_summary_rows(d003):
    t = d003.tables[0]
    # seed 003 line 68: "  八、社会保障和就业支出 68.83 68.83  " — income columns empty first
    assert _row(t, "八、社会保障和就业支出", col=2) == ["", "", "八、社会保障和就业支出", "68.83",
                                                 "68.83", ""]
    # line 50: the amount glued to the next label "764.49一、一般公共服务支出"
    assert _row(t, "一、一般公共预算") == ["一、一般公共预算", "764.49", "一、一般公共服务支出", "", "",
                                     ""]
    # line 137: doubled cells glued together
    assert _row(t, "本年收入合计") == ["本年收入合计", "764.49", "本年支出合计", "886.39", "764.49",
                                 "121.90"]
    # line 139
    assert _row(t, "上年结转") == ["上年结转", "121.90", "年终结转", "", "", ""]


def test_003_wrapped_label_cells(d003):
    t = d003.tables[0]
    # seed 003 lines 62-66: "  " / "七、文化旅游体育与传媒支" / "出" / "   "
    assert _row(t, "七、文化旅游体育与传媒支出", col=2) == ["", "", "七、文化旅游体育与传媒支出", "", "",
                                                   ""]
    assert _row(t, "二十三、灾害防治及应急管理支出", col=2)[2] == "二十三、灾害防治及应急管理支出"
    t4 = d003.tables[3]
    # lines 289-293: the amounts follow the wrapped label on their own line
    assert _row(t4, "八、社会保障和就业支出", col=2) == ["", "", "八、社会保障和就业支出", "68.83",
                                                  "68.83", "", ""]
    # lines 362-365: a page starts inside the row (" 二十九、债务发行费用" / "支出" / "    ")
    assert _row(t4, "二十九、债务发行费用支出", col=2) == ["", "", "二十九、债务发行费用支出", "", "", "",
                                                  ""]
    # line 379: no expenditure item on this line
    assert _row(t4, "一、一般公共预算", nth=1) == ["一、一般公共预算", "121.90", "", "", "", "", ""]


def test_003_wrapped_header_rebuilt(d003):
    # seed 003 lines 149-159: the header cells wrap ("国有资本经营预" / "算") and the row-spanning
    # 上年结转 is printed before the leaf names; rebuilt as one row of leaf names
    assert d003.tables[1].rows_text()[0] == ["科目编码", "科目名称", "合计", "一般公共预算", "政府性基金",
                                             "国有资本经营预算", "财政专户管理资金", "单位资金", "上年结转"]
    # lines 653-670: 财政专户管理资金 / 单位资金 span two header rows and print before the three
    # columns under "2024年财政拨款"; the 栏次 row follows
    assert d003.tables[11].rows_text()[:2] == [
        ["项目名称", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"],
        ["1", "2", "3", "4", "5", "6", "7"]]
    # lines 447-454 (经济科目表): "政府预算支出经济科目名" / "称"
    assert d003.tables[5].rows_text()[0] == ["部门预算支出经济科目名称", "政府预算支出经济科目名称", "合计",
                                             "人员经费", "公用经费"]


def test_003_two_sided_header(d003):
    # seed 003 lines 46-48: "收入收入 支出支出" above the two 项目 columns
    assert d003.tables[0].rows_text()[:2] == [
        ["收入", "", "支出", "", "", ""],
        ["项目", "2024年", "项目", "2024年合计", "当年预算安排", "上年结转安排"]]
    # lines 259-269 (财政拨款收支总表): "政府性基" / "金预算", "国有资本经营" / "预算"
    assert d003.tables[3].rows_text()[1] == ["项目", "金额", "项目", "小计", "一般公共预算", "政府性基金预算",
                                             "国有资本经营预算"]


def test_003_running_header_inside_table_dropped(d003):
    # seed 003 line 124 "第二部分 第二部分 2024年部门预算报表…" sits between 二十七 and 二十八
    t = d003.tables[0]
    labels = [r[2] for r in t.rows_text()]
    assert labels.index("二十八、债务付息支出") == labels.index("二十七、债务还本支出") + 1
    assert not any("第二部分" in c.text for r in t.grid for c in r)


def test_003_wrapped_project_name(d003):
    # seed 003 lines 684-687: the project name wraps, the amounts come on their own line
    t = d003.tables[11]
    assert _row(t, "提前下达2024年政法转移支付资金-长财政法【2023】60号") == [
        "提前下达2024年政法转移支付资金-长财政法【2023】60号", "75.50", "75.50", "", "", "", ""]
    # line 670: the 栏次 row
    assert ["1", "2", "3", "4", "5", "6", "7"] in t.rows_text()
    # lines 718-721 (上年结转 table)
    assert _row(d003.tables[12], "提前下达2023年中央和省级政法转移支付资金") == [
        "提前下达2023年中央和省级政法转移支付资金", "50.56", "50.56", "", ""]


def test_003_economic_table(d003):
    # seed 003 lines 456, 458, 478
    t = d003.tables[5]
    assert _row(t, "合计") == ["合计", "", "572.97", "524.22", "48.75"]
    assert _row(t, "工资福利支出") == ["工资福利支出", "", "510.51", "510.51", ""]
    assert _row(t, "办公费") == ["办公费", "办公经费", "21.20", "", "21.20"]


def test_003_empty_tables_flagged(d003):
    # seed 003 lines 512, 531, 592, 626 ("注：本表无数据注：本表无数据" doubled)
    assert [t.title for t in d003.tables if t.is_empty] == STANDARD_003[6:10]
    assert d003.tables[6].notes == ["注：本表无数据"]
    # lines 614-624: the 三公 table's item rows are kept with their empty cells
    assert _row(d003.tables[9], "公务接待费") == ["公务接待费", "", "", "", ""]


def test_003_function_totals_reconcile(d003):
    # 合计 = Σ 类 for every amount column of the function-classified tables
    for t in (d003.tables[1], d003.tables[2], d003.tables[4]):
        rows = t.rows_text()
        total = _row(t, "合计")
        classes = [r for r in rows if re.fullmatch(r"\d{3}", r[0])]
        for j in range(2, len(total)):
            def val(x):
                p = parse_amount(x)
                return p[0] if p else Decimal(0)
            assert abs(val(total[j]) - sum(val(r[j]) for r in classes)) <= Decimal("0.03"), (
                t.title, j)


def test_003_pages_from_printed_page_numbers(d003):
    # seed 003 line 533 "-11-" closes the page of 表八; 表九 (line 571) starts page 12;
    # line 1024 "-20-"
    assert (d003.tables[7].page_from, d003.tables[7].page_to) == (11, 11)
    assert d003.tables[8].page_from == 12
    assert (d003.tables[0].page_from, d003.tables[0].page_to) == (2, 3)
    assert "预算收入总计886.39万元" in d003.pages_text[15]


def test_003_split_watermark_not_in_text(d003):
    # seed 003 lines 537-567
    for page in d003.pages_text:
        assert not any(line.strip() in ("仅供", "内部", "审核") for line in page.split("\n"))


def test_003_performance_tables(d003):
    # seed 003 line 844 and lines 1161-1235
    titles = [t.title for t in d003.tables[13:]]
    assert titles == ["预算部门（单位）整体支出绩效目标申报表"] + [
        "屯留区县(区)级预算部门（单位）项目支出绩效目标表"] * 5
    first = d003.tables[14].rows_text()
    assert first[0][:2] == ["项目名称", "死亡抚恤金"]
    assert first[1][:4] == ["主管部门及代码", "020-长治市屯留区司法局", "实施单位", "长治市屯留区司法局"]


def test_003_metadata(d003):
    # seed 003 line 535 (running header "长治市屯留区司法局2024年部门预算公开报告")
    assert (d003.unit_name, d003.fiscal_year, d003.doc_type, d003.scope) == (
        "长治市屯留区司法局", 2024, "budget", "department")


# ---------------------------------------------------------------------------------------------
# seed 004: OCR text, performance only

def test_004_metadata_as_printed(d004):
    # seed 004 lines 5-6: "溧平县司法局" / "2026 年部门预算绩效文本" (OCR for 滦平县: left as printed)
    assert (d004.unit_name, d004.fiscal_year, d004.doc_type) == ("溧平县司法局", 2026, "performance")


def test_004_project_target_tables(d004):
    # seed 004 lines 119-157
    assert [t.title for t in d004.tables] == ["2026 年人民调解办案业务费绩效目标表",
                                             "2026 年司法协理员工资保险绩效目标表"]
    t = d004.tables[0]
    assert t.unit_as_printed == "万元"
    assert (t.page_from, t.page_to) == (6, 6)  # contents line 22
    assert t.rows_text()[0] == ["项目编码", "13082426P00030810010F", "", "项目名称", "2026 年人民调解办案业务费",
                                "", ""]
    assert t.rows_text()[7] == ["产出指标", "数量指标", "普法宣传品 制作数量", "普法宣传品制作数量",
                                "≥2000 份", "工作计划", ""]


def test_empty_text_is_a_parse_error():
    with pytest.raises(ParseError):
        read_text_document(b"   \n\n", file_name="x.txt", source_uri="x", document_id="x")


# ---------------------------------------------------------------------------------------------
# metadata from PDF page texts (fill_metadata is shared with the PDF reader); the cover lines
# below are the text layers of corpus PDFs (first page), quoted.

def _doc_with_pages(*pages):
    from extract.model import Document
    return Document(document_id="x", source_uri="x", file_name="x.pdf", format="pdf",
                    page_count=len(pages), pages_text=list(pages))


def test_metadata_cover_title_over_two_lines():
    # corpus jiangsu-province/cppcc-office-2018-budget-text.pdf page 1
    from extract.metadata import fill_metadata
    doc = _doc_with_pages("- 1 -\n江苏省政协办公厅 2018 年度\n部门预算公开\n \n ")
    fill_metadata(doc)
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type, doc.scope) == (
        "江苏省政协办公厅", 2018, "budget", "department")


def test_metadata_unit_from_labelled_cover_line():
    # corpus shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf page 1: the title names the
    # district, the unit is on a labelled line
    from extract.metadata import fill_metadata
    doc = _doc_with_pages("上海市普陀区2026年区级单位预算\n预算单位：上海市普陀区司法局\n")
    fill_metadata(doc)
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type, doc.scope) == (
        "上海市普陀区司法局", 2026, "budget", "unit")
    assert doc.doc_title == "上海市普陀区2026年区级单位预算"


def test_metadata_keeps_fields_already_set(d004):
    from extract.metadata import fill_metadata
    doc = _doc_with_pages(*d004.pages_text)
    doc.unit_name = "滦平县司法局"
    fill_metadata(doc)
    assert doc.unit_name == "滦平县司法局" and doc.doc_type == "performance"


def test_wide_layout_columns_placed_by_position():
    # not from a seed: pdftotext -layout style (runs of spaces between columns), where an empty
    # cell is only a wider gap; cells are placed by their position under the complete rows
    text = ("收入支出决算总表\n部门名称：某县财政局\n单位：万元\n"
            "项目            金额        项目                 金额\n"
            "一、财政拨款收入   100.00      一、一般公共服务支出    80.00\n"
            "二、事业收入                   二、公共安全支出        20.00\n"
            "本年收入合计      100.00      本年支出合计          100.00\n")
    doc = read_text_document(text.encode(), file_name="w.txt", source_uri="w", document_id="w")
    assert doc.tables[0].rows_text()[2] == ["二、事业收入", "", "二、公共安全支出", "20.00"]
