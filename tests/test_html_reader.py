"""The HTML reader (extract/readers/html.py): web pages of <table> markup, told from the bytes
whatever their name, and the real disclosure pages of the corpus (Kunming's explanation pages).

One generated page per real-world quirk, named for it, through ``extract.pipeline.parse_document``
with exact expected output. The PDF-converted positioned page (Yantai) is in
tests/test_html_positioned.py.
"""

from __future__ import annotations

import functools
from dataclasses import asdict
from decimal import Decimal as D

import pytest

from expectations import text_statements
from extract.model import ParseError
from extract.pipeline import detect_format, parse_document
from extract.readers.html import attachment_links, decode_html
from extract.readers.html_markup import expand_grid
from extract.statements import read_statements
from extract.statements.figures import amount_in_wan
from tests.conftest import CORPUS

KM_AUDIT = CORPUS / "yunnan" / "kunming-audit-bureau-2026-budget.html"
KM_OFFICE = CORPUS / "yunnan" / "kunming-government-office-2026-budget.html"

# A 一般公共预算支出情况表 as portals print it in markup: a two-level header (科目 spans 科目编码 and
# 科目名称; 合计, 基本支出, 项目支出 span both header rows), the title and unit line in paragraphs
# above, figures with thousands separators, a note under it.
HEADER = ('<tr><th colspan="2">科目</th><th rowspan="2">合计</th><th rowspan="2">基本支出</th>'
          '<th rowspan="2">项目支出</th></tr><tr><th>科目编码</th><th>科目名称</th></tr>')
ROWS = ('<tr><td></td><td>合计</td><td>1,300.00</td><td>1,000.00</td><td>300.00</td></tr>'
        '<tr><td>204</td><td>公共安全支出</td><td>1,300.00</td><td>1,000.00</td><td>300.00</td></tr>'
        '<tr><td>20406</td><td>司法</td><td>1,300.00</td><td>1,000.00</td><td>300.00</td></tr>'
        '<tr><td>2040601</td><td>行政运行</td><td>1,000.00</td><td>1,000.00</td><td></td></tr>'
        '<tr><td>2040604</td><td>基层司法业务</td><td>300.00</td><td></td><td>300.00</td></tr>')


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return (f"<!DOCTYPE html><html><head>{head}<title>示范市司法局</title>"
            "<script>var t = '<table><tr><td>9</td><td>9</td></tr></table>';</script></head><body>"
            '<div class="nav"><a href="/">首页</a> <a href="/czj">市财政局</a></div>'
            f"<h1>2026年示范市司法局部门预算公开</h1>{body}</body></html>")


TABLE_PAGE = _page(
    '<p style="text-align:right">公开05表</p><p><strong>一般公共预算支出情况表</strong></p>'
    "<p>部门：示范市司法局　　　单位：万元</p>"
    f'<table border="1">{HEADER}{ROWS}</table><p>注：本表按功能分类科目列示。</p>')

# (item_name, subject_code, measure, amount) of the generated table, in grid order
EXPECTED_ITEMS = [
    ("合计", None, "total", D("1300.00")), ("合计", None, "basic", D("1000.00")),
    ("合计", None, "project", D("300.00")),
    ("公共安全支出", "204", "total", D("1300.00")), ("公共安全支出", "204", "basic", D("1000.00")),
    ("公共安全支出", "204", "project", D("300.00")),
    ("司法", "20406", "total", D("1300.00")), ("司法", "20406", "basic", D("1000.00")),
    ("司法", "20406", "project", D("300.00")),
    ("行政运行", "2040601", "total", D("1000.00")), ("行政运行", "2040601", "basic", D("1000.00")),
    ("基层司法业务", "2040604", "total", D("300.00")),
    ("基层司法业务", "2040604", "project", D("300.00")),
]


def _items(doc) -> list[tuple]:
    return [(li.item_name, li.subject_code, li.measure, li.amount_wan) for li in doc.line_items]


def _parse(html: str, name: str = "page.html", encoding: str = "utf-8"):
    return parse_document(html.encode(encoding), name, f"https://portal.example/{name}")


# ------------------------------------------------------------------------------ <table> markup

def test_rowspan_colspan_header_expands_like_a_merged_pdf_cell():
    """A spanning cell's text sits in the first row and column of its span, '' in the cells it
    covers — what pdf.ruled.build_grid gives a merged header cell."""
    import lxml.html

    table = lxml.html.fromstring(f"<table>{HEADER}{ROWS}</table>")
    assert expand_grid(table)[:3] == [
        ["科目", "", "合计", "基本支出", "项目支出"],
        ["科目编码", "科目名称", "", "", ""],
        ["", "合计", "1,300.00", "1,000.00", "300.00"],
    ]


def test_table_with_title_and_unit_line_above_lands_with_line_items():
    doc = _parse(TABLE_PAGE)
    assert doc.format == "html" and doc.page_count == 1
    (t,) = doc.tables
    assert (t.title, t.table_kind, t.unit_as_printed, t.unit_name, t.number_label, t.notes) == (
        "一般公共预算支出情况表", "general_budget_expenditure", "万元", "示范市司法局", "公开05表",
        ["注：本表按功能分类科目列示。"])
    assert _items(doc) == EXPECTED_ITEMS
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type) == ("示范市司法局", 2026, "budget")


def test_hidden_row_is_not_read():
    """A row hidden by style (display:none) is not printed: the identities hold without it."""
    hidden = ('<tr style="display:none"><td>2040602</td><td>一般行政管理事务</td><td>9,999.00</td>'
              '<td></td><td>9,999.00</td></tr>')
    page = TABLE_PAGE.replace("<tr><td>2040604</td>", hidden + "<tr><td>2040604</td>")
    doc = _parse(page)
    assert _items(doc) == EXPECTED_ITEMS
    assert "9,999.00" not in doc.pages_text[0]


def test_row_hidden_by_a_class_rule_is_not_read():
    hidden = ('<tr class="fold"><td>2040602</td><td>一般行政管理事务</td><td>9,999.00</td>'
              '<td></td><td>9,999.00</td></tr>')
    page = TABLE_PAGE.replace("<tr><td>2040604</td>", hidden + "<tr><td>2040604</td>").replace(
        "</title>", "</title><style>.fold { display: none; }</style>")
    assert _items(_parse(page)) == EXPECTED_ITEMS


def test_floating_boxes_do_not_make_a_markup_page_positioned():
    """A portal's menus and pop-ups may be absolutely positioned: when the boxes give no table,
    the page's <table> markup is read."""
    boxes = "".join(f'<div style="position:absolute;left:{10 * i}px;top:5px">菜单{i}</div>'
                    for i in range(30))
    doc = _parse(TABLE_PAGE.replace("<h1>", boxes + "<h1>"))
    assert _items(doc) == EXPECTED_ITEMS and doc.page_count == 1
    # a page without tables keeps its text (not only the boxes')
    page = _page(boxes + "<p>第三部分 2026年部门预算情况说明</p><p>一、收支预算总体情况</p>"
                 "<p>2026年收入总计1,234,567.89元。</p>")
    doc = _parse(page)
    assert doc.tables == [] and "收入总计1,234,567.89元" in doc.pages_text[0]
    assert [f.amount_wan for f in doc.text_figures] == [D("123.456789")]


def test_script_and_link_menus_are_not_text():
    """A script's markup is no table; a line of nothing but links (the portal's menu) is no text
    of the disclosure ("市财政局" would pass for the unit)."""
    doc = _parse(TABLE_PAGE)
    assert len(doc.tables) == 1
    assert "市财政局" not in doc.pages_text[0] and "首页" not in doc.pages_text[0]
    assert doc.pages_text[0].splitlines()[0] == "2026年示范市司法局部门预算公开"


def test_title_and_unit_drawn_as_the_tables_first_rows():
    """Some portals draw the title and the unit line as rows of the table itself."""
    page = _page('<table border="1"><tr><td colspan="5">一般公共预算支出情况表</td></tr>'
                 '<tr><td colspan="3">部门：示范市司法局</td><td colspan="2">单位：万元</td></tr>'
                 f"{HEADER}{ROWS}<tr><td colspan=\"5\">注：本表按功能分类科目列示。</td></tr></table>")
    (t,) = _parse(page).tables
    assert (t.title, t.table_kind, t.unit_as_printed, t.unit_name, t.notes) == (
        "一般公共预算支出情况表", "general_budget_expenditure", "万元", "示范市司法局",
        ["注：本表按功能分类科目列示。"])
    assert t.rows_text()[0] == ["科目", "", "合计", "基本支出", "项目支出"]


def test_caption_is_the_title():
    page = _page('<p>单位：万元</p><table border="1"><caption>一般公共预算支出情况表</caption>'
                 f"{HEADER}{ROWS}</table>")
    doc = _parse(page)
    (t,) = doc.tables
    assert (t.title, t.table_kind, t.unit_as_printed) == (
        "一般公共预算支出情况表", "general_budget_expenditure", "万元")
    assert _items(doc) == EXPECTED_ITEMS


def test_unit_in_yuan_converted_to_wan():
    page = TABLE_PAGE.replace("单位：万元", "单位：元")
    doc = _parse(page)
    assert doc.tables[0].unit_as_printed == "元"
    assert [li.amount_wan for li in doc.line_items][:3] == [D("0.13"), D("0.1"), D("0.03")]


def test_gb18030_page_declared_gbk():
    doc = _parse(TABLE_PAGE.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" '
                                    'content="text/html; charset=gbk">'), encoding="gb18030")
    assert _items(doc) == EXPECTED_ITEMS
    assert doc.tables[0].title == "一般公共预算支出情况表"


def test_gb18030_page_without_charset_falls_back_from_utf8():
    data = TABLE_PAGE.replace('<meta charset="utf-8">', "").encode("gb18030")
    assert decode_html(data) == TABLE_PAGE.replace('<meta charset="utf-8">', "")
    doc = parse_document(data, "page.htm", "page.htm")
    assert _items(doc) == EXPECTED_ITEMS


def test_utf8_page_whose_meta_still_says_gbk():
    """A portal re-encoded the page and left its <meta> as it was: the bytes are UTF-8."""
    page = TABLE_PAGE.replace('<meta charset="utf-8">', '<meta charset="gb2312">')
    assert _items(_parse(page)) == EXPECTED_ITEMS


def test_utf8_bom_page():
    doc = parse_document(b"\xef\xbb\xbf" + TABLE_PAGE.encode(), "page.html", "page.html")
    assert _items(doc) == EXPECTED_ITEMS


def test_disclosure_page_saved_as_pdf_lands_as_html():
    """Scrapers save web pages under a .pdf name: the bytes say HTML, and it lands as one."""
    data = TABLE_PAGE.encode()
    assert detect_format(data, "2026年部门预算.pdf") == "html"
    doc = parse_document(data, "2026年部门预算.pdf", "https://portal.example/2026年部门预算.pdf")
    assert doc.format == "html" and doc.tables[0].table_kind == "general_budget_expenditure"
    assert _items(doc) == EXPECTED_ITEMS


def test_portal_error_page_saved_as_pdf_fails_as_an_html_page():
    data = "<!DOCTYPE html><html><body>系统维护中</body></html>".encode()
    with pytest.raises(ParseError, match="HTML page") as err:
        parse_document(data, "x.pdf", "x.pdf")
    assert "系统维护中" in str(err.value)


def test_layout_tables_are_no_data_tables():
    """Portals wrap the page in layout tables (a table holding a table) and draw breadcrumbs as
    one-row tables: only the innermost table with rows and columns is data."""
    page = _page('<table><tr><td><table><tr><td><a href="/">首页</a></td><td>&gt;</td></tr></table>'
                 f'<p>一般公共预算支出情况表</p><p>单位：万元</p><table border="1">{HEADER}{ROWS}'
                 "</table></td></tr></table>")
    doc = _parse(page)
    assert [t.title for t in doc.tables] == ["一般公共预算支出情况表"]
    assert _items(doc) == EXPECTED_ITEMS


def test_attachment_links_are_spreadsheets_and_pdfs_as_absolute_urls():
    page = ('<html><body><a href="/upload/2026/4174854.xlsx">附表</a>'
            '<a href="files/b.XLS?v=2">b</a><a href="https://other.example/c.pdf#p1">c</a>'
            '<a href="d.docx">d</a><a href="/upload/2026/4174854.xlsx">again</a>'
            '<a href="javascript:void(0)">x.pdf</a><a href="e.html">e</a></body></html>')
    assert attachment_links(page.encode(), "https://www.km.gov.cn/c/2026/list/page.html") == [
        "https://www.km.gov.cn/upload/2026/4174854.xlsx",
        "https://www.km.gov.cn/c/2026/list/files/b.XLS?v=2",
        "https://other.example/c.pdf#p1",
    ]


def test_attachment_named_by_a_download_script_or_its_link_text():
    page = ('<html><body><a href="/module/download/downfile.jsp?classid=0&filename=2026预算表.xlsx">'
            '附件1</a><a href="/down?id=7">2026年部门预算公开表.xls</a><a href="/down?id=8">说明</a>'
            "</body></html>")
    assert attachment_links(page.encode(), "http://czj.example.gov.cn/art/1.html") == [
        "http://czj.example.gov.cn/module/download/downfile.jsp?classid=0&filename=2026预算表.xlsx",
        "http://czj.example.gov.cn/down?id=7",
    ]


def test_kunming_attachment_link():
    assert attachment_links(KM_AUDIT.read_bytes(), "https://www.km.gov.cn/c/2026-02-12/x.shtml") == [
        "https://www.km.gov.cn/upload/resources/file/2026/02/12/4174854.xlsx"]


# ------------------------------------------------------------------------------ Kunming's pages

@functools.lru_cache(maxsize=None)
def _kunming(path):
    return parse_document(path.read_bytes(), path.name, str(path))


@pytest.mark.parametrize("path,unit", [
    # the page's heading: "昆明市审计局（汇总）2026年预算公开"
    (KM_AUDIT, "昆明市审计局"),
    # "昆明市人民政府办公室机关2026年预算公开": the office's own organ (来源：昆明市人民政府办公室)
    (KM_OFFICE, "昆明市人民政府办公室"),
])
def test_kunming_explanation_page_lands_without_tables(path, unit):
    if not path.exists():
        pytest.skip(f"{path} not available")
    doc = _kunming(path)
    assert (doc.format, doc.unit_name, doc.fiscal_year, doc.doc_type, doc.tables) == (
        "html", unit, 2026, "budget", [])
    assert "第一部分" in doc.pages_text[0] and "友情链接" in doc.pages_text[0]
    assert "公务员邮箱" not in doc.pages_text[0]  # a menu of links


# Stated in the page in 元, read by hand from the page's text (第一部分 编制说明):
# 四、预算单位支出情况 "基本支出101,126,495.75元 … 项目支出20,758,502.00元"; 七、 "“三公”经费预算合计
# 203,702.18元"; 九、（二） "机关运行经费安排10,690,192.36元"
KM_AUDIT_FIGURES = [
    ("基本支出", "101,126,495.75", D("10112.649575")),
    ("项目支出", "20,758,502.00", D("2075.8502")),
    ("三公经费", "203,702.18", D("20.370218")),
    ("机关运行经费", "10,690,192.36", D("1069.019236")),
]
KM_SUBJECTS = {name for name, _, _ in KM_AUDIT_FIGURES}


def _stated(doc) -> list[tuple]:
    """The page's first amount of each of the four subjects, as the statements mart holds it."""
    seen, out = set(), []
    for f in doc.text_figures:
        if f.figure_kind == "amount" and f.subject in KM_SUBJECTS and f.subject not in seen:
            assert f.unit_as_printed == "元" and f.page_number == 1
            seen.add(f.subject)
            out.append((f.subject, f.figure_as_printed, f.amount_wan))
    return out


def test_kunming_stated_figures_in_yuan_converted_to_wan():
    if not KM_AUDIT.exists():
        pytest.skip(f"{KM_AUDIT} not available")
    assert _stated(_kunming(KM_AUDIT)) == KM_AUDIT_FIGURES


def test_office_stated_figures():
    """昆明市人民政府办公室: "基本支出56,283,463.64元", "项目支出24,494,730.22元", "“三公”经费预算合计
    804,395.02元", "机关运行经费安排5804493.64元" (no thousands separators there)."""
    if not KM_OFFICE.exists():
        pytest.skip(f"{KM_OFFICE} not available")
    assert [(name, wan) for name, _, wan in _stated(_kunming(KM_OFFICE))] == [
        ("基本支出", D("5628.346364")), ("项目支出", D("2449.473022")),
        ("三公经费", D("80.439502")), ("机关运行经费", D("580.449364"))]


def test_a_sub_heading_ends_the_subject_carried_from_the_one_before():
    """Kunming audit bureau, 九、（三） "2026年委托业务费安排23,403,659.84元" follows （二）'s 机关运行经费
    sentence: its figures are no 机关运行经费 (no table line is named); （四）'s 资产总额 is 国有资产."""
    if not KM_AUDIT.exists():
        pytest.skip(f"{KM_AUDIT} not available")
    by_figure = {f.figure_as_printed: f.subject for f in _kunming(KM_AUDIT).text_figures
                 if f.figure_kind == "amount"}
    assert by_figure["10,690,192.36"] == "机关运行经费"
    assert by_figure["23,403,659.84"] is None
    assert by_figure["55,832,892.91"] == "国有资产"


# The real sentence of Kunming's audit bureau page (四、预算单位支出情况)
KM_SENTENCE = ("2026年单位预算总支出154,991,108.01元。财政拨款安排支出121,884,997.75元，其中：基本支出"
               "101,126,495.75元，与上年对比增加6,221,138.61元，增长6.56%")


def test_amount_in_wan_is_exact():
    assert amount_in_wan(D("101126495.75"), "元") == D("10112.649575")
    assert amount_in_wan(D("2963.41"), "万元") == D("2963.41")
    assert amount_in_wan(D("1.25"), "亿元") == D("12500.00")


def _row(amount: str, decimals: int, unit: str = "万元") -> dict:
    return {"document_id": "d", "table_id": 3, "table_kind": "expenditure_summary",
            "measure": "basic", "item_name": "合计", "is_total": True, "subject_code": None,
            "economic_code": None, "amount_wan": D(amount), "decimals": decimals,
            "unit_as_printed": unit}


@pytest.mark.parametrize("amount,decimals,unit,status", [
    ("10112.649575", 2, "元", "pass"),  # the table in 元: 101,126,495.75
    ("10112.65", 2, "万元", "pass"),  # the table in 万元, rounded to the cent of 万元
    ("10112.66", 2, "万元", "fail"),
])
def test_text_check_reads_a_kunming_sentence_in_yuan(amount, decimals, unit, status):
    pages = ["第一部分 昆明市审计局（汇总）2026年部门预算编制说明\n四、预算单位支出情况\n" + KM_SENTENCE]
    figs = [{**asdict(f), "document_id": "d"} for f in read_statements(pages)]
    (r,) = [r for r in text_statements.check_document(figs, [_row(amount, decimals, unit)],
                                                      "budget")
            if r.check_name == "text_amount_equals_table"]
    assert (r.item_name, r.actual, r.expected, r.status) == (
        "基本支出", D("10112.649575"), D(amount), status)
