"""Tables printed without rules: where they are on a page, and their rows.

A table runs from the line under its title / unit line to the next title, label, note (注：…),
empty marker or prose (``unruled_tables``). Its columns come from the x positions of the words
of its body rows (``unruled_columns``); header words join the columns they sit over (a group
header centred over several columns goes in the first), a header cell or a name wrapped over two
lines is one cell (``build_unruled_grid``).
"""

from __future__ import annotations

import re
from statistics import median
from typing import Optional

from extract.readers.pdf.grid import Grid, locate_in_bounds
from extract.readers.pdf.lines import (
    is_rotated,
    line_groups,
    line_raw,
    normalise_text,
)
from extract.readers.pdf.unruled_columns import (
    ROW_START_RE,
    Seg,
    body_columns,
    column_bounds,
    covered_columns,
    overlap,
    spare_header_segments,
    turned_segments,
    column_of_segments,
    is_data_line,
    split_segments,
)
from extract.readers.table_context import (
    CONTINUED_RE,
    EMPTY_MARKER_RE,
    PAGE_NUMBER_RE,
    PART_HEADING_RE,
    TABLE_LABEL_RE,
    is_meta_line,
    is_table_title,
)


def _unruled_line_kind(text: str, segs: list, page_width: float) -> str:
    """table | meta (title, label, unit line: above a table) | stop (notes, prose, page number)."""
    amounts = any(sg.kind == "amount" for sg in segs)
    if PAGE_NUMBER_RE.match(text):
        return "stop"
    if len(segs) >= 2 and segs[-1].x1 - segs[0].x0 > 0.4 * page_width and max(
            b.x0 - a.x1 for a, b in zip(segs, segs[1:], strict=False)) < 0.8 * max(sg.size for sg in segs):
        return "stop"  # a justified line of prose (words and figures set close together)
    if PART_HEADING_RE.match(text):
        return "stop"
    if text.startswith(("注", "说明", "备注")) and not amounts:
        return "stop"
    if not amounts and len(text) < 60 and EMPTY_MARKER_RE.search(text) and len(segs) <= 2:
        return "stop"
    if re.search(r"[。；，]|\d\s*(?:万元|亿元|元)", text):
        return "stop"  # prose: sentences, or figures with their unit (a table states it once)
    if len(segs) == 1 and not amounts and len(text) >= 20 and segs[0].x1 - segs[0].x0 > 0.55 * page_width:
        return "stop"  # a line of prose
    if len(segs) == 1 and not amounts and segs[0].size >= 13 and not is_table_title(text):
        return "stop"  # a heading
    if not amounts and (TABLE_LABEL_RE.fullmatch(text.replace(" ", "")) or is_table_title(text) or is_meta_line(text)
                        or CONTINUED_RE.fullmatch(text)):
        return "meta"
    return "table"


def unruled_tables(p, chars: list[dict]) -> list[Grid]:
    """Tables printed without rules. A table runs from the line under its title / unit line to
    the next title, label, note (注：…), empty marker or prose; its columns come from the x
    positions of the words of its rows (``build_unruled_grid``)."""
    groups = line_groups([c for c in chars if not is_rotated(c)])
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
    for i, (kind, _segs, text) in enumerate(kinds):
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
            if kind == "stop" and not PAGE_NUMBER_RE.match(text):
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
        empty_after = bool(ender) and bool(EMPTY_MARKER_RE.search(ender))
        if not (len(with_amounts) >= 2 or (with_amounts and len(kinds[with_amounts[0]][1]) >= 3)
                or (empty_after and multi)):
            continue
        if not multi or not titled.get(r, False):
            continue  # figures set out in the text, not under a title: no table
        lines = [groups[i] for i in region]
        top = min(c["top"] for g in lines for c in g)
        bottom = max(c["bottom"] for g in lines for c in g)
        turned = [c for c in chars if is_rotated(c) and c["bottom"] >= top - 2 and c["top"] <= bottom + 2]
        try:
            built = build_unruled_grid(lines, turned)
        except (ValueError, IndexError, KeyError, ZeroDivisionError):
            built = None  # an odd layout: no table rather than a failed document
        if built is not None and built.rows:
            grids.append(built)
    return grids


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
        extra = [s for s in turned_segments(turned) if s.yc < body_top]
        head += extra
        all_segs = all_segs + extra
    cols = body_columns(body, size)
    # header words over no body column: columns printed empty
    left = min(s.x0 for s in all_segs) - 1
    right = max(s.x1 for s in all_segs) + 1
    spare, attributed = spare_header_segments(head, cols, left, right, size)
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
            or overlap(s.x0, s.x1, o.x0, o.x1) >= 0.5 * min(s.x1 - s.x0, o.x1 - o.x0) for o in g)), None)
        if hit is None:
            groups.append([s])
        else:
            hit.append(s)
    cols = sorted(cols + [column_of_segments(g, "header") for g in groups], key=lambda c: c.xc)
    if len(cols) < 2:
        return None
    bounds = column_bounds(cols, left, right, hint)
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
                k = locate_in_bounds(s.xc, bounds)
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
        if not ROW_START_RE.match(segs[0].text):
            return True
        # the first line of a cell wrapped and centred in its row: right above a line that
        # leaves its columns empty
        return any(j != i and segs_by_line[j] and abs(yc(j) - yc(i)) < 0.9 * size
                   and not (set(cells[j]) & set(cells[i])) for j in body_lines)

    body_lines = [i for i in body_lines if segs_by_line[i]]
    anchors = [i for i in body_lines if not fragment(i)]
    # the spacing of rows: the lower quartile of the gaps between neighbouring rows (a wrapped
    # row makes a wider gap)
    gaps = sorted(g for g in (yc(b) - yc(a) for a, b in zip(anchors, anchors[1:], strict=False)) if g >= 0.8 * size)
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
            span = (home[id(s)], home[id(s)]) if id(s) in home else covered_columns(bounds, s)
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


def _join(parts: list[tuple[float, str]]) -> str:
    return normalise_text(" ".join(t for _, t in sorted(parts)))
