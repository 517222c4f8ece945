"""The tables of a PDF page and of a document: a page's tables found (ruled, else unruled),
the text around each (title, number label such as 公开01表, unit, unit name, notes, the
"本表无数据" family), and tables continued over pages joined.

Text above each table gives title (letter-spacing removed, wrapped titles joined), number label,
unit and unit name; title/meta rows drawn inside the ruled area are moved out of the grid; text
under it gives notes and the "本表无数据" family (``is_empty``). A title left at the foot of a
page (nothing but its unit line after it) is the title of the first table of the next page.

A table that starts a page without any title above it continues the previous page's table when
it has the same number of columns, repeats its header, or starts with data rows; a repeated
header is dropped and columns are re-aligned by x position when the counts differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from extract.model import Cell, Table
from extract.readers.pdf.glyphs import keep_object
from extract.readers.pdf.grid import AMOUNT_CELL_RE, Grid
from extract.readers.pdf.lines import (
    has_amount,
    chars_to_lines,
    normalise_text,
)
from extract.readers.pdf.ruled import build_grid
from extract.readers.pdf.unruled import unruled_tables
from extract.readers.table_context import (
    CONTINUED_RE,
    EMPTY_IN_GRID_RE,
    EMPTY_MARKER_RE,
    PAGE_NUMBER_RE,
    PART_HEADING_RE,
    TABLE_LABEL_RE,
    TITLE_END_RE,
    is_meta_line,
    is_table_title,
    take_label_unit_and_name,
)


@dataclass
class Piece:
    """One table found on one page: its grid and the title, label, unit and notes around it."""
    page: int
    grid: Grid
    title_lines: list[str] = field(default_factory=list)
    label: Optional[str] = None
    unit: Optional[str] = None
    unit_name: Optional[str] = None
    notes: list[str] = field(default_factory=list)
    empty_marker: bool = False
    below_label: Optional[str] = None  # a "公开04表" printed under the table: belongs to the next
    fresh: bool = False  # a title printed at the foot of the page before: a new table


def classify_lines_above(lines: list[dict], piece: Piece) -> None:
    """Lines above a table (or title rows lifted out of its grid) → title, label, unit, unit name."""
    title_cands: list[dict] = []
    for ln in lines:
        t = normalise_text(ln["raw"])
        if not t or PAGE_NUMBER_RE.match(t):
            continue
        take_label_unit_and_name(piece, t, lambda found: normalise_text(found).strip("：: "))
        rest = TABLE_LABEL_RE.sub("", t).strip().lstrip(":：、.． ").strip()
        if rest and not is_meta_line(rest) and not PART_HEADING_RE.match(rest) and not rest.startswith(("注", "说明")):
            title_cands.append(dict(ln, text=rest))
    if not title_cands:
        return
    titled = [c for c in title_cands if TITLE_END_RE.search(c["text"])]
    if not titled:
        # a title without 表 (rare): only accept a line clearly larger than body text
        big = max(c["size"] for c in title_cands)
        if big >= 13:
            piece.title_lines = [c["text"] for c in title_cands if c["size"] >= big - 0.5][-2:]
        return
    last = titled[-1]
    i = title_cands.index(last)
    chosen = [last]
    # a title wrapped over two lines: the line just above, same size, no gap, not itself a title
    while i > 0:
        prev = title_cands[i - 1]
        gap = chosen[0]["top"] - prev["bottom"]
        if (abs(prev["size"] - last["size"]) <= 1 and gap < 1.2 * last["size"]
                and not TITLE_END_RE.search(prev["text"]) and len(prev["text"]) >= 4
                and not re.search(r"[。；;]$", prev["text"])):
            chosen.insert(0, prev)
            i -= 1
        else:
            break
    piece.title_lines = [c["text"] for c in chosen]


def _lift_title_rows(piece: Piece, chars: list[dict]) -> list[dict]:
    """Title / meta rows drawn inside the ruled area ('收支预算总表', '部门：… 单位：万元')."""
    lifted = []
    g = piece.grid
    while g.rows:
        row = g.rows[0]
        texts = [t for t in row if t]
        joined = " ".join(texts)
        if len(texts) > 3 or any(has_amount(t) for t in texts):
            break
        if not (is_table_title(joined) or is_meta_line(joined) or TABLE_LABEL_RE.fullmatch(joined.replace(" ", ""))):
            break
        band = [c for c in chars if g.row_tops[0] - 1 <= (c["top"] + c["bottom"]) / 2 <= g.row_bottoms[0] + 1]
        lifted.extend(chars_to_lines(band))
        g.rows.pop(0)
        g.row_tops.pop(0)
        g.row_bottoms.pop(0)
    return lifted


def classify_lines_below(lines: list[dict], piece: Piece, is_last_on_page: bool) -> None:
    """Notes and "本表无数据"-type markers printed just under the table (a block of lines that
    starts right under it; the explanation text further down is not the table's)."""
    in_note = False
    last_bottom = piece.grid.bbox[3]
    near = True
    for ln in sorted(lines, key=lambda ln: ln["top"]):
        t = normalise_text(ln["raw"])
        if not t or PAGE_NUMBER_RE.match(t):
            continue
        if is_last_on_page and TABLE_LABEL_RE.fullmatch(t.replace(" ", "")):
            piece.below_label = t.replace(" ", "")
            continue
        size = ln.get("size") or 10
        gap = ln["top"] - last_bottom
        if gap > max(24.0, 2.5 * size):
            near = False
        if not near:
            continue
        if in_note and gap > 0.9 * size:
            in_note = False  # a new paragraph, not the note wrapped onto a second line
        last_bottom = ln["bottom"]
        marker = bool(EMPTY_MARKER_RE.search(t)) and len(t) < 120
        if marker:
            piece.empty_marker = True
        if t.startswith(("注", "说明", "备注")) or (in_note and re.match(r"^\s*[（(]?\d+[.、．)）]", t)):
            piece.notes.append(t)
            in_note = True
        elif in_note and not is_table_title(t) and len(t) < 200 and not TABLE_LABEL_RE.fullmatch(t):
            piece.notes[-1] += t
        elif marker:
            piece.notes.append(t)
        else:
            in_note = False


def _dangling_title(lines: list[dict], below: float, page_no: int) -> Optional[Piece]:
    """A table title printed at the foot of a page (below its last table, or on a page without
    one) with only its label / unit line after it: the title of the table on the next page."""
    tail = [ln for ln in sorted(lines, key=lambda ln: ln["top"]) if ln["top"] >= below - 1]
    tail = [ln for ln in tail if normalise_text(ln["raw"]) and not PAGE_NUMBER_RE.match(normalise_text(ln["raw"]))]
    idx = None
    for i, ln in enumerate(tail):
        t = normalise_text(ln["raw"])
        if is_table_title(t):
            idx = i
        elif idx is not None and not (is_meta_line(t) or TABLE_LABEL_RE.fullmatch(t.replace(" ", ""))):
            idx = None  # text after the title: it titles something on this page
    if idx is None:
        return None
    start = idx
    title_size = tail[idx]["size"]
    while start > 0 and idx - start < 3:
        t = normalise_text(tail[start - 1]["raw"])
        if TABLE_LABEL_RE.fullmatch(t.replace(" ", "")) or (is_meta_line(t) and len(t) < 60) or (
                abs(tail[start - 1]["size"] - title_size) <= 0.5 and title_size >= 12
                and not re.search(r"[。；，]", t) and len(t) <= 40):
            start -= 1
        else:
            break
    piece = Piece(page=page_no, grid=Grid(rows=[], col_bounds=[0.0, 1.0], row_tops=[], bbox=(0, 0, 0, 0)))
    classify_lines_above(tail[start:], piece)
    return piece if piece.title_lines else None


def pieces_of_page(page, page_no: int) -> list[Piece]:
    """The tables of one page; a title left dangling at its foot is ``pieces_of_page.dangling``
    of the returned list (an attribute of the list, None when there is none)."""
    p = page.dedupe_chars().filter(keep_object)
    chars = p.chars
    found = p.find_tables()
    tables = []
    for t in found:
        x0, top, x1, bottom = t.bbox
        if (x1 - x0) < 40 or (bottom - top) < 8 or len(t.cells) < 2:
            continue
        grid = build_grid(t.cells, chars, t.bbox)
        if grid is None or not grid.rows:
            continue
        tables.append(grid)
    tables.sort(key=lambda g: (g.bbox[1], g.bbox[0]))
    # nested / overlapping detections: keep the outer one
    kept: list[Grid] = []
    for g in tables:
        if any(k.bbox[0] - 2 <= g.bbox[0] and g.bbox[2] <= k.bbox[2] + 2 and k.bbox[1] - 2 <= g.bbox[1]
               and g.bbox[3] <= k.bbox[3] + 2 for k in kept):
            continue
        kept.append(g)
    if not kept:
        kept = unruled_tables(p, chars)
    outside = [c for c in chars
               if not any(g.bbox[0] - 1 <= (c["x0"] + c["x1"]) / 2 <= g.bbox[2] + 1
                          and g.bbox[1] - 1 <= (c["top"] + c["bottom"]) / 2 <= g.bbox[3] + 1 for g in kept)]
    lines = chars_to_lines(outside)
    pieces = []
    for k, g in enumerate(kept):
        upper = kept[k - 1].bbox[3] if k else -1
        lower = kept[k + 1].bbox[1] if k + 1 < len(kept) else float("inf")
        piece = Piece(page=page_no, grid=g)
        above = [ln for ln in lines if upper <= ln["top"] and ln["bottom"] <= g.bbox[1] + 2]
        lifted = _lift_title_rows(piece, chars)
        classify_lines_above(above + lifted, piece)
        below = [ln for ln in lines if g.bbox[3] - 2 <= ln["top"] and ln["bottom"] <= lower + 2]
        classify_lines_below(below, piece, is_last_on_page=(k + 1 == len(kept)))
        if not piece.grid.rows:
            continue
        pieces.append(piece)
    out = _PageList(pieces)
    out.dangling = _dangling_title(lines, kept[-1].bbox[3] if kept else -1, page_no)
    return out


class _PageList(list):
    dangling: Optional[Piece] = None


def _realign(grid: Grid, dst_bounds: list[float]) -> list[list[str]]:
    """Place a continuation page's cells in the columns of the table's first page, by the x
    position of each cell's text (tables continue at the same place on the next page)."""
    ndst = len(dst_bounds) - 1
    out = []
    for row, crow in zip(grid.rows, grid.centers, strict=False):
        new = [""] * ndst
        for k, text in enumerate(row):
            if not text:
                continue
            center = crow[k] if crow else None
            x = center if center is not None else (grid.col_bounds[k] + grid.col_bounds[k + 1]) / 2
            j = next((j for j in range(ndst) if x < dst_bounds[j + 1]), ndst - 1)
            new[j] = (new[j] + text) if new[j] else text
        out.append(new)
    return out


def _same_bounds(a: list[float], b: list[float], tol: float = 3.0) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _rows_look_like_data(rows: list[list[str]]) -> bool:
    for row in rows:
        cells = [t for t in row if t]
        if any(AMOUNT_CELL_RE.match(t.replace(" ", "")) for t in cells):
            return True
        if cells and re.fullmatch(r"\d{3}(?:\d{2}){0,2}", cells[0].replace(" ", "")):
            return True
        if any(_NUMBERED_ITEM_RE.match(t) for t in cells):
            return True  # 十四、资源勘探工业信息等支出: an item, not a header
    return False


_NUMBERED_ITEM_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\S")


def _is_continuation(piece: Piece, prev: Optional[Piece], head: Optional[Piece], prev_was_last: bool,
                     first_on_page: bool) -> bool:
    if prev is None or head is None or not first_on_page or not prev_was_last:
        return False
    if piece.page != prev.page + 1:
        return False
    if piece.fresh:
        return False
    title = "".join(piece.title_lines)
    if not title and not piece.label:
        # no title: the table goes on only with the same columns, a repeated header, or data
        # in its first rows (not a new untitled table with other columns)
        same_cols = len(piece.grid.col_bounds) == len(prev.grid.col_bounds)
        repeated = bool(piece.grid.rows) and bool(head.grid.rows) and piece.grid.rows[0] == head.grid.rows[0]
        if not (same_cols or repeated or _rows_look_like_data(piece.grid.rows[:3])):
            return False
    if title or piece.label:
        # "续表", "…（续）" or the same title printed again: the table goes on
        same = bool(title) and CONTINUED_RE.sub("", title).strip() == "".join(head.title_lines)
        if not (CONTINUED_RE.search(title) or (piece.label and CONTINUED_RE.search(piece.label)) or same):
            return False
        if piece.label and head.label and piece.label != head.label:
            return False
    # the same table goes on at about the same width (a framed note is not a continuation); a
    # table without rules is as wide as its words, so rows of figures are enough there
    w_prev = prev.grid.bbox[2] - prev.grid.bbox[0]
    w_next = piece.grid.bbox[2] - piece.grid.bbox[0]
    if abs(w_prev - w_next) > 0.15 * max(w_prev, w_next) and len(piece.grid.col_bounds) != len(prev.grid.col_bounds) \
            and not (piece.grid.unruled and _rows_look_like_data(piece.grid.rows[:3])):
        return False
    return True


def assemble_tables(pieces_by_page: list[tuple[int, list[Piece]]]) -> list[Table]:
    """Join the pieces of all pages into Tables: a piece continued on the next page joins its table."""
    tables: list[Table] = []
    groups: list[list[Piece]] = []
    prev: Optional[Piece] = None
    prev_last = False
    pending_label: Optional[str] = None
    pending_title: Optional[Piece] = None
    for _page_no, pieces in pieces_by_page:
        for k, piece in enumerate(pieces):
            if pending_label and not piece.label and piece.title_lines and k == 0:
                piece.label = pending_label
            pending_label = None
            if pending_title is not None and k == 0 and not piece.title_lines:
                # the title printed at the foot of the page before
                piece.title_lines = list(pending_title.title_lines)
                piece.label = piece.label or pending_title.label
                piece.unit = piece.unit or pending_title.unit
                piece.unit_name = piece.unit_name or pending_title.unit_name
                piece.fresh = True
            pending_title = None
            if _is_continuation(piece, prev, groups[-1][0] if groups else None, prev_last, k == 0):
                groups[-1].append(piece)
            else:
                groups.append([piece])
            prev = piece
            prev_last = (k + 1 == len(pieces))
        if pieces:
            pending_label = pieces[-1].below_label
        else:
            prev_last = False
            pending_label = None
        pending_title = getattr(pieces, "dangling", None)
    for group in groups:
        head = group[0]
        rows = [list(r) for r in head.grid.rows]
        row_pages = [head.page] * len(rows)
        bounds = head.grid.col_bounds
        notes = list(head.notes)
        empty = head.empty_marker
        unit, unit_name = head.unit, head.unit_name
        for cont in group[1:]:
            if _same_bounds(cont.grid.col_bounds, bounds) or len(cont.grid.col_bounds) == len(bounds) and (
                    abs(cont.grid.bbox[2] - cont.grid.bbox[0] - (head.grid.bbox[2] - head.grid.bbox[0])) > 20):
                crow = [list(r) for r in cont.grid.rows]  # same columns (or same count, moved/rescaled)
            else:
                crow = _realign(cont.grid, bounds)
            # a repeated header: drop the leading rows equal to the table's first rows
            n = 0
            while n < len(crow) and n < len(rows) and n < 8 and crow[n] == rows[n]:
                n += 1
            if n and any(has_amount(t) for r in crow[:n] for t in r):
                n = 0
            crow = crow[n:]
            rows.extend(crow)
            row_pages.extend([cont.page] * len(crow))
            notes.extend(cont.notes)
            empty = empty or cont.empty_marker
            unit = unit or cont.unit
        title = "".join(head.title_lines)
        if not empty:
            # markers printed inside the ruled area ("此表为空" as a row)
            if any(EMPTY_IN_GRID_RE.search(t) for r in rows for t in r if t and len(t) < 60):
                empty = True
        grid = [[Cell(text=t, page=row_pages[i], row=i, col=j) for j, t in enumerate(r)]
                for i, r in enumerate(rows)]
        tables.append(Table(
            table_id=len(tables) + 1,
            title=title,
            grid=grid,
            page_from=head.page,
            page_to=group[-1].page,
            unit_as_printed=unit,
            is_empty=empty,
            unit_name=unit_name,
            number_label=head.label,
            notes=notes,
        ))
    return tables
