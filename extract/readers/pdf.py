"""PDF reader: bytes of a disclosure PDF → a ``Document`` whose tables are aligned grids.

Pipeline per document:
1. pypdfium2 opens the file (damaged / encrypted → ``ParseError``) and gives each page's plain text
   (fast) → ``pages_text`` (page numbers, running headers and watermarks dropped, letter-spaced
   words joined: "江 苏 省 人 民 检 察 院" → "江苏省人民检察院") and the choice of pages that may
   hold tables (unit line "单位：万元", a "公开NN表" label, figures, ruling paths; a page whose
   foot holds a table title, before such a page). Pages are read as a person sees them, text
   upright: under their /Rotate (Yantai's portrait pages drawn sideways and turned by
   /Rotate 90), or under the /Rotate that sets sideways or upside-down text upright.
2. pdfplumber's table finding runs only on those pages, on chars, rules and curves built from
   pypdfium2 (``pdf_objects``: pdfminer's geometry, several times faster than pdfminer reading
   the page; a page read under a /Rotate is built in its own space and turned as it is shown;
   pdfminer still reads a page pdf_objects cannot stand in for):
   ``dedupe_chars()`` (fake bold), watermark chars dropped
   (light, slanted, or large and turned; small text turned by 90° is a vertical header and is
   kept), ``find_tables()`` on rules, and ``pdf_grid.build_grid`` for an aligned grid (merged
   cells: text in the first column of the span, '' in the rest). A page without rules: each
   table runs from under its title / unit line to the next title, label, note or prose, and
   ``pdf_grid.build_unruled_grid`` finds its columns from the x positions of its words.
3. Text above each table gives title (letter-spacing removed, wrapped titles joined), number label,
   unit and unit name; title/meta rows drawn inside the ruled area are moved out of the grid; text
   under it gives notes and the "本表无数据" family (``is_empty``). A title left at the foot of a
   page (nothing but its unit line after it) is the title of the first table of the next page.
4. A table that starts a page without any title above it continues the previous page's table when
   it has the same number of columns, repeats its header, or starts with data rows; a repeated
   header is dropped and columns are re-aligned by x position when the counts differ.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from typing import Optional

from extract.amounts import find_unit
from extract.model import Cell, Document, ParseError, Table
from extract.readers.pdf_grid import (
    Grid,
    _rotated,
    build_grid,
    build_unruled_grid,
    chars_to_lines,
    is_data_line,
    line_groups,
    line_raw,
    normalise_text,
    split_segments,
)

# ----------------------------------------------------------------------------------------------
# Text classification

_LABEL_RE = re.compile(
    r"(预算公开表\s*\d+(?:-\d+)?|(?:部门|单位)?公开\s*\d+(?:-\d+)?\s*表|附表\s*\d+(?:-\d+)?"
    r"|(?<![\u4e00-\u9fff])表\s*[0-9一二三四五六七八九十]+(?:-\d+)?(?![\u4e00-\u9fff]))")
_PAGE_NO_RE = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,4}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?"
                         r"|\d+\s*/\s*\d+)$")
_UNIT_NAME_RE = re.compile(
    r"(?:部门名称|单位名称|编制单位|编制部门|预算单位|预算部门|主管部门|部门\s*[（(]\s*单位\s*[）)]|部门|单位)"
    r"\s*[:：]\s*"
    r"(.+?)(?=\s*(?:金额单位|单位\s*[:：]|单位\s*(?:万元|元|亿元)|$))")
_EMPTY_RE = re.compile(
    r"本表无数据|无数据|此表为空|本表为空|为空表|空表|本单位无此项|本部门无此项|无此项|本部门无该项|"
    r"本单位无该项|无该项目|本表无|无发生额|没有.{0,20}(?:数据|安排|支出|收入)|不涉及")
_EMPTY_IN_GRID_RE = re.compile(r"本表无数据|此表为空|本表为空|为空表|(?:本单位|本部门)无(?:此|该)?项|无此项|本表无")
_PART_RE = re.compile(r"^第[一二三四五六七八九十\d]+部分")
_TITLE_END_RE = re.compile(r"表\s*(?:[（(][^）)]{0,20}[）)])?$")
_AMOUNT_TOKEN_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+\.\d{1,2}(?![\d])")
_TABLE_LINE_RE = re.compile(r"(?:\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+)\s*$")
_UNIT_LINE_RE = re.compile(r"单位\s*[:：]?\s*(?:万元|元|亿元)|单位\s*[:：]")


def _is_meta(text: str) -> bool:
    return bool(find_unit(text) or _UNIT_NAME_RE.search(text) or _UNIT_LINE_RE.search(text))


def _is_title(text: str) -> bool:
    t = _LABEL_RE.sub("", text).strip()
    if not t or len(t) > 60 or t.startswith(("注", "说明", "备注")) or _PART_RE.match(t):
        return False
    if _is_meta(t):
        return False
    return bool(_TITLE_END_RE.search(t))


def _has_amount(text: str) -> bool:
    return bool(_AMOUNT_TOKEN_RE.search(text or ""))


# ----------------------------------------------------------------------------------------------
# Character filtering: watermarks and other non-content glyphs


def _is_faint(color, threshold: float) -> bool:
    """Gray/RGB at least `threshold` bright, or CMYK with no ink above 1 - threshold."""
    try:
        if color is None or isinstance(color, str):
            return False
        vals = [float(color)] if isinstance(color, (int, float)) else [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(vals) in (1, 3):
        return min(vals) >= threshold
    if len(vals) == 4:  # CMYK: faint when every ink is
        return max(vals) <= 1 - threshold + 1e-9 and (threshold >= 0.95 or sum(vals) > 0)
    return False


def _is_light(color) -> bool:
    return _is_faint(color, 0.75)


def _is_white(color) -> bool:
    return _is_faint(color, 0.95)


_WATERMARK_SIZE = 20.0  # text at least this large, turned, is a watermark, not content


def _keep_obj(obj) -> bool:
    kind = obj.get("object_type")
    if kind in ("rect", "curve"):
        # an invisible white fill (spreadsheet cell background) is not a rule
        if obj.get("fill") and not obj.get("stroke") and _is_white(obj.get("non_stroking_color")):
            return False
        return True
    if kind != "char":
        return True
    if _is_light(obj.get("non_stroking_color")):
        return False  # light grey or white: a watermark
    m = obj.get("matrix")
    if m and (abs(m[1]) > 1e-3 or abs(m[2]) > 1e-3):
        if abs(m[0]) > 1e-3 or abs(m[3]) > 1e-3:
            return False  # turned at a slant: a diagonal watermark
        if (obj.get("size") or 0) >= _WATERMARK_SIZE:
            return False  # large text turned by 90°: a watermark
        # small text turned by 90°: a vertical header inside a table (行次, 栏次 …)
    return True


# ----------------------------------------------------------------------------------------------
# Pieces found on pages, before joining over pages


@dataclass
class _Piece:
    page: int
    grid: Grid
    title_lines: list[str] = field(default_factory=list)
    label: Optional[str] = None
    unit: Optional[str] = None
    unit_name: Optional[str] = None
    notes: list[str] = field(default_factory=list)
    empty_marker: bool = False
    below_label: Optional[str] = None  # a "公开04表" printed under the table: belongs to the next
    fresh: bool = False  # a title printed at the foot of the page before: a new table


def _classify_lines(lines: list[dict], piece: _Piece) -> None:
    """Lines above a table (or title rows lifted out of its grid) → title, label, unit, unit name."""
    title_cands: list[dict] = []
    for ln in lines:
        t = normalise_text(ln["raw"])
        if not t or _PAGE_NO_RE.match(t):
            continue
        m = _LABEL_RE.search(t)
        if m:
            piece.label = re.sub(r"\s+", "", m.group(1))
        u = find_unit(t)
        if u:
            piece.unit = u
        for n in _UNIT_NAME_RE.finditer(t):
            name = normalise_text(n.group(1)).strip("：: ")
            if name and name not in ("元", "万元", "亿元") and not find_unit(name):
                piece.unit_name = name
                break
        rest = _LABEL_RE.sub("", t).strip().lstrip(":：、.． ").strip()
        if rest and not _is_meta(rest) and not _PART_RE.match(rest) and not rest.startswith(("注", "说明")):
            title_cands.append(dict(ln, text=rest))
    if not title_cands:
        return
    titled = [c for c in title_cands if _TITLE_END_RE.search(c["text"])]
    if not titled:
        # a title without 表 (rare): only accept a line clearly larger than body text
        big = max(c["size"] for c in title_cands)
        if big >= 13:
            piece.title_lines = [c["text"] for c in title_cands if c["size"] >= big - 0.5][-2:]
        return
    last = titled[-1]
    i = title_cands.index(last)
    chosen = [last]
    # a title wrapped over two lines: the line just above, same size, no gap, not itself a title
    while i > 0:
        prev = title_cands[i - 1]
        gap = chosen[0]["top"] - prev["bottom"]
        if (abs(prev["size"] - last["size"]) <= 1 and gap < 1.2 * last["size"]
                and not _TITLE_END_RE.search(prev["text"]) and len(prev["text"]) >= 4
                and not re.search(r"[。；;]$", prev["text"])):
            chosen.insert(0, prev)
            i -= 1
        else:
            break
    piece.title_lines = [c["text"] for c in chosen]


def _lift_title_rows(piece: _Piece, chars: list[dict]) -> list[dict]:
    """Title / meta rows drawn inside the ruled area ('收支预算总表', '部门：… 单位：万元')."""
    lifted = []
    g = piece.grid
    while g.rows:
        row = g.rows[0]
        texts = [t for t in row if t]
        joined = " ".join(texts)
        if len(texts) > 3 or any(_has_amount(t) for t in texts):
            break
        if not (_is_title(joined) or _is_meta(joined) or _LABEL_RE.fullmatch(joined.replace(" ", ""))):
            break
        band = [c for c in chars if g.row_tops[0] - 1 <= (c["top"] + c["bottom"]) / 2 <= g.row_bottoms[0] + 1]
        lifted.extend(chars_to_lines(band))
        g.rows.pop(0)
        g.row_tops.pop(0)
        g.row_bottoms.pop(0)
    return lifted


def _classify_below(lines: list[dict], piece: _Piece, is_last_on_page: bool) -> None:
    """Notes and "本表无数据"-type markers printed just under the table (a block of lines that
    starts right under it; the explanation text further down is not the table's)."""
    in_note = False
    last_bottom = piece.grid.bbox[3]
    near = True
    for ln in sorted(lines, key=lambda ln: ln["top"]):
        t = normalise_text(ln["raw"])
        if not t or _PAGE_NO_RE.match(t):
            continue
        if is_last_on_page and _LABEL_RE.fullmatch(t.replace(" ", "")):
            piece.below_label = t.replace(" ", "")
            continue
        size = ln.get("size") or 10
        gap = ln["top"] - last_bottom
        if gap > max(24.0, 2.5 * size):
            near = False
        if not near:
            continue
        if in_note and gap > 0.9 * size:
            in_note = False  # a new paragraph, not the note wrapped onto a second line
        last_bottom = ln["bottom"]
        marker = bool(_EMPTY_RE.search(t)) and len(t) < 120
        if marker:
            piece.empty_marker = True
        if t.startswith(("注", "说明", "备注")) or (in_note and re.match(r"^\s*[（(]?\d+[.、．)）]", t)):
            piece.notes.append(t)
            in_note = True
        elif in_note and not _is_title(t) and len(t) < 200 and not _LABEL_RE.fullmatch(t):
            piece.notes[-1] += t
        elif marker:
            piece.notes.append(t)
        else:
            in_note = False


# ----------------------------------------------------------------------------------------------
# Page selection


def _title_at_foot(text: str) -> bool:
    """Does one of the last lines of the page (pdfium's text) look like a table title?"""
    lines = [normalise_text(ln) for ln in text.split("\n")]
    lines = [ln for ln in lines if ln and not _PAGE_NO_RE.match(ln)]
    return any(_is_title(ln) for ln in lines[-3:])


def _opens_with_row(text: str) -> bool:
    """Is the page's first line (page numbers aside) a table row: words then a bare figure?"""
    for ln in text.split("\n"):
        ln = normalise_text(ln)
        if not ln or _PAGE_NO_RE.match(ln):
            continue
        return bool(_TABLE_LINE_RE.search(ln)) and not re.search(r"[。；，：:]", ln)
    return False


def _candidate_page(text: str, n_paths: int) -> bool:
    """Cheap test on pdfium's text: may this page hold a table? (unit line, a short "公开NN表"
    line, lines ending in figures, or many drawn paths)."""
    lines = [normalise_text(ln) for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    for ln in lines:
        if len(ln) <= 60 and (find_unit(ln) or _UNIT_LINE_RE.search(ln)) and "。" not in ln:
            return True
        if len(ln) <= 40 and _LABEL_RE.search(ln) and "。" not in ln:
            return True
    tabular = sum(1 for ln in lines if _TABLE_LINE_RE.search(ln) and not re.search(r"[。；，]", ln))
    if tabular >= 3:
        return True
    if n_paths >= 30 and any(len(ln) <= 80 and "绩效" in ln and _TITLE_END_RE.search(ln) for ln in lines[:4]):
        return True  # a ruled performance form whose figures are whole numbers (Xi'an 自评表: 7000, 15)
    if n_paths >= 30 and tabular >= 1:
        return True
    # some files give a whole table as one text line: count bare figures (not "7.79万元", "10%")
    bare = len(re.findall(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2})(?![\d.,]*\s*[万亿元%％])", text))
    return bare >= 6 and n_paths >= 4


def _open_pdfium(data: bytes):
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover
        raise ParseError(f"pypdfium2 is not installed: {exc}") from None
    from extract.readers.pdf_objects import document_fonts_only

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

    visible = [round(a, 2) for a, u in zip(angles, codes) if u > 32 and a >= 0]
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
                if abs(diff - math.pi / 2) > 0.05 or raw.FPDFText_GetFontSize(handle, i) >= _WATERMARK_SIZE:
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


def _pdfium_pages(data: bytes) -> tuple[list[str], list[int], dict[int, int], list[int]]:
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

    pdf = _open_pdfium(data)
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
        _close_quietly(pdf)
    return texts, paths, rotations, reset


def _with_rotations(data: bytes, rotations: dict[int, int]) -> bytes:
    """The same file with the given pages' /Rotate set: what pdfplumber reads when a page is
    read under another /Rotate than its own."""
    pdf = _open_pdfium(data)
    try:
        pages = []
        for i, rotation in rotations.items():
            page = pdf[i]
            page.set_rotation(rotation)
            pages.append(page)  # open until the file is saved
        buf = io.BytesIO()
        pdf.save(buf)
        for page in pages:
            page.close()
        return buf.getvalue()
    finally:
        _close_quietly(pdf)


# /Rotate (clockwise, degrees) → the affine map (a, b, c, d, e, f) from a page's own space
# (y up, W × H media box) to the space of the page as shown: pdfminer's CTM for /Rotate
def _rotation_map(rotation: int, width: float, height: float) -> tuple:
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, 0.0, width)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, width, height)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, height, 0.0)
    return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _turn_objects(objects: dict[str, list[dict]], rotation: int, width: float,
                  height: float) -> tuple[dict[str, list[dict]], float, float]:
    """pdfplumber's objects of a page in its own space (``pdf_objects``, W × H) → the same
    objects on the page as shown under ``rotation`` (90, 180 or 270), as pdfminer reads a page
    with /Rotate: boxes and points through the rotation, char matrices times its map, a char's
    size the height of its new box (pdfminer's, for horizontal fonts). Returns the objects and
    the shown page's width and height."""
    W, H = width, height
    # a point (x, top) of the page's own space → (x, top) on the page shown; a box
    # (x0, x1, top, bottom) → the shown box
    if rotation == 90:
        shown_w, shown_h = H, W
        point = lambda x, t: (H - t, x)  # noqa: E731
        turn_box = lambda x0, x1, t, b: (H - b, H - t, x0, x1)  # noqa: E731
    elif rotation == 180:
        shown_w, shown_h = W, H
        point = lambda x, t: (W - x, H - t)  # noqa: E731
        turn_box = lambda x0, x1, t, b: (W - x1, W - x0, H - b, H - t)  # noqa: E731
    elif rotation == 270:
        shown_w, shown_h = H, W
        point = lambda x, t: (t, W - x)  # noqa: E731
        turn_box = lambda x0, x1, t, b: (t, b, W - x1, W - x0)  # noqa: E731
    else:
        return objects, W, H
    a, b, c, d, e, f = _rotation_map(rotation, W, H)
    out: dict[str, list[dict]] = {}
    for kind, objs in objects.items():
        turned = []
        for obj in objs:
            o = dict(obj)
            x0, x1, top, bottom = turn_box(obj["x0"], obj["x1"], obj["top"], obj["bottom"])
            o["x0"], o["x1"], o["top"], o["bottom"], o["doctop"] = x0, x1, top, bottom, top
            o["y0"], o["y1"] = shown_h - bottom, shown_h - top
            o["width"], o["height"] = x1 - x0, bottom - top
            if kind == "char":
                ma, mb, mc, md, me, mf = obj["matrix"]
                m = (ma * a + mb * c, ma * b + mb * d, mc * a + md * c, mc * b + md * d,
                     me * a + mf * c + e, me * b + mf * d + f)
                o["matrix"] = m
                o["upright"] = m[0] * m[3] > 0 and m[1] * m[2] <= 0
                o["size"] = bottom - top
            elif kind == "rect":
                o["pts"] = [(x0, top), (x1, top), (x1, bottom), (x0, bottom)]
            elif "pts" in obj:
                o["pts"] = [point(px, pt) for px, pt in obj["pts"]]
            turned.append(o)
        out[kind] = turned
    return out, shown_w, shown_h


def _clean_pages_text(texts: list[str]) -> list[str]:
    """Drop page-number lines and running headers/footers (same first/last line on most pages)."""
    from collections import Counter

    firsts, lasts = Counter(), Counter()
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
            if (j < 2 or j >= len(lines) - 2) and (_PAGE_NO_RE.match(t) or t in running):
                continue
            kept.append(_join_letter_spacing(ln.rstrip()))
        out.append("\n".join(kept))
    return out


_SPACED_CJK_RE = re.compile(r"(?<!\S)[\u3400-\u9fff\uf900-\ufaff](?:[ \u3000][\u3400-\u9fff\uf900-\ufaff](?!\S))+")


def _join_letter_spacing(line: str) -> str:
    """'江 苏 省 人 民 检 察 院' → '江苏省人民检察院': a run of single CJK characters separated by
    single spaces is one letter-spaced word."""
    return _SPACED_CJK_RE.sub(lambda m: re.sub(r"[ \u3000]", "", m.group(0)), line)


# ----------------------------------------------------------------------------------------------
# Reading tables


def _unruled_line_kind(text: str, segs: list, page_width: float) -> str:
    """table | meta (title, label, unit line: above a table) | stop (notes, prose, page number)."""
    amounts = any(sg.kind == "amount" for sg in segs)
    if _PAGE_NO_RE.match(text):
        return "stop"
    if len(segs) >= 2 and segs[-1].x1 - segs[0].x0 > 0.4 * page_width and max(
            b.x0 - a.x1 for a, b in zip(segs, segs[1:])) < 0.8 * max(sg.size for sg in segs):
        return "stop"  # a justified line of prose (words and figures set close together)
    if _PART_RE.match(text):
        return "stop"
    if text.startswith(("注", "说明", "备注")) and not amounts:
        return "stop"
    if not amounts and len(text) < 60 and _EMPTY_RE.search(text) and len(segs) <= 2:
        return "stop"
    if re.search(r"[。；，]|\d\s*(?:万元|亿元|元)", text):
        return "stop"  # prose: sentences, or figures with their unit (a table states it once)
    if len(segs) == 1 and not amounts and len(text) >= 20 and segs[0].x1 - segs[0].x0 > 0.55 * page_width:
        return "stop"  # a line of prose
    if len(segs) == 1 and not amounts and segs[0].size >= 13 and not _is_title(text):
        return "stop"  # a heading
    if not amounts and (_LABEL_RE.fullmatch(text.replace(" ", "")) or _is_title(text) or _is_meta(text)
                        or _CONT_RE.fullmatch(text)):
        return "meta"
    return "table"


def _unruled_tables(p, chars: list[dict]) -> list[Grid]:
    """Tables printed without rules. A table runs from the line under its title / unit line to
    the next title, label, note (注：…), empty marker or prose; its columns come from the x
    positions of the words of its rows (``pdf_grid.build_unruled_grid``)."""
    groups = line_groups([c for c in chars if not _rotated(c)])
    kinds = []
    for i, g in enumerate(groups):
        segs = split_segments(g, i)
        text = normalise_text(line_raw(g))
        kinds.append((_unruled_line_kind(text, segs, p.width) if text else "skip", segs, text))
    regions: list[list[int]] = []
    cur: Optional[list[int]] = None
    enders: dict[int, str] = {}
    titled: dict[int, bool] = {}
    last_kind = None  # the kind of the line before a region ("meta": a title / unit line)
    seen_text = False  # prose or notes above: a region there without a title is no table
    for i, (kind, segs, text) in enumerate(kinds):
        if kind == "skip":
            continue
        if kind == "table":
            if cur is None:
                cur = []
                regions.append(cur)
                titled[len(regions) - 1] = last_kind == "meta" or not seen_text
            cur.append(i)
        else:
            if cur is not None:
                enders[len(regions) - 1] = text
            cur = None
            if kind == "stop" and not _PAGE_NO_RE.match(text):
                seen_text = True
        last_kind = kind
        if kind == "table" and len(regions) > 1:
            seen_text = True
    grids = []
    for r, region in enumerate(regions):
        # a running header above a table that goes on from the page before
        while len(region) > 1 and len(kinds[region[0]][1]) == 1 and not is_data_line(kinds[region[0]][1]) \
                and len(kinds[region[0]][2]) >= 8 and region[0] == next(
                    i for i, k in enumerate(kinds) if k[0] != "skip"):
            region = region[1:]
        # trailing lines far under the last row are not the table's
        while len(region) > 2:
            last, before = groups[region[-1]], groups[region[-2]]
            size = max(c.get("size") or 10 for c in last)
            if min(c["top"] for c in last) - max(c["bottom"] for c in before) > 3 * size \
                    and not is_data_line(kinds[region[-1]][1]):
                region = region[:-1]
            else:
                break
        with_amounts = [i for i in region if any(sg.kind == "amount" for sg in kinds[i][1])]
        multi = [i for i in region if len(kinds[i][1]) >= 2]
        ender = enders.get(r, "")
        empty_after = bool(ender) and bool(_EMPTY_RE.search(ender))
        if not (len(with_amounts) >= 2 or (with_amounts and len(kinds[with_amounts[0]][1]) >= 3)
                or (empty_after and multi)):
            continue
        if not multi or not titled.get(r, False):
            continue  # figures set out in the text, not under a title: no table
        lines = [groups[i] for i in region]
        top = min(c["top"] for g in lines for c in g)
        bottom = max(c["bottom"] for g in lines for c in g)
        turned = [c for c in chars if _rotated(c) and c["bottom"] >= top - 2 and c["top"] <= bottom + 2]
        try:
            g = build_unruled_grid(lines, turned)
        except (ValueError, IndexError, KeyError, ZeroDivisionError):
            g = None  # an odd layout: no table rather than a failed document
        if g is not None and g.rows:
            grids.append(g)
    return grids


def _dangling_title(lines: list[dict], below: float, page_no: int) -> Optional[_Piece]:
    """A table title printed at the foot of a page (below its last table, or on a page without
    one) with only its label / unit line after it: the title of the table on the next page."""
    tail = [ln for ln in sorted(lines, key=lambda ln: ln["top"]) if ln["top"] >= below - 1]
    tail = [ln for ln in tail if normalise_text(ln["raw"]) and not _PAGE_NO_RE.match(normalise_text(ln["raw"]))]
    idx = None
    for i, ln in enumerate(tail):
        t = normalise_text(ln["raw"])
        if _is_title(t):
            idx = i
        elif idx is not None and not (_is_meta(t) or _LABEL_RE.fullmatch(t.replace(" ", ""))):
            idx = None  # text after the title: it titles something on this page
    if idx is None:
        return None
    start = idx
    title_size = tail[idx]["size"]
    while start > 0 and idx - start < 3:
        t = normalise_text(tail[start - 1]["raw"])
        if _LABEL_RE.fullmatch(t.replace(" ", "")) or (_is_meta(t) and len(t) < 60) or (
                abs(tail[start - 1]["size"] - title_size) <= 0.5 and title_size >= 12
                and not re.search(r"[。；，]", t) and len(t) <= 40):
            start -= 1
        else:
            break
    piece = _Piece(page=page_no, grid=Grid(rows=[], col_bounds=[0.0, 1.0], row_tops=[], bbox=(0, 0, 0, 0)))
    _classify_lines(tail[start:], piece)
    return piece if piece.title_lines else None


def _pieces_of_page(page, page_no: int) -> list[_Piece]:
    """The tables of one page; a title left dangling at its foot is ``_pieces_of_page.dangling``
    of the returned list (an attribute of the list, None when there is none)."""
    p = page.dedupe_chars().filter(_keep_obj)
    chars = p.chars
    found = p.find_tables()
    tables = []
    for t in found:
        x0, top, x1, bottom = t.bbox
        if (x1 - x0) < 40 or (bottom - top) < 8 or len(t.cells) < 2:
            continue
        grid = build_grid(t.cells, chars, t.bbox)
        if grid is None or not grid.rows:
            continue
        tables.append(grid)
    tables.sort(key=lambda g: (g.bbox[1], g.bbox[0]))
    # nested / overlapping detections: keep the outer one
    kept: list[Grid] = []
    for g in tables:
        if any(k.bbox[0] - 2 <= g.bbox[0] and g.bbox[2] <= k.bbox[2] + 2 and k.bbox[1] - 2 <= g.bbox[1]
               and g.bbox[3] <= k.bbox[3] + 2 for k in kept):
            continue
        kept.append(g)
    if not kept:
        kept = _unruled_tables(p, chars)
    outside = [c for c in chars
               if not any(g.bbox[0] - 1 <= (c["x0"] + c["x1"]) / 2 <= g.bbox[2] + 1
                          and g.bbox[1] - 1 <= (c["top"] + c["bottom"]) / 2 <= g.bbox[3] + 1 for g in kept)]
    lines = chars_to_lines(outside)
    pieces = []
    for k, g in enumerate(kept):
        upper = kept[k - 1].bbox[3] if k else -1
        lower = kept[k + 1].bbox[1] if k + 1 < len(kept) else float("inf")
        piece = _Piece(page=page_no, grid=g)
        above = [ln for ln in lines if upper <= ln["top"] and ln["bottom"] <= g.bbox[1] + 2]
        lifted = _lift_title_rows(piece, chars)
        _classify_lines(above + lifted, piece)
        below = [ln for ln in lines if g.bbox[3] - 2 <= ln["top"] and ln["bottom"] <= lower + 2]
        _classify_below(below, piece, is_last_on_page=(k + 1 == len(kept)))
        if not piece.grid.rows:
            continue
        pieces.append(piece)
    out = _PageList(pieces)
    out.dangling = _dangling_title(lines, kept[-1].bbox[3] if kept else -1, page_no)
    return out


class _PageList(list):
    dangling: Optional[_Piece] = None


def _realign(grid: Grid, dst_bounds: list[float]) -> list[list[str]]:
    """Place a continuation page's cells in the columns of the table's first page, by the x
    position of each cell's text (tables continue at the same place on the next page)."""
    ndst = len(dst_bounds) - 1
    out = []
    for row, crow in zip(grid.rows, grid.centers):
        new = [""] * ndst
        for k, text in enumerate(row):
            if not text:
                continue
            x = crow[k] if crow and crow[k] is not None else (grid.col_bounds[k] + grid.col_bounds[k + 1]) / 2
            j = next((j for j in range(ndst) if x < dst_bounds[j + 1]), ndst - 1)
            new[j] = (new[j] + text) if new[j] else text
        out.append(new)
    return out


def _same_bounds(a: list[float], b: list[float], tol: float = 3.0) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b))


_CONT_RE = re.compile(r"^续表\s*\d*|[（(]续[表]?[）)]|续表$")


def _rows_look_like_data(rows: list[list[str]]) -> bool:
    for row in rows:
        cells = [t for t in row if t]
        if any(_AMOUNT_CELL_RE.match(t.replace(" ", "")) for t in cells):
            return True
        if cells and re.fullmatch(r"\d{3}(?:\d{2}){0,2}", cells[0].replace(" ", "")):
            return True
        if any(_NUMBERED_ITEM_RE.match(t) for t in cells):
            return True  # 十四、资源勘探工业信息等支出: an item, not a header
    return False


_NUMBERED_ITEM_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\S")


_AMOUNT_CELL_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^[-+]?\d{1,3}(?:,\d{3})+$")


def _is_continuation(piece: _Piece, prev: Optional[_Piece], head: Optional[_Piece], prev_was_last: bool,
                     first_on_page: bool) -> bool:
    if prev is None or head is None or not first_on_page or not prev_was_last:
        return False
    if piece.page != prev.page + 1:
        return False
    if piece.fresh:
        return False
    title = "".join(piece.title_lines)
    if not title and not piece.label:
        # no title: the table goes on only with the same columns, a repeated header, or data
        # in its first rows (not a new untitled table with other columns)
        same_cols = len(piece.grid.col_bounds) == len(prev.grid.col_bounds)
        repeated = bool(piece.grid.rows) and bool(head.grid.rows) and piece.grid.rows[0] == head.grid.rows[0]
        if not (same_cols or repeated or _rows_look_like_data(piece.grid.rows[:3])):
            return False
    if title or piece.label:
        # "续表", "…（续）" or the same title printed again: the table goes on
        same = bool(title) and _CONT_RE.sub("", title).strip() == "".join(head.title_lines)
        if not (_CONT_RE.search(title) or (piece.label and _CONT_RE.search(piece.label)) or same):
            return False
        if piece.label and head.label and piece.label != head.label:
            return False
    # the same table goes on at about the same width (a framed note is not a continuation); a
    # table without rules is as wide as its words, so rows of figures are enough there
    w_prev = prev.grid.bbox[2] - prev.grid.bbox[0]
    w_next = piece.grid.bbox[2] - piece.grid.bbox[0]
    if abs(w_prev - w_next) > 0.15 * max(w_prev, w_next) and len(piece.grid.col_bounds) != len(prev.grid.col_bounds) \
            and not (piece.grid.unruled and _rows_look_like_data(piece.grid.rows[:3])):
        return False
    return True


def _assemble(pieces_by_page: list[tuple[int, list[_Piece]]]) -> list[Table]:
    tables: list[Table] = []
    groups: list[list[_Piece]] = []
    prev: Optional[_Piece] = None
    prev_last = False
    pending_label: Optional[str] = None
    pending_title: Optional[_Piece] = None
    for _page_no, pieces in pieces_by_page:
        for k, piece in enumerate(pieces):
            if pending_label and not piece.label and piece.title_lines and k == 0:
                piece.label = pending_label
            pending_label = None
            if pending_title is not None and k == 0 and not piece.title_lines:
                # the title printed at the foot of the page before
                piece.title_lines = list(pending_title.title_lines)
                piece.label = piece.label or pending_title.label
                piece.unit = piece.unit or pending_title.unit
                piece.unit_name = piece.unit_name or pending_title.unit_name
                piece.fresh = True
            pending_title = None
            if _is_continuation(piece, prev, groups[-1][0] if groups else None, prev_last, k == 0):
                groups[-1].append(piece)
            else:
                groups.append([piece])
            prev = piece
            prev_last = (k + 1 == len(pieces))
        if pieces:
            pending_label = pieces[-1].below_label
        else:
            prev_last = False
            pending_label = None
        pending_title = getattr(pieces, "dangling", None)
    for group in groups:
        head = group[0]
        rows = [list(r) for r in head.grid.rows]
        row_pages = [head.page] * len(rows)
        bounds = head.grid.col_bounds
        notes = list(head.notes)
        empty = head.empty_marker
        unit, unit_name = head.unit, head.unit_name
        for cont in group[1:]:
            if _same_bounds(cont.grid.col_bounds, bounds) or len(cont.grid.col_bounds) == len(bounds) and (
                    abs(cont.grid.bbox[2] - cont.grid.bbox[0] - (head.grid.bbox[2] - head.grid.bbox[0])) > 20):
                crow = [list(r) for r in cont.grid.rows]  # same columns (or same count, moved/rescaled)
            else:
                crow = _realign(cont.grid, bounds)
            # a repeated header: drop the leading rows equal to the table's first rows
            n = 0
            while n < len(crow) and n < len(rows) and n < 8 and crow[n] == rows[n]:
                n += 1
            if n and any(_has_amount(t) for r in crow[:n] for t in r):
                n = 0
            crow = crow[n:]
            rows.extend(crow)
            row_pages.extend([cont.page] * len(crow))
            notes.extend(cont.notes)
            empty = empty or cont.empty_marker
            unit = unit or cont.unit
        title = "".join(head.title_lines)
        if not empty:
            # markers printed inside the ruled area ("此表为空" as a row)
            if any(_EMPTY_IN_GRID_RE.search(t) for r in rows for t in r if t and len(t) < 60):
                empty = True
        grid = [[Cell(text=t, page=row_pages[i], row=i, col=j) for j, t in enumerate(r)]
                for i, r in enumerate(rows)]
        tables.append(Table(
            table_id=len(tables) + 1,
            title=title,
            grid=grid,
            page_from=head.page,
            page_to=group[-1].page,
            unit_as_printed=unit,
            is_empty=empty,
            unit_name=unit_name,
            number_label=head.label,
            notes=notes,
        ))
    return tables


# ----------------------------------------------------------------------------------------------
# Metadata: one reader of it for every format (extract.metadata)


def _fill_metadata(doc: Document) -> None:
    from extract.metadata import fill_metadata

    fill_metadata(doc)


# ----------------------------------------------------------------------------------------------
# The pages pdfplumber's table finder reads

# "pdfium": chars, lines, rects and curves built from pypdfium2 (``pdf_objects``; turned by
# ``_turn_objects`` on a page read under a /Rotate); pdfminer only for the pages pdf_objects leaves
# to it (a media box away from the origin; a lone glyph in a font that is not embedded, which
# pdfium's text page misses). "pdfminer": pdfplumber's own pages throughout.
# (GOVBUDGET_PDF_OBJECTS, read at import.)
PAGE_OBJECTS = os.environ.get("GOVBUDGET_PDF_OBJECTS", "pdfium")


class _TablePages:
    """Candidate pages as pdfplumber pages: built from pypdfium2's objects (``pdf_objects``,
    several times faster than pdfminer's interpretation of the page; a page read under a
    /Rotate is built in its own space and turned), or read by pdfplumber for the pages
    pdf_objects leaves to it and when PAGE_OBJECTS is "pdfminer" (from the file with the /Rotate
    of the pages in ``reset`` set as they are read). pdfplumber opens the file only when a page
    needs it."""

    def __init__(self, data: bytes, rotations: dict[int, int], reset: list[int]):
        self.data, self.rotations, self.reset = data, rotations, reset
        self.pdfium = None
        self.plumber = None
        self.use_pdfium = PAGE_OBJECTS != "pdfminer"

    def __enter__(self) -> "_TablePages":
        return self

    def __exit__(self, *exc) -> None:
        for doc in (self.plumber, self.pdfium):
            if doc is not None:
                _close_quietly(doc)

    def page(self, i: int):
        if self.use_pdfium:
            if self.pdfium is None:
                self.pdfium = _open_pdfium(self.data)
            try:
                page = self._pdfium_page(i)
            except Exception as exc:  # noqa: BLE001
                raise ParseError(f"damaged PDF: page {i + 1} cannot be read "
                                 f"({type(exc).__name__}: {exc})") from None
            if page is not None:
                return page
        return self._plumber_pages()[i]

    def _pdfium_page(self, i: int):
        from extract.readers.pdf_objects import PdfiumPage, page_objects

        raw = self.pdfium[i]
        try:
            rotation = self.rotations.get(i, 0)
            if i in self.rotations:
                raw.set_rotation(0)  # objects in the page's own space; turned below
            objects = page_objects(raw, page_number=i + 1)
            if objects is None:
                return None
            _, _, width, height = raw.get_mediabox()  # at the origin: page_objects says so
        finally:
            raw.close()
        if rotation:
            objects, width, height = _turn_objects(objects, rotation, width, height)
        return PdfiumPage(objects, width, height, i + 1)

    def _plumber_pages(self):
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError

        if self.plumber is None:
            data = self.data
            if self.reset:
                data = _with_rotations(data, {i: self.rotations.get(i, 0) for i in self.reset})
            try:
                self.plumber = pdfplumber.open(io.BytesIO(data))
            except PDFSyntaxError as exc:
                raise ParseError(f"damaged PDF: {exc}") from None
            except Exception as exc:  # noqa: BLE001
                name = type(exc).__name__
                if "password" in name.lower() or "encrypt" in str(exc).lower():
                    raise ParseError("encrypted PDF: cannot be decrypted without a password") from None
                raise ParseError(f"damaged PDF: cannot be opened ({name}: {exc})") from None
        try:
            return self.plumber.pages
        except Exception as exc:  # noqa: BLE001
            raise ParseError(f"damaged PDF: page tree unreadable ({type(exc).__name__}: {exc})") from None


def read_pdf_document(data: bytes, file_name: str, source_uri: str, document_id: str) -> Document:
    if not data:
        raise ParseError("empty file (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise ParseError("not a PDF (no %PDF- header)")
    raw_texts, paths, rotations, reset = _pdfium_pages(data)
    n_pages = len(raw_texts)
    visible = [len(re.sub(r"\s", "", t)) for t in raw_texts]
    no_text_layer = (sum(visible) < 10 * max(1, min(n_pages, 3))
                     and sum(v > 0 for v in visible) <= max(1, n_pages // 10))
    ocr = _read_scans(data, raw_texts, paths, visible, rotations, reset, no_text_layer)
    turned = sorted(i for i, rotation in rotations.items() if rotation)
    doc = Document(document_id=document_id, source_uri=source_uri, file_name=file_name, format="pdf",
                   page_count=n_pages, pages_text=_clean_pages_text(raw_texts))
    if reset:
        doc.warnings.append(f"sideways pages read turned upright: {[i + 1 for i in reset]}")
    no_text = [i + 1 for i, v in enumerate(visible) if v == 0 and i not in ocr]
    if no_text:
        doc.warnings.append(f"pages without a text layer (images or blank): {no_text}")
    if ocr:
        doc.warnings.append(f"pages without a text layer read by OCR: {[i + 1 for i in sorted(ocr)]}")
    candidates = []
    for i in range(n_pages):
        if _candidate_page(raw_texts[i], paths[i]) or i in turned:
            candidates.append(i)
        elif (candidates and candidates[-1] == i - 1 and visible[i]
              and sum(1 for ln in raw_texts[i].split("\n") if "。" in ln) <= 2
              and (paths[i] >= 8 or _AMOUNT_TOKEN_RE.search(raw_texts[i]) and (
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

    pieces_by_page: list[tuple[int, list[_Piece]]] = []
    with _TablePages(data, rotations, reset) as table_pages:
        for i in candidates:
            if i >= n_pages:
                break
            page = ocr[i].page() if i in ocr else table_pages.page(i)
            try:
                pieces = _pieces_of_page(page, i + 1)
                if i in rotations:  # pdfium's text of a sideways page can miss glyphs
                    doc.pages_text[i] = page.dedupe_chars().filter(_keep_obj).extract_text() or doc.pages_text[i]
            except ParseError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise ParseError(f"damaged PDF: page {i + 1} cannot be read "
                                 f"({type(exc).__name__}: {exc})") from None
            finally:
                page.close()
            pieces_by_page.append((i + 1, pieces))
    # pages that were skipped break continuity: represent them as pages without pieces
    by_page = dict(pieces_by_page)
    full = [(p, by_page.get(p, [])) for p in range(1, n_pages + 1)]
    unruled = [p for p, pieces in pieces_by_page if any(pc.grid.unruled for pc in pieces)]
    if unruled:
        doc.warnings.append(f"tables without rules read by text alignment on pages {unruled}")
    doc.tables = _assemble(full)
    if ocr:
        from extract.readers.ocr import mark_ocr_tables

        mark_ocr_tables(doc.tables, {i + 1: page for i, page in ocr.items()})
    _fill_metadata(doc)
    return doc


def _read_scans(data: bytes, raw_texts: list[str], paths: list[int], visible: list[int],
                rotations: dict[int, int], reset: list[int], no_text_layer: bool) -> dict:
    """OCR the scanned pages without a text layer (``extract.readers.ocr``): their text and
    rule counts replace the empty ones in place; a scan set upright by rendering is read under
    no other /Rotate. By page index. A document without a text layer whose scan OCR cannot read,
    or that is an official notice, fails here."""
    no_text = [i for i, v in enumerate(visible) if v == 0 or no_text_layer]
    if not no_text:
        return {}
    from extract.readers.ocr import official_notice, read_scanned_pages

    ocr = read_scanned_pages(data, no_text)
    for i, page in ocr.items():
        raw_texts[i] = page.text()
        paths[i] = len(page.rules)
        visible[i] = len(re.sub(r"\s", "", raw_texts[i]))
        rotations.pop(i, None)  # rendered as a person sees it: upright already
        if i in reset:
            reset.remove(i)
    if no_text_layer:
        if sum(visible) < 10:
            raise ParseError(f"no text layer and OCR found no text (scanned?): {len(raw_texts)} "
                             "page(s) and no extractable or recognisable text")
        notice = official_notice([raw_texts[i] for i in sorted(ocr)])
        if notice:
            raise ParseError(f"an official notice ({notice}), not a budget disclosure")
    return ocr


def tables_from_pages(pages: list[tuple[int, object]], n_pages: int) -> tuple[list[Table], list[int]]:
    """The PDF table finder on pages of any origin: (1-based page number, a pdfplumber ``Page``
    such as ``pdf_objects.PdfiumPage`` built from chars and rules of a PDF-converted web page or
    of OCR'd text boxes and ruling lines). Tables continue over the pages as in a PDF; pages not
    given break continuity. Returns the tables and the pages read by text alignment (no rules)."""
    by_page: dict[int, list[_Piece]] = {}
    for page_no, page in pages:
        try:
            by_page[page_no] = _pieces_of_page(page, page_no)
        finally:
            page.close()
    full = [(p, by_page.get(p, [])) for p in range(1, n_pages + 1)]
    unruled = [p for p, pieces in by_page.items() if any(pc.grid.unruled for pc in pieces)]
    return _assemble(full), sorted(unruled)


def _close_quietly(pdf) -> None:
    """Closing walks every page again: a damaged page must not turn a finished (or already
    failed) read into a raw pdfminer exception."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - nothing left to read; the document's outcome stands
        pass
