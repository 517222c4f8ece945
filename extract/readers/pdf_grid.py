"""Turn one pdfplumber table (its ruled cells) and the page's characters into an aligned grid.

pdfplumber's own ``extract()`` keeps every x position where *any* rule starts or ends as a column.
Spreadsheet exports draw each cell's border separately, a few points apart, so its grids carry
phantom columns and rows 4–6 pt wide and the same printed column lands at different indices from
row to row. Here the table's cell edges are clustered, narrow strips are removed by dropping their
weaker edge (the one fewer cells share), and each printed cell is placed at the first real row and
column it covers.

Merged cells: the text goes to the FIRST column (and first row) of the span; the other positions
of the span hold '' — so every row has the same number of columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median
from typing import Optional

_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def normalise_text(text: str) -> str:
    """Collapse whitespace; drop spaces next to CJK characters (letter-spacing, '合 计' → '合计')."""
    text = re.sub(r"[^\S\n]+", " ", text.replace("\r", "")).strip()
    return _SPACE_NEAR_CJK.sub("", text)


def chars_to_lines(chars: list[dict], y_tol: float = 3.0) -> list[dict]:
    """Group characters into printed lines: [{'text','top','bottom','x0','x1','size'}], top to bottom."""
    if not chars:
        return []
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
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        parts = []
        prev = None
        for ch in row:
            if prev is not None:
                gap = ch["x0"] - prev["x1"]
                if gap > 0.25 * max(ch.get("size", 10) or 10, 1):
                    parts.append(" ")
            parts.append(ch["text"])
            prev = ch
        lines.append({
            "raw": "".join(parts),
            "top": min(c["top"] for c in row),
            "bottom": max(c["bottom"] for c in row),
            "x0": row[0]["x0"],
            "x1": max(c["x1"] for c in row),
            "size": max((c.get("size") or 0) for c in row),
        })
    return lines


def cell_text(chars: list[dict]) -> str:
    """Text of one cell: its lines joined without separator (a wrap inside a cell is not a space
    in Chinese), spaces kept only between Latin/number tokens on one line."""
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


def _compact(bounds: list[float], strength: dict[float, float], min_width: float) -> list[float]:
    bounds = sorted(bounds)
    while len(bounds) > 2:
        widths = [(bounds[i + 1] - bounds[i], i) for i in range(len(bounds) - 1)]
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
    rws = _compact(rws, ystr, max(3.0, 0.55 * body, 0.6 * typical))
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
    buckets: dict[tuple[int, int], list[dict]] = {}
    for ch in chars:
        mx = (ch["x0"] + ch["x1"]) / 2
        my = (ch["top"] + ch["bottom"]) / 2
        if not (x0 - 1 <= mx <= x1 + 1 and top - 1 <= my <= bottom + 1):
            continue
        anchor = None
        for _, (cx0, ctop, cx1, cbot), a in spans:
            if cx0 - 0.5 <= mx <= cx1 + 0.5 and ctop - 0.5 <= my <= cbot + 0.5:
                anchor = a
                break
        if anchor is None:
            anchor = (_locate(my, rws), _locate(mx, cols))
        buckets.setdefault(anchor, []).append(ch)
    grid = [["" for _ in range(ncol)] for _ in range(nrow)]
    centers: list[list[Optional[float]]] = [[None] * ncol for _ in range(nrow)]
    for (r, c), chs in buckets.items():
        grid[r][c] = cell_text(chs)
        centers[r][c] = (min(ch["x0"] for ch in chs) + max(ch["x1"] for ch in chs)) / 2
    return grid, centers
