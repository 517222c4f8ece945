"""PDF triage: the file opened, each page's plain text, the /Rotate it is read under, and the
choice of pages that may hold tables — before any table is looked for.

pypdfium2 opens the file (damaged / encrypted → ``ParseError``) and gives each page's plain text
(fast) → ``pages_text`` (page numbers, running headers and watermarks dropped, letter-spaced
words joined: "江 苏 省 人 民 检 察 院" → "江苏省人民检察院") and the choice of pages that may
hold tables (unit line "单位：万元", a "公开NN表" label, figures, ruling paths; a page whose
foot holds a table title, before such a page). Pages are read as a person sees them, text
upright: under their /Rotate (Yantai's portrait pages drawn sideways and turned by
/Rotate 90), or under the /Rotate that sets sideways or upside-down text upright.
"""

from __future__ import annotations

import re
from typing import Optional

from extract.amounts import find_unit
from extract.model import ParseError
from extract.readers.pdf.glyphs import WATERMARK_SIZE
from extract.readers.pdf.lines import (
    AMOUNT_TOKEN_RE,
    TABLE_LINE_RE,
    normalise_text,
)
from extract.readers.table_context import (
    PAGE_NUMBER_RE,
    TABLE_LABEL_RE,
    TITLE_END_RE,
    UNIT_LINE_RE,
    is_table_title,
)


def _title_at_foot(text: str) -> bool:
    """Does one of the last lines of the page (pdfium's text) look like a table title?"""
    lines = [normalise_text(ln) for ln in text.split("\n")]
    lines = [ln for ln in lines if ln and not PAGE_NUMBER_RE.match(ln)]
    return any(is_table_title(ln) for ln in lines[-3:])


def _opens_with_row(text: str) -> bool:
    """Is the page's first line (page numbers aside) a table row: words then a bare figure?"""
    for ln in text.split("\n"):
        ln = normalise_text(ln)
        if not ln or PAGE_NUMBER_RE.match(ln):
            continue
        return bool(TABLE_LINE_RE.search(ln)) and not re.search(r"[。；，：:]", ln)
    return False


def is_candidate_page(text: str, n_paths: int) -> bool:
    """Cheap test on pdfium's text: may this page hold a table? (unit line, a short "公开NN表"
    line, lines ending in figures, or many drawn paths)."""
    lines = [normalise_text(ln) for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    for ln in lines:
        if len(ln) <= 60 and (find_unit(ln) or UNIT_LINE_RE.search(ln)) and "。" not in ln:
            return True
        if len(ln) <= 40 and TABLE_LABEL_RE.search(ln) and "。" not in ln:
            return True
    tabular = sum(1 for ln in lines if TABLE_LINE_RE.search(ln) and not re.search(r"[。；，]", ln))
    if tabular >= 3:
        return True
    if n_paths >= 30 and any(len(ln) <= 80 and "绩效" in ln and TITLE_END_RE.search(ln) for ln in lines[:4]):
        return True  # a ruled performance form whose figures are whole numbers (Xi'an 自评表: 7000, 15)
    if n_paths >= 30 and tabular >= 1:
        return True
    # some files give a whole table as one text line: count bare figures (not "7.79万元", "10%")
    bare = len(re.findall(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2})(?![\d.,]*\s*[万亿元%％])", text))
    return bare >= 6 and n_paths >= 4


def candidate_pages(raw_texts: list[str], paths: list[int], visible: list[int],
                    turned: list[int]) -> list[int]:
    """The pages (by index) the table finder reads: those that may hold a table
    (``is_candidate_page``), the turned ones, the tail of a table from the page before, and the
    page before one of them whose foot holds a table title."""
    n_pages = len(raw_texts)
    candidates = []
    for i in range(n_pages):
        if is_candidate_page(raw_texts[i], paths[i]) or i in turned:
            candidates.append(i)
        elif (candidates and candidates[-1] == i - 1 and visible[i]
              and sum(1 for ln in raw_texts[i].split("\n") if "。" in ln) <= 2
              and (paths[i] >= 8 or AMOUNT_TOKEN_RE.search(raw_texts[i]) and (
                  paths[i] >= 4 or "。" not in raw_texts[i]))):
            candidates.append(i)  # the tail of a table from the page before (no prose on it)
        elif candidates and candidates[-1] == i - 1 and paths[i] >= 8 and _opens_with_row(raw_texts[i]):
            # a ruled page that opens with a row (a name and its figure) goes on with the table
            # above, however much prose its cells hold (a page-tall 项目简介 cell)
            candidates.append(i)

    for i in list(candidates):
        if i > 0 and i - 1 not in candidates and _title_at_foot(raw_texts[i - 1]):
            candidates.append(i - 1)
    candidates.sort()
    return candidates


def open_pdfium(data: bytes):
    """The PDF opened by pypdfium2 (document fonts only); ParseError when it cannot be read."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover
        raise ParseError(f"pypdfium2 is not installed: {exc}") from None
    from extract.readers.pdf.objects import document_fonts_only

    document_fonts_only()  # text measured by the document's fonts, never by an installed one
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise ParseError("encrypted PDF: a password is required to open it") from None
        raise ParseError(f"damaged PDF: cannot be opened ({msg})") from None
    except Exception as exc:  # noqa: BLE001 - never let a raw library error out
        raise ParseError(f"damaged PDF: cannot be opened ({type(exc).__name__}: {exc})") from None


def _clean_text_of(tp) -> tuple[str, Optional[float]]:
    """A page's plain text without watermark glyphs (rotated against the page's text, or light)
    and without fake-bold doubles (the same glyph again within 1.5 pt); and the angle its text
    runs at in the page's own space (radians, pdfium; None when it has too little text to say)."""
    import ctypes
    import math

    import pypdfium2.raw as c

    raw = c.raw if hasattr(c, "raw") else c
    handle = tp.raw
    n = raw.FPDFText_CountChars(handle)
    if n <= 0:
        return "", None
    codes = [raw.FPDFText_GetUnicode(handle, i) for i in range(n)]
    angles = [raw.FPDFText_GetCharAngle(handle, i) for i in range(n)]
    from collections import Counter

    visible = [round(a, 2) for a, u in zip(angles, codes, strict=True) if u > 32 and a >= 0]
    dominant = Counter(visible).most_common(1)[0][0] if visible else 0.0
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()
    seen: dict[tuple, list] = {}
    out: list[str] = []
    for i, u in enumerate(codes):
        ch = chr(u) if 0 < u < 0x110000 else ""
        if not ch:
            continue
        if ch in "\r\n" or ch.isspace() or raw.FPDFText_IsGenerated(handle, i) == 1:
            out.append(ch)
            continue
        ang = angles[i]
        if ang >= 0:
            diff = abs(ang - dominant) % (2 * math.pi)
            diff = min(diff, 2 * math.pi - diff)
            if diff > 0.05:
                # turned against the page's text: a watermark, unless small text turned by 90°
                # (a vertical header inside a table)
                if abs(diff - math.pi / 2) > 0.05 or raw.FPDFText_GetFontSize(handle, i) >= WATERMARK_SIZE:
                    continue
        if raw.FPDFText_GetFillColor(handle, i, r, g, b, a) and min(r.value, g.value, b.value) >= 191:
            continue  # light grey or white glyph
        if raw.FPDFText_GetCharOrigin(handle, i, x, y):
            # fake bold: the same glyph drawn again within 1.5 pt and within half its advance (the
            # second "0" of "100" in 4.4-pt text, 2.2 pt on, is a glyph of its own)
            tol = 1.5
            if raw.FPDFText_GetLooseCharBox(handle, i, box) and box.right - box.left > 0:
                tol = min(tol, (box.right - box.left) / 2)
            kx, ky = round(x.value / 1.5), round(y.value / 1.5)
            if any(abs(ox - x.value) <= tol and abs(oy - y.value) <= tol
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1) for ox, oy in seen.get((u, kx + dx, ky + dy), ())):
                continue
            seen.setdefault((u, kx, ky), []).append((x.value, y.value))
        out.append(ch)
    text = "".join(out)
    text = re.sub(r"[ \t]+(?=\r?\n)", "", text)
    return re.sub(r"(\r?\n)(?:[ \t]*\r?\n)+", r"\1", text), (dominant if len(visible) >= 10 else None)


def _upright_rotation(angle: Optional[float]) -> Optional[int]:
    """The /Rotate under which text running at ``angle`` (radians, pdfium, in the page's own
    space: /Rotate does not change it) reads upright; None when the angle says nothing (too
    little text, or text at a slant)."""
    import math

    if angle is None:
        return None
    for target, rotation in ((0.0, 0), (math.pi / 2, 270), (math.pi, 180), (3 * math.pi / 2, 90),
                             (2 * math.pi, 0)):
        if abs(angle - target) < 0.1:
            return rotation
    return None


def pdfium_pages(data: bytes) -> tuple[list[str], list[int], dict[int, int], list[int]]:
    """Plain text and ruling-path count per page; the /Rotate each page is read under (index →
    degrees, for the pages read under one other than 0 or whose own /Rotate is not 0); and the
    pages read under another /Rotate than their own.

    A page is read as a person sees it, with its text upright: a portrait page turned by
    /Rotate 90 (Yantai prints every table so: the content is drawn sideways and /Rotate sets it
    upright) is read under its /Rotate; a landscape table drawn sideways on a page without
    /Rotate, or a /Rotate that leaves the text sideways or upside down, is read under the
    /Rotate that sets its text upright (pdfium gives the angle of the text in the page's own
    space, which /Rotate does not change)."""
    import pypdfium2.raw as pdfium_c

    pdf = open_pdfium(data)
    texts: list[str] = []
    paths: list[int] = []
    rotations: dict[int, int] = {}
    reset: list[int] = []
    try:
        n = len(pdf)
        if n == 0:
            raise ParseError("damaged PDF: it has no pages")
        for i in range(n):
            try:
                page = pdf[i]
                tp = page.get_textpage()
                text, angle = _clean_text_of(tp)
                tp.close()
                own = page.get_rotation() % 360
                upright = _upright_rotation(angle)
                rotation = own if upright is None else upright
                if rotation or own:
                    rotations[i] = rotation
                if rotation != own:
                    reset.append(i)
                npaths = 0
                for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
                    npaths += 1
                    if npaths >= 60:
                        break
                page.close()
            except ParseError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise ParseError(f"damaged PDF: page {i + 1} cannot be read ({exc})") from None
            texts.append(text.replace("\r\n", "\n").replace("\r", "\n"))
            paths.append(npaths)
    finally:
        close_quietly(pdf)
    return texts, paths, rotations, reset


def clean_pages_text(texts: list[str]) -> list[str]:
    """Drop page-number lines and running headers/footers (same first/last line on most pages)."""
    from collections import Counter

    firsts: Counter[str] = Counter()
    lasts: Counter[str] = Counter()
    split = [[ln for ln in t.split("\n") if ln.strip()] for t in texts]
    for lines in split:
        if lines:
            firsts[normalise_text(lines[0])] += 1
            lasts[normalise_text(lines[-1])] += 1
    n = len(texts)
    running = {k for k, v in list(firsts.items()) + list(lasts.items()) if n >= 4 and v >= max(3, n // 2)}
    out = []
    for lines in split:
        kept = []
        for j, ln in enumerate(lines):
            t = normalise_text(ln)
            if (j < 2 or j >= len(lines) - 2) and (PAGE_NUMBER_RE.match(t) or t in running):
                continue
            kept.append(_join_letter_spacing(ln.rstrip()))
        out.append("\n".join(kept))
    return out


_SPACED_CJK_RE = re.compile(r"(?<!\S)[\u3400-\u9fff\uf900-\ufaff](?:[ \u3000][\u3400-\u9fff\uf900-\ufaff](?!\S))+")


def _join_letter_spacing(line: str) -> str:
    """'江 苏 省 人 民 检 察 院' → '江苏省人民检察院': a run of single CJK characters separated by
    single spaces is one letter-spaced word."""
    return _SPACED_CJK_RE.sub(lambda m: re.sub(r"[ \u3000]", "", m.group(0)), line)


def close_quietly(pdf) -> None:
    """Closing walks every page again: a damaged page must not turn a finished (or already
    failed) read into a raw pdfminer exception."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - nothing left to read; the document's outcome stands
        pass
