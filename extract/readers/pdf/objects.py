"""The objects pdfplumber's table finder reads (chars, lines, rects, curves), built from pypdfium2.

pdfplumber gets a page's objects from pdfminer, which interprets the page's content stream in
Python: most of the reader's time on a table page. pdfium has already interpreted the page (for
the triage text), so the same objects are built here from its text page and page objects, in
about a quarter of pdfminer's time (the corpus's 243 pages: 2.3 s vs 8.3 s), with pdfminer's
geometry:

* a char's box is pdfminer's: the corners (0, descent) and (advance, descent + font size) of
  text space through the glyph's matrix (pdfium's char matrix is pdfminer's text matrix × CTM;
  the origin is the glyph's), the descent the font's /Descent as pdfminer reads it (for a
  standard font by name, such as Helvetica, pdfminer's metrics of it), the advance the
  document's own width of the glyph (/Widths, /W, /DW: ``FPDFFont_GetGlyphWidth``, checked
  against pdfium's loose char box, which spans the advance or, for a glyph whose ink overhangs
  it, reaches the ink; the loose box when the width cannot be had or does not fit it):
  ``x0, x1, top, bottom, size, upright, matrix, fontname, non_stroking_color``; pdfium's mark
  for a hyphen that ends a line (U+0002) is the "-" printed;
* paths are split into subpaths at each move and classified as pdfminer does (a single segment
  is a ``line``, a closed axis-parallel four-point loop a ``rect``, anything else a ``curve``
  with the end points of its segments).

The same bytes give the same objects on every machine: pdfium measures a font the document does
not embed with a substitute, and would take it from the system's fonts when one fits (a CJK font
such as fonts-wqy-zenhei for SimSun or STSong-Light), moving its glyph boxes, its text page's
lines and spaces, and which lone glyphs its text page leaves out. ``document_fonts_only`` (run
when this module is imported, and by the reader before it opens a document) hands pdfium an
empty list of system fonts, so that it falls back to the fonts built into it, the same
everywhere; the advances come from the document's own widths in any case.

``PdfiumPage`` is a pdfplumber ``Page`` whose objects are these: ``dedupe_chars()``,
``filter()``, ``find_tables()``, ``extract_text()`` work on it as on a page read by pdfminer.
``page_objects`` returns None — the caller keeps pdfplumber's own page — for a page turned by
/Rotate, a media box away from the origin, and a page with a text object that pdfium's text page
leaves out in a font that is not embedded (pdfium has no glyph box for it: a lone glyph would be
lost). Space glyphs: pdfium reports few of them (it drops them or marks them generated); the
reader's text never depends on them.
"""

from __future__ import annotations

import ctypes
import itertools
from functools import lru_cache
from operator import itemgetter
from typing import Any, Optional

import pypdfium2.raw as _raw
from pdfminer.fontmetrics import FONT_METRICS as _STANDARD_METRICS
from pdfplumber.page import FilteredPage, Page
from pdfplumber.utils.clustering import cluster_objects

_fpdf = _raw.raw if hasattr(_raw, "raw") else _raw

# pdfium's system font info while documents are read: none (see document_fonts_only); the
# structure stays alive as long as pdfium may call it
_NO_SYSTEM_FONTS: Optional[object] = None


def document_fonts_only() -> None:
    """Let pdfium measure text by the document's fonts and its own built-in ones, never by a
    font installed on the machine: an empty system font list (``FPDF_SetSystemFontInfo`` with
    no callbacks), set once per process. It must come before pdfium loads a font that is not
    embedded (a face it has picked stays in its caches): the reader calls it before it opens a
    document, and importing this module does. Nothing here renders pages, whose look the
    system's fonts would improve."""
    global _NO_SYSTEM_FONTS
    if _NO_SYSTEM_FONTS is not None:
        return
    info = _fpdf.FPDF_SYSFONTINFO()
    info.version = 1  # every callback NULL: no fonts to enumerate, none to map, none to read
    _fpdf.FPDF_SetSystemFontInfo(info)
    _NO_SYSTEM_FONTS = info


document_fonts_only()



def _text_object_address_by_cast(textpage, index: int) -> Optional[int]:
    return ctypes.cast(_fpdf.FPDFText_GetTextObject(textpage, index), ctypes.c_void_p).value


# FPDFText_GetTextObject giving the object's address as an int (a dict key without a cast): a
# function object of its own, so the bindings' typed one stays as it is
try:
    from pypdfium2_raw import bindings as _bindings

    _text_object_address = _bindings._libs["pdfium"]["FPDFText_GetTextObject"]
    _text_object_address.argtypes = (_fpdf.FPDF_TEXTPAGE, ctypes.c_int)
    _text_object_address.restype = ctypes.c_void_p
except Exception:  # noqa: BLE001 - another pypdfium2 layout: the slower cast
    _text_object_address = _text_object_address_by_cast

_PATH = _fpdf.FPDF_PAGEOBJ_PATH
_TEXT = _fpdf.FPDF_PAGEOBJ_TEXT
_FORM = _fpdf.FPDF_PAGEOBJ_FORM
_LINETO = _fpdf.FPDF_SEGMENT_LINETO
_BEZIER = _fpdf.FPDF_SEGMENT_BEZIERTO
_MOVETO = _fpdf.FPDF_SEGMENT_MOVETO


def _rounded(v: float) -> float:
    """pdfium keeps coordinates as 32-bit floats: drop the noise past 4 decimals."""
    return round(v, 4)


def _mul(m1: tuple, m2: tuple) -> tuple:
    """m1 then m2 (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _obj_matrix(obj) -> tuple:
    m = _fpdf.FS_MATRIX()
    if not _fpdf.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _rgba() -> tuple:
    return tuple(ctypes.c_uint() for _ in range(4))


def _rgb(getter, obj, buf: tuple) -> Optional[tuple]:
    r, g, b, a = buf
    if not getter(obj, r, g, b, a):
        return None
    return (round(r.value / 255, 4), round(g.value / 255, 4), round(b.value / 255, 4))


class _Fonts:
    """Per text object: font name and descent (per em), cached by font handle."""

    def __init__(self):
        self.names: dict[int, str] = {}
        self.descent: dict[int, float] = {}
        self.buf = ctypes.create_string_buffer(512)

    def name(self, font) -> str:
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        name = self.names.get(key)
        if name is None:
            n = _fpdf.FPDFFont_GetBaseFontName(font, self.buf, len(self.buf))
            name = self.buf.raw[:max(n - 1, 0)].decode("utf-8", "replace") if n > 0 else ""
            self.names[key] = name
        return name


def _advances(textpage, raw: list[tuple]) -> list[float]:
    """Each glyph's advance in text space (font size units: pdfminer's ``adv``): the document's
    own width of the glyph (``FPDFFont_GetGlyphWidth``: /Widths, /W, /DW, for the glyph's
    Unicode) where it fits pdfium's loose char box, else the loose box's width. The loose box
    spans the advance, or reaches the ink of a glyph that overhangs it: a width that matches
    the box, or one short of it where the glyph's ink ends at the box's far edge, is the
    glyph's; another (the Unicode mapped back to another code, a control code) is not, and the
    box stands."""
    widths: dict[tuple, Optional[float]] = {}
    get_width = _fpdf.FPDFFont_GetGlyphWidth
    w = ctypes.c_float()
    tl, tr, tb, tt = (ctypes.c_double() for _ in range(4))
    out: list[float] = []
    for i, u, info, _e, _f, left, right, bottom, top in raw:
        fs, a, b, cc, d, flat = info[1], info[5], info[6], info[7], info[8], info[10]
        if flat:
            loose = (right - left - abs(cc) * fs) / abs(a)
        elif abs(b) > 1e-9:
            loose = (top - bottom - abs(d) * fs) / abs(b)
        else:
            out.append(0.0)
            continue
        adv = loose
        if u >= 0x20 and fs > 0 and info[11]:
            wk = (info[12], u)
            per_em = widths.get(wk, -1.0)
            if per_em == -1.0:
                per_em = w.value if get_width(info[11], u, 1000.0, w) else None
                widths[wk] = per_em
            if per_em is not None and per_em > 0:
                own = per_em * fs / 1000.0
                if abs(own - loose) <= 1e-3 * fs:
                    adv = own
                elif own < loose and _fpdf.FPDFText_GetCharBox(textpage, i, tl, tr, tb, tt):
                    # the far edge along the advance: the ink's and the loose box's the same
                    if flat:
                        ink, edge = (tr.value, right) if a > 0 else (tl.value, left)
                    else:
                        ink, edge = (tt.value, top) if b > 0 else (tb.value, bottom)
                    if abs(ink - edge) < 1e-3:
                        adv = own
        out.append(adv)
    return out


def _chars(textpage, page_height: float, page_number: int, page_width: float,
           seen: Optional[set] = None) -> list[dict]:
    """The page's glyphs as pdfplumber chars; ``seen`` gets the address of every text object
    that has glyphs on pdfium's text page."""
    n = _fpdf.FPDFText_CountChars(textpage)
    out: list[dict] = []
    if n <= 0:
        return out
    is_generated, get_unicode, get_obj = _fpdf.FPDFText_IsGenerated, _fpdf.FPDFText_GetUnicode, _fpdf.FPDFText_GetTextObject
    get_origin, get_loose = _fpdf.FPDFText_GetCharOrigin, _fpdf.FPDFText_GetLooseCharBox
    get_addr = _text_object_address
    m = _fpdf.FS_MATRIX()
    rect = _fpdf.FS_RECTF()
    fsize = ctypes.c_float()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fonts = _Fonts()
    obj_cache: dict[int, tuple] = {}
    buf = _rgba()
    void_p = ctypes.c_void_p
    cast = ctypes.cast
    raw: list[tuple] = []
    for i in range(n):
        if is_generated(textpage, i) == 1:
            continue
        u = get_unicode(textpage, i)
        if u == 0xFFFE or u == 0xFFFF:
            continue
        if u == 0x02:
            u = 0x2D  # pdfium's mark for a hyphen that ends a line: the "-" printed
        key = get_addr(textpage, i)
        if not key:
            continue
        info = obj_cache.get(key)
        if info is None:
            obj = get_obj(textpage, i)
            font = _fpdf.FPDFTextObj_GetFont(obj)
            fkey = cast(font, void_p).value or 0
            name = fonts.name(font) if font else ""
            fs = fsize.value if _fpdf.FPDFTextObj_GetFontSize(obj, fsize) else 0.0
            color = _rgb(_fpdf.FPDFPageObj_GetFillColor, obj, buf)
            scolor = _rgb(_fpdf.FPDFPageObj_GetStrokeColor, obj, buf)
            # pdfminer reads the descriptor's /Descent (pdfium's loose box rescales it)
            desc = fonts.descent.get(fkey)
            if desc is None:
                standard = _STANDARD_METRICS.get(name)
                if standard is not None and not _fpdf.FPDFFont_GetIsEmbedded(font):
                    # a standard font by name, not embedded: pdfminer's own metrics for it
                    # (pdfium's, without a /Descent, would be those of the face it stands in with)
                    descent: Any = standard[0].get("Descent", 0)  # pdfminer's metrics: numbers
                    desc = float(descent) / 1000.0
                else:
                    dv = ctypes.c_float()
                    desc = dv.value / 1000.0 if font and _fpdf.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), dv) else 0.0
                if desc > 0:
                    desc = -desc
                fonts.descent[fkey] = desc
            # the text object's matrix (text matrix × CTM); the glyph's origin comes per char
            _fpdf.FPDFText_GetMatrix(textpage, i, m)
            a, b, cc, d = m.a, m.b, m.c, m.d
            info = (name, fs, color, scolor, desc * fs, a, b, cc, d,
                    bool(a * d > 0 and b * cc <= 0), abs(a) > 1e-9 and abs(b) <= 1e-9, font, fkey)
            obj_cache[key] = info
            if seen is not None:
                seen.add(key)
        get_origin(textpage, i, ox, oy)
        get_loose(textpage, i, rect)
        raw.append((i, u, info, ox.value, oy.value, rect.left, rect.right, rect.bottom, rect.top))
    advs = _advances(textpage, raw)
    rnd = round
    for (_i, u, info, e, f, *_), adv in zip(raw, advs, strict=True):
        name, fs, color, scolor, desc, a, b, cc, d, upright = info[:10]
        # pdfminer: box corners (0, descent) and (adv, descent + fontsize) through the matrix
        x0 = cc * desc + e
        y0 = d * desc + f
        x1 = a * adv + cc * (desc + fs) + e
        y1 = b * adv + d * (desc + fs) + f
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        x0, x1, y0, y1 = rnd(x0, 4), rnd(x1, 4), rnd(y0, 4), rnd(y1, 4)
        top = page_height - y1
        h = y1 - y0
        out.append({
            "object_type": "char", "page_number": page_number,
            "text": chr(u) if 0 < u < 0x110000 else "",
            "fontname": name, "size": h, "adv": adv, "upright": upright,
            "matrix": (a, b, cc, d, e, f),
            "x0": x0, "x1": x1, "y0": y0, "y1": y1,
            "width": x1 - x0, "height": h,
            "top": top, "bottom": page_height - y0, "doctop": top,
            "non_stroking_color": color, "stroking_color": scolor,
        })
    return out


def _path_objects(obj, matrix: tuple, page_height: float, page_number: int, out: dict) -> None:
    """One pdfium path object → pdfminer's lines / rects / curves (one per subpath)."""
    fillmode, stroke_mode = ctypes.c_int(), ctypes.c_int()
    if not _fpdf.FPDFPath_GetDrawMode(obj, fillmode, stroke_mode):
        return
    fill = fillmode.value != 0
    stroke = bool(stroke_mode.value)
    if not fill and not stroke:
        return
    n = _fpdf.FPDFPath_CountSegments(obj)
    if n <= 0:
        return
    a, b, cc, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[str, tuple]]] = []
    cur: Optional[list] = None
    bez = 0
    for k in range(n):
        seg = _fpdf.FPDFPath_GetPathSegment(obj, k)
        kind = _fpdf.FPDFPathSegment_GetType(seg)
        _fpdf.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = x.value, y.value
        pt = (a * px + cc * py + e, b * px + d * py + f)
        if kind == _MOVETO or cur is None:
            cur = [("m", pt)]
            subpaths.append(cur)
            bez = 0
        elif kind == _LINETO:
            cur.append(("l", pt))
            bez = 0
        elif kind == _BEZIER:
            bez += 1
            if bez == 3:  # control, control, end: one 'c'
                cur.append(("c", pt))
                bez = 0
            else:
                continue
        else:
            continue
        if _fpdf.FPDFPathSegment_GetClose(seg):
            cur.append(("h", cur[0][1]))
    lw = ctypes.c_float()
    width = lw.value if _fpdf.FPDFPageObj_GetStrokeWidth(obj, lw) else 1.0
    buf = _rgba()
    ncolor = _rgb(_fpdf.FPDFPageObj_GetFillColor, obj, buf)
    scolor = _rgb(_fpdf.FPDFPageObj_GetStrokeColor, obj, buf)
    for sp in subpaths:
        shape = "".join(op for op, _ in sp)
        pts = [p for _, p in sp]
        if len(shape) > 3 and shape[-2:] == "lh" and _same(pts[-2], pts[0]):
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            kind = "line"
            pts = pts[:2]
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            closed = _same(pts[0], pts[4])
            square = (_eq(x0, x1) and _eq(y1, y2) and _eq(x2, x3) and _eq(y3, y0)) or (
                _eq(y0, y1) and _eq(x1, x2) and _eq(y2, y3) and _eq(x3, x0))
            kind = "rect" if closed and square else "curve"
            if kind == "rect":
                pts = [pts[0], pts[2]]
        else:
            kind = "curve"
        pts = [(_rounded(px), _rounded(py)) for px, py in pts]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        top, bottom = _rounded(page_height - y1), _rounded(page_height - y0)
        o = {
            "object_type": kind, "page_number": page_number,
            "x0": x0, "y0": y0, "x1": x1, "y1": y1,
            "width": _rounded(x1 - x0), "height": _rounded(y1 - y0),
            "top": top, "bottom": bottom, "doctop": top,
            "linewidth": width, "stroke": stroke, "fill": fill, "evenodd": fillmode.value == 1,
            "stroking_color": scolor, "non_stroking_color": ncolor,
        }
        if kind == "curve":
            o["pts"] = [(px, _rounded(page_height - py)) for px, py in pts]
        else:
            o["pts"] = ([(x0, top), (x1, top), (x1, bottom), (x0, bottom)] if kind == "rect"
                        else [(px, _rounded(page_height - py)) for px, py in pts])
        out.setdefault(kind, []).append(o)


def _eq(u: float, v: float) -> bool:
    return abs(u - v) < 1e-3


def _same(p: tuple, q: tuple) -> bool:
    return _eq(p[0], q[0]) and _eq(p[1], q[1])


def _walk(parent, is_form: bool, matrix: tuple, page_height: float, page_number: int, out: dict,
          seen: set, missing: list, depth: int = 0) -> None:
    count = _fpdf.FPDFFormObj_CountObjects(parent) if is_form else _fpdf.FPDFPage_CountObjects(parent)
    for k in range(count):
        obj = _fpdf.FPDFFormObj_GetObject(parent, k) if is_form else _fpdf.FPDFPage_GetObject(parent, k)
        if not obj:
            continue
        t = _fpdf.FPDFPageObj_GetType(obj)
        if t == _PATH:
            _path_objects(obj, _mul(_obj_matrix(obj), matrix), page_height, page_number, out)
        elif t == _TEXT:
            if ctypes.cast(obj, ctypes.c_void_p).value not in seen:
                # a text object pdfium's text page left out: it does so for an object whose box
                # is empty — a lone space, or (fonts not embedded: no glyph boxes) a lone glyph
                # such as the "出" of a wrapped "…支 / 出"
                font = _fpdf.FPDFTextObj_GetFont(obj)
                if font and not _fpdf.FPDFFont_GetIsEmbedded(font):
                    missing.append(k)
        elif t == _FORM and depth < 8:
            _walk(obj, True, _mul(_obj_matrix(obj), matrix), page_height, page_number, out, seen,
                  missing, depth + 1)


def page_objects(page, textpage=None, page_number: int = 1) -> Optional[dict[str, list[dict]]]:
    """pdfplumber's object lists for a pypdfium2 page (``PdfPage``): ``{"char": [...], "line":
    [...], "rect": [...], "curve": [...]}``; None for a page pdfplumber should read: turned by
    /Rotate, a media box away from the origin, or a text object in a font that is not embedded
    which pdfium's text page leaves out (a lone glyph: pdfium finds no box for it)."""
    raw = page.raw
    if _fpdf.FPDFPage_GetRotation(raw) % 4:
        return None
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if (_fpdf.FPDFPage_GetMediaBox(raw, left, bottom, right, top)
            and (abs(left.value) > 1e-6 or abs(bottom.value) > 1e-6)):
        return None
    height = top.value - bottom.value
    width = right.value - left.value
    own = textpage is None
    if own:
        textpage = page.get_textpage()
    seen: set = set()
    try:
        chars = _chars(textpage.raw, height, page_number, width, seen)
    finally:
        if own:
            textpage.close()
    out: dict[str, list[dict]] = {"char": chars}
    paths: dict[str, list[dict]] = {}
    missing: list = []
    _walk(raw, False, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), height, page_number, paths, seen, missing)
    if missing:
        return None  # glyphs pdfium's text page does not give: pdfplumber reads the page
    for kind in ("line", "rect", "curve"):
        if paths.get(kind):
            out[kind] = paths[kind]
    return out


class _NoPDF:
    unicode_norm = None
    laparams = None


class PdfiumPage(Page):
    """A pdfplumber ``Page`` whose objects come from ``page_objects`` (not from pdfminer)."""

    def __init__(self, objects: dict[str, list[dict]], width: float, height: float,
                 page_number: int = 1):
        self.pdf = _NoPDF()  # type: ignore[assignment]  # stands in for pdfplumber's PDF
        self.root_page = self
        self.page_obj = None  # type: ignore[assignment]  # no pdfminer page behind it
        self.page_number = page_number
        self.initial_doctop = 0
        self.rotation = 0
        self.mediabox = (0, 0, width, height)
        self.cropbox = self.mediabox
        self.bbox = self.mediabox
        self._objects = objects
        self.get_textmap = lru_cache()(self._get_textmap)

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._objects

    @property
    def layout(self):  # pragma: no cover - nothing here reads pdfminer's layout
        raise AttributeError("PdfiumPage has no pdfminer layout")

    def close(self) -> None:
        self.get_textmap.cache_clear()

    def dedupe_chars(self, **kwargs) -> FilteredPage:
        """pdfplumber's ``Page.dedupe_chars``, same result, without its quadratic final sort."""
        p = FilteredPage(self, lambda x: True)
        p._objects = {kind: objs for kind, objs in self.objects.items()}
        p._objects["char"] = dedupe_chars(self.chars, **kwargs)
        return p


def dedupe_chars(chars: list[dict], tolerance: float = 1,
                 extra_attrs: Optional[tuple] = ("fontname", "size")) -> list[dict]:
    """``pdfplumber.utils.dedupe_chars``: the same chars kept, in the same order (pdfplumber
    orders them by ``chars.index``, a linear search per char that compares dicts)."""
    key = itemgetter(*("upright", "text"), *(extra_attrs or tuple()))
    pos_key = itemgetter("doctop", "x0")
    kept = []
    for _grp, grp_chars in itertools.groupby(sorted(chars, key=key), key=key):
        for y_cluster in cluster_objects(list(grp_chars), itemgetter("doctop"), tolerance):
            for x_cluster in cluster_objects(y_cluster, itemgetter("x0"), tolerance):
                kept.append(sorted(x_cluster, key=pos_key)[0])
    position = {id(c): i for i, c in enumerate(chars)}
    return sorted(kept, key=lambda c: position[id(c)])


def pdfium_page(page, page_number: int = 1, textpage=None) -> Optional[PdfiumPage]:
    """A ``PdfiumPage`` for a pypdfium2 page, or None when pdfplumber should read it."""
    objs = page_objects(page, textpage=textpage, page_number=page_number)
    if objs is None:
        return None
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    _fpdf.FPDFPage_GetMediaBox(page.raw, left, bottom, right, top)
    return PdfiumPage(objs, right.value - left.value, top.value - bottom.value, page_number)
