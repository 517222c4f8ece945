"""extract.readers.pdf.objects: the objects built from pypdfium2 give pdfplumber's table finder
what pdfminer's give it.

On every page of the corpus (../shared/corpus) and of the generated sample that may hold a table
(the reader's own triage), against pdfplumber reading the same page through pdfminer, both as the
reader reads them (``dedupe_chars()`` — pdfium itself drops fake-bold doubles — and watermark
glyphs filtered out by ``pdf.keep_object``):
- every glyph that is not white space is there, at the same place (x0, top, bottom, size within
  0.01 pt; x1 see X1_TOL), with the same upright flag;
- the ruling edges are the same (same orientation, ends within 0.01 pt);
- ``find_tables`` finds the same tables with the same cells (within 0.01 pt), and
  ``extract_tables`` gives the same values, value for value, once white space is taken out of
  both: pdfium does not report most space glyphs (it drops them or replaces them by a generated
  space at another place), so "1. 一般公共预算" (a space glyph after "1.") reads "1.一般公共预算".
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
pdfium = pytest.importorskip("pypdfium2")

from extract.readers.pdf.glyphs import keep_object  # noqa: E402
from extract.readers.pdf.objects import PdfiumPage, page_objects, pdfium_page  # noqa: E402
from extract.readers.pdf.triage import is_candidate_page  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TOL = 0.01
# a glyph's right edge: pdf.objects takes the advance from the document's widths; where it
# cannot (the width does not fit pdfium's loose box, which is not the ink's: the corpus's three
# 180 pt "N"s) the loose box stands, a little wider than pdfminer's box: never narrower, and
# wider by at most 2 % of an em (the corpus: 3 glyphs of 676,000 past 0.01 pt, by 1.2 %)
X1_TOL = 0.02


# One document of each template family (Shanghai budget and final account, Jiangsu, both halves of a
# split disclosure, Shenzhen, Guangzhou, Zhuhai, Foshan's final account, Changsha, a form-like
# performance table, a scan): comparing pdfminer's reading of every page of the whole corpus
# would take minutes for no more templates.
EQUIVALENCE_SAMPLE = (
    "shanghai-putuo/putuo-justice-bureau-2026-budget.pdf",
    "shanghai-putuo/putuo-finance-bureau-2024-final-account.pdf",
    "jiangsu-province/procuratorate-2019-budget.pdf",
    "jiangsu-province/cppcc-office-2018-budget-tables.pdf",
    "guangdong/shenzhen-justice-bureau-2026-budget.pdf",
    "guangdong/guangzhou-justice-bureau-2026-budget.pdf",
    "guangdong/zhuhai-transport-works-centre-2026-budget.pdf",
    "guangdong/foshan-rail-transit-bureau-2019-final-account.pdf",
    "guangdong/guangzhou-data-bureau-2026-department-targets.pdf",
    "hunan/changsha-vocational-education-office-2026-budget.pdf",
    "hunan/changsha-finance-bureau-2025-funding-notice-scan.pdf",
)


def _corpus_pdfs() -> list[Path]:
    return [CORPUS / f for f in EQUIVALENCE_SAMPLE if (CORPUS / f).exists()]


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory) -> list[Path]:
    from sample.generate import generate_sample

    return generate_sample(tmp_path_factory.mktemp("sample"))


def _no_space(value):
    if value is None:
        return None
    return re.sub(r"\s+", "", value)


def _glyphs(page) -> list[dict]:
    """By line (tops within TOL: pdfium's 32-bit floats and pdfminer's differ in the last
    digits), then by place in the line."""
    lines: list[list[dict]] = []
    last = None
    for c in sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["top"]):
        if last is None or c["top"] - last > TOL:
            lines.append([])
        lines[-1].append(c)
        last = c["top"]
    return [c for line in lines for c in sorted(line, key=lambda c: (round(c["x0"], 2), c["text"]))]


def _same_edges(ea: list[dict], eb: list[dict]) -> bool:
    """The same multiset of edges, ends matched within TOL."""
    if len(ea) != len(eb):
        return False
    pool: dict[tuple, list[tuple]] = {}
    for e in eb:
        k = (e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"])
        pool.setdefault((k[0], round(k[1]), round(k[2])), []).append(k)
    for e in ea:
        k = (e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"])
        hit = None
        for dx in (0, -1, 1):
            for dy in (0, -1, 1):
                cands = pool.get((k[0], round(k[1]) + dx, round(k[2]) + dy), [])
                hit = next((c for c in cands if _close(c[1:], k[1:])), None)
                if hit is not None:
                    cands.remove(hit)
                    break
            if hit is not None:
                break
        if hit is None:
            return False
    return True


def _close(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= TOL for x, y in zip(a, b, strict=True))


def _compare_page(path: Path, index: int, plumber_page, pdfium_doc) -> list[str]:
    """Differences between pdfplumber's page and the pdfium-built one ([] when none)."""
    problems = []
    ours = pdfium_page(pdfium_doc[index], index + 1)
    if ours is None:
        return problems  # a turned page: the reader keeps pdfplumber's
    # what the reader reads: fake-bold doubles and watermark glyphs dropped
    plumber_page = plumber_page.dedupe_chars().filter(keep_object)
    ours = ours.dedupe_chars().filter(keep_object)
    where = f"{path.name} p{index + 1}"
    a, b = _glyphs(plumber_page), _glyphs(ours)
    if [c["text"] for c in a] != [c["text"] for c in b]:
        missing = Counter(c["text"] for c in a) - Counter(c["text"] for c in b)
        extra = Counter(c["text"] for c in b) - Counter(c["text"] for c in a)
        problems.append(f"{where}: glyphs differ (missing {dict(missing)}, extra {dict(extra)})")
    else:
        for x, y in zip(a, b, strict=True):
            ka = (x["x0"], x["top"], x["bottom"], x["size"])
            kb = (y["x0"], y["top"], y["bottom"], y["size"])
            wider = y["x1"] - x["x1"]
            if not _close(ka, kb) or not -TOL <= wider <= X1_TOL * x["size"] or x["upright"] != y["upright"]:
                problems.append(f"{where}: glyph {x['text']!r} at {ka} / {x['upright']} vs {kb} / {y['upright']}")
                break
    if not _same_edges(plumber_page.edges, ours.edges):
        problems.append(f"{where}: edges differ ({len(plumber_page.edges)} vs {len(ours.edges)})")
    ta, tb = plumber_page.find_tables(), ours.find_tables()
    if len(ta) != len(tb):
        problems.append(f"{where}: {len(ta)} tables vs {len(tb)}")
        return problems
    for k, (x, y) in enumerate(zip(ta, tb, strict=False)):
        if len(x.cells) != len(y.cells) or not all(_close(c, d) for c, d in zip(x.cells, y.cells, strict=False)):
            problems.append(f"{where}: table {k} cells differ")
            continue
        va = [[_no_space(v) for v in row] for row in x.extract()]
        vb = [[_no_space(v) for v in row] for row in y.extract()]
        if va != vb:
            bad = next((r1, r2) for r1, r2 in zip(va, vb, strict=False) if r1 != r2)
            problems.append(f"{where}: table {k} values differ: {bad[0]} vs {bad[1]}")
    return problems


def _check_files(paths: list[Path]) -> tuple[list[str], int, int]:
    problems, pages, tables = [], 0, 0
    for path in paths:
        doc = pdfium.PdfDocument(str(path))
        with pdfplumber.open(path) as pdf:
            for i, page in enumerate(pdf.pages):
                pp = doc[i]
                tp = pp.get_textpage()
                text = tp.get_text_range()
                tp.close()
                npaths = sum(1 for _ in pp.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH], max_depth=2))
                if not is_candidate_page(text.replace("\r\n", "\n"), npaths):
                    continue
                pages += 1
                tables += len(page.find_tables())
                problems += _compare_page(path, i, page, doc)
                page.close()
        doc.close()
    return problems, pages, tables


@pytest.mark.skipif(not _corpus_pdfs(), reason="no corpus at ../shared/corpus")
@pytest.mark.slow
def test_corpus_table_pages_match_pdfplumber():
    problems, pages, tables = _check_files(_corpus_pdfs())
    assert pages >= 50 and tables >= 50
    assert not problems, "\n".join(problems[:20])


@pytest.mark.slow
def test_sample_table_pages_match_pdfplumber(sample_pdfs):
    problems, pages, tables = _check_files(sample_pdfs)
    assert pages >= 10 and tables >= 10
    assert not problems, "\n".join(problems[:20])


def test_page_objects_shapes(sample_pdfs):
    doc = pdfium.PdfDocument(str(sample_pdfs[0]))
    objs = next(o for o in (page_objects(doc[i], page_number=i + 1) for i in range(len(doc))) if o)
    assert objs["char"]
    c = objs["char"][0]
    for key in ("text", "x0", "x1", "top", "bottom", "size", "fontname", "upright", "matrix",
                "non_stroking_color", "object_type"):
        assert key in c
    page = PdfiumPage(objs, 595.0, 842.0, 1)
    assert page.dedupe_chars().filter(lambda o: True).chars
    doc.close()


def test_turned_page_is_left_to_pdfplumber(sample_pdfs):
    doc = pdfium.PdfDocument(str(sample_pdfs[0]))
    page = doc[0]
    page.set_rotation(90)
    assert page_objects(page) is None
    doc.close()


def test_lone_glyph_left_out_by_pdfium_sends_the_page_to_pdfplumber():
    """A font that is not embedded has no glyph boxes in pdfium: a text object of one glyph (the
    "出" of a wrapped "…管理支 / 出") is left out of its text page. Such a page is pdfplumber's."""
    pytest.importorskip("reportlab")
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("STSong-Light", 9)
    c.drawString(100, 700, "二、灾害防治及应急管理支")
    c.drawString(100, 688, "出")
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    assert page_objects(doc[0]) is None
    doc.close()


def test_glyph_boxes_in_a_font_not_embedded_are_the_documents():
    """STSong-Light, not embedded (the sample's font): every glyph's box is pdfminer's — the
    document's widths (/W, /DW) and descent — whether or not a CJK font is installed: pdfium is
    given no system font to stand in for it (``document_fonts_only``)."""
    pytest.importorskip("reportlab")
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    import extract.readers.pdf.objects as po

    assert po._NO_SYSTEM_FONTS is not None
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("STSong-Light", 9)
    c.drawString(100, 700, "成本指标 经济成本指标 月工资 ≤2590元/人.")
    c.drawString(100, 688, "服务对象满意度指标（%） 1,234.50 A/B")
    c.setFont("STSong-Light", 15)
    c.drawString(100, 660, "2025年财政拨款收支总表")
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    ours = [ch for ch in page_objects(doc[0])["char"] if ch["text"].strip()]
    doc.close()
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        theirs = [ch for ch in pdf.pages[0].chars if ch["text"].strip()]
    assert [ch["text"] for ch in ours] == [ch["text"] for ch in theirs]
    for x, y in zip(theirs, ours, strict=False):
        assert _close((x["x0"], x["x1"], x["top"], x["bottom"]), (y["x0"], y["x1"], y["top"], y["bottom"])), (x, y)


def _reader_output(paths: list[Path], monkeypatch, objects: str) -> dict:
    from extract.readers import pdf as reader

    monkeypatch.setattr(reader, "PAGE_OBJECTS", objects)
    out = {}
    for path in paths:
        try:
            doc = reader.read_pdf_document(path.read_bytes(), path.name, str(path), "test")
        except reader.ParseError as exc:  # a scan: the same refusal either way
            out[path.name] = str(exc)
            continue
        out[path.name] = (
            [(t.title, t.number_label, t.unit_as_printed, t.unit_name, t.is_empty, t.page_from,
              t.page_to, t.notes, [[(c.text, c.page) for c in row] for row in t.grid])
             for t in doc.tables],
            doc.pages_text, doc.warnings,
            (doc.fiscal_year, doc.doc_type, doc.scope, doc.unit_name, doc.doc_title))
    return out


@pytest.mark.slow
def test_reader_gives_the_same_documents_with_pdfium_objects(sample_pdfs, monkeypatch):
    """The whole reader (tables, grids, titles, notes, text, metadata) on the corpus and the
    sample: the same with the pdfium-built pages as with pdfplumber's own."""
    paths = _corpus_pdfs() + list(sample_pdfs)
    ours = _reader_output(paths, monkeypatch, "pdfium")
    theirs = _reader_output(paths, monkeypatch, "pdfminer")
    differing = [name for name in theirs if ours[name] != theirs[name]]
    assert not differing
