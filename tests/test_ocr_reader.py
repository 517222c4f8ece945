"""Scanned PDFs read by OCR (extract.readers.ocr): real scans in, figures read by hand out.

Values were read from the page images (rendered with pypdfium2 at 100 dpi and looked at):
- changsha-traffic-police-2023-evaluation-scan.pdf p3: "2023年度市交警支队专项资金预算指标安排数
  12,542.74万元，到位资金12,542.74万元 … 资金到位率100.00% … 实际支出数12,542.74万元，预算执行率
  100.00%"; p7: "综合评价得分85.38分，评价等级为“良”".
- changsha-market-regulation-2022-evaluation-scan.pdf p1: "年初预算12,954.16万元，其中：部门预算项目
  3,683.76万元，公共项目9,270.40万元。调整后项目预算为13,205.30万元，其中：部门预算项目4,209.23万元，
  公共项目8,996.07万元" and "2022年项目实际支出12,667.08万元"; p6: "综合评价得分85.1分，评价等级为“良”".
- changsha-finance-bureau-2025-funding-notice-scan.pdf p1: red head 长沙市财政局, 文号 "长财文指〔2025〕36号",
  title "关于下达2025年文化和旅游项目资金的通知", addressed to 市直有关单位.
- the sample budget's p5 (printed "-4-", 2025年预算收入总表): 合计 2963.41; 204 公共安全支出 2224.90;
  2040801 行政运行 1187.70; 2100799 其他计划生育事务支出 0.54 (一般公共预算 column).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path

import pytest

from extract.model import ParseError
from tests.test_ocr_round_trip import need_a_cjk_font, parse_file, rasterise, write_sample

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HUNAN = CORPUS / "hunan"
TRAFFIC = HUNAN / "changsha-traffic-police-2023-evaluation-scan.pdf"
MARKET = HUNAN / "changsha-market-regulation-2022-evaluation-scan.pdf"
NOTICE = HUNAN / "changsha-finance-bureau-2025-funding-notice-scan.pdf"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not HUNAN.exists(), reason="shared corpus not present")]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def shared_scans():
    """The three shared scans parsed in two parse workers (the run's limits): ~30 s."""
    from flows.parse_pool import parse_in_workers

    paths = [str(TRAFFIC), str(MARKET), str(NOTICE)]
    docs = parse_in_workers(paths, parse_file, lambda item, reason: f"failed: {reason}", workers=2)
    return dict(zip(("traffic", "market", "notice"), docs, strict=False))


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory):
    need_a_cjk_font()
    return write_sample(tmp_path_factory.mktemp("ocr_sample"))


# ---------------------------------------------------------------------------------------------
# the shared scans


def test_traffic_police_evaluation_scan_lands_with_its_figures(shared_scans):
    doc = shared_scans["traffic"]
    assert not isinstance(doc, str), doc
    assert (doc.doc_type, doc.fiscal_year) == ("performance", 2023)
    assert any("read by OCR: [1, 2, 3, 4, 5, 6, 7]" in w for w in doc.warnings), doc.warnings
    p3, p7 = _flat(doc.pages_text[2]), _flat(doc.pages_text[6])
    assert "专项资金预算指标安排数12,542.74万元" in p3
    assert "到位资金12,542.74万元" in p3 and "实际支出数12,542.74万元" in p3
    assert "资金到位率100.00%" in p3 and "预算执行率100.00%" in p3
    assert "综合评价得分85.38分" in p7 and "评价等级为“良”" in p7
    # …and as a fact: the evaluated programme (p1 title, p3 money, p7 score and grade)
    assert doc.unit_name == "长沙市公安局交通警察支队"  # p1: "2023 年度长沙市公安局交通警察支队"
    [p] = doc.performance_projects
    assert (p.project_name, p.unit_name, p.kind, p.page_number) == (
        "2023年度长沙市公安局交通警察支队专项资金", "长沙市公安局交通警察支队", "self_evaluation", 1)
    assert (p.annual_amount_wan, p.executed_amount_wan, p.execution_rate, p.total_score, p.grade) == (
        D("12542.74"), D("12542.74"), D("100.00"), D("85.38"), "良")


def test_market_regulation_evaluation_scan_lands_with_its_figures(shared_scans):
    doc = shared_scans["market"]
    assert not isinstance(doc, str), doc
    assert (doc.doc_type, doc.fiscal_year) == ("performance", 2022)
    p1, p6 = _flat(doc.pages_text[0]), _flat(doc.pages_text[5])
    for figure in ("年初预算12,954.16万元", "部门预算项目3,683.76万元", "公共项目9,270.40万元",
                   "调整后项目预算为13,205.30万元", "部门预算项目4,209.23万元", "公共项目8,996.07万元",
                   "项目实际支出12,667.08万元"):
        assert figure in p1, figure
    assert "综合评价得分85.1分" in p6 and "评价等级为“良”" in p6
    assert doc.unit_name == "长沙市市场监督管理局"  # p1: "2022 年度长沙市市场监督管理局"
    [p] = doc.performance_projects
    assert (p.project_name, p.annual_amount_wan, p.executed_amount_wan, p.total_score, p.grade) == (
        "2022年度长沙市市场监督管理局市场监督专项及部门项目支出", D("12954.16"), D("12667.08"),
        D("85.1"), "良")
    assert p.execution_rate is None  # p1-2 state no rate of the whole (only sub-projects' on p3)
    assert p.extra["调整后预算"] == "13,205.30万元"


def test_scanned_funding_notice_fails_saying_it_is_an_official_notice(shared_scans):
    reason = shared_scans["notice"]
    assert isinstance(reason, str), reason
    assert "official notice" in reason and "长财文指〔2025〕36号" in reason, reason
    assert "not a budget disclosure" in reason


def test_official_notice_needs_a_document_number_and_a_notice_title():
    from extract.readers.ocr import official_notice

    assert official_notice(["长沙市财政局\n长财预〔2025〕12号\n关于下达2025年部门预算的通知\n"
                            "各区县（市）财政局："]) == "通知 长财预〔2025〕12号"
    # a disclosure quoting a notice's number is no notice; nor is a notice title without one
    assert official_notice(["2023年度长沙市公安局交通警察支队\n专项资金绩效评价结果\n"
                            "根据长财绩〔2023〕5号文件"]) is None
    assert official_notice(["关于2025年部门预算公开的说明"]) is None


# ---------------------------------------------------------------------------------------------
# quirks, in generated files


def _image_only_pdf(images) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return buf.getvalue()


def test_page_image_without_recognisable_text_fails_naming_the_text_layer():
    from PIL import Image, ImageDraw

    from extract.readers.pdf import read_pdf_document

    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    for i in range(12):  # boxes and hatching: a picture, no writing
        draw.rectangle((100 + 40 * i, 200 + 60 * i, 300 + 50 * i, 230 + 60 * i), fill=(40, 40, 40))
    with pytest.raises(ParseError, match="text layer") as err:
        read_pdf_document(_image_only_pdf([img]), "picture.pdf", "file:///picture.pdf", "x")
    assert "OCR found no text" in str(err.value)


def test_only_the_scanned_page_of_a_mixed_pdf_is_read_by_ocr(sample_dir):
    """Page 1: the sample budget's p3 with its text layer; page 2: its p5 as a 150-dpi image."""
    import pypdfium2 as pdfium

    from extract.pipeline import parse_document

    text_pdf = sample_dir / "shifan-justice-2025-budget.pdf"
    source = pdfium.PdfDocument(text_pdf.read_bytes())
    scan = pdfium.PdfDocument(rasterise(text_pdf, sample_dir / "budget-p5.scan.pdf", (4,)).read_bytes())
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(source, [2])
    mixed.import_pages(scan, [0])
    buf = io.BytesIO()
    mixed.save(buf)
    doc = parse_document(buf.getvalue(), "mixed.pdf", "file:///mixed.pdf")
    assert any(w.endswith("read by OCR: [2]") for w in doc.warnings), doc.warnings
    by_page = {t.page_from: t for t in doc.tables}
    assert by_page[1].read_by == "text" and by_page[2].read_by == "ocr"
    assert all(c.confidence is None for row in by_page[1].grid for c in row)
    ocr_cells = [c for row in by_page[2].grid for c in row if c.text]
    assert all(c.confidence is not None and 0.5 <= c.confidence <= 1 for c in ocr_cells)
    assert by_page[2].table_kind == "income_summary"
    items = {(li.subject_code, li.item_name, li.measure): li.amount_wan
             for li in doc.line_items if li.table_id == by_page[2].table_id}
    assert items[(None, "合计", "general_budget")] == Decimal("2963.41")
    assert items[("204", "公共安全支出", "general_budget")] == Decimal("2224.90")
    assert items[("2040801", "行政运行", "general_budget")] == Decimal("1187.70")
    assert items[("2100799", "其他计划生育事务支出", "general_budget")] == Decimal("0.54")
    assert "2025年预算收入总表" in doc.pages_text[1]


def test_scan_turned_sideways_is_read_upright(sample_dir):
    """The sample budget's p5 scanned sideways (the image turned a quarter left on a portrait
    page): read upright, the figures are those printed (hand-read above)."""
    import pypdfium2 as pdfium

    from extract.readers.pdf import read_pdf_document

    scan = rasterise(sample_dir / "shifan-justice-2025-budget.pdf", sample_dir / "budget-p5.scan.pdf",
                     (4,))
    image = pdfium.PdfDocument(scan.read_bytes())[0].render(scale=150 / 72).to_pil().convert("RGB")
    sideways = _image_only_pdf([image.rotate(90, expand=True)])
    assert pdfium.PdfDocument(sideways)[0].get_size()[0] < pdfium.PdfDocument(sideways)[0].get_size()[1]
    doc = read_pdf_document(sideways, "sideways.pdf", "file:///sideways.pdf", "x")
    (table,) = doc.tables
    assert table.title == "2025年预算收入总表" and table.read_by == "ocr"
    rows = {r[0]: r for r in table.rows_text()}
    assert rows["合计"][2:4] == ["2963.41", "2963.41"]
    assert rows["204"][1:4] == ["公共安全支出", "2224.90", "2224.90"]
    assert rows["2040801"][2] == "1187.70"


@pytest.mark.parametrize("read,figure", [
    ("2，963。41", "2,963.41"),  # full-width comma and ideographic full stop
    ("1O0.5O", "100.50"),  # letter O for zero
    ("l,234.56", "1,234.56"),  # letter l for one
    ("I2.00", "12.00"),
    ("2.973.57", "2,973.57"),  # a thousands comma read as a point (sample final account p2)
    ("15.844.04", "15,844.04"),
    ("－3.20", "-3.20"),
])
def test_digits_confused_by_ocr_are_undone_in_figures(read, figure):
    from extract.readers.ocr import normalise_figure

    assert normalise_figure(read) == figure


@pytest.mark.parametrize("text", ["O型", "l类", "一、一般公共预算", "2025年", "长财文指〔2025〕36号",
                                  "IO", "Ol", "1、", "—", "合计"])
def test_words_are_left_alone(text):
    from extract.readers.ocr import normalise_figure

    assert normalise_figure(text) == text


def test_confused_thousands_point_lands_as_the_printed_amount(sample_dir):
    """The final account's 公开01表 (p2, 收入支出决算总表): OCR reads its "2,973.57" as "2.973.57";
    the figure lands as 2973.57, the cell keeps OCR's confidence."""

    from extract.readers.pdf import read_pdf_document

    scan = rasterise(sample_dir / "shifan-justice-2025-final-account.pdf",
                     sample_dir / "final-account-p2.scan.pdf", (1,))
    doc = read_pdf_document(scan.read_bytes(), "p2.pdf", "file:///p2.pdf", "x")
    table = doc.tables[0]
    assert table.read_by == "ocr" and "收入支出决算总表" in table.title
    rows = table.rows_text()
    first = next(r for r in rows if r and r[0] == "一、一般公共预算财政拨款收入")
    assert first[2] == "2,973.57", first
    cell = next(c for row in table.grid for c in row if c.text == "2,973.57")
    assert cell.confidence is not None and cell.confidence < 1


def test_ocr_touches_no_network(monkeypatch, sample_dir):
    """The engine is built afresh with every socket refused: its models ship in its wheel."""
    import socket

    import pypdfium2 as pdfium

    from extract.readers import ocr_engine
    from extract.readers.ocr import ocr_page

    def refuse(*args, **kwargs):
        raise AssertionError("OCR tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(ocr_engine, "_engine", None)
    scan = rasterise(sample_dir / "shifan-justice-2025-budget.pdf", sample_dir / "budget-p11.scan.pdf",
                     (10,))
    page = ocr_page(pdfium.PdfDocument(scan.read_bytes())[0], 1)
    assert any("三公" in b.text for b in page.boxes), [b.text for b in page.boxes][:20]


# ---------------------------------------------------------------------------------------------
# memory: OCR's address space without giving it to every document


def _limits_seen(_item):
    import resource

    from extract.readers.ocr_engine import allow_ocr_memory

    before = resource.getrlimit(resource.RLIMIT_AS)
    allow_ocr_memory()
    return before, resource.getrlimit(resource.RLIMIT_AS)


def _hog(_item):
    blocks = []
    while True:  # grows until the worker's limit stops it
        blocks.append(bytearray(64 * 1024 * 1024))


def test_a_worker_that_ran_ocr_is_replaced_before_the_next_document():
    from flows.parse_pool import default_memory_limit_mb, ocr_memory_limit_mb, parse_in_workers

    out = parse_in_workers([1, 2], _limits_seen, lambda item, reason: reason, workers=1)
    regular, ocr = default_memory_limit_mb() * 2 ** 20, ocr_memory_limit_mb() * 2 ** 20
    for before, after in out:
        assert before == (regular, ocr) and after == (ocr, ocr)


def test_memory_hog_still_dies_under_the_regular_limit():
    from flows.parse_pool import parse_in_workers

    out = parse_in_workers([1], _hog, lambda item, reason: f"failed: {reason}", workers=1)
    assert out[0].startswith("failed:") and ("memory" in out[0] or "died" in out[0]), out


def test_a_column_rule_read_as_a_letter_cuts_the_line_and_is_dropped():
    """OCR read "26,143,631.34" and the next cell's "支出总计" as one line with the rule between
    them as "|" (the sample's unit budget, p4, scanned at 150 dpi): two pieces, no "|"."""
    from extract.readers.ocr_engine import _char_pieces

    def box(x0, x1):
        return [[x0, 0], [x1, 0], [x1, 20], [x0, 20]]

    text = "4.34|支出"
    xs = [(0, 8), (8, 12), (12, 20), (20, 28), (29, 31), (32, 52), (52, 72)]
    line = [box(0, 72), text, 0.9, [box(a, b) for a, b in xs], list(text), [0.9] * len(text)]
    pieces = _char_pieces(line, 20.0)
    assert [("".join(chars), x0, x1) for x0, x1, chars, _c in pieces] == [
        ("4.34", 0.0, 28.0), ("支出", 32.0, 72.0)]
