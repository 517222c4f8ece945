"""Pages turned by /Rotate, and rules drawn as many short segments: read as a person sees them.

Yantai's finance bureau prints every table page of its 2026 budget as a portrait page whose
content is drawn sideways and turned upright by /Rotate 90; its rules are one segment per cell
edge (a rule across the table is dozens of short segments, doubled 0.1 pt apart). The reader
builds such a page's objects in the page's own space and turns them as the page is shown
(``pdf._turn_objects``, what pdfminer does with /Rotate), and gives a page whose text a /Rotate
leaves sideways or upside down the /Rotate that sets it upright.

(a) small PDFs drawn here with reportlab: a ruled budget table on a page turned by /Rotate 90
(and 180, 270), its rules drawn as hundreds of 4 pt segments, asserted line item by line item;
(b) values read by hand from the Yantai PDF (page in each comment: 1-based, as a viewer numbers
them), asserted against the parsed document, and the identities of its tables.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from extract.pipeline import parse_document
from tests.conftest import CORPUS, parsed_corpus

YANTAI = CORPUS / "shandong" / "yantai-finance-bureau-2026-budget.pdf"

D = Decimal

# ---------------------------------------------------------------------------------------------
# (a) a generated table on a turned page

TITLE = "一般公共预算支出情况表"
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
ROWS = [
    ["", "合计", "1,500.00", "1,200.00", "300.00"],
    ["201", "一般公共服务支出", "1,000.00", "800.00", "200.00"],
    ["20106", "财政事务", "1,000.00", "800.00", "200.00"],
    ["2010601", "行政运行", "800.00", "800.00", ""],
    ["2010602", "一般行政管理事务", "200.00", "", "200.00"],
    ["208", "社会保障和就业支出", "500.00", "400.00", "100.00"],
    ["20805", "行政事业单位养老支出", "500.00", "400.00", "100.00"],
    ["2080505", "机关事业单位基本养老保险缴费支出", "400.00", "400.00", ""],
    ["2080599", "其他行政事业单位养老支出", "100.00", "", "100.00"],
]
WIDTHS = [70, 210, 90, 90, 90]
ROW_H = 22.0
SEGMENT = 4.0  # pt: each rule is drawn as segments this long

# (subject_code, item_name, measure, 万元) of every line item the table holds, in printed order
EXPECTED_ITEMS = [
    (None, "合计", "total", D("1500.00")), (None, "合计", "basic", D("1200.00")),
    (None, "合计", "project", D("300.00")),
    ("201", "一般公共服务支出", "total", D("1000.00")), ("201", "一般公共服务支出", "basic", D("800.00")),
    ("201", "一般公共服务支出", "project", D("200.00")),
    ("20106", "财政事务", "total", D("1000.00")), ("20106", "财政事务", "basic", D("800.00")),
    ("20106", "财政事务", "project", D("200.00")),
    ("2010601", "行政运行", "total", D("800.00")), ("2010601", "行政运行", "basic", D("800.00")),
    ("2010602", "一般行政管理事务", "total", D("200.00")),
    ("2010602", "一般行政管理事务", "project", D("200.00")),
    ("208", "社会保障和就业支出", "total", D("500.00")), ("208", "社会保障和就业支出", "basic", D("400.00")),
    ("208", "社会保障和就业支出", "project", D("100.00")),
    ("20805", "行政事业单位养老支出", "total", D("500.00")),
    ("20805", "行政事业单位养老支出", "basic", D("400.00")),
    ("20805", "行政事业单位养老支出", "project", D("100.00")),
    ("2080505", "机关事业单位基本养老保险缴费支出", "total", D("400.00")),
    ("2080505", "机关事业单位基本养老保险缴费支出", "basic", D("400.00")),
    ("2080599", "其他行政事业单位养老支出", "total", D("100.00")),
    ("2080599", "其他行政事业单位养老支出", "project", D("100.00")),
]


def _segmented_line(c, x0: float, y0: float, x1: float, y1: float) -> None:
    """A rule drawn as many short strokes end to end (as some exporters draw every rule)."""
    length = max(abs(x1 - x0), abs(y1 - y0))
    n = max(1, round(length / SEGMENT))
    for k in range(n):
        a, b = k / n, (k + 1) / n
        c.line(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)


def _turned_table_pdf(rotation: int, segmented: bool = True) -> bytes:
    """A portrait A4 page whose /Rotate is ``rotation``, its content drawn so that a viewer shows
    an upright landscape table (portrait for 180): the content is turned against the /Rotate."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    w, h = 595.0, 842.0  # the page's own space: portrait A4
    buf = io.BytesIO()
    # reportlab writes the media box of a page turned by 90 / 270 as (0 0 height width)
    c = canvas.Canvas(buf, pagesize=(h, w) if rotation in (90, 270) else (w, h))
    c.setPageRotation(rotation)
    # the page as shown: (X, Y) → the page's own space, the inverse of the /Rotate's turn
    if rotation == 90:
        c.translate(w, 0)
        c.rotate(90)
        shown_w, shown_h = h, w
    elif rotation == 180:
        c.translate(w, h)
        c.rotate(180)
        shown_w, shown_h = w, h
    elif rotation == 270:
        c.translate(0, h)
        c.rotate(-90)
        shown_w, shown_h = h, w
    else:
        shown_w, shown_h = w, h
    c.setLineWidth(0.5)
    left = (shown_w - sum(WIDTHS)) / 2
    top = shown_h - 110
    c.setFont("STSong-Light", 16)
    c.drawCentredString(shown_w / 2, shown_h - 70, TITLE)
    c.setFont("STSong-Light", 10)
    c.drawString(left, top + 8, "部门（单位）：示例局")
    c.drawRightString(left + sum(WIDTHS), top + 8, "单位：万元")
    rows = [HEADER] + ROWS
    bottom = top - ROW_H * len(rows)
    xs = [left]
    for wd in WIDTHS:
        xs.append(xs[-1] + wd)
    draw = _segmented_line if segmented else (lambda cv, *p: cv.line(*p))
    for k in range(len(rows) + 1):
        draw(c, xs[0], top - k * ROW_H, xs[-1], top - k * ROW_H)
    for x in xs:
        draw(c, x, top, x, bottom)
    for i, row in enumerate(rows):
        y = top - (i + 1) * ROW_H + 7
        for j, text in enumerate(row):
            if not text:
                continue
            if j >= 2 and i > 0:
                c.drawRightString(xs[j + 1] - 4, y, text)  # amounts right-aligned
            else:
                c.drawString(xs[j] + 4, y, text)
    c.setFont("STSong-Light", 9)
    c.drawCentredString(shown_w / 2, 30, "— 16 —")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def portrait_page_turned_by_rotate_90() -> bytes:
    """Yantai's quirk: a portrait page, content drawn sideways, /Rotate 90 sets it upright; every
    rule is hundreds of short segments."""
    return _turned_table_pdf(90)


def _items(doc) -> list[tuple]:
    return [(li.subject_code, li.item_name, li.measure, li.amount_wan) for li in doc.line_items]


def test_table_on_a_page_turned_by_rotate_90_reads_upright(portrait_page_turned_by_rotate_90):
    doc = parse_document(portrait_page_turned_by_rotate_90, "rotate90.pdf", "rotate90.pdf")
    (t,) = doc.tables
    assert (t.title, t.unit_as_printed, t.unit_name, t.page_from) == (TITLE, "万元", "示例局", 1)
    assert t.table_kind == "general_budget_expenditure"
    assert [[c.text for c in r] for r in t.grid] == [HEADER] + ROWS
    assert sorted(_items(doc), key=repr) == sorted(EXPECTED_ITEMS, key=repr)
    assert all(li.page_number == 1 for li in doc.line_items)
    assert "一般公共服务支出" in doc.pages_text[0]
    # read as the viewer shows it: no warning of a page read otherwise
    assert not any("sideways" in w for w in doc.warnings)


@pytest.mark.parametrize("rotation", [180, 270])
def test_table_on_a_page_turned_by_any_rotate_reads_upright(rotation):
    doc = parse_document(_turned_table_pdf(rotation), f"rotate{rotation}.pdf", "x")
    (t,) = doc.tables
    assert (t.title, t.unit_as_printed) == (TITLE, "万元")
    assert [[c.text for c in r] for r in t.grid] == [HEADER] + ROWS
    assert sorted(_items(doc), key=repr) == sorted(EXPECTED_ITEMS, key=repr)


def test_rules_of_short_segments_on_an_upright_page():
    """The same table, /Rotate 0: the short segments join into rules."""
    doc = parse_document(_turned_table_pdf(0), "segments.pdf", "x")
    (t,) = doc.tables
    assert [[c.text for c in r] for r in t.grid] == [HEADER] + ROWS
    assert sorted(_items(doc), key=repr) == sorted(EXPECTED_ITEMS, key=repr)


def test_a_rotate_that_leaves_the_text_sideways_is_overridden():
    """/Rotate 90 on a page whose text is upright in its own space (a viewer shows it sideways):
    read with the text upright, and say so."""
    pytest.importorskip("reportlab")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(_turned_table_pdf(0, segmented=False))
    pdf[0].set_rotation(90)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    doc = parse_document(buf.getvalue(), "sideways.pdf", "x")
    (t,) = doc.tables
    assert [[c.text for c in r] for r in t.grid] == [HEADER] + ROWS
    assert sorted(_items(doc), key=repr) == sorted(EXPECTED_ITEMS, key=repr)
    assert "sideways pages read turned upright: [1]" in doc.warnings


def _turned_and_pdfminers(data: bytes, index: int):
    """(our objects of the page, built in its own space and turned, with the shown width and
    height; pdfplumber's page read by pdfminer under the page's /Rotate), or None when
    the page objects (pdf.objects) leave the page to pdfminer."""
    import pdfplumber
    import pypdfium2 as pdfium

    from extract.readers.pdf.objects import page_objects
    from extract.readers.pdf.pages import _turn_objects

    pdf = pdfium.PdfDocument(data)
    page = pdf[index]
    rotation = page.get_rotation()
    page.set_rotation(0)
    _, _, w, h = page.get_mediabox()
    objs = page_objects(page, page_number=index + 1)
    pdf.close()
    if objs is None:
        return None
    return _turn_objects(objs, rotation, w, h), pdfplumber.open(io.BytesIO(data))


def _same_boxes(ours: list[dict], theirs: list[dict], keys: tuple, tol: float = 0.1) -> bool:
    """The same objects (by text, for glyphs), their boxes equal within ``tol`` (pdfium keeps
    coordinates as 32-bit floats)."""
    def ordered(objs):
        return sorted(objs, key=lambda o: (o.get("text", ""), o["top"], o["x0"]))

    if len(ours) != len(theirs):
        return False
    return all(a.get("text") == b.get("text") and a.get("upright") == b.get("upright")
               and all(abs(a[k] - b[k]) <= tol for k in keys)
               for a, b in zip(ordered(ours), ordered(theirs), strict=False))


def _assert_turned_like_pdfminer(data: bytes, index: int, min_rules: int) -> None:
    got = _turned_and_pdfminers(data, index)
    if got is None:
        pytest.skip("the page objects (pdf.objects) leave this page to pdfminer")
    (objs, width, height), plumber = got
    with plumber:
        ref = plumber.pages[index]
        assert (width, height) == (ref.width, ref.height)
        assert _same_boxes(objs["char"], ref.chars, ("x0", "x1", "top", "bottom", "size"))
        assert _same_boxes(objs["line"], ref.lines, ("x0", "x1", "top", "bottom"))
        assert len(objs["line"]) >= min_rules
        # the tables pdfplumber finds are the same
        from extract.readers.pdf.objects import PdfiumPage

        ours = PdfiumPage(objs, width, height, index + 1).find_tables()
        assert [t.extract() for t in ours] == [t.extract() for t in ref.find_tables()]


def test_turned_objects_match_pdfminers_reading_of_the_turned_page(portrait_page_turned_by_rotate_90):
    """The objects built in the page's own space and turned are pdfminer's objects of the page
    read under its /Rotate: the same glyph boxes, the same rules (hundreds of short segments),
    the same tables."""
    _assert_turned_like_pdfminer(portrait_page_turned_by_rotate_90, 0, min_rules=300)


def test_turned_objects_match_pdfminer_on_yantai():
    """Yantai p11 (公开表2, /Rotate 90, 1,246 rule segments of one cell edge each)."""
    if not YANTAI.exists():
        pytest.skip(f"corpus file {YANTAI} not available")
    _assert_turned_like_pdfminer(YANTAI.read_bytes(), 10, min_rules=1000)


# ---------------------------------------------------------------------------------------------
# (b) Yantai's 2026 budget: every table page is portrait, turned by /Rotate 90


def _yantai():
    return parsed_corpus(str(YANTAI.relative_to(CORPUS)))


def _amount(doc, page: int, kind: str, measure: str, code=None, name=None) -> Decimal:
    hits = [li for li in doc.line_items
            if li.page_number == page and li.measure == measure
            and doc.tables[li.table_id - 1].table_kind == kind
            and (code is None or li.subject_code == code or li.economic_code == code)
            and (name is None or li.item_name == name)]
    assert hits, f"no {kind} {measure} line item for {code or name} on page {page}"
    assert len({li.amount_wan for li in hits}) == 1, hits
    return hits[0].amount_wan


# (page, table_kind, measure, code, item name, 万元 as printed) — read off the pages themselves
YANTAI_VALUES = [
    # p10 公开表1 收支总体情况表 (the one upright table page)
    (10, "income_expenditure_summary", "total", None, "收入总计", "9069.47"),
    # p11 公开表2 收入总体情况表 (/Rotate 90): 行政运行 合计 2,990.74, its 一般公共预算收入 2,990.74
    (11, "income_summary", "total", "2010601", None, "2990.74"),
    (11, "income_summary", "general_budget", "2080505", None, "475.31"),
    # p12 公开表2 (continued): 公务员医疗补助 84.50
    (12, "income_summary", "total", "2101103", None, "84.50"),
    # p13 公开表3 支出总体情况表: 合计 基本支出 6,012.90, 项目支出 3,056.57; 一般行政管理事务 项目 2,160.74
    (13, "expenditure_summary", "basic", None, "合计", "6012.90"),
    (13, "expenditure_summary", "project", None, "合计", "3056.57"),
    (13, "expenditure_summary", "project", "2010602", None, "2160.74"),
    # p14 公开表3 (continued): 事业单位医疗 基本支出 62.64; 住房公积金 416.75
    (14, "expenditure_summary", "basic", "2101102", None, "62.64"),
    (14, "expenditure_summary", "total", "2210201", None, "416.75"),
    # p15 公开表4 财政拨款收支总体情况表: 七、社会保障和就业支出 一般公共预算 1,060.25
    (15, "fiscal_summary", "general_budget", "208", None, "1060.25"),
    # p17 公开表5 一般公共预算支出情况表: 事业运行 基本支出 小计 1,209.48; 其他财政事务支出 项目支出 870.83
    (17, "general_budget_expenditure", "basic", "2010650", None, "1209.48"),
    (17, "general_budget_expenditure", "project", "2010699", None, "870.83"),
    # p18 公开表5 (continued): 住房公积金 416.75
    (18, "general_budget_expenditure", "total", "2210201", None, "416.75"),
    # p24 公开表10 基本支出预算情况表: 301 07 绩效工资 (505 01) 269.01
    (24, "basic_expenditure_economic", "total", "30107", None, "269.01"),
    # p26 公开表11 项目支出预算情况表: 中介服务费-政府项目审查费 800.00
    (26, "project_expenditure", "total", None, "中介服务费-政府项目审查费", "800.00"),
    # p27 公开表12 政府采购预算表: 一般行政管理事务 1,538.44
    (27, "procurement", "total", "2010602", None, "1538.44"),
]


@pytest.mark.parametrize("page,kind,measure,code,name,expected", YANTAI_VALUES)
def test_yantai_values_read_by_hand(page, kind, measure, code, name, expected):
    assert _amount(_yantai(), page, kind, measure, code, name) == Decimal(expected)


def test_yantai_tables_and_their_pages():
    doc = _yantai()
    got = [(t.title, t.table_kind, t.page_from, t.page_to, t.unit_as_printed) for t in doc.tables
           if t.table_kind != "performance" and t.page_from < 30]
    assert got == [
        ("收支总体情况表", "income_expenditure_summary", 10, 10, "万元"),  # 公开表1, upright
        ("收入总体情况表", "income_summary", 11, 12, "万元"),  # 公开表2 … 12: /Rotate 90
        ("支出总体情况表", "expenditure_summary", 13, 14, "万元"),
        ("财政拨款收支总体情况表", "fiscal_summary", 15, 16, "万元"),
        ("一般公共预算支出情况表", "general_budget_expenditure", 17, 18, "万元"),
        ("一般公共预算基本支出情况表", "basic_expenditure_economic", 19, 20, "万元"),
        ("一般公共预算“三公”经费支出情况表", "three_public", 21, 21, "万元"),
        ("政府性基金预算支出情况表", "government_fund", 22, 22, "万元"),
        ("国有资本经营预算支出情况表", "state_capital", 23, 23, "万元"),
        ("基本支出预算情况表", "basic_expenditure_economic", 24, 25, "万元"),
        ("项目支出预算情况表", "project_expenditure", 26, 26, "万元"),
        ("政府采购预算表", "procurement", 27, 27, "万元"),
    ]
    assert all(t.unit_name == "烟台市财政局" for t in doc.tables if t.page_from < 30)
    assert not any("sideways" in w for w in doc.warnings)  # read as a viewer shows them


def test_yantai_three_public_row_reads_across_both_years():
    """p21 公开表7: 2025年预算数 合计 10.40 … 公务接待费 5.00 | 2026年预算数 合计 23.40, 因公出国（境）经费
    13.00, 小计 5.40, 公务用车运行维护费 5.40, 公务接待费 5.00 — one printed row under a header of
    three levels."""
    (t,) = [t for t in _yantai().tables if t.page_from == 21]
    rows = [[c.text for c in r] for r in t.grid]
    assert rows[0][0] == "2025年预算数" and "2026年预算数" in rows[0]
    assert rows[-1] == ["10.40", "", "5.40", "", "5.40", "5.00", "23.40", "13.00", "5.40", "", "5.40", "5.00"]


def _sum(items) -> Decimal:
    return sum((li.amount_wan for li in items), Decimal(0))


def _holds(total: Decimal, parts: list[Decimal]) -> bool:
    """A printed identity holds within half a unit of the last printed digit per number
    (DOMAIN.md): 0.005 × (n + 1) for n addends printed to two decimals."""
    return abs(total - sum(parts, Decimal(0))) <= Decimal("0.005") * (len(parts) + 1)


@pytest.mark.parametrize("page,kind,measures", [
    (11, "income_summary", ("total", "general_budget")),
    (13, "expenditure_summary", ("total", "basic", "project")),
    (17, "general_budget_expenditure", ("basic", "project")),
    (27, "procurement", ("total", "general_budget")),
])
def test_yantai_function_tables_reconcile(page, kind, measures):
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 for every amount column of a table read off turned pages."""
    doc = _yantai()
    (t,) = [t for t in doc.tables if t.page_from == page]
    assert t.table_kind == kind
    items = [li for li in doc.line_items if li.table_id == t.table_id]
    for m in measures:
        by_code = {li.subject_code: li.amount_wan for li in items if li.measure == m and li.subject_code}
        (total,) = [li.amount_wan for li in items if li.measure == m and li.item_name == "合计"]
        classes = [a for c, a in by_code.items() if len(c) == 3]
        assert classes and _holds(total, classes), (m, total, classes)
        for code, amount in by_code.items():
            kids = [a for c, a in by_code.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if len(code) < 7:
                assert kids and _holds(amount, kids), (m, code, amount, kids)


def test_yantai_summaries_balance():
    """收入总计 = 支出总计 = 本年收入合计 = 本年支出合计 = Σ 类 (p10 公开表1, p15–16 公开表4)."""
    doc = _yantai()
    for page in (10, 15):
        (t,) = [t for t in doc.tables if t.page_from == page]
        items = [li for li in doc.line_items if li.table_id == t.table_id and li.measure == "total"]
        by_name = {li.item_name: li.amount_wan for li in items}
        assert by_name["收入总计"] == by_name["支出总计"] == by_name["本年支出合计"] == D("9069.47")
        classes = [li for li in items if li.side == "expenditure" and len(li.subject_code or "") == 3]
        assert _sum(classes) == D("9069.47")
        assert {li.subject_code for li in classes} == {"201", "205", "208", "210", "221"}
