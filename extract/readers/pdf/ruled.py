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

from bisect import bisect_left, bisect_right
from math import floor
from statistics import median
from typing import Optional

from extract.readers.pdf.grid import AMOUNT_CELL_RE, Grid, locate_in_bounds
from extract.readers.pdf.lines import cell_text


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
    return locate_in_bounds(centre, bounds), locate_in_bounds(centre, bounds)


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
    amount_rows = {i for i, row in enumerate(grid) if any(AMOUNT_CELL_RE.match(t) for t in row)}
    if amount_rows:
        major = {cols[0], cols[-1]}
        for (cx0, ctop, cx1, cbot) in norm_cells:
            if locate_in_bounds((ctop + cbot) / 2, rws) in amount_rows:
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
            for row, crow in zip(grid, centers, strict=False):
                del row[j]
                del crow[j]
            continue
        j += 1
    keep = [i for i, row in enumerate(grid) if any(t for t in row)]
    return Grid(rows=[grid[i] for i in keep], col_bounds=cols,
                row_tops=[rws[i] for i in keep], row_bottoms=[rws[i + 1] for i in keep],
                bbox=(x0, top, x1, bottom), centers=[centers[i] for i in keep])


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
            anchor = (locate_in_bounds(my, rws), locate_in_bounds(mx, cols))
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
        for cell_anchor in anchors:
            counts[cell_anchor] = counts.get(cell_anchor, 0) + 1
        best = max(counts, key=lambda a: (counts[a], -anchors.index(a)))
        for k in range(i - len(run), i):
            out[k] = (out[k][0], best)
    return out
