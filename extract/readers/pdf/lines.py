"""Lines of text on a PDF page, and what a line says.

Glyphs (pdfplumber's chars) grouped into printed lines (``line_groups``, ``chars_to_lines``), a
line's or a cell's text (``line_raw``, ``cell_text``: letter-spacing dropped, glyphs turned by
90° read in their own direction), and the kinds of line every part of the reader asks about: a
table label (公开01表, 预算公开表1, 附表3), a page number, a unit line (单位：万元), a unit
name (部门：…), a table title, an empty-table marker (本表无数据), a continuation mark (续表).
"""

from __future__ import annotations

import re

from extract.amounts import find_unit


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


def _reading_order(chars: list[dict]) -> list[dict]:
    """Glyphs turned by 90° (vertical header text): bottom-to-top when turned anticlockwise,
    top-to-bottom when turned clockwise."""
    m = chars[0].get("matrix") or (1, 0, 0, 1, 0, 0)
    return sorted(chars, key=lambda c: -c["top"] if m[1] > 0 else c["top"])


def _rotated(ch: dict) -> bool:
    m = ch.get("matrix")
    if not m:
        return False
    return abs(m[1]) > 1e-3 and abs(m[0]) < 1e-3


def cell_text(chars: list[dict]) -> str:
    """Text of one cell: its lines joined without separator (a wrap inside a cell is not a space
    in Chinese), spaces kept only between Latin/number tokens on one line. Glyphs turned by 90°
    (a vertical header) are read in their own direction."""
    turned = [c for c in chars if _rotated(c)]
    if turned:
        upright = [c for c in chars if not _rotated(c)]
        side = "".join(c["text"] for c in _reading_order(turned))
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
_CONT_RE = re.compile(r"^续表\s*\d*|[（(]续[表]?[）)]|续表$")


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
