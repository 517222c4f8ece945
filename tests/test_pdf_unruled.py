"""The PDF reader on quirks of PDFs from other provinces and years, drawn here with reportlab:
tables printed without rules, letter-spaced text, a title printed at the foot of the page before
its table, vertical header text, and a table that starts a page without a title. Every expected
grid row is exact. The last test reads the sample final account (``sample.generate``), whose
tables have no rules, and checks that its 一般公共预算财政拨款支出决算表 reconciles.
"""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import pytest

from extract.amounts import parse_amount
from extract.readers.pdf import read_pdf_document

W, H = 595.0, 842.0
FONT = "STSong-Light"
SIZE = 9.0
PAD = 3.0


def _canvas():
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    return buf, canvas.Canvas(buf, pagesize=(W, H))


def _put(c, text, x, top, size=SIZE, align="left"):
    """Text whose baseline sits ``top`` points under the top of the page."""
    from reportlab.pdfbase import pdfmetrics

    w = pdfmetrics.stringWidth(text, FONT, size)
    x -= {"left": 0, "center": w / 2, "right": w}[align]
    c.setFont(FONT, size)
    c.drawString(x, H - top, text)


def _row(c, cells, xs, top, *, header=False, ruled=False):
    """One printed row: cells are str (wrap with '\\n') or (str, colspan); text vertically centred
    in the row, headers centred, figures right-aligned, words left-aligned. Returns the row's
    bottom."""
    boxes, col = [], 0
    for cell in cells:
        text, span = cell if isinstance(cell, tuple) else (cell, 1)
        boxes.append((xs[col], xs[col + span], text.split("\n") if text else []))
        col += span
    height = max([len(b[2]) for b in boxes] + [1]) * SIZE * 1.3 + 2 * PAD
    for x0, x1, lines in boxes:
        if ruled:
            c.rect(x0, H - top - height, x1 - x0, height)
        y = top + (height - len(lines) * SIZE * 1.3) / 2 + SIZE * 1.05
        for ln in lines:
            figure = parse_amount(ln) is not None and ("." in ln or "," in ln or ln == "0")
            if header:
                _put(c, ln, (x0 + x1) / 2, y, align="center")
            elif figure:
                _put(c, ln, x1 - PAD, y, align="right")
            else:
                _put(c, ln, x0 + PAD, y)
            y += SIZE * 1.3
    return top + height


def _read(data: bytes):
    return read_pdf_document(data, file_name="synthetic.pdf", source_uri="synthetic.pdf",
                             document_id="synthetic")


# --------------------------------------------------------------------------------------------
# a table without rules

XS = [40, 100, 240, 270, 340, 410, 480, 555]  # 编码 | 名称 | 行次 | 合计 | 基本 | 项目 | 对附属单位补助
HEADER = [
    [("项目", 3), ("本年支出", 4)],
    ["科目编码", "科目名称", "行次", "合计", "基本支出", "项目支出", "对附属单位\n补助支出"],
    ["栏次", "", "", "1", "2", "3", "4"],
]
BODY = [
    ["合计", "", "1", "1,234.50", "1,000.00", "", "234.50"],
    ["201", "一般公共服务支出", "2", "1,000.00", "1,000.00", "", ""],
    ["20101", "人大事务", "3", "1,000.00", "1,000.00", "", ""],
    ["208", "社会保障和就业支出", "4", "234.50", "", "", "234.50"],
    ["2080505", "机关事业单位基本养老保\n险缴费支出", "5", "234.50", "", "", "234.50"],
]
EXPECTED = [
    ["项目", "", "", "本年支出", "", "", ""],
    ["科目编码", "科目名称", "行次", "合计", "基本支出", "项目支出", "对附属单位补助支出"],
    ["栏次", "", "", "1", "2", "3", "4"],
    ["合计", "", "1", "1,234.50", "1,000.00", "", "234.50"],
    ["201", "一般公共服务支出", "2", "1,000.00", "1,000.00", "", ""],
    ["20101", "人大事务", "3", "1,000.00", "1,000.00", "", ""],
    ["208", "社会保障和就业支出", "4", "234.50", "", "", "234.50"],
    ["2080505", "机关事业单位基本养老保险缴费支出", "5", "234.50", "", "", "234.50"],
]


def _unruled_page(c, *, ruled=False):
    _put(c, "公开05表", 40, 50)
    _put(c, "一般公共预算财政拨款支出决算表", W / 2, 72, size=15, align="center")
    _put(c, "部门名称：某某局", 40, 95)
    _put(c, "单位：万元", W - 40, 95, align="right")
    top = 105
    for r in HEADER:
        top = _row(c, r, XS, top, header=True, ruled=ruled)
    for r in BODY:
        top = _row(c, r, XS, top, ruled=ruled)
    _put(c, "注：本表反映本年度一般公共预算财政拨款实际支出情况。", 40, top + 18)
    _put(c, "2025年度支出合计1,234.50万元，比上年增加12.00万元，主要是人员经费增加。", 40, top + 40)
    _put(c, "-5-", W / 2, H - 30, size=10, align="center")


def test_unruled_table_columns_from_word_positions():
    """Amount columns by right edge, text columns by left edge; a header spanning columns goes in
    its first column; a header cell and a name wrapped over two lines are one cell each; an empty
    column keeps its header; the table ends at the 注 line (the prose under it is not a row)."""
    buf, c = _canvas()
    _unruled_page(c)
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert (t.title, t.number_label, t.unit_as_printed, t.unit_name) == (
        "一般公共预算财政拨款支出决算表", "公开05表", "万元", "某某局")
    assert t.rows_text() == EXPECTED
    assert t.notes == ["注：本表反映本年度一般公共预算财政拨款实际支出情况。"]
    assert any("without rules" in w for w in doc.warnings)


def test_unruled_table_reads_like_the_same_table_with_rules():
    grids = []
    for ruled in (False, True):
        buf, c = _canvas()
        _unruled_page(c, ruled=ruled)
        c.showPage()
        c.save()
        (t,) = _read(buf.getvalue()).tables
        grids.append(t.rows_text()[1:])  # the ruled grid's group row is cut at the rules
    assert grids[0] == grids[1]


def test_unruled_two_sided_summary_with_row_numbers():
    """收入 | 支出 side by side, each with 行次; blank amounts; a label wrapped into a second line
    that fills its column."""
    xs = [40, 170, 200, 270, 420, 450, 555]
    buf, c = _canvas()
    _put(c, "收入支出决算总表", W / 2, 60, size=15, align="center")
    _put(c, "单位：万元", W - 40, 80, align="right")
    top = 90
    for r in ([("收入", 3), ("支出", 3)], ["项目", "行次", "金额"] * 2):
        top = _row(c, r, xs, top, header=True)
    for r in (["一、一般公共预算财政拨款收入", "1", "2,973.57", "一、一般公共服务支出", "31", "3.39"],
              ["二、上级补助收入", "2", "", "二、灾害防治及应急管理支\n出", "32", ""],
              ["", "3", "", "三、公共安全支出", "33", "2,970.18"],
              ["本年收入合计", "4", "2,973.57", "本年支出合计", "34", "2,973.57"]):
        top = _row(c, r, xs, top)
    c.showPage()
    c.save()
    (t,) = _read(buf.getvalue()).tables
    assert t.title == "收入支出决算总表"
    assert t.rows_text() == [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["一、一般公共预算财政拨款收入", "1", "2,973.57", "一、一般公共服务支出", "31", "3.39"],
        ["二、上级补助收入", "2", "", "二、灾害防治及应急管理支出", "32", ""],
        ["", "3", "", "三、公共安全支出", "33", "2,970.18"],
        ["本年收入合计", "4", "2,973.57", "本年支出合计", "34", "2,973.57"],
    ]


# --------------------------------------------------------------------------------------------
# letter-spaced text in pages_text


def test_letter_spaced_text_is_joined_in_pages_text():
    buf, c = _canvas()
    _put(c, "江 苏 省 人 民 检 察 院", W / 2, 300, size=22, align="center")
    _put(c, "2 0 1 9 年 部 门 预 算", W / 2, 340, size=18, align="center")
    _put(c, "合 计 2,959.05", 40, 400)
    _put(c, "栏次 1 2 3", 40, 420)
    c.showPage()
    c.save()
    # a page without a table: pages_text as the reader cleans it
    from extract.readers.pdf.triage import clean_pages_text, pdfium_pages

    texts = clean_pages_text(pdfium_pages(buf.getvalue())[0])
    lines = texts[0].split("\n")
    assert "江苏省人民检察院" in lines
    assert "合计 2,959.05" in lines
    assert "栏次 1 2 3" in lines  # figures stay apart


def test_letter_spaced_unit_name_reaches_the_document():
    buf, c = _canvas()
    _put(c, "江 苏 省 人 民 检 察 院", W / 2, 300, size=22, align="center")
    _put(c, "2019年部门预算", W / 2, 340, size=18, align="center")
    c.showPage()
    _unruled_page(c)
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    assert "江苏省人民检察院" in doc.pages_text[0]
    assert doc.unit_name == "江苏省人民检察院"
    assert (doc.fiscal_year, doc.doc_type) == (2019, "budget")


# --------------------------------------------------------------------------------------------
# a title printed at the foot of the page before its table


def _ruled_table(c, rows, top, xs=(40, 200, 320)):
    for r in rows:
        top = _row(c, r, list(xs), top, ruled=True)
    return top


def test_title_at_the_foot_of_the_previous_page():
    buf, c = _canvas()
    _put(c, "收入决算表", W / 2, 60, size=15, align="center")
    _put(c, "单位：万元", W - 40, 80, align="right")
    _ruled_table(c, [["项目", "金额"], ["财政拨款收入", "2,973.57"], ["合计", "2,973.57"]], 90)
    _put(c, "二、支出决算情况", 40, 700, size=12)
    _put(c, "支出决算表", W / 2, 770, size=15, align="center")
    _put(c, "单位：万元", W - 40, 790, align="right")
    _put(c, "-3-", W / 2, H - 30, size=10, align="center")
    c.showPage()
    # the same columns as the table before: still a new table, titled at the foot of page 1
    _ruled_table(c, [["项目", "金额"], ["基本支出", "2,552.07"], ["合计", "2,552.07"]], 50)
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    assert [(t.title, t.page_from, t.page_to, t.unit_as_printed) for t in doc.tables] == [
        ("收入决算表", 1, 1, "万元"), ("支出决算表", 2, 2, "万元")]
    assert doc.tables[1].rows_text() == [["项目", "金额"], ["基本支出", "2,552.07"], ["合计", "2,552.07"]]


def test_title_at_the_foot_of_a_page_without_a_table():
    buf, c = _canvas()
    for k in range(12):
        _put(c, f"第{k + 1}段说明文字，介绍本部门的职责和机构设置情况。", 40, 80 + 40 * k)
    _put(c, "公开03表", 40, 760)
    _put(c, "支出决算表", W / 2, 780, size=15, align="center")
    c.showPage()
    _put(c, "单位：万元", W - 40, 40, align="right")
    _ruled_table(c, [["项目", "金额"], ["基本支出", "2,552.07"], ["合计", "2,552.07"]], 50)
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert (t.title, t.number_label, t.page_from, t.unit_as_printed) == ("支出决算表", "公开03表", 2, "万元")


# --------------------------------------------------------------------------------------------
# vertical header text is content, not a watermark


def _turned(c, text, x, top, size, angle, grey=None):
    c.saveState()
    if grey is not None:
        c.setFillGray(grey)
    c.translate(x, H - top)
    c.rotate(angle)
    c.setFont(FONT, size)
    c.drawString(0, 0, text)
    c.restoreState()


def test_vertical_header_text_is_kept_and_watermarks_are_dropped():
    buf, c = _canvas()
    _put(c, "支出决算表", W / 2, 60, size=15, align="center")
    _put(c, "单位：万元", W - 40, 80, align="right")
    xs = [40, 200, 230, 330]
    c.rect(40, H - 130, 290, 40)  # header row, 40 pt high
    for x in xs[1:-1]:
        c.line(x, H - 90, x, H - 130)
    _put(c, "项目", 120, 114, align="center")
    _turned(c, "行次", 218, 122, SIZE, 90)  # vertical, reading upwards
    _put(c, "金额", 280, 114, align="center")
    _ruled_table(c, [["财政拨款收入", "1", "2,973.57"], ["合计", "2", "2,973.57"]], 130, xs)
    _turned(c, "仅供内部审核", 470, 500, 40, 90)  # large turned text: a watermark
    _turned(c, "仅供内部审核", 200, 600, 30, 30, grey=0.85)  # slanted light grey: a watermark
    _turned(c, "内部资料", 500, 300, 12, 90, grey=0.8)  # light grey, small: still a watermark
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert t.rows_text() == [["项目", "行次", "金额"], ["财政拨款收入", "1", "2,973.57"], ["合计", "2", "2,973.57"]]
    assert "仅供" not in doc.pages_text[0] and "内部资料" not in doc.pages_text[0]


def test_vertical_header_text_in_a_table_without_rules():
    buf, c = _canvas()
    _put(c, "支出决算表", W / 2, 60, size=15, align="center")
    _put(c, "单位：万元", W - 40, 80, align="right")
    _put(c, "项目", 120, 114, align="center")
    _turned(c, "行次", 218, 122, SIZE, 90)  # reading upwards
    _put(c, "金额", 300, 114, align="center")
    top = 130
    for r in (["财政拨款收入", "1", "2,973.57"], ["事业收入", "2", "10.00"], ["合计", "3", "2,983.57"]):
        top = _row(c, r, [40, 200, 235, 330], top)
    c.showPage()
    c.save()
    (t,) = _read(buf.getvalue()).tables
    assert t.rows_text() == [["项目", "行次", "金额"], ["财政拨款收入", "1", "2,973.57"],
                             ["事业收入", "2", "10.00"], ["合计", "3", "2,983.57"]]


# --------------------------------------------------------------------------------------------
# a table that starts a page without a title


def test_untitled_table_with_other_columns_and_a_header_is_a_new_table():
    buf, c = _canvas()
    _put(c, "收入决算表", W / 2, 60, size=15, align="center")
    _put(c, "单位：万元", W - 40, 80, align="right")
    _ruled_table(c, [["项目", "金额"], ["财政拨款收入", "2,973.57"], ["合计", "2,973.57"]], 700)
    c.showPage()
    _ruled_table(c, [["项目", "单位", "人数"], ["在职人员", "人", "35"], ["离退休人员", "人", "12"]], 50,
                 xs=(40, 200, 300, 400))
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    assert [(t.title, t.page_from, t.page_to) for t in doc.tables] == [("收入决算表", 1, 1), ("", 2, 2)]
    assert doc.tables[1].rows_text()[0] == ["项目", "单位", "人数"]


def test_untitled_table_whose_first_rows_are_data_continues_the_table():
    """The next page prints only some columns' figures (fewer columns found there): the rows
    look like data, so the table goes on, realigned to the first page's columns."""
    xs = [40, 100, 240, 320, 400, 480]
    buf, c = _canvas()
    _put(c, "一般公共预算财政拨款支出决算表", W / 2, 60, size=15, align="center")
    _put(c, "单位：万元", W - 40, 80, align="right")
    top = _row(c, ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], xs, 690, header=True, ruled=True)
    top = _row(c, ["201", "一般公共服务支出", "3.39", "3.39", "1.00"], xs, top, ruled=True)
    c.showPage()
    _row(c, ["20132", "组织事务", ("3.39", 2), "1.00"], xs, 50, ruled=True)  # 合计 and 基本支出 merged
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert (t.title, t.page_from, t.page_to) == ("一般公共预算财政拨款支出决算表", 1, 2)
    assert t.rows_text()[-1][:2] == ["20132", "组织事务"]
    assert t.rows_text()[-1][-1] == "1.00"


# --------------------------------------------------------------------------------------------
# the sample final account: tables without rules that must reconcile


def test_sample_final_account_general_budget_table_reconciles(tmp_path):
    gen = pytest.importorskip("sample.generate")
    from expectations.identities import FAIL, check_line_items
    from extract.pipeline import parse_document

    name = next(n for n in gen.DOCUMENTS if "final-account" in n)
    gen.DOCUMENTS[name](tmp_path / name)
    data = (tmp_path / name).read_bytes()
    doc = parse_document(data, name, f"file://{tmp_path / name}")
    (t,) = [t for t in doc.tables if t.title == "一般公共预算财政拨款支出决算表"]
    assert t.table_kind == "general_budget_expenditure"
    items = [li for li in doc.line_items if li.table_id == t.table_id]
    measures = {li.measure for li in items}
    assert {"total", "basic", "project"} <= measures
    for m in ("total", "basic", "project"):
        total = [li for li in items if li.measure == m and li.is_total and not li.subject_code]
        classes = [li for li in items if li.measure == m and li.subject_code and len(li.subject_code) == 3]
        assert len(total) == 1 and classes, m
        assert sum((li.amount_wan for li in classes), Decimal(0)) == total[0].amount_wan, m
    # and every identity of every table of the document holds (Σ 款 = 类, 合计 = 基本 + 项目, …)
    kinds = {x.table_id: x for x in doc.tables}
    rows = []
    for li in doc.line_items:
        d = dataclasses.asdict(li)
        d.update(document_id=doc.document_id, table_kind=kinds[li.table_id].table_kind,
                 table_title=kinds[li.table_id].title, unit_as_printed=kinds[li.table_id].unit_as_printed)
        rows.append(d)
    results = check_line_items(rows, doc_types={doc.document_id: doc.doc_type})
    assert results
    assert [(r.table_kind, r.check_name, r.subject_code, r.measure) for r in results if r.status == FAIL] == []
    assert {k.table_kind for k in doc.tables} >= {"income_expenditure_summary", "expenditure_summary",
                                                  "general_budget_expenditure", "three_public"}


def test_figures_set_out_in_the_text_are_no_table():
    buf, c = _canvas()
    _put(c, "第三部分 情况说明", W / 2, 60, size=16, align="center")
    _put(c, "一、收入支出决算总体情况说明", 40, 90, size=12)
    _put(c, "本年收入和支出的构成如下。", 60, 110, size=10.5)
    for k, (name, value) in enumerate((("基本支出", "2,552.07"), ("项目支出", "406.98"), ("合计", "2,959.05"))):
        _put(c, name, 80, 135 + 18 * k, size=10.5)
        _put(c, value, 300, 135 + 18 * k, size=10.5, align="right")
    _put(c, "二、财政拨款“三公”经费支出决算情况说明", 40, 210, size=12)
    c.showPage()
    _unruled_page(c)  # a candidate page follows: the reader looks at both
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    assert [(t.title, t.page_from) for t in doc.tables] == [("一般公共预算财政拨款支出决算表", 2)]


def test_unruled_table_continues_on_the_next_page_without_its_header():
    buf, c = _canvas()
    _put(c, "一般公共预算财政拨款支出决算表", W / 2, 72, size=15, align="center")
    _put(c, "单位：万元", W - 40, 95, align="right")
    top = 105
    for r in HEADER:
        top = _row(c, r, XS, top, header=True)
    for r in BODY[:3]:
        top = _row(c, r, XS, top)
    _put(c, "-1-", W / 2, H - 30, size=10, align="center")
    c.showPage()
    top = 50
    for r in BODY[3:]:  # no title, no header; the 基本支出 column holds nothing on this page
        top = _row(c, r, XS, top)
    _put(c, "-2-", W / 2, H - 30, size=10, align="center")
    c.showPage()
    c.save()
    doc = _read(buf.getvalue())
    (t,) = doc.tables
    assert (t.page_from, t.page_to) == (1, 2)
    assert t.rows_text() == EXPECTED
    assert [r[0].page for r in t.grid][-2:] == [2, 2]


def test_unruled_three_public_with_group_headers_and_zeros_without_decimals():
    """Items as columns under a group header, 公务用车购置及运行费 over three columns, zeros printed
    as '0', and an empty 购置费 column whose header sits over no figure."""
    xs = [40, 110, 190, 260, 330, 400, 470, 555]
    buf, c = _canvas()
    _put(c, "2026年部门“三公”经费和机关运行经费预算表", W / 2, 60, size=15, align="center")
    _put(c, "单位：万元", W - 40, 80, align="right")
    top = 90
    for r in ([("“三公”经费预算数", 6), "机关运行经费\n预算数"],
              ["合计", "因公出国(境)\n费", "公务接待费", ("公务用车购置及运行费", 3), ""],
              ["", "", "", "小计", "购置费", "运行费", ""]):
        top = _row(c, r, xs, top, header=True)
    top = _row(c, ["10.81", "0", "0.83", "9.98", "", "9.98", "217.83"], xs, top)
    c.showPage()
    c.save()
    (t,) = _read(buf.getvalue()).tables
    assert t.rows_text() == [
        ["“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
        ["", "", "", "小计", "购置费", "运行费", ""],
        ["10.81", "0", "0.83", "9.98", "", "9.98", "217.83"],
    ]
