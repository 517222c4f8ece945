"""Lines of text on a PDF page, and the text of a line or of a cell.

Glyphs (pdfplumber's chars) grouped into printed lines (``line_groups``, ``chars_to_lines``), a
line's or a cell's text (``line_raw``, ``cell_text``: letter-spacing dropped, glyphs turned by
90° read in their own direction), and whether a line carries amounts (``has_amount``). What a
line around a table says (a label such as 公开01表, a title, a unit line, a unit name, an
empty-table marker, a page number, 续表) is ``extract/readers/table_context.py``'s, shared with
the HTML, spreadsheet and text readers.
"""

from __future__ import annotations

import re


_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def normalise_text(text: str) -> str:
    """Collapse whitespace; drop spaces next to CJK characters (letter-spacing, '合 计' → '合计')."""
    text = re.sub(r"[^\S\n]+", " ", text.replace("\r", "")).strip()
    return _SPACE_NEAR_CJK.sub("", text)


def line_groups(chars: list[dict], y_tol: float = 3.0) -> list[list[dict]]:
    """Group characters into printed lines (each sorted left to right), top to bottom."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        if rows:
            last = rows[-1]
            ltop = min(c["top"] for c in last)
            lbot = max(c["bottom"] for c in last)
            lmid = (ltop + lbot) / 2
            overlap = min(lbot, ch["bottom"]) - max(ltop, ch["top"])
            small = max(0.1, min(lbot - ltop, ch["bottom"] - ch["top"]))
            if abs(mid - lmid) <= y_tol or overlap >= 0.5 * small:
                last.append(ch)
                continue
        rows.append([ch])
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    return rows


def line_raw(row: list[dict]) -> str:
    """A line's text with a space where the glyphs leave a gap."""
    parts = []
    prev = None
    for ch in row:
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            if gap > 0.25 * max(ch.get("size", 10) or 10, 1):
                parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    return "".join(parts)


def chars_to_lines(chars: list[dict], y_tol: float = 3.0) -> list[dict]:
    """Group characters into printed lines: [{'text','top','bottom','x0','x1','size'}], top to bottom."""
    if not chars:
        return []
    lines = []
    for row in line_groups(chars, y_tol):
        lines.append({
            "raw": line_raw(row),
            "top": min(c["top"] for c in row),
            "bottom": max(c["bottom"] for c in row),
            "x0": row[0]["x0"],
            "x1": max(c["x1"] for c in row),
            "size": max((c.get("size") or 0) for c in row),
        })
    return lines


def reading_order(chars: list[dict]) -> list[dict]:
    """Glyphs turned by 90° (vertical header text): bottom-to-top when turned anticlockwise,
    top-to-bottom when turned clockwise."""
    m = chars[0].get("matrix") or (1, 0, 0, 1, 0, 0)
    return sorted(chars, key=lambda c: -c["top"] if m[1] > 0 else c["top"])


def is_rotated(ch: dict) -> bool:
    """Whether a glyph is turned by 90° (its text matrix is a quarter turn)."""
    m = ch.get("matrix")
    if not m:
        return False
    return abs(m[1]) > 1e-3 and abs(m[0]) < 1e-3


def cell_text(chars: list[dict]) -> str:
    """Text of one cell: its lines joined without separator (a wrap inside a cell is not a space
    in Chinese), spaces kept only between Latin/number tokens on one line. Glyphs turned by 90°
    (a vertical header) are read in their own direction."""
    turned = [c for c in chars if is_rotated(c)]
    if turned:
        upright = [c for c in chars if not is_rotated(c)]
        side = "".join(c["text"] for c in reading_order(turned))
        return (cell_text(upright) if upright else "") + normalise_text(side)
    lines = chars_to_lines(chars)
    out = ""
    for ln in lines:
        t = normalise_text(ln["raw"])
        if not t:
            continue
        if out and re.search(r"[A-Za-z]$", out) and re.match(r"^[A-Za-z]", t):
            out += " " + t
        else:
            out += t
    return out


# Amounts on a line: a figure with thousands separators or with cents (the lines of a table's
# body, not of the text around it: that is extract/readers/table_context.py's).
AMOUNT_TOKEN_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+\.\d{1,2}(?![\d])")
TABLE_LINE_RE = re.compile(r"(?:\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+)\s*$")


def has_amount(text: str) -> bool:
    """Whether the text holds a printed amount (thousands separators or decimals)."""
    return bool(AMOUNT_TOKEN_RE.search(text or ""))
