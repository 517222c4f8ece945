"""A PDF converted to HTML (every character or run an absolutely positioned ``<div>``/``<span>``,
the rules bordered or filled empty divs: Yantai's portal) → the PDF reader's pages and tables.

No second table algorithm: each page container (an element sized by ``width``/``height`` holding
the positioned runs, one per PDF page) is rebuilt as pdfplumber objects — chars with the keys
pdfplumber's chars have, lines from borders, rects from filled boxes — on a
``pdf.objects.PdfiumPage``, and ``pdf.tables_from_pages`` reads its tables as it reads a PDF's.

* Positions come from the element's inline style and the rules of the page's ``<style>`` for
  its classes (``left``, ``top`` or ``bottom``, ``width``, ``height``, ``font-size``,
  ``line-height``), in pt (px × 0.75), offsets of positioned ancestors added. CSS transforms
  (pdf2htmlEX scales its runs by a matrix) are not applied: such a page reads at the wrong size.
* A run of several characters is split into per-char boxes: a CJK (wide) character advances by
  the font size, any other by half of it (the converters' fonts, SimSun and its kin, set Latin
  and figures half-width); a run with a stated width is scaled to fill it. The glyph box is the
  font size tall, centred in the line height.
* A border is a rule at the border's middle (``border-bottom`` of a zero-height div: a
  horizontal rule; ``border-right`` of a zero-width one: a vertical rule); a filled box without
  text is a rect (pdfplumber takes its edges); white rules and fills are not drawn.
* The page's text (``pages_text``, one per page) is its chars in lines, page numbers and running
  heads dropped as the PDF reader drops them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from extract.model import Table

_RULE_RE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_LENGTH_RE = re.compile(r"^\s*(-?[\d.]+)\s*(pt|px)?\s*$", re.I)
_BORDER_RE = re.compile(r"(-?[\d.]+)\s*(pt|px)?\s+(?:solid|dashed|dotted|double)\s*(#[0-9a-fA-F]{3,6}|\w+)?",
                        re.I)
_MIN_POSITIONED = 20  # fewer positioned runs than this: an ordinary page with a floating box


def class_rules(styles: str) -> dict[str, dict[str, str]]:
    """``.name{decls}`` rules of the page's stylesheets, by class (simple class selectors only;
    a selector list ``.p,.r{…}`` gives each its rules)."""
    out: dict[str, dict[str, str]] = {}
    styles = re.sub(r"/\*.*?\*/", "", styles, flags=re.S)
    styles = re.sub(r"@[^{]+\{([^{}]*\{[^{}]*\})*[^{}]*\}", "", styles)  # @media/@supports blocks
    for m in _RULE_RE.finditer(styles):
        decls = _declarations(m.group(2))
        for sel in m.group(1).split(","):
            sel = sel.strip()
            if re.fullmatch(r"\.[\w-]+", sel):
                out.setdefault(sel[1:], {}).update(decls)
    return out


def _declarations(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip().lower()] = v.strip().replace("!important", "").strip()
    return out


def _style(el, rules: dict) -> dict[str, str]:
    st: dict[str, str] = {}
    for cls in (el.get("class") or "").split():
        st.update(rules.get(cls, {}))
    st.update(_declarations(el.get("style") or ""))
    return st


def _pt(value: Optional[str]) -> Optional[float]:
    """A CSS length in pt (px × 0.75; a bare number is px); None for auto, %, em."""
    if not value:
        return None
    m = _LENGTH_RE.match(value)
    if not m:
        return None
    v = float(m.group(1))
    return v if (m.group(2) or "").lower() == "pt" else v * 0.75


def _color(value: Optional[str]) -> Optional[tuple]:
    if not value:
        return None
    v = value.strip().lower()
    named = {"black": (0.0, 0.0, 0.0), "white": (1.0, 1.0, 1.0), "red": (1.0, 0.0, 0.0),
             "gray": (0.5, 0.5, 0.5), "grey": (0.5, 0.5, 0.5), "transparent": None}
    if v in named:
        return named[v]
    m = re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", v)
    if m:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return tuple(round(int(h[i:i + 2], 16) / 255, 4) for i in (0, 2, 4))
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)(?:\s*,\s*([\d.]+))?\s*\)", v)
    if m:
        if m.group(4) is not None and float(m.group(4)) == 0:
            return None
        return tuple(round(int(m.group(i)) / 255, 4) for i in (1, 2, 3))
    return (0.0, 0.0, 0.0)


def _is_white(color: Optional[tuple]) -> bool:
    return color is not None and min(color) >= 0.95


class _Page:
    def __init__(self, container, width: Optional[float], height: Optional[float]):
        self.container = container
        self.width, self.height = width, height
        self.runs: list[tuple] = []  # (text, left, top, width or None, size, line height, bold, colour)
        self.rules: list[dict] = []  # {"kind": "h"|"v"|"rect", x0, x1, top, bottom, lw, colour}


def positioned_pages(root, styles: str) -> list[_Page]:
    """The page containers of a PDF converted to positioned HTML, with their runs and rules;
    [] for an ordinary page (fewer than a few dozen absolutely positioned elements)."""
    rules = class_rules(styles)
    positioned = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        st = _style(el, rules)
        if st.get("position") == "absolute" and ("left" in st or "top" in st):
            positioned.append((el, st))
    if len(positioned) < _MIN_POSITIONED:
        return []
    is_positioned = {id(el) for el, _ in positioned}
    pages: dict[int, _Page] = {}
    order: list[_Page] = []
    for el, st in positioned:
        left, top = _pt(st.get("left")) or 0.0, _pt(st.get("top")) or 0.0
        container = None
        for anc in el.iterancestors():
            if id(anc) in is_positioned:
                ast = _style(anc, rules)
                left += _pt(ast.get("left")) or 0.0
                top += _pt(ast.get("top")) or 0.0
                continue
            ast = _style(anc, rules)
            if _pt(ast.get("width")) and _pt(ast.get("height")):
                container = anc
                break
        key = id(container)
        page = pages.get(key)
        if page is None:
            cst = _style(container, rules) if container is not None else {}
            page = pages[key] = _Page(container, _pt(cst.get("width")), _pt(cst.get("height")))
            order.append(page)
        if "top" not in st and "bottom" in st and page.height:
            # placed from the page's foot (pdf2htmlEX writes "bottom"): the box's top edge
            box = _pt(st.get("height")) or _pt(st.get("line-height")) or _pt(st.get("font-size")) or 0.0
            top += page.height - (_pt(st.get("bottom")) or 0.0) - box
        _add_element(page, el, st, left, top, is_positioned)
    for page in order:
        if not page.width or not page.height:
            xs = [r[1] + (r[3] or r[4] * len(r[0])) for r in page.runs] + [r["x1"] for r in page.rules]
            ys = [r[2] + r[5] for r in page.runs] + [r["bottom"] for r in page.rules]
            page.width = page.width or (max(xs, default=0.0) + 20.0)
            page.height = page.height or (max(ys, default=0.0) + 20.0)
    return [p for p in order if p.runs or p.rules]


def _own_text(el, is_positioned: set) -> str:
    """The element's text, leaving out positioned descendants (each a run of its own)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and id(child) not in is_positioned:
            parts.append(_own_text(child, is_positioned))
        parts.append(child.tail or "")
    return "".join(parts)


def _add_element(page: _Page, el, st: dict, left: float, top: float, is_positioned: set) -> None:
    # white space collapses as a browser collapses it (U+3000, the ideographic space, does not)
    text = re.sub(r"[ \t\r\n\f]+", " ", _own_text(el, is_positioned)).strip(" ")
    width, height = _pt(st.get("width")), _pt(st.get("height"))
    if text.strip():
        colour = _color(st.get("color")) or (0.0, 0.0, 0.0)
        if _is_white(colour):
            return  # white on the white page: not printed (a hidden stamp, a search layer)
        size = _pt(st.get("font-size")) or 12.0
        lh = _pt(st.get("line-height")) or size
        bold = "bold" in st.get("font-weight", "") or st.get("font-weight", "").startswith(("6", "7", "8", "9"))
        page.runs.append((text, left, top, width if width and width > 0 else None, size, lh, bold,
                          colour))
        return
    w, h = width or 0.0, height or 0.0
    sides = {}
    for side in ("top", "right", "bottom", "left"):
        spec = st.get(f"border-{side}") or st.get("border")
        if spec:
            m = _BORDER_RE.search(spec)
            if m:
                lw = float(m.group(1)) * (1.0 if (m.group(2) or "").lower() == "pt" else 0.75)
                border_colour = _color(m.group(3)) if m.group(3) else (0.0, 0.0, 0.0)
                if lw > 0 and border_colour is not None and not _is_white(border_colour):
                    sides[side] = (lw, border_colour)
    bt = sides.get("top", (0.0,))[0]
    bl = sides.get("left", (0.0,))[0]
    outer_w = bl + w + sides.get("right", (0.0,))[0]
    outer_h = bt + h + sides.get("bottom", (0.0,))[0]
    for side, (lw, colour) in sides.items():
        if side in ("top", "bottom"):
            y = top + lw / 2 if side == "top" else top + bt + h + lw / 2
            page.rules.append({"kind": "h", "x0": left, "x1": left + outer_w, "top": y, "bottom": y,
                               "lw": lw, "colour": colour})
        else:
            x = left + lw / 2 if side == "left" else left + bl + w + lw / 2
            page.rules.append({"kind": "v", "x0": x, "x1": x, "top": top, "bottom": top + outer_h,
                               "lw": lw, "colour": colour})
    fill = _color(st.get("background-color") or st.get("background"))
    if fill is not None and not _is_white(fill) and w > 0 and h > 0:
        page.rules.append({"kind": "rect", "x0": left, "x1": left + w, "top": top, "bottom": top + h,
                           "lw": 0.0, "colour": fill})


def _advance(ch: str, size: float) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return size
    return size / 2


def page_chars(page: _Page, page_number: int) -> list[dict]:
    """The page's runs split into pdfplumber chars (spaces advance but are not printed)."""
    out: list[dict] = []
    height = page.height
    for text, left, top, width, size, lh, bold, colour in page.runs:
        advs = [_advance(ch, size) for ch in text]
        total = sum(advs)
        if width and total > 0:
            advs = [a * width / total for a in advs]
        glyph_top = top + max(0.0, (lh - size) / 2)
        bottom = glyph_top + size
        x = left
        for ch, adv in zip(text, advs, strict=True):
            x0, x1 = x, x + adv
            x = x1
            if not ch.strip():
                continue
            out.append({
                "object_type": "char", "page_number": page_number, "text": ch,
                "fontname": "HTML-Bold" if bold else "HTML", "size": size, "adv": adv,
                "upright": True, "matrix": (1.0, 0.0, 0.0, 1.0, x0, height - bottom),
                "x0": x0, "x1": x1, "y0": height - bottom, "y1": height - glyph_top,
                "width": adv, "height": size, "top": glyph_top, "bottom": bottom,
                "doctop": glyph_top, "non_stroking_color": colour, "stroking_color": None,
            })
    return out


def page_paths(page: _Page, page_number: int) -> dict[str, list[dict]]:
    """The page's rules as pdfplumber lines (borders) and rects (filled boxes)."""
    out: dict[str, list[dict]] = {}
    h = page.height
    for r in page.rules:
        x0, x1, top, bottom = r["x0"], r["x1"], r["top"], r["bottom"]
        kind = "rect" if r["kind"] == "rect" else "line"
        o = {
            "object_type": kind, "page_number": page_number,
            "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "y0": h - bottom, "y1": h - top, "width": x1 - x0, "height": bottom - top,
            "linewidth": r["lw"], "stroke": kind == "line", "fill": kind == "rect",
            "evenodd": False, "stroking_color": r["colour"] if kind == "line" else None,
            "non_stroking_color": r["colour"] if kind == "rect" else None,
        }
        o["pts"] = ([(x0, top), (x1, top), (x1, bottom), (x0, bottom)] if kind == "rect"
                    else [(x0, top), (x1, bottom)])
        out.setdefault(kind, []).append(o)
    return out


def read_pages(pages: list[_Page]) -> tuple[list[str], list[Table], list[str]]:
    """(pages_text, tables, warnings) of a positioned page set: the PDF reader's table finder on
    the pages that may hold tables (its own test: unit lines, labels, figures, rules)."""
    from extract.readers.pdf import tables_from_pages
    from extract.readers.pdf.lines import chars_to_lines
    from extract.readers.pdf.objects import PdfiumPage
    from extract.readers.pdf.triage import is_candidate_page, clean_pages_text

    texts: list[str] = []
    built = []
    for n, page in enumerate(pages, start=1):
        chars = page_chars(page, n)
        paths = page_paths(page, n)
        text = "\n".join(ln["raw"] for ln in chars_to_lines(chars))
        texts.append(text)
        n_paths = sum(len(v) for v in paths.values())
        if is_candidate_page(text, n_paths):
            # positioned_pages gave every page a size (its container's, else its contents' extent)
            built.append((n, PdfiumPage({"char": chars, **paths}, float(page.width or 0.0),
                                        float(page.height or 0.0), n)))
    tables, unruled = tables_from_pages(built, len(pages)) if built else ([], [])
    warnings = [f"tables without rules read by text alignment on pages {unruled}"] if unruled else []
    return clean_pages_text(texts), tables, warnings
