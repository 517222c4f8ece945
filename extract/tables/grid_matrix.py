"""A table's grid squared into a matrix of texts (padded, stripped) beside its cells, so every
row has the table's width and every cell its page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from extract.model import Cell, Table


@dataclass
class Grid:
    """A table's grid padded to full width: stripped texts and the cells they came from."""
    texts: list[list[str]]  # padded, stripped
    cells: list[list[Optional[Cell]]]
    width: int

    def page(self, r: int, c: int, default: int) -> int:
        cell = self.cells[r][c]
        if cell is not None:
            return cell.page
        for other in self.cells[r]:
            if other is not None:
                return other.page
        return default


def padded_grid(table: Table) -> Grid:
    """The table's grid as a Grid: each cell at its column, rows padded to one width."""
    width = max((len(row) for row in table.grid), default=0)
    texts, cells = [], []
    for row in table.grid:
        by_col: dict[int, Cell] = {}
        for i, cell in enumerate(row):
            col = cell.col if isinstance(cell.col, int) and 0 <= cell.col < max(width, cell.col + 1) else i
            by_col.setdefault(col, cell)
        w = max([width] + [c + 1 for c in by_col])
        width = max(width, w)
        cells.append([by_col.get(c) for c in range(w)])
        texts.append([(by_col[c].text or "").strip() if c in by_col else "" for c in range(w)])
    for r in range(len(texts)):
        texts[r] += [""] * (width - len(texts[r]))
        cells[r] += [None] * (width - len(cells[r]))
    return Grid(texts, cells, width)
