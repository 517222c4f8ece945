"""The columns of a table printed without rules, from the x positions of its words.

A printed line is cut into segments where its glyphs leave a wide gap (``split_segments``: one
cell's text on that line). The body's segments make the columns (amounts are right-aligned:
clustered by right edge; codes and names by left edge, ``body_columns``); header words over no
body column make columns printed empty, and a word centred over several columns is a group
header (``spare_header_segments``); the column edges lie in the gaps between the words, or mirror
the figures' edge about a header's centre (``column_bounds``). ``unruled.build_unruled_grid`` puts the
rows together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Optional

from extract.readers.pdf.grid import AMOUNT_CELL_RE, locate_in_bounds
from extract.readers.pdf.lines import reading_order, line_raw, normalise_text


_NUM_CHARS = set("0123456789.,-+%")
_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_BLANK_RE = re.compile(r"^[-—–－/]+$")
_PCT_RE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?[%％]$")
ROW_START_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[①-⑳]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|其中|合计|总计|小计)")


@dataclass
class Seg:
    """A run of glyphs on one printed line with no wide gap: one cell's text on that line."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    line: int
    kind: str = "text"  # amount | int | blank | text

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


def _seg_kind(text: str) -> str:
    t = text.replace(" ", "")
    if AMOUNT_CELL_RE.match(t) or _PCT_RE.match(t):
        return "amount"
    if _BLANK_RE.match(t):
        return "blank"
    if t.isdigit():
        return "int"
    return "text"


def split_segments(row: list[dict], line: int) -> list[Seg]:
    """Cut a printed line where the gap between two glyphs is wide: 0.6 em, or 0.25 em between
    two figures (right-aligned amounts of neighbouring columns)."""
    segs: list[Seg] = []
    cur: list[dict] = []

    def flush():
        if cur:
            text = normalise_text(line_raw(cur))
            if text:
                segs.append(Seg(cur[0]["x0"], max(c["x1"] for c in cur), min(c["top"] for c in cur),
                                max(c["bottom"] for c in cur), text,
                                median([c.get("size") or 10 for c in cur]), line, _seg_kind(text)))

    prev = None
    for ch in row:
        if not ch["text"].strip():
            continue
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            s = max(prev.get("size") or 10, ch.get("size") or 10, 1)
            num_a, num_b = prev["text"] in _NUM_CHARS, ch["text"] in _NUM_CHARS
            # 0.25 em between figures, 0.3 em between a figure and a word, 0.6 em between words
            if gap > (0.25 if num_a and num_b else 0.3 if num_a != num_b else 0.6) * s:
                flush()
                cur = []
        cur.append(ch)
        prev = ch
    flush()
    return segs


def is_data_line(segs: list[Seg]) -> bool:
    """A body line: a printed amount, a subject code first, or a 合计/总计 label first."""
    if not segs:
        return False
    if any(s.kind == "amount" for s in segs):
        return True
    first = segs[0].text.replace(" ", "")
    if _CODE_RE.match(first) and len(segs) >= 2:
        return True
    if re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])", first):
        return True  # a numbered line (一、一般公共服务支出)
    return bool(re.fullmatch(r"(?:合计|总计)", first)) and all(s.kind != "text" for s in segs[1:])


@dataclass
class _UCol:
    x0: float
    x1: float
    segs: list[Seg]
    kind: str  # amount (right-aligned) | left | header (no figure below it)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def lines(self) -> set[int]:
        return {s.line for s in self.segs}


def _chain(segs: list[Seg], key, tol: float) -> list[list[Seg]]:
    groups: list[list[Seg]] = []
    for s in sorted(segs, key=key):
        if groups and key(s) - key(groups[-1][-1]) <= tol:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def column_of_segments(segs: list[Seg], kind: str) -> _UCol:
    """A column of the given kind spanning the segments' x extent."""
    return _UCol(min(s.x0 for s in segs), max(s.x1 for s in segs), list(segs), kind)


def _merge_neighbours(cols: list, key, kind: str, mergeable) -> None:
    """Sort ``cols`` by ``key`` and merge the first mergeable pair of neighbours, again and again
    until no pair is (in place)."""
    merged = True
    while merged:
        merged = False
        cols.sort(key=key)
        for i in range(len(cols) - 1):
            a, b = cols[i], cols[i + 1]
            if mergeable(a, b):
                cols[i] = column_of_segments(a.segs + b.segs, kind)
                del cols[i + 1]
                merged = True
                break


def body_columns(body: list[Seg], size: float) -> list[_UCol]:
    """Amount columns are right-aligned: cluster figures by right edge. Text and code columns
    are left-aligned: cluster by left edge; indented names (no line holds both) and a stray word
    of a letter-spaced label that start inside another column's extent belong to that column."""
    tol = max(2.0, 0.5 * size)
    amounts = [s for s in body if s.kind == "amount"]
    acols = [column_of_segments(g, "amount") for g in _chain(amounts, lambda s: s.x1, tol)]
    lefts = []
    for s in body:
        if s.kind == "blank":
            continue
        if s.kind == "int":
            hit = next((c for c in acols if abs(c.x1 - s.x1) <= tol), None)
            if hit is not None:  # an integer amount in an amount column
                hit.segs.append(s)
                hit.x0 = min(hit.x0, s.x0)
                continue
        if s.kind in ("int", "text"):
            lefts.append(s)
    lcols = [column_of_segments(g, "left") for g in _chain(lefts, lambda s: s.x0, tol)]
    # figures centred (or left-aligned) in their column: right edges vary, but the figures of
    # one column overlap and never share a line
    _merge_neighbours(acols, lambda c: c.x1, "amount",
                      lambda a, b: overlap(a.x0, a.x1, b.x0, b.x1) > 0 and not (a.lines & b.lines))
    # overlapping text columns: one column, unless both print on the same lines (and the right
    # one is more than a stray tenth)
    _merge_neighbours(lcols, lambda c: c.x0, "left",
                      lambda a, b: b.x0 < a.x1 - 0.5 and (
                          not (a.lines & b.lines) or len(b.segs) <= max(1, len(a.segs) // 10)))
    for c in lcols:
        if all(s.kind == "int" and int(s.text.replace(" ", "")) == 0 for s in c.segs):
            c.kind = "amount"  # a column of zeros printed without decimals (0)
    return sorted(acols + lcols, key=lambda c: c.xc)


def spare_header_segments(head: list[Seg], cols: list[_UCol], left: float, right: float,
                          size: float) -> tuple[list[Seg], dict[int, int]]:
    """Header words that belong to no body column (and, for the others, the body column each
    sits over: id(word) -> column index). A header is centred over its cell: over a
    right-aligned amount column the cell reaches from the right edge of the figures as far left
    again as the header's centre, and must not run into the column before; over a text column,
    likewise to the right. A word centred over two or more body columns (with no word of its
    own line over them) is a group header, not a column."""
    tol = max(2.0, 0.5 * size)
    bounds = column_bounds(cols, left, right)
    attributed: dict[int, int] = {}
    if not any(c.kind == "amount" for c in cols):
        # no figure in the body (a table printed empty): a header word belongs to a body column
        # only when it sits over its words
        for s in head:
            k = next((k for k, c in enumerate(cols) if overlap(s.x0, s.x1, c.x0, c.x1) > 0), None)
            if k is not None:
                attributed[id(s)] = k
        return [s for s in head if id(s) not in attributed], attributed
    mirrored: dict[int, bool] = {}
    for s in head:
        c = s.xc
        for k, col in enumerate(cols):
            prev_x1 = cols[k - 1].x1 if k else -1e9
            next_x0 = cols[k + 1].x0 if k + 1 < len(cols) else 1e9
            if col.x0 - tol <= c <= col.x1 + tol:
                attributed[id(s)] = k
                break
            if (col.kind == "amount" and c < col.x1 and 2 * c - col.x1 >= prev_x1 - tol) \
                    or (col.kind == "left" and c > col.x0 and 2 * c - col.x0 <= next_x0 + tol):
                attributed[id(s)] = k
                mirrored[id(s)] = True
                break
    # over a column of figures, the header word nearest the figures' right edge is its header;
    # a word mirrored onto it from further left, outside that header's cell, heads a column
    # printed empty (附属单位上缴收入 left of 其他收入), unless it stands inside that cell
    # (a letter-spaced or wrapped header)
    for k, col in enumerate(cols):
        if col.kind != "amount":
            continue
        mine = [s for s in head if attributed.get(id(s)) == k]
        # (a header centred right of the figures' centre is a group header over this column
        # and the next ones, not this column's own)
        own = [s for s in mine if s.xc <= col.xc + tol]
        if len(mine) < 2 or not own:
            continue
        keep = max(own, key=lambda s: s.xc)
        lo = 2 * keep.xc - col.x1 - tol
        for s in mine:
            if mirrored.get(id(s)) and s.xc < lo:
                del attributed[id(s)]
    spare: list[Seg] = []
    # bottom-up: a word with a word of an empty column right under it heads that column too
    for s in sorted(head, key=lambda s: -s.top):
        if id(s) in attributed:
            continue
        inside = any(overlap(s.x0, s.x1, c.x0, c.x1) > 1.0 for c in cols)
        if not inside and any(o.top > s.top and abs(o.xc - s.xc) <= 0.5 * size for o in spare):
            spare.append(s)
            continue
        below = [o for o in head if o.top > s.bottom - 0.3 * size and id(o) in attributed]
        group = False
        for a in range(len(cols)):
            for b in range(a + 1, len(cols)):
                lo, hi = bounds[a], bounds[b + 1]
                if abs(s.xc - (lo + hi) / 2) > max(0.6 * size, 0.08 * (hi - lo)):
                    continue
                if any(o.line == s.line and a <= attributed.get(id(o), -1) <= b for o in head):
                    continue
                if len({attributed[id(o)] for o in below if a <= attributed[id(o)] <= b}) >= 2:
                    group = True
                    break
            if group:
                break
        if not group:
            spare.append(s)
    return spare, attributed


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Length of the overlap of the intervals [a0, a1] and [b0, b1] (negative when apart)."""
    return min(a1, b1) - max(a0, b0)


def column_bounds(cols: list[_UCol], left: float, right: float,
                  hint: Optional[dict[int, float]] = None) -> list[float]:
    """Column edges: in the gap between the words of neighbouring columns; where a header is
    centred over a right-aligned column (or a left-aligned one), the cell edge mirrors the
    figures' right edge (the text's left edge) about the header's centre."""
    hint = hint or {}
    bounds = [left]
    for a, b in zip(cols, cols[1:], strict=False):
        lo, hi = a.x1, b.x0
        if hi <= lo:
            m = (lo + hi) / 2
            bounds.append(min(max(m, a.xc), b.xc))
            continue
        cands = []
        if b.kind == "amount" and id(b) in hint:
            cands.append(2 * hint[id(b)] - b.x1)
        if a.kind == "left" and id(a) in hint:
            cands.append(2 * hint[id(a)] - a.x0)
        m = sum(cands) / len(cands) if cands else (lo + hi) / 2
        bounds.append(min(max(m, lo), hi))
    bounds.append(right)
    return bounds


def covered_columns(bounds: list[float], s: Seg) -> tuple[int, int]:
    """Columns a header word sits over: those it covers a good part of (else the one under its
    centre)."""
    idx = []
    for k in range(len(bounds) - 1):
        w = bounds[k + 1] - bounds[k]
        ov = overlap(s.x0, s.x1, bounds[k], bounds[k + 1])
        if ov > 0 and ov >= 0.25 * min(max(s.x1 - s.x0, 1.0), w):
            idx.append(k)
    if not idx:
        k = locate_in_bounds(s.xc, bounds)
        return k, k
    return idx[0], idx[-1]


def turned_segments(chars: list[dict]) -> list[Seg]:
    """Glyphs turned by 90° (a vertical header such as 行次 in a narrow column): one segment per
    stack of glyphs at the same x, read in their own direction."""
    segs: list[Seg] = []
    stacks: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["x0"]), c["top"])):
        size = ch.get("size") or 10
        if stacks:
            last = stacks[-1]
            if abs(last[-1]["x0"] - ch["x0"]) <= 1.5 and ch["top"] - max(c["bottom"] for c in last) < 0.6 * size:
                last.append(ch)
                continue
        stacks.append([ch])
    for k, st in enumerate(stacks):
        text = normalise_text("".join(c["text"] for c in reading_order(st)))
        if text:
            segs.append(Seg(min(c["x0"] for c in st), max(c["x1"] for c in st), min(c["top"] for c in st),
                            max(c["bottom"] for c in st), text, median([c.get("size") or 10 for c in st]),
                            -1 - k, _seg_kind(text)))
    return segs
