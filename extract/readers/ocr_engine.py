"""The OCR engine: page images in, text lines out.

RapidOCR (rapidocr-onnxruntime 1.4.4, pinned) runs PP-OCRv4's Chinese detection and recognition
models, which ship inside its wheel: nothing is downloaded at run time (tests/test_ocr_reader.py
reads a scan with every socket refused). One engine per process, built on first use: loading the
three ONNX sessions costs about a second and 100 MB, a page about 2–3 s.

Threads: the parse pool runs two workers on a two-core machine, so each engine runs its
sessions on one intra-op thread (GOVBUDGET_OCR_THREADS). Measured: one process alone on a sample
table page at 150 dpi, 2 threads 2.8 s against 3.1 s for 1; but the two shared evaluation scans
(13 pages) in two parse workers took 44 s with 1 thread each and 74 s with 2 (four threads
fighting over two cores).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional

from extract.settings import settings

# Pages are rendered at this resolution for OCR. Measured on the bundled sample rasterised at
# 150 dpi (tests/test_ocr_round_trip.py): at 150 the unit budget's 392 amounts and the final
# account's 147 are all read; at 120 the unit budget loses 4 (20 % faster), at 200 the final
# account loses 1 and takes a quarter longer. 150 is a scan's own resolution here: no resampling.
OCR_DPI = settings().ocr_dpi  # GOVBUDGET_OCR_DPI, read at import
OCR_THREADS = settings().ocr_threads  # GOVBUDGET_OCR_THREADS, read at import

_engine = None
_engine_lock = threading.Lock()


@dataclass(frozen=True)
class TextBox:
    """One run of text found on a page image (a text line, cut where its characters leave a
    gap), in image pixels (top-left origin); its confidence is the mean of its characters'."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    confidence: float


def allow_ocr_memory() -> None:
    """Raise this process's soft address-space limit to its hard one: a parse worker's hard
    limit is the OCR limit (flows.parse_pool.ocr_memory_limit_mb), which onnxruntime's
    reservations need; the pool replaces a worker that did this once its document is done."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or hard > soft):
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


def ocr_engine():
    """This process's RapidOCR engine (built once, on first use)."""
    global _engine
    allow_ocr_memory()
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR

                # no direction classifier: pages are rendered upright, and on short figures it
                # turns lines by 180° ("2080599" read as "2080566", measured on the sample)
                _engine = RapidOCR(intra_op_num_threads=OCR_THREADS, inter_op_num_threads=1,
                                   use_cls=False)
    return _engine


# the longest side a page is rendered with (pixels): RapidOCR shrinks any image longer than
# this (its max_side_len) before detection, so more pixels would cost memory and read nothing
# more; an A4 page at 150 dpi is 1754. A larger page (an A3 scan, a hostile media box) is
# rendered at a lower resolution: the detector's memory, ~150 MB per million pixels on top of a
# ~400 MB worker, stays bounded (peak resident 0.73 GB over 30 A4 pages, no growth).
MAX_SIDE = 2000


def dpi_for(page, dpi: float = OCR_DPI) -> float:
    """``dpi``, or less for a page whose longer side would exceed MAX_SIDE pixels at it."""
    longest = max(page.get_size()) * dpi / 72
    return dpi if longest <= MAX_SIDE else dpi * MAX_SIDE / longest


def render_page(page, dpi: float = OCR_DPI):
    """A pypdfium2 page as an RGB array at ``dpi`` (the page's /Rotate applied, as a person sees it)."""
    bitmap = page.render(scale=dpi / 72)
    try:
        img = bitmap.to_numpy()
        if img.ndim == 3 and img.shape[2] == 4:
            img = img[:, :, :3]
        return img.copy()
    finally:
        bitmap.close()


def text_boxes(img) -> list[TextBox]:
    """The text lines RapidOCR finds on an image (empty when there is none), each cut where its
    characters leave a gap wider than half the line's height: the detector joins cells that
    stand close on one line ("2,973.57" and "一、一般公共服务支出" of an unruled summary table),
    the recogniser's character boxes tell where one ends and the next begins."""
    result, _elapsed = ocr_engine()(img, use_cls=False, return_word_box=True)
    out: list[TextBox] = []
    for line in result or []:
        box, text, score = line[0], line[1], line[2]
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        top, bottom = min(ys), max(ys)
        pieces = _char_pieces(line, bottom - top)
        if not pieces:
            text = (text or "").strip()
            if text:
                out.append(TextBox(min(xs), top, max(xs), bottom, text, float(score)))
            continue
        for x0, x1, chars, scores in pieces:
            piece = "".join(chars).strip()
            if piece:
                out.append(TextBox(x0, top, x1, bottom, piece, sum(scores) / len(scores)))
    return out


# what a thin vertical rule between two cells is read as; none of them is printed in a table's text
_RULE_GLYPHS = frozenset("|｜丨│")


def _is_figure_char(ch: str) -> bool:
    return bool(ch) and (ch.isdigit() or ch in ".,，。%-")


def _char_pieces(line, height: float) -> list[tuple[float, float, list[str], list[float]]]:
    """A recognised line's characters grouped into runs without a wide gap: (x0, x1, chars,
    confidences) each; empty when the engine gave no character boxes."""
    if len(line) < 6 or not line[3] or len(line[3]) != len(line[4]) or len(line[4]) != len(line[5]):
        return []
    gap = max(height * 0.5, 4.0)
    # a figure beside words is cut at a narrower gap ("2.973.57" and "本年支出合计", 9 px apart
    # at 150 dpi, a 26-px line); words keep wider gaps of their own ("一、" and "一般…", 12 px)
    kind_gap = max(height * 0.2, 3.0)
    pieces: list[tuple[float, float, list[str], list[float]]] = []
    cut = False
    for cbox, ch, conf in zip(line[3], line[4], line[5], strict=True):
        cx0 = min(float(p[0]) for p in cbox)
        cx1 = max(float(p[0]) for p in cbox)
        if ch in _RULE_GLYPHS:
            # a column rule read as a letter ("26,143,631.34|支出总计"): a cut, not text
            cut = True
            continue
        limit = -1.0 if cut else gap
        cut = False
        if pieces and limit >= 0 and _is_figure_char(pieces[-1][2][-1]) != _is_figure_char(ch):
            limit = kind_gap
        if pieces and cx0 - pieces[-1][1] <= limit:
            x0, _, chars, scores = pieces[-1]
            pieces[-1] = (x0, cx1, chars + [ch], scores + [float(conf)])
        else:
            pieces.append((cx0, cx1, [ch], [float(conf)]))
    return pieces


def engine_loaded() -> Optional[object]:
    """The engine if this process has built it (for tests and the benchmark)."""
    return _engine
