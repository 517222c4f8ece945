"""Pages without a text layer, read by OCR into the PDF reader's page objects.

A scanned page becomes what the PDF table finder reads from a text layer: the page image's
ruling lines (``ocr_rules``) become pdfplumber ``line`` objects, and each OCR'd text line
(``ocr_engine``) becomes one ``char`` per character, the line's width split over its characters
(a CJK character counts twice a digit's or a Latin letter's width), in points with a top-left
origin. ``extract.readers.pdf`` then finds the tables on such a page as on any other: there is one
table algorithm.

Digits matter most: OCR reads a "，" for a thousands "," and a "。" for a decimal point, an "O"
for "0" and an "l" for "1", and a thousands "," as a point ("2.973.57", the sample final
account's p2). ``normalise_figure`` undoes these in a run of text that reads as a figure and
nowhere else (a "O" in a name stays). The engine cuts a text line where a figure meets words
(``ocr_engine.text_boxes``), so a cell's figure is a run of its own: normalising runs is
normalising the cells that hold a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, cast

from extract.readers.ocr_engine import OCR_DPI, TextBox, dpi_for, render_page, text_boxes
from extract.readers.ocr_rules import Rule, ruling_lines

# ----------------------------------------------------------------------------------------------
# Figures as OCR reads them

_CONFUSED = str.maketrans({
    "，": ",", "。": ".", "．": ".", "O": "0", "o": "0", "〇": "0",
    "l": "1", "I": "1", "|": "1", "－": "-", "—": "-", "–": "-",
})
# a figure, once the confusions are undone: "15,844.04", "-3.20", "100%", "2963.41"
_FIGURE_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
# characters a figure read by OCR may hold (its digits and their look-alikes)
_FIGURE_CHARS = set("0123456789,.-+%") | set("，。．OolI|－—–〇")


def normalise_figure(text: str) -> str:
    """``text`` with OCR's confusions undone when it reads as a figure (at least one real digit,
    nothing but digits, separators and their look-alikes, and a figure after the mapping);
    otherwise ``text`` unchanged. Several points in one figure were thousands separators read
    as points ("15.844.04" → "15,844.04")."""
    compact = re.sub(r"\s+", "", text)
    if not compact or not any(ch.isdigit() for ch in compact) or not set(compact) <= _FIGURE_CHARS:
        return text
    if sum(ch.isdigit() for ch in compact) * 2 < len(compact):
        return text  # mostly letters or marks: not a figure
    mapped = compact.translate(_CONFUSED)
    if mapped.count(".") > 1:
        head, _, tail = mapped.rpartition(".")
        mapped = head.replace(".", ",") + "." + tail
    if "," in mapped and re.search(r",\d{1,2}$", mapped) and "." not in mapped:
        mapped = mapped[:mapped.rfind(",")] + "." + mapped[mapped.rfind(",") + 1:]  # "12,5O" → "12.50"
    return mapped if _FIGURE_RE.match(mapped) else text


# ----------------------------------------------------------------------------------------------
# One OCR'd page as pdfplumber objects


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80 or "\uFF01" <= ch <= "\uFF5E"


def box_chars(box: TextBox, scale: float, page_number: int) -> list[dict]:
    """The characters of one OCR'd text line as pdfplumber chars (points, top-left origin); the
    line's width shared out by character width (wide CJK characters 2, others 1); spaces take
    their share but give no char."""
    text = box.text
    weights = [2.0 if _is_wide(ch) else 1.0 for ch in text]
    total = sum(weights) or 1.0
    x0, x1 = box.x0 * scale, box.x1 * scale
    top, bottom = box.top * scale, box.bottom * scale
    # the detector's box is padded (unclipped): the glyphs' height is about 4/5 of it
    pad = (bottom - top) * 0.1
    top, bottom = top + pad, bottom - pad
    height = bottom - top
    unit = (x1 - x0) / total
    out: list[dict] = []
    x = x0
    for ch, w in zip(text, weights, strict=True):
        cx0, cx1 = x, x + unit * w
        x = cx1
        if ch.isspace():
            continue
        out.append({
            "object_type": "char", "page_number": page_number, "text": ch,
            "fontname": "OCR", "size": height, "adv": cx1 - cx0, "upright": True,
            "matrix": (1.0, 0.0, 0.0, 1.0, cx0, bottom),
            "x0": cx0, "x1": cx1, "top": top, "bottom": bottom, "doctop": top,
            "y0": None, "y1": None,  # set by the caller (needs the page height)
            "width": cx1 - cx0, "height": height,
            "non_stroking_color": (0.0,), "stroking_color": (0.0,),
            "ocr_confidence": box.confidence,
        })
    return out


def rule_objects(rules: list[Rule], scale: float, page_height: float, page_number: int) -> list[dict]:
    """Ruling lines as pdfplumber ``line`` objects (points, top-left origin)."""
    out = []
    for r in rules:
        x0, x1, top, bottom = r.x0 * scale, r.x1 * scale, r.top * scale, r.bottom * scale
        out.append({
            "object_type": "line", "page_number": page_number,
            "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "y0": page_height - bottom, "y1": page_height - top,
            "width": x1 - x0, "height": bottom - top,
            "pts": [(x0, top), (x1, bottom)], "linewidth": 1.0, "stroke": True, "fill": False,
            "evenodd": False, "stroking_color": (0.0,), "non_stroking_color": (0.0,),
        })
    return out


@dataclass
class OcrPage:
    """What OCR read on one page: its text lines (confusions undone in figures) and rules, and
    the page size in points."""

    page_number: int  # 1-based
    width: float
    height: float
    boxes: list[TextBox] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    dpi: float = OCR_DPI

    @property
    def scale(self) -> float:
        return 72.0 / self.dpi

    def objects(self) -> dict[str, list[dict]]:
        chars: list[dict] = []
        for box in sorted(self.boxes, key=lambda b: (b.top, b.x0)):
            chars.extend(box_chars(box, self.scale, self.page_number))
        for c in chars:
            c["y0"], c["y1"] = self.height - c["bottom"], self.height - c["top"]
        out = {"char": chars}
        lines = rule_objects(self.rules, self.scale, self.height, self.page_number)
        if lines:
            out["line"] = lines
        return out

    def page(self):
        """A pdfplumber page of this page's chars and rules (``pdf.objects.PdfiumPage``)."""
        from extract.readers.pdf.objects import PdfiumPage

        return PdfiumPage(self.objects(), self.width, self.height, self.page_number)

    def text(self) -> str:
        """The page's text, line by line (pdfplumber's layout of the chars)."""
        if not self.boxes:
            return ""
        page = self.page()
        try:
            return page.extract_text() or ""
        finally:
            page.close()


def ocr_page(pdfium_page, page_number: int, dpi: float = OCR_DPI) -> OcrPage:
    """OCR one pypdfium2 page (rendered with its /Rotate applied: as a person sees it). A page
    scanned sideways (its text lines run up or down the image) is turned upright first: of the
    two quarter turns, the one OCR reads with more confidence."""
    dpi = dpi_for(pdfium_page, dpi)
    img = without_light_marks(render_page(pdfium_page, dpi))
    found = _recognised(img, page_number)
    if _runs_sideways(found):
        import numpy as np

        turns = [(np.ascontiguousarray(np.rot90(img, k)), k) for k in (1, 3)]
        read = [(_recognised(turned, page_number), turned) for turned, _k in turns]
        best, img = max(read, key=lambda r: _mean_confidence(r[0]))
        if _mean_confidence(best) > _mean_confidence(found):
            found = best
        else:
            img = without_light_marks(render_page(pdfium_page, dpi))
    height_px, width_px = img.shape[:2]
    boxes = [TextBox(b.x0, b.top, b.x1, b.bottom, normalise_figure(b.text), b.confidence) for b in found]
    rules = ruling_lines(img, dpi) if boxes else []
    scale = 72.0 / dpi
    return OcrPage(page_number, width_px * scale, height_px * scale, boxes, rules, dpi)


# lighter than this (0–255, in every channel) is paper: a light-grey watermark or stamp under the
# text ("仅供内部审核" at grey 0.85 ≈ 217), an off-white scan's paper, a shaded header's fill. The
# recogniser reads figures on such a background less surely (the sample's budget: 90 % of its
# amounts with the watermark, all but a few without); ink, even grey ink, is far darker
_PAPER_ABOVE = 190


def without_light_marks(img):
    """The page image with every light pixel turned white; darker pixels (ink, its
    anti-aliased edges) as they are."""
    import numpy as np

    light = (img > _PAPER_ABOVE).all(axis=2) if img.ndim == 3 else img > _PAPER_ABOVE
    out = img.copy()
    out[light] = 255
    return np.ascontiguousarray(out)


def _recognised(img, page_number: int) -> list[TextBox]:
    from extract.model import ParseError

    try:
        return text_boxes(img)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - onnxruntime's errors (std::bad_alloc) are no API
        message = str(exc).strip().splitlines()[-1][:200] if str(exc).strip() else type(exc).__name__
        raise ParseError(f"OCR failed on page {page_number} (a page without a text layer): "
                         f"{message}") from None


def _runs_sideways(boxes: list[TextBox]) -> bool:
    """Do most text lines of three characters or more stand taller than wide?"""
    lines = [b for b in boxes if len(b.text) >= 3]
    tall = sum(1 for b in lines if (b.bottom - b.top) > 1.5 * (b.x1 - b.x0))
    return len(lines) >= 3 and tall > len(lines) / 2


def _mean_confidence(boxes: list[TextBox]) -> float:
    """Mean confidence per character read (nothing read: 0)."""
    n = sum(len(b.text) for b in boxes)
    return sum(b.confidence * len(b.text) for b in boxes) / n if n else 0.0


def is_scanned_page(pdfium_page) -> bool:
    """Is the page a scan: an image covering at least half of it? (A chart beside nothing else,
    as on p8 of Xi'an's health commission 2022 final account, is no scan: it stays unread, as
    a text-layer document's image always has.)"""
    import pypdfium2.raw as c

    width, height = pdfium_page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    for obj in pdfium_page.get_objects(filter=[c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, right - left) * max(0.0, top - bottom)
    return covered >= 0.5 * area


def read_scanned_pages(data: bytes, page_indices: list[int]) -> dict[int, OcrPage]:
    """OCR the scanned pages among ``page_indices`` (0-based) of a PDF; by page index."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    out: dict[int, OcrPage] = {}
    try:
        for i in page_indices:
            page = pdf[i]
            try:
                if is_scanned_page(page):
                    out[i] = ocr_page(page, i + 1)
            finally:
                page.close()
    finally:
        pdf.close()
    return out


# ----------------------------------------------------------------------------------------------
# What the tables read from OCR'd pages keep


def mark_ocr_tables(tables: list, pages: dict[int, OcrPage]) -> None:
    """Tables with a cell on an OCR'd page are ``read_by = "ocr"``; each cell on such a page
    gets the lowest confidence of the OCR'd text lines it is made of. (A cell keeps no
    position: its text lines are those of its page whose text it holds — a figure printed
    twice on a page takes the lower of the two confidences: never more trust than is due.)"""
    for table in tables:
        on_ocr = False
        for row in table.grid:
            for cell in row:
                page = pages.get(cell.page)
                if page is None:
                    continue
                on_ocr = True
                cell.confidence = cell_confidence(cell.text, page.boxes)
        if on_ocr:
            table.read_by = "ocr"


def cell_confidence(text: str, boxes: list[TextBox]) -> Optional[float]:
    """The lowest confidence of the text lines that make up a cell's text (None: an empty cell)."""
    cell = re.sub(r"\s+", "", text or "")
    if not cell:
        return None
    exact = [b.confidence for b in boxes if re.sub(r"\s+", "", b.text) == cell]
    if exact:
        return round(min(exact), 4)
    parts = [b.confidence for b in boxes
             if len(re.sub(r"\s+", "", b.text)) >= min(2, len(cell)) and re.sub(r"\s+", "", b.text) in cell]
    if parts:
        return round(min(parts), 4)
    # a text line split over two cells by a rule: the lines sharing most of the cell's text
    shared = [b.confidence for b in boxes if cell in re.sub(r"\s+", "", b.text)]
    return round(min(shared), 4) if shared else None


# ----------------------------------------------------------------------------------------------
# An official notice is no disclosure

_DOC_NUMBER_RE = re.compile(r"([\u4e00-\u9fff]{1,8})\s*[〔［\[【(（]\s*((?:19|20)\d{2})\s*[〕］\]】)）]\s*(\d{1,4})\s*号")
_NOTICE_TITLE_RE = re.compile(r"关于.{2,60}?的(?:通知|批复|函)")


def official_notice(pages_text: list[str]) -> Optional[str]:
    """"通知 长财文指〔2025〕36号" when the document opens as an official notice (红头文件): a
    document number (文号) and a "关于…的通知" title on its first page; None otherwise."""
    first = pages_text[0] if pages_text else ""
    number = None
    for line in first.split("\n"):  # the 文号 has a line of its own
        number = number or _DOC_NUMBER_RE.search(re.sub(r"\s+", "", line))
    title = _NOTICE_TITLE_RE.search(re.sub(r"\s+", "", first))
    if not (number and title):
        return None
    kind = cast(re.Match[str], re.search(r"(通知|批复|函)$", title.group(0))).group(1)  # the title ends so
    return f"{kind} {number.group(1)}〔{number.group(2)}〕{number.group(3)}号"
