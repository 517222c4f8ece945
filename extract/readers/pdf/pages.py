"""The pages pdfplumber's table finder reads: built from pypdfium2's objects (``objects``), a
page read under a /Rotate built in its own space and turned as it is shown (``_turn_objects``);
pdfplumber's own page (pdfminer) for a page ``objects`` cannot stand in for, or throughout when
the reader is told so (``PAGE_OBJECTS``)."""

from __future__ import annotations

import io
from typing import Any

from extract.model import ParseError
from extract.readers.pdf.triage import close_quietly, open_pdfium


def _with_rotations(data: bytes, rotations: dict[int, int]) -> bytes:
    """The same file with the given pages' /Rotate set: what pdfplumber reads when a page is
    read under another /Rotate than its own."""
    pdf = open_pdfium(data)
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
        close_quietly(pdf)


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


def _shown_point(rotation: int, W: float, H: float, x: float, top: float) -> tuple[float, float]:
    """A point (x, top) of a W × H page's own space → (x, top) on the page as shown under
    ``rotation`` (90, 180 or 270)."""
    if rotation == 90:
        return H - top, x
    if rotation == 180:
        return W - x, H - top
    return top, W - x


def _shown_box(rotation: int, W: float, H: float, x0: float, x1: float, top: float,
               bottom: float) -> tuple[float, float, float, float]:
    """A box (x0, x1, top, bottom) of a W × H page's own space → the same box on the page as
    shown under ``rotation`` (90, 180 or 270)."""
    if rotation == 90:
        return H - bottom, H - top, x0, x1
    if rotation == 180:
        return W - x1, W - x0, H - bottom, H - top
    return top, bottom, W - x1, W - x0


def _turn_objects(objects: dict[str, list[dict]], rotation: int, width: float,
                  height: float) -> tuple[dict[str, list[dict]], float, float]:
    """pdfplumber's objects of a page in its own space (``objects``, W × H) → the same
    objects on the page as shown under ``rotation`` (90, 180 or 270), as pdfminer reads a page
    with /Rotate: boxes and points through the rotation, char matrices times its map, a char's
    size the height of its new box (pdfminer's, for horizontal fonts). Returns the objects and
    the shown page's width and height."""
    W, H = width, height
    if rotation in (90, 270):
        shown_w, shown_h = H, W
    elif rotation == 180:
        shown_w, shown_h = W, H
    else:
        return objects, W, H
    a, b, c, d, e, f = _rotation_map(rotation, W, H)
    out: dict[str, list[dict]] = {}
    for kind, objs in objects.items():
        turned = []
        for obj in objs:
            o = dict(obj)
            x0, x1, top, bottom = _shown_box(rotation, W, H, obj["x0"], obj["x1"], obj["top"], obj["bottom"])
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
                o["pts"] = [_shown_point(rotation, W, H, px, pt) for px, pt in obj["pts"]]
            turned.append(o)
        out[kind] = turned
    return out, shown_w, shown_h


class TablePages:
    """Candidate pages as pdfplumber pages: built from pypdfium2's objects (``objects``,
    several times faster than pdfminer's interpretation of the page; a page read under a
    /Rotate is built in its own space and turned), or read by pdfplumber for the pages
    ``objects`` leaves to it and when ``use_pdfium`` is False (from the file with the /Rotate
    of the pages in ``reset`` set as they are read). pdfplumber opens the file only when a page
    needs it."""

    def __init__(self, data: bytes, rotations: dict[int, int], reset: list[int], use_pdfium: bool):
        self.data, self.rotations, self.reset = data, rotations, reset
        self.pdfium: Any = None  # opened when a page needs it
        self.plumber: Any = None
        self.use_pdfium = use_pdfium

    def __enter__(self) -> "TablePages":
        return self

    def __exit__(self, *exc) -> None:
        for doc in (self.plumber, self.pdfium):
            if doc is not None:
                close_quietly(doc)

    def page(self, i: int):
        if self.use_pdfium:
            if self.pdfium is None:
                self.pdfium = open_pdfium(self.data)
            try:
                page = self._pdfium_page(i)
            except Exception as exc:  # noqa: BLE001
                raise ParseError(f"damaged PDF: page {i + 1} cannot be read "
                                 f"({type(exc).__name__}: {exc})") from None
            if page is not None:
                return page
        return self._plumber_pages()[i]

    def _pdfium_page(self, i: int):
        from extract.readers.pdf.objects import PdfiumPage, page_objects

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
