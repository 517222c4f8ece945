"""Turn one pdfplumber table (its ruled cells) and the page's characters into an aligned grid.

pdfplumber's own ``extract()`` keeps every x position where *any* rule starts or ends as a column.
Spreadsheet exports draw each cell's border separately, a few points apart, so its grids carry
phantom columns and rows 4–6 pt wide and the same printed column lands at different indices from
row to row. Here the table's cell edges are clustered, narrow strips are removed by dropping their
weaker edge (the one fewer cells share), and each printed cell is placed at the first real row and
column it covers.

Merged cells: the text goes to the FIRST column (and first row) of the span; the other positions
of the span hold '' — so every row has the same number of columns.

Tables printed without rules (``build_unruled_grid``): columns come from the x positions of the
words of the body rows (amounts are right-aligned: clustered by right edge; codes and names by
left edge), plus columns printed empty whose header sits over no body word; header words join
the columns they sit over (a group header centred over several columns goes in the first), a
header cell or a name wrapped over two lines is one cell.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
import re
from dataclasses import dataclass, field
from math import floor
from statistics import median
from typing import Optional

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
    return bool(m) and abs(m[1]) > 1e-3 and abs(m[0]) < 1e-3


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


def _cluster(values: list[tuple[float, float]], tol: float) -> dict[float, float]:
    """values: (position, weight). Map every position to a representative within tol."""
    mapping: dict[float, float] = {}
    ordered = sorted(set(v for v, _ in values))
    group: list[float] = []
    for v in ordered:
        if group and v - group[-1] > tol:
            rep = sum(group) / len(group)
            mapping.update({g: rep for g in group})
            group = []
        group.append(v)
    if group:
        rep = sum(group) / len(group)
        mapping.update({g: rep for g in group})
    return mapping


def _compact(bounds: list[float], strength: dict[float, float], min_width: float,
             keep=None) -> list[float]:
    """Merge intervals narrower than ``min_width`` into a neighbour (the weaker edge goes);
    ``keep(lo, hi)`` names intervals that stay however narrow."""
    bounds = sorted(bounds)
    while len(bounds) > 2:
        widths = [(w, i) for w, i in ((bounds[i + 1] - bounds[i], i) for i in range(len(bounds) - 1))
                  if w >= min_width or keep is None or not keep(bounds[i], bounds[i + 1])]
        if not widths:
            break
        w, i = min(widths)
        if w >= min_width:
            break
        left, right = i, i + 1
        if left == 0:
            drop = right
        elif right == len(bounds) - 1:
            drop = left
        else:
            drop = left if strength.get(bounds[left], 0) < strength.get(bounds[right], 0) else right
        del bounds[drop]
    return bounds


def _span(lo: float, hi: float, bounds: list[float]) -> tuple[int, int]:
    """Indices [a, b] of the intervals of ``bounds`` the cell [lo, hi] covers (60 % or more)."""
    idx = [k for k in range(len(bounds) - 1)
           if min(hi, bounds[k + 1]) - max(lo, bounds[k]) >= 0.6 * (bounds[k + 1] - bounds[k])]
    if idx:
        return idx[0], idx[-1]
    centre = (lo + hi) / 2
    return _locate(centre, bounds), _locate(centre, bounds)


def _locate(pos: float, bounds: list[float]) -> int:
    for k in range(len(bounds) - 1):
        if pos < bounds[k + 1]:
            return k
    return len(bounds) - 2


@dataclass
class Grid:
    rows: list[list[str]]
    col_bounds: list[float]  # x positions of the real column edges
    row_tops: list[float]  # top y of each kept row
    bbox: tuple[float, float, float, float]
    row_bottoms: list[float] = field(default_factory=list)
    centers: list[list[Optional[float]]] = field(default_factory=list)  # x centre of each cell's text
    unruled: bool = False  # found by text alignment, not by rules


def build_grid(cells: list[tuple], chars: list[dict], bbox: tuple) -> Optional[Grid]:
    """cells: pdfplumber ``Table.cells`` (x0, top, x1, bottom); chars: the page's (filtered) chars."""
    if not cells:
        return None
    x0, top, x1, bottom = bbox
    sizes = [c.get("size") or 0 for c in chars if x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1
             and top - 1 <= c["top"] and c["bottom"] <= bottom + 1]
    body = median(sizes) if sizes else 10.0
    xs = _cluster([(c[0], 0) for c in cells] + [(c[2], 0) for c in cells], 2.0)
    ys = _cluster([(c[1], 0) for c in cells] + [(c[3], 0) for c in cells], 2.0)
    xstr: dict[float, float] = {}
    ystr: dict[float, float] = {}
    norm_cells = []
    for c in cells:
        cx0, ctop, cx1, cbot = xs[c[0]], ys[c[1]], xs[c[2]], ys[c[3]]
        norm_cells.append((cx0, ctop, cx1, cbot))
        h, w = cbot - ctop, cx1 - cx0
        xstr[cx0] = xstr.get(cx0, 0) + h
        xstr[cx1] = xstr.get(cx1, 0) + h
        ystr[ctop] = ystr.get(ctop, 0) + w
        ystr[cbot] = ystr.get(cbot, 0) + w
    min_w = max(4.0, 0.75 * body)
    cols = _compact(list(set(xs.values())), xstr, min_w)
    rws = _compact(list(set(ys.values())), ystr, max(3.0, 0.55 * body))
    if len(cols) < 2 or len(rws) < 2:
        return None
    # padding strips (a figure's cell drawn inside a taller row): rows much thinner than usual
    heights = sorted(rws[i + 1] - rws[i] for i in range(len(rws) - 1))
    typical = heights[len(heights) // 2]
    # A thin row with a line of text wholly inside it (a 栏次 row "** ** 1 2 3" under the header,
    # drawn in a smaller font) is a row of its own, not padding.
    inside = sorted(((c["top"] + c["bottom"]) / 2, c["bottom"] - c["top"]) for c in chars
                    if x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1 and top - 1 <= c["top"] <= bottom + 1)
    mids = [m for m, _ in inside]

    def holds_its_own_line(lo: float, hi: float) -> bool:
        return any(inside[k][1] <= hi - lo + 1.0
                   for k in range(bisect_right(mids, lo), bisect_left(mids, hi)))

    rws = _compact(rws, ystr, max(3.0, 0.55 * body, 0.6 * typical), keep=holds_its_own_line)
    grid, centers = _fill(norm_cells, chars, bbox, cols, rws)
    # Header cells of spreadsheet exports are often cut at other x positions than the data cells
    # below them. Where rows with figures exist, their cell edges are the table's real columns.
    amount_rows = {i for i, row in enumerate(grid) if any(_AMOUNT.match(t) for t in row)}
    if amount_rows:
        major = {cols[0], cols[-1]}
        for (cx0, ctop, cx1, cbot) in norm_cells:
            if _locate((ctop + cbot) / 2, rws) in amount_rows:
                major.update((cx0, cx1))
        major_bounds = _compact(sorted(b for b in major if cols[0] - 0.01 <= b <= cols[-1] + 0.01),
                                xstr, min_w)
        if 2 <= len(major_bounds) < len(cols):
            cols = major_bounds
            grid, centers = _fill(norm_cells, chars, bbox, cols, rws)
    # columns empty in every row carry nothing: merge them into a neighbour
    j = 0
    while j < len(cols) - 1 and len(cols) > 2:
        if all(not row[j] for row in grid):
            del cols[j if j > 0 else j + 1]
            for row, crow in zip(grid, centers):
                del row[j]
                del crow[j]
            continue
        j += 1
    keep = [i for i, row in enumerate(grid) if any(t for t in row)]
    return Grid(rows=[grid[i] for i in keep], col_bounds=cols,
                row_tops=[rws[i] for i in keep], row_bottoms=[rws[i + 1] for i in keep],
                bbox=(x0, top, x1, bottom), centers=[centers[i] for i in keep])


_AMOUNT = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^[-+]?\d{1,3}(?:,\d{3})+$")


_SQUARE = 32.0  # pt: side of the squares of _fill's cell index


def _fill(norm_cells, chars, bbox, cols, rws):
    """Place every char in the cell that holds it; a cell's text goes to its anchor."""
    x0, top, x1, bottom = bbox
    ncol, nrow = len(cols) - 1, len(rws) - 1
    spans = []
    for (cx0, ctop, cx1, cbot) in norm_cells:
        r0, _ = _span(ctop, cbot, rws)
        c0, _ = _span(cx0, cx1, cols)
        spans.append(((cx1 - cx0) * (cbot - ctop), (cx0, ctop, cx1, cbot), (r0, c0)))
    spans.sort(key=lambda s: s[0])  # smallest cell first: the one that really holds the char
    # A coarse square index over the cells (each listed, smallest first, in every square it
    # touches): a char is tested against the few cells of its square, not every cell of the
    # table, and still gets the first cell of the sorted list that holds it.
    index: dict[tuple[int, int], list] = {}
    for _, (cx0, ctop, cx1, cbot), a in spans:
        for gx in range(floor((cx0 - 0.5) / _SQUARE), floor((cx1 + 0.5) / _SQUARE) + 1):
            for gy in range(floor((ctop - 0.5) / _SQUARE), floor((cbot + 0.5) / _SQUARE) + 1):
                index.setdefault((gx, gy), []).append((cx0, ctop, cx1, cbot, a))
    buckets: dict[tuple[int, int], list[dict]] = {}
    placed: list[tuple[dict, tuple[int, int]]] = []
    for ch in chars:
        mx = (ch["x0"] + ch["x1"]) / 2
        my = (ch["top"] + ch["bottom"]) / 2
        if not (x0 - 1 <= mx <= x1 + 1 and top - 1 <= my <= bottom + 1):
            continue
        anchor = None
        for cx0, ctop, cx1, cbot, a in index.get((floor(mx / _SQUARE), floor(my / _SQUARE)), ()):
            if cx0 - 0.5 <= mx <= cx1 + 0.5 and ctop - 0.5 <= my <= cbot + 0.5:
                anchor = a
                break
        if anchor is None:
            anchor = (_locate(my, rws), _locate(mx, cols))
        placed.append((ch, anchor))
    for ch, anchor in _whole_runs(placed):
        buckets.setdefault(anchor, []).append(ch)
    grid = [["" for _ in range(ncol)] for _ in range(nrow)]
    centers: list[list[Optional[float]]] = [[None] * ncol for _ in range(nrow)]
    for (r, c), chs in buckets.items():
        grid[r][c] = cell_text(chs)
        centers[r][c] = (min(ch["x0"] for ch in chs) + max(ch["x1"] for ch in chs)) / 2
    return grid, centers


def _whole_runs(placed: list[tuple[dict, tuple[int, int]]]) -> list[tuple[dict, tuple[int, int]]]:
    """A run of glyphs drawn one against the next (in content order, on one line) is one cell's
    text. Spreadsheet exports draw a label wider than its cell in full and clip it at the cell's
    edge: the hidden glyphs sit over the neighbour cell ('1、人员经费和公用经费支' | '出2,022.39',
    Xi'an 2019 p3). Such a run goes whole to the cell that holds most of it."""
    out = list(placed)
    start = 0
    for i in range(1, len(placed) + 1):
        if i < len(placed):
            a, b = placed[i - 1][0], placed[i][0]
            if (a.get("upright", True) and b.get("upright", True)
                    and abs(a["top"] - b["top"]) < 0.5 and abs(a["bottom"] - b["bottom"]) < 0.5
                    and -0.5 <= b["x0"] - a["x1"] <= 0.5):
                continue
        run = placed[start:i]
        start = i
        anchors = [a for ch, a in run if ch["text"].strip()]
        if len(set(anchors)) < 2 or len({a[0] for a in anchors}) > 1:
            continue
        counts: dict[tuple[int, int], int] = {}
        for a in anchors:
            counts[a] = counts.get(a, 0) + 1
        best = max(counts, key=lambda a: (counts[a], -anchors.index(a)))
        for k in range(i - len(run), i):
            out[k] = (out[k][0], best)
    return out


# ----------------------------------------------------------------------------------------------
# Tables printed without rules: columns from the x positions of the words


_NUM_CHARS = set("0123456789.,-+%")
_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_BLANK_RE = re.compile(r"^[-—–－/]+$")
_PCT_RE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?[%％]$")
_ROW_START_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[①-⑳]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|其中|合计|总计|小计)")


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
    if _AMOUNT.match(t) or _PCT_RE.match(t):
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


def _ucol(segs: list[Seg], kind: str) -> _UCol:
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
                cols[i] = _ucol(a.segs + b.segs, kind)
                del cols[i + 1]
                merged = True
                break


def _body_columns(body: list[Seg], size: float) -> list[_UCol]:
    """Amount columns are right-aligned: cluster figures by right edge. Text and code columns
    are left-aligned: cluster by left edge; indented names (no line holds both) and a stray word
    of a letter-spaced label that start inside another column's extent belong to that column."""
    tol = max(2.0, 0.5 * size)
    amounts = [s for s in body if s.kind == "amount"]
    acols = [_ucol(g, "amount") for g in _chain(amounts, lambda s: s.x1, tol)]
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
    lcols = [_ucol(g, "left") for g in _chain(lefts, lambda s: s.x0, tol)]
    # figures centred (or left-aligned) in their column: right edges vary, but the figures of
    # one column overlap and never share a line
    _merge_neighbours(acols, lambda c: c.x1, "amount",
                      lambda a, b: _overlap(a.x0, a.x1, b.x0, b.x1) > 0 and not (a.lines & b.lines))
    # overlapping text columns: one column, unless both print on the same lines (and the right
    # one is more than a stray tenth)
    _merge_neighbours(lcols, lambda c: c.x0, "left",
                      lambda a, b: b.x0 < a.x1 - 0.5 and (
                          not (a.lines & b.lines) or len(b.segs) <= max(1, len(a.segs) // 10)))
    for c in lcols:
        if all(s.kind == "int" and int(s.text.replace(" ", "")) == 0 for s in c.segs):
            c.kind = "amount"  # a column of zeros printed without decimals (0)
    return sorted(acols + lcols, key=lambda c: c.xc)


def _spare_header_segs(head: list[Seg], cols: list[_UCol], left: float, right: float,
                       size: float) -> tuple[list[Seg], dict[int, int]]:
    """Header words that belong to no body column (and, for the others, the body column each
    sits over: id(word) -> column index). A header is centred over its cell: over a
    right-aligned amount column the cell reaches from the right edge of the figures as far left
    again as the header's centre, and must not run into the column before; over a text column,
    likewise to the right. A word centred over two or more body columns (with no word of its
    own line over them) is a group header, not a column."""
    tol = max(2.0, 0.5 * size)
    bounds = _bounds(cols, left, right)
    attributed: dict[int, int] = {}
    if not any(c.kind == "amount" for c in cols):
        # no figure in the body (a table printed empty): a header word belongs to a body column
        # only when it sits over its words
        for s in head:
            k = next((k for k, c in enumerate(cols) if _overlap(s.x0, s.x1, c.x0, c.x1) > 0), None)
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
        inside = any(_overlap(s.x0, s.x1, c.x0, c.x1) > 1.0 for c in cols)
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


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _bounds(cols: list[_UCol], left: float, right: float,
            hint: Optional[dict[int, float]] = None) -> list[float]:
    """Column edges: in the gap between the words of neighbouring columns; where a header is
    centred over a right-aligned column (or a left-aligned one), the cell edge mirrors the
    figures' right edge (the text's left edge) about the header's centre."""
    hint = hint or {}
    bounds = [left]
    for a, b in zip(cols, cols[1:]):
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


def _covered(bounds: list[float], s: Seg) -> tuple[int, int]:
    """Columns a header word sits over: those it covers a good part of (else the one under its
    centre)."""
    idx = []
    for k in range(len(bounds) - 1):
        w = bounds[k + 1] - bounds[k]
        ov = _overlap(s.x0, s.x1, bounds[k], bounds[k + 1])
        if ov > 0 and ov >= 0.25 * min(max(s.x1 - s.x0, 1.0), w):
            idx.append(k)
    if not idx:
        k = _locate(s.xc, bounds)
        return k, k
    return idx[0], idx[-1]


def _join(parts: list[tuple[float, str]]) -> str:
    return normalise_text(" ".join(t for _, t in sorted(parts)))


def _turned_segments(chars: list[dict]) -> list[Seg]:
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
        text = normalise_text("".join(c["text"] for c in _reading_order(st)))
        if text:
            segs.append(Seg(min(c["x0"] for c in st), max(c["x1"] for c in st), min(c["top"] for c in st),
                            max(c["bottom"] for c in st), text, median([c.get("size") or 10 for c in st]),
                            -1 - k, _seg_kind(text)))
    return segs


def build_unruled_grid(lines: list[list[dict]], turned: Optional[list[dict]] = None) -> Optional[Grid]:
    """A table printed without rules: ``lines`` are the glyphs of its printed lines (from the
    first header line to the last body line), each line's glyphs sorted left to right.

    Columns come from the body (lines from the first one with a figure, a code or a 合计 label):
    amounts by right edge, text by left edge; header words over no body column make columns of
    their own (columns empty in every body row). Header words are joined to the columns they sit
    over — a group header centred over several columns goes in the first — and a header cell
    wrapped over two lines is one cell. A body line holding only words of a text column, closer
    to a neighbouring row than rows are to each other, is the wrap of that row's cell."""
    segs_by_line = [split_segments(chs, i) for i, chs in enumerate(lines)]
    all_segs = [s for segs in segs_by_line for s in segs]
    if not all_segs:
        return None
    size = median([s.size for s in all_segs]) or 10.0
    first = next((i for i, segs in enumerate(segs_by_line) if is_data_line(segs)), len(lines))
    head = [s for segs in segs_by_line[:first] for s in segs]
    body = [s for segs in segs_by_line[first:] for s in segs]
    if turned:
        body_top = min((s.top for s in body), default=float("inf"))
        extra = [s for s in _turned_segments(turned) if s.yc < body_top]
        head += extra
        all_segs = all_segs + extra
    cols = _body_columns(body, size)
    # header words over no body column: columns printed empty
    left = min(s.x0 for s in all_segs) - 1
    right = max(s.x1 for s in all_segs) + 1
    spare, attributed = _spare_header_segs(head, cols, left, right, size)
    # the centre of the lowest header word over each body column tells where its cell is
    lowest: dict[int, Seg] = {}
    multi = {ln for ln in {s.line for s in head} if sum(1 for o in head if o.line == ln) >= 2}
    for s in head:
        k = attributed.get(id(s))
        if s.line not in multi and k is not None and cols[k].kind == "left":
            continue  # a label printed alone (an item without figures above the first one)
        if k is not None and (k not in lowest or s.top > lowest[k].top):
            lowest[k] = s
    hint = {id(cols[k]): s.xc for k, s in lowest.items()}
    groups: list[list[Seg]] = []
    for s in sorted(spare, key=lambda s: s.x0):
        hit = next((g for g in groups if any(
            abs(s.xc - o.xc) <= 0.6 * size
            or _overlap(s.x0, s.x1, o.x0, o.x1) >= 0.5 * min(s.x1 - s.x0, o.x1 - o.x0) for o in g)), None)
        if hit is None:
            groups.append([s])
        else:
            hit.append(s)
    cols = sorted(cols + [_ucol(g, "header") for g in groups], key=lambda c: c.xc)
    if len(cols) < 2:
        return None
    bounds = _bounds(cols, left, right, hint)
    # the table's outer edges, where a header centred over the first / last column says so
    if cols[0].kind == "amount" and id(cols[0]) in hint:
        bounds[0] = min(bounds[0], 2 * hint[id(cols[0])] - cols[0].x1)
    if cols[-1].kind == "left" and id(cols[-1]) in hint:
        bounds[-1] = max(bounds[-1], 2 * hint[id(cols[-1])] - cols[-1].x0)
    ncol = len(cols)
    col_of: dict[int, int] = {}
    for k, c in enumerate(cols):
        for s in c.segs:
            col_of[id(s)] = k

    # ---- body rows
    body_lines = list(range(first, len(lines)))
    cells: dict[int, dict[int, list[Seg]]] = {}
    for i in body_lines:
        row: dict[int, list[Seg]] = {}
        for s in segs_by_line[i]:
            k = col_of.get(id(s))
            if k is None:
                k = _locate(s.xc, bounds)
            row.setdefault(k, []).append(s)
        cells[i] = row

    def yc(i: int) -> float:
        segs = segs_by_line[i]
        return (min(s.top for s in segs) + max(s.bottom for s in segs)) / 2

    def fragment(i: int) -> bool:
        segs = segs_by_line[i]
        if not segs or any(s.kind != "text" for s in segs):
            return False
        if any(cols[k].kind == "amount" for k in cells[i]):
            return False
        if not _ROW_START_RE.match(segs[0].text):
            return True
        # the first line of a cell wrapped and centred in its row: right above a line that
        # leaves its columns empty
        return any(j != i and segs_by_line[j] and abs(yc(j) - yc(i)) < 0.9 * size
                   and not (set(cells[j]) & set(cells[i])) for j in body_lines)

    body_lines = [i for i in body_lines if segs_by_line[i]]
    anchors = [i for i in body_lines if not fragment(i)]
    # the spacing of rows: the lower quartile of the gaps between neighbouring rows (a wrapped
    # row makes a wider gap)
    gaps = sorted(g for g in (yc(b) - yc(a) for a, b in zip(anchors, anchors[1:])) if g >= 0.8 * size)
    pitch = min(gaps[len(gaps) // 4], 2.5 * size) if gaps else 2.0 * size
    owner: dict[int, int] = {i: i for i in anchors}
    def reaches_edge(i: int, ks) -> bool:
        return all(k in cells[i] and max(x.x1 for x in cells[i][k]) >= cols[k].x1 - 1.2 * size for k in ks)

    for i in body_lines:
        if i in owner:
            continue
        above = [a for a in anchors if yc(a) < yc(i)]
        below = [a for a in anchors if yc(a) > yc(i)]
        options = []
        for a in ([above[-1]] if above else []) + ([below[0]] if below else []):
            d = abs(yc(a) - yc(i))
            empty_there = all(k not in cells[a] for k in cells[i])
            # a cell that filled its column goes on in the next line: the row above filled it,
            # or this line is the filled first part of the row below's cell
            full = reaches_edge(a, cells[i]) if yc(a) < yc(i) else reaches_edge(i, cells[i])
            if d < 0.6 * pitch or ((empty_there or full) and d < 0.9 * pitch):
                options.append((d, a))
        owner[i] = min(options)[1] if options else i
    row_keys = sorted(set(owner.values()), key=yc)
    members: dict[int, list[int]] = {r: [] for r in row_keys}
    for i in body_lines:
        members[owner[i]].append(i)

    out_rows: list[list[str]] = []
    out_centers: list[list[Optional[float]]] = []
    tops: list[float] = []
    bottoms: list[float] = []

    def emit(placed: dict[int, list[Seg]], top: float, bottom: float) -> None:
        texts = [""] * ncol
        centers: list[Optional[float]] = [None] * ncol
        for k, segs in placed.items():
            segs = sorted(segs, key=lambda s: (round(s.yc / max(size * 0.5, 1)), s.x0))
            lines_of: dict[int, list[Seg]] = {}
            for s in segs:
                lines_of.setdefault(s.line, []).append(s)
            text = ""
            for ln in sorted(lines_of, key=lambda ln: min(s.top for s in lines_of[ln])):
                part = _join([(s.x0, s.text) for s in lines_of[ln]])
                if text and re.search(r"[A-Za-z]$", text) and re.match(r"^[A-Za-z]", part):
                    text += " "
                text += part
            texts[k] = text
            centers[k] = (min(s.x0 for s in segs) + max(s.x1 for s in segs)) / 2
        out_rows.append(texts)
        out_centers.append(centers)
        tops.append(top)
        bottoms.append(bottom)

    # ---- header rows
    if head:
        final_index = {id(c): k for k, c in enumerate(cols)}
        body_cols = [c for c in cols if c.kind != "header"]
        home = {sid: final_index[id(body_cols[k])] for sid, k in attributed.items()}
        for k, c in enumerate(cols):
            if c.kind == "header":
                home.update({id(s): k for s in c.segs})
        # the last header level may share a line with the first body row (类 款 项 beside 合计)
        first_body = {k for k in (cells[body_lines[0]] if body_lines else {}) if cols[k].kind == "left"}
        _header_rows(head, bounds, size, emit, home, first_body)
    for r in row_keys:
        placed: dict[int, list[Seg]] = {}
        segs = []
        for i in members[r]:
            for k, ss in cells[i].items():
                placed.setdefault(k, []).extend(ss)
                segs.extend(ss)
        emit(placed, min(s.top for s in segs), max(s.bottom for s in segs))
    if not out_rows:
        return None
    bbox = (left, min(s.top for s in all_segs) - 1, right, max(s.bottom for s in all_segs) + 1)
    return Grid(rows=out_rows, col_bounds=bounds, row_tops=tops, row_bottoms=bottoms, bbox=bbox,
                centers=out_centers, unruled=True)


def _header_rows(head: list[Seg], bounds: list[float], size: float, emit,
                 home: Optional[dict[int, int]] = None, first_body: Optional[set[int]] = None) -> None:
    home = home or {}
    first_body = first_body or set()
    # 1. words of one line over the same columns are one cell ("项    目" letter-spaced)
    by_line: dict[int, list[Seg]] = {}
    for s in head:
        by_line.setdefault(s.line, []).append(s)
    cells: list[dict] = []
    for ln, segs in by_line.items():
        for s in sorted(segs, key=lambda s: s.x0):
            span = (home[id(s)], home[id(s)]) if id(s) in home else _covered(bounds, s)
            last = cells[-1] if cells and cells[-1]["line"] == ln else None
            if last is not None and last["span"] == span and span[0] == span[1]:
                last["segs"].append(s)
            else:
                cells.append({"line": ln, "span": span, "segs": [s]})
    # 2. a header cell wrapped over lines: the same x centre (or one inside the other), a gap
    #    of less than a line between them
    cells.sort(key=lambda c: min(s.top for s in c["segs"]))
    merged: list[dict] = []
    for c in cells:
        cx0, cx1 = min(s.x0 for s in c["segs"]), max(s.x1 for s in c["segs"])
        ctop = min(s.top for s in c["segs"])
        hit = None
        for m in merged:
            mx0, mx1 = min(s.x0 for s in m["segs"]), max(s.x1 for s in m["segs"])
            mbot = max(s.bottom for s in m["segs"])
            gap = ctop - mbot
            if not (-0.3 * size < gap < 0.6 * size):
                continue
            texts = [s.text for s in m["segs"] + c["segs"]]
            if any(t.replace(" ", "").isdigit() or t in ("栏次", "行次", "甲", "乙") for t in texts):
                continue  # column numbers (栏次 1 2 3) are a row of their own
            mc, cc = (mx0 + mx1) / 2, (cx0 + cx1) / 2
            if abs(mc - cc) <= 0.5 * size or mx0 - 1 <= cc <= mx1 + 1 or cx0 - 1 <= mc <= cx1 + 1:
                if m["span"][0] <= c["span"][1] and c["span"][0] <= m["span"][1]:
                    hit = m
        if hit is not None:
            hit["segs"].extend(c["segs"])
            hit["span"] = (min(hit["span"][0], c["span"][0]), max(hit["span"][1], c["span"][1]))
        else:
            merged.append({"span": c["span"], "segs": list(c["segs"])})
    # 3. header rows: cells whose vertical centres agree
    for m in merged:
        m["yc"] = (min(s.top for s in m["segs"]) + max(s.bottom for s in m["segs"])) / 2
    merged.sort(key=lambda m: m["yc"])
    rows: list[list[dict]] = []
    vertical = [m for m in merged if all(s.line < 0 for s in m["segs"])]
    for m in merged:
        if m in vertical:
            continue
        if rows and m["yc"] - rows[-1][-1]["yc"] <= 0.5 * size:
            rows[-1].append(m)
        else:
            rows.append([m])
    # vertical text (turned by 90°) goes in the row it stands beside
    for m in vertical:
        top, bottom = min(s.top for s in m["segs"]), max(s.bottom for s in m["segs"])
        beside = [row for row in rows if top - 0.5 * size <= row[0]["yc"] <= bottom + 0.5 * size]
        if beside:
            min(beside, key=lambda row: abs(row[0]["yc"] - m["yc"])).append(m)
        else:
            rows.append([m])
            rows.sort(key=lambda row: row[0]["yc"])
    # 4. a cell centred over several free columns that have headers of their own further down
    #    (not counting a 栏次 row of column numbers) spans them: it goes in the first
    def colnum(row: list[dict]) -> bool:
        return all(re.fullmatch(r"\d{1,3}|栏次|行次|甲|乙|丙", s.text.replace(" ", "")) for m in row
                   for s in m["segs"])

    for r, row in enumerate(rows):
        taken = {k for m in row for k in range(m["span"][0], m["span"][1] + 1)}
        below = {k for lower in rows[r + 1:] if not colnum(lower) for m in lower
                 for k in range(m["span"][0], m["span"][1] + 1)} | first_body
        placed: dict[int, list[Seg]] = {}
        for m in row:
            a0, b0 = m["span"]
            x0 = min(s.x0 for s in m["segs"])
            x1 = max(s.x1 for s in m["segs"])
            centre = (x0 + x1) / 2
            own = set(range(a0, b0 + 1))
            best = (a0, b0)
            for a in range(a0, -1, -1):
                if a < a0 and ((a in taken and a not in own) or a not in below):
                    break
                for b in range(b0, len(bounds) - 1):
                    if b > b0 and ((b in taken and b not in own) or b not in below):
                        break
                    lo, hi = bounds[a], bounds[b + 1]
                    if abs(centre - (lo + hi) / 2) <= max(0.05 * (hi - lo), 0.6 * size) and (
                            b - a > best[1] - best[0]):
                        best = (a, b)
            placed.setdefault(best[0], []).extend(m["segs"])
        segs = [s for m in row for s in m["segs"]]
        emit(placed, min(s.top for s in segs), max(s.bottom for s in segs))
