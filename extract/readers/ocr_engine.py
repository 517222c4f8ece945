"""The OCR engine: page images in, text lines out.

RapidOCR (rapidocr-onnxruntime 1.4.4, pinned) runs PP-OCRv4's Chinese detection and recognition
models, which ship inside its wheel: nothing is downloaded at run time (tests/test_ocr_reader.py
reads a scan with every socket refused). One engine per process, built on first use: loading the
three ONNX sessions costs about a second and 100 MB, a page about 2–3 s.

Threads: the parse pool runs two workers on a two-core machine, so each engine runs its
sessions on one intra-op thread (GOVBUDGET_OCR_THREADS): measured on a sample table page at
150 dpi, two threads gave 2.8 s against 3.1 s for one — a tenth faster for one worker alone,
and slower for both when two workers compete for the two cores.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Optional

# Pages are rendered at this resolution for OCR. Measured on the bundled sample rasterised at
# 150 dpi (tests/test_ocr_round_trip.py): rendering the scan at its own 150 dpi reads the
# figures; a higher one costs time and memory (the detector's feature maps grow with the
# square) without reading more.
OCR_DPI = int(os.environ.get("GOVBUDGET_OCR_DPI", 150))
OCR_THREADS = int(os.environ.get("GOVBUDGET_OCR_THREADS", 1))

_engine = None
_engine_lock = threading.Lock()


@dataclass(frozen=True)
class TextBox:
    """One line of text found on a page image, in image pixels (top-left origin)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    confidence: float


def ocr_engine():
    """This process's RapidOCR engine (built once, on first use)."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR

                _engine = RapidOCR(intra_op_num_threads=OCR_THREADS, inter_op_num_threads=1)
    return _engine


def render_page(page, dpi: int = OCR_DPI):
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
    """The text lines RapidOCR finds on an image (empty when there is none)."""
    result, _elapsed = ocr_engine()(img)
    out: list[TextBox] = []
    for box, text, score in result or []:
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        text = (text or "").strip()
        if not text:
            continue
        out.append(TextBox(min(xs), min(ys), max(xs), max(ys), text, float(score)))
    return out


def engine_loaded() -> Optional[object]:
    """The engine if this process has built it (for tests and the benchmark)."""
    return _engine
