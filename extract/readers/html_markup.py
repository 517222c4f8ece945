"""``<table>`` markup → the PDF reader's grids; the page's text → one page of ``pages_text``.

A web page is read as a person reads it: blocks (paragraphs, headings, list items, rows) one line
each, in document order, with the data tables in between. Each data table (rows and columns of
cells, no table nested inside: portals lay out pages with tables around tables) becomes a grid:

* rowspan/colspan are expanded as the PDF grids hold a spanning cell: its text in the first row
  and first column of the span, '' in the cells it covers (``pdf.ruled.build_grid`` does the same
  with a merged header cell), so the interpreter reads both alike; columns and rows that are
  empty throughout are dropped, as the PDF grid drops them;
* a cell's text is its lines joined without a separator (a ``<br>`` in "一般公共服务<br>支出" is a
  wrap, not a space), whitespace collapsed, spaces next to CJK dropped;
* the title, number label, unit line ("单位：万元") and unit name come from the lines above the
  table (a ``<caption>``, the paragraphs before it) or from its first rows when the portal drew
  them inside the table; notes ("注：…", "本表无数据") from the lines under it or its last rows —
  classified by the PDF reader's own rules (``pdf.classify_lines_above`` / ``classify_lines_below``), and
  the grids assembled into ``Table``s by its ``assemble_tables``.
"""

from __future__ import annotations

import re
from typing import Optional

from extract.model import Table
from extract.readers.pdf.assembly import assemble_tables, classify_lines_below, classify_lines_above, Piece
from extract.readers.pdf.grid import Grid
from extract.readers.pdf.lines import (
    has_amount,
    normalise_text,
)
from extract.readers.table_context import (
    EMPTY_MARKER_RE,
    TABLE_LABEL_RE,
    is_meta_line,
    is_table_title,
)

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
           "tr", "table", "tbody", "thead", "tfoot", "caption", "section", "article", "header",
           "footer", "nav", "aside", "main", "blockquote", "pre", "form", "center", "address",
           "figure", "figcaption", "hr", "body", "html", "fieldset", "legend"}
_CELLS = {"td", "th"}
_BIG = {"h1", "h2", "h3", "h4", "caption", "strong", "b"}
_FONT_SIZE_RE = re.compile(r"font-size\s*:\s*([\d.]+)\s*(pt|px)", re.I)
_BODY_SIZE = 12.0  # the size a line gets unless it is a heading or set large
_TITLE_SIZE = 16.0
_MAX_SPAN = 1000  # a rowspan/colspan beyond any printed table: a typo, not a layout
_LINES_ABOVE = 6  # lines before a table that may say its title, label, unit
_LINES_BELOW = 6  # lines after it that may be its notes


class _Flow:
    """The page flattened: ('line', text, size) and ('table', element) items in reading order."""

    def __init__(self):
        self.items: list[tuple] = []
        self.buf: list[str] = []
        self.big = False
        self.plain = False  # some of the line's text is not a link

    def text(self, s: Optional[str], big: bool, link: bool = False) -> None:
        if s and s.strip():
            self.buf.append(s)
            self.big = self.big or big
            self.plain = self.plain or not link
        elif s:
            self.buf.append(" ")

    def flush(self) -> None:
        t = normalise_text("".join(self.buf))
        # a line that is nothing but links is the portal's chrome (menus, breadcrumbs, link
        # lists), not the disclosure: "市政府", "市财政局" would pass for a unit's name
        if t and self.plain:
            self.items.append(("line", t, _TITLE_SIZE if self.big else _BODY_SIZE))
        self.buf = []
        self.big = False
        self.plain = False


def _is_big(el, big: bool) -> bool:
    if el.tag in _BIG:
        return True
    m = _FONT_SIZE_RE.search(el.get("style") or "")
    if m:
        size = float(m.group(1)) * (0.75 if m.group(2).lower() == "px" else 1.0)
        return size >= 13.0
    return big


def _walk(el, flow: _Flow, big: bool, link: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "table" and _is_data_table(el):
        flow.flush()
        flow.items.append(("table", el))
        flow.text(el.tail, big, link)
        return
    block = tag in _BLOCKS or tag in _CELLS
    if block:
        flow.flush()
    big_here = _is_big(el, big) if tag else big
    in_link = link or tag == "a"
    flow.text(el.text, big_here, in_link)
    for child in el:
        if isinstance(child.tag, str) and child.tag == "br":
            flow.flush()
            flow.text(child.tail, big_here, in_link)
            continue
        _walk(child, flow, big_here, in_link)
    if block:
        flow.flush()
    flow.text(el.tail, big, link)


def _rows_of(table) -> list:
    return [tr for tr in table.iter("tr")]


def _is_data_table(table) -> bool:
    """A table that prints data: rows of cells, none holding a table of its own (portals lay
    pages out with tables; a one-row breadcrumb bar is no data)."""
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows = _rows_of(table)
    if len(rows) < 2:
        return False
    return max(sum(_span(c, "colspan") for c in tr if c.tag in _CELLS) for tr in rows) >= 2


def _span(cell, attr: str) -> int:
    try:
        n = int(re.sub(r"[^\d]", "", cell.get(attr) or "1") or "1")
    except ValueError:
        n = 1
    return min(max(n, 1), _MAX_SPAN)


def cell_text(cell) -> str:
    """A cell's printed text: its pieces joined (a <br> wraps a line; in Chinese no space)."""
    parts: list[str] = []
    for piece in cell.itertext():
        parts.append(piece.replace("\n", " "))
    return normalise_text("".join(parts))


def expand_grid(table) -> list[list[str]]:
    """The table's rows with spans expanded: a spanning cell's text in its first row and column,
    '' in the cells it covers; rows padded to the widest."""
    rows = _rows_of(table)
    taken: dict[tuple[int, int], str] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in _CELLS:
                continue
            while (r, c) in taken:
                c += 1
            rs = min(_span(cell, "rowspan"), len(rows) - r)
            cs = _span(cell, "colspan")
            text = cell_text(cell)
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = text if dr == dc == 0 else ""
            c += cs
            width = max(width, c)
    grid = [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    grid = [row for row in grid if any(row)]
    keep = [c for c in range(width) if any(row[c] for row in grid)]
    return [[row[c] for c in keep] for row in grid]


def _line(text: str, size: float, top: float) -> dict:
    return {"raw": text, "top": top, "bottom": top + size, "x0": 0.0, "x1": 1.0, "size": size}


def _lift_rows(rows: list[list[str]]) -> tuple[list[str], list[str]]:
    """Title / meta rows drawn as the table's first rows, and note rows drawn as its last: out
    of the grid (the PDF reader lifts title rows drawn inside the ruled area the same way)."""
    head: list[str] = []
    while rows:
        texts = [t for t in rows[0] if t]
        joined = " ".join(texts)
        if len(texts) > 3 or any(has_amount(t) for t in texts):
            break
        if not (is_table_title(joined) or is_meta_line(joined) or TABLE_LABEL_RE.fullmatch(joined.replace(" ", ""))):
            break
        head.append(joined)
        rows.pop(0)
    tail: list[str] = []
    while rows:
        texts = [t for t in rows[-1] if t]
        if len(texts) != 1 or not (texts[0].startswith(("注", "说明", "备注"))
                                   or (EMPTY_MARKER_RE.search(texts[0]) and len(texts[0]) < 120)):
            break
        tail.insert(0, texts[0])
        rows.pop()
    return head, tail


def _piece(table, above: list[tuple], below: list[tuple], is_last: bool) -> Optional[Piece]:
    rows = expand_grid(table)
    head, tail = _lift_rows(rows)
    caption = next((c for c in table.iter("caption")), None)
    lines_above = [(t, s) for t, s in above[-_LINES_ABOVE:]]
    if caption is not None:
        ct = cell_text(caption)
        if ct:
            lines_above.append((ct, _TITLE_SIZE))
    lines_above += [(t, _BODY_SIZE) for t in head]
    if not rows and not tail:
        return None
    ncol = max((len(r) for r in rows), default=1)
    # blocks are spaced wider than a wrapped line: no two paragraphs are joined as one title
    step = 3 * _TITLE_SIZE
    bbox_top = step * (len(lines_above) + 1)
    bbox_bottom = bbox_top + 10.0 * max(1, len(rows))
    grid = Grid(rows=rows, col_bounds=[float(c) for c in range(ncol + 1)],
                row_tops=[bbox_top + 10.0 * i for i in range(len(rows))],
                bbox=(0.0, bbox_top, float(ncol), bbox_bottom),
                row_bottoms=[bbox_top + 10.0 * (i + 1) for i in range(len(rows))])
    piece = Piece(page=1, grid=grid)
    classify_lines_above([_line(t, s, step * i) for i, (t, s) in enumerate(lines_above)], piece)
    below_lines = [(t, _BODY_SIZE) for t in tail] + list(below[:_LINES_BELOW])
    classify_lines_below([_line(t, s, bbox_bottom + 2.0 * s * (i + 1) - s)
                          for i, (t, s) in enumerate(below_lines)], piece, is_last_on_page=is_last)
    return piece


def read_markup(root) -> tuple[list[str], list[Table]]:
    """(pages_text: the page's printed text as one page, the tables of its <table> markup)."""
    flow = _Flow()
    body = root.find("body")
    _walk(body if body is not None else root, flow, False)
    flow.flush()
    items = flow.items
    table_at = [k for k, it in enumerate(items) if it[0] == "table"]
    pieces: list[Piece] = []
    for n, k in enumerate(table_at):
        start = table_at[n - 1] + 1 if n else 0
        end = table_at[n + 1] if n + 1 < len(table_at) else len(items)
        above = [(it[1], it[2]) for it in items[start:k]]
        below = [(it[1], it[2]) for it in items[k + 1:end]]
        piece = _piece(items[k][1], above, below, is_last=(n + 1 == len(table_at)))
        if piece is not None:
            pieces.append(piece)
    lines: list[str] = []
    for it in items:
        if it[0] == "line":
            lines.append(it[1])
        else:
            lines.extend(" ".join(t for t in row if t) for row in expand_grid(it[1]))
    tables = assemble_tables([(1, pieces)]) if pieces else []
    return ["\n".join(ln for ln in lines if ln)], tables
