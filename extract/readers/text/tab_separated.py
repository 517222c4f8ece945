"""Tab-separated conversions: one printed row per line, cells split on ``\\t`` keeping empties
(a blank line inside a table is a page break, see ``pages``)."""

from __future__ import annotations

from collections import Counter

from extract.model import Cell
from extract.readers.text.lines import TableDraft, fit_width
from extract.textnorm import clean_cell


def tab_separated_grid(b: TableDraft) -> list[list[Cell]]:
    """The grid of a table whose cells are separated by tabs."""
    rows = [[clean_cell(x) for x in ln.raw.rstrip("\n").split("\t")] for ln in b.rows]
    pages = [ln.page for ln in b.rows]
    if not rows:
        return []
    if b.is_performance:
        width = max(len(r) for r in rows)
    else:
        width = Counter(len(r) for r in rows).most_common(1)[0][0]
    out = []
    for r, (cells, pg) in enumerate(zip(rows, pages, strict=True)):
        cells = fit_width(cells, width)
        out.append([Cell(text=t, page=pg, row=r, col=j) for j, t in enumerate(cells)])
    return out
